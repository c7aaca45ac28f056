"""Pre-forked Python interpreter, run as PID 1 of its own sandbox namespaces.

Started once per slot by fastpath.py under bwrap (same mounts, namespaces and seccomp
filter as a normal run). For each case it receives file descriptors (program source,
stdin, stdout, stderr) over its control socket, forks a child, reports the child's pid,
waits for the go-ahead (sent once the worker has moved the child into the case's
cgroup), and reports the child's wait status. It never reads the source, the input or
the output itself, so no case can find another's data in its memory; as PID 1 it cannot
be signalled by the children, and it is not dumpable, so they cannot read its memory.
"""

import contextlib
import ctypes
import os
import resource
import socket
import struct
import sys

PR_SET_DUMPABLE = 4
_REQUEST = struct.Struct("<8q")


def _child(fds, go_r, limits):
    source_fd, stdin_fd, stdout_fd, stderr_fd = fds
    cpu, fsize, stack, nofile, nproc, _, _, _ = limits
    os.read(go_r, 1)
    os.dup2(stdin_fd, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    with os.fdopen(source_fd, "rb") as handle:
        source = handle.read()
    os.closerange(3, 65536)
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (fsize, fsize)),
        (resource.RLIMIT_STACK, (stack, stack)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NOFILE, (nofile, nofile)),
        (resource.RLIMIT_NPROC, (nproc, nproc)),
    ):
        resource.setrlimit(which, value)
    os.chdir("/box")
    os.setsid()
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


def _reap_others(keep):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid in (0, keep):
            return


def main():
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    control = socket.socket(fileno=int(sys.argv[1]))
    control.sendall(b"R")
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, _REQUEST.size, 4)
        except OSError:
            return
        if not data:
            return
        limits = _REQUEST.unpack(data)
        go_r, go_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(go_w)
            control.close()
            _child(fds, go_r, limits)
        os.close(go_r)
        for fd in fds:
            os.close(fd)
        control.sendall(struct.pack("<q", pid))
        if control.recv(1) != b"G":
            os.kill(pid, 9)
        os.write(go_w, b"g")
        os.close(go_w)
        while True:
            done, status = os.waitpid(-1, 0)
            if done == pid:
                break
        _reap_others(pid)
        if control.recv(1) != b"D":  # the worker has killed the case's stragglers
            return
        _reap_others(pid)
        control.sendall(struct.pack("<q", status))


if __name__ == "__main__":
    main()
