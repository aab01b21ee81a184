//! The pest parser generated from `grammar/query.pest`: its [`Rule`]s are the words the
//! builder, the parser's error layer and the keyword tables share.

/// The parser of the query language.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/query.pest"]
pub(super) struct QueryParser;
