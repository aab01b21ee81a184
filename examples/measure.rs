//! The figures of BENCHMARKS.md in one run: per dataset size, snapshot size and load time,
//! index build, resident memory per flow, and each scale query's median time with both
//! evaluators (the ratio is measured in the same run, on the same loaded model).
//!
//! `cargo run --release --example measure` (add `BASIS_BENCH_10M=1` for 10M flows;
//! `BASIS_BENCH_QUERY=<name of a tests/cases/scale file>` runs that query alone, and
//! `BASIS_BENCH_NO_NAIVE=1` leaves out the scanning evaluator).

// A report printed for a person; clippy.toml's rule (one writer of standard output, in
// cli::out) is for the crate.
#![allow(clippy::disallowed_macros)]

#[path = "../benches/common/mod.rs"]
mod common;

use basis::engine::{Budget, Engine, run_plan};
use basis::model::EntityGraph;
use basis::model::FlowIndex;
use basis::output::Drain;
use basis::{parse, plan};
use std::time::{Duration, Instant};

fn vm_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Median of runs of `f`, repeated until `budget` is spent (at least `min`, at most `max`).
fn median(min: usize, max: usize, budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < min || (times.len() < max && start.elapsed() < budget) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else if us < 1e6 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Child mode: the memory of loading one snapshot and indexing it, in a fresh process.
    if args.len() == 3 && args[1] == "rss" {
        let before = vm_rss_kb();
        let model = basis::model::read_snapshot(std::path::Path::new(&args[2])).expect("loads");
        let loaded = vm_rss_kb();
        model.flow_index();
        let indexed = vm_rss_kb();
        println!("{} {before} {loaded} {indexed}", model.flows.len());
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    println!(
        "| flows | orgs | snapshot | load | index build | graph build | RSS/flow (model) | RSS/flow (model+index) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut query_rows = Vec::new();
    for flows in common::sizes() {
        let path = common::dataset(flows);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let load = median(3, 7, Duration::from_secs(10), || {
            basis::model::read_snapshot(&path).expect("loads");
        });
        let model = basis::model::read_snapshot(&path).expect("loads");
        let build = median(3, 7, Duration::from_secs(10), || {
            FlowIndex::build(&model);
        });
        // The graph is built from the index's columns: timed on top of a built index.
        model.flow_index();
        let graph = median(3, 7, Duration::from_secs(10), || {
            EntityGraph::build(&model);
        });
        let out = std::process::Command::new(&exe)
            .arg("rss")
            .arg(&path)
            .output()
            .expect("child runs");
        let nums: Vec<f64> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let (model_b, all_b) = match nums.as_slice() {
            [n, before, loaded, indexed] => (
                (loaded - before) * 1024.0 / n,
                (indexed - before) * 1024.0 / n,
            ),
            _ => (f64::NAN, f64::NAN),
        };
        println!(
            "| {flows} | {} | {:.1} MB | {} | {} | {} | {model_b:.0} B | {all_b:.0} B |",
            model.orgs.len(),
            size as f64 / 1e6,
            show(load),
            show(build),
            show(graph)
        );
        for (name, text) in common::queries()
            .into_iter()
            .filter(|(n, _)| std::env::var("BASIS_BENCH_QUERY").map_or(true, |q| q == *n))
        {
            let q = parse(&text).expect("parses");
            let p = plan(&q, &model).expect("plans");
            // The engine alone: rows counted by the sink, not formatted. The first run also
            // builds what the query needs once per model (the entity graph for walks).
            let count = |engine| {
                let mut sink = Drain::default();
                run_plan(&p, &model, engine, Budget::default(), &mut sink).expect("runs");
                sink.rows
            };
            let rows = count(Engine::Indexed);
            let fast = median(11, 501, Duration::from_secs(2), || {
                count(Engine::Indexed);
            });
            let naive_budget =
                if flows > 1_000_000 || std::env::var_os("BASIS_BENCH_NO_NAIVE").is_some() {
                    0
                } else {
                    4
                };
            let slow = (naive_budget > 0).then(|| {
                assert_eq!(count(Engine::Naive), rows, "engines differ on {name}");
                median(3, 51, Duration::from_secs(naive_budget), || {
                    count(Engine::Naive);
                })
            });
            query_rows.push(format!(
                "| {flows} | {name} | {rows} | {} | {} | {} |",
                show(fast),
                slow.map_or("–".into(), show),
                slow.map_or("–".into(), |s| format!(
                    "{:.0}×",
                    s.as_secs_f64() / fast.as_secs_f64()
                )),
            ));
        }
    }
    println!();
    println!("| flows | query | answer rows | indexed | naive | naive/indexed |");
    println!("|---|---|---|---|---|---|");
    for r in query_rows {
        println!("{r}");
    }
    // A run narrowed to one query (`BASIS_BENCH_QUERY=name`, for a profiler) leaves out the
    // cancellation figure, whose grouping would otherwise fill the profile.
    if std::env::var_os("BASIS_BENCH_QUERY").is_none() {
        cancellation();
    }
}

/// How long a running query takes to stop once its cancellation flag is set: a grouping of
/// every combination of five fields over the largest dataset with the scanning evaluator
/// (minutes of work), interrupted after 200 ms, five times.
fn cancellation() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let Some(&flows) = common::sizes().iter().filter(|&&n| n <= 1_000_000).max() else {
        return;
    };
    let model = basis::model::read_snapshot(&common::dataset(flows)).expect("loads");
    let q = parse("count flows by org, party, category, basis, purpose").expect("parses");
    let p = plan(&q, &model).expect("plans");
    let mut stops = Vec::new();
    for _ in 0..5 {
        let flag = Arc::new(AtomicBool::new(false));
        let budget = Budget {
            cancel: Some(flag.clone()),
            rows: u64::MAX,
            groups: u64::MAX,
            memory: u64::MAX,
            ..Budget::default()
        };
        let set_at = std::thread::scope(|scope| {
            let setter = scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(200));
                flag.store(true, Ordering::Relaxed);
                Instant::now()
            });
            let r = run_plan(&p, &model, Engine::Naive, budget, &mut Drain::default());
            let returned = Instant::now();
            let set = setter.join().expect("setter");
            assert!(r.is_err(), "the query finished before it was cancelled");
            returned.saturating_duration_since(set)
        });
        stops.push(set_at);
    }
    stops.sort();
    println!();
    println!(
        "Cancellation at {flows} flows: stopped {} after the flag was set (median of 5; slowest {})",
        show(stops[2]),
        show(stops[4])
    );
}
