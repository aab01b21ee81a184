//! Conditions as SQL on the flow `f`: a test holds when some value passes (`EXISTS` over a
//! list), `in` on a tree goes through its closure table, and every condition is two-valued (a
//! missing value makes a test false, never NULL), so `NOT` is basis's negation.

use super::SqlError;
use super::field::{self, Access};
use super::select::Translator;
use crate::query::plan::{Pred, Test};
use crate::query::schema::{FieldId, Flag};

impl Translator<'_> {
    /// The SQL of a condition.
    pub(super) fn pred(&self, p: &Pred) -> Result<String, SqlError> {
        Ok(match p {
            Pred::And(xs) => self.join(xs, "AND", "TRUE")?,
            Pred::Or(xs) => self.join(xs, "OR", "FALSE")?,
            Pred::Not(x) => format!("(NOT {})", self.pred(x)?),
            Pred::Test(f, t) => self.test(*f, t)?,
            Pred::Missing(f, None) => match field::access(*f, self.dialect)? {
                Access::One { expr, .. } => format!("({expr} IS NULL)"),
                Access::Many {
                    from,
                    key,
                    on,
                    filter,
                    ..
                } => format!(
                    "(NOT EXISTS (SELECT 1 FROM {from} WHERE {}))",
                    Access::rows(key, on, filter)
                ),
            },
            Pred::Missing(f, Some(t)) => format!("(NOT {})", self.test(*f, t)?),
        })
    }

    fn join(&self, xs: &[Pred], op: &str, empty: &str) -> Result<String, SqlError> {
        if xs.is_empty() {
            return Ok(empty.to_string());
        }
        let parts = xs
            .iter()
            .map(|x| self.pred(x))
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

    fn test(&self, f: FieldId, t: &Test) -> Result<String, SqlError> {
        if let Test::Flag(flag @ (Flag::Stated | Flag::Implied | Flag::Inferred)) = t {
            return Ok(field::provenance(f, flag.word()));
        }
        let access = field::access(f, self.dialect)?;
        match (t, access) {
            (Test::AnyOf(vals) | Test::Within(vals), _) if vals.is_empty() => Ok("FALSE".into()),
            (Test::AnyOf(vals), Access::One { expr, text, .. }) => {
                let e = if text { format!("LOWER({expr})") } else { expr };
                Ok(format!(
                    "({e} IS NOT NULL AND {e} IN ({}))",
                    self.values(vals)?
                ))
            }
            (
                Test::AnyOf(vals),
                Access::Many {
                    from,
                    key,
                    on,
                    filter,
                    v,
                    ..
                },
            ) => Ok(format!(
                "EXISTS (SELECT 1 FROM {from} WHERE {} AND {v} IN ({}))",
                Access::rows(key, on, filter),
                self.values(vals)?
            )),
            (
                Test::Within(vals),
                Access::Many {
                    from,
                    key,
                    on,
                    filter,
                    v,
                    tree: Some(tree),
                    ..
                },
            ) => Ok(format!(
                "EXISTS (SELECT 1 FROM {from} JOIN {tree}_closure c ON c.descendant = {v} WHERE {} AND c.ancestor IN ({}))",
                Access::rows(key, on, filter),
                self.values(vals)?
            )),
            (
                Test::Flag(flag @ (Flag::Special | Flag::Criminal)),
                Access::Many {
                    from,
                    key,
                    on,
                    filter,
                    v,
                    tree: Some("category"),
                    ..
                },
            ) => Ok(format!(
                "EXISTS (SELECT 1 FROM {from} JOIN category_closure c ON c.descendant = {v} JOIN category k ON k.id = c.ancestor WHERE {} AND k.{})",
                Access::rows(key, on, filter),
                flag.word()
            )),
            _ => Err(SqlError::Field {
                field: f.name(),
                why: "this test on it has no translation",
            }),
        }
    }
}
