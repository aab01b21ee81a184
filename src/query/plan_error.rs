//! Planning errors: a query that parses but does not make sense against the model.

use super::ast::Span;
use crate::diagnostic::Diagnostic;
use thiserror::Error;

/// Why a parsed query cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    /// No field has this name: `recipients where categroy = health`.
    #[error("unknown field `{field}`")]
    UnknownField {
        /// As written.
        field: String,
        /// Where.
        span: Span,
        /// The nearest field.
        suggestion: Option<String>,
        /// The fields that would be valid here.
        valid: Vec<&'static str>,
    },
    /// The entity has no such field: `orgs where category = health`.
    #[error("{entity} have no field `{field}`")]
    FieldNotOnEntity {
        /// The field.
        field: String,
        /// The entity word.
        entity: &'static str,
        /// Where.
        span: Span,
        /// The nearest field the entity has.
        suggestion: Option<String>,
        /// The fields the entity has.
        valid: Vec<&'static str>,
    },
    /// A name that matches nothing of its kind: `recipients where category in helth`.
    #[error("unknown {kind} `{name}`")]
    UnknownName {
        /// What kind of thing was expected.
        kind: &'static str,
        /// As written.
        name: String,
        /// The nearest id or name.
        suggestion: Option<String>,
        /// Where.
        span: Span,
    },
    /// A display name several organisations, parties or services share, where one is needed:
    /// `path from "Shared Partner" to dfe` when two parties are called "Shared Partner".
    #[error("{count} things are called `{name}`")]
    AmbiguousName {
        /// As written.
        name: String,
        /// How many things have the name.
        count: usize,
        /// Their ids (the first few).
        ids: Vec<String>,
        /// Where.
        span: Span,
    },
    /// A citation of a basis that does not exist: `basis = art 6(1)(g)`.
    #[error("there is no lawful basis `{citation}`")]
    NoSuchCitation {
        /// The citation, canonically spelt.
        citation: String,
        /// What does exist.
        reason: String,
        /// Where.
        span: Span,
    },
    /// An operator that does not apply to the field: `category > health`, `org is special`.
    #[error("`{op}` does not apply to `{field}`")]
    BadOperator {
        /// The operator.
        op: String,
        /// The field.
        field: String,
        /// What would.
        reason: String,
        /// Where.
        span: Span,
    },
    /// A value of the wrong kind: `duration > health`, `basis = 20 years`.
    #[error("`{field}` needs {expected}")]
    BadValue {
        /// The field.
        field: String,
        /// What it needs.
        expected: String,
        /// Where.
        span: Span,
    },
    /// `max` outside 1..=10: `path from a to b max 0`.
    #[error("`max` must be between 1 and {}", super::ast::MAX_HOPS)]
    BadMax {
        /// Where.
        span: Span,
    },
    /// `reachable` lists parties, recipients, orgs or services: `bases reachable from x`.
    #[error("{entity} cannot be reached along flows")]
    NotReachable {
        /// The entity word.
        entity: &'static str,
        /// Where.
        span: Span,
    },
    /// `missing category != health`: a negated test under `missing` reads as a double negative.
    #[error("`missing` cannot take a negated test")]
    NegatedMissing {
        /// Where.
        span: Span,
    },
    /// A `by` field written twice: `count services by party, party` (every pair of a
    /// service's parties would be a group).
    #[error("`{field}` is already a `by` field")]
    RepeatedBy {
        /// The field.
        field: String,
        /// The second mention.
        span: Span,
    },
    /// `order by` a column the result does not have: `count flows by org order by category`,
    /// `recipients order by count`.
    #[error("the result has no column `{field}` to order by")]
    OrderNotInResult {
        /// As written.
        field: String,
        /// Where.
        span: Span,
        /// The columns it can be ordered by.
        valid: Vec<String>,
        /// How to get the order asked for.
        hint: &'static str,
    },
    /// `explain explain …` (the parser prevents it; kept as a safety net).
    #[error("`explain` cannot be nested")]
    NestedExplain {
        /// Where.
        span: Span,
    },
}

impl PlanError {
    /// The bytes the error is about.
    pub fn span(&self) -> Span {
        match self {
            PlanError::UnknownField { span, .. }
            | PlanError::FieldNotOnEntity { span, .. }
            | PlanError::UnknownName { span, .. }
            | PlanError::AmbiguousName { span, .. }
            | PlanError::NoSuchCitation { span, .. }
            | PlanError::BadOperator { span, .. }
            | PlanError::BadValue { span, .. }
            | PlanError::BadMax { span }
            | PlanError::NotReachable { span, .. }
            | PlanError::NegatedMissing { span }
            | PlanError::RepeatedBy { span, .. }
            | PlanError::OrderNotInResult { span, .. }
            | PlanError::NestedExplain { span } => *span,
        }
    }

    /// The error as the user reads it, against the query's `text`: the line, a caret under the
    /// column and the suggestion; `color` adds ANSI colours.
    pub fn render(&self, text: &str, color: bool) -> String {
        self.to_diagnostic().render(text, color)
    }

    /// A located diagnostic (origin `query`) with the suggestion as help.
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        let mut help = Vec::new();
        let label = match self {
            PlanError::UnknownField {
                suggestion, valid, ..
            }
            | PlanError::FieldNotOnEntity {
                suggestion, valid, ..
            } => {
                if let Some(s) = suggestion {
                    help.push(format!("help: did you mean `{s}`?"));
                }
                help.push(format!("note: the fields here are {}", valid.join(", ")));
                "not known here"
            }
            PlanError::UnknownName { suggestion, .. } => {
                if let Some(s) = suggestion {
                    help.push(format!("help: did you mean `{s}`?"));
                }
                "not known here"
            }
            PlanError::AmbiguousName { ids, .. } => {
                help.push(format!("help: name one by its id: {}", ids.join(", ")));
                "ambiguous"
            }
            PlanError::NoSuchCitation { reason, .. } => {
                help.push(format!("note: {reason}"));
                "no such basis"
            }
            PlanError::BadOperator { reason, .. } => {
                help.push(format!("help: {reason}"));
                "wrong operator"
            }
            PlanError::BadValue { .. } => "wrong kind of value",
            PlanError::BadMax { .. } => "out of range",
            PlanError::NotReachable { .. } => {
                help.push("help: use parties, recipients, orgs or services".into());
                "not a node"
            }
            PlanError::NegatedMissing { .. } => {
                help.push("help: write `missing f = v` or `not missing f = v`".into());
                "negated"
            }
            PlanError::RepeatedBy { .. } => {
                help.push("help: group by each field once".into());
                "repeated"
            }
            PlanError::OrderNotInResult { valid, hint, .. } => {
                help.push(format!(
                    "note: this result can be ordered by {}",
                    valid.join(", ")
                ));
                help.push(format!("help: {hint}"));
                "not a column of the result"
            }
            PlanError::NestedExplain { .. } => "nested",
        };
        Diagnostic {
            message: self.to_string(),
            origin: "query".into(),
            span: Some(self.span().into()),
            label: label.into(),
            help,
        }
    }
}
