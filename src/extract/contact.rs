//! Contact points and the ICO registration number. E-mail addresses, telephone numbers, web
//! forms and postal addresses (a line with a postcode and the short lines above it) are read
//! from the lines of the notice; whose they are comes from the nearest words before them that
//! name a role: the Data Protection Officer, the Information Commissioner, the controller or
//! its data protection team.

use super::document::split_sentences;
use super::document::{Document, LineKind};
use super::text::{emails, has_postcode, pattern, phones, urls};
use super::{Proposal, Quoted};
use crate::model::Contact;
use crate::model::fold_space;
use regex::Regex;
use std::sync::LazyLock;

/// The roles, each with the words that name it, most specific first.
const ROLES: [(&str, &str); 4] = [
    (
        "ico",
        r"(?i)\b(?:information commissioner|ico\b|supervisory authority|ico\.org\.uk)",
    ),
    ("dpo", r"(?i)\b(?:data protection officer|dpo\b)"),
    (
        "data-protection-team",
        r"(?i)\b(?:data protection team|information governance|disclosure team|privacy office|information rights team)\b",
    ),
    (
        "controller",
        r"(?i)\b(?:data controller|contact us|contact details|contact the council|contact the department|get in touch)\b",
    ),
];

static COMPILED: LazyLock<Vec<(&'static str, Regex)>> =
    LazyLock::new(|| ROLES.iter().map(|(r, p)| (*r, pattern(p))).collect());

/// An ICO registration number near the words that say what it is.
static REGISTRATION: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\bregist\w*\b[^.]{0,80}?\b(?P<n>Z[A-Z0-9]\d{6}|Z\d{7})\b"));

/// Labels before a contact detail on its line.
const LABELS: [&str; 10] = [
    "by post:",
    "post:",
    "address:",
    "email:",
    "e-mail:",
    "by email:",
    "telephone:",
    "tel:",
    "phone:",
    "online:",
];

/// The role the words of `text` name, the first found in it reading backwards.
fn role_in(text: &str) -> Option<&'static str> {
    COMPILED
        .iter()
        .filter_map(|(role, re)| re.find_iter(text).last().map(|m| (m.end(), *role)))
        .max_by_key(|(end, _)| *end)
        .map(|(_, r)| r)
}

/// The role of a contact detail on line `i`: named on its own line, else on the nearest line
/// above that names one (at most twelve lines up, not past a heading of another role).
fn role_at(doc: &Document, i: usize, own: &str) -> Option<&'static str> {
    if let Some(r) = role_in(own) {
        return Some(r);
    }
    let mut looked = 0;
    for j in (0..i).rev() {
        let l = &doc.lines[j];
        if l.kind == LineKind::Blank {
            continue;
        }
        if let Some(r) = role_in(tail(&l.text, 300)) {
            return Some(r);
        }
        looked += 1;
        if looked >= 12 || matches!(l.kind, LineKind::Title) {
            break;
        }
    }
    None
}

/// A line without a label such as "By post:".
fn unlabelled(s: &str) -> &str {
    let lower = s.to_lowercase();
    LABELS
        .iter()
        .find(|l| lower.starts_with(*l))
        .map_or(s, |l| s[l.len()..].trim())
}

/// Proposes contact points and the registration number.
pub(super) fn propose(doc: &Document, p: &mut Proposal) {
    registration(doc, p);
    let mut i = 0;
    while i < doc.lines.len() {
        let line = &doc.lines[i];
        if line.kind == LineKind::Address {
            // One address per postcode: the lines above it, up to the one that holds it.
            let start = i;
            while !has_postcode(&doc.lines[i].text)
                && i + 1 < doc.lines.len()
                && doc.lines[i + 1].kind == LineKind::Address
            {
                i += 1;
            }
            postal(doc, start, i, p);
            for j in start..=i {
                details(doc, j, p);
            }
        } else if !matches!(
            line.kind,
            LineKind::Blank | LineKind::Skipped | LineKind::Title
        ) {
            details(doc, i, p);
        }
        i += 1;
    }
}

/// A postal address on lines `start..=end`.
fn postal(doc: &Document, start: usize, end: usize, p: &mut Proposal) {
    let lines: Vec<&str> = doc.lines[start..=end]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let Some(last) = lines.iter().rposition(|l| has_postcode(l)) else {
        return;
    };
    let mut lines = &lines[..=last];
    let mut quote = fold_space(&lines.join(" "));
    // Lines joined must read as the notice has them (a bullet dropped from one would not).
    if !doc.verbatim(&quote) {
        lines = &lines[last..];
        quote = fold_space(lines[0]);
    }
    let value = lines
        .iter()
        .map(|l| unlabelled(l).trim_end_matches(',').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let role = role_at(doc, start, &quote).unwrap_or("controller");
    push(p, role, "post", &value, &quote);
}

/// The most contact points proposed: a notice gives a handful.
const MAX_CONTACTS: usize = 100;

/// E-mail addresses, telephone numbers and web forms on line `i`, each quoted with its
/// sentence and given the role its sentence, the text before it on the line, or the lines above
/// name.
fn details(doc: &Document, i: usize, p: &mut Proposal) {
    let line = doc.lines[i].text.as_str();
    let mut before = String::new();
    for s in split_sentences(&fold_space(line)) {
        let role = || {
            role_in(&s)
                .or_else(|| role_in(tail(&before, 300)))
                .or_else(|| role_at(doc, i, ""))
        };
        for e in emails(&s) {
            push(p, role().unwrap_or("controller"), "email", e, &s);
        }
        for ph in phones(&s) {
            if ph.split_whitespace().count() > 1 || ph.len() >= 10 {
                push(p, role().unwrap_or("controller"), "phone", ph, &s);
            }
        }
        for u in urls(&s) {
            // A web address is a contact point where it stands alone or is offered as one; in
            // a sentence it is more often a reference ("see our retention schedules at …").
            let alone = s.split_whitespace().count() <= 6;
            let offered = s.to_lowercase().contains("online") || s.trim_end().ends_with(u);
            if (alone || offered)
                && !u.contains('@')
                && let Some(r) = role()
            {
                push(p, r, "online", u, &s);
            }
        }
        before.push_str(&s);
        before.push(' ');
    }
}

/// The last `n` bytes of `s` or fewer, cut at a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

fn push(p: &mut Proposal, role: &str, kind: &str, value: &str, quote: &str) {
    let c = Contact {
        role: role.to_string(),
        kind: kind.to_string(),
        value: value.to_string(),
    };
    if p.contacts.len() < MAX_CONTACTS && !p.contacts.iter().any(|x| x.value == c) {
        p.contacts.push(Quoted {
            value: c,
            quote: quote.to_string(),
        });
    }
}

fn registration(doc: &Document, p: &mut Proposal) {
    for s in &doc.sentences {
        if let Some(c) = REGISTRATION.captures(&s.text) {
            p.registration = Some(Quoted {
                value: c["n"].to_string(),
                quote: s.text.clone(),
            });
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts(text: &str) -> Vec<String> {
        let p = crate::extract::proposal(text, propose);
        p.contacts
            .iter()
            .map(|c| format!("{}/{} {}", c.value.role, c.value.kind, c.value.value))
            .collect()
    }

    #[test]
    fn roles_come_from_the_words_above() {
        let got = contacts(
            "Privacy notice\n\nContact our Data Protection Officer:\n\nThe Data Protection Officer,\nCouncil Offices,\nHamilton\nML3 0AA\n\nPhone 0303 123 1015\nOr by email to:\ndp@example.gov.uk\n\nThe Information Commissioner\n\nYou can complain to the Information Commissioner at:\n\nWycliffe House,\nWater Lane,\nWilmslow SK9 5AF\n\n- Telephone: 0303 123 1113\n- https://ico.org.uk/make-a-complaint/\n",
        );
        assert_eq!(
            got,
            [
                "dpo/post The Data Protection Officer, Council Offices, Hamilton, ML3 0AA",
                "dpo/phone 0303 123 1015",
                "dpo/email dp@example.gov.uk",
                "ico/post Wycliffe House, Water Lane, Wilmslow SK9 5AF",
                "ico/phone 0303 123 1113",
                "ico/online https://ico.org.uk/make-a-complaint/",
            ]
        );
    }

    #[test]
    fn a_reference_to_a_web_page_is_no_contact_and_the_registration_number_is_read() {
        let p = crate::extract::proposal(
            "Privacy notice\n\nYou can get our full notice from our website (www.example.gov.uk) or ask us.\n\nWe are registered with the ICO. Registration number ZA045069\n",
            propose,
        );
        assert!(p.contacts.is_empty(), "{:?}", p.contacts);
        assert_eq!(p.registration.map(|r| r.value).as_deref(), Some("ZA045069"));
    }
}
