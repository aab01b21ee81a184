//! `basis sql` on every entity: generated listings, counts and comparisons of each entity's
//! fields — with values the data holds, values it does not, repeated values, texts in another
//! case, `missing`, flags and negations — translated for SQLite, run over the CSV export and
//! required to give basis's rows in basis's order (the check of tests/sql.rs). A query that is
//! refused must be refused for one of a few named reasons, and every entity must have queries
//! that translate and agree.

use crate::sql::{Outcome, agree, load_export};
use basis::engine::{Engine, execute_with};
use basis::model::{GenOptions, generate};
use basis::model::{Model, load_builtin};
use basis::query::{EntityKind, FieldId, ValueType, compare_entity, fields_of};
use basis::{parse, plan};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// A small deterministic generator (SplitMix64): the same queries on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, in_100: u64) -> bool {
        self.next() % 100 < in_100
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        if xs.is_empty() {
            None
        } else {
            Some(&xs[self.below(xs.len())])
        }
    }
}

/// The values each field shows on the rows of each entity, as basis prints them, read by
/// running `<entity> show <field>`; the organisations' ids.
pub(crate) struct Domain {
    values: BTreeMap<(usize, FieldId), Vec<String>>,
    orgs: Vec<String>,
}

/// Every entity.
pub(crate) fn entities() -> Vec<EntityKind> {
    EntityKind::all().collect()
}

fn text_of(j: &Json) -> Vec<String> {
    match j {
        Json::Null => Vec::new(),
        Json::String(s) => vec![s.clone()],
        Json::Array(xs) => xs.iter().flat_map(text_of).collect(),
        other => vec![other.to_string()],
    }
}

impl Domain {
    pub(crate) fn new(m: &Model) -> Self {
        let mut values = BTreeMap::new();
        for (ei, e) in entities().into_iter().enumerate() {
            for f in fields_of(e) {
                let q = format!("{e} show {}", f.name());
                let Ok(p) = parse(&q)
                    .map_err(|_| ())
                    .and_then(|q| plan(&q, m).map_err(|_| ()))
                else {
                    continue;
                };
                let Ok(t) = execute_with(&p, m, Engine::Indexed) else {
                    continue;
                };
                let set: BTreeSet<String> = t[0].rows.iter().flat_map(|r| text_of(&r[0])).collect();
                values.insert((ei, *f), set.into_iter().collect());
            }
        }
        let orgs = m.orgs.iter().map(|o| o.id.clone()).collect();
        Domain { values, orgs }
    }
}

/// The query words a bare id may not be.
fn bare(v: &str) -> bool {
    let keyword = basis::query::KEYWORDS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(v))
        || ["art", "article", "sch", "schedule", "yes", "no"].contains(&v);
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && v.starts_with(|c: char| c.is_ascii_lowercase())
        && !v.contains("--")
        && !keyword
}

fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes queries on the fields of one model.
pub(crate) struct Gen<'d> {
    pub(crate) d: &'d Domain,
    pub(crate) rng: Rng,
}

impl Gen<'_> {
    /// A literal for `f` on rows of entity `ei`: mostly a value the rows hold; sometimes one
    /// another entity's rows hold, a word no row holds, or a text in another case.
    fn literal(&mut self, ei: usize, f: FieldId) -> String {
        match f.value_type() {
            ValueType::Bool => return if self.rng.chance(50) { "yes" } else { "no" }.into(),
            ValueType::Provenance => {
                return ["stated", "implied", "inferred"][self.rng.below(3)].into();
            }
            ValueType::Direction => return ["to", "from", "internal"][self.rng.below(3)].into(),
            ValueType::Duration => {
                let unit = ["years", "year", "months", "weeks", "days"][self.rng.below(5)];
                let n = match unit {
                    "years" | "year" => self.rng.below(80),
                    _ => self.rng.below(400),
                };
                return format!("{n} {unit}");
            }
            _ => {}
        }
        let own = self.d.values.get(&(ei, f)).cloned().unwrap_or_default();
        let any: Vec<String> = if own.is_empty() || self.rng.chance(15) {
            // The field's values on any entity (a category no service of this entity has).
            self.d
                .values
                .iter()
                .filter(|((_, g), _)| *g == f)
                .flat_map(|(_, v)| v.iter().cloned())
                .collect()
        } else {
            own
        };
        let v = match self.rng.pick(&any) {
            Some(v) if !self.rng.chance(5) => v.clone(),
            _ => "no-such-value".to_string(),
        };
        if f.value_type() == ValueType::Text {
            let v = match self.rng.below(4) {
                0 => v.to_uppercase(),
                1 => v.to_lowercase(),
                _ => v,
            };
            quoted(&v)
        } else if bare(&v) {
            v
        } else {
            quoted(&v)
        }
    }

    /// A test on one field of entity `ei`'s rows.
    fn atom(&mut self, e: EntityKind, ei: usize) -> String {
        let fields: Vec<FieldId> = fields_of(e).to_vec();
        let f = fields[self.rng.below(fields.len())];
        let name = f.name();
        match self.rng.below(12) {
            0 => format!("missing {name}"),
            1 => format!("{name} != {}", self.literal(ei, f)),
            2 | 3 => {
                let n = 1 + self.rng.below(3);
                let mut vs: Vec<String> = (0..n).map(|_| self.literal(ei, f)).collect();
                if self.rng.chance(30) {
                    // A value twice.
                    vs.push(vs[0].clone());
                }
                let not = if self.rng.chance(30) { "not " } else { "" };
                format!("{name} {not}in ({})", vs.join(", "))
            }
            4 => {
                let flag =
                    ["stated", "implied", "inferred", "special", "criminal"][self.rng.below(5)];
                let not = if self.rng.chance(25) { "not " } else { "" };
                format!("{name} is {not}{flag}")
            }
            5 => format!("missing {name} = {}", self.literal(ei, f)),
            6 | 7 if f.value_type() == ValueType::Duration => {
                let op = ["<", ">", "<=", ">="][self.rng.below(4)];
                format!("{name} {op} {}", self.literal(ei, f))
            }
            _ => format!("{name} = {}", self.literal(ei, f)),
        }
    }

    /// A condition of up to `depth` levels of `and`, `or`, `not`.
    fn cond(&mut self, e: EntityKind, ei: usize, depth: u32) -> String {
        if depth == 0 || self.rng.chance(45) {
            return self.atom(e, ei);
        }
        match self.rng.below(3) {
            0 => format!("not ({})", self.cond(e, ei, depth - 1)),
            1 => format!(
                "({}) and ({})",
                self.cond(e, ei, depth - 1),
                self.cond(e, ei, depth - 1)
            ),
            _ => format!(
                "({}) or ({})",
                self.cond(e, ei, depth - 1),
                self.cond(e, ei, depth - 1)
            ),
        }
    }

    /// Up to `n` distinct fields of `e`.
    fn some_fields(&mut self, e: EntityKind, n: usize) -> Vec<&'static str> {
        let fields = fields_of(e);
        let mut out: Vec<&'static str> = Vec::new();
        for _ in 0..n {
            let f = fields[self.rng.below(fields.len())].name();
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }

    /// One query on entity `e` (the `ei`-th): a listing, a count, or a comparison.
    pub(crate) fn query(&mut self, e: EntityKind, ei: usize) -> String {
        let filter = if self.rng.chance(80) {
            format!(" where {}", self.cond(e, ei, 2))
        } else {
            String::new()
        };
        let desc = if self.rng.chance(40) { " desc" } else { "" };
        let limit = if self.rng.chance(20) {
            format!(" limit {}", self.rng.below(12))
        } else {
            String::new()
        };
        match self.rng.below(7) {
            // compare <field> across …: the field's own entity is counted.
            0 => {
                let fields: Vec<FieldId> = FieldId::all()
                    .filter(|f| compare_entity(*f) == e && fields_of(e).contains(f))
                    .collect();
                if let Some(f) = self.rng.pick(&fields).copied() {
                    let n = 1 + self.rng.below(self.d.orgs.len().max(1));
                    let orgs: Vec<String> = (0..n)
                        .filter_map(|_| self.rng.pick(&self.d.orgs).cloned())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    if !orgs.is_empty() {
                        return format!("compare {} across {}{filter}", f.name(), orgs.join(", "));
                    }
                }
                format!("{e}{filter}")
            }
            1..=3 => {
                let k = self.rng.below(3);
                let by = self.some_fields(e, k);
                let mut q = format!("count {e}{filter}");
                if !by.is_empty() {
                    q.push_str(&format!(" by {}", by.join(", ")));
                    if self.rng.chance(40) {
                        let key = if self.rng.chance(50) {
                            "count"
                        } else {
                            by[self.rng.below(by.len())]
                        };
                        q.push_str(&format!(" order by {key}{desc}"));
                    }
                }
                q + &limit
            }
            _ => {
                let k = self.rng.below(4);
                let show = self.some_fields(e, k);
                let mut q = format!("{e}{filter}");
                if !show.is_empty() {
                    q.push_str(&format!(" show {}", show.join(", ")));
                }
                if self.rng.chance(40) {
                    let key = self.some_fields(e, 1)[0];
                    q.push_str(&format!(" order by {key}{desc}"));
                }
                q + &limit
            }
        }
    }
}

/// Why a generated query may be refused: the forms and fields named in the module doc of
/// src/export/sql/mod.rs.
pub(crate) const REFUSED: [&str; 6] = [
    "the field `duration` is not translated: a period is read from the words",
    "`compare` of retention periods is a matrix",
    "a citation's own remark is not in the tables",
    "`order by` a list sorts on its first value",
    "`compare` puts values that differ only in case",
    "`compare` of a flag",
];

/// Runs `n` generated queries on every entity of `m`; returns how many agreed per entity.
fn run(m: &Model, n: usize, seed: u64) -> BTreeMap<String, usize> {
    let conn = load_export(m);
    let d = Domain::new(m);
    let mut g = Gen {
        d: &d,
        rng: Rng::new(seed),
    };
    let es = entities();
    let mut same: BTreeMap<String, usize> = BTreeMap::new();
    let (mut refused, mut unplanned) = (BTreeMap::<String, usize>::new(), 0);
    for i in 0..n {
        let ei = i % es.len();
        let q = g.query(es[ei], ei);
        match agree(m, &conn, &q) {
            Ok(Outcome::Same(_)) => *same.entry(es[ei].to_string()).or_default() += 1,
            Ok(Outcome::Refused(why)) => {
                assert!(
                    REFUSED.iter().any(|r| why.contains(r)),
                    "query {i} `{q}` refused for a reason not named: {why}"
                );
                *refused.entry(why).or_default() += 1;
            }
            Ok(Outcome::NotPlanned) => unplanned += 1,
            Ok(Outcome::Stopped(why)) => panic!("query {i} `{q}`: basis stopped it: {why}"),
            Err(e) => panic!("query {i}: {e}"),
        }
    }
    eprintln!(
        "basis sql on every entity: {} of {n} generated queries give basis's rows ({same:?}); {unplanned} do not plan; refused: {refused:?}",
        same.values().sum::<usize>()
    );
    same
}

#[test]
fn ten_thousand_generated_queries_on_every_entity_give_basis_rows_in_sqlite() {
    let m = load_builtin().expect("built-in data");
    let same = run(&m, 10_000, 21);
    for e in entities() {
        let n = same.get(&e.to_string()).copied().unwrap_or(0);
        assert!(n >= 200, "{e}: only {n} of its queries agree");
    }
}

#[test]
fn generated_queries_on_a_generated_model_give_basis_rows_in_sqlite() {
    let vocab = load_builtin().expect("built-in data").vocab;
    let m = generate(
        GenOptions {
            orgs: 6,
            flows: 600,
            seed: 7,
        },
        vocab,
        &mut |_| {},
    )
    .expect("generates");
    let same = run(&m, 2_000, 5);
    assert!(
        same.values().sum::<usize>() >= 1_000,
        "too few agree: {same:?}"
    );
}

/// Every field of every entity is shown, grouped on and tested for being missing in every
/// dialect, or refused for a named reason: only a citation's own note is not in the tables.
#[test]
fn every_field_of_every_entity_translates_or_says_why() {
    use basis::export::{Dialect, to_sql};
    let m = load_builtin().expect("built-in data");
    let mut refused = BTreeSet::new();
    for e in entities() {
        for f in fields_of(e) {
            for form in ["{e} show {f}", "count {e} by {f}", "{e} where missing {f}"] {
                let q = form.replace("{e}", &e.to_string()).replace("{f}", f.name());
                let p = plan(&parse(&q).expect("parses"), &m).expect("plans");
                for d in [
                    Dialect::Sqlite,
                    Dialect::Duckdb,
                    Dialect::Postgres,
                    Dialect::Spark,
                ] {
                    if let Err(why) = to_sql(&p, &m, d) {
                        let why = why.to_string();
                        assert!(
                            REFUSED.iter().any(|r| why.contains(r)),
                            "`{q}` ({d}) refused for a reason not named: {why}"
                        );
                        refused.insert(format!("{e}.{}", f.name()));
                    }
                }
            }
        }
    }
    let want: BTreeSet<String> = ["bases.note", "legislation.note"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(refused, want);
}
