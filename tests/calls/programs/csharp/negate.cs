public class Solution {
    public bool negate(bool b) => !b;
}
