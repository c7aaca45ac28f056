class Solution {
    fun negate(b: Boolean): Boolean = !b
}
