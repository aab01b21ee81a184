//! The words of the loaded model: each vocabulary entry's name, the parts of a name that lists
//! several things ("Sex life and sexual orientation"), the common phrasings of
//! [`super::synonyms`], and the names and aliases of the shared parties. Built once per notice,
//! keeping only phrases the notice contains, so that reading a sentence tries a few dozen
//! phrases rather than every name of the vocabulary.

use super::document::Sentence;
use super::text::{Phrase, longest, variants};
use std::collections::HashSet;

/// A notice's text prepared for looking up many phrases: in ASCII lower case, and as the set
/// of its words, so that a phrase with a word the notice lacks costs a hash look-up, not a
/// search of the text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Haystack {
    lower: String,
    words: HashSet<String>,
}

/// A text's words for [`Haystack`]: runs of letters and digits, lower case.
fn words_of(lower: &str) -> impl Iterator<Item = &str> {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

impl Haystack {
    /// `text` prepared.
    pub(super) fn new(text: &str) -> Haystack {
        let lower = text.to_ascii_lowercase();
        let words = words_of(&lower).map(str::to_string).collect();
        Haystack { lower, words }
    }

    /// Whether `phrase` (any case) occurs in the text.
    pub(crate) fn contains(&self, phrase: &str) -> bool {
        let p = phrase.to_ascii_lowercase();
        words_of(&p).all(|w| self.words.contains(w)) && self.lower.contains(&p)
    }
}

/// One phrase and what it names (`None`: a blocker that names nothing).
#[derive(Debug, Clone)]
struct Entry {
    id: Option<String>,
    phrase: Phrase,
}

/// Phrases that name ids of one kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    entries: Vec<Entry>,
}

/// A phrase found in a sentence: its byte range and the id it names.
#[derive(Debug, Clone)]
pub(crate) struct Found<'a> {
    /// Where it starts in the sentence.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The id it names.
    pub id: &'a str,
}

/// Words too common to stand for an entry when a name is cut into its parts.
const WEAK_PARTS: [&str; 12] = [
    "details",
    "information",
    "data",
    "other",
    "records",
    "and",
    "or",
    "the",
    "services",
    "service",
    "support",
    "people",
];

/// The parts of a name that lists several things: "Sex life and sexual orientation" gives
/// "sex life" and "sexual orientation"; parts of one weak word are dropped, and so are parts
/// of one word when `single` is false (in "National and service identifiers", "National" is
/// no category).
pub(crate) fn name_parts(name: &str, single: bool) -> Vec<String> {
    let cleaned: String = name
        .chars()
        .map(|c| if "(),/".contains(c) { ',' } else { c })
        .collect();
    let mut out = Vec::new();
    for chunk in cleaned.split(',') {
        for part in chunk.split(" and ").flat_map(|p| p.split(" or ")) {
            let part = part.trim();
            let words = part.split_whitespace().count();
            let weak = WEAK_PARTS.contains(&part.to_lowercase().as_str());
            // A part of one word stands for people only as a plural ("carers", not "Website").
            let plural = part.ends_with('s');
            if part.is_empty()
                || weak
                || (words == 1 && (!single || !plural || part.chars().count() < 5))
            {
                continue;
            }
            if part != name {
                out.push(part.to_string());
            }
        }
    }
    out
}

impl Lexicon {
    /// A lexicon of `(id, name)` pairs (`id` `None` for blockers), each name in its
    /// [`variants`], keeping those that occur in the notice.
    pub(super) fn new<'a>(
        names: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
        notice: &Haystack,
    ) -> Lexicon {
        Lexicon::build(3, true, names, notice)
    }

    /// A lexicon of party names: names of at least five characters unless they must be
    /// matched in their own case ("you" or "council" alone are too common to name a party),
    /// and no singular of a one-word class ("councils" is not "the council").
    pub(crate) fn parties<'a>(
        names: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
        notice: &Haystack,
    ) -> Lexicon {
        Lexicon::build(5, false, names, notice)
    }

    /// A lexicon keeping only names of at least `min` characters, unless they must be matched
    /// in their own case.
    fn build<'a>(
        min: usize,
        singulars: bool,
        names: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
        notice: &Haystack,
    ) -> Lexicon {
        let mut entries = Vec::new();
        for (id, name) in names {
            for v in variants(name, singulars) {
                if !notice.contains(&v) {
                    continue;
                }
                if let Some(phrase) =
                    Phrase::new(&v).filter(|p| p.exact() || v.chars().count() >= min)
                {
                    entries.push(Entry {
                        id: id.map(str::to_string),
                        phrase,
                    });
                }
            }
        }
        Lexicon { entries }
    }

    /// The ids named in `s`, the longest phrase winning where phrases overlap (a blocker
    /// included), in the order they appear.
    pub(crate) fn find(&self, s: &Sentence) -> Vec<Found<'_>> {
        self.find_in(&s.text, &s.lower)
    }

    /// [`Lexicon::find`] on any text (`lower` is its ASCII lower case).
    pub(crate) fn find_in(&self, text: &str, lower: &str) -> Vec<Found<'_>> {
        let mut all = Vec::new();
        for e in &self.entries {
            for (s, end) in e.phrase.find_in(text, lower) {
                all.push((s, end, e.id.as_deref()));
            }
        }
        longest(all)
            .into_iter()
            .filter_map(|(start, end, id)| {
                Some(Found {
                    start,
                    end,
                    id: id?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::document::split_sentences;

    fn sentence(t: &str) -> Sentence {
        let text = split_sentences(t).remove(0);
        Sentence {
            lower: text.to_ascii_lowercase(),
            text,
            heading: None,
            intro: None,
            item: false,
            block: 0,
        }
    }

    #[test]
    fn names_split_into_their_parts() {
        assert_eq!(
            name_parts("Sex life and sexual orientation", false),
            ["Sex life", "sexual orientation"]
        );
        assert_eq!(
            name_parts("Parents, guardians and carers", true),
            ["Parents", "guardians", "carers"]
        );
        assert!(name_parts("Health", true).is_empty());
        assert_eq!(
            name_parts("National and service identifiers", false),
            ["service identifiers"]
        );
    }

    #[test]
    fn blockers_hide_the_words_inside_them_and_the_longest_wins() {
        let text = "We ask for your email address, your address and the telephone helpline.";
        let lex = Lexicon::new(
            [
                (Some("address"), "address"),
                (Some("email"), "email address"),
                (Some("telephone"), "telephone"),
                (None, "telephone helpline"),
                (Some("absent"), "passport"),
            ],
            &Haystack::new(text),
        );
        let s = sentence(text);
        let ids: Vec<&str> = lex.find(&s).iter().map(|f| f.id).collect();
        assert_eq!(ids, ["email", "address"]);
    }
}
