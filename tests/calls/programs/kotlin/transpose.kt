import java.util.ArrayList

class Solution {
    fun transpose(grid: List<List<Int>>): List<List<Int>> {
        val out = ArrayList<List<Int>>()
        for (j in grid[0].indices) {
            out.add(grid.map { it[j] })
        }
        return out
    }
}
