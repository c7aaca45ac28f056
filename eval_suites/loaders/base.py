"""What every loader shares: the Task and Dataset values, reading rows, selecting tasks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from eval_suites.dataset_config import ConfigError, DatasetConfig, DatasetFilters, DatasetSource
from eval_suites.loaders.errors import LoaderError
from eval_suites.loaders.sources import rows_read
from verification.harness.tests_json import assert_test, function_call_test
from verification.models import ProblemKind
from verification.services import CaseSpec


@dataclass(frozen=True)
class Task:
    task_id: str
    kind: str
    cases: tuple[CaseSpec, ...]
    prompt: str = ""
    code_prefix: str = ""
    """What a completion continues (HumanEval's prompt); empty when samples are programs."""
    entry_point: str | None = None
    difficulty: str = ""
    canonical: str | None = None
    """A reference solution, as a completion of ``code_prefix``."""
    canonical_language: str = "python"
    time_limit_s: float | None = None
    memory_limit_mb: int | None = None
    validator_flags: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    package: Any = field(default=None, hash=False, compare=False)

    def content_hash(self) -> str:
        """Everything that decides a verdict: tests, kind, limits, flags, the prefix."""
        body = {
            "task_id": self.task_id,
            "kind": self.kind,
            "cases": [
                [
                    c.name,
                    c.group,
                    hashlib.sha256(c.input).hexdigest(),
                    hashlib.sha256(c.answer).hexdigest(),
                    list(c.validator_args),
                ]
                for c in self.cases
            ],
            "code_prefix": self.code_prefix,
            "entry_point": self.entry_point,
            "time_limit_s": self.time_limit_s,
            "memory_limit_mb": self.memory_limit_mb,
            "validator_flags": list(self.validator_flags),
            "package": self.metadata.get("package_digest", ""),
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass
class Dataset:
    loader: str
    tasks: list[Task]
    """The selected tasks, in dataset order."""
    all_task_ids: frozenset[str]
    """Every task id of the source, before filtering."""
    source: dict[str, Any]
    """Where the rows came from: kind, path or hub id/revision/split, sha256 of the bytes."""

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for task in self.tasks:
            digest.update(task.content_hash().encode())
            digest.update(b"\n")
        return digest.hexdigest()

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.task_id == task_id), None)


# --- building test cases ---------------------------------------------------------------


def stdin_case(name: str, group: str, stdin: str, answer: str) -> CaseSpec:
    return CaseSpec(name=name, group=group, input=stdin.encode(), answer=answer.encode())


def function_call_case(name: str, group: str, fn_name: str, args: list[Any], want: Any) -> CaseSpec:
    payload, answer = function_call_test(fn_name, args, want)
    return CaseSpec(name=name, group=group, input=payload, answer=answer)


def assert_case(test: str, entry_point: str | None, name: str = "tests") -> CaseSpec:
    payload, answer = assert_test(test, entry_point)
    return CaseSpec(name=name, group="secret", input=payload, answer=answer)


def require(row: dict[str, Any], key: str, kind: type | tuple[type, ...] = str) -> Any:
    if key not in row:
        raise LoaderError(f"missing field {key!r}")
    value = row[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise LoaderError(f"field {key!r} should be {names}, not {type(value).__name__}")
    return value


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


# --- the loader protocol -----------------------------------------------------------------


class Loader:
    name: ClassVar[str] = ""
    filters: ClassVar[frozenset[str]] = frozenset({"task_ids", "limit"})
    source_kinds: ClassVar[frozenset[str]] = frozenset({"path", "hub"})
    kinds: ClassVar[frozenset[str]] = frozenset(ProblemKind.values)
    prelude: ClassVar[str] = "none"
    """What is put before the loader's Python programs unless the suite says otherwise
    (a name of ``verification.harness.preludes.PRELUDES``)."""
    stdin_checker: ClassVar[str | None] = None
    """The checker of the loader's stdin/stdout tasks unless the suite names one (None:
    each task's problem's own)."""

    def validate(self, config: DatasetConfig) -> None:
        """Refuse filters and source kinds this loader does not understand."""
        unknown = sorted(config.filters.given() - self.filters)
        if unknown:
            raise ConfigError(
                f"dataset.filters.{unknown[0]}: not a filter of loader {self.name!r}; "
                f"it accepts: {', '.join(sorted(self.filters))}"
            )
        source = config.source
        kind = "bundled" if source.bundled else "path" if source.path is not None else "hub"
        if kind not in self.source_kinds:
            raise ConfigError(
                f"dataset.source.{kind}: loader {self.name!r} reads from "
                f"{' or '.join(sorted(self.source_kinds))}"
            )

    def load(self, config: DatasetConfig) -> Dataset:
        rows, source = self.read(config.source, config.filters)
        tasks = self.tasks_from_rows(rows, config.filters)
        return Dataset(
            loader=self.name,
            tasks=select(tasks, config.filters),
            all_task_ids=frozenset(t.task_id for t in tasks),
            source=source,
        )

    def read(
        self, source: DatasetSource, filters: DatasetFilters
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        return rows_read(source)

    def tasks_from_rows(
        self, rows: Sequence[dict[str, Any]], filters: DatasetFilters
    ) -> list[Task]:
        tasks: list[Task] = []
        seen: set[str] = set()
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict):
                raise LoaderError(f"row {number}: not an object")
            try:
                task = self.task_from_row(row, filters)
            except LoaderError as exc:
                raise LoaderError(f"row {number}: {exc}") from None
            if task.task_id in seen:
                raise LoaderError(f"row {number}: task id {task.task_id!r} appears twice")
            seen.add(task.task_id)
            tasks.append(task)
        if not tasks:
            raise LoaderError("the dataset has no tasks")
        return tasks

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        raise NotImplementedError


def select(tasks: Iterable[Task], filters: DatasetFilters) -> list[Task]:
    """Apply the generic filters, in a fixed order, keeping dataset order."""
    chosen = list(tasks)
    if filters.task_ids is not None:
        known = {t.task_id for t in chosen}
        missing = [i for i in filters.task_ids if i not in known]
        if missing:
            raise LoaderError(f"filters.task_ids names unknown tasks: {', '.join(missing[:5])}")
        wanted = set(filters.task_ids)
        chosen = [t for t in chosen if t.task_id in wanted]
    if filters.difficulty is not None:
        levels = {d.lower() for d in filters.difficulty}
        chosen = [t for t in chosen if t.difficulty.lower() in levels]
    if filters.platforms is not None:
        platforms = {p.lower() for p in filters.platforms}
        chosen = [t for t in chosen if str(t.metadata.get("platform", "")).lower() in platforms]
    if filters.start_date is not None or filters.end_date is not None:
        chosen = [t for t in chosen if _in_window(t, filters)]
    if filters.limit is not None:
        chosen = chosen[: filters.limit]
    if not chosen:
        raise LoaderError("the filters leave no task to evaluate")
    return chosen


def _in_window(task: Task, filters: DatasetFilters) -> bool:
    when = as_date(task.metadata.get("contest_date"))
    if when is None:
        return False
    if filters.start_date is not None and when < filters.start_date:
        return False
    return not (filters.end_date is not None and when > filters.end_date)
