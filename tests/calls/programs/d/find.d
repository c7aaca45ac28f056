import std.typecons : Nullable, nullable;

Nullable!long find(long[] xs, long target) {
    foreach (i, x; xs)
        if (x == target)
            return nullable(cast(long) i);
    return Nullable!long.init;
}

// An overload the call does not choose: it takes one parameter.
Nullable!long find(long[] xs) {
    return find(xs, 0);
}
