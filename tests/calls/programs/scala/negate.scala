class Solution {
  def negate(b: Boolean): Boolean = !b
}
