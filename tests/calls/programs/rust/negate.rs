pub struct Solution;

impl Solution {
    pub fn negate(b: bool) -> bool {
        !b
    }
}
