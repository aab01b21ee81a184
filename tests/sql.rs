//! `basis sql` against basis itself: every query of `tests/cases/` and 10,000 generated ones
//! are translated for SQLite, run over the CSV export loaded into SQLite (rusqlite, typed by
//! the export's `schema.sql`), and must return exactly basis's rows, in basis's order. A query
//! with no translation must be refused with a reason; the refused ones are counted, printed
//! and limited to a named set of forms. Walks (`path`, `reachable`) are recursive CTEs: 600
//! generated ones must give basis's rows, routes and order too, and five do in DuckDB.

use crate::sqlite_oracle::{Db, SqlQuery, sql_query};
use basis::engine::{Engine, execute_with};
use basis::export::Scope;
use basis::export::{Dialect, to_sql};
use basis::export::{TABLES, write_csv};
use basis::model::{GenOptions, generate};
use basis::model::{Model, load_builtin};
use basis::query::{FieldId, ValueType};
use basis::{parse, plan};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use rusqlite::Connection;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;

/// A table or column name as an SQL identifier: in double quotes, which SQLite, DuckDB and
/// PostgreSQL all read, whether or not the name is reserved (`right`, `system`, `trigger` …).
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// The export of `m` loaded into an in-memory SQLite database: the tables of `schema.sql`,
/// an empty cell NULL, booleans 1 and 0, whole numbers as integers.
pub(crate) fn load_export(m: &Model) -> Connection {
    let dir = tempfile::tempdir().expect("tempdir");
    write_csv(m, &Scope::all(m), dir.path()).expect("exports");
    let conn = Connection::open_in_memory().expect("sqlite");
    let ddl = std::fs::read_to_string(dir.path().join("schema.sql")).expect("schema.sql");
    conn.execute_batch(&ddl).expect("schema.sql runs in SQLite");
    let tx = conn.unchecked_transaction().expect("tx");
    for t in TABLES {
        let mut r =
            csv::Reader::from_path(dir.path().join(format!("{}.csv", t.name))).expect("table file");
        let n = t.columns.len() + 3;
        let marks = vec!["?"; n].join(", ");
        let mut ins = tx
            .prepare(&format!("INSERT INTO {} VALUES ({marks})", quoted(t.name)))
            .expect("insert");
        for rec in r.records() {
            let rec = rec.expect("row");
            let vals: Vec<rusqlite::types::Value> = rec
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    use basis::export::ColumnType as T;
                    use rusqlite::types::Value as V;
                    let ty = t.columns.get(i).map_or(T::Text, |c| c.ty);
                    match (cell, ty) {
                        ("", _) => V::Null,
                        (c, T::Boolean) => V::Integer(i64::from(c == "true")),
                        (c, T::Integer) => V::Integer(c.parse().expect("a whole number")),
                        (c, T::Text) => V::Text(c.to_string()),
                    }
                })
                .collect();
            ins.execute(rusqlite::params_from_iter(vals))
                .expect("row inserts");
        }
    }
    // What a user of a real engine would add: an index on each table's first column (the
    // id, or the id a link row starts with).
    for t in TABLES {
        let (name, col) = (quoted(t.name), quoted(t.columns[0].name));
        tx.execute_batch(&format!("CREATE INDEX ix_{} ON {name}({col});", t.name))
            .expect("index");
    }
    tx.commit().expect("commit");
    conn
}

/// Rows of cells; a cell is its text, a list its distinct values sorted (in byte order, as
/// SQL sorts them) and joined by `, ` as `basis sql` writes a list.
pub(crate) type Rows = Vec<Vec<Vec<String>>>;

/// Whether a column holds a yes/no field (SQLite gives it as 1 or 0).
fn boolean(col: &str) -> bool {
    FieldId::parse(&[col.to_string()]).is_some_and(|f| f.value_type() == ValueType::Bool)
}

/// basis's rows as cells; for a walk (`path`, `reachable`), whose lists are in route order, a
/// list cell as basis shows it, its values joined by `, ` in order.
pub(crate) fn engine_rows(t: &basis::output::Table, walk: bool) -> Rows {
    let text = |j: &Json| match j {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    t.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    let mut v: Vec<String> = match c {
                        Json::Null => Vec::new(),
                        Json::Array(xs) if walk && !xs.is_empty() => {
                            vec![xs.iter().map(text).collect::<Vec<_>>().join(", ")]
                        }
                        Json::Array(xs) => xs.iter().map(text).collect(),
                        other => vec![text(other)],
                    };
                    v.sort();
                    v.dedup();
                    if v.len() > 1 {
                        v = vec![v.join(", ")];
                    }
                    v
                })
                .collect()
        })
        .collect()
}

fn sql_rows(conn: &Connection, sql: &str, columns: &[String]) -> Result<Rows, String> {
    let mut st = conn
        .prepare(sql)
        .map_err(|e| format!("bad SQL: {e}\n{sql}"))?;
    let n = st.column_count();
    if n != columns.len() {
        return Err(format!("{n} columns, basis has {columns:?}"));
    }
    let rows = st
        .query_map([], |row| {
            (0..n)
                .map(|k| {
                    use rusqlite::types::ValueRef as V;
                    let col = columns[k].as_str();
                    Ok(match row.get_ref(k)? {
                        V::Null => Vec::new(),
                        V::Integer(i) if boolean(col) => vec![(i != 0).to_string()],
                        V::Integer(i) => vec![i.to_string()],
                        V::Text(t) => vec![String::from_utf8_lossy(t).into_owned()],
                        other => vec![format!("{other:?}")],
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| format!("{e}\n{sql}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{e}\n{sql}"))?;
    Ok(rows)
}

/// What became of one query.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// SQLite gave basis's rows (this many).
    Same(usize),
    /// Refused, with the reason.
    Refused(String),
    /// Not a query of this model (an id it lacks).
    NotPlanned,
    /// A walk basis stopped (its edge budget), with the reason.
    Stopped(String),
}

/// Whether basis's table is a walk's: `path` (its first column) or `reachable` (`via`).
pub(crate) fn is_walk(t: &basis::output::Table) -> bool {
    t.columns.first().is_some_and(|c| c == "path") || t.columns.iter().any(|c| c == "via")
}

/// Runs `text` both ways; `Err` says how they differ.
pub(crate) fn agree(m: &Model, conn: &Connection, text: &str) -> Result<Outcome, String> {
    let Ok(q) = parse(text) else {
        return Ok(Outcome::NotPlanned);
    };
    let Ok(p) = plan(&q, m) else {
        return Ok(Outcome::NotPlanned);
    };
    let sql = match to_sql(&p, m, Dialect::Sqlite) {
        Ok(s) => s,
        Err(e) => return Ok(Outcome::Refused(e.to_string())),
    };
    let want = match execute_with(&p, m, Engine::Indexed) {
        Ok(t) => t,
        Err(e) if sql.starts_with("WITH RECURSIVE") => return Ok(Outcome::Stopped(e.to_string())),
        Err(e) => return Err(format!("{text}: {e}")),
    };
    let want = &want[0];
    let got = sql_rows(conn, &sql, &want.columns).map_err(|e| format!("{text}: {e}"))?;
    let want = engine_rows(want, is_walk(want));
    if got != want {
        let first = got.iter().zip(&want).position(|(a, b)| a != b);
        return Err(format!(
            "{text}\n{sql}\nSQLite {} rows, basis {}; first difference at {first:?}:\nSQLite {:?}\nbasis  {:?}",
            got.len(),
            want.len(),
            first.and_then(|i| got.get(i)),
            first.and_then(|i| want.get(i)),
        ));
    }
    Ok(Outcome::Same(got.len()))
}

/// The queries of a `tests/cases/<dir>`.
pub(crate) fn cases(dir: &str) -> Vec<(String, String)> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&d)
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "q"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("case");
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                text,
            )
        })
        .collect();
    out.sort();
    out
}

/// Runs the cases of `dirs` on `m`; returns the refused ones' names and reasons.
fn run_cases(m: &Model, dirs: &[&str]) -> BTreeMap<String, String> {
    let conn = load_export(m);
    let mut refused = BTreeMap::new();
    let mut same = 0;
    for dir in dirs {
        for (name, text) in cases(dir) {
            match agree(m, &conn, &text) {
                Ok(Outcome::Same(_)) => same += 1,
                Ok(Outcome::Refused(why)) => {
                    refused.insert(format!("{dir}/{name}"), why);
                }
                Ok(Outcome::NotPlanned) => panic!("{dir}/{name} does not plan"),
                Ok(Outcome::Stopped(why)) => panic!("{dir}/{name}: basis stopped: {why}"),
                Err(e) => panic!("{dir}/{name}: {e}"),
            }
        }
    }
    eprintln!("basis sql: {same} cases of {dirs:?} give basis's rows in SQLite; refused:");
    for (k, v) in &refused {
        eprintln!("  {k}: {v}");
    }
    refused
}

/// The forms `basis sql` refuses, each named by the start of its reason.
const REFUSED_FORMS: [&str; 3] = ["`explain`", "the field `duration`", "a listing with `by`"];

fn refused_forms_are_named(refused: &BTreeMap<String, String>) {
    for (name, why) in refused {
        let named = REFUSED_FORMS.iter().any(|f| why.starts_with(f));
        assert!(named, "{name}: refused for an unnamed reason: {why}");
    }
}

#[test]
fn the_query_cases_give_basis_rows_in_sqlite() {
    let m = load_builtin().expect("built-in data");
    let refused = run_cases(&m, &["query"]);
    refused_forms_are_named(&refused);
    // The flow queries of the cases are all translated, and those of the other entities.
    for name in [
        "orgs_all.q",
        "notices_all.q",
        "systems_ce.q",
        "health_categories.q",
        "unresolved_bases.q",
        "criminal_data.q",
        "design_legislation.q",
        "corrected_legislation.q",
        "design_missing_art9.q",
        "design_retention_children.q",
        "long_retention.q",
        "short_retention.q",
        "design_count_special.q",
        "design_health_art9.q",
        "design_sources.q",
        "design_compare_party_type.q",
        "not_in_party_types.q",
        "stated_purposes.q",
        "design_path_dfe.q",
        "reachable_afc.q",
    ] {
        assert!(!refused.contains_key(&format!("query/{name}")), "{name}");
    }
}

#[test]
fn the_scale_cases_give_basis_rows_in_sqlite() {
    let vocab = load_builtin().expect("built-in data").vocab;
    let m = generate(
        GenOptions {
            orgs: 60,
            flows: 6_000,
            seed: 1,
        },
        vocab,
        &mut |_| {},
    )
    .expect("generates");
    let refused = run_cases(&m, &["scale"]);
    refused_forms_are_named(&refused);
    assert!(
        refused.is_empty(),
        "the scale cases are all translated: {refused:?}"
    );
}

/// A generated query with, sometimes, an `order by` and a `limit` (on a field a listing can
/// sort on, or on the count of a grouped one).
pub(crate) fn with_order(text: &str, q: &SqlQuery, pick: u64) -> String {
    const SORTABLE: [&str; 8] = [
        "org",
        "service",
        "notice",
        "direction",
        "party",
        "name",
        "provenance",
        "party.type",
    ];
    let mut t = text.to_string();
    let desc = if pick & 1 == 1 { " desc" } else { "" };
    match q {
        SqlQuery::List(..) if pick.is_multiple_of(3) => {
            let f = SORTABLE[(pick / 3) as usize % SORTABLE.len()];
            t.push_str(&format!(" order by {f}{desc}"));
        }
        SqlQuery::Count(..) if text.contains(" by ") && pick.is_multiple_of(3) => {
            t.push_str(&format!(" order by count{desc}"));
        }
        _ => {}
    }
    if pick.is_multiple_of(5) {
        t.push_str(&format!(" limit {}", pick % 17));
    }
    t
}

#[test]
fn ten_thousand_generated_queries_give_basis_rows_in_sqlite() {
    let m = load_builtin().expect("built-in data");
    let conn = load_export(&m);
    let db = Db::new(
        &m,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab"),
    );
    let mut runner = TestRunner::deterministic();
    let strategy = sql_query();
    let (mut same, mut refused, mut unplanned) = (0, BTreeMap::<String, usize>::new(), 0);
    for i in 0..10_000u64 {
        let q = strategy.new_tree(&mut runner).expect("a query").current();
        let (text, _) = db.run(&q);
        let text = with_order(&text, &q, i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40);
        match agree(&m, &conn, &text) {
            Ok(Outcome::Same(_)) => same += 1,
            Ok(Outcome::Refused(why)) => *refused.entry(why).or_default() += 1,
            Ok(Outcome::NotPlanned) => unplanned += 1,
            Ok(Outcome::Stopped(why)) => panic!("query {i}: {text}: basis stopped: {why}"),
            Err(e) => panic!("query {i}: {e}"),
        }
    }
    eprintln!(
        "basis sql: {same} of 10000 generated queries give basis's rows; {unplanned} do not plan; refused: {refused:?}"
    );
    assert!(same >= 9_000, "{same} translated");
}

/// SplitMix64, for picking walks (no dependency needed).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The id of node `k` among `m`'s organisations, services and parties.
fn node_id(m: &Model, k: u64) -> String {
    let (no, ns, np) = (m.orgs.len(), m.services.len(), m.parties.len());
    let k = (k % (no + ns + np).max(1) as u64) as usize;
    if k < no {
        m.orgs[k].id.clone()
    } else if k < no + ns {
        m.services[k - no].id.clone()
    } else {
        m.parties[k - no - ns].id.clone()
    }
}

/// The parties basis finds reachable from `a` within `max` flows, if the query plans.
fn reached(m: &Model, a: &str, max: u64) -> Option<Vec<String>> {
    let p = plan(
        &parse(&format!("parties reachable from {a} max {max}")).ok()?,
        m,
    )
    .ok()?;
    let t = execute_with(&p, m, Engine::Indexed).ok()?;
    Some(
        t[0].rows
            .iter()
            .filter_map(|r| r[0].as_str().map(str::to_string))
            .collect(),
    )
}

/// `n` generated walks on `m`: `path` and `reachable` from and to random organisations,
/// services and parties, `max` 1 to 6 (1 to `path_max` for a path), and half of them with a condition from the generator
/// of the flow queries; each must give basis's rows in SQLite. Returns how many did, and how
/// many of those had rows.
fn generated_walks_agree(m: &Model, n: u64, seed: u64, path_max: u64) -> (usize, usize) {
    let conn = load_export(m);
    let db = Db::new(
        m,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab"),
    );
    let mut runner = TestRunner::deterministic();
    let strategy = sql_query();
    let (mut same, mut unplanned, mut stopped, mut some) = (0, 0, 0, 0);
    for i in 0..n {
        let r = |k: u64| mix(seed ^ (i << 8) ^ k);
        let q = strategy.new_tree(&mut runner).expect("a query").current();
        let cond = match q {
            SqlQuery::Count(_, c, _) | SqlQuery::List(_, c, _) => c,
        };
        let filter = if r(1).is_multiple_of(2) {
            let (text, _) = db.run(&SqlQuery::Count(0, cond, Vec::new()));
            text.trim_start_matches("count flows").to_string()
        } else {
            String::new()
        };
        // Most walks start at an organisation or a service (a party mostly only receives),
        // and most paths end at a party reached from there.
        let (no, ns) = (m.orgs.len() as u64, m.services.len() as u64);
        let a = match r(2) % 4 {
            0 | 1 => node_id(m, r(7) % no.max(1)),
            2 => node_id(m, no + r(7) % ns.max(1)),
            _ => node_id(m, r(7)),
        };
        let path = r(5).is_multiple_of(2);
        let max = 1 + r(4) % if path { path_max } else { 6 };
        let b = reached(m, &a, max)
            .filter(|ids| !ids.is_empty() && !r(3).is_multiple_of(5))
            .map_or_else(
                || node_id(m, r(3)),
                |ids| ids[(r(3) % ids.len() as u64) as usize].clone(),
            );
        let text = if path {
            format!("path from {a} to {b}{filter} max {max}")
        } else {
            let entity = ["parties", "recipients", "orgs", "services"][(r(6) % 4) as usize];
            format!("{entity} reachable from {a}{filter} max {max}")
        };
        match agree(m, &conn, &text) {
            Ok(Outcome::Same(k)) => {
                same += 1;
                if k > 0 {
                    some += 1;
                }
            }
            Ok(Outcome::Refused(why)) => panic!("walk {i}: {text}: refused: {why}"),
            Ok(Outcome::NotPlanned) => unplanned += 1,
            Ok(Outcome::Stopped(_)) => stopped += 1,
            Err(e) => panic!("walk {i}: {e}"),
        }
    }
    eprintln!(
        "basis sql: {same} of {n} generated walks give basis's rows in SQLite ({some} with rows); {unplanned} do not plan; basis stopped {stopped}"
    );
    (same, some)
}

#[test]
fn generated_walks_give_basis_rows_in_sqlite() {
    let m = load_builtin().expect("built-in data");
    let (same, some) = generated_walks_agree(&m, 300, 21, 6);
    assert!(
        same >= 250 && some >= 100,
        "{same} of 300 walks compared, {some} with rows"
    );
}

#[test]
fn generated_walks_on_a_generated_model_give_basis_rows_in_sqlite() {
    let vocab = load_builtin().expect("built-in data").vocab;
    let m = generate(
        GenOptions {
            orgs: 8,
            flows: 600,
            seed: 3,
        },
        vocab,
        &mut |_| {},
    )
    .expect("generates");
    // Paths up to 4 flows: SQLite lists every simple path, and at 6 flows one walk on this
    // model takes up to 17 s.
    let (same, some) = generated_walks_agree(&m, 300, 22, 4);
    assert!(
        same >= 250 && some >= 100,
        "{same} of 300 walks compared, {some} with rows"
    );
}

/// Walks whose SQL for DuckDB gives, over the Parquet export, the rows of `basis query`, in
/// order.
#[test]
fn walks_give_basis_rows_in_duckdb() {
    use crate::parquet::{duckdb_gives_basis_rows, export, python_oracles};
    let Some(py) = python_oracles("walks_give_basis_rows_in_duckdb") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("pq");
    export(&dir, &[]);
    let walks = [
        "recipients reachable from cheshire-west max 2",
        "services reachable from cheshire-east where category in health max 3",
        "parties reachable from achieving-for-children where direction = to max 3",
        "path from cheshire-west to department-for-education",
        "path from cheshire-west to department-for-education where category in health max 5",
    ];
    // A walk's lists are in route order: cells compared as written.
    let rows = |s: &str| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(s.as_bytes())
            .records()
            .map(|r| r.expect("row").iter().map(String::from).collect())
            .collect()
    };
    duckdb_gives_basis_rows(&py, &dir, &[], &walks, rows);
}

/// Spark SQL has no recursive CTE before Spark 4: a walk for it is refused, saying so.
#[test]
fn walks_are_refused_for_spark_with_the_reason() {
    let m = load_builtin().expect("built-in data");
    for q in [
        "path from cheshire-west to department-for-education",
        "recipients reachable from cheshire-west max 2",
    ] {
        let p = plan(&parse(q).expect("parses"), &m).expect("plans");
        let e = to_sql(&p, &m, Dialect::Spark).expect_err("refused");
        assert!(e.to_string().contains("Spark SQL lacks"), "{q}: {e}");
        assert!(
            to_sql(&p, &m, Dialect::Postgres).is_ok(),
            "{q} for postgres"
        );
    }
}
