"""A small world of everything the access rule decides about, and a client per role.

Roles: ``anonymous``; ``owner`` (alice, who owns the problem, the submission and the
runs); ``other`` (bob, a signed-in user who owns none of it); ``staff``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eval_suites.models import EvalRun
from judges.models import (
    GenerationBatch,
    GenerationStatus,
    Judge,
    JudgeGeneration,
    JudgeKind,
    JudgeOrigin,
    JudgeState,
)
from tests.dashboard.factories import TaskSpec, judged_submission, make_run
from tests.factories import make_problem, make_user
from verification.models import Problem, Submission
from verification.services import CaseSpec, problem_create_inline, problem_upsert

ROLES = ("anonymous", "owner", "other", "staff")
CHECKER = "import sys\nsys.exit(0)\n"


@dataclass(frozen=True)
class World:
    owner: User
    other: User
    staff: User
    problem: Problem
    """Alice's problem, created through the API's path (owner set)."""
    system_problem: Problem
    """A problem imported by the CLI: no owner."""
    inline: Problem
    """The hidden problem holding one of Alice's submissions' inline tests."""
    submission: Submission
    inline_submission: Submission
    judge: Judge
    """A generated judge for Alice's problem."""
    inline_judge: Judge
    builtin_judge: Judge
    batch: GenerationBatch
    inline_batch: GenerationBatch
    run: EvalRun
    """Alice's private run."""
    shared_run: EvalRun
    """Alice's run, shared with everyone."""


def _case(inp: str, ans: str) -> CaseSpec:
    return CaseSpec(name="secret/001", group="secret", input=inp.encode(), answer=ans.encode())


def _judge(problem: Problem) -> Judge:
    return Judge.objects.create(
        key=f"{problem.slug}-special",
        kind=JudgeKind.PYTHON,
        language="python",
        files={"checker.py": CHECKER},
        entry="checker.py",
        origin=JudgeOrigin.GENERATED,
        state=JudgeState.VALIDATED,
        problem=problem,
    )


def _batch(problem: Problem, judge: Judge) -> GenerationBatch:
    batch = GenerationBatch.objects.create(problems=[problem.slug], total=1, done=1, status="done")
    JudgeGeneration.objects.create(
        problem=problem, batch=batch, status=GenerationStatus.VALIDATED, judge=judge
    )
    return batch


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def _module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module inside a transaction rolled back at its end; each test runs
    in a savepoint of it (as Django's ``setUpTestData`` does)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world: World, db: None) -> World:
    return _module_world


def _build_world() -> World:
    alice = make_user("alice")
    bob = make_user("bob")
    root = make_user("root", is_staff=True, is_superuser=True)
    problem = problem_upsert(
        slug="alice-sum", title="Sum", cases=[_case("1 2\n", "3\n")], owner=alice
    )
    system_problem = make_problem("imported", [("1\n", "1\n")])
    inline = problem_create_inline(cases=[_case("2\n", "4\n")], owner=alice)
    judge = _judge(problem)
    inline_judge = _judge(inline)
    builtin = problem.judge
    assert builtin is not None and builtin.problem_id is None
    return World(
        owner=alice,
        other=bob,
        staff=root,
        problem=problem,
        system_problem=system_problem,
        inline=inline,
        submission=judged_submission(problem, "WA", owner=alice).submission,
        inline_submission=judged_submission(inline, "AC", owner=alice).submission,
        judge=judge,
        inline_judge=inline_judge,
        builtin_judge=builtin,
        batch=_batch(problem, judge),
        inline_batch=_batch(inline, inline_judge),
        run=make_run(name="private", owner=alice, tasks=[TaskSpec("T/0", ["WA"])]),
        shared_run=make_run(
            name="shared", owner=alice, shared=True, tasks=[TaskSpec("S/0", ["AC"])]
        ),
    )


def user_of(world: World, role: str) -> User | None:
    return {"owner": world.owner, "other": world.other, "staff": world.staff}.get(role)


def token_client(user: User | None) -> APIClient:
    """An API client sending ``user``'s token (none for an anonymous caller)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def api_client(world: World, role: str) -> APIClient:
    return token_client(user_of(world, role))


def page_client(world: World, role: str) -> Client:
    client = Client()
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)
    return client
