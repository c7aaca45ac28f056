# Reads the question, leaves a grandchild in a session of its own holding the pipe,
# and exits without answering; the grandchild answers right a moment later, after the
# run has ended, and keeps the pipe open.
import os
import sys
import time

question = sys.stdin.readline()
a, b = map(int, question.split())
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(0.3)
        os.write(1, b"%d\n" % (a + b))
        while True:
            time.sleep(0.05)
    os._exit(0)
os.wait()
