public static int[][] transpose(int[][] grid) {
    var output = new int[grid[0].Length][];
    for (int c = 0; c < output.Length; c++) {
        output[c] = new int[grid.Length];
        for (int r = 0; r < grid.Length; r++) output[c][r] = grid[r][c];
    }
    return output;
}
