//! Values of fields: typed references into the model, durations and text; how they compare and
//! how they are shown.

use crate::model::*;
use crate::table::Cell;
use serde_json::{Value as Json, json};
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// A retention period as an interval of days, `lo..=hi`; `None` for an unbounded upper end
/// (indefinite). Years count 365.25 days and months 30.4375, so `6 years` = `72 months`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    /// The shortest the period can be.
    pub lo: f64,
    /// The longest it can be (`f64::INFINITY` for indefinite).
    pub hi: f64,
}

/// Days in a year, for durations.
pub(crate) const YEAR_DAYS: f64 = 365.25;
/// Days in a month (a twelfth of [`YEAR_DAYS`]), for durations.
pub(crate) const MONTH_DAYS: f64 = YEAR_DAYS / 12.0;

/// A field value.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // each variant holds the model index or value it is named after
pub(crate) enum Val {
    Org(OrgIx),
    Service(ServiceIx),
    Notice(NoticeIx),
    Party(PartyIx),
    PartyType(PartyTypeIx),
    Category(CategoryIx),
    Subject(SubjectIx),
    Purpose(PurposeIx),
    Basis(BasisIx),
    Legislation(LegislationIx),
    System(SystemIx),
    Right(RightIx),
    Direction(Direction),
    Provenance(Provenance),
    /// A retention period: its interval and how the notice puts it.
    Duration(Span, String),
    Text(String),
    Bool(bool),
}

/// The interval and wording of a retention period; `None` when it has no length (a pointer to
/// a schedule).
pub(crate) fn period_span(p: &Period) -> Option<(Span, String)> {
    let y = |n: u32| f64::from(n) * YEAR_DAYS;
    let exact = |days: f64, text: String| Some((Span { lo: days, hi: days }, text));
    match p {
        Period::Years(n) => exact(y(*n), plural(*n, "year")),
        Period::Months(n) => exact(f64::from(*n) * MONTH_DAYS, plural(*n, "month")),
        Period::Weeks(n) => exact(f64::from(*n) * 7.0, plural(*n, "week")),
        Period::Days(n) => exact(f64::from(*n), plural(*n, "day")),
        Period::Range { min, max } => Some((
            Span {
                lo: y(*min),
                hi: y(*max),
            },
            format!("{min}–{max} years"),
        )),
        // Kept until an age: at most that many years after birth, possibly much less.
        Period::UntilAge(a) => Some((Span { lo: 0.0, hi: y(*a) }, format!("until age {a}"))),
        Period::Indefinite => Some((
            Span {
                lo: f64::INFINITY,
                hi: f64::INFINITY,
            },
            "indefinitely".into(),
        )),
        // No length: a pointer to a schedule, or until an event of unknown date.
        Period::Schedule(_) | Period::UntilEvent(_) => None,
    }
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// How a retention period reads in a result: `6 years`, `10–30 years`, `see retention schedule`.
pub(crate) fn period_text(p: &Period) -> String {
    match p {
        Period::Schedule(s) => format!("see {s}"),
        Period::UntilEvent(e) => format!("until {e}"),
        other => period_span(other).map(|(_, t)| t).unwrap_or_default(),
    }
}

// Values are compared and hashed as group keys. Durations compare by the bits of their
// interval, so that equal periods are one group; no span is ever NaN.
impl Eq for Val {}

impl Hash for Val {
    fn hash<H: Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            // Every index is a `u32`: one arm hashes them all (the discriminant, hashed
            // above, keeps an organisation apart from a party of the same number).
            Val::Org(OrgIx(i))
            | Val::Service(ServiceIx(i))
            | Val::Notice(NoticeIx(i))
            | Val::Party(PartyIx(i))
            | Val::PartyType(PartyTypeIx(i))
            | Val::Category(CategoryIx(i))
            | Val::Subject(SubjectIx(i))
            | Val::Purpose(PurposeIx(i))
            | Val::Basis(BasisIx(i))
            | Val::Legislation(LegislationIx(i))
            | Val::System(SystemIx(i))
            | Val::Right(RightIx(i)) => i.hash(h),
            Val::Direction(d) => d.hash(h),
            Val::Provenance(p) => p.hash(h),
            Val::Duration(s, t) => {
                s.lo.to_bits().hash(h);
                s.hi.to_bits().hash(h);
                t.hash(h);
            }
            Val::Text(t) => t.hash(h),
            Val::Bool(b) => b.hash(h),
        }
    }
}

impl Val {
    /// The value as a result cell, borrowing ids and names from the model.
    pub(crate) fn into_cell(self, m: &Model) -> Cell<'_> {
        let v = &m.vocab;
        match self {
            Val::Org(i) => Cell::str(&m.orgs[i.ix()].id),
            Val::Service(i) => Cell::str(&m.services[i.ix()].id),
            Val::Notice(i) => Cell::str(&m.notices[i.ix()].id),
            Val::Party(i) => Cell::str(&m.parties[i.ix()].id),
            Val::PartyType(i) => Cell::str(&v.party_types[i.ix()].id),
            Val::Category(i) => Cell::str(&v.categories[i.ix()].entry.id),
            Val::Subject(i) => Cell::str(&v.subjects[i.ix()].id),
            Val::Purpose(i) => Cell::str(&v.purposes[i.ix()].id),
            Val::Basis(i) => Cell::Str(Cow::Owned(v.bases[i.ix()].citation())),
            Val::Legislation(i) => Cell::str(&v.legislation[i.ix()].id),
            Val::System(i) => Cell::str(&m.systems[i.ix()].id),
            Val::Right(i) => Cell::str(&v.rights[i.ix()].id),
            Val::Direction(d) => Cell::str(d.as_str()),
            Val::Provenance(p) => Cell::str(p.as_str()),
            Val::Duration(_, text) | Val::Text(text) => Cell::Str(Cow::Owned(text)),
            Val::Bool(b) => Cell::Bool(b),
        }
    }

    /// The value as shown in results: ids for entities, citations for bases, text otherwise.
    pub(crate) fn to_json(&self, m: &Model) -> Json {
        let v = &m.vocab;
        match self {
            Val::Org(i) => json!(m.orgs[i.ix()].id),
            Val::Service(i) => json!(m.services[i.ix()].id),
            Val::Notice(i) => json!(m.notices[i.ix()].id),
            Val::Party(i) => json!(m.parties[i.ix()].id),
            Val::PartyType(i) => json!(v.party_types[i.ix()].id),
            Val::Category(i) => json!(v.categories[i.ix()].entry.id),
            Val::Subject(i) => json!(v.subjects[i.ix()].id),
            Val::Purpose(i) => json!(v.purposes[i.ix()].id),
            Val::Basis(i) => json!(v.bases[i.ix()].citation()),
            Val::Legislation(i) => json!(v.legislation[i.ix()].id),
            Val::System(i) => json!(m.systems[i.ix()].id),
            Val::Right(i) => json!(v.rights[i.ix()].id),
            Val::Direction(d) => json!(d.as_str()),
            Val::Provenance(p) => json!(p.as_str()),
            Val::Duration(_, text) => json!(text),
            Val::Text(t) => json!(t),
            Val::Bool(b) => json!(b),
        }
    }
}
