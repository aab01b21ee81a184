//! `basis gen` through the real binary: sizes it cannot build in proportion to `--flows` are
//! usage errors (exit 2) that name the limit and the fix, before any work is done; the edge
//! of what it accepts is generated; `basis gen --help` states the limits.

use crate::cli::{assert_exit, basis, stderr, stdout};
use serde_json::Value;

/// Runs `basis gen ARGS -o DIR/out.basis`; the output and whether the file was written.
fn gen_into(args: &[&str]) -> (std::process::Output, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("out.basis");
    let mut all = vec!["gen"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", file.to_str().expect("utf-8 path")]);
    let o = basis(&all);
    (o, file.exists())
}

/// Asserts a refusal: exit 2, no file, and each of `needles` on standard error.
fn assert_refused(args: &[&str], needles: &[&str]) {
    let (o, written) = gen_into(args);
    assert_exit(&o, 2);
    assert!(!written, "a refused gen wrote its file");
    let err = stderr(&o);
    for n in needles {
        assert!(err.contains(n), "{n:?} not in:\n{err}");
    }
}

#[test]
fn gen_refuses_more_orgs_than_flows() {
    // The case that grew to 6.9 GB and aborted.
    assert_refused(
        &["--orgs", "1000000", "--flows", "10"],
        &[
            "error: --orgs 1000000 is more than --flows 10 allows",
            "at most one organisation per flow",
            "= help: lower --orgs to 10 or fewer, or raise --flows to 1000000 or more",
        ],
    );
    // The default 2,500 organisations need 2,500 flows.
    assert_refused(
        &["--flows", "100"],
        &["--orgs 2500 is more than --flows 100 allows"],
    );
}

#[test]
fn gen_refuses_no_orgs() {
    assert_refused(
        &["--orgs", "0", "--flows", "100"],
        &[
            "error: --orgs 0 makes no organisation",
            "= help: use --orgs 1 or more",
        ],
    );
}

#[test]
fn gen_refuses_flows_beyond_the_ceiling() {
    assert_refused(
        &["--flows", "100000001"],
        &[
            "error: --flows 100000001 is more than basis gen makes (at most 100000000 flows)",
            "it would need about 10.0 GB of memory",
            "= help: use --flows 100000000 or fewer",
        ],
    );
}

#[test]
fn gen_refuses_a_count_past_u32_with_its_own_message() {
    // Not clap's range error: the limit, and how big the run would have been.
    assert_refused(
        &["--flows", "5000000000"],
        &["at most 100000000 flows", "about 500.0 GB"],
    );
}

#[test]
fn gen_refuses_orgs_and_flows_that_together_need_too_much_memory() {
    assert_refused(
        &["--orgs", "1000000", "--flows", "100000000"],
        &[
            "error: --orgs 1000000 --flows 100000000 would need about 23.0 GB of memory",
            "more than basis gen allows itself (16.0 GB)",
            "= help: lower --orgs to 461538 or fewer, or lower --flows",
        ],
    );
}

#[test]
fn gen_accepts_as_many_orgs_as_flows_and_ten_orgs_with_none() {
    for (orgs, flows) in [("37", "37"), ("10", "0")] {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("edge.basis");
        let path = file.to_str().expect("utf-8 path");
        let o = basis(&["gen", "--orgs", orgs, "--flows", flows, "-o", path]);
        assert_exit(&o, 0);
        let o = basis(&["stats", "--data", path, "--format", "json"]);
        assert_exit(&o, 0);
        let json: Value = serde_json::from_str(&stdout(&o)).expect("stats JSON");
        let org_rows = json["orgs"].as_array().expect("orgs table");
        assert_eq!(org_rows.len().to_string(), orgs);
        let flows_made: u64 = org_rows
            .iter()
            .map(|r| {
                ["recipient_flows", "source_flows", "internal_flows"]
                    .iter()
                    .map(|k| r[*k].as_u64().unwrap_or(0))
                    .sum::<u64>()
            })
            .sum();
        assert_eq!(flows_made.to_string(), flows);
    }
}
