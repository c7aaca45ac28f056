"""Scored problems: the tree of test groups with points, and a judging's score from it.

A package's scoring rules become a ``Scoring`` (plain values, stored as JSON on the
problem); ``Scoring.grade`` turns one judging's case results into per-group and total
scores. Two families of rules exist:

- ``grader`` (legacy, and 2023-07-draft as problemtools reads it): every directory under
  ``data/`` is a group graded by the default grader over its sub-results (cases and
  subgroups, in test order). A case scores ``accept_score`` when accepted (or the
  validator's ``score.txt`` when the problem says the validator scores; the 2023-07-draft
  ``scoring.score`` multiplies it instead) and ``reject_score`` otherwise. ``on_reject:
  break`` drops the sub-results after the first rejected one; the grader flags choose how
  verdicts (``worst_error``, ``first_error``, ``always_accept``,
  ``accept_if_any_accepted``) and scores (``sum``, ``avg``, ``min``, ``max``) combine, and
  ``ignore_sample`` keeps only the last sub-result (secret) at the root. The submission's
  score is the root's (``data``).
- ``2025-09``: ``secret`` and its test data groups have a ``max_score`` (``None`` is
  unbounded) and an aggregation (``pass-fail``, ``sum`` or ``min``). A case in a ``sum``
  or ``min`` group scores 0 unless accepted, else the validator's ``score.txt`` or, when
  it gives none, its maximum (a ``min`` group's maximum, or a ``sum`` group's divided by
  its cases). A ``pass-fail`` group scores its maximum when every case is accepted. A
  group whose ``require_pass`` groups are not all accepted scores 0. The submission's
  score is ``secret``'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

GRADER = "grader"
RULES_2025 = "2025-09"

SCORE_MODES = ("sum", "avg", "min", "max")
VERDICT_MODES = ("worst_error", "first_error", "always_accept")
GRADER_FLAGS = (
    *SCORE_MODES,
    *VERDICT_MODES,
    "no_errors",
    "ignore_sample",
    "accept_if_any_accepted",
)
AGGREGATIONS_2025 = ("pass-fail", "sum", "min")
# The default grader's "worst" order (its JE, IF, RTE, MLE, TLE, OLE, WA) in our verdicts;
# a system failure or a compile error is worse than any run's own.
_WORST_FIRST = ("SE", "JE", "CE", "RE", "MLE", "TLE", "OLE", "WA", "SKIPPED")


@dataclass(frozen=True)
class ScoreGroup:
    path: str
    """``data`` (the root of grader rules), ``sample``, ``secret``, ``secret/group1``."""
    items: tuple[tuple[str, str], ...]
    """Sub-results in test order: ``("case", "secret/group1/01")`` or
    ``("group", "secret/group1")``."""
    aggregation: str = "sum"
    """Grader rules: ``sum``, ``avg``, ``min`` or ``max``; 2025-09: ``pass-fail``, ``sum``
    or ``min``."""
    verdict_mode: str = "worst_error"
    accept_if_any_accepted: bool = False
    ignore_sample: bool = False
    on_reject: str = "break"
    """``break`` or ``continue`` (grader rules)."""
    accept_score: float = 1.0
    reject_score: float = 0.0
    multiply_validator_score: bool = False
    """2023-07-draft ``scoring.score``: an accepted case scores ``accept_score`` times the
    validator's score (the legacy rule replaces ``accept_score`` with it)."""
    score_range: tuple[float, float] | None = None
    """Legacy ``range``: the scores this group may get (reported when out of it)."""
    max_score: float | None = None
    """2025-09 ``max_score`` (``None``: unbounded); 2023-07-draft ``scoring.max_score``."""
    require_pass: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "items": [list(item) for item in self.items],
            "aggregation": self.aggregation,
        }
        defaults = ScoreGroup(path="", items=())
        for name in (
            "verdict_mode",
            "accept_if_any_accepted",
            "ignore_sample",
            "on_reject",
            "accept_score",
            "reject_score",
            "multiply_validator_score",
            "max_score",
        ):
            value = getattr(self, name)
            if value != getattr(defaults, name):
                data[name] = value
        if self.score_range is not None:
            data["range"] = [_json_number(x) for x in self.score_range]
        if self.require_pass:
            data["require_pass"] = list(self.require_pass)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScoreGroup:
        given = {
            name: data[name]
            for name in (
                "aggregation",
                "verdict_mode",
                "accept_if_any_accepted",
                "ignore_sample",
                "on_reject",
                "accept_score",
                "reject_score",
                "multiply_validator_score",
                "max_score",
            )
            if name in data
        }
        score_range = data.get("range")
        return cls(
            path=str(data["path"]),
            items=tuple((str(kind), str(name)) for kind, name in data["items"]),
            score_range=(
                (_from_json_number(score_range[0]), _from_json_number(score_range[1]))
                if score_range
                else None
            ),
            require_pass=tuple(data.get("require_pass", ())),
            **given,
        )


def _json_number(value: float) -> float | str:
    """JSON has no infinity: an infinite bound is stored as ``"inf"`` / ``"-inf"``."""
    return value if math.isfinite(value) else ("inf" if value > 0 else "-inf")


def _from_json_number(value: float | str) -> float:
    return float(value)


@dataclass(frozen=True)
class CaseScoreInput:
    """What grading needs of one judged case: its verdict and the validator's score."""

    verdict: str
    validator_score: float | None = None


@dataclass(frozen=True)
class GroupScore:
    verdict: str
    score: float
    max_score: float | None = None
    problem: str = ""
    """Why the score breaks the package's own bounds (out of ``range``, above
    ``max_score``, an unbounded case without a validator score), or ``""``."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"verdict": self.verdict, "score": self.score}
        if self.max_score is not None:
            data["max_score"] = self.max_score
        if self.problem:
            data["problem"] = self.problem
        return data


@dataclass(frozen=True)
class Graded:
    score: float
    groups: dict[str, GroupScore] = field(default_factory=dict)

    def groups_json(self) -> dict[str, Any]:
        return {path: group.to_json() for path, group in self.groups.items()}


@dataclass(frozen=True)
class Scoring:
    rules: str
    """``grader`` or ``2025-09``."""
    root: str
    """The group whose score is the submission's: ``data`` or ``secret``."""
    groups: tuple[ScoreGroup, ...]
    objective: str = "max"
    validator_scores: bool = False
    """Whether a custom validator's ``score.txt`` counts (legacy ``validation: custom
    score``; always for 2023-07-draft and 2025-09 scoring problems)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "root": self.root,
            "objective": self.objective,
            "validator_scores": self.validator_scores,
            "groups": [group.to_json() for group in self.groups],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scoring:
        return cls(
            rules=str(data["rules"]),
            root=str(data["root"]),
            objective=str(data.get("objective", "max")),
            validator_scores=bool(data.get("validator_scores", False)),
            groups=tuple(ScoreGroup.from_json(g) for g in data["groups"]),
        )

    def case_max(self, name: str) -> float | None:
        """The most case ``name`` can score under 2025-09 rules (what a validator's
        ``score_multiplier.txt`` is a fraction of): its group's ``max_score`` in a
        ``min`` group, an equal share of it in a ``sum`` group; None when the group is
        unbounded, pass-fail, the case is in no group, or the rules are the grader's."""
        if self.rules != RULES_2025:
            return None
        for group in self.groups:
            cases = [item for kind, item in group.items if kind == "case"]
            if name not in cases:
                continue
            if group.max_score is None or group.aggregation == "pass-fail":
                return None
            return _case_max(group.max_score, group.aggregation, len(cases))
        return None

    def grade(self, results: Mapping[str, CaseScoreInput]) -> Graded:
        """Per-group and total scores of one judging, from its case results by name (a
        case with no result counts as not accepted)."""
        by_path = {group.path: group for group in self.groups}
        out: dict[str, GroupScore] = {}
        if self.rules == RULES_2025:
            root = _Grader2025(by_path, results, self.validator_scores, out).group(self.root)
        else:
            root = _GraderLegacy(by_path, results, self.validator_scores, out).group(self.root)
        return Graded(score=root.score, groups=out)


_AGGREGATE: dict[str, Callable[[Sequence[float]], float]] = {
    "sum": lambda scores: float(sum(scores)),
    "avg": lambda scores: float(sum(scores)) / len(scores) if scores else 0.0,
    "min": lambda scores: float(min(scores)) if scores else 0.0,
    "max": lambda scores: float(max(scores)) if scores else 0.0,
}


def worst_verdict(verdicts: Sequence[str]) -> str:
    rejected = [v for v in verdicts if v != "AC"]
    if not rejected:
        return "AC"
    return min(rejected, key=lambda v: _WORST_FIRST.index(v) if v in _WORST_FIRST else 99)


def aggregate_grader(
    group: ScoreGroup, sub_results: Sequence[tuple[str, float]]
) -> tuple[str, float]:
    """The default grader on one group's sub-results (verdict, score), in test order."""
    kept = list(sub_results)
    if group.on_reject == "break":
        cut = next((i for i, (v, _) in enumerate(kept) if v != "AC"), None)
        if cut is not None:
            kept = kept[: cut + 1]
    if group.ignore_sample:
        kept = kept[-1:]
    verdicts = [v for v, _ in kept]
    if group.verdict_mode == "always_accept" or (group.accept_if_any_accepted and "AC" in verdicts):
        verdict = "AC"
    elif group.verdict_mode == "first_error":
        verdict = next((v for v in verdicts if v != "AC"), "AC")
    else:
        verdict = worst_verdict(verdicts)
    return verdict, _AGGREGATE[group.aggregation]([s for _, s in kept])


class _Grader:
    """One judging's grading: the package's groups, the judging's case results, and the
    group scores found so far (``out``)."""

    def __init__(
        self,
        groups: Mapping[str, ScoreGroup],
        results: Mapping[str, CaseScoreInput],
        validator_scores: bool,
        out: dict[str, GroupScore],
    ) -> None:
        self.groups, self.results, self.validator_scores, self.out = (
            groups,
            results,
            validator_scores,
            out,
        )


class _GraderLegacy(_Grader):
    def case(self, group: ScoreGroup, name: str) -> tuple[str, float]:
        result = self.results.get(name, CaseScoreInput("SKIPPED"))
        if result.verdict != "AC":
            return result.verdict, group.reject_score
        given = result.validator_score if self.validator_scores else None
        if given is None:
            return "AC", group.accept_score
        return "AC", group.accept_score * given if group.multiply_validator_score else given

    def group(self, path: str) -> GroupScore:
        group = self.groups[path]
        subs = [
            self.case(group, name) if kind == "case" else _pair(self.group(name))
            for kind, name in group.items
        ]
        verdict, score = aggregate_grader(group, subs)
        problem = ""
        if group.score_range is not None and not (
            group.score_range[0] <= score <= group.score_range[1]
        ):
            low, high = group.score_range
            problem = f"score {score:g} outside the group's range [{low:g}, {high:g}]"
        if group.max_score is not None and score > group.max_score:
            problem = f"score {score:g} above the group's max_score {group.max_score:g}"
        result = GroupScore(verdict, score, group.max_score, problem)
        self.out[path] = result
        return result


def _case_max(max_score: float, aggregation: str, count: int) -> float:
    """The most one of a bounded 2025-09 group's ``count`` cases scores: the group's
    maximum in a ``min`` group, an equal share of it in a ``sum`` group."""
    return max_score if aggregation == "min" else max_score / count


def _pair(group: GroupScore) -> tuple[str, float]:
    return group.verdict, group.score


class _Grader2025(_Grader):
    def verdicts(self, path: str) -> list[str]:
        """Every case verdict in the group, subgroups included, in test order."""
        found: list[str] = []
        for kind, name in self.groups[path].items:
            if kind == "case":
                found.append(self.results.get(name, CaseScoreInput("SKIPPED")).verdict)
            else:
                found.extend(self.verdicts(name))
        return found

    def group(self, path: str) -> GroupScore:
        group = self.groups[path]
        verdict = next((v for v in self.verdicts(path) if v != "AC"), "AC")
        blocked = [p for p in group.require_pass if any(v != "AC" for v in self.verdicts(p))]
        sub_groups = [self.group(name) for kind, name in group.items if kind == "group"]
        if blocked:
            result = GroupScore(verdict, 0.0, group.max_score, "")
        elif group.aggregation == "pass-fail":
            full = group.max_score or 0.0
            result = GroupScore(verdict, full if verdict == "AC" else 0.0, group.max_score)
        else:
            cases = [name for kind, name in group.items if kind == "case"]
            problems: list[str] = []
            scores = [g.score for g in sub_groups]
            scores += [self.case(group, name, len(cases), problems) for name in cases]
            score = _AGGREGATE[group.aggregation](scores)
            if group.max_score is not None and score > group.max_score + 1e-9:
                problems.append(f"score {score:g} above max_score {group.max_score:g}")
            result = GroupScore(verdict, score, group.max_score, "; ".join(problems))
        self.out[path] = result
        return result

    def case(self, group: ScoreGroup, name: str, count: int, problems: list[str]) -> float:
        result = self.results.get(name, CaseScoreInput("SKIPPED"))
        if result.verdict != "AC":
            return 0.0
        if group.max_score is None:
            if result.validator_score is None:
                problems.append(f"{name}: accepted in an unbounded group without a score.txt")
                return 0.0
            return result.validator_score
        case_max = _case_max(group.max_score, group.aggregation, count)
        given = result.validator_score if self.validator_scores else None
        if given is None:
            return case_max
        if given > case_max + 1e-9:
            problems.append(f"{name}: validator score {given:g} above the case's {case_max:g}")
        return given
