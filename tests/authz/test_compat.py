"""The compatibility endpoints under the access rule: who may call them, and who then
sees what they stored."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.authz.conftest import token_client
from tests.factories import make_user
from verification.compat.admission import admission_reset
from verification.models import Problem, Submission

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = {
    "completion": "```python\na, b = map(int, input().split())\nprint(a + b)\n```",
    "config": {
        "language": "python",
        "run_timeout": 5,
        "provided_data": {
            "test_cases": {"type": "stdin_stdout", "input": ["1 2"], "output": ["3"]}
        },
        "extra": {},
    },
}
COMMON = {
    "completion": "```python\na, b = map(int, input().split())\nprint(a + b)\n```",
    "config": {
        "language": "python",
        "run_timeout": 5,
        "provided_data": {"test": [{"input": {"stdin": "1 2"}, "output": {"stdout": "3"}}]},
    },
}
RUN_CODE = {"code": "print(1)", "language": "python"}
BODIES = {"/run_code": RUN_CODE, "/common_evaluate_batch": BATCH, "/common_evaluate": COMMON}


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    admission_reset()


@pytest.mark.parametrize("path", list(BODIES))
def test_anonymous_callers_need_the_operator_to_open_the_endpoints(path: str) -> None:
    response = token_client(None).post(path, BODIES[path], format="json")
    assert response.status_code == 401, response.content
    assert not Submission.objects.exists()


@pytest.mark.parametrize("path", ["/common_evaluate_batch", "/common_evaluate"])
def test_a_signed_in_caller_owns_what_common_evaluate_stores(path: str) -> None:
    alice, bob, root = make_user("alice"), make_user("bob"), make_user("root", is_staff=True)
    response = token_client(alice).post(path, BODIES[path], format="json")
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] is True
    submission = Submission.objects.get()
    assert submission.owner_id == alice.id
    inline = Problem.objects.get(id=submission.problem_id)
    assert inline.inline and inline.owner_id == alice.id
    url = f"/api/v1/submissions/{submission.id}/"
    assert token_client(alice).get(url).status_code == 200
    assert token_client(bob).get(url).status_code == 404
    assert token_client(root).get(url).status_code == 200
    for who in (alice, root):  # its inline problem is reachable by slug by no one
        problem_url = f"/api/v1/problems/{inline.slug}/"
        assert token_client(who).get(problem_url).status_code == 404


@pytest.mark.parametrize("path", ["/common_evaluate_batch", "/common_evaluate"])
def test_an_anonymous_callers_submissions_are_seen_by_staff_only(path: str) -> None:
    bob, root = make_user("bob"), make_user("root", is_staff=True)
    with override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True):
        response = token_client(None).post(path, BODIES[path], format="json")
    assert response.status_code == 200, response.content
    submission = Submission.objects.get()
    assert submission.owner_id is None
    url = f"/api/v1/submissions/{submission.id}/"
    assert token_client(bob).get(url).status_code == 404
    assert token_client(root).get(url).status_code == 200


def test_run_code_stores_nothing_a_user_could_read() -> None:
    response = token_client(make_user("alice")).post("/run_code", RUN_CODE, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "Success"
    assert not Submission.objects.exists()
