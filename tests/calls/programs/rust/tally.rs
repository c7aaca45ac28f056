use std::collections::HashMap;

fn tally(words: Vec<String>) -> Result<HashMap<String, u32>, String> {
    let mut counts = HashMap::new();
    for w in words {
        *counts.entry(w).or_insert(0) += 1;
    }
    Ok(counts)
}
