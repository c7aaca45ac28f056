object Main {
  def shout(s: String): String = {
    println(s"shouting ${s.length} UTF-16 units")
    s + "!"
  }

  def main(args: Array[String]): Unit = println(shout(scala.io.StdIn.readLine()))
}
