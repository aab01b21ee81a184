//! The indexed evaluator's filter and aggregates over flows.
//!
//! A condition's conjuncts are ordered by estimated selectivity (the length of the posting
//! lists each would read). The most selective conjunct the index can answer gives the
//! candidates (a union of posting lists); every other conjunct is then tested on the
//! candidates only. Those tests are memoised by what their answer depends on — `org = x` by
//! the flow's organisation, `category in health` by its interned category set — and each
//! memo entry is filled by the scanning evaluator's own [`test_row`] on a flow having that
//! key, so the two evaluators cannot disagree about what a test means.

use super::eval::{Steps, describe, filtered as scan_filtered, group_product, sort_text, test_row};
use super::index::{FlowIndex, PostingKind, union};
use super::row::{ModelView, RowRef};
use super::value::Val;
use crate::model::{Direction, Flow, Model, Provenance};
use crate::output::Table;
use crate::query::ast::{EntityKind, Flag};
use crate::query::field::FieldId;
use crate::query::plan::{Compare, Pred, Test};
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::collections::HashMap;

/// What a test's answer on a flow depends on: flows with equal keys get equal answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Nothing: the same for every flow.
    Const,
    /// The organisation.
    Org,
    /// The service.
    Service,
    /// The notice of the flow's source.
    Notice,
    /// The party.
    Party,
    /// The party's type.
    PartyType,
    /// The party and the direction.
    PartyDir,
    /// The direction.
    Direction,
    /// The interned category set.
    Categories,
    /// The interned basis set.
    Bases,
    /// The interned purpose set.
    Purposes,
    /// The three provenance flags.
    Provenance,
    /// The quote.
    Quote,
    /// The condition.
    Condition,
}

impl Key {
    /// The key of what `field`'s values on a flow depend on; `None` for fields flows lack.
    pub fn of_values(field: FieldId) -> Option<Key> {
        use FieldId as F;
        Some(match field {
            F::Org => Key::Org,
            F::Service | F::Subject | F::Legislation | F::System => Key::Service,
            F::Notice => Key::Notice,
            F::Direction => Key::Direction,
            F::Party | F::Name => Key::Party,
            F::PartyType => Key::PartyType,
            F::Recipient | F::Source => Key::PartyDir,
            F::Category => Key::Categories,
            F::Basis => Key::Bases,
            F::Purpose => Key::Purposes,
            F::Provenance => Key::Provenance,
            F::Quote => Key::Quote,
            F::Condition => Key::Condition,
            _ => return None,
        })
    }

    /// The key of a leaf test.
    fn of_test(field: FieldId, test: Option<&Test>) -> Option<Key> {
        match test {
            // Provenance of a field, not its values: per flow for the three stated-or-implied
            // lists, fixed for every other field.
            Some(Test::Flag(Flag::Stated | Flag::Implied)) => Some(match field {
                FieldId::Category | FieldId::Basis | FieldId::Purpose | FieldId::Provenance => {
                    Key::Provenance
                }
                _ => Key::Const,
            }),
            _ => Key::of_values(field),
        }
    }

    /// The number of distinct keys in `m`.
    pub fn domain(self, m: &Model) -> usize {
        match self {
            Key::Const => 1,
            Key::Org => m.orgs.len(),
            Key::Service => m.services.len(),
            Key::Notice => m.notices.len(),
            Key::Party => m.parties.len(),
            Key::PartyType => m.vocab.party_types.len(),
            Key::PartyDir => m.parties.len() * 2,
            Key::Direction => 2,
            Key::Categories => m.sets.categories.len(),
            Key::Bases => m.sets.bases.len(),
            Key::Purposes => m.sets.purposes.len(),
            Key::Provenance => 8,
            Key::Quote => m.texts.len(),
            Key::Condition => m.texts.len() + 1,
        }
    }

    /// The key of a flow.
    pub fn of_flow(self, f: &Flow, ix: &FlowIndex) -> u32 {
        let dir = u32::from(f.direction == Direction::From);
        let implied = |p: Provenance| u32::from(p == Provenance::Implied);
        match self {
            Key::Const => 0,
            Key::Org => f.org.0,
            Key::Service => f.service.0,
            Key::Notice => f.source.notice.0,
            Key::Party => f.party.0,
            Key::PartyType => ix.party_type_of.get(f.party.ix()).copied().unwrap_or(0),
            Key::PartyDir => f.party.0 * 2 + dir,
            Key::Direction => dir,
            Key::Categories => f.categories.0,
            Key::Bases => f.bases.0,
            Key::Purposes => f.purposes.0,
            Key::Provenance => {
                implied(f.categories_provenance)
                    | implied(f.bases_provenance) << 1
                    | implied(f.purposes_provenance) << 2
            }
            Key::Quote => f.source.quote.0,
            Key::Condition => f.condition.map_or(0, |c| c.0 + 1),
        }
    }
}

/// A condition compiled for flows: leaves memoised by key.
enum Probe {
    All(Vec<Probe>),
    Any(Vec<Probe>),
    Not(Box<Probe>),
    Leaf {
        pred: Pred,
        key: Key,
        /// 0 unknown, 1 false, 2 true, per key.
        memo: RefCell<Vec<u8>>,
    },
    /// A leaf on a field flows do not have: asked of every row.
    Row(Pred),
}

impl Probe {
    fn compile(p: &Pred, m: &Model) -> Probe {
        let leaf = |f: FieldId, t: Option<&Test>| match Key::of_test(f, t) {
            Some(key) => Probe::Leaf {
                pred: p.clone(),
                key,
                memo: RefCell::new(vec![0; key.domain(m)]),
            },
            None => Probe::Row(p.clone()),
        };
        match p {
            Pred::And(xs) => Probe::All(xs.iter().map(|x| Probe::compile(x, m)).collect()),
            Pred::Or(xs) => Probe::Any(xs.iter().map(|x| Probe::compile(x, m)).collect()),
            Pred::Not(x) => Probe::Not(Box::new(Probe::compile(x, m))),
            Pred::Test(f, t) => leaf(*f, Some(t)),
            Pred::Missing(f, t) => leaf(*f, t.as_ref()),
        }
    }

    fn test(&self, view: &ModelView, ix: &FlowIndex, entity: EntityKind, flow: u32) -> bool {
        match self {
            Probe::All(xs) => xs.iter().all(|x| x.test(view, ix, entity, flow)),
            Probe::Any(xs) => xs.iter().any(|x| x.test(view, ix, entity, flow)),
            Probe::Not(x) => !x.test(view, ix, entity, flow),
            Probe::Row(p) => test_row(view, entity, RowRef::Flow(flow), p),
            Probe::Leaf { pred, key, memo } => {
                let Some(f) = view.model.flows.get(flow as usize) else {
                    return false;
                };
                let k = key.of_flow(f, ix) as usize;
                let known = memo.borrow().get(k).copied().unwrap_or(0);
                if known != 0 {
                    return known == 2;
                }
                let pass = test_row(view, entity, RowRef::Flow(flow), pred);
                if let Some(slot) = memo.borrow_mut().get_mut(k) {
                    *slot = if pass { 2 } else { 1 };
                }
                pass
            }
        }
    }
}

/// Posting runs that together hold exactly the flows passing a condition (or a superset,
/// when `exact` is false).
struct Lookup {
    kind: PostingKind,
    runs: Vec<(u32, u32)>,
    exact: bool,
}

impl Lookup {
    fn estimate(&self, ix: &FlowIndex) -> usize {
        let p = ix.postings(self.kind);
        self.runs.iter().map(|&(lo, hi)| p.len_range(lo, hi)).sum()
    }
}

/// The posting lookups answering `p`, if the index can.
fn lookups(p: &Pred, m: &Model) -> Option<Vec<Lookup>> {
    let v = &m.vocab;
    let one = |kind, keys: Vec<u32>, exact| {
        Some(vec![Lookup {
            kind,
            runs: keys.into_iter().map(|k| (k, k + 1)).collect(),
            exact,
        }])
    };
    match p {
        Pred::Or(xs) => {
            let mut out = Vec::new();
            for x in xs {
                out.extend(lookups(x, m)?);
            }
            Some(out)
        }
        Pred::Test(f, t) => match (f, t) {
            (FieldId::Org, Test::AnyOf(xs)) => one(
                PostingKind::Org,
                xs.iter()
                    .filter_map(|x| match x {
                        Val::Org(o) => Some(o.0),
                        _ => None,
                    })
                    .collect(),
                true,
            ),
            (FieldId::Service, Test::AnyOf(xs)) => one(
                PostingKind::Service,
                xs.iter()
                    .filter_map(|x| match x {
                        Val::Service(s) => Some(s.0),
                        _ => None,
                    })
                    .collect(),
                true,
            ),
            (FieldId::Party | FieldId::Recipient | FieldId::Source, Test::AnyOf(xs)) => one(
                PostingKind::Party,
                xs.iter()
                    .filter_map(|x| match x {
                        Val::Party(p) => Some(p.0),
                        _ => None,
                    })
                    .collect(),
                *f == FieldId::Party,
            ),
            (FieldId::Basis, Test::AnyOf(xs)) => one(
                PostingKind::Basis,
                xs.iter()
                    .filter_map(|x| match x {
                        Val::Basis(b) => Some(b.0),
                        _ => None,
                    })
                    .collect(),
                true,
            ),
            (FieldId::Category, Test::Flag(flag @ (Flag::Special | Flag::Criminal))) => one(
                PostingKind::Category,
                v.categories
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| match flag {
                        Flag::Special => c.special,
                        _ => c.criminal,
                    })
                    .map(|(i, _)| v.category_tree.pre(i as u32))
                    .collect(),
                true,
            ),
            (FieldId::Category | FieldId::Purpose | FieldId::PartyType, Test::AnyOf(xs))
            | (FieldId::Category | FieldId::Purpose | FieldId::PartyType, Test::Within(xs)) => {
                let within = matches!(t, Test::Within(_));
                let mut runs = Vec::new();
                for x in xs {
                    let (tree, i, len) = match (f, x) {
                        (FieldId::Category, Val::Category(c)) => {
                            (&v.category_tree, c.0, v.categories.len())
                        }
                        (FieldId::Purpose, Val::Purpose(p)) => {
                            (&v.purpose_tree, p.0, v.purposes.len())
                        }
                        (FieldId::PartyType, Val::PartyType(p)) => {
                            (&v.party_type_tree, p.0, v.party_types.len())
                        }
                        _ => continue,
                    };
                    if i as usize >= len {
                        continue;
                    }
                    runs.push(if within {
                        tree.interval(i)
                    } else {
                        (tree.pre(i), tree.pre(i) + 1)
                    });
                }
                let kind = match f {
                    FieldId::Category => PostingKind::Category,
                    FieldId::Purpose => PostingKind::Purpose,
                    _ => PostingKind::PartyType,
                };
                Some(vec![Lookup {
                    kind,
                    runs,
                    exact: true,
                }])
            }
            _ => None,
        },
        _ => None,
    }
}

fn conjuncts(p: &Pred) -> Vec<&Pred> {
    match p {
        Pred::And(xs) => xs.iter().collect(),
        p => vec![p],
    }
}

/// Rows of `entity` passing `filter`, through the index for flows and by scanning otherwise.
/// Rows come in model order, as the scanning evaluator returns them.
pub fn filtered(
    view: &ModelView,
    ix: &FlowIndex,
    entity: EntityKind,
    filter: Option<&Pred>,
    steps: &mut Steps,
) -> Vec<RowRef> {
    let dir = match entity {
        EntityKind::Flows => None,
        EntityKind::Recipients => Some(Direction::To),
        EntityKind::Sources => Some(Direction::From),
        _ => return scan_filtered(view, entity, filter, steps),
    };
    flows(view, ix, entity, dir, filter, None, steps)
        .into_iter()
        .map(RowRef::Flow)
        .collect()
}

/// Flow numbers of `entity` (direction `dir`) passing `filter`, optionally restricted to the
/// flows of some organisations (for `compare`).
pub fn flows(
    view: &ModelView,
    ix: &FlowIndex,
    entity: EntityKind,
    dir: Option<Direction>,
    filter: Option<&Pred>,
    orgs: Option<&[u32]>,
    steps: &mut Steps,
) -> Vec<u32> {
    let m = view.model;
    let n = m.flows.len();
    let entity_rows = match dir {
        None => n,
        Some(Direction::To) => ix.to_count,
        Some(Direction::From) => n - ix.to_count,
    };
    let conj = filter.map(conjuncts).unwrap_or_default();
    // Estimated rows passing each conjunct: the posting lists it would read, or all rows.
    let mut planned: Vec<(usize, Option<Vec<Lookup>>, &Pred)> = conj
        .iter()
        .map(|c| {
            let l = lookups(c, m);
            let est = l
                .as_ref()
                .map_or(n, |ls| ls.iter().map(|l| l.estimate(ix)).sum());
            (est, l, *c)
        })
        .collect();
    planned.sort_by_key(|(est, l, _)| (l.is_none(), *est));
    let org_lookup = orgs.map(|os| Lookup {
        kind: PostingKind::Org,
        runs: os.iter().map(|&o| (o, o + 1)).collect(),
        exact: true,
    });
    let org_est = org_lookup.as_ref().map(|l| l.estimate(ix));
    // The driver: the organisations of a compare, or the most selective indexable conjunct.
    let (mut cands, probes_from) = match (org_lookup, planned.first()) {
        (Some(l), first) if first.is_none_or(|(e, _, _)| org_est.unwrap_or(0) <= *e) => {
            let c = read(ix, &[l], n);
            steps.push(
                "index",
                "org postings of the compared organisations".into(),
                org_est,
                c.len(),
            );
            (c, 0)
        }
        (_, Some((est, Some(ls), p))) => {
            let c = read(ix, ls, n);
            let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
            steps.push(
                "index",
                format!("{} via {} postings", describe(m, p), kinds.join(", ")),
                Some(*est),
                c.len(),
            );
            // An exact lookup needs no test afterwards.
            let skip = usize::from(ls.iter().all(|l| l.exact));
            (c, skip)
        }
        _ => {
            steps.push(
                "scan",
                format!("{} ({} rows)", entity.word(), entity_rows),
                Some(entity_rows),
                entity_rows,
            );
            ((0..n as u32).collect(), 0)
        }
    };
    if let Some(d) = dir {
        cands.retain(|&f| m.flows.get(f as usize).is_some_and(|x| x.direction == d));
        steps.push(
            "probe",
            format!("direction = {}", d.as_str()),
            None,
            cands.len(),
        );
    }
    if let Some(os) = orgs {
        let before = cands.len();
        cands.retain(|&f| {
            m.flows
                .get(f as usize)
                .is_some_and(|x| os.contains(&x.org.0))
        });
        if cands.len() != before {
            steps.push(
                "probe",
                "org of a compared organisation".into(),
                None,
                cands.len(),
            );
        }
    }
    let mut estimate = cands.len() as f64;
    for (est, _, p) in planned.iter().skip(probes_from) {
        let probe = Probe::compile(p, m);
        estimate *= (*est).min(n) as f64 / n.max(1) as f64;
        cands.retain(|&f| probe.test(view, ix, entity, f));
        steps.push(
            "probe",
            format!("{} (memoised by {})", describe(m, p), key_words(p)),
            Some(estimate.round() as usize),
            cands.len(),
        );
    }
    cands
}

fn read(ix: &FlowIndex, ls: &[Lookup], n: usize) -> Vec<u32> {
    let mut runs: Vec<&[u32]> = Vec::new();
    for l in ls {
        let p = ix.postings(l.kind);
        for &(lo, hi) in &l.runs {
            for k in lo..hi {
                runs.push(p.get(k));
            }
        }
    }
    union(&runs, n)
}

fn key_words(p: &Pred) -> String {
    let mut keys: Vec<String> = Vec::new();
    fn walk(p: &Pred, keys: &mut Vec<String>) {
        match p {
            Pred::And(xs) | Pred::Or(xs) => xs.iter().for_each(|x| walk(x, keys)),
            Pred::Not(x) => walk(x, keys),
            Pred::Test(f, t) => keys.push(key_word(Key::of_test(*f, Some(t)))),
            Pred::Missing(f, t) => keys.push(key_word(Key::of_test(*f, t.as_ref()))),
        }
    }
    walk(p, &mut keys);
    keys.dedup();
    keys.join(", ")
}

fn key_word(k: Option<Key>) -> String {
    k.map_or("row".into(), |k| format!("{k:?}").to_lowercase())
}

/// The memo-compiled form of a condition, for walks that test flows one at a time.
pub struct FlowTest(Option<Probe>);

impl FlowTest {
    /// Compiles `filter` (none: every flow passes).
    pub fn new(filter: Option<&Pred>, m: &Model) -> Self {
        FlowTest(filter.map(|p| Probe::compile(p, m)))
    }

    /// Whether flow `f` passes, as a row of `flows`.
    pub fn pass(&self, view: &ModelView, ix: &FlowIndex, f: u32) -> bool {
        self.0
            .as_ref()
            .is_none_or(|p| p.test(view, ix, EntityKind::Flows, f))
    }
}

/// `count … by …` over flows, counting per key tuple (organisation number, party type
/// number, …) and turning each distinct tuple into its group keys once. `None` when a `by`
/// field is not a column of flows (the caller then groups row by row).
pub fn count_by(
    view: &ModelView,
    ix: &FlowIndex,
    entity: EntityKind,
    by: &[FieldId],
    flows: &[u32],
    steps: &mut Steps,
) -> Option<Table> {
    let m = view.model;
    let keys: Vec<Key> = by
        .iter()
        .map(|f| Key::of_values(*f))
        .collect::<Option<_>>()?;
    let domains: Vec<u64> = keys.iter().map(|k| k.domain(m).max(1) as u64).collect();
    let space = domains
        .iter()
        .try_fold(1u64, |acc, d| acc.checked_mul(*d))?;
    let code_of = |f: &Flow| {
        keys.iter()
            .zip(&domains)
            .fold(0u64, |acc, (k, d)| acc * d + u64::from(k.of_flow(f, ix)))
    };
    // (count, first flow) per tuple code.
    let mut tuples: Vec<(u32, u32, u64)> = Vec::new();
    if space <= 1 << 22 {
        let mut slot = vec![u32::MAX; space as usize];
        for &i in flows {
            let Some(f) = m.flows.get(i as usize) else {
                continue;
            };
            let code = code_of(f);
            let Some(s) = slot.get_mut(code as usize) else {
                continue;
            };
            if *s == u32::MAX {
                *s = tuples.len() as u32;
                tuples.push((i, 0, code));
            }
            tuples[*s as usize].1 += 1;
        }
    } else {
        let mut slot: std::collections::HashMap<u64, usize> = Default::default();
        for &i in flows {
            let Some(f) = m.flows.get(i as usize) else {
                continue;
            };
            let code = code_of(f);
            let t = *slot.entry(code).or_insert_with(|| {
                tuples.push((i, 0, code));
                tuples.len() - 1
            });
            tuples[t].1 += 1;
        }
    }
    // Key codes are mixed-radix digits of the tuple code: decoding them needs no flow access.
    let strides: Vec<u64> = (0..domains.len())
        .map(|fi| domains[fi + 1..].iter().product())
        .collect();
    let digit = |code: u64, fi: usize| ((code / strides[fi]) % domains[fi]) as u32;
    // Values of each field per key, from the scanning evaluator's own `values`, computed once
    // per distinct key code from a flow that has it.
    let mut memo: Vec<HashMap<u32, Vec<Json>>> = vec![HashMap::new(); by.len()];
    for (fi, field) in by.iter().enumerate() {
        let mut seen = DistinctCodes::new(domains[fi]);
        for &(first, _, code) in &tuples {
            let k = digit(code, fi);
            if seen.insert(k) {
                let vals = view.values(entity, RowRef::Flow(first), *field);
                memo[fi].insert(k, vals.iter().map(|v| v.to_json(m)).collect());
            }
        }
    }
    // Each distinct shown value's rank in sort order: comparing ranks is comparing the
    // lower-cased texts the scanning evaluator sorts groups by.
    let mut ranks: Vec<HashMap<String, u32>> = Vec::with_capacity(by.len());
    for fm in &memo {
        let mut texts: Vec<String> = fm
            .values()
            .flat_map(|vs| {
                if vs.is_empty() {
                    vec![sort_text(&Json::Null)]
                } else {
                    vs.iter().map(sort_text).collect()
                }
            })
            .collect();
        texts.sort();
        texts.dedup();
        ranks.push(
            texts
                .into_iter()
                .enumerate()
                .map(|(r, t)| (t, r as u32))
                .collect(),
        );
    }
    // Shown key and count, by the ranks of the key's values.
    type Group = (Vec<Json>, usize);
    // Result rows: the key's shown values, then the count (allocated once at full width).
    let mut out: Vec<Vec<Json>> = Vec::new();
    // Fields with one value per key (organisation, party type, …) make one group per tuple:
    // each key's value and rank are looked up in a dense table by key code, and the groups
    // need no hash map — sorting by rank and merging equal neighbours gives the scanning
    // evaluator's groups and order.
    let single = memo.iter().all(|fm| fm.values().all(|vs| vs.len() == 1))
        && ranks
            .iter()
            .try_fold(1u64, |acc, r| acc.checked_mul(r.len() as u64 + 1))
            .is_some();
    if single {
        // Dense by key code where the key's domain is small (organisations, party types);
        // a map where it is not (quotes, sets).
        let dense: Vec<KeyValues> = memo
            .iter()
            .zip(&ranks)
            .zip(&domains)
            .map(|((fm, rk), d)| {
                let entries = fm.iter().map(|(k, vs)| {
                    let j = vs[0].clone();
                    let r = rk.get(&sort_text(&j)).copied().unwrap_or(u32::MAX);
                    (*k, (j, r))
                });
                if *d <= 1 << 20 {
                    let mut table = vec![None; *d as usize];
                    for (k, e) in entries {
                        if let Some(slot) = table.get_mut(k as usize) {
                            *slot = Some(e);
                        }
                    }
                    KeyValues::Dense(table)
                } else {
                    KeyValues::Sparse(entries.collect())
                }
            })
            .collect();
        // One u64 per tuple: its ranks as mixed-radix digits (every rank is below the number
        // of distinct texts of its field, plus one for a missing value).
        let radix: Vec<u64> = ranks.iter().map(|r| r.len() as u64 + 1).collect();
        let mut ranked: Vec<(u64, u32)> = Vec::with_capacity(tuples.len());
        for (t, &(_, _, code)) in tuples.iter().enumerate() {
            let mut r = 0u64;
            for fi in 0..keys.len() {
                let rank = dense[fi]
                    .get(digit(code, fi))
                    .map_or(radix[fi] - 1, |e| u64::from(e.1));
                r = r * radix[fi] + rank;
            }
            ranked.push((r, t as u32));
        }
        ranked.sort_unstable();
        out.reserve(ranked.len());
        let mut last: Option<u64> = None;
        let mut counts: Vec<usize> = Vec::with_capacity(ranked.len());
        for (r, t) in ranked {
            let (_, count, code) = tuples[t as usize];
            if last == Some(r) {
                if let Some(n) = counts.last_mut() {
                    *n += count as usize;
                }
                continue;
            }
            last = Some(r);
            let mut row = Vec::with_capacity(keys.len() + 1);
            row.extend(
                (0..keys.len())
                    .filter_map(|fi| dense[fi].get(digit(code, fi)).map(|e| e.0.clone())),
            );
            out.push(row);
            counts.push(count as usize);
        }
        for (row, n) in out.iter_mut().zip(counts) {
            row.push(json!(n));
        }
    } else {
        let mut groups: HashMap<Vec<u32>, Group> = HashMap::new();
        for &(first, count, _) in &tuples {
            let Some(f) = m.flows.get(first as usize) else {
                continue;
            };
            let vals: Vec<Vec<Json>> = keys
                .iter()
                .enumerate()
                .map(|(fi, k)| memo[fi].get(&k.of_flow(f, ix)).cloned().unwrap_or_default())
                .collect();
            for key in group_product(vals) {
                let rank: Vec<u32> = key
                    .iter()
                    .enumerate()
                    .map(|(fi, j)| ranks[fi].get(&sort_text(j)).copied().unwrap_or(u32::MAX))
                    .collect();
                groups.entry(rank).or_insert_with(|| (key, 0)).1 += count as usize;
            }
        }
        let mut rows: Vec<(Vec<u32>, Group)> = groups.into_iter().collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        out = rows
            .into_iter()
            .map(|(_, (mut key, n))| {
                key.push(json!(n));
                key
            })
            .collect();
    }
    let mut cols: Vec<&str> = by.iter().map(|f| f.name()).collect();
    cols.push("count");
    let mut t = Table::new(entity.word(), &cols);
    if by.is_empty() && out.is_empty() {
        t.rows.push(vec![json!(0)]);
    }
    t.rows.extend(out);
    steps.push(
        "group",
        format!(
            "{} over key columns ({} distinct key tuples)",
            if by.is_empty() {
                "all rows".to_string()
            } else {
                by.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
            },
            tuples.len()
        ),
        None,
        t.rows.len(),
    );
    Some(t)
}

/// Which key codes of one field have been seen: a bit per code where the domain is small.
enum DistinctCodes {
    Dense(Vec<bool>),
    Sparse(std::collections::HashSet<u32>),
}

impl DistinctCodes {
    fn new(domain: u64) -> Self {
        if domain <= 1 << 20 {
            DistinctCodes::Dense(vec![false; domain as usize])
        } else {
            DistinctCodes::Sparse(Default::default())
        }
    }

    /// True the first time `code` is inserted.
    fn insert(&mut self, code: u32) -> bool {
        match self {
            DistinctCodes::Dense(seen) => match seen.get_mut(code as usize) {
                Some(s) if !*s => {
                    *s = true;
                    true
                }
                _ => false,
            },
            DistinctCodes::Sparse(seen) => seen.insert(code),
        }
    }
}

/// The shown value and sort rank of each key code of one `by` field.
enum KeyValues {
    /// Indexed by key code.
    Dense(Vec<Option<(Json, u32)>>),
    /// Keyed by key code, for large key domains.
    Sparse(HashMap<u32, (Json, u32)>),
}

impl KeyValues {
    fn get(&self, code: u32) -> Option<&(Json, u32)> {
        match self {
            KeyValues::Dense(t) => t.get(code as usize).and_then(Option::as_ref),
            KeyValues::Sparse(m) => m.get(&code),
        }
    }
}

/// Rows a `compare` counts: only those of the compared organisations can count, so flows come
/// from their posting lists and services' facts from their services.
pub fn compare_rows(
    view: &ModelView,
    ix: &FlowIndex,
    c: &Compare,
    steps: &mut Steps,
) -> Vec<RowRef> {
    let orgs: Vec<u32> = c.orgs.iter().map(|o| o.0).collect();
    let m = view.model;
    let dir = match c.entity {
        EntityKind::Flows => None,
        EntityKind::Recipients => Some(Direction::To),
        EntityKind::Sources => Some(Direction::From),
        EntityKind::Services
        | EntityKind::Categories
        | EntityKind::Bases
        | EntityKind::Legislation
        | EntityKind::Subjects
        | EntityKind::Purposes => {
            let mut svcs: Vec<u32> = orgs
                .iter()
                .flat_map(|o| ix.org_services.get(*o as usize).into_iter().flatten())
                .copied()
                .collect();
            svcs.sort_unstable();
            svcs.dedup();
            let mut rows = Vec::new();
            for s in svcs {
                let Some(svc) = m.services.get(s as usize) else {
                    continue;
                };
                let len = match c.entity {
                    EntityKind::Services => {
                        rows.push(RowRef::Service(s));
                        continue;
                    }
                    EntityKind::Categories => svc.categories.len(),
                    EntityKind::Bases => svc.bases.len(),
                    EntityKind::Legislation => svc.legislation.len(),
                    EntityKind::Subjects => svc.subjects.len(),
                    _ => svc.purposes.len(),
                };
                rows.extend((0..len as u32).map(|k| RowRef::Use(s, k)));
            }
            steps.push(
                "index",
                format!(
                    "services of the compared organisations ({} rows)",
                    rows.len()
                ),
                None,
                rows.len(),
            );
            if let Some(p) = &c.filter {
                rows.retain(|r| test_row(view, c.entity, *r, p));
                steps.push("filter", describe(m, p), None, rows.len());
            }
            return rows;
        }
        _ => return scan_filtered(view, c.entity, c.filter.as_ref(), steps),
    };
    flows(
        view,
        ix,
        c.entity,
        dir,
        c.filter.as_ref(),
        Some(&orgs),
        steps,
    )
    .into_iter()
    .map(RowRef::Flow)
    .collect()
}
