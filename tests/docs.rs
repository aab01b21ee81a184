//! The examples of README.md and docs/language.md are real: every query they show runs on the
//! built-in datasets, and README's error example prints what README says.

use std::process::Command;

fn basis(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs basis")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("doc exists")
}

/// The `basis query '…'` commands of a document's code blocks.
fn queries_in(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|l| l.trim().strip_prefix("basis query '"))
        .filter_map(|rest| rest.split_once('\'').map(|(q, _)| q.to_string()))
        .collect()
}

#[test]
fn readme_queries_run() {
    let readme = read("README.md");
    let queries = queries_in(&readme);
    assert!(
        queries.len() >= 7,
        "README shows the brief's examples: {queries:?}"
    );
    for q in queries.iter().filter(|q| !q.contains("categroy")) {
        let out = basis(&["query", q]);
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{q} printed nothing");
    }
}

#[test]
fn readme_quick_start_query_runs() {
    let readme = read("README.md");
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run -- query '"))
        .expect("quick start runs a query");
    let q = line
        .trim_start_matches("cargo run -- query '")
        .split('\'')
        .next()
        .expect("quoted query");
    let out = basis(&["query", q]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("cheshire-police"));
}

#[test]
fn readme_error_example_is_what_basis_prints() {
    let readme = read("README.md");
    let start = readme
        .find("$ basis query 'recipients where categroy in health'")
        .expect("error example");
    let block = &readme[start..];
    let block = &block[..block.find("```").expect("end of block")];
    let expected: String = block.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let out = basis(&["query", "recipients where categroy in health"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first_lines: String = stderr
        .lines()
        .take(expected.lines().count())
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(first_lines, expected);
}

/// Every example in the "Queries" table of docs/language.md, and every full query the page
/// shows in backticks after "e.g." or in its paths section, plans and runs.
#[test]
fn language_reference_examples_run() {
    let doc = read("docs/language.md");
    let table = &doc[doc.find("## Queries").expect("Queries section")..];
    let table = &table[..table[3..].find("\n## ").expect("next section")];
    let mut examples: Vec<String> = Vec::new();
    for line in table.lines().filter(|l| l.starts_with("| `")) {
        let last = line
            .trim_end_matches('|')
            .trim_end()
            .rsplit(" | ")
            .next()
            .unwrap_or("");
        examples.push(last.trim_matches('`').to_string());
    }
    examples.push(
        "path from cheshire-west to department-for-education where category in health".into(),
    );
    assert!(examples.len() >= 6, "{examples:?}");
    for q in &examples {
        let out = basis(&["query", q]);
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// README's REPL session: the count it shows is what the REPL prints for that input.
#[test]
fn readme_repl_session_counts_are_real() {
    use std::io::Write;
    let readme = read("README.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
        .arg("repl")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs basis repl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b".format csv\ncount flows where category is special by org\n")
        .expect("writes");
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.starts_with("org,count\n"), "{printed}");
    assert!(
        readme.contains(printed.trim_end()),
        "README shows:\n{printed}"
    );
}

/// README's check and ROPA excerpts are cut from what the commands print.
#[test]
fn readme_check_and_ropa_excerpts_are_real() {
    let readme = read("README.md");
    let check = basis(&["check", "--org", "cheshire-east", "--format", "markdown"]);
    let check = String::from_utf8_lossy(&check.stdout).into_owned();
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| BAS")).collect();
    assert!(rows.len() >= 3);
    for row in rows {
        let shown = row.trim_end_matches(" | …");
        assert!(check.contains(shown), "not in basis check output: {shown}");
    }
    let ropa = basis(&[
        "report",
        "ropa",
        "--org",
        "achieving-for-children",
        "--format",
        "markdown",
    ]);
    let ropa = String::from_utf8_lossy(&ropa.stdout).into_owned();
    for line in [
        "| Article 6 lawful basis for processing personal data |",
        "| Link to contract with processor |",
    ] {
        let row = readme
            .lines()
            .find(|l| l.starts_with(line))
            .expect("README excerpt row");
        assert!(ropa.lines().any(|l| l == row), "not in the ROPA: {row}");
    }
}

/// README's comparison excerpt is the start of what `basis compare` prints.
#[test]
fn readme_compare_excerpt_is_real() {
    let readme = read("README.md");
    let start = readme
        .find("$ basis compare --on party.type")
        .expect("compare example");
    let block = &readme[start..];
    let block = &block[..block.find("```").expect("end of block")];
    let expected: Vec<&str> = block.lines().skip(1).collect();
    let out = basis(&[
        "compare",
        "--on",
        "party.type",
        "cheshire-west",
        "cheshire-east",
        "achieving-for-children",
        "--format",
        "markdown",
    ]);
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let first: Vec<&str> = printed.lines().take(expected.len()).collect();
    assert_eq!(first, expected);
}
