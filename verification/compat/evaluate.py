"""POST /common_evaluate and /common_evaluate_batch: one completion against its tests,
answered as icip-cas/ScaleBox answers them, with ScaleBox's stricter verdicts.

The two differ only in how the tests are written (a list of cases or ``test`` pairs at
/common_evaluate, one dict of lists at /common_evaluate_batch); both become one plan and
run the same way.

Every request goes through the regular pipeline as an inline problem: stdin_stdout
judged by the ``default`` checker, or by the request's special judge (an ``exit_code``
judge row, shared by requests that send the same judge), function_call and assert by the
two-process harness. A Python function_call program holding ``class Solution`` runs
after LiveCodeBench's import prelude, as the peer runs it; stdin programs never do. A
sandbox failure is retried and then answered with HTTP 504, never as a failed test.

``config.extra.total_timeout`` (default 1000 s, counted from the request's arrival) bounds
the request's tests, as the peer's does: the first test runs to its own limits (the peer
awaits it whatever the budget), a later one that would start after the budget is not
run and a running one is stopped at it, and each ends as the peer ends it
(``SandboxError``, "Total Timeout"; verdict TLE), so the completion is not accepted.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

from judges.models import Judge
from judges.services import judge_exit_code_get_or_create
from verification import selectors, services
from verification.api.parsers import json_depth_exceeds
from verification.compat.admission import DeadlineUnreachable, admitted, request_deadline_s
from verification.compat.extraction import code_extract
from verification.compat.languages import language_resolve
from verification.compat.schemas import (
    CaseIn,
    CommonEvaluateIn,
    CommonProvidedDataIn,
    EvaluateBatchIn,
    StdioTestIn,
    TestCasesIn,
)
from verification.errors import InvalidInput, SandboxFailure, TooLarge
from verification.harness.preludes import prelude_apply
from verification.harness.tests_json import assert_test, function_call_test
from verification.models import JudgingStatus, ProblemKind
from verification.outcome import CaseOutcome, judging_outcomes
from verification.services import CaseSpec
from verification.services_judging import TOTAL_TIMEOUT
from verification.verdicts import Verdict, overall_verdict

logger = logging.getLogger(__name__)

KINDS = ("stdin_stdout", "function_call", "assert")
# How long after its budget a request waits for the judging to report the cases the
# budget stopped (workers stop them themselves; this covers finishing the judging).
TOTAL_TIMEOUT_GRACE_S = 2.0


@dataclass
class Plan:
    """What to run: the program, its cases and how each case is reported back."""

    kind: str
    source: str
    cases: list[CaseSpec]
    test_infos: list[dict[str, Any] | None]
    # The request's own stdin/stdout pairs, which a special judge in config.extra decides.
    special_judge_applies: bool = False


@dataclass
class Outcome:
    compile: dict[str, Any]
    records: list[dict[str, Any]]
    submission_id: int | None = None


# --- planning ----------------------------------------------------------------------------


def _case_name(i: int) -> str:
    return f"case/{i:04d}"


def _same_length(tc: TestCasesIn) -> None:
    if not tc.input:
        raise InvalidInput("test_cases.input is empty", field="config.provided_data.test_cases")
    if len(tc.input) != len(tc.output):
        raise InvalidInput(
            f"test_cases has {len(tc.input)} inputs and {len(tc.output)} outputs",
            field="config.provided_data.test_cases",
        )


def _stdin_stdout_plan(tc: TestCasesIn, code: str) -> Plan:
    _same_length(tc)
    cases: list[CaseSpec] = []
    infos: list[dict[str, Any] | None] = []
    for i, (inp, out) in enumerate(zip(tc.input, tc.output, strict=True)):
        if not isinstance(inp, str) or not isinstance(out, str):
            raise InvalidInput(
                f"stdin_stdout case {i}: input and output must be strings",
                field="config.provided_data.test_cases",
            )
        cases.append(CaseSpec(_case_name(i), "secret", inp.encode(), out.encode()))
        infos.append({"input": {"stdin": inp}, "output": {"stdout": out}})
    return Plan("stdin_stdout", code, cases, infos, special_judge_applies=True)


def _json_depth_within_limit(text: str, i: int) -> None:
    """JSON inside a case's text is held to the body's nesting limit before it is parsed
    (json.loads recurses once per level)."""
    limit = settings.SCALEBOX_MAX_JSON_DEPTH
    if json_depth_exceeds(text, limit):
        raise InvalidInput(
            f"function_call case {i}: its JSON nests deeper than {limit} levels",
            field="config.provided_data.test_cases",
        )


def _function_call_case(tc: TestCasesIn, i: int) -> tuple[list[Any], Any]:
    inp, out = tc.input[i], tc.output[i]
    if tc.json_input and isinstance(inp, str):
        _json_depth_within_limit(inp, i)
        if isinstance(out, str):
            _json_depth_within_limit(out, i)
        try:
            args = [json.loads(line) for line in inp.split("\n")]
            expected = json.loads(out) if isinstance(out, str) else out
        except ValueError as exc:
            raise InvalidInput(
                f"function_call case {i}: json_input is set but the case is not JSON: {exc}",
                field="config.provided_data.test_cases",
            ) from None
        return args, expected
    args = inp if isinstance(inp, list) else [inp]
    if isinstance(out, list):
        if not out:
            raise InvalidInput(
                f"function_call case {i}: output is an empty list; expected [return value]",
                field="config.provided_data.test_cases",
            )
        return args, out[0]
    return args, out


def _function_call_source(code: str, language: str) -> str:
    """The peer's rule: a Python ``class Solution`` (LeetCode's shape, as LiveCodeBench
    poses it) runs after LiveCodeBench's import prelude, so it may use ``List`` and the
    like without importing them; any other program runs as it is."""
    if language == "python" and "class Solution" in code:
        return prelude_apply("livecodebench", code)
    return code


def _function_call_plan(tc: TestCasesIn, code: str, language: str) -> Plan:
    if not tc.fn_name:
        raise InvalidInput("function_call tests need fn_name", field="config.provided_data")
    _same_length(tc)
    cases: list[CaseSpec] = []
    infos: list[dict[str, Any] | None] = []
    for i in range(len(tc.input)):
        args, expected = _function_call_case(tc, i)
        payload, answer = function_call_test(tc.fn_name, args, expected)
        cases.append(CaseSpec(_case_name(i), "secret", payload, answer))
        infos.append(
            {
                "type": "function_call",
                "fn_name": tc.fn_name,
                "input": tc.input[i],
                "output": tc.output[i],
            }
        )
    return Plan("function_call", _function_call_source(code, language), cases, infos)


def _cut_at_stop_tokens(code: str, stop_tokens: list[str]) -> str:
    cut = len(code)
    for token in stop_tokens:
        at = code.find(token) if token else -1
        if at != -1:
            cut = min(cut, at)
    return code[:cut]


def _assert_plan(tc: TestCasesIn, code: str, language: str) -> Plan:
    test = tc.test if tc.test is not None else tc.tests
    if not test or not test.strip():
        raise InvalidInput(
            "assert tests need 'test' (HumanEval, with entry_point) or 'tests' (MultiPL-E)",
            field="config.provided_data.test_cases",
        )
    if language == "python":
        payload, answer = assert_test(test, tc.entry_point or None)
        return Plan("assert", code, [CaseSpec(_case_name(0), "secret", payload, answer)], [None])
    # Other languages: MultiPL-E's program (completion cut at the stop tokens, then the
    # tests) runs as one process, so it passes when it exits 0 with no output. The tests
    # share the program's process here; see docs/threat-model.md.
    source = _cut_at_stop_tokens(code, tc.stop_tokens) + "\n" + test
    return Plan("stdin_stdout", source, [CaseSpec(_case_name(0), "secret", b"", b"")], [None])


def evaluation_plan(tc: TestCasesIn, code: str, language: str) -> Plan:
    kind = tc.type or ("function_call" if tc.fn_name else "stdin_stdout")
    if kind not in KINDS:
        raise InvalidInput(
            f"unknown test case type {kind!r}; known: {', '.join(KINDS)}",
            field="config.provided_data.test_cases.type",
        )
    if kind == "stdin_stdout":
        plan = _stdin_stdout_plan(tc, code)
    elif kind == "function_call":
        plan = _function_call_plan(tc, code, language)
    else:
        plan = _assert_plan(tc, code, language)
    if len(plan.cases) > settings.SCALEBOX_MAX_CASES:
        raise TooLarge(
            f"{len(plan.cases)} test cases; the limit is {settings.SCALEBOX_MAX_CASES}",
            field="config.provided_data.test_cases",
        )
    return plan


# --- /common_evaluate's tests -------------------------------------------------------------

_DATA = "config.provided_data"


def _case_kind(cases: list[CaseIn]) -> str:
    """The peer's rule: the first case's type, else function_call when it names a
    function, else stdin_stdout; every other case must be of that kind too."""
    first = cases[0]
    kind = first.type or ("function_call" if first.fn_name else "stdin_stdout")
    for i, case in enumerate(cases):
        if case.type is not None and case.type != kind:
            raise InvalidInput(
                f"test_cases[{i}] is of type {case.type!r} and test_cases[0] of {kind!r}; "
                "one request holds one kind of test",
                field=f"{_DATA}.test_cases",
            )
    return kind


def _cases_as_batch(cases: list[CaseIn]) -> TestCasesIn:
    """A list of cases as the batch endpoint's one dict of lists."""
    if not cases:
        raise InvalidInput("test_cases is empty", field=f"{_DATA}.test_cases")
    kind = _case_kind(cases)
    if kind == "assert":
        if len(cases) != 1:
            raise InvalidInput(
                f"assert tests are one case holding all the asserts; got {len(cases)}",
                field=f"{_DATA}.test_cases",
            )
        case = cases[0]
        return TestCasesIn(
            type=kind,
            test=case.test,
            tests=case.tests,
            entry_point=case.entry_point,
            stop_tokens=case.stop_tokens,
        )
    for i, case in enumerate(cases):
        missing = [name for name in ("input", "output") if getattr(case, name) is None]
        if missing:
            raise InvalidInput(
                f"test_cases[{i}] has no {' and no '.join(missing)}", field=f"{_DATA}.test_cases"
            )
    fn_names = sorted({case.fn_name for case in cases if case.fn_name})
    if kind == "function_call" and len(fn_names) > 1:
        raise InvalidInput(
            f"the cases call different functions ({', '.join(fn_names)}); "
            "one request tests one function",
            field=f"{_DATA}.test_cases",
        )
    return TestCasesIn(
        type=kind,
        input=[case.input for case in cases],
        output=[case.output for case in cases],
        fn_name=fn_names[0] if fn_names else None,
        json_input=any(case.json_input for case in cases),
    )


def _stdio_tests_as_batch(tests: list[StdioTestIn]) -> TestCasesIn:
    """SandboxFusion's ``test`` pairs (``input.stdin``, ``output.stdout``) as stdin_stdout."""
    if not tests:
        raise InvalidInput("test is empty", field=f"{_DATA}.test")
    for i, test in enumerate(tests):
        for side, stream in (("input", "stdin"), ("output", "stdout")):
            files = getattr(test, side)
            if stream not in files:
                raise InvalidInput(f"test[{i}].{side} has no {stream!r}", field=f"{_DATA}.test")
            others = sorted(set(files) - {stream})
            if others:
                raise InvalidInput(
                    f"test[{i}].{side} names {others[0]!r}; only {stream!r} is supported",
                    field=f"{_DATA}.test",
                )
    return TestCasesIn(
        type="stdin_stdout",
        input=[test.input["stdin"] for test in tests],
        output=[test.output["stdout"] for test in tests],
    )


def common_test_cases(data: CommonProvidedDataIn) -> TestCasesIn:
    """/common_evaluate's tests as the batch endpoint's: a list of cases, the batch's own
    dict of lists, or ``test`` pairs."""
    if (data.test_cases is None) == (data.test is None):
        raise InvalidInput(
            "provided_data needs exactly one of 'test_cases' (a list of cases) and 'test' "
            "(stdin/stdout pairs)",
            field=_DATA,
        )
    if data.test is not None:
        return _stdio_tests_as_batch(data.test)
    if isinstance(data.test_cases, TestCasesIn):
        return data.test_cases
    assert data.test_cases is not None
    return _cases_as_batch(data.test_cases)


# --- running -----------------------------------------------------------------------------


def _rows(judging_id: int) -> list[dict[str, Any]]:
    """The judging's stored case outcomes in test order, as plain records."""
    fields = (
        "exit_code",
        "signal",
        "time_s",
        "wall_time_s",
        "memory_kb",
        "stdout_excerpt",
        "stderr_excerpt",
        "checker_message",
    )
    return [
        {"verdict": str(case.outcome.verdict)}
        | {name: getattr(case.outcome, name) for name in fields}
        for case in judging_outcomes(judging_id=judging_id, fields=fields)
    ]


def _pipeline_run(
    plan: Plan,
    *,
    language: str,
    owner: Any,
    options: dict[str, Any],
    ends: float,
    judge: Judge | None = None,
) -> Outcome:
    problem = services.problem_create_inline(
        cases=plan.cases,
        time_limit_s=options["run_timeout_s"],
        memory_limit_mb=options["memory_mb"],
        validator_flags=[],
        owner=owner,
        kind=plan.kind,
    )
    if judge is not None:
        problem.judge = judge
        problem.save(update_fields=["judge"])
    spec = services.SubmissionSpec(
        problem=problem,
        language=language,
        source=plan.source,
        owner=owner,
        stop_on_first_failure=not options["run_all_cases"],
        priority=options["priority"],
        options={"deadline_at": options["deadline_at"]},
    )
    [(submission, judging)] = services.submissions_create(specs=[spec])
    for attempt in range(settings.SCALEBOX_COMPAT_SANDBOX_RETRIES + 1):
        if attempt:
            judging = services.judging_create(submission=submission)
        remaining = ends - time.monotonic()
        done = selectors.judging_wait(judging_id=judging.id, timeout_s=max(0.0, remaining))
        if done.status != JudgingStatus.DONE:
            if time.time() >= options["deadline_at"]:
                return Outcome({}, [_total_timeout_record() for _ in plan.cases], submission.id)
            raise DeadlineUnreachable(
                f"submission {submission.id} was not judged within the request's deadline"
            )
        records = [
            {
                **row,
                "stdout": row.pop("stdout_excerpt") or "",
                "stderr": row.pop("stderr_excerpt") or "",
                "message": row.pop("checker_message") or "",
            }
            for row in _rows(done.id)
        ]
        if all(r["verdict"] != Verdict.SE for r in records):
            return Outcome(done.compile_info or {}, records, submission.id)
        logger.warning("submission %s: sandbox failure (attempt %d)", submission.id, attempt + 1)
    raise SandboxFailure(f"the sandbox failed on every attempt for submission {submission.id}")


def _total_timeout_record() -> dict[str, Any]:
    """A case the request's budget ran out before: it did not run."""
    return {"verdict": str(Verdict.TLE), "message": TOTAL_TIMEOUT, "stdout": "", "stderr": ""}


def _special_judge(extra: dict[str, Any]) -> Judge:
    """The exit-code judge row of the request's ``special_judge_program``."""
    program = str(extra["special_judge_program"])
    if "\x00" in program:
        raise InvalidInput(
            "special_judge_program contains NUL bytes", field="config.extra.special_judge_program"
        )
    language = language_resolve(str(extra.get("special_judge_language") or "python"))
    return judge_exit_code_get_or_create(source=program, language=language)


# --- answering ---------------------------------------------------------------------------


def _exec_info(
    case: CaseOutcome, compile_info: dict[str, Any], kind: str = ProblemKind.STDIN_STDOUT
) -> dict[str, Any]:
    info = _run_exec_info(case, compile_info)
    run = info["run_result"]
    if kind != ProblemKind.STDIN_STDOUT and run is not None:
        # A harnessed run: its stdout is the harness's report, not the program's (whose own
        # output went to stderr). Report as the peer's appended assertion does: a test that
        # did not pass failed with return code 1, saying why after the program's stderr.
        run["stdout"] = ""
        if case.verdict != Verdict.AC:
            info["status"] = "Failed"
            if case.verdict == Verdict.WA:
                run["return_code"] = 1
                run["stderr"] = "\n".join(
                    part for part in (case.stderr_excerpt, case.checker_message) if part
                )
    return info


def _run_exec_info(case: CaseOutcome, compile_info: dict[str, Any]) -> dict[str, Any]:
    verdict = case.verdict
    if verdict == Verdict.TLE and case.checker_message == TOTAL_TIMEOUT:
        return {
            "status": "SandboxError",
            "message": TOTAL_TIMEOUT,
            "compile_result": None,
            "run_result": None,
            "executor_pod_name": None,
            "files": {},
        }
    if verdict == Verdict.CE:
        return {
            "status": "Failed",
            "message": "compile error",
            "compile_result": {
                "status": "Finished",
                "execution_time": 0.0,
                "return_code": 1,
                "stdout": "",
                "stderr": str(compile_info.get("message", "")),
            },
            "run_result": None,
            "executor_pod_name": None,
            "files": {},
        }
    exit_code = case.exit_code
    signal = case.signal
    if verdict in (Verdict.RE, Verdict.MLE, Verdict.OLE) and not exit_code:
        exit_code = 128 + signal if signal else 1
    timed_out = verdict == Verdict.TLE
    ran_clean = (
        not timed_out
        and (exit_code or 0) == 0
        and verdict
        not in (
            Verdict.RE,
            Verdict.MLE,
            Verdict.OLE,
        )
    )
    return {
        "status": "Success" if ran_clean else "Failed",
        "message": case.checker_message,
        "compile_result": None,
        "run_result": {
            "status": "TimeLimitExceeded" if timed_out else "Finished",
            "execution_time": case.wall_time_s,
            "return_code": None if timed_out else (exit_code if exit_code is not None else 0),
            "stdout": case.stdout_excerpt,
            "stderr": case.stderr_excerpt,
        },
        "executor_pod_name": None,
        "files": {},
    }


def _record_outcome(record: dict[str, Any]) -> CaseOutcome:
    """A record of either run path read as a case outcome: both call the checker's message
    "message" and the program's output "stdout" and "stderr" (whole, when the special
    judge ran it)."""
    return replace(
        CaseOutcome.from_json(record),
        checker_message=record.get("message") or "",
        stdout_excerpt=record.get("stdout") or "",
        stderr_excerpt=record.get("stderr") or "",
    )


def _tests(plan: Plan, outcome: Outcome, run_all_cases: bool) -> list[dict[str, Any]]:
    tests = []
    for record, info in zip(outcome.records, plan.test_infos, strict=False):
        case = _record_outcome(record)
        if case.verdict == Verdict.SKIPPED:
            continue
        tests.append(
            {
                "passed": case.verdict == Verdict.AC,
                "exec_info": _exec_info(case, outcome.compile, plan.kind),
                "test_info": info,
                "verdict": str(case.verdict),
                "message": case.checker_message,
            }
        )
        if not run_all_cases and case.verdict != Verdict.AC:
            break
    return tests


def _answer(
    request: EvaluateBatchIn | CommonEvaluateIn,
    code: str,
    kind: str,
    verdict: str,
    tests: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": request.id,
        "accepted": verdict == Verdict.AC,
        "extracted_code": code,
        "full_code": None,
        "test_code": None,
        "tests": tests,
        "extracted_type": kind,
        "extra": None,
        "verdict": verdict,
    }


def evaluate_batch(request: EvaluateBatchIn, *, owner: Any = None) -> dict[str, Any]:
    """/common_evaluate_batch: the tests as one dict of lists."""
    return _evaluate(request, request.config.provided_data.test_cases, owner=owner)


def evaluate_one(request: CommonEvaluateIn, *, owner: Any = None) -> dict[str, Any]:
    """/common_evaluate: the tests as a list of cases, or as stdin/stdout ``test`` pairs."""
    return _evaluate(request, common_test_cases(request.config.provided_data), owner=owner)


def _evaluate(
    request: EvaluateBatchIn | CommonEvaluateIn, test_cases: TestCasesIn, *, owner: Any
) -> dict[str, Any]:
    config = request.config
    budget_s = config.total_timeout_s
    deadline_at = time.time() + budget_s
    if not config.language:
        raise InvalidInput("config.language field must exist, got None", field="config.language")
    language = language_resolve(config.language)
    extracted = code_extract(request.completion, language)
    plan = evaluation_plan(test_cases, extracted.code, language)
    if not extracted.code.strip():
        return _answer(request, extracted.code, extracted.kind, Verdict.CE, [])
    run_timeout = config.run_timeout or 10.0
    options: dict[str, Any] = {
        "run_timeout_s": run_timeout,
        "memory_mb": config.memory_limit_mb
        or min(settings.SCALEBOX_COMPAT_DEFAULT_MEMORY_MB, settings.SCALEBOX_MAX_MEMORY_LIMIT_MB),
        "run_all_cases": bool(config.extra.get("run_all_cases", False)),
        "priority": (
            request.priority
            if request.priority is not None
            else settings.SCALEBOX_COMPAT_DEFAULT_PRIORITY
        ),
        "deadline_at": deadline_at,
    }
    deadline = request_deadline_s(
        compile_timeout_s=config.compile_timeout or 10.0,
        run_timeout_s=run_timeout * 2,
        rounds=len(plan.cases),
    )
    # The first test runs whatever the budget: the wait allows for it.
    first_test_s = (config.compile_timeout or 10.0) + run_timeout * 2 + 1.0
    deadline = min(deadline, max(budget_s, first_test_s) + TOTAL_TIMEOUT_GRACE_S)
    special = plan.special_judge_applies and bool(config.extra.get("special_judge_program"))
    judge = _special_judge(config.extra) if special else None
    with admitted(priority=options["priority"], deadline_s=deadline) as left_s:
        ends = time.monotonic() + left_s
        outcome = _pipeline_run(
            plan, language=language, owner=owner, options=options, ends=ends, judge=judge
        )
    verdict = overall_verdict(r["verdict"] for r in outcome.records)
    tests = _tests(plan, outcome, options["run_all_cases"])
    answer = _answer(request, extracted.code, extracted.kind, verdict, tests)
    answer["submission_id"] = outcome.submission_id
    return answer
