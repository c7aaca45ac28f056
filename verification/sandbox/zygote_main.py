"""Pre-forked zygote, run as PID 1 of its own sandbox namespaces.

Started once per slot by fastpath.py under bwrap (same mounts, namespaces and seccomp
filter as a normal run) and runs as the slot's uid. It serves one of two kinds of case,
receiving file descriptors over its control socket:

- Python (source, stdin, stdout, stderr): it forks a child, reports the child's pid,
  waits for the go-ahead (sent once the worker has moved the child into the case's
  cgroup); the child applies the case's limits and runs the source in the forked
  interpreter, in the scratch directory.
- A native program (stdin, stdout, stderr, then argv and environment): the zygote was
  started under the case's resource limits (one zygote per set of limits), and the
  worker has moved the zygote into the case's cgroup, so a vfork and exec (no copy of
  this interpreter) starts the program already in its cgroup and under its limits; the
  worker then moves the zygote back out.

Either way the case runs in the zygote's session and process group, with the zygote as
its parent, as a program under bwrap runs below bwrap's init.

It reports each case's wait status once the worker has killed the case's stragglers,
after removing the System V IPC objects the case left in the namespace (POSIX message
queues cannot be made: RLIMIT_MSGQUEUE is 0), so cases share no state but the PID
counter. It never reads the source, the input or the output itself, so no case can find
another's data in its memory; as PID 1 it ignores every signal its children can send
(SIGINT and SIGXCPU included, which it handles by doing nothing), and it is
not dumpable, so they cannot read its memory or its file descriptors.
"""

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
_libc = ctypes.CDLL(None, use_errno=True)


def _recv_exact(control, size):
    data = b""
    while len(data) < size:
        chunk = control.recv(size - len(data))
        if not chunk:
            raise ConnectionError("control socket closed")
        data += chunk
    return data


def _enter_case(fds, limits):
    """Take the case's streams and limits (once in the case's cgroup).

    Like a program under bwrap, the case stays in the session and process group of its
    parent, PID 1 (bwrap's --new-session made one for this zygote)."""
    stdin_fd, stdout_fd, stderr_fd = fds
    cpu_soft, cpu_hard, fsize, stack, nofile, nproc, _, _ = limits
    os.dup2(stdin_fd, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    os.closerange(3, 65536)
    for which, value in (
        (resource.RLIMIT_CPU, (cpu_soft, cpu_hard)),
        (resource.RLIMIT_FSIZE, (fsize, fsize)),
        (resource.RLIMIT_STACK, (stack, stack)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NOFILE, (nofile, nofile)),
        (resource.RLIMIT_NPROC, (nproc, nproc)),
        (resource.RLIMIT_MSGQUEUE, (0, 0)),
    ):
        resource.setrlimit(which, value)
    os.chdir("/box")


def _spawn(fds, payload):
    """Start a native program as bwrap's init would: its streams, its environment, the
    signal dispositions and mask a program under bwrap starts with, this zygote's
    session, process group and resource limits. subprocess execs from a vfork()ed
    child: nothing of this interpreter is copied."""
    import subprocess

    stdin_fd, stdout_fd, stderr_fd = fds
    job = json.loads(payload)
    argv = job["argv"]
    try:
        process = subprocess.Popen(
            argv,
            stdin=stdin_fd,
            stdout=stdout_fd,
            stderr=stderr_fd,
            env=job["env"],
            close_fds=True,
            restore_signals=True,
        )
    except OSError as exc:
        message = f"exec {argv[0]}: {exc.strerror}\n".encode()
    else:
        # Reaped here, not by subprocess.
        process.returncode = 0
        return process.pid
    pid = os.fork()
    if pid == 0:
        os.write(stderr_fd, message)
        os._exit(127)
    return pid


def _python_child(fds, go_r, limits):
    source_fd, *streams = fds
    os.read(go_r, 1)
    with os.fdopen(source_fd, "rb") as handle:
        source = handle.read()
    _enter_case(streams, limits)
    # What a fresh interpreter has: the zygote's own handlers go.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    # The case's own standard streams, as a fresh interpreter would open them.
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(  # noqa: SIM115
        2, "w", encoding="utf-8", errors="backslashreplace", closefd=False, buffering=1
    )
    setattr(sys, "__stdin__", sys.stdin)  # noqa: B010
    setattr(sys, "__stdout__", sys.stdout)  # noqa: B010
    setattr(sys, "__stderr__", sys.stderr)  # noqa: B010
    sys.argv = ["/prog/main.py"]
    code = 0
    try:
        compiled = compile(source, "/prog/main.py", "exec")
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
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
    except BaseException:
        code = code or 120
    with contextlib.suppress(BaseException):
        sys.stderr.flush()
    os._exit(code)


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


def main():
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    # Handled, not ignored: handlers (unlike SIG_IGN) do not pass on to exec'd programs.
    signal.signal(signal.SIGINT, _ignore)
    signal.signal(signal.SIGXCPU, _ignore)
    control = socket.socket(fileno=int(sys.argv[1]))
    _keep_descriptors_from_children(control)
    control.sendall(b"R")
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, _REQUEST.size, 4, socket.MSG_CMSG_CLOEXEC)
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
