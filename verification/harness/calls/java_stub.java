// ScaleBox function-call stub for Java (placed after the submitted code).
// Reads the call's arguments as tokens on stdin, converts each to its parameter's declared
// type by reflection, calls the function and answers on file descriptor 3 (see
// verification/harness/calls). Only the JDK's own types are written back.
final class ScaleboxCall {
    static final class Failure extends java.lang.RuntimeException {
        Failure(java.lang.String message) {
            super(message);
        }
    }

    private static java.lang.String[] lines = new java.lang.String[0];
    private static int pos;

    public static void main(java.lang.String[] argv) throws java.lang.Exception {
        java.lang.String out;
        try {
            out = "ok\n" + call(FN_NAME, ARITY, CLASSES);
        } catch (java.lang.reflect.InvocationTargetException e) {
            out = raised(e.getCause() == null ? e : e.getCause());
        } catch (java.lang.Throwable e) {
            out = raised(e);
        }
        java.lang.System.out.flush();
        java.lang.System.err.flush();
        try (java.io.OutputStream answer = new java.io.FileOutputStream("/proc/self/fd/3")) {
            answer.write(out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.lang.Runtime.getRuntime().halt(0);
    }

    private static java.lang.String raised(java.lang.Throwable e) {
        if (e instanceof Failure) return "raised " + hex(e.getMessage()) + "\n";
        java.lang.String text = e.getClass().getName();
        try {
            java.lang.String message = e.getMessage();
            if (message != null) text += ": " + message;
        } catch (java.lang.Throwable ignored) {
            // the exception's own message failed: its class names it
        }
        return "raised " + hex(text) + "\n";
    }

    // -- finding the function -------------------------------------------------------------

    static java.lang.String call(java.lang.String fn, int arity, java.lang.String[] classes)
            throws java.lang.Exception {
        lines = new java.lang.String(java.lang.System.in.readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8).split("\n");
        java.util.List<java.lang.reflect.Method> found = new java.util.ArrayList<>();
        java.util.List<java.lang.String> arities = new java.util.ArrayList<>();
        for (java.lang.String name : classes) {
            java.lang.Class<?> type;
            try {
                type = java.lang.Class.forName(name);
            } catch (java.lang.ClassNotFoundException e) {
                continue;
            }
            for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                if (!m.getName().equals(fn) || m.isSynthetic() || m.isBridge()) continue;
                if (m.getParameterCount() == arity) found.add(m);
                else arities.add(java.lang.String.valueOf(m.getParameterCount()));
            }
        }
        if (found.isEmpty()) {
            throw new Failure(arities.isEmpty()
                    ? "no method named " + fn + " in " + java.lang.String.join(", ", classes)
                    : fn + " takes " + java.lang.String.join(" or ", arities) + " arguments, not " + arity);
        }
        Failure first = null;
        for (java.lang.reflect.Method m : found) {
            java.lang.Object[] args;
            try {
                args = arguments(m);
            } catch (Failure e) {
                if (first == null) first = e;
                continue;
            }
            m.setAccessible(true);
            java.lang.Object self = null;
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                java.lang.reflect.Constructor<?> make = m.getDeclaringClass().getDeclaredConstructor();
                make.setAccessible(true);
                self = make.newInstance();
            }
            java.lang.Object result = m.invoke(self, args);
            java.lang.StringBuilder out = new java.lang.StringBuilder();
            emit(out, result, 0);
            return out.toString();
        }
        throw first;
    }

    private static java.lang.Object[] arguments(java.lang.reflect.Method m) {
        pos = 0;
        java.lang.reflect.Type[] types = m.getGenericParameterTypes();
        long n = count(next('l'));
        if (n != types.length) throw new Failure("the call has " + n + " arguments");
        java.lang.Object[] args = new java.lang.Object[types.length];
        for (int i = 0; i < types.length; i++) {
            try {
                args[i] = parse(types[i], 0);
            } catch (Failure e) {
                throw new Failure("argument " + (i + 1) + ": " + e.getMessage());
            }
        }
        return args;
    }

    // -- tokens to values of the declared types -------------------------------------------

    private static java.lang.String next(char kind) {
        if (pos >= lines.length || lines[pos].isEmpty()) throw new Failure("the arguments end too soon");
        java.lang.String line = lines[pos];
        if (kind != '?' && line.charAt(0) != kind) {
            throw new Failure("expected " + kindName(kind) + ", got " + kindName(line.charAt(0)));
        }
        pos++;
        return line;
    }

    private static java.lang.String rest(java.lang.String line) {
        return line.length() > 2 ? line.substring(2) : "";
    }

    private static long count(java.lang.String line) {
        long n = java.lang.Long.parseLong(rest(line));
        if (n < 0) throw new Failure("negative count");
        return n;
    }

    private static java.lang.String kindName(char kind) {
        switch (kind) {
            case 'n': return "null";
            case 'b': return "a bool";
            case 'i': return "an integer";
            case 'f': return "a float";
            case 's': return "a string";
            case 'l': return "a list";
            case 'm': return "an object";
            default: return "a value";
        }
    }

    private static java.lang.Class<?> raw(java.lang.reflect.Type type) {
        if (type instanceof java.lang.Class) return (java.lang.Class<?>) type;
        if (type instanceof java.lang.reflect.ParameterizedType) {
            return raw(((java.lang.reflect.ParameterizedType) type).getRawType());
        }
        if (type instanceof java.lang.reflect.GenericArrayType) {
            java.lang.reflect.Type item = ((java.lang.reflect.GenericArrayType) type).getGenericComponentType();
            return java.lang.reflect.Array.newInstance(raw(item), 0).getClass();
        }
        if (type instanceof java.lang.reflect.WildcardType) {
            java.lang.reflect.WildcardType w = (java.lang.reflect.WildcardType) type;
            return raw(w.getLowerBounds().length > 0 ? w.getLowerBounds()[0] : w.getUpperBounds()[0]);
        }
        if (type instanceof java.lang.reflect.TypeVariable) {
            return raw(((java.lang.reflect.TypeVariable<?>) type).getBounds()[0]);
        }
        return java.lang.Object.class;
    }

    private static java.lang.reflect.Type typeArgument(java.lang.reflect.Type type, int i) {
        if (type instanceof java.lang.reflect.ParameterizedType) {
            java.lang.reflect.Type[] args = ((java.lang.reflect.ParameterizedType) type).getActualTypeArguments();
            if (i < args.length) return bound(args[i]);
        }
        return java.lang.Object.class;
    }

    private static java.lang.reflect.Type bound(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.WildcardType) {
            java.lang.reflect.WildcardType w = (java.lang.reflect.WildcardType) type;
            return bound(w.getLowerBounds().length > 0 ? w.getLowerBounds()[0] : w.getUpperBounds()[0]);
        }
        if (type instanceof java.lang.reflect.TypeVariable) {
            return bound(((java.lang.reflect.TypeVariable<?>) type).getBounds()[0]);
        }
        return type;
    }

    private static java.lang.reflect.Type itemType(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.GenericArrayType) {
            return bound(((java.lang.reflect.GenericArrayType) type).getGenericComponentType());
        }
        java.lang.Class<?> raw = raw(type);
        return raw.isArray() ? raw.getComponentType() : typeArgument(type, 0);
    }

    private static java.lang.Object parse(java.lang.reflect.Type type, int depth) {
        if (depth > 100) throw new Failure("nested too deeply");
        java.lang.String line = next('?');
        return convert(line.charAt(0), rest(line), type, depth);
    }

    private static java.lang.Object convert(char kind, java.lang.String text, java.lang.reflect.Type type, int depth) {
        java.lang.Class<?> raw = raw(type);
        java.lang.String name = type.getTypeName();
        if (raw == java.util.Optional.class) {
            return kind == 'n' ? java.util.Optional.empty()
                    : java.util.Optional.of(convert(kind, text, typeArgument(type, 0), depth));
        }
        if (kind == 'n') {
            if (raw.isPrimitive()) throw new Failure("null for a parameter of type " + name);
            return null;
        }
        if (raw == java.lang.Object.class) raw = natural(kind);
        java.lang.Class<?> boxed = box(raw);
        switch (kind) {
            case 'b':
                if (boxed == java.lang.Boolean.class) return text.equals("1");
                break;
            case 'i':
                if (boxed == java.lang.Long.class) return integer(text, java.lang.Long.MIN_VALUE, java.lang.Long.MAX_VALUE, name);
                if (boxed == java.lang.Integer.class) return (int) integer(text, java.lang.Integer.MIN_VALUE, java.lang.Integer.MAX_VALUE, name);
                if (boxed == java.lang.Short.class) return (short) integer(text, java.lang.Short.MIN_VALUE, java.lang.Short.MAX_VALUE, name);
                if (boxed == java.lang.Byte.class) return (byte) integer(text, java.lang.Byte.MIN_VALUE, java.lang.Byte.MAX_VALUE, name);
                if (raw == java.math.BigInteger.class || raw == java.lang.Number.class) return new java.math.BigInteger(text);
                if (boxed == java.lang.Double.class) return java.lang.Double.parseDouble(text);
                if (boxed == java.lang.Float.class) return java.lang.Float.parseFloat(text);
                if (raw == java.math.BigDecimal.class) return new java.math.BigDecimal(text);
                break;
            case 'f':
                if (boxed == java.lang.Double.class || raw == java.lang.Number.class) return real(text);
                if (boxed == java.lang.Float.class) return (float) real(text);
                if (raw == java.math.BigDecimal.class) return new java.math.BigDecimal(text);
                break;
            case 's':
                if (raw == java.lang.String.class || raw == java.lang.CharSequence.class) return unhex(text);
                if (boxed == java.lang.Character.class) {
                    java.lang.String s = unhex(text);
                    if (s.length() != 1) throw new Failure("a char parameter needs a string of one UTF-16 unit, got " + s.length());
                    return s.charAt(0);
                }
                break;
            case 'l':
                if (raw.isArray()) {
                    long n = count("l " + text);
                    java.lang.reflect.Type item = itemType(type);
                    java.lang.Object array = java.lang.reflect.Array.newInstance(raw(item), (int) n);
                    for (int i = 0; i < n; i++) java.lang.reflect.Array.set(array, i, parse(item, depth + 1));
                    return array;
                }
                if (java.util.Collection.class.isAssignableFrom(raw) || raw == java.lang.Iterable.class) {
                    long n = count("l " + text);
                    @SuppressWarnings("unchecked")
                    java.util.Collection<java.lang.Object> items =
                            (java.util.Collection<java.lang.Object>) make(raw, name, java.util.ArrayList.class,
                                    java.util.LinkedHashSet.class, java.util.TreeSet.class, java.util.ArrayDeque.class);
                    for (long i = 0; i < n; i++) items.add(parse(itemType(type), depth + 1));
                    return items;
                }
                break;
            case 'm':
                if (java.util.Map.class.isAssignableFrom(raw)) {
                    long n = count("m " + text);
                    @SuppressWarnings("unchecked")
                    java.util.Map<java.lang.Object, java.lang.Object> map =
                            (java.util.Map<java.lang.Object, java.lang.Object>) make(raw, name, java.util.LinkedHashMap.class,
                                    java.util.TreeMap.class);
                    java.lang.reflect.Type keyType = typeArgument(type, 0);
                    for (long i = 0; i < n; i++) {
                        java.lang.Object key = key(unhex(rest(next('s'))), keyType, depth);
                        map.put(key, parse(typeArgument(type, 1), depth + 1));
                    }
                    return map;
                }
                break;
            default:
                throw new Failure("unreadable token " + kind);
        }
        throw new Failure("cannot pass " + kindName(kind) + " as a parameter of type " + name);
    }

    private static java.lang.Object key(java.lang.String text, java.lang.reflect.Type type, int depth) {
        java.lang.Class<?> boxed = box(raw(type));
        try {
            if (boxed == java.lang.Boolean.class) {
                if (!text.equals("true") && !text.equals("false")) throw new Failure("key " + text + " is not a boolean");
                return convert('b', text.equals("true") ? "1" : "0", type, depth);
            }
            if (java.lang.Number.class.isAssignableFrom(boxed)) {
                boolean whole = boxed != java.lang.Double.class && boxed != java.lang.Float.class
                        && boxed != java.math.BigDecimal.class;
                return convert(whole ? 'i' : 'f', text, type, depth);
            }
        } catch (java.lang.NumberFormatException e) {
            throw new Failure("key " + text + " is not a number");
        }
        return convert('s', hex(text), type, depth);
    }

    private static java.lang.Object make(java.lang.Class<?> raw, java.lang.String name, java.lang.Class<?>... kinds) {
        try {
            if (!raw.isInterface() && !java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
                return raw.getDeclaredConstructor().newInstance();
            }
            for (java.lang.Class<?> kind : kinds) {
                if (raw.isAssignableFrom(kind)) return kind.getDeclaredConstructor().newInstance();
            }
        } catch (java.lang.ReflectiveOperationException e) {
            // no constructor without arguments
        }
        throw new Failure("cannot make a value of type " + name);
    }

    private static java.lang.Class<?> natural(char kind) {
        switch (kind) {
            case 'b': return java.lang.Boolean.class;
            case 'i': return java.lang.Long.class;
            case 'f': return java.lang.Double.class;
            case 's': return java.lang.String.class;
            case 'l': return java.util.List.class;
            case 'm': return java.util.Map.class;
            default: return java.lang.Object.class;
        }
    }

    private static java.lang.Class<?> box(java.lang.Class<?> raw) {
        if (!raw.isPrimitive()) return raw;
        if (raw == long.class) return java.lang.Long.class;
        if (raw == int.class) return java.lang.Integer.class;
        if (raw == short.class) return java.lang.Short.class;
        if (raw == byte.class) return java.lang.Byte.class;
        if (raw == double.class) return java.lang.Double.class;
        if (raw == float.class) return java.lang.Float.class;
        if (raw == boolean.class) return java.lang.Boolean.class;
        if (raw == char.class) return java.lang.Character.class;
        return raw;
    }

    private static long integer(java.lang.String text, long min, long max, java.lang.String name) {
        long v;
        try {
            v = java.lang.Long.parseLong(text);
        } catch (java.lang.NumberFormatException e) {
            throw new Failure("integer " + text + " does not fit in 64 bits");
        }
        if (v < min || v > max) throw new Failure("integer " + text + " does not fit a parameter of type " + name);
        return v;
    }

    private static double real(java.lang.String text) {
        if (text.equals("nan")) return java.lang.Double.NaN;
        if (text.equals("inf")) return java.lang.Double.POSITIVE_INFINITY;
        if (text.equals("-inf")) return java.lang.Double.NEGATIVE_INFINITY;
        return java.lang.Double.parseDouble(text);
    }

    // -- returned values to tokens ----------------------------------------------------------

    private static boolean trusted(java.lang.Class<?> type) {
        // The JDK's own classes (loaded by the boot or platform loader): never the program's.
        java.lang.ClassLoader loader = type.getClassLoader();
        return loader == null || loader == java.lang.ClassLoader.getPlatformClassLoader();
    }

    private static void emit(java.lang.StringBuilder out, java.lang.Object value, int depth) {
        if (depth > 100) throw new Failure("the returned value is nested too deeply");
        if (value == null) {
            out.append("n\n");
            return;
        }
        java.lang.Class<?> type = value.getClass();
        if (!type.isArray() && !trusted(type)) {
            throw new Failure("the function returned a value of class " + type.getName() + ", which has no JSON form");
        }
        if (value instanceof java.util.Optional) {
            java.util.Optional<?> o = (java.util.Optional<?>) value;
            emit(out, o.isPresent() ? o.get() : null, depth);
        } else if (value instanceof java.lang.Boolean) {
            out.append((java.lang.Boolean) value ? "b 1\n" : "b 0\n");
        } else if (value instanceof java.lang.Long || value instanceof java.lang.Integer
                || value instanceof java.lang.Short || value instanceof java.lang.Byte
                || value instanceof java.math.BigInteger) {
            out.append("i ").append(value).append('\n');
        } else if (value instanceof java.lang.Double) {
            out.append("f ").append(real((java.lang.Double) value, java.lang.Double.toString((java.lang.Double) value))).append('\n');
        } else if (value instanceof java.lang.Float) {
            out.append("f ").append(real((java.lang.Float) value, java.lang.Float.toString((java.lang.Float) value))).append('\n');
        } else if (value instanceof java.math.BigDecimal) {
            out.append("f ").append(((java.math.BigDecimal) value).toString()).append('\n');
        } else if (value instanceof java.lang.Character || value instanceof java.lang.CharSequence) {
            out.append("s ").append(hex(value.toString())).append('\n');
        } else if (type.isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            out.append("l ").append(n).append('\n');
            for (int i = 0; i < n; i++) emit(out, java.lang.reflect.Array.get(value, i), depth + 1);
        } else if (value instanceof java.lang.Iterable) {
            java.util.List<java.lang.Object> items = new java.util.ArrayList<>();
            for (java.lang.Object item : (java.lang.Iterable<?>) value) items.add(item);
            out.append("l ").append(items.size()).append('\n');
            for (java.lang.Object item : items) emit(out, item, depth + 1);
        } else if (value instanceof java.util.Map) {
            java.util.List<java.util.Map.Entry<?, ?>> entries = new java.util.ArrayList<>(((java.util.Map<?, ?>) value).entrySet());
            out.append("m ").append(entries.size()).append('\n');
            for (java.util.Map.Entry<?, ?> e : entries) {
                emit(out, e.getKey(), depth + 1);
                emit(out, e.getValue(), depth + 1);
            }
        } else {
            throw new Failure("the function returned a value of class " + type.getName() + ", which has no JSON form");
        }
    }

    private static java.lang.String real(double value, java.lang.String text) {
        if (java.lang.Double.isNaN(value)) return "nan";
        if (java.lang.Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        return text;
    }

    // -- hex of UTF-8 -----------------------------------------------------------------------

    private static java.lang.String unhex(java.lang.String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) java.lang.Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return new java.lang.String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static java.lang.String hex(java.lang.String text) {
        java.lang.StringBuilder out = new java.lang.StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(java.lang.Character.forDigit((b >> 4) & 15, 16)).append(java.lang.Character.forDigit(b & 15, 16));
        }
        return out.toString();
    }
}
