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
//!   vocabularies and the provenance of every fact; [`model::load`] builds it from TOML.
//! - [`query`]: the query language (pest grammar in `grammar/query.pest`), parsed into an AST
//!   with spans.

pub mod cli;
pub mod diagnostic;
pub mod model;
pub mod output;
pub mod query;
