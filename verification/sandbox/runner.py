"""Running one program in the sandbox: bubblewrap namespaces, a slot uid, cgroup limits.

bubblewrap starts ScaleBox's init (init.c, see pid1.py) as the run's PID 1 in place of
its own: it reports over a pipe only the worker holds that bubblewrap's setup is complete
(so bubblewrap failing in its last steps is SE, not the program's RE) and the program's
exact wait status, and keeps itself out of the program's reach.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import os
import resource
import select
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import scratch as scratch_dir
from .cgroups import CgroupFactory, RunCgroup
from .config import SandboxConfig, load_config
from .launch import (
    Connection,
    Ending,
    Pipes,
    become_subreaper,
    ending_of,
    memfd_with,
    prlimit_prefix,
    read_available,
    reap_orphan,
    rlimits_for,
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
from .pid1 import init_binary, parse_report
from .seccomp import SeccompUnsupported, filter_program
from .slots import Slot, lease_slot, prepare_lock_dir
from .supervise import Outcome

SCRATCH = "/box"
PROG = "/prog"
ISOLATION_FULL = "full"
ISOLATION_UNSAFE = "unsafe-none"

BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": SCRATCH,
    "LANG": "C.UTF-8",
    "TMPDIR": SCRATCH,
}

# Read-only system paths a runtime may need; everything else of the host stays unseen.
SYSTEM_RO_PATHS = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/alternatives",
    "/etc/localtime",
    "/etc/java-17-openjdk",
)

# rt_sigaction's number, for the C library's own signals (glibc's 32 and 33), which
# signal.signal refuses to set; None where it is not known.
RT_SIGACTION = {"x86_64": 13, "aarch64": 134}.get(os.uname().machine)
_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class RunRequest:
    argv: Sequence[str]
    stdin: bytes
    limits: Limits
    program_dir: Path | None = None
    files: Mapping[str, bytes] = field(default_factory=dict)
    fetch_files: Sequence[str] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    extra_ro_paths: Sequence[str] = ()
    harvest_to: Path | None = None
    # Only this directory (one name, in the scratch directory) is harvested, when given.
    harvest_subdir: str = ""
    # (host path, path inside) bound read-only where the host path may not be: it may lie
    # under /tmp, which inside is the scratch directory.
    ro_binds: Sequence[tuple[str, str]] = ()
    # Pipe ends for stdin and stdout instead of ``stdin`` and a collected stdout (an
    # interactive run, see interact.py); the run owns them and closes what it leaves.
    connection: Connection | None = None


def _root_layout() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), f"/{name}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), f"/{name}"]
    return args


def read_info(fd: int, timeout_s: float) -> int | None:
    """The host pid of the namespace's init, from bwrap's --info-fd JSON."""
    buffer = b""
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
        with contextlib.suppress(ValueError):
            pid = json.loads(buffer).get("child-pid")
            if isinstance(pid, int):
                return pid
    return None


class Sandbox:
    """One configuration's sandbox: checks isolation once, then runs requests."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.unsafe = config.unsafe_no_isolation
        self.cgroups: CgroupFactory | None = None
        self.seccomp_filter = b""
        self.init_binary: Path | None = None
        self._checked = False
        self._check_lock = threading.Lock()
        self._unavailable: str | None = None

    @property
    def isolation(self) -> str:
        return ISOLATION_UNSAFE if self.unsafe else ISOLATION_FULL

    # -- availability ---------------------------------------------------------------

    def ensure_available(self) -> None:
        with self._check_lock:
            if not self._checked:
                self._unavailable = self._find_problem()
                self._checked = True
        if self._unavailable is not None:
            raise SandboxUnavailable(self._unavailable)

    def _find_problem(self) -> str | None:
        try:
            prepare_lock_dir(self.config.slot_lock_dir)
        except SandboxUnavailable as exc:
            return str(exc)
        if self.unsafe:
            with contextlib.suppress(SandboxUnavailable, OSError):
                if os.geteuid() == 0:
                    self.cgroups = CgroupFactory()
            return None
        if os.geteuid() != 0:
            return (
                "full isolation needs root (per-slot uids and cgroups); "
                "set SCALEBOX_UNSAFE_NO_ISOLATION=true for development only"
            )
        if not (os.path.isfile(self.config.bwrap) and os.access(self.config.bwrap, os.X_OK)):
            return f"bubblewrap not found at {self.config.bwrap} (apt-get install bubblewrap)"
        try:
            self.cgroups = CgroupFactory()
        except (SandboxUnavailable, OSError) as exc:
            return f"cgroups unavailable: {exc}"
        try:
            become_subreaper()
        except OSError as exc:
            return f"cannot become a child subreaper: {exc}"
        try:
            self.seccomp_filter = filter_program()
        except SeccompUnsupported as exc:
            return str(exc)
        try:
            self.init_binary = init_binary(self.config.cache_dir)
        except (SandboxUnavailable, OSError) as exc:
            return str(exc)
        probe = self._run(
            RunRequest(
                argv=["/usr/bin/true"],
                stdin=b"",
                limits=Limits(
                    cpu_time_s=5, wall_time_s=10, memory_bytes=64 << 20, output_bytes=1024
                ),
            )
        )
        if probe.status is not RunStatus.OK:
            detail = (probe.message + " " + probe.stderr.decode(errors="replace")).strip()
            return f"sandbox self-check failed: {probe.status.value} {detail}"
        return None

    # -- running ----------------------------------------------------------------------

    def run(self, request: RunRequest, slot: Slot | None = None) -> RunResult:
        """Run ``request`` in a slot leased for it, or in ``slot`` (already leased by
        the caller, see ``slots.lease_pair``)."""
        try:
            self.ensure_available()
            if request.program_dir is not None and not self.unsafe:
                require_reachable(request.program_dir)
            factor = self.config.time_factor
            if factor == 1.0:
                return self._run(request, slot)
            scaled = dataclasses.replace(request, limits=scale_times(request.limits, factor))
            return in_reference_time(self._run(scaled, slot), request.limits, factor)
        finally:
            if request.connection is not None:
                request.connection.close()  # the ends its launch did not take

    def _run(self, request: RunRequest, slot: Slot | None = None) -> RunResult:
        started = time.monotonic()
        cfg = self.config
        try:
            if slot is not None:
                return self._run_in_slot(request, slot)
            with lease_slot(cfg.slot_lock_dir, cfg.slots, cfg.uid_base) as leased:
                return self._run_in_slot(request, leased)
        except scratch_dir.BadFileName:
            raise
        except SandboxUnavailable:
            raise
        except Exception as exc:  # the sandbox failed, not the program
            return system_error(
                f"sandbox failure: {type(exc).__name__}: {exc}",
                isolation=self.isolation,
                wall_time_s=time.monotonic() - started,
            )

    def _run_in_slot(self, request: RunRequest, slot: Slot) -> RunResult:
        work = self.config.scratch_root / slot.name
        uid = slot.uid if not self.unsafe or os.geteuid() == 0 else os.geteuid()
        scratch_dir.make_fresh(work, uid)
        group: RunCgroup | None = None
        try:
            scratch_dir.write_files(work, request.files, uid)
            if self.cgroups is not None:
                group = self.cgroups.create(slot.name)
                group.apply_limits(
                    memory_bytes=request.limits.memory_bytes,
                    processes=request.limits.processes + 1,
                )
            if self.unsafe:
                result = self._launch_unsafe(request, work, group)
            else:
                result = self._launch_bwrap(request, work, slot, group)
            result = with_scratch(
                result, work, limits=request.limits, fetch_files=request.fetch_files
            )
            if request.harvest_to is not None and result.status is not RunStatus.SE:
                scratch_dir.harvest(work, request.harvest_to, request.harvest_subdir)
            return result
        finally:
            if group is not None:
                group.kill_all()
                group.remove()
            scratch_dir.remove(work)

    def bwrap_argv(self, request: RunRequest, work: Path, fds: dict[str, int]) -> list[str]:
        """bubblewrap's command line; with fds["init"] and fds["report"], PID 1 is our init."""
        args = [
            self.config.bwrap,
            "--unshare-user",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--hostname",
            "sandbox",
            *_root_layout(),
        ]
        for path in (*SYSTEM_RO_PATHS, *request.extra_ro_paths):
            args += ["--ro-bind-try", path, path]
        for source, inside in request.ro_binds:
            args += ["--ro-bind", source, inside]
        args += ["--proc", "/proc", "--dev", "/dev", "--bind", str(work), SCRATCH]
        args += ["--symlink", SCRATCH, "/tmp"]
        if request.program_dir is not None:
            args += ["--ro-bind", str(request.program_dir), PROG]
        command = list(request.argv)
        if "init" in fds:
            # Executed from a descriptor: nothing of it shows in the program's file system.
            args += ["--as-pid-1"]
            command = [f"/proc/self/fd/{fds['init']}", str(fds["report"]), *command]
        args += ["--chdir", SCRATCH, "--clearenv"]
        for key, value in {**BASE_ENV, **request.env}.items():
            args += ["--setenv", key, value]
        args += ["--remount-ro", "/dev", "--remount-ro", "/"]
        args += ["--info-fd", str(fds["info"]), "--block-fd", str(fds["block"])]
        args += ["--seccomp", str(fds["seccomp"]), "--", *command]
        return args

    def _launch_bwrap(
        self, request: RunRequest, work: Path, slot: Slot, group: RunCgroup | None
    ) -> RunResult:
        limits = request.limits
        with contextlib.ExitStack() as stack:
            fds: list[int] = []

            def owned(fd: int) -> int:
                fds.append(fd)
                return fd

            def release(fd: int) -> None:
                fds.remove(fd)
                os.close(fd)

            def release_all() -> None:
                for fd in fds:
                    os.close(fd)

            stack.callback(release_all)
            info_r, info_w = map(owned, os.pipe2(os.O_CLOEXEC))
            block_r, block_w = map(owned, os.pipe2(os.O_CLOEXEC))
            pipes = stack.enter_context(Pipes(request.stdin, request.connection))
            seccomp_fd = owned(memfd_with(self.seccomp_filter, "seccomp"))
            assert self.init_binary is not None
            init_fd = owned(os.open(self.init_binary, os.O_RDONLY | os.O_CLOEXEC))
            passed = {
                "info": info_w,
                "block": block_r,
                "seccomp": seccomp_fd,
                "init": init_fd,
                "report": pipes.report_w,
            }
            argv = prlimit_prefix(limits) + self.bwrap_argv(request, work, passed)
            started = time.monotonic()
            proc = subprocess.Popen(
                argv,
                stdin=pipes.stdin,
                stdout=pipes.stdout_w,
                stderr=pipes.stderr_w,
                pass_fds=tuple(passed.values()),
                env={},
                user=slot.uid,
                group=slot.uid,
                extra_groups=[],
                start_new_session=True,
                close_fds=True,
            )
            stack.callback(_reap, proc)
            for fd in (info_w, seccomp_fd, init_fd):
                release(fd)
            pipes.handed_over()
            init_pid = read_info(info_r, timeout_s=10.0 * self.config.time_factor)
            if init_pid is None:
                _kill_process(proc)
                err = read_available(pipes.stderr_r)
                return system_error(
                    f"bubblewrap did not start: {err.decode(errors='replace')[:2000]}",
                    isolation=ISOLATION_FULL,
                )
            if group is not None:
                try:
                    group.attach(init_pid)
                except ProcessLookupError:
                    # bubblewrap died setting up, before the program could start.
                    _kill_process(proc)
                    err = read_available(pipes.stderr_r)
                    return system_error(
                        f"bubblewrap failed during setup: {err.decode(errors='replace')[:2000]}",
                        isolation=ISOLATION_FULL,
                    )
                except OSError as exc:
                    raise OSError(f"join the run's cgroup: {exc}") from exc
            os.write(block_w, b"x")
            pidfd = owned(os.pidfd_open(proc.pid))
            launched = _BwrapLaunch(proc, init_pid, group, block_r=block_r, report_r=pipes.report_r)
            return supervise_launch(
                launched, pipes, pidfd=pidfd, limits=limits, group=group, started=started
            )

    def _launch_unsafe(self, request: RunRequest, work: Path, group: RunCgroup | None) -> RunResult:
        limits = request.limits
        argv = [
            _unsafe_path(arg, work, request.program_dir, request.ro_binds) for arg in request.argv
        ]
        env = {**BASE_ENV, **request.env}
        env = {k: _unsafe_path(v, work, request.program_dir) for k, v in env.items()}
        rlimits = rlimits_for(limits, unsafe=True)
        procs_file = group.procs_files() if group is not None else []

        def prepare_child() -> None:
            start_clean()
            for which, value in rlimits:
                resource.setrlimit(which, value)
            for path in procs_file:
                with open(path, "w") as handle:
                    handle.write(str(os.getpid()))

        with Pipes(request.stdin, request.connection) as pipes:
            started = time.monotonic()
            try:
                proc = subprocess.Popen(
                    argv,
                    stdin=pipes.stdin,
                    stdout=pipes.stdout_w,
                    stderr=pipes.stderr_w,
                    cwd=work,
                    env=env,
                    preexec_fn=prepare_child,  # noqa: PLW1509 (development mode only)
                    start_new_session=True,
                    close_fds=True,
                )
            except OSError as exc:
                return system_error(f"could not start {argv[0]}: {exc}", isolation=ISOLATION_UNSAFE)
            pipes.handed_over()
            pidfd = os.pidfd_open(proc.pid)
            try:
                return supervise_launch(
                    _UnsafeLaunch(proc, group),
                    pipes,
                    pidfd=pidfd,
                    limits=limits,
                    group=group,
                    started=started,
                )
            finally:
                os.close(pidfd)


class _BwrapLaunch:
    """A program started under bubblewrap, below ScaleBox's init (init.c) as PID 1."""

    isolation = ISOLATION_FULL

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        init_pid: int,
        group: RunCgroup | None,
        *,
        block_r: int,
        report_r: int,
    ) -> None:
        self.proc = proc
        self.init_pid = init_pid
        self.group = group
        self.block_r = block_r
        self.report_r = report_r

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.init_pid, signal.SIGKILL)
        if self.group is not None:
            self.group.kill_all()

    def end(self, outcome: Outcome) -> Ending:
        returncode = self.proc.wait()
        self.kill()
        reap_orphan(self.init_pid)
        if _pipe_has_data(self.block_r):
            return Ending(
                None, None, setup_failure=f"bubblewrap failed during setup: {_said(outcome)}"
            )
        # Every writer of the report is gone: bwrap's monitor was waited for, and the
        # namespace (its PID 1 and everything in it) was killed.
        started, failure, wait_status = parse_report(read_available(self.report_r))
        if failure is not None:
            return Ending(None, None, setup_failure=f"sandbox setup failed: {failure}")
        if wait_status is not None:
            # The program's own wait status, as our init reaped it.
            return ending_of(wait_status, setup_complete=started)
        if returncode < 0:
            return Ending(None, -returncode, setup_complete=started)
        if 128 < returncode <= 128 + 64:
            # A signal death of the run's PID 1 or of its child, as 128 + signal number.
            return Ending(None, returncode - 128, setup_complete=started)
        return Ending(returncode, None, setup_complete=started)

    def died_in_setup(self, outcome: Outcome, message: str) -> str:
        # bubblewrap died in its last steps (seccomp, chdir, exec of the init), before
        # anything of the program's ran.
        return f"bubblewrap failed before the program started: {_said(outcome)}"


def _said(outcome: Outcome) -> str:
    """The start of what bubblewrap (or the program) wrote on stderr."""
    return bytes(outcome.stderr).decode(errors="replace")[:2000]


class _UnsafeLaunch:
    """A program started with no isolation (development mode), in a session of its own."""

    isolation = ISOLATION_UNSAFE

    def __init__(self, proc: subprocess.Popen[bytes], group: RunCgroup | None) -> None:
        self.proc = proc
        self.group = group

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.group is not None:
            self.group.kill_all()

    def end(self, outcome: Outcome) -> Ending:
        returncode = self.proc.wait()
        self.kill()
        if returncode < 0:
            return Ending(None, -returncode)
        return Ending(returncode, None)

    def died_in_setup(self, outcome: Outcome, message: str) -> str:
        return f"could not start the program: {message}"  # its setup is subprocess's


def require_reachable(directory: Path) -> None:
    """Raise SandboxUnavailable unless the slot uids can reach directory.

    bubblewrap resolves what it binds into a run as the slot's uid (it cannot bind from
    a descriptor the worker opened), so every directory on the way must be searchable
    by other users: a cache directory below a private one (a 0700 SCALEBOX_VAR_DIR or
    home directory) is configured wrong, and this says so instead of every run failing.
    """
    for step in (*reversed(directory.parents), directory):
        try:
            mode = os.stat(step).st_mode
        except FileNotFoundError:
            return  # bubblewrap says so (a system error)
        if not mode & stat.S_IXOTH:
            raise SandboxUnavailable(
                f"the sandbox's uids cannot reach {directory}: {step} is not searchable by "
                f"other users (mode {stat.S_IMODE(mode):04o}). Programs are bound into the "
                "sandbox from SCALEBOX_WORKER_CACHE_DIR (default SCALEBOX_VAR_DIR/cache): "
                "give it a place below directories that others can search (o+x)"
            )


def start_clean() -> None:
    """Every signal at its default disposition, none blocked, as a clean parent leaves a
    process (ignored signals and the mask survive exec; SIGPIPE and SIGXFSZ, which the
    interpreter ignores, are also reset by subprocess). On the bubblewrap path the init
    (init.c) does this before it executes the program."""
    for number in signal.valid_signals():
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            with contextlib.suppress(OSError, ValueError):
                signal.signal(number, signal.SIG_DFL)
    if RT_SIGACTION is not None:
        default = (ctypes.c_ulong * 8)()  # SIG_DFL, no flags, nothing masked
        call, size = ctypes.c_long(RT_SIGACTION), ctypes.c_size_t(8)
        for reserved in set(range(1, signal.NSIG)) - set(signal.valid_signals()):
            _libc.syscall(call, ctypes.c_long(reserved), default, None, size)
    signal.pthread_sigmask(signal.SIG_SETMASK, ())


def _unsafe_path(
    value: str,
    work: Path,
    program_dir: Path | None,
    ro_binds: Sequence[tuple[str, str]] = (),
) -> str:
    if value == SCRATCH or value.startswith(SCRATCH + "/"):
        return str(work) + value[len(SCRATCH) :]
    if program_dir is not None and (value == PROG or value.startswith(PROG + "/")):
        return str(program_dir) + value[len(PROG) :]
    for source, inside in ro_binds:
        if value == inside or value.startswith(inside + "/"):
            return source + value[len(inside) :]
    return value


def _pipe_has_data(fd: int) -> bool:
    os.set_blocking(fd, False)
    try:
        return bool(os.read(fd, 1))
    except BlockingIOError:
        return False


def _kill_process(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    proc.wait()


def _reap(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        _kill_process(proc)


_sandboxes: dict[SandboxConfig, Sandbox] = {}
_sandboxes_lock = threading.Lock()


def current_sandbox() -> Sandbox:
    config = load_config()
    with _sandboxes_lock:
        sandbox = _sandboxes.get(config)
        if sandbox is None:
            sandbox = _sandboxes[config] = Sandbox(config)
    return sandbox


def run_sandboxed(
    argv: Sequence[str],
    *,
    stdin: bytes,
    limits: Limits,
    program_dir: Path | None = None,
    files: Mapping[str, bytes] | None = None,
    fetch_files: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    extra_ro_paths: Sequence[str] = (),
    harvest_to: Path | None = None,
    ro_binds: Sequence[tuple[str, str]] = (),
) -> RunResult:
    """Run argv (paths as seen inside: scratch at /box, program_dir at /prog, each
    ro_binds host path at its path inside) under limits."""
    request = RunRequest(
        argv=list(argv),
        stdin=stdin,
        limits=limits,
        program_dir=program_dir,
        files=dict(files or {}),
        fetch_files=list(fetch_files or []),
        env=dict(env or {}),
        extra_ro_paths=tuple(extra_ro_paths),
        harvest_to=harvest_to,
        ro_binds=tuple(ro_binds),
    )
    return current_sandbox().run(request)


def isolation_level() -> str:
    """The isolation this worker offers; raises SandboxUnavailable if it offers none."""
    sandbox = current_sandbox()
    sandbox.ensure_available()
    return sandbox.isolation
