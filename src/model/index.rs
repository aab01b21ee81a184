//! The flow index: posting lists of flow numbers per organisation, service, party, party type,
//! category, basis and purpose, built once per model.
//!
//! Tree vocabularies (categories, purposes, party types) are keyed by their pre-order number
//! ([`Hierarchy::interval`](crate::model::Hierarchy::interval)), so "within `health`" is one
//! contiguous run of posting lists rather than a walk of the tree per flow.

use crate::model::{Direction, Model};
use roaring::RoaringBitmap;
use std::sync::OnceLock;

/// Posting lists in one block (compressed sparse rows): the flows of key `k` are
/// `flows[starts[k]..starts[k + 1]]`, ascending.
#[derive(Debug, Clone, Default)]
pub(crate) struct Postings {
    starts: Vec<u32>,
    flows: Vec<u32>,
}

/// The keys of set `s` (none for a set the table does not have).
fn of(keys: &[Vec<u32>], s: u32) -> &[u32] {
    keys.get(s as usize).map_or(&[], |k| k.as_slice())
}

impl Postings {
    /// Builds the lists of `keys` keys from each flow's keys given as column values (a
    /// counting sort over arrays read in order, not over the flow rows). `keys_of(v)` are the
    /// keys of a flow whose column holds `v`; keys out of range are ignored.
    fn from_column<K: IntoIterator<Item = u32>>(
        keys: usize,
        column: &[u32],
        keys_of: impl Fn(u32) -> K,
    ) -> Self {
        let mut starts = vec![0u32; keys + 1];
        for &v in column {
            for k in keys_of(v) {
                if let Some(c) = starts.get_mut(k as usize + 1) {
                    *c += 1;
                }
            }
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut flows = vec![0u32; starts[keys] as usize];
        for (i, &v) in column.iter().enumerate() {
            for k in keys_of(v) {
                if let Some(n) = next.get_mut(k as usize) {
                    flows[*n as usize] = i as u32;
                    *n += 1;
                }
            }
        }
        Postings { starts, flows }
    }

    /// How many keys.
    pub(crate) fn keys(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The flows of key `k`, ascending (empty for an unknown key).
    pub(crate) fn get(&self, k: u32) -> &[u32] {
        self.range(k, k.saturating_add(1))
    }

    /// The flows of keys `lo..hi`: each key's list in turn (not one sorted list).
    pub(crate) fn range(&self, lo: u32, hi: u32) -> &[u32] {
        let n = self.keys() as u32;
        let (lo, hi) = (lo.min(n), hi.min(n).max(lo.min(n)));
        &self.flows[self.starts[lo as usize] as usize..self.starts[hi as usize] as usize]
    }

    /// The total length of the lists of keys `lo..hi`.
    pub(crate) fn len_range(&self, lo: u32, hi: u32) -> usize {
        self.range(lo, hi).len()
    }
}

/// Which posting lists an index lookup reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum PostingKind {
    /// By organisation.
    Org,
    /// By service.
    Service,
    /// By party.
    Party,
    /// By party type, in pre-order.
    PartyType,
    /// By category, in pre-order.
    Category,
    /// By basis.
    Basis,
    /// By purpose, in pre-order.
    Purpose,
}

impl PostingKind {
    /// The name shown by `explain`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PostingKind::Org => "org",
            PostingKind::Service => "service",
            PostingKind::Party => "party",
            PostingKind::PartyType => "party.type (pre-order)",
            PostingKind::Category => "category (pre-order)",
            PostingKind::Basis => "basis",
            PostingKind::Purpose => "purpose (pre-order)",
        }
    }
}

/// The index of a model's flows: key columns read once from the flow rows, and posting
/// lists built from them on first use, each kind once (a query pays for the lists it reads,
/// and `count orgs` for none).
#[derive(Debug, Default)]
pub struct FlowIndex {
    lists: [OnceLock<Postings>; 7],
    /// Keys of each kind (list lengths).
    sizes: [usize; 7],
    /// Services per organisation (for `compare` over services' facts).
    pub(crate) org_services: Vec<Vec<u32>>,
    /// Retention rules per service, in model order (for `retention where service = …`).
    pub(crate) service_retention: Vec<Vec<u32>>,
    /// Flows going to a party.
    pub to_count: usize,
    /// One bit per flow, set when it goes to a party (recipients) rather than from one.
    pub to: Vec<u64>,
    /// Flows shared within the controller.
    pub internal_count: usize,
    /// One bit per flow, set when it is shared with a team of the controller.
    pub internal: Vec<u64>,
    /// Each flow's organisation, as a column: grouping reads 4 bytes a flow, not the row.
    pub org_of: Vec<u32>,
    /// Each flow's party, as a column.
    pub party_of: Vec<u32>,
    /// Each flow's service, as a column.
    pub service_of: Vec<u32>,
    /// Each flow's interned category set, as a column.
    pub cats: Vec<u32>,
    /// Each flow's interned basis set, as a column.
    pub bases: Vec<u32>,
    /// Each flow's interned purpose set, as a column.
    pub purposes: Vec<u32>,
    /// Each interned set's keys, worked out once (tree vocabularies by pre-order number).
    cat_keys: Vec<Vec<u32>>,
    basis_keys: Vec<Vec<u32>>,
    purpose_keys: Vec<Vec<u32>>,
    /// Each party's types' pre-order numbers.
    ptype_keys: Vec<Vec<u32>>,
    /// Each kind's lists again as compressed bitmaps, built on first use from the lists:
    /// intersecting long lists is then set algebra over blocks of 65,536 flows (a word at a
    /// time where a block is dense), not a merge of every number in them.
    bitmaps: [OnceLock<Vec<RoaringBitmap>>; 7],
    /// The flows of each direction (to, from, internal) as bitmaps, built on first use.
    direction_bitmaps: [OnceLock<RoaringBitmap>; 3],
}

impl Clone for FlowIndex {
    fn clone(&self) -> Self {
        FlowIndex {
            lists: std::array::from_fn(|k| {
                let l = OnceLock::new();
                if let Some(p) = self.lists[k].get() {
                    let _ = l.set(p.clone());
                }
                l
            }),
            sizes: self.sizes,
            org_services: self.org_services.clone(),
            service_retention: self.service_retention.clone(),
            to_count: self.to_count,
            to: self.to.clone(),
            internal_count: self.internal_count,
            internal: self.internal.clone(),
            org_of: self.org_of.clone(),
            party_of: self.party_of.clone(),
            service_of: self.service_of.clone(),
            cats: self.cats.clone(),
            bases: self.bases.clone(),
            purposes: self.purposes.clone(),
            cat_keys: self.cat_keys.clone(),
            basis_keys: self.basis_keys.clone(),
            purpose_keys: self.purpose_keys.clone(),
            ptype_keys: self.ptype_keys.clone(),
            // Rebuilt from the lists on first use.
            bitmaps: Default::default(),
            direction_bitmaps: Default::default(),
        }
    }
}

impl FlowIndex {
    /// Builds the index of `model`'s flows.
    pub fn build(model: &Model) -> FlowIndex {
        let v = &model.vocab;
        let n = model.flows.len();
        // One pass over the flow rows into columns; every list is built from the columns.
        let mut ix = FlowIndex {
            to: vec![0u64; n.div_ceil(64)],
            internal: vec![0u64; n.div_ceil(64)],
            org_of: Vec::with_capacity(n),
            party_of: Vec::with_capacity(n),
            service_of: Vec::with_capacity(n),
            cats: Vec::with_capacity(n),
            bases: Vec::with_capacity(n),
            purposes: Vec::with_capacity(n),
            ..FlowIndex::default()
        };
        for (i, f) in model.flows.iter().enumerate() {
            match f.direction() {
                Direction::To => {
                    ix.to[i / 64] |= 1 << (i % 64);
                    ix.to_count += 1;
                }
                Direction::Internal => {
                    ix.internal[i / 64] |= 1 << (i % 64);
                    ix.internal_count += 1;
                }
                Direction::From => {}
            }
            ix.org_of.push(model.flow_org(f).0);
            ix.party_of.push(f.party.0);
            ix.service_of.push(f.service.0);
            ix.cats.push(f.categories.0);
            ix.bases.push(f.bases.0);
            ix.purposes.push(f.purposes.0);
        }
        ix.cat_keys = (0..model.sets.categories.len() as u32)
            .map(|s| {
                let set = model.sets.categories.get(s);
                set.iter().map(|c| v.category_tree.pre(c.0)).collect()
            })
            .collect();
        ix.basis_keys = (0..model.sets.bases.len() as u32)
            .map(|s| model.sets.bases.get(s).iter().map(|b| b.0).collect())
            .collect();
        ix.purpose_keys = (0..model.sets.purposes.len() as u32)
            .map(|s| {
                let set = model.sets.purposes.get(s);
                set.iter().map(|p| v.purpose_tree.pre(p.0)).collect()
            })
            .collect();
        ix.ptype_keys = model
            .parties
            .iter()
            .map(|p| {
                p.types()
                    .filter(|t| t.ix() < v.party_types.len())
                    .map(|t| v.party_type_tree.pre(t.0))
                    .collect()
            })
            .collect();
        ix.sizes = [
            model.orgs.len(),
            model.services.len(),
            model.parties.len(),
            v.party_types.len(),
            v.categories.len(),
            v.bases.len(),
            v.purposes.len(),
        ];
        ix.org_services = numbers_by(&model.services, model.orgs.len(), |s| s.org.ix());
        ix.service_retention =
            numbers_by(&model.retention, model.services.len(), |r| r.service.ix());
        ix
    }

    /// Builds the lists of `kinds` not built yet, two at a time (one on a second thread).
    pub(crate) fn prepare(&self, kinds: &[PostingKind]) {
        let mut todo: Vec<PostingKind> = kinds
            .iter()
            .copied()
            .filter(|k| self.lists[*k as usize].get().is_none())
            .collect();
        todo.sort_by_key(|k| *k as usize);
        todo.dedup();
        while todo.len() >= 2 {
            let (a, b) = (todo.remove(0), todo.remove(0));
            std::thread::scope(|scope| {
                let other = scope.spawn(|| self.postings(b));
                self.postings(a);
                // A panic there is a bug; the list is then built here on first use.
                let _ = other.join();
            });
        }
        if let Some(k) = todo.pop() {
            self.postings(k);
        }
    }

    fn build_kind(&self, kind: PostingKind) -> Postings {
        let size = self.sizes[kind as usize];
        match kind {
            PostingKind::Org => Postings::from_column(size, &self.org_of, |x| [x]),
            PostingKind::Service => Postings::from_column(size, &self.service_of, |x| [x]),
            PostingKind::Party => Postings::from_column(size, &self.party_of, |x| [x]),
            PostingKind::PartyType => Postings::from_column(size, &self.party_of, |p| {
                of(&self.ptype_keys, p).iter().copied()
            }),
            PostingKind::Category => {
                Postings::from_column(size, &self.cats, |s| of(&self.cat_keys, s).iter().copied())
            }
            PostingKind::Basis => Postings::from_column(size, &self.bases, |s| {
                of(&self.basis_keys, s).iter().copied()
            }),
            PostingKind::Purpose => Postings::from_column(size, &self.purposes, |s| {
                of(&self.purpose_keys, s).iter().copied()
            }),
        }
    }

    /// The posting lists of a kind, built on first use.
    pub(crate) fn postings(&self, kind: PostingKind) -> &Postings {
        self.lists[kind as usize].get_or_init(|| self.build_kind(kind))
    }

    /// The lists of a kind as bitmaps (one per key, in key order), built on first use.
    pub(crate) fn bitmaps(&self, kind: PostingKind) -> &[RoaringBitmap] {
        self.bitmaps[kind as usize].get_or_init(|| {
            let p = self.postings(kind);
            (0..p.keys() as u32)
                .map(|k| {
                    // The lists are ascending, so this cannot fail; an empty set if it did.
                    RoaringBitmap::from_sorted_iter(p.get(k).iter().copied()).unwrap_or_default()
                })
                .collect()
        })
    }

    /// The flows going in direction `d`, as a bitmap built on first use.
    pub(crate) fn direction_bitmap(&self, d: Direction) -> &RoaringBitmap {
        let at = match d {
            Direction::To => 0,
            Direction::From => 1,
            Direction::Internal => 2,
        };
        self.direction_bitmaps[at].get_or_init(|| {
            let n = self.org_of.len() as u32;
            RoaringBitmap::from_sorted_iter((0..n).filter(|&f| self.goes(f, d))).unwrap_or_default()
        })
    }

    /// Builds the bitmaps of `kinds` and of `directions` not built yet.
    pub(crate) fn prepare_bitmaps(&self, kinds: &[PostingKind], directions: &[Direction]) {
        self.prepare(kinds);
        for k in kinds {
            self.bitmaps(*k);
        }
        for d in directions {
            self.direction_bitmap(*d);
        }
    }
}

impl FlowIndex {
    /// Whether flow `f` goes in direction `d`.
    pub(crate) fn goes(&self, f: u32, d: Direction) -> bool {
        self.direction(f) == d
    }

    /// The direction of flow `f`, from the direction bits.
    pub(crate) fn direction(&self, f: u32) -> Direction {
        let bit = |bits: &[u64]| {
            bits.get(f as usize / 64)
                .is_some_and(|w| w & (1 << (f % 64)) != 0)
        };
        if bit(&self.to) {
            Direction::To
        } else if bit(&self.internal) {
            Direction::Internal
        } else {
            Direction::From
        }
    }

    /// The number of flows in direction `d`.
    pub(crate) fn count(&self, d: Direction) -> usize {
        match d {
            Direction::To => self.to_count,
            Direction::Internal => self.internal_count,
            Direction::From => self.org_of.len() - self.to_count - self.internal_count,
        }
    }
}

/// The sorted intersection of two ascending lists: galloping through the longer one, so a
/// short list costs its own length times a logarithm, not the long one's length.
pub(crate) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(short.len());
    let mut lo = 0usize;
    for &x in short {
        // Gallop: double the step until past x, then binary-search the last stretch.
        let mut step = 1usize;
        let mut hi = lo;
        while hi < long.len() && long[hi] < x {
            lo = hi + 1;
            hi = lo + step;
            step *= 2;
        }
        let hi = hi.min(long.len());
        lo += long[lo.min(hi)..hi].partition_point(|&y| y < x);
        if lo >= long.len() {
            break;
        }
        if long[lo] == x {
            out.push(x);
            lo += 1;
        }
    }
    out
}

/// The sorted union of posting runs over `n` flows: sort and deduplicate when the runs are
/// short, a bit set when they cover much of the table.
pub(crate) fn union(runs: &[&[u32]], n: usize) -> Vec<u32> {
    let total: usize = runs.iter().map(|r| r.len()).sum();
    match runs {
        [] => Vec::new(),
        [one] => one.to_vec(),
        _ if total.saturating_mul(32) < n => {
            let mut out = Vec::with_capacity(total);
            for r in runs {
                out.extend_from_slice(r);
            }
            out.sort_unstable();
            out.dedup();
            out
        }
        _ => {
            let mut bits = vec![0u64; n.div_ceil(64)];
            for r in runs {
                for &f in *r {
                    if let Some(w) = bits.get_mut(f as usize / 64) {
                        *w |= 1 << (f % 64);
                    }
                }
            }
            let mut out = Vec::with_capacity(total.min(n));
            for (wi, &w) in bits.iter().enumerate() {
                let mut w = w;
                while w != 0 {
                    let b = w.trailing_zeros();
                    out.push((wi * 64) as u32 + b);
                    w &= w - 1;
                }
            }
            out
        }
    }
}

/// The numbers of `items` listed under their owner (`owner` of `keys` owners), in order; an
/// item whose owner is out of range is in no list.
fn numbers_by<T>(items: &[T], keys: usize, owner: impl Fn(&T) -> usize) -> Vec<Vec<u32>> {
    let mut lists = vec![Vec::new(); keys];
    for (i, x) in items.iter().enumerate() {
        if let Some(list) = lists.get_mut(owner(x)) {
            list.push(i as u32);
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::{intersect, union};

    #[test]
    fn intersection_of_sorted_lists_with_gaps_and_ends() {
        let a: Vec<u32> = (0..1000).step_by(3).collect();
        let b: Vec<u32> = (0..1000).step_by(5).collect();
        let want: Vec<u32> = (0..1000).step_by(15).collect();
        assert_eq!(intersect(&a, &b), want);
        assert_eq!(intersect(&b, &a), want);
        assert_eq!(intersect(&[], &a), Vec::<u32>::new());
        assert_eq!(intersect(&[999], &[0, 999]), vec![999]);
        assert_eq!(intersect(&[1000], &[0, 999]), Vec::<u32>::new());
        assert_eq!(intersect(&[0, 5, 7], &[7]), vec![7]);
    }

    #[test]
    fn union_is_sorted_and_distinct_both_ways() {
        let a: &[u32] = &[1, 5, 9];
        let b: &[u32] = &[2, 5, 10];
        assert_eq!(union(&[a, b], 1000), vec![1, 2, 5, 9, 10]);
        assert_eq!(union(&[a, b], 12), vec![1, 2, 5, 9, 10]);
    }
}
