# Looks for the worker's secrets in its own environment and in every visible process.
import os

print("env", dict(os.environ))
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    for what in ("environ", "cmdline"):
        try:
            with open(f"/proc/{pid}/{what}", "rb") as handle:
                print(pid, what, handle.read())
        except OSError as exc:
            print(pid, what, "denied", type(exc).__name__)
