//! The integration tests: one binary, modules by theme.

mod check;
mod cli;
mod docs;
mod engine;
mod facts;
mod load;
mod parse;
mod query;
mod repl;
mod report;
mod synth;
