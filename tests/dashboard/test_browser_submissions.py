"""In a real browser: the submissions page and its filters, and the API token made from
the page a user lands on. Screenshots go to test-artifacts/dashboard/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from tests.dashboard.factories import judged_submission, problem_for
from tests.dashboard.test_browser import log_in, page, shot
from tests.factories import make_user
from verification.models import Submission

__all__ = ["page"]  # the browser fixture, shared with test_browser.py

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_user_browses_and_filters_their_submissions(page: Any, live_server: Any) -> None:
    alice = make_user("alice")
    made = {}
    for slug, verdict, language in [
        ("sum", "AC", "python"),
        ("sum", "WA", "python"),
        ("product", "TLE", "cpp"),
        ("product", "AC", "cpp"),
        ("sum", "RE", "python"),
    ]:
        judging = judged_submission(problem_for(slug), verdict, owner=alice)
        Submission.objects.filter(id=judging.submission_id).update(language=language)
        made[(slug, verdict)] = judging.submission_id
    judged_submission(problem_for("sum"), "WA", owner=make_user("bob"))
    url = live_server.url

    log_in(page, url, "/submissions/")
    rows = page.locator("#submissions tbody tr")
    assert rows.count() == 5
    assert "WA" in page.locator("#submissions").inner_text()
    shot(page, "07-submissions")

    page.select_option("select[name=language]", "cpp")
    page.select_option("select[name=verdict]", "AC")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"language=cpp"))
    assert rows.count() == 1
    assert f"#{made[('product', 'AC')]}" in rows.first.inner_text()
    shot(page, "08-submissions-filtered")

    rows.first.locator("a", has_text="#").click()
    page.wait_for_url(f"{url}/submissions/{made[('product', 'AC')]}/")


def test_a_user_makes_their_api_token_on_the_runs_page(page: Any, live_server: Any) -> None:
    alice = make_user("alice")
    log_in(page, live_server.url, "/runs/")
    panel = page.locator("#api-token")
    assert "none yet" in panel.inner_text()
    page.click("text=Create my API token")
    page.wait_for_url(f"{live_server.url}/runs/")
    token = Token.objects.get(user=alice).key
    assert page.locator("#api-token code.token").inner_text() == token
    assert "Your API token is ready." in page.content()
    shot(page, "09-runs-api-token")
