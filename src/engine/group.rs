//! Group keys: every combination of one value per `by` field, counted before it is built.

use super::budget::{Ctx, EvalError, Limit};
use crate::model::value::Val;

/// How many group keys a row with these values makes: the product of the value counts, a
/// field without values counting once.
pub(crate) fn product(vals: &[Vec<Val>]) -> u64 {
    vals.iter()
        .fold(1u64, |acc, v| acc.saturating_mul(v.len().max(1) as u64))
}

/// Adds a row's key combinations to the `expansion` counted so far, and fails when the
/// total passes the row budget: the work of a grouping is counted before it is done.
pub(crate) fn count_expansion(
    expansion: &mut u64,
    vals: &[Vec<Val>],
    ctx: &Ctx,
) -> Result<(), EvalError> {
    *expansion = expansion.saturating_add(product(vals));
    ctx.need(
        Limit::Rows,
        "group keys (every combination of the `by` values)",
        *expansion,
        0,
    )
}

/// Every combination of one value per field (`None` for a field without values), one at a
/// time: the combinations of a row are never all held at once, so a group budget stops a
/// grouping before its keys fill memory.
pub(crate) fn combinations(vals: &[Vec<Val>]) -> Combinations<'_> {
    Combinations {
        vals,
        at: vec![0; vals.len()],
        done: false,
    }
}

/// The combinations of [`combinations`], in order (the last field varying fastest).
pub(crate) struct Combinations<'v> {
    vals: &'v [Vec<Val>],
    /// The index of the current value of each field.
    at: Vec<usize>,
    done: bool,
}

impl Iterator for Combinations<'_> {
    type Item = Vec<Option<Val>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let key = self
            .vals
            .iter()
            .zip(&self.at)
            .map(|(vs, &i)| vs.get(i).cloned())
            .collect();
        // Advance like an odometer; past the last combination, stop.
        self.done = true;
        for f in (0..self.vals.len()).rev() {
            if self.at[f] + 1 < self.vals[f].len() {
                self.at[f] += 1;
                self.done = false;
                break;
            }
            self.at[f] = 0;
        }
        Some(key)
    }
}

/// The bytes a value's text holds beyond the value itself.
fn text_bytes(v: Option<&Val>) -> u64 {
    match v {
        Some(Val::Text(t)) | Some(Val::Duration(_, t)) => t.len() as u64,
        _ => 0,
    }
}

/// An estimate of the bytes one group holds in a grouping row by row: its key twice (the
/// map's and the group's, values and text), the map's slot, the group itself, and per shown
/// field its list and its set of values seen; a vector that doubles may hold twice its rows.
pub(crate) fn group_bytes(key: &[Option<Val>], shown: usize) -> u64 {
    let val = std::mem::size_of::<Option<Val>>() as u64;
    let key_bytes: u64 = key.iter().map(|v| val + text_bytes(v.as_ref())).sum();
    2 * (24 + key_bytes) + 48 + 2 * (56 + 24) + shown as u64 * (24 + 32)
}

/// An estimate of the bytes a group key counted in a map holds: the key, its text and the
/// map's slot with its count.
pub(crate) fn counted_key_bytes(key: &[Option<Val>]) -> u64 {
    let val = std::mem::size_of::<Option<Val>>() as u64;
    24 + key
        .iter()
        .map(|v| val + text_bytes(v.as_ref()))
        .sum::<u64>()
        + 24
}

/// An estimate of the bytes one value listed in a group holds: the value in the group's list
/// and in its set of values seen, with its text each time.
pub(crate) fn listed_bytes(v: &Val) -> u64 {
    2 * (std::mem::size_of::<Val>() as u64 + text_bytes(Some(v))) + 16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OrgIx;

    #[test]
    fn every_combination_once_in_order_with_none_for_an_empty_field() {
        let a = vec![Val::Org(OrgIx(1)), Val::Org(OrgIx(2))];
        let b: Vec<Val> = Vec::new();
        let c = vec![Val::Bool(true), Val::Bool(false)];
        let keys: Vec<_> = combinations(&[a.clone(), b, c.clone()]).collect();
        assert_eq!(
            keys.len() as u64,
            product(&[a.clone(), Vec::new(), c.clone()])
        );
        assert_eq!(
            keys,
            vec![
                vec![Some(a[0].clone()), None, Some(c[0].clone())],
                vec![Some(a[0].clone()), None, Some(c[1].clone())],
                vec![Some(a[1].clone()), None, Some(c[0].clone())],
                vec![Some(a[1].clone()), None, Some(c[1].clone())],
            ]
        );
        // No fields: one empty key, as a count with no `by` has one group.
        assert_eq!(
            combinations(&[]).collect::<Vec<_>>(),
            vec![Vec::<Option<Val>>::new()]
        );
    }
}
