"""submissions/: reference solutions and what each is expected to get."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from verification.executors import language_for_extension, language_named

from .files import read_inside, relative_label, visible_children, walk_files
from .metadata import LEGACY, V2023_07, Metadata, load_yaml
from .model import PackageError, ReferenceSolution
from .python2 import python2_reason

# Extensions the format gives to a language other than the executors': ".pl" is Prolog
# in problem packages, not Perl.
_PACKAGE_EXTENSIONS = {".pl": "prolog"}


def submission_language(path: Path) -> str | None:
    """The language of a submission's source file, by its extension (None: not a source)."""
    extension = path.suffix.lower()
    if extension in _PACKAGE_EXTENSIONS:
        return _PACKAGE_EXTENSIONS[extension]
    return language_for_extension(extension)


_VERDICT_ORDER = ("AC", "WA", "TLE", "RE", "OLE", "MLE", "CE")
_ALL_CASE_VERDICTS = ("AC", "WA", "TLE", "RE")
_FORMAT_VERDICTS = {"AC": "AC", "WA": "WA", "TLE": "TLE", "RTE": "RE"}

# The directory defaults of the 2025-09 format (its "Default directories" table).
_DEFAULT_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "accepted": {"permitted": ("AC",)},
    "rejected": {"required": ("RE", "TLE", "WA")},
    "wrong_answer": {"permitted": ("AC", "WA"), "required": ("WA",)},
    "time_limit_exceeded": {"permitted": ("AC", "TLE"), "required": ("TLE",)},
    "run_time_error": {"permitted": ("AC", "RE"), "required": ("RE",)},
    "brute_force": {"permitted": ("AC", "RE", "TLE"), "required": ("RE", "TLE")},
}
# Overall (first failing case) verdicts implied by a directory name, both formats.
_DIRECTORY_VERDICTS = {
    "accepted": ("AC",),
    "partially_accepted": ("AC",),
    "wrong_answer": ("WA",),
    "time_limit_exceeded": ("TLE",),
    "run_time_error": ("RE",),
    "rejected": ("WA", "TLE", "RE"),
    "brute_force": ("TLE", "RE"),
}

# Every spelling of an @EXPECTED_RESULTS@ value in use, after upper-casing and "_" -> "-":
# DOMjudge's results (CORRECT, TIMELIMIT, ...), the newer words DOMjudge and BAPCtools
# remap to them (ACCEPTED, TIME_LIMIT_EXCEEDED, ...), and the short verdict names.
# NO-OUTPUT is a wrong answer (empty output); CHECK-MANUALLY expects no verdict at all.
EXPECTED_RESULTS: dict[str, str | None] = {
    **dict.fromkeys(("CORRECT", "ACCEPTED", "AC"), "AC"),
    **dict.fromkeys(("WRONG-ANSWER", "WA", "NO-OUTPUT", "NO"), "WA"),
    **dict.fromkeys(("TIMELIMIT", "TIME-LIMIT-EXCEEDED", "TIME-LIMIT", "TLE"), "TLE"),
    **dict.fromkeys(("RUN-ERROR", "RUN-TIME-ERROR", "RUNTIME-ERROR", "RTE", "RE"), "RE"),
    **dict.fromkeys(("MEMORY-LIMIT", "MEMORY-LIMIT-EXCEEDED", "MLE"), "MLE"),
    **dict.fromkeys(("OUTPUT-LIMIT", "OUTPUT-LIMIT-EXCEEDED", "OLE"), "OLE"),
    **dict.fromkeys(("COMPILER-ERROR", "COMPILE-ERROR", "CE"), "CE"),
    "CHECK-MANUALLY": None,
}
_EXPECTED_NAMES = {
    "AC": "accepted",
    "WA": "wrong_answer",
    "TLE": "time_limit_exceeded",
    "RE": "run_time_error",
    "MLE": "memory_limit_exceeded",
    "OLE": "output_limit_exceeded",
    "CE": "compile_error",
}
_EXPECTED_HEADER = re.compile(
    rb"@EXPECTED_RESULTS@\s*:?[ \t]*([A-Za-z_\-]+(?:[ \t]*,[ \t]*[A-Za-z_\-]+)*)"
)


def collect_submissions(
    root: Path, meta: Metadata, warnings: list[str]
) -> tuple[ReferenceSolution, ...]:
    """One ReferenceSolution per program in ``submissions/<directory>/``.

    A program is a source file, or a directory holding exactly one source file.
    Expectations come from the directory name, then (2023-07-draft, 2025-09) from the
    rules of ``submissions/submissions.yaml`` whose glob matches the path or a parent of
    it, then from an ``@EXPECTED_RESULTS@:`` header in the source, which wins when present.

    2023-07-draft solutions are verified as problemtools verifies them: by their overall
    verdict (the first case not accepted), not case by case. The rules only set that
    verdict, so their ``permitted``/``required`` are not kept on the solution.
    """
    directory = root / "submissions"
    if not directory.is_dir():
        return ()
    rules = _read_rules(directory) if meta.format_version != LEGACY else []
    if meta.format_version == V2023_07 and any(
        rule.permitted is not None or rule.required is not None for rule in rules
    ):
        warnings.append(
            "submissions/submissions.yaml: 2023-07-draft: permitted/required give only "
            "the expected overall verdict (the first case not accepted), as problemtools checks"
        )
    solutions: list[ReferenceSolution] = []
    for category in visible_children(directory):
        if not category.is_dir():
            if category.name != "submissions.yaml":
                warnings.append(f"submissions/{category.name}: not in a subdirectory, ignored")
            continue
        for program in visible_children(category):
            found = _program_file(root, program, warnings)
            if found is None:
                continue
            source_path, language = found
            path = relative_label(directory, source_path)
            source = read_inside(root, source_path)
            python2 = python2_reason(source) if language == "python" else None
            if python2 is not None:
                warnings.append(f"submissions/{path}: a Python 2 program ({python2}), ignored")
                continue
            solution = _solution(
                path=path,
                program=relative_label(directory, program),
                category=category.name,
                language=language,
                source=source,
                rules=rules,
                legacy=meta.format_version == LEGACY,
                per_case=meta.format_version != V2023_07,
                warnings=warnings,
            )
            solutions.append(solution)
    return tuple(solutions)


def _program_file(root: Path, program: Path, warnings: list[str]) -> tuple[Path, str] | None:
    label = relative_label(root, program)
    if program.is_file():
        language = submission_language(program)
        if language is None:
            warnings.append(f"{label}: unknown language, ignored")
            return None
        return program, language
    sources = [
        (path, language)
        for path in walk_files(root, program)
        if (language := submission_language(path)) is not None
    ]
    if len(sources) != 1:
        warnings.append(
            f"{label}/: a submission of {len(sources)} source files is not supported, ignored"
        )
        return None
    return sources[0]


@dataclass
class _Rule:
    pattern: re.Pattern[str]
    key: str
    permitted: tuple[str, ...] | None = None
    required: tuple[str, ...] | None = None
    language: str | None = None
    score: tuple[float, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _solution(
    *,
    path: str,
    program: str,
    category: str,
    language: str,
    source: bytes,
    rules: list[_Rule],
    legacy: bool,
    per_case: bool,
    warnings: list[str],
) -> ReferenceSolution:
    header = expected_results_header(source, f"submissions/{path}", warnings)
    permitted: tuple[str, ...] = ()
    required: tuple[tuple[str, ...], ...] = ()
    verdicts = _DIRECTORY_VERDICTS.get(category, ())
    if not legacy:
        permitted, required, language_override, applied = _apply_rules(category, program, rules)
        if language_override:
            language = language_named(language_override) or language_override
        if applied:
            verdicts = _verdicts_from(permitted, required)
        if not per_case:
            permitted, required = (), ()
    expected = category
    if header is not None:
        verdicts = header
        expected = _expected_name(header)
        permitted, required = (), ()
    if not verdicts and header is None:
        warnings.append(f"submissions/{path}: expected result unknown for {category!r}")
    score = _rules_score(program, rules)
    score_header = expected_score_header(source, f"submissions/{path}")
    return ReferenceSolution(
        path=path,
        language=language,
        source=source,
        expected=expected,
        expected_verdicts=verdicts,
        permitted=permitted,
        required=required,
        expected_score=score_header or score,
    )


_EXPECTED_SCORE = re.compile(rb"@EXPECTED_SCORE@\s*:?[ \t]*\[?([-+0-9.eE]+(?:[ \t,]+[-+0-9.eE]+)?)")


def expected_score_header(source: bytes, label: str) -> tuple[float, float] | None:
    """``@EXPECTED_SCORE@: 40`` (or a range, ``@EXPECTED_SCORE@: [30, 40]``) in the
    source: the score the solution must get, as [low, high]; None without one."""
    match = _EXPECTED_SCORE.search(source)
    if match is None:
        return None
    words = match.group(1).decode("ascii").replace(",", " ").split()
    try:
        return score_bounds([float(w) for w in words] if len(words) > 1 else float(words[0]), label)
    except ValueError:
        raise PackageError(f"{label}: @EXPECTED_SCORE@ must be a number or two numbers") from None


def score_bounds(value: Any, where: str) -> tuple[float, float]:
    """A submission's expected ``score``: one number, or an inclusive range [low, high]."""
    numbers = value if isinstance(value, list) else [value]
    if (
        len(numbers) not in (1, 2)
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers)
        or not all(math.isfinite(n) for n in numbers)
    ):
        raise PackageError(f"{where} must be a number or a list of two numbers, got {value!r}")
    low, high = float(numbers[0]), float(numbers[-1])
    if low > high:
        raise PackageError(f"{where}: the low end is above the high end in {value!r}")
    return low, high


def _rules_score(program: str, rules: list[_Rule]) -> tuple[float, float] | None:
    """The ``score`` of the last rule of submissions.yaml matching the program (or a
    directory holding it)."""
    targets = [program, *(p.as_posix() for p in PurePosixPath(program).parents if p.name)]
    found = None
    for rule in rules:
        if rule.score is not None and any(rule.pattern.fullmatch(t) for t in targets):
            found = rule.score
    return found


def expected_results_header(
    source: bytes, label: str, warnings: list[str]
) -> tuple[str, ...] | None:
    """DOMjudge's ``@EXPECTED_RESULTS@: WRONG-ANSWER, TIMELIMIT`` in our verdicts, or None
    when the source has no such header.

    Values are read in any case, with ``_`` or ``-`` between words. A value not known is
    a warning on this submission and is left out; ``CHECK-MANUALLY`` (a human decides)
    adds no verdict. A header with no known verdict left gives ``()``: nothing to check.
    """
    match = _EXPECTED_HEADER.search(source)
    if match is None:
        return None
    verdicts: list[str] = []
    for word in match.group(1).decode("ascii").split(","):
        name = word.strip().upper().replace("_", "-")
        if name not in EXPECTED_RESULTS:
            warnings.append(
                f"{label}: unknown @EXPECTED_RESULTS@ value {word.strip()!r} ignored "
                f"(known: {', '.join(EXPECTED_RESULTS)})"
            )
            continue
        verdict = EXPECTED_RESULTS[name]
        if verdict is None:
            warnings.append(f"{label}: @EXPECTED_RESULTS@ {word.strip()!r}: not checked")
        elif verdict not in verdicts:
            verdicts.append(verdict)
    return _canonical(verdicts)


def _expected_name(verdicts: tuple[str, ...]) -> str:
    if not verdicts:
        return "unchecked"
    if len(verdicts) == 1:
        return _EXPECTED_NAMES[verdicts[0]]
    return "mixed" if "AC" in verdicts else "rejected"


def _canonical(verdicts: Any) -> tuple[str, ...]:
    return tuple(verdict for verdict in _VERDICT_ORDER if verdict in set(verdicts))


def _verdicts_from(
    permitted: tuple[str, ...], required: tuple[tuple[str, ...], ...]
) -> tuple[str, ...]:
    """Overall verdicts possible when every case is in ``permitted`` and each
    ``required`` set is hit by some case: AC only if no required set excludes it."""
    possible = set(permitted or _ALL_CASE_VERDICTS)
    if any("AC" not in needed for needed in required):
        possible.discard("AC")
    return _canonical(possible)


def _apply_rules(
    category: str, program: str, rules: list[_Rule]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str | None, bool]:
    targets = [program]
    parent = PurePosixPath(program).parent
    while parent != PurePosixPath("."):
        targets.append(parent.as_posix())
        parent = parent.parent
    default = dict(_DEFAULT_RULES.get(category, {}))
    applied = bool(default)
    constraints: list[dict[str, tuple[str, ...]]] = []
    language: str | None = None
    for rule in rules:
        if not any(rule.pattern.fullmatch(target) for target in targets):
            continue
        applied = True
        if rule.language:
            language = rule.language
        overrides = {
            name: value
            for name, value in (("permitted", rule.permitted), ("required", rule.required))
            if value is not None
        }
        if rule.key == category:
            default.update(overrides)
        elif overrides:
            constraints.append(overrides)
    constraints.insert(0, default)
    permitted: set[str] | None = None
    required: list[tuple[str, ...]] = []
    for constraint in constraints:
        if "permitted" in constraint:
            allowed = set(constraint["permitted"])
            permitted = allowed if permitted is None else permitted & allowed
        if "required" in constraint:
            required.append(_canonical(constraint["required"]))
    return _canonical(permitted or ()), tuple(required), language, applied


def _read_rules(directory: Path) -> list[_Rule]:
    config = directory / "submissions.yaml"
    if not config.is_file():
        return []
    label = "submissions/submissions.yaml"
    raw = load_yaml(directory.parent, config, label)
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise PackageError(f"{label}: must be a mapping of glob patterns, got {type(raw).__name__}")
    rules: list[_Rule] = []
    for key, body in raw.items():
        if not isinstance(key, str) or not isinstance(body, dict):
            raise PackageError(f"{label}: {key!r} must map to a mapping of keys, got {body!r}")
        rule = _Rule(pattern=glob_pattern(key), key=key.strip("/"))
        for name, value in body.items():
            if name == "permitted":
                rule.permitted = _verdict_list(value, f"{label} {key}.permitted")
            elif name == "required":
                rule.required = _verdict_list(value, f"{label} {key}.required")
            elif name == "score":
                rule.score = score_bounds(value, f"{label} {key}.score")
            elif name == "language":
                if not isinstance(value, str):
                    raise PackageError(f"{label} {key}.language must be a string, got {value!r}")
                rule.language = value.lower()
            else:
                # Other keys (authors, score, per-test-group constraints) do not change
                # what the solution is expected to get overall.
                rule.extra[name] = value
        rules.append(rule)
    return rules


def _verdict_list(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise PackageError(f"{where} must be a list of verdicts, got {value!r}")
    verdicts = []
    for item in items:
        if item.upper() not in _FORMAT_VERDICTS:
            raise PackageError(
                f"{where}: unknown verdict {item!r} (expected some of AC, WA, TLE, RTE)"
            )
        verdicts.append(_FORMAT_VERDICTS[item.upper()])
    return _canonical(verdicts)


def _expand_braces(pattern: str) -> list[str]:
    start = pattern.find("{")
    if start < 0:
        return [pattern]
    depth = 0
    for end in range(start, len(pattern)):
        if pattern[end] == "{":
            depth += 1
        elif pattern[end] == "}":
            depth -= 1
            if depth == 0:
                break
    else:
        return [pattern]
    options: list[str] = []
    depth, begin = 0, start + 1
    for index in range(start + 1, end):
        char = pattern[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            options.append(pattern[begin:index])
            begin = index + 1
    options.append(pattern[begin:end])
    head, tail = pattern[:start], pattern[end + 1 :]
    return [expanded for option in options for expanded in _expand_braces(head + option + tail)]


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """The format's globs: ``*`` within one path component, ``{a,b}`` alternatives."""
    alternatives = []
    for expanded in _expand_braces(pattern.strip("/")):
        alternatives.append("[^/]*".join(re.escape(part) for part in expanded.split("*")))
    return re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))
