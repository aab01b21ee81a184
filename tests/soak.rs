//! The long run of both oracles, ignored by default:
//! `BASIS_SOAK_PAIRS=100000 cargo test --release -- --ignored soak`.
//!
//! Each pair is a dataset and a query; every pair runs one query of any form through both
//! evaluators (`nasty::engines_agree`) and one query of the SQL subset through SQLite and both
//! evaluators (`sqlite_oracle::sqlite_agrees`). Datasets change every 20 pairs; one in five is
//! the built-in data, the rest nasty ones. `BASIS_SOAK_SEED` replays a run (the seed is
//! printed). A failing dataset's directory is kept and its path printed, with the query.

use crate::nasty::{self, Shape};
use crate::sqlite_oracle::{self, Db, SqlQuery};
use basis::model::{Model, load_builtin};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn draw<S: Strategy>(s: &S, runner: &mut TestRunner) -> S::Value {
    s.new_tree(runner).expect("a value").current()
}

#[test]
#[ignore = "long: run with `cargo test --release -- --ignored soak`"]
fn soak() {
    let pairs = env_number("BASIS_SOAK_PAIRS", 100_000);
    let seed = env_number(
        "BASIS_SOAK_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
    );
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &key),
    );
    let builtin = load_builtin().expect("built-in data loads");
    let builtin_db = Db::new(
        &builtin,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab"),
    );
    let specs = nasty::spec(6);
    let shapes = nasty::shape();
    let queries = sqlite_oracle::sql_query();
    let start = Instant::now();
    let (mut done, mut datasets, mut planned) = (0u64, 0u64, 0u64);
    let mut failures: Vec<String> = Vec::new();
    while done < pairs {
        datasets += 1;
        let owned;
        let (model, db, dir): (&Model, &Db, Option<&Path>) = if datasets % 5 == 0 {
            (&builtin, &builtin_db, None)
        } else {
            owned = sqlite_oracle::nasty_db(&draw(&specs, &mut runner));
            (&owned.0.model, &owned.1, Some(owned.0.dir.path()))
        };
        let mut failed_here = false;
        for _ in 0..20 {
            if done == pairs {
                break;
            }
            done += 1;
            let shape: Shape = draw(&shapes, &mut runner);
            let query: SqlQuery = draw(&queries, &mut runner);
            let text = nasty::query_text(&shape, model);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let a = nasty::engines_agree(&text, model);
                let b = sqlite_oracle::sqlite_agrees(db, model, &query);
                (a, b)
            }));
            let problems = match outcome {
                Ok((a, b)) => {
                    planned += u64::from(matches!(a, Ok(true)));
                    [a.err(), b.err()]
                }
                Err(_) => [Some(format!("panic on: {text} / {query:?}")), None],
            };
            for p in problems.into_iter().flatten() {
                if !failed_here {
                    failed_here = true;
                    if let Some(dir) = dir {
                        let kept =
                            std::env::temp_dir().join(format!("basis-soak-{seed}-{datasets}"));
                        copy_dir(dir, &kept);
                        failures.push(format!("dataset kept in {}", kept.display()));
                    }
                }
                failures.push(p);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "soak: {done} pairs on {datasets} datasets in {secs:.1} s (seed {seed}); \
         {planned} of the any-form queries planned; {} failures",
        failures.len()
    );
    for f in failures.iter().take(40) {
        eprintln!("  {f}");
    }
    assert!(
        failures.is_empty(),
        "{} failures (seed {seed})",
        failures.len()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).expect("creates a directory");
        }
        std::fs::copy(&entry, &dest).expect("copies a file");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("reads a directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
