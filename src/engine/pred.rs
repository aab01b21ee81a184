//! What a condition means on one row: the semantics both evaluators share. The scanning
//! evaluator asks it of every row; the indexed one of the rows its posting lists leave, and
//! to fill its memo tables — so the two cannot disagree about what a test means.

use super::row::{ModelView, RowRef};
use crate::model::Model;
use crate::model::value::{Val, YEAR_DAYS};
use crate::query::ast::{CmpOp, EntityKind, Flag};
use crate::query::plan::{Pred, Test};
use crate::query::schema::FieldId;
use crate::table::cell_text;

/// Whether `row` passes `pred`.
pub(crate) fn test_row(view: &ModelView, entity: EntityKind, row: RowRef, pred: &Pred) -> bool {
    match pred {
        Pred::And(xs) => xs.iter().all(|x| test_row(view, entity, row, x)),
        Pred::Or(xs) => xs.iter().any(|x| test_row(view, entity, row, x)),
        Pred::Not(x) => !test_row(view, entity, row, x),
        Pred::Test(f, t) => test_values(view, entity, row, *f, t),
        Pred::Missing(f, None) => view.values(entity, row, *f).is_empty(),
        Pred::Missing(f, Some(t)) => !test_values(view, entity, row, *f, t),
    }
}

fn test_values(view: &ModelView, entity: EntityKind, row: RowRef, f: FieldId, t: &Test) -> bool {
    let vals = view.values(entity, row, f);
    let v = &view.model.vocab;
    match t {
        Test::AnyOf(xs) => vals.iter().any(|a| xs.iter().any(|b| same(a, b))),
        Test::Within(xs) => vals
            .iter()
            .any(|a| xs.iter().any(|b| within(view.model, a, b))),
        Test::Duration(op, days) => vals.iter().any(|a| match a {
            Val::Duration(s, _) => match op {
                CmpOp::Gt => s.hi > *days,
                CmpOp::Ge => s.hi >= *days,
                CmpOp::Lt => s.lo < *days,
                CmpOp::Le => s.lo <= *days,
                CmpOp::Eq | CmpOp::Ne => s.lo <= *days && *days <= s.hi,
            },
            _ => false,
        }),
        Test::Flag(Flag::Special) => vals
            .iter()
            .any(|a| matches!(a, Val::Category(c) if v.categories[c.ix()].special)),
        Test::Flag(Flag::Criminal) => vals
            .iter()
            .any(|a| matches!(a, Val::Category(c) if v.categories[c.ix()].criminal)),
        Test::Flag(flag) => flag
            .provenance()
            .is_some_and(|p| view.provenance(entity, row, f) == p),
    }
}

/// Whether the single value `a` passes `t` (a flag of provenance passes every value).
pub(crate) fn value_passes(m: &Model, a: &Val, t: &Test) -> bool {
    let v = &m.vocab;
    match t {
        Test::AnyOf(xs) => xs.iter().any(|b| same(a, b)),
        Test::Within(xs) => xs.iter().any(|b| within(m, a, b)),
        Test::Flag(Flag::Special) => {
            matches!(a, Val::Category(c) if v.categories[c.ix()].special)
        }
        Test::Flag(Flag::Criminal) => {
            matches!(a, Val::Category(c) if v.categories[c.ix()].criminal)
        }
        Test::Duration(..) | Test::Flag(_) => true,
    }
}

pub(crate) fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Text(x), Val::Text(y)) => {
            x.eq_ignore_ascii_case(y) || x.to_lowercase() == y.to_lowercase()
        }
        _ => a == b,
    }
}

/// `a` is `b` or below it in its hierarchy.
fn within(m: &Model, a: &Val, b: &Val) -> bool {
    let v = &m.vocab;
    match (a, b) {
        (Val::Category(x), Val::Category(y)) => v.category_tree.within(x.0, y.0),
        (Val::Subject(x), Val::Subject(y)) => v.subject_tree.within(x.0, y.0),
        (Val::Purpose(x), Val::Purpose(y)) => v.purpose_tree.within(x.0, y.0),
        (Val::PartyType(x), Val::PartyType(y)) => v.party_type_tree.within(x.0, y.0),
        _ => same(a, b),
    }
}

/// A condition in words with its resolved values, for `explain`.
pub(crate) fn describe(m: &Model, p: &Pred) -> String {
    let vals = |xs: &[Val]| {
        xs.iter()
            .map(|x| cell_text(&x.to_json(m)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match p {
        Pred::And(xs) => xs
            .iter()
            .map(|x| describe(m, x))
            .collect::<Vec<_>>()
            .join(" and "),
        Pred::Or(xs) => format!(
            "({})",
            xs.iter()
                .map(|x| describe(m, x))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Pred::Not(x) => format!("not ({})", describe(m, x)),
        Pred::Test(f, t) => format!("{} {}", f.name(), describe_test(t, &vals)),
        Pred::Missing(f, None) => format!("missing {}", f.name()),
        Pred::Missing(f, Some(t)) => format!("missing {} {}", f.name(), describe_test(t, &vals)),
    }
}

fn describe_test(t: &Test, vals: &dyn Fn(&[Val]) -> String) -> String {
    match t {
        Test::AnyOf(xs) => format!("any of {{{}}}", vals(xs)),
        Test::Within(xs) => format!("within {{{}}}", vals(xs)),
        Test::Duration(op, days) => format!("{op:?} {:.1} years", days / YEAR_DAYS),
        Test::Flag(f) => format!("is {f:?}").to_lowercase(),
    }
}

/// The rows of `rows` passing `pred`, in their order: the scan both evaluators fall back on.
pub(crate) fn keep(
    view: &ModelView,
    entity: EntityKind,
    rows: Vec<RowRef>,
    pred: &Pred,
    ctx: &mut super::budget::Ctx,
) -> Result<Vec<RowRef>, super::budget::EvalError> {
    let mut out = Vec::new();
    for r in rows {
        ctx.tick()?;
        if test_row(view, entity, r, pred) {
            out.push(r);
        }
    }
    Ok(out)
}
