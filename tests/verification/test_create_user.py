"""manage.py create_user: a normal user for the dashboard and the API, with clear errors."""

from __future__ import annotations

import io
import sys

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def create_user(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("create_user", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_user_with_a_password_from_stdin_signs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = create_user(monkeypatch, "carol", "--password-stdin", stdin="s3cret pass\n")
    assert printed == ""
    carol = User.objects.get(username="carol")
    assert not carol.is_staff and not carol.is_superuser
    assert authenticate(username="carol", password="s3cret pass") == carol
    assert not Token.objects.filter(user=carol).exists()


def test_token_prints_the_api_token(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = create_user(monkeypatch, "dave", "--no-password", "--token", "--staff")
    dave = User.objects.get(username="dave")
    assert printed.strip() == Token.objects.get(user=dave).key
    assert dave.is_staff and not dave.has_usable_password()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["alice", "--password-stdin"], "pw\n", "a user named 'alice' exists already"),
        (["bad name!", "--password-stdin"], "pw\n", "username 'bad name!': Enter a valid"),
        (["x" * 151, "--password-stdin"], "pw\n", "at most 150 characters"),
        (["erin", "--password-stdin"], "\n", "the password is empty"),
        (["erin", "--no-password"], "", "give --token too"),
        (["erin"], "", "no terminal to ask for a password on"),
    ],
)
def test_mistakes_are_clear_errors_and_create_nothing(
    monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str, message: str
) -> None:
    make_user("alice")
    with pytest.raises(CommandError, match=message.replace("!", ".").replace("(", ".")):
        create_user(monkeypatch, *args, stdin=stdin)
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]
    assert not Token.objects.exists()
