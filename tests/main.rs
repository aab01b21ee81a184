//! The integration tests: one binary, modules by theme.

mod engine;
mod load;
mod parse;
