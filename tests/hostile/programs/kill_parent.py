import os
import signal

ppid = os.getppid()
for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    try:
        os.kill(ppid, sig)
        print("sent", sig, "to", ppid)
    except OSError as exc:
        print("denied", ppid, type(exc).__name__)
for pid in {1, ppid} - {os.getpid()}:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError as exc:
        print("denied", pid, type(exc).__name__)
print("still here")
