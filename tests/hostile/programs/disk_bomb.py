# Fills the scratch directory with many files, each under the file size limit.
import os

block = os.urandom(1 << 20)
i = 0
while True:
    with open(f"fill{i}", "wb") as handle:
        for _ in range(8):
            handle.write(block)
    i += 1
