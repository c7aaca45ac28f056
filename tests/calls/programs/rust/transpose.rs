impl Solution {
    pub fn transpose(grid: &[Vec<i32>]) -> Vec<Vec<i32>> {
        (0..grid[0].len())
            .map(|j| grid.iter().map(|row| row[j]).collect())
            .collect()
    }
}
