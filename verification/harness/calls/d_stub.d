// ScaleBox function-call stub for D (placed after the submitted code, which is a template
// of its own). Reads the call's arguments as tokens on stdin, converts them to the
// parameters' types (std.traits), calls the function and answers on file descriptor 3
// (see verification/harness/calls).
struct ScaleboxCall {
    import std.array : appender, Appender;
    import std.conv : to, ConvException;
    import std.format : format;
    import std.math : isNaN, isInfinity;
    import std.meta : staticMap;
    import std.range : ElementType;
    import std.traits;
    import std.typecons : Nullable, isTuple;
    import std.bigint : BigInt;

    static:

    class Failure : Exception {
        this(string message) { super(message); }
    }

    struct Tokens {
        string[] lines;
        size_t pos;

        string next(char kind) {
            if (pos >= lines.length) throw new Failure("the arguments end too soon");
            string line = lines[pos++];
            if (line.length == 0 || line[0] != kind)
                throw new Failure("expected " ~ kindName(kind) ~ ", got " ~ (line.length ? kindName(line[0]) : "a blank line"));
            return line.length > 2 ? line[2 .. $] : "";
        }

        char peek() const { return pos < lines.length && lines[pos].length ? lines[pos][0] : '?'; }
    }

    string kindName(char kind) {
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

    string unhex(string hex) {
        auto bytes = new char[hex.length / 2];
        foreach (i, ref b; bytes) b = cast(char) to!ubyte(hex[2 * i .. 2 * i + 2], 16);
        return cast(string) bytes;
    }

    string hex(const(char)[] text) {
        static immutable digits = "0123456789abcdef";
        auto output = new char[text.length * 2];
        foreach (i, char c; text) {
            output[2 * i] = digits[(cast(ubyte) c) >> 4];
            output[2 * i + 1] = digits[(cast(ubyte) c) & 15];
        }
        return cast(string) output;
    }

    size_t countOf(ref Tokens input, char kind) {
        long n = to!long(input.next(kind));
        if (n < 0) throw new Failure("negative count");
        return cast(size_t) n;
    }

    double parseDouble(string text) {
        if (text == "nan") return double.nan;
        if (text == "inf") return double.infinity;
        if (text == "-inf") return -double.infinity;
        return to!double(text);
    }

    enum isNullable(T) = is(T : Nullable!U, U);

    // -- arguments: tokens converted to the parameter's type, resolved by the compiler --

    T parse(T)(ref Tokens input) {
        alias U = Unqual!T;
        static if (is(U == bool)) {
            return input.next('b') == "1";
        } else static if (isSomeChar!U) {
            auto text = to!(immutable(U)[])(unhex(input.next('s')));
            if (text.length != 1) throw new Failure("a " ~ U.stringof ~ " parameter needs a string of one " ~ U.stringof);
            return cast(T) text[0];
        } else static if (isIntegral!U) {
            string text = input.next('i');
            try {
                return cast(T) to!U(text);
            } catch (ConvException) {
                throw new Failure("integer " ~ text ~ " does not fit in " ~ U.stringof);
            }
        } else static if (isFloatingPoint!U) {
            char kind = input.peek() == 'i' ? 'i' : 'f';
            return cast(T) parseDouble(input.next(kind));
        } else static if (is(U == BigInt)) {
            return cast(T) BigInt(input.next('i'));
        } else static if (isSomeString!U) {
            if (input.peek() == 'n') { input.next('n'); return null; }
            return cast(T) to!U(unhex(input.next('s')));
        } else static if (isNullable!U) {
            if (input.peek() == 'n') { input.next('n'); return T.init; }
            return cast(T) U(parse!(typeof(U.init.get()))(input));
        } else static if (isStaticArray!U) {
            size_t n = countOf(input, 'l');
            if (n != U.length) throw new Failure(format("a list of %s for an array of %s", n, U.length));
            Unqual!(ElementType!U)[U.length] items;
            foreach (ref item; items) item = parse!(Unqual!(ElementType!U))(input);
            return cast(T) items;
        } else static if (isDynamicArray!U) {
            if (input.peek() == 'n') { input.next('n'); return null; }
            size_t n = countOf(input, 'l');
            alias E = Unqual!(typeof(U.init[0]));
            auto items = new E[n];
            foreach (ref item; items) item = parse!E(input);
            return cast(T) items;
        } else static if (isAssociativeArray!U) {
            if (input.peek() == 'n') { input.next('n'); return null; }
            size_t n = countOf(input, 'm');
            alias K = Unqual!(KeyType!U);
            alias V = Unqual!(ValueType!U);
            V[K] map;
            foreach (_; 0 .. n) {
                K key = parseKey!K(input);
                map[key] = parse!V(input);
            }
            return cast(T) map;
        } else static if (isTuple!U) {
            size_t n = countOf(input, 'l');
            if (n != U.Types.length) throw new Failure(format("a list of %s for a tuple of %s", n, U.Types.length));
            U value;
            foreach (i, E; U.Types) value[i] = parse!E(input);
            return cast(T) value;
        } else {
            static assert(0, "function-call parameters cannot be of type " ~ T.stringof);
        }
    }

    K parseKey(K)(ref Tokens input) {
        string text = unhex(input.next('s'));
        static if (isSomeString!K) {
            return to!K(text);
        } else {
            auto one = Tokens([(is(K == bool) ? "b " : isFloatingPoint!K ? "f " : "i ")
                ~ (is(K == bool) ? (text == "true" ? "1" : "0") : text)]);
            return parse!K(one);
        }
    }

    // -- the returned value, by its static type ---------------------------------------

    void emit(T)(ref Appender!string output, auto ref T value) {
        alias U = Unqual!T;
        static if (is(U == bool)) {
            output ~= value ? "b 1\n" : "b 0\n";
        } else static if (isSomeChar!U) {
            dchar[1] one = [value];
            output ~= "s " ~ hex(to!string(one[])) ~ "\n";
        } else static if (isIntegral!U || is(U == BigInt)) {
            output ~= "i " ~ to!string(value) ~ "\n";
        } else static if (isFloatingPoint!U) {
            double d = value;
            output ~= "f " ~ (isNaN(d) ? "nan" : isInfinity(d) ? (d > 0 ? "inf" : "-inf") : format("%.17g", d)) ~ "\n";
        } else static if (isSomeString!U) {
            if (value is null) output ~= "n\n";
            else output ~= "s " ~ hex(to!string(value)) ~ "\n";
        } else static if (isNullable!U) {
            if (value.isNull) output ~= "n\n";
            else emit(output, value.get());
        } else static if (isArray!U) {
            output ~= format("l %s\n", value.length);
            foreach (ref item; value) emit(output, item);
        } else static if (isAssociativeArray!U) {
            output ~= format("m %s\n", value.length);
            foreach (key, ref item; value) {
                emit(output, key);
                emit(output, item);
            }
        } else static if (isTuple!U) {
            output ~= format("l %s\n", U.Types.length);
            foreach (i, E; U.Types) emit(output, value[i]);
        } else static if (is(U == typeof(null))) {
            output ~= "n\n";
        } else static if (is(U == class) || is(U == interface) || isPointer!U) {
            if (value is null) output ~= "n\n";
            else throw new Failure("the function returned a value of type " ~ U.stringof ~ ", which has no JSON form");
        } else {
            throw new Failure("the function returned a value of type " ~ U.stringof ~ ", which has no JSON form");
        }
    }

    // -- the call -------------------------------------------------------------------------

    Tokens request() {
        import core.sys.posix.unistd : read;
        char[] data;
        char[1 << 16] chunk;
        long n;
        while ((n = read(0, chunk.ptr, chunk.length)) > 0) data ~= chunk[0 .. cast(size_t) n];
        import std.string : split;
        return Tokens((cast(string) data).split('\n'));
    }

    void answer(string text) {
        import core.sys.posix.unistd : write;
        size_t done;
        while (done < text.length) {
            auto n = write(3, text.ptr + done, text.length - done);
            if (n <= 0) break;
            done += cast(size_t) n;
        }
    }

    // The overload of `owner.name` that takes `arity` parameters.
    template Target(alias owner, string name, size_t arity) {
        import std.meta : Filter;
        enum takes(alias f) = is(typeof(f) == function) && Parameters!f.length == arity;
        alias matching = Filter!(takes, __traits(getOverloads, owner, name));
        static if (matching.length == 1)
            alias Target = matching[0];
        else static if (matching.length == 0)
            static assert(0, "no function named " ~ name ~ " takes " ~ to!string(arity)
                ~ " parameters (a template function cannot be called: give its parameters types)");
        else
            static assert(0, "more than one function named " ~ name ~ " takes " ~ to!string(arity) ~ " parameters");
    }

    int run(alias owner, string name, size_t arity)() {
        import std.stdio : stdout;
        static assert(__traits(hasMember, owner, name), "the program has no function named " ~ name);
        alias f = Target!(owner, name, arity);
        string reply;
        try {
            auto input = request();
            if (countOf(input, 'l') != arity) throw new Failure(format("%s takes %s arguments", name, arity));
            staticMap!(Unqual, Parameters!f) args;
            foreach (i, P; Parameters!f) {
                try {
                    args[i] = parse!P(input);
                } catch (Failure e) {
                    throw new Failure(format("argument %s: %s", i + 1, e.msg));
                }
            }
            static if (is(owner == class)) {
                auto self = new owner();
                enum call = "self." ~ name ~ "(args)";
            } else static if (is(owner == struct)) {
                owner self;
                enum call = "self." ~ name ~ "(args)";
            } else {
                enum call = "owner." ~ name ~ "(args)";
            }
            auto output = appender!string("ok\n");
            static if (is(ReturnType!f == void)) {
                mixin(call ~ ";");
                output ~= "n\n";
            } else {
                auto result = mixin(call);
                emit(output, result);
            }
            reply = output.data;
        } catch (Failure e) {
            reply = "raised " ~ hex(e.msg) ~ "\n";
        } catch (Throwable e) {
            reply = "raised " ~ hex(typeid(e).name ~ ": " ~ e.msg) ~ "\n";
        }
        try stdout.flush(); catch (Exception) {}
        answer(reply);
        return 0;
    }
}
