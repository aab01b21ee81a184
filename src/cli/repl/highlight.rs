//! Syntax highlighting of the line being edited: keywords, entities, quoted names, citations,
//! numbers and comments in colour, and the column where the query stops parsing in red.

use super::lex::{TokKind, Token, is_incomplete, lex, split_statements};
use crate::query::{EntityKind, FLAGS, KEYWORDS, parse};
use nu_ansi_term::{Color, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Plain,
    Keyword,
    Entity,
    Text,
    Citation,
    Number,
    Comment,
    Meta,
    Error,
}

fn style(c: Class) -> Style {
    match c {
        Class::Plain => Style::new(),
        Class::Keyword => Color::Blue.bold(),
        Class::Entity => Color::Cyan.bold(),
        Class::Text => Color::Green.normal(),
        Class::Citation => Color::Magenta.normal(),
        Class::Number => Color::Yellow.normal(),
        Class::Comment => Color::DarkGray.normal(),
        Class::Meta => Color::Cyan.bold(),
        Class::Error => Color::White.on(Color::Red).bold(),
    }
}

/// `line` with ANSI colours; the text itself is unchanged, so its width is too.
pub(super) fn highlight(line: &str) -> String {
    let mut classes = vec![Class::Plain; line.len()];
    let mut paint = |a: usize, b: usize, c: Class| {
        for slot in classes.iter_mut().take(b.min(line.len())).skip(a) {
            *slot = c;
        }
    };
    if line.trim_start().starts_with('.') {
        let start = line.len() - line.trim_start().len();
        let end = line[start..]
            .find(char::is_whitespace)
            .map_or(line.len(), |i| start + i);
        paint(start, end, Class::Meta);
    } else {
        let tokens = lex(line);
        let mut citation = CitationState::default();
        let mut prev: Option<(usize, Class)> = None;
        let mut query_start = true;
        for t in &tokens {
            let mut class = classify(t, line, &mut citation);
            // An entity word is a field elsewhere (`show legislation`).
            if class == Class::Entity && !query_start {
                class = Class::Plain;
            }
            let word = t.text(line).to_lowercase();
            if t.kind != TokKind::Comment {
                query_start = matches!(word.as_str(), ";" | "explain" | "count");
            }
            // A citation is one literal: colour the spaces inside it too (`art 9 (2)`).
            let from = match prev {
                Some((end, Class::Citation)) if class == Class::Citation => end,
                _ => t.start,
            };
            paint(from, t.end, class);
            prev = Some((t.end, class));
        }
        if !is_incomplete(line) {
            for (offset, stmt) in split_statements(line) {
                if let Some((a, b)) = error_span(stmt) {
                    paint(offset + a, offset + b, Class::Error);
                }
            }
        }
    }
    render(line, &classes)
}

/// Where `stmt` stops parsing, when that is before its end (at the end, the query is only
/// unfinished, and a red cursor while typing would be noise).
fn error_span(stmt: &str) -> Option<(usize, usize)> {
    let err = parse(stmt).err()?;
    let span = err.span();
    let end_of_text = stmt.trim_end().len();
    if span.start >= end_of_text {
        return None;
    }
    if span.end >= stmt.len() {
        // The word at the end is still being typed (`recip`, `recipients wh`).
        return None;
    }
    let mut end = span.end.min(end_of_text);
    if end <= span.start {
        end = stmt[span.start..]
            .chars()
            .next()
            .map_or(span.start, |c| span.start + c.len_utf8());
    }
    Some((span.start, end))
}

/// Tracks a citation across its tokens: `art` `9` `(` `2` `)` `(` `h` `)`.
#[derive(Default)]
struct CitationState {
    active: bool,
    depth: usize,
}

fn is_citation_head(word: &str) -> bool {
    let w = word.to_lowercase();
    let head = w.trim_end_matches(|c: char| c.is_ascii_digit());
    let compact = w.starts_with('a')
        && w[1..].split('-').count() >= 2
        && w[1..].split('-').take(2).all(|p| p.parse::<u32>().is_ok());
    compact
        || matches!(
            head,
            "art" | "art." | "article" | "sch" | "sch." | "schedule"
        )
}

fn is_citation_part(word: &str) -> bool {
    let w = word.to_lowercase();
    let head = w.trim_end_matches(|c: char| c.is_ascii_digit());
    matches!(head, "pt" | "pt." | "part" | "para" | "para." | "paragraph")
}

fn classify(t: &Token, src: &str, cite: &mut CitationState) -> Class {
    let text = t.text(src);
    if cite.active {
        let goes_on = match (t.kind, text) {
            (TokKind::Number, _) => true,
            (TokKind::Punct, "(") => {
                cite.depth += 1;
                true
            }
            (TokKind::Punct, ")") if cite.depth > 0 => {
                cite.depth -= 1;
                true
            }
            (TokKind::Word, w) => cite.depth > 0 || is_citation_part(w),
            _ => false,
        };
        if goes_on {
            return Class::Citation;
        }
        *cite = CitationState::default();
    }
    match t.kind {
        TokKind::Word if is_citation_head(text) => {
            cite.active = true;
            Class::Citation
        }
        TokKind::Word => {
            let lower = text.to_lowercase();
            if KEYWORDS.contains(&lower.as_str()) || FLAGS.contains(&lower.as_str()) {
                Class::Keyword
            } else if EntityKind::from_word(&lower).is_some() {
                Class::Entity
            } else {
                Class::Plain
            }
        }
        TokKind::Number => Class::Number,
        TokKind::Quoted { .. } => Class::Text,
        TokKind::Comment => Class::Comment,
        TokKind::Punct => Class::Plain,
    }
}

fn render(line: &str, classes: &[Class]) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut start = 0;
    while start < line.len() {
        let c = classes[start];
        let mut end = start + 1;
        while end < line.len() && (classes[end] == c || !line.is_char_boundary(end)) {
            end += 1;
        }
        let piece = line.get(start..end).unwrap_or("");
        if c == Class::Plain {
            out.push_str(piece);
        } else {
            out.push_str(&style(c).paint(piece).to_string());
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut in_escape = false;
        for c in s.chars() {
            match (in_escape, c) {
                (false, '\x1b') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn keeps_the_text_and_colours_the_parts() {
        let line = "recipients where org = \"Cheshire Police\" and basis = art 9(2)(h) limit 5";
        let h = highlight(line);
        assert_eq!(strip(&h), line);
        assert!(h.contains(&Color::Cyan.bold().paint("recipients").to_string()));
        assert!(h.contains(&Color::Blue.bold().paint("where").to_string()));
        assert!(h.contains(&Color::Green.paint("\"Cheshire Police\"").to_string()));
        assert!(h.contains(&Color::Magenta.paint("art 9(2)(h)").to_string()));
        assert!(h.contains(&Color::Yellow.paint("5").to_string()));
    }

    #[test]
    fn marks_the_error_column_in_red() {
        let h = highlight("recipients wher org = a");
        assert!(!highlight("recip").contains(&style(Class::Error).prefix().to_string()));
        assert!(!highlight("recipients wh").contains(&style(Class::Error).prefix().to_string()));
        let red = Color::White.on(Color::Red).bold().paint("wher").to_string();
        assert!(h.contains(&red), "{h:?}");
        // An unfinished query is not an error yet.
        let red_start = style(Class::Error).prefix().to_string();
        assert!(h.contains(&red_start));
        assert!(!highlight("recipients where").contains(&red_start));
        assert!(!highlight("recipients where (org = a").contains(&red_start));
    }
}
