// Makes the compiler grind in constant evaluation until its own time limit stops it.
constexpr long grind() {
    long s = 0;
    for (long i = 0; i < 200000; ++i)
        for (long j = 0; j < 200000; ++j) s += i ^ j;
    return s;
}
constexpr long value = grind();
int main() { return (int)(value & 1); }
