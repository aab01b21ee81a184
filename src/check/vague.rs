//! Statements too vague to tell people anything: recipients and sources named only as classes
//! that say no kind of body ("third parties", "other organisations"), and retention that gives
//! no period a person could work out ("until no longer needed", kept indefinitely, one maximum
//! for everything). A statement of this kind satisfies the completeness rules, so these rules
//! read what it says.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::value::period_text;
use crate::model::{Direction, Period, RetentionRule, Service, Source};
use regex::Regex;
use std::sync::OnceLock;

rule!(
    VAGUE_PARTIES,
    "BAS078",
    Warning,
    "recipients or sources named only as classes that say no kind of body",
    "UK GDPR Art. 13(1)(e), 14(1)(e), 14(2)(f); ICO guidance on the right to be informed (categories of recipients must be specific)"
);
rule!(
    VAGUE_RETENTION,
    "BAS056",
    Warning,
    "retention given in words that set no period a person could work out",
    "UK GDPR Art. 5(1)(e), 13(2)(a), 14(2)(a) (the period, or the criteria used to determine it)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_service(out, &[parties, retention]);
}

/// A name made only of words that say no kind of body: a quantifier or a relation ("other",
/// "our", "contracted"), a generic noun ("organisations", "third parties", "contractors"),
/// and at most a clause that says what we do with them ("that we may engage", "known to
/// you"). "Other local authorities", "Partner agencies from across education, health …" and
/// "Fraud prevention agencies" name kinds and do not match.
fn class_only(name: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let qualifier = r"other|our|any|all|various|relevant|appropriate|certain|external|outside|some|selected|trusted|contracted|partner|third[- ]party|public|private|sector|the|and|or|&";
        let noun = r"organi[sz]ations?|bodies|body|agencies|agency|partners?|parties|third[- ]parties|suppliers?|service providers?|providers?|contractors?|data processors?|processors?|companies|businesses|people|persons|individuals|entities|and|or|&";
        let clause = r"(that|which|who|whom|to which|to whom|we|known|working|providing|supporting|helping|engaged|used|employed|appointed)\b.*";
        Regex::new(&format!(
            r"(?i)^\s*((?:{qualifier})\s+)*(?:(?:{noun})\s*)+(?:{clause})?$"
        ))
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(without_brackets(name).trim()))
}

/// `text` without its parenthetical remarks ("Third parties (not the person …)").
fn without_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// BAS078: the recipients and sources that are such classes; one finding naming them all.
fn parties(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let Some(six) = m.service(&svc.id) else {
        return;
    };
    let mut named: Vec<String> = Vec::new();
    let mut first: Option<&Source> = None;
    for f in m.service_flows(six) {
        let p = &m.parties[f.party.ix()];
        let role = match f.direction() {
            Direction::To => "recipient",
            Direction::From => "source",
            Direction::Internal => continue,
        };
        if !p.generic || p.org.is_some() || !class_only(&p.name) {
            continue;
        }
        let entry = format!("“{}” ({role})", p.name);
        if !named.contains(&entry) {
            named.push(entry);
            first.get_or_insert(&f.source);
        }
    }
    if let Some(src) = first {
        out.push(ctx.finding(&VAGUE_PARTIES, Some(svc), src,
            format!("the notice names some recipients or sources only as classes that say no kind of body, so people cannot tell who gets their data or where it comes from: {}", named.join(", ")),
            "Name the organisations, or categories specific enough to tell what kind of body they are and why they get the data (e.g. \"IT and hosting suppliers under contract\", \"debt collection agencies\")."));
    }
}

/// Words of an end to keeping data that no one can date.
fn vague_end(words: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(no longer (needed|necessary|required)|as long as (is )?(necessary|needed|required|appropriate)|(an? )?(extended|reasonable|appropriate|certain) (amount|period|length) of time|while there(’s|'s| is) (a|any) (chance|need|possibility|likelihood)|overall (government )?response|(until|when) (it is|they are) no longer)",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(words))
}

/// Words that make a period an upper bound only ("up to 50 years").
fn upper_bound(words: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(up to|a maximum of|maximum of|no (longer|more) than|at most)\b").ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(words))
}

/// Words that show data kept indefinitely is no longer about anyone.
fn anonymised(words: &str) -> bool {
    let w = words.to_lowercase();
    [
        "anonymi",
        "statistic",
        "aggregate",
        "archiv",
        "de-identified",
    ]
    .iter()
    .any(|a| w.contains(a))
}

/// BAS056: retention that sets no period a person could work out; one finding per notice
/// listing each rule and why.
fn retention(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let Some(six) = m.service(&svc.id) else {
        return;
    };
    let rules: Vec<&RetentionRule> = m.service_retention(six).collect();
    let mut why: Vec<String> = Vec::new();
    let mut first: Option<&Source> = None;
    for r in &rules {
        let quote = m.quote(&r.source);
        let scope = r.condition.as_deref().unwrap_or("");
        let reason = match &r.period {
            Period::UntilEvent(e) if vague_end(e) || vague_end(quote) => {
                Some(format!("kept until “{e}”, an end no one can date"))
            }
            Period::Indefinite if !anonymised(quote) && !anonymised(scope) => Some(
                "kept indefinitely, with nothing saying the data stops being about anyone"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(reason) = reason {
            why.push(reason);
            first.get_or_insert(&r.source);
        }
    }
    // One maximum for every record of several kinds of people.
    let groups = svc
        .subjects
        .iter()
        .map(|s| {
            v.subject_tree
                .ancestors(s.value.0)
                .last()
                .unwrap_or(s.value.0)
        })
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if let [only] = rules.as_slice()
        && only.subjects.is_empty()
        && only.categories.is_empty()
        && only.period.is_length()
        && upper_bound(m.quote(&only.source))
        && groups >= 2
    {
        why.push(format!(
            "one maximum ({}) for every record of every kind of person, which sets no period for any of them",
            period_text(&only.period)
        ));
        first.get_or_insert(&only.source);
    }
    if let Some(src) = first {
        out.push(ctx.finding(&VAGUE_RETENTION, Some(svc), src,
            format!("the notice gives retention that sets no period a person could work out: {}", why.join("; ")),
            "Give each kind of record its period and when it starts (e.g. \"6 years after the case closes\"), or the criteria that decide it."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_that_names_no_kind_of_body() {
        for yes in [
            "Third parties",
            "Other organisations which support the shielding service",
            "Contractors and processors",
            "Private sector organisations",
            "Organisations that we may engage to contact shielding people",
            "People and organisations known to you",
            "our partners",
            "Third parties (not the person the information is about)",
            "Third parties to which disclosure is permitted or required by law",
            "Organisations engaged to contact shielding people",
            "Other organisations that support children and young people’s learning",
        ] {
            assert!(class_only(yes), "{yes}");
        }
        for no in [
            "Other local authorities",
            "Fraud prevention agencies",
            "Partner agencies from across the education, health, justice and care services",
            "Public authorities",
            "Credit reference agencies",
            "Debt collection agencies",
            "Local authorities' delivery partners and official contractors",
            "Department for Work and Pensions",
            "Law firms",
        ] {
            assert!(!class_only(no), "{no}");
        }
    }

    #[test]
    fn ends_no_one_can_date() {
        for yes in [
            "no longer needed to check eligibility",
            "you have been inactive for an extended amount of time",
            "while there’s a chance that people will be asked to shield",
            "for as long as is necessary",
        ] {
            assert!(vague_end(yes), "{yes}");
        }
        for no in [
            "you close your account",
            "the funding period for the grant has ended",
            "the case is closed",
        ] {
            assert!(!vague_end(no), "{no}");
        }
        assert!(upper_bound(
            "specifically up to 50 years after the closure of a case"
        ));
        assert!(!upper_bound("for 6 years after the case closes"));
    }
}
