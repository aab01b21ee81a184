//! Reading a notice's wording: its sentences, and families of phrasings that say one thing.
//!
//! A rule that must read words (rather than the encoded facts) names a [`Family`]: every
//! phrasing of the one thing it looks for, each with the reason it means that thing, so that
//! "a good reason", "a pressing and legal reason" and "more important than your
//! confidentiality" are one test, not three rules. A phrasing is a case-insensitive regular
//! expression (the `regex` crate: linear time, so no notice can make a rule run long). A match
//! inside a negation ("we do not", "never", "will not") is not the thing said, and the rules
//! that care ask [`negated`].
//!
//! Quotes are slices of the notice text, so every finding quotes the notice verbatim.

use regex::Regex;
use std::sync::OnceLock;

/// A sentence of a notice: a slice of its text, trimmed, with where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sentence<'t> {
    /// The words, verbatim.
    pub text: &'t str,
    /// Byte offset in the notice.
    pub start: usize,
}

/// Words before a full stop that do not end a sentence.
const ABBREVIATIONS: [&str; 16] = [
    "e.g", "i.e", "eg", "ie", "art", "arts", "s", "ss", "no", "para", "paras", "sch", "pt", "etc",
    "mr", "dr",
];

/// The sentences of `text`: split at line ends and at `.`, `?`, `!` or `;` followed by white
/// space (not after an abbreviation such as "e.g." or "Art."), each trimmed of white space
/// and list bullets. Empty pieces are dropped.
pub(super) fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut push = |from: usize, to: usize| {
        let piece = &text[from..to];
        let trimmed = piece.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '•' | '-' | '*' | '·' | '–')
        });
        let lead = piece.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if trimmed.chars().any(char::is_alphanumeric) {
            out.push(Sentence {
                text: trimmed,
                start: from + lead,
            });
        }
    };
    for (i, c) in text.char_indices() {
        let end = match c {
            '\n' => Some(i),
            '.' | '?' | '!' | ';' => {
                let next = bytes.get(i + 1).copied();
                let spaced = next.is_none_or(|b| b == b' ' || b == b'\n' || b == b'\t');
                let word = text[start..i]
                    .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                let abbreviation = c == '.' && ABBREVIATIONS.contains(&word.as_str());
                (spaced && !abbreviation).then_some(i + c.len_utf8())
            }
            _ => None,
        };
        if let Some(end) = end {
            push(start, end);
            start = end;
        }
    }
    push(start, text.len());
    out
}

/// The sentence of `text` in which `quote` starts: the quote found verbatim, or with its white
/// space read loosely (a quote may join lines the notice breaks).
pub(super) fn sentence_around<'t>(text: &'t str, quote: &str) -> Option<Sentence<'t>> {
    let at = text.find(quote).or_else(|| {
        let words: Vec<String> = quote
            .split_whitespace()
            .take(12)
            .map(regex::escape)
            .collect();
        if words.is_empty() {
            return None;
        }
        Regex::new(&words.join(r"\s+"))
            .ok()?
            .find(text)
            .map(|m| m.start())
    })?;
    sentences(text)
        .into_iter()
        .find(|s| s.start <= at && at < s.start + s.text.len())
}

/// One way of saying a thing: a case-insensitive regular expression, and why it means it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Phrasing {
    /// The pattern (`regex` syntax, matched case-insensitively, white space loosely).
    pub pattern: &'static str,
    /// What makes this wording mean the family's thing.
    pub why: &'static str,
}

/// Every phrasing of one thing a rule looks for.
pub(super) struct Family {
    /// The phrasings.
    pub phrasings: &'static [Phrasing],
    compiled: OnceLock<Vec<Option<Regex>>>,
}

/// A match of a family in a sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit<'t> {
    /// The sentence.
    pub sentence: Sentence<'t>,
    /// The phrasing that matched.
    pub phrasing: &'static Phrasing,
    /// Byte range of the match within the sentence.
    pub at: (usize, usize),
    /// The phrasing's compiled pattern, for its named groups.
    regex: &'static Regex,
}

impl<'t> Hit<'t> {
    /// The words matched.
    pub(super) fn words(&self) -> &'t str {
        &self.sentence.text[self.at.0..self.at.1]
    }

    /// The words a named group of the phrasing (`(?P<name>…)`) matched, if it took part.
    pub(super) fn group(&self, name: &str) -> Option<&'t str> {
        let text = self.sentence.text;
        self.regex
            .captures_at(text, self.at.0)?
            .name(name)
            .map(|m| &text[m.start()..m.end()])
    }

    /// Whether the words are denied: a negation just before them, or among them ("changes
    /// will not apply immediately", where the family reads "changes … apply … immediately").
    pub(super) fn denied(&self) -> bool {
        negated(self.sentence.text, self.at.0) || has_negation(self.words())
    }
}

impl Family {
    /// A family; its patterns are compiled on first use.
    pub(super) const fn new(phrasings: &'static [Phrasing]) -> Family {
        Family {
            phrasings,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled patterns, in order; a pattern that does not compile (a bug the test of
    /// every family catches) matches nothing.
    fn regexes(&self) -> &[Option<Regex>] {
        self.compiled.get_or_init(|| {
            self.phrasings
                .iter()
                .map(|p| compile(p.pattern).ok())
                .collect()
        })
    }

    /// The first phrasing that matches `sentence`, if any.
    pub(super) fn find<'t>(&'static self, sentence: Sentence<'t>) -> Option<Hit<'t>> {
        self.regexes()
            .iter()
            .zip(self.phrasings)
            .find_map(|(re, p)| {
                let re = re.as_ref()?;
                re.find(sentence.text).map(|m| Hit {
                    sentence,
                    phrasing: p,
                    at: (m.start(), m.end()),
                    regex: re,
                })
            })
    }

    /// The first match that is not negated.
    pub(super) fn find_affirmed<'t>(&'static self, sentence: Sentence<'t>) -> Option<Hit<'t>> {
        self.find(sentence)
            .filter(|h| !negated(h.sentence.text, h.at.0))
    }

    /// Every sentence of `text` the family matches, affirmed (not negated).
    pub(super) fn hits<'t>(&'static self, text: &'t str) -> Vec<Hit<'t>> {
        sentences(text)
            .into_iter()
            .filter_map(|s| self.find_affirmed(s))
            .collect()
    }

    /// Every sentence of `text` the family matches, with no negation before or among the
    /// words matched (for phrasings that span a clause, where "not" can sit inside).
    pub(super) fn asserted<'t>(&'static self, text: &'t str) -> Vec<Hit<'t>> {
        sentences(text)
            .into_iter()
            .filter_map(|s| self.find(s))
            .filter(|h| !h.denied())
            .collect()
    }

    /// Whether every pattern compiles (for the test that checks every family).
    #[cfg(test)]
    pub(super) fn compiles(&self) -> Result<(), String> {
        for p in self.phrasings {
            compile(p.pattern).map_err(|e| format!("{}: {e}", p.pattern))?;
        }
        Ok(())
    }
}

/// A phrasing's pattern as a case-insensitive regular expression in which a space matches any
/// run of white space (notices break lines anywhere).
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!("(?i){}", pattern.replace(' ', r"\s+")))
}

/// Words that negate what follows them within a few words.
const NEGATIONS: [&str; 14] = [
    "not", "never", "no", "don't", "dont", "doesn't", "won't", "cannot", "can't", "nor", "neither",
    "without", "isn't", "aren't",
];

/// Whether `words` hold a negation word ("will not apply").
fn has_negation(words: &str) -> bool {
    words
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| {
            let w = w.replace('’', "'");
            NEGATIONS.contains(&w.as_str()) || w.ends_with("n't")
        })
}

/// Whether the words just before byte `at` of `sentence` negate what starts there ("we do not
/// share", "we will never sell", "none of your data is"): a negation word among the four
/// words before it, or the sentence opening with "none" or "no".
pub(super) fn negated(sentence: &str, at: usize) -> bool {
    let before = sentence.get(..at).unwrap_or("").to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .collect();
    let near = words.iter().rev().take(4);
    near.into_iter().any(|w| {
        let w = w.replace('’', "'");
        NEGATIONS.contains(&w.as_str()) || w.ends_with("n't")
    }) || words.first().is_some_and(|w| *w == "none")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_not_at_abbreviations() {
        let text = "We share it, e.g. with the police. Is it kept?\n• Art. 6(1)(e) applies; see below\nNo.";
        let s: Vec<&str> = sentences(text).iter().map(|s| s.text).collect();
        assert_eq!(
            s,
            [
                "We share it, e.g. with the police.",
                "Is it kept?",
                "Art. 6(1)(e) applies;",
                "see below",
                "No."
            ]
        );
        for x in sentences(text) {
            assert_eq!(&text[x.start..x.start + x.text.len()], x.text);
        }
    }

    #[test]
    fn negation_is_read_a_few_words_back() {
        let s = "We do not share your data with Mailchimp";
        assert!(negated(s, s.find("share").unwrap_or(0)));
        let s = "None of your data is shared with Mailchimp";
        assert!(negated(s, s.find("shared").unwrap_or(0)));
        let s = "We share your data with Mailchimp so it is not lost";
        assert!(!negated(s, s.find("share").unwrap_or(0)));
        let s = "We won’t sell it";
        assert!(negated(s, s.find("sell").unwrap_or(0)));
    }

    #[test]
    fn any_text_is_split_without_panicking() {
        for t in [
            "",
            ".",
            "...",
            "\n\n",
            "é.",
            "a.b",
            "e.g.",
            "‘x’. y",
            "a;b; c",
        ] {
            let _ = sentences(t);
            let _ = negated(t, t.len());
            let _ = negated(t, 1); // inside a character: no panic
        }
    }
}
