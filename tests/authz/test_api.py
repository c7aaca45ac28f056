"""Anonymous / owner / other user / staff against every native API endpoint that reads or
writes problems, tests, submissions, judges and generation batches."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.authz.conftest import ROLES, World, api_client
from tests.problem_package.conftest import write_tree, zip_directory
from verification.models import Submission

SOURCE = "print(3)\n"
NEW_TESTS = {"test_cases": [{"input": "5\n", "answer": "25\n"}]}


def tiny_package(root: Path, name: str = "tiny") -> io.BytesIO:
    """A zipped package with one case and no submissions (nothing runs at import)."""
    tree = write_tree(
        root / name,
        {
            "problem.yaml": f"name: {name}\n",
            "data/secret/1.in": "1 2\n",
            "data/secret/1.ans": "42\n",
        },
    )
    data = io.BytesIO(zip_directory(tree))
    data.name = f"{name}.zip"
    return data


Url = Callable[[World], str]
Body = Callable[[World, Path], Any]


def _sample_submission(run: Any) -> int:
    return int(run.samples.get().submission_id)


class Case(NamedTuple):
    name: str
    method: str
    url: Url
    body: Body | None
    fmt: str
    expected: tuple[int, int, int, int]
    """The status for an anonymous caller, the owner, another user and staff."""


CASES = [
    Case(*row)
    for row in [
        ("problem list", "get", lambda w: "/api/v1/problems/", None, "", (401, 200, 200, 200)),
        (
            "problem",
            "get",
            lambda w: f"/api/v1/problems/{w.problem.slug}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "system problem",
            "get",
            lambda w: f"/api/v1/problems/{w.system_problem.slug}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "inline problem",
            "get",
            lambda w: f"/api/v1/problems/{w.inline.slug}/",
            None,
            "",
            (401, 404, 404, 404),
        ),
        (
            "replace tests",
            "put",
            lambda w: f"/api/v1/problems/{w.problem.slug}/test_cases/",
            lambda w, tmp: NEW_TESTS,
            "json",
            (401, 200, 403, 200),
        ),
        (
            "replace a system problem's tests",
            "put",
            lambda w: f"/api/v1/problems/{w.system_problem.slug}/test_cases/",
            lambda w, tmp: NEW_TESTS,
            "json",
            (401, 403, 403, 200),
        ),
        (
            "replace an inline problem's tests",
            "put",
            lambda w: f"/api/v1/problems/{w.inline.slug}/test_cases/",
            lambda w, tmp: NEW_TESTS,
            "json",
            (401, 404, 404, 404),
        ),
        (
            "create a problem",
            "post",
            lambda w: "/api/v1/problems/",
            lambda w, tmp: {"slug": "fresh", **NEW_TESTS},
            "json",
            (401, 201, 201, 201),
        ),
        (
            "create a problem over an inline slug",
            "post",
            lambda w: "/api/v1/problems/",
            lambda w, tmp: {"slug": w.inline.slug, **NEW_TESTS},
            "json",
            (401, 403, 403, 403),
        ),
        (
            "upload a new problem",
            "post",
            lambda w: "/api/v1/problems/upload/",
            lambda w, tmp: {"package": tiny_package(tmp), "slug": "brand-new"},
            "multipart",
            (401, 201, 201, 201),
        ),
        (
            "upload over a problem",
            "post",
            lambda w: "/api/v1/problems/upload/",
            lambda w, tmp: {"package": tiny_package(tmp), "slug": w.problem.slug},
            "multipart",
            (401, 201, 403, 201),
        ),
        (
            "upload over a system problem",
            "post",
            lambda w: "/api/v1/problems/upload/",
            lambda w, tmp: {"package": tiny_package(tmp), "slug": w.system_problem.slug},
            "multipart",
            (401, 403, 403, 201),
        ),
        (
            "upload over an inline problem",
            "post",
            lambda w: "/api/v1/problems/upload/",
            lambda w, tmp: {"package": tiny_package(tmp), "slug": w.inline.slug},
            "multipart",
            (401, 403, 403, 403),
        ),
        (
            "submit to a problem",
            "post",
            lambda w: "/api/v1/submissions/",
            lambda w, tmp: {"problem": w.problem.slug, "language": "python", "source": SOURCE},
            "json",
            (401, 201, 201, 201),
        ),
        (
            "submit to an inline problem",
            "post",
            lambda w: "/api/v1/submissions/",
            lambda w, tmp: {"problem": w.inline.slug, "language": "python", "source": SOURCE},
            "json",
            (401, 404, 404, 404),
        ),
        (
            "submission",
            "get",
            lambda w: f"/api/v1/submissions/{w.submission.id}/",
            None,
            "",
            (401, 200, 404, 200),
        ),
        (
            "submission with inline tests",
            "get",
            lambda w: f"/api/v1/submissions/{w.inline_submission.id}/",
            None,
            "",
            (401, 200, 404, 200),
        ),
        (
            "submission of a private run",
            "get",
            lambda w: f"/api/v1/submissions/{_sample_submission(w.run)}/",
            None,
            "",
            (401, 200, 404, 200),
        ),
        (
            "submission of a shared run",
            "get",
            lambda w: f"/api/v1/submissions/{_sample_submission(w.shared_run)}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "rejudge",
            "post",
            lambda w: f"/api/v1/submissions/{w.submission.id}/rejudge/",
            None,
            "",
            (401, 201, 404, 201),
        ),
        (
            "rejudge a shared run's submission",
            "post",
            lambda w: f"/api/v1/submissions/{_sample_submission(w.shared_run)}/rejudge/",
            None,
            "",
            (401, 403, 403, 201),
        ),
        ("judge", "get", lambda w: f"/api/v1/judges/{w.judge.id}/", None, "", (401, 200, 200, 200)),
        (
            "built-in judge",
            "get",
            lambda w: f"/api/v1/judges/{w.builtin_judge.id}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "inline problem's judge",
            "get",
            lambda w: f"/api/v1/judges/{w.inline_judge.id}/",
            None,
            "",
            (401, 404, 404, 200),
        ),
        (
            "generation batch",
            "get",
            lambda w: f"/api/v1/judges/batches/{w.batch.id}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "generation batch of an inline problem",
            "get",
            lambda w: f"/api/v1/judges/batches/{w.inline_batch.id}/",
            None,
            "",
            (401, 404, 404, 200),
        ),
        (
            "problem's judge state",
            "get",
            lambda w: f"/api/v1/judges/problems/{w.problem.slug}/",
            None,
            "",
            (401, 200, 200, 200),
        ),
        (
            "inline problem's judge state",
            "get",
            lambda w: f"/api/v1/judges/problems/{w.inline.slug}/",
            None,
            "",
            (401, 404, 404, 404),
        ),
        (
            "generate judges",
            "post",
            lambda w: "/api/v1/judges/generate/",
            lambda w, tmp: {"problems": [w.problem.slug]},
            "json",
            (401, 403, 403, 202),
        ),
        (
            "generate a judge for an inline problem",
            "post",
            lambda w: "/api/v1/judges/generate/",
            lambda w, tmp: {"problems": [w.inline.slug]},
            "json",
            (401, 403, 403, 404),
        ),
        (
            "write a judge",
            "post",
            lambda w: "/api/v1/judges/",
            lambda w, tmp: {"problem": w.problem.slug, "kind": "builtin", "builtin_name": "tokens"},
            "json",
            (401, 403, 403, 201),
        ),
        (
            "write a judge for an inline problem",
            "post",
            lambda w: "/api/v1/judges/",
            lambda w, tmp: {"problem": w.inline.slug, "kind": "builtin", "builtin_name": "tokens"},
            "json",
            (401, 403, 403, 404),
        ),
    ]
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_api_access(world: World, tmp_path: Path, role: str, case: Case) -> None:
    client = api_client(world, role)
    kwargs: dict[str, Any] = {}
    if case.body is not None:
        kwargs = {"data": case.body(world, tmp_path), "format": case.fmt}
    response = getattr(client, case.method)(case.url(world), **kwargs)
    assert response.status_code == case.expected[ROLES.index(role)], response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}


def _listed(world: World, role: str, path: str, key: str) -> set[Any]:
    body = api_client(world, role).get(path).json()
    return {row[key] for row in body["results"]}


@pytest.mark.parametrize("role", ["owner", "other", "staff"])
def test_inline_problems_are_never_listed(world: World, role: str) -> None:
    slugs = _listed(world, role, "/api/v1/problems/", "slug")
    assert world.problem.slug in slugs and world.system_problem.slug in slugs
    assert world.inline.slug not in slugs


def test_the_submission_list_follows_the_rule(world: World) -> None:
    private = _sample_submission(world.run)
    shared = _sample_submission(world.shared_run)
    mine = {world.submission.id, world.inline_submission.id, private, shared}
    assert _listed(world, "owner", "/api/v1/submissions/", "id") == mine
    assert _listed(world, "other", "/api/v1/submissions/", "id") == {shared}
    every = set(Submission.objects.values_list("id", flat=True))
    assert _listed(world, "staff", "/api/v1/submissions/", "id") == every
