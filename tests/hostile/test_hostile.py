"""The hostile corpus: every program is contained, judged right, and leaves nothing behind.

Python programs run on every execution path (bwrap per run, pre-forked fast path).
"""

from __future__ import annotations

import os
import signal
import socket
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from verification.executors import CompileError, base, executor_for
from verification.executors.base import NativeProgram
from verification.sandbox import RunStatus
from verification.sandbox.config import load_config
from verification.sandbox.fastpath import zygote_pids

from .conftest import (
    C_ECHO,
    SMALL,
    Runner,
    free_disk_bytes,
    run_c_bwrap,
    run_c_fastpath,
    run_python_bwrap,
    run_python_fastpath,
    sandbox_uid_processes,
    source_of,
)

# (program, stdin, allowed verdicts); every case also asserts no "LEAK" in stdout.
CASES: list[tuple[str, bytes, set[RunStatus]]] = [
    ("read_shadow.py", b"", {RunStatus.OK}),
    ("plant_symlink.py", b"", {RunStatus.OK}),
    ("fork_bomb.py", b"", {RunStatus.TLE, RunStatus.RE}),
    ("thread_bomb.py", b"", {RunStatus.TLE, RunStatus.RE}),
    ("memory_bomb.py", b"", {RunStatus.MLE}),
    ("output_bomb.py", b"", {RunStatus.OLE}),
    ("busy_loop.py", b"", {RunStatus.TLE}),
    ("sleep_forever.py", b"", {RunStatus.TLE}),
    ("ignore_signals.py", b"", {RunStatus.TLE}),
    ("daemon.py", b"", {RunStatus.OK}),
    ("kill_all.py", b"", {RunStatus.RE}),
    ("kill_parent.py", b"", {RunStatus.OK}),
    ("close_stdout.py", b"", {RunStatus.OK}),
    ("forbidden_syscalls.py", b"", {RunStatus.OK}),
    ("forge_setup_failure.py", b"", {RunStatus.RE}),
    ("raise_signal.py", b"1\n", {RunStatus.RE}),
]


@pytest.mark.parametrize(("program", "stdin", "verdicts"), CASES, ids=[c[0] for c in CASES])
def test_hostile_python(
    run_python: Runner,
    worker_ok: Callable[[], None],
    program: str,
    stdin: bytes,
    verdicts: set[RunStatus],
) -> None:
    result = run_python(source_of(program), stdin, SMALL)
    assert result.status in verdicts, result
    assert b"LEAK" not in result.stdout, result.stdout
    assert result.isolation == "full"
    worker_ok()


def test_secrets_in_environment_are_invisible(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    secret = f"sb-secret-{uuid.uuid4().hex}"
    os.environ["SCALEBOX_TEST_SECRET"] = secret
    try:
        result = run_python(source_of("env_secrets.py"), b"", SMALL)
    finally:
        del os.environ["SCALEBOX_TEST_SECRET"]
    assert result.status is RunStatus.OK, result
    assert secret.encode() not in result.stdout
    assert b"/proc" not in result.stdout or b"env" in result.stdout
    # Only the sandbox's own processes are visible.
    pids = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.split()}
    assert len(pids) <= 4, pids
    worker_ok()


def test_expected_answer_is_unreachable(
    run_python: Runner, worker_ok: Callable[[], None], tmp_path: Path
) -> None:
    token = f"answer-{uuid.uuid4().hex}"
    (tmp_path / "case.ans").write_text(token)
    result = run_python(source_of("find_answer.py"), token.encode(), SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    assert b"hits 0" in result.stdout
    worker_ok()


def test_writes_outside_scratch_fail(
    run_python: Runner, worker_ok: Callable[[], None], tmp_path: Path
) -> None:
    target = tmp_path / "pwned"
    result = run_python(source_of("write_outside.py"), str(target).encode(), SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    assert b"scratch ok True" in result.stdout
    for path in (
        target,
        Path("/etc/pwned"),
        Path("/usr/pwned"),
        Path("/pwned"),
        Path("/dev/shm/pwned"),
    ):
        assert not path.exists()
    worker_ok()


def test_planted_symlinks_are_not_followed_when_fetching(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    result = run_python(
        source_of("plant_symlink.py"),
        b"",
        SMALL,
        fetch_files=["result.txt", "environ.txt", "linkdir/passwd"],
    )
    assert result.status is RunStatus.OK, result
    assert result.files == {}
    worker_ok()


def test_loopback_and_network_unreachable(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        result = run_python(source_of("connect_loopback.py"), str(port).encode(), SMALL)
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    assert result.stdout.count(b"denied") == 4
    worker_ok()


def test_disk_bomb_is_bounded_and_host_disk_unchanged(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    before = free_disk_bytes()
    result = run_python(source_of("disk_bomb.py"), b"", SMALL)
    assert result.status in {RunStatus.MLE, RunStatus.OLE}, result
    assert abs(free_disk_bytes() - before) < 64 * 1024 * 1024
    scratch = load_config().scratch_root
    assert not any(scratch.glob("uid-*/fill*"))
    worker_ok()


def test_inode_bomb_is_charged_to_the_run_and_host_inodes_unchanged(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    scratch = load_config().scratch_root
    baseline = run_python(b"open('f', 'w').close()\n", b"", SMALL)
    before = os.statvfs(scratch).f_ffree
    result = run_python(source_of("inode_bomb.py"), b"", SMALL)
    assert result.status in {RunStatus.TLE, RunStatus.MLE}, result
    # The inodes and directory entries were charged to the run's memory cgroup.
    assert result.memory_kb > baseline.memory_kb + 8 * 1024, (baseline, result)
    assert abs(os.statvfs(scratch).f_ffree - before) < 1000
    assert not any(scratch.glob("uid-*/d0"))
    worker_ok()


def test_daemon_does_not_outlive_the_run(run_python: Runner, worker_ok: Callable[[], None]) -> None:
    result = run_python(source_of("daemon.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"parent done\n"
    assert sandbox_uid_processes() == []
    worker_ok()


def test_pid_1_and_stray_descriptors_are_out_of_reach(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    result = run_python(source_of("reach_init.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout, result.stdout
    assert result.stdout.endswith(b"still running\n"), result.stdout
    worker_ok()


def test_invalid_utf8_output_is_kept_as_bytes(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    result = run_python(source_of("invalid_utf8.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"\xff\xfe\x80 not utf-8 \xc3\x28\n"
    worker_ok()


def test_forbidden_syscalls_all_denied(run_python: Runner) -> None:
    result = run_python(source_of("forbidden_syscalls.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    assert result.stdout.count(b"denied") == 13, result.stdout


# -- compiled programs -----------------------------------------------------------


# (program, stdin, allowed verdicts); each runs on the bwrap path and the native fast path.
C_CASES: list[tuple[str, bytes, set[RunStatus]]] = [
    ("fork_bomb.c", b"", {RunStatus.TLE, RunStatus.RE}),
    ("memory_bomb.c", b"", {RunStatus.MLE}),
    ("busy_loop.c", b"", {RunStatus.TLE}),
    ("sleep_forever.c", b"", {RunStatus.TLE}),
    ("output_bomb.c", b"", {RunStatus.OLE}),
    ("file_size_bomb.c", b"", {RunStatus.OLE}),
    ("sigpipe.c", b"", {RunStatus.RE}),
    ("read_shadow.c", b"", {RunStatus.OK}),
    ("env_secrets.c", b"", {RunStatus.OK}),
    ("kill_all.c", b"", {RunStatus.OK}),
    ("daemon.c", b"", {RunStatus.OK}),
    ("forbidden_syscalls.c", b"", {RunStatus.OK}),
    ("forge_setup_failure.c", b"", {RunStatus.RE}),
    ("stack_recursion.c", b"", {RunStatus.OK}),
    ("raise_signal.c", b"1\n", {RunStatus.RE}),
]


@pytest.mark.parametrize(("program", "stdin", "verdicts"), C_CASES, ids=[c[0] for c in C_CASES])
def test_hostile_c(
    run_c: Runner,
    worker_ok_c: Callable[[], None],
    program: str,
    stdin: bytes,
    verdicts: set[RunStatus],
) -> None:
    result = run_c(source_of(program), stdin, SMALL)
    assert result.status in verdicts, result
    assert b"LEAK" not in result.stdout, result.stdout
    assert result.isolation == "full"
    worker_ok_c()


def _not_about_init(output: bytes) -> list[bytes]:
    return [line for line in output.splitlines() if b"/proc/1/" not in line]


def test_c_paths_give_the_same_results() -> None:
    """Each deterministic hostile program: same verdict, exit, signal and output on both."""
    for program, stdin, verdicts in C_CASES:
        if len(verdicts) > 1:
            continue
        bwrap = run_c_bwrap(source_of(program), stdin, SMALL)
        fast = run_c_fastpath(source_of(program), stdin, SMALL)
        assert (bwrap.status, bwrap.exit_code, bwrap.signal) == (
            fast.status,
            fast.exit_code,
            fast.signal,
        ), (program, bwrap, fast)
        if bwrap.status is RunStatus.OK:
            # PID 1 differs (the sandbox's init, the zygote), and may refuse more on the fast path.
            assert _not_about_init(bwrap.stdout) == _not_about_init(fast.stdout), program
    assert sandbox_uid_processes() == []


def test_c_starts_in_the_same_state_on_both_paths() -> None:
    """Limits, signal dispositions and mask, credentials, capabilities, seccomp, session."""
    bwrap = run_c_bwrap(source_of("process_state.c"), b"", SMALL)
    fast = run_c_fastpath(source_of("process_state.c"), b"", SMALL)
    assert bwrap.status is fast.status is RunStatus.OK, (bwrap, fast)
    assert fast.stdout == bwrap.stdout
    for expected in (b"Max processes", b"NoNewPrivs:\t1", b"CapEff:\t0000000000000000"):
        assert expected in fast.stdout, fast.stdout
    assert b"session leader 0\ngroup leader 0\nsession of parent 1\n" in fast.stdout


def test_python_starts_in_the_same_state_on_both_paths() -> None:
    bwrap = run_python_bwrap(source_of("process_state.py"), b"", SMALL)
    fast = run_python_fastpath(source_of("process_state.py"), b"", SMALL)
    assert bwrap.status is fast.status is RunStatus.OK, (bwrap, fast)
    assert fast.stdout == bwrap.stdout
    assert b"session leader False group leader False\nsession of parent True\n" in fast.stdout


def test_c_signal_deaths_are_those_of_a_fresh_exec(run_c: Runner) -> None:
    pipe = run_c(source_of("sigpipe.c"), b"", SMALL)
    assert (pipe.status, pipe.signal) == (RunStatus.RE, signal.SIGPIPE), pipe
    size = run_c(source_of("file_size_bomb.c"), b"", SMALL)
    assert (size.status, size.signal) == (RunStatus.OLE, signal.SIGXFSZ), size


def test_c_sees_only_its_program_and_environment(run_c: Runner) -> None:
    secret = f"sb-secret-{uuid.uuid4().hex}"
    os.environ["SCALEBOX_TEST_SECRET"] = secret
    try:
        env = run_c(source_of("env_secrets.c"), b"", SMALL)
    finally:
        del os.environ["SCALEBOX_TEST_SECRET"]
    assert env.status is RunStatus.OK, env
    assert secret.encode() not in env.stdout
    assert sorted(env.stdout.splitlines()) == [
        b"denied init environ",
        b"env HOME=/box",
        b"env LANG=C.UTF-8",
        b"env PATH=/usr/local/bin:/usr/bin:/bin",
        b"env PWD=/box",
        b"env TMPDIR=/box",
    ]
    shadow = run_c(source_of("read_shadow.c"), b"", SMALL)
    assert shadow.status is RunStatus.OK, shadow
    assert b"LEAK" not in shadow.stdout
    assert shadow.stdout.endswith(b"exe /prog/main\n"), shadow.stdout


def test_c_writes_outside_scratch_fail(
    run_c: Runner, worker_ok_c: Callable[[], None], tmp_path: Path
) -> None:
    target = tmp_path / "pwned"
    result = run_c(source_of("write_outside.c"), str(target).encode(), SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    denied = [line for line in result.stdout.splitlines() if line.startswith(b"denied ")]
    assert len(denied) == 11, result.stdout
    assert b"scratch ok True" in result.stdout
    for path in (target, Path("/etc/pwned"), Path("/usr/pwned"), Path("/pwned")):
        assert not path.exists()
    worker_ok_c()


def test_c_loopback_and_network_unreachable(run_c: Runner, worker_ok_c: Callable[[], None]) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        result = run_c(source_of("connect_loopback.c"), str(port).encode(), SMALL)
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    denied = [line for line in result.stdout.splitlines() if line.startswith(b"denied ")]
    assert len(denied) == 4, result.stdout
    worker_ok_c()


def test_c_kill_everything_hits_only_itself(run_c: Runner, worker_ok_c: Callable[[], None]) -> None:
    result = run_c(source_of("kill_all.c"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout.endswith(b"still here\n"), result.stdout
    worker_ok_c()


def test_c_daemon_does_not_outlive_the_run(run_c: Runner, worker_ok_c: Callable[[], None]) -> None:
    result = run_c(source_of("daemon.c"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"parent done\n"
    assert sandbox_uid_processes() == []
    worker_ok_c()


def test_c_ipc_objects_do_not_outlive_the_run(
    run_c: Runner, worker_ok_c: Callable[[], None]
) -> None:
    """A pre-forked sandbox keeps its IPC namespace: what a run leaves there must go."""
    planted = run_c(source_of("ipc_persist.c"), b"plant", SMALL)
    assert planted.status is RunStatus.OK, planted
    # System V objects can be made (and are removed); POSIX queues cannot be made at all.
    assert planted.stdout == b"planted shm 1 sem 1 msg 1 mq Too many open files\n"
    found = run_c(source_of("ipc_persist.c"), b"find", SMALL)
    assert (found.status, found.stdout) == (RunStatus.OK, b"found nothing\n"), found
    worker_ok_c()


def test_python_ipc_objects_do_not_outlive_the_run(run_python: Runner) -> None:
    shmget = "import ctypes\nprint(ctypes.CDLL(None).shmget(0x5CA1AB1E, 4096, {}) >= 0)\n"
    planted = run_python(shmget.format("0o1666").encode(), b"", SMALL)
    assert (planted.status, planted.stdout) == (RunStatus.OK, b"True\n"), planted
    found = run_python(shmget.format("0").encode(), b"", SMALL)
    assert (found.status, found.stdout) == (RunStatus.OK, b"False\n"), found


def test_c_forbidden_syscalls_all_denied(run_c: Runner) -> None:
    result = run_c(source_of("forbidden_syscalls.c"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert b"LEAK" not in result.stdout
    denied = [line for line in result.stdout.splitlines() if line.startswith(b"denied ")]
    assert len(denied) == 10, result.stdout


def test_c_runs_by_default_on_the_native_fast_path() -> None:
    for language in ("c", "cpp", "rust", "go", "haskell"):
        program = executor_for(language).program_for(Path("/nonexistent"))
        assert isinstance(program, NativeProgram), language
    program = executor_for("c").compile(C_ECHO)
    result = program.run(b"21\n", SMALL)
    assert (result.status, result.stdout) == (RunStatus.OK, b"42\n"), result
    assert zygote_pids(), "the run should have left an idle zygote"


@pytest.fixture
def quick_compiler_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = base.Limits(
        cpu_time_s=2.0, wall_time_s=4.0, memory_bytes=512 << 20, output_bytes=64 << 10, processes=32
    )
    for language in ("c", "cpp"):
        monkeypatch.setattr(executor_for(language), "compile_limits", quick)


@pytest.mark.usefixtures("quick_compiler_limits")
@pytest.mark.parametrize(
    ("language", "program", "expected"),
    [("cpp", "template_bomb.cpp", "time limit"), ("c", "include_dev_zero.c", "limit")],
)
def test_compiler_that_hangs_is_a_compile_error(language: str, program: str, expected: str) -> None:
    with pytest.raises(CompileError) as caught:
        executor_for(language).compile(source_of(program))
    assert expected in caught.value.message
    assert sandbox_uid_processes() == []


def test_directories_nested_too_deep_to_remove_recursively_do_not_break_a_slot(
    run_python: Runner, worker_ok: Callable[[], None]
) -> None:
    result = run_python(source_of("deep_nesting.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"nested\n"
    root = load_config().scratch_root
    # Nothing of it is left in any slot's scratch directory.
    assert not [p for p in root.glob("*/d") if p.is_dir()]
    assert not [p for p in root.glob("*/*/d") if p.is_dir()]
    worker_ok()
