import std/options

proc find(xs: openArray[int], target: int): Option[int] =
  for i, x in xs:
    if x == target:
      return some(i)
  none(int)
