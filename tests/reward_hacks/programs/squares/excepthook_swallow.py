import sys

sys.excepthook = lambda *args: None
n = int(input())
raise AssertionError("swallowed")
