//! The `basis` command line.

fn main() {}
