//! The entry point of the stage: limits first, then pest, then the AST; pest's errors become
//! [`ParseError`]s that keep the position and the expected rules, renamed to words.

use super::ast::{EntityKind, Query, Span};
use super::build;
use super::error::{MAX_NESTING, MAX_QUERY_BYTES, ParseError};
use super::grammar::{QueryParser, Rule};
use super::words::{Expected, found_at};
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use std::num::NonZeroUsize;
use std::sync::Once;

/// pest's budget of rule calls for one parse. A 64 KiB query of simple conditions takes about
/// a tenth of it; the budget only stops a pathological grammar path from running unbounded.
const CALL_LIMIT: usize = 20_000_000;

/// Parses one query.
///
/// ```
/// let q = basis::query::parse("recipients where category in health").unwrap();
/// assert_eq!(q.to_string(), "recipients where category in health");
/// ```
pub fn parse(text: &str) -> Result<Query, ParseError> {
    if text.len() > MAX_QUERY_BYTES {
        let start = char_floor(text, MAX_QUERY_BYTES);
        return Err(ParseError::TooLong {
            span: Span::new(start, text.len()),
            len: text.len(),
        });
    }
    let unclosed = scan(text)?;
    configure();
    let pairs = QueryParser::parse(Rule::query, text).map_err(|e| convert(&e, text, unclosed))?;
    let query = pairs
        .flat_map(|p| p.into_inner())
        .find(|p| p.as_rule() != Rule::EOI);
    match query {
        Some(q) => build::query(q),
        None => Err(ParseError::Syntax {
            span: Span::new(text.len(), text.len()),
            expected: vec!["a query".into()],
            found: "end of query".into(),
            suggestion: None,
        }),
    }
}

/// pest's call limit is process-wide; it bounds the work on hostile input.
fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT)));
}

/// The largest char boundary at or before `i`.
fn char_floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Checks nesting before pest sees the text (deep recursion must be refused, not attempted)
/// and returns where an unclosed quote opens, if one does.
fn scan(text: &str) -> Result<Option<(usize, char)>, ParseError> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        span: Span::new(i, i + 1),
                    });
                }
            }
            ')' => depth = depth.saturating_sub(1),
            '-' if chars.peek().is_some_and(|&(_, c)| c == '-') => {
                // A comment: skip to the end of the line.
                while chars.next_if(|&(_, c)| c != '\n').is_some() {}
            }
            '"' | '“' => {
                let close = if c == '"' { '"' } else { '”' };
                let mut closed = false;
                while let Some((_, d)) = chars.next() {
                    if d == '\\' && c == '"' {
                        chars.next();
                    } else if d == close {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Ok(Some((i, c)));
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Turns pest's error into ours.
///
/// We read pest's own expected set (rules that failed at the furthest position) rather than the
/// `set_error_detail` parse attempts: the attempts also count characters tried inside atomic
/// rules (the next letter of an id, the boundary after a unit), so after `3 dogs` they point at
/// `ogs` and list "a name" after every name. Because every keyword and punctuation mark is a
/// named rule here, the rule-level set is at the right column; the one literal that can run
/// away, a quote, is caught by [`scan`].
fn convert(
    e: &pest::error::Error<Rule>,
    text: &str,
    unclosed: Option<(usize, char)>,
) -> ParseError {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let positives = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.as_slice(),
        // pest reports its call and stack limits as custom errors.
        ErrorVariant::CustomError { .. } => {
            return ParseError::TooComplex {
                span: Span::new(pos, pos),
            };
        }
    };
    if let Some((q, c)) = unclosed
        && q <= pos
    {
        return ParseError::UnclosedQuote {
            span: Span::new(q, q + c.len_utf8()),
        };
    }
    let expected = Expected::new(positives);
    let (span, found, word) = found_at(text, pos);
    if expected.wants_entity()
        && let Some(word) = word.filter(|w| !Expected::is_keyword(w))
    {
        let candidates = EntityKind::all().map(|e| e.word());
        let keywords = expected.keywords();
        let all = candidates.chain(keywords.iter().copied());
        return ParseError::UnknownEntity {
            span,
            word: word.to_string(),
            suggestion: crate::diagnostic::did_you_mean(word, all).map(String::from),
        };
    }
    let suggestion = expected.suggest(text, pos, word);
    ParseError::Syntax {
        span,
        expected: expected.into_words(),
        found,
        suggestion,
    }
}
