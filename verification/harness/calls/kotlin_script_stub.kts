// ScaleBox function-call stub for Kotlin scripts (after the submitted script). Finds the
// function by reflection on the script's class, reads the call's arguments as tokens on
// stdin, converts each to its parameter's declared (generic) type, calls the function and
// answers on file descriptor 3 (see verification/harness/calls).
object ScaleboxCall {
    class Failure(message: String) : Exception(message)

    class Token(val kind: Char, val text: String, val items: List<Token>)

    fun kindName(kind: Char): String = when (kind) {
        'n' -> "null"
        'b' -> "a bool"
        'i' -> "an integer"
        'f' -> "a float"
        's' -> "a string"
        'l' -> "a list"
        'm' -> "an object"
        else -> "a value"
    }

    private fun parse(lines: List<String>, at: IntArray, depth: Int): Token {
        if (depth > 200) throw Failure("the arguments are nested too deeply")
        if (at[0] >= lines.size) throw Failure("the arguments end too soon")
        val line = lines[at[0]++]
        val kind = if (line.isEmpty()) '?' else line[0]
        val text = if (line.length > 2) line.substring(2) else ""
        val items = ArrayList<Token>()
        if (kind == 'l' || kind == 'm') {
            repeat(text.toInt() * (if (kind == 'm') 2 else 1)) { items.add(parse(lines, at, depth + 1)) }
        }
        return Token(kind, text, items)
    }

    fun unhex(hex: String): String =
        String(ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }, Charsets.UTF_8)

    fun hex(text: String): String =
        text.toByteArray(Charsets.UTF_8).joinToString("") { String.format("%02x", it.toInt() and 0xff) }

    private fun typeName(type: java.lang.reflect.Type): String = type.typeName

    private fun mismatch(token: Token, type: java.lang.reflect.Type) =
        Failure("${kindName(token.kind)} cannot be passed as ${typeName(type)}")

    // -- arguments: a token tree converted to the parameter's declared type --------------

    private fun parseDouble(text: String): Double = when (text) {
        "nan" -> Double.NaN
        "inf" -> Double.POSITIVE_INFINITY
        "-inf" -> Double.NEGATIVE_INFINITY
        else -> text.toDouble()
    }

    private fun integer(token: Token, type: java.lang.reflect.Type, min: Long, max: Long): Long {
        if (token.kind != 'i') throw mismatch(token, type)
        val value = token.text.toBigInteger()
        if (value < min.toBigInteger() || value > max.toBigInteger()) {
            throw Failure("integer ${token.text} does not fit in ${typeName(type)}")
        }
        return value.toLong()
    }

    private val sequences = setOf(
        List::class.java, Collection::class.java, Iterable::class.java, ArrayList::class.java,
        java.util.LinkedList::class.java, java.util.ArrayDeque::class.java
    )
    private val sets = setOf(Set::class.java, HashSet::class.java, LinkedHashSet::class.java, java.util.TreeSet::class.java)
    private val maps = setOf(Map::class.java, HashMap::class.java, LinkedHashMap::class.java, java.util.TreeMap::class.java)

    fun convert(token: Token, type: java.lang.reflect.Type): Any? {
        if (type is java.lang.reflect.WildcardType) return convert(token, type.upperBounds[0])
        val raw: Class<*> = when (type) {
            is Class<*> -> type
            is java.lang.reflect.ParameterizedType -> type.rawType as Class<*>
            is java.lang.reflect.GenericArrayType -> java.lang.reflect.Array.newInstance(
                rawOf(type.genericComponentType), 0).javaClass
            else -> throw Failure("parameters of type ${typeName(type)} cannot take JSON values")
        }
        val args: Array<java.lang.reflect.Type> =
            (type as? java.lang.reflect.ParameterizedType)?.actualTypeArguments ?: arrayOf()
        if (token.kind == 'n') {
            if (raw.isPrimitive) throw mismatch(token, type)
            return null
        }
        return when (raw) {
            java.lang.Object::class.java -> dynamic(token)
            java.lang.Boolean.TYPE, java.lang.Boolean::class.java ->
                if (token.kind == 'b') token.text == "1" else throw mismatch(token, type)
            java.lang.Long.TYPE, java.lang.Long::class.java -> integer(token, type, Long.MIN_VALUE, Long.MAX_VALUE)
            java.lang.Integer.TYPE, java.lang.Integer::class.java ->
                integer(token, type, Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong()).toInt()
            java.lang.Short.TYPE, java.lang.Short::class.java ->
                integer(token, type, Short.MIN_VALUE.toLong(), Short.MAX_VALUE.toLong()).toShort()
            java.lang.Byte.TYPE, java.lang.Byte::class.java ->
                integer(token, type, Byte.MIN_VALUE.toLong(), Byte.MAX_VALUE.toLong()).toByte()
            java.math.BigInteger::class.java ->
                if (token.kind == 'i') token.text.toBigInteger() else throw mismatch(token, type)
            java.lang.Double.TYPE, java.lang.Double::class.java ->
                if (token.kind == 'i' || token.kind == 'f') parseDouble(token.text) else throw mismatch(token, type)
            java.lang.Float.TYPE, java.lang.Float::class.java ->
                if (token.kind == 'i' || token.kind == 'f') parseDouble(token.text).toFloat() else throw mismatch(token, type)
            java.lang.String::class.java, CharSequence::class.java ->
                if (token.kind == 's') unhex(token.text) else throw mismatch(token, type)
            java.lang.Character.TYPE, java.lang.Character::class.java -> {
                val text = if (token.kind == 's') unhex(token.text) else throw mismatch(token, type)
                if (text.length != 1) throw Failure("a Char parameter needs a string of one UTF-16 unit")
                text[0]
            }
            in sequences, in sets -> {
                if (token.kind != 'l') throw mismatch(token, type)
                val item = args.firstOrNull() ?: Any::class.java
                val items: MutableCollection<Any?> = when (raw) {
                    in sets -> if (raw == java.util.TreeSet::class.java) java.util.TreeSet() else LinkedHashSet()
                    java.util.LinkedList::class.java -> java.util.LinkedList()
                    java.util.ArrayDeque::class.java -> java.util.ArrayDeque()
                    else -> ArrayList()
                }
                token.items.mapTo(items) { convert(it, item) }
            }
            in maps -> {
                if (token.kind != 'm') throw mismatch(token, type)
                val key = args.getOrNull(0) ?: Any::class.java
                val value = args.getOrNull(1) ?: Any::class.java
                val map: MutableMap<Any?, Any?> = if (raw == java.util.TreeMap::class.java) java.util.TreeMap() else LinkedHashMap()
                for (i in token.items.indices step 2) map[key(token.items[i], key)] = convert(token.items[i + 1], value)
                map
            }
            Pair::class.java -> {
                if (token.kind != 'l' || token.items.size != 2) throw mismatch(token, type)
                Pair(convert(token.items[0], args[0]), convert(token.items[1], args[1]))
            }
            Triple::class.java -> {
                if (token.kind != 'l' || token.items.size != 3) throw mismatch(token, type)
                Triple(convert(token.items[0], args[0]), convert(token.items[1], args[1]), convert(token.items[2], args[2]))
            }
            else -> if (raw.isArray) {
                if (token.kind != 'l') throw mismatch(token, type)
                val item = (type as? java.lang.reflect.GenericArrayType)?.genericComponentType ?: raw.componentType
                val array = java.lang.reflect.Array.newInstance(raw.componentType, token.items.size)
                token.items.forEachIndexed { i, it -> java.lang.reflect.Array.set(array, i, convert(it, item)) }
                array
            } else {
                throw Failure("parameters of type ${typeName(type)} cannot take JSON values")
            }
        }
    }

    private fun rawOf(type: java.lang.reflect.Type): Class<*> = when (type) {
        is Class<*> -> type
        is java.lang.reflect.ParameterizedType -> type.rawType as Class<*>
        is java.lang.reflect.WildcardType -> rawOf(type.upperBounds[0])
        is java.lang.reflect.GenericArrayType -> java.lang.reflect.Array.newInstance(rawOf(type.genericComponentType), 0).javaClass
        else -> Any::class.java
    }

    private fun key(token: Token, type: java.lang.reflect.Type): Any? {
        if (token.kind != 's') throw mismatch(token, type)
        val text = unhex(token.text)
        return when (rawOf(type)) {
            java.lang.String::class.java, java.lang.Object::class.java, CharSequence::class.java -> text
            java.lang.Boolean::class.java -> text == "true"
            java.lang.Double::class.java, java.lang.Float::class.java -> convert(Token('f', text, listOf()), type)
            else -> convert(Token('i', text, listOf()), type)
        }
    }

    private fun dynamic(token: Token): Any? = when (token.kind) {
        'n' -> null
        'b' -> token.text == "1"
        'i' -> integer(token, Long::class.java, Long.MIN_VALUE, Long.MAX_VALUE)
        'f' -> parseDouble(token.text)
        's' -> unhex(token.text)
        'l' -> token.items.map { dynamic(it) }
        'm' -> (token.items.indices step 2).associate { unhex(token.items[it].text) to dynamic(token.items[it + 1]) }
        else -> throw Failure("unreadable argument token ${token.kind}")
    }

    // -- the returned value, by its runtime class; only the libraries' own classes ---------

    private fun noJsonForm(value: Any) =
        Failure("the function returned a value of type ${value.javaClass.name.removePrefix("Main$")}, which has no JSON form")

    fun emit(out: StringBuilder, value: Any?, depth: Int) {
        if (depth > 200) throw Failure("the returned value is nested too deeply")
        if (value == null || value === Unit) {
            out.append("n\n")
            return
        }
        val name = value.javaClass.name
        if (!value.javaClass.isArray && !name.startsWith("java.") && !name.startsWith("kotlin.")) throw noJsonForm(value)
        when (value) {
            is Boolean -> out.append(if (value) "b 1\n" else "b 0\n")
            is Char -> out.append("s ").append(hex(value.toString())).append('\n')
            is String -> out.append("s ").append(hex(value)).append('\n')
            is Double, is Float -> {
                val d = (value as Number).toDouble()
                val text = if (d.isNaN()) "nan" else if (d == Double.POSITIVE_INFINITY) "inf"
                    else if (d == Double.NEGATIVE_INFINITY) "-inf" else d.toString()
                out.append("f ").append(text).append('\n')
            }
            is Int, is Long, is Short, is Byte, is java.math.BigInteger -> out.append("i ").append(value).append('\n')
            is Map<*, *> -> {
                out.append("m ").append(value.size).append('\n')
                for ((k, v) in value) {
                    emit(out, k, depth + 1)
                    emit(out, v, depth + 1)
                }
            }
            is Pair<*, *> -> items(out, listOf(value.first, value.second), depth)
            is Triple<*, *, *> -> items(out, listOf(value.first, value.second, value.third), depth)
            is Iterable<*> -> items(out, value.toList(), depth)
            else -> if (value.javaClass.isArray) {
                items(out, List(java.lang.reflect.Array.getLength(value)) { java.lang.reflect.Array.get(value, it) }, depth)
            } else {
                throw noJsonForm(value)
            }
        }
    }

    private fun items(out: StringBuilder, items: List<Any?>, depth: Int) {
        out.append("l ").append(items.size).append('\n')
        for (item in items) emit(out, item, depth + 1)
    }

    // -- finding and calling the function -----------------------------------------------

    private fun target(script: Any, name: String, arity: Int): Pair<Any?, java.lang.reflect.Method> {
        val solution = script.javaClass.declaredClasses.firstOrNull { it.simpleName == "Solution" }
        for (owner in listOfNotNull(solution, script.javaClass)) {
            val found = owner.declaredMethods.filter { it.name == name && it.parameterCount == arity && !it.isSynthetic }
            if (found.size > 1) throw Failure("${found.size} functions named $name take $arity parameters; the call cannot choose")
            val method = found.firstOrNull() ?: continue
            method.isAccessible = true
            if (java.lang.reflect.Modifier.isStatic(method.modifiers)) return Pair(null, method)
            if (owner === script.javaClass) return Pair(script, method)
            val instance = owner.declaredFields.firstOrNull { it.name == "INSTANCE" }
            if (instance != null) return Pair(instance.get(null), method)
            val made = owner.declaredConstructors.firstOrNull { it.parameterCount == 0 }
                ?: owner.declaredConstructors.firstOrNull { it.parameterCount == 1 && it.parameterTypes[0] == script.javaClass }
                ?: throw Failure("Solution cannot be made without arguments")
            made.isAccessible = true
            return Pair(if (made.parameterCount == 0) made.newInstance() else made.newInstance(script), method)
        }
        throw Failure("the script has no function named $name that takes $arity parameters")
    }

    fun serve(script: Any, name: String, arity: Int, request: ByteArray) {
        val reply = try {
            val lines = String(request, Charsets.US_ASCII).split("\n")
            val call = parse(lines, intArrayOf(0), 0)
            if (call.kind != 'l') throw Failure("the arguments are not a list")
            if (call.items.size != arity) throw Failure("$name takes $arity arguments")
            val (self, method) = target(script, name, arity)
            val types = method.genericParameterTypes
            val args = Array(arity) {
                try {
                    convert(call.items[it], types[it])
                } catch (e: Failure) {
                    throw Failure("argument ${it + 1}: ${e.message}")
                }
            }
            val result = try {
                method.invoke(self, *args)
            } catch (e: java.lang.reflect.InvocationTargetException) {
                throw e.cause ?: e
            }
            val out = StringBuilder("ok\n")
            emit(out, if (method.returnType == Void.TYPE) null else result, 0)
            out.toString()
        } catch (e: Failure) {
            "raised ${hex(e.message ?: "")}\n"
        } catch (e: Throwable) {
            "raised ${hex(e.toString())}\n"
        }
        System.out.flush()
        java.io.FileOutputStream("/dev/fd/3").use { it.write(reply.toByteArray(Charsets.US_ASCII)) }
    }
}
