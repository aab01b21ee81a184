//! The integration tests: one binary, modules by theme.

mod architecture;
mod authoring;
mod budget;
mod check;
mod cli;
mod compare_page;
mod docs;
mod dpv;
mod engine;
mod exec;
mod export;
mod facts;
mod fourth_org;
mod load;
mod nasty;
mod parse;
mod query;
mod repl;
mod report;
mod ropa_ico;
mod ropa_import;
mod soak;
mod sqlite_oracle;
mod statements;
mod synth;
