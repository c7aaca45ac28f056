"""Whom the compat rate limit counts (the client's address as far as it can be believed),
how its window slides, and what a client is told when the shared counters' Redis is
down. The counters shared across processes are in tests/integration/test_shared_limits.py."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.request import Request
from rest_framework.test import APIClient

from verification.compat import views
from verification.compat.admission import admitted
from verification.compat.views import _seconds_until_room, client_address
from verification.errors import ServiceUnavailable


def _address(remote: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(Request(request))


# --- X-Forwarded-For ------------------------------------------------------------------


def test_without_trusted_proxies_forwarded_for_is_ignored() -> None:
    assert _address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_for_from_an_untrusted_connection_is_ignored() -> None:
    assert _address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_client_is_the_right_most_untrusted_hop() -> None:
    # The client wrote "1.2.3.4"; the first proxy appended the address it saw
    # (198.51.100.1), then a second trusted proxy (10.0.0.2) appended the first's.
    assert _address("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2") == "198.51.100.1"
    assert _address("10.0.0.1", "198.51.100.1") == "198.51.100.1"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_blank_hops_are_skipped() -> None:
    assert _address("10.0.0.1", " , 198.51.100.1 ,, ") == "198.51.100.1"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_without_forwarded_for_is_the_client() -> None:
    assert _address("10.0.0.1") == "10.0.0.1"
    assert _address("10.0.0.1", "") == "10.0.0.1"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_when_every_hop_is_trusted_the_left_most_is_the_client() -> None:
    assert _address("10.0.0.1", "10.0.0.7, 10.0.0.2") == "10.0.0.7"


@override_settings(SCALEBOX_TRUSTED_PROXIES=["::1", "fd00::/8"])
def test_ipv6_proxies_and_clients() -> None:
    assert _address("::1", "2001:db8::5, fd00::2") == "2001:db8::5"
    assert _address("2001:db8::9", "2001:db8::5") == "2001:db8::9"


# --- the sliding window ---------------------------------------------------------------


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _spend(anonymous: APIClient, count: int) -> list[int]:
    return [anonymous.post("/run_code", {}, format="json").status_code for _ in range(count)]


@pytest.mark.django_db
@override_settings(SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True, SCALEBOX_COMPAT_ANON_RATE="4/min")
def test_the_window_slides(anonymous: APIClient, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _Clock(600 * 60.0)  # the start of a minute
    monkeypatch.setattr(views.CompatClientThrottle, "timer", clock)
    assert _spend(anonymous, 5) == [400, 400, 400, 400, 429]
    refused = anonymous.post("/run_code", {}, format="json")
    # Room again when a quarter of this minute's requests has slid out: 15 s into the next.
    assert refused.status_code == 429 and refused["Retry-After"] == "75"
    clock.now += 60 + 30  # half of the previous minute's four still counts: two fit
    assert _spend(anonymous, 3) == [400, 400, 429]
    clock.now += 60  # the previous minute held two, now half counted: three fit
    assert _spend(anonymous, 4) == [400, 400, 400, 429]


def test_room_returns_as_the_previous_window_slides_out() -> None:
    # Limit 4; the previous window held 4 and this one 1, a quarter gone: 3 + 1 + 1 > 4,
    # and one more fits once half of the previous window is gone.
    assert _seconds_until_room(before=4, count=1, limit=4, elapsed=0.25) == pytest.approx(0.25)
    # This window is full: the next one, once a quarter of this one has slid out.
    assert _seconds_until_room(before=0, count=4, limit=4, elapsed=0.5) == pytest.approx(0.75)


# --- the shared counters' Redis down -------------------------------------------------

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
@override_settings(
    SCALEBOX_COMPAT_ALLOW_ANONYMOUS=True,
    CACHES={
        "default": {
            "BACKEND": "verification.cache.PrefixedRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    },
)
def test_a_rate_limit_that_cannot_count_answers_503(anonymous: APIClient) -> None:
    response = anonymous.post("/run_code", {}, format="json")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert response["Retry-After"]


@override_settings(SCALEBOX_CACHE_URL=UNREACHABLE)
def test_admission_that_cannot_count_is_unavailable() -> None:
    with (
        pytest.raises(ServiceUnavailable, match="SCALEBOX_CACHE_URL"),
        admitted(priority=5, deadline_s=10),
    ):
        pass
