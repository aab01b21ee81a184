//! Conditions as SQL on a row: a test holds when some value passes (`EXISTS` over a list),
//! `in` on a tree goes through its closure table, and every condition is two-valued (a
//! missing value makes a test false, never NULL), so `NOT` is basis's negation.

use super::field::{self, Access, One, Span};
use super::select::Translator;
use super::{SqlError, entity};
use crate::query::ast::{CmpOp, EntityKind};
use crate::query::plan::{Pred, Test};
use crate::query::schema::{FieldId, Flag};

/// A condition on a value, and the table (with the condition joining it) it reads.
struct Cond {
    join: Option<(String, String)>,
    cond: String,
}

impl Translator<'_> {
    /// The SQL of a condition on a row of `e`.
    pub(super) fn pred(&self, e: EntityKind, p: &Pred) -> Result<String, SqlError> {
        Ok(match p {
            Pred::And(xs) => self.join(e, xs, "AND", "TRUE")?,
            Pred::Or(xs) => self.join(e, xs, "OR", "FALSE")?,
            Pred::Not(x) => format!("(NOT {})", self.pred(e, x)?),
            Pred::Test(f, t) => self.test(e, *f, t)?,
            Pred::Missing(f, None) => match entity::access(self.model, e, *f, self.dialect)? {
                Access::One(o) => format!("({} IS NULL)", o.shown),
                Access::Many(m) => {
                    format!("(NOT EXISTS (SELECT 1 FROM {} WHERE {}))", m.from, m.rows())
                }
            },
            Pred::Missing(f, Some(t)) => format!("(NOT {})", self.test(e, *f, t)?),
        })
    }

    fn join(&self, e: EntityKind, xs: &[Pred], op: &str, empty: &str) -> Result<String, SqlError> {
        if xs.is_empty() {
            return Ok(empty.to_string());
        }
        let parts = xs
            .iter()
            .map(|x| self.pred(e, x))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(format!("({})", parts.join(&format!(" {op} "))))
    }

    fn values(&self, vals: &[crate::model::value::Val]) -> Result<String, SqlError> {
        let v = vals
            .iter()
            .map(|v| field::value(self.model, v))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v.join(", "))
    }

    /// The condition on one value `v` (an expression) of the field, with the table it
    /// needs joined on `v` (a closure table, `category`): `None` for a test that has no
    /// translation.
    fn value_test(
        &self,
        v: &str,
        text: bool,
        tree: Option<&str>,
        span: Option<&Span>,
        t: &Test,
    ) -> Result<Option<Cond>, SqlError> {
        let plain = |cond: String| Cond { join: None, cond };
        if let (Test::Duration(op, days), Some(Span { lo, hi })) = (t, span) {
            // As the engine: a period passes when some length in it does.
            return Ok(Some(plain(match op {
                CmpOp::Gt => format!("{hi} > {days}"),
                CmpOp::Ge => format!("{hi} >= {days}"),
                CmpOp::Lt => format!("{lo} < {days}"),
                CmpOp::Le => format!("{lo} <= {days}"),
                CmpOp::Eq | CmpOp::Ne => format!("{lo} <= {days} AND {days} <= {hi}"),
            })));
        }
        Ok(Some(match (t, tree) {
            (Test::AnyOf(vals) | Test::Within(vals), _) if vals.is_empty() => plain("FALSE".into()),
            (Test::Within(vals), Some(tree)) => Cond {
                join: Some((format!("{tree}_closure c"), format!("c.descendant = {v}"))),
                cond: format!("c.ancestor IN ({})", self.values(vals)?),
            },
            // `in` on a field that is no tree is `=`.
            (Test::AnyOf(vals) | Test::Within(vals), _) => {
                let e = if text {
                    format!("LOWER({v})")
                } else {
                    v.to_string()
                };
                plain(format!("{e} IN ({})", self.values(vals)?))
            }
            (Test::Flag(flag @ (Flag::Special | Flag::Criminal)), Some("category")) => Cond {
                join: Some(("category k".into(), format!("k.id = {v}"))),
                cond: format!("k.{}", flag.word()),
            },
            _ => return Ok(None),
        }))
    }

    fn test(&self, e: EntityKind, f: FieldId, t: &Test) -> Result<String, SqlError> {
        if let Test::Flag(flag @ (Flag::Stated | Flag::Implied | Flag::Inferred)) = t {
            return Ok(entity::provenance(e, f, flag.word()));
        }
        let sql = match entity::access(self.model, e, f, self.dialect)? {
            Access::One(One {
                expr,
                text,
                tree,
                span,
                ..
            }) => self
                .value_test(&expr, text, tree, span.as_ref(), t)?
                .map(|c| {
                    let c = match c.join {
                        Some((table, on)) => {
                            format!("EXISTS (SELECT 1 FROM {table} WHERE {on} AND {})", c.cond)
                        }
                        None => c.cond,
                    };
                    format!("({expr} IS NOT NULL AND {c})")
                }),
            Access::Many(m) => self
                .value_test(&m.v, m.text, m.tree, m.span.as_ref(), t)?
                .map(|c| {
                    let join = c
                        .join
                        .map(|(table, on)| format!(" JOIN {table} ON {on}"))
                        .unwrap_or_default();
                    format!(
                        "EXISTS (SELECT 1 FROM {}{join} WHERE {} AND {})",
                        m.from,
                        m.rows(),
                        c.cond
                    )
                }),
        };
        sql.ok_or(SqlError::Field {
            field: f.name(),
            why: "this test on it has no translation",
        })
    }
}
