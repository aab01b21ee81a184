//! The executor above both evaluators: `order by` and `limit` on every form, budgets that
//! stop a query before it allocates, cancellation, and rows streamed to the output as they
//! are made (a closed pipe stops the query quietly).

use basis::engine::{Budget, Engine, EvalError, Limit, execute_with, run_plan};
use basis::model::{GenOptions, generate};
use basis::model::{Model, load_builtin};
use basis::output::{Cell, Collect, Header, RowSink, Wanted};
use basis::{parse, plan};
use serde_json::{Value, json};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

fn builtin() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| load_builtin().expect("built-in data loads"))
}

fn synthetic(flows: usize) -> Model {
    let vocab = builtin().vocab.clone();
    generate(
        GenOptions {
            orgs: flows / 400 + 1,
            flows,
            seed: 7,
        },
        vocab,
        &mut |_| {},
    )
    .expect("a size gen accepts")
}

/// The three real organisations by id.
const REAL: &str = "org in (cheshire-west, cheshire-east, achieving-for-children)";

fn rows(text: &str, m: &Model, engine: Engine) -> Vec<Vec<Value>> {
    let p = plan(&parse(text).expect("parses"), m).expect("plans");
    let mut t = execute_with(&p, m, engine).expect("runs");
    t.remove(0).rows
}

fn both(text: &str, m: &Model) -> Vec<Vec<Value>> {
    let naive = rows(text, m, Engine::Naive);
    assert_eq!(
        naive,
        rows(text, m, Engine::Indexed),
        "engines differ on: {text}"
    );
    naive
}

fn run_with(text: &str, m: &Model, engine: Engine, budget: Budget) -> Result<Collect, EvalError> {
    let options = basis::Options {
        engine,
        budget,
        evidence: false,
    };
    let mut sink = Collect::default();
    match basis::run(text, m, &options, &mut sink) {
        Ok(_) => Ok(sink),
        Err(basis::RunError::Eval(e)) => Err(e),
        Err(e) => panic!("{text}: {e}"),
    }
}

#[test]
fn count_by_orders_by_count_and_limits_to_the_largest_groups() {
    let m = builtin();
    // The oracle: every group, unordered, sorted here by count (largest first, then name).
    let mut all = both(&format!("count recipients where {REAL} by party.type"), m);
    all.sort_by(|a, b| {
        b[1].as_u64()
            .cmp(&a[1].as_u64())
            .then_with(|| a[0].as_str().cmp(&b[0].as_str()))
    });
    let top = both(
        &format!("count recipients where {REAL} by party.type order by count desc limit 5"),
        m,
    );
    assert_eq!(top.len(), 5);
    // Counts are the five largest, in descending order; ties keep the groups' name order.
    assert_eq!(top, all[..5].to_vec());
    // Ascending puts the smallest first.
    let bottom = both(
        &format!("count recipients where {REAL} by party.type order by count limit 1"),
        m,
    );
    assert_eq!(bottom[0][1], all.last().expect("groups")[1]);
}

#[test]
fn groups_order_by_a_by_field_either_way_and_limit() {
    let m = builtin();
    let one = both(
        &format!("recipients where {REAL} by org order by org desc limit 1"),
        m,
    );
    assert_eq!(one.len(), 1);
    assert_eq!(one[0][0], json!("cheshire-west"));
    let n = both("count recipients where org = cheshire-west", m);
    assert_eq!(
        one[0][1], n[0][0],
        "the group counts every Cheshire West recipient row"
    );
    let asc = both(
        &format!("count flows where {REAL} by org order by org asc"),
        m,
    );
    let orgs: Vec<&Value> = asc.iter().map(|r| &r[0]).collect();
    assert_eq!(
        orgs,
        [
            &json!("achieving-for-children"),
            &json!("cheshire-east"),
            &json!("cheshire-west")
        ]
    );
}

#[test]
fn show_with_by_lists_the_shown_columns_per_group() {
    let m = builtin();
    let t = both(
        "recipients where org = achieving-for-children and party.type = police show recipient, party.type by org",
        m,
    );
    // One group; its shown columns list the distinct values of its rows.
    assert_eq!(t.len(), 1);
    assert_eq!(t[0][0], json!("achieving-for-children"));
    assert_eq!(t[0][2], json!(["thames-valley-police"]));
    assert_eq!(t[0][3], json!(["police"]));
}

#[test]
fn listing_limit_and_order_on_every_entity() {
    let m = builtin();
    for entity in [
        "flows",
        "recipients",
        "sources",
        "services",
        "retention",
        "orgs",
        "parties",
    ] {
        let all = both(entity, m);
        let first = both(&format!("{entity} limit 2"), m);
        assert_eq!(
            first,
            all.iter().take(2).cloned().collect::<Vec<_>>(),
            "{entity}"
        );
        assert!(both(&format!("{entity} limit 0"), m).is_empty(), "{entity}");
    }
}

#[test]
fn a_grouping_past_its_budget_is_an_error_naming_the_limit() {
    let m = builtin();
    // Eight list fields of five services: every combination would be billions of groups.
    let text =
        "count services by party, category, purpose, subject, basis, legislation, system, right";
    for engine in [Engine::Naive, Engine::Indexed] {
        let err = run_with(text, m, engine, Budget::default()).expect_err("over budget");
        let EvalError::Budget { limit, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(matches!(limit, Limit::Rows | Limit::Groups), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("--max-"), "{msg}");
    }
    // A small group budget stops an ordinary count, with either engine.
    let small = Budget {
        groups: 2,
        ..Budget::default()
    };
    for engine in [Engine::Naive, Engine::Indexed] {
        let err = run_with(
            &format!("count flows where {REAL} by org"),
            m,
            engine,
            small.clone(),
        )
        .expect_err("three organisations, two groups allowed");
        assert!(
            matches!(
                err,
                EvalError::Budget {
                    limit: Limit::Groups,
                    limit_value: 2,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("--max-groups"), "{err}");
    }
    // A row budget stops a sort before it keeps the rows.
    let tiny = Budget {
        rows: 10,
        ..Budget::default()
    };
    let err = run_with("flows order by org", m, Engine::Indexed, tiny).expect_err("109 rows");
    assert!(
        matches!(
            err,
            EvalError::Budget {
                limit: Limit::Rows,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_memory_estimate_past_the_budget_is_an_error() {
    let m = builtin();
    let b = Budget {
        memory: 64,
        ..Budget::default()
    };
    let err = run_with("flows order by org", m, Engine::Naive, b).expect_err("too little memory");
    assert!(
        matches!(
            err,
            EvalError::Budget {
                limit: Limit::Memory,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("--max-memory"), "{err}");
}

#[test]
fn a_set_cancellation_flag_or_a_passed_deadline_stops_the_query() {
    let m = builtin();
    let flag = Arc::new(AtomicBool::new(true));
    let b = Budget {
        cancel: Some(flag),
        ..Budget::default()
    };
    for engine in [Engine::Naive, Engine::Indexed] {
        let err = run_with("flows", m, engine, b.clone()).expect_err("cancelled");
        assert_eq!(err, EvalError::Cancelled);
    }
    let big = synthetic(50_000);
    let b = Budget {
        timeout: Some(std::time::Duration::from_nanos(1)),
        ..Budget::default()
    };
    let err = run_with(
        "count flows by org, party, category, basis",
        &big,
        Engine::Naive,
        b,
    )
    .expect_err("past the deadline");
    assert!(matches!(err, EvalError::Timeout(_)), "{err:?}");
}

#[test]
fn cancelling_from_another_thread_stops_a_running_query() {
    let big = synthetic(100_000);
    let flag = Arc::new(AtomicBool::new(false));
    let setter = {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            flag.store(true, Ordering::Relaxed);
        })
    };
    let b = Budget {
        cancel: Some(flag),
        rows: u64::MAX,
        groups: u64::MAX,
        memory: u64::MAX,
        ..Budget::default()
    };
    // Every combination of four multi-valued fields over 100,000 flows with the scanning
    // evaluator: seconds of work in a test build, stopped after about 30 ms.
    let r = run_with(
        "count flows by org, party, category, basis, purpose",
        &big,
        Engine::Naive,
        b,
    );
    setter.join().expect("setter thread");
    assert_eq!(r.err(), Some(EvalError::Cancelled));
}

/// A sink that takes `limit` rows, then fails as a closed pipe does.
struct ClosesAfter {
    limit: usize,
    seen: usize,
    batches: usize,
}

impl<'a> RowSink<'a> for ClosesAfter {
    fn begin(&mut self, _: &Header) -> io::Result<()> {
        Ok(())
    }
    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        self.batches += 1;
        self.seen += cells.len();
        if self.seen >= self.limit {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        Ok(Wanted::Rows)
    }
    fn end(&mut self, _: u64) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn rows_arrive_in_batches_and_a_closed_output_stops_the_query() {
    let big = synthetic(20_000);
    let p = plan(&parse("flows").expect("parses"), &big).expect("plans");
    let mut sink = ClosesAfter {
        limit: 1,
        seen: 0,
        batches: 0,
    };
    let err =
        run_plan(&p, &big, Engine::Indexed, Budget::default(), &mut sink).expect_err("closed");
    assert_eq!(err, EvalError::Closed);
    // The first batch was the last one made: 20,000 rows were never built.
    assert_eq!(sink.batches, 1);
}

#[test]
fn a_comparison_past_the_group_budget_is_an_error() {
    let m = builtin();
    let text = "compare party across cheshire-west, cheshire-east, achieving-for-children";
    // The full matrix has a row per party: many more than three rows of three cells.
    assert!(both(text, m).len() > 3);
    let small = Budget {
        groups: 9,
        ..Budget::default()
    };
    for engine in [Engine::Naive, Engine::Indexed] {
        let err = run_with(text, m, engine, small.clone()).expect_err("more than 9 cells");
        assert!(
            matches!(
                err,
                EvalError::Budget {
                    limit: Limit::Groups,
                    limit_value: 9,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
