# Exits with status 0 before the call: top-level code runs first.
quit(0)

proc add(a, b: int64): int64 = a + b
