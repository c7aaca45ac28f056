from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from verification.executors import Program, executor_for
from verification.executors.python import on_disk as python_on_disk
from verification.sandbox import Limits, RunResult, RunStatus
from verification.sandbox.config import load_config
from verification.sandbox.fastpath import run_native_fast, run_python_fast, zygote_pids

from ..sandbox.isolated_env import no_slot_wanted, private_sandbox_env

PROGRAMS = Path(__file__).parent / "programs"

__all__ = ["no_slot_wanted", "private_sandbox_env"]

SMALL = Limits(
    cpu_time_s=1.0,
    wall_time_s=2.0,
    memory_bytes=128 * 1024 * 1024,
    output_bytes=1024 * 1024,
    processes=32,
    file_size_bytes=16 * 1024 * 1024,
)

Runner = Callable[..., RunResult]


def sandbox_uid_processes() -> list[tuple[int, int, str]]:
    """Processes of any slot uid alive on the host: there must be none between runs."""
    config = load_config()
    expected = zygote_pids()
    low, high = config.uid_base, config.uid_base + config.slots
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                status = handle.read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uid = int(fields.get("Uid", "0").split()[0])
        if low <= uid < high and int(entry) not in expected:
            found.append((int(entry), uid, fields.get("Name", "").strip()))
    return found


def run_python_bwrap(source: bytes, stdin: bytes, limits: Limits, **kwargs: object) -> RunResult:
    program = python_on_disk(source)
    # The base class's run is the bubblewrap path, whatever the executor defaults to.
    return Program.run(program, stdin, limits, **kwargs)  # type: ignore[arg-type]


def run_python_fastpath(source: bytes, stdin: bytes, limits: Limits, **kwargs: object) -> RunResult:
    return run_python_fast(source, stdin, limits, **kwargs)  # type: ignore[arg-type]


PATHS: dict[str, Runner] = {"bwrap": run_python_bwrap, "fastpath": run_python_fastpath}


def run_c_bwrap(source: bytes, stdin: bytes, limits: Limits, **kwargs: object) -> RunResult:
    program = executor_for("c").compile(source)
    return Program.run(program, stdin, limits, **kwargs)  # type: ignore[arg-type]


def run_c_fastpath(source: bytes, stdin: bytes, limits: Limits, **kwargs: object) -> RunResult:
    program = executor_for("c").compile(source)
    return run_native_fast(
        program.directory,
        program.argv,
        stdin,
        limits,
        env=dict(program.env),
        extra_ro_paths=program.extra_ro_paths,
        **kwargs,  # type: ignore[arg-type]
    )


C_PATHS: dict[str, Runner] = {"bwrap": run_c_bwrap, "fastpath": run_c_fastpath}


def fastpath_available() -> bool:
    try:
        # The check is whether the module imports at all, so it imports here.
        import verification.sandbox.fastpath  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


@pytest.fixture(params=sorted(PATHS))
def run_python(request: pytest.FixtureRequest) -> Runner:
    if request.param == "fastpath" and not fastpath_available():
        pytest.skip("fast path not built")
    return PATHS[request.param]


@pytest.fixture
def worker_ok(run_python: Runner) -> Callable[[], None]:
    """After a hostile run: nothing of it survives and the worker keeps judging."""

    def check() -> None:
        assert sandbox_uid_processes() == []
        result = run_python(b"print(int(input()) * 2)\n", b"21\n", SMALL)
        assert result.status is RunStatus.OK, result
        assert result.stdout == b"42\n"
        assert sandbox_uid_processes() == []

    return check


@pytest.fixture(params=sorted(C_PATHS))
def run_c(request: pytest.FixtureRequest) -> Runner:
    return C_PATHS[request.param]


C_ECHO = (
    b"#include <stdio.h>\n"
    b'int main(void) { int a; if (scanf("%d", &a) != 1) return 1; printf("%d\\n", 2 * a); }\n'
)


@pytest.fixture
def worker_ok_c(run_c: Runner) -> Callable[[], None]:
    """After a hostile compiled program: nothing of it survives and judging goes on."""

    def check() -> None:
        assert sandbox_uid_processes() == []
        result = run_c(C_ECHO, b"21\n", SMALL)
        assert result.status is RunStatus.OK, result
        assert result.stdout == b"42\n"
        assert sandbox_uid_processes() == []

    return check


def free_disk_bytes() -> int:
    usage = shutil.disk_usage(load_config().cache_dir)
    return usage.free


def source_of(name: str) -> bytes:
    return (PROGRAMS / name).read_bytes()
