//! A notice encoded as one service and the same notice split into several give the same
//! findings: `basis check` decides per notice (issue 22). The property rewrites the
//! organisation files of a dataset — every service's facts dealt at random among 1 to 4
//! services of the same notice, or every notice's services merged into one — and compares
//! the findings, all but the list of services each covers.

use basis::check::{Finding, check};
use basis::model::{DataSource, load};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// The fact tables of a service, which a split deals among the parts.
const FACT_TABLES: [&str; 16] = [
    "subject",
    "category",
    "purpose",
    "basis",
    "legislation",
    "recipient",
    "source",
    "retention",
    "system",
    "right",
    "security",
    "transfer",
    "automated_decision",
    "requirement",
    "research",
    "note",
];

/// A little random number source from a seed, so that a case is reproducible from its seed.
struct Dealer(u64);

impl Dealer {
    fn next(&mut self, n: usize) -> usize {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// `org` with each service cut into `parts` services of the same notice, its facts dealt at
/// random among them.
fn split(org: &Table, parts: usize, dealer: &mut Dealer) -> Table {
    let mut out = org.clone();
    let Some(Value::Array(services)) = org.get("service") else {
        return out;
    };
    let mut new = Vec::new();
    for s in services {
        let Value::Table(s) = s else { continue };
        let mut pieces: Vec<Table> = (0..parts)
            .map(|i| {
                let mut t = Table::new();
                for (k, v) in s {
                    if !FACT_TABLES.contains(&k.as_str()) {
                        t.insert(k.clone(), v.clone());
                    }
                }
                if i > 0 {
                    let id = s.get("id").and_then(Value::as_str).unwrap_or("service");
                    t.insert("id".into(), Value::String(format!("{id}-part-{i}")));
                }
                t
            })
            .collect();
        for table in FACT_TABLES {
            let Some(Value::Array(items)) = s.get(table) else {
                continue;
            };
            for item in items {
                let k = dealer.next(parts);
                let list = pieces[k]
                    .entry(table.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(l) = list {
                    l.push(item.clone());
                }
            }
        }
        new.extend(pieces.into_iter().map(Value::Table));
    }
    out.insert("service".into(), Value::Array(new));
    out
}

/// `org` with the services of each notice merged into the first of them. A party named by
/// two of them with the same condition is kept once (the loader refuses a repeated block).
fn merge(org: &Table) -> Table {
    let mut out = org.clone();
    let Some(Value::Array(services)) = org.get("service") else {
        return out;
    };
    let mut merged: Vec<Table> = Vec::new();
    for s in services {
        let Value::Table(s) = s else { continue };
        let notice = s.get("notice").cloned();
        let Some(into) = merged
            .iter_mut()
            .find(|m| m.get("notice") == notice.as_ref())
        else {
            merged.push(s.clone());
            continue;
        };
        for table in FACT_TABLES {
            let Some(Value::Array(items)) = s.get(table) else {
                continue;
            };
            let list = into
                .entry(table.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(l) = list else { continue };
            for item in items {
                let key = |v: &Value| (v.get("party").cloned(), v.get("condition").cloned());
                let flow = matches!(table, "recipient" | "source");
                if flow && l.iter().any(|x| key(x) == key(item)) {
                    continue;
                }
                l.push(item.clone());
            }
        }
    }
    out.insert(
        "service".into(),
        Value::Array(merged.into_iter().map(Value::Table).collect()),
    );
    out
}

/// A copy of the dataset directory `from` with each organisation file rewritten by `edit`.
fn rewritten(from: &Path, edit: &mut dyn FnMut(&Table) -> Table) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for e in std::fs::read_dir(from).expect("dataset dir").flatten() {
        let p = e.path();
        let to = dir.path().join(e.file_name());
        let is_org = p.extension().is_some_and(|x| x == "toml")
            && p.file_name().is_some_and(|n| n != "parties.toml");
        if is_org {
            let text = std::fs::read_to_string(&p).expect("reads");
            let table: Table = text.parse().expect("parses");
            let out = toml::to_string(&edit(&table)).expect("writes toml");
            std::fs::write(&to, out).expect("writes");
        } else {
            #[cfg(unix)]
            std::os::unix::fs::symlink(&p, &to).expect("links");
        }
    }
    dir
}

/// The findings of the dataset in `dir`, without the services each covers.
fn findings(dir: &Path) -> Vec<Finding> {
    let m = load(&DataSource::Path(dir.to_path_buf()))
        .unwrap_or_else(|e| panic!("the rewritten dataset does not load:\n{}", e.render(false)));
    let mut f = check(&m, None).expect("checks");
    for x in &mut f {
        x.service = None;
    }
    f
}

fn datasets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

/// The datasets the property runs on: the built-in one, and the corpus of notices basis was
/// not built from.
fn dirs() -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut d = vec![datasets()];
    if std::fs::read_dir(&corpus).is_ok_and(|mut e| {
        e.any(|f| f.is_ok_and(|f| f.path().extension().is_some_and(|x| x == "toml")))
    }) {
        d.push(corpus);
    }
    d
}

#[test]
fn merged_notices_give_the_findings_of_the_encoding() {
    for dir in dirs() {
        let base = findings(&dir);
        let merged = rewritten(&dir, &mut merge);
        let got = findings(merged.path());
        let only = |a: &[Finding], b: &[Finding]| -> Vec<String> {
            a.iter()
                .filter(|f| !b.contains(f))
                .map(|f| format!("{} {} {}: {}", f.code, f.notice, f.quote, f.message))
                .collect()
        };
        assert!(
            got == base,
            "{}:\nonly merged: {:#?}\nonly as encoded: {:#?}",
            dir.display(),
            only(&got, &base),
            only(&base, &got)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn split_notices_give_the_same_findings(parts in 1usize..=4, seed in 1u64..u64::MAX) {
        for dir in dirs() {
            let merged = rewritten(&dir, &mut merge);
            let base = findings(merged.path());
            let mut dealer = Dealer(seed);
            let split = rewritten(&dir, &mut |t| split(&merge(t), parts, &mut dealer));
            let got = findings(split.path());
            let only = |a: &[Finding], b: &[Finding]| -> Vec<String> {
                a.iter().filter(|f| !b.contains(f)).map(|f| format!("{} {} {}: {}", f.code, f.notice, f.quote, f.message)).collect()
            };
            prop_assert!(
                got == base,
                "{} split into {} with seed {}:\nonly split: {:#?}\nonly whole: {:#?}",
                dir.display(), parts, seed, only(&got, &base), only(&base, &got)
            );
        }
    }
}
