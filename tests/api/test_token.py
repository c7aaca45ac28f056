"""POST /api/v1/token/: a username and password in, the user's API token out."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_user_gets_their_token_and_it_opens_the_api() -> None:
    alice = make_user("alice")
    response = APIClient().post(
        "/api/v1/token/", {"username": "alice", "password": "pw"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {"token": Token.objects.get(user=alice).key, "username": "alice"}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/submissions/").status_code == 200


def test_asking_again_gives_the_same_token() -> None:
    make_user("alice")
    first = APIClient().post("/api/v1/token/", {"username": "alice", "password": "pw"})
    again = APIClient().post("/api/v1/token/", {"username": "alice", "password": "pw"})
    assert first.status_code == again.status_code == 200
    assert first.json()["token"] == again.json()["token"]
    assert Token.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message", "field"),
    [
        ({"username": "alice", "password": "wrong"}, "wrong username or password", None),
        ({"username": "nobody", "password": "pw"}, "wrong username or password", None),
        ({"username": "alice"}, "required", "password"),
        ({"password": "pw"}, "required", "username"),
        ({"username": 7, "password": "pw"}, "must be a string", "username"),
    ],
)
def test_wrong_or_missing_credentials_are_a_clear_400(
    body: dict[str, object], message: str, field: str | None
) -> None:
    make_user("alice")
    response = APIClient().post("/api/v1/token/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert message in error["message"]
    assert error.get("field") == field
    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token() -> None:
    make_user("alice", is_active=False)
    response = APIClient().post("/api/v1/token/", {"username": "alice", "password": "pw"})
    assert response.status_code == 400
    assert "not active" in response.json()["error"]["message"]
    assert not Token.objects.exists()
