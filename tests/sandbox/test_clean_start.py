"""A program starts clean: every signal at its default disposition, none blocked.

Ignored signals and the signal mask survive fork and exec, so a worker started with
``nohup`` or a shell's ``&`` (SIGHUP, SIGINT, SIGQUIT ignored), or by a parent that blocks
signals, would hand them on to every judged program: one that raises SIGHUP and then
prints the right answer would be accepted. Every path a program takes is started here
from a parent in that state (a subprocess, so that pytest's own process stays as it is):
the bubblewrap path, the native and Python fast paths, and a real celery worker.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.factories import make_problem
from tests.integration import conftest as integration
from verification.models import JudgingStatus
from verification.sandbox.config import REPO_ROOT
from verification.selectors import judging_wait
from verification.services import submission_create

PROGRAMS = REPO_ROOT / "tests" / "hostile" / "programs"

IGNORED: list[int] = [
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGPIPE,
    signal.SIGUSR1,
    signal.SIGXFSZ,
    signal.SIGTSTP,
    signal.SIGRTMIN,
    signal.SIGRTMAX,
]
BLOCKED: list[int] = [signal.SIGUSR2, signal.SIGTERM, signal.SIGALRM, signal.SIGRTMIN + 1]
# Raising a stop signal stops the program rather than ending it.
RAISED = [number for number in IGNORED + BLOCKED if number != signal.SIGTSTP]
# A Python interpreter ignores these itself, however it was started.
PYTHON_IGNORES: set[int] = {signal.SIGPIPE, signal.SIGXFSZ}
# Bash ignores SIGQUIT itself ("in all cases"), though not for the commands it starts.
SHELL_IGNORES: set[int] = {signal.SIGQUIT}
# Death by a signal is RE, but by SIGXFSZ (a file over its size limit) OLE.
VERDICT_OF_DEATH: dict[int, str] = {signal.SIGXFSZ: "OLE"}

# What `nohup` and a shell's `&` do to a command, and a mask on top: then exec it.
# The C library's own signals (glibc's 32 and 33) only by system call, where its number
# is known.
DIRTY_PARENT = """
import ctypes, json, os, signal, sys
ignored, blocked = json.loads(sys.argv[1])
for number in ignored:
    signal.signal(number, signal.SIG_IGN)
rt_sigaction = {"x86_64": 13, "aarch64": 134}.get(os.uname().machine)
if rt_sigaction is not None:
    libc = ctypes.CDLL(None, use_errno=True)
    ignore = (ctypes.c_ulong * 8)(1)  # SIG_IGN, no flags, nothing masked
    for number in set(range(1, signal.NSIG)) - set(signal.valid_signals()):
        done = libc.syscall(
            ctypes.c_long(rt_sigaction), ctypes.c_long(number), ignore, None, ctypes.c_size_t(8)
        )
        assert done == 0, (number, ctypes.get_errno())
signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
os.execv(sys.argv[2], sys.argv[2:])
"""

# Runs in the dirty parent's state: every path, each program's signal state and deaths.
EVERY_PATH = """
import json, os, sys
from pathlib import Path

from verification.executors import Program, executor_for
from verification.executors.python import on_disk as python_on_disk
from verification.sandbox import Limits, run_sandboxed
from verification.sandbox.fastpath import close_zygotes, run_native_fast, run_python_fast

LIMITS = Limits(cpu_time_s=2.0, wall_time_s=5.0, memory_bytes=256 << 20, output_bytes=1 << 16)
programs = Path(sys.argv[1])
raised = json.loads(sys.argv[2])


def c_bwrap(source, stdin):
    return Program.run(executor_for("c").compile(source), stdin, LIMITS)


def c_native(source, stdin):
    program = executor_for("c").compile(source)
    return run_native_fast(program.directory, program.argv, stdin, LIMITS)


def c_unsafe(source, stdin):
    program = executor_for("c").compile(source)
    os.environ["SCALEBOX_UNSAFE_NO_ISOLATION"] = "true"  # the development mode
    try:
        return Program.run(program, stdin, LIMITS)
    finally:
        del os.environ["SCALEBOX_UNSAFE_NO_ISOLATION"]


def python_bwrap(source, stdin):
    return Program.run(python_on_disk(source), stdin, LIMITS)


def python_fast(source, stdin):
    return run_python_fast(source, stdin, LIMITS)


def shell(source, stdin):
    return Program.run(executor_for("bash").compile(source), stdin, LIMITS)


def plain(source, stdin):
    # A bare run_sandboxed, as compile steps and custom judges use it.
    argv = ["/usr/bin/bash", "-c", source.decode()]
    return run_sandboxed(argv, stdin=stdin, limits=LIMITS)


SHELL_STATE = b"grep -E '^Sig(Ign|Blk):' /proc/self/status\\n"
SHELL_RAISE = b"read number\\nkill -s $number $$\\necho LEAK survived signal $number\\n"
paths = {
    "c-bwrap": (c_bwrap, "process_state.c", "raise_signal.c"),
    "c-native-fast-path": (c_native, "process_state.c", "raise_signal.c"),
    "c-unsafe-no-isolation": (c_unsafe, "process_state.c", "raise_signal.c"),
    "python-bwrap": (python_bwrap, "process_state.py", "raise_signal.py"),
    "python-fast-path": (python_fast, "process_state.py", "raise_signal.py"),
    "shell-bwrap": (shell, SHELL_STATE, SHELL_RAISE),
    "run-sandboxed": (plain, SHELL_STATE, SHELL_RAISE),
}


def summary(result):
    return {
        "status": result.status.value,
        "signal": result.signal,
        "exit_code": result.exit_code,
        "stdout": result.stdout.decode(errors="replace"),
        "message": result.message,
    }


def source(name):
    return name if isinstance(name, bytes) else (programs / name).read_bytes()


found = {}
for path, (run, state, raiser) in paths.items():
    found[path] = {
        "state": summary(run(source(state), b"")),
        "raised": {n: summary(run(source(raiser), f"{n}\\n".encode())) for n in raised},
    }
close_zygotes()
print(json.dumps(found))
"""


def signal_set(numbers: Iterable[int]) -> str:
    """A /proc/PID/status signal set (SigIgn, SigBlk) holding these signals."""
    return f"{sum(1 << (number - 1) for number in numbers):016x}"


def status_field(stdout: str, name: str) -> str:
    for line in stdout.splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {name} in {stdout!r}")


def dirty_parent_argv(*command: str) -> list[str]:
    return [sys.executable, "-c", DIRTY_PARENT, json.dumps([IGNORED, BLOCKED]), *command]


@pytest.fixture(scope="module")
def from_a_dirty_parent() -> dict[str, Any]:
    done = subprocess.run(
        dirty_parent_argv(sys.executable, "-c", EVERY_PATH, str(PROGRAMS), json.dumps(RAISED)),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


PATHS = ["c-bwrap", "c-native-fast-path", "c-unsafe-no-isolation", "shell-bwrap", "run-sandboxed"]
OWN_IGNORES = {"shell-bwrap": SHELL_IGNORES, "run-sandboxed": SHELL_IGNORES}
PYTHON_PATHS = ["python-bwrap", "python-fast-path"]


@pytest.mark.parametrize("path", PATHS)
def test_a_program_starts_with_no_signal_ignored_or_blocked(
    from_a_dirty_parent: dict[str, Any], path: str
) -> None:
    state = from_a_dirty_parent[path]["state"]
    assert state["status"] == "OK", state
    assert status_field(state["stdout"], "SigIgn") == signal_set([]), state["stdout"]
    assert status_field(state["stdout"], "SigBlk") == signal_set([]), state["stdout"]


@pytest.mark.parametrize("path", PYTHON_PATHS)
def test_a_python_program_starts_as_a_fresh_interpreter_does(
    from_a_dirty_parent: dict[str, Any], path: str
) -> None:
    """The interpreter ignores SIGPIPE and SIGXFSZ itself; nothing else is ignored."""
    state = from_a_dirty_parent[path]["state"]
    assert state["status"] == "OK", state
    assert status_field(state["stdout"], "SigIgn") == signal_set(PYTHON_IGNORES), state["stdout"]
    assert status_field(state["stdout"], "SigBlk") == signal_set([]), state["stdout"]
    # SIGINT raises KeyboardInterrupt, as in an interpreter started by a clean parent.
    assert "('SIGINT', '<built-in function default_int_handler>')" in state["stdout"]


@pytest.mark.parametrize("path", PATHS)
def test_a_program_dies_of_a_signal_its_worker_ignores_or_blocks(
    from_a_dirty_parent: dict[str, Any], path: str
) -> None:
    for number in RAISED:
        if number in OWN_IGNORES.get(path, ()):
            continue
        result = from_a_dirty_parent[path]["raised"][str(number)]
        assert "LEAK" not in result["stdout"], (number, result)
        verdict = VERDICT_OF_DEATH.get(number, "RE")
        assert (result["status"], result["signal"]) == (verdict, number), (number, result)


@pytest.mark.parametrize("path", PYTHON_PATHS)
def test_a_python_program_dies_of_a_signal_its_worker_ignores_or_blocks(
    from_a_dirty_parent: dict[str, Any], path: str
) -> None:
    for number in RAISED:
        if number in PYTHON_IGNORES:
            continue
        result = from_a_dirty_parent[path]["raised"][str(number)]
        assert "LEAK" not in result["stdout"], (number, result)
        # SIGINT too: an interpreter ends an uncaught KeyboardInterrupt by dying of it.
        assert (result["status"], result["signal"]) == ("RE", number), (number, result)


# -- a real worker ------------------------------------------------------------------


class NohupWorker(integration.Worker):
    """A `celery worker` started as nohup starts a command, with signals blocked too."""

    def __init__(self, name: str, log: Path, env: dict[str, str]) -> None:
        self.name = name
        self.log = log
        command = [
            *(sys.executable, "-m", "celery", "-A", "scalebox_site", "worker", "-n", name),
            *("-c", "1", "--pool", "prefork", "--without-gossip", "--without-mingle"),
            *("--loglevel", "INFO", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE),
        ]
        self.process = subprocess.Popen(
            dirty_parent_argv(*command),
            cwd=REPO_ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture
def nohup_worker(transactional_db: None, tmp_path: Path) -> Iterator[NohupWorker]:
    if settings.SCALEBOX_EMBEDDED:
        pytest.fail("needs the distributed mode: run it with `make integration`'s variables")
    integration._purge_all_queues(settings.CELERY_BROKER_URL)
    env = {**integration.worker_env(), "SCALEBOX_WORKER_LANGUAGES": "c"}
    worker = NohupWorker("nohup@itest", tmp_path / "worker.log", env)
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


# Raises the signal it reads, then prints what the problem expects: only a program that
# survives a signal it should die of is accepted.
RAISE_THEN_ANSWER = """#include <signal.h>
#include <stdio.h>
int main(void) {
    int number;
    if (scanf("%d", &number) != 1) return 2;
    raise(number);
    puts("survived");
    return 0;
}
"""
SIGNAL_STATE = """#include <stdio.h>
#include <string.h>
int main(void) {
    char line[256];
    FILE *status = fopen("/proc/self/status", "r");
    while (status && fgets(line, sizeof line, status))
        if (strncmp(line, "SigIgn:", 7) == 0 || strncmp(line, "SigBlk:", 7) == 0)
            fputs(line, stdout);
    return 0;
}
"""


@pytest.mark.integration
def test_a_worker_started_with_signals_ignored_starts_programs_clean(
    nohup_worker: NohupWorker,
) -> None:
    # SIGHUP and SIGQUIT ignored by nohup-like start, SIGTERM blocked by it, SIGINT
    # ignored by celery's own pool processes.
    raised = [signal.SIGHUP, signal.SIGQUIT, signal.SIGTERM, signal.SIGINT]
    survive = make_problem("survive-signals", [(f"{n}\n", "survived\n") for n in raised])
    submission = submission_create(problem=survive, language="c", source=RAISE_THEN_ANSWER)
    judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=240)
    assert judging.status == JudgingStatus.DONE, judging.error
    results = list(judging.case_results.order_by("order").values_list("verdict", "worker"))
    assert results == [("RE", nohup_worker.name)] * len(raised)
    assert judging.verdict == "RE"

    clean = f"SigBlk:\t{signal_set([])}\nSigIgn:\t{signal_set([])}\n"
    state = make_problem("clean-signal-state", [("", clean)])
    submission = submission_create(problem=state, language="c", source=SIGNAL_STATE)
    judging = judging_wait(judging_id=submission.judgings.get().id, timeout_s=240)
    case = judging.case_results.get()
    assert (case.verdict, case.stdout_excerpt) == ("AC", clean), case.checker_message
