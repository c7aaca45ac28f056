class Solution {
    fun negate(b: Boolean): Boolean {
        return !b
    }
}
