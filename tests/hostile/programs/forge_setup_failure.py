"""Tries to pass its own exit off as a failed sandbox setup (which would be SE, not RE):
exits with the code a failed setup exits with, after writing a failure report to every
descriptor it can, in every report format the sandbox's setters-up use."""

import os

for fd in range(3, 1024):
    try:
        os.write(fd, b"Fforged: the sandbox failed\nF forged\nR\nW 0\n")
        print("LEAK wrote to fd", fd)
    except OSError:
        pass
os._exit(125)
