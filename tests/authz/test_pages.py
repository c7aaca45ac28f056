"""Anonymous / owner / other user / staff against every dashboard and admin page that
shows or changes problems, tests, submissions, judges, generation batches and runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eval_suites.models import EvalRun
from tests.authz.conftest import ROLES, World, page_client
from tests.authz.test_api import tiny_package
from verification.models import Problem

Url = Callable[[World], str]
LOGIN = 302  # a signed-out visitor is sent to the login page


def _sample(run: Any) -> int:
    return int(run.samples.get().submission_id)


def _task(run: Any) -> int:
    return int(run.tasks.get().id)


# (name, url, expected status for anonymous, owner, other, staff)
PAGES: list[tuple[str, Url, tuple[int, int, int, int]]] = [
    ("problem list", lambda w: "/problems/", (LOGIN, 200, 200, 200)),
    ("problem", lambda w: f"/problems/{w.problem.slug}/", (LOGIN, 200, 200, 200)),
    ("system problem", lambda w: f"/problems/{w.system_problem.slug}/", (LOGIN, 200, 200, 200)),
    ("inline problem", lambda w: f"/problems/{w.inline.slug}/", (LOGIN, 404, 404, 404)),
    ("upload form", lambda w: "/problems/upload/", (LOGIN, 200, 200, 200)),
    ("submission", lambda w: f"/submissions/{w.submission.id}/", (LOGIN, 200, 404, 200)),
    (
        "submission progress",
        lambda w: f"/submissions/{w.submission.id}/progress/",
        (LOGIN, 200, 404, 200),
    ),
    (
        "submission with inline tests",
        lambda w: f"/submissions/{w.inline_submission.id}/",
        (LOGIN, 200, 404, 200),
    ),
    (
        "submission of a private run",
        lambda w: f"/submissions/{_sample(w.run)}/",
        (LOGIN, 200, 404, 200),
    ),
    (
        "submission of a shared run",
        lambda w: f"/submissions/{_sample(w.shared_run)}/",
        (LOGIN, 200, 200, 200),
    ),
    ("judge list", lambda w: "/judges/", (LOGIN, 200, 200, 200)),
    ("judge", lambda w: f"/judges/{w.judge.key}/", (LOGIN, 200, 200, 200)),
    ("built-in judge", lambda w: f"/judges/{w.builtin_judge.key}/", (LOGIN, 200, 200, 200)),
    ("inline problem's judge", lambda w: f"/judges/{w.inline_judge.key}/", (LOGIN, 404, 404, 200)),
    ("run list", lambda w: "/runs/", (LOGIN, 200, 200, 200)),
    ("private run", lambda w: f"/runs/{w.run.id}/", (LOGIN, 200, 404, 200)),
    (
        "private run's task",
        lambda w: f"/runs/{w.run.id}/tasks/{_task(w.run)}/",
        (LOGIN, 200, 404, 200),
    ),
    (
        "private run's export",
        lambda w: f"/runs/{w.run.id}/export/metrics.json",
        (LOGIN, 200, 404, 200),
    ),
    ("shared run", lambda w: f"/runs/{w.shared_run.id}/", (LOGIN, 200, 200, 200)),
    (
        "shared run's task",
        lambda w: f"/runs/{w.shared_run.id}/tasks/{_task(w.shared_run)}/",
        (LOGIN, 200, 200, 200),
    ),
    (
        "compare a private and a shared run",
        lambda w: f"/runs/compare/?a={w.run.id}&b={w.shared_run.id}",
        (LOGIN, 200, 404, 200),
    ),
    ("status", lambda w: "/status/", (LOGIN, 200, 200, 200)),
    ("admin: judges", lambda w: "/admin/judges/judge/", (LOGIN, LOGIN, LOGIN, 200)),
    (
        "admin: an inline problem's judge",
        lambda w: f"/admin/judges/judge/{w.inline_judge.id}/change/",
        (LOGIN, LOGIN, LOGIN, 200),
    ),
    ("admin: review queue", lambda w: "/admin/judges/reviewjudge/", (LOGIN, LOGIN, LOGIN, 200)),
    (
        "admin: generation batches",
        lambda w: "/admin/judges/generationbatch/",
        (LOGIN, LOGIN, LOGIN, 200),
    ),
    (
        "admin: generations",
        lambda w: "/admin/judges/judgegeneration/",
        (LOGIN, LOGIN, LOGIN, 200),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), [pytest.param(*p[1:], id=p[0]) for p in PAGES])
def test_page_access(world: World, role: str, url: Url, expected: tuple[int, ...]) -> None:
    response = page_client(world, role).get(url(world))
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == LOGIN:
        assert response["Location"].startswith("/login/") or "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["owner", "other", "staff"])
def test_lists_never_name_an_inline_problem_or_its_judge(world: World, role: str) -> None:
    client = page_client(world, role)
    problems = client.get("/problems/").content.decode()
    assert world.problem.slug in problems and world.inline.slug not in problems
    judges = client.get("/judges/").content.decode()
    assert world.judge.key in judges
    assert (world.inline_judge.key in judges) == (role == "staff")


def test_the_admin_offers_no_inline_problem_for_a_judge(world: World) -> None:
    page = page_client(world, "staff").get("/admin/judges/judge/add/").content.decode()
    assert f">{world.problem.slug}<" in page
    assert world.inline.slug not in page


# (name, the run, the value posted, expected status for anonymous, owner, other, staff)
SHARES: list[tuple[str, Callable[[World], Any], str, tuple[int, int, int, int]]] = [
    ("share a private run", lambda w: w.run, "1", (LOGIN, 302, 404, 302)),
    ("unshare a shared run", lambda w: w.shared_run, "0", (LOGIN, 302, 403, 302)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("run", "value", "expected"), [pytest.param(*s[1:], id=s[0]) for s in SHARES]
)
def test_sharing_a_run(
    world: World, role: str, run: Any, value: str, expected: tuple[int, ...]
) -> None:
    target = EvalRun.objects.get(id=run(world).id)
    was_shared = target.shared
    response = page_client(world, role).post(f"/runs/{target.id}/share/", {"shared": value})
    assert response.status_code == expected[ROLES.index(role)]
    target.refresh_from_db()
    changed = response.status_code == 302 and role != "anonymous"
    assert target.shared is (value == "1" if changed else was_shared)


def _tests_of(problem: Any) -> list[tuple[str, str]]:
    return list(
        problem.test_cases.filter(active=True).order_by("order").values_list("name", "content_hash")
    )


# (name, the slug, expected status for anonymous, owner, other, staff): 302 means imported
# (redirected to the problem's page); 200 means the form came back with its error.
UPLOADS: list[tuple[str, Callable[[World], str], tuple[int, int, int, int]]] = [
    ("over a problem", lambda w: w.problem.slug, (LOGIN, 302, 200, 302)),
    ("over a system problem", lambda w: w.system_problem.slug, (LOGIN, 200, 200, 302)),
    ("over an inline problem", lambda w: w.inline.slug, (LOGIN, 200, 200, 200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("slug", "expected"), [pytest.param(*u[1:], id=u[0]) for u in UPLOADS])
def test_upload_page(
    world: World, tmp_path: Path, role: str, slug: Callable[[World], str], expected: tuple
) -> None:
    target = Problem.objects.get(slug=slug(world))
    before = _tests_of(target)
    response = page_client(world, role).post(
        "/problems/upload/", {"package": tiny_package(tmp_path), "slug": target.slug}
    )
    status = expected[ROLES.index(role)]
    assert response.status_code == status
    if status == 200:
        assert "not yours to replace" in response.content.decode() or "reserved" in (
            response.content.decode()
        )
    if status == 302 and role != "anonymous":
        assert _tests_of(target) != before
    else:
        assert _tests_of(target) == before
