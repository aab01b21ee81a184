//! What a sentence, a list's introduction or a section's heading is about: sharing, sources,
//! the data collected, purposes, lawful bases, rights, retention, transfers, automated
//! decisions, contacts. The readers of each kind of fact ask it so that a word is read in its
//! place ("delete" is a right in "You can ask us to delete …", a retention rule in "We delete
//! records after six years").

use super::document::{Document, Sentence};
use super::text::pattern;
use regex::Regex;
use std::sync::LazyLock;

/// A subject a notice's sentences are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Topic {
    /// Who data goes to.
    Recipients,
    /// Where data comes from.
    Sources,
    /// What data is collected.
    Categories,
    /// What it is used for.
    Purposes,
    /// The lawful basis.
    Bases,
    /// People's rights.
    Rights,
    /// How long it is kept.
    Retention,
    /// Transfers outside the UK.
    Transfers,
    /// Automated decisions.
    Automated,
    /// Whom to contact or complain to.
    Contacts,
}

/// The cue patterns of each topic (case-insensitive, on whole words).
const CUES: [(Topic, &str); 10] = [
    (
        Topic::Recipients,
        r"\b(?:shar(?:e|es|ed|ing)|disclos(?:e|es|ed|ing|ure)|recipients?|pass(?:es|ed)? (?:it |them |this |your |the )?(?:on|to)|send (?:it|them|your|this)|make [a-z ]{0,30}available to|publish(?:ed)?)\b",
    ),
    (
        Topic::Sources,
        r"\b(?:where (?:we|do we) get|sources?|(?:receiv|obtain|get|collect|gather|seek|sought|come|came)\w*\b[^.;:]{0,80}\bfrom|provided (?:to us )?by|provides? us with|shared with us|given to us|tell us|supplied by)\b",
    ),
    (
        Topic::Categories,
        r"\b(?:(?:information|data|details) (?:that )?we (?:collect|hold|process|receive)|(?:the )?following (?:personal |special category )?(?:data|information|details)|types? of (?:personal )?(?:data|information)|categor(?:y|ies) of|what (?:personal )?(?:information|data)|kinds? of (?:personal )?(?:information|data)|special category|we (?:may )?collect|collects?(?: and| or) (?:uses?|process(?:es)?)|we (?:may )?(?:ask (?:you )?for|hold|record))\b",
    ),
    (
        Topic::Purposes,
        r"\b(?:purposes?|why (?:we|do we|does)|what we do with|how we use|we (?:will |may )?(?:use|process) (?:your|this|the|it|some)\b|to enable us|in order to|we need (?:this|it|your)|used (?:to|for)|so (?:that )?(?:we|they) can|we collect the above|to (?:safeguard|protect|prevent|detect|help|support|improve|assess|monitor|provide|deliver|ensure|check|confirm|verify|regulate|evaluate|identify|produce|understand|administer|manage|investigate|pay|contact|notify|keep (?:you|children|people|them))\b)",
    ),
    (
        Topic::Bases,
        r"\b(?:lawful bas[ie]s|legal bas[ie]s|lawful reasons?|legal reasons?|what allows|allow(?:s|ed)? (?:us )?to use|the law allows|rel(?:y|ies|ying) on|condition (?:under|for)|schedule 1 condition|basis (?:of|for) (?:the )?process)",
    ),
    (
        Topic::Rights,
        r"\b(?:your rights?|rights|right (?:to|of)|you (?:can|may) (?:also )?(?:ask|request)|you have the right|subject access|to (?:update|correct|amend|delete|erase|change)(?: or \w+)? your)\b",
    ),
    (
        Topic::Retention,
        r"\b(?:how long|retention|retain(?:ed)?|keep (?:your|it|the|this|records|data|information)|kept|delet(?:e|ed))\b",
    ),
    (
        Topic::Transfers,
        r"\b(?:abroad|outside (?:of )?the (?:uk|united kingdom|european|eea)|other countries|international transfers?|third countr(?:y|ies)|overseas|european economic area|foreign (?:authorit|countr)\w*|where (?:is )?(?:your )?(?:personal )?(?:information|data) (?:is )?(?:held|stored|processed|kept))",
    ),
    (
        Topic::Automated,
        r"\b(?:automated (?:decision|means|processing|individual)|profiling)",
    ),
    (
        Topic::Contacts,
        r"\b(?:contact|complain|complaints?|data protection officer|dpo|questions|concerns|unhappy)\b",
    ),
];

static COMPILED: LazyLock<Vec<(Topic, Regex)>> = LazyLock::new(|| {
    CUES.iter()
        .map(|(t, p)| (*t, pattern(&format!("(?i){p}"))))
        .collect()
});

/// A heading of a few words that names the data itself ("Your data", "Personal
/// information"): in a sentence such words are everywhere and say nothing of the topic.
static DATA_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^\W*(?:\d+\W*)?(?:your |the )?(?:personal )?(?:data|information|details)(?: we (?:collect|hold|use))?\W*$",
    )
});

/// The topics `text` speaks of, by its cue words.
pub(crate) fn topics(text: &str) -> Vec<Topic> {
    let mut out: Vec<Topic> = COMPILED
        .iter()
        .filter(|(_, re)| re.is_match(text))
        .map(|(t, _)| *t)
        .collect();
    if !out.contains(&Topic::Categories) && DATA_HEADING.is_match(text) {
        out.push(Topic::Categories);
    }
    out
}

/// Whether `text` speaks of `topic`.
pub(crate) fn speaks_of(text: &str, topic: Topic) -> bool {
    COMPILED
        .iter()
        .any(|(t, re)| *t == topic && re.is_match(text))
}

/// The words that introduce the list sentence `s` is an item of: the sentence before the
/// list, or with the two before it when it says nothing itself ("These include:").
pub(crate) fn intro_of(doc: &Document, s: &Sentence) -> Option<String> {
    let at = s.intro?;
    let i = doc.sentences.get(at)?;
    if !topics(&i.text).is_empty() {
        return Some(i.text.clone());
    }
    // Its last three sentences at most: an introduction is short.
    let from = at.saturating_sub(2);
    let text: Vec<&str> = doc.sentences[from..=at]
        .iter()
        .filter(|x| x.block == i.block)
        .map(|x| x.text.as_str())
        .collect();
    Some(text.join(" "))
}

/// Where a sentence stands: what it says itself, what its list's introduction says, what its
/// section's heading says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// Topics of the sentence itself.
    pub own: Vec<Topic>,
    /// Topics of the sentence introducing its list, for a list item.
    pub intro: Vec<Topic>,
    /// Topics of its section's heading.
    pub heading: Vec<Topic>,
}

impl Context {
    /// The context of sentence `s` of `doc`.
    pub(crate) fn of(doc: &Document, s: &Sentence) -> Context {
        Context {
            own: topics(&s.text),
            intro: intro_of(doc, s).map(|i| topics(&i)).unwrap_or_default(),
            heading: s
                .heading
                .and_then(|h| doc.headings.get(h))
                .map(|h| topics(&h.text))
                .unwrap_or_default(),
        }
    }

    /// Whether the sentence, its list's introduction or its heading speaks of `t`.
    pub(crate) fn any(&self, t: Topic) -> bool {
        self.own.contains(&t) || self.intro.contains(&t) || self.heading.contains(&t)
    }

    /// Whether the sentence is in a list or a section about `t` (not counting its own words).
    /// A list's introduction speaks for its items before the section's heading does: under
    /// "Your personal information", the items of "We will share your information with:" are
    /// bodies, not data.
    pub(crate) fn around(&self, t: Topic) -> bool {
        self.intro.contains(&t) || (self.intro.is_empty() && self.heading.contains(&t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_by_topic() {
        for (text, topic) in [
            ("Who we share your information with", Topic::Recipients),
            ("Where we get personal information from", Topic::Sources),
            ("We receive your data from the police", Topic::Sources),
            (
                "DfE collects and uses the following personal information:",
                Topic::Categories,
            ),
            (
                "We will use this information for the following purposes:",
                Topic::Purposes,
            ),
            (
                "Lawful basis for processing your personal data",
                Topic::Bases,
            ),
            ("You have the right to ask us to:", Topic::Rights),
            ("How long will we keep your information", Topic::Retention),
            ("Will my data be transferred abroad?", Topic::Transfers),
            ("Automated decision making", Topic::Automated),
        ] {
            assert!(speaks_of(text, topic), "{text}: {topic:?}");
        }
        for (text, topic) in [
            ("We keep track of spending on services", Topic::Transfers),
            ("Your personal information", Topic::Rights),
        ] {
            assert!(!speaks_of(text, topic), "{text}: {topic:?}");
        }
    }
}
