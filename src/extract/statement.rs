//! What a notice says about transfers outside the UK and automated decision-making: whether
//! they happen (`none`, `possible`), the safeguards it names, and a question it asks but
//! leaves unanswered (a heading with nothing under it: `not-answered`). A question heading
//! answered "No." is read with its answer.

use super::document::Document;
use super::text::pattern;
use super::topic::{Context, Topic, speaks_of};
use super::{Fact, Proposal};
use crate::model::Stance;
use crate::model::basis_words::negated;
use regex::Regex;
use std::sync::LazyLock;

/// Words of data leaving the UK.
static ABROAD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:abroad|outside (?:of )?the (?:uk|united kingdom|european economic area|eea)|leav(?:e|es|ing) the (?:uk|united kingdom)|other countries|third countr(?:y|ies)|overseas|international transfers?|(?:transferred|processed|stored|hosted|accessed)[^.;]{0,60}?\b(?:european economic area|eea|usa|united states)\b|foreign (?:authorit|countr)\w*)",
    )
});

/// Words of automated decisions.
static AUTOMATED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:automated (?:decision|decisions|decision-making|means|processing|individual decision)|profiling)\b",
    )
});

/// Words that make a statement a possibility.
static MAY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:may|might|could|can|some occasions|occasionally|possible|sometimes|in limited|where required|if this happens|there may be)\b",
    )
});

/// Words that say automated decisions are made.
static USED: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:we (?:do |will |may )?(?:use|make|carry out)|(?:is|are|will be|may be) (?:used|made))\b",
    )
});

/// The safeguards a notice names for transfers.
static SAFEGUARDS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:adequacy (?:decisions?|regulations?)|uk adequacy regulations|standard (?:contractual|data protection) clauses|model (?:contract )?clauses|binding corporate rules|international data transfer (?:agreement|addendum)|appropriate safeguards|safeguards (?:are|will be) in place[^.;]*|same level of [a-z ]{0,40}protection|privacy shield[a-z -]*|exceptions? under article 49)",
    )
});

/// The first safeguard `text` names and does not deny ("without adequacy decisions" names
/// none).
fn safeguard(text: &str) -> Option<regex::Match<'_>> {
    SAFEGUARDS
        .find_iter(text)
        .find(|g| !negated(text, g.start(), g.end()))
}

/// Proposes transfer and automated-decision statements.
pub(super) fn propose(doc: &Document, p: &mut Proposal) {
    questions(doc, p);
    for (i, s) in doc.sentences.iter().enumerate() {
        let cx = Context::of(doc, s);
        if cx.any(Topic::Rights) {
            continue;
        }
        // In a section about transfers, a safeguard named is a transfer stated ("Mailchimp has
        // certified its compliance to the EU-US Privacy Shield").
        let named = ABROAD.find(&s.text);
        let safeguarded =
            safeguard(&s.text).filter(|_| named.is_none() && cx.around(Topic::Transfers));
        if let Some(m) = named.or(safeguarded) {
            // "without adequacy decisions" denies a safeguard, not the transfer.
            let stance = if named.is_some() && negated(&s.text, m.start(), m.end()) {
                Stance::None
            } else {
                Stance::Possible
            };
            let check = (stance == Stance::Possible && !MAY.is_match(&s.text)).then(|| {
                "the notice says it happens; `possible` is the format's nearest stance".to_string()
            });
            let next = doc
                .sentences
                .get(i + 1)
                .filter(|n| n.block == s.block && stance == Stance::Possible);
            let (safeguards, quote) = match safeguard(&s.text) {
                Some(g) => (Some(g.as_str().to_string()), s.text.clone()),
                None => match next.and_then(|n| safeguard(&n.text).map(|g| (n, g))) {
                    Some((n, g)) => {
                        let both = format!("{} {}", s.text, n.text);
                        let quote = if doc.verbatim(&both) {
                            both
                        } else {
                            s.text.clone()
                        };
                        (Some(g.as_str().to_string()), quote)
                    }
                    None => (None, s.text.clone()),
                },
            };
            p.add(Fact::Transfer { stance, safeguards }, &quote, check);
        }
        if let Some(m) = AUTOMATED.find(&s.text) {
            if negated(&s.text, m.start(), m.end()) {
                p.add(Fact::Automated(Stance::None), &s.text, None);
            } else if USED.is_match(&s.text) && !MAY.is_match(&s.text) {
                p.add(Fact::Automated(Stance::Used), &s.text, None);
            }
        }
    }
}

/// Question headings about transfers or automated decisions: answered "No." (a statement
/// that it does not happen), or not answered at all.
fn questions(doc: &Document, p: &mut Proposal) {
    for (hi, h) in doc.headings.iter().enumerate() {
        let transfer = speaks_of(&h.text, Topic::Transfers);
        let automated = speaks_of(&h.text, Topic::Automated);
        if !(transfer || automated) || !h.text.ends_with('?') {
            continue;
        }
        let fact = |stance| {
            if transfer {
                Fact::Transfer {
                    stance,
                    safeguards: None,
                }
            } else {
                Fact::Automated(stance)
            }
        };
        if !h.answered {
            p.add(fact(Stance::NotAnswered), &h.text, None);
            continue;
        }
        let Some(answer) = doc.sentences.iter().find(|s| s.heading == Some(hi)) else {
            continue;
        };
        let a = answer.text.trim_end_matches(['.', '!']).to_lowercase();
        // The answer must follow the question directly: "No." after a contact line under the
        // heading answers nothing, and the quote must be the notice's own words.
        let quote = format!("{} {}", h.text, answer.text);
        if a == "no" && doc.verbatim(&quote) {
            p.add(fact(Stance::None), &quote, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str) -> Vec<String> {
        crate::extract::proposed_alone(text, propose, |f| {
            Some(match f {
                Fact::Transfer { stance, safeguards } => format!(
                    "transfer {} {}",
                    stance.as_str(),
                    safeguards.as_deref().unwrap_or("-")
                ),
                Fact::Automated(s) => format!("automated {}", s.as_str()),
                other => format!("{other:?}"),
            })
        })
    }

    #[test]
    fn transfers_possible_denied_or_unanswered() {
        assert_eq!(
            statements(
                "Privacy notice\n\nYour data may be transferred outside the UK. If this happens we will use standard contractual clauses.\n"
            ),
            ["transfer possible standard contractual clauses"]
        );
        assert_eq!(
            statements("Privacy notice\n\nWe will never send your data abroad.\n"),
            ["transfer none -"]
        );
        assert_eq!(
            statements(
                "Privacy notice\n\nWill my data be transferred abroad?\n\n\nYour rights\n\nYou may ask for a copy.\n"
            ),
            ["transfer not-answered -"]
        );
        assert_eq!(
            statements("Privacy notice\n\nWill my data be transferred abroad and why?\n\nNo.\n"),
            ["transfer none -"]
        );
        // "No." two lines below, after a contact line, does not answer the question (found by
        // the property test `any_arrangement_of_notice_pieces`).
        assert_eq!(
            statements(
                "Privacy notice\n\nWill my data be transferred abroad?\nData Protection Officer, 1 High Street, London SW1A 0AA\nNo.\n"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn automated_decisions_and_not_the_right_about_them() {
        assert_eq!(
            statements(
                "Privacy notice\n\nWe do not make decisions about you by automated means.\n"
            ),
            ["automated none"]
        );
        assert!(statements("Privacy notice\n\nYour rights\n\nYou have rights in relation to automated decision making and profiling.\n").is_empty());
    }

    #[test]
    fn a_safeguard_named_in_a_section_about_transfers_is_a_transfer() {
        assert_eq!(
            statements(
                "Privacy notice\n\nWhere is your information held?\n\nOur mailing provider is certified under the EU-US Privacy Shield.\n"
            ),
            ["transfer possible Privacy Shield"]
        );
        assert_eq!(
            statements(
                "Privacy notice\n\nTransfers abroad\n\nSome transfers go to places without adequacy decisions; they rely on exceptions under Article 49.\n"
            ),
            ["transfer possible exceptions under Article 49"]
        );
    }
}
