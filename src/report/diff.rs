//! The fact-level difference between two models: organisations, services, subjects,
//! categories, purposes, bases, legislation, rights, recipients, sources and retention rules
//! added, removed or changed, each with its organisation, service and quote (`basis diff`, and
//! the changes a DPIA proposal makes).
//!
//! Facts are matched by what identifies them (a recipient by its party, a retention rule by
//! its scope, a basis by its id), so that a fact whose details change reads as one `changed`
//! row rather than a removal and an addition.

use crate::model::value::period_text;
use crate::model::{Direction, Flow, Model, Provenance, RetentionRule, Service};
use crate::output::Table;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// The kinds of fact compared, in the order rows are listed.
pub(crate) const KINDS: [&str; 12] = [
    "organisation",
    "service",
    "subject",
    "category",
    "purpose",
    "basis",
    "legislation",
    "right",
    "recipient",
    "source",
    "retention",
    "transfer",
];

/// Where one fact sits and what identifies it: organisation, service, kind (index into
/// [`KINDS`]) and key.
pub(crate) type Key = (String, String, usize, String);

/// A fact's details and its quote, under its [`Key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Stated {
    value: String,
    quote: String,
}

/// Facts collected by key.
#[derive(Default)]
struct Facts(BTreeMap<Key, Vec<Stated>>);

impl Facts {
    /// Adds a fact of kind `k` (one of [`KINDS`]) under its key.
    fn put(
        &mut self,
        org: &str,
        svc: &str,
        k: &str,
        key: impl Into<String>,
        value: impl Into<String>,
        quote: &str,
    ) {
        let kind = KINDS.iter().position(|x| *x == k).unwrap_or(KINDS.len());
        self.0
            .entry((org.to_string(), svc.to_string(), kind, key.into()))
            .or_default()
            .push(Stated {
                value: value.into(),
                quote: quote.to_string(),
            });
    }
}

/// Every fact of a model, grouped by key (a key may hold several facts, e.g. two flows to one
/// party with different conditions).
fn facts(m: &Model) -> BTreeMap<Key, Vec<Stated>> {
    let mut out = Facts::default();
    for o in &m.orgs {
        out.put(&o.id, "", "organisation", o.id.clone(), o.name.clone(), "");
    }
    for s in &m.services {
        service_facts(m, s, &mut out);
    }
    for f in &m.flows {
        flow_fact(m, f, &mut out);
    }
    for r in &m.retention {
        retention_fact(m, r, &mut out);
    }
    out.0
}

/// The facts a service states of itself: subjects, categories, purposes, bases, legislation,
/// rights and transfers.
fn service_facts(m: &Model, s: &Service, out: &mut Facts) {
    let v = &m.vocab;
    let org = &m.orgs[s.org.ix()].id;
    out.put(
        org,
        &s.id,
        "service",
        s.id.clone(),
        s.name.clone(),
        m.quote(&s.source),
    );
    for f in &s.subjects {
        let id = &v.subjects[f.value.ix()].id;
        out.put(org, &s.id, "subject", id, "", m.quote(&f.source));
    }
    for f in &s.categories {
        let id = &v.categories[f.value.category.ix()].entry.id;
        let value = if f.value.declared_special {
            "declared special".to_string()
        } else {
            String::new()
        };
        out.put(
            org,
            &s.id,
            "category",
            id.clone(),
            value,
            m.quote(&f.source),
        );
    }
    for f in &s.purposes {
        let id = &v.purposes[f.value.ix()].id;
        out.put(org, &s.id, "purpose", id, "", m.quote(&f.source));
    }
    law_facts(m, s, org, out);
    for f in &s.rights {
        let id = &v.rights[f.value.ix()].id;
        out.put(org, &s.id, "right", id, "", m.quote(&f.source));
    }
    for f in &s.transfers {
        let t = &f.value;
        let mut value = t.stance.as_str().to_string();
        for (label, x) in [("to", &t.destination), ("safeguards", &t.safeguards)] {
            if let Some(x) = x {
                value.push_str(&format!("; {label} {x}"));
            }
        }
        out.put(org, &s.id, "transfer", "abroad", value, m.quote(&f.source));
    }
}

/// What a service cites: its lawful bases and its legislation.
fn law_facts(m: &Model, s: &Service, org: &str, out: &mut Facts) {
    let v = &m.vocab;
    for f in &s.bases {
        let key = match f.value.basis {
            Some(b) => v.bases[b.ix()].id.clone(),
            None => format!("unresolved: {}", f.value.cited),
        };
        let mut value = match f.value.basis {
            Some(b) => v.bases[b.ix()].citation(),
            None => "unresolved".to_string(),
        };
        if f.value.cited != m.quote(&f.source) {
            value.push_str(&format!("; cited “{}”", f.value.cited));
        }
        out.put(org, &s.id, "basis", key, value, m.quote(&f.source));
    }
    for f in &s.legislation {
        let c = &f.value;
        let id = match c.legislation {
            Some(l) => v.legislation[l.ix()].id.clone(),
            None => format!("unresolved: {}", c.cited),
        };
        let key = match &c.section {
            Some(sec) => format!("{id} {sec}"),
            None => id,
        };
        let value = c.status.as_str().to_string();
        out.put(org, &s.id, "legislation", key, value, m.quote(&f.source));
    }
}

/// A flow: to a recipient, from a source, or shared within the organisation.
fn flow_fact(m: &Model, f: &Flow, out: &mut Facts) {
    let v = &m.vocab;
    let org = &m.orgs[m.flow_org(f).ix()].id;
    let svc = &m.services[f.service.ix()].id;
    let kind = match f.direction() {
        Direction::To => "recipient",
        Direction::From => "source",
        Direction::Internal => "internal sharing",
    };
    let party = m.parties[f.party.ix()].id.clone();
    // Only what the notice states of this flow: sets implied from the service would make
    // every flow "change" whenever the service's lists do.
    let mut parts = vec![m.parties[f.party.ix()].name.clone()];
    if let Some(c) = f.condition() {
        parts.push(format!("condition “{}”", m.text(c)));
    }
    let ids = |list: Vec<&str>| list.join(", ");
    if f.categories_provenance() == Provenance::Stated && !m.categories_of(f).is_empty() {
        let l = m
            .categories_of(f)
            .iter()
            .map(|c| v.categories[c.ix()].entry.id.as_str());
        parts.push(format!("categories {}", ids(l.collect())));
    }
    if f.bases_provenance() == Provenance::Stated && !m.bases_of(f).is_empty() {
        let l = m.bases_of(f).iter().map(|b| v.bases[b.ix()].id.as_str());
        parts.push(format!("bases {}", ids(l.collect())));
    }
    if f.purposes_provenance() == Provenance::Stated && !m.purposes_of(f).is_empty() {
        let l = m
            .purposes_of(f)
            .iter()
            .map(|p| v.purposes[p.ix()].id.as_str());
        parts.push(format!("purposes {}", ids(l.collect())));
    }
    out.put(org, svc, kind, party, parts.join("; "), m.quote(&f.source));
}

/// A retention rule, keyed by its scope.
fn retention_fact(m: &Model, r: &RetentionRule, out: &mut Facts) {
    let v = &m.vocab;
    let org = &m.orgs[r.org.ix()].id;
    let svc = &m.services[r.service.ix()].id;
    let mut scope: Vec<String> = Vec::new();
    if !r.subjects.is_empty() {
        let l: Vec<&str> = r
            .subjects
            .iter()
            .map(|s| v.subjects[s.ix()].id.as_str())
            .collect();
        scope.push(format!("subjects {}", l.join(", ")));
    }
    if !r.categories.is_empty() {
        let l: Vec<&str> = r
            .categories
            .iter()
            .map(|c| v.categories[c.ix()].entry.id.as_str())
            .collect();
        scope.push(format!("categories {}", l.join(", ")));
    }
    if let Some(c) = &r.condition {
        scope.push(format!("“{c}”"));
    }
    let key = if scope.is_empty() {
        "all records".to_string()
    } else {
        scope.join("; ")
    };
    let value = format!("{} from {}", period_text(&r.period), r.trigger.as_str());
    out.put(org, svc, "retention", key, value, m.quote(&r.source));
}

/// The facts of one key on each side, without those stated the same on both (as a multiset:
/// two equal facts on one side and one on the other leave one).
fn pair_up(a: &[Stated], b: &[Stated]) -> (Vec<Stated>, Vec<Stated>) {
    let mut count: HashMap<&Stated, isize> = HashMap::new();
    for x in a {
        *count.entry(x).or_default() += 1;
    }
    for x in b {
        *count.entry(x).or_default() -= 1;
    }
    let mut was = Vec::new();
    let mut left = count.clone();
    for x in a {
        if let Some(c) = left.get_mut(x)
            && *c > 0
        {
            *c -= 1;
            was.push(x.clone());
        }
    }
    let mut now = Vec::new();
    for x in b {
        if let Some(c) = count.get_mut(x)
            && *c < 0
        {
            *c += 1;
            now.push(x.clone());
        }
    }
    (was, now)
}

/// One row of the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// `added`, `removed`, `changed` or `requoted`.
    pub change: &'static str,
    /// Organisation, service, kind (index into [`KINDS`]) and the fact's key.
    pub key: Key,
    /// The details before (`None` when added).
    pub was: Option<String>,
    /// The details after (`None` when removed).
    pub now: Option<String>,
    /// The sentence the fact rests on (the newer one when both sides have it).
    pub quote: String,
}

impl Change {
    /// The kind of fact: `recipient`, `category` …
    pub(crate) fn kind(&self) -> &'static str {
        KINDS.get(self.key.2).copied().unwrap_or("")
    }
}

/// The changes from `old` to `new`, in organisation, service, kind and key order.
pub(crate) fn changes(old: &Model, new: &Model) -> Vec<Change> {
    let (a, b) = (facts(old), facts(new));
    let mut keys: Vec<&Key> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let empty = Vec::new();
        let (was, now) = pair_up(a.get(key).unwrap_or(&empty), b.get(key).unwrap_or(&empty));
        // What is left pairs up: first facts whose details stayed (the quote changed), then
        // in order; the surplus is removed or added. Linear in the facts of the key, however
        // many a synthetic dataset puts under one.
        let mut now: Vec<Option<Stated>> = now.into_iter().map(Some).collect();
        let mut by_value: HashMap<&str, VecDeque<usize>> = HashMap::new();
        let values: Vec<String> = now.iter().flatten().map(|n| n.value.clone()).collect();
        for (i, v) in values.iter().enumerate() {
            by_value.entry(v.as_str()).or_default().push_back(i);
        }
        let mut pairs = Vec::new();
        let mut unpaired = Vec::new();
        for w in was {
            let i = by_value
                .get_mut(w.value.as_str())
                .and_then(VecDeque::pop_front);
            match i.and_then(|i| now[i].take()) {
                Some(n) => pairs.push((w, n)),
                None => unpaired.push(w),
            }
        }
        let mut rest: Vec<Stated> = now.into_iter().flatten().collect();
        let k = unpaired.len().min(rest.len());
        pairs.extend(unpaired.drain(..k).zip(rest.drain(..k)));
        let (was, now) = (unpaired, rest);
        for (w, n) in pairs {
            let (change, was, now) = if w.value == n.value {
                ("requoted", w.quote, n.quote.clone())
            } else {
                ("changed", w.value, n.value.clone())
            };
            out.push(Change {
                change,
                key: key.clone(),
                was: Some(was),
                now: Some(now),
                quote: n.quote,
            });
        }
        for w in was {
            out.push(Change {
                change: "removed",
                key: key.clone(),
                was: Some(w.value),
                now: None,
                quote: w.quote,
            });
        }
        for n in now {
            out.push(Change {
                change: "added",
                key: key.clone(),
                was: None,
                now: Some(n.value),
                quote: n.quote,
            });
        }
    }
    out
}

/// The difference as a table: change, org, service, kind, fact, was, now, quote.
pub(crate) fn table(changes: &[Change]) -> Table {
    let mut t = Table::new(
        "diff",
        &[
            "change", "org", "service", "kind", "fact", "was", "now", "quote",
        ],
    );
    for c in changes {
        let (org, svc, kind, key) = &c.key;
        t.rows.push(vec![
            json!(c.change),
            json!(org),
            json!(svc),
            json!(KINDS.get(*kind).copied().unwrap_or("")),
            json!(key),
            json!(c.was),
            json!(c.now),
            json!(c.quote),
        ]);
    }
    t
}
