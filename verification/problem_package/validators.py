"""The package's output validator: where it is, its language, protocol and entry file."""

from __future__ import annotations

import re
from pathlib import Path

from verification.executors import language_for_extension

from .files import read_inside, relative_label, visible_children, walk_files
from .metadata import LEGACY, V2023_07, Metadata
from .model import PackageError, ValidatorSource

_SOURCE_LANGUAGES = {
    ".cpp": "cpp",
    ".cc": "cpp",
    ".cxx": "cpp",
    ".c++": "cpp",
    ".c": "c",
    ".py": "python",
}
_C_FAMILY = (".cpp", ".cc", ".cxx", ".c++", ".c", ".h", ".hpp", ".hh", ".hxx")
_TESTLIB_INCLUDE = re.compile(rb'#\s*include\s*[<"]testlib\.h[>"]')
_C_MAIN = re.compile(rb"\bmain\s*\(")


def find_validator(root: Path, meta: Metadata, warnings: list[str]) -> ValidatorSource | None:
    """The custom output validator, or None when the default one applies.

    legacy: ``validation: custom`` requires ``output_validators/`` holding one program
    (a file, or a directory of files). 2025-09: the directory ``output_validator/`` is
    the program, and its presence alone makes validation custom. 2023-07-draft: as
    2025-09, except that ``output_validator/`` holding only one subdirectory has that
    subdirectory as the program (problemtools' reading), and a package with only the
    legacy ``output_validators/`` has it read as in legacy, with a warning.
    """
    if meta.format_version == LEGACY:
        directory = root / "output_validators"
        if meta.validation != "custom":
            if directory.is_dir() and visible_children(directory):
                warnings.append("output_validators/: ignored because validation is 'default'")
            return None
        if not directory.is_dir():
            raise PackageError(
                "problem.yaml: validation is 'custom' but there is no output_validators/ directory"
            )
        return _only_program(root, directory, "validation is 'custom'", warnings)
    if meta.format_version == V2023_07:
        return _find_2023_07_validator(root, meta, warnings)
    directory = root / "output_validator"
    if (root / "output_validators").is_dir():
        warnings.append("output_validators/: legacy directory ignored in a 2025-09 package")
    if not directory.is_dir():
        return None
    if not visible_children(directory):
        warnings.append("output_validator/: empty, default validation used")
        return None
    meta.validation = "custom"
    return _program(root, directory)


def _find_2023_07_validator(
    root: Path, meta: Metadata, warnings: list[str]
) -> ValidatorSource | None:
    directory = root / "output_validator"
    legacy_directory = root / "output_validators"
    if not directory.is_dir():
        if not legacy_directory.is_dir() or not visible_children(legacy_directory):
            return None
        warnings.append(
            "output_validators/: legacy directory name, read as output_validator/ (2023-07-draft)"
        )
        meta.validation = "custom"
        return _only_program(
            root, legacy_directory, "it is the output validator directory", warnings
        )
    if legacy_directory.is_dir():
        warnings.append("output_validators/: ignored, output_validator/ is read (2023-07-draft)")
    entries = visible_children(directory)
    if not entries:
        warnings.append("output_validator/: empty, default validation used")
        return None
    meta.validation = "custom"
    programs = [entry for entry in entries if _is_program(root, entry)]
    if len(programs) == 1 and programs[0].is_dir():
        for entry in entries:
            if entry != programs[0]:
                warnings.append(f"{relative_label(root, entry)}: beside the validator, ignored")
        return _program(root, programs[0])
    return _program(root, directory)


def _is_program(root: Path, entry: Path) -> bool:
    """Whether ``entry`` of a validators directory is a program, as problemtools decides:
    a file in a language it knows by its extension (so not ``validate.ctd.template``, a
    README or a header), or a directory with a ``build``/``run`` script or such a file."""
    if entry.is_file():
        return _source_language(entry.name) is not None
    return any(
        path.name in ("build", "run") or _source_language(path.name) is not None
        for path in walk_files(root, entry)
    )


def _source_language(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    return _SOURCE_LANGUAGES.get(suffix) or language_for_extension(suffix)


def _only_program(
    root: Path, directory: Path, why: str, warnings: list[str] | None = None
) -> ValidatorSource:
    """The one program (a file, or a directory of files) in ``directory``; entries that
    are not programs (templates, notes) are ignored with a warning."""
    label = relative_label(root, directory)
    entries = visible_children(directory)
    if not entries:
        raise PackageError(f"{label}/: empty, but {why}")
    programs = [entry for entry in entries if _is_program(root, entry)] or entries
    for entry in entries:
        if entry not in programs and warnings is not None:
            warnings.append(f"{label}/{entry.name}: not a program, ignored")
    if len(programs) > 1:
        names = ", ".join(program.name for program in programs)
        raise PackageError(
            f"{label}/: more than one output validator ({names}); only one is supported"
        )
    program = programs[0]
    if program.is_dir():
        return _program(root, program)
    return _program_from_files(root, {program.name: read_inside(root, program)}, program)


def _program(root: Path, directory: Path) -> ValidatorSource:
    files = {
        path.relative_to(directory).as_posix(): read_inside(root, path)
        for path in walk_files(root, directory)
    }
    if not files:
        raise PackageError(f"{relative_label(root, directory)}/: holds no files")
    return _program_from_files(root, files, directory)


def _program_from_files(root: Path, files: dict[str, bytes], where: Path) -> ValidatorSource:
    label = relative_label(root, where)
    protocol = "kattis"
    for name, content in files.items():
        if name.endswith(_C_FAMILY) and _TESTLIB_INCLUDE.search(content):
            protocol = "testlib"
    if "build" in files or "run" in files:
        entry = "build" if "build" in files else "run"
        return ValidatorSource(protocol=protocol, language="script", files=files, entry=entry)
    by_language: dict[str, list[str]] = {}
    for name in sorted(files):
        suffix = Path(name).suffix.lower()
        if suffix in _SOURCE_LANGUAGES:
            by_language.setdefault(_SOURCE_LANGUAGES[suffix], []).append(name)
    for language in ("cpp", "c", "python"):
        if language in by_language:
            entry = _entry(language, by_language[language], files, label)
            return ValidatorSource(protocol=protocol, language=language, files=files, entry=entry)
    raise PackageError(
        f"{label}: no validator source (.cpp, .cc, .c or .py) and no build/run script"
    )


def _entry(language: str, sources: list[str], files: dict[str, bytes], label: str) -> str:
    if len(sources) == 1:
        return sources[0]
    if language == "python":
        for candidate in ("__main__.py", "main.py"):
            if candidate in sources:
                return candidate
        raise PackageError(f"{label}: several Python files and no __main__.py to start from")
    with_main = [name for name in sources if _C_MAIN.search(files[name])]
    if len(with_main) == 1:
        return with_main[0]
    raise PackageError(
        f"{label}: cannot tell the main source file ({len(with_main)} of {len(sources)} "
        "files define main)"
    )
