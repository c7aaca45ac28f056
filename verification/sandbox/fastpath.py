"""Fast paths: pre-started zygotes inside the sandbox namespaces, one new process per case.

A zygote lives in the same bubblewrap namespaces, mounts and seccomp filter as a normal
run and runs as its slot's uid; each case gets a fresh process, a cgroup (memory, pids,
CPU accounting, whole-tree kill; on cgroup v1 the slot's own, emptied and reset, on v2 a
new one), the normal path's resource limits and an emptied scratch directory. Verdicts
are decided by the same code as the normal path (launch.supervise_launch).

Two kinds of zygote exist (see zygote_main.py). A Python zygote forks, and the child
runs the case's source in the already started interpreter. A native zygote runs under
the resource limits of its cases and has the slot's program directory bound read-only
at /prog, as a normal run has the program's own directory: before a case the worker
fills it with (hard links to) the compiled program's files, and the zygote vforks and
execs /prog/main from inside the case's cgroup, so the program sees the same paths,
mounts, limits, signal dispositions and /proc/self/exe as under bubblewrap.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import resource
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from verification.harness import TEMPLATE_PATH

from . import scratch as scratch_dir
from .cgroups import RunCgroup
from .config import SandboxConfig
from .launch import (
    Ending,
    Pipes,
    become_subreaper,
    ending_of,
    memfd_with,
    prlimit_argv,
    prlimit_prefix,
    read_available,
    reap_orphan,
    rlimits_for,
    run_result,
    supervise_launch,
    with_scratch,
)
from .limits import (
    Limits,
    RunResult,
    RunStatus,
    SandboxUnavailable,
    in_reference_time,
    scale_times,
    system_error,
)
from .runner import (
    BASE_ENV,
    ISOLATION_FULL,
    PROG,
    SCRATCH,
    RunRequest,
    Sandbox,
    current_sandbox,
    read_info,
    require_reachable,
    run_sandboxed,
)
from .slots import NoFreeSlot, Slot, lease_any, signal_wanted, wanted_recently
from .slots import release as release_slot
from .supervise import Outcome

ZYGOTE_SOURCE = Path(__file__).with_name("zygote_main.py")
# cpu soft, cpu hard, fsize, stack, nofile, nproc, mode, payload length
_REQUEST = struct.Struct("<8q")
_STATUS = struct.Struct("<q")
_DONE = struct.Struct("<2q")
MODE_PYTHON = 0
MODE_SPAWN = 1
# The setup-report pipe (see zygote_main.py): setup complete, or failed and why.
SETUP_READY = b"R"
SETUP_FAILED = b"F"
# After SETUP_READY, from a Python child: the program's source did not compile, and
# Python's report of it (the program never started).
SETUP_UNCOMPILED = b"U"
ZYGOTE_LIMITS = Limits(
    cpu_time_s=1e6,
    wall_time_s=1e6,
    memory_bytes=1 << 40,
    output_bytes=0,
    processes=4096,
    file_size_bytes=1 << 40,
)


def within_zygote_limits(limits: Limits) -> bool:
    """Whether a case's rlimits can be set below a Python zygote's (they can only go down)."""
    return (
        limits.processes + 3 <= ZYGOTE_LIMITS.processes
        and limits.file_size_bytes <= ZYGOTE_LIMITS.file_size_bytes
        and limits.memory_bytes <= ZYGOTE_LIMITS.memory_bytes
    )


RLimits = tuple[tuple[int, tuple[int, int]], ...]


@dataclass(frozen=True)
class ZygoteKind:
    """What a zygote runs: Python sources, or native programs bound at /prog.

    A native zygote runs under the resource limits of its cases (rlimits), which its
    spawned programs inherit; a Python zygote's children set their own.
    """

    native: bool
    extra_ro_paths: tuple[str, ...] = ()
    rlimits: RLimits = ()


PYTHON = ZygoteKind(native=False)


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


def _clear_directory(directory: Path) -> None:
    for entry in os.scandir(directory):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def _link_tree(source: Path, target: Path) -> None:
    """Mirror source into target: hard links where possible (same inode, no copy)."""
    for root, dirs, files in os.walk(source, followlinks=False):
        relative = Path(root).relative_to(source)
        for name in dirs:
            if (Path(root) / name).is_symlink():
                os.symlink(os.readlink(Path(root) / name), target / relative / name)
            else:
                (target / relative / name).mkdir(mode=0o755)
                os.chmod(target / relative / name, os.stat(Path(root) / name).st_mode & 0o7777)
        for name in files:
            origin = Path(root) / name
            destination = target / relative / name
            if origin.is_symlink():
                os.symlink(os.readlink(origin), destination)
                continue
            try:
                os.link(origin, destination)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                    raise
                shutil.copy2(origin, destination)


class _Launcher:
    """Starts zygotes from one long-lived thread of this process.

    bwrap's --die-with-parent (PR_SET_PDEATHSIG) fires when the *thread* that forked it
    exits, and a pooled zygote outlives the thread that first needed it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = -1

    def _serve(self) -> None:
        while True:
            self._jobs.get()()

    def popen(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._jobs = queue.SimpleQueue()
                self._thread = threading.Thread(
                    target=self._serve, name="zygote-launcher", daemon=True
                )
                self._thread.start()
                self._pid = os.getpid()
            jobs = self._jobs
        done = threading.Event()
        started: list[subprocess.Popen[bytes]] = []
        failed: list[BaseException] = []

        def launch() -> None:
            try:
                started.append(subprocess.Popen(argv, **kwargs))
            except BaseException as exc:
                failed.append(exc)
            finally:
                done.set()

        jobs.put(launch)
        done.wait()
        if failed:
            raise failed[0]
        return started[0]


_launcher = _Launcher()


@dataclass(frozen=True)
class _Case:
    mode: int
    fds: tuple[int, ...]  # passed before the setup report, stdin, stdout and stderr
    payload: bytes
    rlimits: Mapping[int, tuple[int, int]] | None = None


class Zygote:
    def __init__(self, sandbox: Sandbox, kind: ZygoteKind) -> None:
        self.sandbox = sandbox
        self.kind = kind
        config = sandbox.config
        assert sandbox.cgroups is not None
        self.cgroups = sandbox.cgroups
        # Held for the zygote's lifetime: its uid, cgroups and directories are the slot's.
        self.lock_fd, self.slot = self._lease(config)
        self.uid = self.slot.uid
        self.work = config.scratch_root / self.slot.name
        self.program_dir: Path | None = None
        self.installed: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.zygote_pid = -1
        self.zygote_group: RunCgroup | None = None
        self.case_group: RunCgroup | None = None
        self.control: socket.socket | None = None
        self.retired = False
        try:
            if kind.native:
                self.program_dir = config.cache_dir / "fastpath" / self.slot.name
                self.program_dir.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
                os.chmod(self.program_dir.parent, 0o755)
                require_reachable(self.program_dir.parent)
                shutil.rmtree(self.program_dir, ignore_errors=True)
                self.program_dir.mkdir(mode=0o755)
                os.chmod(self.program_dir, 0o755)
            scratch_dir.make_fresh(self.work, self.uid)
            self.zygote_group = self.cgroups.create(self.slot.name)
            self.zygote_group.apply_limits(memory_bytes=256 << 20, processes=4096)
            self._start()
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _lease(config: SandboxConfig) -> tuple[int, Slot]:
        """A slot of the host's (the same lock files the normal path leases from)."""
        return lease_any(config.slot_lock_dir, config.slots, config.uid_base)

    def _start(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = RunRequest(
            argv=["/usr/bin/python3", "-I", "-S", "/zygote.py", str(child.fileno())]
            + ([] if self.kind.native else ["python"]),
            stdin=b"",
            limits=ZYGOTE_LIMITS,
            program_dir=self.program_dir,
            extra_ro_paths=self.kind.extra_ro_paths,
        )
        info_r, info_w = os.pipe2(os.O_CLOEXEC)
        block_r, block_w = os.pipe2(os.O_CLOEXEC)
        seccomp_fd = memfd_with(self.sandbox.seccomp_filter, "seccomp")
        argv = self.sandbox.bwrap_argv(
            request, self.work, {"info": info_w, "block": block_r, "seccomp": seccomp_fd}
        )
        mounts_done = argv.index("--remount-ro")
        argv[mounts_done:mounts_done] = [
            "--as-pid-1",
            "--ro-bind",
            str(ZYGOTE_SOURCE),
            "/zygote.py",
        ]
        if not self.kind.native:
            # The function-call and assert harness is one program for every submission:
            # a Python zygote compiles it once, not every case.
            argv[mounts_done:mounts_done] = ["--ro-bind", str(TEMPLATE_PATH), "/harness.py"]
        if self.kind.native:
            prlimit = prlimit_argv(self.kind.rlimits)
        else:
            prlimit = prlimit_prefix(ZYGOTE_LIMITS)
        self.proc = _launcher.popen(
            prlimit + argv,
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
        init_pid = read_info(info_r, timeout_s=10.0 * self.sandbox.config.time_factor)
        os.close(info_r)
        if init_pid is None:
            raise SandboxUnavailable("zygote sandbox did not start")
        self.zygote_pid = init_pid
        assert self.zygote_group is not None
        self.zygote_group.attach(init_pid)
        os.write(block_w, b"x")
        os.close(block_w)
        os.close(block_r)
        self.control = parent
        if _recv_exact(parent, 1) != b"R":
            raise SandboxUnavailable("zygote did not report ready")

    def close(self) -> None:
        if self.control is not None:
            with contextlib.suppress(OSError):
                self.control.close()
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            self.proc.wait()
        if self.zygote_pid > 0:
            reap_orphan(self.zygote_pid)
        for group in (self.case_group, self.zygote_group):
            if group is not None:
                group.kill_all()
                with contextlib.suppress(OSError):
                    group.remove()
        scratch_dir.remove(self.work)
        if self.program_dir is not None:
            shutil.rmtree(self.program_dir, ignore_errors=True)
        release_slot(self.lock_fd)

    def alive(self) -> bool:
        return not self.retired and self.proc is not None and self.proc.poll() is None

    def _empty_scratch(self) -> None:
        for entry in os.listdir(self.work):
            path = self.work / entry
            if path.is_dir() and not path.is_symlink():
                scratch_dir.remove(path)
            else:
                path.unlink()

    def _install(self, program: Path) -> None:
        """Make program's directory what the zygote's children see at /prog."""
        assert self.program_dir is not None
        if self.installed == program:
            return
        self.installed = None
        _clear_directory(self.program_dir)
        _link_tree(program, self.program_dir)
        self.installed = program

    def run_python(
        self,
        source: bytes,
        stdin: bytes,
        limits: Limits,
        files: Mapping[str, bytes] | None,
        fetch_files: Sequence[str] | None,
        *,
        rlimits: Mapping[int, tuple[int, int]] | None = None,
    ) -> RunResult:
        """rlimits: resource limits the child sets instead of the normal path's for limits
        (tests give it one it cannot set, a real setup failure)."""
        source_fd = memfd_with(source, "source")
        case = _Case(mode=MODE_PYTHON, fds=(source_fd,), payload=b"", rlimits=rlimits)
        try:
            return self._run(case, stdin, limits, files, fetch_files)
        finally:
            os.close(source_fd)

    def run_native(
        self,
        program: Path,
        argv: Sequence[str],
        stdin: bytes,
        limits: Limits,
        *,
        env: Mapping[str, str],
        files: Mapping[str, bytes] | None,
        fetch_files: Sequence[str] | None,
    ) -> RunResult:
        self._install(program)
        # bubblewrap's --chdir sets PWD after the --setenv variables.
        environment = {**BASE_ENV, **env, "PWD": SCRATCH}
        payload = json.dumps({"argv": list(argv), "env": environment}).encode()
        # The program's resource limits are the zygote's own (kind.rlimits).
        case = _Case(mode=MODE_SPAWN, fds=(), payload=payload)
        return self._run(case, stdin, limits, files, fetch_files)

    def _run(
        self,
        case: _Case,
        stdin: bytes,
        limits: Limits,
        files: Mapping[str, bytes] | None,
        fetch_files: Sequence[str] | None,
    ) -> RunResult:
        # The scratch directory was emptied after the previous case (or made at start).
        scratch_dir.write_files(self.work, files or {}, self.uid)
        # A spawning zygote is in the case's cgroup while it starts the program.
        spawner = 1 if case.mode == MODE_SPAWN else 0
        group = self._case_group(replace(limits, processes=limits.processes + spawner))
        started = time.monotonic()
        try:
            try:
                result = self._run_case(case, stdin, limits, group)
            except (OSError, ConnectionError):
                if not (spawner and self._lost_to_oom(group)):
                    raise
                # Judged as the program's own death to the OOM killer would be (MLE).
                lost = Outcome(wall_time_s=time.monotonic() - started)
                killed = Ending(exit_code=None, signal=signal.SIGKILL)
                result = run_result(
                    lost, killed, limits=limits, group=group, isolation=ISOLATION_FULL
                )
            return with_scratch(result, self.work, limits=limits, fetch_files=fetch_files)
        finally:
            group.kill_all()
            if group is not self.case_group:
                group.remove()
            self._empty_scratch()

    def _lost_to_oom(self, group: RunCgroup) -> bool:
        """Whether the zygote died to the case's OOM killer while it spawned the program.

        (The program hit its memory limit at once and the kernel chose the zygote; its
        namespaces, and so the program, died with it.)
        """
        if self.proc is None or not group.oom_killed():
            return False
        try:
            self.proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return False
        self.retired = True
        return True

    def _case_group(self, limits: Limits) -> RunCgroup:
        """The case's cgroup: the slot's own, emptied and reset, or a fresh one per case."""
        if self.case_group is not None:
            self.case_group.reset(memory_bytes=limits.memory_bytes, processes=limits.processes)
            return self.case_group
        group = self.cgroups.create(f"{self.slot.name}-case")
        group.apply_limits(memory_bytes=limits.memory_bytes, processes=limits.processes)
        if group.reusable:
            self.case_group = group
        return group

    def _run_case(self, case: _Case, stdin: bytes, limits: Limits, group: RunCgroup) -> RunResult:
        # The normal path's limits (a Python child sets them; a native zygote has them).
        rlimits = dict(rlimits_for(limits, unsafe=False))
        rlimits.update(case.rlimits or {})
        request = _REQUEST.pack(
            *rlimits[resource.RLIMIT_CPU],
            rlimits[resource.RLIMIT_FSIZE][0],
            rlimits[resource.RLIMIT_STACK][0],
            rlimits[resource.RLIMIT_NOFILE][0],
            rlimits[resource.RLIMIT_NPROC][0],
            case.mode,
            len(case.payload),
        )
        pidfd = -1
        with Pipes(stdin) as pipes:
            # Only whoever sets the case up can write the report (zygote_main.py): never
            # the program.
            handed = [pipes.report_w, pipes.stdin, pipes.stdout_w, pipes.stderr_w]
            try:
                started = time.monotonic()
                assert self.control is not None
                if case.mode == MODE_SPAWN:
                    # The zygote spawns from inside the case's cgroup, so the program starts
                    # in it (pids.max counts the zygote there too); then it moves back out.
                    assert self.zygote_group is not None
                    _join_case_group(group, self.zygote_pid)
                    socket.send_fds(self.control, [request], handed)
                    self.control.sendall(case.payload)
                    ns_pid = _STATUS.unpack(_recv_exact(self.control, _STATUS.size))[0]
                    self.zygote_group.attach(self.zygote_pid)
                    group.limit_processes(limits.processes)
                    pidfd = os.pidfd_open(_host_pid_of(self.zygote_pid, ns_pid))
                else:
                    socket.send_fds(self.control, [request], [*case.fds, *handed])
                    ns_pid = _STATUS.unpack(_recv_exact(self.control, _STATUS.size))[0]
                    host_pid = _host_pid_of(self.zygote_pid, ns_pid)
                    _join_case_group(group, host_pid)
                    pidfd = os.pidfd_open(host_pid)
                    self.control.sendall(b"G")
                pipes.handed_over()
                job = "python" if case.mode == MODE_PYTHON else "native"
                launched = _ZygoteCase(self, group, job=job, report_r=pipes.report_r)
                return supervise_launch(
                    launched, pipes, pidfd=pidfd, limits=limits, group=group, started=started
                )
            finally:
                if pidfd >= 0:
                    os.close(pidfd)


class _ZygoteCase:
    """A case a zygote started: the zygote waits for it, and whoever set it up (the
    Python child, or the zygote for a native program) reported on the case's pipe."""

    isolation = ISOLATION_FULL

    def __init__(self, zygote: Zygote, group: RunCgroup, *, job: str, report_r: int) -> None:
        self.zygote = zygote
        self.group = group
        self.job = job
        self.report_r = report_r

    def kill(self) -> None:
        self.group.kill_all()

    def end(self, outcome: Outcome) -> Ending:
        self.group.kill_all()
        control = self.zygote.control
        assert control is not None
        control.sendall(b"D")
        status, retire = _DONE.unpack(_recv_exact(control, _DONE.size))
        if retire:
            # Namespaces it could not clean, or near its own CPU limit: replace it.
            self.zygote.retired = True
        # Every writer is gone now (the case's setter-up exited or closed it).
        report = read_available(self.report_r, 4096)
        if report.startswith(SETUP_FAILED):
            detail = report[len(SETUP_FAILED) :].decode(errors="replace")
            return Ending(None, None, setup_failure=f"{self.job} case setup failed: {detail}")
        ending = ending_of(status, setup_complete=report.startswith(SETUP_READY))
        if report.startswith(SETUP_READY + SETUP_UNCOMPILED):
            uncompiled = report[len(SETUP_READY + SETUP_UNCOMPILED) :].decode(errors="replace")
            ending = replace(ending, uncompiled=uncompiled or "the program does not compile")
        return ending

    def died_in_setup(self, outcome: Outcome, message: str) -> str:
        return f"{self.job} case setup failed: died before it was complete ({message})"


def _join_case_group(group: RunCgroup, pid: int) -> None:
    try:
        group.attach(pid)
    except OSError as exc:
        raise OSError(f"case setup failed: join the case's cgroup: {exc}") from exc


class ZygotePool:
    """This process's idle zygotes, each holding a slot of the host.

    Slots are the host's, shared by every ScaleBox process on it, so an idle zygote must
    not keep one from who needs it: at most a quarter of the slots stay idle in one
    process; a zygote idle for IDLE_S is closed; and all idle zygotes are closed at once
    when another process (or this one) waits for a slot (slots.wanted_recently), which a
    thread of the pool looks at every WATCH_S while it holds any.
    """

    IDLE_S = 20.0
    WATCH_S = 0.2

    def __init__(self) -> None:
        self._idle: list[tuple[Zygote, float]] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._watcher: threading.Thread | None = None

    def acquire(self, sandbox: Sandbox, kind: ZygoteKind) -> Zygote:
        stale: list[Zygote] = []
        found: Zygote | None = None
        with self._lock:
            self._forget_parents()
            for entry in reversed(self._idle):
                zygote = entry[0]
                if zygote.sandbox is sandbox and zygote.kind == kind:
                    self._idle.remove(entry)
                    if zygote.alive():
                        found = zygote
                        break
                    stale.append(zygote)
        for zygote in stale:
            zygote.close()
        if found is not None:
            return found
        try:
            return Zygote(sandbox, kind)
        except NoFreeSlot:
            # Every slot is held: idle zygotes of other kinds give theirs back, and other
            # processes are asked for theirs.
            signal_wanted(sandbox.config.slot_lock_dir, sandbox.config.uid_base)
            self.close_all()
            return Zygote(sandbox, kind)

    def release(self, zygote: Zygote) -> None:
        keep = max(1, zygote.sandbox.config.slots // 4)
        with self._lock:
            self._forget_parents()
            self._idle.append((zygote, time.monotonic()))
            evicted, self._idle = self._idle[:-keep], self._idle[-keep:]
            if self._watcher is None:
                self._watcher = threading.Thread(
                    target=self._watch, name="zygote-pool-watch", daemon=True
                )
                self._watcher.start()
        for stale, _ in evicted:
            stale.close()

    def _forget_parents(self) -> None:
        """In a forked worker process, the zygotes (and their slots) are its parent's."""
        if self._pid != os.getpid():
            self._idle, self._pid, self._watcher = [], os.getpid(), None

    def _watch(self) -> None:
        while True:
            time.sleep(self.WATCH_S)
            with self._lock:
                if self._pid != os.getpid():
                    return
                idle = list(self._idle)
            if not idle:
                continue
            ranges = {
                (zygote.sandbox.config.slot_lock_dir, zygote.sandbox.config.uid_base)
                for zygote, _ in idle
            }
            if any(wanted_recently(lock_dir, uid_base) for lock_dir, uid_base in ranges):
                self.close_all()
                continue
            self.close_idle_since(time.monotonic() - self.IDLE_S)

    def close_idle_since(self, moment: float) -> None:
        """Close the zygotes idle since before ``moment`` (time.monotonic())."""
        with self._lock:
            old = [entry for entry in self._idle if entry[1] < moment]
            self._idle = [entry for entry in self._idle if entry[1] >= moment]
        for zygote, _ in old:
            zygote.close()

    def close_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for zygote, _ in idle:
            zygote.close()

    def idle_count(self) -> int:
        with self._lock:
            return len(self._idle)

    def pids(self) -> set[int]:
        with self._lock:
            return {
                pid
                for z, _ in self._idle
                if z.proc is not None
                for pid in (z.proc.pid, z.zygote_pid)
            }


_pool = ZygotePool()


def _run_on_zygote(
    sandbox: Sandbox, kind: ZygoteKind, job: str, run: Callable[[Zygote], RunResult]
) -> RunResult | None:
    """Run a case on a pooled zygote; None when no zygote can be had."""
    become_subreaper()
    try:
        zygote = _pool.acquire(sandbox, kind)
    except SandboxUnavailable:
        # No free slot, or the zygote's sandbox would not start: the normal path decides.
        return None
    broken = False
    try:
        return run(zygote)
    except (OSError, ConnectionError, ProcessLookupError) as exc:
        broken = True
        return system_error(f"{job} fast path failed: {exc}", isolation=ISOLATION_FULL)
    finally:
        if broken or not zygote.alive():
            zygote.close()
        else:
            _pool.release(zygote)


def run_python_fast(
    source: bytes,
    stdin: bytes,
    limits: Limits,
    *,
    files: dict[str, bytes] | None = None,
    fetch_files: list[str] | None = None,
    unchecked: bool = False,
) -> RunResult:
    """Run a Python program through a pre-forked interpreter, with the normal path's verdicts.

    A source that does not compile ends with Python's report in stderr and in
    ``uncompiled``, status RE and exit code 1 (``unchecked``: the caller has not checked
    it; without a pre-forked interpreter it is then checked on its own first)."""
    sandbox = current_sandbox()
    sandbox.ensure_available()
    if not sandbox.unsafe and within_zygote_limits(limits):
        factor = sandbox.config.time_factor
        scaled = scale_times(limits, factor)
        result = _run_on_zygote(
            sandbox,
            PYTHON,
            "python",
            lambda zygote: zygote.run_python(source, stdin, scaled, files, fetch_files),
        )
        if result is not None:
            return in_reference_time(result, limits, factor)
    # The Python executor runs its programs through this module, so its fallback is
    # imported when a host has no pre-forked interpreter to offer.
    from verification.executors import Program  # noqa: PLC0415
    from verification.executors.python import on_disk, syntax_report  # noqa: PLC0415

    report = syntax_report(source) if unchecked else ""
    if report:
        return RunResult(
            status=RunStatus.RE,
            exit_code=1,
            signal=None,
            cpu_time_s=0.0,
            wall_time_s=0.0,
            memory_kb=0,
            output=b"",
            stderr=report.encode(),
            isolation=ISOLATION_FULL,
            message="the source does not compile",
            uncompiled=report,
        )
    # The base class's run: bubblewrap per run (or the unsafe development mode).
    program = on_disk(source)
    return Program.run(program, stdin, limits, files=files, fetch_files=fetch_files)


def run_native_fast(
    program_dir: Path,
    argv: Sequence[str],
    stdin: bytes,
    limits: Limits,
    *,
    env: Mapping[str, str] | None = None,
    extra_ro_paths: Sequence[str] = (),
    files: Mapping[str, bytes] | None = None,
    fetch_files: Sequence[str] | None = None,
) -> RunResult:
    """Run a compiled program (argv[0] under /prog, program_dir bound there) via a zygote.

    Same mounts, namespaces, seccomp filter, uid, rlimits, cgroup limits, scratch and
    verdicts as run_sandboxed with the same arguments.
    """
    if not argv or not argv[0].startswith(PROG + "/"):
        raise ValueError(f"a native program runs from {PROG}/, not {argv[:1]}")
    sandbox = current_sandbox()
    sandbox.ensure_available()
    if not sandbox.unsafe:
        factor = sandbox.config.time_factor
        scaled = scale_times(limits, factor)
        kind = ZygoteKind(
            native=True,
            extra_ro_paths=tuple(extra_ro_paths),
            rlimits=tuple(rlimits_for(scaled, unsafe=False)),
        )
        result = _run_on_zygote(
            sandbox,
            kind,
            "native",
            lambda zygote: zygote.run_native(
                program_dir,
                argv,
                stdin,
                scaled,
                env=env or {},
                files=files,
                fetch_files=fetch_files,
            ),
        )
        if result is not None:
            return in_reference_time(result, limits, factor)
    return run_sandboxed(
        argv,
        stdin=stdin,
        limits=limits,
        program_dir=program_dir,
        files=files,
        fetch_files=fetch_files,
        env=env,
        extra_ro_paths=extra_ro_paths,
    )


def zygote_pids() -> set[int]:
    """Host pids of the idle zygotes (their bwrap monitor and interpreter)."""
    return _pool.pids()


def close_zygotes() -> None:
    _pool.close_all()


__all__ = [
    "BASE_ENV",
    "SCRATCH",
    "close_zygotes",
    "run_native_fast",
    "run_python_fast",
    "zygote_pids",
]
