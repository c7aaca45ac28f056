bool negate(bool b) {
    return !b;
}
