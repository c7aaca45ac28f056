class Solution {
public:
    bool negate(bool b) { return !b; }
};
