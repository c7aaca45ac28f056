"""Custom special judges, always run in the sandbox and compiled once per worker.

Protocols:

- ``kattis``: ``validator input answer feedback_dir [flags] < output``. Exit 42 accepts,
  43 rejects, anything else is a judge error; ``feedback_dir/judgemessage.txt`` becomes
  the case's message, and ``feedback_dir/score.txt`` an accepted case's score.
- ``testlib``: ``checker input output answer``. Exit 0 accepts; 1 (WA), 2 (PE), 4 and 8
  reject with the checker's message; 7 reports points (recorded as a score, accepted
  when positive); 3 (FAIL) and any other code are judge errors.
- ``python``: a module defining ``check(input, output, answer)`` (bytes each) that
  returns ``(accepted, message)`` or ``accepted``; accepted may be a bool or "AC"/"WA".
- ``exit_code``: icip-cas/ScaleBox's special judge, one source file in any language
  ScaleBox runs (``language``), compiled by that language's executor. It runs with no
  arguments and three files in its working directory: ``stdin.txt`` (the case input),
  ``stdout.txt`` (the expected output) and ``answer.txt`` (the program's output). Exit 0
  accepts, 1 rejects, anything else is a judge error. A sandbox failure while compiling
  it is a system error (SE), like one while running it.

A judge is untrusted code like the program it judges: it runs under the same isolation
and limits, sees only the files of one case, and a crash, hang or garbage from it is a
judge error (JE), never an accepted case. A sandbox failure while it runs is a system
error (SE), as for the program's own run.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from judges.checkers import CheckResult
from judges.headers import LIBRARY_DIGEST, headers_for
from judges.models import Judge, JudgeKind
from verification.executors import CompileError, CompileSystemError, UnknownLanguage, executor_for
from verification.sandbox import Limits, RunResult, RunStatus, run_sandboxed

COMPILE_LIMITS = {"cpu": 60.0, "wall": 120.0, "memory": 2048 << 20, "output": 8 << 20}
RUN_LIMITS = {"cpu": 20.0, "wall": 40.0, "memory": 2048 << 20, "output": 8 << 20}
EXIT_CODE_LIMITS = {"cpu": 10.0, "wall": 20.0, "memory": 1024 << 20, "output": 1 << 20}
EXIT_CODE_MESSAGE_CHARS = 500
# A Kattis validator's feedback directory (in its scratch directory), and the files of it
# that judging reads.
FEEDBACK_DIR = "feedback"
KATTIS_FEEDBACK = ("judgemessage.txt", "score.txt", "score_multiplier.txt")
KATTIS_FETCH = tuple(f"{FEEDBACK_DIR}/{name}" for name in KATTIS_FEEDBACK)
MESSAGE_CHARS = 2000
TESTLIB_CODES = {0: "AC", 1: "WA", 2: "WA", 4: "WA", 8: "WA"}

_PY_WRAPPER = r"""
import json, sys
sys.path.insert(0, "/prog")
import importlib
mod = importlib.import_module(sys.argv[1])
data = [open(name, "rb").read() for name in ("input", "output", "answer")]
result = mod.check(*data)
message = ""
if isinstance(result, tuple):
    result, message = result[0], result[1] if len(result) > 1 else ""
if result is True or result == "AC":
    verdict = "AC"
elif result is False or result == "WA":
    verdict = "WA"
else:
    raise SystemExit("check() returned %r, not a verdict" % (result,))
sys.stdout.write(json.dumps({"verdict": verdict, "message": str(message)}))
"""


class JudgeBuildError(Exception):
    """A custom judge could not be built; every case it would judge is a JE."""


@dataclass(frozen=True)
class BuiltJudge:
    kind: str
    directory: Path
    argv: tuple[str, ...]


_built: dict[str, BuiltJudge] = {}
_lock = threading.Lock()


def _limits(spec: dict[str, float]) -> Limits:
    return Limits(
        cpu_time_s=spec["cpu"],
        wall_time_s=spec["wall"],
        memory_bytes=int(spec["memory"]),
        output_bytes=int(spec["output"]),
        processes=64,
    )


def run_limits() -> Limits:
    """The limits a custom judge runs under (RUN_LIMITS)."""
    return _limits(RUN_LIMITS)


def _fingerprint(judge: Judge) -> str:
    digest = hashlib.sha256()
    for part in (judge.kind, judge.language, judge.entry, json.dumps(judge.files, sort_keys=True)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(LIBRARY_DIGEST.encode())  # a new validation.h rebuilds what includes it
    return digest.hexdigest()


def _files_bytes(judge: Judge) -> dict[str, bytes]:
    return {
        path: text.encode("utf-8", "surrogateescape") for path, text in (judge.files or {}).items()
    }


def judge_build(judge: Judge) -> BuiltJudge:
    """Compile ``judge`` once per worker (cached on disk by content), or raise."""
    key = _fingerprint(judge)
    with _lock:
        cached = _built.get(key)
        if cached is not None and cached.directory.exists():
            return cached
        root = Path(settings.SCALEBOX_WORKER_CACHE_DIR) / "judges" / key
        marker = root / ".built.json"
        if root.exists() and not marker.exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that did not finish
        if marker.exists():
            built = BuiltJudge(judge.kind, root, tuple(json.loads(marker.read_text())))
        else:
            built = _build_into(judge, root)
            marker.write_text(json.dumps(list(built.argv)))
        _built[key] = built
        return built


def _build_into(judge: Judge, root: Path) -> BuiltJudge:
    files = _files_bytes(judge)
    if not files:
        raise JudgeBuildError(f"judge {judge} has no source files")
    staging = Path(tempfile.mkdtemp(prefix="build-", dir=_mkdir(root.parent)))
    staging.chmod(0o755)  # the sandbox's unprivileged uid must read it
    argv: tuple[str, ...]
    try:
        language = judge.language or "cpp"
        if judge.kind == JudgeKind.PYTHON or language == "python":
            for path, data in files.items():
                (staging / path).parent.mkdir(parents=True, exist_ok=True)
                (staging / path).write_bytes(data)
            (staging / "_scalebox_check.py").write_text(_PY_WRAPPER)
            if judge.kind == JudgeKind.PYTHON:
                module = Path(judge.entry or "checker.py").stem
                argv = ("/usr/bin/python3", "-I", "-S", "/prog/_scalebox_check.py", module)
            else:
                # Not -I: a validator may import modules that sit beside it.
                argv = ("/usr/bin/python3", "-S", f"/prog/{judge.entry}")
        elif language == "script" or "build" in files:
            argv = _build_script(files, staging)
        else:
            sources = [p for p in files if p.endswith((".cpp", ".cc", ".cxx", ".c"))]
            if not sources:
                raise JudgeBuildError(f"judge {judge} has no C or C++ source to compile")
            compiler = "/usr/bin/gcc" if all(p.endswith(".c") for p in sources) else "/usr/bin/g++"
            std = "-std=gnu17" if compiler.endswith("gcc") else "-std=gnu++17"
            result = run_sandboxed(
                [compiler, "-O2", std, "-I.", "-o", "validator", *sources, "-lm"],
                stdin=b"",
                limits=_limits(COMPILE_LIMITS),
                files={**files, **headers_for(files)},
                fetch_files=["validator"],
            )
            if result.status is not RunStatus.OK or "validator" not in result.files:
                message = (result.stderr or result.stdout).decode(errors="replace")
                raise JudgeBuildError(f"the judge does not compile: {message[:MESSAGE_CHARS]}")
            (staging / "validator").write_bytes(result.files["validator"])
            (staging / "validator").chmod(0o755)
            argv = ("/prog/validator",)
        try:
            staging.rename(root)
        except OSError:
            if not root.exists():
                raise
            # Another worker process built the same judge first; use its copy.
        return BuiltJudge(judge.kind, root, argv)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)  # the sandbox's unprivileged uid must reach the built judges
    return path


def _build_script(files: dict[str, bytes], staging: Path) -> tuple[str, ...]:
    """A validator with its own ``build`` and ``run`` scripts (Kattis format)."""
    if "build" in files:
        result = run_sandboxed(
            ["/bin/sh", "build"],
            stdin=b"",
            limits=_limits(COMPILE_LIMITS),
            files=files,
            harvest_to=staging,
        )
        if result.status is not RunStatus.OK:
            message = (result.stderr or result.stdout).decode(errors="replace")
            raise JudgeBuildError(f"the judge's build script failed: {message[:MESSAGE_CHARS]}")
    else:
        for path, data in files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(data)
    run = staging / "run"
    if not run.is_file():
        raise JudgeBuildError("the judge's build produced no 'run' program")
    run.chmod(0o755)
    return ("/prog/run",)


def judge_run(
    *,
    judge: Judge,
    input: bytes,
    output: bytes,
    answer: bytes,
    case_args: list[str],
    limits: dict[str, float] | None = None,
) -> CheckResult:
    """Judge one case with a custom judge, in the sandbox (``limits``: RUN_LIMITS, or
    EXIT_CODE_LIMITS for an exit-code judge)."""
    if judge.kind == JudgeKind.EXIT_CODE:
        return _exit_code_run(judge, input, output, answer, limits or EXIT_CODE_LIMITS)
    try:
        built = judge_build(judge)
    except JudgeBuildError as exc:
        return CheckResult("JE", str(exc)[:MESSAGE_CHARS])
    args = [str(a) for a in (*judge.args, *case_args)]
    if judge.kind == JudgeKind.TESTLIB:
        argv = [*built.argv, "input", "output", "answer", *args]
        files = {"input": input, "output": output, "answer": answer}
        stdin = b""
        fetch: list[str] = []
    elif judge.kind == JudgeKind.PYTHON:
        argv = list(built.argv)
        files = {"input": input, "output": output, "answer": answer}
        stdin = b""
        fetch = []
    else:
        argv = [*built.argv, "input", "answer", "feedback/", *args]
        files = {"input": input, "answer": answer, "feedback/.keep": b""}
        stdin = output
        fetch = list(KATTIS_FETCH)
    result = run_sandboxed(
        argv,
        stdin=stdin,
        limits=_limits(limits or RUN_LIMITS),
        program_dir=built.directory,
        files=files,
        fetch_files=fetch,
    )
    failed = judge_run_failure(result, "judge")
    if failed is not None:
        return failed
    code = result.exit_code
    if judge.kind == JudgeKind.PYTHON:
        return _python_verdict(result, code)
    if judge.kind == JudgeKind.TESTLIB:
        return _testlib_verdict(result, code)
    return kattis_verdict(result, fetched_feedback(result))


def fetched_feedback(result: RunResult) -> dict[str, bytes]:
    """The feedback files a validator's run fetched (KATTIS_FETCH), by name."""
    prefix = f"{FEEDBACK_DIR}/"
    return {name.removeprefix(prefix): data for name, data in result.files.items()}


def judge_run_failure(result: RunResult, who: str) -> CheckResult | None:
    """The verdict of a judge's run that did not get to judge: SE when the sandbox failed
    (the machine, not the judge, as for the program's own run), JE when the judge hit a
    limit or bubblewrap refused to start it; None when it ran to its own exit."""
    if result.status is RunStatus.SE:
        return CheckResult("SE", f"sandbox failure running the {who}: {result.message}")
    if result.status is not RunStatus.OK and result.status is not RunStatus.RE:
        return CheckResult(
            "JE", f"the {who} itself failed ({result.status}): {result.message}"[:MESSAGE_CHARS]
        )
    if _bwrap_refused(result):
        return CheckResult("JE", result.stderr.decode(errors="replace")[:MESSAGE_CHARS])
    return None


def kattis_verdict(result: RunResult, feedback: Mapping[str, bytes]) -> CheckResult:
    """A Kattis validator's verdict from its exit code and its feedback files (by name in
    the feedback directory): 42 accepts (with score.txt or score_multiplier.txt), 43
    rejects, anything else is JE; judgemessage.txt is the message."""
    message = feedback.get("judgemessage.txt", b"").decode(errors="replace")
    message = message.strip()[:MESSAGE_CHARS]
    code = result.exit_code
    if code == 42:
        return kattis_accepted(
            message, feedback.get("score.txt"), feedback.get("score_multiplier.txt")
        )
    if code == 43:
        return CheckResult("WA", message)
    how = f"exited with {code}" if result.signal is None else result.message
    return CheckResult("JE", f"validator {how}: {message}"[:MESSAGE_CHARS])


def kattis_accepted(
    message: str, score_file: bytes | None, multiplier_file: bytes | None = None
) -> CheckResult:
    """An accepted case; the validator's ``score.txt`` (one non-negative number), when it
    wrote one, is the case's score, and its ``score_multiplier.txt`` the fraction of the
    case's maximum it scores (a scoring problem's rules decide how either counts). Both
    at once is the validator's error."""
    if score_file is not None and multiplier_file is not None:
        return CheckResult("JE", "validator wrote both score.txt and score_multiplier.txt")
    if multiplier_file is not None:
        multiplier = _feedback_number(multiplier_file)
        if multiplier is None:
            return CheckResult(
                "JE", f"validator wrote an invalid score_multiplier.txt: {multiplier_file[:100]!r}"
            )
        return CheckResult("AC", message, score_multiplier=multiplier)
    if score_file is None:
        return CheckResult("AC", message)
    score = _feedback_number(score_file)
    if score is None:
        return CheckResult("JE", f"validator wrote an invalid score.txt: {score_file[:100]!r}")
    return CheckResult("AC", message, score=score)


def _feedback_number(data: bytes) -> float | None:
    """The one finite, non-negative number a feedback file holds, or None."""
    try:
        value = float(data.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _bwrap_refused(result: RunResult) -> bool:
    return result.exit_code == 1 and result.stderr.startswith(b"bwrap: ")


def _exit_code_run(
    judge: Judge, input: bytes, output: bytes, answer: bytes, limits: dict[str, float]
) -> CheckResult:
    """The exit-code protocol: compiled (and cached) by the judge language's executor,
    run with the case's three files; neither the judge's nor the case's args are passed."""
    try:
        program = executor_for(judge.language).compile(
            judge.source.encode("utf-8", "surrogateescape")
        )
    except (CompileError, UnknownLanguage) as exc:
        message = str(getattr(exc, "message", exc))
        return CheckResult("JE", f"special judge does not compile: {message}"[:MESSAGE_CHARS])
    except CompileSystemError as exc:
        return CheckResult("SE", f"sandbox failure compiling the special judge: {exc}")
    files = {"stdin.txt": input, "stdout.txt": answer, "answer.txt": output}
    result = program.run(b"", _limits(limits), files=files)
    status, code = result.status, result.exit_code
    stderr = result.stderr.decode(errors="replace")[:EXIT_CODE_MESSAGE_CHARS]
    if status is RunStatus.SE:
        return CheckResult("SE", f"sandbox failure running the special judge: {result.message}")
    if _bwrap_refused(result):
        return CheckResult("JE", stderr)
    if status is RunStatus.OK and code == 0:
        return CheckResult("AC", "special judge accepted")
    if status in (RunStatus.OK, RunStatus.RE) and code == 1:
        return CheckResult("WA", f"special judge rejected: {stderr}")
    return CheckResult(
        "JE", f"special judge ended with {status.value} (exit code {code}): {stderr}"
    )


def _testlib_verdict(result: Any, code: int | None) -> CheckResult:
    message = (result.stderr or result.stdout).decode(errors="replace").strip()[:MESSAGE_CHARS]
    if code in TESTLIB_CODES:
        return CheckResult(TESTLIB_CODES[code], message)
    if code == 7:
        score = _points(message)
        if score is None:
            return CheckResult("JE", f"checker reported points it did not state: {message}")
        return CheckResult("AC" if score > 0 else "WA", message, score=score)
    return CheckResult("JE", f"checker exited with {code}: {message}"[:MESSAGE_CHARS])


def _points(message: str) -> float | None:
    for token in message.replace("points", " ").split():
        try:
            return float(token)
        except ValueError:
            continue
    return None


def _python_verdict(result: Any, code: int | None) -> CheckResult:
    if code != 0:
        err = result.stderr.decode(errors="replace").strip()[-MESSAGE_CHARS:]
        return CheckResult("JE", f"checker failed: {err}")
    try:
        report = json.loads(result.stdout)
        verdict = report["verdict"]
        message = str(report.get("message", ""))[:MESSAGE_CHARS]
    except (ValueError, KeyError, TypeError):
        return CheckResult("JE", "checker printed something other than its verdict")
    if verdict not in ("AC", "WA"):
        return CheckResult("JE", f"checker returned {verdict!r}")
    return CheckResult(verdict, message)
