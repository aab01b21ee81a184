//! `basis repl`: meta-commands, multi-line input and the script mode through the real binary,
//! and the interactive mode through a pseudo-terminal (the completer's candidates are unit
//! tests of `cli::repl::complete`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repl(input: &str) -> Output {
    repl_in(input, Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn repl_in(input: &str, dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
        .arg("repl")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("basis starts");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("input written");
    }
    child.wait_with_output().expect("basis ends")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn script_mode_has_no_prompt_banner_or_colour() {
    let o = repl("orgs where org in (cheshire-west, cheshire-east, achieving-for-children)\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("cheshire-west") && out.contains("(3 rows)"),
        "{out}"
    );
    assert!(!out.contains("basis>") && !out.contains(".help") && !out.contains('\x1b'));
}

#[test]
fn format_json_changes_how_the_next_result_prints() {
    let o = repl(".format json\norgs where org = cheshire-east\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    assert_eq!(rows[0]["org"], "cheshire-east");
    assert_eq!(rows[0]["name"], "Cheshire East Council");
}

#[test]
fn save_writes_the_last_result_in_the_current_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("orgs.csv");
    let input = format!(
        ".format csv\norgs where org in (cheshire-west, cheshire-east, achieving-for-children)\n.save {}\n",
        file.display()
    );
    let o = repl(&input);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = std::fs::read_to_string(&file).expect("saved file");
    assert!(saved.starts_with("org,name,party.type\n"), "{saved}");
    assert_eq!(saved.lines().count(), 4);
    // Only the file itself is left: no temporary file beside it.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

    let o = repl(&format!(
        "orgs\n.save {}/no/such/dir/x\n",
        dir.path().display()
    ));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("could not save"), "{}", stderr(&o));
}

#[test]
fn a_bad_data_path_keeps_the_current_model() {
    let o = repl(".data /no/such\norgs where org = achieving-for-children\n");
    assert_eq!(o.status.code(), Some(1), "the failed .data counts");
    let err = stderr(&o);
    assert!(
        err.contains("/no/such") && err.contains("kept the current data"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("Achieving for Children"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn data_loads_another_dataset() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
    let o = repl(&format!(
        ".data {}\n.format csv\ncount orgs where org = achieving-for-children\n",
        data.display()
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("data: {} (", data.display()))
            && stderr(&o).contains(" orgs, "),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "count\n1\n");
}

#[test]
fn source_prints_the_sentence_around_the_quote() {
    let o = repl(
        ".format json\nrecipients where org = cheshire-west and recipient = cheshire-police limit 1\n.source 1\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let json_end = out.find("\n]\n").expect("a JSON result first") + 3;
    let rows: serde_json::Value = serde_json::from_str(&out[..json_end]).expect("JSON");
    let quote = rows[0]["quote"].as_str().expect("a quote");
    let source = &out[json_end..];
    assert!(source.contains(quote), "{source}");
    assert!(
        source.contains("Early help and prevention privacy notice"),
        "{source}"
    );
    assert!(source.contains("000_58085d3b1e97ac82.txt"), "{source}");
    // The list item comes with the sentence that introduces the list.
    assert!(
        source.contains("Information is only shared with partners"),
        "{source}"
    );
}

#[test]
fn source_explains_what_it_cannot_do() {
    let o = repl(
        "count flows by org\n.source 1\norgs\n.source 1\nflows limit 2\n.source 3\n.source x\n",
    );
    let err = stderr(&o);
    assert!(err.contains("no evidence columns"), "{err}");
    assert!(
        err.contains("row 3 is out of range: the last result has rows 1 to 2"),
        "{err}"
    );
    assert!(err.contains("usage: .source N"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_failing_query_sets_exit_code_1_but_later_queries_still_run() {
    let o = repl("recipients wher org = x\norgs where org = cheshire-west\n");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The same located message as `basis query`.
    let query = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(["query", "recipients wher org = x"])
        .output()
        .expect("basis query");
    // Located at the script's line: `script:1:12`.
    assert_eq!(err, stderr(&query).replace("query:1:12", "script:1:12"));
    assert!(
        err.contains("^^^^") && err.contains("did you mean `where`?"),
        "{err}"
    );
    assert!(stdout(&o).contains("Cheshire West and Chester Council"));
}

#[test]
fn unknown_meta_commands_suggest_the_nearest() {
    let o = repl(".fromat json\n.quit\norgs\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean `.format`?"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), ".quit stops before `orgs`");
}

#[test]
fn open_parentheses_and_quotes_continue_on_the_next_line() {
    let o = repl(
        "orgs where (org = cheshire-west\n   or org = cheshire-east)\n\
         orgs where name = \"Achieving\nfor Children\"\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("(2 rows)"), "{out}");
}

#[test]
fn semicolons_end_queries() {
    let o = repl(
        ".format csv\ncount orgs where org = cheshire-west; count notices where org = cheshire-west;\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "count\n1\ncount\n3\n");
}

#[test]
fn explain_and_timing_toggle() {
    let o = repl(".explain on\n.timing on\nrecipients where category in health\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("parse ") && stderr(&o).contains("execute "));
    let plain = repl("explain recipients where category in health\n");
    assert_eq!(stdout(&o), stdout(&plain));
}

#[test]
fn help_has_topics() {
    let o = repl(".help\n.help citations\n.help recipients\n.help nonsense\n");
    let out = stdout(&o);
    assert!(out.contains(".help queries"), "{out}");
    assert!(out.contains("A9-2-h"), "{out}");
    assert!(out.contains("recipients: fields"), "{out}");
    // Each field with its values, from the schema table the docs' field table is made from.
    assert!(
        out.contains("  party.type      party type (a tree); in follows the tree"),
        "{out}"
    );
    assert!(out.contains("  generic         yes / no;"), "{out}");
    assert!(out.contains("no help on `nonsense`"), "{out}");
}

// ---- The terminal, through a pseudo-terminal ----

#[test]
fn interactive_completion_query_and_ctrl_d() {
    use expectrl::process::Healthcheck;
    use expectrl::process::unix::WaitStatus;
    use expectrl::{ControlCode, Expect, Session};

    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
    cmd.arg("repl")
        .current_dir(dir.path())
        .env("BASIS_HISTORY", &history)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    // Wide enough that a result row is not wrapped inside its cells.
    s.get_process_mut()
        .set_window_size(250, 40)
        .expect("window size");
    s.set_expect_timeout(Some(Duration::from_secs(30)));

    s.expect("type .help for help").expect("banner");
    s.expect(history.display().to_string())
        .expect("history path in the banner");
    s.expect("basis> ").expect("prompt");
    s.send("recip").expect("send");
    s.send("\t").expect("tab");
    s.expect("recipients").expect("the word completes");
    s.send(" where org = achieving-for-children limit 2\r")
        .expect("send");
    s.expect("afc-early-help-hub").expect("a result row");
    s.expect("(2 rows)").expect("the row count");
    s.expect("basis> ").expect("prompt again");
    s.send(ControlCode::EndOfTransmission).expect("ctrl-d");

    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        match s.get_process().get_status() {
            Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                // Drain output so the child never blocks on a full pty.
                let mut buf = [0u8; 4096];
                let _ = s.try_read(&mut buf);
                std::thread::sleep(Duration::from_millis(50));
            }
            other => break other,
        }
    };
    assert!(
        matches!(status, Ok(WaitStatus::Exited(_, 0))),
        "exit status {status:?}"
    );
    let saved = std::fs::read_to_string(&history).expect("history saved");
    assert!(
        saved.contains("recipients where org = achieving-for-children limit 2"),
        "{saved}"
    );
    // Nothing was written to the working directory.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn ctrl_c_stops_a_running_query_and_the_shell_stays() {
    use expectrl::{ControlCode, Expect, Session};
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("big.basis");
    let made = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args([
            "gen", "--orgs", "200", "--flows", "200000", "--seed", "5", "-o",
        ])
        .arg(&data)
        .output()
        .expect("gen runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
    cmd.arg("repl")
        .arg("--data")
        .arg(&data)
        .args([
            "--engine",
            "naive",
            "--max-groups",
            "1000000000",
            "--max-rows",
            "100000000000",
        ])
        .current_dir(dir.path())
        .env("BASIS_HISTORY", dir.path().join("history"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s.expect("basis> ").expect("prompt");
    // Ctrl-C on an empty line, as in psql: a fresh prompt, the shell stays.
    s.send(ControlCode::EndOfText).expect("ctrl-c");
    s.expect("basis> ")
        .expect("a new prompt after Ctrl-C on an empty line");
    // Every combination of five lists over 200,000 flows with the scanning evaluator:
    // minutes of work, unless it is stopped.
    s.send("count flows by org, party, category, basis, purpose\r")
        .expect("send");
    std::thread::sleep(Duration::from_millis(500));
    let sent = Instant::now();
    s.send(ControlCode::EndOfText).expect("ctrl-c");
    s.expect("the query was cancelled (Ctrl-C)")
        .expect("the query stops with a message");
    s.expect("basis> ").expect("and the shell is still there");
    // Measured at 10 ms on a 1M-flow snapshot; the bound leaves room for a loaded machine.
    assert!(
        sent.elapsed() < Duration::from_millis(500),
        "stopped late: {:?}",
        sent.elapsed()
    );
    // The history file already holds the query, written when it was entered.
    let saved = std::fs::read_to_string(dir.path().join("history")).expect("history written");
    assert!(
        saved.contains("count flows by org, party, category, basis, purpose"),
        "{saved}"
    );
    s.send("count orgs\r").expect("send");
    s.expect("200").expect("the shell answers the next query");
    s.send(".quit\r").expect("quit");
}

#[test]
fn timeout_and_limits_are_session_settings() {
    let o = repl(
        ".timeout 0.5\n.limit groups 2\ncount flows by org\n.limit groups 5\ncount flows by org\n.timeout off\n.limit rows x\n",
    );
    assert!(!o.status.success(), "a failed query fails the script");
    let err = stderr(&o);
    assert!(err.contains("timeout: 0.5 s"), "{err}");
    assert!(err.contains("limits: rows 100000000 · groups 2 ·"), "{err}");
    assert!(
        err.contains("more than 2 groups") && err.contains("`.limit groups N`"),
        "{err}"
    );
    assert!(err.contains("timeout: off"), "{err}");
    assert!(err.contains("`x` is not a number"), "{err}");
    // With five groups allowed, the same query answers.
    assert!(stdout(&o).contains("cheshire-west"), "{}", stdout(&o));
}

/// `basis repl` in a pseudo-terminal of `cols` × `rows`, without colour, with its history in
/// `dir`, plus `args` and `env`.
fn pty(
    dir: &Path,
    (cols, rows): (u16, u16),
    args: &[&str],
    env: &[(&str, &str)],
) -> expectrl::session::OsSession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
    cmd.arg("repl")
        .args(args)
        .current_dir(dir)
        .env("BASIS_HISTORY", dir.join("history"))
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("PAGER");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut s = expectrl::Session::spawn(cmd).expect("spawn in a pty");
    s.get_process_mut()
        .set_window_size(cols, rows)
        .expect("window size");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// What the terminal showed before `needle`, as text without carriage returns.
fn shown_before(s: &mut expectrl::session::OsSession, needle: &str) -> String {
    use expectrl::Expect;
    let found = s.expect(needle).expect(needle);
    String::from_utf8_lossy(found.before()).replace('\r', "")
}

#[test]
fn at_80_columns_a_wide_result_prints_one_field_per_line_without_breaking_words() {
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = pty(dir.path(), (80, 200), &["--no-pager"], &[]);
    s.expect("basis> ").expect("prompt");
    s.send("recipients where org = cheshire-west and party.type in police\r")
        .expect("send");
    let out = shown_before(&mut s, "(2 rows)");
    // The table would be 173 columns wide: each row is printed one field per line.
    assert!(out.contains(" recipient = cheshire-police\n"), "{out}");
    assert!(out.contains(" recipient = cwac-police-services\n"), "{out}");
    assert!(
        out.contains("   service = cwac-early-help-and-prevention\n"),
        "{out}"
    );
    assert!(
        out.contains("     quote = police and fire services\n"),
        "{out}"
    );
    // The echo of the typed line carries the editor's escape codes; the result does not.
    for line in out.lines().filter(|l| !l.contains('\x1b')) {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    // Every word of every value is whole on one line.
    let words = [
        "cheshire-police",
        "Cheshire Police",
        "cwac-police-services",
        "Police services",
        "cwac-supporting-families",
    ];
    for w in words {
        assert!(out.contains(w), "{w} broken or missing:\n{out}");
    }
    s.send(".quit\r").expect("quit");
}

#[test]
fn a_unique_prefix_completes_and_a_statement_continues_on_a_second_prompt() {
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = pty(dir.path(), (200, 50), &["--no-pager"], &[]);
    s.expect("basis> ").expect("prompt");
    s.send("recipients where party = thames").expect("send");
    s.send("\t").expect("tab");
    s.expect("thames-valley-police")
        .expect("the id completes at once");
    s.send(" show recipient, name\r").expect("send");
    s.expect("Thames Valley Police")
        .expect("the completed query runs");
    s.expect("(1 row)").expect("one row");
    // A trailing `where` continues on the `...>` prompt; a statement of several lines runs
    // at an empty line.
    s.send("orgs where\r").expect("send");
    s.expect("...> ").expect("continuation prompt");
    s.send("org = cheshire-east\r").expect("send");
    s.expect("...> ").expect("still open");
    s.send("\r").expect("send");
    s.expect("Cheshire East Council")
        .expect("the whole statement runs");
    s.expect("(1 row)").expect("one row");
    // A statement abandoned with Ctrl-C on its second line does not run.
    s.send("orgs where\r").expect("send");
    s.expect("...> ").expect("continuation prompt");
    s.send(expectrl::ControlCode::EndOfText).expect("ctrl-c");
    s.expect("basis> ").expect("back to a fresh prompt");
    s.send("exit\r").expect("exit");
    let _ = s.expect(expectrl::Eof);
    let saved = std::fs::read_to_string(dir.path().join("history")).expect("history");
    assert!(
        saved.contains("recipients where party = thames-valley-police show recipient, name"),
        "{saved}"
    );
    // Multi-line entries are kept whole (rustyline writes the line break as `\n`).
    assert!(
        saved.contains("orgs where\\norg = cheshire-east"),
        "{saved}"
    );
}

#[test]
fn a_long_result_goes_through_the_pager_only_at_a_terminal() {
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    let pager = [("PAGER", "sed 's/^/PAGED:/'")];
    // Six rows of terminal: the three organisations' table (8 lines) is more than a screen.
    let mut s = pty(dir.path(), (200, 6), &[], &pager);
    s.expect("basis> ").expect("prompt");
    s.send("orgs;\r").expect("send");
    s.expect("PAGED:(3 rows)").expect("through $PAGER");
    s.send(".quit\r").expect("quit");
    let mut s = pty(dir.path(), (200, 6), &["--no-pager"], &pager);
    s.expect("basis> ").expect("prompt");
    s.send("orgs;\r").expect("send");
    let out = shown_before(&mut s, "(3 rows)");
    assert!(!out.contains("PAGED:"), "{out}");
    s.send(".quit\r").expect("quit");
    // Not a terminal: never.
    let o = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(["query", "orgs"])
        .env("PAGER", "sed 's/^/PAGED:/'")
        .output()
        .expect("run");
    assert!(!stdout(&o).contains("PAGED:") && stdout(&o).contains("(3 rows)"));
}

#[test]
fn history_files_that_are_not_usable_are_left_untouched() {
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    let garbage = dir.path().join("garbage");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    std::fs::write(&garbage, &bytes).expect("write");
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let missing = dir.path().join("no/such/dir/history");
    let mut cases: Vec<(String, &str)> = vec![
        (garbage.display().to_string(), "not a text history file"),
        (missing.display().to_string(), "does not exist"),
        ("/dev/zero".to_string(), "not a regular file"),
    ];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo.display().to_string(), "not a regular file"));
    }
    for (path, why) in cases {
        let mut s = pty(
            dir.path(),
            (200, 50),
            &["--no-pager"],
            &[("BASIS_HISTORY", path.as_str())],
        );
        s.expect(why).unwrap_or_else(|e| panic!("{path}: {e}"));
        s.expect("basis> ").expect("the shell starts");
        s.send("count orgs;\r").expect("send");
        s.expect("(1 row)").expect("and answers");
        s.send(".quit\r").expect("quit");
        let _ = s.expect(expectrl::Eof);
    }
    assert_eq!(std::fs::read(&garbage).expect("read"), bytes, "unchanged");
    assert!(!dir.path().join("no").exists(), "no directory created");
    #[cfg(unix)]
    if fifo.exists() {
        use std::os::unix::fs::FileTypeExt;
        let t = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
        assert!(t.is_fifo(), "still a FIFO");
    }
}

/// `basis repl` with these arguments, fed `input` as bytes, in `dir` with `HOME` there too.
fn repl_bytes(args: &[&str], input: &[u8], dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
        .arg("repl")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("basis starts");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).expect("input written");
    }
    child.wait_with_output().expect("basis ends")
}

#[test]
fn script_errors_name_the_script_line_and_a_bad_line_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = repl_bytes(
        &["--format", "csv"],
        b"count orgs\n\ncount notices wher x\n\xff\xfe not text\ncount orgs\n",
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("┌─ script:3:15"), "{err}");
    assert!(
        err.contains("script:4:1: the line is not UTF-8 text"),
        "{err}"
    );
    assert_eq!(stdout(&o), "count\n3\ncount\n3\n", "lines 1 and 5 ran");
    // --bail (and .bail on): the first error stops the script.
    let o = repl_bytes(
        &["--format", "csv", "--bail"],
        b"count orgs\ncount notices wher x\ncount orgs\n",
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "count\n3\n");
    let o = repl_bytes(
        &["--format", "csv"],
        b".bail on\ncount nothing\ncount orgs\n",
        dir.path(),
    );
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(1), ""));
}

#[test]
fn read_runs_a_file_and_its_errors_name_the_file_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("q.basis"),
        "-- two queries\ncount orgs;\norgs where\n  org = cheshire-east\ncount notices where x\n",
    )
    .expect("write");
    let o = repl_bytes(
        &["--format", "csv"],
        b".read q.basis\n.read missing.basis\n",
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with("count\n3\norg,name"), "{out}");
    assert!(out.contains("cheshire-east,Cheshire East Council"), "{out}");
    let err = stderr(&o);
    assert!(err.contains("┌─ q.basis:5:"), "{err}");
    assert!(err.contains("cannot read missing.basis"), "{err}");
}

#[test]
fn words_people_type_to_leave_and_for_help() {
    let dir = tempfile::tempdir().expect("temp dir");
    for leave in ["exit", "quit", "\\q", ".exit", "exit;"] {
        let o = repl_bytes(&[], format!("{leave}\norgs\n").as_bytes(), dir.path());
        assert!(o.status.success(), "{leave}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{leave} leaves before `orgs`");
    }
    let o = repl_bytes(&[], b"help\n", dir.path());
    assert!(stdout(&o).contains(".help queries"), "{}", stdout(&o));
}

#[test]
fn once_output_save_maxrows_evidence_and_line_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = repl_bytes(
        &[],
        b".once one.csv\n.format csv\ncount orgs\ncount notices\n.output all.out\ncount orgs\ncount notices\n.output\n\
          .format line\n.evidence off\n.maxrows 1\nrecipients where org = cheshire-west and party.type in police\n\
          .save ~/police.csv\n.save ~/police.txt\n.save police.html\n.save police.xlsx\n\
          .once once.xlsx\ncount flows by org\n.once once.json\ncount orgs\n",
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect(name);
    assert_eq!(read("one.csv"), "count\n3\n", ".once: the next result only");
    // No extension it knows: the current format.
    assert_eq!(read("all.out"), "count\n3\ncount\n5\n");
    // `.once` honours the extension as `.save` does.
    assert_eq!(read("once.json"), "[\n  {\n    \"count\": 3\n  }\n]\n");
    let out = stdout(&o);
    assert!(out.starts_with("count\n5\n"), "{out}");
    // One field per line, evidence hidden, one row printed of two.
    assert!(out.contains(" recipient = cheshire-police\n"), "{out}");
    assert!(
        !out.contains("quote =") && !out.contains("cwac-police-services"),
        "{out}"
    );
    assert!(
        out.contains("(showing the first 1 of 2 rows; `.maxrows off` prints them all)"),
        "{out}"
    );
    let err = stderr(&o);
    // .save: format from the extension, `~` expanded, whole quotes, the path said.
    let csv = read("police.csv");
    assert!(
        csv.starts_with("recipient,name,party.type,org,service,provenance,notice,quote\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3, "both rows are saved: {csv}");
    let html = read("police.html");
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains(
                "<p>Query: recipients where org = cheshire-west and party.type in police</p>"
            )
            && html.contains("police and fire services"),
        "{html}"
    );
    let txt = read("police.txt");
    assert!(
        txt.contains("     quote = police and fire services"),
        "{txt}"
    );
    assert!(
        err.contains("saved 2 rows as csv to ") && err.contains("police.csv ("),
        "{err}"
    );
    // `.xlsx`: a real workbook, its cells typed.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let cells = |name: &str| -> Vec<Vec<Data>> {
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(name)).expect(name);
        let sheet = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&sheet).expect("sheet");
        range.rows().map(|r| r.to_vec()).collect()
    };
    let police = cells("police.xlsx");
    assert_eq!(police.len(), 3, "heading and two rows");
    assert_eq!(police[0][0], Data::String("recipient".into()));
    assert_eq!(police[1][0], Data::String("cheshire-police".into()));
    assert!(err.contains("saved 2 rows as xlsx to "), "{err}");
    let counts = cells("once.xlsx");
    assert_eq!(
        counts[0],
        [Data::String("org".into()), Data::String("count".into())]
    );
    assert_eq!(counts[1][1], Data::Float(15.0), "numbers stay numbers");
}

#[test]
fn docs_and_help_list_every_key() {
    // The meta-commands' words are checked against the docs and `.help meta` by a unit test of
    // `cli::repl::help`.
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/repl.md"))
        .expect("docs/repl.md");
    let o = repl(".help meta\n.help keys\n");
    let help = stdout(&o);
    assert!(
        help.contains("  .data"),
        ".help meta prints the meta-commands"
    );
    for key in ["Tab", "Ctrl-R", "Ctrl-C", "Ctrl-D", "→"] {
        assert!(
            doc.contains(&format!("| {key}")),
            "docs/repl.md lacks the key {key}"
        );
        assert!(help.contains(key), ".help keys lacks {key}");
    }
}

#[test]
fn a_slow_load_shows_a_labelled_spinner_and_says_what_it_loaded() {
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    // No delay: the spinner appears whatever the speed of the machine.
    let mut s = pty(
        dir.path(),
        (200, 50),
        &["--no-pager"],
        &[("BASIS_PROGRESS_DELAY_MS", "0")],
    );
    s.expect("loading the built-in datasets")
        .expect("the spinner's label");
    s.expect("loaded 3 orgs, ").expect("what was loaded");
    s.expect("basis> ").expect("prompt");
    s.send(".quit\r").expect("quit");
}

// ---- evidence for every row (issue 10, item 7) ------------------------------------------------

/// 002 names the police among recipients (l. 47, "partner agencies … (eg, schools, colleges,
/// police …)") but gives health data (l. 4, "any special educational needs or disabilities";
/// l. 5, "physical or mental health") and the legal obligation (l. 22) for the service as a
/// whole: the implied row rests on all four sentences.
#[test]
fn source_of_an_implied_row_lists_the_sentences_its_category_and_basis_came_from() {
    let o = repl(
        "recipients where org = cheshire-east and category in health and basis = art 6(1)(c) and recipient = ce-police\n.source 1\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("row 1 rests on 4 sentences"), "{out}");
    for (about, words) in [
        (
            "[recipient]",
            "partner agencies from across the education, health, justice and care services",
        ),
        ("[category]", "physical or mental health"),
        ("[basis]", "compliance with a legal obligation"),
    ] {
        let at = out
            .find(about)
            .unwrap_or_else(|| panic!("no {about} sentence:\n{out}"));
        assert!(out[at..].contains(words), "{about}: {out}");
    }
    // The evidence column is the session's own: the table shows the usual columns.
    assert!(!out.contains("evidence"), "{out}");
}

/// A path row: one sentence per hop (000 l. 70 "commissioned services", 001 "commissioned
/// partners", 001 l. 71 "The Department for Education").
#[test]
fn source_of_a_path_row_lists_each_hop() {
    let o = repl("path from cheshire-west to \"Department for Education\"\n.source 2\n.source 1\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("row 2 rests on 3 sentences"), "{out}");
    for hop in [
        "[hop 1] cwac-early-help",
        "[hop 2] cwac-supporting-families",
        "[hop 3] cwac-supporting-families",
    ] {
        assert!(out.contains(hop), "{hop}: {out}");
    }
    assert!(out.contains("• The Department for Education"), "{out}");
    assert!(out.contains("row 1: cwac-supporting-families"), "{out}");
}

#[test]
fn a_statement_typed_a_clause_a_line_runs_whole_and_nothing_pages_before_it_ends() {
    use expectrl::Expect;
    // Issue 18: typed by hand, `recipients⏎` went to the pager, and the next keys became pager
    // commands (less's `s` wrote a file named `hire-east`). An entity alone now waits for its
    // clauses, and a statement of several lines runs at `;` or an empty line.
    let dir = tempfile::tempdir().expect("temp dir");
    let pager = [("PAGER", "sed 's/^/PAGED:/'")];
    // Six rows of terminal: any result of more than a few lines is paged.
    let mut s = pty(dir.path(), (200, 6), &[], &pager);
    s.expect("basis> ").expect("prompt");
    s.send("recipients\r").expect("send");
    let before = shown_before(&mut s, "...> ");
    assert!(!before.contains("PAGED:"), "nothing ran yet: {before}");
    for line in ["where org = cheshire-east", "  and party.type in police"] {
        s.send(format!("{line}\r")).expect("send");
        let shown = shown_before(&mut s, "...> ");
        assert!(!shown.contains("PAGED:"), "{line}: {shown}");
    }
    s.send("show recipient;\r").expect("send");
    let out = shown_before(&mut s, "PAGED:(1 row)");
    assert!(
        out.contains("PAGED:│ 1 ┆ ce-police"),
        "the whole statement ran: {out}"
    );
    assert!(!out.contains("cheshire-west"), "its `where` held: {out}");
    // The SQL habit with `count`, ended by an empty line.
    s.send("count recipients\r").expect("send");
    s.expect("...> ").expect("waits for its clauses");
    s.send("where org = cheshire-west\r").expect("send");
    s.expect("...> ").expect("continues");
    s.send("by party.type\r").expect("send");
    s.expect("...> ").expect("continues");
    s.send("\r").expect("send");
    s.expect("PAGED:│ police").expect("grouped by party type");
    // A clause typed after a statement has run: said, not run.
    s.send("orgs where org = cheshire-west\r").expect("send");
    s.expect("(1 row)").expect("runs at once");
    s.send("and name = x\r").expect("send");
    s.expect("goes on with a statement, but the one before it has run already")
        .expect("the reason");
    s.send(".quit\r").expect("quit");
    let _ = s.expect(expectrl::Eof);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["history"],
        "no file written by keys meant for the shell"
    );
}

#[test]
fn pasted_text_and_scripts_join_lines_that_begin_with_a_clause_word() {
    let one_line = repl(
        ".format csv\ncount recipients where org = cheshire-west and category in health by party.type\n",
    );
    let sql_habit = repl(
        ".format csv\ncount recipients\nwhere org = cheshire-west\n  and category in health\nby party.type;\n",
    );
    assert!(sql_habit.status.success(), "{}", stderr(&sql_habit));
    assert_eq!(stdout(&sql_habit), stdout(&one_line));
    assert!(
        stdout(&one_line).starts_with("party.type,count\n"),
        "{}",
        stdout(&one_line)
    );
    // Pasted at the prompt (bracketed paste), it runs as one statement too.
    use expectrl::Expect;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut s = pty(dir.path(), (200, 50), &["--no-pager"], &[]);
    s.expect("basis> ").expect("prompt");
    s.send(".format csv\r").expect("send");
    s.expect("format: csv").expect("set");
    s.send(
        "\x1b[200~count recipients\nwhere org = cheshire-west\n  and category in health\nby party.type;\x1b[201~\r",
    )
    .expect("paste");
    let wanted = stdout(&one_line);
    let last = wanted.lines().last().expect("rows");
    let out = shown_before(&mut s, last) + last;
    for line in wanted.lines() {
        assert!(out.contains(line), "{line} missing:\n{out}");
    }
    assert!(!out.contains("error"), "{out}");
    s.send(".quit\r").expect("quit");
}

#[test]
fn the_shell_streams_its_results_and_keeps_only_their_first_rows() {
    let (dir, data) = crate::cli::generated("12000");
    let o = repl_bytes(
        &["--data", &data],
        b"flows\n.save all.csv\n.maxrows 5\nflows\n.maxrows off\n.format csv\nflows\n",
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // The terminal table shows its cap and counts the rest, as `basis query` does.
    assert!(
        out.contains("(showing the first 10000 of 12000 rows; `.format csv` or `.format jsonl` prints them all, `limit N` fewer)"),
        "{}",
        &out[out.len().saturating_sub(2000)..]
    );
    assert!(
        out.contains("(showing the first 5 of 12000 rows; `.maxrows off` prints them all)"),
        "maxrows"
    );
    // CSV streams every row.
    let csv = &out[out.rfind("org,service,direction").expect("csv header")..];
    assert_eq!(csv.lines().count(), 12_001);
    // What is kept for `.save` and `.source` is the first 10,000.
    let err = stderr(&o);
    assert!(
        err.contains("saved the first 10000 of 12000 rows (the shell keeps 10000;"),
        "{err}"
    );
    let saved = std::fs::read_to_string(dir.path().join("all.csv")).expect("saved");
    assert_eq!(saved.lines().count(), 10_001);
}

/// `basis ARGS` (not the shell) in a pseudo-terminal of `cols` × `rows`, without colour.
fn pty_basis(dir: &Path, (cols, rows): (u16, u16), args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
    cmd.args(args)
        .current_dir(dir)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("PAGER");
    let mut s = expectrl::Session::spawn(cmd).expect("spawn in a pty");
    s.get_process_mut()
        .set_window_size(cols, rows)
        .expect("window size");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

#[test]
fn at_200_columns_the_headline_answer_and_the_comparison_print_as_tables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let headline = "recipients where category in health and basis = art 9(2)(h)";
    for args in [
        vec!["--no-pager", "query", headline],
        vec![
            "--no-pager",
            "compare",
            "--on",
            "basis",
            "cheshire-west",
            "cheshire-east",
            "achieving-for-children",
        ],
    ] {
        let mut s = pty_basis(dir.path(), (200, 50), &args);
        let out = shown_before(&mut s, " rows)");
        assert!(out.starts_with('┌'), "{args:?} is a table:\n{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= 200, "{args:?}: {line}");
        }
        // Shortened with "…", never broken across lines.
        assert!(out.contains('…') || args[1] == "compare", "{out}");
        assert!(!out.contains(" = "), "not one field per line: {out}");
    }
    // The shell fits the same way; `.mode wrap` wraps long cells instead of shortening.
    let mut s = pty(dir.path(), (200, 50), &["--no-pager"], &[]);
    use expectrl::Expect;
    s.expect("basis> ").expect("prompt");
    s.send(format!("{headline}\r")).expect("send");
    let out = shown_before(&mut s, " rows)");
    assert!(out.contains("┆ recipient "), "{out}");
    s.send(".mode wrap\r").expect("send");
    s.expect("format: wrap").expect("set");
    s.send(format!("{headline}\r")).expect("send");
    let out = shown_before(&mut s, " rows)");
    assert!(out.contains("┆ recipient "), "{out}");
    assert!(!out.contains('…'), "wrapped, not shortened: {out}");
    // Broken at spaces and after hyphens only.
    assert!(out.contains("┆ department-for-work-and- "), "{out}");
    assert!(out.contains("┆ pensions "), "{out}");
    s.send(".quit\r").expect("quit");
}

#[test]
fn help_at_80_columns_breaks_no_word_and_a_topic_goes_through_the_pager() {
    let dir = tempfile::tempdir().expect("temp dir");
    let read_all = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_basis"));
        cmd.args(args)
            .current_dir(dir.path())
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env_remove("PAGER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut s = expectrl::Session::spawn(cmd).expect("spawn in a pty");
        s.get_process_mut()
            .set_window_size(80, 40)
            .expect("window size");
        s.set_expect_timeout(Some(Duration::from_secs(30)));
        use expectrl::Expect;
        let found = s.expect(expectrl::Eof).expect("ends");
        String::from_utf8_lossy(found.as_bytes()).replace('\r', "")
    };
    for args in [
        vec!["--no-pager", "help", "language"],
        vec!["--no-pager", "help", "reports"],
        vec!["--no-pager", "report", "ropa", "--help"],
        vec!["--no-pager", "help"],
    ] {
        let out = read_all(&args, &[]);
        assert!(out.lines().count() > 10, "{args:?}: {out}");
        for line in out.lines() {
            let long = line.chars().count() > 80;
            // Only a line that is one long word (a URL, a table rule) may pass the edge.
            assert!(
                !long || !line.trim().contains(' '),
                "{args:?}: a line past 80 columns would break a word:\n{line}"
            );
        }
    }
    let paged = read_all(&["help", "language"], &[("PAGER", "sed 's/^/PAGED:/'")]);
    assert!(
        paged.contains("PAGED:# The basis query language"),
        "{}",
        &paged[..200.min(paged.len())]
    );
    let direct = read_all(
        &["--no-pager", "help", "language"],
        &[("PAGER", "sed 's/^/PAGED:/'")],
    );
    assert!(!direct.contains("PAGED:"));
}

#[test]
fn a_query_that_fails_writes_nothing_and_keeps_the_redirection() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("once.csv"), "old\n").expect("write");
    let o = repl_bytes(
        &[],
        b".once once.csv\norgs whre\ncount orgs\n.output all.csv\ncount orgs whre\ncount notices\n.output\n",
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).expect(n);
    // `.once` waited past the mistake for the next result; `.output` went on after one.
    assert_eq!(read("once.csv"), "count\n3\n");
    assert_eq!(read("all.csv"), "count\n5\n");
    assert_eq!(stdout(&o), "", "nothing came to the screen");
}

#[test]
fn a_proposal_changes_what_later_queries_see() {
    // The example proposal adds one flow, to Thames Valley Police, quoting its own text.
    let q = "count flows where org = achieving-for-children";
    let o = repl(&format!(
        ".format csv\n{q}\n.proposal examples/afc-police-health-proposal.toml\n{q}\n\
         flows where org = achieving-for-children and party = thames-valley-police\n\
         .proposal examples/afc-police-health-proposal.toml\n"
    ));
    let out = stdout(&o);
    let counts: Vec<u64> = out.lines().filter_map(|l| l.parse().ok()).collect();
    assert_eq!(counts.len(), 2, "{out}");
    assert_eq!(counts[1], counts[0] + 1, "{out}");
    let sentence = "We will share this health information with Thames Valley Police only when it is necessary to protect a child from neglect or physical, mental or emotional harm.";
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/afc-police-health-proposal.txt"),
    )
    .expect("proposal text");
    assert!(text.contains(sentence));
    assert!(out.contains(sentence), "{out}");
    // A second proposal on top is refused, and counts as a failure.
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already applied"), "{}", stderr(&o));
}

#[test]
fn a_proposal_that_does_not_load_keeps_the_current_model() {
    let o = repl(".proposal /no/such-proposal.toml\norgs where org = achieving-for-children\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("kept the current data"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("Achieving for Children"));
}
