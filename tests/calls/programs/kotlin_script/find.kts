fun find(xs: LongArray, target: Long): Int? {
    val at = xs.indexOf(target)
    return if (at < 0) null else at
}
