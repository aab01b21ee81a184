//! The integration tests: one binary, modules by theme.

mod load;
mod parse;
mod repl;
