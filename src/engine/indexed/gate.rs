//! The edges a walk may follow, worked out per edge reached from the service's list.

use super::Indexed;
use super::probe::Probe;
use crate::engine::access::{EdgeKey, Gate};
use crate::model::FlowIx;
use crate::model::index::PostingKind;
use crate::query::ast::EntityKind;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// Worked out per edge the walk reaches, from the service's posting list, with memoised
/// tests: a walk near one organisation never touches the rest of a national dataset.
pub(super) struct LazyGate<'a, 'm> {
    pub(super) access: &'a Indexed<'m>,
    pub(super) test: Option<Probe>,
    pub(super) seen: RefCell<HashMap<EdgeKey, Option<FlowIx>>>,
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
                    .is_some_and(|f| f.party == p && f.direction() == d)
                    && pass(i)
            })
            .map(FlowIx);
        self.seen.borrow_mut().insert(key, found);
        found
    }
}
