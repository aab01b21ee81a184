//! Located diagnostics shared by every stage: a message about a byte span of a named source,
//! rendered with the line, a caret under the column and a help line (codespan-reporting).

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use std::ops::Range;

/// One problem in one source text, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The name shown for the source (a file path, or `query`).
    pub origin: String,
    /// The byte range the problem is about, when it has one.
    pub span: Option<Range<usize>>,
    /// A short label under the caret.
    pub label: String,
    /// What to do about it (did-you-mean, expected tokens).
    pub help: Vec<String>,
}

impl Diagnostic {
    /// Renders against `text` (the source the span points into); `color` adds ANSI colours.
    pub fn render(&self, text: &str, color: bool) -> String {
        let file = SimpleFile::new(self.origin.as_str(), text);
        let mut diag = CsDiagnostic::error().with_message(&self.message);
        if let Some(span) = &self.span {
            let end = span.end.min(text.len());
            let start = span.start.min(end);
            diag = diag.with_labels(vec![
                Label::primary((), start..end).with_message(&self.label),
            ]);
        }
        diag = diag.with_notes(self.help.clone());
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let config = term::Config::default();
        if term::emit_to_write_style(&mut buffer, &config, &file, &diag).is_err() {
            return format!("error: {}", self.message);
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }

    /// `line:column` (1-based) of the span's start in `text`, if there is a span.
    pub fn line_col(&self, text: &str) -> Option<(usize, usize)> {
        self.span.as_ref().map(|s| line_col(text, s.start))
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The candidate nearest to `word`, if it is close enough to be a plausible typo: within a
/// third of the word's length in edits, or a candidate that starts with the word, or one that
/// contains every word of it ("Cheshire West Council" → "Cheshire West and Chester Council").
/// Ties go to the shorter candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    let words: Vec<&str> = word_l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, usize, &str)> = None;
    for cand in candidates {
        let cand_l = cand.to_lowercase();
        let d = strsim::damerau_levenshtein(&word_l, &cand_l);
        let prefix = word_l.len() >= 3 && cand_l.starts_with(&word_l);
        let cand_words: Vec<&str> = cand_l.split(|c: char| !c.is_alphanumeric()).collect();
        let contains_all = words.len() >= 2 && words.iter().all(|w| cand_words.contains(w));
        let score = if prefix || contains_all { 0 } else { d };
        if score > limit {
            continue;
        }
        let key = (score, cand.len());
        if best.is_none_or(|(s, l, _)| key < (s, l)) {
            best = Some((score, cand.len(), cand));
        }
    }
    best.map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("ab\n’c d", 0), (1, 1));
        assert_eq!(line_col("ab\n’c d", 3), (2, 1));
        // ’ is three bytes: byte 6 is the column after it and 'c'.
        assert_eq!(line_col("ab\n’c d", 7), (2, 3));
    }

    #[test]
    fn did_you_mean_finds_typos_and_rejects_strangers() {
        let ids = ["health", "mental-health", "housing"];
        assert_eq!(did_you_mean("helth", ids), Some("health"));
        assert_eq!(did_you_mean("housng", ids), Some("housing"));
        assert_eq!(did_you_mean("zebra", ids), None);
        let names = ["Cheshire East Council", "Cheshire West and Chester Council"];
        assert_eq!(
            did_you_mean("Cheshire West Council", names),
            Some("Cheshire West and Chester Council")
        );
    }
}
