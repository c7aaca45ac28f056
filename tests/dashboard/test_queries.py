"""Every page makes the same number of queries with 5 rows as with 50: no N+1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from judges.models import Judge, JudgeAction, JudgeEvent, JudgeKind, JudgeState
from tests.dashboard.factories import (
    TaskSpec,
    judged_submission,
    make_run,
    problem_for,
    uniform_tasks,
)
from tests.factories import make_problem, make_user
from verification import models as vm
from verification.models import CaseResult, ReferenceSolution, WorkerHost

pytestmark = pytest.mark.django_db

# Sessions, the user, and at most this many queries of the page itself.
MOST_QUERIES = 16


def queries(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def same_queries(
    client: Client,
    django_assert_num_queries: Any,
    build: Callable[[int], str],
) -> int:
    """Build the page's data with 5 rows, count, then with 50 rows: the count holds."""
    small = queries(client, build(5))
    assert small <= MOST_QUERIES
    url = build(50)
    cache.clear()
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    return small


def test_run_list(alice: User, alice_client: Client, django_assert_num_queries: Any) -> None:
    made: list[int] = []

    def build(rows: int) -> str:
        while len(made) < rows:
            made.append(make_run(owner=alice, model=f"m{len(made)}").id)
        return "/runs/?status=COMPLETE"

    same_queries(alice_client, django_assert_num_queries, build)
    html = alice_client.get("/runs/").content.decode()
    assert html.count('name="a"') == 50


def test_run_page(alice: User, alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        run = make_run(owner=alice, tasks=uniform_tasks(rows, ("AC", "WA")))
        return f"/runs/{run.id}/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_run_task_page(alice: User, alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        run = make_run(owner=alice, tasks=[TaskSpec("T/0", ["WA"] * rows)])
        return f"/runs/{run.id}/tasks/{run.tasks.get().id}/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_compare_page(alice: User, alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        a = make_run(owner=alice, tasks=uniform_tasks(rows, ("AC",)))
        b = make_run(owner=alice, tasks=uniform_tasks(rows, ("WA",)))
        return f"/runs/compare/?a={a.id}&b={b.id}"

    same_queries(alice_client, django_assert_num_queries, build)


def test_problem_list(alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        for i in range(rows):
            problem_for(f"p{i:03d}")
        return "/problems/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_problem_page(alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        slug = f"many-{rows}"
        problem = make_problem(slug, [(f"{i}\n", f"{i}\n") for i in range(rows)])
        vm.TestCase.objects.filter(problem=problem, order__lt=rows // 2).update(group="sample")
        ReferenceSolution.objects.bulk_create(
            ReferenceSolution(
                problem=problem,
                path=f"accepted/s{i}.py",
                language="python",
                source="print()",
                expected="accepted",
                last_verdict="AC",
                last_verified_ok=True,
            )
            for i in range(rows)
        )
        return f"/problems/{slug}/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_submission_page(alice: User, alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        problem = make_problem(f"cases-{rows}", [(f"{i}\n", f"{i}\n") for i in range(rows)])
        judging = judged_submission(problem, "WA", owner=alice)
        CaseResult.objects.filter(judging=judging).update(
            verdict="WA", stdout_excerpt="nope\n", checker_message="wrong"
        )
        return f"/submissions/{judging.submission_id}/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_judge_pages(alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        key = f"judge-{rows}"
        for version in range(1, rows + 1):
            judge = Judge.objects.create(
                key=key,
                version=version,
                kind=JudgeKind.BUILTIN,
                builtin_name="default",
                state=JudgeState.VALIDATED,
                validation={"ok": True, "summary": {"checks": 1, "failed": 0}},
            )
            JudgeEvent.objects.create(judge=judge, action=JudgeAction.CREATED)
        return f"/judges/{key}/"

    same_queries(alice_client, django_assert_num_queries, build)
    same_queries(alice_client, django_assert_num_queries, lambda rows: "/judges/")


def test_status_page(alice_client: Client, django_assert_num_queries: Any) -> None:
    def build(rows: int) -> str:
        now = timezone.now()
        for i in range(WorkerHost.objects.count(), rows):
            WorkerHost.objects.create(
                name=f"w{i}@h",
                hostname="h",
                isolation="bwrap",
                languages={"python": "3.11", "c": "gcc 12"},
                started_at=now - timedelta(minutes=5),
                last_seen=now,
            )
            judged_submission(problem_for("sum"), "AC")
        return "/status/"

    same_queries(alice_client, django_assert_num_queries, build)


def test_a_user_without_staff_rights_counts_the_same(
    alice_client: Client, django_assert_num_queries: Any
) -> None:
    owner = make_user("carol")

    def build(rows: int) -> str:
        run = make_run(owner=owner, shared=True, tasks=[TaskSpec("T/0", ["WA"])])
        sample = run.samples.get()
        assert sample.judging_id is not None
        CaseResult.objects.filter(judging_id=sample.judging_id).delete()
        problem = make_problem(f"shared-{rows}", [(f"{i}\n", f"{i}\n") for i in range(rows)])
        cases = list(vm.TestCase.objects.filter(problem=problem).order_by("order"))
        CaseResult.objects.bulk_create(
            CaseResult(judging=sample.judging, test_case=c, order=i, verdict="WA")
            for i, c in enumerate(cases)
        )
        return f"/submissions/{sample.submission_id}/"

    same_queries(alice_client, django_assert_num_queries, build)
