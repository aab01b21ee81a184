//! Parse errors: what went wrong, where (a byte span), what was expected in words, and a
//! did-you-mean; rendered as a [`Diagnostic`] with a caret under the column.

use super::ast::Span;
use crate::diagnostic::Diagnostic;

/// The most bytes a query may have.
pub(crate) const MAX_QUERY_BYTES: usize = 64 * 1024;
/// The deepest nesting of parentheses (and the longest run of `not`s) in a condition.
pub(crate) const MAX_NESTING: usize = 64;

/// Why a query text is not a query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text does not follow the grammar: `recipients wher org = a`, `recipients where`,
    /// `recipients where org == a`, `path from a`.
    #[error("{}", syntax_message(found))]
    Syntax {
        /// The word or character found (empty at the end of the query).
        span: Span,
        /// What would have been accepted there, in words (`` `where` ``, `a value (…)`).
        expected: Vec<String>,
        /// What was there, in words (`` `wher` ``, `end of query`).
        found: String,
        /// The nearest keyword to the word found, or a fix for a common slip (`==`).
        suggestion: Option<String>,
    },
    /// A query starts with a word that is no entity: `recipents where x = y`, `count flow`.
    #[error("unknown entity `{word}`")]
    UnknownEntity {
        /// The word.
        span: Span,
        /// The word as written.
        word: String,
        /// The nearest entity or query keyword.
        suggestion: Option<String>,
    },
    /// A quoted name has no closing quote: `recipients where org = "unclosed`.
    #[error("this quoted name is never closed")]
    UnclosedQuote {
        /// The opening quote.
        span: Span,
    },
    /// A number does not fit: `recipients limit 99999999999999999999999`, `art 99999999999`.
    #[error("number too large")]
    NumberTooLarge {
        /// The number.
        span: Span,
    },
    /// The query is longer than `MAX_QUERY_BYTES` (a 70 KiB query).
    #[error("query too long: {len} bytes, the limit is {MAX_QUERY_BYTES}")]
    TooLong {
        /// From the limit to the end.
        span: Span,
        /// The query's length in bytes.
        len: usize,
    },
    /// Parentheses or `not`s nest deeper than `MAX_NESTING`: 100,000 `(`.
    #[error("condition nested too deeply (the limit is {MAX_NESTING} levels)")]
    TooDeep {
        /// The parenthesis or `not` that goes past the limit.
        span: Span,
    },
    /// The parser gave up before finishing (its call budget or stack ran out); a safety net
    /// that no query within the other limits is known to reach.
    #[error("query too complex to parse")]
    TooComplex {
        /// Where the parser stopped.
        span: Span,
    },
}

fn syntax_message(found: &str) -> String {
    format!("unexpected {found}")
}

impl ParseError {
    /// The bytes the error is about.
    pub fn span(&self) -> Span {
        match self {
            ParseError::Syntax { span, .. }
            | ParseError::UnknownEntity { span, .. }
            | ParseError::UnclosedQuote { span }
            | ParseError::NumberTooLarge { span }
            | ParseError::TooLong { span, .. }
            | ParseError::TooDeep { span }
            | ParseError::TooComplex { span } => *span,
        }
    }

    /// The error as the user reads it, against the query's `text`: the line, a caret under the
    /// column and what was expected; `color` adds ANSI colours.
    pub fn render(&self, text: &str, color: bool) -> String {
        self.to_diagnostic().render(text, color)
    }

    /// The error as a diagnostic about the source `query`, ready to render against its text.
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        let (label, help) = match self {
            ParseError::Syntax {
                expected,
                suggestion,
                ..
            } => {
                let help = suggestion.iter().map(|s| format!("help: {s}")).collect();
                (format!("expected {}", one_of(expected)), help)
            }
            ParseError::UnknownEntity { suggestion, .. } => {
                let mut help: Vec<String> = suggestion
                    .iter()
                    .map(|s| format!("help: did you mean `{s}`?"))
                    .collect();
                help.push(format!("note: the entities are {}", entity_words()));
                ("not an entity".to_string(), help)
            }
            ParseError::UnclosedQuote { .. } => (
                "opened here".to_string(),
                vec!["help: add a closing `\"`; write a quote inside a name as `\\\"`".into()],
            ),
            ParseError::NumberTooLarge { .. } => (
                "does not fit".to_string(),
                vec![format!("note: numbers go up to {}", u64::MAX)],
            ),
            ParseError::TooLong { .. } => (
                "the limit is reached here".to_string(),
                vec!["help: split the question into several queries".into()],
            ),
            ParseError::TooDeep { .. } => (
                "too deep".to_string(),
                vec!["help: remove redundant parentheses or `not`s".into()],
            ),
            ParseError::TooComplex { .. } => (
                "the parser stopped here".to_string(),
                vec!["help: split the question into several queries".into()],
            ),
        };
        Diagnostic {
            message: self.to_string(),
            origin: "query".to_string(),
            span: Some(self.span().into()),
            label,
            help,
        }
    }
}

/// The entity words, comma-separated, for notes.
pub(super) fn entity_words() -> String {
    use super::ast::EntityKind;
    let words: Vec<_> = EntityKind::all().map(|e| e.word()).collect();
    words.join(", ")
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
