"""Reading a scoring problem's group configuration into a ``Scoring``.

- legacy, and 2023-07-draft as problemtools reads it: ``testdata.yaml`` ``on_reject``,
  ``grading`` (``default`` only), ``grader_flags``, ``accept_score``, ``reject_score``
  and ``range`` in any directory under ``data/``, inherited by the directories below it;
  legacy problem.yaml ``grading`` may set ``on_reject``, ``accept_score``,
  ``reject_score`` and ``range`` for every group, and ``objective``.
- 2023-07-draft's own text: ``scoring: {score, max_score, aggregation}`` in a group's
  file (not inherited). Once any group has it, every group is read this way, with the
  draft's defaults (``data`` and ``secret``: score 1, ``sum``; ``sample``: score 0,
  ``sum``; other groups: score 1, ``min``).
- 2025-09: ``max_score`` and ``score_aggregation`` (and ``require_pass``) in
  ``secret``'s and its test data groups' ``test_group.yaml``; the 2025 drafts' spelling
  ``scoring: {score, aggregation, require_pass}`` is read as the same.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

from .metadata import LEGACY, V2025_09, Metadata
from .model import PackageError
from .scoring import (
    AGGREGATIONS_2025,
    GRADER,
    GRADER_FLAGS,
    RULES_2025,
    SCORE_MODES,
    VERDICT_MODES,
    ScoreGroup,
    Scoring,
)
from .testdata import GroupLayout

_GRADER_KEYS = ("on_reject", "grading", "grader_flags", "accept_score", "reject_score", "range")
_ON_REJECT = {
    "break": "break",
    "continue": "continue",
    # problem.yaml grading.on_reject of older legacy texts, as problemtools maps them.
    "first_error": "break",
    "worst_error": "continue",
    "grade": "continue",
}
_KEYS_2025 = ("max_score", "score_aggregation", "require_pass")


def scoring_from(meta: Metadata, layout: GroupLayout, warnings: list[str]) -> Scoring | None:
    """The package's scoring rules, or None for a pass-fail problem (whose scoring keys,
    if any, are ignored with a warning)."""
    if not meta.scoring:
        _warn_unused(meta, layout, warnings)
        return None
    if meta.format_version == V2025_09:
        return _scoring_2025(layout)
    drafted = [label for label, raw in layout.configs.values() if "scoring" in raw]
    if meta.format_version != LEGACY and drafted:
        return _scoring_draft_2023(layout, warnings)
    return _scoring_grader(meta, layout)


def _warn_unused(meta: Metadata, layout: GroupLayout, warnings: list[str]) -> None:
    keys = (
        (*_GRADER_KEYS, "scoring") if meta.format_version != V2025_09 else (*_KEYS_2025, "scoring")
    )
    for label, raw in layout.configs.values():
        used = [key for key in keys if key in raw and key != "on_reject"]
        if used:
            warnings.append(f"{label}: {', '.join(used)} ignored: the problem is pass-fail")


def _float(value: Any, where: str) -> float:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise PackageError(f"{where} must be a number, got {value!r}")
    return float(value)


def _score_range(value: Any, where: str) -> tuple[float, float]:
    words = str(value).split() if isinstance(value, str | int | float) else []
    try:
        low, high = (float(word) for word in words)
    except ValueError:
        raise PackageError(
            f"{where} must be two numbers 'LOW HIGH' (inf allowed), got {value!r}"
        ) from None
    if math.isnan(low) or math.isnan(high) or low > high:
        raise PackageError(f"{where}: the low end is above the high end in {value!r}")
    return low, high


def _scoring_grader(meta: Metadata, layout: GroupLayout) -> Scoring:
    problem_wide = {key: meta.grading[key] for key in _GRADER_KEYS if key in meta.grading}
    groups: list[ScoreGroup] = []

    def visit(path: str, inherited: dict[str, tuple[str, Any]]) -> None:
        label, raw = layout.configs.get(path, ("", {}))
        own = dict(inherited)
        for key in _GRADER_KEYS:
            if key in raw:
                own[key] = (f"{label} {key}", raw[key])
        for key, value in problem_wide.items():
            own[key] = (f"problem.yaml grading.{key}", value)
        groups.append(_grader_group(path, layout.items.get(path, []), own, root=path == "data"))
        for kind, name in layout.items.get(path, []):
            if kind == "group":
                visit(name, own)

    visit("data", {})
    return Scoring(
        rules=GRADER,
        root="data",
        groups=tuple(groups),
        objective=str(meta.grading.get("objective", "max")),
        validator_scores=meta.validator_scores or meta.format_version != LEGACY,
    )


def _grader_group(
    path: str, items: list[tuple[str, str]], config: dict[str, tuple[str, Any]], *, root: bool
) -> ScoreGroup:
    settings: dict[str, Any] = {}
    if "grading" in config:
        where, value = config["grading"]
        if value == "custom":
            raise PackageError(f"{where}: custom graders (graders/) are not supported")
        if value != "default":
            raise PackageError(f"{where} must be 'default' or 'custom', got {value!r}")
    if "on_reject" in config:
        where, value = config["on_reject"]
        if value not in _ON_REJECT:
            raise PackageError(f"{where} must be one of {', '.join(_ON_REJECT)}, got {value!r}")
        settings["on_reject"] = _ON_REJECT[value]
    if "grader_flags" in config:
        where, value = config["grader_flags"]
        flags = str(value or "").split() if isinstance(value, str | type(None)) else None
        if flags is None:
            raise PackageError(f"{where} must be a string of flags, got {value!r}")
        for flag in flags:
            if flag not in GRADER_FLAGS:
                raise PackageError(
                    f"{where}: unknown grader flag {flag!r} (known: {', '.join(GRADER_FLAGS)})"
                )
            if flag in SCORE_MODES:
                settings["aggregation"] = flag
            elif flag in VERDICT_MODES or flag == "no_errors":
                settings["verdict_mode"] = "worst_error" if flag == "no_errors" else flag
            elif flag == "ignore_sample":
                if not root:
                    raise PackageError(f"{where}: ignore_sample is allowed only in data/")
                settings["ignore_sample"] = True
            else:
                settings["accept_if_any_accepted"] = True
    for key in ("accept_score", "reject_score"):
        if key in config:
            where, value = config[key]
            settings[key] = _float(value, where)
    if "range" in config:
        where, value = config["range"]
        settings["score_range"] = _score_range(value, where)
    return ScoreGroup(path=path, items=tuple(items), **settings)


def _scoring_draft_2023(layout: GroupLayout, warnings: list[str]) -> Scoring:
    groups: list[ScoreGroup] = []
    for path, items in layout.items.items():
        label, raw = layout.configs.get(path, (f"data/{path}", {}))
        for key in _GRADER_KEYS:
            if key in raw and key != "on_reject":
                warnings.append(f"{label}: {key} ignored: the package's groups use 'scoring'")
        score = 0.0 if path == "sample" else 1.0
        aggregation = "sum" if path in ("data", "secret", "sample") else "min"
        max_score: float | None = None
        spec = raw.get("scoring")
        if spec is not None:
            if not isinstance(spec, dict):
                raise PackageError(f"{label} scoring must be a mapping, got {spec!r}")
            for key in spec:
                if key not in ("score", "max_score", "aggregation"):
                    raise PackageError(f"{label}: unknown key scoring.{key}")
            if "score" in spec:
                score = _float(spec["score"], f"{label} scoring.score")
            if "max_score" in spec:
                max_score = _float(spec["max_score"], f"{label} scoring.max_score")
            aggregation = spec.get("aggregation", aggregation)
            if aggregation not in ("sum", "min"):
                raise PackageError(
                    f"{label} scoring.aggregation must be 'sum' or 'min', got {aggregation!r}"
                )
        groups.append(
            ScoreGroup(
                path=path,
                items=tuple(items),
                aggregation=aggregation,
                accept_if_any_accepted=aggregation == "sum",
                on_reject="continue",
                accept_score=score,
                multiply_validator_score=True,
                max_score=max_score,
            )
        )
    return Scoring(rules=GRADER, root="data", groups=tuple(groups), validator_scores=True)


def _settings_2025(label: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The scoring keys of one ``test_group.yaml``, in the final spelling."""
    found = {key: raw[key] for key in _KEYS_2025 if key in raw}
    spec = raw.get("scoring")
    if spec is not None:
        if not isinstance(spec, dict):
            raise PackageError(f"{label} scoring must be a mapping, got {spec!r}")
        names: dict[str, str] = {"score": "max_score", "aggregation": "score_aggregation"}
        for key, value in spec.items():
            if key not in ("score", "aggregation", "require_pass"):
                raise PackageError(f"{label}: unknown key scoring.{key}")
            final = names.get(str(key), str(key))
            if final in found:
                raise PackageError(f"{label}: both {final} and scoring.{key} given")
            found[final] = value
    return found


def _max_score(value: Any, where: str) -> float | None:
    if value == "unbounded":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PackageError(f"{where} must be a non-negative integer or 'unbounded', got {value!r}")
    return float(value)


def _scoring_2025(layout: GroupLayout) -> Scoring:
    sample_label, sample_raw = layout.configs.get("sample", ("", {}))
    if _settings_2025(sample_label, sample_raw):
        raise PackageError(
            f"{sample_label}: max_score, score_aggregation and require_pass are not "
            "permitted in sample"
        )
    secret_items = layout.items.get("secret", [])
    group_paths = [
        name for kind, name in secret_items if kind == "group" and name in layout.configs
    ]
    secret = _group_2025(
        "secret",
        layout=layout,
        group_paths=group_paths,
        earlier=[],
        default_aggregation="sum",
        default_max=100.0,
    )
    # Not scored: present so that require_pass may name it.
    sample_cases = tuple(("case", name) for name in _cases_under(layout, "sample", set()))
    groups = [secret, ScoreGroup(path="sample", items=sample_cases, aggregation="pass-fail")]
    for path in group_paths:
        group = _group_2025(
            path,
            layout=layout,
            group_paths=[],
            earlier=["sample", *group_paths],
            default_aggregation="pass-fail",
            default_max=None,
        )
        if secret.max_score is not None and group.max_score is None:
            raise PackageError(
                f"{layout.configs[path][0]}: max_score must be given (secret's max_score is "
                f"{secret.max_score:g}, so its groups are bounded)"
            )
        if secret.aggregation == "pass-fail" and group.aggregation != "pass-fail":
            raise PackageError(
                f"{layout.configs[path][0]}: score_aggregation must be pass-fail, as secret's is"
            )
        groups.append(group)
    return Scoring(rules=RULES_2025, root="secret", groups=tuple(groups), validator_scores=True)


def _group_2025(
    path: str,
    *,
    layout: GroupLayout,
    group_paths: list[str],
    earlier: list[str],
    default_aggregation: str,
    default_max: float | None,
) -> ScoreGroup:
    label, raw = layout.configs.get(path, (f"data/{path}/test_group.yaml", {}))
    found = _settings_2025(label, raw)
    max_score = (
        _max_score(found["max_score"], f"{label} max_score")
        if "max_score" in found
        else default_max
    )
    aggregation = found.get("score_aggregation", default_aggregation)
    if aggregation not in AGGREGATIONS_2025:
        raise PackageError(
            f"{label} score_aggregation must be one of {', '.join(AGGREGATIONS_2025)}, "
            f"got {aggregation!r}"
        )
    if aggregation == "pass-fail" and max_score is None:
        raise PackageError(f"{label}: a pass-fail group needs a bounded max_score")
    require = found.get("require_pass", [])
    require = [require] if isinstance(require, str) else require
    if not isinstance(require, list) or not all(isinstance(r, str) for r in require):
        raise PackageError(f"{label} require_pass must be a group name or a list of them")
    allowed = ["sample"] if path == "secret" else [p for p in earlier if p < path]
    for name in require:
        if name not in allowed:
            raise PackageError(
                f"{label} require_pass: {name!r} is not sample or an earlier group of secret"
            )
    items = [
        ("group", name) if name in group_paths else ("case", name)
        for name in _cases_under(layout, path, set(group_paths))
    ]
    return ScoreGroup(
        path=path,
        items=tuple(items),
        aggregation=aggregation,
        max_score=max_score,
        require_pass=tuple(require),
    )


def _cases_under(layout: GroupLayout, path: str, groups: set[str]) -> list[str]:
    """The group's cases in test order, through directories that are not groups; a
    group below it is one item."""
    found: list[str] = []
    for kind, name in layout.items.get(path, []):
        if kind == "case" or name in groups:
            found.append(name)
        else:
            found.extend(_cases_under(layout, name, groups))
    return found
