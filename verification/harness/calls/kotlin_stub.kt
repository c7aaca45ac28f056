// ScaleBox function-call stub for Kotlin (placed after the submitted code).
// Reads the call's arguments as tokens on stdin, converts each to its parameter's declared
// type by reflection on the JVM signature, calls the function and answers on file
// descriptor 3 (see verification/harness/calls). Only the JDK's and Kotlin's own types are
// written back.

private class ScaleboxFailure(message: String) : java.lang.RuntimeException(message)

private object ScaleboxCall {
    private var lines: List<String> = emptyList()
    private var pos = 0

    fun run(facade: Class<*>, fn: String, arity: Int, classes: Array<String>) {
        val out = try {
            "ok\n" + call(facade, fn, arity, classes)
        } catch (e: java.lang.reflect.InvocationTargetException) {
            raised(e.cause ?: e)
        } catch (e: Throwable) {
            raised(e)
        }
        System.out.flush()
        System.err.flush()
        java.io.FileOutputStream("/proc/self/fd/3").use { it.write(out.toByteArray(Charsets.UTF_8)) }
        Runtime.getRuntime().halt(0)
    }

    private fun raised(e: Throwable): String {
        if (e is ScaleboxFailure) return "raised " + hex(e.message ?: "") + "\n"
        var text = e.javaClass.name
        try {
            val message = e.message
            if (message != null) text += ": " + message
        } catch (ignored: Throwable) {
            // the exception's own message failed: its class names it
        }
        return "raised " + hex(text) + "\n"
    }

    // -- finding the function -----------------------------------------------------------

    private fun call(facade: Class<*>, fn: String, arity: Int, classes: Array<String>): String {
        lines = String(System.`in`.readBytes(), Charsets.UTF_8).split("\n")
        val prefix = facade.name.substringBeforeLast('.', "").let { if (it.length == 0) "" else "$it." }
        val types = ArrayList<Class<*>>()
        for (name in classes) {
            try {
                types.add(Class.forName(prefix + name))
            } catch (e: ClassNotFoundException) {
                // a nested or local name
            }
        }
        // Solution's methods first, then the file's own functions, then the other classes.
        types.add(if (types.isNotEmpty() && types[0].simpleName == "Solution") 1 else 0, facade)
        val found = ArrayList<java.lang.reflect.Method>()
        val arities = ArrayList<String>()
        for (type in types) {
            for (m in type.declaredMethods) {
                if (m.name != fn || m.isSynthetic || m.isBridge) continue
                if (m.parameterCount == arity) found.add(m) else arities.add(m.parameterCount.toString())
            }
        }
        if (found.isEmpty()) {
            throw ScaleboxFailure(
                if (arities.isEmpty()) "no function named $fn"
                else "$fn takes ${arities.joinToString(" or ")} arguments, not $arity"
            )
        }
        var first: ScaleboxFailure? = null
        for (m in found) {
            val args = try {
                arguments(m)
            } catch (e: ScaleboxFailure) {
                if (first == null) first = e
                continue
            }
            m.isAccessible = true
            var self: Any? = null
            if (!java.lang.reflect.Modifier.isStatic(m.modifiers)) {
                val owner = m.declaringClass
                val single = owner.declaredFields.firstOrNull {
                    it.name == "INSTANCE" && java.lang.reflect.Modifier.isStatic(it.modifiers) && it.type == owner
                }
                self = if (single != null) {
                    single.isAccessible = true
                    single.get(null)
                } else {
                    val make = owner.getDeclaredConstructor()
                    make.isAccessible = true
                    make.newInstance()
                }
            }
            val result = m.invoke(self, *args)
            val out = StringBuilder()
            emit(out, result, 0)
            return out.toString()
        }
        throw first!!
    }

    private fun arguments(m: java.lang.reflect.Method): Array<Any?> {
        pos = 0
        val types = m.genericParameterTypes
        val n = count(next('l'))
        if (n != types.size.toLong()) throw ScaleboxFailure("the call has $n arguments")
        return Array(types.size) { i ->
            try {
                parse(types[i], 0)
            } catch (e: ScaleboxFailure) {
                throw ScaleboxFailure("argument ${i + 1}: ${e.message}")
            }
        }
    }

    // -- tokens to values of the declared types -----------------------------------------

    private fun next(kind: Char): String {
        if (pos >= lines.size || lines[pos].length == 0) throw ScaleboxFailure("the arguments end too soon")
        val line = lines[pos]
        if (kind != '?' && line[0] != kind) {
            throw ScaleboxFailure("expected ${kindName(kind)}, got ${kindName(line[0])}")
        }
        pos++
        return line
    }

    private fun rest(line: String): String = if (line.length > 2) line.substring(2) else ""

    private fun count(line: String): Long {
        val n = rest(line).toLong()
        if (n < 0) throw ScaleboxFailure("negative count")
        return n
    }

    private fun kindName(kind: Char): String = when (kind) {
        'n' -> "null"
        'b' -> "a bool"
        'i' -> "an integer"
        'f' -> "a float"
        's' -> "a string"
        'l' -> "a list"
        'm' -> "an object"
        else -> "a value"
    }

    private fun bound(type: java.lang.reflect.Type): java.lang.reflect.Type = when (type) {
        is java.lang.reflect.WildcardType ->
            bound(if (type.lowerBounds.isNotEmpty()) type.lowerBounds[0] else type.upperBounds[0])
        is java.lang.reflect.TypeVariable<*> -> bound(type.bounds[0])
        else -> type
    }

    private fun raw(type: java.lang.reflect.Type): Class<*> {
        val t = bound(type)
        return when (t) {
            is Class<*> -> t
            is java.lang.reflect.ParameterizedType -> raw(t.rawType)
            is java.lang.reflect.GenericArrayType ->
                java.lang.reflect.Array.newInstance(raw(t.genericComponentType), 0).javaClass
            else -> Any::class.java
        }
    }

    private fun typeArgument(type: java.lang.reflect.Type, i: Int): java.lang.reflect.Type {
        val t = bound(type)
        if (t is java.lang.reflect.ParameterizedType && i < t.actualTypeArguments.size) {
            return bound(t.actualTypeArguments[i])
        }
        return Any::class.java
    }

    private fun itemType(type: java.lang.reflect.Type): java.lang.reflect.Type {
        val t = bound(type)
        if (t is java.lang.reflect.GenericArrayType) return bound(t.genericComponentType)
        val r = raw(t)
        return if (r.isArray) r.componentType else typeArgument(t, 0)
    }

    private fun parse(type: java.lang.reflect.Type, depth: Int): Any? {
        if (depth > 100) throw ScaleboxFailure("nested too deeply")
        val line = next('?')
        return convert(line[0], rest(line), type, depth)
    }

    private val LONG = Long::class.javaObjectType
    private val INT = Int::class.javaObjectType
    private val SHORT = Short::class.javaObjectType
    private val BYTE = Byte::class.javaObjectType
    private val DOUBLE = Double::class.javaObjectType
    private val FLOAT = Float::class.javaObjectType
    private val BOOLEAN = Boolean::class.javaObjectType
    private val CHAR = Char::class.javaObjectType

    private fun box(raw: Class<*>): Class<*> = when (raw) {
        Long::class.javaPrimitiveType -> LONG
        Int::class.javaPrimitiveType -> INT
        Short::class.javaPrimitiveType -> SHORT
        Byte::class.javaPrimitiveType -> BYTE
        Double::class.javaPrimitiveType -> DOUBLE
        Float::class.javaPrimitiveType -> FLOAT
        Boolean::class.javaPrimitiveType -> BOOLEAN
        Char::class.javaPrimitiveType -> CHAR
        else -> raw
    }

    private fun natural(kind: Char): Class<*> = when (kind) {
        'b' -> BOOLEAN
        'i' -> LONG
        'f' -> DOUBLE
        's' -> String::class.java
        'l' -> List::class.java
        'm' -> Map::class.java
        else -> Any::class.java
    }

    private fun convert(kind: Char, text: String, type: java.lang.reflect.Type, depth: Int): Any? {
        var raw = raw(type)
        val name = type.typeName
        if (raw == java.util.Optional::class.java) {
            return if (kind == 'n') java.util.Optional.empty<Any>()
            else java.util.Optional.ofNullable(convert(kind, text, typeArgument(type, 0), depth))
        }
        if (kind == 'n') {
            if (raw.isPrimitive) throw ScaleboxFailure("null for a parameter of type $name")
            return null
        }
        if (raw == Any::class.java) raw = natural(kind)
        val boxed = box(raw)
        when (kind) {
            'b' -> if (boxed == BOOLEAN) return text == "1"
            'i' -> when {
                boxed == LONG -> return integer(text, Long.MIN_VALUE, Long.MAX_VALUE, name)
                boxed == INT -> return integer(text, Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong(), name).toInt()
                boxed == SHORT -> return integer(text, Short.MIN_VALUE.toLong(), Short.MAX_VALUE.toLong(), name).toShort()
                boxed == BYTE -> return integer(text, Byte.MIN_VALUE.toLong(), Byte.MAX_VALUE.toLong(), name).toByte()
                raw == java.math.BigInteger::class.java || raw == Number::class.java -> return java.math.BigInteger(text)
                boxed == DOUBLE -> return text.toDouble()
                boxed == FLOAT -> return text.toFloat()
                raw == java.math.BigDecimal::class.java -> return java.math.BigDecimal(text)
            }
            'f' -> when {
                boxed == DOUBLE || raw == Number::class.java -> return real(text)
                boxed == FLOAT -> return real(text).toFloat()
                raw == java.math.BigDecimal::class.java -> return java.math.BigDecimal(text)
            }
            's' -> {
                if (raw == String::class.java || raw == CharSequence::class.java) return unhex(text)
                if (boxed == CHAR) {
                    val s = unhex(text)
                    if (s.length != 1) {
                        throw ScaleboxFailure("a Char parameter needs a string of one UTF-16 unit, got ${s.length}")
                    }
                    return s[0]
                }
            }
            'l' -> {
                if (raw.isArray) {
                    val n = count("l $text")
                    val item = itemType(type)
                    val array = java.lang.reflect.Array.newInstance(raw(item), n.toInt())
                    for (i in 0 until n.toInt()) java.lang.reflect.Array.set(array, i, parse(item, depth + 1))
                    return array
                }
                if (Collection::class.java.isAssignableFrom(raw) || raw == Iterable::class.java) {
                    val n = count("l $text")
                    @Suppress("UNCHECKED_CAST")
                    val items = make(
                        raw, name, java.util.ArrayList::class.java, java.util.LinkedHashSet::class.java,
                        java.util.TreeSet::class.java, java.util.ArrayDeque::class.java
                    ) as MutableCollection<Any?>
                    for (i in 0 until n) items.add(parse(itemType(type), depth + 1))
                    return items
                }
            }
            'm' -> if (Map::class.java.isAssignableFrom(raw)) {
                val n = count("m $text")
                @Suppress("UNCHECKED_CAST")
                val map = make(raw, name, java.util.LinkedHashMap::class.java, java.util.TreeMap::class.java)
                    as MutableMap<Any?, Any?>
                val keyType = typeArgument(type, 0)
                for (i in 0 until n) {
                    val key = key(unhex(rest(next('s'))), keyType, depth)
                    map.put(key, parse(typeArgument(type, 1), depth + 1))
                }
                return map
            }
            else -> throw ScaleboxFailure("unreadable token $kind")
        }
        throw ScaleboxFailure("cannot pass ${kindName(kind)} as a parameter of type $name")
    }

    private fun key(text: String, type: java.lang.reflect.Type, depth: Int): Any? {
        val boxed = box(raw(type))
        try {
            if (boxed == BOOLEAN) {
                if (text != "true" && text != "false") throw ScaleboxFailure("key $text is not a boolean")
                return convert('b', if (text == "true") "1" else "0", type, depth)
            }
            if (Number::class.java.isAssignableFrom(boxed)) {
                val whole = boxed != DOUBLE && boxed != FLOAT && boxed != java.math.BigDecimal::class.java
                return convert(if (whole) 'i' else 'f', text, type, depth)
            }
        } catch (e: NumberFormatException) {
            throw ScaleboxFailure("key $text is not a number")
        }
        return convert('s', hex(text), type, depth)
    }

    private fun make(raw: Class<*>, name: String, vararg kinds: Class<*>): Any {
        try {
            if (!raw.isInterface && !java.lang.reflect.Modifier.isAbstract(raw.modifiers)) {
                return raw.getDeclaredConstructor().newInstance()
            }
            for (kind in kinds) {
                if (raw.isAssignableFrom(kind)) return kind.getDeclaredConstructor().newInstance()
            }
        } catch (e: ReflectiveOperationException) {
            // no constructor without arguments
        }
        throw ScaleboxFailure("cannot make a value of type $name")
    }

    private fun integer(text: String, min: Long, max: Long, name: String): Long {
        val v = text.toLongOrNull() ?: throw ScaleboxFailure("integer $text does not fit in 64 bits")
        if (v < min || v > max) throw ScaleboxFailure("integer $text does not fit a parameter of type $name")
        return v
    }

    private fun real(text: String): Double = when (text) {
        "nan" -> Double.NaN
        "inf" -> Double.POSITIVE_INFINITY
        "-inf" -> Double.NEGATIVE_INFINITY
        else -> text.toDouble()
    }

    // -- returned values to tokens ------------------------------------------------------

    private fun trusted(type: Class<*>): Boolean {
        // The JDK's classes (boot or platform loader) and Kotlin's (the package `kotlin` is
        // closed to programs): never the program's.
        val loader = type.classLoader
        return loader == null || loader == ClassLoader.getPlatformClassLoader() ||
            type.name.startsWith("kotlin.")
    }

    private fun emit(out: StringBuilder, value: Any?, depth: Int) {
        if (depth > 100) throw ScaleboxFailure("the returned value is nested too deeply")
        if (value == null || value === Unit) {
            out.append("n\n")
            return
        }
        val type = value.javaClass
        if (!type.isArray && !trusted(type)) {
            throw ScaleboxFailure("the function returned a value of class ${type.name}, which has no JSON form")
        }
        when {
            value is java.util.Optional<*> -> emit(out, if (value.isPresent) value.get() else null, depth)
            value is Boolean -> out.append(if (value) "b 1\n" else "b 0\n")
            value is Long || value is Int || value is Short || value is Byte || value is java.math.BigInteger ->
                out.append("i ").append(value.toString()).append('\n')
            value is Double -> out.append("f ").append(real(value, value.toString())).append('\n')
            value is Float -> out.append("f ").append(real(value.toDouble(), value.toString())).append('\n')
            value is java.math.BigDecimal -> out.append("f ").append(value.toString()).append('\n')
            value is Char || value is CharSequence -> out.append("s ").append(hex(value.toString())).append('\n')
            type.isArray -> {
                val n = java.lang.reflect.Array.getLength(value)
                out.append("l ").append(n).append('\n')
                for (i in 0 until n) emit(out, java.lang.reflect.Array.get(value, i), depth + 1)
            }
            value is Pair<*, *> -> {
                out.append("l 2\n")
                emit(out, value.first, depth + 1)
                emit(out, value.second, depth + 1)
            }
            value is Triple<*, *, *> -> {
                out.append("l 3\n")
                emit(out, value.first, depth + 1)
                emit(out, value.second, depth + 1)
                emit(out, value.third, depth + 1)
            }
            value is Iterable<*> -> {
                val items = value.toList()
                out.append("l ").append(items.size).append('\n')
                for (item in items) emit(out, item, depth + 1)
            }
            value is Map<*, *> -> {
                val entries = value.entries.toList()
                out.append("m ").append(entries.size).append('\n')
                for (e in entries) {
                    emit(out, e.key, depth + 1)
                    emit(out, e.value, depth + 1)
                }
            }
            else -> throw ScaleboxFailure("the function returned a value of class ${type.name}, which has no JSON form")
        }
    }

    private fun real(value: Double, text: String): String = when {
        value.isNaN() -> "nan"
        value.isInfinite() -> if (value > 0) "inf" else "-inf"
        else -> text
    }

    // -- hex of UTF-8 -------------------------------------------------------------------

    private fun unhex(text: String): String {
        val bytes = ByteArray(text.length / 2) { i -> text.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
        return String(bytes, Charsets.UTF_8)
    }

    private fun hex(text: String): String {
        val out = StringBuilder()
        for (b in text.toByteArray(Charsets.UTF_8)) {
            val v = b.toInt() and 255
            out.append(Character.forDigit(v shr 4, 16)).append(Character.forDigit(v and 15, 16))
        }
        return out.toString()
    }
}

fun main(args: Array<String>) {
    ScaleboxCall.run(java.lang.invoke.MethodHandles.lookup().lookupClass(), FN_NAME, ARITY, CLASSES)
}
