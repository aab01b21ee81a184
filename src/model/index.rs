//! The flow index: posting lists of flow numbers per organisation, service, party, party type,
//! category, basis and purpose, built once per model.
//!
//! Tree vocabularies (categories, purposes, party types) are keyed by their pre-order number
//! ([`Hierarchy::interval`](crate::model::Hierarchy::interval)), so "within `health`" is one
//! contiguous run of posting lists rather than a walk of the tree per flow.

use crate::model::{Direction, Flow, Model};

/// Posting lists in one block (compressed sparse rows): the flows of key `k` are
/// `flows[starts[k]..starts[k + 1]]`, ascending.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    starts: Vec<u32>,
    flows: Vec<u32>,
}

impl Postings {
    /// Builds the lists of `keys` keys from each flow's keys (a counting sort: two passes, no
    /// per-key allocation). Keys out of range are ignored.
    fn build<'a, I>(model: &'a Model, keys: usize, keys_of: impl Fn(&'a Flow) -> I) -> Self
    where
        I: Iterator<Item = u32>,
    {
        let mut starts = vec![0u32; keys + 1];
        for f in &model.flows {
            for k in keys_of(f) {
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
        for (i, f) in model.flows.iter().enumerate() {
            for k in keys_of(f) {
                if let Some(n) = next.get_mut(k as usize) {
                    flows[*n as usize] = i as u32;
                    *n += 1;
                }
            }
        }
        Postings { starts, flows }
    }

    /// How many keys.
    pub fn keys(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The flows of key `k`, ascending (empty for an unknown key).
    pub fn get(&self, k: u32) -> &[u32] {
        self.range(k, k.saturating_add(1))
    }

    /// The flows of keys `lo..hi`: each key's list in turn (not one sorted list).
    pub fn range(&self, lo: u32, hi: u32) -> &[u32] {
        let n = self.keys() as u32;
        let (lo, hi) = (lo.min(n), hi.min(n).max(lo.min(n)));
        &self.flows[self.starts[lo as usize] as usize..self.starts[hi as usize] as usize]
    }

    /// The total length of the lists of keys `lo..hi`.
    pub fn len_range(&self, lo: u32, hi: u32) -> usize {
        self.range(lo, hi).len()
    }

    fn bytes(&self) -> usize {
        (self.starts.capacity() + self.flows.capacity()) * 4
    }
}

/// Which posting lists an index lookup reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingKind {
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
    pub fn name(self) -> &'static str {
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

/// The index of a model's flows.
#[derive(Debug, Clone, Default)]
pub struct FlowIndex {
    /// Flows per organisation.
    pub org: Postings,
    /// Flows per service (also: which flows an edge of the entity graph stands for).
    pub service: Postings,
    /// Flows per party.
    pub party: Postings,
    /// Flows per party type, keyed by pre-order number.
    pub party_type: Postings,
    /// Flows per category, keyed by pre-order number.
    pub category: Postings,
    /// Flows per basis.
    pub basis: Postings,
    /// Flows per purpose, keyed by pre-order number.
    pub purpose: Postings,
    /// Services per organisation (for `compare` over services' facts).
    pub org_services: Vec<Vec<u32>>,
    /// Each party's type.
    pub party_type_of: Vec<u32>,
    /// Flows going to a party.
    pub to_count: usize,
    /// One bit per flow, set when it goes to a party (recipients) rather than from one.
    pub to: Vec<u64>,
    /// Each flow's organisation, as a column: grouping reads 4 bytes a flow, not the row.
    pub org_of: Vec<u32>,
    /// Each flow's party, as a column.
    pub party_of: Vec<u32>,
}

impl FlowIndex {
    /// Builds the index of `model`'s flows.
    pub fn build(model: &Model) -> FlowIndex {
        let v = &model.vocab;
        let party_type_of: Vec<u32> = model.parties.iter().map(|p| p.party_type.0).collect();
        let cat_pre = |c: u32| v.category_tree.pre(c);
        let ptype_pre = |t: u32| {
            if (t as usize) < v.party_types.len() {
                v.party_type_tree.pre(t)
            } else {
                u32::MAX
            }
        };
        let purpose_pre = |p: u32| v.purpose_tree.pre(p);
        let one = |x: u32| std::iter::once(x);
        let mut org_services = vec![Vec::new(); model.orgs.len()];
        for (i, s) in model.services.iter().enumerate() {
            if let Some(list) = org_services.get_mut(s.org.ix()) {
                list.push(i as u32);
            }
        }
        // The set-valued lists (categories, bases, purposes) cost most: built on a second
        // thread while this one builds the single-valued ones.
        let sets = || {
            (
                Postings::build(model, v.categories.len(), |f| {
                    model.categories_of(f).iter().map(move |c| cat_pre(c.0))
                }),
                Postings::build(model, v.bases.len(), |f| {
                    model.bases_of(f).iter().map(|b| b.0)
                }),
                Postings::build(model, v.purposes.len(), |f| {
                    model.purposes_of(f).iter().map(move |p| purpose_pre(p.0))
                }),
            )
        };
        let singles = || {
            (
                Postings::build(model, model.orgs.len(), |f| one(f.org.0)),
                Postings::build(model, model.services.len(), |f| one(f.service.0)),
                Postings::build(model, model.parties.len(), |f| one(f.party.0)),
                Postings::build(model, v.party_types.len(), |f| {
                    one(party_type_of
                        .get(f.party.ix())
                        .map_or(u32::MAX, |&t| ptype_pre(t)))
                }),
            )
        };
        let ((category, basis, purpose), (org, service, party, party_type)) =
            std::thread::scope(|scope| {
                let worker = scope.spawn(sets);
                let mine = singles();
                // A panic on the worker is a bug; build its lists here rather than lose them.
                (worker.join().unwrap_or_else(|_| sets()), mine)
            });
        let mut to = vec![0u64; model.flows.len().div_ceil(64)];
        let mut to_count = 0;
        let mut org_of = Vec::with_capacity(model.flows.len());
        let mut party_of = Vec::with_capacity(model.flows.len());
        for (i, f) in model.flows.iter().enumerate() {
            if f.direction == Direction::To {
                to[i / 64] |= 1 << (i % 64);
                to_count += 1;
            }
            org_of.push(f.org.0);
            party_of.push(f.party.0);
        }
        FlowIndex {
            org,
            service,
            party,
            party_type,
            category,
            basis,
            purpose,
            org_services,
            to_count,
            to,
            org_of,
            party_of,
            party_type_of,
        }
    }

    /// The posting lists of a kind.
    pub fn postings(&self, kind: PostingKind) -> &Postings {
        match kind {
            PostingKind::Org => &self.org,
            PostingKind::Service => &self.service,
            PostingKind::Party => &self.party,
            PostingKind::PartyType => &self.party_type,
            PostingKind::Category => &self.category,
            PostingKind::Basis => &self.basis,
            PostingKind::Purpose => &self.purpose,
        }
    }

    /// Heap bytes held by the index (for the memory figures).
    pub fn bytes(&self) -> usize {
        [
            &self.org,
            &self.service,
            &self.party,
            &self.party_type,
            &self.category,
            &self.basis,
            &self.purpose,
        ]
        .iter()
        .map(|p| p.bytes())
        .sum::<usize>()
            + self.party_type_of.capacity() * 4
            + self.to.capacity() * 8
            + (self.org_of.capacity() + self.party_of.capacity()) * 4
            + self
                .org_services
                .iter()
                .map(|s| s.capacity() * 4 + 24)
                .sum::<usize>()
    }
}

impl FlowIndex {
    /// Whether flow `f` goes in direction `d`.
    pub fn goes(&self, f: u32, d: Direction) -> bool {
        let to = self
            .to
            .get(f as usize / 64)
            .is_some_and(|w| w & (1 << (f % 64)) != 0);
        to == (d == Direction::To)
    }
}

/// The sorted intersection of two ascending lists: galloping through the longer one, so a
/// short list costs its own length times a logarithm, not the long one's length.
pub fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
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
pub fn union(runs: &[&[u32]], n: usize) -> Vec<u32> {
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
