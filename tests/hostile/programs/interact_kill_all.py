# kill(-1, SIGKILL): every process it may signal; then answers if it is still there.
import os
import signal
import sys

question = sys.stdin.readline()
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass  # none it may signal in its own pid namespace
a, b = map(int, question.split())
print(a + b, flush=True)
