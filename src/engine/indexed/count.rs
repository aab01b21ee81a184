//! `count … by` over flows: key tuples built column by column, ranked and counted in a table
//! or by sorting, or read from the lists' lengths.

use super::key::{CodeMap, Key};
use super::{Indexed, direction_of};
use crate::engine::access::{Counted, GroupCount};
use crate::engine::budget::{Ctx, EvalError, Limit};
use crate::engine::group::{combinations, count_expansion};
use crate::engine::row::{ModelView, RowRef};
use crate::engine::sort::{SortKey, dense_ranks};
use crate::model::index::{FlowIndex, PostingKind};
use crate::model::value::Val;
use crate::model::{Model, OrgIx, PartyIx, ServiceIx};
use crate::query::ast::EntityKind;
use crate::query::plan::Pred;
use crate::query::schema::FieldId;
use rustc_hash::FxHashMap as HashMap;

/// `count … by …` over flows: counted per key tuple (organisation number, party type set,
/// interned set, …) packed into one `u64`, each distinct tuple expanded into its groups once;
/// with no filter and one single-valued key with posting lists, read from the lists' lengths.
/// `None` when a `by` field is not a column of flows.
pub(super) fn count_by(
    access: &Indexed,
    entity: EntityKind,
    filter: Option<&Pred>,
    by: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Option<Counted>, EvalError> {
    let (view, ix) = (&access.view, access.ix);
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
    let t = Tupling::new(view, ix, by, keys);
    let Some(space) = t
        .domains
        .iter()
        .try_fold(1u64, |acc, d| acc.checked_mul(*d))
    else {
        return Ok(None);
    };
    let tuples = if space <= 1 << 22 {
        t.dense_tuples(&flows, space, ctx)?
    } else {
        t.sparse_tuples(&flows, ctx)?
    };
    ctx.step(
        "tuples",
        || format!("{} distinct key tuples over key columns", tuples.len()),
        None,
        tuples.len(),
    );
    let memo = t.values(entity, &tuples, ctx)?;
    let digit = |code: u64, fi: usize| t.digit(code, fi);
    if let Some(counted) = ranked_groups(view, &tuples, &memo, &t.domains, &digit, ctx)? {
        return Ok(Some(counted));
    }
    hashed_groups(by.len(), tuples, memo, &digit, ctx).map(Some)
}

/// A distinct key tuple: its first flow, how many flows have it, and its code.
type Tuple = (u32, u32, u64);

/// How flows' key tuples are made: each `by` field's key, the number of its codes, and the
/// strides that pack one digit a field into a `u64`.
struct Tupling<'a, 'm> {
    view: &'a ModelView<'m>,
    ix: &'a FlowIndex,
    by: &'a [FieldId],
    keys: Vec<Key>,
    domains: Vec<u64>,
    strides: Vec<u64>,
    /// A party's types are keyed by the set of them, not by the party: thousands of parties
    /// share a few dozen sets, so the tuples stay as few as the types themselves.
    type_sets: Option<(Vec<u32>, u64)>,
}

impl<'a, 'm> Tupling<'a, 'm> {
    fn new(view: &'a ModelView<'m>, ix: &'a FlowIndex, by: &'a [FieldId], keys: Vec<Key>) -> Self {
        let m = view.model;
        let type_sets = by.contains(&FieldId::PartyType).then(|| party_type_sets(m));
        let domains: Vec<u64> = by
            .iter()
            .zip(&keys)
            .map(|(f, k)| match (&type_sets, f) {
                (Some((_, n)), FieldId::PartyType) => (*n).max(1),
                _ => k.domain(m).max(1) as u64,
            })
            .collect();
        let strides = (0..domains.len())
            .map(|fi| {
                domains[fi + 1..]
                    .iter()
                    .fold(1u64, |acc, d| acc.saturating_mul(*d))
            })
            .collect();
        Tupling {
            view,
            ix,
            by,
            keys,
            domains,
            strides,
            type_sets,
        }
    }

    /// Field `fi`'s digit of a tuple code.
    fn digit(&self, code: u64, fi: usize) -> u64 {
        (code / self.strides[fi].max(1)) % self.domains[fi].max(1)
    }

    /// The codes of a chunk of flows, into `codes`.
    fn codes(&self, chunk: &[u32], codes: &mut Vec<u64>, ctx: &mut Ctx) -> Result<(), EvalError> {
        tuple_codes(
            self.view,
            self.ix,
            chunk,
            self.by,
            &self.keys,
            &self.domains,
            self.type_sets.as_ref().map(|t| t.0.as_slice()),
            codes,
            ctx,
        )
    }

    /// The distinct tuples of `flows`, found through a table indexed by code (a space of
    /// `space` codes). Codes are made a chunk of flows at a time into one buffer.
    fn dense_tuples(
        &self,
        flows: &[u32],
        space: u64,
        ctx: &mut Ctx,
    ) -> Result<Vec<Tuple>, EvalError> {
        let mut codes: Vec<u64> = Vec::with_capacity(CHUNK.min(flows.len()));
        let mut tuples = Self::tuple_vec(flows, space);
        let mut slot = vec![u32::MAX; space as usize];
        for fs in flows.chunks(CHUNK) {
            self.codes(fs, &mut codes, ctx)?;
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
        Ok(tuples)
    }

    /// The distinct tuples of `flows`, found through a map of codes.
    fn sparse_tuples(&self, flows: &[u32], ctx: &mut Ctx) -> Result<Vec<Tuple>, EvalError> {
        let mut codes: Vec<u64> = Vec::with_capacity(CHUNK.min(flows.len()));
        let mut tuples = Self::tuple_vec(flows, u64::MAX);
        let mut slot: HashMap<u64, usize> = HashMap::default();
        for fs in flows.chunks(CHUNK) {
            self.codes(fs, &mut codes, ctx)?;
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
        Ok(tuples)
    }

    /// At most one tuple a flow, and one a code; a few thousand more are cheap to grow into.
    fn tuple_vec(flows: &[u32], space: u64) -> Vec<Tuple> {
        Vec::with_capacity((flows.len() / 4).min(space.min(1 << 20) as usize))
    }

    /// Each field's values of each key code in the tuples. A key code's values are the same
    /// on every flow having it: worked out once per field and code (an organisation's id
    /// once, not once per tuple it appears in).
    fn values(
        &self,
        entity: EntityKind,
        tuples: &[Tuple],
        ctx: &mut Ctx,
    ) -> Result<Vec<CodeMap<Vec<Val>>>, EvalError> {
        let mut memo: Vec<CodeMap<Vec<Val>>> = self
            .domains
            .iter()
            .map(|d| CodeMap::new(*d, tuples.len()))
            .collect();
        for &(first, _, code) in tuples {
            ctx.tick()?;
            for (fi, field) in self.by.iter().enumerate() {
                let d = self.digit(code, fi);
                memo[fi].get_or_insert_with(d, || {
                    // A digit that is the value itself needs no flow read.
                    match (field, self.keys[fi]) {
                        (FieldId::Org, Key::Org) => vec![Val::Org(OrgIx(d as u32))],
                        (FieldId::Party, Key::Party) => vec![Val::Party(PartyIx(d as u32))],
                        (FieldId::Service, Key::Service) => {
                            vec![Val::Service(ServiceIx(d as u32))]
                        }
                        _ => self.view.values(entity, RowRef::Flow(first), *field),
                    }
                });
            }
        }
        Ok(memo)
    }
}

/// Groups of the tuples counted in a map of value keys, when their ranks do not fit a `u64`.
fn hashed_groups(
    width: usize,
    tuples: Vec<Tuple>,
    memo: Vec<CodeMap<Vec<Val>>>,
    digit: &dyn Fn(u64, usize) -> u64,
    ctx: &mut Ctx,
) -> Result<Counted, EvalError> {
    let mut expansion = 0u64;
    let mut groups: HashMap<Vec<Option<Val>>, u64> = HashMap::default();
    // Filled through a closure so that a stopped query (Ctrl-C, a budget) hands its groups to
    // another thread to free instead of making the user wait for millions of frees.
    let filled = (|| -> Result<(), EvalError> {
        for (_, count, code) in tuples {
            let count = u64::from(count);
            ctx.tick()?;
            let vals: Vec<Vec<Val>> = (0..width)
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
                        ctx.hold("groups", crate::engine::group::counted_key_bytes(&key))?;
                        groups.insert(key, count);
                    }
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = filled {
        crate::engine::sort::drop_elsewhere((groups, memo));
        return Err(e);
    }
    Ok(Counted::from_groups(width, groups))
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
    tuples: &[Tuple],
    memo: &[CodeMap<Vec<Val>>],
    domains: &[u64],
    digit: &dyn Fn(u64, usize) -> u64,
    ctx: &mut Ctx,
) -> Result<Option<Counted>, EvalError> {
    let mut fields: Vec<FieldRanks> = Vec::with_capacity(memo.len());
    for (fm, domain) in memo.iter().zip(domains) {
        fields.push(field_ranks(view.model, fm, *domain, ctx)?);
    }
    let radix: Vec<u64> = fields.iter().map(|f| f.values.len() as u64).collect();
    let Some(space) = radix.iter().try_fold(1u64, |acc, r| acc.checked_mul(*r)) else {
        return Ok(None);
    };
    let counts = count_ranks(tuples, &fields, &radix, space, digit, ctx)?;
    let mut out = counts.groups(&radix, ctx)?;
    out.values = fields.into_iter().map(|f| f.values).collect();
    Ok(Some(out))
}

/// One field's ranks: each of its values ranked once in sort order (a code with no value
/// ranks as the missing value), and each key code's ranks as a run.
fn field_ranks(
    m: &Model,
    fm: &CodeMap<Vec<Val>>,
    domain: u64,
    ctx: &mut Ctx,
) -> Result<FieldRanks, EvalError> {
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
    let mut runs: CodeMap<(u32, u32)> = CodeMap::new(domain, pairs.len());
    let mut flat: Vec<u32> = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunk_by(|a, b| a.0 == b.0) {
        runs.insert(chunk[0].0, (flat.len() as u32, chunk.len() as u32));
        flat.extend(chunk.iter().map(|p| p.1));
    }
    // A field no tuple has a value of still has its one (missing) rank.
    if values.is_empty() {
        values.push(None);
    }
    Ok(FieldRanks { runs, flat, values })
}

/// The flows of each rank tuple: in a table indexed by it when the tuples are few next to
/// the flows' tuples (its scan then costs no more than sorting them), else as pairs.
struct RankCounts {
    space: u64,
    /// A group holds each flow at most once, so its count fits 32 bits as a tuple's does.
    table: Option<Vec<u32>>,
    ranked: Vec<(u64, u32)>,
}

/// Counts the flows of each rank tuple: a key tuple whose codes have one value each is one
/// rank tuple; one with several (a party of two types) is every combination of them,
/// counted before it is made.
fn count_ranks(
    tuples: &[Tuple],
    fields: &[FieldRanks],
    radix: &[u64],
    space: u64,
    digit: &dyn Fn(u64, usize) -> u64,
    ctx: &mut Ctx,
) -> Result<RankCounts, EvalError> {
    let n = fields.len();
    let table = if space <= (tuples.len() as u64).saturating_mul(8).max(1 << 16) {
        ctx.need(Limit::Rows, "group counts", space, 4)?;
        Some(vec![0u32; space as usize])
    } else {
        None
    };
    let mut c = RankCounts {
        space,
        ranked: Vec::with_capacity(if table.is_some() { 0 } else { tuples.len() }),
        table,
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
            c.add(
                (0..n).fold(0u64, |acc, fi| acc * radix[fi] + u64::from(lists[fi][0])),
                count,
            );
            continue;
        }
        // Counted before it is built, as the executor counts its expansion.
        ctx.tick()?;
        let combos = lists.iter().map(|l| l.len() as u64).product::<u64>();
        expansion = expansion.saturating_add(combos);
        ctx.need(
            Limit::Rows,
            "group keys (every combination of the `by` values)",
            expansion,
            0,
        )?;
        each_combination(&lists, radix, &mut at, |r| c.add(r, count));
    }
    Ok(c)
}

/// Calls `f` with the rank tuple (as one number in mixed radix) of every combination of one
/// rank from each list, the last field varying fastest.
fn each_combination(lists: &[&[u32]], radix: &[u64], at: &mut [usize], mut f: impl FnMut(u64)) {
    let n = lists.len();
    at.iter_mut().for_each(|a| *a = 0);
    loop {
        f((0..n).fold(0u64, |acc, fi| {
            acc * radix[fi] + u64::from(lists[fi].get(at[fi]).copied().unwrap_or(0))
        }));
        let mut fi = n;
        loop {
            if fi == 0 {
                return;
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

impl RankCounts {
    fn add(&mut self, r: u64, count: u32) {
        match self.table.as_mut().and_then(|t| t.get_mut(r as usize)) {
            Some(c) => *c = c.saturating_add(count),
            None => self.ranked.push((r, count)),
        }
    }

    /// The groups in rank order, each its ranks back out of its number and its count.
    fn groups(mut self, radix: &[u64], ctx: &mut Ctx) -> Result<Counted, EvalError> {
        let n = radix.len();
        let mut out = Counted {
            in_key_order: true,
            ..Counted::default()
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
        let (space, dense) = (self.space, self.table.is_some());
        let sorted = self.ranked.len();
        ctx.step(
            "ranks",
            || {
                if dense {
                    format!("groups counted in a table of {space} rank tuples")
                } else {
                    format!("groups from {sorted} sorted rank tuples")
                }
            },
            None,
            if dense { space as usize } else { sorted },
        );
        if let Some(table) = &self.table {
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
            self.ranked.sort_unstable();
            for run in self.ranked.chunk_by(|a, b| a.0 == b.0) {
                ctx.tick()?;
                let count = run.iter().map(|x| u64::from(x.1)).sum();
                push(&mut out, run[0].0, count, ctx)?;
            }
        }
        Ok(out)
    }
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

/// The posting lists whose lengths count the flows of each value of `field`: its
/// single-valued keys that have lists of their own.
pub(super) fn length_kind(field: FieldId) -> Option<PostingKind> {
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
