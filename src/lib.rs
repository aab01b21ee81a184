//! basis — a query engine for data-protection facts.
//!
//! The pipeline, one public verb per stage:
//!
//! ```text
//!   datasets/*.toml ──load──▶ Model ─┐
//!   query text ──parse──▶ Query ─────┴─plan──▶ Plan ──execute──▶ Rows ──output──▶ table/json/csv/…
//! ```
//!
//! - [`model`]: the graph of organisations, notices, services, parties and flows, with the
//!   vocabularies and the provenance of every fact; [`model::load`] builds it from TOML or a
//!   snapshot, [`model::generate`] makes a synthetic one.
//! - [`query`]: the query language (pest grammar in `grammar/query.pest`): [`parse`] makes an
//!   AST with spans, [`plan`] resolves it against a model; [`query::FieldId`] and
//!   [`query::EntityKind`] are its schema.
//! - [`engine`]: [`run`] runs query text, streaming its rows to a sink ([`explain`] gives
//!   its plan); [`execute`] runs a plan and returns tables.
//! - [`output`]: the sinks rows stream into, and tables as terminal tables, JSON, CSV or
//!   Markdown.
//! - [`export`]: the model's tables for CSV and Parquet, and a plan as SQL.
//! - [`report`]: the Record of Processing Activities in the ICO template's columns, the matrix
//!   across organisations, retention dates.
//! - [`check`]: the notices checked against UK GDPR Art. 13/14 and the DPA 2018.
//! - [`cli`]: the `basis` command line ([`cli::main`]), which also reaches what the library
//!   keeps to itself: RDF and diagram exports, the notice extractor of `basis new org`, the
//!   DPIA drafts and the REPL.
//!
//! # As a library
//!
//! Load the datasets, run a query's text into a sink, read the rows. An error renders itself
//! against the text it is about, with the line, a caret and a suggestion.
//!
//! ```
//! use basis::model::load_builtin;
//! use basis::output::{Collect, cell_text};
//!
//! let model = load_builtin().expect("the built-in datasets load");
//! let options = basis::Options::default();
//! // Which partners get health data under Article 9(2)(h)?
//! let text = "recipients where category in health and basis = art 9(2)(h) and org = cheshire-west";
//! let mut rows = Collect::default();
//! let outcome = basis::run(text, &model, &options, &mut rows).map_err(|e| e.render(text, false))?;
//! let recipients: Vec<String> = rows.table.rows.iter().map(|r| cell_text(&r[0])).collect();
//! assert_eq!(rows.table.columns[0], "recipient");
//! assert_eq!(outcome.rows as usize, recipients.len());
//! // Cheshire West's Early Help notice lists "Cheshire police" among those it shares with.
//! assert!(recipients.iter().any(|r| r == "cheshire-police"));
//!
//! let typo = "recipients wher org = cheshire-west";
//! let err = basis::run_collect(typo, &model, &options).expect_err("a typo");
//! assert!(err.render(typo, false).contains("did you mean `where`?"));
//! # Ok::<(), String>(())
//! ```

#![warn(unreachable_pub, unnameable_types)]

/// `Display` for the enums whose values are words of the dataset format, the query language or
/// a report (`stated`, `to`, `flows` …): the word, as the type's own method gives it.
macro_rules! display_as_word {
    ($($ty:ty => $word:ident),+ $(,)?) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.$word())
            }
        }
    )+};
}

pub mod check;
pub mod cli;
pub(crate) mod diagnostic;
pub(crate) mod dpia;
pub mod engine;
pub mod export;
pub(crate) mod extract;
pub(crate) mod file;
pub mod model;
pub mod output;
pub mod query;
pub mod report;
pub(crate) mod table;

// The pipeline's verbs at the crate root: load, parse, plan, run (or execute a plan), explain.
pub use self::{
    engine::entry::{Options, Outcome, RunError, Timing, explain, run, run_collect},
    engine::execute,
    model::load,
    query::{parse, plan},
};
