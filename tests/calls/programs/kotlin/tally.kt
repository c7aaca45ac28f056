fun tally(words: List<String>): Map<String, Int> {
    val counts = words.groupingBy { it }.eachCount()
    println("counted ${words.size} words: $counts")
    return counts
}
