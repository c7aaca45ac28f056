# Creates empty files and directories until stopped: no data, only inodes and directory
# entries, which the kernel must charge to the run (or they would exhaust the host).
import os

n = 0
while True:
    if n % 1000 == 0:
        os.mkdir(f"d{n}")
    open(f"d{n - n % 1000}/{n}", "w").close()
    n += 1
