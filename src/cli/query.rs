//! `basis query`: parse, plan and execute one query, print its result, report its errors at
//! their column.

use super::Failure;
use crate::engine::{Budget, Engine, EvalError, Summary, run};
use crate::model::Model;
use crate::query::ast::{Expr, ExprKind, Query, QueryKind};
use crate::query::{parse, plan};
use crate::table::{Cell, Header, RowSink, Wanted};
use std::io;
use std::time::{Duration, Instant};

/// Times of each stage, for `--timing`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timing {
    /// Parsing the text.
    pub parse: Duration,
    /// Resolving names and fields.
    pub plan: Duration,
    /// Running the plan (not counting the time its rows spent being written).
    pub execute: Duration,
    /// Writing the rows (formatting and printing, inside the sink).
    pub output: Duration,
    /// Building the index structures this query reads (posting lists, the entity graph),
    /// when they were not built yet.
    pub prepare: Duration,
}

/// What [`stream_query`] tells besides the rows it streamed.
#[derive(Debug, Clone, Default)]
pub struct Ran {
    /// The stage times.
    pub timing: Timing,
    /// Why the result is empty, or what its filter passed over.
    pub notes: Vec<String>,
}

/// Runs `text` against `model`, streaming its rows to `sink` as they are made (with an
/// `evidence` column when `evidence`). A reader that closes the output (`| head -3`) stops
/// the query quietly.
pub fn stream_query<'m>(
    text: &str,
    model: &'m Model,
    engine: Engine,
    budget: Budget,
    sink: &mut dyn RowSink<'m>,
    color: bool,
    evidence: bool,
) -> Result<Ran, Failure> {
    let mut timing = Timing::default();
    let t = Instant::now();
    let query = parse(text).map_err(|e| Failure {
        message: e.to_diagnostic().render(text, color),
        code: 1,
    })?;
    timing.parse = t.elapsed();
    let t = Instant::now();
    let mut plan = plan(&query, model).map_err(|e| Failure {
        message: e.to_diagnostic().render(text, color),
        code: 1,
    })?;
    plan.evidence = evidence;
    timing.plan = t.elapsed();
    if engine == Engine::Indexed {
        let t = Instant::now();
        crate::engine::indexed::Indexed::prepare(&plan, model);
        timing.prepare = t.elapsed();
    }
    let t = Instant::now();
    let mut timed = Timed {
        inner: sink,
        spent: Duration::ZERO,
    };
    let result: Result<Summary, EvalError> = run(&plan, model, engine, budget, &mut timed);
    let total = t.elapsed();
    timing.output = timed.spent;
    timing.execute = total.saturating_sub(timed.spent);
    match result {
        Ok(summary) => Ok(Ran {
            timing,
            notes: crate::engine::why::notes(&plan, model, summary.rows, &labels(&query, text)),
        }),
        Err(EvalError::Closed) => Ok(Ran {
            timing,
            notes: Vec::new(),
        }),
        Err(e) => Err(Failure {
            message: format!("error: {e}\n"),
            code: 1,
        }),
    }
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

/// A duration as a person reads it: `310 ms`, `14 µs`, `2.1 s`.
pub fn human(d: Duration) -> String {
    // Three significant figures, rounded: whole milliseconds would hide a tenth of a
    // 10 ms query, and a benchmark compares these figures.
    let us = d.as_secs_f64() * 1e6;
    if us < 999.5 {
        format!("{us:.0} µs")
    } else if us < 9_995.0 {
        format!("{:.2} ms", us / 1e3)
    } else if us < 99_950.0 {
        format!("{:.1} ms", us / 1e3)
    } else if us < 999_500.0 {
        format!("{:.0} ms", us / 1e3)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}
