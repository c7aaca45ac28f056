"""POST /api/v1/judges/generate/ takes an explicit problem list or an explicit "all"."""

from __future__ import annotations

from typing import Any

import pytest

from judges.models import GenerationBatch
from tests.authz.conftest import token_client
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("body", "fmt", "text"),
    [
        ({}, "json", "'problems'"),
        ({"problemz": ["p"]}, "json", "unknown field 'problemz'"),
        ({"problems": ["p"], "bogus": 1}, "json", "unknown field 'bogus'"),
        ("garbage", "json", "JSON object"),
        ([], "json", "JSON object"),
        ([{"problems": ["p"]}], "json", "JSON object"),
        ({"problems": "p"}, "json", "list"),
        ({"problems": []}, "json", "empty"),
        ({"problems": [5]}, "json", "slug"),
        ({"all": "yes"}, "json", "true or false"),
        ({"all": 1}, "json", "true or false"),
        ({"all": False}, "json", "'problems'"),
        ({"all": True, "problems": ["p"]}, "json", "not both"),
        ({"all": True, "concurrency": "4"}, "json", "integer"),
        ({"all": True, "concurrency": 4.5}, "json", "integer"),
        ({"all": True, "concurrency": True}, "json", "integer"),
        ({"all": True, "concurrency": 0}, "json", "1"),
    ],
)
def test_a_bad_body_starts_nothing(body: Any, fmt: str, text: str) -> None:
    make_problem("p", [("1\n", "1\n")])
    staff = token_client(make_user("ops", is_staff=True))
    response = staff.post("/api/v1/judges/generate/", body, format=fmt)
    assert response.status_code == 400, response.content
    assert text in response.json()["error"]["message"], response.json()
    assert not GenerationBatch.objects.exists()


def test_a_form_body_is_refused() -> None:
    make_problem("p", [("1\n", "1\n")])
    staff = token_client(make_user("ops", is_staff=True))
    response = staff.post("/api/v1/judges/generate/", {"garbage": "x"}, format="multipart")
    assert response.status_code == 415, response.content
    assert "Unsupported media type" in response.json()["error"]["message"]
    assert not GenerationBatch.objects.exists()


def test_all_and_a_list_each_start_one_batch() -> None:
    make_problem("p", [("1\n", "1\n")])
    make_problem("q", [("1\n", "1\n")])
    staff = token_client(make_user("ops", is_staff=True))
    listed = staff.post("/api/v1/judges/generate/", {"problems": ["q"]}, format="json")
    assert listed.status_code == 202, listed.content
    assert listed.json()["problems"] == ["q"]
    every = staff.post("/api/v1/judges/generate/", {"all": True, "concurrency": 2}, format="json")
    assert every.status_code == 202, every.content
    assert every.json()["problems"] == ["p", "q"] and every.json()["concurrency"] == 2
    assert GenerationBatch.objects.count() == 2
