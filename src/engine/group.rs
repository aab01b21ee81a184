//! The group operator: rows grouped by their `by` fields' values, row by row (for an
//! evaluator that does not count groups itself). Group keys are every combination of one
//! value per `by` field, counted before they are built, and every group and value listed
//! counts against the budget as it is made.

use super::budget::{Ctx, EvalError, Limit};
use super::row::{ModelView, RowRef};
use super::sort::drop_elsewhere;
use crate::model::value::Val;
use crate::query::ast::EntityKind;
use crate::query::plan::Select;
use crate::query::schema::{FieldId, default_columns};
use rustc_hash::FxHashMap as HashMap;

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

/// A group: its key, its count, and (for a listing by groups) the distinct values of each
/// shown column.
pub(super) struct Group {
    pub(super) key: Vec<Option<Val>>,
    pub(super) count: u64,
    pub(super) shown: Vec<Vec<Val>>,
}

/// The groups of `count …` and `… by …`, each with its count (and, for a listing, the rows'
/// values of the shown columns), and the shown columns.
pub(super) fn grouped(
    s: &Select,
    view: &ModelView,
    rows: Vec<RowRef>,
    ctx: &mut Ctx,
) -> Result<(Vec<Group>, Vec<FieldId>), EvalError> {
    // A listing by groups shows the chosen columns (the entity's main one by default).
    let shown: Vec<FieldId> = if s.count {
        Vec::new()
    } else if s.show_given {
        s.columns.clone()
    } else {
        vec![default_columns(s.entity)[0]]
    };
    let groups: Vec<Group> = if s.by.is_empty() {
        // One group of every row.
        vec![Group {
            key: Vec::new(),
            count: rows.len() as u64,
            shown: shown_values(view, s.entity, &rows, &shown, ctx)?,
        }]
    } else {
        group_rows(view, s, &rows, &shown, ctx)?
    };
    Ok((groups, shown))
}

/// The distinct values of each shown field over `rows`.
fn shown_values(
    view: &ModelView,
    entity: EntityKind,
    rows: &[RowRef],
    shown: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Vec<Vec<Val>>, EvalError> {
    let mut out: Vec<Vec<Val>> = vec![Vec::new(); shown.len()];
    let mut seen: Vec<rustc_hash::FxHashSet<Val>> = vec![Default::default(); shown.len()];
    let mut kept = 0u64;
    for r in rows {
        ctx.tick()?;
        for (i, f) in shown.iter().enumerate() {
            for v in view.values(entity, *r, *f) {
                if seen[i].insert(v.clone()) {
                    kept += 1;
                    ctx.need(Limit::Rows, "values listed in groups", kept, 0)?;
                    ctx.hold("values listed in groups", listed_bytes(&v))?;
                    out[i].push(v);
                }
            }
        }
    }
    Ok(out)
}

/// Groups row by row: each row's key combinations, counted before they are built.
fn group_rows(
    view: &ModelView,
    s: &Select,
    rows: &[RowRef],
    shown: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Vec<Group>, EvalError> {
    let mut index: HashMap<Vec<Option<Val>>, usize> = HashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut seen: Vec<Vec<rustc_hash::FxHashSet<Val>>> = Vec::new();
    let mut expansion = 0u64;
    let mut kept = 0u64;
    // The loop fills the tables through a closure so that, when it stops early (Ctrl-C, a
    // budget), the tables can be handed to another thread to free: millions of small
    // allocations take hundreds of milliseconds to release, and the user is waiting.
    let filled = (|| -> Result<(), EvalError> {
        for r in rows {
            ctx.tick()?;
            let vals: Vec<Vec<Val>> = s.by.iter().map(|f| view.values(s.entity, *r, *f)).collect();
            // The expansion is counted before it is built.
            count_expansion(&mut expansion, &vals, ctx)?;
            let shown_vals: Vec<Vec<Val>> = shown
                .iter()
                .map(|f| view.values(s.entity, *r, *f))
                .collect();
            for key in combinations(&vals) {
                ctx.tick()?;
                let g = match index.get(&key) {
                    Some(&g) => g,
                    None => {
                        ctx.need(Limit::Groups, "groups", groups.len() as u64 + 1, 0)?;
                        ctx.hold("groups", group_bytes(&key, shown.len()))?;
                        index.insert(key.clone(), groups.len());
                        groups.push(Group {
                            key,
                            count: 0,
                            shown: vec![Vec::new(); shown.len()],
                        });
                        seen.push(vec![Default::default(); shown.len()]);
                        groups.len() - 1
                    }
                };
                groups[g].count += 1;
                for (i, vs) in shown_vals.iter().enumerate() {
                    for v in vs {
                        if seen[g][i].insert(v.clone()) {
                            kept += 1;
                            ctx.need(Limit::Rows, "values listed in groups", kept, 0)?;
                            ctx.hold("values listed in groups", listed_bytes(v))?;
                            groups[g].shown[i].push(v.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = filled {
        drop_elsewhere((index, groups, seen));
        return Err(e);
    }
    Ok(groups)
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
