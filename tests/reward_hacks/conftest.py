from __future__ import annotations

from collections.abc import Iterator

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_user
from verification.compat.admission import admission_reset
from verification.executors import executor_for, python


@pytest.fixture
def client() -> APIClient:
    admission_reset()
    user = make_user("rl-trainer")
    token, _ = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


@pytest.fixture
def bwrap_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run Python through a fresh bwrap sandbox per run instead of the pre-forked one."""
    cache = executor_for("python")._programs
    cache.clear()
    monkeypatch.setattr(python, "fast_path_enabled", lambda: False)
    yield
    cache.clear()


@pytest.fixture(params=["default", "bwrap"])
def sandbox_path(request: pytest.FixtureRequest) -> str:
    """Both execution paths for Python: the default (pre-forked when available) and bwrap."""
    if request.param == "bwrap":
        request.getfixturevalue("bwrap_path")
    return str(request.param)
