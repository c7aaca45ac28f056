object Solution {
  def transpose(grid: Array[Array[Int]]): Array[Array[Int]] = grid.transpose
}
