fun tally(words: List<String>): Map<String, Int> = words.groupingBy { it }.eachCount()
