//! Categories of data, data subjects and purposes: the vocabulary's names and their common
//! phrasings, read where the notice speaks of them — a category in a sentence or list about
//! the data collected, a purpose in one about what the data is used for — and never in an
//! address, a heading, a navigation line or words the sentence denies.

use super::document::{Document, Sentence};
use super::lexicon::{Haystack, Lexicon, name_parts};
use super::synonyms;
use super::text::{has_contact_detail, pattern};
use super::topic::{Context, Topic};
use super::{Fact, Proposal, Proposed};
use crate::model::Model;
use crate::model::basis_words::negated;
use regex::Regex;
use std::sync::LazyLock;

/// Verbs of collecting and holding data: a sentence with one speaks of the data it names.
static DATA_VERB: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:collect|process|hold|record|obtain|gather|ask (?:you )?for|provide|use|store|receive|includ|log|may have|will have|send us|sent us)\w*\b",
    )
});

/// The three kinds read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Category,
    Subject,
    Purpose,
}

impl Kind {
    fn fact(self, id: &str) -> Fact {
        match self {
            Kind::Category => Fact::Category(id.to_string()),
            Kind::Subject => Fact::Subject(id.to_string()),
            Kind::Purpose => Fact::Purpose(id.to_string()),
        }
    }

    /// How well sentence `s` in `cx` can state a fact of this kind: 0 not at all, 1 in
    /// passing, 2 in a list or section about it.
    fn fit(self, s: &Sentence, cx: &Context) -> u8 {
        let elsewhere = |t: Topic| cx.own.contains(&t) && !cx.around(t);
        match self {
            Kind::Category => {
                if cx.around(Topic::Rights)
                    || elsewhere(Topic::Rights)
                    || cx.intro.contains(&Topic::Bases)
                {
                    0
                } else if cx.around(Topic::Categories)
                    && (s.item
                        || cx.own.contains(&Topic::Categories)
                        || DATA_VERB.is_match(&s.text))
                {
                    2
                } else if cx.own.contains(&Topic::Categories) || DATA_VERB.is_match(&s.text) {
                    1
                } else {
                    0
                }
            }
            Kind::Subject => u8::from(!elsewhere(Topic::Contacts) && !cx.around(Topic::Rights)),
            Kind::Purpose => {
                if cx.around(Topic::Rights)
                    || cx.around(Topic::Contacts)
                    || elsewhere(Topic::Rights)
                {
                    0
                } else if cx.around(Topic::Purposes) {
                    2
                } else {
                    u8::from(cx.own.contains(&Topic::Purposes))
                }
            }
        }
    }
}

/// Each entry's name, its parts (for categories and subjects), and its common phrasings.
fn lexicon<'a>(
    entries: impl Iterator<Item = (&'a str, &'a str)>,
    synonyms: &'a [(&'a str, &'a [&'a str])],
    blockers: &'a [&'a str],
    split_names: bool,
    single_words: bool,
    lower: &Haystack,
) -> (Lexicon, Vec<String>) {
    let entries: Vec<(&str, &str)> = entries.collect();
    let parts: Vec<(String, String)> = if split_names {
        entries
            .iter()
            .flat_map(|(id, name)| {
                name_parts(name, single_words)
                    .into_iter()
                    .map(|p| (id.to_string(), p))
            })
            .collect()
    } else {
        Vec::new()
    };
    let known = |id: &str| entries.iter().any(|(i, _)| *i == id);
    let names = entries
        .iter()
        .map(|(id, name)| (Some(*id), *name))
        .chain(parts.iter().map(|(id, p)| (Some(id.as_str()), p.as_str())))
        .chain(
            synonyms
                .iter()
                .filter(|(id, _)| known(id))
                .flat_map(|(id, words)| words.iter().map(move |w| (Some(*id), *w))),
        )
        .chain(blockers.iter().map(|b| (None, *b)));
    let ids = entries.iter().map(|(id, _)| id.to_string()).collect();
    (Lexicon::new(names, lower), ids)
}

/// Proposes categories, subjects and purposes.
pub(super) fn propose(doc: &Document, m: &Model, lower: &Haystack, p: &mut Proposal) {
    let v = &m.vocab;
    let kinds = [
        (
            Kind::Subject,
            lexicon(
                v.subjects.iter().map(|e| (e.id.as_str(), e.name.as_str())),
                synonyms::SUBJECTS,
                synonyms::SUBJECT_BLOCKERS,
                true,
                true,
                lower,
            ),
        ),
        (
            Kind::Category,
            lexicon(
                v.categories
                    .iter()
                    .map(|e| (e.entry.id.as_str(), e.entry.name.as_str())),
                synonyms::CATEGORIES,
                synonyms::CATEGORY_BLOCKERS,
                true,
                false,
                lower,
            ),
        ),
        (
            Kind::Purpose,
            lexicon(
                v.purposes.iter().map(|e| (e.id.as_str(), e.name.as_str())),
                synonyms::PURPOSES,
                synonyms::PURPOSE_BLOCKERS,
                false,
                false,
                lower,
            ),
        ),
    ];
    for (kind, (lex, _)) in &kinds {
        for (id, quote, words) in best_sentences(doc, *kind, lex) {
            p.push(Proposed {
                fact: kind.fact(&id),
                quote,
                check: None,
                words: Some(words),
            });
        }
    }
}

/// Whether the words at `start..end` are part of a proper name: capitalised, with a
/// capitalised word beside them ("Ordnance Survey" is no survey, "Education Scotland" no
/// education record).
fn in_proper_name(text: &str, start: usize, end: usize) -> bool {
    let capital = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .starts_with(char::is_uppercase)
        })
    };
    let before = text[..start].split_whitespace().next_back();
    let after = text[end..].split_whitespace().next();
    capital(Some(&text[start..end])) && (capital(before) || capital(after))
}

/// For each id the lexicon finds, the sentence that states it best (a list or section about
/// the kind before a mention in passing) and the words naming it, in the order of the notice.
fn best_sentences(doc: &Document, kind: Kind, lex: &Lexicon) -> Vec<(String, String, String)> {
    let mut best: Vec<(String, u8, usize, String)> = Vec::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        if has_contact_detail(&s.text) {
            continue;
        }
        let found = lex.find(s);
        if found.is_empty() {
            continue;
        }
        let fit = kind.fit(s, &Context::of(doc, s));
        if fit == 0 {
            continue;
        }
        for f in found {
            if negated(&s.text, f.start, f.end) || in_proper_name(&s.text, f.start, f.end) {
                continue;
            }
            let words = s.text[f.start..f.end].to_string();
            match best.iter_mut().find(|(id, ..)| id == f.id) {
                Some(b) if b.1 < fit => *b = (f.id.to_string(), fit, i, words),
                Some(_) => {}
                None => best.push((f.id.to_string(), fit, i, words)),
            }
        }
    }
    best.sort_by_key(|b| b.2);
    best.into_iter()
        .map(|(id, _, i, words)| (id, doc.sentences[i].text.clone(), words))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_model;

    fn proposed(text: &str) -> Vec<String> {
        let m = test_model();
        let doc = crate::extract::document::read(text);
        let mut p = Proposal::default();
        propose(&doc, &m, &Haystack::new(text), &mut p);
        p.facts
            .iter()
            .map(|f| match &f.fact {
                Fact::Category(c) => format!("category {c}"),
                Fact::Subject(c) => format!("subject {c}"),
                Fact::Purpose(c) => format!("purpose {c}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn categories_from_a_list_of_what_is_collected() {
        let got = proposed(
            "Privacy notice\n\nWhat we hold\n\nWe hold the following information about you:\n\n- your full name and postal address\n- phone numbers and email address\n- your ethnicity\n",
        );
        for c in [
            "name",
            "address",
            "telephone",
            "email",
            "racial-ethnic-origin",
        ] {
            assert!(got.contains(&format!("category {c}")), "{c}: {got:?}");
        }
    }

    #[test]
    fn no_category_from_a_denial_an_address_or_a_compound() {
        let got = proposed(
            "Privacy notice\n\nWe collect your postcode (e.g. not your name or address).\n\nWe log your IP address.\n\nWrite to us at 1 High Street, London SW1A 0AA or by email.\n",
        );
        assert!(!got.contains(&"category address".to_string()), "{got:?}");
        assert!(!got.contains(&"category name".to_string()), "{got:?}");
        assert!(!got.contains(&"category email".to_string()), "{got:?}");
    }

    #[test]
    fn no_subject_from_a_link_list_or_a_heading() {
        let got = proposed(
            "Privacy notice\n\nAdults\n\nOther pages\n\n- Adults\n- Troubled Families Evaluation\n\nWe collect your name.\n",
        );
        assert!(!got.iter().any(|g| g.starts_with("subject")), "{got:?}");
    }

    #[test]
    fn purposes_from_a_list_about_use_not_from_rights() {
        let got = proposed(
            "Privacy notice\n\nWhy we use your information\n\nWe use your information to:\n\n- check whether you are eligible for a grant\n- produce statistics\n- prevent or detect crime\n\nYour rights\n\nYou can ask us to check the quality of our services.\n",
        );
        for c in ["eligibility-assessment", "statistics", "crime-prevention"] {
            assert!(got.contains(&format!("purpose {c}")), "{c}: {got:?}");
        }
        assert!(
            !got.contains(&"purpose service-improvement".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn no_fact_from_words_inside_a_proper_name_or_a_sharing_list() {
        let got = proposed(
            "Privacy notice\n\nWe collect your address and check it against data from the Ordnance Survey and Education Scotland.\n\nYour personal information\n\nWe will share your information with:\n\n- the council's school meals and education benefits teams\n",
        );
        assert!(got.contains(&"category address".to_string()), "{got:?}");
        assert!(!got.iter().any(|g| g.contains("survey")), "{got:?}");
        assert!(!got.contains(&"category education".to_string()), "{got:?}");
        assert!(!got.contains(&"category benefits".to_string()), "{got:?}");
    }
}
