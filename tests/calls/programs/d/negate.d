class Solution {
    bool negate(bool b) {
        return !b;
    }
}
