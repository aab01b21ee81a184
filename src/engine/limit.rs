//! The limit operator: the first N rows (or groups) after ordering, with its explain step.

use super::access::Rows;
use super::budget::Ctx;

/// Keeps the first `l` rows of a listing.
pub(super) fn rows(rows: &mut Rows, l: usize, ctx: &mut Ctx) {
    rows.truncate(l);
    ctx.step("limit", || l.to_string(), None, rows.len());
}

/// Keeps the first `l` groups, in the order they will be written.
pub(super) fn groups(order: &mut Vec<usize>, l: usize, ctx: &mut Ctx) {
    order.truncate(l);
    ctx.step("limit", || l.to_string(), None, order.len());
}
