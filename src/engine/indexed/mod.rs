//! The indexed evaluator: posting lists for the flows, memoised tests for what they leave.
//!
//! A condition's conjuncts are ordered by estimated selectivity (the length of the posting
//! lists each would read). The most selective conjunct the index can answer gives the
//! candidates; other exact single-list conjuncts are intersected with them (galloping through
//! the sorted lists) while that is cheaper than testing; every remaining conjunct is tested on
//! the candidates only. Those tests are memoised by what their answer depends on — `org = x`
//! by the flow's organisation, `category in health` by its interned category set — and each
//! memo entry is filled by the shared [`test_row`] on a flow having that key.

mod count;
mod flows;
mod gate;
mod key;
mod lookup;
mod probe;

use super::access::{Access, Counted, Gate, Rows};
use super::budget::{Ctx, EvalError, Limit};
use super::pred::{describe, keep};
use super::row::{ModelView, RowRef, service_list};
use crate::model::index::{FlowIndex, PostingKind};
use crate::model::value::Val;
use crate::model::{Direction, Model, OrgIx};
use crate::query::ast::EntityKind;
use crate::query::plan::{Plan, PlanKind, Pred, Test};
use crate::query::schema::FieldId;
use count::{count_by, length_kind};
use gate::LazyGate;
use lookup::{by_bitmaps, costed_conjuncts, list_kinds};
use probe::Probe;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// The indexed evaluator over one model (its posting lists are the model's own, built once).
pub(crate) struct Indexed<'m> {
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
    pub(crate) fn new(model: &'m Model) -> Self {
        Indexed {
            view: ModelView::new(model),
            ix: model.flow_index(),
        }
    }
}

fn direction_of(entity: EntityKind) -> Option<Option<Direction>> {
    match entity {
        EntityKind::Flows => Some(None),
        EntityKind::Recipients => Some(Some(Direction::To)),
        EntityKind::Sources => Some(Some(Direction::From)),
        _ => None,
    }
}

/// The stand-in condition of a compare's organisations, told apart by address.
static ORG_SCOPE: Pred = Pred::And(Vec::new());

/// Rows read from the index's lists of services (`what` they are), counted against the
/// budget and shown by `explain` as an `index` step.
fn listed(rows: Vec<RowRef>, what: &str, ctx: &mut Ctx) -> Result<Vec<RowRef>, EvalError> {
    ctx.need(
        Limit::Rows,
        "rows of the services read",
        rows.len() as u64,
        16,
    )?;
    ctx.step(
        "index",
        || format!("{what} ({} rows)", rows.len()),
        None,
        rows.len(),
    );
    Ok(rows)
}

/// The services a condition keeps its rows to: those it names (`service = x`, `service in (x,
/// y)`), or else, except for retention rules, those of the organisations it names (`org = x`);
/// alone or as a conjunct. A service's own row, its facts and its retention rules are then read
/// from those services alone instead of scanning every row (the whole condition is still
/// tested on them).
fn pinned_services(
    p: &Pred,
    entity: EntityKind,
    ix: &FlowIndex,
) -> Option<(Vec<u32>, &'static str)> {
    let conj: &[Pred] = match p {
        Pred::And(ps) => ps,
        p => std::slice::from_ref(p),
    };
    let named = |field: FieldId| {
        conj.iter().find_map(|c| match c {
            Pred::Test(f, Test::AnyOf(vals)) if *f == field => Some(vals),
            _ => None,
        })
    };
    if let Some(vals) = named(FieldId::Service) {
        let svcs = vals
            .iter()
            .map(|v| match v {
                Val::Service(s) => Some(s.0),
                _ => None,
            })
            .collect::<Option<Vec<u32>>>()?;
        return Some((svcs, "services the condition names"));
    }
    // A retention rule's organisation is its own field: it is not read through its service.
    if entity == EntityKind::Retention {
        return None;
    }
    let orgs = named(FieldId::Org)?
        .iter()
        .map(|v| match v {
            Val::Org(o) => Some(*o),
            _ => None,
        })
        .collect::<Option<Vec<OrgIx>>>()?;
    Some((
        flows::services_of(ix, orgs.into_iter()),
        "services of the organisations the condition names",
    ))
}

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
        // A service, its facts (a category, a transfer, a note …) or its retention rules.
        let of_services = matches!(entity, EntityKind::Services | EntityKind::Retention)
            || service_list(entity).is_some();
        let pinned = filter
            .filter(|_| of_services)
            .and_then(|p| pinned_services(p, entity, self.ix));
        let rows = match (pinned, orgs) {
            (Some((mut svcs, what)), orgs) => {
                if let Some(os) = orgs {
                    let m = view.model;
                    svcs.retain(|&s| {
                        m.services
                            .get(s as usize)
                            .is_some_and(|x| os.contains(&x.org))
                    });
                }
                listed(self.facts_of(entity, svcs), what, ctx)?
            }
            (None, Some(os)) if of_services && entity != EntityKind::Retention => listed(
                self.service_facts(entity, os),
                "services of the compared organisations",
                ctx,
            )?,
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
