"""Classification, generation, validation and the record of every attempt."""

from __future__ import annotations

import pytest

from judges.generation.pipeline import judge_generate
from judges.generation.rules import classify_by_rules
from judges.models import (
    GenerationStatus,
    Judge,
    JudgeAction,
    JudgeKind,
    JudgeOrigin,
    JudgeState,
)
from tests.factories import make_problem
from tests.judges_generation import replies
from tests.judges_generation.llm_server import MODEL, ScriptedLLM
from tests.judges_generation.problems import all_fixtures, fixture, fixture_install
from verification.models import Problem

pytestmark = pytest.mark.django_db


def test_fixture_set_is_large_enough_and_varied() -> None:
    fixtures = all_fixtures()
    assert len(fixtures) >= 12
    assert {kind for f in fixtures for kind in f.kinds} == {
        "float_tolerance",
        "unordered_output",
        "multiple_answers",
        "case_insensitive",
    }
    for f in fixtures:
        assert len(f.accepted) >= 2 and f.wrong, f.slug


@pytest.mark.parametrize("slug", [f.slug for f in all_fixtures()])
def test_rules_recognise_every_fixture(slug: str) -> None:
    fp = fixture(slug)
    found = classify_by_rules(statement=fp.statement, answers=[c[2] for c in fp.cases])
    assert found.decided, found.signals
    assert sorted(found.kinds) == sorted(fp.kinds), found.signals


def test_rules_never_decide_that_no_judge_is_needed() -> None:
    found = classify_by_rules(statement="Print the sum of a and b.", answers=[b"3\n"])
    assert not found.decided and found.kinds == []
    decimals = classify_by_rules(statement="Print the mean.", answers=[b"2.50\n"])
    assert not decimals.decided
    assert decimals.signals == ["answers hold decimal numbers (no tolerance stated)"]


def test_a_builtin_checker_is_preferred_when_it_suffices() -> None:
    problem = fixture_install("circle-area")
    exact = problem.judge
    generation = judge_generate(problem=problem)  # no model endpoint configured
    assert generation.status == GenerationStatus.VALIDATED
    assert generation.classified_by == "rules"
    assert generation.kinds == ["float_tolerance"] and generation.attempts == 1
    judge = generation.judge
    assert judge is not None
    assert (judge.kind, judge.builtin_name, judge.args) == (
        JudgeKind.BUILTIN,
        "default",
        ["float_tolerance", "1e-06"],
    )
    assert judge.state == JudgeState.VALIDATED and judge.origin == JudgeOrigin.GENERATED
    assert judge.previous == exact and judge.problem == problem
    summary = judge.validation["summary"]
    assert judge.validation["ok"] and summary["failed"] == 0
    assert summary["must_accept"] == 4 * 5  # the answer and 4 accepted solutions, 4 tests
    assert summary["must_reject"] >= 4 * 4
    problem.refresh_from_db()
    assert problem.judge == exact, "a generated judge decides nothing before review"


def test_llm_checker_is_retried_with_the_failures_fed_back(llm: ScriptedLLM) -> None:
    problem = fixture_install("any-divisor")
    llm.script("any-divisor", "generate", replies.ACCEPT_ALL, replies.good("any-divisor"))
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.VALIDATED, generation.error
    assert generation.needs_special_judge is True
    assert generation.kinds == ["multiple_answers"] and generation.attempts == 2
    first, second = generation.attempt_records.order_by("number")
    assert (first.purpose, first.ok, second.ok) == ("generate", False, True)
    assert "accepted a wrong output" in first.error
    assert any(c["expect"] == "WA" and c["got"] == "AC" for c in first.validation_log)
    assert all(c["ok"] for c in second.validation_log)
    for attempt in (first, second):
        assert attempt.model == MODEL and attempt.response
        assert attempt.prompt_tokens and attempt.completion_tokens
        assert attempt.total_tokens == attempt.prompt_tokens + attempt.completion_tokens
        assert attempt.prompt[0]["role"] == "system"
    assert len(second.prompt) == len(first.prompt) + 2  # its reply and the feedback
    feedback = second.prompt[-1]["content"]
    assert "failed validation" in feedback and "accepted a wrong output" in feedback
    sent = llm.requests_for("any-divisor", "generate")
    assert len(sent) == 2 and sent[1]["body"]["messages"] == second.prompt
    judge = generation.judge
    assert judge is not None and second.judge == judge
    assert judge.kind == JudgeKind.PYTHON and judge.state == JudgeState.VALIDATED
    assert judge.files == {"checker.py": fixture("any-divisor").checker}
    assert judge.events.filter(action=JudgeAction.VALIDATED).exists()


EXPECTED_FAILURE = {
    "accept_all": "accepted a wrong output",
    "reject_correct": "rejected the output of accepted solution",
    "crashing": "crashed, hung or printed garbage",
    "hanging": "crashed, hung or printed garbage",
    "malformed": "the reply is not JSON",
    "timeout": "timed out",
}


@pytest.mark.parametrize("kind", replies.BAD_KINDS)
def test_validation_catches_every_bad_candidate(llm: ScriptedLLM, settings, kind: str) -> None:
    settings.SCALEBOX_JUDGEGEN_MAX_ATTEMPTS = 1
    problem = fixture_install("any-divisor")
    llm.script("any-divisor", "generate", replies.bad(kind, slug="any-divisor", delay_s=3))
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.FAILED
    assert generation.judge is None
    assert not Judge.objects.filter(key="any-divisor-special").exists()
    (attempt,) = generation.attempt_records.all()
    assert not attempt.ok
    assert EXPECTED_FAILURE[kind] in attempt.error, attempt.error
    assert EXPECTED_FAILURE[kind] in generation.error


def test_a_model_reply_in_a_json_fence_is_accepted(llm: ScriptedLLM) -> None:
    problem = fixture_install("goldbach")
    llm.script("goldbach", "generate", "```json\n" + replies.good("goldbach") + "\n```")
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.VALIDATED, generation.error


def test_the_model_classifies_what_the_rules_cannot(llm: ScriptedLLM) -> None:
    make_problem("sum-pair", [("1 2\n", "3\n"), ("5 5\n", "10\n")])
    llm.script("sum-pair", "classify", replies.classification_reply(False, []))
    generation = judge_generate(problem=Problem.objects.get(slug="sum-pair"))
    assert generation.status == GenerationStatus.NOT_NEEDED
    assert generation.needs_special_judge is False and generation.classified_by == "llm"
    (attempt,) = generation.attempt_records.all()
    assert attempt.purpose == "classify" and attempt.ok and attempt.total_tokens
    assert "Problem slug: sum-pair" in attempt.prompt[1]["content"]


def test_model_classification_then_generation(llm: ScriptedLLM) -> None:
    problem = fixture_install("two-sum")
    problem.statement = "Find two positions i < j whose values add up to t."
    problem.save()
    llm.script("two-sum", "classify", replies.classification_reply(True, ["multiple_answers"]))
    llm.script("two-sum", "generate", replies.good("two-sum"))
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.VALIDATED, generation.error
    assert generation.classified_by == "llm" and generation.kinds == ["multiple_answers"]
    assert [a.purpose for a in generation.attempt_records.all()] == ["classify", "generate"]


@pytest.mark.parametrize(
    "reply",
    [
        "I think it needs a special judge.",
        '{"needs_special_judge": true, "kinds": []}',
        '{"needs_special_judge": true, "kinds": ["fuzzy"]}',
        '{"needs_special_judge": false, "kinds": [], "confidence": 0.9}',
    ],
)
def test_a_failed_classification_is_recorded_as_failed(llm: ScriptedLLM, reply: str) -> None:
    make_problem("vague", [("1\n", "1\n")])
    llm.script("vague", "classify", reply)
    generation = judge_generate(problem=Problem.objects.get(slug="vague"))
    assert generation.status == GenerationStatus.FAILED
    assert generation.needs_special_judge is None
    assert generation.error.startswith("classification failed")
    (attempt,) = generation.attempt_records.all()
    assert not attempt.ok and attempt.response == reply


def test_without_a_model_an_undecided_problem_fails_not_passes() -> None:
    problem = make_problem("plain", [("1\n", "1\n")])
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.FAILED
    assert generation.needs_special_judge is None
    assert "no model endpoint is configured" in generation.error


def test_interactive_problems_are_not_given_a_generated_judge() -> None:
    problem = make_problem("guess", [("5\n", "5\n")])
    problem.statement = "This is an interactive problem: flush the output after each guess."
    problem.save()
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.FAILED
    assert generation.kinds == ["interactive"] and "interactor" in generation.error


def test_auto_approve_activates_and_records_that_it_was_used(settings) -> None:
    settings.SCALEBOX_JUDGEGEN_AUTO_APPROVE = True
    problem = fixture_install("distinct-values")
    shared = problem.judge
    generation = judge_generate(problem=problem)
    assert generation.status == GenerationStatus.ACTIVE, generation.error
    judge = generation.judge
    assert judge is not None
    problem.refresh_from_db()
    assert problem.judge == judge and judge.state == JudgeState.ACTIVE
    assert judge.builtin_name == "unordered_tokens"
    assert judge.auto_approved and judge.approved_by is None
    event = judge.events.get(action=JudgeAction.AUTO_APPROVED)
    assert "SCALEBOX_JUDGEGEN_AUTO_APPROVE" in event.note and event.actor is None
    assert judge.events.filter(action=JudgeAction.ACTIVATED).exists()
    shared.refresh_from_db()
    assert shared.state == JudgeState.ACTIVE, "a shared built-in judge is never superseded"
