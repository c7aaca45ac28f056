object Search extends App {
  def find(xs: Vector[Long], target: Long): Option[Int] = {
    val at = xs.indexOf(target)
    if (at < 0) None else Some(at)
  }

  println(find(Vector(1L, 2L), 2L))
}
