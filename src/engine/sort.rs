//! How values sort, and sorting a query may be stopped in: the sort keys and dense ranks both
//! evaluators and the executor order by, a stable sort that checks the deadline and Ctrl-C as
//! it goes, and freeing a stopped query's tables off the user's path. Below both evaluators
//! and the executor, so neither imports the other for them.

use super::budget::{Ctx, EvalError};
use crate::model::Model;
use crate::model::value::Val;
use std::cmp::Ordering;

/// Elements sorted between two looks at the clock and the cancellation flag.
const SORT_RUN: usize = 4096;

/// Sorts `v` stably by `cmp`, stopping with the query's error when its deadline passes or it
/// is cancelled: runs of [`SORT_RUN`] are sorted, then merged pairwise, with a look at the
/// clock after each run and every [`SORT_RUN`] elements merged. A million rows sorted by a
/// quote would otherwise run for seconds past `--timeout` or Ctrl-C.
pub(crate) fn sort_by<T>(
    v: &mut Vec<T>,
    mut cmp: impl FnMut(&T, &T) -> Ordering,
    ctx: &mut Ctx,
) -> Result<(), EvalError> {
    for run in v.chunks_mut(SORT_RUN) {
        ctx.check()?;
        run.sort_by(&mut cmp);
    }
    let len = v.len();
    let mut width = SORT_RUN;
    while width < len {
        let mut src = std::mem::take(v).into_iter();
        let mut out: Vec<T> = Vec::with_capacity(len);
        loop {
            let a: Vec<T> = src.by_ref().take(width).collect();
            if a.is_empty() {
                break;
            }
            let b: Vec<T> = src.by_ref().take(width).collect();
            let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
            loop {
                if out.len().is_multiple_of(SORT_RUN) {
                    ctx.check()?;
                }
                // Ties take from the first run: the sort stays stable.
                let from_b = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => cmp(y, x) == Ordering::Less,
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => break,
                };
                out.extend(if from_b { b.next() } else { a.next() });
            }
        }
        *v = out;
        width = width.saturating_mul(2);
    }
    Ok(())
}

/// Frees `t` on a short-lived thread, so that stopping a query does not wait for its tables
/// to be freed.
pub(crate) fn drop_elsewhere<T: Send + 'static>(t: T) {
    // When the thread cannot be started, the closure, and `t` in it, is dropped right here.
    let _ = std::thread::Builder::new()
        .name("basis-free".into())
        .spawn(move || drop(t));
}

/// Items in the order of their sort keys, each with its dense rank (0, 1, …): equal keys
/// share a rank, so ranks compare as the keys do.
pub(crate) fn dense_ranks<T>(
    mut keyed: Vec<(SortKey, T)>,
    ctx: &mut Ctx,
) -> Result<Vec<(u32, T)>, EvalError> {
    sort_by(&mut keyed, |a, b| a.0.cmp(&b.0), ctx)?;
    let mut out = Vec::with_capacity(keyed.len());
    let mut last: Option<SortKey> = None;
    let mut rank = 0u32;
    for (k, t) in keyed {
        if last.as_ref().is_some_and(|l| *l != k) {
            rank += 1;
        }
        out.push((rank, t));
        last = Some(k);
    }
    Ok(out)
}

/// How a value sorts: durations by their longest end then shortest, flags as flags,
/// everything else by the text it is shown as, case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortKey {
    /// The empty group (a row with no value of the field): first, whatever the field's type,
    /// as docs/language.md says.
    Missing,
    Duration(f64, f64),
    Bool(bool),
    /// Lower-cased, then as written: `with consent` and `WITH CONSENT` are two values, side
    /// by side, in the same order whichever evaluator found them.
    Text(String, String),
}

impl SortKey {
    /// The key of a missing value: before every value.
    pub(crate) fn missing() -> Self {
        SortKey::Missing
    }

    pub(crate) fn of(v: &Val, m: &Model) -> Self {
        match v {
            Val::Duration(s, _) => SortKey::Duration(s.hi, s.lo),
            Val::Bool(b) => SortKey::Bool(*b),
            other => {
                // The text the value is shown as (its cell's), without a JSON value between.
                let text = other.clone().into_cell(m).text().into_owned();
                let lower = if text
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
                {
                    text.clone()
                } else {
                    text.to_lowercase()
                };
                SortKey::Text(lower, text)
            }
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortKey::Missing => 0,
            SortKey::Duration(..) => 1,
            SortKey::Bool(_) => 2,
            SortKey::Text(..) => 3,
        }
    }
}

impl Eq for SortKey {}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Duration(a, b), SortKey::Duration(c, d)) => {
                a.total_cmp(c).then(b.total_cmp(d))
            }
            (SortKey::Bool(a), SortKey::Bool(b)) => a.cmp(b),
            (SortKey::Text(a, x), SortKey::Text(b, y)) => a.cmp(b).then_with(|| x.cmp(y)),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}
