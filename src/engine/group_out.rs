//! Groups written out: ordered by their keys' values as shown (each distinct value ranked
//! once), then by `order by`, cut to `limit`, and written with their counts — both the groups
//! made row by row and those an evaluator counted itself.

use super::access::Counted;
use super::budget::{Ctx, EvalError, Limit};
use super::emit::{BATCH, Emitter};
use super::group::Group;
use super::row::ModelView;
use super::sort::{SortKey, dense_ranks};
use crate::model::Model;
use crate::model::value::Val;
use crate::query::plan::Select;
use crate::query::schema::FieldId;
use crate::table::{Cell, Header, RowSink};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

/// Orders, limits and writes groups.
pub(super) fn groups<'m>(
    s: &Select,
    view: &ModelView<'m>,
    mut groups: Vec<Group>,
    shown: &[FieldId],
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let m = view.model;
    ctx.need(Limit::Groups, "groups", groups.len() as u64, 0)?;
    let width = s.by.len();
    let texts = key_ranks(view.model, &groups, width, ctx)?;
    let order = super::order::groups(
        s,
        groups.len(),
        false,
        &|g, fi| texts[g * width + fi],
        &|g| groups[g].count,
        ctx,
    )?;
    let mut cols: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    cols.push("count");
    cols.extend(shown.iter().map(|f| f.name()));
    let mut out = Emitter::begin(sink, &Header::new(s.entity.word(), &cols))?;
    for (k, &g) in order.iter().enumerate() {
        if !out.wants_cells() {
            out.skip((order.len() - k) as u64);
            break;
        }
        ctx.tick()?;
        let g = std::mem::replace(
            &mut groups[g],
            Group {
                key: Vec::new(),
                count: 0,
                shown: Vec::new(),
            },
        );
        let mut cells: Vec<Cell<'m>> = Vec::with_capacity(cols.len());
        cells.extend(
            g.key
                .into_iter()
                .map(|v| v.map_or(Cell::Null, |v| v.into_cell(m))),
        );
        cells.push(Cell::Int(g.count));
        cells.extend(
            g.shown
                .into_iter()
                .map(|vs| Cell::List(vs.into_iter().map(|v| v.into_cell(m)).collect())),
        );
        out.row(cells)?;
    }
    let n = out.finish()?;
    let by: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    ctx.step(
        "group",
        || {
            if by.is_empty() {
                "all rows".into()
            } else {
                by.join(", ")
            }
        },
        None,
        n as usize,
    );
    Ok(n)
}

/// A value's cell, made once for every group that shows it.
enum Made<'m> {
    Str(&'m str),
    Null,
    Cell(Cell<'m>),
}

/// Orders, limits and writes the groups an evaluator counted itself: each value's cell is
/// made once, and a group's row is its values' cells and its count.
pub(super) fn counted<'m>(
    s: &Select,
    view: &ModelView<'m>,
    c: Counted,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let m = view.model;
    ctx.need(Limit::Groups, "groups", c.len() as u64, 0)?;
    let width = s.by.len();
    // Each field's rank of each value: the value's index when the evaluator sorted them.
    let ranks: Vec<Vec<u32>> = if c.in_key_order {
        Vec::new()
    } else {
        value_ranks(m, &c, ctx)?
    };
    let index = |g: usize, f: usize| c.keys.get(g * width + f).copied().unwrap_or(0);
    let rank = |g: usize, f: usize| {
        let i = index(g, f);
        ranks
            .get(f)
            .map_or(i, |r| r.get(i as usize).copied().unwrap_or(0))
    };
    // Groups already in order, with no `order by` or `limit`, are written as they are.
    let order = if !c.in_key_order || s.order.is_some() || s.limit.is_some() {
        Some(super::order::groups(
            s,
            c.len(),
            c.in_key_order,
            &rank,
            &|g| c.counts.get(g).copied().unwrap_or(0),
            ctx,
        )?)
    } else {
        None
    };
    let rows = order.as_ref().map_or(c.len(), Vec::len);
    // Each value's cell once; borrowed text is kept as the text, so that a group's cell is
    // made in its slot rather than cloned (a call per cell: `Cell` is recursive).
    let cells = made_cells(m, &c.values);
    let mut cols: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    cols.push("count");
    let mut out = Emitter::begin(sink, &Header::new(s.entity.word(), &cols))?;
    for k in 0..rows {
        if !out.wants_cells() {
            out.skip((rows - k) as u64);
            break;
        }
        if k % BATCH == 0 {
            ctx.tick()?;
        }
        let g = order.as_ref().map_or(k, |o| o[k]);
        out.row_with(|buf| {
            for (f, cs) in cells.iter().enumerate() {
                match cs.get(index(g, f) as usize) {
                    Some(Made::Str(t)) => buf.push_str(t),
                    Some(Made::Cell(c)) => buf.push(c.clone()),
                    Some(Made::Null) | None => buf.push(Cell::Null),
                }
            }
            buf.push(Cell::Int(c.counts.get(g).copied().unwrap_or(0)));
        })?;
    }
    let n = out.finish()?;
    ctx.step(
        "group",
        || s.by.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
        None,
        n as usize,
    );
    Ok(n)
}

/// Each group's rank in each `by` field, side by side in one block (`width` per group): the
/// default order is by the key's values as shown, case-insensitively, a missing value first;
/// each distinct value's sort key is worked out once and ranked, and groups compare ranks.
fn key_ranks(
    m: &Model,
    groups: &[Group],
    width: usize,
    ctx: &mut Ctx,
) -> Result<Vec<u32>, EvalError> {
    let mut ranks: Vec<HashMap<Option<&Val>, u32>> = vec![HashMap::default(); width];
    for (col, r) in ranks.iter_mut().enumerate() {
        ctx.tick()?;
        let mut distinct: Vec<Option<&Val>> = Vec::new();
        for g in groups {
            let v = g.key.get(col).and_then(Option::as_ref);
            if let std::collections::hash_map::Entry::Vacant(e) = r.entry(v) {
                e.insert(0);
                distinct.push(v);
            }
        }
        let keyed: Vec<(SortKey, Option<&Val>)> = distinct
            .into_iter()
            .map(|v| (v.map_or(SortKey::missing(), |v| SortKey::of(v, m)), v))
            .collect();
        for (rank, v) in dense_ranks(keyed, ctx)? {
            r.insert(v, rank);
        }
    }
    let mut texts: Vec<u32> = Vec::with_capacity(groups.len() * width);
    for g in groups {
        for (col, r) in ranks.iter().enumerate() {
            texts.push(
                r.get(&g.key.get(col).and_then(Option::as_ref))
                    .copied()
                    .unwrap_or(0),
            );
        }
    }
    Ok(texts)
}

/// Each field's rank of each of its values, for groups an evaluator counted unsorted.
fn value_ranks(m: &Model, c: &Counted, ctx: &mut Ctx) -> Result<Vec<Vec<u32>>, EvalError> {
    let mut ranks = Vec::with_capacity(c.values.len());
    for vs in &c.values {
        ctx.tick()?;
        let keyed: Vec<(SortKey, usize)> = vs
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    v.as_ref().map_or(SortKey::missing(), |v| SortKey::of(v, m)),
                    i,
                )
            })
            .collect();
        let mut r = vec![0u32; vs.len()];
        for (rank, i) in dense_ranks(keyed, ctx)? {
            r[i] = rank;
        }
        ranks.push(r);
    }
    Ok(ranks)
}

/// Each value's cell, made once.
fn made_cells<'m>(m: &'m Model, values: &[Vec<Option<Val>>]) -> Vec<Vec<Made<'m>>> {
    values
        .iter()
        .map(|vs| {
            vs.iter()
                .map(|v| match v.clone().map_or(Cell::Null, |v| v.into_cell(m)) {
                    Cell::Str(Cow::Borrowed(t)) => Made::Str(t),
                    Cell::Null => Made::Null,
                    other => Made::Cell(other),
                })
                .collect()
        })
        .collect()
}
