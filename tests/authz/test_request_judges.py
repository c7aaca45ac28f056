"""A special judge sent with a compat request is stored as a judge row shared by identical
code; it is its sender's code, so only staff can read it back."""

from __future__ import annotations

import pytest

from judges.services import judge_exit_code_get_or_create
from tests.authz.conftest import ROLES, World, api_client

SECRET = "import sys\n# the hidden test data lives at /srv/answers\nsys.exit(0)\n"


@pytest.mark.parametrize(
    ("role", "status"), list(zip(ROLES, (401, 404, 404, 200), strict=True)), ids=list(ROLES)
)
def test_a_request_judge_is_read_by_staff_only(world: World, role: str, status: int) -> None:
    judge = judge_exit_code_get_or_create(source=SECRET, language="python")
    response = api_client(world, role).get(f"/api/v1/judges/{judge.id}/")
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["kind"] == "exit_code"
    else:
        assert "hidden test data" not in response.content.decode()
