//! `basis sql --dialect postgres` run on a real PostgreSQL, through `psql` (an oracle that is
//! not basis): the CSV export is loaded into a fresh schema with the DDL of `schema.sql` and
//! `\copy … csv header`, and every query of `tests/cases/query` and 1,500 generated ones on
//! every entity (tests/sql_entities.rs's generator) must give basis's rows, in basis's order.
//!
//! `BASIS_POSTGRES` is a libpq connection string (`host=/tmp/pg port=5439 user=postgres
//! dbname=postgres`) of a role that may create a schema; `.ci/run` starts a private cluster
//! and sets it, with `BASIS_REQUIRE_POSTGRES=1`, which turns a missing server into a
//! failure. Without it the test says why and passes.

use crate::sql::quoted;
use crate::sql::{Rows, cases, engine_rows, is_walk};
use crate::sql_entities::{Domain, Gen, REFUSED, Rng, entities};
use basis::engine::{Engine, execute_with};
use basis::export::Scope;
use basis::export::{Dialect, to_sql};
use basis::export::{TABLES, write_csv};
use basis::model::{Model, load_builtin};
use basis::query::{FieldId, ValueType};
use basis::{parse, plan};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

/// A cell `psql` prints for NULL (`\pset null`), which no text of the data holds.
const NULL: &str = "\u{18}";

/// A schema of the server holding one export, dropped when done.
struct Pg {
    conn: String,
    schema: String,
}

impl Pg {
    /// The server of `BASIS_POSTGRES`, if set (and a failure when it is required but unset).
    fn from_env() -> Option<Pg> {
        let conn = std::env::var("BASIS_POSTGRES").unwrap_or_default();
        if conn.is_empty() {
            assert!(
                std::env::var("BASIS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "BASIS_REQUIRE_POSTGRES=1 but BASIS_POSTGRES (a libpq connection string) is not set"
            );
            eprintln!(
                "BASIS_POSTGRES is not set: `basis sql --dialect postgres` is not run on PostgreSQL (.ci/run starts one)"
            );
            return None;
        }
        let schema = format!(
            "basis_test_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        Some(Pg { conn, schema })
    }

    /// Runs `script` in the schema with `psql`; its output, or what it said of the error.
    fn psql(&self, script: &str) -> Result<String, String> {
        let mut child = Command::new("psql")
            .arg(&self.conn)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-F", "\u{1f}", "-R", "\u{1e}", "-P"])
            .arg(format!("null={NULL}"))
            .args(["-f", "-"])
            .env("PGOPTIONS", format!("-c search_path={}", self.schema))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("psql does not run: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(script.as_bytes())
                .map_err(|e| format!("psql's input: {e}"))?;
        }
        let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Creates the schema and loads the CSV export of `m` into it.
    fn load(&self, m: &Model) {
        let dir = tempfile::tempdir().expect("tempdir");
        write_csv(m, &Scope::all(m), dir.path()).expect("exports");
        let ddl = std::fs::read_to_string(dir.path().join("schema.sql")).expect("schema.sql");
        let mut script = format!("CREATE SCHEMA {};\n{ddl}", self.schema);
        for t in TABLES {
            let file = dir.path().join(format!("{}.csv", t.name));
            script.push_str(&format!(
                "\\copy {} FROM '{}' WITH (FORMAT csv, HEADER true)\n",
                quoted(t.name),
                file.display()
            ));
        }
        if let Err(e) = self.psql(&script) {
            panic!("the export does not load into PostgreSQL: {e}");
        }
    }

    /// The rows of `sql`, as tests/sql.rs compares them.
    fn rows(&self, sql: &str, columns: &[String]) -> Result<Rows, String> {
        let out = self.psql(&format!("{sql};\n"))?;
        let out = out.strip_suffix('\n').unwrap_or(&out);
        if out.is_empty() {
            return Ok(Vec::new());
        }
        out.split('\u{1e}')
            .map(|row| {
                let cells: Vec<&str> = row.split('\u{1f}').collect();
                if cells.len() != columns.len() {
                    return Err(format!("{} cells, basis has {columns:?}", cells.len()));
                }
                Ok(cells
                    .iter()
                    .zip(columns)
                    .map(|(c, col)| match *c {
                        NULL => Vec::new(),
                        "t" if boolean(col) => vec!["true".to_string()],
                        "f" if boolean(col) => vec!["false".to_string()],
                        c => vec![c.to_string()],
                    })
                    .collect())
            })
            .collect()
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self.psql(&format!("DROP SCHEMA IF EXISTS {} CASCADE;", self.schema));
    }
}

/// Whether a column holds a yes/no field (`psql` prints it `t` or `f`).
fn boolean(col: &str) -> bool {
    FieldId::parse(&[col.to_string()]).is_some_and(|f| f.value_type() == ValueType::Bool)
}

/// What became of one query on PostgreSQL.
enum Outcome {
    Same,
    Refused(String),
    NotPlanned,
}

fn agree(m: &Model, pg: &Pg, text: &str) -> Result<Outcome, String> {
    let Ok(p) = parse(text)
        .map_err(|_| ())
        .and_then(|q| plan(&q, m).map_err(|_| ()))
    else {
        return Ok(Outcome::NotPlanned);
    };
    let sql = match to_sql(&p, m, Dialect::Postgres) {
        Ok(s) => s,
        Err(e) => return Ok(Outcome::Refused(e.to_string())),
    };
    let want = execute_with(&p, m, Engine::Indexed).map_err(|e| format!("{text}: {e}"))?;
    let got = pg
        .rows(&sql, &want[0].columns)
        .map_err(|e| format!("{text}\n{sql}\n{e}"))?;
    let want = engine_rows(&want[0], is_walk(&want[0]));
    if got != want {
        let first = got.iter().zip(&want).position(|(a, b)| a != b);
        return Err(format!(
            "{text}\n{sql}\nPostgreSQL {} rows, basis {}; first difference at {first:?}:\nPostgreSQL {:?}\nbasis      {:?}",
            got.len(),
            want.len(),
            first.and_then(|i| got.get(i)),
            first.and_then(|i| want.get(i)),
        ));
    }
    Ok(Outcome::Same)
}

#[test]
fn the_postgres_dialect_gives_basis_rows_on_postgresql() {
    let Some(pg) = Pg::from_env() else { return };
    let m = load_builtin().expect("built-in data");
    pg.load(&m);
    // The query cases: each translated one agrees.
    let (mut same, mut refused) = (0, BTreeMap::new());
    for (name, text) in cases("query") {
        match agree(&m, &pg, &text) {
            Ok(Outcome::Same) => same += 1,
            Ok(Outcome::Refused(why)) => {
                refused.insert(name, why);
            }
            Ok(Outcome::NotPlanned) => panic!("{name} does not plan"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    eprintln!("PostgreSQL: {same} query cases give basis's rows; refused: {refused:?}");
    assert!(same >= 15, "{same} cases agree");
    // Generated queries on every entity.
    let d = Domain::new(&m);
    let mut g = Gen {
        d: &d,
        rng: Rng::new(2026),
    };
    let es = entities();
    let (mut agreed, mut refused, mut unplanned) = (0, BTreeMap::<String, usize>::new(), 0);
    for i in 0..1_500 {
        let ei = i % es.len();
        let q = g.query(es[ei], ei);
        match agree(&m, &pg, &q) {
            Ok(Outcome::Same) => agreed += 1,
            Ok(Outcome::Refused(why)) => {
                assert!(
                    REFUSED.iter().any(|r| why.contains(r)),
                    "`{q}` refused for a reason not named: {why}"
                );
                *refused.entry(why).or_default() += 1;
            }
            Ok(Outcome::NotPlanned) => unplanned += 1,
            Err(e) => panic!("generated query {i}: {e}"),
        }
    }
    eprintln!(
        "PostgreSQL: {agreed} of 1500 generated queries give basis's rows; {unplanned} do not plan; refused: {refused:?}"
    );
    assert!(agreed >= 1_000, "{agreed} agree");
}
