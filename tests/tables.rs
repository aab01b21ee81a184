//! The CSV export's tables against `basis stats`, both run as the real binary: for the built-in
//! data and a generated national set, every count `basis stats` prints equals the row count
//! of the matching table, read back from the files with the `csv` crate. Also: one value a
//! cell in every id column, evidence on every fact row, and the service facts the issue
//! counted in the RDF (24 rights, 20 security measures, …) present for the three councils.

use basis::export::TABLES;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

pub(crate) fn basis(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .output()
        .expect("run basis");
    assert!(
        out.status.success(),
        "basis {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A table's rows, each a map from column to cell.
pub(crate) fn rows(dir: &Path, table: &str) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join(format!("{table}.csv"))).expect("table file");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// `basis stats --format csv`: its three tables (blank-line separated), each a header and rows.
fn stats(data: &[&str]) -> Vec<Vec<Vec<String>>> {
    let mut args = vec!["stats", "--format", "csv"];
    args.extend_from_slice(data);
    let out = basis(&args);
    out.split("\n\n")
        .map(|block| {
            csv::Reader::from_reader(block.trim().as_bytes())
                .records()
                .map(|r| r.expect("stats row").iter().map(String::from).collect())
                .collect()
        })
        .collect()
}

/// A table's rows read back from an export, each a map from column to cell as CSV text.
pub(crate) type Rows<'a> = &'a dyn Fn(&str) -> Vec<HashMap<String, String>>;

/// How many rows of `table` have each value of `key` (and `and`, when given).
fn count_by(rows: Rows<'_>, table: &str, key: &str, and: Option<&str>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in rows(table) {
        let mut k = r[key].clone();
        if let Some(a) = and {
            k = format!("{k}/{}", r[a]);
        }
        *out.entry(k).or_insert(0) += 1;
    }
    out
}

/// Every count of `basis stats` equals its CSV table's rows; returns the flow count.
fn stats_match_tables(data: &[&str], dir: &Path) -> usize {
    stats_match(data, &|t: &str| rows(dir, t))
}

/// Every count of `basis stats` equals the rows of its table as `rows` reads them (CSV here,
/// Parquet in tests/parquet.rs); returns the flow count.
pub(crate) fn stats_match(data: &[&str], rows: Rows<'_>) -> usize {
    let st = stats(data);
    assert_eq!(st.len(), 3, "three stats tables");
    for kind in &st[0] {
        let table = kind[0].replace('-', "_");
        let want: usize = kind[1].parse().expect("a count");
        assert_eq!(rows(&table).len(), want, "{table} against stats");
    }
    let flows = count_by(rows, "flow", "org", Some("direction"));
    let get = |m: &BTreeMap<String, usize>, k: String| m.get(&k).copied().unwrap_or(0);
    let notices = count_by(rows, "notice", "org", None);
    let services = count_by(rows, "service", "org", None);
    let retention = count_by(rows, "retention", "org", None);
    for o in &st[1] {
        let id = &o[0];
        let n = |k: usize| -> usize { o[k].parse().expect("a count") };
        assert_eq!(n(2), get(&notices, id.clone()), "{id} notices");
        assert_eq!(n(3), get(&services, id.clone()), "{id} services");
        assert_eq!(
            n(4),
            get(&flows, format!("{id}/to")),
            "{id} recipient flows"
        );
        assert_eq!(n(5), get(&flows, format!("{id}/from")), "{id} source flows");
        assert_eq!(
            n(6),
            get(&flows, format!("{id}/internal")),
            "{id} internal flows"
        );
        assert_eq!(n(7), get(&retention, id.clone()), "{id} retention rules");
    }
    // Per notice: a flow's and a rule's notice is their provenance's `notice` column.
    let flows = count_by(rows, "flow", "notice", Some("direction"));
    let retention = count_by(rows, "retention", "notice", None);
    for nt in &st[2] {
        let id = &nt[0];
        let n = |k: usize| -> usize { nt[k].parse().expect("a count") };
        assert_eq!(
            n(4),
            get(&flows, format!("{id}/to")),
            "{id} recipient flows"
        );
        assert_eq!(n(5), get(&flows, format!("{id}/from")), "{id} source flows");
        assert_eq!(
            n(6),
            get(&flows, format!("{id}/internal")),
            "{id} internal flows"
        );
        assert_eq!(n(7), get(&retention, id.clone()), "{id} retention rules");
    }
    rows("flow").len()
}

/// Columns that hold ids (one value, never a space-separated list).
fn id_column(table: &str, column: &str) -> bool {
    column == "id"
        || matches!(
            column,
            "parent" | "ancestor" | "descendant" | "dpv" | "flow" | "retention"
        )
        || (column != table && TABLES.iter().any(|t| t.name == column))
}

fn one_value_a_cell_and_evidence_on_every_fact(dir: &Path) {
    for t in TABLES {
        for (i, r) in rows(dir, t.name).iter().enumerate() {
            for c in t.columns.iter().filter(|c| id_column(t.name, c.name)) {
                let cell = &r[c.name];
                assert!(
                    !cell.contains(char::is_whitespace),
                    "{}.csv row {i}: {} = {cell:?} is not one id",
                    t.name,
                    c.name
                );
            }
            let p = r["provenance"].as_str();
            match p {
                "stated" | "implied" | "inferred" => {
                    assert!(
                        !r["notice"].is_empty() && !r["quote"].is_empty(),
                        "{} {i}",
                        t.name
                    )
                }
                "dataset" | "vocabulary" => {
                    assert!(
                        r["notice"].is_empty() && r["quote"].is_empty(),
                        "{} {i}",
                        t.name
                    )
                }
                other => panic!("{}.csv row {i}: provenance {other:?}", t.name),
            }
        }
    }
}

#[test]
fn builtin_tables_match_stats_and_hold_every_fact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("graph");
    basis(&["export", "--to", "csv", "-o", d.to_str().expect("utf-8")]);
    stats_match_tables(&[], &d);
    one_value_a_cell_and_evidence_on_every_fact(&d);
    // The three councils' service facts, as issue 21 counted them in the RDF export.
    let three = ["cheshire-west", "cheshire-east", "achieving-for-children"];
    let ours: Vec<String> = rows(&d, "service")
        .into_iter()
        .filter(|r| three.contains(&r["org"].as_str()))
        .map(|r| r["id"].clone())
        .collect();
    let facts = |t: &str| {
        rows(&d, t)
            .iter()
            .filter(|r| ours.contains(&r["service"]))
            .count()
    };
    assert_eq!(facts("service_right"), 24);
    assert_eq!(facts("service_security"), 20);
    assert_eq!(facts("service_system"), 6);
    assert_eq!(facts("service_transfer"), 4);
    assert_eq!(facts("service_automated"), 2);
    assert_eq!(facts("service_note"), 53);
    // The DPO's post, phone and e-mail are rows of their own.
    let dpo: Vec<String> = rows(&d, "org_contact")
        .into_iter()
        .filter(|r| three.contains(&r["org"].as_str()) && r["role"] == "dpo")
        .map(|r| r["kind"].clone())
        .collect();
    for kind in ["post", "phone", "email"] {
        assert!(dpo.iter().any(|k| k == kind), "a DPO {kind}: {dpo:?}");
    }
    // A party of two types has two rows, the main one marked (the National Probation Service
    // of docs/modelling.md is `probation-justice` and a commissioned service).
    let types: Vec<(String, String)> = rows(&d, "party_party_type")
        .into_iter()
        .filter(|r| r["party"] == "national-probation-service")
        .map(|r| (r["party_type"].clone(), r["main"].clone()))
        .collect();
    assert!(types.len() >= 2, "{types:?}");
    assert_eq!(types[0].1, "true");
    // The closure holds each node at depth 0 and `mental-health` under `health`.
    let closure = rows(&d, "category_closure");
    assert_eq!(
        closure.iter().filter(|r| r["depth"] == "0").count(),
        rows(&d, "category").len()
    );
    assert!(closure.iter().any(|r| r["ancestor"] == "health"
        && r["descendant"] == "mental-health"
        && r["depth"] == "1"));
}

#[test]
fn a_generated_set_of_100k_flows_matches_stats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snap = dir.path().join("national.basis");
    let snap = snap.to_str().expect("utf-8");
    basis(&[
        "gen", "--orgs", "200", "--flows", "100000", "--seed", "7", "-o", snap,
    ]);
    let d = dir.path().join("graph");
    basis(&[
        "export",
        "--to",
        "csv",
        "--data",
        snap,
        "-o",
        d.to_str().expect("utf-8"),
    ]);
    assert_eq!(stats_match_tables(&["--data", snap], &d), 100_000);
}

#[test]
fn docs_interop_lists_every_table() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop.md"))
        .expect("docs/interop.md");
    for t in TABLES {
        assert!(
            doc.contains(&format!("`{}`", t.name)),
            "docs/interop.md: {}",
            t.name
        );
    }
}
