//! Build script: rebuild when the embedded datasets or the grammar change, and give
//! `--version` the git commit and a fingerprint of the built-in data.

// Cargo reads a build script's instructions from its standard output; clippy.toml's rule
// (one writer of standard output, in cli::out) is for the crate.
#![allow(clippy::disallowed_macros)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    // The datasets are compiled into the binary (include_dir): rebuild when they change.
    println!("cargo:rerun-if-changed=datasets");
    println!("cargo:rerun-if-changed=grammar");
    // `basis help language` and friends embed these.
    println!("cargo:rerun-if-changed=docs");
    println!("cargo:rustc-env=BASIS_GIT_COMMIT={}", git_commit());
    println!(
        "cargo:rustc-env=BASIS_DATA_FINGERPRINT={:016x}",
        fingerprint(Path::new("datasets"))
    );
    // tests/extract_corpus.rs measures `basis new org` on the hand encodings in tests/corpus/;
    // without any, its test is reported as ignored (skipped, with the reason), not as passed.
    println!("cargo::rustc-check-cfg=cfg(corpus_encodings)");
    println!("cargo:rerun-if-changed=tests/corpus");
    let encoded = std::fs::read_dir("tests/corpus").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    });
    if encoded {
        println!("cargo:rustc-cfg=corpus_encodings");
    }
}

/// The commit being built, 12 hex digits, or `unknown` without git (a source tarball, a
/// crates.io build). Uncommitted changes are not marked: watching the index for them would
/// rebuild the crate on every `git status`.
fn git_commit() -> String {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let Some(commit) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        return "unknown".to_string();
    };
    // A new commit or checkout moves HEAD's log; rebuild then so the commit stays true.
    for p in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", p]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    commit
}

/// FNV-1a (64 bits) over every file under `dir`, in sorted order of relative path: each
/// path, a zero byte, the contents, a zero byte. Two binaries with the same fingerprint embed
/// the same data.
fn fingerprint(dir: &Path) -> u64 {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for f in files {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        feed(rel.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&[0]);
        feed(&std::fs::read(&f).unwrap_or_default());
        feed(&[0]);
    }
    h
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
