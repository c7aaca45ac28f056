"""The fixture problems that need special judges, and installing them in the database.

Each ``fixtures/<slug>/`` holds ``problem.json`` (title, the kinds of judge it needs),
``statement.md``, ``data/NN.in`` and ``NN.ans``, ``accepted/*.py`` (correct solutions
printing different valid answers), ``wrong/*.py`` and, where no built-in checker
suffices, ``checker.py``: the checker a good model would write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class FixtureProblem:
    slug: str
    title: str
    kinds: tuple[str, ...]
    statement: str
    cases: tuple[tuple[str, bytes, bytes], ...]
    accepted: dict[str, str]
    wrong: dict[str, str]
    checker: str | None


@cache
def fixture(slug: str) -> FixtureProblem:
    root = FIXTURES / slug
    meta = json.loads((root / "problem.json").read_text())
    cases = tuple(
        (f"secret/{path.stem}", path.read_bytes(), path.with_suffix(".ans").read_bytes())
        for path in sorted((root / "data").glob("*.in"))
    )
    checker = root / "checker.py"
    return FixtureProblem(
        slug=slug,
        title=meta["title"],
        kinds=tuple(meta["kinds"]),
        statement=(root / "statement.md").read_text(),
        cases=cases,
        accepted={f"accepted/{p.name}": p.read_text() for p in sorted(root.glob("accepted/*.py"))},
        wrong={f"wrong_answer/{p.name}": p.read_text() for p in sorted(root.glob("wrong/*.py"))},
        checker=checker.read_text() if checker.exists() else None,
    )


def all_fixtures() -> list[FixtureProblem]:
    return [fixture(path.name) for path in sorted(FIXTURES.iterdir()) if path.is_dir()]


def fixture_install(slug: str):  # -> verification.models.Problem
    """Store the fixture as a problem judged by exact matching, with its solutions."""
    # benchmarks/judges.py reads the fixtures before it sets Django up (its settings need
    # the scripted model's address), so the models are imported when a fixture is stored.
    from verification.models import ReferenceSolution  # noqa: PLC0415
    from verification.services import CaseSpec, problem_upsert  # noqa: PLC0415

    fp = fixture(slug)
    problem = problem_upsert(
        slug=fp.slug,
        title=fp.title,
        statement=fp.statement,
        cases=[CaseSpec(name, "secret", given, answer) for name, given, answer in fp.cases],
        time_limit_s=2.0,
        memory_limit_mb=256,
    )
    for expected, solutions in (("accepted", fp.accepted), ("wrong_answer", fp.wrong)):
        for path, source in solutions.items():
            ReferenceSolution.objects.update_or_create(
                problem=problem,
                path=path,
                defaults={"language": "python", "source": source, "expected": expected},
            )
    return problem
