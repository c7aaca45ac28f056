// Returns an object that claims to equal anything.
class Anything {
  equals() { return true; }
  valueOf() { return true; }
  toString() { return 'true'; }
  [Symbol.toPrimitive]() { return true; }
}
function negate(b) {
  return new Anything();
}
