//! The order operator: `order by` on a listing (each row keyed by its first value of the
//! field, sorted stably so ties keep model order), and the order groups are written in; both
//! through the interruptible sort, with their explain step.

use super::access::Rows;
use super::budget::{Ctx, EvalError, Limit};
use super::row::{ModelView, RowRef};
use super::sort::{SortKey, sort_by};
use crate::query::ast::EntityKind;
use crate::query::plan::{Order, Select};
use crate::query::schema::FieldId;
use std::cmp::Ordering;

/// The rows sorted by their first value of `f`; rows without a value go last either way.
pub(super) fn rows(
    view: &ModelView,
    entity: EntityKind,
    rows: Rows,
    f: FieldId,
    descending: bool,
    ctx: &mut Ctx,
) -> Result<Rows, EvalError> {
    ctx.need(
        Limit::Rows,
        "rows kept for `order by`",
        rows.len() as u64,
        48,
    )?;
    let mut keyed: Vec<(Option<SortKey>, RowRef)> = Vec::with_capacity(rows.len());
    for r in rows.into_refs() {
        ctx.tick()?;
        let first = view.values(entity, r, f).into_iter().next();
        keyed.push((first.map(|v| SortKey::of(&v, view.model)), r));
    }
    sort_by(
        &mut keyed,
        |(a, _), (b, _)| match (a, b) {
            (Some(x), Some(y)) if descending => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        ctx,
    )?;
    let rows = Rows::Refs(keyed.into_iter().map(|(_, r)| r).collect());
    ctx.step(
        "order",
        || format!("{} {}", f.name(), if descending { "desc" } else { "asc" }),
        None,
        rows.len(),
    );
    Ok(rows)
}

/// The order groups are written in: by their keys' ranks (unless `sorted`: already so),
/// then by `order by`, then cut to `limit`. `rank(g, f)` is group `g`'s rank in `by` field
/// `f`; ties keep the groups' order.
pub(super) fn groups(
    s: &Select,
    groups: usize,
    sorted: bool,
    rank: &dyn Fn(usize, usize) -> u32,
    count: &dyn Fn(usize) -> u64,
    ctx: &mut Ctx,
) -> Result<Vec<usize>, EvalError> {
    let width = s.by.len();
    let mut order: Vec<usize> = (0..groups).collect();
    if !sorted && width > 0 {
        let by_key = |a: &usize, b: &usize| {
            (0..width)
                .map(|f| rank(*a, f))
                .cmp((0..width).map(|f| rank(*b, f)))
        };
        sort_by(&mut order, by_key, ctx)?;
    }
    if let Some(o) = &s.order {
        let desc = o.descending;
        let flip = |c: Ordering| if desc { c.reverse() } else { c };
        match o.key {
            Order::Count => sort_by(&mut order, |a, b| flip(count(*a).cmp(&count(*b))), ctx)?,
            Order::Field(f) => {
                // The planner allows only a `by` field here.
                if let Some(at) = s.by.iter().position(|b| *b == f) {
                    sort_by(
                        &mut order,
                        |a, b| flip(rank(*a, at).cmp(&rank(*b, at))),
                        ctx,
                    )?;
                }
            }
        }
        ctx.step(
            "order",
            || format!("{} {}", o.key_name(), if desc { "desc" } else { "asc" }),
            None,
            order.len(),
        );
    }
    if let Some(l) = s.limit {
        super::limit::groups(&mut order, l, ctx);
    }
    Ok(order)
}
