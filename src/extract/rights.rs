//! Rights, by their many phrasings: "right of access", "ask for a copy of your data", "have
//! inaccurate data corrected", "right to be forgotten", "object to", "withdraw consent",
//! "complain to the Information Commissioner" … A sentence that labels the right it describes
//! ("stop using your information – this is called the ‘right to restriction of processing’")
//! is read by its label. Rights are read where the notice speaks of rights (the sentence, its
//! list or its section), except withdrawing consent and complaining to the ICO, which are
//! rights wherever they are offered.

use super::document::{Document, Sentence};
use super::text::pattern;
use super::topic::{Context, Topic};
use super::{Fact, Proposal};
use crate::model::Model;
use crate::model::basis_words::negated;
use regex::Regex;
use std::sync::LazyLock;

/// Each right's phrasings, by the conventional ids of `vocab/rights.toml`.
const FAMILIES: [(&str, &str); 13] = [
    (
        "access",
        r"\bright (?:of|to) access\b|\bcop(?:y|ies) of (?:the |your |any |that |all )?(?:personal )?(?:information|data)\b|\bsubject access\b|\baccess (?:to )?(?:the |your |any )?(?:personal )?(?:information|data)\b|\bfind out (?:if|whether|what) we hold\b|\bwhat (?:personal )?(?:information|data) we hold\b",
    ),
    (
        "rectification",
        r"\brectif\w*|\bcorrect(?:ed|ing|ion)?\b|\binaccura\w+|\bincomplete\b|\bupdat(?:e|ed|ing)\b",
    ),
    (
        "erasure",
        r"\berasure\b|\beras(?:e|ed)\b|\bdelet(?:e|ed|ion)\b|\bright to be forgotten\b",
    ),
    (
        "restriction",
        r"\brestrict\w*|\bblock(?:ed|ing)?\b|\b(?:stop|suspend|pause) (?:using|processing)\b[^.;]{0,80}?\buntil\b",
    ),
    (
        "objection",
        r"\bobject(?:ion)? to\b|\bright to object\b|\bstop (?:using|processing)\b|\bprevent processing\b",
    ),
    ("direct-marketing-objection", r"\bdirect marketing\b"),
    (
        "portability",
        r"\bportability\b|\btransfer (?:the |your )?(?:information|data)[^.;]{0,30}to another organisation\b",
    ),
    (
        "automated-decision",
        r"\bautomated (?:decision|means|processing|individual)|\bprofiling\b",
    ),
    (
        "withdraw-consent",
        r"\bwithdraw\w* (?:your |their |of )?consent\b|\bwithdrawal of consent\b",
    ),
    (
        "complain-to-ico",
        r"\b(?:complain\w*|complaint|concerns?|redress|lodge)\b[^.;]{0,80}?\b(?:information commissioner|ico|supervisory authority)\b",
    ),
    (
        "judicial-remedy",
        r"\b(?:through|in|via|to) the courts?\b|\bjudicial remedy\b",
    ),
    (
        "complain-controller",
        r"\bcomplain\w* (?:directly )?to (?:us|our|the council|the department)\b|\bmake a complaint to us\b|\b(?:unhappy|dissatisfied|not happy)\b[^.;]{0,100}?\b(?:write to|contact|tell|let) (?:us|our|the (?:department|council|data protection officer))",
    ),
    ("be-informed", r"\bright to be informed\b"),
];

/// Rights offered wherever a sentence offers them.
const ANYWHERE: [&str; 3] = ["withdraw-consent", "complain-to-ico", "complain-controller"];

static COMPILED: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    FAMILIES
        .iter()
        .map(|(id, p)| (*id, pattern(&format!("(?i){p}"))))
        .collect()
});

/// A right's label in a sentence: "right to …", "right of …", up to the end of its clause.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\bright (?:to|of) [^.;:()–—]{3,120}"));

/// The rights `text` speaks of, with the byte range of each phrase.
fn rights_in(text: &str) -> Vec<(&'static str, usize, usize)> {
    let mut out = Vec::new();
    for (id, re) in COMPILED.iter() {
        if let Some(m) = re.find(text) {
            out.push((*id, m.start(), m.end()));
        }
    }
    // Objecting to direct marketing is its own right, not the general one beside it; and
    // "stop using … until" is a restriction, not an objection.
    let until = out
        .iter()
        .any(|r| r.0 == "restriction" && text[r.1..r.2].to_ascii_lowercase().contains("until"));
    if until || out.iter().any(|r| r.0 == "direct-marketing-objection") {
        out.retain(|r| r.0 != "objection");
    }
    // A complaint to the ICO through the courts' wording ("redress through the ICO or the
    // courts") names both; a complaint to the controller is not one to the ICO.
    out
}

/// Whether the right phrase at `start..end` of `text` is denied — reading from the word
/// "right" before it, so that "won't affect your right to seek redress" is not a denial.
fn denied(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start]
        .to_ascii_lowercase()
        .rfind("right")
        .unwrap_or(0);
    negated(&text[from..], start - from, end - from)
}

/// The rights a sentence states: by its labels when it has any that name a right, else by its
/// phrasings.
fn stated(s: &Sentence) -> Vec<&'static str> {
    let labelled: Vec<&'static str> = LABEL
        .find_iter(&s.text)
        .flat_map(|m| rights_in(m.as_str()).into_iter().map(|r| r.0))
        .collect();
    let all = rights_in(&s.text);
    if !labelled.is_empty() {
        return all
            .into_iter()
            .filter(|r| labelled.contains(&r.0) || ANYWHERE.contains(&r.0))
            .filter(|r| !denied(&s.text, r.1, r.2))
            .map(|r| r.0)
            .collect();
    }
    all.into_iter()
        .filter(|r| !denied(&s.text, r.1, r.2))
        .map(|r| r.0)
        .collect()
}

/// Proposes rights, as statements of the notice.
pub(super) fn propose(doc: &Document, m: &Model, p: &mut Proposal) {
    for s in &doc.sentences {
        let cx = Context::of(doc, s);
        let about_rights = cx.any(Topic::Rights) || LABEL.is_match(&s.text);
        for id in stated(s) {
            if !(about_rights || ANYWHERE.contains(&id)) {
                continue;
            }
            // A statement that no automated decisions are made is no right to contest them.
            if id == "automated-decision" && !about_rights {
                continue;
            }
            if m.vocab.rights.iter().any(|r| r.id == id) {
                p.add(Fact::Right(id.to_string()), &s.text, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::proposed;

    fn rights(text: &str) -> Vec<String> {
        proposed(text, propose, |f| match f {
            Fact::Right(r) => Some(r.clone()),
            _ => None,
        })
    }

    #[test]
    fn each_right_in_other_words() {
        let got = rights(
            "Privacy notice\n\nYour rights\n\nYou can ask us for a copy of the information we hold about you. You can have inaccurate data corrected, and ask us to delete your data. You may ask us to limit or restrict how we use it, or object to our using it. You can take your data to another provider (data portability). You can withdraw your consent at any time. If you are unhappy you can complain to the ICO.\n",
        );
        assert_eq!(
            got,
            [
                "access",
                "rectification",
                "erasure",
                "restriction",
                "objection",
                "portability",
                "withdraw-consent",
                "complain-to-ico"
            ]
        );
    }

    #[test]
    fn a_label_decides_what_a_description_could_be() {
        let got = rights(
            "Privacy notice\n\nYour rights\n\n- the right to ask us to stop using your information – this is called the ‘right to restriction of processing’\n- stop using any or all of your information (the right to object);\n",
        );
        assert_eq!(got, ["restriction", "objection"]);
    }

    #[test]
    fn deleting_records_is_no_right_outside_a_rights_section() {
        assert!(
            rights("Privacy notice\n\nHow long we keep it\n\nWe delete records after six years.\n")
                .is_empty()
        );
        assert_eq!(
            rights(
                "Privacy notice\n\nComplaints\n\nAny complaint to the Information Commissioner won’t affect your right to seek redress through the courts.\n"
            ),
            ["judicial-remedy"]
        );
    }

    #[test]
    fn a_denied_right_is_not_proposed() {
        assert!(
            rights(
                "Privacy notice\n\nYour rights\n\nThe right to data portability does not apply.\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn complaints_to_the_controller_and_updates_the_person_makes() {
        assert_eq!(
            rights(
                "Privacy notice\n\nIf you are dissatisfied with how we used your data, please contact our Data Protection Officer first.\n"
            ),
            ["complain-controller"]
        );
        assert_eq!(
            rights(
                "Privacy notice\n\nDeleting your data\n\nTo update or delete your account, log in and open your settings.\n"
            ),
            ["rectification", "erasure"]
        );
        assert_eq!(
            rights(
                "Privacy notice\n\nYour rights\n\nYou have the right to object to the processing of your personal data where it is processed for direct marketing purposes.\n"
            ),
            ["direct-marketing-objection"]
        );
    }
}
