object Solution {
    fun transpose(grid: Array<IntArray>): Array<IntArray> =
        Array(grid[0].size) { c -> IntArray(grid.size) { r -> grid[r][c] } }
}
