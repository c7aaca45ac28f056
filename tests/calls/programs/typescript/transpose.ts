function transpose(grid: number[][]): number[][] {
  const rows = grid.length;
  const cols = grid[0].length;
  const out: number[][] = Array.from({ length: cols }, () => new Array<number>(rows).fill(0));
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j][i] = grid[i][j];
  return out;
}
