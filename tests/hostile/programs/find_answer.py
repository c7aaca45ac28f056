# Searches every readable file for the expected answer of the test case.
import os
import sys

token = sys.stdin.read().strip().encode()
hits = 0
for top in ["/", "/proc/1/cwd/", "/proc/self/root/", "/proc/1/root/"]:
    for root, dirs, files in os.walk(top):
        if os.path.normpath(root) == os.path.normpath(top):
            dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr")]
        for name in files:
            try:
                with open(os.path.join(root, name), "rb") as handle:
                    if token in handle.read(1 << 20):
                        hits += 1
                        print("LEAK", os.path.join(root, name))
            except OSError:
                pass
print("hits", hits)
