fun add(a: Long, b: Long): Long {
    return a + b
}
