// ScaleBox function-call stub for C# (placed after the submitted code, which it finds by
// reflection). Reads the call's arguments as tokens on stdin, converts them to the
// parameters' types, calls the method and answers on file descriptor 3 (see
// verification/harness/calls).
public static partial class ScaleboxCallStub {
    sealed class Failure : System.Exception {
        public Failure(string message) : base(message) {}
    }

    sealed class Node {
        public char Kind;
        public string Text = "";
        public System.Collections.Generic.List<Node> Items = new System.Collections.Generic.List<Node>();
    }

    static string KindName(char kind) {
        switch (kind) {
            case 'n': return "null";
            case 'b': return "a bool";
            case 'i': return "an integer";
            case 'f': return "a float";
            case 's': return "a string";
            case 'l': return "a list";
            case 'm': return "an object";
        }
        return "a value";
    }

    static Node Parse(string[] lines, ref int pos, int depth) {
        if (depth > 200) throw new Failure("the arguments are nested too deeply");
        if (pos >= lines.Length) throw new Failure("the arguments end too soon");
        string line = lines[pos++];
        var node = new Node { Kind = line.Length > 0 ? line[0] : '?', Text = line.Length > 2 ? line.Substring(2) : "" };
        if (node.Kind == 'l' || node.Kind == 'm') {
            int count = int.Parse(node.Text, System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < count * (node.Kind == 'm' ? 2 : 1); i++) node.Items.Add(Parse(lines, ref pos, depth + 1));
        }
        return node;
    }

    static string Unhex(string hex) {
        var bytes = new byte[hex.Length / 2];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = System.Convert.ToByte(hex.Substring(2 * i, 2), 16);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    static string Hex(string text) {
        var builder = new System.Text.StringBuilder();
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text)) builder.Append(b.ToString("x2"));
        return builder.ToString();
    }

    static string TypeName(System.Type type) {
        if (!type.IsGenericType) return type.Name;
        string name = type.Name.Split('`')[0];
        var args = new System.Collections.Generic.List<string>();
        foreach (var arg in type.GetGenericArguments()) args.Add(TypeName(arg));
        return name + "<" + string.Join(", ", args) + ">";
    }

    static Failure Mismatch(Node node, System.Type type) {
        return new Failure(KindName(node.Kind) + " cannot be passed as " + TypeName(type));
    }

    static bool IsGeneric(System.Type type, System.Type definition) {
        return type.IsGenericType && type.GetGenericTypeDefinition() == definition;
    }

    // -- arguments: a token tree converted to the parameter's type ----------------------

    static object Convert(Node node, System.Type type) {
        var underlying = System.Nullable.GetUnderlyingType(type);
        if (node.Kind == 'n') {
            if (type.IsValueType && underlying == null) throw Mismatch(node, type);
            return null;
        }
        if (underlying != null) return Convert(node, underlying);
        if (type == typeof(object)) return Dynamic(node);
        if (type == typeof(bool)) {
            if (node.Kind != 'b') throw Mismatch(node, type);
            return node.Text == "1";
        }
        if (type == typeof(string)) {
            if (node.Kind != 's') throw Mismatch(node, type);
            return Unhex(node.Text);
        }
        if (type == typeof(char)) {
            string text = node.Kind == 's' ? Unhex(node.Text) : null;
            if (text == null || text.Length != 1) throw new Failure("a char parameter needs a string of one UTF-16 unit");
            return text[0];
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) {
            if (node.Kind != 'i' && node.Kind != 'f') throw Mismatch(node, type);
            double value = ParseDouble(node.Text);
            if (type == typeof(double)) return value;
            if (type == typeof(float)) return (float)value;
            return (decimal)value;
        }
        if (type.IsPrimitive || type == typeof(System.Numerics.BigInteger)) return Integer(node, type);
        if (type.IsArray) {
            if (node.Kind != 'l' || type.GetArrayRank() != 1) throw Mismatch(node, type);
            var array = System.Array.CreateInstance(type.GetElementType(), node.Items.Count);
            for (int i = 0; i < node.Items.Count; i++) array.SetValue(Convert(node.Items[i], type.GetElementType()), i);
            return array;
        }
        if (type.IsGenericType) {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            string name = definition.FullName;
            if (name.StartsWith("System.ValueTuple`") || name.StartsWith("System.Tuple`")) {
                if (node.Kind != 'l' || node.Items.Count != args.Length || args.Length > 7) throw Mismatch(node, type);
                var items = new object[args.Length];
                for (int i = 0; i < args.Length; i++) items[i] = Convert(node.Items[i], args[i]);
                return System.Activator.CreateInstance(type, items);
            }
            if (args.Length == 1 && Sequences.Contains(definition)) {
                if (node.Kind != 'l') throw Mismatch(node, type);
                var concrete = type.IsInterface ? typeof(System.Collections.Generic.List<>).MakeGenericType(args) : type;
                if (definition == typeof(System.Collections.Generic.ISet<>)) concrete = typeof(System.Collections.Generic.HashSet<>).MakeGenericType(args);
                object collection = System.Activator.CreateInstance(concrete);
                var add = concrete.GetMethod("Add", new[] { args[0] }) ?? concrete.GetMethod("Enqueue") ?? concrete.GetMethod("Push") ?? concrete.GetMethod("AddLast", new[] { args[0] });
                foreach (var item in node.Items) add.Invoke(collection, new[] { Convert(item, args[0]) });
                return collection;
            }
            if (args.Length == 2 && Mappings.Contains(definition)) {
                if (node.Kind != 'm') throw Mismatch(node, type);
                var concrete = type.IsInterface ? typeof(System.Collections.Generic.Dictionary<,>).MakeGenericType(args) : type;
                var map = (System.Collections.IDictionary)System.Activator.CreateInstance(concrete);
                for (int i = 0; i < node.Items.Count; i += 2) {
                    object key = Key(node.Items[i], args[0]);
                    map[key] = Convert(node.Items[i + 1], args[1]);
                }
                return map;
            }
        }
        throw new Failure("parameters of type " + TypeName(type) + " cannot take JSON values");
    }

    static readonly System.Collections.Generic.HashSet<System.Type> Sequences = new System.Collections.Generic.HashSet<System.Type> {
        typeof(System.Collections.Generic.List<>), typeof(System.Collections.Generic.IList<>),
        typeof(System.Collections.Generic.ICollection<>), typeof(System.Collections.Generic.IEnumerable<>),
        typeof(System.Collections.Generic.IReadOnlyList<>), typeof(System.Collections.Generic.IReadOnlyCollection<>),
        typeof(System.Collections.Generic.HashSet<>), typeof(System.Collections.Generic.ISet<>),
        typeof(System.Collections.Generic.SortedSet<>), typeof(System.Collections.Generic.LinkedList<>),
        typeof(System.Collections.Generic.Queue<>), typeof(System.Collections.Generic.Stack<>),
    };

    static readonly System.Collections.Generic.HashSet<System.Type> Mappings = new System.Collections.Generic.HashSet<System.Type> {
        typeof(System.Collections.Generic.Dictionary<,>), typeof(System.Collections.Generic.IDictionary<,>),
        typeof(System.Collections.Generic.IReadOnlyDictionary<,>), typeof(System.Collections.Generic.SortedDictionary<,>),
    };

    static object Key(Node node, System.Type type) {
        if (node.Kind != 's') throw Mismatch(node, type);
        if (type == typeof(string) || type == typeof(object)) return Unhex(node.Text);
        string text = Unhex(node.Text);
        if (type == typeof(bool)) return Convert(new Node { Kind = 'b', Text = text == "true" ? "1" : "0" }, type);
        if (type == typeof(double) || type == typeof(float)) return Convert(new Node { Kind = 'f', Text = text }, type);
        return Convert(new Node { Kind = 'i', Text = text }, type);
    }

    static double ParseDouble(string text) {
        if (text == "nan") return double.NaN;
        if (text == "inf") return double.PositiveInfinity;
        if (text == "-inf") return double.NegativeInfinity;
        return double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    static object Integer(Node node, System.Type type) {
        if (node.Kind != 'i') throw Mismatch(node, type);
        System.Numerics.BigInteger value;
        if (!System.Numerics.BigInteger.TryParse(node.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value)) {
            throw new Failure("unreadable integer " + node.Text);
        }
        try {
            if (type == typeof(long)) return (long)value;
            if (type == typeof(int)) return (int)value;
            if (type == typeof(short)) return (short)value;
            if (type == typeof(sbyte)) return (sbyte)value;
            if (type == typeof(ulong)) return (ulong)value;
            if (type == typeof(uint)) return (uint)value;
            if (type == typeof(ushort)) return (ushort)value;
            if (type == typeof(byte)) return (byte)value;
            if (type == typeof(System.Numerics.BigInteger)) return value;
        } catch (System.OverflowException) {
            throw new Failure("integer " + node.Text + " does not fit in " + TypeName(type));
        }
        throw Mismatch(node, type);
    }

    static object Dynamic(Node node) {
        switch (node.Kind) {
            case 'b': return node.Text == "1";
            case 'i': return Integer(node, typeof(long));
            case 'f': return ParseDouble(node.Text);
            case 's': return Unhex(node.Text);
            case 'l': {
                var list = new System.Collections.Generic.List<object>();
                foreach (var item in node.Items) list.Add(Dynamic(item));
                return list;
            }
            case 'm': {
                var map = new System.Collections.Generic.Dictionary<string, object>();
                for (int i = 0; i < node.Items.Count; i += 2) map[Unhex(node.Items[i].Text)] = Dynamic(node.Items[i + 1]);
                return map;
            }
        }
        throw new Failure("unreadable argument token " + node.Kind);
    }

    // -- the returned value, by its runtime type; only the framework's own types ---------

    static readonly System.Reflection.Assembly Program = typeof(ScaleboxCallStub).Assembly;

    static void Emit(System.Text.StringBuilder output, object value, int depth) {
        if (depth > 200) throw new Failure("the returned value is nested too deeply");
        if (value == null) { output.Append("n\n"); return; }
        var type = value.GetType();
        if (type.Assembly == Program) {
            throw new Failure("the function returned a value of type " + TypeName(type) + ", which has no JSON form");
        }
        if (value is bool) { output.Append((bool)value ? "b 1\n" : "b 0\n"); return; }
        if (value is string) { output.Append("s ").Append(Hex((string)value)).Append('\n'); return; }
        if (value is char) { output.Append("s ").Append(Hex(value.ToString())).Append('\n'); return; }
        if (value is double || value is float || value is decimal) {
            double d = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            string text = double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
                : d.ToString("G17", System.Globalization.CultureInfo.InvariantCulture);
            output.Append("f ").Append(text).Append('\n');
            return;
        }
        if (type.IsPrimitive || value is System.Numerics.BigInteger) {
            if (type == typeof(System.IntPtr) || type == typeof(System.UIntPtr)) throw new Failure("the function returned a pointer");
            output.Append("i ").Append(System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            return;
        }
        if (type.IsGenericType) {
            string name = type.GetGenericTypeDefinition().FullName;
            if (name.StartsWith("System.ValueTuple`") || name.StartsWith("System.Tuple`")) {
                var items = new System.Collections.Generic.List<object>();
                for (int i = 1; i <= 7; i++) {
                    var field = type.GetField("Item" + i);
                    var property = type.GetProperty("Item" + i);
                    if (field != null) items.Add(field.GetValue(value));
                    else if (property != null) items.Add(property.GetValue(value, null));
                }
                output.Append("l ").Append(items.Count).Append('\n');
                foreach (var item in items) Emit(output, item, depth + 1);
                return;
            }
            if (name == "System.Collections.Generic.KeyValuePair`2") {
                output.Append("l 2\n");
                Emit(output, type.GetProperty("Key").GetValue(value, null), depth + 1);
                Emit(output, type.GetProperty("Value").GetValue(value, null), depth + 1);
                return;
            }
        }
        var map = value as System.Collections.IDictionary;
        if (map != null) {
            var entries = new System.Text.StringBuilder();
            int count = 0;
            foreach (System.Collections.DictionaryEntry entry in map) {
                Emit(entries, entry.Key, depth + 1);
                Emit(entries, entry.Value, depth + 1);
                count++;
            }
            output.Append("m ").Append(count).Append('\n').Append(entries);
            return;
        }
        var sequence = value as System.Collections.IEnumerable;
        if (sequence != null) {
            var items = new System.Text.StringBuilder();
            int count = 0;
            foreach (object item in sequence) {
                Emit(items, item, depth + 1);
                count++;
            }
            output.Append("l ").Append(count).Append('\n').Append(items);
            return;
        }
        throw new Failure("the function returned a value of type " + TypeName(type) + ", which has no JSON form");
    }

    // -- finding and calling the method ---------------------------------------------------

    static System.Reflection.MethodInfo Target(string name, int arity) {
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        var inSolution = new System.Collections.Generic.List<System.Reflection.MethodInfo>();
        var elsewhere = new System.Collections.Generic.List<System.Reflection.MethodInfo>();
        int named = 0;
        foreach (var type in Program.GetTypes()) {
            if (type == typeof(ScaleboxCallStub) || type.DeclaringType == typeof(ScaleboxCallStub) || type.Name.Contains("<")) continue;
            foreach (var method in type.GetMethods(all)) {
                if (method.Name != name) continue;
                named++;
                if (method.GetParameters().Length != arity || method.ContainsGenericParameters) continue;
                (type.Name == "Solution" ? inSolution : elsewhere).Add(method);
            }
        }
        var found = inSolution.Count > 0 ? inSolution : elsewhere;
        if (found.Count == 1) return found[0];
        if (found.Count > 1) throw new Failure(found.Count + " methods named " + name + " take " + arity + " parameters; the call cannot choose");
        if (named > 0) throw new Failure("no method named " + name + " takes " + arity + " parameters (generic methods cannot be called)");
        throw new Failure("the program has no method named " + name);
    }

    static string Call(string name, int arity) {
        var input = new System.IO.MemoryStream();
        using (var stdin = System.Console.OpenStandardInput()) stdin.CopyTo(input);
        var lines = System.Text.Encoding.ASCII.GetString(input.ToArray()).Split('\n');
        int pos = 0;
        var request = Parse(lines, ref pos, 0);
        if (request.Kind != 'l') throw new Failure("the arguments are not a list");
        var method = Target(name, arity);
        var parameters = method.GetParameters();
        if (request.Items.Count != parameters.Length) throw new Failure(name + " takes " + parameters.Length + " arguments");
        var args = new object[parameters.Length];
        for (int i = 0; i < args.Length; i++) {
            var type = parameters[i].ParameterType;
            if (type.IsByRef) type = type.GetElementType();
            try {
                args[i] = Convert(request.Items[i], type);
            } catch (Failure e) {
                throw new Failure("argument " + (i + 1) + ": " + e.Message);
            }
        }
        object self = method.IsStatic ? null : System.Activator.CreateInstance(method.DeclaringType, true);
        object result;
        try {
            result = method.Invoke(self, args);
        } catch (System.Reflection.TargetInvocationException e) {
            throw e.InnerException ?? e;
        }
        var output = new System.Text.StringBuilder("ok\n");
        if (method.ReturnType == typeof(void)) output.Append("n\n");
        else Emit(output, result, 0);
        return output.ToString();
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern System.IntPtr write(int fd, byte[] buffer, System.UIntPtr count);

    static void Answer(string text) {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        int done = 0;
        while (done < bytes.Length) {
            var rest = new byte[bytes.Length - done];
            System.Array.Copy(bytes, done, rest, 0, rest.Length);
            long n = (long)write(3, rest, (System.UIntPtr)rest.Length);
            if (n <= 0) break;
            done += (int)n;
        }
    }

    static int Run(string name, int arity) {
        string answer;
        try {
            answer = Call(name, arity);
        } catch (System.Exception e) {
            var error = e is System.Reflection.TargetInvocationException && e.InnerException != null ? e.InnerException : e;
            string message = error is Failure ? error.Message : error.GetType().FullName + ": " + error.Message;
            answer = "raised " + Hex(message) + "\n";
        }
        System.Console.Out.Flush();
        Answer(answer);
        return 0;
    }
}
