"""One program, one input: the service behind SandboxFusion's /run_code.

It compiles and runs once, with the caller's limits, and reports what happened in our
own vocabulary; the compatibility layer maps it to the peer's field names.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any

from verification.errors import InvalidInput, LanguageUnavailable
from verification.executors import CompileError, UnknownLanguage, executor_for
from verification.sandbox import Limits, SandboxUnavailable

MAX_FILES = 64
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass
class StepResult:
    status: str  # "OK", "TLE", "MLE", "OLE", "RE", "SE" for runs; "OK"/"CE"/"SE" for compiles
    wall_time_s: float = 0.0
    cpu_time_s: float = 0.0
    memory_kb: int = 0
    exit_code: int | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    message: str = ""


@dataclass
class CodeRunResult:
    compile: StepResult | None
    run: StepResult | None
    files: dict[str, bytes] = field(default_factory=dict)
    isolation: str = ""


def safe_relative_path(name: str) -> str:
    """A path inside the scratch directory, or InvalidInput saying why not."""
    if not name or "\x00" in name:
        raise InvalidInput(f"invalid file name {name!r}", field="files")
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or any(p in ("..",) for p in parts):
        raise InvalidInput(
            f"file name {name!r} must be relative and stay inside the working directory",
            field="files",
        )
    cleaned = "/".join(p for p in parts if p not in ("", "."))
    if not cleaned:
        raise InvalidInput(f"invalid file name {name!r}", field="files")
    return cleaned


def decode_files(files: dict[str, Any] | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not files:
        return out
    if len(files) > MAX_FILES:
        raise InvalidInput(f"{len(files)} files; the limit is {MAX_FILES}", field="files")
    for name, content in files.items():
        path = safe_relative_path(str(name))
        if content is None:
            continue
        try:
            data = base64.b64decode(str(content), validate=True)
        except ValueError:
            raise InvalidInput(f"file {name!r} is not valid base64", field="files") from None
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(
                f"file {name!r} is {len(data)} bytes; the limit is {MAX_FILE_BYTES}",
                field="files",
            )
        out[path] = data
    return out


def code_run(
    *,
    language: str,
    code: str,
    stdin: bytes,
    compile_timeout_s: float,
    run_timeout_s: float,
    memory_mb: int,
    files: dict[str, bytes] | None = None,
    fetch_files: list[str] | None = None,
    output_limit_bytes: int = 64 * 1024 * 1024,
) -> CodeRunResult:
    try:
        executor = executor_for(language)
    except UnknownLanguage as exc:
        raise LanguageUnavailable(str(exc), field="language") from None
    fetch = [safe_relative_path(p) for p in (fetch_files or [])]
    started = time.monotonic()
    try:
        program = executor.compile_for_run(code.encode("utf-8"))
    except CompileError as exc:
        message = str(getattr(exc, "message", exc))
        step = StepResult(
            "CE", wall_time_s=time.monotonic() - started, exit_code=1, stderr=message.encode()
        )
        return CodeRunResult(compile=step, run=None)
    except SandboxUnavailable as exc:
        return CodeRunResult(compile=StepResult("SE", message=str(exc)), run=None)
    compile_step = StepResult("OK", wall_time_s=time.monotonic() - started, exit_code=0)
    limits = Limits(
        cpu_time_s=run_timeout_s,
        wall_time_s=run_timeout_s + 1.0,
        memory_bytes=memory_mb << 20,
        output_bytes=output_limit_bytes,
    )
    run = program.run(stdin, limits, files=files or None, fetch_files=fetch or None)
    if run.uncompiled:
        # The run compiled the program first (compile_for_run): a compile error.
        step = StepResult(
            "CE",
            wall_time_s=time.monotonic() - started,
            exit_code=1,
            stderr=run.uncompiled.encode("utf-8"),
        )
        return CodeRunResult(compile=step, run=None, isolation=run.isolation)
    status = str(run.status.value if hasattr(run.status, "value") else run.status)
    run_step = StepResult(
        status,
        wall_time_s=run.wall_time_s,
        cpu_time_s=run.cpu_time_s,
        memory_kb=run.memory_kb,
        exit_code=run.exit_code
        if run.exit_code is not None
        else (128 + run.signal if run.signal else None),
        stdout=run.stdout,
        stderr=run.stderr,
        message=run.message,
    )
    return CodeRunResult(
        compile=compile_step,
        run=run_step,
        files=dict(getattr(run, "files", {}) or {}),
        isolation=run.isolation,
    )


def code_run_to_json(result: CodeRunResult) -> dict[str, Any]:
    """A JSON-able form, for passing a result through the Celery result backend."""

    def step(s: StepResult | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "status": s.status,
            "wall_time_s": s.wall_time_s,
            "cpu_time_s": s.cpu_time_s,
            "memory_kb": s.memory_kb,
            "exit_code": s.exit_code,
            "stdout": base64.b64encode(s.stdout).decode(),
            "stderr": base64.b64encode(s.stderr).decode(),
            "message": s.message,
        }

    return {
        "compile": step(result.compile),
        "run": step(result.run),
        "files": {k: base64.b64encode(v).decode() for k, v in result.files.items()},
        "isolation": result.isolation,
    }


def code_run_from_json(data: dict[str, Any]) -> CodeRunResult:
    def step(s: dict[str, Any] | None) -> StepResult | None:
        if s is None:
            return None
        return StepResult(
            s["status"],
            s["wall_time_s"],
            s["cpu_time_s"],
            s["memory_kb"],
            s["exit_code"],
            base64.b64decode(s["stdout"]),
            base64.b64decode(s["stderr"]),
            s["message"],
        )

    return CodeRunResult(
        compile=step(data["compile"]),
        run=step(data["run"]),
        files={k: base64.b64decode(v) for k, v in data["files"].items()},
        isolation=data.get("isolation", ""),
    )
