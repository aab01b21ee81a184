//! The names of parties the shared vocabulary lacks, read from a notice's words: the head of
//! a list item ("participating supermarkets and other suppliers, so they can …"), the bodies
//! after "such as" or "including", the object of "share … with". A name is kept when it names
//! a kind of body ("other teaching regulators", "our finance team") or is a body's proper name
//! ("Methods Consulting", "Advantis Credit Ltd"); a class with no kind ("third parties", "other
//! organisations") is not a party. The party type is guessed from the words the party-type
//! vocabulary uses.

use crate::model::Model;
use std::collections::HashSet;

/// Words at which the name of a body ends in running text.
const ENDS: [&str; 32] = [
    " so ",
    " to ",
    " for ",
    " in order",
    " who ",
    " which ",
    " that ",
    " where ",
    " when ",
    " if ",
    " because ",
    " about ",
    " as ",
    " under ",
    " on ",
    " in ",
    " at ",
    " - ",
    " – ",
    " such as",
    " including",
    " e.g",
    " unless ",
    " only ",
    " depending",
    " whose ",
    " whom ",
    " within ",
    " while ",
    " with ",
    " via ",
    " by ",
];

/// Words a party's name does not start with.
const NOT_FIRST: [&str; 24] = [
    "you",
    "we",
    "us",
    "it",
    "they",
    "them",
    "this",
    "these",
    "those",
    "he",
    "she",
    "who",
    "which",
    "that",
    "so",
    "where",
    "when",
    "if",
    "because",
    "to",
    "for",
    "in",
    "as",
    "depending",
];

/// Leading words dropped from a name ("our finance team" is the "finance team").
const DETERMINERS: [&str; 14] = [
    "the",
    "a",
    "an",
    "our",
    "your",
    "their",
    "its",
    "any",
    "some",
    "all",
    "relevant",
    "certain",
    "appropriate",
    "and",
];

/// Nouns of bodies: a phrase holding one names a kind of body.
const BODIES: [&str; 52] = [
    "authority",
    "authorities",
    "council",
    "councils",
    "agency",
    "agencies",
    "department",
    "departments",
    "service",
    "services",
    "team",
    "teams",
    "trust",
    "trusts",
    "board",
    "boards",
    "office",
    "police",
    "school",
    "schools",
    "college",
    "colleges",
    "provider",
    "providers",
    "supplier",
    "suppliers",
    "partner",
    "partners",
    "firm",
    "firms",
    "company",
    "companies",
    "organisation",
    "organisations",
    "bodies",
    "body",
    "regulator",
    "regulators",
    "court",
    "courts",
    "hospital",
    "hospitals",
    "charity",
    "charities",
    "panel",
    "panels",
    "supermarkets",
    "contractors",
    "processors",
    "government",
    "ministry",
    "commissioner",
];

/// Names of classes too vague to be a party ("other organisations", "third parties").
const VAGUE: [&str; 16] = [
    "organisations",
    "organisation",
    "bodies",
    "body",
    "partners",
    "partner",
    "agencies",
    "parties",
    "third",
    "companies",
    "people",
    "others",
    "individuals",
    "services",
    "other",
    "providers",
];

/// Company suffixes: a name ending in one is a body's proper name.
pub(super) const COMPANY: [&str; 6] = ["ltd", "limited", "plc", "llp", "cic", "inc"];

/// The names in a list item: its head ("participating supermarkets and other suppliers, so
/// they can …"), and the bodies listed after "such as" or "including".
pub(super) fn item_names(item: &str) -> Vec<String> {
    let text = item.trim_end_matches([';', '.', ',']).trim();
    let text = text
        .strip_suffix(" and")
        .or_else(|| text.strip_suffix(" or"))
        .unwrap_or(text);
    let mut out = vec![head(text)];
    out.extend(examples(text));
    out
}

/// The bodies listed after "such as", "including", "e.g." in `text`.
pub(super) fn examples(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for marker in ["such as", "including", "e.g.", "eg,", "eg.", "for example"] {
        for (i, _) in lower.match_indices(marker) {
            let after = text[i + marker.len()..].trim_start_matches([':', ' ', '-', '–', ',', '(']);
            let after = after.strip_prefix("but not limited to").unwrap_or(after);
            let after = after.trim_start_matches([':', ' ', '-', '–', ',']);
            out.extend(pieces(after));
        }
    }
    out
}

/// The head of a list item: up to the first clause break; a vague head ("organisations that
/// we may engage to …") keeps its qualifying words, up to eight.
fn head(text: &str) -> String {
    let cut = clause_end(text, &HEAD_ENDS);
    let h = text[..cut].trim();
    let short = h[..clause_end(h, &[" to ", " for ", " who ", " which ", " that "])].trim();
    let vague = short.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        VAGUE.contains(&w.as_str()) || DETERMINERS.contains(&w.as_str())
    });
    if vague {
        return h.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    }
    short.to_string()
}

/// Where the head of a list item ends.
const HEAD_ENDS: [&str; 15] = [
    ",",
    ";",
    ":",
    " – ",
    " - ",
    "(",
    " so ",
    " where ",
    " when ",
    " if ",
    " because ",
    " in order",
    " such as",
    " including",
    " e.g",
];

/// Where the bodies named at the start of running text end: at the first of [`ENDS`] that is
/// not inside a proper name ("Office for National Statistics" keeps its "for"), or at a
/// participle ("their delivery partner delivering the grant").
fn name_end(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let inside_name = |at: usize, end: &str| {
        end.trim().len() <= 4
            && text[at + end.len()..].starts_with(char::is_uppercase)
            && text[..at]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| w.starts_with(char::is_uppercase))
    };
    let ends = ENDS.iter().filter_map(|e| {
        lower
            .match_indices(e)
            .map(|(i, _)| i)
            .find(|&i| !inside_name(i, e))
    });
    let participle = text.match_indices(' ').map(|(i, _)| i).find(|&i| {
        let w = text[i + 1..].split(' ').next().unwrap_or("");
        w.len() > 5 && w.ends_with("ing") && w.starts_with(char::is_lowercase) && i > 0
    });
    ends.chain(participle).min().unwrap_or(text.len())
}

/// Where the first of `ends` occurs in `text` (ASCII case ignored), or its length.
fn clause_end(text: &str, ends: &[&str]) -> usize {
    let lower = text.to_ascii_lowercase();
    ends.iter()
        .filter_map(|e| lower.find(e))
        .min()
        .unwrap_or(text.len())
}

/// The bodies named at the start of `text`, up to where the clause moves on, split at commas,
/// "and" and "or".
pub(super) fn pieces(text: &str) -> Vec<String> {
    let cut = name_end(text);
    let cut = clause_end(&text[..cut], &[".", ";", ":", "(", ")"]).min(cut);
    let span = &text[..cut];
    span.split(", ")
        .flat_map(|x| x.split(" and "))
        .flat_map(|x| x.split(" or "))
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// `name` without the parts that name shared parties.
pub(super) fn without(name: &str, known: &[super::lexicon::Found<'_>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in known {
        if f.start >= at {
            out.push_str(&name[at..f.start]);
            out.push(' ');
            at = f.end;
        }
    }
    out.push_str(&name[at..]);
    crate::model::fold_space(&out)
}

/// `words` as a body's name, if they are one: a kind of body ("teaching regulators", "finance
/// team"), or a proper name ("Methods Consulting", "Advantis Credit Ltd", "ResQ"). A phrase
/// that held shared parties must be a proper name of its own to count (what remains of "our
/// debt collection partners Advantis Credit Ltd").
pub(super) fn body_name(words: &str, held_known: bool) -> Option<String> {
    let mut ws: Vec<&str> = words
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '\'' && c != '’')
        })
        .filter(|w| !w.is_empty())
        .collect();
    while ws
        .first()
        .is_some_and(|w| DETERMINERS.contains(&w.to_lowercase().as_str()))
    {
        ws.remove(0);
    }
    while ws
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "and" | "or" | "etc"))
    {
        ws.pop();
    }
    let first = ws.first()?.to_lowercase();
    if ws.len() > 10 || NOT_FIRST.contains(&first.as_str()) {
        return None;
    }
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let capitals = ws
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 2)
        .count();
    let proper = lower.last().is_some_and(|l| COMPANY.contains(&l.as_str()))
        || capitals >= 2
        || ws.iter().any(|w| {
            w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase)
        });
    let kind = lower.iter().any(|w| BODIES.contains(&w.as_str()));
    let vague = lower.iter().all(|w| VAGUE.contains(&w.as_str()));
    if vague || !(proper || kind && !held_known) {
        return None;
    }
    let name = ws.join(" ");
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The party type whose name and description share most words with `name` (words of four
/// letters or more, singular); `unidentified` (or the first type) when none does.
pub(super) fn guess_type(m: &Model, name: &str) -> String {
    let stem = |w: &str| {
        let w = w.to_lowercase();
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(s) = w.strip_suffix("ies") {
            format!("{s}y")
        } else if w.len() > 4 {
            w.strip_suffix('s').unwrap_or(w).to_string()
        } else {
            w.to_string()
        }
    };
    let words: HashSet<String> = name
        .split_whitespace()
        .filter(|w| w.len() >= 4)
        .map(stem)
        .filter(|w| {
            !matches!(
                w.as_str(),
                "other" | "service" | "organisation" | "body" | "provider" | "data" | "personal"
            )
        })
        .collect();
    let company = name
        .split_whitespace()
        .last()
        .is_some_and(|w| COMPANY.contains(&w.to_lowercase().as_str()));
    let types = &m.vocab.party_types;
    let best = types
        .iter()
        .map(|t| {
            let text = format!("{} {}", t.name, t.description.as_deref().unwrap_or(""));
            let theirs: HashSet<String> = text.split_whitespace().map(stem).collect();
            (words.intersection(&theirs).count(), t)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, t)| {
            (
                *n,
                std::cmp::Reverse(types.iter().position(|x| x.id == t.id)),
            )
        });
    if let Some((_, t)) = best {
        return t.id.clone();
    }
    let fallback = if company {
        "commissioned-provider"
    } else {
        "unidentified"
    };
    types
        .iter()
        .find(|t| t.id == fallback)
        .or_else(|| types.iter().find(|t| t.id == "unidentified"))
        .or(types.first())
        .map_or_else(|| "TODO".to_string(), |t| t.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_model;

    #[test]
    fn a_local_party_keeps_its_kind_and_a_guessed_type() {
        let m = test_model();
        assert_eq!(guess_type(&m, "Participating supermarkets"), "retailer");
        assert_eq!(guess_type(&m, "Finance team"), "internal-team");
        assert_eq!(
            body_name("our finance team", false).as_deref(),
            Some("Finance team")
        );
        assert_eq!(body_name("other organisations", false), None);
        assert_eq!(
            body_name("Advantis Credit Ltd", true).as_deref(),
            Some("Advantis Credit Ltd")
        );
        assert_eq!(body_name("debt collection partners", true), None);
    }

    #[test]
    fn heads_and_examples_of_list_items() {
        assert_eq!(
            item_names("participating supermarkets and other suppliers, so they can help"),
            ["participating supermarkets and other suppliers"]
        );
        assert_eq!(
            item_names("organisations that we may engage to contact people to check on them"),
            ["organisations that we may engage to contact people"]
        );
        assert_eq!(
            item_names("Public bodies such as: the Home Office, HM Land Registry and the courts;"),
            [
                "Public bodies",
                "the Home Office",
                "HM Land Registry",
                "the courts"
            ]
        );
    }
}
