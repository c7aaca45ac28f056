"""Kattis / ICPC problem-package directories: one package, or a directory of them.

Each package becomes a task; it is stored through the same importer as
``manage.py import_problem`` (its own output validator and limits included). An
accepted submission of the package is its reference solution.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, ClassVar

from eval_suites.dataset_config import DatasetFilters, DatasetSource
from eval_suites.loaders import register
from eval_suites.loaders.base import Dataset, Loader, LoaderError, Task, select
from verification.models import ProblemKind
from verification.problem_package import PackageError, load_package
from verification.services import CaseSpec


def _is_package(path: Path) -> bool:
    return (path / "problem.yaml").is_file() or (path / "data").is_dir()


def package_digest(package: Any) -> str:
    digest = hashlib.sha256()
    for case in package.tests:
        digest.update(f"{case.name}\0{case.group}\0{' '.join(case.validator_args)}\0".encode())
        digest.update(hashlib.sha256(case.input).digest())
        digest.update(hashlib.sha256(case.answer).digest())
    validator = package.validator
    if validator is not None:
        for name in sorted(validator.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(validator.files[name]).digest())
    digest.update(repr((package.time_limit_s, package.memory_limit_mb)).encode())
    # How the package is judged (added only when not the plain default, so the digest
    # of a pass-fail, one-pass package stays what it was).
    if package.interactive or package.validation_passes != 1:
        digest.update(repr(("passes", package.interactive, package.validation_passes)).encode())
    if package.scoring is not None:
        digest.update(repr(package.scoring).encode())
    return digest.hexdigest()


@register("problem_package")
class ProblemPackageLoader(Loader):
    source_kinds: ClassVar[frozenset[str]] = frozenset({"path"})
    kinds: ClassVar[frozenset[str]] = frozenset({ProblemKind.STDIN_STDOUT})

    def load_tasks(self, source: DatasetSource) -> tuple[list[Task], dict[str, Any]]:
        root = source.path
        assert root is not None
        if not root.is_dir():
            raise LoaderError(f"problem package directory {root} does not exist")
        paths = [root] if _is_package(root) else sorted(p for p in root.iterdir() if _is_package(p))
        if not paths:
            raise LoaderError(f"{root} is neither a problem package nor a directory of them")
        tasks = []
        for path in paths:
            try:
                package = load_package(path)
            except PackageError as exc:
                raise LoaderError(f"problem package {path}: {exc}") from None
            tasks.append(self._task(package))
        ids = [t.task_id for t in tasks]
        if len(set(ids)) != len(ids):
            raise LoaderError(f"{root}: two packages have the same short name")
        digest = hashlib.sha256("".join(t.metadata["package_digest"] for t in tasks).encode())
        return tasks, {"kind": "path", "path": str(root), "sha256": digest.hexdigest()}

    def _task(self, package: Any) -> Task:
        accepted = [
            s
            for s in package.submissions
            if s.expected == "accepted" or s.expected_verdicts == ("AC",)
        ]
        accepted.sort(key=lambda s: (s.language != "python", s.path))
        canonical = accepted[0] if accepted else None
        return Task(
            task_id=package.short_name,
            kind=ProblemKind.STDIN_STDOUT,
            cases=tuple(
                CaseSpec(c.name, c.group, c.input, c.answer, tuple(c.validator_args))
                for c in package.tests
            ),
            prompt=package.statement,
            canonical=canonical.source.decode("utf-8", errors="replace") if canonical else None,
            canonical_language=canonical.language if canonical else "python",
            time_limit_s=package.time_limit_s,
            memory_limit_mb=package.memory_limit_mb,
            validator_flags=tuple(package.validator_flags),
            metadata={"title": package.title, "package_digest": package_digest(package)},
            package=package,
        )

    def load(self, config: Any) -> Dataset:
        tasks, source = self.load_tasks(config.source)
        return Dataset(
            loader=self.name,
            tasks=select(tasks, config.filters),
            all_task_ids=frozenset(t.task_id for t in tasks),
            source=source,
        )

    def task_from_row(self, row: dict[str, Any], filters: DatasetFilters) -> Task:
        raise LoaderError("problem packages are read as directories, not rows")
