class Solution {
  static mixed(n, s) {
    return [n, s, true, null, 1.5];
  }
}
