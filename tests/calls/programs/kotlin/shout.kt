fun shout(s: String): String = "$s!"

fun main() {
    println(shout(readLine() ?: "not this"))
}
