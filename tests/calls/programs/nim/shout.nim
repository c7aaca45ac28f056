import std/strutils

proc shout*(s: string): string =
  ## The string followed by an exclamation mark.
  result = s & "!"
  doAssert result.endsWith("!")
