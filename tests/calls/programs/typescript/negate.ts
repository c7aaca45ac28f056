class Solution {
  negate(b: boolean): boolean {
    return !b;
  }
}
