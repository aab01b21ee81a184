//! `basis export --to parquet`, read back by readers that are not basis's writer: the
//! `parquet` crate's own reader (always), pyarrow and DuckDB (run through `python3`, when
//! installed; `.ci/run` installs them and sets `BASIS_REQUIRE_PYTHON_ORACLES=1`, which turns
//! a missing module into a failure). Checked: every `basis stats` count equals the Parquet
//! table's rows (built-in data and 100,000 generated flows), column types as `schema.sql`
//! says, id columns dictionary-encoded, the partitioned export the same rows, DuckDB over
//! `duckdb.sql` giving basis's rows for the issue's three questions, and bad `-o` and
//! `--partition` refused with nothing written.

use crate::tables::{basis, stats_match};
use arrow_array::{Array, BooleanArray, Int64Array, StringArray};
use basis::export::ColumnType;
use basis::export::{PROVENANCE, TABLES, TableDef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Encoding;
use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .output()
        .expect("run basis")
}

pub(crate) fn export(dir: &Path, extra: &[&str]) {
    let mut args = vec![
        "export",
        "--to",
        "parquet",
        "-o",
        dir.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    basis(&args);
}

fn def(table: &str) -> &'static TableDef {
    TABLES.iter().find(|t| t.name == table).expect("a table")
}

/// The files of a table: `<table>.parquet`, or each `<table>/org=ID/part-N.parquet` with the
/// organisation its directory names.
fn files(dir: &Path, table: &str) -> Vec<(PathBuf, Option<String>)> {
    let one = dir.join(format!("{table}.parquet"));
    if one.is_file() {
        assert!(!dir.join(table).exists(), "{table}: a file and a directory");
        return vec![(one, None)];
    }
    let mut out = Vec::new();
    for org in fs::read_dir(dir.join(table)).expect("a table file or directory") {
        let org = org.expect("entry").path();
        let name = org
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let id = name.strip_prefix("org=").expect("org=ID").to_string();
        for part in fs::read_dir(&org).expect("partition") {
            let part = part.expect("entry").path();
            let n = part
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            assert!(n.starts_with("part-") && n.ends_with(".parquet"), "{n}");
            out.push((part, Some(id.clone())));
        }
    }
    out.sort();
    out
}

/// A table read back with the `parquet` crate's reader, every cell as the CSV would hold it
/// (NULL as empty, booleans `true`/`false`), after checking each column's type against
/// `TABLES` and that its id columns are dictionary-encoded.
fn read(dir: &Path, table: &str) -> Vec<HashMap<String, String>> {
    let t = def(table);
    let want: Vec<(&str, ColumnType)> = t
        .columns
        .iter()
        .map(|c| (c.name, c.ty))
        .chain(PROVENANCE.iter().map(|p| (*p, ColumnType::Text)))
        .collect();
    let mut rows = Vec::new();
    for (path, org) in files(dir, table) {
        let b = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).expect("open"))
            .expect("a Parquet file");
        // The hive partition's column is in the directory name, not in the file.
        let cols: Vec<(&str, ColumnType)> = want
            .iter()
            .copied()
            .filter(|(n, _)| org.is_none() || *n != "org")
            .collect();
        let fields = b.schema().fields();
        let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        let expected: Vec<&str> = cols.iter().map(|c| c.0).collect();
        assert_eq!(names, expected, "{}", path.display());
        for (f, (name, ty)) in fields.iter().zip(&cols) {
            let arrow = match ty {
                ColumnType::Text => arrow_schema::DataType::Utf8,
                ColumnType::Integer => arrow_schema::DataType::Int64,
                ColumnType::Boolean => arrow_schema::DataType::Boolean,
            };
            assert_eq!(f.data_type(), &arrow, "{table}.{name}");
        }
        let meta = b.metadata().clone();
        for rg in meta.row_groups() {
            for (i, (name, _)) in cols.iter().enumerate() {
                let id = *name == "id" || *name == "org" || *name == "party" || *name == "flow";
                if id && rg.num_rows() > 0 {
                    let enc: Vec<Encoding> = rg.column(i).encodings().collect();
                    assert!(
                        enc.contains(&Encoding::RLE_DICTIONARY),
                        "{table}.{name} not dictionary-encoded: {enc:?}"
                    );
                }
            }
        }
        for batch in b.build().expect("reader") {
            let batch = batch.expect("a batch");
            for r in 0..batch.num_rows() {
                let mut row = HashMap::new();
                for (k, (name, ty)) in cols.iter().enumerate() {
                    let a = batch.column(k);
                    let cell = if a.is_null(r) {
                        String::new()
                    } else {
                        match ty {
                            ColumnType::Text => a
                                .as_any()
                                .downcast_ref::<StringArray>()
                                .expect("text")
                                .value(r)
                                .to_string(),
                            ColumnType::Integer => a
                                .as_any()
                                .downcast_ref::<Int64Array>()
                                .expect("integer")
                                .value(r)
                                .to_string(),
                            ColumnType::Boolean => a
                                .as_any()
                                .downcast_ref::<BooleanArray>()
                                .expect("boolean")
                                .value(r)
                                .to_string(),
                        }
                    };
                    row.insert(name.to_string(), cell);
                }
                if let Some(o) = &org {
                    row.insert("org".to_string(), o.clone());
                }
                rows.push(row);
            }
        }
    }
    rows
}

/// The rows of every table of an export, in a map by table, sorted (to compare two exports).
fn every_table(dir: &Path) -> HashMap<&'static str, Vec<Vec<(String, String)>>> {
    TABLES
        .iter()
        .map(|t| {
            let mut rows: Vec<Vec<(String, String)>> = read(dir, t.name)
                .into_iter()
                .map(|r| {
                    let mut r: Vec<(String, String)> = r.into_iter().collect();
                    r.sort();
                    r
                })
                .collect();
            rows.sort();
            (t.name, rows)
        })
        .collect()
}

#[test]
fn builtin_parquet_tables_match_stats_and_the_csv() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pq = tmp.path().join("pq");
    export(&pq, &[]);
    stats_match(&[], &|t: &str| read(&pq, t));
    // Every row of every table is the CSV's row, cell for cell.
    let csv = tmp.path().join("csv");
    basis(&["export", "--to", "csv", "-o", csv.to_str().expect("utf-8")]);
    for t in TABLES {
        let from_csv = crate::tables::rows(&csv, t.name);
        assert_eq!(read(&pq, t.name), from_csv, "{}", t.name);
    }
    // The DDL and the DuckDB views are beside the tables.
    let ddl = fs::read_to_string(pq.join("schema.sql")).expect("schema.sql");
    assert!(ddl.contains("CREATE TABLE flow (\n  id TEXT,"), "{ddl}");
    let views = fs::read_to_string(pq.join("duckdb.sql")).expect("duckdb.sql");
    assert_eq!(views.matches("CREATE VIEW ").count(), TABLES.len());
}

#[test]
fn partitioned_by_org_the_rows_are_the_same() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (one, split) = (tmp.path().join("one"), tmp.path().join("split"));
    export(&one, &[]);
    export(&split, &["--partition", "org"]);
    assert!(
        split
            .join("flow/org=cheshire-west/part-0.parquet")
            .is_file()
    );
    assert!(
        split.join("party.parquet").is_file(),
        "party stays one file"
    );
    assert!(!split.join("flow.parquet").exists());
    assert_eq!(every_table(&one), every_table(&split));
    // Exporting again over a partitioned export, with or without partitions, replaces it.
    export(&split, &[]);
    assert!(split.join("flow.parquet").is_file() && !split.join("flow").exists());
    export(&split, &["--partition", "org"]);
    assert!(split.join("flow").is_dir() && !split.join("flow.parquet").exists());
}

#[test]
fn a_generated_set_of_100k_flows_matches_stats_in_parquet() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let snap = tmp.path().join("national.basis");
    let snap = snap.to_str().expect("utf-8");
    basis(&[
        "gen", "--orgs", "200", "--flows", "100000", "--seed", "7", "-o", snap,
    ]);
    let (one, split) = (tmp.path().join("one"), tmp.path().join("split"));
    export(&one, &["--data", snap]);
    export(&split, &["--data", snap, "--partition", "org"]);
    assert_eq!(
        stats_match(&["--data", snap], &|t: &str| read(&one, t)),
        100_000
    );
    assert_eq!(
        stats_match(&["--data", snap], &|t: &str| read(&split, t)),
        100_000
    );
    // More rows than a batch (4,096, docs/interop.md): the flows are written in several
    // batches and read back whole.
    assert!(read(&one, "flow_category").len() > 4_096);
    if let Some(py) = python_oracles("a_generated_set_of_100k_flows_matches_stats_in_parquet") {
        for dir in [&one, &split] {
            duckdb_agrees(&py, dir, &["--data", snap]);
        }
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bad_output_and_partition_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = |name: &str| tmp.path().join(name).to_str().expect("utf-8").to_string();
    // -o onto a file: refused, the file as it was.
    fs::write(tmp.path().join("plain"), "x").expect("write");
    let o = run(&["export", "--to", "parquet", "-o", &p("plain")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a directory"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(tmp.path().join("plain")).expect("read"),
        "x"
    );
    // No -o: a usage error.
    let o = run(&["export", "--to", "parquet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("give a directory with -o DIR"),
        "{}",
        stderr(&o)
    );
    // --partition is for Parquet only.
    let o = run(&["export", "--to", "csv", "--partition", "org", "-o", &p("c")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--partition applies to --to parquet only"),
        "{}",
        stderr(&o)
    );
    // An unknown partitioning: the ones there are.
    let o = run(&[
        "export",
        "--to",
        "parquet",
        "--partition",
        "bogus",
        "-o",
        &p("b"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[possible values: none, org]"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("c").exists() && !tmp.path().join("b").exists());
    // A file of the user's inside a partition directory: refused and named, nothing changed.
    let pq = tmp.path().join("pq");
    export(&pq, &["--partition", "org"]);
    fs::write(pq.join("flow/org=cheshire-west/mine.txt"), "mine").expect("write");
    let o = run(&["export", "--to", "parquet", "-o", &p("pq")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`flow/org=cheshire-west/mine.txt`"),
        "{}",
        stderr(&o)
    );
    assert!(pq.join("flow/org=cheshire-west/part-0.parquet").is_file());
    fs::remove_file(pq.join("flow/org=cheshire-west/mine.txt")).expect("rm");
    // A directory that cannot be written: refused with the reason.
    let ro = tmp.path().join("ro");
    fs::create_dir(&ro).expect("mkdir");
    set_mode(&ro, 0o555);
    let target = if File::create(ro.join("probe")).is_ok() {
        // Root writes anywhere: a read-only file system instead, where there is one.
        Path::new("/sys/basis-parquet-test").to_path_buf()
    } else {
        ro.join("pq")
    };
    let o = run(&[
        "export",
        "--to",
        "parquet",
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    set_mode(&ro, 0o755);
    if target.starts_with("/sys") && !Path::new("/sys").is_dir() {
        eprintln!("skipped the unwritable directory case: no /sys and running as root");
    } else {
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
        assert!(!target.exists());
    }
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[cfg(unix)]
#[test]
fn a_failed_parquet_export_leaves_the_old_one_whole() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pq = tmp.path().join("pq");
    export(&pq, &["--partition", "org"]);
    let before = every_table(&pq);
    // `ulimit -f 16`: the flow table cannot be written; the first export stays as it was.
    let script = format!(
        "ulimit -f 16; exec '{}' export --to parquet -o pq",
        env!("CARGO_BIN_EXE_basis")
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(tmp.path())
        .output()
        .expect("sh");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("file too large")
            && stderr(&o).contains("the export already there is unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(every_table(&pq), before);
    let left: Vec<_> = fs::read_dir(tmp.path()).expect("ls").flatten().collect();
    assert_eq!(left.len(), 1, "nothing left beside it: {left:?}");
}

// ---- pyarrow and DuckDB, through python3 ---------------------------------------------------

/// `python3`, when it has `pyarrow` and `duckdb`; `None` (with the reason printed) when not,
/// and a failure when `BASIS_REQUIRE_PYTHON_ORACLES` is set (as `.ci/run` sets it).
pub(crate) fn python_oracles(test: &str) -> Option<String> {
    let py = "python3".to_string();
    let ok = Command::new(&py)
        .args(["-c", "import pyarrow.parquet, pyarrow.dataset, duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(py);
    }
    let why = "python3 with pyarrow and duckdb is not installed \
               (python3 -m pip install duckdb==2.0.1 pyarrow==25.0.1)";
    assert!(
        std::env::var_os("BASIS_REQUIRE_PYTHON_ORACLES").is_none(),
        "BASIS_REQUIRE_PYTHON_ORACLES is set, but {why}"
    );
    eprintln!("skipped {test}: {why}");
    None
}

/// Runs a Python script with `args`; its standard output.
pub(crate) fn python(py: &str, script: &str, args: &[&str]) -> String {
    let o = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    assert!(o.status.success(), "python: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Each table read with pyarrow (`pyarrow.dataset` with hive partitioning for a directory):
/// `table<TAB>rows<TAB>column:type,…` a line.
const PYARROW: &str = r#"
import os, sys
import pyarrow.parquet as pq, pyarrow.dataset as ds
d = sys.argv[1]
for t in sys.argv[2:]:
    f = os.path.join(d, t + ".parquet")
    if os.path.isfile(f):
        tab = pq.read_table(f)
    else:
        tab = ds.dataset(os.path.join(d, t), format="parquet", partitioning="hive").to_table()
    cols = ",".join(f"{x.name}:{x.type}" for x in tab.schema)
    print(f"{t}\t{tab.num_rows}\t{cols}")
"#;

#[test]
fn pyarrow_reads_every_table_with_its_types() {
    let Some(py) = python_oracles("pyarrow_reads_every_table_with_its_types") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    for extra in [&[][..], &["--partition", "org"][..]] {
        let dir = tmp.path().join(format!("pq{}", extra.len()));
        export(&dir, extra);
        let mut args = vec![dir.to_str().expect("utf-8")];
        args.extend(TABLES.iter().map(|t| t.name));
        let out = python(&py, PYARROW, &args);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), TABLES.len(), "{out}");
        for (t, line) in TABLES.iter().zip(lines) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f[0], t.name);
            let rows: usize = f[1].parse().expect("a count");
            assert_eq!(rows, read(&dir, t.name).len(), "{} rows", t.name);
            let types: HashMap<&str, &str> =
                f[2].split(',').filter_map(|c| c.split_once(':')).collect();
            for c in t.columns {
                let want = match c.ty {
                    ColumnType::Text => "string",
                    ColumnType::Integer => "int64",
                    ColumnType::Boolean => "bool",
                };
                let got = types.get(c.name).copied().unwrap_or("missing");
                // pyarrow reads a hive partition's values as strings (or their dictionary).
                let hive = c.name == "org" && got.starts_with("dictionary<values=string");
                assert!(
                    got == want || hive,
                    "{}.{}: {got} (want {want})",
                    t.name,
                    c.name
                );
            }
        }
    }
}

/// DuckDB opened in the export directory, `duckdb.sql` run, then each SQL of `argv[2:]`:
/// its rows as CSV (NULL empty), the results separated by a line `--`.
pub(crate) const DUCKDB: &str = r#"
import csv, os, sys, duckdb
os.chdir(sys.argv[1])
con = duckdb.connect()
con.execute(open("duckdb.sql").read())
w = csv.writer(sys.stdout, lineterminator="\n")
for q in sys.argv[2:]:
    cur = con.execute(q)
    w.writerow([d[0] for d in cur.description])
    for r in cur.fetchall():
        w.writerow(["" if x is None else ("true" if x is True else "false" if x is False else x) for x in r])
    print("--")
"#;

/// The three questions of the issue's "done when", asked of basis and of DuckDB over the
/// export through `basis sql --dialect duckdb`: the same rows (in order: each is ordered).
fn duckdb_agrees(py: &str, dir: &Path, data: &[&str]) {
    let questions = [
        "recipients where category in health and basis = art 9(2)(h)",
        "count flows by party.type",
        "count flows where category is special by org, party.type",
    ];
    duckdb_gives_basis_rows(py, dir, data, &questions, rows);
}

/// Each of `questions` asked of basis (`basis query --format csv`, with `data`) and of DuckDB
/// over the export in `dir` through `basis sql --dialect duckdb`: the same rows, in order,
/// each side read into cells by `read`.
pub(crate) fn duckdb_gives_basis_rows<T: PartialEq + std::fmt::Debug>(
    py: &str,
    dir: &Path,
    data: &[&str],
    questions: &[&str],
    read: fn(&str) -> Vec<T>,
) {
    let sql: Vec<String> = questions
        .iter()
        .map(|q| basis(&["sql", "--dialect", "duckdb", q]))
        .collect();
    let mut args = vec![dir.to_str().expect("utf-8")];
    args.extend(sql.iter().map(String::as_str));
    let out = python(py, DUCKDB, &args);
    let results: Vec<&str> = out.split("--\n").collect();
    for (i, q) in questions.iter().enumerate() {
        let mut a = vec!["query", "--format", "csv"];
        a.extend_from_slice(data);
        a.push(q);
        let (want, got) = (read(&basis(&a)), read(results[i]));
        assert!(want.len() > 1, "{q}: basis gives rows");
        // The header names the same columns; then every row, in order.
        assert_eq!(
            got.len(),
            want.len(),
            "{q}: rows in DuckDB over {}",
            dir.display()
        );
        if let Some(k) = (0..want.len()).find(|&k| got[k] != want[k]) {
            panic!(
                "{q} in DuckDB over {}: row {k} is {:?}, basis gives {:?}",
                dir.display(),
                got[k],
                want[k]
            );
        }
    }
}

/// CSV rows; a cell of a list column (`party.type`, …) as its sorted values, since basis
/// lists a party's main type first and the SQL lists them in order (as tests/sql.rs does).
fn rows(s: &str) -> Vec<Vec<Vec<String>>> {
    const LISTS: [&str; 4] = ["party.type", "category", "basis", "purpose"];
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(s.as_bytes());
    let mut header: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.expect("row");
        if header.is_empty() {
            header = rec.iter().map(String::from).collect();
        }
        let row = rec
            .iter()
            .zip(&header)
            .map(|(c, h)| {
                let mut v: Vec<String> = if LISTS.contains(&h.as_str()) && c != h {
                    c.split(", ").map(String::from).collect()
                } else {
                    vec![c.to_string()]
                };
                v.sort();
                v
            })
            .collect();
        out.push(row);
    }
    out
}

#[test]
fn duckdb_over_the_views_gives_basis_rows() {
    let Some(py) = python_oracles("duckdb_over_the_views_gives_basis_rows") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    for extra in [&[][..], &["--partition", "org"][..]] {
        let dir = tmp.path().join(format!("pq{}", extra.len()));
        export(&dir, extra);
        duckdb_agrees(&py, &dir, &[]);
    }
}

/// The Python block of docs/interop.md's "The headline question in DuckDB", run in an export
/// of the built-in data with `basis` on `PATH`, prints the text block after it.
#[test]
fn the_duckdb_example_in_docs_interop_prints_what_it_shows() {
    let Some(py) = python_oracles("the_duckdb_example_in_docs_interop_prints_what_it_shows") else {
        return;
    };
    let doc = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/interop.md"))
        .expect("docs/interop.md");
    let section = doc
        .split_once("### The headline question in DuckDB")
        .expect("the section")
        .1;
    let block = |after: &str, fence: &str| -> String {
        let start = after.find(fence).expect("a block") + fence.len();
        let len = after[start..].find("```").expect("its end");
        after[start..start + len].to_string()
    };
    let code = block(section, "```python\n");
    let shown = block(section, "```text\n");
    let tmp = tempfile::tempdir().expect("tempdir");
    let pq = tmp.path().join("pq");
    export(&pq, &[]);
    let bin = Path::new(env!("CARGO_BIN_EXE_basis"))
        .parent()
        .expect("bin dir");
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let o = Command::new(py)
        .arg("-c")
        .arg(&code)
        .current_dir(&pq)
        .env("PATH", path)
        .output()
        .expect("python3");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), shown);
}
