//! `basis sql --dialect spark` run on Apache Spark itself: the translations of the query cases
//! and of generated queries (on flows, and on every entity) are run by pyspark (local mode, `tests/oracles/spark_runner.py`)
//! over the CSV export of the built-in data, and must return exactly basis's rows, in basis's
//! order. Spark is an independent engine with its own SQL parser, its own NULL ordering and its
//! own string functions, so this checks the dialect, not only the translation's logic (which
//! tests/sql.rs checks in SQLite on 10,000 queries).
//!
//! Needs python3 with pyspark 3.5 and a Java runtime; skipped with the reason printed when they
//! are missing, and a failure then when `BASIS_REQUIRE_SPARK` is set (as `.ci/run` sets it).
//! `BASIS_SPARK_DIFFERENCES=FILE` writes every difference to FILE, not only the first three.

use crate::sql::{Rows, cases, engine_rows, with_order};
use crate::sql_entities::{Domain, Gen, Rng, entities};
use crate::sqlite_oracle::{Db, sql_query};
use basis::engine::{Engine, execute_with};
use basis::export::ColumnType;
use basis::export::Scope;
use basis::export::{Dialect, to_sql};
use basis::export::{PROVENANCE, TABLES, write_csv};
use basis::model::{Model, load_builtin};
use basis::{parse, plan};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value as Json, json};
use std::path::Path;
use std::process::Command;

/// Generated flow queries sent to Spark besides the cases (Spark answers about one a second
/// on two cores).
const GENERATED: u64 = 150;

/// Generated queries on every entity (tests/sql_entities.rs's generator) sent to Spark.
const GENERATED_ENTITIES: usize = 150;

/// `python3` when it has pyspark and Java runs; `None` (with the reason printed) when not.
fn spark(test: &str) -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success())
        && Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
    if ok {
        return Some("python3");
    }
    let why = "python3 with pyspark and a Java runtime are not installed \
               (apt-get install openjdk-17-jre-headless; python3 -m pip install pyspark==3.5.3)";
    assert!(
        std::env::var_os("BASIS_REQUIRE_SPARK").is_none(),
        "BASIS_REQUIRE_SPARK is set, but {why}"
    );
    eprintln!("skipped {test}: {why}");
    None
}

/// Spark's schema string for a table of the export, every name in backticks.
fn spark_schema(columns: &[(&str, ColumnType)]) -> String {
    columns
        .iter()
        .map(|(name, ty)| {
            let ty = match ty {
                ColumnType::Text => "STRING",
                ColumnType::Integer => "BIGINT",
                ColumnType::Boolean => "BOOLEAN",
            };
            format!("`{name}` {ty}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A cell as Spark gave it, in the form `engine_rows` gives basis's (a list is one text, its
/// distinct values sorted and joined by `, `, as `basis sql` writes it).
fn spark_cell(cell: &Json) -> Vec<String> {
    match cell {
        Json::Null => Vec::new(),
        Json::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    }
}

/// One query both ways.
struct Job {
    text: String,
    sql: String,
    columns: Vec<String>,
    want: Rows,
}

/// The job for `text`, or `None` when it does not plan or has no translation.
fn job(m: &Model, text: &str) -> Option<Job> {
    let p = plan(&parse(text).ok()?, m).ok()?;
    let sql = to_sql(&p, m, Dialect::Spark).ok()?;
    let tables = execute_with(&p, m, Engine::Indexed).expect("basis runs it");
    let t = &tables[0];
    Some(Job {
        text: text.to_string(),
        sql,
        columns: t.columns.clone(),
        want: engine_rows(t, false),
    })
}

#[test]
fn spark_sql_gives_basis_rows_on_the_cases_and_generated_queries() {
    let Some(py) = spark("spark_sql_gives_basis_rows_on_the_cases_and_generated_queries") else {
        return;
    };
    let m = load_builtin().expect("built-in data");
    let dir = tempfile::tempdir().expect("tempdir");
    write_csv(&m, &Scope::all(&m), dir.path()).expect("exports");

    let mut jobs: Vec<Job> = cases("query")
        .iter()
        .filter_map(|(_, text)| job(&m, text))
        .collect();
    // The questions docs/interop.md shows as SQL.
    for text in [
        "recipients where category in health and basis = art 9(2)(h)",
        "count recipients where category in health and basis = art 9(2)(h) by party.type order by count desc limit 3",
    ] {
        jobs.push(job(&m, text).expect("the docs' questions translate for Spark"));
    }
    let from_cases = jobs.len();
    let db = Db::new(
        &m,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab"),
    );
    let mut runner = TestRunner::deterministic();
    let strategy = sql_query();
    for i in 0..GENERATED {
        let q = strategy.new_tree(&mut runner).expect("a query").current();
        let (text, _) = db.run(&q);
        let text = with_order(&text, &q, i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40);
        jobs.extend(job(&m, &text));
    }
    let d = Domain::new(&m);
    let mut g = Gen {
        d: &d,
        rng: Rng::new(2027),
    };
    let es = entities();
    for i in 0..GENERATED_ENTITIES {
        let ei = i % es.len();
        jobs.extend(job(&m, &g.query(es[ei], ei)));
    }

    let tables: Vec<Json> = TABLES
        .iter()
        .map(|t| {
            let cols: Vec<(&str, ColumnType)> = t
                .columns
                .iter()
                .map(|c| (c.name, c.ty))
                .chain(PROVENANCE.iter().map(|p| (*p, ColumnType::Text)))
                .collect();
            json!({"name": t.name, "schema": spark_schema(&cols)})
        })
        .collect();
    let queries: Vec<&str> = jobs.iter().map(|j| j.sql.as_str()).collect();
    let jobs_file = dir.path().join("jobs.json");
    std::fs::write(
        &jobs_file,
        json!({"tables": tables, "queries": queries}).to_string(),
    )
    .expect("jobs file");
    let runner_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/spark_runner.py");
    let out = Command::new(py)
        .arg(&runner_py)
        .arg(dir.path())
        .arg(&jobs_file)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "spark_runner.py failed:\n{stderr}");
    let answers: Vec<Json> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(answers.len(), jobs.len(), "an answer a query:\n{stderr}");

    let mut wrong = Vec::new();
    for (j, a) in jobs.iter().zip(&answers) {
        let Some(rows) = a.get("rows").and_then(Json::as_array) else {
            wrong.push(format!(
                "{}\n{}\nSpark refused it: {}",
                j.text, j.sql, a["error"]
            ));
            continue;
        };
        let got: Rows = rows
            .iter()
            .map(|r| {
                let r = r.as_array().expect("a row");
                assert_eq!(r.len(), j.columns.len(), "{}: Spark's columns", j.text);
                r.iter().map(spark_cell).collect()
            })
            .collect();
        if got != j.want {
            let first = got.iter().zip(&j.want).position(|(a, b)| a != b);
            wrong.push(format!(
                "{}\n{}\nSpark {} rows, basis {}; first difference at {first:?}:\nSpark {:?}\nbasis {:?}",
                j.text,
                j.sql,
                got.len(),
                j.want.len(),
                first.and_then(|i| got.get(i)),
                first.and_then(|i| j.want.get(i)),
            ));
        }
    }
    eprintln!(
        "basis sql --dialect spark: {} of {} queries ({from_cases} from tests/cases/query and the docs) give basis's rows in Spark",
        jobs.len() - wrong.len(),
        jobs.len()
    );
    if let Some(path) = std::env::var_os("BASIS_SPARK_DIFFERENCES") {
        std::fs::write(path, wrong.join("\n\n")).expect("writes the differences");
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ; the first three:\n\n{}",
        wrong.len(),
        jobs.len(),
        wrong[..wrong.len().min(3)].join("\n\n")
    );
    assert!(jobs.len() >= 200, "only {} queries translated", jobs.len());
}
