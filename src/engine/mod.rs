//! The engine: executes a [`Plan`] against a model, streaming rows to a sink.
//!
//! ```text
//!            ┌──────────── exec (select, group, order, limit), compare, path ───────────┐
//!   Plan ──▶ │                        one executor over the trait                        │ ──▶ RowSink
//!            └──────────────────────────────┬───────────────────────────────────────────┘
//!                                   access::Access
//!                         ┌─────────────────┴─────────────────┐
//!                   scan::Scan (reference)         indexed::Indexed (posting lists)
//!                         └──────── pred (what a test means), row (ModelView) ──────┘
//! ```
//!
//! `access::Access` is the evaluator interface: rows passing a condition, counts by key
//! columns, edge gates for walks. The scanning and the indexed evaluator implement it and
//! nothing else; the executor above them shapes every result the same way for both. Every
//! loop checks the query's [`Budget`] and cancellation flag (`budget::Ctx::tick`).

pub(crate) mod access;
pub(crate) mod budget;
mod compare;
mod emit;
pub(crate) mod entry;
pub(crate) mod evidence;
mod filter;
mod group;
mod group_out;
pub(crate) mod indexed;
mod limit;
mod order;
pub(crate) mod pred;
pub(crate) mod row;
pub(crate) mod scan;
mod select;
mod sort;
mod walk;
pub(crate) mod why;

pub use budget::{Budget, EvalError, Limit, Steps};

use crate::model::Model;
use crate::query::plan::{Plan, PlanKind};
use crate::table::{Collect, Count, RowSink, Table};
use access::Access;
use budget::Ctx;
use serde_json::{Value as Json, json};
use strum::{Display, EnumString, VariantNames};

/// Which evaluator runs a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[strum(parse_err_ty = String, parse_err_fn = unknown_engine)]
pub enum Engine {
    /// Scans every row and tests it: the reference.
    Naive,
    /// Reads posting lists and memoised column tests (the indexed evaluator).
    #[default]
    Indexed,
}

fn unknown_engine(s: &str) -> String {
    crate::diagnostic::unknown_word("engine", s, Engine::VARIANTS)
}

/// What a run did: rows streamed and the steps `explain` shows.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Rows handed to the sink (including any it only counted).
    pub rows: u64,
    /// The steps taken.
    pub steps: Steps,
}

/// Runs a plan with the default (indexed) evaluator and keeps the result whole.
pub fn execute(plan: &Plan, model: &Model) -> Result<Vec<Table>, EvalError> {
    execute_with(plan, model, Engine::Indexed)
}

/// Runs a plan with the given evaluator within the default budget and keeps the result
/// whole. Both evaluators give the same tables; only `explain` differs.
pub fn execute_with(plan: &Plan, model: &Model, engine: Engine) -> Result<Vec<Table>, EvalError> {
    let mut sink = Collect::default();
    run_plan(plan, model, engine, Budget::default(), &mut sink)?;
    Ok(vec![sink.table])
}

/// The evaluator `engine` over `model`: the indexed one builds (or reuses) the model's
/// posting lists here.
pub(crate) fn evaluator<'m>(engine: Engine, model: &'m Model) -> Box<dyn Access<'m> + 'm> {
    match engine {
        Engine::Naive => Box::new(scan::Scan::new(model)),
        Engine::Indexed => Box::new(indexed::Indexed::new(model)),
    }
}

/// Runs a plan, streaming its rows to `sink` as they are produced, within `budget`. Query
/// text comes in through [`entry::run`].
pub fn run_plan<'m>(
    plan: &Plan,
    model: &'m Model,
    engine: Engine,
    budget: Budget,
    sink: &mut dyn RowSink<'m>,
) -> Result<Summary, EvalError> {
    let access = evaluator(engine, model);
    let mut ctx = Ctx::new(budget, plan.explain);
    let rows = run_on(plan, access.as_ref(), &mut ctx, sink)?;
    Ok(Summary {
        rows,
        steps: ctx.steps,
    })
}

/// Runs a plan on an evaluator within `ctx`; the rows handed to the sink.
pub(crate) fn run_on<'m>(
    plan: &Plan,
    access: &dyn Access<'m>,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    ctx.evidence = plan.evidence;
    if plan.explain {
        // The plan runs for its row counts; its steps are the result.
        run_kind(&plan.kind, access, ctx, &mut Count::default())?;
        steps_table(&ctx.steps)
            .send(sink)
            .map_err(EvalError::output)
    } else {
        run_kind(&plan.kind, access, ctx, sink)
    }
}

fn run_kind<'m>(
    kind: &PlanKind,
    access: &dyn Access<'m>,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let table = match kind {
        PlanKind::Select(s) => return select::select(s, access, ctx, sink),
        PlanKind::Compare(c) => {
            let rows = filter::rows(access, c.entity, c.filter.as_ref(), Some(&c.orgs), ctx)?;
            compare::compare(access.view(), c, &rows.into_refs(), ctx)?
        }
        PlanKind::Path(p) => walk::path(p, access, ctx)?,
        PlanKind::Reachable(r) => walk::reachable(r, access, ctx)?,
    };
    table.send(sink).map_err(EvalError::output)
}

fn steps_table(steps: &Steps) -> Table {
    let mut t = Table::new("plan", &["step", "detail", "estimated_rows", "actual_rows"]);
    for (s, d, e, a) in &steps.rows {
        t.rows.push(vec![
            json!(s),
            json!(d),
            e.map_or(Json::Null, |e| json!(e)),
            json!(a),
        ]);
    }
    t
}
