"""load_package: a directory or zip in the Kattis / ICPC problem package format."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

from .archive import MAX_FILES, unpack_zip
from .metadata import Metadata, apply_domjudge_conventions, load_yaml, parse_problem_yaml
from .model import PackageError, ProblemPackage, ValidatorSource
from .scoring_config import scoring_from
from .statement import find_statement
from .submissions import collect_submissions
from .testdata import collect_tests
from .validators import find_validator

_ZIP_SUFFIXES = (".zip", ".kpp")


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "problem"


def load_package(
    path: Path, *, max_unpacked_bytes: int = 1 << 30, max_files: int = MAX_FILES
) -> ProblemPackage:
    """Parse the problem package at ``path``: a directory, or a ``.zip``/``.kpp`` file
    unpacked into a temporary directory (removed before returning) under the limits of
    :func:`verification.problem_package.archive.unpack_zip`.

    Raises PackageError, with one line naming the file at fault, for anything that
    cannot be imported as it stands; things merely ignored are listed in ``warnings``.
    """
    path = Path(path)
    if not path.exists():
        raise PackageError(f"{path}: no such file or directory")
    if path.is_dir():
        return _load_directory(path, slugify(path.resolve().name))
    if path.is_file() and (path.suffix.lower() in _ZIP_SUFFIXES or zipfile.is_zipfile(path)):
        with tempfile.TemporaryDirectory(prefix="scalebox-package-") as scratch:
            root = unpack_zip(
                path, Path(scratch), max_unpacked_bytes=max_unpacked_bytes, max_files=max_files
            )
            return _load_directory(root, slugify(path.stem))
    raise PackageError(f"{path}: not a directory or a .zip problem package")


def _load_directory(root: Path, short_name: str) -> ProblemPackage:
    meta = _metadata(root)
    warnings = list(meta.warnings)
    validator = find_validator(root, meta, warnings)
    _interaction_check(meta, validator)
    tests, test_warnings, layout = collect_tests(root, meta)
    warnings += test_warnings
    scoring = scoring_from(meta, layout, warnings)
    submissions = collect_submissions(root, meta, warnings)
    statement, statement_title = find_statement(root)
    return ProblemPackage(
        short_name=short_name,
        title=meta.title or statement_title or short_name,
        statement=statement,
        format_version=meta.format_version,
        time_limit_s=meta.time_limit_s,
        time_limit_source=meta.time_limit_source,
        time_multiplier=meta.time_multiplier,
        time_safety_margin=meta.time_safety_margin,
        memory_limit_mb=meta.memory_limit_mb,
        output_limit_kb=meta.output_limit_kb,
        validation=meta.validation,
        validator_flags=meta.validator_flags,
        validator=validator,
        tests=tests,
        submissions=submissions,
        provenance=dict(meta.provenance),
        time_resolution_s=meta.time_resolution_s,
        interactive=meta.interactive,
        validation_passes=meta.validation_passes if meta.multi_pass else 1,
        scoring=scoring,
        warnings=tuple(warnings),
    )


def _interaction_check(meta: Metadata, validator: ValidatorSource | None) -> None:
    """An interactive or multi-pass problem is judged by its own output validator, in
    the Kattis protocol (the interactor, or the validator that writes nextpass.in)."""
    kinds = [
        k for k, on in (("interactive", meta.interactive), ("multi-pass", meta.multi_pass)) if on
    ]
    if not kinds:
        return
    kind = " and ".join(kinds)
    if validator is None:
        raise PackageError(
            f"problem.yaml: {kind} problems are judged by their own output validator "
            "(output_validator/ or output_validators/), and the package has none"
        )
    if validator.protocol != "kattis":
        raise PackageError(
            f"{validator.entry}: the output validator of {kind} problems must follow the "
            f"Kattis protocol (input answer feedback_dir, exit 42/43), not {validator.protocol}"
        )


def _metadata(root: Path) -> Metadata:
    problem_yaml = root / "problem.yaml"
    raw = load_yaml(root, problem_yaml, "problem.yaml") if problem_yaml.is_file() else None
    meta = parse_problem_yaml(raw)
    apply_domjudge_conventions(root, meta)
    return meta
