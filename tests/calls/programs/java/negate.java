import java.util.*;

class Solution {
    public boolean negate(boolean b) {
        return !b;
    }
}
