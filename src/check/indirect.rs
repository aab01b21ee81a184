//! Data obtained from others (UK GDPR Art. 14): data that checks bring back from the bodies it
//! is sent to.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Direction, Flow, Service};

rule!(
    CHECKS_UNDESCRIBED,
    "BAS077",
    Warning,
    "data is sent for checks (fraud, credit, eligibility) and nothing is said of the data the checks return",
    "UK GDPR Art. 14(1)(d), 14(2)(f); ICO guidance on the right to be informed (data obtained from other sources)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for svc in ctx.services() {
        checks(ctx, svc, out);
    }
}

/// The flows of the service, in the model's order.
fn flows<'m>(ctx: &Ctx<'m>, svc: &Service) -> Vec<&'m Flow> {
    let m = ctx.model;
    let Some(six) = m.service(&svc.id) else {
        return Vec::new();
    };
    m.flows.iter().filter(|f| f.service == six).collect()
}

/// Whether the flow comes from someone other than the person the data is about.
fn from_others(ctx: &Ctx, f: &Flow) -> bool {
    let v = &ctx.model.vocab;
    let party = &ctx.model.parties[f.party.ix()];
    f.direction == Direction::From
        && !v
            .party_type("data-subject")
            .is_some_and(|d| party.types().any(|t| v.party_type_tree.within(t.0, d.0)))
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
        f.direction == Direction::To
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
    let mut names: Vec<&str> = Vec::new();
    for f in &sent {
        let n = m.parties[f.party.ix()].name.as_str();
        if !names.contains(&n) {
            names.push(n);
        }
    }
    out.push(ctx.finding(&CHECKS_UNDESCRIBED, Some(svc), &first.source,
        format!("the notice sends personal data to {} to check it, but names no source of data but the person: what those checks return (credit records, fraud markers, matches) is personal data obtained from others, whose categories and source the notice must give (Art. 14(1)(d), 14(2)(f))", names.join(", ")),
        "Say what data the checks return and from whom (e.g. \"credit reference agencies give us your credit history and …\")."));
}
