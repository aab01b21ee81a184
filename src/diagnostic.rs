//! Located diagnostics shared by every stage: a message about a byte span of a named source,
//! rendered with the line, a caret under the column and a help line (codespan-reporting).

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use std::ops::Range;

/// The error for a word `given` that is none of the `names` a choice takes (`--format`,
/// `--engine`, `.format` …): what it is, and every name it could be.
pub(crate) fn unknown_word(kind: &str, given: &str, names: &[&str]) -> String {
    format!("unknown {kind} `{given}`: use one of {}", names.join(", "))
}

/// One problem in one source text, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
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
    pub(crate) fn render(&self, text: &str, color: bool) -> String {
        // A 5 MB value or a 65,000-character name must not become megabytes of message.
        let message = cut_text(&self.message, MAX_MESSAGE);
        let mut help: Vec<String> = self.help.iter().map(|h| cut_text(h, MAX_HELP)).collect();
        if self.span.is_none() && !self.origin.is_empty() && !message.contains(&self.origin) {
            help.push(format!("in {}", self.origin));
        }
        if let Some(span) = &self.span
            && let Some(plain) = self.render_long_line(text, span, &message, &help)
        {
            return plain;
        }
        let file = SimpleFile::new(self.origin.as_str(), text);
        let mut diag = CsDiagnostic::error().with_message(&message);
        if let Some(span) = &self.span {
            let end = span.end.min(text.len());
            let start = span.start.min(end);
            diag = diag.with_labels(vec![
                Label::primary((), start..end).with_message(&self.label),
            ]);
        }
        diag = diag.with_notes(help);
        let mut buffer = if color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let config = term::Config::default();
        if term::emit_to_write_style(&mut buffer, &config, &file, &diag).is_err() {
            return format!("error: {message}");
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }

    /// When the span's line is too long to print whole, a rendering in codespan's layout with
    /// a window of the line around the span; `None` for lines of ordinary length.
    fn render_long_line(
        &self,
        text: &str,
        span: &Range<usize>,
        message: &str,
        help: &[String],
    ) -> Option<String> {
        let start = floor_char(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= MAX_LINE {
            return None;
        }
        let (line, col) = line_col(text, start);
        let from = floor_char(text, start.saturating_sub(MAX_LINE / 3).max(line_start));
        let to = floor_char(text, (from + MAX_LINE).min(line_end));
        let before = if from > line_start { "…" } else { "" };
        let after = if to < line_end { "…" } else { "" };
        let caret_at = before.chars().count() + text[from..start].chars().count();
        let span_end = span.end.clamp(start, to);
        let carets = text[start..span_end].chars().count().max(1);
        let gutter = " ".repeat(line.to_string().len());
        let mut out = format!(
            "error: {message}\n{gutter} ┌─ {}:{line}:{col}\n{gutter} │\n{line} │ {before}{}{after}\n{gutter} │ {}{} {}\n",
            self.origin,
            &text[from..to],
            " ".repeat(caret_at),
            "^".repeat(carets),
            self.label
        );
        out.push_str(&format!("{gutter} │\n"));
        for h in help {
            out.push_str(&format!("{gutter} = {h}\n"));
        }
        out.push('\n');
        Some(out)
    }
}

/// The longest message printed; longer ones are cut with a count of the rest.
const MAX_MESSAGE: usize = 200;
/// The longest help line printed (they list fields or ids, so they may be longer).
const MAX_HELP: usize = 1000;
/// The longest source line printed whole under a message.
const MAX_LINE: usize = 160;

/// `text` cut to about `max` bytes at a character boundary, saying how much was left out.
pub(crate) fn cut_text(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let end = floor_char(text, max);
    format!("{}… ({} more bytes)", &text[..end], text.len() - end)
}

/// The largest character boundary at or before `i`.
fn floor_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Words longer than this are not compared with candidates (see [`did_you_mean`]).
const MAX_WORD: usize = 200;

/// The candidate nearest to `word`, if it is close enough to be a plausible typo: within a
/// third of the word's length in edits, or a candidate that starts with the word, or one that
/// contains every word of it ("Cheshire West Council" → "Cheshire West and Chester Council").
/// Ties go to the shorter candidate.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // A typo is within a third of the word's length, so a word far longer than any id (a
    // 65,000-character paste) is no typo of one, and comparing it would cost seconds.
    if word.len() > MAX_WORD {
        return None;
    }
    let word_l = word.to_lowercase();
    let words: Vec<&str> = word_l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, usize, &str)> = None;
    for cand in candidates {
        let cand_l = cand.to_lowercase();
        let prefix = word_l.len() >= 3 && cand_l.starts_with(&word_l);
        // The edit distance is at least the difference in length: skip the quadratic
        // comparison when that alone is over the limit.
        let d = if word_l.chars().count().abs_diff(cand_l.chars().count()) > limit {
            usize::MAX
        } else {
            strsim::damerau_levenshtein(&word_l, &cand_l)
        };
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
