//! `basis sql 'QUERY'`: a basis query as standard SQL over the tables of
//! `basis export --to csv` ([`crate::export::graph_csv::schema`]), for a user who runs the
//! question in DuckDB, Spark, Postgres or SQLite instead of in basis.
//!
//! The translation covers every entity (the rows of each are a table of the export,
//! `entity::base`; where each field of a row is, one value or a list in a link table, is
//! `entity::access`): listings and counts with `where`, `show`, `count … by`, `order by`,
//! `limit`, and `compare`, with every condition a query can write — `=`, `!=`, `in` (through
//! the closure tables for the four trees), `missing`, `is special|criminal`,
//! `is stated|implied|inferred`, `and`, `or`, `not` — and the walks `path` and `reachable`, as
//! recursive CTEs with the engine's routes and row order (`walk`; not for Spark, whose SQL has
//! no recursive CTE before Spark 4). What has no faithful translation is refused
//! with a [`SqlError`] that says what and why, for a wrong answer is worse than none:
//! `explain`, a listing with `by`, a citation's own `note` (not exported),
//! `order by` a list whose order the tables do not keep, `compare` of a flag, of retention
//! periods, or of values that differ only in case in the model. A retention period is read
//! from the words of `retention.period` and its ISO 8601 `duration` as an interval of days, as
//! basis compares it. Tests run every translation in SQLite over the export (tests/sql.rs,
//! tests/sql_entities.rs) and the postgres dialect on PostgreSQL (tests/postgres.rs), and
//! require basis's own rows in basis's order.
//!
//! Semantics, as the engine has them (docs/language.md): a test holds when *some* value of the
//! field passes; `!=` and `not in` are its negation (a row with no value passes); a count by
//! fields counts a row once in each combination of its distinct values, and in the empty
//! group of a field it has none of; groups come out ordered by their keys (empty first, then
//! by the text shown, ignoring case); a listing keeps model order (the export's `seq` column,
//! `flow-<n>`, `retention-<n>`) unless `order by` asks otherwise, and then sorts stably on the
//! field's first value, rows without one last; a listing of an entity with provenance ends
//! with `provenance` (the weakest of the fields the query uses), `notice` and `quote`.

mod entity;
mod field;
mod pred;
mod select;
mod walk;

use crate::model::Model;
use crate::query::plan::{Plan, PlanKind};
use strum::{Display, EnumString, VariantNames};
use thiserror::Error;

/// The SQL engine the text is written for. They differ in quoting names and in how a list of
/// values is put in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase")]
#[strum(parse_err_ty = String, parse_err_fn = unknown_dialect)]
pub enum Dialect {
    /// SQLite 3.35 or later.
    Sqlite,
    /// DuckDB.
    Duckdb,
    /// PostgreSQL (sorted with `COLLATE "C"`, byte order, as basis sorts).
    #[strum(to_string = "postgres", serialize = "postgresql")]
    Postgres,
    /// Spark SQL (names in backticks; lists through `collect_set`).
    Spark,
}

fn unknown_dialect(s: &str) -> String {
    crate::diagnostic::unknown_word("SQL dialect", s, Dialect::VARIANTS)
}

impl Dialect {
    /// A table or column name, quoted when SQL reserves it or it holds a dot.
    pub(crate) fn ident(self, name: &str) -> String {
        let plain =
            name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') && !RESERVED.contains(&name);
        match (plain, self) {
            (true, _) => name.to_string(),
            (false, Dialect::Spark) => format!("`{name}`"),
            (false, _) => format!("\"{name}\""),
        }
    }

    /// The one value of `column` in `rest` (`table alias WHERE …`, a lookup by id: at most one
    /// row) as a scalar subquery. Spark accepts a correlated scalar subquery only when it
    /// aggregates, so there it is `MAX(column)`, the same value over one row and NULL over
    /// none; elsewhere the plain subquery (PostgreSQL has no `MAX` of a boolean).
    pub(crate) fn scalar(self, column: &str, rest: &str) -> String {
        match self {
            Dialect::Spark => format!("(SELECT MAX({column}) FROM {rest})"),
            _ => format!("(SELECT {column} FROM {rest})"),
        }
    }

    /// Where `needle` (an SQL string) first is in `hay`, from 1; 0 when it is not.
    pub(crate) fn find(self, hay: &str, needle: &str) -> String {
        match self {
            Dialect::Postgres => format!("STRPOS({hay}, {needle})"),
            _ => format!("INSTR({hay}, {needle})"),
        }
    }

    /// The sort key of a text expression in byte order, as basis sorts.
    pub(crate) fn bytes(self, e: &str) -> String {
        match self {
            Dialect::Postgres => format!("{e} COLLATE \"C\""),
            _ => e.to_string(),
        }
    }
}

/// Names the export uses that SQL reserves.
const RESERVED: &[&str] = &[
    "right",
    "system",
    "trigger",
    "condition",
    "text",
    "value",
    "count",
    "order",
    "group",
    "from",
    "to",
];

/// A query that has no faithful SQL translation; the message says which part and why.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SqlError {
    /// `retention show duration`: a field without a translation.
    #[error("the field `{field}` is not translated: {why}")]
    Field {
        /// The field's name.
        field: &'static str,
        /// Why.
        why: &'static str,
    },
    /// `explain …`, a listing with `by`, `path from …` in the spark dialect.
    #[error("{0} is not translated")]
    Form(&'static str),
}

/// The SQL for a planned query, over the tables of `basis export --to csv`.
pub fn to_sql(plan: &Plan, model: &Model, dialect: Dialect) -> Result<String, SqlError> {
    if plan.explain {
        return Err(SqlError::Form(
            "`explain` (basis's plan and row counts; use the engine's own EXPLAIN)",
        ));
    }
    let t = select::Translator { model, dialect };
    let sql = match &plan.kind {
        PlanKind::Select(s) => t.select(s),
        PlanKind::Compare(c) => t.compare(c),
        PlanKind::Path(p) => t.path(p),
        PlanKind::Reachable(r) => t.reachable(r),
    }?;
    Ok(match dialect {
        Dialect::Spark => spark_literals(&sql),
        _ => sql,
    })
}

/// `sql` with its string literals written as Spark SQL reads them. The translation writes
/// standard literals (`'AfC''s'`), but Spark takes `''` for two adjacent literals, which it
/// joins (`'AfCs'`), and reads a backslash as an escape: there a quote is `\'` and a
/// backslash `\\`.
fn spark_literals(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (inside, c) {
            (false, '\'') => {
                inside = true;
                out.push(c);
            }
            (true, '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push_str("\\'");
            }
            (true, '\'') => {
                inside = false;
                out.push(c);
            }
            (true, '\\') => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out
}

/// A text as an SQL string literal.
pub(crate) fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::spark_literals;

    #[test]
    fn spark_literals_escape_quotes_and_backslashes_and_leave_the_rest() {
        assert_eq!(
            spark_literals(r"SELECT `a` FROM t WHERE x IN ('AfC''s', 'a\b', '', '''') AND y = 1"),
            r"SELECT `a` FROM t WHERE x IN ('AfC\'s', 'a\\b', '', '\'') AND y = 1"
        );
    }
}
