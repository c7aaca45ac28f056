# Double-forks and leaves the session, hoping to outlive the run; the first process exits 0.
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for fd in (0, 1, 2):
            os.close(fd)
        while True:
            time.sleep(0.05)
    os._exit(0)
os.wait()
print("parent done")
