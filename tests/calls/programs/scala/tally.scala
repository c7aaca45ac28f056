import scala.collection.mutable

def tally(words: Seq[String]): mutable.Map[String, Int] = {
  val counts = mutable.Map[String, Int]().withDefaultValue(0)
  words.foreach(word => counts(word) += 1)
  counts
}
