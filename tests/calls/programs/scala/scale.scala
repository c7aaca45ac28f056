object Solution {
  def scale(xs: List[Double], k: Double): List[Double] = xs.map(_ * k)
}
