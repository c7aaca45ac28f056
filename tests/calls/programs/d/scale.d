import std.algorithm : map;
import std.array : array;

double[] scale(const double[] xs, double k) {
    return xs.map!(x => x * k).array;
}
