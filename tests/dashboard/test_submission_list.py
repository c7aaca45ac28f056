"""The submissions page (/submissions/): whose submissions, the filters, pages, links."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from tests.dashboard.factories import judged_submission, problem_for
from tests.dashboard.test_queries import same_queries
from verification import services
from verification.models import Judging, JudgingStatus, Submission

pytestmark = pytest.mark.django_db


def listed(client: Client, query: str = "") -> list[int]:
    response = client.get(f"/submissions/?{query}")
    assert response.status_code == 200
    return [int(n) for n in re.findall(r'<a href="/submissions/(\d+)/">#\1</a>', response.text)]


@pytest.fixture
def made(alice: User, bob: User) -> dict[str, int]:
    ac = judged_submission(problem_for("sum"), "AC", owner=alice)
    wa = judged_submission(problem_for("sum"), "WA", owner=alice)
    tle = judged_submission(problem_for("other"), "TLE", owner=alice)
    Submission.objects.filter(id=tle.submission_id).update(language="cpp")
    old = judged_submission(problem_for("other"), "RE", owner=alice)
    Submission.objects.filter(id=old.submission_id).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    bobs = judged_submission(problem_for("sum"), "AC", owner=bob)
    return {
        "ac": ac.submission_id,
        "wa": wa.submission_id,
        "tle": tle.submission_id,
        "old": old.submission_id,
        "bobs": bobs.submission_id,
    }


def test_a_user_sees_their_own_submissions_newest_first_each_linked(
    made: dict[str, int], alice_client: Client
) -> None:
    assert listed(alice_client) == [made["old"], made["tle"], made["wa"], made["ac"]]
    html = alice_client.get("/submissions/").text
    row = html[html.index(f'<a href="/submissions/{made["wa"]}/">') :].split("</tr>")[0]
    assert '<a href="/problems/sum/">sum</a>' in row
    assert '<span class="verdict verdict-WA">WA</span>' in row
    assert "<td>python</td>" in row
    assert "<th>owner</th>" not in html
    # The page is reached from every page's navigation.
    assert '<a href="/submissions/">Submissions</a>' in html


def test_staff_see_everyone_s_with_their_owners(made: dict[str, int], staff_client: Client) -> None:
    assert made["bobs"] in listed(staff_client)
    html = staff_client.get("/submissions/").text
    assert "<th>owner</th>" in html and "<td>bob</td>" in html


def test_filters_by_problem_language_verdict_and_days(
    made: dict[str, int], alice_client: Client
) -> None:
    assert listed(alice_client, "problem=other") == [made["old"], made["tle"]]
    assert listed(alice_client, "language=cpp") == [made["tle"]]
    assert listed(alice_client, "verdict=WA") == [made["wa"]]
    assert listed(alice_client, "problem=sum&verdict=AC") == [made["ac"]]
    week_ago = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert listed(alice_client, f"date_to={week_ago}") == [made["old"]]
    assert made["old"] not in listed(alice_client, f"date_from={week_ago}")
    today = timezone.now().date().isoformat()
    assert len(listed(alice_client, f"date_from={today}&date_to={today}")) == 3
    # The form keeps what was asked, and offers the languages and verdicts to pick.
    html = alice_client.get("/submissions/?language=cpp&verdict=WA").text
    assert '<option value="cpp" selected>cpp</option>' in html
    assert '<option value="WA" selected>WA (wrong answer)</option>' in html
    assert 'type="date" name="date_from"' in html


def test_the_verdict_is_the_latest_judging_s(alice: User, alice_client: Client) -> None:
    first = judged_submission(problem_for("sum"), "WA", owner=alice)
    Judging.objects.create(
        submission_id=first.submission_id, status=JudgingStatus.QUEUED, case_ids=[]
    )
    assert listed(alice_client, "verdict=WA") == []
    html = alice_client.get("/submissions/").text
    assert '<span class="status status-QUEUED">QUEUED</span>' in html


def test_bad_filters_say_what_is_wrong(made: dict[str, int], alice_client: Client) -> None:
    response = alice_client.get("/submissions/?verdict=NOPE&date_from=someday")
    assert response.status_code == 200
    errors = response.text[response.text.index('id="filter-errors"') :].split("</ul>")[0]
    assert "Verdict: Select a valid choice. NOPE is not one of the available choices." in errors
    assert "From: Enter a valid date." in errors
    assert listed(alice_client, "verdict=NOPE") == []
    assert "Fix the filters above." in response.text


def test_inline_tests_have_no_problem_page(alice: User, alice_client: Client) -> None:
    problem = services.problem_create_inline(
        cases=[services.CaseSpec(name="t", group="secret", input=b"1\n", answer=b"1\n")],
        kind="stdin_stdout",
        owner=alice,
    )
    Submission.objects.create(problem=problem, language="python", owner=alice)
    html = alice_client.get("/submissions/").text
    assert '<span class="muted">inline tests</span>' in html
    assert '<span class="muted">not judged</span>' in html
    assert f"/problems/{problem.slug}/" not in html


@override_settings(SCALEBOX_DASHBOARD_PAGE_SIZE=2)
def test_pages_keep_the_filters(made: dict[str, int], alice_client: Client) -> None:
    html = alice_client.get("/submissions/?language=python&verdict=").text
    assert "page 1 of 2 (3 submissions)" in html
    assert 'href="?language=python&amp;verdict=&amp;page=2"' in html
    assert listed(alice_client, "language=python&verdict=&page=2") == [made["ac"]]


def test_signed_out_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get("/submissions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_page_queries_do_not_grow_with_its_rows(
    alice: User, alice_client: Client, django_assert_num_queries: Any
) -> None:
    def build(rows: int) -> str:
        Submission.objects.all().delete()
        for _ in range(rows):
            judged_submission(problem_for("sum"), "WA", owner=alice)
        return "/submissions/"

    same_queries(alice_client, django_assert_num_queries, build)
