//! What one query may spend — rows kept, groups, an estimate of memory, wall time — and the
//! cancellation flag, checked in every loop of the engine; and the steps `explain` shows.
//!
//! Every loop that can run long calls [`Ctx::tick`]: an atomic load per call and a clock
//! read every [`CLOCK_EVERY`] calls, so an interrupt or a deadline stops a query within
//! milliseconds. Work that would exceed a limit is counted before it is built (the expansion
//! of multi-valued `by` fields, the rows kept for a sort), so the error comes instead of the
//! allocation, never after it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use thiserror::Error;

/// Calls of [`Ctx::tick`] between two reads of the clock.
pub(crate) const CLOCK_EVERY: u32 = 1024;

/// The limits of one query. [`Budget::default`] is what `basis query` uses.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Rows a query may hold at once (kept for `order by`, candidates of a filter, group key
    /// instances before they are merged).
    pub rows: u64,
    /// Distinct groups of a `count … by` or `… by`.
    pub groups: u64,
    /// An estimate of the bytes a query may hold at once.
    pub memory: u64,
    /// Wall time, from the start of execution.
    pub timeout: Option<Duration>,
    /// Set from elsewhere (Ctrl-C) to stop the query.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// Default row limit: enough for every flow of a 100M-flow dataset's candidate list.
pub(crate) const DEFAULT_ROWS: u64 = 100_000_000;
/// Default group limit.
pub(crate) const DEFAULT_GROUPS: u64 = 1_000_000;
/// Default memory estimate limit: 4 GiB.
pub(crate) const DEFAULT_MEMORY: u64 = 4 << 30;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            rows: DEFAULT_ROWS,
            groups: DEFAULT_GROUPS,
            memory: DEFAULT_MEMORY,
            timeout: None,
            cancel: None,
        }
    }
}

/// Which limit a query reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Budget::rows`].
    Rows,
    /// [`Budget::groups`].
    Groups,
    /// [`Budget::memory`].
    Memory,
}

display_as_word!(Limit => word);

impl Limit {
    /// The command-line flag (and REPL setting) that raises it.
    pub(crate) fn flag(self) -> &'static str {
        match self {
            Limit::Rows => "--max-rows",
            Limit::Groups => "--max-groups",
            Limit::Memory => "--max-memory",
        }
    }

    /// The word `.limit` takes in the REPL.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Limit::Rows => "rows",
            Limit::Groups => "groups",
            Limit::Memory => "memory",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Limit::Rows => "rows",
            Limit::Groups => "groups",
            Limit::Memory => "bytes",
        }
    }
}

/// Why a planned query could not finish.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    /// A `path` search explored more than its budget of edges without finishing:
    /// `path from a to b max 10` on a dense national dataset.
    #[error(
        "the path search stopped after exploring {explored} edges; lower `max` or add a `where` condition"
    )]
    PathBudget {
        /// Edges explored.
        explored: u64,
    },
    /// The query would exceed a limit of its budget: `count services by party, category,
    /// purpose, subject, basis, legislation` (every combination of six lists per service).
    #[error(
        "the query needs more than {limit_value} {noun} ({what}: {needed}{unit}); narrow it with `where`, group by fewer fields, or raise the limit with {flag} N (in the REPL: `.limit {word} N`)",
        noun = limit.noun(),
        unit = if *limit == Limit::Memory { " bytes" } else { "" },
        flag = limit.flag(),
        word = limit.word()
    )]
    Budget {
        /// The limit reached.
        limit: Limit,
        /// Its value.
        limit_value: u64,
        /// What needed it.
        what: &'static str,
        /// How much was needed (a lower bound where counting stopped early).
        needed: u64,
    },
    /// The query ran past `--timeout`.
    #[error(
        "the query stopped after {0:?} (the time limit); raise it with --timeout SECONDS or narrow the query"
    )]
    Timeout(Duration),
    /// The query was interrupted (Ctrl-C).
    #[error("the query was cancelled (Ctrl-C)")]
    Cancelled,
    /// The output could not be written: a closed pipe (`| head`) or a full disk.
    #[error("writing the result failed: {0}")]
    Output(String),
    /// The output was closed by its reader (`| head -3`): not a failure of the query.
    #[error("the reader closed the output")]
    Closed,
}

impl EvalError {
    /// The error of a sink's write failure: a closed pipe is [`EvalError::Closed`].
    pub(crate) fn output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            EvalError::Closed
        } else {
            EvalError::Output(e.to_string())
        }
    }
}

/// The state of one execution: its budget, its clock and the steps `explain` shows.
#[derive(Debug)]
pub(crate) struct Ctx {
    budget: Budget,
    start: Instant,
    ticks: u32,
    /// Bytes held by structures counted with [`Ctx::hold`].
    held: u64,
    /// The steps taken, for `explain`.
    pub steps: Steps,
    /// Whether the steps will be shown (`explain`): estimates that cost work of their own are
    /// made only then.
    pub explaining: bool,
    /// Whether listings carry an `evidence` column (`--evidence`, the REPL's `.source`).
    pub evidence: bool,
}

impl Ctx {
    /// A context starting now; `explaining` when its steps will be shown.
    pub(crate) fn new(budget: Budget, explaining: bool) -> Self {
        Ctx {
            budget,
            start: Instant::now(),
            ticks: 0,
            held: 0,
            steps: Steps::default(),
            explaining,
            evidence: false,
        }
    }

    /// Records a step for `explain`. Its detail (a condition in words, which takes work to
    /// write) is worked out only when the steps will be shown; otherwise nothing is kept.
    pub(crate) fn step(
        &mut self,
        step: &str,
        detail: impl FnOnce() -> String,
        estimated: Option<usize>,
        actual: usize,
    ) {
        if self.explaining {
            self.steps.push(step, detail(), estimated, actual);
        }
    }

    /// Checks the cancellation flag and, every [`CLOCK_EVERY`] calls, the clock.
    pub(crate) fn tick(&mut self) -> Result<(), EvalError> {
        if let Some(c) = &self.budget.cancel
            && c.load(Ordering::Relaxed)
        {
            return Err(EvalError::Cancelled);
        }
        self.ticks += 1;
        if self.ticks >= CLOCK_EVERY {
            self.ticks = 0;
            self.check_clock()?;
        }
        Ok(())
    }

    /// Checks the cancellation flag and the clock now: for loops whose steps are long
    /// (a run of a sort), where [`Ctx::tick`]'s clock every [`CLOCK_EVERY`] calls is too late.
    pub(crate) fn check(&self) -> Result<(), EvalError> {
        if let Some(c) = &self.budget.cancel
            && c.load(Ordering::Relaxed)
        {
            return Err(EvalError::Cancelled);
        }
        self.check_clock()
    }

    /// Adds `bytes` to what the query holds and fails when the total passes the memory
    /// budget: for structures built piece by piece (groups and the values they list), whose
    /// pieces must count together, not each against the whole budget.
    pub(crate) fn hold(&mut self, what: &'static str, bytes: u64) -> Result<(), EvalError> {
        self.held = self.held.saturating_add(bytes);
        if self.held > self.budget.memory {
            return Err(EvalError::Budget {
                limit: Limit::Memory,
                limit_value: self.budget.memory,
                what,
                needed: self.held,
            });
        }
        Ok(())
    }

    /// Checks the clock now.
    fn check_clock(&self) -> Result<(), EvalError> {
        if let Some(t) = self.budget.timeout
            && self.start.elapsed() > t
        {
            return Err(EvalError::Timeout(t));
        }
        Ok(())
    }

    /// Fails when `needed` exceeds `limit`; `bytes_each` adds the memory estimate.
    pub(crate) fn need(
        &self,
        limit: Limit,
        what: &'static str,
        needed: u64,
        bytes_each: u64,
    ) -> Result<(), EvalError> {
        let value = match limit {
            Limit::Rows => self.budget.rows,
            Limit::Groups => self.budget.groups,
            Limit::Memory => self.budget.memory,
        };
        if needed > value {
            return Err(EvalError::Budget {
                limit,
                limit_value: value,
                what,
                needed,
            });
        }
        let bytes = needed.saturating_mul(bytes_each);
        if bytes > self.budget.memory {
            return Err(EvalError::Budget {
                limit: Limit::Memory,
                limit_value: self.budget.memory,
                what,
                needed: bytes,
            });
        }
        Ok(())
    }
}

/// The steps of an execution, for `explain`: what each did, its estimated and actual rows.
#[derive(Debug, Default, Clone)]
pub struct Steps {
    /// `(step, detail, estimated rows, actual rows)`.
    pub rows: Vec<(String, String, Option<usize>, usize)>,
}

impl Steps {
    /// Records a step with its estimated and actual row counts.
    pub(crate) fn push(
        &mut self,
        step: &str,
        detail: String,
        estimated: Option<usize>,
        actual: usize,
    ) {
        self.rows
            .push((step.to_string(), detail, estimated, actual));
    }
}
