//! Writes never destroy (issue 18): `-o` and `.save` replace only a regular file (atomically),
//! write devices, FIFOs and `/dev/stdout` in place, refuse a read-only file; `export --to csv`
//! swaps a whole directory in; every command reports a failed write to standard output and
//! exits non-zero, while a closed pipe stays quiet.
//!
//! Tests that need `mknod` run where it is allowed (as root) and say on the terminal when they
//! are skipped.

use crate::cli::{assert_exit, stderr, stdout};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `basis` in `dir` with `args`, standard output to `out`, input from `input`.
fn run_in(dir: &Path, args: &[&str], out: Stdio, input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(out)
        .stderr(Stdio::piped())
        .spawn()
        .expect("basis starts");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("basis ends")
}

fn basis_in(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, args, Stdio::piped(), "")
}

/// Says on the terminal, past the test harness's capture, that a test was skipped.
fn skipped(test: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Makes the character device `name` in `dir` (`major`, `minor`), or `None` where mknod is not
/// allowed (not root, or a container without the capability).
#[cfg(unix)]
fn device(dir: &Path, name: &str, major: u64, minor: u64) -> Option<PathBuf> {
    use nix::sys::stat::{Mode, SFlag, makedev, mknod};
    let path = dir.join(name);
    mknod(
        &path,
        SFlag::S_IFCHR,
        Mode::from_bits_truncate(0o666),
        makedev(major, minor),
    )
    .ok()?;
    Some(path)
}

#[cfg(unix)]
fn is_char_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

/// Each command that writes a file, with `-o` (or `.save`) aimed at `target`, run in `dir`.
fn writers(target: &str) -> Vec<(Vec<String>, String)> {
    let t = target.to_string();
    let cmd = |a: &[&str]| {
        let mut v: Vec<String> = a.iter().map(|s| s.to_string()).collect();
        v.push("-o".into());
        v.push(t.clone());
        (v, String::new())
    };
    vec![
        cmd(&["gen", "--orgs", "3", "--flows", "200", "--seed", "2"]),
        cmd(&["report", "ropa", "--org", "cheshire-west"]),
        cmd(&["report", "compare"]),
        cmd(&["export", "--to", "dot"]),
        cmd(&["query", "orgs"]),
        cmd(&["stats"]),
        cmd(&["check"]),
        cmd(&["man"]),
        (vec!["repl".to_string()], format!("orgs\n.save {target}\n")),
        (vec!["repl".to_string()], format!(".once {target}\norgs\n")),
        (
            vec!["repl".to_string()],
            format!(".output {target}\norgs\ncount orgs\n.output\n"),
        ),
    ]
}

#[cfg(unix)]
#[test]
fn a_device_node_is_written_in_place_and_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    // /dev/full's numbers: every write fails with ENOSPC.
    let Some(full) = device(dir.path(), "full", 1, 7) else {
        skipped(
            "a_device_node_is_written_in_place_and_never_replaced",
            "mknod is not permitted here",
        );
        return;
    };
    let null = device(dir.path(), "null", 1, 3).expect("a second device");
    for (args, input) in writers("full") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(dir.path(), &args, Stdio::piped(), &input);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("no space left on the device"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(is_char_device(&full), "{args:?} replaced the device node");
    }
    for (args, input) in writers("null") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(dir.path(), &args, Stdio::piped(), &input);
        // `check` exits 1 for the findings of the built-in data.
        assert_exit(&o, i32::from(args[0] == "check"));
        assert!(is_char_device(&null), "{args:?} replaced the device node");
    }
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["full", "null"], "no temporary file left");
}

/// Runs `run` while a thread reads the FIFO `fifo` to its end; returns both.
#[cfg(unix)]
fn reading(fifo: &Path, run: impl FnOnce() -> Output) -> (Output, String) {
    let reader = {
        let fifo = fifo.to_path_buf();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap_or_default())
    };
    let o = run();
    (o, reader.join().expect("reader"))
}

#[cfg(unix)]
#[test]
fn a_fifo_reader_gets_the_whole_output_and_the_fifo_stays() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo");
    let ropa = ["report", "ropa", "--org", "cheshire-west"];
    let expected = stdout(&basis_in(dir.path(), &ropa));
    let (o, got) = reading(&fifo, || {
        basis_in(dir.path(), &[&ropa[..], &["-o", "pipe"]].concat())
    });
    assert_exit(&o, 0);
    assert_eq!(got, expected);
    // `.save` into it: the last result, one field per line.
    let (o, got) = reading(&fifo, || {
        run_in(dir.path(), &["repl"], Stdio::piped(), "orgs\n.save pipe\n")
    });
    assert_exit(&o, 0);
    assert!(got.contains("org = cheshire-west"), "{got}");
    assert!(fs::symlink_metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo()));
}

#[cfg(unix)]
#[test]
fn dash_o_dev_stdout_and_a_process_substitution_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let direct = stdout(&basis_in(dir.path(), &["query", "orgs", "--format", "csv"]));
    for args in [
        ["query", "orgs", "--format", "csv", "-o", "/dev/stdout"],
        ["query", "orgs", "--format", "csv", "-o", "/dev/fd/1"],
    ] {
        let o = basis_in(dir.path(), &args);
        assert_exit(&o, 0);
        assert_eq!(stdout(&o), direct, "{args:?}");
    }
    // Standard output a regular file: written there, after what is already in it (`>>`).
    let log = dir.path().join("log.csv");
    fs::write(&log, "before\n").expect("write");
    let file = fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    let o = run_in(
        dir.path(),
        &["query", "orgs", "--format", "csv", "-o", "/dev/stdout"],
        Stdio::from(file),
        "",
    );
    assert_exit(&o, 0);
    assert_eq!(
        fs::read_to_string(&log).expect("read"),
        format!("before\n{direct}")
    );
    // gen's summary goes to standard error when the snapshot is standard output.
    let o = basis_in(
        dir.path(),
        &[
            "gen",
            "--orgs",
            "2",
            "--flows",
            "50",
            "--seed",
            "1",
            "-o",
            "/dev/stdout",
        ],
    );
    assert_exit(&o, 0);
    assert!(o.stdout.starts_with(b"BASISNAP"), "a snapshot on stdout");
    assert!(stderr(&o).contains("crc32"), "{}", stderr(&o));
    // bash's `>(…)` is a /dev/fd path to a pipe.
    if Command::new("bash").arg("--version").output().is_ok() {
        let script = format!(
            "'{}' query orgs --format csv -o >(cat > sub.csv); wait; sleep 0.2; cat sub.csv",
            env!("CARGO_BIN_EXE_basis")
        );
        let o = Command::new("bash")
            .args(["-c", &script])
            .current_dir(dir.path())
            .output()
            .expect("bash");
        assert_exit(&o, 0);
        assert_eq!(stdout(&o), direct);
    } else {
        skipped("process substitution", "no bash");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_even_in_a_writable_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let ro = dir.path().join("ro.out");
    for (args, input) in writers("ro.out") {
        fs::write(&ro, "kept").expect("write");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).expect("chmod");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(dir.path(), &args, Stdio::piped(), &input);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("ro.out: it is read-only (mode 0444)"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(fs::read_to_string(&ro).expect("read"), "kept", "{args:?}");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o644)).expect("chmod");
    }
}

/// The files of `dir` with their bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| {
            let bytes = fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_csv_export_is_swapped_in_whole_or_the_old_one_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = |to: &str| basis_in(dir.path(), &["export", "--to", "csv", "-o", to]);
    assert_exit(&csv("graph"), 0);
    let first = snapshot(&dir.path().join("graph"));
    // One file per table, and schema.sql.
    assert_eq!(
        first.len(),
        basis::export::TABLES.len() + 1,
        "one file per table"
    );
    // A second export under `ulimit -f 16` (8 or 16 KiB): refused with a message, the first
    // export whole, no temporary directory left.
    let script = format!(
        "ulimit -f 16; exec '{}' export --to csv -o graph",
        env!("CARGO_BIN_EXE_basis")
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .output()
        .expect("sh");
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("cannot write graph: file too large")
            && stderr(&o).contains("the export already there is unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&dir.path().join("graph")), first);
    let names: Vec<String> = snapshot(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["graph"], "nothing left beside it");

    // Through a symlink: the link stays, its target is replaced.
    std::os::unix::fs::symlink("graph", dir.path().join("link")).expect("symlink");
    fs::remove_file(dir.path().join("graph/org.csv")).expect("rm");
    assert_exit(&csv("link"), 0);
    assert!(fs::symlink_metadata(dir.path().join("link")).is_ok_and(|m| m.is_symlink()));
    assert_eq!(snapshot(&dir.path().join("graph")), first);

    // A file of the user's in it: refused and named, nothing changed.
    fs::write(dir.path().join("graph/notes.txt"), "mine").expect("write");
    let o = csv("graph");
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("`notes.txt`"), "{}", stderr(&o));
    assert!(dir.path().join("graph/notes.txt").exists());
    // Not a directory: refused.
    fs::write(dir.path().join("plain"), "x").expect("write");
    let o = csv("plain");
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("not a directory"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(dir.path().join("plain")).expect("read"),
        "x"
    );
}

/// Standard output that takes nothing (every write fails with ENOSPC).
fn dev_full() -> Option<Stdio> {
    fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()
        .map(Stdio::from)
}

#[test]
fn every_command_reports_a_failed_write_to_standard_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    if dev_full().is_none() {
        skipped("every_command_reports…", "no /dev/full");
        return;
    }
    let datasets = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets");
    // A second dataset that differs, so that diff prints something.
    let copy = crate::load::copy_datasets();
    let changed = copy.path().to_path_buf();
    let cw = changed.join("cheshire-west.toml");
    let text = fs::read_to_string(&cw).expect("read");
    fs::write(
        &cw,
        text.replacen("quote = \"Cheshire police\"", "quote = \"police\"", 1),
    )
    .expect("write");
    let changed = changed.to_string_lossy().into_owned();
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (vec!["stats"], "", 1),
        (vec!["query", "orgs"], "", 1),
        (vec!["query", "orgs", "--format", "json"], "", 1),
        (vec!["query", "flows", "--format", "csv"], "", 1),
        (vec!["check"], "", 1),
        (
            vec!["compare", "--on", "basis", "cheshire-west", "cheshire-east"],
            "",
            1,
        ),
        (
            vec![
                "retention",
                "--org",
                "cheshire-west",
                "--born",
                "2010-01-01",
                "--collected",
                "2020-01-01",
            ],
            "",
            1,
        ),
        (vec!["repl"], "orgs\n", 1),
        (vec!["help"], "", 1),
        (vec!["help", "language"], "", 1),
        (vec!["--help"], "", 1),
        (vec!["--version"], "", 1),
        (vec!["man"], "", 1),
        (vec!["completions", "bash"], "", 1),
        (vec!["diff", datasets, &changed], "", 2),
        (vec!["report", "ropa", "--org", "cheshire-west"], "", 1),
        (vec!["report", "compare"], "", 1),
        (vec!["export", "--to", "turtle"], "", 1),
    ];
    for (args, input, code) in cases {
        let out = dev_full().expect("/dev/full");
        let o = run_in(dir.path(), &args, out, input);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("standard output: no space left on the device")
                || stderr(&o).contains("no space left on the device"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_closed_pipe_still_ends_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        vec!["help", "language"],
        vec!["man"],
        vec!["check", "--format", "csv"],
        vec!["export", "--to", "turtle"],
        vec!["query", "flows", "--format", "json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(&args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 16];
        let mut out = child.stdout.take().expect("stdout");
        out.read_exact(&mut first).expect("a first bytes");
        drop(out);
        let o = child.wait_with_output().expect("wait");
        // `check` exits 1 for its findings, whether or not they were all read.
        let want = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(o.status.code(), Some(want), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn every_command_that_writes_a_result_takes_dash_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        vec!["query", "orgs"],
        vec!["stats", "--format", "csv"],
        vec!["check", "--org", "cheshire-west"],
        vec!["compare", "--on", "basis", "cheshire-west", "cheshire-east"],
        vec![
            "retention",
            "--org",
            "cheshire-west",
            "--born",
            "2010-01-01",
            "--collected",
            "2020-01-01",
        ],
        vec!["help", "repl"],
        vec!["man"],
        vec!["completions", "fish"],
        vec!["report", "ropa", "--org", "cheshire-east"],
        vec!["export", "--to", "mermaid"],
    ] {
        let direct = basis_in(dir.path(), &args);
        let mut to_file = args.clone();
        to_file.extend(["-o", "out.txt"]);
        let o = basis_in(dir.path(), &to_file);
        assert_eq!(
            o.status.code(),
            direct.status.code(),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), "", "{args:?}: nothing on standard output");
        assert_eq!(
            fs::read(dir.path().join("out.txt")).expect("out.txt"),
            direct.stdout,
            "{args:?}"
        );
        let mut dash = args.clone();
        dash.extend(["-o", "-"]);
        assert_eq!(
            basis_in(dir.path(), &dash).stdout,
            direct.stdout,
            "{args:?}"
        );
    }
}

/// A small tmpfs mounted for a test and unmounted when it goes (root only).
#[cfg(target_os = "linux")]
struct SmallDisk(PathBuf);

#[cfg(target_os = "linux")]
impl SmallDisk {
    /// Mounts `bytes` of tmpfs at `dir`, or `None` where mounting is not allowed.
    fn mount(dir: &Path, bytes: u64) -> Option<SmallDisk> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The bytes of every file under `dir`.
fn size_of(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_full_disk_the_old_export_stays_whole_and_a_redirected_result_is_an_error() {
    let scratch = tempfile::tempdir().expect("temp dir");
    assert_exit(
        &basis_in(scratch.path(), &["export", "--to", "csv", "-o", "probe"]),
        0,
    );
    let export = size_of(&scratch.path().join("probe"));
    let mount = tempfile::tempdir().expect("mount point");
    // Room for one export and half another: the second is written beside the first, so the
    // disk fills while it is written.
    let Some(disk) = SmallDisk::mount(mount.path(), (export * 3 / 2).next_multiple_of(4096)) else {
        skipped(
            "on_a_full_disk_…",
            "mounting a tmpfs is not permitted here (needs root)",
        );
        return;
    };
    let dir = disk.0.clone();
    assert_exit(
        &basis_in(&dir, &["export", "--to", "csv", "-o", "graph"]),
        0,
    );
    let first = snapshot(&dir.join("graph"));
    let o = basis_in(&dir, &["export", "--to", "csv", "-o", "graph"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("cannot write graph: no space left on the device")
            && stderr(&o).contains("the export already there is unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        snapshot(&dir.join("graph")),
        first,
        "the old export is whole"
    );
    let names: Vec<String> = snapshot(&dir).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["graph"], "nothing left beside it");
    // A result redirected into a file on a full disk: an error, not a silent exit 0. What
    // room is left is filled first.
    let mut filler = fs::File::create(dir.join("filler")).expect("create");
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    drop(filler);
    let file = fs::File::create(dir.join("matrix.txt")).expect("create");
    let o = run_in(
        &dir,
        &[
            "compare",
            "--on",
            "party.type",
            "cheshire-west",
            "cheshire-east",
        ],
        Stdio::from(file),
        "",
    );
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("cannot write to standard output: no space left on the device"),
        "{}",
        stderr(&o)
    );
}
