//! The scanning evaluator: every row of the entity is tested against the condition. Simple
//! enough to trust; the reference the indexed evaluator is checked against.

use super::access::{Access, EdgeKey, Gate, Rows};
use super::budget::{Ctx, EvalError, Limit};
use super::pred::{describe, test_row};
use super::row::{ModelView, RowRef};
use crate::model::value::Val;
use crate::model::{FlowIx, Model, OrgIx};
use crate::query::ast::EntityKind;
use crate::query::plan::Pred;
use crate::query::schema::FieldId;
use rustc_hash::FxHashMap as HashMap;

/// The scanning evaluator over one model.
pub(crate) struct Scan<'m> {
    view: ModelView<'m>,
}

impl<'m> Scan<'m> {
    /// The scanning evaluator of `model`.
    pub(crate) fn new(model: &'m Model) -> Self {
        Scan {
            view: ModelView::new(model),
        }
    }
}

impl<'m> Access<'m> for Scan<'m> {
    fn view(&self) -> &ModelView<'m> {
        &self.view
    }

    fn rows(
        &self,
        entity: EntityKind,
        filter: Option<&Pred>,
        orgs: Option<&[OrgIx]>,
        ctx: &mut Ctx,
    ) -> Result<Rows, EvalError> {
        let view = &self.view;
        let all = view.rows(entity);
        let n = all.len();
        ctx.need(Limit::Rows, "rows scanned", n as u64, 16)?;
        ctx.step(
            "scan",
            || format!("{} ({} rows)", entity.word(), n),
            Some(n),
            n,
        );
        let mut all = all;
        if let Some(os) = orgs {
            let orgs: Vec<Val> = os.iter().map(|o| Val::Org(*o)).collect();
            let mut kept = Vec::with_capacity(all.len());
            for r in all {
                ctx.tick()?;
                if view
                    .values(entity, r, FieldId::Org)
                    .iter()
                    .any(|o| orgs.contains(o))
                {
                    kept.push(r);
                }
            }
            ctx.step(
                "filter",
                || "org of a compared organisation".into(),
                None,
                kept.len(),
            );
            all = kept;
        }
        let Some(pred) = filter else {
            return Ok(Rows::Refs(all));
        };
        // Estimates from each conjunct's selectivity, assuming independence: a scan per
        // conjunct, made only when `explain` shows them.
        let conjuncts: Vec<&Pred> = match pred {
            Pred::And(xs) => xs.iter().collect(),
            p => vec![p],
        };
        let mut estimate = all.len() as f64;
        if conjuncts.len() > 1 && ctx.explaining {
            for c in &conjuncts {
                let mut pass = 0usize;
                for r in &all {
                    ctx.tick()?;
                    pass += usize::from(test_row(view, entity, *r, c));
                }
                if !all.is_empty() {
                    estimate *= pass as f64 / all.len() as f64;
                }
            }
        }
        let mut out = Vec::new();
        for r in all {
            ctx.tick()?;
            if test_row(view, entity, r, pred) {
                out.push(r);
            }
        }
        if conjuncts.len() == 1 || !ctx.explaining {
            estimate = out.len() as f64;
        }
        ctx.step(
            "filter",
            || describe(view.model, pred),
            Some(estimate.round() as usize),
            out.len(),
        );
        Ok(Rows::Refs(out))
    }

    fn gate<'a>(
        &'a self,
        filter: Option<&Pred>,
        ctx: &mut Ctx,
    ) -> Result<Box<dyn Gate + 'a>, EvalError> {
        let mut first = HashMap::default();
        for r in self.rows(EntityKind::Flows, filter, None, ctx)?.into_refs() {
            if let RowRef::Flow(i) = r {
                let f = &self.view.model.flows[i as usize];
                first
                    .entry((f.service, f.party, f.direction()))
                    .or_insert(FlowIx(i));
            }
        }
        Ok(Box::new(EdgeTable(first)))
    }
}

/// Every passing edge with its first flow, worked out before the walk.
struct EdgeTable(HashMap<EdgeKey, FlowIx>);

impl Gate for EdgeTable {
    fn flow(&self, edge: EdgeKey, _first: FlowIx) -> Option<FlowIx> {
        self.0.get(&edge).copied()
    }
}
