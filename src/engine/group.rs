//! Group keys: every combination of one value per `by` field, counted before it is built.

use crate::model::value::Val;

/// How many group keys a row with these values makes: the product of the value counts, a
/// field without values counting once.
pub(crate) fn product(vals: &[Vec<Val>]) -> u64 {
    vals.iter()
        .fold(1u64, |acc, v| acc.saturating_mul(v.len().max(1) as u64))
}

/// Every combination of one value per field (`None` for a field without values).
pub(crate) fn combinations(vals: &[Vec<Val>]) -> Vec<Vec<Option<Val>>> {
    let mut keys: Vec<Vec<Option<Val>>> = vec![Vec::with_capacity(vals.len())];
    for vs in vals {
        if vs.is_empty() {
            keys.iter_mut().for_each(|k| k.push(None));
            continue;
        }
        keys = keys
            .into_iter()
            .flat_map(|k| {
                vs.iter().map(move |v| {
                    let mut k = k.clone();
                    k.push(Some(v.clone()));
                    k
                })
            })
            .collect();
    }
    keys
}
