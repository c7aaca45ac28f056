"""problem.yaml, domjudge-problem.ini and .timelimit: the package's metadata."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import read_inside
from .model import PackageError

LEGACY = "legacy"
V2023_07 = "2023-07-draft"
V2025_09 = "2025-09"
# problemtools also takes "2023-07" for the draft; both are recorded as "2023-07-draft".
_VERSIONS = {
    "legacy": LEGACY,
    "legacy-icpc": LEGACY,
    "2023-07-draft": V2023_07,
    "2023-07": V2023_07,
    "2025-09": V2025_09,
}

# Defaults from the format specifications (limits section of each version).
LEGACY_TIME_MULTIPLIER = 5.0
LEGACY_TIME_SAFETY_MARGIN = 2.0
AC_TO_TIME_LIMIT = 2.0
TIME_LIMIT_TO_TLE = 1.5
TIME_RESOLUTION = 1.0
# limits.memory when problem.yaml gives none: the "typical system default" every version of
# the format names (legacy, 2023-07-draft, 2025-09), not ScaleBox's own default, so that a
# package's solutions get the memory their authors tested them with.
FORMAT_MEMORY_LIMIT_MB = 2048

_UNSUPPORTED_TYPES = {"submit-answer"}
_KNOWN_TYPES = {"pass-fail", "scoring", "interactive", "multi-pass", *_UNSUPPORTED_TYPES}
# limits.validation_passes when a multi-pass problem gives none (every version of the format).
VALIDATION_PASSES = 2
_COMMON_KEYS = {
    "problem_format_version",
    "type",
    "name",
    "uuid",
    "source",
    "license",
    "rights_owner",
    "limits",
    "keywords",
}
_LEGACY_KEYS = _COMMON_KEYS | {
    "author",
    "source_url",
    "validation",
    "validator_flags",
    "grading",
    "languages",
}
_V2025_KEYS = _COMMON_KEYS | {
    "version",
    "credits",
    "embargo_until",
    "languages",
    "allow_file_writing",
    "constants",
}
# The keys problemtools' Metadata2023_07 accepts are those of 2025-09; legacy leftovers
# are read with their own warnings (see _parse_2023_07_leftovers).
_V2023_KEYS = _V2025_KEYS
_LEGACY_LEFTOVERS = ("validation", "validator_flags")
_LIMIT_NUMBERS = {
    "code",
    "compilation_time",
    "compilation_memory",
    "validation_time",
    "validation_memory",
    "validation_output",
    "validation_passes",
}


@dataclass
class Metadata:
    format_version: str = LEGACY
    title: str | None = None
    time_limit_s: float | None = None
    time_limit_source: str = ""
    time_multiplier: float = LEGACY_TIME_MULTIPLIER
    time_safety_margin: float = LEGACY_TIME_SAFETY_MARGIN
    time_resolution_s: float = TIME_RESOLUTION
    memory_limit_mb: int | None = None
    output_limit_kb: int | None = None
    validation: str = "default"
    validator_flags: tuple[str, ...] = ()
    interactive: bool = False
    multi_pass: bool = False
    validation_passes: int = VALIDATION_PASSES
    scoring: bool = False
    """problem.yaml ``type`` includes ``scoring``."""
    validator_scores: bool = False
    """Legacy ``validation: custom score``: the validator's score.txt is the case score."""
    grading: dict[str, Any] = field(default_factory=dict)
    """Legacy problem.yaml ``grading`` (``objective``, and the older ``on_reject``,
    ``accept_score``, ``reject_score``, ``range`` that apply to every group)."""
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _text_file(root: Path, path: Path, label: str) -> str:
    try:
        return read_inside(root, path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(f"{label}: not UTF-8 text ({error.reason})") from error


def load_yaml(root: Path, path: Path, label: str) -> Any:
    """Parse a YAML file; a syntax error becomes a PackageError naming ``label``."""
    text = _text_file(root, path, label)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise PackageError(f"{label}: invalid YAML{where}: {problem}") from error


def _number(value: Any, where: str, *, minimum: float = 0.0, inclusive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PackageError(f"{where} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < minimum or (number == minimum and not inclusive):
        bound = ">=" if inclusive else ">"
        raise PackageError(f"{where} must be a number {bound} {minimum:g}, got {value!r}")
    return number


def _positive_int(value: Any, where: str) -> int:
    number = _number(value, where)
    if not number.is_integer():
        raise PackageError(f"{where} must be a whole number, got {value!r}")
    return int(number)


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise PackageError(f"{where} must be a string, got {type(value).__name__}")


def split_flags(value: Any, where: str) -> tuple[str, ...]:
    """Flags given as one space-separated string or as a list of scalars."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(_text(item, f"{where} item") for item in value)
    raise PackageError(f"{where} must be a string or a list of strings, got {value!r}")


def _title(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and value:
        for language, name in value.items():
            if not isinstance(language, str) or not isinstance(name, str):
                raise PackageError(
                    "problem.yaml: name must be a string or a map of language to string"
                )
        chosen = value.get("en", next(iter(value.values())))
        return str(chosen).strip()
    raise PackageError(
        f"problem.yaml: name must be a string or a map of language to string, got {value!r}"
    )


def parse_problem_yaml(raw: Any) -> Metadata:
    """Interpret the mapping from problem.yaml (``None`` for an empty or missing file)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise PackageError(f"problem.yaml: must be a mapping of keys, got {type(raw).__name__}")
    version_text = raw.get("problem_format_version", LEGACY)
    if not isinstance(version_text, str) or version_text not in _VERSIONS:
        raise PackageError(
            f"problem.yaml: unsupported problem_format_version {version_text!r} "
            f"(supported: {', '.join(sorted(_VERSIONS))})"
        )
    meta = Metadata(format_version=_VERSIONS[version_text])
    known = {LEGACY: _LEGACY_KEYS, V2023_07: _V2023_KEYS, V2025_09: _V2025_KEYS}
    for key in raw:
        if key not in known[meta.format_version] and not (
            meta.format_version == V2023_07 and key in _LEGACY_LEFTOVERS
        ):
            meta.warnings.append(f"problem.yaml: unknown key {key!r} ignored")
    if "name" in raw:
        meta.title = _title(raw["name"]) or None
    _parse_type(raw.get("type"), meta)
    if meta.format_version == LEGACY:
        _parse_legacy_validation(raw, meta)
        meta.grading = parse_legacy_grading(raw.get("grading"), scoring=meta.scoring)
    elif meta.format_version == V2023_07:
        _parse_2023_07_leftovers(raw, meta)
    _parse_limits(raw.get("limits"), meta)
    _parse_provenance(raw, meta)
    return meta


def _parse_type(value: Any, meta: Metadata) -> None:
    if value is None:
        return
    types = [value] if isinstance(value, str) else value
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise PackageError(f"problem.yaml: type must be a string or a list of strings: {value!r}")
    allowed = _KNOWN_TYPES if meta.format_version != LEGACY else {"pass-fail", "scoring"}
    for problem_type in types:
        if problem_type not in allowed:
            raise PackageError(
                f"problem.yaml: unknown type {problem_type!r} "
                f"(expected one of: {', '.join(sorted(allowed))})"
            )
    meta.interactive = "interactive" in types
    meta.multi_pass = "multi-pass" in types
    for problem_type in types:
        if problem_type in _UNSUPPORTED_TYPES:
            raise PackageError(
                f"{problem_type} problems are not supported yet: problem.yaml type includes "
                f"{problem_type!r}"
            )
    meta.scoring = "scoring" in types


def _parse_legacy_validation(raw: dict[str, Any], meta: Metadata) -> None:
    validation = raw.get("validation", "default")
    if not isinstance(validation, str) or not validation.split():
        raise PackageError(f"problem.yaml: validation must be a string, got {validation!r}")
    words = validation.split()
    mode, options = words[0], set(words[1:])
    if mode not in ("default", "custom") or (mode == "default" and options):
        raise PackageError(
            f"problem.yaml: unknown validation {validation!r} "
            "(expected 'default' or 'custom' optionally followed by 'interactive'/'score')"
        )
    unknown = options - {"interactive", "score"}
    if unknown:
        raise PackageError(
            f"problem.yaml: unknown validation option(s) {', '.join(sorted(unknown))} "
            f"in {validation!r}"
        )
    if "interactive" in options:
        if mode != "custom":
            raise PackageError(
                f"problem.yaml: validation {validation!r}: an interactive problem needs "
                "'custom' validation (its output validator is the interactor)"
            )
        meta.interactive = True
    if "score" in options:
        meta.validator_scores = meta.scoring
        if not meta.scoring:
            meta.warnings.append("problem.yaml: validator scores ignored: the problem is pass-fail")
    meta.validation = mode
    meta.validator_flags = split_flags(raw.get("validator_flags"), "problem.yaml validator_flags")


def _parse_2023_07_leftovers(raw: dict[str, Any], meta: Metadata) -> None:
    """Legacy keys that 2023-07-draft packages converted from legacy often keep.

    2023-07-draft dropped ``validation`` (a custom validator is the presence of
    ``output_validator/``; interactive is a ``type``) and ``validator_flags`` (moved to the
    test-group file). Tolerated with a warning; an interactive or multi-pass validation
    makes the problem so, as in legacy (and as problemtools reads it), and
    ``validator_flags`` still applies to every case.
    """
    validation = raw.get("validation")
    if validation is not None:
        words = validation.split() if isinstance(validation, str) else []
        meta.interactive = meta.interactive or "interactive" in words
        meta.multi_pass = meta.multi_pass or "multi-pass" in words
        meta.warnings.append(
            "problem.yaml: validation is not a 2023-07-draft key, ignored (a custom output "
            "validator is the output_validator/ directory)"
        )
    if raw.get("validator_flags") is not None:
        meta.validator_flags = split_flags(raw["validator_flags"], "problem.yaml validator_flags")
        meta.warnings.append(
            "problem.yaml: validator_flags is not a 2023-07-draft key; applied to every case "
            "as in legacy (2023-07-draft puts them in data/testdata.yaml)"
        )


_GRADING_KEYS = {
    "objective",
    "show_test_data_groups",
    "on_reject",
    "accept_score",
    "reject_score",
    "range",
}


def parse_legacy_grading(value: Any, *, scoring: bool) -> dict[str, Any]:
    """Legacy problem.yaml ``grading``: a mapping, for scoring problems only (ignored with
    a warning left to the caller otherwise); ``objective`` must be ``min`` or ``max``.
    The group keys in it are checked where groups are read (see ``scoring_config``)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PackageError(f"problem.yaml: grading must be a mapping, got {value!r}")
    if not scoring:
        return {}
    objective = value.get("objective", "max")
    if objective not in ("min", "max"):
        raise PackageError(
            f"problem.yaml: grading.objective must be 'min' or 'max', got {objective!r}"
        )
    unknown = sorted(str(key) for key in value if key not in _GRADING_KEYS)
    if unknown:
        raise PackageError(f"problem.yaml: unknown grading key(s) {', '.join(unknown)}")
    return dict(value)


def _parse_limits(limits: Any, meta: Metadata) -> None:
    if limits is None:
        limits = {}
    if not isinstance(limits, dict):
        raise PackageError(f"problem.yaml: limits must be a mapping, got {limits!r}")
    where = "problem.yaml limits."
    if meta.format_version != LEGACY:
        meta.time_multiplier = AC_TO_TIME_LIMIT
        meta.time_safety_margin = TIME_LIMIT_TO_TLE
        multipliers = limits.get("time_multipliers", {})
        if not isinstance(multipliers, dict):
            raise PackageError(f"{where}time_multipliers must be a mapping, got {multipliers!r}")
        for key in multipliers:
            if key not in ("ac_to_time_limit", "time_limit_to_tle"):
                meta.warnings.append(f"{where}time_multipliers.{key} ignored")
        if "ac_to_time_limit" in multipliers:
            meta.time_multiplier = _number(
                multipliers["ac_to_time_limit"],
                f"{where}time_multipliers.ac_to_time_limit",
                minimum=1.0,
                inclusive=True,
            )
        if "time_limit_to_tle" in multipliers:
            meta.time_safety_margin = _number(
                multipliers["time_limit_to_tle"],
                f"{where}time_multipliers.time_limit_to_tle",
                minimum=1.0,
                inclusive=True,
            )
        if "time_resolution" in limits:
            meta.time_resolution_s = _number(limits["time_resolution"], f"{where}time_resolution")
    else:
        if "time_multiplier" in limits:
            meta.time_multiplier = _number(limits["time_multiplier"], f"{where}time_multiplier")
        if "time_safety_margin" in limits:
            meta.time_safety_margin = _number(
                limits["time_safety_margin"], f"{where}time_safety_margin"
            )
    if "time_limit" in limits:
        meta.time_limit_s = _number(limits["time_limit"], f"{where}time_limit")
        meta.time_limit_source = "problem.yaml limits.time_limit"
    if "memory" in limits:
        meta.memory_limit_mb = _positive_int(limits["memory"], f"{where}memory")
    else:
        meta.memory_limit_mb = FORMAT_MEMORY_LIMIT_MB
    if "output" in limits:
        meta.output_limit_kb = _positive_int(limits["output"], f"{where}output") * 1024
    if "validation_passes" in limits:
        passes = _positive_int(limits["validation_passes"], f"{where}validation_passes")
        if passes < 2:
            raise PackageError(f"{where}validation_passes must be at least 2, got {passes}")
        meta.validation_passes = passes
        if not meta.multi_pass:
            meta.warnings.append(f"{where}validation_passes ignored: not a multi-pass problem")
    handled = {
        "validation_passes",
        "time_multiplier",
        "time_safety_margin",
        "time_multipliers",
        "time_resolution",
        "time_limit",
        "memory",
        "output",
    }
    for key, value in limits.items():
        if key in _LIMIT_NUMBERS:
            _number(value, f"{where}{key}")
        elif key not in handled:
            meta.warnings.append(f"{where}{key} ignored")


def _person_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return [value["name"]]
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    return []


def _parse_provenance(raw: dict[str, Any], meta: Metadata) -> None:
    found = meta.provenance
    for key in ("author", "license", "rights_owner", "uuid", "version", "source_url"):
        if raw.get(key) is not None:
            found[key] = _text(raw[key], f"problem.yaml {key}")
    credits = raw.get("credits")
    if isinstance(credits, dict):
        authors = _person_names(credits.get("authors"))
    else:
        authors = _person_names(credits)
    if authors and "author" not in found:
        found["author"] = ", ".join(authors)
    source = raw.get("source")
    if source is not None:
        entries = source if isinstance(source, list) else [source]
        names: list[str] = []
        for entry in entries:
            if isinstance(entry, dict):
                names.extend(_person_names(entry))
                url = entry.get("url")
                if isinstance(url, str) and "source_url" not in found:
                    found["source_url"] = url
            else:
                names.append(_text(entry, "problem.yaml source"))
        if names:
            found["source"] = "; ".join(names)
    keywords = raw.get("keywords")
    if isinstance(keywords, list):
        found["keywords"] = " ".join(str(word) for word in keywords)
    elif isinstance(keywords, str):
        found["keywords"] = keywords


def read_domjudge_ini(root: Path, path: Path) -> dict[str, str]:
    """``key = value`` lines; values may be quoted with ' or "."""
    values: dict[str, str] = {}
    text = _text_file(root, path, "domjudge-problem.ini")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in ";#[":
            continue
        key, equals, value = stripped.partition("=")
        if not equals or not key.strip():
            raise PackageError(
                f"domjudge-problem.ini: line {number} is not 'key = value': {stripped!r}"
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip().lower()] = value
    return values


def parse_seconds(text: str, label: str) -> float:
    try:
        seconds = float(text.strip())
    except ValueError as error:
        raise PackageError(f"{label}: time limit must be a number, got {text.strip()!r}") from error
    if not math.isfinite(seconds) or seconds <= 0:
        raise PackageError(f"{label}: time limit must be a positive number, got {text.strip()!r}")
    return seconds


def apply_domjudge_conventions(root: Path, meta: Metadata) -> None:
    """``.timelimit`` and ``domjudge-problem.ini`` fill what problem.yaml leaves open."""
    ini_path = root / "domjudge-problem.ini"
    ini = read_domjudge_ini(root, ini_path) if ini_path.is_file() else {}
    timelimit_path = root / ".timelimit"
    if meta.time_limit_s is None and timelimit_path.is_file():
        text = read_inside(root, timelimit_path).decode("utf-8", errors="replace")
        meta.time_limit_s = parse_seconds(text, ".timelimit")
        meta.time_limit_source = ".timelimit"
    if meta.time_limit_s is None and "timelimit" in ini:
        meta.time_limit_s = parse_seconds(ini["timelimit"], "domjudge-problem.ini timelimit")
        meta.time_limit_source = "domjudge-problem.ini timelimit"
    if meta.title is None and ini.get("name"):
        meta.title = ini["name"]
    for key in ("probid", "short-name", "externalid"):
        if ini.get(key):
            meta.provenance[f"domjudge_{key.replace('-', '_')}"] = ini[key]
    for key in ("special_compare", "special_run"):
        if ini.get(key):
            meta.warnings.append(f"domjudge-problem.ini: {key} {ini[key]!r} ignored")
