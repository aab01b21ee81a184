//! The indexed evaluator: posting lists for the flows, memoised tests for what they leave.
//!
//! A condition's conjuncts are ordered by estimated selectivity (the length of the posting
//! lists each would read). The most selective conjunct the index can answer gives the
//! candidates; other exact single-list conjuncts are intersected with them (galloping through
//! the sorted lists) while that is cheaper than testing; every remaining conjunct is tested on
//! the candidates only. Those tests are memoised by what their answer depends on — `org = x`
//! by the flow's organisation, `category in health` by its interned category set — and each
//! memo entry is filled by the shared [`test_row`] on a flow having that key.

use super::access::{Access, Counted, EdgeKey, Gate, GroupCount, Rows};
use super::budget::{Ctx, EvalError, Limit};
use super::group::{combinations, count_expansion};
use super::pred::{describe, keep, test_row};
use super::row::{ModelView, RowRef};
use super::sort::{SortKey, dense_ranks};
use crate::model::index::{FlowIndex, PostingKind, intersect, union};
use crate::model::value::Val;
use crate::model::{Direction, Flow, FlowIx, Model, OrgIx, PartyIx, Provenance, ServiceIx};
use crate::query::ast::{EntityKind, Flag};
use crate::query::plan::{Plan, PlanKind, Pred, Test};
use crate::query::schema::FieldId;
use roaring::{MultiOps, RoaringBitmap};
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// The indexed evaluator over one model (its posting lists are the model's own, built once).
pub struct Indexed<'m> {
    view: ModelView<'m>,
    ix: &'m FlowIndex,
}

impl<'m> Indexed<'m> {
    /// Builds, ahead of running `plan`, what the indexed evaluator will read for it: the
    /// posting lists its filters look up (two at a time), the lists whose lengths answer an
    /// unfiltered count, the entity graph of a walk. Running the plan builds anything this
    /// missed on first use, so this only moves the cost (for `--timing`, into `index`).
    fn prepare_for(&self, plan: &Plan) {
        let (model, ix) = (self.view.model, self.ix);
        let mut kinds: Vec<PostingKind> = Vec::new();
        // A filter's lists, and its bitmaps (with the direction's) when it will read those.
        // (A walk tests its filter flow by flow, so it reads no bitmaps: `dir` is `None`.)
        let filter_kinds = |kinds: &mut Vec<PostingKind>,
                            p: Option<&Pred>,
                            dir: Option<Option<Direction>>,
                            orgs: Option<&[OrgIx]>| {
            let conj = costed_conjuncts(model, ix, p, orgs);
            let mine = list_kinds(&conj);
            if let Some(dir) = dir
                && by_bitmaps(&conj, dir, model.flows.len())
            {
                ix.prepare_bitmaps(&mine, dir.as_slice());
            }
            kinds.extend(mine);
        };
        match &plan.kind {
            PlanKind::Select(s) => {
                let dir = direction_of(s.entity);
                filter_kinds(&mut kinds, s.filter.as_ref(), dir, None);
                if s.filter.is_none() && s.count && s.by.len() == 1 {
                    kinds.extend(length_kind(s.by[0]));
                }
            }
            PlanKind::Compare(c) => {
                let dir = direction_of(c.entity);
                filter_kinds(&mut kinds, c.filter.as_ref(), dir, Some(&c.orgs));
                kinds.push(PostingKind::Org);
            }
            PlanKind::Path(p) => {
                filter_kinds(&mut kinds, p.filter.as_ref(), None, None);
                kinds.push(PostingKind::Service);
                model.graph();
            }
            PlanKind::Reachable(r) => {
                filter_kinds(&mut kinds, r.filter.as_ref(), None, None);
                kinds.push(PostingKind::Service);
                model.graph();
            }
        }
        ix.prepare(&kinds);
    }

    /// The indexed evaluator of `model`, building its posting lists on first use.
    pub fn new(model: &'m Model) -> Self {
        Indexed {
            view: ModelView::new(model),
            ix: model.flow_index(),
        }
    }
}

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
            F::Party | F::Name | F::Generic => Key::Party,
            // A party may have several types: its values depend on the party.
            F::PartyType => Key::Party,
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
            // Provenance of a field, not its values: per flow for the three lists a flow may
            // state or carry over, per service for the service's facts every flow carries,
            // fixed for every other field.
            Some(Test::Flag(flag)) if flag.provenance().is_some() => Some(match field {
                FieldId::Category | FieldId::Basis | FieldId::Purpose | FieldId::Provenance => {
                    Key::Provenance
                }
                FieldId::Subject | FieldId::Legislation | FieldId::System => Key::Service,
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
            Key::PartyDir => m.parties.len() * 3,
            Key::Direction => 3,
            Key::Categories => m.sets.categories.len(),
            Key::Bases => m.sets.bases.len(),
            Key::Purposes => m.sets.purposes.len(),
            Key::Provenance => 27,
            Key::Quote => m.texts.len(),
            Key::Condition => m.texts.len() + 1,
        }
    }

    /// The index's column holding this key for every flow, if it has one.
    pub fn column(self, ix: &FlowIndex) -> Option<&[u32]> {
        Some(match self {
            Key::Org => &ix.org_of,
            Key::Party => &ix.party_of,
            Key::Service => &ix.service_of,
            Key::Categories => &ix.cats,
            Key::Bases => &ix.bases,
            Key::Purposes => &ix.purposes,
            _ => return None,
        })
    }

    /// The key of flow number `i`, from the index's columns where it has one (a grouping
    /// over scattered flows then reads 4 bytes a flow, not the whole row).
    pub fn of_number(self, i: u32, m: &Model, ix: &FlowIndex) -> Option<u32> {
        let at = i as usize;
        let dir = || ix.direction(i) as u32;
        if let Some(column) = self.column(ix) {
            return column.get(at).copied();
        }
        Some(match self {
            Key::Const => 0,
            Key::PartyDir => ix.party_of.get(at)? * 3 + dir(),
            Key::Direction => dir(),
            _ => self.of_flow(m.flows.get(at)?),
        })
    }

    /// The key of a flow.
    pub fn of_flow(self, f: &Flow) -> u32 {
        let dir = f.direction as u32;
        // Stated 0, implied 1, inferred 2: three digits in base 3.
        let level = |p: Provenance| p as u32;
        match self {
            Key::Const => 0,
            Key::Org => f.org.0,
            Key::Service => f.service.0,
            Key::Notice => f.source.notice.0,
            Key::Party => f.party.0,
            Key::PartyDir => f.party.0 * 3 + dir,
            Key::Direction => dir,
            Key::Categories => f.categories.0,
            Key::Bases => f.bases.0,
            Key::Purposes => f.purposes.0,
            Key::Provenance => {
                level(f.categories_provenance)
                    + level(f.bases_provenance) * 3
                    + level(f.purposes_provenance) * 9
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
        /// The answer per key, once known: a table for small key domains (or many rows to
        /// test), a map otherwise, so a test of 100 rows does not clear a table of every
        /// interned set of a national dataset.
        memo: RefCell<CodeMap<bool>>,
    },
    /// A leaf on a field flows do not have: asked of every row.
    Row(Pred),
}

impl Probe {
    /// `p` compiled to test about `rows` flows.
    fn compile(p: &Pred, m: &Model, rows: usize) -> Probe {
        let leaf = |f: FieldId, t: Option<&Test>| match Key::of_test(f, t) {
            Some(key) => Probe::Leaf {
                pred: p.clone(),
                key,
                memo: RefCell::new(CodeMap::new(key.domain(m) as u64, rows)),
            },
            None => Probe::Row(p.clone()),
        };
        match p {
            Pred::And(xs) => Probe::All(xs.iter().map(|x| Probe::compile(x, m, rows)).collect()),
            Pred::Or(xs) => Probe::Any(xs.iter().map(|x| Probe::compile(x, m, rows)).collect()),
            Pred::Not(x) => Probe::Not(Box::new(Probe::compile(x, m, rows))),
            Pred::Test(f, t) => leaf(*f, Some(t)),
            Pred::Missing(f, t) => leaf(*f, t.as_ref()),
        }
    }

    fn test(&self, view: &ModelView, entity: EntityKind, flow: u32) -> bool {
        match self {
            Probe::All(xs) => xs.iter().all(|x| x.test(view, entity, flow)),
            Probe::Any(xs) => xs.iter().any(|x| x.test(view, entity, flow)),
            Probe::Not(x) => !x.test(view, entity, flow),
            Probe::Row(p) => test_row(view, entity, RowRef::Flow(flow), p),
            Probe::Leaf { pred, key, memo } => {
                let Some(f) = view.model.flows.get(flow as usize) else {
                    return false;
                };
                let k = u64::from(key.of_flow(f));
                if let Some(known) = memo.borrow().get(k) {
                    return *known;
                }
                let pass = test_row(view, entity, RowRef::Flow(flow), pred);
                memo.borrow_mut().insert(k, pass);
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

fn direction_of(entity: EntityKind) -> Option<Option<Direction>> {
    match entity {
        EntityKind::Flows => Some(None),
        EntityKind::Recipients => Some(Some(Direction::To)),
        EntityKind::Sources => Some(Some(Direction::From)),
        _ => None,
    }
}

/// A filter's conjuncts (and, for a compare, its organisations) with the rows the lists of
/// each would read, most selective first; the lists they read are built here (two at a
/// time) before they are costed by their lengths.
fn costed_conjuncts<'p>(
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
fn list_kinds(conj: &[Conjunct]) -> Vec<PostingKind> {
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
fn by_bitmaps(conj: &[Conjunct], dir: Option<Direction>, n: usize) -> bool {
    let lists = conj.iter().filter(|c| c.lookups.is_some()).count();
    conj.first()
        .is_some_and(|c| c.lookups.is_some() && c.estimate.saturating_mul(BITMAP_RATIO) > n)
        && lists + usize::from(dir.is_some()) >= 2
}

/// See [`by_bitmaps`].
const BITMAP_RATIO: usize = 32;

/// A conjunct as the planner of one filter sees it: its lookups (if the index can answer it),
/// the rows they would read, and the condition itself.
struct Conjunct<'p> {
    estimate: usize,
    lookups: Option<Vec<Lookup>>,
    pred: &'p Pred,
}

impl Conjunct<'_> {
    /// Exact and read from one posting list, already sorted: an intersection needs no union.
    fn single_list(&self) -> bool {
        self.lookups.as_ref().is_some_and(|ls| {
            ls.len() == 1 && ls[0].exact && ls[0].runs.len() == 1 && {
                let (lo, hi) = ls[0].runs[0];
                hi == lo + 1
            }
        })
    }

    fn exact(&self) -> bool {
        self.lookups
            .as_ref()
            .is_some_and(|ls| ls.iter().all(|l| l.exact))
    }
}

impl<'m> Indexed<'m> {
    /// Flow numbers of direction `dir` passing `filter`, optionally of some organisations.
    fn flows(
        &self,
        entity: EntityKind,
        dir: Option<Direction>,
        filter: Option<&Pred>,
        orgs: Option<&[OrgIx]>,
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let n = m.flows.len();
        let conj = costed_conjuncts(m, ix, filter, orgs);
        if by_bitmaps(&conj, dir, n) {
            return self.flows_by_bitmaps(entity, dir, &conj, ctx);
        }
        // The driver: the most selective conjunct the index answers, or every flow.
        let mut rest = conj.iter().peekable();
        let driven = rest.peek().is_some_and(|c| c.lookups.is_some());
        let mut cands: Vec<u32> = match rest.peek() {
            Some(c) if c.lookups.is_some() => {
                let c = rest.next().expect("peeked");
                let ls = c.lookups.as_deref().unwrap_or_default();
                ctx.need(Limit::Rows, "candidate flows", c.estimate as u64, 4)?;
                let mut cands = read(ix, ls, n);
                let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
                ctx.step(
                    "index",
                    || format!("{} via {} postings", self.words(c.pred), kinds.join(", ")),
                    Some(c.estimate),
                    cands.len(),
                );
                if !c.exact() {
                    let probe = Probe::compile(c.pred, m, cands.len());
                    self.probe(&mut cands, &probe, entity, ctx)?;
                }
                cands
            }
            _ => {
                ctx.need(Limit::Rows, "candidate flows", n as u64, 4)?;
                let rows = match dir {
                    None => n,
                    Some(d) => ix.count(d),
                };
                ctx.step(
                    "scan",
                    || format!("{} ({rows} rows, by the direction bits)", entity.word()),
                    Some(rows),
                    rows,
                );
                match dir {
                    None => (0..n as u32).collect(),
                    Some(d) => (0..n as u32).filter(|&f| ix.goes(f, d)).collect(),
                }
            }
        };
        if let (Some(d), true) = (dir, driven) {
            cands.retain(|&f| ix.goes(f, d));
            ctx.step(
                "direction",
                || format!("direction = {}", d.as_str()),
                None,
                cands.len(),
            );
        }
        let mut estimate = cands.len() as f64;
        for c in rest {
            ctx.tick()?;
            estimate *= c.estimate.min(n) as f64 / n.max(1) as f64;
            // Intersect with one sorted list while its length is within a factor of the
            // candidates (a merge reads both); test the candidates otherwise.
            if c.single_list() && c.estimate <= cands.len().saturating_mul(16) {
                let l = &c.lookups.as_deref().unwrap_or_default()[0];
                cands = intersect(&cands, ix.postings(l.kind).get(l.runs[0].0));
                ctx.step(
                    "intersect",
                    || format!("{} via {} postings", self.words(c.pred), l.kind.name()),
                    Some(estimate.round() as usize),
                    cands.len(),
                );
                continue;
            }
            // Several exact lists (a subtree, a list of values): mark them in a bit set and
            // keep the candidates whose bit is set — reading the lists in order costs less
            // than reading each candidate's flow, scattered over the table.
            if c.exact() && c.estimate <= cands.len().saturating_mul(16) {
                let ls = c.lookups.as_deref().unwrap_or_default();
                let bits = marks(ix, ls, n);
                cands.retain(|&f| {
                    bits.get(f as usize / 64)
                        .is_some_and(|w| w & (1 << (f % 64)) != 0)
                });
                ctx.step(
                    "semijoin",
                    || {
                        format!(
                            "{} via a bit set of {} postings",
                            self.words(c.pred),
                            ls.iter()
                                .map(|l| l.kind.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                    Some(estimate.round() as usize),
                    cands.len(),
                );
                continue;
            }
            let probe = Probe::compile(c.pred, m, cands.len());
            self.probe(&mut cands, &probe, entity, ctx)?;
            ctx.step(
                "probe",
                || format!("{} (memoised by {})", self.words(c.pred), key_words(c.pred)),
                Some(estimate.round() as usize),
                cands.len(),
            );
        }
        Ok(cands)
    }

    /// [`Indexed::flows`] when even its most selective list is long: the lists of every
    /// conjunct the index answers are combined as bitmaps (a subtree or a list of values by
    /// union, conjuncts and the direction by intersection, smallest first), and only the
    /// flows left are read out and tested for what the lists cannot answer.
    fn flows_by_bitmaps(
        &self,
        entity: EntityKind,
        dir: Option<Direction>,
        conj: &[Conjunct],
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let mut acc: Option<RoaringBitmap> = None;
        for c in conj {
            let Some(ls) = c.lookups.as_deref() else {
                continue;
            };
            ctx.tick()?;
            let estimate = c.estimate;
            let mut parts: Vec<&RoaringBitmap> = Vec::new();
            for l in ls {
                let maps = ix.bitmaps(l.kind);
                for &(lo, hi) in &l.runs {
                    parts.extend(
                        maps.get(lo as usize..(hi as usize).min(maps.len()))
                            .into_iter()
                            .flatten(),
                    );
                }
            }
            let these = match parts.as_slice() {
                [one] => (*one).clone(),
                _ => parts.into_iter().union(),
            };
            let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
            acc = Some(match acc {
                None => these,
                Some(mut a) => {
                    a &= &these;
                    a
                }
            });
            ctx.step(
                "bitmap",
                || format!("{} via {} bitmaps", self.words(c.pred), kinds.join(", ")),
                Some(estimate),
                acc.as_ref().map_or(0, |a| a.len() as usize),
            );
        }
        let mut acc = acc.unwrap_or_default();
        if let Some(d) = dir {
            acc &= ix.direction_bitmap(d);
            ctx.step(
                "direction",
                || format!("direction = {} (bitmap)", d.as_str()),
                None,
                acc.len() as usize,
            );
        }
        ctx.need(Limit::Rows, "candidate flows", acc.len(), 4)?;
        let mut cands: Vec<u32> = Vec::with_capacity(acc.len() as usize);
        // `for_each` folds container by container; `extend` would step the nested iterators.
        acc.iter().for_each(|f| cands.push(f));
        drop(acc);
        // What the lists answer only in part (a recipient's list holds its flows both ways),
        // or not at all, is tested on the flows left.
        for c in conj.iter().filter(|c| !c.exact()) {
            let probe = Probe::compile(c.pred, m, cands.len());
            self.probe(&mut cands, &probe, entity, ctx)?;
            ctx.step(
                "probe",
                || format!("{} (memoised by {})", self.words(c.pred), key_words(c.pred)),
                None,
                cands.len(),
            );
        }
        Ok(cands)
    }

    fn words(&self, p: &Pred) -> String {
        if std::ptr::eq(p, &ORG_SCOPE) {
            "org of a compared organisation".into()
        } else {
            describe(self.view.model, p)
        }
    }

    fn probe(
        &self,
        cands: &mut Vec<u32>,
        probe: &Probe,
        entity: EntityKind,
        ctx: &mut Ctx,
    ) -> Result<(), EvalError> {
        let mut out = Vec::with_capacity(cands.len());
        for &f in cands.iter() {
            ctx.tick()?;
            if probe.test(&self.view, entity, f) {
                out.push(f);
            }
        }
        *cands = out;
        Ok(())
    }

    /// Rows of the service facts (categories, bases, …) of some organisations' services.
    fn service_facts(&self, entity: EntityKind, orgs: &[OrgIx]) -> Vec<RowRef> {
        let m = self.view.model;
        let mut svcs: Vec<u32> = orgs
            .iter()
            .flat_map(|o| self.ix.org_services.get(o.ix()).into_iter().flatten())
            .copied()
            .collect();
        svcs.sort_unstable();
        svcs.dedup();
        let mut rows = Vec::new();
        for s in svcs {
            let Some(svc) = m.services.get(s as usize) else {
                continue;
            };
            let len = match entity {
                EntityKind::Services => {
                    rows.push(RowRef::Service(s));
                    continue;
                }
                EntityKind::Categories => svc.categories.len(),
                EntityKind::Bases => svc.bases.len(),
                EntityKind::Legislation => svc.legislation.len(),
                EntityKind::Subjects => svc.subjects.len(),
                EntityKind::Purposes => svc.purposes.len(),
                // Only the entities above are asked for here; anything else has no rows.
                _ => 0,
            };
            rows.extend((0..len as u32).map(|k| RowRef::Use(s, k)));
        }
        rows
    }
}

/// The stand-in condition of a compare's organisations, told apart by address.
static ORG_SCOPE: Pred = Pred::And(Vec::new());

impl<'m> Access<'m> for Indexed<'m> {
    fn view(&self) -> &ModelView<'m> {
        &self.view
    }

    fn prepare(&self, plan: &Plan) {
        self.prepare_for(plan);
    }

    fn rows(
        &self,
        entity: EntityKind,
        filter: Option<&Pred>,
        orgs: Option<&[OrgIx]>,
        ctx: &mut Ctx,
    ) -> Result<Rows, EvalError> {
        if let Some(dir) = direction_of(entity) {
            return Ok(Rows::Flows(self.flows(entity, dir, filter, orgs, ctx)?));
        }
        let view = &self.view;
        let rows = match (entity, orgs) {
            (
                EntityKind::Services
                | EntityKind::Categories
                | EntityKind::Bases
                | EntityKind::Legislation
                | EntityKind::Subjects
                | EntityKind::Purposes,
                Some(os),
            ) => {
                let rows = self.service_facts(entity, os);
                ctx.need(
                    Limit::Rows,
                    "rows of the compared organisations",
                    rows.len() as u64,
                    16,
                )?;
                ctx.step(
                    "index",
                    || {
                        format!(
                            "services of the compared organisations ({} rows)",
                            rows.len()
                        )
                    },
                    None,
                    rows.len(),
                );
                rows
            }
            _ => {
                let rows = view.rows(entity);
                ctx.need(Limit::Rows, "rows scanned", rows.len() as u64, 16)?;
                ctx.step(
                    "scan",
                    || format!("{} ({} rows)", entity.word(), rows.len()),
                    Some(rows.len()),
                    rows.len(),
                );
                match orgs {
                    Some(os) => {
                        let scope = Pred::Test(
                            FieldId::Org,
                            Test::AnyOf(os.iter().map(|o| Val::Org(*o)).collect()),
                        );
                        keep(view, entity, rows, &scope, ctx)?
                    }
                    None => rows,
                }
            }
        };
        let Some(p) = filter else {
            return Ok(Rows::Refs(rows));
        };
        let rows = keep(view, entity, rows, p, ctx)?;
        ctx.step("filter", || describe(view.model, p), None, rows.len());
        Ok(Rows::Refs(rows))
    }

    fn count_by(
        &self,
        entity: EntityKind,
        filter: Option<&Pred>,
        by: &[FieldId],
        ctx: &mut Ctx,
    ) -> Result<Option<Counted>, EvalError> {
        count_by(self, entity, filter, by, ctx)
    }

    fn gate<'a>(
        &'a self,
        filter: Option<&Pred>,
        ctx: &mut Ctx,
    ) -> Result<Box<dyn Gate + 'a>, EvalError> {
        ctx.step(
            "gate",
            || "flows of each edge reached, from service postings".into(),
            None,
            0,
        );
        Ok(Box::new(LazyGate {
            access: self,
            test: filter.map(|p| Probe::compile(p, self.view.model, 0)),
            seen: RefCell::new(HashMap::default()),
        }))
    }
}

/// Worked out per edge the walk reaches, from the service's posting list, with memoised
/// tests: a walk near one organisation never touches the rest of a national dataset.
struct LazyGate<'a, 'm> {
    access: &'a Indexed<'m>,
    test: Option<Probe>,
    seen: RefCell<HashMap<EdgeKey, Option<FlowIx>>>,
}

impl Gate for LazyGate<'_, '_> {
    fn flow(&self, key: EdgeKey, first: FlowIx) -> Option<FlowIx> {
        let (view, ix) = (&self.access.view, self.access.ix);
        let pass = |i: u32| {
            self.test
                .as_ref()
                .is_none_or(|t| t.test(view, EntityKind::Flows, i))
        };
        // Without a condition, or when the edge's first flow passes, that flow is the answer.
        if self.test.is_none() || pass(first.0) {
            return Some(first);
        }
        if let Some(v) = self.seen.borrow().get(&key) {
            return *v;
        }
        let (s, p, d) = key;
        let list = ix.postings(PostingKind::Service).get(s.0);
        let after = list.partition_point(|&i| i <= first.0);
        let found = list[after..]
            .iter()
            .copied()
            .find(|&i| {
                view.model
                    .flows
                    .get(i as usize)
                    .is_some_and(|f| f.party == p && f.direction == d)
                    && pass(i)
            })
            .map(FlowIx);
        self.seen.borrow_mut().insert(key, found);
        found
    }
}

/// One bit per flow, set for the flows of the lookups' posting lists.
fn marks(ix: &FlowIndex, ls: &[Lookup], n: usize) -> Vec<u64> {
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

/// `count … by …` over flows: counted per key tuple (organisation number, party type set,
/// interned set, …) packed into one `u64`, each distinct tuple expanded into its groups once;
/// with no filter and one single-valued key with posting lists, read from the lists' lengths.
/// `None` when a `by` field is not a column of flows.
fn count_by(
    access: &Indexed,
    entity: EntityKind,
    filter: Option<&Pred>,
    by: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Option<Counted>, EvalError> {
    let (view, ix) = (&access.view, access.ix);
    let m = view.model;
    let Some(dir) = direction_of(entity) else {
        return Ok(None);
    };
    let Some(keys) = by
        .iter()
        .map(|f| Key::of_values(*f))
        .collect::<Option<Vec<Key>>>()
    else {
        return Ok(None);
    };
    if let (None, None, [field]) = (filter, dir, by)
        && let Some(g) = from_lengths(view, ix, *field)
    {
        ctx.step(
            "lengths",
            || format!("{} from posting list lengths", by[0].name()),
            None,
            g.len(),
        );
        return Ok(Some(Counted::from_groups(1, g)));
    }
    let flows = access.flows(entity, dir, filter, None, ctx)?;
    // A party's types are keyed by the set of them, not by the party: thousands of parties
    // share a few dozen sets, so the tuples stay as few as the types themselves.
    let type_sets = by.contains(&FieldId::PartyType).then(|| party_type_sets(m));
    let domains: Vec<u64> = by
        .iter()
        .zip(&keys)
        .map(|(f, k)| match (&type_sets, f) {
            (Some((_, n)), FieldId::PartyType) => (*n).max(1),
            _ => k.domain(m).max(1) as u64,
        })
        .collect();
    let Some(space) = domains.iter().try_fold(1u64, |acc, d| acc.checked_mul(*d)) else {
        return Ok(None);
    };
    // Codes are made a chunk of flows at a time into one buffer, and counted per distinct
    // tuple: (first flow, count, code), found through a dense table where the space is small,
    // a map where it is not.
    let codes_of = |chunk: &[u32], codes: &mut Vec<u64>, ctx: &mut Ctx| {
        tuple_codes(
            view,
            ix,
            chunk,
            by,
            &keys,
            &domains,
            type_sets.as_ref().map(|t| t.0.as_slice()),
            codes,
            ctx,
        )
    };
    let mut codes: Vec<u64> = Vec::with_capacity(CHUNK.min(flows.len()));
    // At most one tuple a flow, and one a code; a few thousand more are cheap to grow into.
    // (first flow, flows, code): a count of flows fits 32 bits, as flow numbers do.
    let mut tuples: Vec<(u32, u32, u64)> =
        Vec::with_capacity((flows.len() / 4).min(space.min(1 << 20) as usize));
    if space <= 1 << 22 {
        let mut slot = vec![u32::MAX; space as usize];
        for fs in flows.chunks(CHUNK) {
            codes_of(fs, &mut codes, ctx)?;
            for (&i, &code) in fs.iter().zip(&codes) {
                let Some(s) = slot.get_mut(code as usize) else {
                    continue;
                };
                if *s == u32::MAX {
                    *s = tuples.len() as u32;
                    tuples.push((i, 0, code));
                }
                if let Some(t) = tuples.get_mut(*s as usize) {
                    t.1 = t.1.saturating_add(1);
                }
            }
        }
    } else {
        let mut slot: HashMap<u64, usize> = HashMap::default();
        for fs in flows.chunks(CHUNK) {
            codes_of(fs, &mut codes, ctx)?;
            for (&i, &code) in fs.iter().zip(&codes) {
                if code == SKIP {
                    continue;
                }
                let t = match slot.get(&code) {
                    Some(&t) => t,
                    None => {
                        ctx.need(
                            Limit::Groups,
                            "distinct key tuples",
                            tuples.len() as u64 + 1,
                            64,
                        )?;
                        slot.insert(code, tuples.len());
                        tuples.push((i, 0, code));
                        tuples.len() - 1
                    }
                };
                tuples[t].1 = tuples[t].1.saturating_add(1);
            }
        }
    }
    drop(codes);
    ctx.step(
        "tuples",
        || format!("{} distinct key tuples over key columns", tuples.len()),
        None,
        tuples.len(),
    );
    // A key code's values are the same on every flow having it: worked out once per field
    // and code (an organisation's id once, not once per tuple it appears in).
    let strides: Vec<u64> = (0..domains.len())
        .map(|fi| domains[fi + 1..].iter().product())
        .collect();
    let digit = |code: u64, fi: usize| (code / strides[fi]) % domains[fi];
    let mut memo: Vec<CodeMap<Vec<Val>>> = domains
        .iter()
        .map(|d| CodeMap::new(*d, tuples.len()))
        .collect();
    for &(first, _, code) in &tuples {
        ctx.tick()?;
        for (fi, field) in by.iter().enumerate() {
            let d = digit(code, fi);
            memo[fi].get_or_insert_with(d, || {
                // A digit that is the value itself needs no flow read.
                match (field, keys[fi]) {
                    (FieldId::Org, Key::Org) => vec![Val::Org(OrgIx(d as u32))],
                    (FieldId::Party, Key::Party) => vec![Val::Party(PartyIx(d as u32))],
                    (FieldId::Service, Key::Service) => vec![Val::Service(ServiceIx(d as u32))],
                    _ => view.values(entity, RowRef::Flow(first), *field),
                }
            });
        }
    }
    if let Some(counted) = ranked_groups(view, &tuples, &memo, &domains, &digit, ctx)? {
        return Ok(Some(counted));
    }
    let mut expansion = 0u64;
    let mut groups: HashMap<Vec<Option<Val>>, u64> = HashMap::default();
    // Filled through a closure so that a stopped query (Ctrl-C, a budget) hands its groups to
    // another thread to free instead of making the user wait for millions of frees.
    let filled = (|| -> Result<(), EvalError> {
        for (_, count, code) in tuples {
            let count = u64::from(count);
            ctx.tick()?;
            let vals: Vec<Vec<Val>> = (0..by.len())
                .map(|fi| memo[fi].get(digit(code, fi)).cloned().unwrap_or_default())
                .collect();
            // The expansion is counted before it is built.
            count_expansion(&mut expansion, &vals, ctx)?;
            for key in combinations(&vals) {
                let n = groups.len() as u64;
                match groups.get_mut(&key) {
                    Some(c) => *c += count,
                    None => {
                        ctx.need(Limit::Groups, "groups", n + 1, 0)?;
                        ctx.hold("groups", super::group::counted_key_bytes(&key))?;
                        groups.insert(key, count);
                    }
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = filled {
        super::sort::drop_elsewhere((groups, memo));
        return Err(e);
    }
    Ok(Some(Counted::from_groups(by.len(), groups)))
}

/// Flows per check of the cancellation flag in the tight loops of a grouping.
const CHUNK: usize = 1 << 14;

/// A tuple code standing for "this flow has no value in some key column" (only a damaged
/// index gives one); never a real code, which is below the product of the domains.
const SKIP: u64 = u64::MAX;

/// The key tuple of each of a chunk of flows as one number, the `by` fields' digits in
/// order, into `codes`: built one field at a time, each in a tight loop over one key column
/// (4 bytes a flow), not the flow rows. Checks the cancellation flag once.
#[allow(clippy::too_many_arguments)] // One call site; the pieces are the grouping's own.
fn tuple_codes(
    view: &ModelView,
    ix: &FlowIndex,
    flows: &[u32],
    by: &[FieldId],
    keys: &[Key],
    domains: &[u64],
    type_sets: Option<&[u32]>,
    codes: &mut Vec<u64>,
    ctx: &mut Ctx,
) -> Result<(), EvalError> {
    ctx.tick()?;
    let m = view.model;
    codes.clear();
    codes.resize(flows.len(), 0);
    let (cs, fs) = (codes.as_mut_slice(), flows);
    for (fi, (field, key)) in by.iter().zip(keys).enumerate() {
        let d = domains[fi];
        match (type_sets, field, key.column(ix)) {
            (Some(of_party), FieldId::PartyType, _) => fold_digits(cs, fs, d, |i| {
                of_party.get(*ix.party_of.get(i)? as usize).copied()
            }),
            (_, _, Some(column)) => fold_digits(cs, fs, d, |i| column.get(i).copied()),
            _ => fold_digits(cs, fs, d, |i| key.of_number(i as u32, m, ix)),
        }
    }
    Ok(())
}

/// One more digit on each code: `code * d + digit(flow)`, or [`SKIP`].
fn fold_digits(codes: &mut [u64], flows: &[u32], d: u64, digit: impl Fn(usize) -> Option<u32>) {
    for (c, &i) in codes.iter_mut().zip(flows) {
        *c = match digit(i as usize) {
            Some(x) if *c != SKIP => *c * d + u64::from(x),
            _ => SKIP,
        };
    }
}

/// One `by` field's ranks: each key code's ranks (a run of `flat`), and each rank's value.
struct FieldRanks {
    runs: CodeMap<(u32, u32)>,
    flat: Vec<u32>,
    values: Vec<Option<Val>>,
}

impl FieldRanks {
    /// The ranks of key code `code` (the missing value's, rank 0, for a code never seen).
    fn of(&self, code: u64) -> &[u32] {
        const MISSING: [u32; 1] = [0];
        match self.runs.get(code) {
            Some(&(at, len)) => self
                .flat
                .get(at as usize..(at + len) as usize)
                .unwrap_or(&MISSING),
            None => &MISSING,
        }
    }
}

/// Groups by ranks: each key code's values are ranked once in sort order, a tuple's ranks
/// make one `u64`, and counting those (in a table indexed by them when they are few, by
/// sorting them otherwise) gives the groups in the executor's default order with no map of
/// values and no vector per group. A code with several values (a party of two types) gives
/// its tuple one rank combination per value, as the executor's expansion does; a code with
/// none ranks as the missing value. `None` when the ranks do not fit in a `u64`.
fn ranked_groups(
    view: &ModelView,
    tuples: &[(u32, u32, u64)],
    memo: &[CodeMap<Vec<Val>>],
    domains: &[u64],
    digit: &dyn Fn(u64, usize) -> u64,
    ctx: &mut Ctx,
) -> Result<Option<Counted>, EvalError> {
    let m = view.model;
    let n = memo.len();
    let mut fields: Vec<FieldRanks> = Vec::with_capacity(n);
    for (fi, fm) in memo.iter().enumerate() {
        ctx.tick()?;
        let mut keyed: Vec<(SortKey, (u64, Option<&Val>))> = Vec::new();
        for (code, vs) in fm.iter() {
            if vs.is_empty() {
                keyed.push((SortKey::missing(), (code, None)));
            }
            for v in vs {
                keyed.push((SortKey::of(v, m), (code, Some(v))));
            }
        }
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(keyed.len());
        let mut values: Vec<Option<Val>> = Vec::new();
        for (rank, (code, v)) in dense_ranks(keyed, ctx)? {
            if rank as usize == values.len() {
                values.push(v.cloned());
            }
            pairs.push((code, rank));
        }
        pairs.sort_unstable();
        let mut runs: CodeMap<(u32, u32)> = CodeMap::new(domains[fi], pairs.len());
        let mut flat: Vec<u32> = Vec::with_capacity(pairs.len());
        for chunk in pairs.chunk_by(|a, b| a.0 == b.0) {
            runs.insert(chunk[0].0, (flat.len() as u32, chunk.len() as u32));
            flat.extend(chunk.iter().map(|p| p.1));
        }
        // A field no tuple has a value of still has its one (missing) rank.
        if values.is_empty() {
            values.push(None);
        }
        fields.push(FieldRanks { runs, flat, values });
    }
    let radix: Vec<u64> = fields.iter().map(|f| f.values.len() as u64).collect();
    let Some(space) = radix.iter().try_fold(1u64, |acc, r| acc.checked_mul(*r)) else {
        return Ok(None);
    };
    // Counted in a table indexed by rank tuple when it is small next to the tuples (its scan
    // then costs no more than sorting them), else as sorted pairs.
    let dense = space <= (tuples.len() as u64).saturating_mul(8).max(1 << 16);
    // A group holds each flow at most once, so its count fits 32 bits as a tuple's does.
    let mut table: Vec<u32> = if dense {
        ctx.need(Limit::Rows, "group counts", space, 4)?;
        vec![0; space as usize]
    } else {
        Vec::new()
    };
    let mut ranked: Vec<(u64, u32)> = Vec::with_capacity(if dense { 0 } else { tuples.len() });
    let mut add = |r: u64, count: u32| match table.get_mut(r as usize) {
        Some(c) => *c = c.saturating_add(count),
        None => ranked.push((r, count)),
    };
    let mut expansion = 0u64;
    let mut at = vec![0usize; n];
    let mut lists: Vec<&[u32]> = Vec::with_capacity(n);
    for (k, &(_, count, code)) in tuples.iter().enumerate() {
        if k % CHUNK == 0 {
            ctx.tick()?;
        }
        lists.clear();
        lists.extend((0..n).map(|fi| fields[fi].of(digit(code, fi))));
        if lists.iter().all(|l| l.len() == 1) {
            let r = (0..n).fold(0u64, |acc, fi| acc * radix[fi] + u64::from(lists[fi][0]));
            add(r, count);
            continue;
        }
        let combos = lists.iter().map(|l| l.len() as u64).product::<u64>();
        // Counted before it is built, as the executor counts its expansion.
        ctx.tick()?;
        expansion = expansion.saturating_add(combos);
        ctx.need(
            Limit::Rows,
            "group keys (every combination of the `by` values)",
            expansion,
            0,
        )?;
        at.iter_mut().for_each(|a| *a = 0);
        'combos: loop {
            let r = (0..n).fold(0u64, |acc, fi| {
                acc * radix[fi] + u64::from(lists[fi][at[fi]])
            });
            add(r, count);
            // The next combination, the last field varying fastest.
            let mut fi = n;
            loop {
                if fi == 0 {
                    break 'combos;
                }
                fi -= 1;
                at[fi] += 1;
                if at[fi] < lists[fi].len() {
                    break;
                }
                at[fi] = 0;
            }
        }
    }
    let mut out = Counted {
        values: Vec::new(),
        keys: Vec::new(),
        counts: Vec::new(),
        in_key_order: true,
    };
    let mut key = vec![0u32; n];
    let mut push = |out: &mut Counted, r: u64, count: u64, ctx: &mut Ctx| {
        // A group is its rank in each field (4 bytes each) and its count.
        ctx.need(Limit::Groups, "groups", out.counts.len() as u64 + 1, 0)?;
        ctx.hold("groups", 4 * n as u64 + 8)?;
        // The ranks back out of the code, last field first.
        let mut rest = r;
        for fi in (0..n).rev() {
            key[fi] = (rest % radix[fi]) as u32;
            rest /= radix[fi];
        }
        out.keys.extend_from_slice(&key);
        out.counts.push(count);
        Ok::<(), EvalError>(())
    };
    ctx.step(
        "ranks",
        || {
            if dense {
                format!("groups counted in a table of {space} rank tuples")
            } else {
                format!("groups from {} sorted rank tuples", ranked.len())
            }
        },
        None,
        if dense { space as usize } else { ranked.len() },
    );
    if dense {
        // Sized once: growing would copy, and fresh memory is paid for page by page.
        let groups = table.iter().filter(|&&c| c > 0).count();
        out.keys.reserve_exact(groups * n);
        out.counts.reserve_exact(groups);
        for (r, &count) in table.iter().enumerate() {
            if r % CHUNK == 0 {
                ctx.tick()?;
            }
            if count > 0 {
                push(&mut out, r as u64, u64::from(count), ctx)?;
            }
        }
    } else {
        ranked.sort_unstable();
        for run in ranked.chunk_by(|a, b| a.0 == b.0) {
            ctx.tick()?;
            let count = run.iter().map(|x| u64::from(x.1)).sum();
            push(&mut out, run[0].0, count, ctx)?;
        }
    }
    out.values = fields.into_iter().map(|f| f.values).collect();
    Ok(Some(out))
}

/// Each party's set of types as a small code (parties with the same types share one), and
/// how many sets there are.
fn party_type_sets(m: &Model) -> (Vec<u32>, u64) {
    let mut code: HashMap<Vec<u32>, u32> = HashMap::default();
    let of_party = m
        .parties
        .iter()
        .map(|p| {
            let mut types: Vec<u32> = p.types().map(|t| t.0).collect();
            types.sort_unstable();
            types.dedup();
            let next = code.len() as u32;
            *code.entry(types).or_insert(next)
        })
        .collect();
    (of_party, code.len() as u64)
}

/// Something per key code of one field: a table where the codes are few enough (an
/// organisation, a party type), a map where they are not (interned sets, quotes).
enum CodeMap<T> {
    Dense(Vec<Option<T>>),
    Sparse(HashMap<u64, T>),
}

impl<T> CodeMap<T> {
    /// A map of codes below `domain`, about `entries` of them: a table when it would not be
    /// mostly empty.
    fn new(domain: u64, entries: usize) -> Self {
        if domain <= (entries as u64).saturating_mul(8).max(4096) {
            CodeMap::Dense(
                std::iter::repeat_with(|| None)
                    .take(domain as usize)
                    .collect(),
            )
        } else {
            CodeMap::Sparse(HashMap::default())
        }
    }

    fn get(&self, code: u64) -> Option<&T> {
        match self {
            CodeMap::Dense(t) => t.get(code as usize).and_then(Option::as_ref),
            CodeMap::Sparse(m) => m.get(&code),
        }
    }

    fn insert(&mut self, code: u64, v: T) {
        match self {
            CodeMap::Dense(t) => {
                if let Some(slot) = t.get_mut(code as usize) {
                    *slot = Some(v);
                }
            }
            CodeMap::Sparse(m) => {
                m.insert(code, v);
            }
        }
    }

    fn get_or_insert_with(&mut self, code: u64, f: impl FnOnce() -> T) {
        if self.get(code).is_none() {
            self.insert(code, f());
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = (u64, &T)> + '_> {
        match self {
            CodeMap::Dense(t) => Box::new(
                t.iter()
                    .enumerate()
                    .filter_map(|(c, v)| v.as_ref().map(|v| (c as u64, v))),
            ),
            CodeMap::Sparse(m) => Box::new(m.iter().map(|(c, v)| (*c, v))),
        }
    }
}

/// The posting lists whose lengths count the flows of each value of `field`: its
/// single-valued keys that have lists of their own.
fn length_kind(field: FieldId) -> Option<PostingKind> {
    Some(match field {
        FieldId::Org => PostingKind::Org,
        FieldId::Service => PostingKind::Service,
        FieldId::Party => PostingKind::Party,
        FieldId::PartyType => PostingKind::PartyType,
        _ => return None,
    })
}

/// Counts of every flow by one single-valued field that has posting lists
/// ([`length_kind`]), from the lists' lengths alone.
fn from_lengths(view: &ModelView, ix: &FlowIndex, field: FieldId) -> Option<Vec<GroupCount>> {
    let (m, v) = (view.model, &view.model.vocab);
    let kind = length_kind(field)?;
    let p = ix.postings(kind);
    let values = match kind {
        PostingKind::Org => m.orgs.len(),
        PostingKind::Service => m.services.len(),
        PostingKind::Party => m.parties.len(),
        _ => v.party_types.len(),
    } as u32;
    let groups = (0..values).filter_map(|i| {
        let (list, val) = match kind {
            PostingKind::Org => (i, Val::Org(crate::model::OrgIx(i))),
            PostingKind::Service => (i, Val::Service(crate::model::ServiceIx(i))),
            PostingKind::Party => (i, Val::Party(crate::model::PartyIx(i))),
            // Keyed by pre-order number: the list of type `i` is at `pre(i)`.
            _ => (
                v.party_type_tree.pre(i),
                Val::PartyType(crate::model::PartyTypeIx(i)),
            ),
        };
        let n = p.get(list).len() as u64;
        (n > 0).then(|| (vec![Some(val)], n))
    });
    Some(groups.collect())
}
