"""The review flow through the admin's real views: queue, page, approve, edit, reject."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from judges.generation.pipeline import judge_generate
from judges.models import Judge, JudgeAction, JudgeEvent, JudgeOrigin, JudgeState
from tests.factories import make_user
from tests.judges_generation import replies
from tests.judges_generation.llm_server import ScriptedLLM
from tests.judges_generation.problems import fixture, fixture_install

pytestmark = pytest.mark.django_db


def _staff(username: str, *perms: str) -> Any:
    user = make_user(username, is_staff=True)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def reviewer() -> Any:
    return _staff("reviewer", "view_judge", "change_judge", "review_judge")


@pytest.fixture
def editor() -> Any:
    return _staff("editor", "view_judge", "change_judge")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pending(llm: ScriptedLLM) -> Judge:
    """A generated Python checker, validated and waiting for review."""
    problem = fixture_install("any-divisor")
    llm.script("any-divisor", "generate", replies.good("any-divisor"))
    generation = judge_generate(problem=problem)
    assert generation.judge is not None, generation.error
    return generation.judge


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.values[str(found["name"])] = found.get("value") or ""


def _form(client: Client, url: str, **fields: str) -> dict[str, str]:
    """What the browser would post from the page at ``url``: its hidden inputs and fields."""
    page = client.get(url)
    assert page.status_code == 200
    parser = _HiddenInputs()
    parser.feed(page.content.decode())
    return {**parser.values, **fields}


def _change_url(judge: Judge) -> str:
    return reverse("admin:judges_judge_change", args=[judge.pk])


def test_the_queue_and_the_judge_page_show_what_a_reviewer_needs(
    pending: Judge, reviewer: Any
) -> None:
    client = _client(reviewer)
    queue = client.get(reverse("admin:judges_reviewjudge_changelist"))
    assert queue.status_code == 200 and "any-divisor-special" in queue.content.decode()
    page = client.get(_change_url(pending)).content.decode()
    assert "Given a composite number" in page  # the statement
    assert '<span style="color:' in page and "check" in page  # highlighted code
    assert "builtin-default v1" in page and "any-divisor-special v1" in page  # the diff
    assert "passed: " in page and "last number perturbed" in page  # validation results
    assert "scripted-model-1" in page  # the generation record
    assert 'name="_approve"' in page and 'name="_reject"' in page


def test_approving_activates_the_judge_and_is_audited(pending: Judge, reviewer: Any) -> None:
    client = _client(reviewer)
    url = _change_url(pending)
    response = client.post(url, _form(client, url, _approve="1", edit_note="checked by hand"))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == JudgeState.ACTIVE
    assert pending.approved_by == reviewer and pending.approved_at is not None
    assert not pending.auto_approved
    problem = pending.problem
    assert problem is not None and problem.judge == pending
    approved = pending.events.get(action=JudgeAction.APPROVED)
    assert approved.actor == reviewer and approved.note == "checked by hand"
    assert pending.events.filter(action=JudgeAction.ACTIVATED, actor=reviewer).exists()
    audit = client.get(reverse("admin:judges_judgeevent_changelist")).content.decode()
    assert "approved" in audit and "reviewer" in audit


def test_without_the_review_permission_approval_is_denied(pending: Judge, editor: Any) -> None:
    client = _client(editor)
    url = _change_url(pending)
    page = client.get(url).content.decode()
    assert 'name="_approve"' not in page
    response = client.post(url, _form(client, url, _approve="1"))
    assert response.status_code == 403
    bulk = client.post(
        reverse("admin:judges_judge_changelist"),
        {"action": "approve_selected", "_selected_action": [str(pending.pk)]},
    )
    assert bulk.status_code in (200, 302)
    pending.refresh_from_db()
    assert pending.state == JudgeState.VALIDATED and pending.approved_by is None
    assert not JudgeEvent.objects.filter(action=JudgeAction.APPROVED).exists()
    problem = pending.problem
    assert problem is not None and problem.judge != pending


def test_a_user_who_is_not_staff_cannot_reach_the_admin(pending: Judge) -> None:
    user = make_user("outsider")
    user.user_permissions.add(Permission.objects.get(codename="review_judge"))
    response = _client(user).post(_change_url(pending), {"_approve": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.state == JudgeState.VALIDATED


def test_rejecting_keeps_the_exact_judge_and_is_audited(pending: Judge, reviewer: Any) -> None:
    client = _client(reviewer)
    url = _change_url(pending)
    client.post(url, _form(client, url, _reject="1", edit_note="too lenient on input"))
    pending.refresh_from_db()
    assert pending.state == JudgeState.REJECTED
    event = pending.events.get(action=JudgeAction.REJECTED)
    assert event.actor == reviewer and event.note == "too lenient on input"
    problem = pending.problem
    assert problem is not None and problem.judge != pending


def test_an_edit_is_a_new_version_validated_again_before_approval(
    pending: Judge, editor: Any, reviewer: Any
) -> None:
    editing = _client(editor)
    url = _change_url(pending)
    lenient = "def check(input, output, answer):\n    return True, 'ok'\n"
    response = editing.post(
        url, _form(editing, url, source=lenient, args="[]", edit_note="simplify")
    )
    assert response.status_code == 302
    broken = Judge.objects.get(key="any-divisor-special", version=2)
    pending.refresh_from_db()
    assert pending.state == JudgeState.SUPERSEDED and pending.files != broken.files
    assert broken.state == JudgeState.DRAFT and broken.previous == pending
    assert broken.validation["ok"] is False
    assert broken.events.filter(action=JudgeAction.EDITED, actor=editor).exists()
    assert broken.events.filter(action=JudgeAction.VALIDATION_FAILED).exists()
    assert response["Location"] == _change_url(broken)

    reviewing = _client(reviewer)
    burl = _change_url(broken)
    reviewing.post(burl, _form(reviewing, burl, _approve="1"))
    broken.refresh_from_db()
    assert broken.state == JudgeState.DRAFT, "a judge that failed validation is never approved"

    fixed = (fixture("any-divisor").checker or "") + "\n# n > 3 holds for every test\n"
    editing.post(burl, _form(editing, burl, source=fixed, args="[]", edit_note="restore"))
    good = Judge.objects.get(key="any-divisor-special", version=3)
    assert good.state == JudgeState.VALIDATED and good.validation["ok"] is True
    page = reviewing.get(_change_url(good)).content.decode()
    assert "any-divisor-special v2" in page and "n &gt; 3 holds" in page  # diff against v2
    reviewing.post(_change_url(good), _form(reviewing, _change_url(good), _approve="1"))
    good.refresh_from_db()
    assert good.state == JudgeState.ACTIVE and good.approved_by == reviewer


def test_bulk_approve_and_reject(llm: ScriptedLLM, reviewer: Any) -> None:
    judges = []
    for slug in ("circle-area", "palindrome-check", "triangle-area"):
        generation = judge_generate(problem=fixture_install(slug))
        assert generation.judge is not None, generation.error
        judges.append(generation.judge)
    client = _client(reviewer)
    changelist = reverse("admin:judges_reviewjudge_changelist")
    client.post(
        changelist,
        {"action": "approve_selected", "_selected_action": [str(j.pk) for j in judges[:2]]},
    )
    client.post(changelist, {"action": "reject_selected", "_selected_action": [str(judges[2].pk)]})
    states = [Judge.objects.get(pk=j.pk).state for j in judges]
    assert states == [JudgeState.ACTIVE, JudgeState.ACTIVE, JudgeState.REJECTED]
    for judge in judges[:2]:
        problem = Judge.objects.get(pk=judge.pk).problem
        assert problem is not None and problem.judge_id == judge.pk


def test_a_judge_written_by_staff_is_approved_on_creation(reviewer: Any) -> None:
    problem = fixture_install("goldbach")
    reviewer.user_permissions.add(Permission.objects.get(codename="add_judge"))
    client = _client(reviewer)
    url = reverse("admin:judges_judge_add")
    data = _form(
        client,
        url,
        problem=str(problem.pk),
        kind="python",
        builtin_name="",
        args="[]",
        language="python",
        entry="checker.py",
        source=fixture("goldbach").checker or "",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    judge = Judge.objects.get(problem=problem, origin=JudgeOrigin.STAFF)
    assert judge.state == JudgeState.APPROVED and judge.approved_by == reviewer
    assert judge.events.get(action=JudgeAction.CREATED).actor == reviewer
    client.post(_change_url(judge), _form(client, _change_url(judge), _activate="1"))
    judge.refresh_from_db()
    problem.refresh_from_db()
    assert judge.state == JudgeState.ACTIVE and problem.judge == judge


def test_the_review_page_reads_well_for_a_busy_reviewer(pending: Judge, reviewer: Any) -> None:
    client = _client(reviewer)
    url = _change_url(pending)
    page = client.get(url).content.decode()
    # The actions above the long page and below it.
    assert page.count('name="_approve"') == 2 and page.count('name="_reject"') == 2
    assert page.index('name="_approve"') < page.index("form-row field-problem_statement")
    # The validation summary first, its table folded away and fitted to the page.
    assert page.index("form-row field-validation_results") < page.index("form-row field-code")
    assert page.index("form-row field-validation_results") < page.index(
        "form-row field-problem_statement"
    )
    checks = len(pending.validation["checks"])
    assert f'<details class="validation-checks"><summary>{checks} checks (0 failed)' in page
    assert 'class="validation-table"' in page and "table-layout: fixed" in page
    # Arguments as a list (none here), the origin in words, progress while validating.
    assert '<div class="readonly">none</div>' in page
    assert "generated by a language model" in page
    assert 'data-busy="Validating…"' in page
    assert "dashboard/judge_review.js" in page and "dashboard/dashboard.js" in page


def test_an_edited_version_says_who_edited_it_and_the_trail_reads_in_words(
    pending: Judge, editor: Any, reviewer: Any
) -> None:
    editing = _client(editor)
    url = _change_url(pending)
    source = pending.source + "\n# checked\n"
    args = "float_tolerance\n1e-6\n"
    editing.post(url, _form(editing, url, source=source, args=args, edit_note="tolerance"))
    edited = Judge.objects.get(key=pending.key, version=pending.version + 1)
    assert edited.args == ["float_tolerance", "1e-6"]
    page = _client(reviewer).get(_change_url(edited)).content.decode()
    summary = page[
        page.index("form-row field-review_summary") : page.index(
            "form-row field-validation_results"
        )
    ]
    assert f"edited by editor from {pending}" in summary
    assert "generated by a language model" not in summary.split("first")[0]
    assert "<li><code>float_tolerance</code></li><li><code>1e-6</code></li>" in page
    assert "float_tolerance\n1e-6</textarea>" in page
    trail = page[page.index("audit trail") :]
    assert "editor edited it (a new version)" in trail
    assert "validated it against the problem&#x27;s tests" in trail
    assert "validation_failed" not in trail and "<td>edited</td>" not in trail
    assert 'style="white-space:nowrap"' in trail
    audit = _client(reviewer).get(reverse("admin:judges_judgeevent_changelist")).content.decode()
    assert "editor edited it (a new version)" in audit


def test_confirmations_keep_the_slug_as_it_is(pending: Judge, reviewer: Any) -> None:
    client = _client(reviewer)
    url = _change_url(pending)
    response = client.post(url, _form(client, url, _approve="1"), follow=True)
    assert f"Approved {pending}; it is now active." in response.content.decode()
    queue = client.get(reverse("admin:judges_reviewjudge_changelist")).content.decode()
    assert "0 judges awaiting review" in queue


def test_arguments_that_are_not_a_list_of_strings_are_refused(pending: Judge, editor: Any) -> None:
    editing = _client(editor)
    url = _change_url(pending)
    response = editing.post(url, _form(editing, url, source=pending.source, args='["a", [1]]'))
    assert response.status_code == 200
    assert "a JSON list of arguments holds strings only" in response.content.decode()
