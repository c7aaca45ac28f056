"""The submissions page (/submissions/) and the token form against each role."""

from __future__ import annotations

import re

import pytest
from rest_framework.authtoken.models import Token

from tests.authz.conftest import ROLES, World, page_client, user_of

EXPECTED = {"anonymous": 302, "owner": 200, "other": 200, "staff": 200}


def _listed(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'<a href="/submissions/(\d+)/">', html)}


@pytest.mark.parametrize("role", ROLES)
def test_the_submissions_page_lists_only_what_the_role_may_see(world: World, role: str) -> None:
    response = page_client(world, role).get("/submissions/")
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert response["Location"].startswith("/login/")
        return
    html = response.content.decode()
    mine = {world.submission.id, world.inline_submission.id}
    listed = _listed(html)
    if role == "owner":
        assert mine <= listed
    elif role == "other":
        assert not listed & mine
    else:
        assert mine <= listed
    # Nobody is shown the hidden problem of inline tests by its slug.
    assert world.inline.slug not in html


@pytest.mark.parametrize("role", ROLES)
def test_a_token_is_made_only_for_the_signed_in_user_who_asks(world: World, role: str) -> None:
    before = set(Token.objects.values_list("user_id", flat=True))
    response = page_client(world, role).post("/account/token/", {"action": "create"})
    assert response.status_code == 302
    user = user_of(world, role)
    after = set(Token.objects.values_list("user_id", flat=True))
    if user is None:
        assert response["Location"].startswith("/login/")
        assert after == before
    else:
        assert after == before | {user.id}
