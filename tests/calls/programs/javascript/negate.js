function negate(b) {
    return !b;
}
