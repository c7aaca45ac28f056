type Solution = object

proc scale(self: Solution, xs: seq[float], k: float): seq[float] =
  for x in xs:
    result.add(x * k)
