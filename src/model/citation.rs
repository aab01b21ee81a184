//! Legal citations as typed values, and a lenient reader for the many ways people write them.
//!
//! The query grammar recognises citation literals in queries (`art 9(2)(h)`, `sch1 pt3 para36`);
//! [`parse_citation`] reads the looser spellings found in quoted strings and ids
//! (`"Article 9 Part h"`, `a9-2-h`, `"GDPR Article 6 part e"`), for the planner to apply when the
//! field is `basis`. Neither checks that the article exists: the vocabulary does that.
//! [`citations_in`] finds every citation in running text, for the loader's cross-check of a
//! basis id against its quote and for `basis new org`'s proposals; it lives in the model, not
//! the query stage, because the loader may not use a later stage.

use std::fmt;

/// A reference to a lawful basis: a UK GDPR article or a DPA 2018 schedule condition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Citation {
    /// UK GDPR `Art. article(paragraph)(point)`, e.g. Art. 9(2)(h).
    Gdpr {
        /// The article number (6, 9, 10, …).
        article: u32,
        /// The paragraph, if given (or implied by a point: 1 for Art. 6, 2 for Art. 9).
        paragraph: Option<u32>,
        /// The point, lower-case (`"h"`, `"ea"`).
        point: Option<String>,
    },
    /// DPA 2018 `Sch. schedule Pt. part para. paragraph`, e.g. Sch. 1 Pt. 3 para. 36.
    Schedule {
        /// The schedule number.
        schedule: u32,
        /// The part, if given.
        part: Option<u32>,
        /// The paragraph, if given.
        paragraph: Option<u32>,
    },
}

impl Citation {
    /// A GDPR citation; a point given without a paragraph gets the paragraph that lists the
    /// points of that article (Art. 6(1), Art. 9(2)).
    pub(crate) fn gdpr(article: u32, paragraph: Option<u32>, point: Option<&str>) -> Citation {
        let point = point.map(str::to_lowercase);
        let paragraph = match (paragraph, &point, article) {
            (None, Some(_), 6) => Some(1),
            (None, Some(_), 9) => Some(2),
            _ => paragraph,
        };
        Citation::Gdpr {
            article,
            paragraph,
            point,
        }
    }
}

/// Prints the canonical spelling, which the query grammar reads back:
/// `art 9(2)(h)`, `art 9`, `sch 1 pt 3 para 36`.
impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Citation::Gdpr {
                article,
                paragraph,
                point,
            } => {
                write!(f, "art {article}")?;
                write_part(f, "(", paragraph.as_ref(), ")")?;
                write_part(f, "(", point.as_ref(), ")")
            }
            Citation::Schedule {
                schedule,
                part,
                paragraph,
            } => {
                write!(f, "sch {schedule}")?;
                write_part(f, " pt ", part.as_ref(), "")?;
                write_part(f, " para ", paragraph.as_ref(), "")
            }
        }
    }
}

/// Writes a citation's optional `part` between `open` and `close`; nothing when it is absent.
fn write_part(
    f: &mut fmt::Formatter<'_>,
    open: &str,
    part: Option<impl fmt::Display>,
    close: &str,
) -> fmt::Result {
    match part {
        Some(p) => write!(f, "{open}{p}{close}"),
        None => Ok(()),
    }
}

/// One run of letters or of digits; everything else separates tokens.
#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Num(u32),
}

fn tokens(text: &str) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n: u32 = 0;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n.checked_mul(10)?.checked_add(d)?;
                chars.next();
            }
            out.push(Token::Num(n));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_alphabetic()) {
                w.extend(c.to_lowercase());
                chars.next();
            }
            out.push(Token::Word(w));
        } else {
            chars.next();
        }
    }
    Some(out)
}

/// Reads a citation in any common spelling; `None` if `text` is not one.
///
/// Accepted, among others: `Article 9(2)(h)`, `Article 9 Part h`, `Art 9 2 h`, `A9-2-h`,
/// `art. 6(1)(e)`, `GDPR Article 6 part e`, `Schedule 1 Part 3 paragraph 36`, `sch1 para36`,
/// `Sch. 1 Pt. 3 para. 36`.
pub fn parse_citation(text: &str) -> Option<Citation> {
    let toks = tokens(text)?;
    let mut rest = toks.as_slice();
    // Leading names of the instrument: "UK GDPR", "DPA 2018", "the".
    while let [Token::Word(w), tail @ ..] = rest {
        if !matches!(w.as_str(), "uk" | "eu" | "gdpr" | "dpa" | "the") {
            break;
        }
        rest = tail;
        if let ([Token::Num(2018), tail @ ..], "dpa") = (rest, w.as_str()) {
            rest = tail;
        }
    }
    from_tokens(rest)
}

fn is_word(tok: Option<&Token>, words: &[&str]) -> bool {
    matches!(tok, Some(Token::Word(w)) if words.contains(&w.as_str()))
}

/// `9`, `9 2`, `9 2 h`, `9 part h`, `9 paragraph 2 point h`.
fn gdpr(toks: &[Token]) -> Option<Citation> {
    let mut it = toks.iter().peekable();
    let Some(Token::Num(article)) = it.next() else {
        return None;
    };
    if is_word(it.peek().copied(), &["para", "paragraph", "par"]) {
        it.next();
    }
    let mut paragraph = None;
    if let Some(Token::Num(n)) = it.peek() {
        paragraph = Some(*n);
        it.next();
    }
    if is_word(it.peek().copied(), &["part", "pt", "point", "letter"]) {
        it.next();
    }
    let point = match it.next() {
        Some(Token::Word(w)) if w.len() <= 3 => Some(w.as_str()),
        Some(_) => return None,
        None => None,
    };
    if it.next().is_some() {
        return None;
    }
    Some(Citation::gdpr(*article, paragraph, point))
}

/// `1`, `1 part 3`, `1 pt 3 para 36`, `1 para 36`.
fn schedule(toks: &[Token]) -> Option<Citation> {
    let mut it = toks.iter();
    let Some(Token::Num(schedule)) = it.next() else {
        return None;
    };
    let (mut part, mut paragraph) = (None, None);
    while let Some(tok) = it.next() {
        let slot = match tok {
            Token::Word(w) if matches!(w.as_str(), "part" | "pt") && part.is_none() => &mut part,
            Token::Word(w)
                if matches!(w.as_str(), "para" | "paragraph" | "par" | "p")
                    && paragraph.is_none() =>
            {
                &mut paragraph
            }
            _ => return None,
        };
        let Some(Token::Num(n)) = it.next() else {
            return None;
        };
        *slot = Some(*n);
    }
    Some(Citation::Schedule {
        schedule: *schedule,
        part,
        paragraph,
    })
}

/// Words that open a citation in running text.
const OPENERS: [&str; 5] = ["article", "art", "a", "schedule", "sch"];

/// Longest citation, in tokens, that [`citations_in`] tries (`Schedule 1 Part 3 paragraph 36`
/// is 7): bounds the work on any text.
const MAX_TOKENS: usize = 8;

/// Every citation in running text ("… under Article 6(1)(e) and Article 9.2 h …"), in order:
/// from each word that opens one, the longest run of tokens that [`parse_citation`] reads.
/// The loader checks a basis id against these, `basis new org` proposes ids from them.
pub(crate) fn citations_in(text: &str) -> Vec<Citation> {
    let Some(toks) = tokens(text) else {
        return Vec::new();
    };
    let mut out: Vec<Citation> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let opens = matches!(&toks[i], Token::Word(w) if OPENERS.contains(&w.as_str()));
        // A lone "a" is the article far more often than a citation: only `a9`-like ids count,
        // which have a number straight after it.
        let lone_a = matches!(&toks[i], Token::Word(w) if w == "a");
        let digit_next = matches!(toks.get(i + 1), Some(Token::Num(_)));
        if !opens || (lone_a && !digit_next) {
            i += 1;
            continue;
        }
        let longest = (2..=MAX_TOKENS.min(toks.len() - i)).rev().find_map(|n| {
            from_tokens(&toks[i..i + n])
                .filter(plausible_point)
                .map(|c| (n, c))
        });
        match longest {
            Some((n, c)) => {
                if !out.contains(&c) {
                    out.push(c);
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The years of four digits (1200 to 2100) in a text, in order: the year of an Act or
/// instrument as a citation gives it (`Data Protection Act 2018`).
pub(crate) fn years_in(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1200..=2100).contains(y))
        .collect()
}

/// In running text a "point" must look like one (`e`, `ea`), not a word ("Article 6 and 9").
fn plausible_point(c: &Citation) -> bool {
    match c {
        Citation::Gdpr { point: Some(p), .. } => p.len() == 1 || p == "ea",
        _ => true,
    }
}

/// [`parse_citation`] on tokens already read.
fn from_tokens(toks: &[Token]) -> Option<Citation> {
    let [Token::Word(head), tail @ ..] = toks else {
        return None;
    };
    match head.as_str() {
        "a" | "art" | "article" => gdpr(tail),
        "sch" | "schedule" => schedule(tail),
        _ => None,
    }
}

impl Citation {
    /// Whether this citation can denote `basis`: every part it gives (article, paragraph,
    /// point; schedule, part, paragraph) is the basis's.
    pub(crate) fn denotes(&self, basis: &super::Basis) -> bool {
        use super::Law;
        match self {
            Citation::Gdpr {
                article,
                paragraph,
                point,
            } => {
                basis.law == Law::UkGdpr
                    && basis.article == Some(*article)
                    && paragraph.is_none_or(|p| basis.paragraph == Some(p))
                    && point
                        .as_ref()
                        .is_none_or(|p| basis.point.as_deref() == Some(p.as_str()))
            }
            Citation::Schedule {
                schedule,
                part,
                paragraph,
            } => {
                basis.law == Law::Dpa2018
                    && basis.schedule == Some(*schedule)
                    && part.is_none_or(|p| basis.part == Some(p))
                    && paragraph.is_none_or(|p| basis.paragraph == Some(p))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_running_text_are_found_each_once() {
        let found = citations_in(
            "We rely on Article 6(1)(e) and Article 9.2 h, and on Schedule 1, Part 3, Paragraph 36; Article 6(1)(e) again.",
        );
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["art 6(1)(e)", "art 9(2)(h)", "sch 1 pt 3 para 36"]);
    }

    #[test]
    fn a_lone_article_word_is_not_a_citation() {
        assert!(citations_in("a duty to share, an article of faith").is_empty());
        assert_eq!(citations_in("Article 6 and 9")[0].to_string(), "art 6");
        assert_eq!(citations_in("see a9-2-h")[0].to_string(), "art 9(2)(h)");
    }
}
