//! `basis query`: parse, plan and execute one query, print its result, report its errors at
//! their column.

use super::Failure;
use crate::engine::entry::{Options, RunError, run};
use crate::engine::{Budget, Engine, EvalError};
use crate::model::Model;
use crate::table::RowSink;
use std::time::Duration;

pub(crate) use crate::engine::entry::Timing;

/// What [`stream_query`] tells besides the rows it streamed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ran {
    /// The stage times.
    pub(crate) timing: Timing,
    /// Why the result is empty, or what its filter passed over.
    pub(crate) notes: Vec<String>,
}

/// Runs `text` against `model` through [`crate::run`], streaming its rows to `sink` as they
/// are made (with an `evidence` column when `evidence`). A reader that closes the output
/// (`| head -3`) stops the query quietly.
pub(crate) fn stream_query<'m>(
    text: &str,
    model: &'m Model,
    engine: Engine,
    budget: Budget,
    sink: &mut dyn RowSink<'m>,
    color: bool,
    evidence: bool,
) -> Result<Ran, Failure> {
    let options = Options {
        engine,
        budget,
        evidence,
    };
    match run(text, model, &options, sink) {
        Ok(outcome) => Ok(Ran {
            timing: outcome.timing,
            notes: outcome.notes,
        }),
        Err(RunError::Eval(EvalError::Closed)) => Ok(Ran::default()),
        Err(e) => Err(Failure {
            message: e.render(text, color),
            code: 1,
        }),
    }
}

/// A duration as a person reads it: `310 ms`, `14 µs`, `2.1 s`.
pub(crate) fn human(d: Duration) -> String {
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

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn timing_figures_have_three_significant_digits_rounded() {
        use std::time::Duration;
        let us = Duration::from_micros;
        let cases = [
            (Duration::from_nanos(400), "0 µs"),
            (us(109), "109 µs"),
            (Duration::from_nanos(999_400), "999 µs"),
            (Duration::from_nanos(999_600), "1.00 ms"),
            (us(1_070), "1.07 ms"),
            (us(9_996), "10.0 ms"),
            (us(10_960), "11.0 ms"),
            (us(10_340), "10.3 ms"),
            (us(127_400), "127 ms"),
            (us(999_600), "1.00 s"),
            (us(2_346_000), "2.35 s"),
        ];
        for (d, shown) in cases {
            assert_eq!(human(d), shown, "{d:?}");
        }
    }
}
