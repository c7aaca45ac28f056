"""icip-cas/ScaleBox's special judge: a program that decides one case.

It runs in the sandbox after the submitted program, with no arguments and three files in
its working directory: ``stdin.txt`` (the case input), ``stdout.txt`` (the expected
output) and ``answer.txt`` (the submitted program's output). Exit 0 accepts, exit 1
rejects; anything else (another exit code, a crash, a timeout) is a judge error.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

JUDGE_CPU_S = 10.0
JUDGE_MEMORY_BYTES = 1024 << 20
JUDGE_OUTPUT_BYTES = 1 << 20


def _record(verdict: str, run: Any = None, message: str = "") -> dict[str, Any]:
    record: dict[str, Any] = {"verdict": verdict, "message": message}
    if run is not None:
        record.update(
            exit_code=run.exit_code,
            signal=run.signal,
            time_s=round(run.cpu_time_s, 4),
            wall_time_s=round(run.wall_time_s, 4),
            memory_kb=run.memory_kb,
            stdout_b64=base64.b64encode(run.stdout).decode(),
            stderr_b64=base64.b64encode(run.stderr).decode(),
        )
    return record


def _status(run: Any) -> str:
    return str(run.status.value if hasattr(run.status, "value") else run.status)


def _run_retrying(program: Any, stdin: bytes, limits: Any, **kwargs: Any) -> Any:
    run = None
    for _ in range(settings.SCALEBOX_COMPAT_SANDBOX_RETRIES + 1):
        run = program.run(stdin, limits, **kwargs)
        if _status(run) != "SE":
            return run
        logger.warning("special judge case: sandbox failure: %s", run.message)
    return run


def _judge_case(judge: Any, stdin: bytes, expected: bytes, output: bytes) -> tuple[str, str]:
    from verification.sandbox import Limits

    limits = Limits(
        cpu_time_s=JUDGE_CPU_S,
        wall_time_s=JUDGE_CPU_S * 2,
        memory_bytes=JUDGE_MEMORY_BYTES,
        output_bytes=JUDGE_OUTPUT_BYTES,
    )
    files = {"stdin.txt": stdin, "stdout.txt": expected, "answer.txt": output}
    run = _run_retrying(judge, b"", limits, files=files)
    status = _status(run)
    if status == "SE":
        return "SE", f"sandbox failure running the special judge: {run.message}"
    if status == "OK" and run.exit_code == 0:
        return "AC", "special judge accepted"
    if status in ("OK", "RE") and run.exit_code == 1:
        return "WA", "special judge rejected: " + run.stderr.decode(errors="replace")[:500]
    return "JE", f"special judge ended with {status} (exit code {run.exit_code}): " + (
        run.stderr.decode(errors="replace")[:500]
    )


def special_judge_evaluate(
    *,
    language: str,
    code: str,
    cases: list[dict[str, str]],
    judge_program: str,
    judge_language: str,
    run_timeout_s: float,
    memory_mb: int,
    stop_on_first_failure: bool,
) -> dict[str, Any]:
    """Run and judge every case; JSON-able records in case order (later ones SKIPPED)."""
    from verification.executors import CompileError, executor_for
    from verification.sandbox import Limits

    try:
        program = executor_for(language).compile(code.encode("utf-8"))
    except CompileError as exc:
        message = str(getattr(exc, "message", exc))
        return {"compile": {"ok": False, "message": message}, "cases": []}
    try:
        judge = executor_for(judge_language).compile(judge_program.encode("utf-8"))
    except CompileError as exc:
        message = "special judge does not compile: " + str(getattr(exc, "message", exc))
        return {
            "compile": {"ok": True, "message": ""},
            "cases": [_record("JE", message=message) for _ in cases],
        }
    limits = Limits(
        cpu_time_s=run_timeout_s,
        wall_time_s=run_timeout_s * 2 + 1,
        memory_bytes=memory_mb << 20,
        output_bytes=settings.SCALEBOX_DEFAULT_OUTPUT_LIMIT_KB << 10,
    )
    records: list[dict[str, Any]] = []
    failed = False
    for case in cases:
        if failed and stop_on_first_failure:
            records.append(_record("SKIPPED"))
            continue
        stdin = case["input"].encode("utf-8")
        run = _run_retrying(program, stdin, limits)
        status = _status(run)
        if status != "OK":
            records.append(_record(status, run, run.message))
        else:
            verdict, message = _judge_case(judge, stdin, case["output"].encode("utf-8"), run.stdout)
            records.append(_record(verdict, run, message))
        failed = failed or records[-1]["verdict"] != "AC"
    return {"compile": {"ok": True, "message": ""}, "cases": records}
