//! The integration tests: one binary, modules by theme.

mod check;
mod load;
mod parse;
mod report;
