// ScaleBox function-call stub for C++ (placed before the submitted code).
// Reads the call's arguments as tokens on stdin, converts them to the parameters' types,
// calls the function and answers on file descriptor 3 (see verification/harness/calls).
#include <bits/stdc++.h>
#include <unistd.h>

namespace scalebox_call {

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Tokens {
    std::vector<std::string> lines;
    size_t pos = 0;
    const std::string& next(char kind) {
        if (pos >= lines.size()) throw Failure("the arguments end too soon");
        const std::string& line = lines[pos++];
        if (line.empty() || line[0] != kind) {
            throw Failure(std::string("expected ") + kind_name(kind) + ", got " +
                          (line.empty() ? std::string("a blank line") : kind_name(line[0])));
        }
        return line;
    }
    char peek() const { return pos < lines.size() && !lines[pos].empty() ? lines[pos][0] : '?'; }
    static std::string rest(const std::string& line) { return line.size() > 2 ? line.substr(2) : ""; }
    static const char* kind_name(char kind) {
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
};

inline std::string unhex(const std::string& hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

inline std::string hex(const std::string& text) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() * 2);
    for (unsigned char c : text) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

template <class T, class = void> struct Value;

template <class T> T parse(Tokens& in) { return Value<T>::parse(in); }
template <class T> void emit(std::string& out, const T& value) { Value<T>::emit(out, value); }

inline long long count_of(Tokens& in, char kind) {
    long long n = std::stoll(Tokens::rest(in.next(kind)));
    if (n < 0) throw Failure("negative count");
    return n;
}

template <> struct Value<bool> {
    static bool parse(Tokens& in) { return Tokens::rest(in.next('b')) == "1"; }
    static void emit(std::string& out, bool v) { out += v ? "b 1\n" : "b 0\n"; }
};

template <> struct Value<char> {
    static char parse(Tokens& in) {
        std::string s = unhex(Tokens::rest(in.next('s')));
        if (s.size() != 1) throw Failure("a char argument needs a one-byte string");
        return s[0];
    }
    static void emit(std::string& out, char v) { out += "s " + hex(std::string(1, v)) + "\n"; }
};

template <class T>
struct Value<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                 !std::is_same_v<T, char>>> {
    static T parse(Tokens& in) {
        std::string text = Tokens::rest(in.next('i'));
        errno = 0;
        if constexpr (std::is_signed_v<T>) {
            long long v = std::strtoll(text.c_str(), nullptr, 10);
            if (errno || v < (long long)std::numeric_limits<T>::min() ||
                v > (long long)std::numeric_limits<T>::max())
                throw Failure("integer " + text + " does not fit the parameter's type");
            return static_cast<T>(v);
        } else {
            if (!text.empty() && text[0] == '-') throw Failure("negative integer for an unsigned parameter");
            unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
            if (errno || v > (unsigned long long)std::numeric_limits<T>::max())
                throw Failure("integer " + text + " does not fit the parameter's type");
            return static_cast<T>(v);
        }
    }
    static void emit(std::string& out, T v) { out += "i " + std::to_string(v) + "\n"; }
};

template <class T> struct Value<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static T parse(Tokens& in) {
        char kind = in.peek();
        const std::string& line = in.next(kind == 'i' ? 'i' : 'f');
        return static_cast<T>(std::strtod(Tokens::rest(line).c_str(), nullptr));
    }
    static void emit(std::string& out, T v) {
        char buf[64];
        double d = static_cast<double>(v);
        if (std::isnan(d)) std::snprintf(buf, sizeof buf, "nan");
        else if (std::isinf(d)) std::snprintf(buf, sizeof buf, d > 0 ? "inf" : "-inf");
        else std::snprintf(buf, sizeof buf, "%.17g", d);
        out += std::string("f ") + buf + "\n";
    }
};

template <> struct Value<std::string> {
    static std::string parse(Tokens& in) { return unhex(Tokens::rest(in.next('s'))); }
    static void emit(std::string& out, const std::string& v) { out += "s " + hex(v) + "\n"; }
};

template <> struct Value<std::string_view> {
    static void emit(std::string& out, std::string_view v) { Value<std::string>::emit(out, std::string(v)); }
};

template <> struct Value<const char*> {
    static void emit(std::string& out, const char* v) {
        if (v == nullptr) out += "n\n";
        else Value<std::string>::emit(out, std::string(v));
    }
};
template <> struct Value<char*> {
    static void emit(std::string& out, const char* v) { Value<const char*>::emit(out, v); }
};

template <class C> struct Sequence {
    using T = typename C::value_type;
    static C parse(Tokens& in) {
        long long n = count_of(in, 'l');
        C c;
        for (long long i = 0; i < n; ++i) c.insert(c.end(), scalebox_call::parse<T>(in));
        return c;
    }
    static void emit(std::string& out, const C& c) {
        out += "l " + std::to_string(std::distance(c.begin(), c.end())) + "\n";
        for (const auto& item : c) scalebox_call::emit<T>(out, item);
    }
};

template <class T, class A> struct Value<std::vector<T, A>> : Sequence<std::vector<T, A>> {};
template <class T, class A> struct Value<std::list<T, A>> : Sequence<std::list<T, A>> {};
template <class T, class A> struct Value<std::deque<T, A>> : Sequence<std::deque<T, A>> {};
template <class T, class C, class A> struct Value<std::set<T, C, A>> : Sequence<std::set<T, C, A>> {};
template <class T, class C, class A>
struct Value<std::multiset<T, C, A>> : Sequence<std::multiset<T, C, A>> {};
template <class T, class H, class E, class A>
struct Value<std::unordered_set<T, H, E, A>> : Sequence<std::unordered_set<T, H, E, A>> {};

template <class T, size_t N> struct Value<std::array<T, N>> {
    static std::array<T, N> parse(Tokens& in) {
        long long n = count_of(in, 'l');
        if (n != (long long)N) throw Failure("a list of " + std::to_string(n) + " for an array of " + std::to_string(N));
        std::array<T, N> a{};
        for (auto& item : a) item = scalebox_call::parse<T>(in);
        return a;
    }
    static void emit(std::string& out, const std::array<T, N>& a) {
        out += "l " + std::to_string(N) + "\n";
        for (const auto& item : a) scalebox_call::emit<T>(out, item);
    }
};

template <class K> K key_of(Tokens& in) {
    if constexpr (std::is_same_v<K, std::string>) {
        return parse<std::string>(in);
    } else {
        std::string text = unhex(Tokens::rest(in.next('s')));
        Tokens one;
        one.lines.push_back((std::is_floating_point_v<K> ? "f " : std::is_same_v<K, bool> ? "b " : "i ") +
                            (std::is_same_v<K, bool> ? std::string(text == "true" ? "1" : "0") : text));
        return parse<K>(one);
    }
}

template <class M> struct Mapping {
    using K = typename M::key_type;
    using V = typename M::mapped_type;
    static M parse(Tokens& in) {
        long long n = count_of(in, 'm');
        M m;
        for (long long i = 0; i < n; ++i) {
            K k = key_of<K>(in);
            m.emplace(std::move(k), scalebox_call::parse<V>(in));
        }
        return m;
    }
    static void emit(std::string& out, const M& m) {
        out += "m " + std::to_string(m.size()) + "\n";
        for (const auto& [k, v] : m) {
            scalebox_call::emit<K>(out, k);
            scalebox_call::emit<V>(out, v);
        }
    }
};

template <class K, class V, class C, class A> struct Value<std::map<K, V, C, A>> : Mapping<std::map<K, V, C, A>> {};
template <class K, class V, class H, class E, class A>
struct Value<std::unordered_map<K, V, H, E, A>> : Mapping<std::unordered_map<K, V, H, E, A>> {};

template <class A, class B> struct Value<std::pair<A, B>> {
    static std::pair<A, B> parse(Tokens& in) {
        if (count_of(in, 'l') != 2) throw Failure("a pair needs a list of 2");
        A a = scalebox_call::parse<A>(in);
        B b = scalebox_call::parse<B>(in);
        return {std::move(a), std::move(b)};
    }
    static void emit(std::string& out, const std::pair<A, B>& p) {
        out += "l 2\n";
        scalebox_call::emit<A>(out, p.first);
        scalebox_call::emit<B>(out, p.second);
    }
};

template <class... T> struct Value<std::tuple<T...>> {
    static std::tuple<T...> parse(Tokens& in) {
        if (count_of(in, 'l') != (long long)sizeof...(T)) throw Failure("wrong tuple length");
        return std::tuple<T...>{scalebox_call::parse<T>(in)...};
    }
    static void emit(std::string& out, const std::tuple<T...>& t) {
        out += "l " + std::to_string(sizeof...(T)) + "\n";
        std::apply([&](const auto&... item) { (scalebox_call::emit(out, item), ...); }, t);
    }
};

template <class T> struct Value<std::optional<T>> {
    static std::optional<T> parse(Tokens& in) {
        if (in.peek() == 'n') {
            in.next('n');
            return std::nullopt;
        }
        return scalebox_call::parse<T>(in);
    }
    static void emit(std::string& out, const std::optional<T>& v) {
        if (v) scalebox_call::emit<T>(out, *v);
        else out += "n\n";
    }
};

inline Tokens read_request() {
    Tokens in;
    std::string data, chunk(1 << 16, '\0');
    ssize_t n;
    while ((n = ::read(0, &chunk[0], chunk.size())) > 0) data.append(chunk, 0, n);
    size_t start = 0;
    while (start < data.size()) {
        size_t end = data.find('\n', start);
        if (end == std::string::npos) end = data.size();
        in.lines.push_back(data.substr(start, end - start));
        start = end + 1;
    }
    return in;
}

inline void answer(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(3, text.data() + done, text.size() - done);
        if (n <= 0) break;
        done += n;
    }
}

template <class R, class... A, class Call> int run_with(Call call) {
    try {
        Tokens in = read_request();
        if (count_of(in, 'l') != (long long)sizeof...(A)) {
            throw Failure("the function takes " + std::to_string(sizeof...(A)) + " arguments");
        }
        std::tuple<std::decay_t<A>...> args{parse<std::decay_t<A>>(in)...};
        std::string out = "ok\n";
        if constexpr (std::is_void_v<R>) {
            std::apply(call, args);
            out += "n\n";
        } else {
            auto&& result = std::apply(call, args);
            emit<std::decay_t<R>>(out, result);
        }
        std::fflush(stdout);
        std::cout.flush();
        answer(out);
    } catch (const std::exception& e) {
        std::cout.flush();
        answer("raised " + hex(std::string(e.what())) + "\n");
    } catch (...) {
        answer("raised " + hex("an exception that is not a std::exception") + "\n");
    }
    return 0;
}

template <class R, class... A> int run(R (*fn)(A...)) {
    return run_with<R, A...>([fn](auto&... args) -> decltype(auto) { return fn(args...); });
}

template <class C, class R, class... A> int run(R (C::*fn)(A...)) {
    return run_with<R, A...>([fn](auto&... args) -> decltype(auto) {
        C object;
        return (object.*fn)(args...);
    });
}

template <class C, class R, class... A> int run(R (C::*fn)(A...) const) {
    return run_with<R, A...>([fn](auto&... args) -> decltype(auto) {
        C object;
        return (object.*fn)(args...);
    });
}

}  // namespace scalebox_call
