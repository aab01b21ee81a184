//! The integration tests: one binary, modules by theme.

mod check;
mod cli;
mod docs;
mod facts;
mod engine;
mod load;
mod parse;
mod query;
mod repl;
mod report;
