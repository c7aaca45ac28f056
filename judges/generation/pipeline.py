"""Generating one problem's special judge, and many problems' with bounded concurrency.

Every step is recorded: the generation (classification, outcome), each attempt (prompt,
reply, model, tokens, candidate, validation log) and, for a candidate that passes, a new
judge version in state ``validated`` waiting for review (or approved and activated at
once when SCALEBOX_JUDGEGEN_AUTO_APPROVE is on).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from judges.generation import kinds as k
from judges.generation import prompts
from judges.generation.candidates import builtin_candidates, reply_candidate, unsaved_judge
from judges.generation.llm import ChatClient, ChatReply, LLMError
from judges.generation.rules import classify_by_rules
from judges.generation.schemas import MalformedReply, parse_checker, parse_classification
from judges.generation.validation import Material, candidate_validate, validation_material
from judges.models import (
    AttemptPurpose,
    GenerationAttempt,
    GenerationBatch,
    GenerationStatus,
    Judge,
    JudgeAction,
    JudgeGeneration,
    JudgeOrigin,
    JudgeState,
)
from judges.services_review import (
    auto_approve_enabled,
    judge_auto_approve,
    judge_event_record,
    judge_next_version,
)

logger = logging.getLogger(__name__)

SAMPLE_CASES = 3


class GenerationFailed(Exception):
    """This problem's generation stops here; the message says why."""


@dataclass
class Classification:
    needs: bool
    kinds: list[str]
    float_tolerance: float | None
    by: str


@dataclass
class _Run:
    generation: JudgeGeneration
    problem: Any
    client: ChatClient | None
    samples: list[tuple[str, bytes, bytes]] = field(default_factory=list)
    number: int = 0

    def record(self, purpose: str, **fields: Any) -> GenerationAttempt:
        self.number += 1
        return GenerationAttempt.objects.create(
            generation=self.generation, number=self.number, purpose=purpose, **fields
        )


def generation_outcome(generation: JudgeGeneration) -> dict[str, Any]:
    """The line ``generate_judges`` prints for one problem."""
    out: dict[str, Any] = {
        "problem": generation.problem.slug,
        "needs_special_judge": generation.needs_special_judge,
        "kinds": list(generation.kinds),
        "state": generation.status,
        "attempts": generation.attempts,
        "judge": str(generation.judge) if generation.judge_id else None,
    }
    if generation.error:
        out["error"] = generation.error
    return out


def judge_generate(
    *, problem: Any, client: ChatClient | None = None, batch: GenerationBatch | None = None
) -> JudgeGeneration:
    """Classify ``problem`` and, if it needs one, generate and validate its special judge."""
    client = client if client is not None else ChatClient.from_settings()
    generation = JudgeGeneration.objects.create(
        problem=problem, batch=batch, model=client.model if client else ""
    )
    run = _Run(generation, problem, client)
    try:
        _generate(run)
    except GenerationFailed as exc:
        _finish(generation, GenerationStatus.FAILED, error=str(exc))
    except Exception as exc:
        logger.exception("judge generation for %s failed", problem.slug)
        _finish(generation, GenerationStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
    generation.refresh_from_db()
    return generation


def _finish(generation: JudgeGeneration, status: str, **fields: Any) -> None:
    JudgeGeneration.objects.filter(id=generation.id).update(
        status=status, finished_at=timezone.now(), **fields
    )


def _generate(run: _Run) -> None:
    problem = run.problem
    cases = problem.test_cases.filter(active=True).select_related("input", "answer")
    ordered = sorted(cases, key=lambda tc: (tc.group != "sample", tc.order))
    run.samples = [
        (tc.name, bytes(tc.input.data), bytes(tc.answer.data)) for tc in ordered[:SAMPLE_CASES]
    ]
    if not run.samples:
        raise GenerationFailed("the problem has no test cases to validate a judge on")
    found = _classify(run)
    JudgeGeneration.objects.filter(id=run.generation.id).update(
        needs_special_judge=found.needs, kinds=found.kinds, classified_by=found.by
    )
    if not found.needs:
        _finish(run.generation, GenerationStatus.NOT_NEEDED)
        return
    if k.INTERACTIVE in found.kinds:
        raise GenerationFailed("interactive problems need an interactor; none is generated")
    material = validation_material(problem=problem)
    judge = _first_valid_candidate(run, found, material)
    status = GenerationStatus.VALIDATED
    if auto_approve_enabled():
        judge_auto_approve(judge=judge)
        status = GenerationStatus.ACTIVE
    _finish(run.generation, status, judge=judge)


def _classify(run: _Run) -> Classification:
    problem = run.problem
    rules = classify_by_rules(statement=problem.statement, answers=[s[2] for s in run.samples])
    JudgeGeneration.objects.filter(id=run.generation.id).update(signals=rules.signals)
    if rules.decided:
        return Classification(True, rules.kinds, rules.float_tolerance, "rules")
    if run.client is None:
        raise GenerationFailed(
            "classification failed: the rules found no decisive signal and no model endpoint "
            "is configured (SCALEBOX_LLM_BASE_URL, SCALEBOX_LLM_MODEL)"
        )
    messages = prompts.classify_messages(
        slug=problem.slug,
        title=problem.title,
        statement=problem.statement,
        samples=run.samples,
        signals=rules.signals,
    )
    started = time.monotonic()
    attempt = run.record(AttemptPurpose.CLASSIFY, prompt=messages, model=run.client.model)
    try:
        reply = run.client.complete(messages)
        _store_reply(attempt, reply)
        parsed = parse_classification(reply.content)
    except (LLMError, MalformedReply) as exc:
        _attempt_failed(attempt, str(exc), started)
        raise GenerationFailed(f"classification failed: {exc}") from None
    attempt.ok = True
    attempt.duration_s = time.monotonic() - started
    attempt.save(update_fields=["ok", "duration_s"])
    kinds = [kind for kind in k.ALL if kind in set(parsed.kinds) | set(rules.kinds)]
    tolerance = parsed.float_tolerance or rules.float_tolerance
    if k.FLOAT_TOLERANCE in kinds and tolerance is None:
        tolerance = k.DEFAULT_FLOAT_TOLERANCE
    return Classification(bool(kinds), kinds, tolerance, "llm")


def _store_reply(attempt: GenerationAttempt, reply: ChatReply) -> None:
    attempt.response = reply.content
    attempt.model = reply.model
    attempt.prompt_tokens = reply.prompt_tokens
    attempt.completion_tokens = reply.completion_tokens
    attempt.total_tokens = reply.total_tokens
    attempt.save()


def _attempt_failed(attempt: GenerationAttempt, error: str, started: float) -> None:
    attempt.ok = False
    attempt.error = error
    attempt.duration_s = time.monotonic() - started
    attempt.save(update_fields=["ok", "error", "duration_s"])


def _count_candidate(run: _Run) -> None:
    JudgeGeneration.objects.filter(id=run.generation.id).update(attempts=F("attempts") + 1)


def _first_valid_candidate(run: _Run, found: Classification, material: Material) -> Judge:
    problem = run.problem
    key = f"{problem.slug}-special"
    feedback: list[str] = []
    for builtin in builtin_candidates(
        kinds=found.kinds,
        float_tolerance=found.float_tolerance,
        answers=[c.answer for c in material.cases],
    ):
        _count_candidate(run)
        started = time.monotonic()
        attempt = run.record(AttemptPurpose.GENERATE, candidate=builtin, model="")
        report = candidate_validate(
            judge=unsaved_judge(builtin, key=key),
            material=material,
            kinds=found.kinds,
            float_tolerance=found.float_tolerance,
        )
        _store_validation(attempt, report.as_dict(), started)
        if report.ok:
            return _save_validated(run, attempt, builtin, report.as_dict(), found)
        feedback.append(f"the built-in checker {builtin['builtin_name']} {builtin['args']} failed:")
        feedback += report.failures[:3]
    if run.client is None:
        raise GenerationFailed(
            "no built-in checker suffices and no model endpoint is configured "
            "(SCALEBOX_LLM_BASE_URL, SCALEBOX_LLM_MODEL)"
        )
    messages = prompts.generate_messages(
        slug=problem.slug,
        title=problem.title,
        statement=problem.statement,
        samples=run.samples,
        kinds=found.kinds,
        float_tolerance=found.float_tolerance,
    )
    if feedback:
        messages.append(prompts.feedback_message(slug=problem.slug, failures=feedback))
    last_error = ""
    for _ in range(settings.SCALEBOX_JUDGEGEN_MAX_ATTEMPTS):
        _count_candidate(run)
        started = time.monotonic()
        attempt = run.record(AttemptPurpose.GENERATE, prompt=list(messages), model=run.client.model)
        try:
            reply = run.client.complete(messages)
        except LLMError as exc:
            last_error = str(exc)
            _attempt_failed(attempt, last_error, started)
            continue
        _store_reply(attempt, reply)
        messages.append({"role": "assistant", "content": reply.content})
        try:
            candidate = reply_candidate(parse_checker(reply.content))
        except MalformedReply as exc:
            last_error = str(exc)
            _attempt_failed(attempt, last_error, started)
            messages.append(prompts.feedback_message(slug=problem.slug, failures=[last_error]))
            continue
        attempt.candidate = candidate
        report = candidate_validate(
            judge=unsaved_judge(candidate, key=key),
            material=material,
            kinds=found.kinds,
            float_tolerance=found.float_tolerance,
        )
        _store_validation(attempt, report.as_dict(), started)
        if report.ok:
            return _save_validated(run, attempt, candidate, report.as_dict(), found)
        last_error = "; ".join(report.failures)
        messages.append(prompts.feedback_message(slug=problem.slug, failures=report.failures))
    raise GenerationFailed(
        f"no candidate passed validation in {settings.SCALEBOX_JUDGEGEN_MAX_ATTEMPTS} "
        f"attempts; last: {last_error[:2000]}"
    )


def _store_validation(attempt: GenerationAttempt, report: dict[str, Any], started: float) -> None:
    attempt.ok = bool(report["ok"])
    attempt.validation_log = report["checks"]
    if not attempt.ok:
        attempt.error = "validation failed: " + "; ".join(report["failures"])
    attempt.duration_s = time.monotonic() - started
    attempt.save()


@transaction.atomic
def _save_validated(
    run: _Run,
    attempt: GenerationAttempt,
    candidate: dict[str, Any],
    report: dict[str, Any],
    found: Classification,
) -> Judge:
    problem = run.problem
    key = f"{problem.slug}-special"
    judge = unsaved_judge(candidate, key=key)
    judge.version = judge_next_version(key=key)
    judge.state = JudgeState.VALIDATED
    judge.origin = JudgeOrigin.GENERATED
    judge.problem = problem
    judge.previous = problem.judge
    judge.validation = report | {"kinds": found.kinds, "float_tolerance": found.float_tolerance}
    judge.validated_at = timezone.now()
    judge.notes = f"generated by {attempt.model or 'the built-in table'} (attempt {attempt.number})"
    judge.save()
    attempt.judge = judge
    attempt.save(update_fields=["judge"])
    judge_event_record(judge=judge, action=JudgeAction.VALIDATED, note=judge.notes)
    older = Judge.objects.filter(key=key, state=JudgeState.VALIDATED).exclude(id=judge.id)
    for stale in older:
        if Judge.objects.filter(id=stale.id, state=JudgeState.VALIDATED).update(
            state=JudgeState.SUPERSEDED
        ):
            judge_event_record(
                judge=stale, action=JudgeAction.SUPERSEDED, note=f"newer candidate {judge}"
            )
    return judge


# --- many problems --------------------------------------------------------------------


def judges_generate_many(
    *,
    problems: Sequence[Any],
    concurrency: int | None = None,
    batch: GenerationBatch | None = None,
    client: ChatClient | None = None,
    on_result: Callable[[JudgeGeneration], None] | None = None,
) -> list[JudgeGeneration]:
    """Generate judges for ``problems``, at most ``concurrency`` at a time."""
    limit = max(1, concurrency or settings.SCALEBOX_JUDGEGEN_CONCURRENCY)
    client = client if client is not None else ChatClient.from_settings()

    def one(problem: Any) -> JudgeGeneration:
        try:
            return judge_generate(problem=problem, client=client, batch=batch)
        finally:
            connection.close()  # each worker thread has its own connection

    results: list[JudgeGeneration] = []
    with ThreadPoolExecutor(max_workers=limit) as pool:
        futures = [pool.submit(one, problem) for problem in problems]
        for future in as_completed(futures):
            generation = future.result()
            results.append(generation)
            if batch is not None:
                failed = 1 if generation.status == GenerationStatus.FAILED else 0
                GenerationBatch.objects.filter(id=batch.id).update(
                    done=F("done") + 1, failed=F("failed") + failed
                )
            if on_result is not None:
                on_result(generation)
    return results
