//! The one door into the engine from query text: [`run`] parses, plans, prepares the chosen
//! evaluator and streams the rows to a sink; [`explain`] gives the plan's steps with their
//! row counts. The command line, the REPL, the benches and the tests all come in here, so a
//! query is run the same way wherever it is typed.

use super::budget::{Budget, Ctx, EvalError, Steps};
use super::{Engine, evaluator, run_on};
use crate::model::Model;
use crate::query::ast::{Expr, ExprKind, Query, QueryKind};
use crate::query::{ParseError, PlanError, parse, plan};
use crate::table::{Cell, Collect, Header, RowSink, Table, Wanted};
use std::io;
use std::time::{Duration, Instant};
use thiserror::Error;

/// How to run a query.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which evaluator.
    pub engine: Engine,
    /// What the query may spend.
    pub budget: Budget,
    /// Add an `evidence` column to listings, paths and walks: every sentence a row rests on.
    pub evidence: bool,
}

/// Times of each stage, for `--timing`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timing {
    /// Parsing the text.
    pub parse: Duration,
    /// Resolving names and fields.
    pub plan: Duration,
    /// Building what the evaluator reads for this query (posting lists, the walk's
    /// adjacency), when it was not built yet.
    pub index: Duration,
    /// Running the plan (not counting the time its rows spent being written).
    pub execute: Duration,
    /// Writing the rows (formatting and printing, inside the sink).
    pub output: Duration,
}

/// What a run did besides the rows it streamed.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Rows handed to the sink (including any it only counted).
    pub rows: u64,
    /// The steps taken, for `explain`.
    pub steps: Steps,
    /// The stage times.
    pub timing: Timing,
    /// Why the result is empty, or what its filter passed over (`super::why`).
    pub notes: Vec<String>,
}

/// Why query text could not be run.
#[derive(Debug, Clone, Error)]
pub enum RunError {
    /// The text is not a query: `recipients wher org = x`.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// The query does not fit the model: `recipients where categroy in health`.
    #[error("{0}")]
    Plan(#[from] PlanError),
    /// The query could not finish: a budget, a deadline, Ctrl-C, a failed write.
    #[error("{0}")]
    Eval(#[from] EvalError),
}

impl RunError {
    /// The error as the user reads it: parse and plan errors located in `text`, with a caret
    /// under the column.
    pub fn render(&self, text: &str, color: bool) -> String {
        match self {
            RunError::Parse(e) => e.render(text, color),
            RunError::Plan(e) => e.render(text, color),
            RunError::Eval(e) => format!("error: {e}\n"),
        }
    }
}

/// Runs query `text` against `model`, streaming its rows to `sink` as they are made.
pub fn run<'m>(
    text: &str,
    model: &'m Model,
    options: &Options,
    sink: &mut dyn RowSink<'m>,
) -> Result<Outcome, RunError> {
    run_noting(text, model, options, sink, true)
}

/// [`run`], working out the notes on an empty answer only when `with_notes`: a caller that
/// keeps the rows alone (reports, checks) would otherwise pay for a second scan of the entity
/// on every empty answer, once per service of a national dataset.
fn run_noting<'m>(
    text: &str,
    model: &'m Model,
    options: &Options,
    sink: &mut dyn RowSink<'m>,
    with_notes: bool,
) -> Result<Outcome, RunError> {
    let mut timing = Timing::default();
    let t = Instant::now();
    let query = parse(text)?;
    timing.parse = t.elapsed();
    let t = Instant::now();
    let mut plan = plan(&query, model)?;
    plan.evidence = options.evidence;
    timing.plan = t.elapsed();
    let t = Instant::now();
    let access = evaluator(options.engine, model);
    access.prepare(&plan);
    timing.index = t.elapsed();
    let t = Instant::now();
    let mut timed = Timed {
        inner: sink,
        spent: Duration::ZERO,
    };
    let mut ctx = Ctx::new(options.budget.clone(), plan.explain);
    let result = run_on(&plan, access.as_ref(), &mut ctx, &mut timed);
    let rows = result?;
    let notes = if with_notes {
        super::why::notes(
            &plan,
            access.as_ref(),
            &mut ctx,
            rows,
            &labels(&query, text),
        )
    } else {
        Ok(Vec::new())
    };
    // The notes are a hint on an answer already given: a limit that working them out would
    // pass leaves the answer without them instead of failing it after its rows were written.
    // A deadline or Ctrl-C still stops the run.
    let notes = match notes {
        Err(EvalError::Budget { .. } | EvalError::PathBudget { .. }) => Ok(Vec::new()),
        n => n,
    };
    let total = t.elapsed();
    timing.output = timed.spent;
    timing.execute = total.saturating_sub(timed.spent);
    Ok(Outcome {
        rows,
        steps: ctx.steps,
        timing,
        notes: notes?,
    })
}

/// The plan of query `text` (with or without a leading `explain`), run for its row counts:
/// one row per step with its detail, estimated and actual rows.
pub fn explain(text: &str, model: &Model, options: &Options) -> Result<Table, RunError> {
    let query = parse(text)?;
    let mut plan = plan(&query, model)?;
    plan.explain = true;
    let access = evaluator(options.engine, model);
    access.prepare(&plan);
    let mut sink = Collect::default();
    let mut ctx = Ctx::new(options.budget.clone(), true);
    run_on(&plan, access.as_ref(), &mut ctx, &mut sink)?;
    Ok(sink.table)
}

/// Runs `text`, keeping its rows whole: for reports, checks and tests. It works out no notes
/// (see [`Outcome::notes`]), which a table has no place for; call [`run`] with a [`Collect`]
/// sink for both.
pub fn run_collect(text: &str, model: &Model, options: &Options) -> Result<Table, RunError> {
    let mut sink = Collect::default();
    run_noting(text, model, options, &mut sink, false)?;
    Ok(sink.table)
}

/// The query's own words for each condition of its top-level `and` (or for its whole
/// condition), which the notes on a result quote.
fn labels(query: &Query, text: &str) -> Vec<String> {
    let filter = match &query.kind {
        QueryKind::Select(s) => s.filter.as_ref(),
        QueryKind::Count(c) => c.filter.as_ref(),
        _ => None,
    };
    let words = |e: &Expr| {
        text.get(e.span.start..e.span.end)
            .unwrap_or_default()
            .to_string()
    };
    match filter.map(|e| &e.kind) {
        Some(ExprKind::And(xs)) => xs.iter().map(words).collect(),
        Some(_) => filter.map(words).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A sink that times the sink inside it, batch by batch.
struct Timed<'s, 'm> {
    inner: &'s mut dyn RowSink<'m>,
    spent: Duration,
}

impl<'m> RowSink<'m> for Timed<'_, 'm> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        let t = Instant::now();
        let r = self.inner.begin(header);
        self.spent += t.elapsed();
        r
    }

    fn rows(&mut self, cells: &[Cell<'m>]) -> io::Result<Wanted> {
        let t = Instant::now();
        let r = self.inner.rows(cells);
        self.spent += t.elapsed();
        r
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        let t = Instant::now();
        let r = self.inner.end(total);
        self.spent += t.elapsed();
        r
    }
}
