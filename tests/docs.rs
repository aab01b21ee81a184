//! The examples of README.md and docs/*.md are real.
//!
//! A ```` ```text ```` block whose first line starts with `$ ` and which runs `$ basis ` is a
//! transcript (setting-up commands such as `$ mkdir` may come first): each line
//! starting with `$ ` is a command, run with `sh` (so `| head -3` works) in a temporary
//! directory with the real binary first on `PATH` and `NO_COLOR=1`, and the lines after it, up
//! to the next `$ ` line, are exactly what it prints — standard output and standard error
//! together, in the order written. A comment on the command line changes that:
//!
//! - `# excerpt …`: each shown line appears in the output, in order, others may come between;
//!   a line `…` stands for lines left out, and a line ending in `…` for a line that starts
//!   with the text before it (columns left out);
//! - `# exit N`: the command exits with status N (0 otherwise).
//!
//! `$ basis repl` followed by `basis> ` lines is a REPL session: the text after each prompt is
//! typed, the lines before the first prompt are the banner (checked through a
//! pseudo-terminal, its `history:` line aside), and the other lines are what the queries and
//! meta-commands print. `BASIS_DOCS_BLESS=1 cargo test docs::` rewrites the output of every
//! exact command example from what the binary prints; read the diff before committing it.
//!
//! The other tests here run the queries README and docs/language.md show without output.

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

/// One command of a transcript block and what the document says it prints.
struct Example {
    /// The document, relative to the repository.
    doc: String,
    /// The line of the `$ ` command, counting from 0.
    line: usize,
    /// The command, without `$ ` and without its comment.
    command: String,
    excerpt: bool,
    exit: i32,
    /// For a REPL session: the banner lines and, in order, what is typed.
    session: Option<(Vec<String>, Vec<String>)>,
    /// The shown output, and the lines of the document it occupies.
    expected: Vec<String>,
    span: std::ops::Range<usize>,
}

/// README.md and docs/*.md, by path relative to the repository.
fn documents() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut docs: Vec<String> = std::fs::read_dir(format!("{root}/docs"))
        .expect("docs directory")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    docs.insert(0, "README.md".into());
    docs.into_iter()
        .map(|d| (read(&d), d))
        .map(|(t, d)| (d, t))
        .collect()
}

/// A command line split at its comment (a `#` after a space, outside quotes).
fn split_comment(line: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => {
                return (line[..i].trim_end(), line[i + 1..].trim());
            }
            None => {}
        }
        prev = c;
    }
    (line.trim_end(), "")
}

/// Every transcript example of a document.
fn examples(doc: &str, text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A transcript may set the scene first (`$ mkdir …`, `$ printf … > notice.txt`): it
        // opens with a command and runs basis somewhere in it.
        let opens_transcript = lines[i].trim_end() == "```text"
            && lines.get(i + 1).is_some_and(|l| l.starts_with("$ "))
            && lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("```"))
                .any(|l| l.starts_with("$ basis "));
        if !opens_transcript {
            i += 1;
            continue;
        }
        let body = i + 1;
        let close = (body..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .expect("a closed code block");
        let mut j = body;
        while j < close {
            let (command, comment) = split_comment(&lines[j][2..]);
            let end = (j + 1..close)
                .find(|&k| lines[k].starts_with("$ "))
                .unwrap_or(close);
            let words: Vec<&str> = comment
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let exit = words
                .iter()
                .position(|w| *w == "exit")
                .and_then(|p| words.get(p + 1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let shown: Vec<String> = lines[j + 1..end].iter().map(|l| l.to_string()).collect();
            let first_prompt = shown.iter().position(|l| l.starts_with("basis> "));
            let (session, expected, from) = match first_prompt {
                Some(p) if command.starts_with("basis repl") => {
                    let banner = shown[..p].to_vec();
                    let rest = &shown[p..];
                    let typed = rest
                        .iter()
                        .filter_map(|l| l.strip_prefix("basis> "))
                        .map(str::to_string)
                        .collect();
                    let printed = rest
                        .iter()
                        .filter(|l| !l.starts_with("basis> "))
                        .cloned()
                        .collect();
                    (Some((banner, typed)), printed, j + 1 + p)
                }
                _ => (None, shown, j + 1),
            };
            out.push(Example {
                doc: doc.to_string(),
                line: j,
                command: command.to_string(),
                excerpt: words.first() == Some(&"excerpt"),
                exit,
                session,
                expected,
                span: from..end,
            });
            j = end;
        }
        i = close + 1;
    }
    out
}

/// Runs an example's command: its exit status and what it printed (both streams, in order).
fn run(ex: &Example, dir: &std::path::Path) -> (i32, String) {
    use std::io::Write;
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_basis"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("binary directory").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("{{ {}\n}} 2>&1", ex.command))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("BASIS_HISTORY", dir.join("history"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs sh");
    let typed = match &ex.session {
        Some((_, typed)) => typed.iter().map(|l| format!("{l}\n")).collect(),
        None => String::new(),
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(typed.as_bytes())
        .expect("types the session");
    let out = child.wait_with_output().expect("finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Lines without the blank lines at the end.
fn trimmed<S: AsRef<str>>(lines: &[S]) -> Vec<&str> {
    let mut v: Vec<&str> = lines.iter().map(|l| l.as_ref().trim_end()).collect();
    while v.last() == Some(&"") {
        v.pop();
    }
    v
}

/// Whether each shown line of an excerpt is in `printed`, in order.
fn excerpt_holds(shown: &[&str], printed: &[&str]) -> Result<(), String> {
    let mut at = 0;
    for s in shown.iter().filter(|s| s.trim() != "…") {
        let found = printed[at..]
            .iter()
            .position(|p| match s.strip_suffix('…') {
                Some(start) => p.starts_with(start.trim_end()),
                None => p == s,
            });
        match found {
            Some(k) => at += k + 1,
            None => return Err(format!("not printed (in this order): {s}")),
        }
    }
    Ok(())
}

/// The banner the interactive REPL prints, read through a pseudo-terminal.
fn interactive_banner(dir: &std::path::Path) -> String {
    use expectrl::{ControlCode, Expect, Session};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
    cmd.arg("repl")
        .current_dir(dir)
        .env("BASIS_HISTORY", dir.join("history"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let seen = s.expect("basis> ").expect("the first prompt");
    let banner = String::from_utf8_lossy(seen.before()).into_owned();
    s.send(ControlCode::EndOfTransmission).expect("ctrl-d");
    banner
}

/// Every transcript in README.md and docs/*.md prints what the document shows.
#[test]
fn every_shown_output_is_what_basis_prints() {
    let bless = std::env::var_os("BASIS_DOCS_BLESS").is_some();
    let dir = tempfile::tempdir().expect("temp dir");
    // The example proposals (docs/dpia.md) are run from `examples/`, as in the repository.
    let example_dir = dir.path().join("examples");
    std::fs::create_dir(&example_dir).expect("examples directory");
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .expect("examples")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("proposal"))
    {
        std::fs::copy(e.path(), example_dir.join(e.file_name())).expect("copy an example");
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut banner: Option<String> = None;
    for (doc, text) in documents() {
        let mut fixes: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
        for ex in examples(&doc, &text) {
            ran += 1;
            let at = format!("{}:{}: {}", ex.doc, ex.line + 1, ex.command);
            let (code, printed) = run(&ex, dir.path());
            let printed_lines: Vec<&str> = printed.lines().collect();
            let printed_lines = trimmed(&printed_lines);
            let shown = trimmed(&ex.expected);
            if let Some((lines, _)) = &ex.session {
                let real = banner.get_or_insert_with(|| interactive_banner(dir.path()));
                for l in trimmed(lines).iter().filter(|l| !l.starts_with("history:")) {
                    if !real.contains(l) {
                        failures.push(format!("{at}\n  banner line not printed: {l}\n{real}"));
                    }
                }
            } else if code != ex.exit {
                failures.push(format!("{at}\n  exit status {code}, expected {}", ex.exit));
            }
            if ex.excerpt {
                if let Err(e) = excerpt_holds(&shown, &printed_lines) {
                    failures.push(format!("{at}\n  {e}\n--- printed:\n{printed}"));
                }
            } else if shown != printed_lines {
                if bless && ex.session.is_none() {
                    let new = printed_lines.iter().map(|l| l.to_string()).collect();
                    fixes.push((ex.span.clone(), new));
                } else {
                    failures.push(format!(
                        "{at}\n--- shown:\n{}\n--- printed:\n{}",
                        shown.join("\n"),
                        printed_lines.join("\n")
                    ));
                }
            }
        }
        if !fixes.is_empty() {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (span, new) in fixes.into_iter().rev() {
                lines.splice(span, new);
            }
            let path = format!("{}/{doc}", env!("CARGO_MANIFEST_DIR"));
            std::fs::write(path, lines.join("\n") + "\n").expect("rewrites the document");
        }
    }
    assert!(ran >= 10, "only {ran} transcripts found");
    assert!(
        failures.is_empty(),
        "{} of {ran} transcripts differ from what basis prints:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
