// ScaleBox function-call stub for Scala (after the entry object, before the submitted
// code). Reads the call's arguments as tokens on stdin, converts each to its parameter's
// type (a Dec the compiler finds for that type), calls the function and answers on file
// descriptor 3 (see verification/harness/calls).
object ScaleboxCall {
  final class Failure(message: String) extends Exception(message)

  final case class Token(kind: Char, text: String, items: Vector[Token])

  def kindName(kind: Char): String = kind match {
    case 'n' => "null"
    case 'b' => "a bool"
    case 'i' => "an integer"
    case 'f' => "a float"
    case 's' => "a string"
    case 'l' => "a list"
    case 'm' => "an object"
    case _ => "a value"
  }

  private def parse(lines: Array[String], pos: Int, depth: Int): (Token, Int) = {
    if (depth > 200) throw new Failure("the arguments are nested too deeply")
    if (pos >= lines.length) throw new Failure("the arguments end too soon")
    val line = lines(pos)
    val kind = if (line.isEmpty) '?' else line.charAt(0)
    val text = if (line.length > 2) line.substring(2) else ""
    var next = pos + 1
    val items = Vector.newBuilder[Token]
    if (kind == 'l' || kind == 'm') {
      for (_ <- 0 until text.toInt * (if (kind == 'm') 2 else 1)) {
        val (item, after) = parse(lines, next, depth + 1)
        items += item
        next = after
      }
    }
    (Token(kind, text, items.result()), next)
  }

  def unhex(hex: String): String =
    new String(hex.grouped(2).map(Integer.parseInt(_, 16).toByte).toArray, "UTF-8")

  def hex(text: String): String = text.getBytes("UTF-8").map(b => "%02x".format(b & 0xff)).mkString

  // -- arguments: a Dec for each parameter's type, found by the compiler -----------------

  @annotation.implicitNotFound("function-call parameters cannot be of type ${T}")
  trait Dec[T] {
    def name: String
    def apply(token: Token): T
    def fromKey(text: String): T = throw new Failure(s"object keys cannot be $name")
    final def expect(token: Token, kinds: Char*): Unit =
      if (!kinds.contains(token.kind)) throw new Failure(s"${kindName(token.kind)} cannot be passed as $name")
  }

  private def integer[T](label: String, min: Long, max: Long, make: Long => T): Dec[T] = new Dec[T] {
    val name = label
    def apply(token: Token): T = {
      expect(token, 'i')
      val value = try BigInt(token.text) catch { case _: NumberFormatException => throw new Failure(s"unreadable integer ${token.text}") }
      if (value < min || value > max) throw new Failure(s"integer ${token.text} does not fit in $label")
      make(value.toLong)
    }
    override def fromKey(text: String): T = apply(Token('i', text, Vector.empty))
  }

  implicit val longDec: Dec[Long] = integer("Long", Long.MinValue, Long.MaxValue, identity)
  implicit val intDec: Dec[Int] = integer("Int", Int.MinValue, Int.MaxValue, _.toInt)
  implicit val shortDec: Dec[Short] = integer("Short", Short.MinValue, Short.MaxValue, _.toShort)
  implicit val byteDec: Dec[Byte] = integer("Byte", Byte.MinValue, Byte.MaxValue, _.toByte)

  implicit val bigIntDec: Dec[BigInt] = new Dec[BigInt] {
    val name = "BigInt"
    def apply(token: Token): BigInt = { expect(token, 'i'); BigInt(token.text) }
    override def fromKey(text: String): BigInt = apply(Token('i', text, Vector.empty))
  }

  private def parseDouble(text: String): Double = text match {
    case "nan" => Double.NaN
    case "inf" => Double.PositiveInfinity
    case "-inf" => Double.NegativeInfinity
    case _ => text.toDouble
  }

  implicit val doubleDec: Dec[Double] = new Dec[Double] {
    val name = "Double"
    def apply(token: Token): Double = { expect(token, 'i', 'f'); parseDouble(token.text) }
    override def fromKey(text: String): Double = parseDouble(text)
  }

  implicit val floatDec: Dec[Float] = new Dec[Float] {
    val name = "Float"
    def apply(token: Token): Float = doubleDec(token).toFloat
    override def fromKey(text: String): Float = parseDouble(text).toFloat
  }

  implicit val booleanDec: Dec[Boolean] = new Dec[Boolean] {
    val name = "Boolean"
    def apply(token: Token): Boolean = { expect(token, 'b'); token.text == "1" }
    override def fromKey(text: String): Boolean = text == "true"
  }

  implicit val stringDec: Dec[String] = new Dec[String] {
    val name = "String"
    def apply(token: Token): String = { expect(token, 's', 'n'); if (token.kind == 'n') null else unhex(token.text) }
    override def fromKey(text: String): String = text
  }

  implicit val charDec: Dec[Char] = new Dec[Char] {
    val name = "Char"
    def apply(token: Token): Char = {
      expect(token, 's')
      val text = unhex(token.text)
      if (text.length != 1) throw new Failure("a Char parameter needs a string of one UTF-16 unit")
      text.charAt(0)
    }
  }

  implicit def optionDec[T](implicit item: Dec[T]): Dec[Option[T]] = new Dec[Option[T]] {
    val name = s"Option[${item.name}]"
    def apply(token: Token): Option[T] = if (token.kind == 'n') None else Some(item(token))
  }

  private def items[T](token: Token, name: String, item: Dec[T]): Vector[T] = {
    if (token.kind != 'l') throw new Failure(s"${kindName(token.kind)} cannot be passed as $name")
    token.items.map(item(_))
  }

  private def sequence[C](label: String, make: Token => C): Dec[C] = new Dec[C] {
    val name = label
    def apply(token: Token): C = make(token)
  }

  implicit def listDec[T](implicit item: Dec[T]): Dec[List[T]] =
    sequence(s"List[${item.name}]", t => items(t, s"List[${item.name}]", item).toList)
  implicit def vectorDec[T](implicit item: Dec[T]): Dec[Vector[T]] =
    sequence(s"Vector[${item.name}]", t => items(t, s"Vector[${item.name}]", item))
  implicit def seqDec[T](implicit item: Dec[T]): Dec[Seq[T]] =
    sequence(s"Seq[${item.name}]", t => items(t, s"Seq[${item.name}]", item))
  implicit def indexedSeqDec[T](implicit item: Dec[T]): Dec[IndexedSeq[T]] =
    sequence(s"IndexedSeq[${item.name}]", t => items(t, s"IndexedSeq[${item.name}]", item))
  implicit def setDec[T](implicit item: Dec[T]): Dec[Set[T]] =
    sequence(s"Set[${item.name}]", t => items(t, s"Set[${item.name}]", item).toSet)
  implicit def arrayDec[T](implicit item: Dec[T], tag: scala.reflect.ClassTag[T]): Dec[Array[T]] =
    sequence(s"Array[${item.name}]", t => items(t, s"Array[${item.name}]", item).toArray)
  implicit def bufferDec[T](implicit item: Dec[T]): Dec[scala.collection.mutable.ArrayBuffer[T]] =
    sequence(s"ArrayBuffer[${item.name}]", t => scala.collection.mutable.ArrayBuffer(items(t, s"ArrayBuffer[${item.name}]", item): _*))

  private def entries[K, V](token: Token, name: String, key: Dec[K], value: Dec[V]): Vector[(K, V)] = {
    if (token.kind != 'm') throw new Failure(s"${kindName(token.kind)} cannot be passed as $name")
    token.items.grouped(2).map(pair => (key.fromKey(unhex(pair(0).text)), value(pair(1)))).toVector
  }

  implicit def mapDec[K, V](implicit key: Dec[K], value: Dec[V]): Dec[Map[K, V]] =
    sequence(s"Map[${key.name}, ${value.name}]", t => entries(t, s"Map[${key.name}, ${value.name}]", key, value).toMap)
  implicit def mutableMapDec[K, V](implicit key: Dec[K], value: Dec[V]): Dec[scala.collection.mutable.Map[K, V]] =
    sequence(s"mutable.Map[${key.name}, ${value.name}]",
      t => scala.collection.mutable.Map(entries(t, s"mutable.Map[${key.name}, ${value.name}]", key, value): _*))

  private def fields(token: Token, name: String, count: Int): Vector[Token] = {
    if (token.kind != 'l' || token.items.length != count) throw new Failure(s"${kindName(token.kind)} cannot be passed as $name")
    token.items
  }

  implicit def tuple2Dec[A, B](implicit a: Dec[A], b: Dec[B]): Dec[(A, B)] = {
    val label = s"(${a.name}, ${b.name})"
    sequence(label, t => { val f = fields(t, label, 2); (a(f(0)), b(f(1))) })
  }
  implicit def tuple3Dec[A, B, C](implicit a: Dec[A], b: Dec[B], c: Dec[C]): Dec[(A, B, C)] = {
    val label = s"(${a.name}, ${b.name}, ${c.name})"
    sequence(label, t => { val f = fields(t, label, 3); (a(f(0)), b(f(1)), c(f(2))) })
  }

  implicit val anyDec: Dec[Any] = new Dec[Any] {
    val name = "Any"
    def apply(token: Token): Any = token.kind match {
      case 'n' => null
      case 'b' => token.text == "1"
      case 'i' => longDec(token)
      case 'f' => parseDouble(token.text)
      case 's' => unhex(token.text)
      case 'l' => token.items.map(apply).toList
      case 'm' => token.items.grouped(2).map(pair => (unhex(pair(0).text), apply(pair(1)))).toMap
      case other => throw new Failure(s"unreadable argument token $other")
    }
  }

  def arg[T](args: Vector[Token], index: Int, dec: Dec[T]): T =
    try dec(args(index)) catch { case e: Failure => throw new Failure(s"argument ${index + 1}: ${e.getMessage}") }

  // -- the returned value, by its runtime class; only the libraries' own classes ---------

  private def library(value: Any): Boolean = {
    val name = value.getClass.getName
    value.getClass.isArray || name.startsWith("scala.") || name.startsWith("java.")
  }

  private def noJsonForm(value: Any): Failure =
    new Failure(s"the function returned a value of type ${value.getClass.getName.stripPrefix("ScaleboxUser$")}, which has no JSON form")

  def emit(out: StringBuilder, value: Any, depth: Int): Unit = {
    if (depth > 200) throw new Failure("the returned value is nested too deeply")
    value match {
      case null | () | None => out ++= "n\n"
      case _ if !library(value) => throw noJsonForm(value)
      case b: Boolean => out ++= (if (b) "b 1\n" else "b 0\n")
      case c: Char => out ++= s"s ${hex(c.toString)}\n"
      case s: String => out ++= s"s ${hex(s)}\n"
      case d: Double => emitDouble(out, d)
      case f: Float => emitDouble(out, f.toDouble)
      case i @ (_: Int | _: Long | _: Short | _: Byte) => out ++= s"i $i\n"
      case i: BigInt => out ++= s"i $i\n"
      case i: java.math.BigInteger => out ++= s"i $i\n"
      case Some(inner) => emit(out, inner, depth + 1)
      case m: scala.collection.Map[_, _] => emitEntries(out, m.toVector, depth)
      case m: java.util.Map[_, _] =>
        val it = m.entrySet.iterator
        val pairs = Vector.newBuilder[(Any, Any)]
        while (it.hasNext) { val e = it.next(); pairs += ((e.getKey, e.getValue)) }
        emitEntries(out, pairs.result(), depth)
      case p: Product if value.getClass.getName.startsWith("scala.Tuple") => emitItems(out, p.productIterator.toVector, depth)
      case a: Array[_] => emitItems(out, a.toVector, depth)
      case t: TraversableOnce[_] => emitItems(out, t.toVector, depth)
      case c: java.lang.Iterable[_] =>
        val it = c.iterator
        val all = Vector.newBuilder[Any]
        while (it.hasNext) all += it.next()
        emitItems(out, all.result(), depth)
      case _ => throw noJsonForm(value)
    }
  }

  private def emitDouble(out: StringBuilder, d: Double): Unit = {
    val text = if (d.isNaN) "nan" else if (d.isPosInfinity) "inf" else if (d.isNegInfinity) "-inf" else java.lang.Double.toString(d)
    out ++= s"f $text\n"
  }

  private def emitItems(out: StringBuilder, items: Vector[Any], depth: Int): Unit = {
    out ++= s"l ${items.length}\n"
    items.foreach(emit(out, _, depth + 1))
  }

  private def emitEntries(out: StringBuilder, pairs: Vector[(Any, Any)], depth: Int): Unit = {
    out ++= s"m ${pairs.length}\n"
    pairs.foreach { case (k, v) => emit(out, k, depth + 1); emit(out, v, depth + 1) }
  }

  // -- the call ------------------------------------------------------------------------

  def serve(arity: Int)(call: Vector[Token] => Any): Unit = {
    val reply = try {
      val data = new java.io.ByteArrayOutputStream
      val chunk = new Array[Byte](1 << 16)
      var n = System.in.read(chunk)
      while (n >= 0) { data.write(chunk, 0, n); n = System.in.read(chunk) }
      val (request, _) = parse(new String(data.toByteArray, "US-ASCII").split("\n", -1), 0, 0)
      if (request.kind != 'l') throw new Failure("the arguments are not a list")
      if (request.items.length != arity) throw new Failure(s"the function takes $arity arguments")
      val result = call(request.items)
      val out = new StringBuilder("ok\n")
      emit(out, result, 0)
      out.toString
    } catch {
      case e: Failure => s"raised ${hex(e.getMessage)}\n"
      case e: Throwable => s"raised ${hex(e.toString)}\n"
    }
    System.out.flush()
    val replies = new java.io.FileOutputStream("/dev/fd/3")
    try replies.write(reply.getBytes("US-ASCII")) finally replies.close()
  }
}
