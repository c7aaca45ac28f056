"""The Python fast path: one pre-forked interpreter (zygote) per slot, a fork per case.

The zygote lives in the same bubblewrap namespaces, mounts and seccomp filter as a
normal run and runs as the slot's uid; each case gets a fresh child with its own cgroup
(memory, pids, CPU accounting, whole-tree kill), its own limits, and an emptied scratch
directory. Verdicts are decided by the same code as the normal path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import struct
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

from . import scratch as scratch_dir
from .cgroups import RunCgroup
from .limits import Limits, RunResult, RunStatus, SandboxUnavailable, system_error
from .runner import (
    BASE_ENV,
    ISOLATION_FULL,
    SCRATCH,
    RunRequest,
    Sandbox,
    _become_subreaper,
    _memfd_with,
    _prlimit_prefix,
    _read_only_stdin,
    _reap_orphan,
    current_sandbox,
)
from .supervise import collect, decide

ZYGOTE_SOURCE = Path(__file__).with_name("zygote_main.py")
_REQUEST = struct.Struct("<8q")
_STATUS = struct.Struct("<q")
ZYGOTE_LIMITS = Limits(
    cpu_time_s=1e6, wall_time_s=1e6, memory_bytes=1 << 40, output_bytes=0, processes=4096
)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("zygote closed its control socket")
        data += chunk
    return data


def _host_pid_of(zygote_pid: int, ns_pid: int) -> int:
    with open(f"/proc/{zygote_pid}/task/{zygote_pid}/children") as handle:
        children = [int(x) for x in handle.read().split()]
    for pid in children:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("NSpid:") and int(line.split()[-1]) == ns_pid:
                    return pid
    raise ProcessLookupError(f"zygote child {ns_pid} not found")


class Zygote:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        config = sandbox.config
        self.lock_fd, self.slot_index = self._lease(config.slot_lock_dir, config.slots)
        self.uid = config.uid_base + self.slot_index
        self.work = config.scratch_root / f"slot-{self.slot_index}"
        scratch_dir.make_fresh(self.work, self.uid)
        assert sandbox.cgroups is not None
        self.cgroups = sandbox.cgroups
        self.zygote_group = self.cgroups.create(f"uid-{self.uid}")
        self.zygote_group.apply_limits(memory_bytes=256 << 20, processes=4096)
        self._start()

    @staticmethod
    def _lease(lock_dir: Path, count: int) -> tuple[int, int]:
        lock_dir.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            fd = os.open(lock_dir / f"slot-{index}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd, index
            except BlockingIOError:
                os.close(fd)
        raise SandboxUnavailable("no free slot for a Python zygote")

    def _start(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = RunRequest(
            argv=["/usr/bin/python3", "-I", "-S", "/zygote.py", str(child.fileno())],
            stdin=b"",
            limits=ZYGOTE_LIMITS,
        )
        info_r, info_w = os.pipe2(os.O_CLOEXEC)
        block_r, block_w = os.pipe2(os.O_CLOEXEC)
        seccomp_fd = _memfd_with(self.sandbox.seccomp_filter, "seccomp")
        argv = self.sandbox._bwrap_argv(
            request, self.work, {"info": info_w, "block": block_r, "seccomp": seccomp_fd}
        )
        mounts_done = argv.index("--remount-ro")
        argv[mounts_done:mounts_done] = [
            "--as-pid-1",
            "--ro-bind",
            str(ZYGOTE_SOURCE),
            "/zygote.py",
        ]
        self.proc = subprocess.Popen(
            _prlimit_prefix(ZYGOTE_LIMITS) + argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(info_w, block_r, seccomp_fd, child.fileno()),
            env={},
            user=self.uid,
            group=self.uid,
            extra_groups=[],
            start_new_session=True,
            close_fds=True,
        )
        for fd in (info_w, seccomp_fd):
            os.close(fd)
        child.close()
        from .runner import _read_info

        init_pid = _read_info(info_r, timeout_s=10.0)
        os.close(info_r)
        if init_pid is None:
            raise SandboxUnavailable("zygote sandbox did not start")
        self.zygote_pid = init_pid
        self.zygote_group.attach(init_pid)
        os.write(block_w, b"x")
        os.close(block_w)
        os.close(block_r)
        self.control = parent
        if _recv_exact(parent, 1) != b"R":
            raise SandboxUnavailable("zygote did not report ready")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.control.close()
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()
        _reap_orphan(self.zygote_pid)
        self.zygote_group.kill_all()
        with contextlib.suppress(OSError):
            self.zygote_group.remove()
        scratch_dir.remove(self.work)
        os.close(self.lock_fd)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _empty_scratch(self) -> None:
        for entry in os.listdir(self.work):
            path = self.work / entry
            if path.is_dir() and not path.is_symlink():
                scratch_dir.remove(path)
            else:
                path.unlink()

    def run(
        self,
        source: bytes,
        stdin: bytes,
        limits: Limits,
        files: dict[str, bytes] | None,
        fetch_files: list[str] | None,
    ) -> RunResult:
        self._empty_scratch()
        scratch_dir.write_files(self.work, files or {}, self.uid)
        group = self.cgroups.create(f"uid-{self.uid}-case")
        try:
            group.apply_limits(memory_bytes=limits.memory_bytes, processes=limits.processes)
            result = self._run_case(source, stdin, limits, group)
            if (
                result.status is RunStatus.RE
                and scratch_dir.largest_file(self.work) >= limits.file_size_bytes
            ):
                result.status = RunStatus.OLE
                result.message = f"file size exceeded {limits.file_size_bytes} bytes"
            if fetch_files and result.status is not RunStatus.SE:
                result.files = scratch_dir.read_files(self.work, fetch_files, 64 << 20)
            return result
        finally:
            group.kill_all()
            group.remove()
            self._empty_scratch()

    def _run_case(self, source: bytes, stdin: bytes, limits: Limits, group: RunCgroup) -> RunResult:
        source_fd = _memfd_with(source, "source")
        stdin_fd = _read_only_stdin(stdin)
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        err_r, err_w = os.pipe2(os.O_CLOEXEC)
        cpu = int(limits.cpu_time_s) + 2
        request = _REQUEST.pack(
            cpu, limits.file_size_bytes, limits.memory_bytes, 1024, limits.processes + 3, 0, 0, 0
        )
        pidfd = -1
        try:
            started = time.monotonic()
            socket.send_fds(self.control, [request], [source_fd, stdin_fd, out_w, err_w])
            for fd in (source_fd, stdin_fd, out_w, err_w):
                os.close(fd)
            source_fd = stdin_fd = out_w = err_w = -1
            ns_pid = _STATUS.unpack(_recv_exact(self.control, _STATUS.size))[0]
            host_pid = _host_pid_of(self.zygote_pid, ns_pid)
            group.attach(host_pid)
            pidfd = os.pidfd_open(host_pid)
            self.control.sendall(b"G")
            outcome = collect(
                pidfd=pidfd,
                stdout_fd=out_r,
                stderr_fd=err_r,
                limits=limits,
                group=group,
                kill=group.kill_all,
                started=started,
            )
            group.kill_all()
            self.control.sendall(b"D")
            status = _STATUS.unpack(_recv_exact(self.control, _STATUS.size))[0]
        finally:
            for fd in (source_fd, stdin_fd, out_w, err_w, out_r, err_r, pidfd):
                if fd >= 0:
                    os.close(fd)
        code = os.waitstatus_to_exitcode(status)
        exit_code, signal_number = (code, None) if code >= 0 else (None, -code)
        cpu_used = group.cpu_time_s()
        verdict, message = decide(
            outcome=outcome,
            exit_code=exit_code,
            signal_number=signal_number,
            cpu_time_s=cpu_used,
            oom_killed=group.oom_killed(),
            limits=limits,
        )
        return RunResult(
            status=verdict,
            exit_code=exit_code,
            signal=signal_number,
            cpu_time_s=cpu_used,
            wall_time_s=outcome.wall_time_s,
            memory_kb=group.peak_memory_bytes() // 1024,
            stdout=bytes(outcome.stdout[: limits.output_bytes]),
            stderr=bytes(outcome.stderr),
            isolation=ISOLATION_FULL,
            message=message,
        )


class ZygotePool:
    def __init__(self) -> None:
        self._idle: list[Zygote] = []
        self._lock = threading.Lock()

    def acquire(self, sandbox: Sandbox) -> Zygote:
        with self._lock:
            while self._idle:
                zygote = self._idle.pop()
                if zygote.alive() and zygote.sandbox is sandbox:
                    return zygote
                zygote.close()
        return Zygote(sandbox)

    def release(self, zygote: Zygote) -> None:
        with self._lock:
            self._idle.append(zygote)

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for zygote in idle:
            zygote.close()


_pool = ZygotePool()


def run_python_fast(
    source: bytes,
    stdin: bytes,
    limits: Limits,
    *,
    files: dict[str, bytes] | None = None,
    fetch_files: list[str] | None = None,
) -> RunResult:
    """Run a Python program through a pre-forked interpreter, with the normal path's verdicts."""
    sandbox = current_sandbox()
    sandbox.ensure_available()
    if sandbox.unsafe:
        from verification.executors import executor_for

        return (
            executor_for("python")
            .compile(source)
            .run(stdin, limits, files=files, fetch_files=fetch_files)
        )
    _become_subreaper()
    zygote = _pool.acquire(sandbox)
    broken = False
    try:
        return zygote.run(source, stdin, replace(limits), files, fetch_files)
    except (OSError, ConnectionError, ProcessLookupError) as exc:
        broken = True
        return system_error(f"python fast path failed: {exc}", isolation=ISOLATION_FULL)
    finally:
        if broken or not zygote.alive():
            zygote.close()
        else:
            _pool.release(zygote)


def zygote_pids() -> set[int]:
    """Host pids of the idle zygotes (their bwrap monitor and interpreter)."""
    with _pool._lock:
        return {pid for z in _pool._idle for pid in (z.proc.pid, z.zygote_pid)}


def close_zygotes() -> None:
    _pool.close_all()


__all__ = ["BASE_ENV", "SCRATCH", "close_zygotes", "run_python_fast", "zygote_pids"]
