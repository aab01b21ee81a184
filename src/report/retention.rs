//! `basis retention`: for one person (date of birth, date of collection), the date each
//! applicable retention rule of an organisation makes their records due for deletion, with the
//! quote it comes from.
//!
//! Nothing is guessed silently: a rule whose notice gives no starting point is dated from
//! collection and says that this is an assumption; a rule that points at a schedule, or runs
//! from an event whose date is unknown (closure of the case), says so and gives no date.
//! The rules are those of the query `retention where org = ID [and service = S]`.

use super::{ReportError, query};
use crate::model::value::period_text;
use crate::model::{Model, OrgIx, Period, RetentionRule, Trigger};
use crate::output::Table;
use crate::query::names::Lookup;
use crate::query::schema::ValueType;
use jiff::Span;
use jiff::civil::Date;
use serde_json::json;

/// The person whose records are dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// Date of birth.
    pub born: Date,
    /// Date the data was collected.
    pub collected: Date,
}

impl Person {
    /// Age in whole years on the day the data was collected.
    pub(crate) fn age_at_collection(&self) -> i16 {
        let (b, c) = (self.born, self.collected);
        let before_birthday = (c.month(), c.day()) < (b.month(), b.day());
        c.year() - b.year() - i16::from(before_birthday)
    }
}

/// The columns of the result.
pub const COLUMNS: [&str; 8] = [
    "service",
    "applies to",
    "period",
    "start",
    "due",
    "how the date is set",
    "notice",
    "quote",
];

/// The deletion dates of `org`'s rules (of `service` only, when given) for `person`.
pub fn due_dates(
    model: &Model,
    org: OrgIx,
    service: Option<&str>,
    person: Person,
) -> Result<Table, ReportError> {
    let org_id = &model.orgs[org.ix()].id;
    if let Some(s) = service {
        let known = model
            .service(s)
            .is_some_and(|i| model.services[i.ix()].org == org);
        if !known {
            return Err(ReportError::UnknownService {
                id: s.into(),
                org: org_id.clone(),
                suggestion: Lookup::new(model).suggest(ValueType::Service, s),
            });
        }
    }
    // The query names the rules; the model gives each rule's period and trigger.
    let text = match service {
        Some(s) => format!("retention where org = {org_id} and service = {s} show service, quote"),
        None => format!("retention where org = {org_id} show service, quote"),
    };
    let listed = query(model, &text)?;
    let mut t = Table::new("retention", &COLUMNS);
    t.evidence = true;
    for row in &listed.rows {
        let (svc, quote) = (
            crate::output::cell_text(&row[0]),
            crate::output::cell_text(&row[1]),
        );
        let Some(rule) = model.retention.iter().find(|r| {
            r.org == org
                && model.services[r.service.ix()].id == svc
                && model.quote(&r.source) == quote
        }) else {
            continue;
        };
        if !applies(model, rule, person) {
            continue;
        }
        let (start, due, how) = date(rule, person);
        let scope = rule
            .condition
            .clone()
            .unwrap_or_else(|| "all records".into());
        t.rows.push(vec![
            json!(svc),
            json!(scope),
            json!(period_text(&rule.period)),
            json!(start),
            json!(due),
            json!(how),
            json!(model.notices[rule.source.notice.ix()].id),
            json!(model.quote(&rule.source)),
        ]);
    }
    Ok(t)
}

/// A rule about children applies to data collected before 18, one about adults to data
/// collected at 18 or over; any other rule may apply, and is listed.
fn applies(model: &Model, rule: &RetentionRule, person: Person) -> bool {
    let v = &model.vocab;
    let within = |root: &str| {
        v.subject(root).is_some_and(|root| {
            !rule.subjects.is_empty()
                && rule
                    .subjects
                    .iter()
                    .all(|s| v.subject_tree.within(s.0, root.0))
        })
    };
    let age = person.age_at_collection();
    if within("children") {
        age < 18
    } else if within("adults") {
        age >= 18
    } else {
        true
    }
}

/// `date + years`, or a note when the year would pass 9999.
fn plus(date: Date, years: u32) -> String {
    after(date, Span::new().years(i64::from(years)))
}

/// `date + span`, or a note when the year would pass 9999.
fn after(date: Date, span: Span) -> String {
    date.checked_add(span)
        .map_or_else(|_| "after 9999-12-31".to_string(), |d| d.to_string())
}

/// Start, due date and how the date was set.
fn date(rule: &RetentionRule, p: Person) -> (String, String, String) {
    let years = |n: u32| Span::new().years(i64::from(n));
    let (length, upper) = match &rule.period {
        Period::UntilAge(a) => {
            return (
                "birth".into(),
                plus(p.born, *a),
                format!("date of birth + {a} years"),
            );
        }
        Period::Schedule(s) => {
            return (
                "not stated".into(),
                "no date".into(),
                format!("the period is set out in the {s}, which the notice does not reproduce"),
            );
        }
        Period::Indefinite => {
            return ("—".into(), "never".into(), "kept indefinitely".into());
        }
        Period::UntilEvent(e) => {
            return (
                "not stated".into(),
                "no date".into(),
                format!("kept until {e}, whose date is not known"),
            );
        }
        Period::Years(n) => (years(*n), None),
        Period::Months(n) => (Span::new().months(i64::from(*n)), None),
        Period::Weeks(n) => (Span::new().weeks(i64::from(*n)), None),
        Period::Days(n) => (Span::new().days(i64::from(*n)), None),
        Period::Range { min, max } => (years(*min), Some(years(*max))),
    };
    let span = |from: Date| match upper {
        None => after(from, length),
        Some(max) => format!("between {} and {}", after(from, length), after(from, max)),
    };
    match rule.trigger {
        Trigger::Collection => (
            "collection".into(),
            span(p.collected),
            "date of collection + period".into(),
        ),
        Trigger::Birth => (
            "birth".into(),
            span(p.born),
            "date of birth + period".into(),
        ),
        Trigger::NotStated => (
            "not stated".into(),
            span(p.collected),
            "ASSUMPTION: the notice does not say when the period starts; dated from collection"
                .into(),
        ),
        Trigger::Event => (
            "event".into(),
            "no date".into(),
            format!(
                "the period runs from when {}, whose date is not known",
                rule.event.as_deref().unwrap_or("an event the notice names")
            ),
        ),
        t @ (Trigger::EndOfService | Trigger::Closure) => (
            t.as_str().into(),
            "no date".into(),
            format!(
                "the period runs from the {}, whose date is not known",
                t.as_str().replace('-', " ")
            ),
        ),
    }
}
