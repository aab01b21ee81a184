//! A forgiving tokenizer for text that is still being typed: completion, highlighting and the
//! multi-line check need words, quotes and punctuation with their byte spans even when the text
//! does not parse (yet), which the pest grammar cannot give.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// An id, keyword, field or entity word (`recipients`, `party.type`, `art.`).
    Word,
    /// Digits alone.
    Number,
    /// A quoted name; `closed` is false while its closing quote is missing.
    Quoted {
        /// Whether the closing quote is there.
        closed: bool,
    },
    /// `--` to the end of the line.
    Comment,
    /// Anything else: `(`, `)`, `,`, `;`, `=`, `!=`, `<=`, …
    Punct,
}

/// A token and its byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokKind,
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text in `src`.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// The tokens of `text`; white space is skipped.
pub fn lex(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let rest = &text[i..];
        let (kind, end) = if c.is_whitespace() {
            continue;
        } else if rest.starts_with("--") {
            let end = rest.find('\n').map_or(text.len(), |n| i + n);
            (TokKind::Comment, end)
        } else if c == '"' || c == '“' {
            let close = if c == '"' { '"' } else { '”' };
            let mut escaped = false;
            let mut end = None;
            for (j, d) in rest.char_indices().skip(1) {
                if c == '"' && !escaped && d == '\\' {
                    escaped = true;
                    continue;
                }
                if !escaped && d == close {
                    end = Some(i + j + d.len_utf8());
                    break;
                }
                escaped = false;
            }
            match end {
                Some(e) => (TokKind::Quoted { closed: true }, e),
                None => (TokKind::Quoted { closed: false }, text.len()),
            }
        } else if word_char(c) {
            let mut end = rest.len();
            let mut prev = c;
            for (j, d) in rest.char_indices().skip(1) {
                // `-` joins an id (`cheshire-west`) but `--` starts a comment.
                let joins = word_char(d) || (d == '-' && !rest[j..].starts_with("--"));
                if !joins || (prev == '-' && d == '-') {
                    end = j;
                    break;
                }
                prev = d;
            }
            let word = &rest[..end];
            let kind = if word.bytes().all(|b| b.is_ascii_digit()) {
                TokKind::Number
            } else {
                TokKind::Word
            };
            (kind, i + end)
        } else {
            let two = rest.get(..2).unwrap_or("");
            let len = if matches!(two, "!=" | "<=" | ">=" | "<>" | "==") {
                2
            } else {
                c.len_utf8()
            };
            (TokKind::Punct, i + len)
        };
        out.push(Token {
            kind,
            start: i,
            end,
        });
        while it.peek().is_some_and(|(j, _)| *j < end) {
            it.next();
        }
    }
    out
}

/// Whether `text` stops inside an open parenthesis or quote, so that the query goes on on
/// the next line.
pub fn is_incomplete(text: &str) -> bool {
    let mut depth = 0usize;
    for t in lex(text) {
        match (t.kind, t.text(text)) {
            (TokKind::Quoted { closed: false }, _) => return true,
            (TokKind::Punct, "(") => depth += 1,
            (TokKind::Punct, ")") => depth = depth.saturating_sub(1),
            (TokKind::Punct, ";") => depth = 0,
            _ => {}
        }
    }
    depth > 0
}

/// The queries in `text`, split at each `;` outside quotes and comments; pieces with nothing
/// but white space and comments are left out. Each comes with its byte offset in `text`.
pub fn split_statements(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut has_content = false;
    for t in lex(text) {
        match (t.kind, t.text(text)) {
            (TokKind::Punct, ";") => {
                if has_content {
                    out.push((start, &text[start..t.start]));
                }
                start = t.end;
                has_content = false;
            }
            (TokKind::Comment, _) => {}
            _ => has_content = true,
        }
    }
    if has_content {
        out.push((start, &text[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        lex(src).iter().map(|t| t.text(src)).collect()
    }

    #[test]
    fn lexes_words_quotes_and_operators() {
        assert_eq!(
            texts("recipients where org != \"Cheshire \\\" x\" -- note\nand basis=art 9(2)(h)"),
            [
                "recipients",
                "where",
                "org",
                "!=",
                "\"Cheshire \\\" x\"",
                "-- note",
                "and",
                "basis",
                "=",
                "art",
                "9",
                "(",
                "2",
                ")",
                "(",
                "h",
                ")"
            ]
        );
        assert_eq!(texts("cheshire-west--x"), ["cheshire-west", "--x"]);
    }

    #[test]
    fn open_parens_and_quotes_continue() {
        assert!(is_incomplete("recipients where (org = a"));
        assert!(is_incomplete("recipients where org = \"Ches"));
        assert!(!is_incomplete("recipients where (org = a)"));
        assert!(!is_incomplete("recipients -- (unclosed in a comment"));
    }

    #[test]
    fn splits_at_semicolons_outside_quotes() {
        assert_eq!(
            split_statements("orgs; notices where title = \"a;b\";\n-- only a comment\n;"),
            [(0, "orgs"), (5, " notices where title = \"a;b\"")]
        );
    }
}
