//! A forgiving tokenizer for text that is still being typed: completion, highlighting and the
//! multi-line check need words, quotes and punctuation with their byte spans even when the text
//! does not parse (yet), which the pest grammar cannot give.

use crate::query::KEYWORDS;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
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
pub(crate) struct Token {
    /// What it is.
    pub kind: TokKind,
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text in `src`.
    pub(crate) fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// The tokens of `text`; white space is skipped.
pub(crate) fn lex(text: &str) -> Vec<Token> {
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
pub(crate) fn is_incomplete(text: &str) -> bool {
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

/// Words after which a query cannot end: a line ending in one continues on the next.
/// (`count`, `explain`, … are left out: `order by count` ends a query.) The last group of
/// [`KEYWORDS`].
const CONTINUING_WORDS: &[&str] = KEYWORDS.split_at(7).1;

/// Whether `text` cannot be a whole query yet: an open parenthesis or quote, or a last token
/// that needs something after it (`and`, `where`, `by`, `=`, `,`, …). The shell then asks for
/// another line (`...>`) instead of running it.
pub(crate) fn needs_more(text: &str) -> bool {
    if is_incomplete(text) {
        return true;
    }
    let tokens: Vec<Token> = lex(text)
        .into_iter()
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let before = tokens.len().checked_sub(2).map(|i| tokens[i].text(text));
    match tokens.last() {
        Some(t) if t.kind == TokKind::Word => {
            // After `=`, `in` or a comma the word is a value (`direction = to`), and a
            // query of one word (`orgs`, `count`) is whole or an error of its own.
            let is_value = matches!(
                before.map(str::to_lowercase).as_deref(),
                Some("=" | "!=" | "==" | "<>" | "in" | "," | "(") | None
            );
            !is_value && CONTINUING_WORDS.contains(&t.text(text).to_lowercase().as_str())
        }
        Some(t) if t.kind == TokKind::Punct => matches!(
            t.text(text),
            "=" | "!=" | "<" | ">" | "<=" | ">=" | "==" | "<>" | ","
        ),
        _ => false,
    }
}

/// Words that cannot begin a query, so a line that begins with one continues the statement
/// before it (`count recipients⏎where org = x⏎by party.type;` is one statement, as in SQL):
/// [`KEYWORDS`] after the words that start a query and `missing`.
pub(crate) const CLAUSE_WORDS: &[&str] = KEYWORDS.split_at(5).1;

/// Whether `line` begins with a clause word or with punctuation that continues a query
/// (`,`, `)`, `=`, …): it cannot start a statement of its own.
pub(crate) fn continues(line: &str) -> bool {
    let tokens = lex(line);
    match tokens.iter().find(|t| t.kind != TokKind::Comment) {
        Some(t) if t.kind == TokKind::Word => {
            CLAUSE_WORDS.contains(&t.text(line).to_lowercase().as_str())
        }
        Some(t) if t.kind == TokKind::Punct => matches!(
            t.text(line),
            "," | ")" | "=" | "!=" | "<" | ">" | "<=" | ">=" | "==" | "<>"
        ),
        _ => false,
    }
}

/// Whether the last statement of `text` (after its last `;`) is an entity alone, or `count`
/// or `explain` and an entity: at the prompt such a line waits for its clauses (or an empty
/// line) instead of running at once, since a listing of every row is rarely what was meant.
pub(crate) fn is_bare(text: &str) -> bool {
    let tokens: Vec<Token> = lex(text)
        .into_iter()
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let start = tokens
        .iter()
        .rposition(|t| t.kind == TokKind::Punct && t.text(text) == ";")
        .map_or(0, |i| i + 1);
    let words = &tokens[start..];
    let bare_word = |t: &Token| {
        let w = t.text(text).to_lowercase();
        t.kind == TokKind::Word
            && (matches!(w.as_str(), "count" | "explain")
                || crate::query::EntityKind::from_word(&w).is_some())
    };
    !words.is_empty()
        && words.iter().all(bare_word)
        && words
            .last()
            .is_some_and(|t| crate::query::EntityKind::from_word(t.text(text)).is_some())
}

/// Whether `text` ends with a `;` (outside quotes and comments).
pub(crate) fn ends_statement(text: &str) -> bool {
    lex(text)
        .iter()
        .rfind(|t| t.kind != TokKind::Comment)
        .is_some_and(|t| t.kind == TokKind::Punct && t.text(text) == ";")
}

/// One entry of a script or a pasted block: a meta-command, or one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    /// The 1-based line it starts on.
    pub line: usize,
    /// Its text (a query without its `;`), with the line breaks inside it.
    pub text: String,
    /// Whether it is a meta-command (`.format csv`, `exit`, `help`), one line long.
    pub meta: bool,
}

/// Whether a line, on its own, is a command to the shell rather than a query: `.anything`, and
/// the words people type to leave or ask for help (`exit`, `quit`, `\q`, `help`).
pub(crate) fn is_meta_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('.')
        || t.starts_with('\\')
        || matches!(
            t.trim_end_matches(';').trim().to_lowercase().as_str(),
            "exit" | "quit" | "help"
        )
}

/// The statements of `text`, in order: each meta-command line alone; queries end at `;` or at
/// the end of a line where the query is whole ([`needs_more`] is false) and the next line does
/// not go on with it (does not begin with a clause word, [`continues`]). A query still open at
/// the end comes last, to fail with its own message.
pub(crate) fn statements(text: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut first_line = 1;
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    for (i, &line) in lines.iter().enumerate() {
        if pending.trim().is_empty() && is_meta_line(line) {
            out.push(Statement {
                line: i + 1,
                text: line.trim().to_string(),
                meta: true,
            });
            pending.clear();
            continue;
        }
        if pending.trim().is_empty() {
            pending.clear();
            first_line = i + 1;
        }
        pending.push_str(line);
        pending.push('\n');
        // The next line that is not a comment: does it go on with this statement? A blank
        // line ends it, as an empty line at the prompt does.
        let next = lines[i + 1..]
            .iter()
            .find(|l| l.trim().is_empty() || lex(l).iter().any(|t| t.kind != TokKind::Comment));
        let goes_on = !ends_statement(&pending) && next.is_some_and(|l| continues(l));
        if needs_more(&pending) || goes_on {
            continue;
        }
        push_queries(&mut out, &pending, first_line);
        pending.clear();
    }
    push_queries(&mut out, &pending, first_line);
    out
}

/// The queries of `chunk` (split at `;`), which starts on line `first_line`.
fn push_queries(out: &mut Vec<Statement>, chunk: &str, first_line: usize) {
    for (offset, q) in split_statements(chunk) {
        // The query's own first line: past the line breaks before it and its leading space.
        let lead = q.len() - q.trim_start().len();
        let before = chunk.get(..offset + lead).unwrap_or("");
        out.push(Statement {
            line: first_line + before.matches('\n').count(),
            text: q.trim().to_string(),
            meta: false,
        });
    }
}

/// The queries in `text`, split at each `;` outside quotes and comments; pieces with nothing
/// but white space and comments are left out. Each comes with its byte offset in `text`.
pub(crate) fn split_statements(text: &str) -> Vec<(usize, &str)> {
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

    /// The slices of `KEYWORDS` hold the groups they are documented to.
    #[test]
    fn keyword_groups_are_where_the_slices_take_them() {
        assert_eq!(CLAUSE_WORDS.len(), 17);
        assert_eq!(CLAUSE_WORDS[..2], ["asc", "desc"]);
        assert_eq!(CONTINUING_WORDS.len(), 15);
        assert_eq!(CONTINUING_WORDS[0], "where");
        for w in [
            "explain", "count", "compare", "path", "missing", "asc", "desc",
        ] {
            assert!(!CONTINUING_WORDS.contains(&w), "{w}");
        }
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
    fn a_trailing_keyword_or_operator_continues() {
        for open in [
            "recipients where",
            "flows where org = a and",
            "count flows by",
            "flows where org =",
            "orgs show name,",
        ] {
            assert!(needs_more(open), "{open}");
        }
        for whole in [
            "orgs",
            "count",
            "flows where org = a",
            "orgs -- and",
            "flows where direction = to",
            "flows where direction in (from, to)",
            "flows where direction in from",
            "count flows by org order by count",
        ] {
            assert!(!needs_more(whole), "{whole}");
        }
    }

    #[test]
    fn statements_end_at_semicolons_or_whole_lines() {
        let got = statements(
            "orgs\nnotices; count flows\nrecipients where\n  org = a\n.format csv\nexit\n(orgs",
        );
        let lines: Vec<(usize, &str, bool)> = got
            .iter()
            .map(|s| (s.line, s.text.as_str(), s.meta))
            .collect();
        assert_eq!(
            lines,
            [
                (1, "orgs", false),
                (2, "notices", false),
                (2, "count flows", false),
                (3, "recipients where\n  org = a", false),
                (5, ".format csv", true),
                (6, "exit", true),
                (7, "(orgs", false),
            ]
        );
        // A `.` inside a query that continues is part of it, not a command.
        assert_eq!(statements("flows where (\n.x)").len(), 1);
    }

    #[test]
    fn a_line_that_begins_with_a_clause_word_continues_the_statement() {
        // One clause a line, as in SQL, pasted or in a script: one statement.
        let got = statements(
            "count recipients\nwhere org = cheshire-west\n  and category in health\nby party.type;\norgs\n-- c\nlimit 2\n\ncount flows\nwhere org = x\n",
        );
        let texts: Vec<(usize, &str)> = got.iter().map(|s| (s.line, s.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (
                    1,
                    "count recipients\nwhere org = cheshire-west\n  and category in health\nby party.type"
                ),
                (5, "orgs\n-- c\nlimit 2"),
                (9, "count flows\nwhere org = x"),
            ]
        );
        // A `;` ends it whatever follows.
        assert_eq!(statements("orgs;\nwhere x").len(), 2);
        // So does a blank line.
        assert_eq!(statements("orgs\n\nwhere x").len(), 2);
        for (line, goes_on) in [
            ("where org = x", true),
            ("  AND x", true),
            (", party.type", true),
            ("desc", true),
            ("orgs", false),
            ("count flows", false),
            ("-- where", false),
            ("", false),
        ] {
            assert_eq!(continues(line), goes_on, "{line:?}");
        }
    }

    #[test]
    fn an_entity_alone_is_bare() {
        for bare in [
            "recipients",
            "count flows",
            "explain count Orgs",
            "orgs; recipients",
        ] {
            assert!(is_bare(bare), "{bare}");
        }
        for whole in [
            "recipients where org = x",
            "count",
            "orgs limit 3",
            "recipients;",
            "path",
        ] {
            assert!(!is_bare(whole), "{whole}");
        }
        assert!(ends_statement("orgs; -- done"));
        assert!(!ends_statement("orgs \";\""));
    }

    #[test]
    fn splits_at_semicolons_outside_quotes() {
        assert_eq!(
            split_statements("orgs; notices where title = \"a;b\";\n-- only a comment\n;"),
            [(0, "orgs"), (5, " notices where title = \"a;b\"")]
        );
    }
}
