"""Submitting while the broker is down, and retried submits (Idempotency-Key).

The broker is the one seam here (``services_judging._send_chord`` raising what kombu raises when
it cannot connect); tests/integration/test_reconcile.py points a real client at a
broker port with nothing listening.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from tests.factories import make_problem, make_user
from verification import services_judging
from verification.models import Judging, Submission, WorkerHost

pytestmark = pytest.mark.django_db(transaction=True)

SQUARE_OK = "n = int(input())\nprint(n * n)\n"
SUBMIT = {"problem": "square", "language": "python", "source": SQUARE_OK}


@pytest.fixture
def square() -> Any:
    return make_problem("square", [(f"{i}\n", f"{i * i}\n") for i in range(3)])


@pytest.fixture
def alice() -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user("alice"))
    return client


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> None:
    now = timezone.now()
    WorkerHost.objects.create(
        name="w@h",
        hostname="h",
        isolation="bubblewrap",
        languages={"python": "3"},
        started_at=now - timedelta(minutes=1),
        last_seen=now,
    )

    def refused(judging_id: int, attempt: int) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(services_judging, "_send_chord", refused)


def _assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "unavailable"
    assert "broker" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0


@override_settings(SCALEBOX_EMBEDDED=False, SCALEBOX_RETRY_AFTER_S=7)
def test_submit_while_the_broker_is_down_answers_503_and_keeps_nothing(
    alice: APIClient, square: Any, broker_down: None
) -> None:
    response = alice.post("/api/v1/submissions/", SUBMIT, format="json")
    _assert_unavailable(response)
    assert response["Retry-After"] == "7"
    assert not Submission.objects.exists() and not Judging.objects.exists()


@override_settings(SCALEBOX_EMBEDDED=False)
def test_batch_submit_while_the_broker_is_down_keeps_none_of_the_batch(
    alice: APIClient, square: Any, broker_down: None
) -> None:
    response = alice.post(
        "/api/v1/submissions/batch/", {"submissions": [SUBMIT, SUBMIT, SUBMIT]}, format="json"
    )
    _assert_unavailable(response)
    assert not Submission.objects.exists() and not Judging.objects.exists()


def test_rejudge_while_the_broker_is_down_keeps_the_old_judging_only(
    alice: APIClient, square: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = alice.post("/api/v1/submissions/", SUBMIT, format="json").json()
    with override_settings(SCALEBOX_EMBEDDED=False):
        monkeypatch.setattr(
            services_judging,
            "_send_chord",
            lambda judging_id, attempt: (_ for _ in ()).throw(OperationalError("refused")),
        )
        WorkerHost.objects.create(
            name="w@h",
            hostname="h",
            isolation="bubblewrap",
            languages={"python": "3"},
            started_at=timezone.now(),
            last_seen=timezone.now(),
        )
        response = alice.post(f"/api/v1/submissions/{created['id']}/rejudge/")
    _assert_unavailable(response)
    assert list(Judging.objects.values_list("id", flat=True)) == [created["judging"]["id"]]


def test_a_retried_submit_with_the_same_key_returns_the_first_submission(
    alice: APIClient, square: Any
) -> None:
    first = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Submission.objects.count() == 1 and Judging.objects.count() == 1
    other = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    plain = alice.post("/api/v1/submissions/", SUBMIT, format="json")
    assert plain.status_code == 201
    assert Submission.objects.count() == 3


def test_the_same_key_from_another_user_is_another_submission(
    alice: APIClient, square: Any
) -> None:
    bob = APIClient()
    bob.force_authenticate(make_user("bob"))
    a = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="same")
    b = bob.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


@override_settings(SCALEBOX_EMBEDDED=False)
def test_a_key_whose_submit_got_503_can_be_used_again(
    alice: APIClient, square: Any, broker_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k")
    _assert_unavailable(down)
    monkeypatch.setattr(services_judging, "_send_chord", lambda judging_id, attempt: None)
    up = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert up.status_code == 201
    assert Submission.objects.get().idempotency_key == "k"


@pytest.mark.parametrize("key", ["x" * 201, "caf\u00e9", "tab\there", " "])
def test_a_bad_idempotency_key_is_refused(alice: APIClient, square: Any, key: str) -> None:
    response = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert not Submission.objects.exists()


def test_the_same_key_for_a_different_request_is_a_409(alice: APIClient, square: Any) -> None:
    first = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 201, first.content
    for change in ({"source": "print(0)\n"}, {"language": "cpp"}, {"problem": "other"}):
        other = alice.post(
            "/api/v1/submissions/", {**SUBMIT, **change}, format="json", HTTP_IDEMPOTENCY_KEY="k"
        )
        assert other.status_code in (404, 409), (change, other.content)
        if other.status_code == 409:
            assert other.json()["error"]["code"] == "conflict"
            assert f"submission {first.json()['id']}" in other.json()["error"]["message"]
    assert Submission.objects.count() == 1


def test_a_retried_batch_with_the_same_key_returns_the_first_submissions(
    alice: APIClient, square: Any
) -> None:
    batch = {"submissions": [SUBMIT, {**SUBMIT, "source": "print(1)\n"}]}
    first = alice.post("/api/v1/submissions/batch/", batch, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert first.status_code == 201, first.content
    again = alice.post("/api/v1/submissions/batch/", batch, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert again.status_code == 200, again.content
    assert [s["id"] for s in again.json()] == [s["id"] for s in first.json()]
    assert Submission.objects.count() == 2
    # A single submit with the batch's key is not a retry of the batch.
    single = alice.post("/api/v1/submissions/", SUBMIT, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert single.status_code == 201, single.content
    assert Submission.objects.count() == 3


def test_a_batch_key_reused_for_other_work_is_a_409(alice: APIClient, square: Any) -> None:
    batch = {"submissions": [SUBMIT, SUBMIT]}
    first = alice.post("/api/v1/submissions/batch/", batch, format="json", HTTP_IDEMPOTENCY_KEY="b")
    assert first.status_code == 201, first.content
    shorter = {"submissions": [SUBMIT]}
    changed = {"submissions": [SUBMIT, {**SUBMIT, "source": "print(2)\n"}]}
    for body in (shorter, changed):
        response = alice.post(
            "/api/v1/submissions/batch/", body, format="json", HTTP_IDEMPOTENCY_KEY="b"
        )
        assert response.status_code == 409, response.content
        assert response.json()["error"]["field"] == "Idempotency-Key"
    assert Submission.objects.count() == 2
