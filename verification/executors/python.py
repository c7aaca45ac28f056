from dataclasses import dataclass
from pathlib import Path

from verification.sandbox import Limits, RunResult, RunStatus, run_sandboxed
from verification.sandbox.config import load_config
from verification.sandbox.fastpath import run_python_fast
from verification.sandbox.runner import RunRequest

from .base import (
    ASSERT,
    FUNCTION_CALL,
    MAX_SOURCE_BYTES,
    STDIN_STDOUT,
    CompileError,
    Executor,
    Program,
    raise_for_compile_result,
    switch_enabled,
)

_CHECK = "import sys; compile(open(sys.argv[1], 'rb').read(), 'main.py', 'exec')"
# compile(..., flags=WRAPPED): the source is a harness around the submitted code.
WRAPPED = ("--scalebox-harness",)
# compile(..., flags=ON_DISK): a source already checked (or a harness), written into the
# compile cache for a run that cannot have a pre-forked interpreter.
ON_DISK = ("--scalebox-on-disk",)
# compile(..., flags=UNCHECKED): no check of its own; its run compiles it first and says
# when it does not compile (RunResult.uncompiled). See compile_for_run.
UNCHECKED = ("--scalebox-unchecked",)
_FAST_CHECK = b"compile(open('main.py', 'rb').read(), 'main.py', 'exec')\n"
# The check of a run that has no pre-forked interpreter: Python's report, as the
# pre-forked interpreter gives it (zygote_main._uncompiled).
_REPORT_CHECK = (
    "import sys, traceback\n"
    "try:\n"
    "    compile(open('main.py', 'rb').read(), 'main.py', 'exec')\n"
    "except (SyntaxError, ValueError) as exc:\n"
    "    sys.stderr.write(''.join(traceback.format_exception_only(type(exc), exc)))\n"
    "    sys.exit(1)\n"
)


# How a program runs without the pre-forked interpreter: as `python3 -I -S main.py` runs
# it, with ``exit`` and ``quit`` defined as ``site`` defines them (zygote_main._Quitter),
# and a traceback of the program's own frames.
_RUN = (
    "import builtins, sys\n"
    "class Quitter:\n"
    "    def __init__(self, name): self.name = name\n"
    "    def __repr__(self): return f'Use {self.name}() or Ctrl-D (i.e. EOF) to exit'\n"
    "    def __call__(self, code=None):\n"
    "        try: sys.stdin.close()\n"
    "        except BaseException: pass\n"
    "        raise SystemExit(code)\n"
    "builtins.exit, builtins.quit = Quitter('exit'), Quitter('quit')\n"
    "del Quitter\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    with open(sys.argv[0], 'rb') as f: code = compile(f.read(), sys.argv[0], 'exec')\n"
    "except (SyntaxError, ValueError) as exc:\n"
    "    import traceback\n"
    "    sys.stderr.write(''.join(traceback.format_exception_only(type(exc), exc)))\n"
    "    sys.exit(1)\n"
    "del f\n"
    "try:\n"
    "    exec(code, {'__name__': '__main__', '__file__': sys.argv[0],"
    " '__builtins__': builtins})\n"
    "except SystemExit: raise\n"
    "except BaseException as exc:\n"
    "    exc.__traceback__ = exc.__traceback__.tb_next\n"
    "    sys.excepthook(type(exc), exc, exc.__traceback__)\n"
    "    if isinstance(exc, KeyboardInterrupt):\n"
    "        import os, signal\n"
    "        signal.signal(signal.SIGINT, signal.SIG_DFL); os.kill(os.getpid(), signal.SIGINT)\n"
    "    sys.exit(1)\n"
)


def fast_path_enabled() -> bool:
    """SCALEBOX_PYTHON_FAST_PATH (default on): run through the pre-forked interpreter."""
    return switch_enabled("SCALEBOX_PYTHON_FAST_PATH")


@dataclass(frozen=True)
class FastPythonProgram(Program):
    """A checked Python program run by a pre-forked interpreter: same verdicts, less cost."""

    source: bytes = b""
    # False: not checked; each run compiles it first (RunResult.uncompiled).
    checked: bool = True

    def run(
        self,
        stdin: bytes,
        limits: Limits,
        *,
        files: dict[str, bytes] | None = None,
        fetch_files: list[str] | None = None,
    ) -> RunResult:
        return run_python_fast(
            self.source,
            stdin,
            self.with_floor(limits),
            files=files,
            fetch_files=fetch_files,
            unchecked=not self.checked,
        )

    def request(self, stdin: bytes, limits: Limits) -> RunRequest:
        """The program put on disk (a bubblewrap run cannot take its source in memory)."""
        return Program.request(on_disk(self.source), stdin, limits)


class PythonExecutor(Executor):
    """CPython 3 from the system, isolated mode (-I) and no site imports (-S): fast to start."""

    name = "python"
    interpreted = True
    aliases = ("python3", "py")
    extensions = (".py",)
    test_modes = (STDIN_STDOUT, FUNCTION_CALL, ASSERT)
    source_name = "main.py"
    compile_argv = ("/usr/bin/python3", "-I", "-S", "-c", _CHECK, "main.py")
    run_argv = ("/usr/bin/python3", "-I", "-S", "-c", _RUN, "/prog/main.py")
    version_argv = ("/usr/bin/python3", "--version")
    self_test_source = b"a, b = map(int, input().split())\nprint(a + b)\n"

    def compiled_ok(self, staging: Path) -> bool:
        return (staging / self.source_name).is_file()

    def compile(self, source: bytes, *, flags: tuple[str, ...] = ()) -> Program:
        """With the pre-forked interpreter, a checked program is its source, in memory:
        nothing is written to disk for it (a run hands the source to the interpreter).
        Without it, the program goes into the compile cache on disk, as in every
        language."""
        if not fast_path_enabled() or flags not in ((), WRAPPED, UNCHECKED):
            return super().compile(source, flags=() if flags == UNCHECKED else flags)
        if len(source) > MAX_SOURCE_BYTES:
            raise CompileError(
                f"source is {len(source)} bytes, over the {MAX_SOURCE_BYTES} byte limit"
            )
        key = self.cache_key(source, flags)
        cached = self._programs.get(key)
        if cached is not None:
            return cached
        if flags == ():
            # See _compile_in_sandbox for why a harness is not checked.
            result = run_python_fast(
                _FAST_CHECK, b"", self.compile_limits, files={self.source_name: source}
            )
            raise_for_compile_result(result)
        program = FastPythonProgram(
            language=self.name,
            # Where on_disk() would put it; nothing is there unless it is asked for.
            directory=load_config().compiled_dir / self.name / key,
            argv=self.run_argv,
            env=self.env,
            extra_ro_paths=self.extra_ro_paths,
            min_processes=self.min_processes,
            source=source,
            checked=flags != UNCHECKED,
        )
        self._programs.put(key, program)
        return program

    def compile_for_run(self, source: bytes) -> Program:
        """With the pre-forked interpreter, the program unchecked: its run compiles it
        and reports a source that does not compile (RunResult.uncompiled), which spares
        a run of its own for the check."""
        return self.compile(source, flags=UNCHECKED if fast_path_enabled() else ())

    def on_disk(self, source: bytes) -> Program:
        """``source`` (already checked, or a harness) in the compile cache on disk, to be
        run by bubblewrap when no pre-forked interpreter can be had."""
        return super().compile(source, flags=ON_DISK)

    def _compile_in_sandbox(self, source: bytes, flags: tuple[str, ...], staging: Path) -> None:
        """The syntax check, on the pre-forked interpreter when it is enabled: the same
        check in the same isolation, without a bubblewrap start per distinct source."""
        if flags in (WRAPPED, ON_DISK):
            # The harness gets the submitted code on its stdin: a check here could only
            # check the harness. Its solver process compiles the submitted code in the
            # sandbox and reports a syntax error as a failed load.
            staging.mkdir()
            (staging / self.source_name).write_bytes(source)
            return
        if flags or not fast_path_enabled():
            super()._compile_in_sandbox(source, flags, staging)
            return
        result = run_python_fast(
            _FAST_CHECK, b"", self.compile_limits, files={self.source_name: source}
        )
        raise_for_compile_result(result)
        staging.mkdir()
        (staging / self.source_name).write_bytes(source)

    def check_syntax(self, source: bytes) -> None:
        """The syntax check alone, in the sandbox, keeping nothing: for code that a
        harness loads itself."""
        if len(source) > MAX_SOURCE_BYTES:
            raise CompileError(
                f"source is {len(source)} bytes, over the {MAX_SOURCE_BYTES} byte limit"
            )
        files = {self.source_name: source}
        if fast_path_enabled():
            result = run_python_fast(_FAST_CHECK, b"", self.compile_limits, files=files)
        else:
            result = run_sandboxed(
                self.compile_argv or (), stdin=b"", limits=self.compile_limits, files=files
            )
        raise_for_compile_result(result)

    def program_for(self, directory: Path) -> Program:
        program = super().program_for(directory)
        if not fast_path_enabled():
            return program
        source = (directory / self.source_name).read_bytes()
        return FastPythonProgram(
            language=program.language,
            directory=program.directory,
            argv=program.argv,
            env=program.env,
            extra_ro_paths=program.extra_ro_paths,
            min_processes=program.min_processes,
            source=source,
        )


def on_disk(source: bytes) -> Program:
    """``source`` in the compile cache on disk, for a bubblewrap run (PythonExecutor.on_disk)."""
    from verification.executors import executor_for  # noqa: PLC0415

    python = executor_for("python")
    assert isinstance(python, PythonExecutor)
    return python.on_disk(source)


def syntax_report(source: bytes) -> str:
    """Python's report of why ``source`` does not compile, checked in a sandbox of its
    own, or "" when it compiles."""
    result = run_sandboxed(
        ("/usr/bin/python3", "-I", "-S", "-c", _REPORT_CHECK),
        stdin=b"",
        limits=PythonExecutor.compile_limits,
        files={"main.py": source},
    )
    if result.status is RunStatus.OK:
        return ""
    if result.status is RunStatus.RE and result.exit_code == 1 and result.stderr:
        return result.stderr.decode("utf-8", errors="replace")
    raise_for_compile_result(result)
    return ""
