//! The query language: grammar, AST and parser.
//!
//! [`parse`] turns query text into a [`Query`]: the pest grammar in `grammar/query.pest` checks
//! the shape (keywords, operators, literals, citations), the builder makes a typed tree with the
//! byte span of every node, and errors come back as a [`ParseError`] with the position, the
//! expected tokens in words and a did-you-mean. Nothing here knows the model: field names, ids
//! and citations are resolved by the planner, which reads citations in quoted strings and ids
//! with [`parse_citation`]. [`plan`] then resolves fields, names and citations against a model
//! ([`EntityKind`], [`FieldId`], [`ValueType`] and [`Flag`] are the schema: the entities, their
//! fields, the fields' values and the flags). `docs/language.md` is the reference for users.

pub(crate) mod ast;
mod build;
mod citation;
mod display;
mod error;
mod grammar;
pub(crate) mod names;
mod parse;
pub(crate) mod plan;
mod plan_error;
pub(crate) mod schema;
mod words;

// The query stage's public surface: the parser and planner, the tree, the schema of entities
// and fields, the errors and the documented limits.
pub use self::{
    ast::*,
    error::ParseError,
    parse::parse,
    plan::{Plan, plan},
    plan_error::PlanError,
    schema::{EntityKind, FieldId, Flag, ValueType, compare_entity, fields_of},
    words::KEYWORDS,
};
pub use crate::model::citation::{Citation, parse_citation};
pub(crate) use words::FLAGS;
