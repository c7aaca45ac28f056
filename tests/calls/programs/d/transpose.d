int[][] transpose(int[][] grid) {
    auto output = new int[][](grid[0].length, grid.length);
    foreach (r, row; grid)
        foreach (c, x; row)
            output[c][r] = x;
    return output;
}

unittest {
    assert(transpose([[1, 2]]) == [[1], [2]]);
}
