impl Solution {
    pub fn scale(xs: Vec<f64>, k: f64) -> Vec<f64> {
        xs.iter().map(|x| x * k).collect()
    }
}
