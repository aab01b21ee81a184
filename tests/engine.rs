//! The indexed evaluator against the scanning one: identical tables on the built-in data, on
//! generated datasets for the scale queries (`tests/cases/scale/*.q`, which the benches
//! run too), and on random datasets with random queries; and snapshots that are cut,
//! corrupted or of another version give the right error.

use basis::engine::{Engine, execute_with};
use basis::model::write_snapshot;
use basis::model::{GenOptions, generate};
use basis::model::{LoadErrorKind, Model, SnapshotProblem, Vocab, load_builtin};
use basis::{parse, plan};
use proptest::prelude::*;
use std::sync::OnceLock;

fn vocab() -> Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| load_builtin().expect("built-in data loads").vocab)
        .clone()
}

fn builtin() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| load_builtin().expect("built-in data loads"))
}

fn synthetic(orgs: usize, flows: usize, seed: u64) -> Model {
    generate(GenOptions { orgs, flows, seed }, vocab(), &mut |_| {})
        .expect("options within the limits")
}

/// Runs `text` with both engines and requires the same tables (or the same error).
fn same_answers(text: &str, model: &Model) {
    let query = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut plan = match plan(&query, model) {
        Ok(p) => p,
        // A query naming something the dataset lacks: nothing to compare.
        Err(_) => return,
    };
    // The plans shown by `explain` differ by design; the answers may not.
    plan.explain = false;
    let naive = execute_with(&plan, model, Engine::Naive);
    let indexed = execute_with(&plan, model, Engine::Indexed);
    assert_eq!(naive, indexed, "engines differ on: {text}");
}

fn case_files(dir: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("case directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "q"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("case file");
            (p.display().to_string(), text.trim_end().to_string())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn design_queries_agree_on_builtin_data() {
    let cases: Vec<_> = case_files("tests/cases/parse")
        .into_iter()
        .filter(|(p, _)| p.contains("design_"))
        .collect();
    assert!(cases.len() >= 8);
    for (_, text) in cases {
        same_answers(&text, builtin());
    }
}

#[test]
fn scale_queries_agree_on_generated_data() {
    let model = synthetic(40, 6000, 7);
    for (path, text) in case_files("tests/cases/scale") {
        let query = parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        plan(&query, &model).unwrap_or_else(|e| panic!("{path}: {e}"));
        same_answers(&text, &model);
    }
}

/// The steps of the indexed evaluator's plan for `text`, as `explain` shows them.
fn explained(text: &str, model: &Model) -> basis::output::Table {
    let q = parse(&format!("explain {text}")).expect("parses");
    let p = plan(&q, model).expect("plans");
    execute_with(&p, model, Engine::Indexed)
        .expect("runs")
        .remove(0)
}

/// The indexed grouping counts rank tuples in a table when they are few next to the key
/// tuples and sorts them otherwise; both ways, and with multi-valued keys, ordering and
/// limits, it must give the scanning evaluator's groups. `explain` shows which way ran, so
/// the test fails if a query stops reaching the way it is here for.
#[test]
fn groupings_by_rank_table_and_by_sorting_agree() {
    let model = synthetic(40, 6000, 7);
    let way = |text: &str| {
        explained(text, &model)
            .rows
            .iter()
            .find(|r| r[0] == "ranks")
            .map(|r| r[1].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    let table = [
        "count flows where category is special by org, party.type",
        "count flows by category, basis",
        "count recipients by party.type, purpose order by count desc limit 7",
    ];
    let sorted = [
        "count flows by org, party, category, basis",
        "count flows by service, party, purpose order by party desc",
        "count sources by org, party, category, basis order by count limit 11",
    ];
    for text in table {
        assert!(way(text).contains("table"), "{text}: {}", way(text));
        same_answers(text, &model);
    }
    for text in sorted {
        assert!(way(text).contains("sorted"), "{text}: {}", way(text));
        same_answers(text, &model);
    }
}

/// A filter whose lists are all long is answered by intersecting bitmaps; one with a short
/// list starts from it and intersects, semi-joins or probes the rest. Both ways, with every
/// kind of conjunct (subtrees, lists of values, a recipient's list that holds both
/// directions, `or`, `not`, `missing`, conditions the lists cannot answer), must give the
/// scanning evaluator's rows. `explain`'s first step shows which way ran, so the test fails
/// if a query stops reaching the way it is here for.
#[test]
fn filters_by_bitmaps_and_by_lists_agree() {
    let model = synthetic(40, 6000, 7);
    let first_step = |text: &str| {
        explained(text, &model).rows[0][0]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let bitmaps = [
        "sources where category is special and basis = art 9(2)(h)",
        "recipients where recipient = police-0001 and category in health",
        "flows where org in (council-0001, council-0002) and category in health",
        "recipients where (category in health or basis = art 6(1)(e)) and party.type = police",
        "recipients where party.type = police and missing condition",
        "flows where category in (health, criminal-offences) and party.type in (police, health-commissioner) and direction = from",
        "count recipients where category in mental-health and not party.type = police by org",
        "sources where category is special",
        "recipients where category in health and basis = art 9(2)(h) order by party desc limit 9",
    ];
    let lists = [
        "recipients where service = council-0001-early-help and category in health",
        "flows where service in (council-0002-send-service, council-0003-public-health) and party.type = police",
        "recipients where service = council-0001-early-help and not basis = art 6(1)(e)",
        "count flows where service = council-0004-early-help and category is special by party.type",
    ];
    for text in bitmaps {
        assert_eq!(first_step(text), "bitmap", "{text}");
        same_answers(text, &model);
    }
    for text in lists {
        assert_eq!(first_step(text), "index", "{text}");
        same_answers(text, &model);
    }
}

/// The snapshot `model` is written as, through the public writer.
fn snapshot_bytes(model: &Model) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("m.basis");
    write_snapshot(model, &path).expect("writes");
    std::fs::read(&path).expect("reads back")
}

/// The format version a snapshot's header names (bytes 8..12, after the magic).
fn header_version(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes[8..12].try_into().expect("a 12-byte header"))
}

#[test]
fn generation_is_reproducible() {
    let a = snapshot_bytes(&synthetic(12, 2000, 3));
    let b = snapshot_bytes(&synthetic(12, 2000, 3));
    let c = snapshot_bytes(&synthetic(12, 2000, 4));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn snapshot_round_trip_keeps_answers() {
    let model = synthetic(10, 1500, 11);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("small.basis");
    write_snapshot(&model, &path).expect("writes");
    let back = basis::load(&basis::model::DataSource::Path(path)).expect("reads back");
    assert_eq!(back.flows.len(), model.flows.len());
    for (_, text) in case_files("tests/cases/scale") {
        let q = parse(&text).expect("parses");
        let (Ok(p1), Ok(p2)) = (plan(&q, &model), plan(&q, &back)) else {
            continue;
        };
        assert_eq!(
            execute_with(&p1, &model, Engine::Naive),
            execute_with(&p2, &back, Engine::Indexed),
            "{text}"
        );
    }
}

/// What is wrong with `bytes` read as a snapshot file, by the loader's own error.
fn problem(bytes: &[u8]) -> SnapshotProblem {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("damaged.basis");
    std::fs::write(&path, bytes).expect("writes");
    let err =
        basis::load(&basis::model::DataSource::Path(path)).expect_err("a damaged snapshot loaded");
    match err.errors.into_iter().next().map(|e| e.kind) {
        Some(LoadErrorKind::Snapshot { problem, .. }) => problem,
        other => panic!("not a snapshot problem: {other:?}"),
    }
}

#[test]
fn damaged_snapshots_are_clear_errors() {
    let good = snapshot_bytes(&synthetic(6, 500, 5));
    let version = header_version(&good);
    // Cut short, in the payload and in the header.
    assert!(matches!(
        problem(&good[..good.len() - 10]),
        SnapshotProblem::Truncated { .. }
    ));
    assert!(matches!(
        problem(&good[..12]),
        SnapshotProblem::Truncated { .. }
    ));
    // A flipped bit in the payload.
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x40;
    assert_eq!(problem(&bad), SnapshotProblem::Checksum);
    // Another format version.
    let mut v2 = good.clone();
    v2[8..12].copy_from_slice(&(version + 1).to_le_bytes());
    assert_eq!(
        problem(&v2),
        SnapshotProblem::Version {
            found: version + 1,
            supported: version
        }
    );
    // Other vocabularies.
    let mut voc = good.clone();
    voc[12] ^= 1;
    assert_eq!(problem(&voc), SnapshotProblem::Vocabulary);
    // A checksum-valid payload of garbage.
    let mut junk = good[..28].to_vec();
    let body = vec![0xffu8; 64];
    junk[16..24].copy_from_slice(&(body.len() as u64).to_le_bytes());
    junk[24..28].copy_from_slice(&crc32fast_hash(&body).to_le_bytes());
    junk.extend_from_slice(&body);
    assert!(matches!(
        problem(&junk),
        SnapshotProblem::Malformed(_) | SnapshotProblem::Inconsistent(_)
    ));
}

#[test]
fn damaged_snapshot_files_fail_to_load_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.basis");
    let good = snapshot_bytes(&synthetic(4, 100, 1));
    let version = header_version(&good);
    std::fs::write(&path, &good[..good.len() / 2]).expect("writes");
    let err = basis::load(&basis::model::DataSource::Path(path.clone())).expect_err("must fail");
    let text = err.render(false);
    assert!(text.contains("truncated"), "{text}");
    // Read from the file as a stream, a flipped bit anywhere in the payload is still caught by
    // the checksum before the model is used, and a file cut at every eighth of its length says
    // "truncated".
    for at in [28, good.len() / 3, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        std::fs::write(&path, &bad).expect("writes");
        let err = basis::load(&basis::model::DataSource::Path(path.clone())).expect_err("fails");
        let text = err.render(false);
        assert!(
            text.contains("checksum does not match"),
            "byte {at}: {text}"
        );
    }
    for eighth in 1..8 {
        std::fs::write(&path, &good[..good.len() * eighth / 8]).expect("writes");
        let err = basis::load(&basis::model::DataSource::Path(path.clone())).expect_err("fails");
        let text = err.render(false);
        assert!(text.contains("truncated"), "{eighth}/8: {text}");
        assert!(
            text.contains("help: the file was damaged after it was written: copy it again"),
            "{eighth}/8: {text}"
        );
    }
    // A snapshot of another format version says which basis to read it with, or how to write
    // it again: snapshots are rewritten, never converted.
    for (other_version, says) in [
        (
            version - 1,
            "help: it was written by an older basis: write it again with this basis (`basis gen",
        ),
        (
            version + 1,
            "help: it was written by a newer basis: read it with that one, or write it again",
        ),
    ] {
        let mut other = good.clone();
        other[8..12].copy_from_slice(&other_version.to_le_bytes());
        std::fs::write(&path, &other).expect("writes");
        let err = basis::load(&basis::model::DataSource::Path(path.clone())).expect_err("fails");
        let text = err.render(false);
        assert!(
            text.contains(&format!("format version {other_version} is not supported")),
            "{text}"
        );
        assert!(text.contains(says), "{other_version}: {text}");
    }
}

/// CRC-32 as the snapshot writer computes it (the test builds a header by hand).
fn crc32fast_hash(b: &[u8]) -> u32 {
    // Table-free bitwise CRC-32 (IEEE), to avoid depending on the writer's own code.
    let mut crc = 0xffff_ffffu32;
    for &byte in b {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---- random queries --------------------------------------------------------------------------

/// A condition to render against a model: leaves pick ids by index (modulo the lists).
#[derive(Debug, Clone)]
enum Cond {
    Leaf(u8, usize, usize),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = (0u8..18, any::<usize>(), any::<usize>()).prop_map(|(k, a, b)| Cond::Leaf(k, a, b));
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Cond::Not(Box::new(a))),
        ]
    })
}

fn render(c: &Cond, m: &Model) -> String {
    let v = &m.vocab;
    let pick = |n: usize, i: usize| if n == 0 { 0 } else { i % n };
    let org = |i| m.orgs[pick(m.orgs.len(), i)].id.clone();
    let cat = |i| v.categories[pick(v.categories.len(), i)].entry.id.clone();
    let ptype = |i| v.party_types[pick(v.party_types.len(), i)].id.clone();
    let basis = |i| v.bases[pick(v.bases.len(), i)].id.clone();
    let purpose = |i| v.purposes[pick(v.purposes.len(), i)].id.clone();
    let party = |i| m.parties[pick(m.parties.len(), i)].id.clone();
    match c {
        Cond::Leaf(k, a, b) => match k {
            0 => format!("org = {}", org(*a)),
            1 => format!("org in ({}, {})", org(*a), org(*b)),
            2 => format!("category in {}", cat(*a)),
            3 => format!("category = {}", cat(*a)),
            4 => "category is special".into(),
            5 => "category is criminal".into(),
            6 => format!("basis = \"{}\"", basis(*a)),
            7 => ["basis in art 9", "basis in art 10", "basis = art 6(1)(e)"][a % 3].into(),
            8 => format!("party.type in {}", ptype(*a)),
            9 => format!("party.type = {}", ptype(*a)),
            10 => ["direction = to", "direction = from"][a % 2].into(),
            11 => [
                "missing basis in art 9",
                "missing category",
                "missing condition",
            ][a % 3]
                .into(),
            12 => format!("purpose in {}", purpose(*a)),
            13 => format!("party = {}", party(*a)),
            14 => format!("recipient = {}", party(*a)),
            15 => [
                "basis is stated",
                "category is implied",
                "provenance is stated",
                "basis is inferred",
                "provenance = inferred",
                "subject is inferred",
                "provenance in (implied, inferred)",
            ][a % 7]
                .into(),
            16 => format!("category in ({}, {})", cat(*a), cat(*b)),
            _ => "condition = \"with your consent\"".into(),
        },
        Cond::And(a, b) => format!("({} and {})", render(a, m), render(b, m)),
        Cond::Or(a, b) => format!("({} or {})", render(a, m), render(b, m)),
        Cond::Not(a) => format!("not ({})", render(a, m)),
    }
}

const ENTITIES: &[&str] = &["flows", "recipients", "sources"];
const BY: &[&str] = &[
    "org",
    "party.type",
    "category",
    "basis",
    "direction",
    "party",
    "provenance",
    "purpose",
];

#[derive(Debug, Clone)]
enum Shape {
    Select(usize, Cond),
    Count(usize, Cond, Vec<usize>),
    Compare(usize, usize, usize, Option<Cond>),
    Path(usize, usize, Option<Cond>),
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        (0..ENTITIES.len(), cond()).prop_map(|(e, c)| Shape::Select(e, c)),
        (
            0..ENTITIES.len(),
            cond(),
            prop::collection::vec(0..BY.len(), 0..3)
        )
            .prop_map(|(e, c, by)| Shape::Count(e, c, by)),
        (
            0..4usize,
            any::<usize>(),
            any::<usize>(),
            prop::option::of(cond())
        )
            .prop_map(|(f, a, b, c)| Shape::Compare(f, a, b, c)),
        (any::<usize>(), any::<usize>(), prop::option::of(cond()))
            .prop_map(|(a, b, c)| Shape::Path(a, b, c)),
    ]
}

fn query_text(s: &Shape, m: &Model) -> String {
    let org = |i: usize| m.orgs[i % m.orgs.len().max(1)].id.clone();
    match s {
        Shape::Select(e, c) => format!("{} where {}", ENTITIES[*e], render(c, m)),
        Shape::Count(e, c, by) => {
            let mut t = format!("count {} where {}", ENTITIES[*e], render(c, m));
            if !by.is_empty() {
                let mut names: Vec<&str> = by.iter().map(|b| BY[*b]).collect();
                names.dedup();
                t.push_str(&format!(" by {}", names.join(", ")));
            }
            t
        }
        Shape::Compare(f, a, b, c) => {
            let field = ["party.type", "category", "basis", "party"][*f];
            let mut t = format!("compare {field} across {}, {}", org(*a), org(*b));
            if let Some(c) = c {
                t.push_str(&format!(" where {}", render(c, m)));
            }
            t
        }
        Shape::Path(a, b, c) => {
            let to = &m.parties[b % m.parties.len().max(1)].id;
            let mut t = format!("path from {} to {to}", org(*a));
            if let Some(c) = c {
                t.push_str(&format!(" where {}", render(c, m)));
            }
            t.push_str(" max 2");
            t
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn engines_agree_on_random_data_and_queries(
        orgs in 1usize..10,
        flows in 0usize..300,
        seed in any::<u64>(),
        shapes in prop::collection::vec(shape(), 1..4),
    ) {
        let model = synthetic(orgs, flows, seed);
        for s in &shapes {
            same_answers(&query_text(s, &model), &model);
        }
    }

    #[test]
    fn engines_agree_on_builtin_data(shapes in prop::collection::vec(shape(), 1..4)) {
        for s in &shapes {
            same_answers(&query_text(s, builtin()), builtin());
        }
    }
}

/// Issue 9's wrong counts: a value a service lists twice (`service-involvement` on one of
/// Cheshire West's services) gave its flows two postings. 111 flows in all (109, plus 002's
/// "third party" source and 004's "Government departments" recipient); none lists
/// racial-ethnic-origin twice, so the 111 flows that carry it count 111; 65 flows carry
/// service-involvement (Cheshire East's third-party source among them), 55 of them going out
/// of the service: 37 to a recipient and 18 to the controller's own teams (13 of Cheshire
/// East's, 5 of Cheshire West's), which are not recipients. Both engines, each answer pinned.
#[test]
fn a_value_listed_twice_counts_once() {
    let m = builtin();
    // The three real organisations by id, so that a dataset added later changes nothing here.
    const REAL: &str = "org in (cheshire-west, cheshire-east, achieving-for-children)";
    let cases = [
        (format!("count flows where {REAL}"), 111),
        (
            format!("count flows where category = racial-ethnic-origin and {REAL}"),
            111,
        ),
        (
            format!("count flows where category = service-involvement and {REAL}"),
            65,
        ),
        (
            format!("count recipients where category in service-involvement and {REAL}"),
            37,
        ),
        (
            format!(
                "count flows where category in service-involvement and direction = internal and {REAL}"
            ),
            18,
        ),
    ];
    for (text, want) in cases {
        let text = text.as_str();
        for engine in [Engine::Naive, Engine::Indexed] {
            let p = plan(&parse(text).expect("parses"), m).expect("plans");
            let t = execute_with(&p, m, engine).expect("runs");
            assert_eq!(
                t[0].rows,
                vec![vec![serde_json::json!(want)]],
                "{text} ({engine:?})"
            );
        }
    }
    // The listing has one row per flow and no two rows alike.
    let text = format!("recipients where category in service-involvement and {REAL}");
    let p = plan(&parse(&text).expect("parses"), m).expect("plans");
    for engine in [Engine::Naive, Engine::Indexed] {
        let rows = &execute_with(&p, m, engine).expect("runs")[0].rows;
        assert_eq!(rows.len(), 37, "{engine:?}");
        let mut distinct = rows.clone();
        distinct.sort_by_key(|r| serde_json::to_string(r).unwrap_or_default());
        distinct.dedup();
        assert_eq!(distinct.len(), 37, "{engine:?}: duplicate rows");
    }
}

/// docs/language.md: groups sort by their `by` values with "the empty group first" — for a
/// duration too (issue 18: it came last, the missing key sorting after every duration).
#[test]
fn the_empty_group_sorts_first_for_every_type_of_field() {
    let m = builtin();
    for q in [
        "count retention by duration",
        "count flows by condition",
        "count retention by duration, subject",
    ] {
        let p = plan(&parse(q).expect("parses"), m).expect("plans");
        for engine in [Engine::Naive, Engine::Indexed] {
            let t = execute_with(&p, m, engine).expect("runs");
            let first = &t[0].rows[0];
            assert!(first[0].is_null(), "{q} ({engine:?}): {first:?} first");
            assert!(
                t[0].rows.iter().skip(1).all(|r| !r[0].is_null()),
                "{q}: one empty group"
            );
        }
    }
    // `desc` reverses the order, the empty group included.
    let q = "count retention by duration order by duration desc";
    let p = plan(&parse(q).expect("parses"), m).expect("plans");
    let t = execute_with(&p, m, Engine::Indexed).expect("runs");
    assert!(
        t[0].rows.last().is_some_and(|r| r[0].is_null()),
        "{:?}",
        t[0].rows
    );
}

/// A condition that names services (`service = x`, `service in (x, y)`, alone or beside
/// others), or organisations, reads those services' rows alone for services, every list of
/// their facts and (named services only) their retention rules: the same rows as a scan, in
/// the same order, and `explain` says which way it went.
/// Early Help's notice cites 3 bases: "General Data Protection Legislation Article 6 part e",
/// "… Article 9 Part h" and "Data Protection Act 2018 Schedule 1, Part 3, Paragraph 36".
#[test]
fn a_condition_naming_services_reads_their_rows_alone() {
    let m = builtin();
    let eh = "cwac-early-help-and-prevention";
    let sf = "cwac-supporting-families";
    for entity in [
        "services",
        "categories",
        "bases",
        "legislation",
        "subjects",
        "purposes",
        "retention",
        "transfers",
        "decisions",
        "security",
        "requirements",
        "research",
        "notes",
    ] {
        for cond in [
            format!("service = {eh}"),
            format!("service in ({sf}, {eh})"),
            format!("org = cheshire-west and service = {eh}"),
            format!("service = {eh} and service = {sf}"),
            format!("not service = {eh}"),
            format!("service = {eh} or org = cheshire-east"),
            "org = cheshire-west".to_string(),
            format!("org in (cheshire-east, achieving-for-children) and not service = {eh}"),
            "org = cheshire-east and org = cheshire-west".to_string(),
            "not org = cheshire-west".to_string(),
        ] {
            same_answers(&format!("{entity} where {cond}"), m);
            same_answers(&format!("count {entity} where {cond} by org"), m);
        }
    }
    let explain = |text: &str| {
        let t = basis::explain(text, m, &Default::default()).expect("explains");
        t.rows
            .iter()
            .map(|r| format!("{} {} {}", r[0], r[1], r[3]))
            .collect::<Vec<_>>()
    };
    let steps = explain(&format!("bases where service = {eh}"));
    assert_eq!(
        steps[0],
        "\"index\" \"services the condition names (3 rows)\" 3"
    );
    let steps = explain("services where org = achieving-for-children");
    assert!(
        steps[0].starts_with("\"index\" \"services of the organisations the condition names"),
        "{steps:?}"
    );
    // A retention rule's organisation is its own field, so `org = x` still scans them.
    let steps = explain("retention where org = achieving-for-children");
    assert!(steps[0].starts_with("\"scan\""), "{steps:?}");
    let steps = explain(&format!("bases where not service = {eh}"));
    assert!(steps[0].starts_with("\"scan\""), "{steps:?}");
}
