"""Pre-forked zygote, run as PID 1 of its own sandbox namespaces.

Started once per slot by fastpath.py under bwrap (same mounts, namespaces and seccomp
filter as a normal run) and runs as the slot's uid. It serves one of two kinds of case,
receiving file descriptors over its control socket:

- Python (source, setup report, stdin, stdout, stderr): it forks a child, reports the
  child's pid, waits for the go-ahead (sent once the worker has moved the child into the
  case's cgroup); the child applies the case's limits and runs the source in the forked
  interpreter, in the scratch directory.
- A native program (setup report, stdin, stdout, stderr, then argv and environment):
  the zygote was started under the case's resource limits (one zygote per set of
  limits), and the worker has moved the zygote into the case's cgroup, so a vfork and
  exec (no copy of this interpreter) starts the program already in its cgroup and under
  its limits; the worker then moves the zygote back out.

Either way the case runs in the zygote's session and process group, with the zygote as
its parent, as a program under bwrap runs below the sandbox's init (init.c).

Each case also brings the write end of a setup-report pipe, whose read end only the
worker holds. Whoever sets the case up (the Python child, or the zygote for a native
program) writes READY there once setup is complete, or FAILED and the step that failed
(then the case never runs), and closes it before the judged program gets control: the
program cannot write to it, so no exit code or output of a program can pass for a
setup failure, and a setup failure is never taken for the program's.

It reports each case's wait status once the worker has killed the case's stragglers,
after removing the System V IPC objects the case left in the namespace (POSIX message
queues cannot be made: RLIMIT_MSGQUEUE is 0), so cases share no state but the PID
counter. It never reads the source, the input or the output itself, so no case can find
another's data in its memory; as PID 1 it ignores every signal its children can send
(SIGINT and SIGXCPU included, which it handles by doing nothing), and it is
not dumpable, so they cannot read its memory or its file descriptors.

Whatever signal state the worker was started in (nohup and a shell's & leave SIGHUP,
SIGINT and SIGQUIT ignored; a parent may block signals), it sets every signal to its
default disposition and empties its signal mask first, so that no case inherits either:
ignored signals and the mask survive fork and exec. (The kernel does not deliver a
signal at its default disposition to a namespace's PID 1 from inside the namespace.)
"""

import builtins
import contextlib
import ctypes
import json
import os
import resource
import signal
import socket
import struct
import sys

PR_SET_DUMPABLE = 4
IPC_RMID = 0
MODE_PYTHON = 0
MODE_SPAWN = 1
# cpu soft, cpu hard, fsize, stack, nofile, nproc, mode, payload length
_REQUEST = struct.Struct("<8q")
# wait status, and whether this zygote retires (namespaces not cleaned, CPU limit near)
_DONE = struct.Struct("<2q")
# On the setup-report pipe: setup complete, or setup failed (and what failed).
SETUP_READY = b"R"
SETUP_FAILED = b"F"
SETUP_UNCOMPILED = b"U"  # after SETUP_READY: the source did not compile, and why
# The exit code of a child whose setup failed; it is not what tells the worker so.
SETUP_FAILED_EXIT = 125
# What a freshly started interpreter ignores itself; a spawned program gets them at
# their default (subprocess's restore_signals).
INTERPRETER_IGNORES = (signal.SIGPIPE, signal.SIGXFSZ)
# rt_sigaction's number, for the C library's own signals; None where it is not known.
RT_SIGACTION = {"x86_64": 13, "aarch64": 134}.get(os.uname().machine)
_RLIMITS = (
    ("RLIMIT_CPU", resource.RLIMIT_CPU),
    ("RLIMIT_FSIZE", resource.RLIMIT_FSIZE),
    ("RLIMIT_STACK", resource.RLIMIT_STACK),
    ("RLIMIT_CORE", resource.RLIMIT_CORE),
    ("RLIMIT_NOFILE", resource.RLIMIT_NOFILE),
    ("RLIMIT_NPROC", resource.RLIMIT_NPROC),
    ("RLIMIT_MSGQUEUE", resource.RLIMIT_MSGQUEUE),
)
_libc = ctypes.CDLL(None, use_errno=True)
# Sources every case may run (the harness), compiled once: code objects are immutable,
# and each case runs its own in a fresh namespace.
_PRECOMPILED: dict = {}
# Imported once by a Python zygote, so that no case pays for them again: what the
# function-call and assert harness needs (ast) and the standard modules judged programs
# import most. None keeps state a child could need fresh: random reseeds itself in every
# forked child (os.register_at_fork), and nothing else here holds per-process state.
PRELOAD = (
    "ast",
    "bisect",
    "collections",
    "copy",
    "dataclasses",
    "decimal",
    "fractions",
    "functools",
    "heapq",
    "itertools",
    "math",
    "operator",
    "random",
    "re",
    "string",
    "typing",
)


def _recv_exact(control, size):
    data = b""
    while len(data) < size:
        chunk = control.recv(size - len(data))
        if not chunk:
            raise ConnectionError("control socket closed")
        data += chunk
    return data


def _report(report_fd, data):
    with contextlib.suppress(OSError):
        os.write(report_fd, data[:4096])


def _setup_failed(report_fd, step, exc):
    _report(report_fd, SETUP_FAILED + f"{step}: {type(exc).__name__}: {exc}".encode())
    os._exit(SETUP_FAILED_EXIT)


def _start_clean(ignored=()):
    """Every signal at its default disposition (but `ignored`), none blocked.

    SIGKILL and SIGSTOP cannot be changed. The C library's own signals (glibc's 32 and
    33), which signal.signal refuses, go by system call from ignored to default, a fresh
    process's state, and only from ignored: a handler there is the library's, which this
    process (it runs Python cases without an exec) must keep."""
    for number in signal.valid_signals():
        if number in (signal.SIGKILL, signal.SIGSTOP):
            continue
        with contextlib.suppress(OSError, ValueError):
            signal.signal(number, signal.SIG_IGN if number in ignored else signal.SIG_DFL)
    if RT_SIGACTION is not None:
        for reserved in set(range(1, signal.NSIG)) - set(signal.valid_signals()):
            current = (ctypes.c_ulong * 8)()
            if _rt_sigaction(RT_SIGACTION, reserved, None, current) == 0 and current[0] == 1:
                _rt_sigaction(RT_SIGACTION, reserved, (ctypes.c_ulong * 8)(), None)  # SIG_DFL
    signal.pthread_sigmask(signal.SIG_SETMASK, ())


def _rt_sigaction(call, number, action, old):
    """The system call (a handler 1 is SIG_IGN, 0 SIG_DFL); 8: the kernel's signal set."""
    size = ctypes.c_size_t(8)
    return _libc.syscall(ctypes.c_long(call), ctypes.c_long(number), action, old, size)


def _enter_case(streams, report_fd, limits):
    """Take the case's streams and limits (once in the case's cgroup). A generator: it
    names each step before taking it, so the caller can say which one failed.

    Like a program under bwrap, the case stays in the session and process group of its
    parent, PID 1 (bwrap's --new-session made one for this zygote)."""
    stdin_fd, stdout_fd, stderr_fd = streams
    cpu_soft, cpu_hard, fsize, stack, nofile, nproc, _, _ = limits
    values = {
        "RLIMIT_CPU": (cpu_soft, cpu_hard),
        "RLIMIT_FSIZE": (fsize, fsize),
        "RLIMIT_STACK": (stack, stack),
        "RLIMIT_CORE": (0, 0),
        "RLIMIT_NOFILE": (nofile, nofile),
        "RLIMIT_NPROC": (nproc, nproc),
        "RLIMIT_MSGQUEUE": (0, 0),
    }
    yield "take the case's standard streams"
    os.dup2(stdin_fd, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    yield "close the zygote's descriptors"
    os.closerange(3, report_fd)
    os.closerange(report_fd + 1, 65536)
    for name, which in _RLIMITS:
        yield f"set {name} to {values[name]}"
        resource.setrlimit(which, values[name])
    yield "chdir into the scratch directory /box"
    os.chdir("/box")


def _spawn(fds, payload):
    """Start a native program as the sandbox's init (init.c) would: its streams, its
    environment, the signal dispositions and mask a program under bwrap starts with, this
    zygote's session, process group and resource limits. subprocess execs from a vfork()ed
    child: nothing of this interpreter is copied.

    If it cannot be started (the child's setup or the exec failed), that goes on the
    setup-report pipe and a stand-in child that exits at once takes its place."""
    import subprocess

    report_fd, stdin_fd, stdout_fd, stderr_fd = fds
    step = "read the program's argv and environment"
    try:
        job = json.loads(payload)
        argv = job["argv"]
        step = "start the program"
        process = subprocess.Popen(
            argv,
            stdin=stdin_fd,
            stdout=stdout_fd,
            stderr=stderr_fd,
            env=job["env"],
            close_fds=True,
            restore_signals=True,
        )
    except Exception as exc:
        if step == "start the program" and isinstance(exc, OSError) and exc.filename == argv[0]:
            step = f"exec {argv[0]}"
        _report(report_fd, SETUP_FAILED + f"{step}: {type(exc).__name__}: {exc}".encode())
    else:
        _report(report_fd, SETUP_READY)
        # Reaped here, not by subprocess.
        process.returncode = 0
        return process.pid
    pid = os.fork()
    if pid == 0:
        os._exit(SETUP_FAILED_EXIT)
    return pid


def _python_child(fds, go_r, limits):
    source_fd, report_fd, *streams = fds
    step = "wait for the worker's go-ahead (the case's cgroup)"
    try:
        if os.read(go_r, 1) != b"g":
            raise ConnectionError("no go-ahead from the zygote")
        step = "read the source"
        with os.fdopen(source_fd, "rb") as handle:
            source = handle.read()
        for step in _enter_case(streams, report_fd, limits):  # noqa: B007
            pass
        step = "reset signal dispositions and mask"
        # What a fresh interpreter has: the zygote's own handlers go.
        _start_clean(INTERPRETER_IGNORES)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        step = "open the standard streams"
        # The case's own standard streams, as a fresh interpreter would open them.
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(  # noqa: SIM115
            2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1
        )
        setattr(sys, "__stdin__", sys.stdin)  # noqa: B010
        setattr(sys, "__stdout__", sys.stdout)  # noqa: B010
        setattr(sys, "__stderr__", sys.stderr)  # noqa: B010
        step = "report the setup complete"
        if os.write(report_fd, SETUP_READY) != len(SETUP_READY):
            raise OSError("short write")
    except BaseException as exc:
        _setup_failed(report_fd, step, exc)
    # From here on the program is the case's. Its source is compiled while the report
    # pipe is still open, so that a source that does not compile is reported as such (no
    # code of the program has run yet); the pipe is closed before any of it runs.
    sys.argv = ["/prog/main.py"]
    code = 0
    interrupted = False
    try:
        try:
            compiled = _PRECOMPILED.get(source) or compile(source, "/prog/main.py", "exec")
        except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the source
            _uncompiled(report_fd, exc)
        os.close(report_fd)
        del source
        namespace = {
            "__name__": "__main__",
            "__file__": "/prog/main.py",
            "__builtins__": __builtins__,
        }
        exec(compiled, namespace)
    except SystemExit as stop:
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code & 0xFF
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException as exc:
        import traceback

        # The program's own frames, as `python3 main.py` reports them (this one is ours).
        if exc.__traceback__ is not None and exc.__traceback__.tb_next is not None:
            exc.__traceback__ = exc.__traceback__.tb_next
        traceback.print_exception(exc)
        code = 1
        interrupted = isinstance(exc, KeyboardInterrupt)
    try:
        sys.stdout.flush()
    except BaseException:
        code = code or 120
    with contextlib.suppress(BaseException):
        sys.stderr.flush()
    if interrupted:
        # As the interpreter ends an uncaught KeyboardInterrupt: it dies of SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(code)


def _uncompiled(report_fd, exc):
    """End a Python case whose source does not compile: Python's report (as `python3
    main.py` prints it) on stderr and on the report pipe, and exit status 1."""
    import traceback

    if isinstance(exc, SyntaxError):
        exc.filename = "main.py"
    text = "".join(traceback.format_exception_only(type(exc), exc))
    with contextlib.suppress(BaseException):
        sys.stderr.write(text)
        sys.stderr.flush()
    with contextlib.suppress(OSError):
        os.write(report_fd, SETUP_UNCOMPILED + text.encode("utf-8", "replace")[:3500])
    os._exit(1)


def _ipc_objects():
    """System V IPC objects in this IPC namespace: (kind, id) pairs."""
    found: list[tuple[str, int]] = []
    for kind in ("shm", "sem", "msg"):
        try:
            with open(f"/proc/sysvipc/{kind}") as handle:
                lines = handle.read().splitlines()[1:]
        except OSError:
            continue
        found.extend((kind, int(line.split()[1])) for line in lines if line.strip())
    return found


def _remove_ipc_objects():
    """The IPC namespace outlives cases: remove what a case created. True if none is left."""
    objects = _ipc_objects()
    for kind, ident in objects:
        if kind == "shm":
            _libc.shmctl(ident, IPC_RMID, None)
        elif kind == "sem":
            _libc.semctl(ident, 0, IPC_RMID)
        else:
            _libc.msgctl(ident, IPC_RMID, None)
    return not objects or not _ipc_objects()


def _wait_reaping_others(pid):
    """Wait for the case's process to exit, leaving it unreaped (the worker may still be
    opening a pidfd for it); orphans that die meanwhile are reaped at once, as bwrap's
    init would, so they do not count against the case's process limit."""
    while True:
        info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
        if info is None or info.si_pid == pid:
            return
        with contextlib.suppress(ChildProcessError):
            os.waitpid(info.si_pid, 0)


def _reap_others(keep):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid in (0, keep):
            return


def _ignore(number, frame):
    pass


def _near_cpu_limit():
    """A native zygote runs under the case's RLIMIT_CPU: retire well before it bites."""
    soft, _ = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY:
        return False
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime > soft / 2


def _keep_descriptors_from_children(control):
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if int(name) > 2 and int(name) != control.fileno():
                os.set_inheritable(int(name), False)
    control.set_inheritable(False)


def _start_case(control, mode, fds, limits, payload):
    """Start the case's process; returns its pid once it may run."""
    if mode == MODE_SPAWN:
        pid = _spawn(fds, payload)
        control.sendall(struct.pack("<q", pid))
        return pid
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_w)
        control.close()
        _python_child(fds, go_r, limits)
    os.close(go_r)
    control.sendall(struct.pack("<q", pid))
    if control.recv(1) != b"G":
        os.kill(pid, 9)
    os.write(go_w, b"g")
    os.close(go_w)
    return pid


class _Quitter:
    """``exit`` and ``quit`` as the ``site`` module defines them: programs call them, and
    the interpreter runs without ``site`` (-S) for a fast start."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

    def __call__(self, code=None):
        with contextlib.suppress(BaseException):
            sys.stdin.close()
        raise SystemExit(code)


def main():
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _start_clean(INTERPRETER_IGNORES)
    # Handled, not ignored: handlers (unlike SIG_IGN) do not pass on to exec'd programs.
    signal.signal(signal.SIGINT, _ignore)
    signal.signal(signal.SIGXCPU, _ignore)
    control = socket.socket(fileno=int(sys.argv[1]))
    if sys.argv[2:] == ["python"]:
        builtins.exit = _Quitter("exit")  # type: ignore[assignment]
        builtins.quit = _Quitter("quit")  # type: ignore[assignment]
        for name in PRELOAD:
            __import__(name)
        with open("/harness.py", "rb") as handle:
            harness = handle.read()
        _PRECOMPILED[harness] = compile(harness, "/prog/main.py", "exec")
    _keep_descriptors_from_children(control)
    control.sendall(b"R")
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, _REQUEST.size, 5, socket.MSG_CMSG_CLOEXEC)
            if not data:
                return
            data += _recv_exact(control, _REQUEST.size - len(data))
            limits = _REQUEST.unpack(data)
            mode, payload_size = limits[6], limits[7]
            payload = _recv_exact(control, payload_size) if payload_size else b""
        except (OSError, ConnectionError):
            return
        try:
            pid = _start_case(control, mode, fds, limits, payload)
        finally:
            for fd in fds:
                os.close(fd)
        _wait_reaping_others(pid)
        if control.recv(1) != b"D":  # the worker has killed the case's stragglers
            return
        _, status = os.waitpid(pid, 0)
        _reap_others(pid)
        retire = not _remove_ipc_objects() or _near_cpu_limit()
        control.sendall(_DONE.pack(status, int(retire)))
        if retire:
            return


if __name__ == "__main__":
    main()
