//! Every sentence a row rests on: the row's own quote and, for a flow whose categories, bases
//! or purposes the notice gives only for the service as a whole, the sentences they were
//! implied from; for a path, each hop. Read by `--evidence` (an `evidence` column) and by the
//! REPL's `.source N`.

use super::pred::value_passes;
use super::row::{ModelView, RowRef};
use crate::model::value::Val;
use crate::model::{Direction, Flow, FlowIx, Provenance, Service, Source};
use crate::query::ast::EntityKind;
use crate::query::ast::Flag;
use crate::query::plan::{Pred, Test};
use crate::query::schema::FieldId;
use crate::table::Cell;
use serde_json::{Value, json};
use std::borrow::Cow;

/// One sentence a row rests on: which part of the row it supports, and its source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Item<'m> {
    /// What it supports: `recipient`, `source`, `category`, `basis`, `purpose`, `subject`,
    /// `legislation`, `system`, `hop 1`, …, or the entity's own word for a row of one fact.
    pub about: &'static str,
    /// The notice and quote.
    pub source: &'m Source,
}

/// The sentences `row` of `entity` rests on, each once (first mention kept). `used` are the
/// fields the query uses (in `where`, `show` or `by`), the same that decide the row's
/// `provenance`: a flow's categories, bases and purposes given only for the service, and its
/// subjects, legislation and systems (always the service's), add their sentences when the
/// query uses them. Of a field the `where` tests, only the values passing one of its tests
/// count (`category in health`: the health sentence, not every category of the service).
pub(crate) fn of_row<'m>(
    view: &ModelView<'m>,
    entity: EntityKind,
    row: RowRef,
    used: &[FieldId],
    filter: Option<&Pred>,
) -> Vec<Item<'m>> {
    let m = view.model;
    let mut out: Vec<Item<'m>> = Vec::new();
    let mut add = |about: &'static str, source: &'m Source| {
        if !out.iter().any(|i| *i.source == *source) {
            out.push(Item { about, source });
        }
    };
    let RowRef::Flow(i) = row else {
        if let Some(src) = view.source(entity, row) {
            add(entity.word(), src);
        }
        return out;
    };
    let Some(f) = m.flows.get(i as usize) else {
        return out;
    };
    add(
        match f.direction() {
            Direction::To => "recipient",
            Direction::From => "source",
            Direction::Internal => "internal sharing",
        },
        &f.source,
    );
    let Some(svc) = m.services.get(f.service.ix()) else {
        return out;
    };
    implied_lists(view, f, svc, used, filter, &mut add);
    if used.contains(&FieldId::Subject) {
        for fact in &svc.subjects {
            add("subject", &fact.source);
        }
    }
    if used.contains(&FieldId::Legislation) {
        for fact in &svc.legislation {
            add("legislation", &fact.source);
        }
    }
    if used.contains(&FieldId::System) {
        for fact in &svc.systems {
            add("system", &fact.source);
        }
    }
    out
}

/// The sentences of a flow's categories, bases and purposes given only for its service
/// (when the query uses them), each value only when it is one the query asks about.
fn implied_lists<'m>(
    view: &ModelView<'m>,
    f: &'m Flow,
    svc: &'m Service,
    used: &[FieldId],
    filter: Option<&Pred>,
    add: &mut impl FnMut(&'static str, &'m Source),
) {
    let m = view.model;
    if f.categories_provenance() == Provenance::Implied && used.contains(&FieldId::Category) {
        for c in m.categories_of(f) {
            if !relevant(view, filter, FieldId::Category, &Val::Category(*c)) {
                continue;
            }
            for fact in svc.categories.iter().filter(|x| x.value.category == *c) {
                add("category", &fact.source);
            }
        }
    }
    if f.bases_provenance() == Provenance::Implied && used.contains(&FieldId::Basis) {
        for b in m.bases_of(f) {
            if !relevant(view, filter, FieldId::Basis, &Val::Basis(*b)) {
                continue;
            }
            for fact in svc.bases.iter().filter(|x| x.value.basis == Some(*b)) {
                add("basis", &fact.source);
            }
        }
    }
    if f.purposes_provenance() == Provenance::Implied && used.contains(&FieldId::Purpose) {
        for p in m.purposes_of(f) {
            if !relevant(view, filter, FieldId::Purpose, &Val::Purpose(*p)) {
                continue;
            }
            for fact in svc.purposes.iter().filter(|x| x.value == *p) {
                add("purpose", &fact.source);
            }
        }
    }
}

/// Whether value `v` of field `f` is one the query asks about: it passes some test of `f` in
/// the condition, or the condition tests no value of `f`.
fn relevant(view: &ModelView, filter: Option<&Pred>, f: FieldId, v: &Val) -> bool {
    fn tests<'p>(p: &'p Pred, f: FieldId, out: &mut Vec<&'p Test>) {
        match p {
            Pred::And(xs) | Pred::Or(xs) => xs.iter().for_each(|x| tests(x, f, out)),
            // A negated test names values the row must not have: no sentence to show.
            Pred::Not(_) | Pred::Missing(..) => {}
            Pred::Test(g, t) if *g == f => out.push(t),
            Pred::Test(..) => {}
        }
    }
    let mut ts = Vec::new();
    if let Some(p) = filter {
        tests(p, f, &mut ts);
    }
    ts.retain(|t| !matches!(t, Test::Flag(Flag::Stated | Flag::Implied)));
    ts.is_empty() || ts.iter().any(|t| value_passes(view.model, v, t))
}

/// The names of the hops of a path: `hop 1`, `hop 2`, … (paths follow at most a few flows).
const HOPS: [&str; 10] = [
    "hop 1", "hop 2", "hop 3", "hop 4", "hop 5", "hop 6", "hop 7", "hop 8", "hop 9", "hop 10",
];

/// The sentences of a walk's flows, one per hop.
pub(crate) fn of_walk<'m>(view: &ModelView<'m>, flows: &[FlowIx]) -> Vec<Item<'m>> {
    flows
        .iter()
        .enumerate()
        .filter_map(|(k, f)| {
            let flow = view.model.flows.get(f.ix())?;
            Some(Item {
                about: HOPS.get(k).copied().unwrap_or("hop"),
                source: &flow.source,
            })
        })
        .collect()
}

/// The `evidence` cell: a list of `{about, notice, quote}` records.
pub(crate) fn cell<'m>(view: &ModelView<'m>, items: &[Item<'m>]) -> Cell<'m> {
    let m = view.model;
    Cell::List(
        items
            .iter()
            .map(|i| {
                Cell::Record(vec![
                    (Cow::Borrowed("about"), Cell::str(i.about)),
                    (
                        Cow::Borrowed("notice"),
                        m.notices
                            .get(i.source.notice.ix())
                            .map_or(Cell::Null, |n| Cell::str(&n.id)),
                    ),
                    (Cow::Borrowed("quote"), Cell::str(m.quote(i.source))),
                ])
            })
            .collect(),
    )
}

/// The `evidence` value of a table built as JSON (paths, reachable).
pub(crate) fn json(view: &ModelView, items: &[Item]) -> Value {
    let m = view.model;
    Value::Array(
        items
            .iter()
            .map(|i| {
                json!({
                    "about": i.about,
                    "notice": m.notices.get(i.source.notice.ix()).map(|n| n.id.as_str()),
                    "quote": m.quote(i.source),
                })
            })
            .collect(),
    )
}
