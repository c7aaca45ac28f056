fn shout(s: &str) -> String {
    println!("shouting {} bytes", s.len());
    format!("{}!", s)
}
