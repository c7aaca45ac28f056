import java.util.Locale

fun shout(s: String): String {
    println("shouting ${s.length} UTF-16 units in ${Locale.ROOT}")
    return s + "!"
}

// The script's own statements run too; stdin is empty for them.
val line = readLine()
println(shout(line ?: "nothing to read"))
