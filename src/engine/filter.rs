//! The filter operator: the rows of an entity passing a condition (and, for `compare`,
//! belonging to the compared organisations), as the evaluator finds them — by scanning or by
//! posting lists — each once, in model order. Its explain steps are the evaluator's own
//! (`scan`, `index`, `bitmap`, `probe`, …), since only the evaluator knows how it found them.

use super::access::{Access, Rows};
use super::budget::{Ctx, EvalError};
use crate::model::OrgIx;
use crate::query::ast::EntityKind;
use crate::query::plan::Pred;

/// The rows of `entity` passing `filter`, of `orgs` when given.
pub(super) fn rows(
    access: &dyn Access<'_>,
    entity: EntityKind,
    filter: Option<&Pred>,
    orgs: Option<&[OrgIx]>,
    ctx: &mut Ctx,
) -> Result<Rows, EvalError> {
    access.rows(entity, filter, orgs, ctx)
}
