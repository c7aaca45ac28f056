"""The API token on the page a user lands on after signing in (/runs/)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def panel(client: Client) -> str:
    html = client.get("/runs/").text
    start = html.index('<details class="api-token"')
    return html[start : html.index("</details>", start)]


def test_signing_in_lands_on_the_page_with_the_token_panel(alice: User) -> None:
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == "/runs/"
    shown = panel(client)
    assert "Create my API token" in shown
    assert "open" in shown.split(">")[0]  # nothing to hide yet: the button shows
    assert not Token.objects.exists()


def test_the_token_is_made_on_demand_shown_and_works(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/account/token/", {"action": "create", "next": "/runs/?status=COMPLETE"}
    )
    assert response.status_code == 302 and response["Location"] == "/runs/?status=COMPLETE"
    key = Token.objects.get(user=alice).key
    just_made = panel(alice_client)
    assert f'<code class="token">{key}</code>' in just_made
    assert "open" in just_made.split(">")[0]
    later = panel(alice_client)
    assert key in later and "open" not in later.split(">")[0]  # folded on later visits
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/submissions/").status_code == 200
    # Creating again keeps the same token.
    alice_client.post("/account/token/", {"action": "create"})
    assert Token.objects.get(user=alice).key == key


def test_replacing_the_token_retires_the_old_one(alice: User, alice_client: Client) -> None:
    old = Token.objects.create(user=alice).key
    alice_client.post("/account/token/", {"action": "replace"})
    new = Token.objects.get(user=alice).key
    assert new != old
    assert new in panel(alice_client) and old not in panel(alice_client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/submissions/").status_code == 401


def test_each_user_sees_only_their_own_token(alice: User, bob: User, bob_client: Client) -> None:
    alices = Token.objects.create(user=alice).key
    assert alices not in panel(bob_client)
    assert "Create my API token" in panel(bob_client)


def test_bad_requests_change_nothing(alice: User, alice_client: Client, client: Client) -> None:
    assert alice_client.get("/account/token/").status_code == 405
    response = alice_client.post("/account/token/", {"action": "steal", "next": "https://evil/"})
    assert response["Location"] == "/runs/"
    assert "Unknown token action &#x27;steal&#x27;" in alice_client.get("/runs/").text
    signed_out = client.post("/account/token/", {"action": "create"})
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/login/")
    assert not Token.objects.exists()
