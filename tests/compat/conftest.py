from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.compat.admission import admission_reset
from verification.executors import Program


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    admission_reset()
    cache.clear()


@pytest.fixture
def token() -> str:
    user = make_user("trainer")
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def client(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def patch_program_run(monkeypatch: pytest.MonkeyPatch, run: Callable[..., Any]) -> None:
    """Replace how every kind of compiled program runs (the bwrap and pre-forked paths)."""
    pending: list[type] = [Program]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "run" in cls.__dict__:
            monkeypatch.setattr(cls, "run", run)
