"""Reaches for the run's PID 1 (the sandbox's init, or the pre-forked interpreter) and for
any descriptor the sandbox may have left open: its memory, environment, descriptors and
executable must all be out of reach, and the program holds only its standard streams."""

import os
import signal

for fd in range(3, 1024):
    try:
        os.fstat(fd)
        print("LEAK inherited descriptor", fd)
    except OSError:
        pass

for name in ("fd", "environ", "mem", "maps", "exe", "root", "cwd"):
    path = f"/proc/1/{name}"
    try:
        if name == "fd":
            print("LEAK listed", path, os.listdir(path))
        elif name in ("exe", "root", "cwd"):
            print("LEAK followed", path, os.readlink(path))
        else:
            with open(path, "rb") as handle:
                print("LEAK read", path, len(handle.read(64)))
    except OSError:
        pass

for number in range(3, 64):
    path = f"/proc/1/fd/{number}"
    try:
        with open(path, "wb") as handle:
            handle.write(b"R\nW 0\n")
        print("LEAK wrote to", path)
    except OSError:
        pass

# PID 1 of a namespace ignores signals it has no handler for, SIGKILL included.
for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
    try:
        os.kill(1, sig)
    except OSError:
        pass
print("still running")
