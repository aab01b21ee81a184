//! `basis query`: parse, plan and execute one query, print its result, report its errors at
//! their column.

use super::Failure;
use crate::engine::{Engine, execute_with};
use crate::model::Model;
use crate::output::Table;
use crate::query::{parse, plan};
use std::time::{Duration, Instant};

/// Times of each stage, for `--timing`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timing {
    /// Parsing the text.
    pub parse: Duration,
    /// Resolving names and fields.
    pub plan: Duration,
    /// Running the plan.
    pub execute: Duration,
}

/// Runs `text` against `model`: the result tables, or a rendered error (exit code 1).
pub fn run_query(
    text: &str,
    model: &Model,
    engine: Engine,
    color: bool,
) -> Result<(Vec<Table>, Timing), Failure> {
    let mut timing = Timing::default();
    let t = Instant::now();
    let query = parse(text).map_err(|e| Failure {
        message: e.to_diagnostic().render(text, color),
        code: 1,
    })?;
    timing.parse = t.elapsed();
    let t = Instant::now();
    let plan = plan(&query, model).map_err(|e| Failure {
        message: e.to_diagnostic().render(text, color),
        code: 1,
    })?;
    timing.plan = t.elapsed();
    let t = Instant::now();
    let tables = execute_with(&plan, model, engine).map_err(|e| Failure {
        message: format!("error: {e}\n"),
        code: 1,
    })?;
    timing.execute = t.elapsed();
    Ok((tables, timing))
}

/// A duration as a person reads it: `310 ms`, `14 µs`, `2.1 s`.
pub fn human(d: Duration) -> String {
    let us = d.as_micros();
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{} ms", us / 1_000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
