def add(a: Long, b: Long): Long = {
  a + b
}
