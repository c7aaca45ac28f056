package judge.answers

fun find(xs: LongArray, target: Long): Int? {
    val i = xs.indexOf(target)
    return if (i < 0) null else i
}
