import java.util.ArrayList;
import java.util.List;

public class Solution {
    public List<List<Integer>> transpose(int[][] grid) {
        List<List<Integer>> out = new ArrayList<>();
        for (int j = 0; j < grid[0].length; j++) {
            List<Integer> row = new ArrayList<>();
            for (int[] line : grid) {
                row.add(line[j]);
            }
            out.add(row);
        }
        return out;
    }
}
