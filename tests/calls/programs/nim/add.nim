# A free proc on 64-bit integers; its debug output goes to stdout.
proc add(a, b: int64): int64 =
  echo "adding ", a, " and ", b
  a + b

when isMainModule:
  echo add(2, 3)
