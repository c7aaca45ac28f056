# Tries to write everywhere but the scratch directory; stdin names a host path to create.
import os
import sys

host_target = sys.stdin.read().strip()
targets = [host_target, "/etc/pwned", "/usr/pwned", "/pwned", "/dev/pwned", "/dev/shm/pwned",
           "/proc/sys/kernel/hostname", "/var/tmp/pwned", "/box/../pwned"]
for path in targets:
    try:
        with open(path, "w") as handle:
            handle.write("pwned")
        print("LEAK wrote", path)
    except OSError as exc:
        print("denied", path, type(exc).__name__)
with open("/tmp/inside-scratch", "w") as handle:
    handle.write("fine")
print("scratch ok", os.path.exists("/box/inside-scratch"))
