//! Which posting lists answer a condition, and how much each would read: a filter's
//! conjuncts costed and ordered, most selective first, and the lists read out or marked.

use super::ORG_SCOPE;
use super::key::Key;
use crate::model::index::{FlowIndex, PostingKind, union};
use crate::model::value::Val;
use crate::model::{Direction, Model, OrgIx};
use crate::query::ast::Flag;
use crate::query::plan::{Pred, Test};
use crate::query::schema::FieldId;

/// Posting runs that together hold exactly the flows passing a condition (or a superset,
/// when `exact` is false).
pub(super) struct Lookup {
    pub(super) kind: PostingKind,
    pub(super) runs: Vec<(u32, u32)>,
    pub(super) exact: bool,
}

impl Lookup {
    pub(super) fn estimate(&self, ix: &FlowIndex) -> usize {
        let p = ix.postings(self.kind);
        self.runs.iter().map(|&(lo, hi)| p.len_range(lo, hi)).sum()
    }
}

/// The posting lookups answering `p`, if the index can.
pub(super) fn lookups(p: &Pred, m: &Model) -> Option<Vec<Lookup>> {
    let v = &m.vocab;
    match p {
        Pred::Or(xs) => {
            let mut out = Vec::new();
            for x in xs {
                out.extend(lookups(x, m)?);
            }
            Some(out)
        }
        Pred::Test(f, t) => match (f, t) {
            (FieldId::Org, Test::AnyOf(xs)) => one(PostingKind::Org, keys(xs), true),
            (FieldId::Service, Test::AnyOf(xs)) => one(PostingKind::Service, keys(xs), true),
            // A recipient's or source's list holds its flows both ways: a superset.
            (FieldId::Party | FieldId::Recipient | FieldId::Source, Test::AnyOf(xs)) => {
                one(PostingKind::Party, keys(xs), *f == FieldId::Party)
            }
            (FieldId::Basis, Test::AnyOf(xs)) => one(PostingKind::Basis, keys(xs), true),
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
                tree_lookup(m, *f, xs, matches!(t, Test::Within(_)))
            }
            _ => None,
        },
        _ => None,
    }
}

/// One lookup of the lists of `keys`, one list each.
fn one(kind: PostingKind, keys: Vec<u32>, exact: bool) -> Option<Vec<Lookup>> {
    Some(vec![Lookup {
        kind,
        runs: keys.into_iter().map(|k| (k, k + 1)).collect(),
        exact,
    }])
}

/// The list numbers of values of the kinds whose lists are numbered by the value itself
/// (organisations, services, parties, bases).
fn keys(xs: &[Val]) -> Vec<u32> {
    xs.iter()
        .filter_map(|x| match x {
            Val::Org(o) => Some(o.0),
            Val::Service(s) => Some(s.0),
            Val::Party(p) => Some(p.0),
            Val::Basis(b) => Some(b.0),
            _ => None,
        })
        .collect()
}

/// The lists of values of a tree field, numbered in pre-order: each value's own list for
/// `=`, the run of its subtree for `in`.
fn tree_lookup(m: &Model, f: FieldId, xs: &[Val], within: bool) -> Option<Vec<Lookup>> {
    let v = &m.vocab;
    let mut runs = Vec::new();
    for x in xs {
        let (tree, i, len) = match (f, x) {
            (FieldId::Category, Val::Category(c)) => (&v.category_tree, c.0, v.categories.len()),
            (FieldId::Purpose, Val::Purpose(p)) => (&v.purpose_tree, p.0, v.purposes.len()),
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

pub(super) fn conjuncts(p: &Pred) -> Vec<&Pred> {
    match p {
        Pred::And(xs) => xs.iter().collect(),
        p => vec![p],
    }
}

pub(super) fn key_words(p: &Pred) -> String {
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

/// A filter's conjuncts (and, for a compare, its organisations) with the rows the lists of
/// each would read, most selective first; the lists they read are built here (two at a
/// time) before they are costed by their lengths.
pub(super) fn costed_conjuncts<'p>(
    m: &Model,
    ix: &FlowIndex,
    filter: Option<&'p Pred>,
    orgs: Option<&[OrgIx]>,
) -> Vec<Conjunct<'p>> {
    let n = m.flows.len();
    let mut conj: Vec<Conjunct> = filter
        .map(conjuncts)
        .unwrap_or_default()
        .into_iter()
        .map(|pred| Conjunct {
            estimate: n,
            lookups: lookups(pred, m),
            pred,
        })
        .collect();
    if let Some(os) = orgs {
        conj.push(Conjunct {
            estimate: n,
            lookups: Some(vec![Lookup {
                kind: PostingKind::Org,
                runs: os.iter().map(|o| (o.0, o.0 + 1)).collect(),
                exact: true,
            }]),
            pred: &ORG_SCOPE,
        });
    }
    ix.prepare(&list_kinds(&conj));
    for c in &mut conj {
        if let Some(ls) = &c.lookups {
            c.estimate = ls.iter().map(|l| l.estimate(ix)).sum();
        }
    }
    conj.sort_by_key(|c| (c.lookups.is_none(), c.estimate));
    conj
}

/// The kinds of posting list the conjuncts read.
pub(super) fn list_kinds(conj: &[Conjunct]) -> Vec<PostingKind> {
    conj.iter()
        .filter_map(|c| c.lookups.as_ref())
        .flatten()
        .map(|l| l.kind)
        .collect()
}

/// Whether a filter's conjuncts (sorted, most selective first) are better combined as
/// bitmaps: when even the most selective list holds more than one flow in [`BITMAP_RATIO`]
/// (reading it out, and galloping through the others, would cost more than combining
/// blocks), and there is something to intersect it with (another conjunct's lists, or the
/// direction). A union alone is read out faster through a plain bit set ([`union`]).
pub(super) fn by_bitmaps(conj: &[Conjunct], dir: Option<Direction>, n: usize) -> bool {
    let lists = conj.iter().filter(|c| c.lookups.is_some()).count();
    conj.first()
        .is_some_and(|c| c.lookups.is_some() && c.estimate.saturating_mul(BITMAP_RATIO) > n)
        && lists + usize::from(dir.is_some()) >= 2
}

/// See [`by_bitmaps`].
const BITMAP_RATIO: usize = 32;

/// A conjunct as the planner of one filter sees it: its lookups (if the index can answer it),
/// the rows they would read, and the condition itself.
pub(super) struct Conjunct<'p> {
    pub(super) estimate: usize,
    pub(super) lookups: Option<Vec<Lookup>>,
    pub(super) pred: &'p Pred,
}

impl Conjunct<'_> {
    /// Exact and read from one posting list, already sorted: an intersection needs no union.
    pub(super) fn single_list(&self) -> bool {
        self.lookups.as_ref().is_some_and(|ls| {
            ls.len() == 1 && ls[0].exact && ls[0].runs.len() == 1 && {
                let (lo, hi) = ls[0].runs[0];
                hi == lo + 1
            }
        })
    }

    pub(super) fn exact(&self) -> bool {
        self.lookups
            .as_ref()
            .is_some_and(|ls| ls.iter().all(|l| l.exact))
    }
}

/// One bit per flow, set for the flows of the lookups' posting lists.
pub(super) fn marks(ix: &FlowIndex, ls: &[Lookup], n: usize) -> Vec<u64> {
    let mut bits = vec![0u64; n.div_ceil(64)];
    for l in ls {
        let p = ix.postings(l.kind);
        for &(lo, hi) in &l.runs {
            for &f in p.range(lo, hi) {
                if let Some(w) = bits.get_mut(f as usize / 64) {
                    *w |= 1 << (f % 64);
                }
            }
        }
    }
    bits
}

pub(super) fn read(ix: &FlowIndex, ls: &[Lookup], n: usize) -> Vec<u32> {
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
