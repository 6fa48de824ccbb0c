//! Extraction throughput (placeholder until the corpus benchmark lands).
fn main() {}
