class Solution {
  shout(s) {
    return s + '!';
  }
}
