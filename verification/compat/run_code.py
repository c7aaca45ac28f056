"""POST /run_code: one program, one input, answered in SandboxFusion's vocabulary.

A run is one plain Celery task in distributed mode and a direct call in the embedded
default. A sandbox failure is retried here and, if it persists, becomes HTTP 504: an
HTTP 200 never carries a sandbox failure, because verl scores that as a failed test.

A program may write up to its output limit, but the reply carries at most
``SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES`` of its stdout and of its stderr: the run's result
is cut where it is made (one byte over the cap is kept, so the web process can tell a
cut output from one of exactly the cap) and ``run_result.stdout_truncated`` /
``stderr_truncated`` say so. SandboxFusion's clients ignore fields they do not know.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.conf import settings
from django.db import connections

from verification import runs, services_judging
from verification.compat.admission import DeadlineUnreachable, admitted, run_code_deadline_s
from verification.compat.languages import language_resolve
from verification.compat.schemas import RunCodeIn
from verification.errors import SandboxFailure, ScaleBoxError, TooLarge
from verification.executors import executor_for, known_languages
from verification.priorities import broker_priority
from verification.runs import CodeRunResult, StepResult
from verification.verdicts import run_status_verdict
from verification.workers import ensure_runtime_installed

logger = logging.getLogger(__name__)

COMPILE_TLE_PREFIX = "compilation time limit exceeded"
# A run's wall-time limit is its run timeout plus this (runs.code_run).
RUN_WALL_SLACK_S = 1.0
COMPILE_MLE_PREFIX = "compilation memory limit exceeded"

# SandboxFusion runs an interpreted language (an executor with ``interpreted`` set:
# `python main.py`, `node main.js`, `tsx main.ts`, `php -f`, `bash`, `lua`, `perl`, `ruby`)
# with no compile step: there a syntax error ends the run, with return code 1 and the
# interpreter's report in stderr, and compile_result is null. ScaleBox checks their syntax
# before it runs them; /run_code reports a failed check as SandboxFusion's run would, so
# verl scores it as a runtime error (-2), not as a compile error (-4). Compiled languages
# keep compile_result.
# The line where Python's own report of a syntax error in the program begins.
_PYTHON_SYNTAX_ERROR_AT = re.compile(r'^  File "main\.py", line \d+$', re.MULTILINE)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _return_code(step: StepResult) -> int:
    """The exit status SandboxFusion's clients expect: non-zero whenever the run failed."""
    if step.exit_code is not None and (step.exit_code != 0 or step.status == "OK"):
        return step.exit_code
    return 0 if step.status == "OK" else 1


def _capped(data: bytes) -> tuple[bytes, bool]:
    cap = settings.SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES
    return (data[:cap], True) if len(data) > cap else (data, False)


def output_cap(result: CodeRunResult) -> CodeRunResult:
    """``result`` with each step's stdout and stderr cut to one byte over the reply's cap:
    what a worker sends back and a web process holds is bounded by the cap, not by the
    program's output limit."""
    keep = settings.SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES + 1
    for step in (result.compile, result.run):
        if step is not None:
            step.stdout = step.stdout[:keep]
            step.stderr = step.stderr[:keep]
    return result


def _compile_report(step: StepResult) -> str:
    """What a failed compile step says: runs put the compiler's report in stderr."""
    return step.message or _text(step.stderr)


def command_result(step: StepResult, *, compile_step: bool = False) -> dict[str, Any]:
    """SandboxFusion's CommandRunResult for one step, plus our cpu time and memory, and
    whether stdout or stderr was cut at the reply's cap."""
    if step.status == "TLE" or (
        compile_step and _compile_report(step).startswith(COMPILE_TLE_PREFIX)
    ):
        status = "TimeLimitExceeded"
    elif step.status == "SE":
        status = "Error"
    else:
        status = "Finished"
    stdout, stdout_truncated = _capped(step.stdout)
    stderr_bytes, stderr_truncated = _capped(step.stderr)
    stderr = _text(stderr_bytes)
    if compile_step and step.status == "CE" and not stderr:
        stderr = step.message
    return {
        "status": status,
        "execution_time": round(step.wall_time_s, 6),
        "return_code": None if status != "Finished" else _return_code(step),
        "stdout": _text(stdout),
        "stderr": stderr,
        "cpu_time": round(step.cpu_time_s, 6),
        "memory_kb": step.memory_kb,
        "stdout_truncated": stdout_truncated,
        "stderr_truncated": stderr_truncated,
    }


def run_verdict(result: CodeRunResult) -> str:
    """Our verdict of one run: CE, TLE, MLE, OLE, RE (non-zero exit), SE or OK (there is
    no checker here: a run that ended well with exit code 0 is OK)."""
    if result.compile is not None and result.compile.status != "OK":
        return result.compile.status
    if result.run is None:
        return "SE"
    if result.run.status == "OK":
        return "RE" if result.run.exit_code not in (0, None) else "OK"
    return str(run_status_verdict(result.run.status))


def _is_syntax_error(step: StepResult | None) -> bool:
    """A syntax check that failed on the program, not on its time or memory limit."""
    return (
        step is not None
        and step.status == "CE"
        and not _compile_report(step).startswith((COMPILE_TLE_PREFIX, COMPILE_MLE_PREFIX))
    )


def _as_interpreter_reports(language: str, report: str) -> str:
    """A syntax check's report as the interpreter running the program prints it: for
    Python, from the line naming main.py, or else the error's own line (the frames above
    are our checker's, never the program's)."""
    if language == "python":
        starts = list(_PYTHON_SYNTAX_ERROR_AT.finditer(report))
        if starts:
            report = report[starts[-1].start() :]
        elif report.startswith("Traceback (most recent call last):"):
            report = report.rstrip().rsplit("\n", 1)[-1]
    return report if not report or report.endswith("\n") else report + "\n"


def _interpreted(language: str) -> bool:
    return language in known_languages() and executor_for(language).interpreted


def syntax_error_as_run(result: CodeRunResult, *, language: str) -> CodeRunResult:
    """``result`` as SandboxFusion shapes an interpreted language's syntax error: no
    compile step, a run that ended with return code 1 and the report in stderr."""
    if not _interpreted(language) or result.run is not None:
        return result
    check = result.compile
    if check is None or not _is_syntax_error(check):
        return result
    report = _as_interpreter_reports(language, _compile_report(check))
    run = StepResult(
        "RE", wall_time_s=check.wall_time_s, exit_code=1, stderr=report.encode("utf-8")
    )
    return CodeRunResult(compile=None, run=run, files=result.files, isolation=result.isolation)


def run_code_response(result: CodeRunResult, *, language: str = "") -> dict[str, Any]:
    """SandboxFusion's RunCodeResponse for a run that the sandbox carried out (in the
    shape SandboxFusion gives ``language``'s runs; our ``verdict`` is unchanged)."""
    verdict = run_verdict(result)
    result = syntax_error_as_run(result, language=language)
    compile_result = command_result(result.compile, compile_step=True) if result.compile else None
    run_result = command_result(result.run) if result.run else None
    message = ""
    if verdict != "OK":
        step = result.run if result.run is not None else result.compile
        message = step.message if step is not None else ""
    return {
        "status": "Success" if verdict == "OK" else "Failed",
        "message": message,
        "compile_result": compile_result,
        "run_result": run_result,
        "executor_pod_name": settings.SCALEBOX_WORKER_NAME,
        "files": {name: base64.b64encode(data).decode() for name, data in result.files.items()},
        "verdict": verdict,
        "isolation": result.isolation,
    }


def is_sandbox_failure(result: CodeRunResult) -> bool:
    return any(step is not None and step.status == "SE" for step in (result.compile, result.run))


def _execute_once(args: dict[str, Any], timeout_s: float) -> CodeRunResult:
    if settings.SCALEBOX_EMBEDDED:
        return code_run_capped(args)
    # The task module wraps this one's services, so it is imported when first needed.
    from verification.compat.tasks import compat_run_code  # noqa: PLC0415

    try:
        async_result = compat_run_code.apply_async(
            kwargs={"args": args}, priority=broker_priority(args["priority"])
        )
    except Exception as exc:
        if not services_judging.is_broker_failure(exc):
            raise
        raise services_judging.broker_unavailable(exc) from exc
    try:
        return runs.code_run_from_json(async_result.get(timeout=timeout_s))
    finally:
        async_result.forget()


def code_run_capped(args: dict[str, Any]) -> CodeRunResult:
    """One /run_code request's run, its output cut to the reply's cap (see output_cap)."""
    return output_cap(runs.code_run(**_code_run_kwargs(args)))


def _output_limit_bytes() -> int:
    """The program's output limit: the pipeline's default, within the server's maximum."""
    kb = min(settings.SCALEBOX_DEFAULT_OUTPUT_LIMIT_KB, settings.SCALEBOX_MAX_OUTPUT_LIMIT_KB)
    return int(kb) << 10


def _files_within_limit(files: dict[str, str | None]) -> None:
    """Refuse a file over SCALEBOX_MAX_FILE_BYTES before its base64 is decoded."""
    limit = settings.SCALEBOX_MAX_FILE_BYTES
    for name, content in files.items():
        if content is not None and len(content) // 4 * 3 > limit + 2:
            raise TooLarge(
                f"file {name!r} is over the {limit} byte limit (SCALEBOX_MAX_FILE_BYTES)",
                field="files",
            )


def _code_run_kwargs(args: dict[str, Any]) -> dict[str, Any]:
    return {
        "output_limit_bytes": args.get("output_limit_bytes", _output_limit_bytes()),
        "language": args["language"],
        "code": args["code"],
        "stdin": base64.b64decode(args["stdin_b64"]),
        "compile_timeout_s": args["compile_timeout_s"],
        "run_timeout_s": args["run_timeout_s"],
        "memory_mb": args["memory_mb"],
        "files": runs.decode_files(args["files"]),
        "fetch_files": args["fetch_files"],
    }


def code_run_execute(request: RunCodeIn) -> dict[str, Any]:
    """Run the request's program (retrying sandbox failures) and shape the answer."""
    language = language_resolve(request.language)
    if settings.SCALEBOX_EMBEDDED:
        ensure_runtime_installed(language)
    _files_within_limit(request.files)
    for name, data in runs.decode_files(request.files).items():  # bad names and sizes
        if len(data) > settings.SCALEBOX_MAX_FILE_BYTES:
            raise TooLarge(
                f"file {name!r} is {len(data)} bytes; the limit is "
                f"{settings.SCALEBOX_MAX_FILE_BYTES} bytes (SCALEBOX_MAX_FILE_BYTES)",
                field="files",
            )
    for name in request.fetch_files:
        runs.safe_relative_path(name)
    if len(request.code.encode("utf-8")) > settings.SCALEBOX_MAX_SOURCE_BYTES:
        raise TooLarge(
            f"code is over the {settings.SCALEBOX_MAX_SOURCE_BYTES} byte limit", field="code"
        )
    memory_mb = request.memory_limit_mb or min(
        settings.SCALEBOX_COMPAT_DEFAULT_MEMORY_MB, settings.SCALEBOX_MAX_MEMORY_LIMIT_MB
    )
    priority = (
        request.priority
        if request.priority is not None
        else settings.SCALEBOX_COMPAT_DEFAULT_PRIORITY
    )
    args = {
        "language": language,
        "code": request.code,
        "stdin_b64": base64.b64encode((request.stdin or "").encode("utf-8")).decode(),
        "compile_timeout_s": request.compile_timeout,
        "run_timeout_s": request.run_timeout,
        "memory_mb": memory_mb,
        "output_limit_bytes": _output_limit_bytes(),
        "files": {k: v for k, v in request.files.items() if v is not None},
        "fetch_files": list(request.fetch_files),
        "priority": priority,
    }
    deadline = run_code_deadline_s(
        compile_timeout_s=request.compile_timeout, run_timeout_s=request.run_timeout
    )
    # A run may take its whole wall-time limit: one started later than that before the
    # deadline would answer after it, when the client may have given up. Such a request
    # gets its 504 as soon as it is too late to start, not at its deadline.
    run_needs_s = request.run_timeout + RUN_WALL_SLACK_S
    start_within_s = deadline - run_needs_s if run_needs_s < deadline else deadline

    def admitted_run() -> dict[str, Any]:
        return _admitted_run(
            args,
            language=language,
            priority=priority,
            deadline_s=deadline,
            start_within_s=start_within_s,
            run_needs_s=run_needs_s,
        )

    if settings.SCALEBOX_EMBEDDED:
        return answer_within(admitted_run, deadline)
    return admitted_run()


def answer_within(work: Callable[[], dict[str, Any]], deadline_s: float) -> dict[str, Any]:
    """``work()``'s answer, or DeadlineUnreachable (HTTP 504) once ``deadline_s`` passes.

    In the embedded mode the run happens in this process, where nothing else bounds it by
    the request's deadline: a compile or a run that waits for a sandbox slot the host's
    other processes hold, or for a CPU, would answer after the client gave up. So it runs
    on a thread of its own, which keeps its admission slot until it ends, while the
    request's thread answers in time. (In distributed mode the wait for the worker's result
    is bounded the same way.)
    """
    done: Future[dict[str, Any]] = Future()

    def target() -> None:
        done.set_running_or_notify_cancel()
        try:
            done.set_result(work())
        except BaseException as exc:  # handed to the request's thread
            done.set_exception(exc)
        finally:
            connections.close_all()  # this thread's own, if it opened any

    threading.Thread(target=target, name="run_code", daemon=True).start()
    try:
        return done.result(timeout=deadline_s)
    except FutureTimeout:
        raise DeadlineUnreachable(
            f"the run did not end within the request's deadline ({deadline_s:.1f}s)"
        ) from None


def _admitted_run(
    args: dict[str, Any],
    *,
    language: str,
    priority: int,
    deadline_s: float,
    start_within_s: float,
    run_needs_s: float,
) -> dict[str, Any]:
    """Wait for admission, then run (retrying sandbox failures) and shape the answer."""
    with admitted(
        priority=priority, deadline_s=deadline_s, start_within_s=start_within_s
    ) as left_s:
        ends = time.monotonic() + left_s
        last_error = ""
        for attempt in range(settings.SCALEBOX_COMPAT_SANDBOX_RETRIES + 1):
            remaining = ends - time.monotonic()
            if remaining <= 0 or (attempt > 0 and remaining < run_needs_s):
                last_error = last_error or "the request's deadline passed"
                break
            try:
                result = _execute_once(args, remaining)
            except ScaleBoxError:
                raise
            except Exception as exc:  # the sandbox or the queue failed, not the program
                logger.warning("run_code attempt %d failed: %s", attempt + 1, exc)
                last_error = f"{type(exc).__name__}: {exc}"
                continue
            if not is_sandbox_failure(result):
                return run_code_response(result, language=language)
            step = result.run if result.run is not None else result.compile
            last_error = step.message if step is not None else "sandbox failure"
            logger.warning("run_code attempt %d: sandbox failure: %s", attempt + 1, last_error)
    raise SandboxFailure(f"the sandbox failed on every attempt: {last_error}")
