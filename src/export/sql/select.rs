//! Listings, counts and `compare` as SQL statements over an entity's table
//! ([`super::entity::base`]).

use super::entity::{self, Base};
use super::field::{self, Access};
use super::{Dialect, SqlError, lit};
use crate::model::Model;
use crate::query::ast::EntityKind;
use crate::query::plan::{Compare, Order, Pred, Select};
use crate::query::schema::{FieldId, ValueType, has_provenance};
use crate::table::cell_text;
use std::collections::HashMap;

/// Translates plans for one model (its ids) and dialect.
pub(super) struct Translator<'m> {
    pub(super) model: &'m Model,
    pub(super) dialect: Dialect,
}

/// One `by` key or `compare` row, read from the rows `r0` of the entity: the column the
/// rows give it (`k<i>`: its value, or for a list the id its values hang on), the join that
/// turns that into values, and what the key is grouped and shown as.
struct Key {
    column: String,
    join: String,
    expr: String,
    text: bool,
    /// For a period, its longest and shortest length, which the groups sort on.
    span: Option<(String, String)>,
}

impl Translator<'_> {
    fn where_clause(&self, e: EntityKind, filter: Option<&Pred>) -> Result<String, SqlError> {
        let w = entity::base(e).filter;
        Ok(match filter {
            Some(p) if w == "TRUE" => self.pred(e, p)?,
            Some(p) => format!("{w} AND {}", self.pred(e, p)?),
            None => w.to_string(),
        })
    }

    /// `<entity> …` or `count <entity> …`.
    pub(super) fn select(&self, s: &Select) -> Result<String, SqlError> {
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

    /// A list cell: the distinct shown values of the row, sorted in byte order, joined by `, `.
    fn list_cell(&self, from: &str, rows: &str, shown: &str) -> String {
        match self.dialect {
            Dialect::Sqlite => format!(
                "(SELECT group_concat(v, ', ') FROM (SELECT DISTINCT {shown} AS v FROM {from} WHERE {rows} ORDER BY 1))"
            ),
            Dialect::Duckdb => format!(
                "(SELECT string_agg(DISTINCT {shown}, ', ' ORDER BY {shown}) FROM {from} WHERE {rows})"
            ),
            Dialect::Postgres => {
                let v = self.dialect.bytes(shown);
                format!(
                    "(SELECT string_agg(DISTINCT {v}, ', ' ORDER BY {v}) FROM {from} WHERE {rows})"
                )
            }
            Dialect::Spark => format!(
                "(SELECT NULLIF(array_join(array_sort(collect_set({shown})), ', '), '') FROM {from} WHERE {rows})"
            ),
        }
    }

    /// The row's provenance: the weakest of the fields the query uses.
    fn provenance_cell(&self, s: &Select, b: &Base) -> String {
        if b.alias != "f" {
            return if s.used.is_empty() {
                "'stated'".into()
            } else {
                entity::row_provenance(s.entity).into()
            };
        }
        let any = |level: &str| -> String {
            let l: Vec<String> = s
                .used
                .iter()
                .map(|f| entity::provenance(s.entity, *f, level))
                .collect();
            if l.is_empty() {
                "FALSE".into()
            } else {
                l.join(" OR ")
            }
        };
        format!(
            "CASE WHEN {} THEN 'inferred' WHEN {} THEN 'implied' ELSE 'stated' END",
            any("inferred"),
            any("implied")
        )
    }

    fn listing(&self, s: &Select) -> Result<String, SqlError> {
        let d = self.dialect;
        let b = entity::base(s.entity);
        let mut cells = Vec::new();
        for f in &s.columns {
            let cell = match entity::access(self.model, s.entity, *f, d)? {
                Access::One(o) => o.shown,
                Access::Many(m) => self.list_cell(&m.from, &m.rows(), &m.shown),
            };
            cells.push(format!("{cell} AS {}", d.ident(f.name())));
        }
        if has_provenance(s.entity) {
            cells.push(format!("{} AS provenance", self.provenance_cell(s, &b)));
            cells.push(format!("{}.notice AS notice", b.alias));
            cells.push(format!("{}.quote AS quote", b.alias));
        }
        let mut sql = format!(
            "SELECT\n  {}\nFROM {}\nWHERE {}\nORDER BY ",
            cells.join(",\n  "),
            b.from,
            self.where_clause(s.entity, s.filter.as_ref())?
        );
        if let Some(o) = &s.order
            && let Order::Field(f) = o.key
        {
            let (k, by) = self.order_key(s.entity, f)?;
            let dir = if o.descending { " DESC" } else { "" };
            // Rows without a value last whichever way; ties keep model order. A constant
            // (`'stated'`) orders nothing, and SQLite would read it as a column's number.
            if !k.starts_with('\'') {
                sql.push_str(&format!("({k} IS NULL), "));
                for x in by {
                    sql.push_str(&format!("{x}{dir}, "));
                }
            }
        }
        sql.push_str(b.order);
        if let Some(l) = s.limit {
            sql.push_str(&format!("\nLIMIT {l}"));
        }
        Ok(sql)
    }

    /// The value a listing sorts on (the field's first value) and what it sorts by: a text
    /// ignoring case, then as written; a period by its longest, then its shortest length.
    fn order_key(&self, e: EntityKind, f: FieldId) -> Result<(String, Vec<String>), SqlError> {
        let key = self.sort_value(e, f)?;
        if self.dialect == Dialect::Spark && key.1.iter().any(|k| k.contains("(SELECT ")) {
            return Err(SqlError::Field {
                field: f.name(),
                why: "Spark SQL cannot sort on a value looked up in another table (a correlated subquery in `ORDER BY`); the other dialects translate it",
            });
        }
        Ok(key)
    }

    fn sort_value(&self, e: EntityKind, f: FieldId) -> Result<(String, Vec<String>), SqlError> {
        let d = self.dialect;
        let text = |k: &str| vec![d.bytes(&format!("LOWER({k})")), d.bytes(k)];
        match entity::access(self.model, e, f, d)? {
            Access::One(o) => {
                let by = match (&o.span, o.boolean) {
                    (Some(sp), _) => vec![sp.hi.clone(), sp.lo.clone()],
                    (None, true) => vec![o.shown.clone()],
                    (None, false) => text(&o.shown),
                };
                Ok((o.shown, by))
            }
            Access::Many(m) => {
                let Some(first) = &m.first else {
                    return Err(SqlError::Field {
                        field: f.name(),
                        why: "`order by` a list sorts on its first value in the notice's order, which the tables do not keep for it",
                    });
                };
                let of = |v: &str| {
                    format!(
                        "(SELECT {v} FROM {} WHERE {} ORDER BY {first} LIMIT 1)",
                        m.from,
                        m.rows()
                    )
                };
                let k = of(&m.shown);
                let by = match &m.span {
                    Some(sp) => vec![of(&sp.hi), of(&sp.lo)],
                    None => text(&k),
                };
                Ok((k, by))
            }
        }
    }

    /// The group key of `f`: a column of the rows `r0`, and for a list a join of its distinct
    /// (row, value) pairs.
    fn key(&self, e: EntityKind, f: FieldId, i: usize) -> Result<Key, SqlError> {
        Ok(match entity::access(self.model, e, f, self.dialect)? {
            Access::One(o) => match &o.span {
                Some(sp) => Key {
                    column: format!("{} AS k{i}, {} AS h{i}, {} AS l{i}", o.shown, sp.hi, sp.lo),
                    join: String::new(),
                    expr: format!("r0.k{i}"),
                    text: false,
                    span: Some((format!("r0.h{i}"), format!("r0.l{i}"))),
                },
                None => Key {
                    column: format!("{} AS k{i}", o.shown),
                    join: String::new(),
                    expr: format!("r0.k{i}"),
                    text: !o.boolean,
                    span: None,
                },
            },
            Access::Many(m) => {
                let w = m
                    .filter
                    .as_deref()
                    .map(|x| format!(" WHERE {x}"))
                    .unwrap_or_default();
                let span = m
                    .span
                    .as_ref()
                    .map(|sp| format!(", {} AS h, {} AS l", sp.hi, sp.lo))
                    .unwrap_or_default();
                Key {
                    column: format!("{} AS k{i}", m.on),
                    join: format!(
                        "\nLEFT JOIN (SELECT DISTINCT {} AS k, {} AS v{span} FROM {}{w}) g{i} ON g{i}.k = r0.k{i}",
                        m.key, m.shown, m.from
                    ),
                    expr: format!("g{i}.v"),
                    text: m.span.is_none(),
                    span: m
                        .span
                        .as_ref()
                        .map(|_| (format!("g{i}.h"), format!("g{i}.l"))),
                }
            }
        })
    }

    /// `ORDER BY` items for the `i`-th key, column `col` of the grouped result `q`: the empty
    /// group first (last when descending), then by the text shown ignoring case (a period by
    /// its longest, then its shortest length).
    fn key_order(&self, col: &str, k: &Key, i: usize, descending: bool) -> String {
        let d = self.dialect;
        let c = format!("q.{}", d.ident(col));
        let (nulls, dir) = if descending {
            ("", " DESC")
        } else {
            (" DESC", "")
        };
        if k.span.is_some() {
            format!(
                "({c} IS NULL){nulls}, q.h{i}{dir}, q.l{i}{dir}, {}{dir}",
                d.bytes(&c)
            )
        } else if k.text {
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
        let b = entity::base(s.entity);
        let count = d.ident("count");
        let w = self.where_clause(s.entity, s.filter.as_ref())?;
        if s.by.is_empty() {
            let limit = s.limit.map(|l| format!("\nLIMIT {l}")).unwrap_or_default();
            return Ok(format!(
                "SELECT COUNT(*) AS {count}\nFROM {}\nWHERE {w}{limit}",
                b.from
            ));
        }
        let keys =
            s.by.iter()
                .enumerate()
                .map(|(i, f)| self.key(s.entity, *f, i))
                .collect::<Result<Vec<_>, _>>()?;
        let cols: Vec<String> = keys
            .iter()
            .zip(&s.by)
            .map(|(k, f)| format!("{} AS {}", k.expr, d.ident(f.name())))
            .collect();
        let inner: Vec<&str> = keys.iter().map(|k| k.column.as_str()).collect();
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
                        order.push(self.key_order(f.name(), &keys[at], at, o.descending));
                    }
                }
            }
        }
        for (i, (k, f)) in keys.iter().zip(&s.by).enumerate() {
            order.push(self.key_order(f.name(), k, i, false));
        }
        // A period's lengths are columns to sort on, not shown.
        let mut shown: Vec<String> =
            s.by.iter()
                .map(|f| format!("q.{}", d.ident(f.name())))
                .collect();
        shown.push(format!("q.{count}"));
        let mut cols = cols;
        let mut outer = "*".to_string();
        for (i, k) in keys.iter().enumerate() {
            if let Some((h, l)) = &k.span {
                cols.push(format!("MAX({h}) AS h{i}, MAX({l}) AS l{i}"));
                outer = shown.join(", ");
            }
        }
        let mut sql = format!(
            "SELECT {outer} FROM (\n  SELECT {}, COUNT(*) AS {count}\n  FROM (SELECT {} FROM {} WHERE {w}) r0{}\n  GROUP BY {}\n) q\nORDER BY {}",
            cols.join(", "),
            inner.join(", "),
            b.from,
            joins.replace('\n', "\n  "),
            group.join(", "),
            order.join(", ")
        );
        if let Some(l) = s.limit {
            sql.push_str(&format!("\nLIMIT {l}"));
        }
        Ok(sql)
    }

    /// Why `compare` of `c.field` has no translation, if it has none: basis puts values that
    /// differ only in case in one row (so the SQL's groups are basis's only when the model has
    /// no two such), and shows a flag as a word.
    fn compare_refusal(&self, c: &Compare) -> Option<SqlError> {
        let why = match c.field.value_type() {
            ValueType::Duration => {
                "`compare` of retention periods is a matrix of periods by scope, not of counts"
            }
            ValueType::Bool => "`compare` of a flag is not translated",
            _ if self.case_collides(c.entity, c.field) => {
                "`compare` puts values that differ only in case in one row, and this model has such values"
            }
            _ => return None,
        };
        Some(SqlError::Field {
            field: c.field.name(),
            why,
        })
    }

    /// Whether two values of `f` on rows of `e`, as shown, differ only in case.
    fn case_collides(&self, e: EntityKind, f: FieldId) -> bool {
        let view = crate::engine::row::ModelView::new(self.model);
        let mut seen: HashMap<String, String> = HashMap::new();
        for r in view.rows(e) {
            for v in view.values(e, r, f) {
                let t = cell_text(&v.to_json(self.model));
                if *seen.entry(t.to_lowercase()).or_insert_with(|| t.clone()) != t {
                    return true;
                }
            }
        }
        false
    }

    /// `compare <field> across <org>, …`: a row per value, a count per organisation of the
    /// rows of the field's entity with it.
    pub(super) fn compare(&self, c: &Compare) -> Result<String, SqlError> {
        let d = self.dialect;
        if let Some(e) = self.compare_refusal(c) {
            return Err(e);
        }
        let b = entity::base(c.entity);
        let Access::One(field::One { expr: org, .. }) =
            entity::access(self.model, c.entity, FieldId::Org, d)?
        else {
            return Err(SqlError::Field {
                field: "org",
                why: "`compare` counts rows of one organisation each",
            });
        };
        let k = self.key(c.entity, c.field, 0)?;
        let orgs: Vec<String> = c
            .orgs
            .iter()
            .map(|o| lit(&self.model.orgs[o.ix()].id))
            .collect();
        let mut cols = vec![format!("{} AS {}", k.expr, d.ident(c.field.name()))];
        for (o, l) in c.orgs.iter().zip(&orgs) {
            let id = &self.model.orgs[o.ix()].id;
            cols.push(format!(
                "SUM(CASE WHEN r0.o = {l} THEN 1 ELSE 0 END) AS {}",
                d.ident(id)
            ));
        }
        let w = self.where_clause(c.entity, c.filter.as_ref())?;
        let col = format!("q.{}", d.ident(c.field.name()));
        Ok(format!(
            "SELECT * FROM (\n  SELECT {}\n  FROM (SELECT {org} AS o, {} FROM {} WHERE {w}) r0{}\n  WHERE r0.o IN ({}) AND {} IS NOT NULL\n  GROUP BY {}\n) q\nORDER BY {}",
            cols.join(", "),
            k.column,
            b.from,
            k.join.replace('\n', "\n  "),
            orgs.join(", "),
            k.expr,
            k.expr,
            d.bytes(&format!("LOWER({col})"))
        ))
    }
}
