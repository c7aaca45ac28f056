"""Validating a candidate judge in the sandbox, the way verdicts are decided in production.

A candidate passes when it accepts every test's answer and every output of the
problem's accepted reference solutions; rejects every mutation of them (``mutations``);
rejects each wrong-answer reference solution on at least one test; and never crashes or
runs out of time (a JE anywhere fails it).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from judges.generation.mutations import equivalent, mutations
from judges.models import Judge
from judges.services import judge_check
from verification.executors import executor_for
from verification.executors.base import CompileError, CompileSystemError, UnknownLanguage
from verification.sandbox import Limits, RunStatus

SNIPPET_CHARS = 160
MAX_FAILURES_LISTED = 8
CHECK_THREADS = 4
MAX_CRASHES = 2  # after this many JEs the remaining checks are not run
NOT_RUN = "NOT_RUN"
SANDBOX_RETRIES = 2  # a sandbox failure (SE) is the machine's, not the solution's
ACCEPTED = "accepted"
WRONG = "wrong_answer"


@dataclass(frozen=True)
class CaseMaterial:
    name: str
    input: bytes
    answer: bytes
    args: tuple[str, ...] = ()


@dataclass
class ReferenceOutputs:
    path: str
    expected: str
    outputs: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Material:
    """What a candidate is validated against; computed once per generation."""

    cases: list[CaseMaterial]
    references: list[ReferenceOutputs] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def accepted_outputs(self, case: str) -> list[tuple[str, bytes]]:
        return [
            (ref.path, ref.outputs[case])
            for ref in self.references
            if ref.expected == ACCEPTED and case in ref.outputs
        ]


@dataclass
class ValidationReport:
    ok: bool
    checks: list[dict[str, Any]]
    failures: list[str]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        must_reject = sum(1 for c in self.checks if c["expect"] == "WA")
        return {
            "ok": self.ok,
            "summary": {
                "checks": len(self.checks),
                "must_accept": sum(1 for c in self.checks if c["expect"] == "AC"),
                "must_reject": must_reject,
                "failed": sum(1 for c in self.checks if not c["ok"]),
            },
            "failures": self.failures,
            "notes": self.notes,
            "checks": self.checks,
        }


def reference_kind(ref: Any) -> str | None:
    """ACCEPTED, WRONG or None (other expectations say nothing about the output)."""
    verdicts = list(ref.expected_verdicts or [])
    if ref.expected == ACCEPTED or verdicts == ["AC"]:
        return ACCEPTED
    if ref.expected == WRONG or verdicts == ["WA"]:
        return WRONG
    return None


def validation_material(*, problem: Any) -> Material:
    """The problem's first tests and its reference solutions' outputs on them."""
    rows = problem.test_cases.filter(active=True).select_related("input", "answer")
    cases = [
        CaseMaterial(tc.name, bytes(tc.input.data), bytes(tc.answer.data), tuple(tc.validator_args))
        for tc in rows.order_by("order")[: settings.SCALEBOX_JUDGEGEN_MAX_CASES]
    ]
    material = Material(cases=cases)
    for ref in problem.reference_solutions.order_by("path"):
        kind = reference_kind(ref)
        if kind is not None:
            material.references.append(_run_reference(problem, ref, kind, cases, material.notes))
    return material


def _run_reference(
    problem: Any, ref: Any, kind: str, cases: list[CaseMaterial], notes: list[str]
) -> ReferenceOutputs:
    outputs = ReferenceOutputs(ref.path, kind)
    try:
        program = executor_for(ref.language).compile(ref.source.encode())
    except (CompileError, CompileSystemError, UnknownLanguage) as exc:
        notes.append(f"reference solution {ref.path} did not compile: {str(exc)[:300]}")
        return outputs
    cpu = max(1.0, 2 * problem.time_limit_s)
    limits = Limits(
        cpu_time_s=cpu,
        wall_time_s=2 * cpu + 1,
        memory_bytes=max(64, problem.memory_limit_mb) << 20,
        output_bytes=problem.output_limit_kb * 1024,
    )

    for case in cases:
        result = program.run(case.input, limits)
        for _ in range(SANDBOX_RETRIES):
            if result.status is not RunStatus.SE:
                break
            result = program.run(case.input, limits)
        if result.status is RunStatus.OK:
            outputs.outputs[case.name] = result.stdout
        else:
            notes.append(
                f"reference solution {ref.path} got {result.status.value} on {case.name}: "
                f"{result.message[:200]}"
            )
    return outputs


@dataclass(frozen=True)
class _Planned:
    case: CaseMaterial
    what: str
    output: bytes
    expect: str  # "AC", "WA", or "any" (a wrong solution's output on one test)
    source: str = ""


def _plan(material: Material, kinds: list[str], tolerance: float | None) -> list[_Planned]:
    planned: list[_Planned] = []
    for case in material.cases:
        accepted = [("the jury's answer", case.answer)]
        accepted += [
            (f"the output of accepted solution {p}", out)
            for p, out in material.accepted_outputs(case.name)
        ]
        for what, output in accepted:
            planned.append(_Planned(case, what, output, "AC"))
        sources = [case.answer]
        distinct = [o for _, o in accepted[1:] if o.split() != case.answer.split()]
        sources += distinct[:1]
        for n, source in enumerate(sources):
            for name, mutant in mutations(
                source, kinds=kinds, float_tolerance=tolerance, full=(n == 0)
            ):
                if any(equivalent(mutant, out, kinds, tolerance) for _, out in accepted):
                    continue
                origin = "the jury's answer" if n == 0 else "an accepted solution's output"
                planned.append(_Planned(case, f"{name} ({origin})", mutant, "WA"))
        for ref in material.references:
            if ref.expected == WRONG and case.name in ref.outputs:
                planned.append(
                    _Planned(
                        case, f"wrong solution {ref.path}", ref.outputs[case.name], "any", ref.path
                    )
                )
    return planned


def _snippet(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    return repr(text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "...")


def candidate_validate(
    *, judge: Judge, material: Material, kinds: list[str], float_tolerance: float | None
) -> ValidationReport:
    """Run every planned check of ``judge`` (saved or not) and say whether it passes."""
    if not material.cases:
        return ValidationReport(False, [], ["the problem has no test cases"], material.notes)
    planned = _plan(material, kinds, float_tolerance)
    cpu = float(settings.SCALEBOX_JUDGEGEN_CHECK_CPU_S)
    limits = {"cpu": cpu, "wall": 2 * cpu + 1, "memory": 1024 << 20, "output": 1 << 20}

    crashes = [0]
    lock = threading.Lock()

    def run(item: _Planned) -> tuple[str, str]:
        with lock:
            if crashes[0] >= MAX_CRASHES:
                return NOT_RUN, "not run: the checker had already crashed or hung"
        verdict, message = _check(item)
        for _ in range(SANDBOX_RETRIES):
            if verdict != "SE":
                break
            verdict, message = _check(item)
        if verdict in ("JE", "SE"):
            with lock:
                crashes[0] += 1
        return verdict, message

    def _check(item: _Planned) -> tuple[str, str]:
        try:
            result = judge_check(
                judge=judge,
                input=item.case.input,
                output=item.output,
                answer=item.case.answer,
                case_args=item.case.args,
                limits=limits,
            )
        except Exception as exc:  # a judge that cannot even be configured is a JE
            return "JE", f"{type(exc).__name__}: {exc}"
        return result.verdict, result.message

    with ThreadPoolExecutor(max_workers=CHECK_THREADS) as pool:
        results = list(pool.map(run, planned))
    checks: list[dict[str, Any]] = []
    failures: list[str] = []
    wrong_rejected: dict[str, bool] = {}
    for item, (verdict, message) in zip(planned, results, strict=True):
        ok = verdict == item.expect or (item.expect == "any" and verdict in ("AC", "WA"))
        checks.append(
            {
                "case": item.case.name,
                "what": item.what,
                "expect": item.expect,
                "got": verdict,
                "ok": ok,
                "output": _snippet(item.output),
                "message": message[: SNIPPET_CHARS * 2],
            }
        )
        if item.source:
            wrong_rejected[item.source] = wrong_rejected.get(item.source, False) or verdict == "WA"
        if not ok and verdict != NOT_RUN:
            failures.append(_failure(item, verdict, message))
    abandoned = any(verdict == NOT_RUN for verdict, _ in results)
    for path, rejected in sorted(wrong_rejected.items()) if not abandoned else []:
        checks.append(
            {
                "case": "*",
                "what": f"wrong solution {path} rejected on some test",
                "expect": "WA",
                "got": "WA" if rejected else "AC",
                "ok": rejected,
                "output": "",
                "message": "",
            }
        )
        if not rejected:
            failures.append(f"accepted every output of wrong solution {path}")
    if not any(c["expect"] == "WA" for c in checks):
        failures.append("no wrong output could be made to test that the checker rejects any")
    return ValidationReport(not failures, checks, _listed(failures), material.notes)


def _failure(item: _Planned, verdict: str, message: str) -> str:
    where = f"test {item.case.name}"
    said = f" (checker said: {message[:200]})" if message else ""
    if verdict == "SE":
        return f"{where}: the sandbox failed (not the checker's fault): {message[:200]}"
    if verdict == "JE":
        return f"{where}: the checker crashed, hung or printed garbage on {item.what}{said}"
    if item.expect == "AC":
        return f"{where}: rejected {item.what}, a correct output {_snippet(item.output)}{said}"
    return f"{where}: accepted a wrong output, {item.what}: {_snippet(item.output)}{said}"


def _listed(failures: list[str]) -> list[str]:
    if len(failures) <= MAX_FAILURES_LISTED:
        return failures
    more = len(failures) - MAX_FAILURES_LISTED
    return [*failures[:MAX_FAILURES_LISTED], f"... and {more} more failures"]
