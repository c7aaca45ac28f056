"""The hostile corpus: every program is contained, judged right, and leaves nothing behind.

Python programs run on every execution path (bwrap per run, pre-forked fast path).
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from verification.executors import CompileError, executor_for
from verification.sandbox import RunStatus
from verification.sandbox.config import load_config

from .conftest import SMALL, Runner, free_disk_bytes, sandbox_uid_processes, source_of

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
    assert not any(scratch.glob("slot-*/fill*"))
    worker_ok()


def test_daemon_does_not_outlive_the_run(run_python: Runner, worker_ok: Callable[[], None]) -> None:
    result = run_python(source_of("daemon.py"), b"", SMALL)
    assert result.status is RunStatus.OK, result
    assert result.stdout == b"parent done\n"
    assert sandbox_uid_processes() == []
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


@pytest.mark.parametrize(
    ("program", "verdicts"),
    [
        ("fork_bomb.c", {RunStatus.TLE, RunStatus.RE}),
        ("memory_bomb.c", {RunStatus.MLE}),
        ("stack_recursion.c", {RunStatus.OK}),
    ],
)
def test_hostile_c(program: str, verdicts: set[RunStatus]) -> None:
    compiled = executor_for("c").compile(source_of(program))
    result = compiled.run(b"", SMALL)
    assert result.status in verdicts, result
    assert sandbox_uid_processes() == []
    if program == "stack_recursion.c":
        assert result.stdout == b"200000\n"


@pytest.fixture
def quick_compiler_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from verification.executors import base

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
