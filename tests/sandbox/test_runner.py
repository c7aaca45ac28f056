from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from verification.sandbox import Limits, RunResult, RunStatus, SandboxUnavailable, run_sandboxed
from verification.sandbox.config import load_config
from verification.sandbox.fastpath import close_zygotes, run_python_fast
from verification.sandbox.runner import RunRequest, current_sandbox
from verification.sandbox.scratch import BadFileName

PY = ["/usr/bin/python3", "-I", "-S", "-c"]
LIMITS = Limits(
    cpu_time_s=1.0, wall_time_s=2.0, memory_bytes=128 << 20, output_bytes=1 << 20, processes=16
)


def py(code: str, stdin: bytes = b"", limits: Limits = LIMITS, **kwargs: object) -> RunResult:
    return run_sandboxed([*PY, code], stdin=stdin, limits=limits, **kwargs)  # type: ignore[arg-type]


def test_runs_with_stdin_and_reports_usage() -> None:
    result = py("import sys; data = sys.stdin.read(); print(data.upper(), end='')", b"hello\n")
    assert result.status is RunStatus.OK
    assert result.stdout == b"HELLO\n"
    assert result.exit_code == 0 and result.signal is None
    assert result.isolation == "full"
    assert 0 < result.cpu_time_s < 1
    assert 1000 < result.memory_kb < 128 * 1024
    assert 0 < result.wall_time_s < 2


def test_runs_as_unprivileged_uid_with_empty_environment() -> None:
    result = py(
        "import os; print(os.getuid(), os.getgid(), os.getgroups()); print(sorted(os.environ))"
    )
    uid_line, env_line = result.stdout.decode().splitlines()
    uid, gid, groups = uid_line.split(" ", 2)
    assert int(uid) >= 60000 and int(uid) == int(gid)
    assert groups == "[]"
    assert env_line == "['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR']"


def test_sees_only_its_own_file_system() -> None:
    result = py(
        "import os; print(sorted(os.listdir('/')));"
        "print(sorted(os.listdir('/etc'))); print(os.getcwd())"
    )
    root, etc, cwd = result.stdout.decode().splitlines()
    assert root == "['bin', 'box', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sbin', 'tmp', 'usr']"
    assert "shadow" not in etc and "passwd" not in etc
    assert cwd == "/box"


def test_root_and_dev_are_read_only() -> None:
    result = py(
        "import os\nfor p in ('/x', '/dev/x', '/etc/x', '/usr/x'):\n"
        "    try:\n        open(p, 'w')\n        print('wrote', p)\n"
        "    except OSError as e:\n        print(e.errno)"
    )
    assert b"wrote" not in result.stdout
    assert result.stdout.count(b"\n") == 4


def test_cpu_time_limit() -> None:
    result = py("while True: pass")
    assert result.status is RunStatus.TLE
    assert 1.0 <= result.cpu_time_s < 1.6
    assert "CPU" in result.message


def test_wall_time_limit_catches_sleepers() -> None:
    result = py("import time; time.sleep(10**7)")
    assert result.status is RunStatus.TLE
    assert result.cpu_time_s < 0.5
    assert 2.0 <= result.wall_time_s < 3.0
    assert "wall" in result.message


def test_memory_limit_is_mle_not_crash() -> None:
    result = py("x = bytearray(400 << 20)")
    assert result.status is RunStatus.MLE
    assert result.memory_kb >= 100 * 1024


def test_memory_just_under_limit_is_fine() -> None:
    result = py("x = bytearray(64 << 20); print(len(x))")
    assert result.status is RunStatus.OK
    assert result.memory_kb >= 64 * 1024


def test_output_limit_keeps_memory_bounded() -> None:
    limits = Limits(cpu_time_s=1, wall_time_s=2, memory_bytes=128 << 20, output_bytes=1000)
    result = py("import sys\nwhile True: sys.stdout.write('y' * 4096)", limits=limits)
    assert result.status is RunStatus.OLE
    assert len(result.stdout) == 1000


def test_output_exactly_at_limit_is_ok() -> None:
    limits = Limits(cpu_time_s=1, wall_time_s=2, memory_bytes=128 << 20, output_bytes=1000)
    result = py("print('z' * 999)", limits=limits)
    assert result.status is RunStatus.OK
    assert len(result.stdout) == 1000


def test_file_size_limit() -> None:
    limits = Limits(
        cpu_time_s=1,
        wall_time_s=2,
        memory_bytes=128 << 20,
        output_bytes=1000,
        file_size_bytes=1 << 20,
    )
    result = py("open('big', 'wb').write(b'0' * (2 << 20))", limits=limits)
    assert result.status is RunStatus.OLE
    assert "file size" in result.message


def test_exit_code_and_signal_are_runtime_errors() -> None:
    assert py("raise SystemExit(3)").exit_code == 3
    assert py("raise SystemExit(3)").status is RunStatus.RE
    killed = py("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    assert killed.status is RunStatus.RE
    assert killed.signal == 11


def test_stderr_is_an_excerpt() -> None:
    result = py("import sys; sys.stderr.write('e' * 200000)")
    assert result.status is RunStatus.OK
    assert len(result.stderr) == 64 * 1024


def test_process_limit() -> None:
    limits = Limits(
        cpu_time_s=1, wall_time_s=2, memory_bytes=128 << 20, output_bytes=1000, processes=5
    )
    code = (
        "import os, time\nn = 0\nfor _ in range(20):\n    try:\n        if os.fork() == 0:\n"
        "            time.sleep(0.5); os._exit(0)\n        n += 1\n"
        "    except OSError:\n        pass\nprint(n)"
    )
    result = py(code, limits=limits)
    assert result.status is RunStatus.OK
    assert int(result.stdout) < 6


def test_files_in_and_out() -> None:
    result = py(
        "import os; print(open('in/data.txt').read()); open('out.txt', 'w').write('result')",
        files={"in/data.txt": b"given"},
        fetch_files=["out.txt", "missing.txt", "in/data.txt"],
    )
    assert result.status is RunStatus.OK
    assert result.stdout == b"given\n"
    assert result.files == {"out.txt": b"result", "in/data.txt": b"given"}


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a/../../b", ""])
def test_bad_file_names_are_refused(name: str) -> None:
    with pytest.raises(BadFileName):
        py("pass", files={name: b"x"})


def test_each_run_gets_a_fresh_scratch_directory() -> None:
    first = py("open('left-behind', 'w').write('x'); print(len(__import__('os').listdir('.')))")
    second = py("import os; print(os.listdir('.'))")
    assert first.stdout == b"1\n"
    assert second.stdout == b"[]\n"


def test_parallel_runs_use_distinct_slots() -> None:
    results: list[bytes] = []

    def work() -> None:
        result = py("import os, time; time.sleep(0.3); print(os.getuid())")
        assert result.status is RunStatus.OK
        results.append(result.stdout)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 6


def test_unavailable_isolation_refuses_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALEBOX_BWRAP", "/nonexistent/bwrap")
    with pytest.raises(SandboxUnavailable, match="bubblewrap not found"):
        py("print(1)")


def test_unsafe_mode_is_explicit_and_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCALEBOX_BWRAP", "/nonexistent/bwrap")
    monkeypatch.setenv("SCALEBOX_UNSAFE_NO_ISOLATION", "true")
    result = py("import os; print(os.getcwd() != '/box')")
    assert result.status is RunStatus.OK
    assert result.isolation == "unsafe-none"
    assert result.stdout == b"True\n"
    assert py("while True: pass").status is RunStatus.TLE


def test_limits_validate() -> None:
    with pytest.raises(ValueError):
        Limits(cpu_time_s=0, wall_time_s=1, memory_bytes=1 << 30, output_bytes=1)
    with pytest.raises(ValueError):
        Limits(cpu_time_s=1, wall_time_s=1, memory_bytes=1024, output_bytes=1)


def test_scratch_and_cgroups_are_cleaned_up() -> None:
    close_zygotes()  # pre-forked interpreters keep a slot of their own while they live
    py("open('x', 'w').write('y')")
    scratch = load_config().scratch_root
    assert list(scratch.glob("uid-*")) == []
    own = Path("/sys/fs/cgroup/pids/scalebox")
    if own.exists():
        uid_base = int(os.environ["SCALEBOX_SANDBOX_UID_BASE"])
        # Names are uid-<uid> (per run) and uid-<uid>-case (pre-forked interpreters).
        uids = {p: int(p.name.split("-")[1]) for p in own.glob("uid-*")}
        mine = [p for p, uid in uids.items() if uid_base <= uid < uid_base + 16]
        assert mine == []


def test_a_sandbox_that_cannot_be_set_up_is_a_system_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real setup failure on the bubblewrap path: a scratch directory the slot uid
    cannot reach, so bubblewrap cannot bind it. SE, with bubblewrap's reason."""
    sandbox = current_sandbox()
    sandbox.ensure_available()  # its self-check ran with the usual scratch directory
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)
    unreachable = dataclasses.replace(sandbox.config, scratch_root=hidden / "scratch")
    monkeypatch.setattr(sandbox, "config", unreachable)
    for _ in range(5):
        result = py("print('ran')")
        assert result.status is RunStatus.SE, result
        assert "bubblewrap failed during setup" in result.message, result
        assert result.stdout == b""


def test_exit_status_is_the_programs_own() -> None:
    """Exit code 130 is an exit code, not SIGINT: the run's init reports the wait status."""
    exited = run_sandboxed(["/bin/sh", "-c", "exit 130"], stdin=b"", limits=LIMITS)
    assert (exited.status, exited.exit_code, exited.signal) == (RunStatus.RE, 130, None)
    killed = run_sandboxed(["/bin/sh", "-c", "kill -INT $$"], stdin=b"", limits=LIMITS)
    assert (killed.status, killed.exit_code, killed.signal) == (RunStatus.RE, None, 2)


def test_a_program_that_cannot_be_executed_is_a_system_error() -> None:
    result = run_sandboxed(["/usr/bin/no-such-program"], stdin=b"", limits=LIMITS)
    assert result.status is RunStatus.SE, result
    assert "exec /usr/bin/no-such-program: No such file or directory" in result.message


@pytest.mark.parametrize("step", ["seccomp", "chdir", "exec"])
def test_bubblewrap_failing_in_its_last_steps_is_a_system_error(
    monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """After the cgroup attach, bubblewrap still loads the seccomp filter, changes
    directory and executes the run's init: its failing there is SE, not the program's RE."""
    sandbox = current_sandbox()
    sandbox.ensure_available()
    original = sandbox.bwrap_argv

    def broken(request: Any, work: Path, fds: dict[str, int]) -> list[str]:
        args = original(request, work, fds)
        if step == "seccomp":
            args[args.index("--seccomp") + 1] = str(fds["info"])  # not a filter
        elif step == "chdir":
            args[args.index("--chdir") + 1] = "/no-such-directory"
        else:
            args[args.index(f"/proc/self/fd/{fds['init']}")] = "/proc/self/fd/1023"
        return args

    monkeypatch.setattr(sandbox, "bwrap_argv", broken)
    result = run_sandboxed(["/bin/echo", "ran"], stdin=b"", limits=LIMITS)
    assert result.status is RunStatus.SE, result
    assert "bubblewrap failed before the program started: bwrap: " in result.message, result
    assert result.stdout == b""


@pytest.mark.parametrize("path", ["bwrap", "fastpath"])
def test_time_factor_scales_limits_and_reports_reference_seconds(
    monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """On a host SCALEBOX_TIME_FACTOR times slower, limits stretch by the factor and
    times are reported divided by it: 1.5 s of CPU fits a 1 s limit at factor 3."""
    monkeypatch.setenv("SCALEBOX_TIME_FACTOR", "3")

    def run(code: str) -> RunResult:
        if path == "fastpath":
            return run_python_fast(code.encode(), b"", LIMITS)
        return py(code)

    spin = "import time\nend = time.process_time() + {}\nwhile time.process_time() < end: pass\n"
    fits = run(spin.format(1.5) + "print('done')")
    assert fits.status is RunStatus.OK, fits
    assert fits.stdout == b"done\n"
    assert 0.45 <= fits.cpu_time_s < 1.0, fits
    forever = run("while True: pass")
    assert forever.status is RunStatus.TLE, forever
    assert forever.message == "CPU time exceeded 1s", forever
    assert 1.0 <= forever.cpu_time_s < 1.6, forever


@pytest.mark.parametrize("raw", ["fast", "0", "-2", "nan", "5000"])
def test_time_factor_must_be_a_sensible_number(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SCALEBOX_TIME_FACTOR", raw)
    with pytest.raises(ValueError, match="SCALEBOX_TIME_FACTOR must be"):
        load_config()


def test_a_directory_under_tmp_is_bound_at_its_path_inside() -> None:
    """/tmp inside is the scratch directory: a host directory under /tmp (a cache set
    up there) is bound read-only at a path of its own, and /tmp stays the scratch."""
    host = Path(tempfile.mkdtemp(prefix="scalebox-bind-", dir="/tmp"))
    try:
        os.chmod(host, 0o755)
        (host / "note").write_text("bound\n")
        os.chmod(host / "note", 0o644)
        result = run_sandboxed(
            ["/bin/sh", "-c", "cat /bound/note; echo x > /bound/other; ls -d /tmp/"],
            stdin=b"",
            limits=LIMITS,
            ro_binds=((str(host), "/bound"),),
        )
        assert result.stdout.startswith(b"bound\n/tmp/\n"), result
        assert b"Read-only file system" in result.stderr, result
        assert not (host / "other").exists()
    finally:
        shutil.rmtree(host, ignore_errors=True)


def _harvest_feedback(code: str, destination: Path) -> RunResult:
    request = RunRequest(
        argv=["/usr/bin/python3", "-c", code],
        stdin=b"",
        limits=LIMITS,
        files={"feedback/.keep": b"", "answer": b"secret answer"},
        harvest_to=destination,
        harvest_subdir="feedback",
    )
    return current_sandbox().run(request)


def test_harvesting_one_directory_copies_only_it(tmp_path: Path) -> None:
    code = (
        "import os\nos.makedirs('feedback/deep')\n"
        "open('feedback/deep/state', 'w').write('kept')\nopen('elsewhere', 'w').write('no')\n"
    )
    assert _harvest_feedback(code, tmp_path).status is RunStatus.OK
    found = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert found == ["feedback/.keep", "feedback/deep/state"]
    assert (tmp_path / "feedback/deep/state").read_text() == "kept"


def test_a_harvested_directory_replaced_by_a_link_gives_nothing(tmp_path: Path) -> None:
    # The program swaps the directory for a link to the host's /etc (or its own files):
    # the worker, which harvests as root, must not follow it.
    code = "import os, shutil\nshutil.rmtree('feedback')\nos.symlink('/etc', 'feedback')\n"
    assert _harvest_feedback(code, tmp_path).status is RunStatus.OK
    assert not any(tmp_path.rglob("passwd"))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
