//! Criterion benches at 10k, 100k and 1M flows (10M with `BASIS_BENCH_10M=1`): snapshot
//! load, index build, `basis check` on every organisation (10k and 100k only), and each query
//! of `tests/cases/scale/` with the indexed evaluator, plus the selective query with the
//! scanning one for the ratio. Run with
//! `cargo bench --bench engine`; datasets are generated once into the target directory.

mod common;

use basis::engine::{Budget, Engine, run_plan};
use basis::model::FlowIndex;
use basis::output::Drain;
use basis::{parse, plan};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn engine(c: &mut Criterion) {
    for flows in common::sizes() {
        let path = common::dataset(flows);
        let mut g = c.benchmark_group(format!("{flows}"));
        g.sample_size(10).warm_up_time(Duration::from_millis(500));
        g.measurement_time(Duration::from_secs(3));
        g.bench_function("snapshot_load", |b| {
            b.iter(|| basis::model::read_snapshot(black_box(&path)).expect("loads"))
        });
        let model = basis::model::read_snapshot(&path).expect("loads");
        g.bench_function("index_build", |b| {
            b.iter(|| FlowIndex::build(black_box(&model)))
        });
        model.flow_index();
        // Every check on every organisation: its rules query each service, so this grows
        // with the services, and must not grow with their square.
        if flows <= 100_000 {
            g.bench_function("check_all", |b| {
                b.iter(|| basis::check::check(black_box(&model), None).expect("checks"))
            });
        }
        for (name, text) in common::queries() {
            let query = parse(&text).expect("parses");
            let plan = plan(&query, &model).expect("plans");
            g.bench_function(BenchmarkId::new("indexed", &name), |b| {
                b.iter(|| {
                    run_plan(
                        black_box(&plan),
                        &model,
                        Engine::Indexed,
                        Budget::default(),
                        &mut Drain::default(),
                    )
                })
            });
            // The scanning evaluator on the selective query, for the ratio (seconds at 10M).
            if name == "selective" && flows <= 1_000_000 {
                g.bench_function(BenchmarkId::new("naive", &name), |b| {
                    b.iter(|| {
                        run_plan(
                            black_box(&plan),
                            &model,
                            Engine::Naive,
                            Budget::default(),
                            &mut Drain::default(),
                        )
                    })
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
