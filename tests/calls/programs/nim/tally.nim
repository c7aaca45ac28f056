import std/tables

proc tally(words: seq[string]): Table[string, int] =
  for w in words:
    result.mgetOrPut(w, 0) += 1
