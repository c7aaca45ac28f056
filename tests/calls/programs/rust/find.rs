fn find(xs: Vec<i32>, target: i32) -> Option<usize> {
    xs.iter().position(|&x| x == target)
}
