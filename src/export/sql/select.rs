//! Listings, counts and `compare` as SQL statements over the flow table `f`.

use super::field::{self, Access};
use super::{Dialect, SqlError, lit};
use crate::model::Model;
use crate::query::ast::EntityKind;
use crate::query::plan::{Compare, Order, Select};
use crate::query::schema::{FieldId, compare_entity};

/// Translates plans for one model (its ids) and dialect.
pub(super) struct Translator<'m> {
    pub(super) model: &'m Model,
    pub(super) dialect: Dialect,
}

/// A flow's place in model order: `flow-<n>`'s `n`.
const MODEL_ORDER: &str = "CAST(SUBSTR(f.id, 6) AS BIGINT)";

/// One `by` key or `compare` row: its expression and the join it needs.
struct Key {
    expr: String,
    join: String,
    text: bool,
}

impl Translator<'_> {
    fn entity_filter(&self, e: EntityKind) -> Result<&'static str, SqlError> {
        match e {
            EntityKind::Flows => Ok("TRUE"),
            EntityKind::Recipients => Ok("f.direction = 'to'"),
            EntityKind::Sources => Ok("f.direction = 'from'"),
            other => Err(SqlError::Entity(other.word())),
        }
    }

    fn where_clause(
        &self,
        e: EntityKind,
        filter: Option<&crate::query::plan::Pred>,
    ) -> Result<String, SqlError> {
        let w = self.entity_filter(e)?;
        Ok(match filter {
            Some(p) if w == "TRUE" => self.pred(p)?,
            Some(p) => format!("{w} AND {}", self.pred(p)?),
            None => w.to_string(),
        })
    }

    /// `<entity> …` or `count <entity> …`.
    pub(super) fn select(&self, s: &Select) -> Result<String, SqlError> {
        self.entity_filter(s.entity)?;
        if s.count {
            self.count(s)
        } else if !s.by.is_empty() {
            Err(SqlError::Form(
                "a listing with `by` (rows listed group by group; use `count … by`)",
            ))
        } else {
            self.listing(s)
        }
    }

    /// A list cell: the distinct shown values of the flow, sorted, joined by `, `.
    fn list_cell(&self, from: &str, rows: &str, shown: &str) -> String {
        match self.dialect {
            Dialect::Sqlite => format!(
                "(SELECT group_concat(v, ', ') FROM (SELECT DISTINCT {shown} AS v FROM {from} WHERE {rows} ORDER BY 1))"
            ),
            Dialect::Duckdb | Dialect::Postgres => format!(
                "(SELECT string_agg(DISTINCT {shown}, ', ' ORDER BY {shown}) FROM {from} WHERE {rows})"
            ),
            Dialect::Spark => format!(
                "(SELECT NULLIF(array_join(array_sort(collect_set({shown})), ', '), '') FROM {from} WHERE {rows})"
            ),
        }
    }

    fn listing(&self, s: &Select) -> Result<String, SqlError> {
        let d = self.dialect;
        let mut cells = Vec::new();
        for f in &s.columns {
            let cell = match field::access(*f, d)? {
                Access::One { expr, .. } => expr,
                Access::Many {
                    from,
                    key,
                    on,
                    filter,
                    shown,
                    ..
                } => self.list_cell(&from, &Access::rows(key, on, filter), &shown),
            };
            cells.push(format!("{cell} AS {}", d.ident(f.name())));
        }
        // The row's provenance: the weakest of the fields the query uses.
        let any = |level: &str| -> String {
            let l: Vec<String> = s
                .used
                .iter()
                .map(|f| field::provenance(*f, level))
                .collect();
            if l.is_empty() {
                "FALSE".into()
            } else {
                l.join(" OR ")
            }
        };
        cells.push(format!(
            "CASE WHEN {} THEN 'inferred' WHEN {} THEN 'implied' ELSE 'stated' END AS provenance",
            any("inferred"),
            any("implied")
        ));
        cells.push("f.notice AS notice".into());
        cells.push("f.quote AS quote".into());
        let mut sql = format!(
            "SELECT\n  {}\nFROM flow f\nWHERE {}\nORDER BY ",
            cells.join(",\n  "),
            self.where_clause(s.entity, s.filter.as_ref())?
        );
        if let Some(o) = &s.order
            && let Order::Field(f) = o.key
        {
            let (k, text, boolean) = self.order_key(f)?;
            let dir = if o.descending { " DESC" } else { "" };
            // Rows without a value last whichever way; ties keep model order.
            sql.push_str(&format!("({k} IS NULL), "));
            if text && !boolean {
                sql.push_str(&format!("{}{dir}, ", d.bytes(&format!("LOWER({k})"))));
            }
            sql.push_str(&format!("{}{dir}, ", if boolean { k } else { d.bytes(&k) }));
        }
        sql.push_str(MODEL_ORDER);
        if let Some(l) = s.limit {
            sql.push_str(&format!("\nLIMIT {l}"));
        }
        Ok(sql)
    }

    /// The value a listing sorts on: the field's (first) value; text or not, boolean or not.
    fn order_key(&self, f: FieldId) -> Result<(String, bool, bool), SqlError> {
        let key = self.sort_value(f)?;
        if self.dialect == Dialect::Spark && key.0.contains("(SELECT ") {
            return Err(SqlError::Field {
                field: f.name(),
                why: "Spark SQL cannot sort on a value looked up in another table (a correlated subquery in `ORDER BY`); the other dialects translate it",
            });
        }
        Ok(key)
    }

    fn sort_value(&self, f: FieldId) -> Result<(String, bool, bool), SqlError> {
        match field::access(f, self.dialect)? {
            Access::One { expr, boolean, .. } => Ok((expr, true, boolean)),
            // The main type is a party's first.
            Access::Many { .. } if f == FieldId::PartyType => Ok((
                "(SELECT x.party_type FROM party_party_type x WHERE x.party = f.party AND x.main)"
                    .into(),
                true,
                false,
            )),
            Access::Many { .. } => Err(SqlError::Field {
                field: f.name(),
                why: "`order by` a list sorts on its first value in the notice's order, which the tables do not keep",
            }),
        }
    }

    /// The group key of `f`: one value, or a list joined in distinct (key, value) pairs.
    fn key(&self, f: FieldId, i: usize) -> Result<Key, SqlError> {
        Ok(match field::access(f, self.dialect)? {
            Access::One { text, boolean, .. } if f == FieldId::Name || f == FieldId::Generic => {
                let col = if boolean { "generic" } else { "name" };
                Key {
                    expr: format!("g{i}.{col}"),
                    join: format!("\nLEFT JOIN party g{i} ON g{i}.id = f.party"),
                    text: text && !boolean,
                }
            }
            Access::One { expr, boolean, .. } => Key {
                expr,
                join: String::new(),
                text: !boolean,
            },
            Access::Many {
                from,
                key,
                on,
                filter,
                shown,
                ..
            } => {
                let w = filter.map(|x| format!(" WHERE {x}")).unwrap_or_default();
                Key {
                    expr: format!("g{i}.v"),
                    join: format!(
                        "\nLEFT JOIN (SELECT DISTINCT {key} AS k, {shown} AS v FROM {from}{w}) g{i} ON g{i}.k = {on}"
                    ),
                    text: true,
                }
            }
        })
    }

    /// `ORDER BY` items for key column `col` of the grouped result `q`: the empty group first
    /// (last when descending), then by the text shown ignoring case.
    fn key_order(&self, col: &str, text: bool, descending: bool) -> String {
        let d = self.dialect;
        let c = format!("q.{}", d.ident(col));
        let (nulls, dir) = if descending {
            ("", " DESC")
        } else {
            (" DESC", "")
        };
        if text {
            format!(
                "({c} IS NULL){nulls}, {}{dir}, {}{dir}",
                d.bytes(&format!("LOWER({c})")),
                d.bytes(&c)
            )
        } else {
            format!("({c} IS NULL){nulls}, {c}{dir}")
        }
    }

    fn count(&self, s: &Select) -> Result<String, SqlError> {
        let d = self.dialect;
        let count = d.ident("count");
        let w = self.where_clause(s.entity, s.filter.as_ref())?;
        if s.by.is_empty() {
            let limit = s.limit.map(|l| format!("\nLIMIT {l}")).unwrap_or_default();
            return Ok(format!(
                "SELECT COUNT(*) AS {count}\nFROM flow f\nWHERE {w}{limit}"
            ));
        }
        let keys =
            s.by.iter()
                .enumerate()
                .map(|(i, f)| self.key(*f, i))
                .collect::<Result<Vec<_>, _>>()?;
        let cols: Vec<String> = keys
            .iter()
            .zip(&s.by)
            .map(|(k, f)| format!("{} AS {}", k.expr, d.ident(f.name())))
            .collect();
        let joins: String = keys.iter().map(|k| k.join.as_str()).collect();
        let group: Vec<&str> = keys.iter().map(|k| k.expr.as_str()).collect();
        let mut order = Vec::new();
        if let Some(o) = &s.order {
            match o.key {
                Order::Count => order.push(format!(
                    "q.{count}{}",
                    if o.descending { " DESC" } else { "" }
                )),
                Order::Field(f) => {
                    if let Some(at) = s.by.iter().position(|b| *b == f) {
                        order.push(self.key_order(f.name(), keys[at].text, o.descending));
                    }
                }
            }
        }
        for (k, f) in keys.iter().zip(&s.by) {
            order.push(self.key_order(f.name(), k.text, false));
        }
        let mut sql = format!(
            "SELECT * FROM (\n  SELECT {}, COUNT(*) AS {count}\n  FROM flow f{}\n  WHERE {w}\n  GROUP BY {}\n) q\nORDER BY {}",
            cols.join(", "),
            joins.replace('\n', "\n  "),
            group.join(", "),
            order.join(", ")
        );
        if let Some(l) = s.limit {
            sql.push_str(&format!("\nLIMIT {l}"));
        }
        Ok(sql)
    }

    /// `compare <field> across <org>, …` for a field of flows: a row per value, a count of
    /// flows per organisation.
    pub(super) fn compare(&self, c: &Compare) -> Result<String, SqlError> {
        let d = self.dialect;
        if compare_entity(c.field) != EntityKind::Flows {
            return Err(SqlError::Entity(compare_entity(c.field).word()));
        }
        let k = self.key(c.field, 0)?;
        if k.text && matches!(c.field, FieldId::Name | FieldId::Condition | FieldId::Quote) {
            return Err(SqlError::Field {
                field: c.field.name(),
                why: "`compare` puts texts that differ only in case in one row",
            });
        }
        if c.field == FieldId::Generic {
            return Err(SqlError::Field {
                field: c.field.name(),
                why: "`compare` of a flag is not translated",
            });
        }
        let orgs: Vec<String> = c
            .orgs
            .iter()
            .map(|o| lit(&self.model.orgs[o.ix()].id))
            .collect();
        let mut cols = vec![format!("{} AS {}", k.expr, d.ident(c.field.name()))];
        for (o, l) in c.orgs.iter().zip(&orgs) {
            let id = &self.model.orgs[o.ix()].id;
            cols.push(format!(
                "SUM(CASE WHEN f.org = {l} THEN 1 ELSE 0 END) AS {}",
                d.ident(id)
            ));
        }
        let w = self.where_clause(EntityKind::Flows, c.filter.as_ref())?;
        let col = format!("q.{}", d.ident(c.field.name()));
        Ok(format!(
            "SELECT * FROM (\n  SELECT {}\n  FROM flow f{}\n  WHERE {w} AND f.org IN ({}) AND {} IS NOT NULL\n  GROUP BY {}\n) q\nORDER BY {}",
            cols.join(", "),
            k.join.replace('\n', "\n  "),
            orgs.join(", "),
            k.expr,
            k.expr,
            d.bytes(&format!("LOWER({col})"))
        ))
    }
}
