"""What every language executor shares: compile once into a bounded cache, run sandboxed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from verification.sandbox import Limits, RunResult, RunStatus, run_sandboxed
from verification.sandbox.config import load_config
from verification.sandbox.fastpath import run_native_fast
from verification.sandbox.runner import RunRequest

from .cache import CacheBound, ProgramMemo, enforce_cache_bound

__all__ = ["enforce_cache_bound"]

MAX_SOURCE_BYTES = 1024 * 1024
COMPILE_MESSAGE_BYTES = 4096

# Compiled programs a process remembers in memory (the cache on disk holds more).
PROGRAMS_IN_MEMORY = 2048

# The bound on the compiled-program cache (see cache.py), one per process.
CACHE_BOUND = CacheBound(
    lambda: load_config().compiled_dir, lambda: load_config().compile_cache_bytes
)

COMPILE_LIMITS = Limits(
    cpu_time_s=30.0,
    wall_time_s=45.0,
    memory_bytes=2 * 1024**3,
    output_bytes=256 * 1024,
    processes=256,
    file_size_bytes=256 * 1024 * 1024,
)

SELF_TEST_LIMITS = Limits(
    cpu_time_s=10.0, wall_time_s=20.0, memory_bytes=1024**3, output_bytes=1 << 20
)

SELF_TEST_INPUT = b"2 40\n"
SELF_TEST_EXPECTED = b"42\n"

# The ways a test can run a program (the values of a problem's kind). Every language
# runs stdin_stdout; function_call and assert need a harness in the language.
STDIN_STDOUT = "stdin_stdout"
FUNCTION_CALL = "function_call"
ASSERT = "assert"


class UnknownLanguage(Exception):
    pass


class CompileError(Exception):
    """The program did not compile (verdict CE); message holds the compiler's output, trimmed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CompileSystemError(Exception):
    """The sandbox failed while compiling (verdict SE, never the program's fault)."""


def raise_for_compile_result(result: RunResult) -> None:
    """CE for the compiler's failures, SE for the sandbox's; nothing when it succeeded."""
    if result.status is RunStatus.SE:
        raise CompileSystemError(result.message)
    if result.status is RunStatus.TLE:
        raise CompileError(f"compilation time limit exceeded ({result.message})")
    if result.status is RunStatus.MLE:
        raise CompileError(f"compilation memory limit exceeded ({result.message})")
    if result.status is not RunStatus.OK:
        raise CompileError(
            trim_message(result.stdout + result.stderr) or result.message or "compilation failed"
        )


def trim_message(data: bytes, limit: int = COMPILE_MESSAGE_BYTES) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    if len(text) > limit:
        text = text[:limit] + f"\n... ({len(text) - limit} more characters)"
    return text


@dataclass(frozen=True)
class Program:
    """A compiled (or checked) program, ready to run any number of times."""

    language: str
    directory: Path
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    extra_ro_paths: tuple[str, ...] = ()
    min_processes: int = 1

    def with_floor(self, limits: Limits) -> Limits:
        """The limits, with at least the processes the runtime itself needs."""
        if limits.processes < self.min_processes:
            return replace(limits, processes=self.min_processes)
        return limits

    def run(
        self,
        stdin: bytes,
        limits: Limits,
        *,
        files: dict[str, bytes] | None = None,
        fetch_files: list[str] | None = None,
    ) -> RunResult:
        limits = self.with_floor(limits)
        return run_sandboxed(
            self.argv,
            stdin=stdin,
            limits=limits,
            program_dir=self.directory,
            files=files,
            fetch_files=fetch_files,
            env=dict(self.env),
            extra_ro_paths=self.extra_ro_paths,
        )

    def request(self, stdin: bytes, limits: Limits) -> RunRequest:
        """A run of the program as a sandbox request, started by bubblewrap whatever
        way ``run`` starts it (for a run connected to another program, see
        ``verification.sandbox.interact``)."""
        return RunRequest(
            argv=self.argv,
            stdin=stdin,
            limits=self.with_floor(limits),
            program_dir=self.directory,
            env=dict(self.env),
            extra_ro_paths=self.extra_ro_paths,
        )


def switch_enabled(name: str) -> bool:
    """An on/off environment switch that is on unless set to 0, false, no or off."""
    return os.environ.get(name, "1").strip().lower() not in ("0", "false", "no", "off")


def native_fast_path_enabled() -> bool:
    """SCALEBOX_NATIVE_FAST_PATH (default on): run compiled programs through a zygote."""
    return switch_enabled("SCALEBOX_NATIVE_FAST_PATH")


@dataclass(frozen=True)
class NativeProgram(Program):
    """A compiled binary started by a pre-started zygote: same sandbox and verdicts, less cost."""

    def run(
        self,
        stdin: bytes,
        limits: Limits,
        *,
        files: dict[str, bytes] | None = None,
        fetch_files: list[str] | None = None,
    ) -> RunResult:
        return run_native_fast(
            self.directory,
            self.argv,
            stdin,
            self.with_floor(limits),
            env=dict(self.env),
            extra_ro_paths=self.extra_ro_paths,
            files=files,
            fetch_files=fetch_files,
        )


class Executor:
    """One language. Subclasses set the class attributes; most need nothing else."""

    name: str = ""
    # Other names it is asked for by, ours and the peers' (SandboxFusion, icip-cas/ScaleBox,
    # the problem package format's languages table); matched without regard to case.
    aliases: tuple[str, ...] = ()
    # Extensions of its source files, with the dot, lower case (problem package submissions).
    extensions: tuple[str, ...] = ()
    # Markdown fence tags that name it besides its name and aliases, which name it too.
    fence_tags: tuple[str, ...] = ()
    test_modes: tuple[str, ...] = (STDIN_STDOUT,)
    # Runs from its source (a compile step, if any, only checks it): SandboxFusion runs it
    # with no compile step, so /run_code reports its syntax errors as a failed run.
    interpreted: bool = False
    source_name: str = ""
    compile_argv: tuple[str, ...] | None = None  # None: nothing to compile
    run_argv: tuple[str, ...] = ()
    version_argv: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    compile_env: tuple[tuple[str, str], ...] = ()
    # Files compiled beside the source (name, content), e.g. a launcher.
    compile_files: tuple[tuple[str, bytes], ...] = ()
    extra_ro_paths: tuple[str, ...] = ()
    compile_limits: Limits = COMPILE_LIMITS
    min_processes: int = 1
    # A self-contained binary at /prog/...: may run through the native fast path.
    native_binary: bool = False
    self_test_source: bytes = b""
    self_test_input: bytes = SELF_TEST_INPUT
    self_test_expected: bytes = SELF_TEST_EXPECTED

    def __init__(self) -> None:
        self._version: str | None = None
        # Programs this process compiled, by cache directory (least recently used go).
        self._programs: ProgramMemo[Program] = ProgramMemo(PROGRAMS_IN_MEMORY)

    # -- facts about the runtime ---------------------------------------------------

    def required_binaries(self) -> list[str]:
        paths = [self.run_argv[0]]
        if self.compile_argv:
            paths.append(self.compile_argv[0])
        return [p for p in paths if p.startswith("/") and not p.startswith("/prog")]

    def is_installed(self) -> bool:
        return all(os.access(path, os.X_OK) for path in self.required_binaries())

    def version(self) -> str:
        if self._version is None:
            argv = self.version_argv or (self.required_binaries()[-1], "--version")
            try:
                done = subprocess.run(
                    argv,
                    check=False,
                    capture_output=True,
                    timeout=30,
                    env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                )
                text = (done.stdout + done.stderr).decode(errors="replace").strip()
                lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
                useful = [ln for ln in lines if "warning" not in ln.lower()] or lines
                self._version = useful[0] if useful else "unknown"
            except (OSError, subprocess.TimeoutExpired) as exc:
                self._version = f"unavailable: {exc}"
        return self._version

    # -- compiling -----------------------------------------------------------------

    def cache_key(self, source: bytes, flags: tuple[str, ...]) -> str:
        digest = hashlib.sha256()
        for part in (self.name, repr(self.compile_argv), repr(self.run_argv), repr(flags)):
            digest.update(part.encode() + b"\0")
        digest.update(source)
        return digest.hexdigest()

    def compile(self, source: bytes, *, flags: tuple[str, ...] = ()) -> Program:
        if len(source) > MAX_SOURCE_BYTES:
            raise CompileError(
                f"source is {len(source)} bytes, over the {MAX_SOURCE_BYTES} byte limit"
            )
        key = self.cache_key(source, flags)
        root = load_config().compiled_dir / self.name
        final = root / key
        cached = self._programs.get(str(final))
        if cached is not None and (final / ".complete").exists():
            _touch(final / ".complete")
            return cached
        if not (final / ".complete").exists():
            self._build(source, flags, root, final)
        _touch(final / ".complete")
        program = self.program_for(final)
        self._programs.put(str(final), program)
        return program

    def program_for(self, directory: Path) -> Program:
        native = (
            self.native_binary
            and self.run_argv[0].startswith("/prog/")
            and native_fast_path_enabled()
        )
        return (NativeProgram if native else Program)(
            language=self.name,
            directory=directory,
            argv=self.run_argv,
            env=self.env,
            extra_ro_paths=self.extra_ro_paths,
            min_processes=self.min_processes,
        )

    def _build(self, source: bytes, flags: tuple[str, ...], root: Path, final: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        for directory in (root.parent.parent, root.parent, root):
            with contextlib.suppress(OSError):
                os.chmod(directory, 0o755)
        staging = root / f".{final.name}.{os.getpid()}.{threading.get_ident()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            if self.compile_argv is None:
                staging.mkdir()
                (staging / self.source_name).write_bytes(source)
            else:
                self._compile_in_sandbox(source, flags, staging)
            os.chmod(staging, 0o755)
            (staging / ".complete").write_text("")
            try:
                os.rename(staging, final)
            except OSError:
                if not (final / ".complete").exists():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        CACHE_BOUND.added(final)

    def source_name_for(self, source: bytes) -> str:
        """The file the source is compiled from (Java names it after its public class)."""
        return self.source_name

    def compile_argv_for(self, source_name: str, flags: tuple[str, ...]) -> list[str]:
        assert self.compile_argv is not None
        return [*self.compile_argv, *flags]

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        source_name = self.source_name_for(source)
        result = run_sandboxed(
            self.compile_argv_for(source_name, flags),
            stdin=b"",
            limits=self.compile_limits,
            files={**dict(self.compile_files), source_name: source},
            env=dict(self.compile_env),
            extra_ro_paths=self.extra_ro_paths,
            harvest_to=staging,
        )
        raise_for_compile_result(result)
        if not self.compiled_ok(staging):
            raise CompileError(
                trim_message(result.stdout + result.stderr)
                or result.message
                or "compilation failed"
            )

    def compile_for_run(self, source: bytes) -> Program:
        """The program that runs ``source`` (CompileError when it does not compile). An
        executor may leave the check to the program's runs, which then report a source
        that does not compile as RunResult.uncompiled (Python's pre-forked runs)."""
        return self.compile(source)

    def check_syntax(self, source: bytes) -> None:
        """CompileError when ``source`` does not compile (compiling it, here)."""
        self.compile(source)

    def compiled_ok(self, staging: Path) -> bool:
        """Whether the compiler left what run_argv needs (overridden where exit status lies)."""
        return True

    # -- self-test -------------------------------------------------------------------

    def self_test(self) -> tuple[bool, str]:
        started = time.monotonic()
        try:
            program = self.compile(self.self_test_source)
        except (CompileError, CompileSystemError) as exc:
            return False, f"{self.name}: compile failed: {exc}"
        result = program.run(self.self_test_input, SELF_TEST_LIMITS)
        elapsed = time.monotonic() - started
        if result.status is RunStatus.OK and result.stdout == self.self_test_expected:
            return (
                True,
                f"{self.name}: ok ({self.version()}; {elapsed:.2f}s, isolation {result.isolation})",
            )
        return False, (
            f"{self.name}: {result.status.value} {result.message}; stdout={result.stdout[:200]!r} "
            f"stderr={result.stderr[:500]!r}"
        )


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)
