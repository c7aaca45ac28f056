"""Bob's attack from issue 13, end to end, and the import service's own refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.authz.conftest import token_client
from tests.authz.test_api import tiny_package
from tests.factories import make_user
from tests.problem_package.conftest import write_tree
from verification import services_import
from verification.errors import Forbidden
from verification.models import Problem
from verification.problem_package import load_package
from verification.selectors import judging_wait
from verification.services import CaseSpec, problem_upsert, submission_create
from verification.services_import import problem_import

APLUSB = "a, b = map(int, input().split())\nprint(a + b)\n"
FORTY_TWO = "print(42)\n"


def _verdict(problem: Problem, source: str) -> str:
    submission = submission_create(problem=problem, language="python", source=source)
    return judging_wait(judging_id=submission.judgings.get().id, timeout_s=120).verdict


def _tests(problem: Problem) -> list[tuple[str, str]]:
    return list(
        problem.test_cases.filter(active=True).order_by("order").values_list("name", "content_hash")
    )


@pytest.mark.django_db(transaction=True)
def test_bob_cannot_replace_alices_tests_through_the_upload_api(tmp_path: Path) -> None:
    alice = make_user("alice")
    bob = make_user("bob")
    cases = [("1 2\n", "3\n"), ("20 22\n", "42\n"), ("5 5\n", "10\n")]
    specs = [
        CaseSpec(name=f"secret/{i}", group="secret", input=a.encode(), answer=b.encode())
        for i, (a, b) in enumerate(cases, 1)
    ]
    problem = problem_upsert(slug="aplusb", title="A+B", cases=specs, owner=alice)
    before = _tests(problem)
    assert _verdict(problem, APLUSB) == "AC"

    response = token_client(bob).post(
        "/api/v1/problems/upload/",
        {"package": tiny_package(tmp_path, "evil"), "slug": "aplusb"},
        format="multipart",
    )

    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "forbidden"
    assert _tests(problem) == before
    problem.refresh_from_db()
    assert problem.owner_id == alice.id and problem.title == "A+B"
    assert _verdict(problem, APLUSB) == "AC"
    assert _verdict(problem, FORTY_TWO) == "WA"


@pytest.mark.django_db(transaction=True)
def test_an_inline_problems_slug_is_refused_without_saying_it_exists(tmp_path: Path) -> None:
    alice = make_user("alice")
    client = APIClient()
    client.force_authenticate(alice)
    made = client.post(
        "/api/v1/submissions/",
        {"tests": [{"input": "1\n", "answer": "1\n"}], "language": "python", "source": "x=1\n"},
        format="json",
    )
    assert made.status_code == 201, made.content
    inline = Problem.objects.get(inline=True)
    before = _tests(inline)
    answers = []
    for slug in (inline.slug, "inline-0123456789abcdef0123456789abcdef"):
        response = client.post(
            "/api/v1/problems/upload/",
            {"package": tiny_package(tmp_path / slug), "slug": slug},
            format="multipart",
        )
        answers.append((response.status_code, response.json()["error"]["message"]))
    assert answers[0][0] == 403
    assert answers[0][1] == answers[1][1].replace("inline-0123456789abcdef0123456789abcdef", "")
    assert _tests(inline) == before
    inline.refresh_from_db()
    assert inline.inline is True


@pytest.fixture
def package(tmp_path: Path):
    root = write_tree(
        tmp_path / "pkg",
        {"problem.yaml": "name: Pkg\n", "data/secret/1.in": "1\n", "data/secret/1.ans": "2\n"},
    )
    return load_package(root)


@pytest.mark.django_db
def test_problem_import_refuses_an_actor_who_does_not_own_the_slug(package) -> None:
    alice = make_user("alice")
    bob = make_user("bob")
    root = make_user("root", is_staff=True)
    mine = problem_import(package=package, slug="pkg", actor=alice)
    assert mine.owner_id == alice.id
    with pytest.raises(Forbidden, match="not yours"):
        problem_import(package=package, slug="pkg", actor=bob)
    assert problem_import(package=package, slug="pkg", actor=alice).id == mine.id
    assert problem_import(package=package, slug="pkg", actor=root).owner_id == alice.id
    system = problem_import(package=package, slug="cli")  # the CLI acts as the system
    assert system.owner_id is None
    with pytest.raises(Forbidden):
        problem_import(package=package, slug="cli", actor=alice)
    assert problem_import(package=package, slug="cli", actor=root).owner_id is None


@pytest.mark.django_db
def test_a_slug_taken_by_someone_else_mid_import_is_rolled_back(
    package, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing cannot see a problem created after it (here: a check that
    saw nothing); the confirmation after writing refuses it and the write is undone."""
    alice = make_user("alice")
    bob = make_user("bob")
    theirs = problem_import(package=package, slug="race", actor=alice)
    before = _tests(theirs)
    monkeypatch.setattr(services_import, "problem_slug_claim_check", lambda **_: None)
    with pytest.raises(Forbidden, match="not yours"):
        problem_import(package=package, slug="race", actor=bob)
    theirs.refresh_from_db()
    assert theirs.owner_id == alice.id and _tests(theirs) == before
