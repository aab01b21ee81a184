//! The integration tests: one binary, modules by theme.

mod check;
mod cli;
mod docs;
mod engine;
mod facts;
mod load;
mod nasty;
mod parse;
mod query;
mod repl;
mod report;
mod soak;
mod sqlite_oracle;
