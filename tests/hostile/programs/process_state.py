# Prints the state a judged program starts in: limits, signals, credentials, session.
import os
import signal

print(open("/proc/self/limits").read(), end="")
keys = ("SigBlk:", "SigIgn:", "SigCgt:", "NoNewPrivs:", "Seccomp:", "CapInh:", "CapPrm:",
        "CapEff:", "CapBnd:", "CapAmb:", "Groups:", "Umask:")
for line in open("/proc/self/status"):
    if line.startswith(keys):
        print(line, end="")
print("cwd", os.getcwd())
print("session leader", os.getsid(0) == os.getpid(), "group leader", os.getpgid(0) == os.getpid())
print("session of parent", os.getsid(0) == os.getsid(os.getppid()))
print("ppid", os.getppid(), "uid", os.getuid() == os.getgid() != 0)
print("handlers", [(s.name, str(signal.getsignal(s))) for s in (signal.SIGINT, signal.SIGXCPU,
      signal.SIGPIPE, signal.SIGXFSZ, signal.SIGTERM)])
