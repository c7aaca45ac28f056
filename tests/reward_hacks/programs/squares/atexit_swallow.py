import atexit
import os

atexit.register(lambda: os._exit(0))
n = int(input())
assert n < 0, "wrong on purpose"
