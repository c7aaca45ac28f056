"""generate_judges, the batch task, the REST endpoints, and the active judge deciding verdicts."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from judges import services_generation
from judges.generation.pipeline import judge_generate
from judges.models import GenerationBatch, GenerationStatus, Judge, JudgeState
from judges.services_review import judge_approve
from judges.tasks import generate_judges_batch
from tests.factories import make_user
from tests.judges_generation import replies
from tests.judges_generation.llm_server import ScriptedLLM
from tests.judges_generation.problems import fixture, fixture_install
from verification.models import Problem
from verification.selectors import judging_wait, problems_for_generation
from verification.services import submission_create

pytestmark = pytest.mark.django_db(transaction=True)


def _lines(text: str) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {row["problem"]: row for row in rows}


def test_generate_judges_prints_one_json_line_per_problem(llm: ScriptedLLM) -> None:
    for slug in ("circle-area", "any-divisor", "goldbach"):
        fixture_install(slug)
    llm.script("any-divisor", "generate", replies.ACCEPT_ALL, replies.good("any-divisor"))
    llm.script("goldbach", "generate", replies.MALFORMED, replies.MALFORMED, replies.MALFORMED)
    out = io.StringIO()
    call_command(
        "generate_judges", "--problems", "circle-area", "any-divisor", "goldbach", stdout=out
    )
    lines = _lines(out.getvalue())
    assert set(lines) == {"circle-area", "any-divisor", "goldbach"}
    assert {k: v for k, v in lines["any-divisor"].items() if k != "judge"} == {
        "problem": "any-divisor",
        "needs_special_judge": True,
        "kinds": ["multiple_answers"],
        "state": "validated",
        "attempts": 2,
    }
    assert lines["any-divisor"]["judge"] == "any-divisor-special v1"
    assert lines["circle-area"]["state"] == "validated"
    assert lines["circle-area"]["kinds"] == ["float_tolerance"]
    assert lines["goldbach"]["state"] == "failed" and lines["goldbach"]["attempts"] == 3
    assert "not JSON" in lines["goldbach"]["error"]


def test_generate_judges_refuses_an_unknown_problem() -> None:
    with pytest.raises(CommandError, match="no problem with slug 'nope'"):
        call_command("generate_judges", "--problems", "nope", stdout=io.StringIO())


def test_without_arguments_every_problem_still_judged_exactly_is_taken(llm: ScriptedLLM) -> None:
    fixture_install("circle-area")
    fixture_install("palindrome-check")
    out = io.StringIO()
    call_command("generate_judges", stdout=out)
    assert set(_lines(out.getvalue())) == {"circle-area", "palindrome-check"}
    out = io.StringIO()
    call_command("generate_judges", stdout=out)
    assert out.getvalue() == "", "problems with a judge waiting for review are not redone"


def test_the_batch_task_reports_progress_and_runs_once(llm: ScriptedLLM) -> None:
    for slug in ("circle-area", "distinct-values", "pair-sums"):
        fixture_install(slug)
    batch = GenerationBatch.objects.create(
        problems=["circle-area", "distinct-values", "pair-sums"], total=3, concurrency=2
    )
    assert generate_judges_batch.delay(batch.id).get() == "done"
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed, batch.total) == ("done", 3, 0, 3)
    assert batch.generations.count() == 3
    assert generate_judges_batch.delay(batch.id).get() == "done"  # redelivered: no rerun
    assert batch.generations.count() == 3


def test_rest_endpoints_trigger_generation_and_read_state(llm: ScriptedLLM) -> None:
    fixture_install("derangement")
    llm.script("derangement", "generate", replies.good("derangement"))
    staff = make_user("ops", is_staff=True)
    user = make_user("researcher")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    denied = client.post("/api/v1/judges/generate/", {"problems": ["derangement"]}, format="json")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "forbidden"

    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff).key}")
    missing = client.post("/api/v1/judges/generate/", {"problems": ["nope"]}, format="json")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    started = client.post("/api/v1/judges/generate/", {"problems": ["derangement"]}, format="json")
    assert started.status_code == 202
    batch = client.get(f"/api/v1/judges/batches/{started.json()['id']}/").json()
    assert (batch["status"], batch["done"], batch["total"]) == ("done", 1, 1)
    (result,) = batch["results"]
    assert result["state"] == "validated" and result["kinds"] == ["multiple_answers"]
    judge = client.get(f"/api/v1/judges/{result['judge']}/").json()
    assert judge["state"] == "validated" and judge["origin"] == "generated"
    assert judge["kind"] == "python" and judge["decides_problem"] is False
    assert judge["validation"]["ok"] is True
    state = client.get("/api/v1/judges/problems/derangement/").json()
    assert state["active_judge"]["key"] == "builtin-default"
    assert state["latest_generation"]["judge"] == result["judge"]
    unknown = client.get("/api/v1/judges/999999/")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    anonymous = APIClient().get(f"/api/v1/judges/{result['judge']}/")
    assert anonymous.status_code == 401


def _verdict(problem: Problem, path: str, source: str) -> tuple[str, set[int | None]]:
    submission = submission_create(problem=problem, language="python", source=source)
    judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=120)
    return judging.verdict, set(judging.case_results.values_list("judge_id", flat=True))


def test_the_approved_judge_decides_verdicts_in_the_pipeline(llm: ScriptedLLM) -> None:
    problem = fixture_install("any-divisor")
    fp = fixture("any-divisor")
    largest = fp.accepted["accepted/largest.py"]
    assert _verdict(problem, "largest", largest)[0] == "WA"  # exact matching
    llm.script("any-divisor", "generate", replies.good("any-divisor"))
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.VALIDATED and generation.judge is not None
    reviewer = make_user("rev", is_superuser=True, is_staff=True)
    judge = judge_approve(judge=generation.judge, user=reviewer)
    problem.refresh_from_db()
    assert problem.judge == judge and judge.state == JudgeState.ACTIVE
    verdict, judges = _verdict(problem, "largest", largest)
    assert verdict == "AC" and judges == {judge.id}
    for path, source in fp.wrong.items():
        assert _verdict(problem, path, source)[0] == "WA", path
    again = judge_generate(problem=problem)  # nothing scripted: the endpoint answers 500
    assert again.status == GenerationStatus.FAILED and "HTTP 500" in again.error
    assert Judge.objects.get(id=judge.id).state == JudgeState.ACTIVE


def test_batches_find_problems_through_the_finder_verification_registers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert services_generation._problems_finders == [problems_for_generation]
    monkeypatch.setattr(services_generation, "_problems_finders", [])
    with pytest.raises(RuntimeError, match="verification app"):
        services_generation.generation_batch_create(slugs=None)
