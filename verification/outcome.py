"""A case's outcome: what running and judging one test case came to.

The pipeline makes one ``CaseOutcome`` per case (``services_judging``), sends it from the
worker to the finaliser as JSON, and stores it as a ``CaseResult`` row whose columns are
its fields; the API, the dashboard, the compat endpoints, the ``judge`` command and the
evaluation suites read it back through ``CaseOutcome.from_json`` and
``judging_outcomes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from verification.models import CaseResult
from verification.verdicts import Verdict


@dataclass(frozen=True)
class CaseOutcome:
    """One case's verdict and what its run measured and showed.

    ``case_id`` and ``index`` (its place in the judging's test order) say which case it
    is while it travels from a worker; ``system_error`` says why the system failed it
    (it becomes the judging's ``error``, not a column of the case).
    """

    verdict: Verdict
    time_s: float | None = None
    """CPU seconds."""
    wall_time_s: float | None = None
    memory_kb: int | None = None
    exit_code: int | None = None
    signal: int | None = None
    stdout_excerpt: str = ""
    stderr_excerpt: str = ""
    checker_message: str = ""
    score: float | None = None
    judge_id: int | None = None
    worker: str = ""
    isolation: str = ""
    case_id: int | None = None
    index: int | None = None
    system_error: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON object of the fields that are set (the others are their defaults)."""
        data: dict[str, Any] = {"verdict": str(self.verdict)}
        for name in _OPTIONAL:
            value = getattr(self, name)
            if value is not None and value != "":
                data[name] = value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CaseOutcome:
        """The outcome ``to_json`` made, or a ``CaseResult`` row's ``values()``: keys it
        does not know are ignored, and a missing or null one is its field's default."""
        given = {name: data[name] for name in _OPTIONAL if data.get(name) is not None}
        return cls(verdict=Verdict(data["verdict"]), **given)

    def stored_fields(self) -> dict[str, Any]:
        """The ``CaseResult`` columns this outcome fills (its case and order aside)."""
        return {name: getattr(self, name) for name in STORED_FIELDS}

    def at(self, *, index: int) -> CaseOutcome:
        """The same outcome, placed at ``index`` in the judging's test order."""
        return replace(self, index=index)


_OPTIONAL = tuple(f.name for f in fields(CaseOutcome) if f.name != "verdict")

STORED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(CaseOutcome) if f.name not in ("case_id", "index", "system_error")
)
"""The ``CaseResult`` columns that hold an outcome, in the order the API shows them."""


@dataclass(frozen=True)
class JudgedCase:
    """A stored outcome with the test case it belongs to."""

    order: int
    name: str
    group: str
    outcome: CaseOutcome


def judging_outcomes(*, judging_id: int, fields: Sequence[str] = STORED_FIELDS) -> list[JudgedCase]:
    """The judging's stored case outcomes in test order, with their cases' names.

    ``fields`` names the outcome fields to read (the verdict always is); the others keep
    their defaults, so a reader of a few columns does not fetch every output excerpt.
    """
    return judgings_outcomes(judging_ids=[judging_id], fields=fields).get(judging_id, [])


def judgings_outcomes(
    *, judging_ids: Sequence[int], fields: Sequence[str] = STORED_FIELDS
) -> dict[int, list[JudgedCase]]:
    """``judging_outcomes`` of many judgings in one query: judging id -> its outcomes
    (a judging with none stored is missing)."""
    unknown = set(fields) - set(STORED_FIELDS)
    if unknown:
        raise ValueError(f"not stored outcome fields: {', '.join(sorted(unknown))}")
    columns = ["verdict", *(name for name in fields if name != "verdict")]
    rows = (
        CaseResult.objects.filter(judging_id__in=judging_ids)
        .order_by("judging_id", "order")
        .values(
            "judging_id", "order", "test_case_id", "test_case__name", "test_case__group", *columns
        )
    )
    found: dict[int, list[JudgedCase]] = {}
    for row in rows:
        found.setdefault(row.pop("judging_id"), []).append(
            JudgedCase(
                order=row["order"],
                name=row["test_case__name"],
                group=row["test_case__group"],
                outcome=CaseOutcome.from_json(
                    {**row, "case_id": row["test_case_id"], "index": row["order"]}
                ),
            )
        )
    return found
