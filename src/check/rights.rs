//! Data-subject rights a notice must tell people about, given the bases it relies on: the
//! rights of Arts. 15–21 (objection only under Art. 6(1)(e)/(f), portability only under
//! consent or contract), withdrawal of consent where consent is relied on, and the right to
//! complain to the ICO.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Service, Source};
use crate::report::ReportError;

rule!(
    RIGHT_MISSING,
    "BAS020",
    Warning,
    "a data-subject right that applies is not mentioned",
    "UK GDPR Art. 13(2)(b), 14(2)(c); Arts. 15–21"
);
rule!(
    WITHDRAW_CONSENT,
    "BAS022",
    Warning,
    "consent relied on but the right to withdraw it is not mentioned",
    "UK GDPR Art. 13(2)(c), 14(2)(d); Art. 7(3)"
);
rule!(
    COMPLAINT,
    "BAS023",
    Error,
    "the right to complain to the Information Commissioner is not mentioned",
    "UK GDPR Art. 13(2)(d), 14(2)(e); Art. 77"
);

/// Whether a right applies given the service's bases, and why not when it does not. (A right
/// that does not apply is not a finding: the notice need not mention it.)
fn applies(right: &str, bases: &[&str]) -> Result<(), &'static str> {
    let any = |ids: &[&str]| ids.iter().any(|i| bases.contains(i));
    match right {
        "objection" if !any(&["a6-1-e", "a6-1-f"]) => Err(
            "the right to object (Art. 21(1)) applies only to processing under Art. 6(1)(e) or (f), which the notice does not rely on",
        ),
        "portability" if !any(&["a6-1-a", "a6-1-b"]) => Err(
            "the right to data portability (Art. 20(1)(a)) applies only to processing based on consent or a contract, which the notice does not rely on",
        ),
        _ => Ok(()),
    }
}

const RIGHTS: [&str; 6] = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "portability",
];

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    for svc in ctx.services() {
        service(ctx, svc, out);
    }
    Ok(())
}

fn service(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let listed: Vec<&str> = svc
        .rights
        .iter()
        .map(|r| v.rights[r.value.ix()].id.as_str())
        .collect();
    // Bases stated for the service and for its flows (`bases = [...]` on a recipient): a
    // right that comes with consent applies whichever of the two states it.
    let six = ctx.model.service(&svc.id);
    let flow_bases: Vec<(crate::model::BasisIx, &Source)> = ctx
        .model
        .flows
        .iter()
        .filter(|f| Some(f.service) == six)
        .flat_map(|f| ctx.model.bases_of(f).iter().map(move |b| (*b, &f.source)))
        .collect();
    let mut bases: Vec<&str> = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .chain(flow_bases.iter().map(|(b, _)| *b))
        .map(|b| v.bases[b.ix()].id.as_str())
        .collect();
    bases.dedup();
    // The rights list that leaves a right out is the nearest statement to quote.
    let near: &Source = svc.rights.first().map_or(&svc.source, |r| &r.source);
    let name = |id: &str| {
        v.right(id)
            .map_or(id.to_string(), |r| v.rights[r.ix()].name.clone())
    };
    let only_ce = bases
        .iter()
        .all(|b| matches!(*b, "a6-1-c" | "a6-1-e") || !b.starts_with("a6"));
    // One omission, one finding: every right that applies and is not mentioned. A right
    // that does not apply under the bases relied on is nothing to do, so no finding.
    let missing: Vec<&str> = RIGHTS
        .into_iter()
        .filter(|r| !listed.contains(r) && applies(r, &bases).is_ok())
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|r| name(r).to_lowercase()).collect();
        let mut msg = format!(
            "of the rights of Arts. 15–21 that apply to the processing the notice describes, it does not mention the {}",
            names.join(", the ")
        );
        if missing.contains(&"erasure") && only_ce {
            msg.push_str("; Art. 17(3)(b) limits erasure for legal-obligation and public-task processing, but it still applies in part, e.g. after a successful objection");
        }
        out.push(ctx.finding(
            &RIGHT_MISSING,
            Some(svc),
            near,
            msg,
            "Tell people of each right that applies and how to exercise it.",
        ));
    }
    let consent = bases.iter().any(|b| matches!(*b, "a6-1-a" | "a9-2-a"));
    if consent && !listed.contains(&"withdraw-consent") {
        let src = svc
            .bases
            .iter()
            .find(|b| {
                b.value
                    .basis
                    .is_some_and(|i| matches!(v.bases[i.ix()].id.as_str(), "a6-1-a" | "a9-2-a"))
            })
            .map(|b| &b.source)
            .or_else(|| {
                flow_bases
                    .iter()
                    .find(|(b, _)| matches!(v.bases[b.ix()].id.as_str(), "a6-1-a" | "a9-2-a"))
                    .map(|(_, s)| *s)
            })
            .unwrap_or(&svc.source);
        out.push(
            ctx.finding(
                &WITHDRAW_CONSENT,
                Some(svc),
                src,
                "consent is relied on but the notice does not say it can be withdrawn at any time"
                    .into(),
                "Say that consent can be withdrawn at any time, and how.",
            ),
        );
    }
    if !listed.contains(&"complain-to-ico") {
        out.push(ctx.finding(&COMPLAINT, Some(svc), near,
            "the notice does not tell people of their right to complain to the Information Commissioner".into(),
            "State the right to lodge a complaint with the ICO (ico.org.uk/make-a-complaint, 0303 123 1113)."));
    }
}
