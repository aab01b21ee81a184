//! Retention: services with no rule, rules that only point at a schedule, rules with no starting
//! point, subjects no rule covers, and overlapping rules of one controller that disagree.

use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::value::period_text;
use crate::model::{Period, RetentionRule, Service, Trigger};
use crate::report::ReportError;
use rustc_hash::FxHashMap as HashMap;

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
    RANGE,
    "BAS055",
    Warning,
    "a retention range with nothing saying which end applies",
    "UK GDPR Art. 13(2)(a) (the period, or the criteria used to determine it)"
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
        let rows = ctx.query("retention where service = {service} limit 1", svc)?;
        if rows.rows.is_empty() {
            out.push(ctx.omission(
                &NO_RULE,
                svc,
                "the notice says nothing about how long data is kept",
                "State the retention periods, or the criteria used to set them.",
            ));
        }
        let rules: Vec<&RetentionRule> = m
            .service(&svc.id)
            .map(|six| m.service_retention(six).collect())
            .unwrap_or_default();
        let has_length = rules
            .iter()
            .any(|r| !matches!(r.period, Period::Schedule(_)));
        // A pointer to a schedule that the notice explains ("depending on legislation,
        // guidelines or codes of practice …; when no guidance exists, we work with the
        // services") gives criteria, which Art. 13(2)(a) accepts in place of a period.
        let criteria = |r: &RetentionRule| {
            let n = &m.notices[r.source.notice.ix()].text.to_lowercase();
            let q = m.quote(&r.source).to_lowercase();
            n.split("\n\n")
                .find(|p| p.contains(&q))
                .is_some_and(|p| CRITERIA.iter().any(|w| p.contains(w)))
        };
        for r in &rules {
            if let Period::Range { .. } = &r.period {
                out.push(ctx.finding(&RANGE, Some(svc), &r.source,
                    format!("kept for {}, and the notice does not say what decides where in that range a record falls", period_text(&r.period)),
                    "Give the criteria (e.g. \"10 years after the last contact; 30 years where there was a safeguarding enquiry\")."));
            }
            match &r.period {
                Period::Schedule(_) if !has_length && criteria(r) => {}
                Period::Schedule(s) if !has_length => out.push(ctx.finding(&POINTER, Some(svc), &r.source,
                    format!("retention is given only by reference to the {s}, which the notice does not reproduce: no period or criteria"),
                    "State the main periods (or criteria) in the notice, or link the published schedule.")),
                _ => {}
            }
        }
        // One omission, one finding: every period the notice gives without its start.
        let no_start: Vec<&&RetentionRule> = rules
            .iter()
            .filter(|r| r.period.is_length() && r.trigger == Trigger::NotStated)
            .collect();
        if let Some(first) = no_start.first() {
            let periods: Vec<String> = no_start
                .iter()
                .map(|r| match &r.condition {
                    Some(c) => format!("{} ({c})", period_text(&r.period)),
                    None => period_text(&r.period),
                })
                .collect();
            out.push(ctx.finding(&NO_START, Some(svc), &first.source,
                format!("the notice does not say from when its retention periods run (collection, end of involvement, closure of the case, birth): {}", periods.join("; ")),
                "Say when each period starts, e.g. \"6 years from the closure of the case\"."));
        }
        uncovered(ctx, svc, &rules, out);
    }
    overlaps(ctx, out);
    Ok(())
}

/// Subjects of the service that no rule covers: one finding naming them all. A rule without
/// scope covers everyone, unless it is about anonymised data kept indefinitely. A notice that
/// sets its periods by kind of data only ("contact details: 2 years") covers everyone the data
/// is about; only one that sets them by the people the records are about can leave a group
/// of people out.
fn uncovered(ctx: &Ctx, svc: &Service, rules: &[&RetentionRule], out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    if rules.is_empty() {
        return;
    }
    let everyone = rules.iter().any(|r| {
        r.subjects.is_empty() && r.categories.is_empty() && r.period != Period::Indefinite
    });
    let by_people = rules.iter().any(|r| !r.subjects.is_empty());
    if everyone || !by_people {
        return;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut first = None;
    for s in &svc.subjects {
        let covered = rules.iter().any(|r| {
            r.subjects
                .iter()
                .any(|rs| v.subject_tree.within(s.value.0, rs.0))
        });
        let name = v.subjects[s.value.ix()].id.as_str();
        if !covered && !names.contains(&name) {
            names.push(name);
            first.get_or_insert(&s.source);
        }
    }
    if let Some(src) = first {
        let list = names.join(", ");
        out.push(ctx.finding(&UNCOVERED, Some(svc), src,
            format!("the notice's data subjects include {list}, but none of its retention rules covers them"),
            format!("Add a retention period for the records of {list}.")));
    }
}

/// Words that give retention criteria.
const CRITERIA: [&str; 4] = ["guideline", "guidance", "codes of practice", "criteria"];

/// What records a rule is about: its subjects and categories, as sets. Two rules of the same
/// scope are about the same records; a rule for a narrower kind of record (looked-after
/// children, SEN, mental-health support) in another notice is a more specific rule, not a
/// contradiction of a general one.
fn scope_of(r: &RetentionRule) -> (Vec<u32>, Vec<u32>) {
    let mut subjects: Vec<u32> = r.subjects.iter().map(|x| x.0).collect();
    let mut categories: Vec<u32> = r.categories.iter().map(|x| x.0).collect();
    subjects.sort_unstable();
    categories.sort_unstable();
    (subjects, categories)
}

fn overlaps(ctx: &Ctx, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let timed = |r: &&RetentionRule| {
        r.org == ctx.org && !matches!(r.period, Period::Schedule(_) | Period::Indefinite)
    };
    let rules: Vec<&RetentionRule> = m.retention.iter().filter(timed).collect();
    // The rules of each scope, in order: a rule is compared only with the earlier rules of its
    // own scope, not with every earlier rule.
    let scopes: Vec<_> = rules.iter().map(|r| scope_of(r)).collect();
    let mut of_scope: HashMap<&(Vec<u32>, Vec<u32>), Vec<usize>> = HashMap::default();
    for (i, scope) in scopes.iter().enumerate() {
        of_scope.entry(scope).or_default().push(i);
    }
    let applies_to =
        |r: &RetentionRule| r.condition.clone().unwrap_or_else(|| "all records".into());
    // One finding for each rule that an earlier rule of its scope contradicts, naming the first
    // and counting the rest: a finding for each pair grew with the square of the rules (4,000
    // notices of one organisation gave 1.4 million findings and took 3.3 GB).
    for (i, b) in rules.iter().enumerate() {
        let alike = &of_scope[&scopes[i]];
        let earlier = &alike[..alike.partition_point(|&j| j < i)];
        let mut against = earlier
            .iter()
            .map(|&j| rules[j])
            .filter(|a| a.service != b.service && a.period != b.period);
        let Some(a) = against.next() else {
            continue;
        };
        // The notices of the others, the first three named.
        let (mut others, mut notices, mut unnamed) = (0, Vec::new(), false);
        for o in against {
            others += 1;
            let id = m.notices[o.source.notice.ix()].id.as_str();
            if !notices.contains(&id) {
                if notices.len() < 3 {
                    notices.push(id);
                } else {
                    unnamed = true;
                }
            }
        }
        let (also, apply, fix) = match others {
            0 => (
                String::new(),
                "both",
                "Reconcile the two notices against the retention schedule; say which period wins where both apply.",
            ),
            n => {
                let rules = if n == 1 { "rule" } else { "rules" };
                let more = if unnamed { ", …" } else { "" };
                let list = notices.join(", ");
                (
                    format!(", and {n} other {rules} of the same records in {list}{more}"),
                    "each",
                    "Reconcile the notices against the retention schedule; say which period wins where they overlap.",
                )
            }
        };
        let svc = &m.services[b.service.ix()];
        out.push(ctx.finding(&OVERLAP, Some(svc), &b.source,
            format!(
                "{} ({}) here, but {} ({}) in {}: “{}”{also} — {apply} can apply to the same person's records",
                period_text(&b.period), applies_to(b), period_text(&a.period), applies_to(a),
                m.notices[a.source.notice.ix()].id, m.quote(&a.source)
            ),
            fix));
    }
}
