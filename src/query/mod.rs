//! The query language: grammar, AST and parser (filled in by the query-language work).
