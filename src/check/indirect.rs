//! Data obtained from others (UK GDPR Art. 14): data that checks bring back from the bodies it
//! is sent to, and when the people it is about are told.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Direction, Flow, Service};
use regex::Regex;
use std::sync::OnceLock;

rule!(
    CHECKS_UNDESCRIBED,
    "BAS077",
    Warning,
    "data is sent for checks (fraud, credit, eligibility) and nothing is said of the data the checks return",
    "UK GDPR Art. 14(1)(d), 14(2)(f); ICO guidance on the right to be informed (data obtained from other sources)"
);

rule!(
    TELLING_UNSTATED,
    "BAS099",
    Info,
    "data is obtained from others, and the notice does not say when the people it is about are told, or which exemption applies",
    "UK GDPR Art. 14(3), 14(5); ICO guidance on the right to be informed (when should we provide privacy information?)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_service(out, &[checks, telling]);
}

/// Whether the notice says when people whose data comes from others are told, or why they
/// are not: a sentence that speaks of telling them with a time (within a month, at first
/// contact, before a disclosure: Art. 14(3)), or an Art. 14(5) exemption anywhere
/// (impossible, disproportionate effort). "We will respond within one month" (a request's
/// deadline) is not a time of telling.
fn says_when_told(text: &str) -> bool {
    static RES: OnceLock<Option<[Regex; 3]>> = OnceLock::new();
    let Some([telling, when, exempt]) = RES
        .get_or_init(|| {
            Some([
                Regex::new(r"(?i)\b(?:(?:tell|inform|notify)(?:s|ed|ing)?\b|told\b|let (?:you|them|people) know|provide (?:you |them )?(?:with )?(?:this|privacy|the) information|give (?:you |them )?(?:this|privacy|the) information)").ok()?,
                Regex::new(r"(?i)\bwithin (?:a reasonable period|(?:one|a|1) month|30 days|four weeks)\b|\bat the latest\b|\b(?:when|before) we (?:first )?(?:contact|communicate with|write to|speak to|disclose|pass|share)\b|\bat (?:our|the) first (?:contact|communication)\b").ok()?,
                Regex::new(r"(?i)\b14\s*\(\s*5\s*\)|\bdisproportionate effort\b|\bwould (?:prove )?(?:be )?impossible\b|\bexempt(?:ion)? from (?:telling|informing|notifying|the right to be informed)\b").ok()?,
            ])
        })
        .as_ref()
    else {
        return false;
    };
    exempt.is_match(text)
        || text
            .split(['.', '!', '?', '\n'])
            .any(|s| telling.is_match(s) && when.is_match(s))
}

/// BAS099: the service names sources other than the person, and its notice says nothing of
/// when those people are told (Art. 14(3)) or of an exemption from telling them (Art. 14(5)).
/// Someone whose data a referrer, an employer or another body passes on may never see the
/// notice; the ICO asks that they be told within a month, at first contact, or before their
/// data is disclosed. Info: advice, since a notice need not restate the timing it keeps.
fn telling(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    // Parents and carers giving their child's data are the notice's readers, told as they
    // give it; the rule is about bodies and people who pass data on.
    let v = &m.vocab;
    let family = |f: &&Flow| {
        v.party_type("family").is_some_and(|fam| {
            m.parties[f.party.ix()]
                .types()
                .any(|t| v.party_type_tree.within(t.0, fam.0))
        })
    };
    let others: Vec<&Flow> = flows(ctx, svc)
        .into_iter()
        .filter(|f| from_others(ctx, f) && !family(f))
        .collect();
    let Some(first) = others.first() else {
        return;
    };
    if says_when_told(&m.notices[svc.notice.ix()].text) {
        return;
    }
    let names = party_names(m, &others);
    out.push(ctx.finding(&TELLING_UNSTATED, Some(svc), &first.source,
        format!("the notice names sources of the data other than the person ({}), and does not say when the people whose data comes from them are told (within a month, at first contact, or before it is disclosed: Art. 14(3)), or which Art. 14(5) exemption applies if they are not", names.join(", ")),
        "Say how and when people whose data comes from others are told (e.g. \"we will tell you within a month of receiving a referral about you\"), or which exemption applies."));
}

/// The flows of the service, in the model's order.
fn flows<'m>(ctx: &Ctx<'m>, svc: &Service) -> Vec<&'m Flow> {
    let m = ctx.model;
    let Some(six) = m.service(&svc.id) else {
        return Vec::new();
    };
    m.service_flows(six).collect()
}

/// Whether the flow comes from someone other than the person the data is about.
fn from_others(ctx: &Ctx, f: &Flow) -> bool {
    let v = &ctx.model.vocab;
    let party = &ctx.model.parties[f.party.ix()];
    f.direction() == Direction::From
        && !v
            .party_type("data-subject")
            .is_some_and(|d| party.types().any(|t| v.party_type_tree.within(t.0, d.0)))
}

/// The names of the flows' parties, each once, in the flows' order.
fn party_names<'m>(m: &'m crate::model::Model, flows: &[&Flow]) -> Vec<&'m str> {
    let mut names: Vec<&str> = Vec::new();
    for f in flows {
        let n = m.parties[f.party.ix()].name.as_str();
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// Party types whose work is checking people against their records.
const CHECKERS: [&str; 2] = ["credit-reference-agency", "fraud-prevention"];

/// BAS077: data goes to bodies that check it (credit reference, fraud prevention), and the
/// notice names no source but the person, so what the checks return is not described.
fn checks(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let all = flows(ctx, svc);
    if all.iter().any(|f| from_others(ctx, f)) {
        return;
    }
    let checker = |f: &Flow| {
        f.direction() == Direction::To
            && m.parties[f.party.ix()].types().any(|t| {
                CHECKERS.iter().any(|c| {
                    v.party_type(c)
                        .is_some_and(|c| v.party_type_tree.within(t.0, c.0))
                })
            })
    };
    let sent: Vec<&Flow> = all.iter().copied().filter(|f| checker(f)).collect();
    let Some(first) = sent.first() else {
        return;
    };
    let names = party_names(m, &sent);
    out.push(ctx.finding(&CHECKS_UNDESCRIBED, Some(svc), &first.source,
        format!("the notice sends personal data to {} to check it, but names no source of data but the person: what those checks return (credit records, fraud markers, matches) is personal data obtained from others, whose categories and source the notice must give (Art. 14(1)(d), 14(2)(f))", names.join(", ")),
        "Say what data the checks return and from whom (e.g. \"credit reference agencies give us your credit history and …\")."));
}
