//! Consistency across one controller's notices: different DPO contact points, and statements
//! about transfers abroad or automated decisions that contradict each other.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Fact, Stance};

rule!(
    DPO_CONTACTS,
    "BAS060",
    Warning,
    "the controller's notices give different contact details for the DPO",
    "UK GDPR Art. 13(1)(b), 14(1)(b); Art. 12(1)"
);
rule!(
    TRANSFERS,
    "BAS061",
    Warning,
    "the controller's notices contradict each other on transfers abroad",
    "UK GDPR Art. 13(1)(f); Art. 12(1)"
);
rule!(
    AUTOMATED,
    "BAS062",
    Warning,
    "the controller's notices contradict each other on automated decisions",
    "UK GDPR Art. 13(2)(f); Art. 12(1)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    dpo_contacts(ctx, out);
    stances(
        ctx,
        out,
        &TRANSFERS,
        |s| {
            s.transfers
                .iter()
                .map(|t| (t.value.stance, &t.source))
                .collect()
        },
        "transfers outside the UK",
    );
    stances(
        ctx,
        out,
        &AUTOMATED,
        |s| s.automated.iter().map(|t| (t.value, &t.source)).collect(),
        "automated decision-making",
    );
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn dpo_contacts(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let org = &m.orgs[ctx.org.ix()];
    let dpo: Vec<&Fact<crate::model::Contact>> = org
        .contacts
        .iter()
        .filter(|c| c.value.role == "dpo")
        .collect();
    for kind in ["post", "email", "phone"] {
        let of_kind: Vec<&&Fact<crate::model::Contact>> =
            dpo.iter().filter(|c| c.value.kind == kind).collect();
        // value -> notices giving it, in first-seen order
        let mut values: Vec<(String, Vec<String>)> = Vec::new();
        for c in &of_kind {
            let notice = ctx.notice_id(&c.source);
            match values
                .iter_mut()
                .find(|(v, _)| squash(v) == squash(&c.value.value))
            {
                Some((_, ns)) => ns.push(notice),
                None => values.push((c.value.value.clone(), vec![notice])),
            }
        }
        if values.len() < 2 {
            continue;
        }
        let common = values
            .iter()
            .max_by_key(|(_, ns)| ns.len())
            .map(|(v, ns)| (v.clone(), ns.clone()));
        let Some((common, common_notices)) = common else {
            continue;
        };
        for c in &of_kind {
            if squash(&c.value.value) == squash(&common) {
                continue;
            }
            out.push(ctx.finding(
                &DPO_CONTACTS,
                None,
                &c.source,
                format!(
                    "this notice gives the DPO's {kind} address as “{}”; {} give “{common}”",
                    c.value.value,
                    common_notices.join(", ")
                ),
                "Use one current DPO address in every notice.",
            ));
        }
    }
}

fn stances<'m>(
    ctx: &Ctx<'m>,
    out: &mut Vec<Finding>,
    rule: &Rule,
    get: impl Fn(&'m crate::model::Service) -> Vec<(Stance, &'m crate::model::Source)>,
    topic: &str,
) {
    let all: Vec<(&crate::model::Service, Stance, &crate::model::Source)> = ctx
        .services()
        .flat_map(|s| get(s).into_iter().map(move |(st, src)| (s, st, src)))
        .collect();
    for (svc, st, src) in &all {
        if *st != Stance::None {
            continue;
        }
        for (other, ost, osrc) in &all {
            if matches!(ost, Stance::Possible | Stance::Used) && other.id != svc.id {
                out.push(ctx.finding(
                    rule,
                    Some(svc),
                    src,
                    format!(
                        "this notice rules out {topic}, but {} says they may happen: “{}”",
                        ctx.notice_id(osrc),
                        ctx.model.quote(osrc)
                    ),
                    "Make the notices agree, or say why this processing differs from the rest.",
                ));
            }
        }
    }
}
