proc transpose(grid: seq[seq[int]]): seq[seq[int]] =
  result = newSeq[seq[int]](grid[0].len)
  for row in grid:
    for j, x in row:
      result[j].add(x)
