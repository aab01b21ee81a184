//! Data-subject rights a notice must tell people about, given the bases it relies on: the
//! rights of Arts. 15–21 (objection only under Art. 6(1)(e)/(f), portability only under
//! consent or contract), withdrawal of consent where consent is relied on, and the right to
//! complain to the ICO.

use super::notice::rule;
use super::wording::{Family, Phrasing};
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

rule!(
    COMPLAINT_TO_CONTROLLER,
    "BAS070",
    Info,
    "the notice does not say how to complain to the controller itself",
    "DPA 2018 s.164A (inserted by the Data (Use and Access) Act 2025 s.103, in force 19 June 2026); UK GDPR Art. 12(2)"
);
rule!(
    RIGHT_MISDESCRIBED,
    "BAS071",
    Warning,
    "a right described as something it is not, or stated without the limits that apply under the bases relied on",
    "UK GDPR Art. 13(2)(b), 14(2)(c); Arts. 17–18, 21; Art. 12(1)"
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
    ctx.per_service(out, &[service]);
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
    let m = ctx.model;
    let flow_bases: Vec<(crate::model::BasisIx, &Source)> = m
        .service(&svc.id)
        .into_iter()
        .flat_map(|six| m.service_flows(six))
        .flat_map(|f| m.bases_of(f).iter().map(move |b| (*b, &f.source)))
        .collect();
    let mut bases: Vec<&str> = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .chain(flow_bases.iter().map(|(b, _)| *b))
        .map(|b| v.bases[b.ix()].id.as_str())
        .collect();
    bases.sort_unstable();
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
    misdescribed(ctx, svc, &bases, out);
    if !listed.contains(&"complain-controller") {
        out.push(ctx.finding(&COMPLAINT_TO_CONTROLLER, Some(svc), near,
            "the notice does not say how to complain to the controller: since 19 June 2026 people may complain to the controller about how it uses their data, and the controller must make that easy (e.g. a form that can be completed electronically), acknowledge a complaint within 30 days and tell them the outcome (DPA 2018 s.164A)".into(),
            "Say how to complain to the controller (a form, an address), before the route to the ICO."));
    }
    if !listed.contains(&"complain-to-ico") {
        out.push(ctx.finding(&COMPLAINT, Some(svc), near,
            "the notice does not tell people of their right to complain to the Information Commissioner".into(),
            "State the right to lodge a complaint with the ICO (ico.org.uk/make-a-complaint, 0303 123 1113)."));
    }
}

/// Restriction described as stopping the use of the data altogether.
static RESTRICTION_AS_STOP: Family = Family::new(&[Phrasing {
    pattern: r"\b(stop|cease|end|halt) (us )?(using|processing|the (use|processing))\b",
    why: "restriction (Art. 18) limits processing, mostly to storage, while accuracy or an objection is settled; it does not stop all use",
}]);

/// A right stated as unconditional ("stop using any or all of your information", "have your
/// data deleted").
static UNCONDITIONAL: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(any or all|all) (of )?(your )?(personal )?(information|data)\b",
        why: "the right is stated for all of the person's data, without its conditions",
    },
    Phrasing {
        pattern: r"^(you (have|also have) )?(the )?right to object (to (the|our) (processing|use) of your (personal )?(data|information))?\.?$",
        why: "the right to object stated with no condition at all",
    },
]);

/// BAS071: rights described as something they are not, or as unconditional when a basis the
/// notice relies on takes them away. One finding per notice listing each.
fn misdescribed(ctx: &Ctx, svc: &Service, bases: &[&str], out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let mut what: Vec<String> = Vec::new();
    let mut first: Option<&Source> = None;
    // Bases of Art. 6 under which there is no right to object (Art. 21(1) covers (e) and (f)).
    let no_objection: Vec<&str> = bases
        .iter()
        .copied()
        .filter(|b| matches!(*b, "a6-1-a" | "a6-1-b" | "a6-1-c" | "a6-1-d"))
        .collect();
    for r in &svc.rights {
        let id = v.rights[r.value.ix()].id.as_str();
        let quote = ctx.model.quote(&r.source);
        let sentence = super::wording::Sentence {
            text: quote,
            start: 0,
        };
        match id {
            "restriction" => {
                if let Some(h) = RESTRICTION_AS_STOP.find_affirmed(sentence) {
                    what.push(format!(
                        "restriction is described as “{}”: {}",
                        h.words(),
                        h.phrasing.why
                    ));
                    first.get_or_insert(&r.source);
                }
            }
            "objection" if !no_objection.is_empty() => {
                if let Some(h) = UNCONDITIONAL.find_affirmed(sentence) {
                    let names: Vec<String> = no_objection
                        .iter()
                        .filter_map(|b| v.basis(b))
                        .map(|b| v.bases[b.ix()].citation())
                        .collect();
                    what.push(format!(
                        "the right to object is stated without its conditions (“{}”), but it applies only to processing under Art. 6(1)(e) or (f), on grounds relating to the person's situation (Art. 21(1)), and not to what the notice bases on {}",
                        h.words(),
                        names.join(", ")
                    ));
                    first.get_or_insert(&r.source);
                }
            }
            _ => {}
        }
    }
    if let Some(src) = first {
        out.push(ctx.finding(&RIGHT_MISDESCRIBED, Some(svc), src, what.join("; "),
            "Describe each right as the law gives it, with when it applies under the bases relied on."));
    }
}
