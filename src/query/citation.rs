//! Legal citations: the reader lives in the model ([`crate::model::citation`]), so that the
//! loader can check a basis id against the citation in its quote; the query stage uses it
//! from there.

pub(crate) use crate::model::citation::{Citation, parse_citation};
