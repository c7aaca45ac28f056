from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.executors import python as python_executor


@pytest.fixture
def client(db: None) -> APIClient:
    """An API client with a user's token."""
    token, _ = Token.objects.get_or_create(user=make_user("researcher"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The stdin of every pre-forked Python program run (a batch's harness, or a case's
    own program)."""
    seen: list[bytes] = []
    real = python_executor.FastPythonProgram.run

    def counted(self: Any, stdin: bytes, *args: Any, **kwargs: Any) -> Any:
        seen.append(stdin)
        return real(self, stdin, *args, **kwargs)

    monkeypatch.setattr(python_executor.FastPythonProgram, "run", counted)
    return seen
