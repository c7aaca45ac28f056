"""The pre-forked fast paths against the bubblewrap path: same view, same limits, clean cases."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from pathlib import Path

import pytest

from verification.executors import Program, executor_for
from verification.executors.base import NativeProgram
from verification.executors.python import on_disk as python_on_disk
from verification.sandbox import Limits, RunResult, RunStatus, cgroups, fastpath
from verification.sandbox.config import SandboxConfig, load_config
from verification.sandbox.fastpath import (
    close_zygotes,
    run_native_fast,
    run_python_fast,
    zygote_pids,
)
from verification.sandbox.runner import current_sandbox
from verification.sandbox.slots import Slot

LIMITS = Limits(
    cpu_time_s=1.0, wall_time_s=2.0, memory_bytes=128 << 20, output_bytes=1 << 20, processes=16
)

ALLOCATE = b"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    long mib;
    if (scanf("%ld", &mib) != 1) return 1;
    char *p = malloc(mib << 20);
    if (!p) return 2;
    memset(p, 1, mib << 20);
    printf("%ld\\n", mib + p[(mib << 20) - 1] - 1);
    return 0;
}
"""

LIST_PROG = b"""#include <dirent.h>
#include <stdio.h>
int main(void) {
    DIR *d = opendir("/prog");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' || e->d_name[1] == 'c') printf("%s\\n", e->d_name);
    FILE *f = fopen("/box/in.txt", "r");
    char line[64] = "";
    if (f && fgets(line, sizeof line, f)) printf("in %s", line);
    f = fopen("/box/out.txt", "w");
    if (f) fputs("written\\n", f);
    return 0;
}
"""


def native(source: bytes, stdin: bytes, limits: Limits = LIMITS, **kwargs: object) -> RunResult:
    program = executor_for("c").compile(source)
    return run_native_fast(program.directory, program.argv, stdin, limits, **kwargs)  # type: ignore[arg-type]


def test_compiled_languages_default_to_the_native_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for language in ("c", "cpp", "rust", "go", "haskell"):
        assert isinstance(executor_for(language).program_for(Path("/x")), NativeProgram)
    for language in ("java", "bash", "javascript"):
        assert not isinstance(executor_for(language).program_for(Path("/x")), NativeProgram)
    monkeypatch.setenv("SCALEBOX_NATIVE_FAST_PATH", "0")
    assert type(executor_for("c").program_for(Path("/x"))) is Program


def test_a_reused_case_starts_from_zero() -> None:
    """Peak memory, CPU time and the OOM verdict belong to the case, not to earlier ones."""
    big = native(ALLOCATE, b"48\n")
    assert big.status is RunStatus.OK, big
    assert big.memory_kb > 48 * 1024
    bomb = native(ALLOCATE, b"512\n")
    assert bomb.status is RunStatus.MLE, bomb
    small = native(ALLOCATE, b"1\n")
    assert small.status is RunStatus.OK, small
    assert small.memory_kb < 8 * 1024, small
    assert small.cpu_time_s < 0.1, small
    py_small = run_python_fast(b"print(1)\n", b"", LIMITS)
    assert py_small.status is RunStatus.OK, py_small
    assert py_small.memory_kb < 16 * 1024, py_small


def test_program_directory_files_and_fetch_match_the_bwrap_path() -> None:
    program = executor_for("c").compile(LIST_PROG)
    kwargs = {"files": {"in.txt": b"given\n"}, "fetch_files": ["out.txt"]}
    fast = run_native_fast(program.directory, program.argv, b"", LIMITS, **kwargs)  # type: ignore[arg-type]
    bwrap = Program.run(program, b"", LIMITS, **kwargs)  # type: ignore[arg-type]
    assert fast.status is bwrap.status is RunStatus.OK, (fast, bwrap)
    assert sorted(fast.stdout.splitlines()) == sorted(bwrap.stdout.splitlines())
    assert b"main" in fast.stdout.splitlines() and b"in given" in fast.stdout
    assert fast.files == bwrap.files == {"out.txt": b"written\n"}


def test_programs_alternating_on_one_zygote_each_see_their_own() -> None:
    echo = executor_for("c").compile(
        b'#include <stdio.h>\nint main(void) { puts("first"); return 0; }\n'
    )
    other = executor_for("c").compile(
        b'#include <stdio.h>\nint main(void) { puts("second"); return 3; }\n'
    )
    for _ in range(3):
        one = run_native_fast(echo.directory, echo.argv, b"", LIMITS)
        two = run_native_fast(other.directory, other.argv, b"", LIMITS)
        assert (one.status, one.stdout) == (RunStatus.OK, b"first\n"), one
        assert (two.status, two.exit_code, two.stdout) == (RunStatus.RE, 3, b"second\n"), two
    assert zygote_pids()


def test_native_fast_path_needs_a_program_under_prog() -> None:
    with pytest.raises(ValueError):
        run_native_fast(Path("/usr/bin"), ["/usr/bin/true"], b"", LIMITS)


PEEK_AT_INIT = b"""#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
    char buf[64];
    const char *paths[] = {"/proc/1/fd/0", "/proc/1/environ", "/proc/1/mem", "/proc/1/maps"};
    for (int i = 0; i < 4; i++) {
        int fd = open(paths[i], O_RDONLY);
        printf("%s %s\\n", paths[i], fd < 0 ? "denied" : "LEAK open");
        if (fd >= 0) close(fd);
    }
    if (read(0, buf, sizeof buf) > 0) printf("own stdin read\\n");
    return 0;
}
"""


def test_the_zygote_holds_nothing_a_case_can_reach() -> None:
    """PID 1 of a fast-path sandbox is the zygote: not dumpable, no case's descriptors."""
    result = native(PEEK_AT_INIT, b"input\n")
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout, result.stdout
    assert result.stdout.count(b"denied") == 4
    assert b"own stdin read" in result.stdout
    peek = (
        "import os\n"
        "for path in ('/proc/1/fd/0', '/proc/1/environ', '/proc/1/mem', '/proc/1/maps'):\n"
        "    try:\n"
        "        os.close(os.open(path, os.O_RDONLY)); print('LEAK', path)\n"
        "    except OSError:\n"
        "        print('denied', path)\n"
    )
    python = run_python_fast(peek.encode(), b"input\n", LIMITS)
    assert python.status is RunStatus.OK, python
    assert python.stdout.count(b"denied") == 4, python.stdout


def test_parallel_native_runs_each_get_their_own_zygote() -> None:
    program = executor_for("c").compile(ALLOCATE)
    results: dict[int, list[RunResult]] = {}

    def work(index: int) -> None:
        results[index] = [
            run_native_fast(program.directory, program.argv, f"{index + 1}\n".encode(), LIMITS)
            for _ in range(5)
        ]

    threads = [threading.Thread(target=work, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index, runs in results.items():
        for result in runs:
            assert (result.status, result.stdout) == (RunStatus.OK, f"{index + 1}\n".encode())
    assert zygote_pids()


def test_idle_zygotes_leave_most_slots_to_the_normal_path() -> None:
    program = executor_for("c").compile(ALLOCATE)
    for seconds in range(1, 8):
        limits = Limits(
            cpu_time_s=seconds, wall_time_s=8.0, memory_bytes=64 << 20, output_bytes=1 << 10
        )
        result = run_native_fast(program.directory, program.argv, b"1\n", limits)
        assert result.status is RunStatus.OK, result
    # Two host pids (bwrap's monitor, the zygote) per idle zygote.
    assert 0 < len(zygote_pids()) <= 2 * (load_config().slots // 4)


def test_without_a_free_slot_for_a_zygote_the_normal_path_runs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_slot(config: SandboxConfig) -> tuple[int, Slot]:
        raise fastpath.NoFreeSlot("all slots busy")

    fastpath.close_zygotes()
    monkeypatch.setattr(fastpath.Zygote, "_lease", staticmethod(no_slot))
    result = native(ALLOCATE, b"2\n")
    assert (result.status, result.stdout) == (RunStatus.OK, b"2\n"), result
    assert zygote_pids() == set()


@pytest.mark.parametrize("oom", [True, False])
def test_a_zygote_lost_while_spawning_is_judged_by_what_killed_it(
    monkeypatch: pytest.MonkeyPatch, oom: bool
) -> None:
    """The spawning zygote sits in the case's cgroup for a moment: if the case's OOM
    killer takes it, the case exceeded its memory (MLE), as on the normal path."""
    assert native(ALLOCATE, b"1\n").status is RunStatus.OK

    def killed(self: fastpath.Zygote, *args: object) -> RunResult:
        os.kill(self.zygote_pid, signal.SIGKILL)
        raise ConnectionError("zygote closed its control socket")

    with monkeypatch.context() as patch:
        patch.setattr(fastpath.Zygote, "_run_case", killed)
        for cls in (cgroups._V1Cgroup, cgroups._V2Cgroup):
            patch.setattr(cls, "oom_killed", lambda self: oom)
        result = native(ALLOCATE, b"1\n")
    if oom:
        assert (result.status, result.signal) == (RunStatus.MLE, signal.SIGKILL), result
    else:
        assert result.status is RunStatus.SE, result
    after = native(ALLOCATE, b"1\n")
    assert (after.status, after.stdout) == (RunStatus.OK, b"1\n"), after


def test_a_zygote_outlives_the_thread_that_started_it() -> None:
    """bwrap's --die-with-parent follows the thread that forked it: zygotes are pooled
    across threads (a threaded server runs each request in a thread of its own)."""
    close_zygotes()
    first: list[RunResult] = []

    def in_a_thread() -> None:
        first.append(native(ALLOCATE, b"1\n"))
        first.append(run_python_fast(b"print(1)\n", b"", LIMITS))

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    assert [r.status for r in first] == [RunStatus.OK, RunStatus.OK], first
    time.sleep(0.3)
    idle = zygote_pids()
    assert len(idle) == 4
    again = native(ALLOCATE, b"2\n"), run_python_fast(b"print(2)\n", b"", LIMITS)
    assert [(r.status, r.stdout) for r in again] == [(RunStatus.OK, b"2\n")] * 2, again
    assert zygote_pids() == idle


def test_a_python_case_that_cannot_set_itself_up_is_a_system_error() -> None:
    """A real setup failure: the child is given an RLIMIT_NOFILE above the zygote's hard
    limit, which an unprivileged process cannot raise. The sandbox failed, not the
    program: SE, saying which step failed."""

    sandbox = current_sandbox()
    sandbox.ensure_available()
    zygote = fastpath._pool.acquire(sandbox, fastpath.PYTHON)
    try:
        result = zygote.run_python(
            b"print('ran')\n",
            b"",
            LIMITS,
            None,
            None,
            rlimits={resource.RLIMIT_NOFILE: (1 << 20, 1 << 20)},
        )
        assert result.status is RunStatus.SE, result
        assert "setup failed" in result.message and "RLIMIT_NOFILE" in result.message, result
        assert result.stdout == b""
        # The same zygote goes on judging.
        after = zygote.run_python(b"print('ran')\n", b"", LIMITS, None, None)
        assert (after.status, after.stdout) == (RunStatus.OK, b"ran\n"), after
    finally:
        fastpath._pool.release(zygote)


def test_a_native_program_that_cannot_be_started_is_a_system_error() -> None:
    program = executor_for("c").compile(b"int main(void) { return 0; }\n")
    result = run_native_fast(program.directory, ["/prog/not-there"], b"", LIMITS)
    assert result.status is RunStatus.SE, result
    assert "setup failed: exec /prog/not-there" in result.message, result
    after = run_native_fast(program.directory, program.argv, b"", LIMITS)
    assert after.status is RunStatus.OK, after


HOSTILE = Path(__file__).parents[1] / "hostile" / "programs"


def test_a_program_cannot_pass_its_own_failure_off_as_a_setup_failure() -> None:
    """Exiting with the code a failed setup exits with, or writing a failure report to
    every descriptor it has, is the program's runtime error on every path."""
    python_source = (HOSTILE / "forge_setup_failure.py").read_bytes()
    c_source = (HOSTILE / "forge_setup_failure.c").read_bytes()
    runs = [
        run_python_fast(python_source, b"", LIMITS),
        Program.run(python_on_disk(python_source), b"", LIMITS),  # bwrap
        native(c_source, b""),
        Program.run(executor_for("c").compile(c_source), b"", LIMITS),
    ]
    for result in runs:
        assert (result.status, result.exit_code) == (RunStatus.RE, 125), result
        assert b"LEAK" not in result.stdout, result.stdout


def test_preloaded_modules_start_fresh_in_every_case() -> None:
    """The Python zygote imports common modules once; each case still gets its own state:
    random is seeded anew, and what one case changes in a module the next never sees."""
    program = b"""import random, math, sys
print(random.getrandbits(64), hasattr(math, "tampered"), "ast" in sys.modules)
math.tampered = True
random.seed(0)
"""
    outputs = []
    for _ in range(3):
        run = run_python_fast(program, b"", LIMITS)
        assert run.status is RunStatus.OK, run
        outputs.append(run.stdout.split())
    assert len({line[0] for line in outputs}) == 3, outputs
    assert all(line[1:] == [b"False", b"True"] for line in outputs), outputs


def test_a_source_that_does_not_compile_is_reported_as_such() -> None:
    """The pre-forked interpreter compiles the source before any of it runs, and says
    when it does not compile (for callers that leave the check to the run)."""
    result = run_python_fast(b"x = 1\ndef f(:\n    pass\n", b"", LIMITS)
    assert (result.status, result.exit_code) == (RunStatus.RE, 1), result
    assert result.uncompiled.startswith('  File "main.py", line 2\n'), result.uncompiled
    assert result.uncompiled.rstrip().endswith("SyntaxError: invalid syntax")
    assert result.stderr.decode() == result.uncompiled
    nul = run_python_fast(b"x = 1\0\n", b"", LIMITS)
    assert nul.uncompiled.rstrip().endswith("source code string cannot contain null bytes")


@pytest.mark.parametrize(
    "source",
    [
        b"eval('(')\n",
        b"raise SyntaxError('made up')\n",
        b"import sys\nsys.stderr.write('U  File \"main.py\"')\nsys.exit(1)\n",
    ],
)
def test_a_program_that_fails_on_its_own_is_not_uncompiled(source: bytes) -> None:
    result = run_python_fast(source, b"", LIMITS)
    assert (result.status, result.exit_code, result.uncompiled) == (RunStatus.RE, 1, ""), result


def test_without_a_pre_forked_interpreter_an_unchecked_source_is_checked_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_slot(config: SandboxConfig) -> tuple[int, Slot]:
        raise fastpath.NoFreeSlot("all slots busy")

    fastpath.close_zygotes()
    monkeypatch.setattr(fastpath.Zygote, "_lease", staticmethod(no_slot))
    result = run_python_fast(b"def f(:\n", b"", LIMITS, unchecked=True)
    assert (result.status, result.exit_code) == (RunStatus.RE, 1), result
    assert result.uncompiled.startswith('  File "main.py", line 1\n'), result
    fine = run_python_fast(b"print(int(input()) + 1)\n", b"1\n", LIMITS, unchecked=True)
    assert (fine.status, fine.stdout, fine.uncompiled) == (RunStatus.OK, b"2\n", ""), fine
