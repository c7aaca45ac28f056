"""Writes: problems and their tests, submissions and their first judgings.

Sending, running and finishing judgings is ``services_judging``.

Views, commands and tasks call these functions and nothing else that writes.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from judges.models import JudgeOrigin, JudgeState
from judges.services import judge_builtin_get_or_create
from verification import bounds
from verification.errors import (
    InvalidInput,
    LanguageUnavailable,
    TooLarge,
)
from verification.executors import known_languages, languages_supporting, no_runtime_reason
from verification.harness.calls import call_problem
from verification.models import (
    Judging,
    Problem,
    ProblemKind,
    Submission,
    SubmissionSource,
    TestCase,
    TestData,
    sha256_hex,
)
from verification.services_judging import judgings_start
from verification.testdata_cache import testdata_read, testdata_remember
from verification.workers import ensure_language_served

logger = logging.getLogger(__name__)
# The most passes a multi-pass problem may ask for (each pass runs the submission again).
MAX_VALIDATION_PASSES = 20


# --- problems and test data -----------------------------------------------------------


def testdata_store(*, data: bytes) -> TestData:
    """Store bytes once per distinct content; return the row."""
    digest = sha256_hex(data)
    row, _ = TestData.objects.get_or_create(
        sha256=digest, defaults={"data": data, "size": len(data)}
    )
    return row


def testdata_store_many(datas: Sequence[bytes]) -> list[str]:
    """Store each of ``datas`` once per distinct content, in a few queries; returns their
    digests (the rows' keys), in order."""
    digests = [sha256_hex(data) for data in datas]
    wanted = dict(zip(digests, datas, strict=True))
    present: set[str] = set()
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        present.update(
            TestData.objects.filter(sha256__in=keys[start : start + 500]).values_list(
                "sha256", flat=True
            )
        )
    missing = [
        TestData(sha256=digest, data=data, size=len(data))
        for digest, data in wanted.items()
        if digest not in present
    ]
    # Another request may store the same bytes meanwhile: the same row, kept once.
    TestData.objects.bulk_create(missing, batch_size=100, ignore_conflicts=True)
    for digest, data in wanted.items():
        testdata_remember(digest, data)
    return digests


@dataclass(frozen=True)
class CaseSpec:
    name: str
    group: str
    input: bytes
    answer: bytes
    validator_args: tuple[str, ...] = ()


def problem_tests_replace(
    *, problem: Problem, cases: Sequence[CaseSpec], fresh: bool = False
) -> None:
    """Make ``cases`` the problem's active tests, in the given order (``fresh``: a
    problem just created, with none to keep or retire).

    A case whose name and content are unchanged keeps its row; a changed or removed
    case is retired (``active=False``) rather than edited, so results that refer to it
    still point at the bytes they were judged on.
    """
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise InvalidInput(f"duplicate test case names: {', '.join(dupes)}")
    current = {} if fresh else {tc.name: tc for tc in problem.test_cases.filter(active=True)}
    stored = testdata_store_many([data for c in cases for data in (c.input, c.answer)])
    keep_ids: set[int] = set()
    created: list[TestCase] = []
    for order, spec in enumerate(cases):
        input_sha, answer_sha = stored[2 * order], stored[2 * order + 1]
        args = [str(a) for a in spec.validator_args]
        content = TestCase.hash_content(input_sha, answer_sha, args)
        existing = current.get(spec.name)
        if existing is not None and existing.content_hash == content:
            if existing.order != order or existing.group != spec.group:
                TestCase.objects.filter(id=existing.id).update(order=order, group=spec.group)
            keep_ids.add(existing.id)
            continue
        created.append(
            TestCase(
                problem=problem,
                name=spec.name,
                group=spec.group,
                order=order,
                input_id=input_sha,
                answer_id=answer_sha,
                validator_args=args,
                content_hash=content,
            )
        )
    if not fresh:
        problem.test_cases.filter(active=True).exclude(id__in=keep_ids).update(active=False)
    TestCase.objects.bulk_create(created, batch_size=500)


def _valid_slug(slug: str) -> str:
    cleaned = slugify(slug)
    if not cleaned or cleaned != slug:
        raise InvalidInput(
            f"invalid slug {slug!r}: use lowercase letters, digits, '-' and '_'", field="slug"
        )
    return cleaned


def problem_upsert(
    *,
    slug: str,
    title: str,
    cases: Sequence[CaseSpec],
    statement: str = "",
    time_limit_s: float | None = None,
    time_limit_source: str = "",
    memory_limit_mb: int | None = None,
    output_limit_kb: int | None = None,
    validator_flags: Sequence[str] = (),
    provenance: dict[str, Any] | None = None,
    format_version: str = "",
    inline: bool = False,
    owner: Any = None,
    kind: str = ProblemKind.STDIN_STDOUT,
    interactive: bool = False,
    validation_passes: int = 1,
) -> Problem:
    """Create or update a problem and its tests in one transaction (``inline``: create
    one under a slug nothing else has, see ``problem_create_inline``)."""
    _valid_slug(slug)
    if kind not in ProblemKind.values:
        raise InvalidInput(f"unknown problem kind {kind!r}", field="kind")
    if not cases:
        raise InvalidInput(f"problem {slug!r} has no test cases")
    if (interactive or validation_passes != 1) and kind != ProblemKind.STDIN_STDOUT:
        raise InvalidInput(
            "interactive and multi-pass problems are standard input / output problems",
            field="kind",
        )
    if not 1 <= validation_passes <= MAX_VALIDATION_PASSES:
        raise InvalidInput(
            f"validation passes must be between 1 and {MAX_VALIDATION_PASSES}, "
            f"got {validation_passes}",
            field="validation_passes",
        )
    if time_limit_s is not None:
        bounds.time_limit_check(time_limit_s)
    if memory_limit_mb is not None:
        bounds.memory_limit_check(memory_limit_mb)
    if output_limit_kb is not None:
        bounds.output_limit_check(output_limit_kb)
    defaults: dict[str, Any] = {
        "title": title or slug,
        "statement": statement,
        "time_limit_s": time_limit_s or settings.SCALEBOX_DEFAULT_TIME_LIMIT_S,
        "time_limit_source": time_limit_source
        or ("" if time_limit_s else "ScaleBox default (no limit given)"),
        "memory_limit_mb": memory_limit_mb or settings.SCALEBOX_DEFAULT_MEMORY_LIMIT_MB,
        "output_limit_kb": output_limit_kb or settings.SCALEBOX_DEFAULT_OUTPUT_LIMIT_KB,
        "provenance": provenance or {},
        "format_version": format_version,
        "inline": inline,
        "kind": kind,
        "interactive": interactive,
        "validation_passes": validation_passes,
    }
    checker = "default" if kind == ProblemKind.STDIN_STDOUT else kind
    with transaction.atomic():
        defaults["judge"] = judge_builtin_get_or_create(name=checker, args=validator_flags)
        if inline:
            # An inline problem is always new (its slug is made for it): nothing to
            # look up, update or retire.
            problem = Problem.objects.create(slug=slug, owner=owner, **defaults)
            problem_tests_replace(problem=problem, cases=cases, fresh=True)
            return problem
        current = Problem.objects.filter(slug=slug).select_related("judge").first()
        if current is not None and _judge_outranks_builtin(current.judge):
            # A judge written by staff or generated and reviewed for this problem stays
            # in charge when the tests are re-imported; only a package's own validator
            # (set by the import itself) replaces it.
            defaults.pop("judge")
        problem, created = Problem.objects.select_for_update().update_or_create(
            slug=slug, defaults=defaults
        )
        if created and owner is not None:
            problem.owner = owner
            problem.save(update_fields=["owner"])
        problem_tests_replace(problem=problem, cases=cases)
    return problem


def _judge_outranks_builtin(judge: Any) -> bool:
    return (
        judge is not None
        and judge.origin in (JudgeOrigin.STAFF, JudgeOrigin.GENERATED)
        and judge.state in (JudgeState.ACTIVE, JudgeState.APPROVED)
    )


# --- submissions ------------------------------------------------------------------------


def _decode_source(source: str | bytes) -> str:
    if isinstance(source, bytes):
        if len(source) > settings.SCALEBOX_MAX_SOURCE_BYTES:
            raise TooLarge(
                f"source is {len(source)} bytes; the limit is "
                f"{settings.SCALEBOX_MAX_SOURCE_BYTES} bytes",
                field="source",
            )
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"source is not valid UTF-8 (byte {exc.start})", field="source"
            ) from None
    size = len(source.encode("utf-8"))
    if size > settings.SCALEBOX_MAX_SOURCE_BYTES:
        raise TooLarge(
            f"source is {size} bytes; the limit is {settings.SCALEBOX_MAX_SOURCE_BYTES} bytes",
            field="source",
        )
    if not source.strip():
        raise InvalidInput("source is empty", field="source")
    if "\x00" in source:
        raise InvalidInput("source contains NUL bytes", field="source")
    return source


def _check_language(language: str) -> None:
    reason = no_runtime_reason(language)
    if reason is not None:
        raise LanguageUnavailable(reason, field="language")
    known = known_languages()
    if language not in known:
        raise LanguageUnavailable(
            f"unknown language {language!r}; known: {', '.join(sorted(known))}",
            field="language",
        )


@dataclass(frozen=True)
class SubmissionSpec:
    problem: Problem
    language: str
    source: str | bytes
    owner: Any = None
    stop_on_first_failure: bool = False
    priority: int = 5
    options: dict[str, Any] | None = None
    idempotency_key: str = ""


def submission_check(spec: SubmissionSpec, *, language_served: bool = False) -> str:
    """The submission's source as text, if it can be accepted; else the error saying why.
    ``language_served``: the caller saw its language served a moment ago (a submission
    before it in the same block), which is not asked again."""
    text = _decode_source(spec.source)
    _check_language(spec.language)
    if not language_served:
        ensure_language_served(spec.language)
    if spec.problem.kind != ProblemKind.STDIN_STDOUT:
        supporting = languages_supporting(spec.problem.kind)
        if spec.language not in supporting:
            raise LanguageUnavailable(
                f"{spec.problem.kind} tests run in {', '.join(supporting)} only, "
                f"not {spec.language!r}",
                field="language",
            )
    if spec.problem.kind == ProblemKind.FUNCTION_CALL and spec.language != "python":
        _check_calls(spec.problem, spec.language)
    if not 0 <= spec.priority <= 9:
        raise InvalidInput(f"priority must be 0..9, got {spec.priority}", field="priority")
    return text


def _check_calls(problem: Problem, language: str) -> None:
    """Every active case calls the same function, with values ``language`` can hold."""
    names: set[str] = set()
    cases = problem.test_cases.filter(active=True)
    for case in cases.order_by("order"):
        test = json.loads(testdata_read(case.input_id))
        names.add(str(test.get("fn_name")))
        if len(names) > 1:
            raise InvalidInput(
                f"function calls in {language} call one function per problem; "
                f"its cases call {', '.join(sorted(names))}",
                field="tests",
            )
        expected = json.loads(testdata_read(case.answer_id))
        why = call_problem(language, list(test.get("args") or []), expected)
        if why:
            raise LanguageUnavailable(
                f"case {case.name!r}: {language} cannot make this call: {why}", field="language"
            )


def submission_create(
    *,
    problem: Problem,
    language: str,
    source: str | bytes,
    owner: Any = None,
    stop_on_first_failure: bool = False,
    priority: int = 5,
    options: dict[str, Any] | None = None,
    idempotency_key: str = "",
    enqueue: bool = True,
) -> Submission:
    """Store a submission and its first judging; the judging is enqueued on commit
    (without ``enqueue``, the caller starts it: ``judgings_start``)."""
    spec = SubmissionSpec(
        problem=problem,
        language=language,
        source=source,
        owner=owner,
        stop_on_first_failure=stop_on_first_failure,
        priority=priority,
        options=options,
        idempotency_key=idempotency_key,
    )
    [(submission, _)] = submissions_create(specs=[spec], enqueue=enqueue)
    return submission


def submissions_create(
    *, specs: Sequence[SubmissionSpec], enqueue: bool = True
) -> list[tuple[Submission, Judging]]:
    """Store submissions, each with its first judging, in one transaction: all or none.

    Every spec is checked before anything is written. With ``enqueue`` each judging is
    enqueued when the transaction commits; without, the caller starts each one
    (``judging_enqueue``) once it has committed.
    """
    served: set[str] = set()
    texts = []
    for spec in specs:
        texts.append(submission_check(spec, language_served=spec.language in served))
        served.add(spec.language)
    if not specs:
        return []
    with transaction.atomic():
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    problem=spec.problem,
                    language=spec.language,
                    owner=spec.owner,
                    stop_on_first_failure=spec.stop_on_first_failure,
                    priority=spec.priority,
                    options=spec.options or {},
                    idempotency_key=spec.idempotency_key,
                )
                for spec in specs
            ]
        )
        SubmissionSource.objects.bulk_create(
            [
                SubmissionSource(submission=submission, text=text, sha256=sha256_hex(text.encode()))
                for submission, text in zip(submissions, texts, strict=True)
            ]
        )
        tests = _current_tests({spec.problem for spec in specs})
        judgings = Judging.objects.bulk_create(
            [
                Judging(
                    submission=submission,
                    judge_id=tests[spec.problem.id][1],
                    case_ids=tests[spec.problem.id][0],
                )
                for submission, spec in zip(submissions, specs, strict=True)
            ]
        )
        if enqueue:
            transaction.on_commit(
                partial(judgings_start, judging_ids=[j.id for j in judgings], withdraw=True)
            )
    return list(zip(submissions, judgings, strict=True))


def _current_tests(problems: set[Problem]) -> dict[int, tuple[list[int], int | None]]:
    """Per problem, its active cases in order and the judge deciding it now.

    Both are read from the database: a caller's Problem object may predate a judge that
    was activated since, or tests that were replaced."""
    found: dict[int, tuple[list[int], int | None]] = {}
    rows = (
        TestCase.objects.filter(problem_id__in=[p.id for p in problems], active=True)
        .order_by("problem_id", "order")
        .values_list("problem_id", "id", "problem__judge_id")
    )
    for problem_id, case_id, judge_id in rows:
        found.setdefault(problem_id, ([], judge_id))[0].append(case_id)
    for problem in sorted(problems, key=lambda p: p.id):
        if problem.id not in found:
            raise InvalidInput(f"problem {problem.slug!r} has no active test cases")
    return found


def judging_create(*, submission: Submission) -> Judging:
    """A new judging of ``submission`` over the problem's current tests (also a rejudge)."""
    problem = submission.problem
    case_ids, judge_id = _current_tests({problem})[problem.id]
    judging = Judging.objects.create(submission=submission, judge_id=judge_id, case_ids=case_ids)
    transaction.on_commit(partial(judgings_start, judging_ids=[judging.id], withdraw=True))
    return judging


def problem_create_inline(
    *,
    cases: Sequence[CaseSpec],
    time_limit_s: float | None = None,
    memory_limit_mb: int | None = None,
    output_limit_kb: int | None = None,
    validator_flags: Sequence[str] = (),
    owner: Any = None,
    kind: str = ProblemKind.STDIN_STDOUT,
) -> Problem:
    """A hidden problem that holds one submission's inline tests."""
    if len(cases) > settings.SCALEBOX_MAX_CASES:
        raise TooLarge(
            f"{len(cases)} test cases; the limit is {settings.SCALEBOX_MAX_CASES}", field="tests"
        )
    return problem_upsert(
        slug=f"inline-{uuid.uuid4().hex}",
        title="inline tests",
        cases=cases,
        time_limit_s=time_limit_s,
        memory_limit_mb=memory_limit_mb,
        output_limit_kb=output_limit_kb,
        validator_flags=validator_flags,
        inline=True,
        owner=owner,
        kind=kind,
    )
