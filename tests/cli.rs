//! The `basis` binary: exit codes (0 ok, 1 data error, 2 usage), `basis stats` in every format
//! on the built-in data, and data errors reported on standard error with their locations.
//!
//! Numbers are asserted only where they can be checked by hand in `datasets/`: three
//! organisation files, five notices, three of them Cheshire West and Chester's.

use crate::load::{copy_datasets, edit, errors_in, minimal_dataset};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The organisations of the built-in data.
const ORGS: [&str; 3] = ["cheshire-west", "cheshire-east", "achieving-for-children"];

/// The notices of the built-in data, with their organisation.
const NOTICES: [(&str, &str); 5] = [
    ("cwac-early-help", "cheshire-west"),
    ("cwac-supporting-families", "cheshire-west"),
    ("cwac-privacy-policy", "cheshire-west"),
    ("ce-children-families", "cheshire-east"),
    ("afc-early-help-hub", "achieving-for-children"),
];

/// Runs `basis` with `args` (never from a terminal, never in colour).
pub(crate) fn basis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run basis")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Asserts the exit code, showing both streams when it differs.
pub(crate) fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

fn stats_json(args: &[&str]) -> Value {
    let mut all = vec!["stats", "--format", "json"];
    all.extend_from_slice(args);
    let o = basis(&all);
    assert_exit(&o, 0);
    serde_json::from_str(&stdout(&o)).expect("stats --format json is JSON")
}

/// The row of `table` whose `key` column is `value`.
fn row<'a>(json: &'a Value, table: &str, key: &str, value: &str) -> &'a Value {
    json[table]
        .as_array()
        .unwrap_or_else(|| panic!("no table {table} in {json}"))
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row {key} = {value} in {table}"))
}

// ---- basis stats on the built-in data --------------------------------------------------------

#[test]
fn stats_table_lists_the_three_orgs_and_five_notices() {
    let o = basis(&["stats"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    for org in ORGS {
        assert!(out.contains(org), "{org} missing:\n{out}");
    }
    for (notice, _) in NOTICES {
        assert!(out.contains(notice), "{notice} missing:\n{out}");
    }
    // Three sections: node counts, one row per org, one row per notice.
    for title in ["nodes", "orgs", "notices"] {
        assert!(
            out.lines().any(|l| l == title),
            "section {title} missing:\n{out}"
        );
    }
    // One row per organisation and per notice, whatever else the datasets hold.
    let json = stats_json(&[]);
    let n = |kind: &str| {
        row(&json, "nodes", "kind", kind)["count"]
            .as_u64()
            .unwrap_or(0)
    };
    assert!(out.contains(&format!("({} rows)", n("org"))), "{out}");
    assert!(out.contains(&format!("({} rows)", n("notice"))), "{out}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn stats_table_counts_cwac_notices() {
    let o = basis(&["stats"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("cheshire-west") && l.contains("Cheshire West and Chester Council"))
        .unwrap_or_else(|| panic!("no cheshire-west row:\n{out}"));
    // org │ name │ notices │ …: the third cell.
    let cells: Vec<&str> = line
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cells[..3],
        ["cheshire-west", "Cheshire West and Chester Council", "3"]
    );
}

#[test]
fn stats_json_counts_nodes_and_has_a_row_per_org_and_notice() {
    let json = stats_json(&[]);
    // The node counts agree with the rows listed (not with a number of organisations: the
    // datasets may hold more than these three).
    let orgs = json["orgs"].as_array().expect("orgs");
    let notices = json["notices"].as_array().expect("notices");
    assert_eq!(row(&json, "nodes", "kind", "org")["count"], orgs.len());
    assert_eq!(
        row(&json, "nodes", "kind", "notice")["count"],
        notices.len()
    );
    for org in ORGS {
        let r = row(&json, "orgs", "org", org);
        for key in [
            "name",
            "notices",
            "services",
            "recipient_flows",
            "source_flows",
            "retention_rules",
        ] {
            assert!(r.get(key).is_some(), "orgs row {org} has no {key}: {r}");
        }
    }
    assert_eq!(row(&json, "orgs", "org", "cheshire-west")["notices"], 3);
    assert_eq!(row(&json, "orgs", "org", "cheshire-east")["notices"], 1);
    assert_eq!(
        row(&json, "orgs", "org", "achieving-for-children")["notices"],
        1
    );
    assert_eq!(
        row(&json, "orgs", "org", "cheshire-west")["name"],
        "Cheshire West and Chester Council"
    );

    for (notice, org) in NOTICES {
        assert_eq!(row(&json, "notices", "notice", notice)["org"], org);
    }
    assert_eq!(
        row(&json, "notices", "notice", "ce-children-families")["file"],
        "002_c542209e9805e897.txt"
    );
}

#[test]
fn stats_flow_counts_agree_between_orgs_and_notices() {
    // Each flow is counted once per org and once per notice: the totals must agree, and match
    // the node count.
    let json = stats_json(&[]);
    let sum = |table: &str, key: &str| -> u64 {
        json[table]
            .as_array()
            .expect("table")
            .iter()
            .map(|r| r[key].as_u64().expect("count"))
            .sum()
    };
    let flows = row(&json, "nodes", "kind", "flow")["count"]
        .as_u64()
        .expect("count");
    assert_eq!(
        sum("orgs", "recipient_flows")
            + sum("orgs", "source_flows")
            + sum("orgs", "internal_flows"),
        flows
    );
    assert_eq!(
        sum("notices", "recipient_flows")
            + sum("notices", "source_flows")
            + sum("notices", "internal_flows"),
        flows
    );
    let retention = row(&json, "nodes", "kind", "retention")["count"]
        .as_u64()
        .expect("count");
    assert_eq!(sum("orgs", "retention_rules"), retention);
    assert_eq!(sum("notices", "retention_rules"), retention);
}

#[test]
fn stats_csv_has_a_header_per_table() {
    let o = basis(&["stats", "--format", "csv"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "kind,count");
    assert!(lines[1].starts_with("org,"), "{out}");
    assert!(lines[2].starts_with("notice,"), "{out}");
    assert!(
        lines.contains(
            &"org,name,notices,services,recipient_flows,source_flows,internal_flows,retention_rules"
        ),
        "{out}"
    );
    assert!(
        lines.contains(
            &"notice,org,file,title,recipient_flows,source_flows,internal_flows,retention_rules"
        ),
        "{out}"
    );
    for org in ORGS {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{org},"))),
            "{org} missing:\n{out}"
        );
    }
}

#[test]
fn stats_markdown_has_a_header_per_table() {
    let o = basis(&["stats", "--format", "markdown"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    for head in [
        "## nodes",
        "| kind | count |",
        "## orgs",
        "| org | name | notices | services | recipient_flows | source_flows | internal_flows | retention_rules |",
        "## notices",
        "| notice | org | file | title | recipient_flows | source_flows | internal_flows | retention_rules |",
    ] {
        assert!(out.lines().any(|l| l == head), "{head:?} missing:\n{out}");
    }
    for kind in ["org", "notice"] {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("| {kind} | "))),
            "{kind} count missing:\n{out}"
        );
    }
    for org in ORGS {
        assert!(
            out.contains(&format!("| {org} | ")),
            "{org} missing:\n{out}"
        );
    }
    assert!(out.contains("|---|---|\n"), "{out}");
}

#[test]
fn stats_of_a_copied_dataset_matches_the_builtin_one() {
    let dir = copy_datasets();
    let data = dir.path().to_str().expect("utf-8 path");
    assert_eq!(stats_json(&["--data", data]), stats_json(&[]));
}

#[test]
fn stats_of_a_single_org_file() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let file = dir.path().join("cheshire-west.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/cheshire-west.toml"),
        &file,
    )
    .expect("copy");
    let json = stats_json(&["--data", file.to_str().expect("utf-8 path")]);
    assert_eq!(row(&json, "nodes", "kind", "org")["count"], 1);
    assert_eq!(row(&json, "nodes", "kind", "notice")["count"], 3);
    assert_eq!(row(&json, "orgs", "org", "cheshire-west")["notices"], 3);
}

// ---- data errors: exit 1 -----------------------------------------------------------------------

#[test]
fn stats_on_a_broken_dataset_reports_every_error_with_its_location() {
    let dir = minimal_dataset();
    let d = dir.path();
    edit(
        d,
        "vocab/categories.toml",
        "parent = \"health\"",
        "parent = \"helth\"",
    );
    edit(
        d,
        "parties.toml",
        "type = \"central-government\"",
        "type = \"central-goverment\"",
    );
    edit(
        d,
        "test-org.toml",
        "your name and health information",
        "your name and wealth information",
    );
    edit(
        d,
        "test-org.toml",
        "years = 6\n",
        "years = 6\nuntil_age = 25\n",
    );
    let o = basis(&["stats", "--data", d.to_str().expect("utf-8 path")]);
    assert_exit(&o, 1);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    let root = d.display();
    for loc in [
        "vocab/categories.toml:9:10",
        "parties.toml:4:8",
        "test-org.toml:23:9",
        "test-org.toml:45:9",
    ] {
        assert!(
            err.contains(&format!("{root}/{loc}")),
            "{loc} missing:\n{err}"
        );
    }
    // The same errors as the library reports, no more.
    let expected = errors_in(d);
    assert_eq!(expected.len(), 4);
    for e in &expected {
        assert!(err.contains(&format!("{root}/{}", e.loc)), "{}", e.loc);
    }
    assert!(err.contains("did you mean `health`?"), "{err}");
    assert!(err.contains("4 error(s); nothing was loaded"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no colour when not a terminal:\n{err}"
    );
}

#[test]
fn stats_on_a_path_that_does_not_exist() {
    let o = basis(&["stats", "--data", "/no/such/path"]);
    assert_exit(&o, 1);
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("cannot read /no/such/path: no such file or directory"),
        "{err}"
    );
}

// ---- usage errors: exit 2; help and version: exit 0 -------------------------------------------

#[test]
fn unknown_format_is_a_usage_error() {
    let o = basis(&["stats", "--format", "xml"]);
    assert_exit(&o, 2);
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("xml"), "{err}");
    assert!(err.contains("table, json, csv, markdown"), "{err}");
}

#[test]
fn unknown_command_is_a_usage_error() {
    let o = basis(&["frobnicate"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("frobnicate"), "{}", stderr(&o));
}

#[test]
fn unknown_option_is_a_usage_error() {
    let o = basis(&["stats", "--frobnicate"]);
    assert_exit(&o, 2);
}

#[test]
fn no_command_is_a_usage_error() {
    let o = basis(&[]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("Usage: basis [OPTIONS] <COMMAND>"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_lists_the_commands() {
    let o = basis(&["--help"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("Usage: basis [OPTIONS] <COMMAND>"), "{out}");
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("stats ")),
        "{out}"
    );
}

#[test]
fn stats_help_lists_its_options() {
    let o = basis(&["stats", "--help"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("--data <DIR|FILE>"), "{out}");
    assert!(out.contains("--format <FORMAT>"), "{out}");
}

#[test]
fn version_prints_the_package_version_the_commit_and_a_data_fingerprint() {
    let o = basis(&["--version"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let prefix = format!("basis {} (commit ", env!("CARGO_PKG_VERSION"));
    let rest = out.trim().strip_prefix(&prefix).expect("version first");
    let (commit, data) = rest.split_once(", data ").expect("data fingerprint");
    let fingerprint = data.strip_suffix(')').expect("closing bracket");
    assert_eq!(fingerprint.len(), 16, "{out}");
    assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()), "{out}");
    // The commit the build saw, when git is here to ask (`unknown` without it).
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    match head {
        Ok(h) if h.status.success() => {
            assert_eq!(commit, String::from_utf8_lossy(&h.stdout).trim(), "{out}")
        }
        _ => assert!(commit == "unknown" || commit.len() == 12, "{out}"),
    }
}

#[test]
fn help_topics_print_the_documents_the_binary_carries() {
    for (topic, file) in [
        ("language", "docs/language.md"),
        ("checks", "docs/checks.md"),
        ("reports", "docs/reports.md"),
        ("dataset-format", "docs/dataset-format.md"),
    ] {
        let o = basis(&["help", topic]);
        assert_exit(&o, 0);
        let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
            .expect("read doc");
        assert_eq!(stdout(&o), doc, "basis help {topic}");
    }
    // A command's help, as its --help.
    let o = basis(&["help", "report", "ropa"]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("Usage: basis report ropa"),
        "{}",
        stdout(&o)
    );
    let o = basis(&["help", "languag"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("topics: language, checks"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn completions_and_the_manual_page() {
    for (shell, marker) in [
        ("bash", "complete -F _basis"),
        ("zsh", "#compdef basis"),
        ("fish", "complete -c basis"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = basis(&["completions", shell]);
        assert_exit(&o, 0);
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell}: {out}");
        // Subcommands and their options are in it.
        assert!(
            out.contains("retention") && out.contains("max-rows"),
            "{shell}"
        );
    }
    assert_exit(&basis(&["completions", "tcsh"]), 2);
    let o = basis(&["man"]);
    assert_exit(&o, 0);
    let man = stdout(&o);
    assert!(man.contains(".TH basis 1"), "{man}");
    assert!(
        man.contains("completions") && man.contains("\\-\\-color"),
        "{man}"
    );
    // One page: it names no `basis-query(1)` and the like, which are not installed; its
    // COMMANDS section gives each command instead.
    assert!(
        !man.contains("basis\\-query(1)") && !man.contains("(1)\n"),
        "{man}"
    );
    assert!(!man.contains("basis-"), "{man}");
    for command in [
        "basis query",
        "basis report ropa",
        "basis import ropa",
        "basis new org",
    ] {
        assert!(
            man.contains(&format!("\\fB{}", command.replace('-', "\\-"))),
            "{command}: {man}"
        );
    }
}

#[test]
fn a_dash_reads_the_query_from_standard_input() {
    use std::io::Write;
    let run = |input: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(["query", "--format", "csv", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    let o = run(b"orgs\n  where org = cheshire-east\n");
    assert_exit(&o, 0);
    assert_eq!(
        stdout(&o).lines().nth(1).map(|l| l.split(',').next()),
        Some(Some("cheshire-east"))
    );
    let o = run(b"orgs where org = \xff");
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("not UTF-8 (at byte 17)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn organisation_ids_ignore_case_and_an_unknown_one_lists_the_valid_ids() {
    let lower = basis(&["report", "ropa", "--org", "cheshire-east"]);
    let upper = basis(&["report", "ropa", "--org", "CHESHIRE-EAST"]);
    assert_exit(&upper, 0);
    assert_eq!(stdout(&lower), stdout(&upper));
    let o = basis(&[
        "retention",
        "--org",
        "Cheshire-West",
        "--born",
        "2010-01-01",
        "--collected",
        "2020-01-01",
        "--format",
        "csv",
    ]);
    assert_exit(&o, 0);
    let o = basis(&[
        "check",
        "--org",
        "Achieving-For-Children",
        "--format",
        "csv",
    ]);
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("unknown organisation"),
        "{}",
        stderr(&o)
    );
    let o = basis(&["report", "ropa", "--org", "xyz"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    let listed = err
        .lines()
        .find_map(|l| l.strip_prefix("  = the organisation ids are: "))
        .unwrap_or_else(|| panic!("{err}"));
    let ids: Vec<&str> = listed.split(", ").collect();
    for org in ORGS {
        assert!(ids.contains(&org), "{org} in {err}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_basis"));
        c.args(args)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().expect("run");
        assert_exit(&o, 1);
        stderr(&o).contains('\u{1b}')
    };
    let bad = ["query", "orgs whre"];
    assert!(!run(&bad, &[]), "not a terminal: no colour");
    assert!(run(&bad, &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(&bad, &[("CLICOLOR_FORCE", "0")]));
    assert!(!run(&bad, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(run(
        &["--color", "always", "query", "orgs whre"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!run(
        &["query", "orgs whre", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    // clap's own help follows the flag as well.
    let help = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(args)
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1")
            .output()
            .expect("run");
        assert_exit(&o, 0);
        stdout(&o).contains('\u{1b}')
    };
    assert!(
        help(&["query", "--help"]),
        "CLICOLOR_FORCE colours clap's help"
    );
    assert!(!help(&["query", "--help", "--color=never"]));
}

// ---- basis query -----------------------------------------------------------------------------

const HEALTH_QUERY: &str = "recipients where category in health and basis = art 9(2)(h)";

#[test]
fn query_json_is_an_array_of_rows_with_stable_keys_and_whole_quotes() {
    let o = basis(&["query", HEALTH_QUERY, "--format", "json"]);
    assert_exit(&o, 0);
    let rows: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let rows = rows.as_array().expect("an array of rows");
    // 25 of them from the three organisations (tests/query.rs derives the set by hand; CWaC's
    // own five services are internal sharing, not recipients).
    let ours = rows
        .iter()
        .filter(|r| ORGS.iter().any(|o| r["org"] == *o))
        .count();
    assert_eq!(ours, 25);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .expect("row object")
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "recipient",
        "name",
        "party.type",
        "org",
        "service",
        "provenance",
        "notice",
        "quote",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    // The quote is whole in JSON (the table view cuts it at 60 characters).
    let long = rows
        .iter()
        .map(|r| r["quote"].as_str().expect("quote"))
        .find(|q| q.starts_with("housing agencies"))
        .expect("the housing agencies bullet");
    assert!(long.ends_with("ForFutures"), "{long}");
}

#[test]
fn every_format_keeps_both_columns_that_share_a_name_and_names_them_alike() {
    // The group key and the listed values are both `category`.
    let q = "flows where org = achieving-for-children show category by category limit 3";
    let o = basis(&["query", "--format", "json", q]);
    assert_exit(&o, 0);
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&stdout(&o)).expect("JSON rows");
    assert_eq!(rows.len(), 3);
    for r in &rows {
        let keys: Vec<&str> = r.keys().map(String::as_str).collect();
        assert_eq!(keys, ["category", "count", "category_2"]);
        assert!(
            r["category"].is_string() && r["category_2"].is_array(),
            "{r:?}"
        );
    }
    let o = basis(&["query", "--format", "jsonl", q]);
    for line in stdout(&o).lines() {
        let r: serde_json::Map<String, Value> = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(r.len(), 3, "{line}");
    }
    let header = |format: &str| {
        let o = basis(&["query", "--format", format, q]);
        stdout(&o).lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(header("csv"), "category,count,category_2");
    assert_eq!(header("markdown"), "| category | count | category_2 |");
}

#[test]
fn query_csv_has_a_header_and_one_line_per_row() {
    let o = basis(&[
        "query",
        "legislation where org = cheshire-east",
        "--format",
        "csv",
    ]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "legislation,section,status,cited,org,service,provenance,notice,quote"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].starts_with("children-act-2004,s.10,exact,"));
}

#[test]
fn query_markdown_is_a_table() {
    let o = basis(&["query", "orgs", "--format", "markdown"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(
        out.starts_with("| org | name | party.type |\n|---|---|---|\n"),
        "{out}"
    );
    assert!(
        out.contains("| cheshire-east | Cheshire East Council | local-authority |\n"),
        "{out}"
    );
    // A header, a rule and one line per organisation.
    let orgs = stats_json(&[])["orgs"].as_array().map_or(0, Vec::len);
    assert_eq!(out.lines().count(), 2 + orgs);
}

#[test]
fn query_with_no_rows_succeeds() {
    let o = basis(&[
        "query",
        "recipients where org = cheshire-east and party.type = fraud-prevention",
    ]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("(0 rows)"));
}

#[test]
fn query_errors_exit_1_with_the_column_and_a_suggestion() {
    let o = basis(&["query", "recipients where category in helth"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("query:1:30"), "{err}");
    assert!(err.contains("did you mean `health`?"), "{err}");
    assert!(stdout(&o).is_empty());
    let o = basis(&["query", "recipients wher org = x"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("did you mean `where`?"));
}

#[test]
fn query_without_text_is_a_usage_error() {
    assert_exit(&basis(&["query"]), 2);
    assert_exit(&basis(&["query", "orgs", "--format", "yaml"]), 2);
}

#[test]
fn query_timing_prints_one_line_per_stage_on_stderr() {
    let o = basis(&["query", "orgs", "--timing", "--format", "csv"]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    let stages: Vec<&str> = err
        .lines()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(
        stages,
        ["load", "index", "parse", "plan", "execute", "output"],
        "{err}"
    );
    assert!(stdout(&o).starts_with("org,name,party.type\n"));
}

#[test]
fn query_on_a_broken_dataset_exits_1_before_parsing() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "id = \"health\"",
        "id = \"Health\"",
    );
    let o = basis(&["query", "orgs", "--data", &dir.path().display().to_string()]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("is not a kebab-case id"));
}

/// A generated snapshot of `flows` flows in a temporary directory.
pub(crate) fn generated(flows: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.basis");
    let p = path.to_string_lossy().into_owned();
    let o = basis(&[
        "gen", "--orgs", "20", "--flows", flows, "--seed", "3", "-o", &p,
    ]);
    assert_exit(&o, 0);
    (dir, p)
}

#[test]
fn a_reader_that_closes_the_pipe_stops_the_query_quietly() {
    use std::io::{BufRead, BufReader};
    let (_dir, data) = generated("30000");
    for format in ["csv", "jsonl", "markdown", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(["query", "--data", &data, "--format", format, "flows"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn basis");
        let out = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(out).lines();
        let first: Vec<String> = (&mut lines).take(3).map(|l| l.expect("line")).collect();
        assert_eq!(first.len(), 3, "{format}");
        drop(lines);
        let o = child.wait_with_output().expect("wait");
        assert_exit(&o, 0);
        assert_eq!(stderr(&o), "", "{format}: a closed pipe is not an error");
    }
}

#[test]
fn the_terminal_table_shows_ten_thousand_rows_and_counts_the_rest() {
    let (_dir, data) = generated("12000");
    let o = basis(&["query", "--data", &data, "flows"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    let last = out.lines().last().unwrap_or("");
    assert_eq!(
        last,
        "(showing the first 10000 of 12000 rows; `--format csv` or `--format jsonl` streams them all, `limit N` shows fewer)"
    );
    // CSV streams every row, after its header.
    let o = basis(&["query", "--data", &data, "--format", "csv", "flows"]);
    assert_eq!(stdout(&o).lines().count(), 12001);
}

#[test]
fn budget_flags_raise_and_lower_the_limits() {
    let o = basis(&[
        "query",
        "--format",
        "csv",
        "--max-groups",
        "2",
        "count flows by org",
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("more than 2 groups") && err.contains("--max-groups N"),
        "{err}"
    );
    let o = basis(&["query", "--format", "csv", "--max-memory", "lots", "orgs"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("not a size"), "{}", stderr(&o));
    let o = basis(&["query", "--format", "csv", "--timeout", "0", "orgs"]);
    assert_exit(&o, 2);
    let o = basis(&[
        "query",
        "--format",
        "csv",
        "--max-memory",
        "64M",
        "--timeout",
        "30",
        "count orgs",
    ]);
    assert_exit(&o, 0);
}

/// Runs `basis report ropa --org cheshire-west -o <path>` in `dir`.
fn ropa_to(dir: &Path, path: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(["report", "ropa", "--org", "cheshire-west", "-o", path])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run basis")
}

/// The names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn overwriting_keeps_the_mode_the_owner_and_the_symlink() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().expect("temp dir");
    let ropa = dir.path().join("ropa.md");
    std::fs::write(&ropa, "old").expect("write");
    std::fs::set_permissions(&ropa, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    // Root may give the file to someone else; then the rewrite must give it back to them.
    let given = std::os::unix::fs::chown(&ropa, Some(4321), Some(4321)).is_ok();
    assert_exit(&ropa_to(dir.path(), "ropa.md"), 0);
    let meta = std::fs::metadata(&ropa).expect("stat");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "still private");
    if given {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321), "owner kept");
    }
    let text = std::fs::read_to_string(&ropa).expect("read");
    assert!(text.starts_with("# Record of processing activities: Cheshire West"));

    // Through a symlink: the link stays a link to the same name, its target gets the report.
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    std::fs::write(dir.path().join("real/target.md"), "old").expect("write");
    std::os::unix::fs::symlink("real/target.md", dir.path().join("link.md")).expect("symlink");
    assert_exit(&ropa_to(dir.path(), "link.md"), 0);
    let link = dir.path().join("link.md");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_link(&link).expect("readlink"),
        Path::new("real/target.md")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/target.md")).expect("read"),
        text
    );
    assert_eq!(names_in(dir.path()), ["link.md", "real", "ropa.md"]);
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_an_error_that_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("ropa.md"), "old").expect("write");
    // `ulimit -f 1`: 512 or 1024 bytes, far below the ROPA's size.
    let script = format!(
        "ulimit -f 1; exec '{}' report ropa --org cheshire-west -o ropa.md",
        env!("CARGO_BIN_EXE_basis")
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run sh");
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("cannot write ropa.md: file too large"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names_in(dir.path()), ["ropa.md"], "no temporary file left");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ropa.md")).expect("read"),
        "old",
        "the old file is intact"
    );
}

#[test]
fn writing_to_a_directory_or_a_missing_one_says_which() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let o = ropa_to(dir.path(), "out");
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("cannot write out: it is a directory"),
        "{}",
        stderr(&o)
    );
    let o = ropa_to(dir.path(), "no/such/ropa.md");
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("directory `no/such` does not exist"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("no").exists(), "nothing created");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        // Root writes anywhere: only an ordinary user sees the read-only directory refused.
        if std::fs::write(ro.join("probe"), "").is_err() {
            let o = ropa_to(dir.path(), "ro/ropa.md");
            assert_exit(&o, 1);
            assert!(
                stderr(&o).contains("directory `ro` is read-only"),
                "{}",
                stderr(&o)
            );
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

#[test]
fn dash_is_standard_output_for_dash_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = ropa_to(dir.path(), "-");
    assert_exit(&o, 0);
    assert!(stdout(&o).starts_with("# Record of processing activities: Cheshire West"));
    assert!(names_in(dir.path()).is_empty(), "no file named -");
}

#[test]
fn gen_says_what_it_wrote_with_the_files_size_and_checksum() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.basis");
    let p = path.to_string_lossy().into_owned();
    let o = basis(&[
        "gen", "--orgs", "7", "--flows", "300", "--seed", "2", "-o", &p,
    ]);
    assert_exit(&o, 0);
    let bytes = std::fs::read(&path).expect("the snapshot");
    let line = stdout(&o);
    let expected = format!(
        "wrote {p}: {} ({} bytes), 7 orgs, 300 flows, seed 2, crc32 {:08x}\n",
        if bytes.len() >= 1000 {
            format!("{:.1} KB", bytes.len() as f64 / 1000.0)
        } else {
            format!("{} bytes", bytes.len())
        },
        bytes.len(),
        crc32fast::hash(&bytes)
    );
    assert_eq!(line, expected);
    // Not a terminal: no progress bar or spinner on standard error.
    assert_eq!(stderr(&o), "");
    // `-o -`: the same bytes on standard output, the summary on standard error.
    let o = basis(&[
        "gen", "--orgs", "7", "--flows", "300", "--seed", "2", "-o", "-",
    ]);
    assert_exit(&o, 0);
    assert_eq!(o.stdout, bytes);
    assert!(stderr(&o).starts_with("wrote -: "), "{}", stderr(&o));
}

// ---- empty answers explained (issue 10, item 6) ------------------------------------------------

/// 002 ll. 22–25 cite only Art. 6(1)(c), (e), (b) and (a) (legal obligation, public task,
/// contract, consent) and no Art. 9 condition, so no Cheshire East recipient can have
/// Art. 9(2)(h): the note must name that condition and the four bases the rows do have.
#[test]
fn an_empty_answer_names_the_condition_and_what_the_data_holds() {
    let q = "recipients where category in health and basis = art 9(2)(h) and org = cheshire-east";
    let o = basis(&["query", q]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("(0 rows)"), "{out}");
    let note = out
        .lines()
        .find(|l| l.starts_with("note: `basis = art 9(2)(h)` removed the last rows"))
        .unwrap_or_else(|| panic!("no note on the basis condition:\n{out}"));
    assert!(
        note.ends_with(
            "have basis UK GDPR Art. 6(1)(a), UK GDPR Art. 6(1)(b), UK GDPR Art. 6(1)(c), UK GDPR Art. 6(1)(e)"
        ),
        "{note}"
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// JSON, CSV, JSON lines and Markdown keep stdout to the result; the note goes to stderr.
#[test]
fn notes_go_to_stderr_for_machine_formats() {
    let q = "recipients where category in health and basis = art 9(2)(h) and org = cheshire-east";
    for (format, empty) in [
        ("json", "[]\n"),
        ("jsonl", ""),
        (
            "csv",
            "recipient,name,party.type,org,service,provenance,notice,quote\n",
        ),
    ] {
        let o = basis(&["query", "--format", format, q]);
        assert_exit(&o, 0);
        assert_eq!(stdout(&o), empty, "{format}");
        assert!(
            stderr(&o).contains("note: `basis = art 9(2)(h)` removed the last rows"),
            "{format}: {}",
            stderr(&o)
        );
    }
    let o = basis(&["query", "--format", "markdown", q]);
    assert!(!stdout(&o).contains("note:"), "{}", stdout(&o));
    assert!(stderr(&o).contains("note: "), "{}", stderr(&o));
}

/// Retention rules that name no subject cannot match `subject in children`; of the three
/// organisations' rules, five name none (read from the notices: 001 "data relating to mental
/// health support will be kept for 20 years" and its anonymised research papers, 002 "records
/// for varying lengths of time", 003 "stored in our Retention Schedules", 004 "for as long as is
/// required"), and the answer says so.
#[test]
fn retention_by_subject_says_how_many_rules_name_no_subject() {
    let q = "retention where subject in children and org in (cheshire-west, cheshire-east, achieving-for-children)";
    let o = basis(&["query", q]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains(
            "note: 5 retention rules name no subject (not restricted by subject) and were not matched by `subject in children`"
        ),
        "{out}"
    );
    // A query that does not filter on subjects has nothing to say.
    let o = basis(&["query", "retention where org = cheshire-west"]);
    assert!(!stdout(&o).contains("note:"), "{}", stdout(&o));
}

/// A single condition that matches nothing lists what the field holds instead.
#[test]
fn an_empty_answer_with_one_condition_lists_the_values_there_are() {
    let o = basis(&["query", "transfers where stance = used"]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(
        out.contains("note: no row of `transfers` passes `stance = used`;"),
        "{out}"
    );
    // 000 "No.", 001 unanswered, 002 and 003 "may".
    assert!(
        out.contains("have stance none, not-answered, possible"),
        "{out}"
    );
}

// ---- evidence for every row (issue 10, item 7) ------------------------------------------------

/// `--evidence` adds an `evidence` array of `{about, notice, quote}`; without it the keys are
/// as they were. 002 gives the police as a recipient (l. 47) and health data (disabilities,
/// l. 4; physical or mental health, l. 5) and the legal obligation (l. 22) only for the service.
#[test]
fn evidence_lists_the_sentences_an_implied_row_rests_on() {
    let q = "recipients where org = cheshire-east and category in health and basis = art 6(1)(c) and recipient = ce-police";
    let o = basis(&["query", "--format", "json", q]);
    assert_exit(&o, 0);
    let plain: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert!(plain[0].get("evidence").is_none(), "{plain}");
    let o = basis(&["query", "--format", "json", "--evidence", q]);
    assert_exit(&o, 0);
    let rows: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let ev = rows[0]["evidence"].as_array().expect("an evidence array");
    let about: Vec<&str> = ev.iter().filter_map(|e| e["about"].as_str()).collect();
    assert_eq!(
        about,
        ["recipient", "category", "category", "basis"],
        "{ev:?}"
    );
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/notices/002_c542209e9805e897.txt"),
    )
    .expect("notice 002");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for e in ev {
        assert_eq!(e["notice"], "ce-children-families");
        let q = e["quote"].as_str().expect("a quote");
        assert!(squash(&text).contains(&squash(q)), "not in 002: {q}");
    }
    assert_eq!(
        ev[1]["quote"],
        "any special educational needs or disabilities"
    );
    assert_eq!(ev[2]["quote"], "physical or mental health");
    assert!(
        ev[3]["quote"]
            .as_str()
            .is_some_and(|q| q.starts_with("compliance with a legal obligation")),
        "{ev:?}"
    );
}

/// A stated row rests on its own sentence; a path on one sentence per hop (jsonl too).
#[test]
fn evidence_of_stated_rows_and_of_paths() {
    let o = basis(&[
        "query",
        "--format",
        "jsonl",
        "--evidence",
        "transfers where org = cheshire-west and stance = none",
    ]);
    assert_exit(&o, 0);
    let row: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    assert_eq!(
        row["evidence"],
        serde_json::json!([{
            "about": "transfers",
            "notice": "cwac-early-help",
            "quote": "Will my data be transferred abroad and why? No."
        }])
    );
    let o = basis(&[
        "query",
        "--format",
        "json",
        "--evidence",
        "path from cheshire-west to \"Department for Education\"",
    ]);
    assert_exit(&o, 0);
    let rows: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    for r in rows.as_array().expect("rows") {
        let hops = r["flows"].as_u64().expect("flows");
        let ev = r["evidence"].as_array().expect("evidence");
        assert_eq!(ev.len() as u64, hops, "{r}");
        assert_eq!(ev[0]["about"], "hop 1");
        assert_eq!(
            ev.last().map(|e| &e["quote"]),
            Some(&Value::from("The Department for Education"))
        );
    }
}

/// An argument that is not UTF-8 (a file name in Latin-1, a stray byte) is a usage error that
/// says so, in every position, `--color`'s value included: never a panic.
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"caf\xe9");
    for (args, says) in [
        (vec![OsStr::new("query"), bad], "invalid UTF-8"),
        (
            vec![
                OsStr::new("--color"),
                bad,
                OsStr::new("query"),
                OsStr::new("count orgs"),
            ],
            "invalid UTF-8",
        ),
        (vec![bad], "unrecognized subcommand"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(&args)
            .env("NO_COLOR", "1")
            .output()
            .expect("basis runs");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
