//! The query language: grammar, AST and parser.
//!
//! [`parse`] turns query text into a [`Query`]: the pest grammar in `grammar/query.pest` checks
//! the shape (keywords, operators, literals, citations), the builder makes a typed tree with the
//! byte span of every node, and errors come back as a [`ParseError`] with the position, the
//! expected tokens in words and a did-you-mean. Nothing here knows the model: field names, ids
//! and citations are resolved by the planner, which reads citations in quoted strings and ids
//! with [`parse_citation`]. [`plan`] then resolves fields, names and citations against a model
//! ([`schema`] lists the entities, their fields and the flags). `docs/language.md` is the reference for users.

pub mod ast;
mod build;
mod citation;
mod display;
mod error;
mod grammar;
pub(crate) mod names;
mod parse;
pub(crate) mod plan;
mod plan_error;
pub mod schema;
mod words;

pub use ast::*;
pub use citation::parse_citation;
pub use error::{MAX_NESTING, MAX_QUERY_BYTES, ParseError};
pub use parse::parse;
pub use plan::{Plan, plan};
pub(crate) use plan_error::PlanError;
pub(crate) use words::FLAGS;
pub use words::KEYWORDS;
