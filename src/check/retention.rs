//! Retention: services with no rule, rules that only point at a schedule, rules with no starting
//! point, subjects no rule covers, and overlapping rules of one controller that disagree.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::value::period_text;
use crate::model::{Model, Period, RetentionRule, Service, Trigger};
use crate::report::ReportError;

rule!(
    NO_RULE,
    "BAS050",
    Error,
    "no retention period or criteria",
    "UK GDPR Art. 13(2)(a), 14(2)(a); Art. 5(1)(e)"
);
rule!(
    POINTER,
    "BAS051",
    Warning,
    "retention given only by pointer to a schedule the notice does not reproduce",
    "UK GDPR Art. 13(2)(a), 14(2)(a)"
);
rule!(
    NO_START,
    "BAS052",
    Warning,
    "a retention period with no starting point",
    "UK GDPR Art. 13(2)(a); Art. 5(1)(e)"
);
rule!(
    UNCOVERED,
    "BAS053",
    Warning,
    "data subjects no retention rule covers",
    "UK GDPR Art. 13(2)(a); Art. 30(1)(f)"
);
rule!(
    OVERLAP,
    "BAS054",
    Warning,
    "overlapping retention rules of one controller that disagree",
    "UK GDPR Art. 5(1)(e); Art. 13(2)(a)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    let m = ctx.model;
    for svc in ctx.services() {
        let rows = ctx.query("retention where service = {service}", svc)?;
        if rows.rows.is_empty() {
            out.push(ctx.finding(
                &NO_RULE,
                Some(svc),
                &svc.source,
                "the notice says nothing about how long data is kept".into(),
                "State the retention periods, or the criteria used to set them.",
            ));
        }
        let rules: Vec<&RetentionRule> = m
            .retention
            .iter()
            .filter(|r| std::ptr::eq(&m.services[r.service.ix()], svc))
            .collect();
        let has_length = rules
            .iter()
            .any(|r| !matches!(r.period, Period::Schedule(_)));
        for r in &rules {
            match &r.period {
                Period::Schedule(s) if !has_length => out.push(ctx.finding(&POINTER, Some(svc), &r.source,
                    format!("retention is given only by reference to the {s}, which the notice does not reproduce: no period or criteria"),
                    "State the main periods (or criteria) in the notice, or link the published schedule.")),
                Period::Years(_) | Period::Range { .. } if r.trigger == Trigger::NotStated => out.push(ctx.finding(&NO_START, Some(svc), &r.source,
                    format!("kept for {}, but the notice does not say from when (collection, end of involvement, closure of the case, birth)", period_text(&r.period)),
                    "Say when the period starts, e.g. \"6 years from the closure of the case\".")),
                _ => {}
            }
        }
        uncovered(ctx, svc, &rules, out);
    }
    overlaps(ctx, out);
    Ok(())
}

/// Subjects of the service that no rule covers (a rule without scope covers everyone, unless it
/// is about anonymised data kept indefinitely).
fn uncovered(ctx: &Ctx, svc: &Service, rules: &[&RetentionRule], out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    if rules.is_empty() {
        return;
    }
    let everyone = rules.iter().any(|r| {
        r.subjects.is_empty() && r.categories.is_empty() && r.period != Period::Indefinite
    });
    if everyone {
        return;
    }
    for s in &svc.subjects {
        let covered = rules.iter().any(|r| {
            r.subjects
                .iter()
                .any(|rs| v.subject_tree.within(s.value.0, rs.0))
        });
        if !covered {
            let name = &v.subjects[s.value.ix()].id;
            out.push(ctx.finding(&UNCOVERED, Some(svc), &s.source,
                format!("the notice's data subjects include {name}, but none of its retention rules covers them"),
                format!("Add a retention period for the records of {name}.")));
        }
    }
}

/// Whether two scopes (subjects, categories) can apply to the same record.
fn overlap(m: &Model, a: &RetentionRule, b: &RetentionRule) -> bool {
    let v = &m.vocab;
    let subj = a.subjects.is_empty()
        || b.subjects.is_empty()
        || a.subjects.iter().any(|x| {
            b.subjects
                .iter()
                .any(|y| v.subject_tree.within(x.0, y.0) || v.subject_tree.within(y.0, x.0))
        });
    let cat = a.categories.is_empty()
        || b.categories.is_empty()
        || a.categories.iter().any(|x| {
            b.categories
                .iter()
                .any(|y| v.category_tree.within(x.0, y.0) || v.category_tree.within(y.0, x.0))
        });
    subj && cat
}

fn overlaps(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let timed = |r: &&RetentionRule| {
        r.org == ctx.org && !matches!(r.period, Period::Schedule(_) | Period::Indefinite)
    };
    let rules: Vec<&RetentionRule> = m.retention.iter().filter(timed).collect();
    for (i, a) in rules.iter().enumerate() {
        for b in &rules[i + 1..] {
            if a.service == b.service || a.period == b.period || !overlap(m, a, b) {
                continue;
            }
            let scope =
                |r: &RetentionRule| r.condition.clone().unwrap_or_else(|| "all records".into());
            let svc = &m.services[b.service.ix()];
            out.push(ctx.finding(&OVERLAP, Some(svc), &b.source,
                format!(
                    "{} ({}) here, but {} ({}) in {}: “{}” — both can apply to the same person's records",
                    period_text(&b.period), scope(b), period_text(&a.period), scope(a),
                    m.notices[a.source.notice.ix()].id, m.quote(&a.source)
                ),
                "Reconcile the two notices against the retention schedule; say which period wins where both apply."));
        }
    }
}
