//! The evaluator interface: how the executor reads a model. Two implementations — the
//! scanning reference ([`super::scan::Scan`]) and the indexed evaluator
//! ([`super::indexed::Indexed`]) — answer the same three questions, and the executor above
//! them shapes every result (listing, grouping, ordering, limits, compare, walks), so a
//! clause is honoured the same way whichever evaluator runs.

use super::budget::{Ctx, EvalError};
use super::row::{ModelView, RowRef};
use crate::model::value::Val;
use crate::model::{Direction, FlowIx, OrgIx, PartyIx, ServiceIx};
use crate::query::ast::EntityKind;
use crate::query::plan::{Plan, Pred};
use crate::query::schema::FieldId;

/// A flow edge of the entity graph: data moving between a service and a party.
pub(crate) type EdgeKey = (ServiceIx, PartyIx, Direction);

/// One group of a `count … by` as a key vector: the value of each `by` field (`None`: the
/// rows have none) and how many rows it holds.
pub(crate) type GroupCount = (Vec<Option<Val>>, u64);

/// The groups of a `count … by` an evaluator counted itself, as columns: each `by` field's
/// distinct values once, and per group the index of its value in each. Tens of thousands of
/// groups then cost no vector (and no value copied) per group.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Counted {
    /// Per `by` field, the values its groups take (`None`: the rows have none).
    pub values: Vec<Vec<Option<Val>>>,
    /// Each group's value indexes into `values`, one per `by` field, group after group.
    pub keys: Vec<u32>,
    /// Each group's count.
    pub counts: Vec<u64>,
    /// Whether each field's values are in the executor's sort order (an index is then the
    /// value's rank) and the groups in its default order (by key, as shown).
    pub in_key_order: bool,
}

impl Counted {
    /// Groups given as key vectors, in any order (`width` values each).
    pub(crate) fn from_groups(
        width: usize,
        groups: impl IntoIterator<Item = GroupCount>,
    ) -> Counted {
        use rustc_hash::FxHashMap;
        let mut index: Vec<FxHashMap<Option<Val>, u32>> = vec![FxHashMap::default(); width];
        let mut c = Counted {
            values: vec![Vec::new(); width],
            ..Counted::default()
        };
        for (key, count) in groups {
            for (fi, v) in key.into_iter().enumerate().take(width) {
                let values = &mut c.values[fi];
                let at = *index[fi].entry(v).or_insert_with_key(|v| {
                    values.push(v.clone());
                    values.len() as u32 - 1
                });
                c.keys.push(at);
            }
            c.counts.push(count);
        }
        c
    }

    /// How many groups.
    pub(crate) fn len(&self) -> usize {
        self.counts.len()
    }
}

/// The rows an evaluator found, in model order: flow numbers for the entities of flows (4
/// bytes a row, as the index produced them), references for every other entity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rows {
    /// Flows, recipients or sources.
    Flows(Vec<u32>),
    /// Rows of any entity.
    Refs(Vec<RowRef>),
}

impl Rows {
    /// How many rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            Rows::Flows(f) => f.len(),
            Rows::Refs(r) => r.len(),
        }
    }

    /// Row `k`.
    pub(crate) fn get(&self, k: usize) -> Option<RowRef> {
        match self {
            Rows::Flows(f) => f.get(k).map(|&i| RowRef::Flow(i)),
            Rows::Refs(r) => r.get(k).copied(),
        }
    }

    /// Keeps the first `n` rows.
    pub(crate) fn truncate(&mut self, n: usize) {
        match self {
            Rows::Flows(f) => f.truncate(n),
            Rows::Refs(r) => r.truncate(n),
        }
    }

    /// The rows as references.
    pub(crate) fn into_refs(self) -> Vec<RowRef> {
        match self {
            Rows::Flows(f) => f.into_iter().map(RowRef::Flow).collect(),
            Rows::Refs(r) => r,
        }
    }
}

/// Which flow edges a walk may follow under a `where` condition.
pub(crate) trait Gate {
    /// The first flow (in model order) of `edge` that passes, if any; `first` is the edge's
    /// first flow of all, which the entity graph keeps.
    fn flow(&self, edge: EdgeKey, first: FlowIx) -> Option<FlowIx>;
}

/// How an evaluator reads the model.
pub(crate) trait Access<'m> {
    /// The model's rows and values.
    fn view(&self) -> &ModelView<'m>;

    /// Builds, ahead of running `plan`, what this evaluator will read for it, so that its
    /// cost is timed apart (`--timing`'s `index`); running builds anything this missed on
    /// first use.
    fn prepare(&self, plan: &Plan) {
        let _ = plan;
    }

    /// Every row of `entity` passing `filter` (and, when `orgs` is given, belonging to one of
    /// them), each once, in model order.
    fn rows(
        &self,
        entity: EntityKind,
        filter: Option<&Pred>,
        orgs: Option<&[OrgIx]>,
        ctx: &mut Ctx,
    ) -> Result<Rows, EvalError>;

    /// `count <entity> where <filter> by <by>`, one entry per group in any order; `None`
    /// when this evaluator has no way faster than the executor's row-by-row grouping.
    fn count_by(
        &self,
        entity: EntityKind,
        filter: Option<&Pred>,
        by: &[FieldId],
        ctx: &mut Ctx,
    ) -> Result<Option<Counted>, EvalError> {
        let _ = (entity, filter, by, ctx);
        Ok(None)
    }

    /// The edges a walk may follow under `filter` (every flow edge when there is none).
    fn gate<'a>(
        &'a self,
        filter: Option<&Pred>,
        ctx: &mut Ctx,
    ) -> Result<Box<dyn Gate + 'a>, EvalError>;
}
