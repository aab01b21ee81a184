//! The scanning evaluator: every row of the entity is tested against the condition. Simple
//! enough to trust, and the reference an indexed evaluator is checked against.

use super::index::FlowIndex;
use super::indexed;
use super::row::{ModelView, RowRef};
use super::value::Val;
use crate::model::{Model, Provenance};
use crate::output::Table;
use crate::query::ast::{CmpOp, EntityKind, Flag};
use crate::query::field::{FieldId, default_columns, has_provenance};
use crate::query::plan::{Compare, Plan, PlanKind, Pred, Select, Test};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use thiserror::Error;

/// Why a planned query could not finish.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    /// A `path` search explored more than its budget of edges without finishing:
    /// `path from a to b max 10` on a dense national dataset.
    #[error(
        "the path search stopped after exploring {explored} edges; lower `max` or add a `where` condition"
    )]
    PathBudget {
        /// Edges explored.
        explored: u64,
    },
}

/// Which evaluator runs a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Engine {
    /// Scans every row and tests it: the reference.
    Naive,
    /// Reads posting lists and memoised column tests (see [`super::indexed`]).
    #[default]
    Indexed,
}

/// Runs a plan with the default (indexed) evaluator: the result tables (one, or the plan's
/// own table for `explain`).
pub fn execute(plan: &Plan, model: &Model) -> Result<Vec<Table>, EvalError> {
    execute_with(plan, model, Engine::Indexed)
}

/// Runs a plan with the given evaluator. Both give the same tables; only `explain` differs.
pub fn execute_with(plan: &Plan, model: &Model, engine: Engine) -> Result<Vec<Table>, EvalError> {
    let view = ModelView::new(model);
    let index = match engine {
        Engine::Naive => None,
        Engine::Indexed => Some(FlowIndex::of(model)),
    };
    let ix = index.as_deref();
    let mut steps = Steps::default();
    let table = match &plan.kind {
        PlanKind::Select(s) => select(&view, ix, s, &mut steps),
        PlanKind::Compare(c) => {
            let rows = match ix {
                Some(ix) => indexed::compare_rows(&view, ix, c, &mut steps),
                None => filtered(&view, c.entity, c.filter.as_ref(), &mut steps),
            };
            compare(&view, c, &rows, &mut steps)
        }
        PlanKind::Path(p) => super::path::path(&view, ix, p, &mut steps)?,
        PlanKind::Reachable(r) => super::path::reachable(&view, ix, r, &mut steps)?,
    };
    if plan.explain {
        Ok(vec![steps.table()])
    } else {
        Ok(vec![table])
    }
}

/// The steps of an execution, for `explain`.
#[derive(Debug, Default)]
pub struct Steps {
    rows: Vec<(String, String, Option<usize>, usize)>,
}

impl Steps {
    /// Records a step with its estimated and actual row counts.
    pub fn push(&mut self, step: &str, detail: String, estimated: Option<usize>, actual: usize) {
        self.rows
            .push((step.to_string(), detail, estimated, actual));
    }

    fn table(&self) -> Table {
        let mut t = Table::new("plan", &["step", "detail", "estimated_rows", "actual_rows"]);
        for (s, d, e, a) in &self.rows {
            t.rows.push(vec![
                json!(s),
                json!(d),
                e.map_or(Json::Null, |e| json!(e)),
                json!(a),
            ]);
        }
        t
    }
}

/// Whether `row` passes `pred`.
pub fn test_row(view: &ModelView, entity: EntityKind, row: RowRef, pred: &Pred) -> bool {
    match pred {
        Pred::And(xs) => xs.iter().all(|x| test_row(view, entity, row, x)),
        Pred::Or(xs) => xs.iter().any(|x| test_row(view, entity, row, x)),
        Pred::Not(x) => !test_row(view, entity, row, x),
        Pred::Test(f, t) => test_values(view, entity, row, *f, t),
        Pred::Missing(f, None) => view.values(entity, row, *f).is_empty(),
        Pred::Missing(f, Some(t)) => !test_values(view, entity, row, *f, t),
    }
}

fn test_values(view: &ModelView, entity: EntityKind, row: RowRef, f: FieldId, t: &Test) -> bool {
    let vals = view.values(entity, row, f);
    let v = &view.model.vocab;
    match t {
        Test::AnyOf(xs) => vals.iter().any(|a| xs.iter().any(|b| same(a, b))),
        Test::Within(xs) => vals
            .iter()
            .any(|a| xs.iter().any(|b| within(view.model, a, b))),
        Test::Duration(op, days) => vals.iter().any(|a| match a {
            Val::Duration(s, _) => match op {
                CmpOp::Gt => s.hi > *days,
                CmpOp::Ge => s.hi >= *days,
                CmpOp::Lt => s.lo < *days,
                CmpOp::Le => s.lo <= *days,
                CmpOp::Eq | CmpOp::Ne => s.lo <= *days && *days <= s.hi,
            },
            _ => false,
        }),
        Test::Flag(Flag::Special) => vals
            .iter()
            .any(|a| matches!(a, Val::Category(c) if v.categories[c.ix()].special)),
        Test::Flag(Flag::Criminal) => vals
            .iter()
            .any(|a| matches!(a, Val::Category(c) if v.categories[c.ix()].criminal)),
        Test::Flag(Flag::Stated) => view.provenance(entity, row, f) == Provenance::Stated,
        Test::Flag(Flag::Implied) => view.provenance(entity, row, f) == Provenance::Implied,
    }
}

fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Text(x), Val::Text(y)) => {
            x.eq_ignore_ascii_case(y) || x.to_lowercase() == y.to_lowercase()
        }
        _ => a == b,
    }
}

/// `a` is `b` or below it in its hierarchy.
fn within(m: &Model, a: &Val, b: &Val) -> bool {
    let v = &m.vocab;
    match (a, b) {
        (Val::Category(x), Val::Category(y)) => v.category_tree.within(x.0, y.0),
        (Val::Subject(x), Val::Subject(y)) => v.subject_tree.within(x.0, y.0),
        (Val::Purpose(x), Val::Purpose(y)) => v.purpose_tree.within(x.0, y.0),
        (Val::PartyType(x), Val::PartyType(y)) => v.party_type_tree.within(x.0, y.0),
        _ => same(a, b),
    }
}

/// Rows of `entity` passing `filter`, with explain steps (estimates from per-conjunct
/// selectivity, assuming independence).
pub fn filtered(
    view: &ModelView,
    entity: EntityKind,
    filter: Option<&Pred>,
    steps: &mut Steps,
) -> Vec<RowRef> {
    let all = view.rows(entity);
    let n = all.len();
    steps.push(
        "scan",
        format!("{} ({} rows)", entity.word(), n),
        Some(n),
        n,
    );
    let Some(pred) = filter else { return all };
    let conjuncts: Vec<&Pred> = match pred {
        Pred::And(xs) => xs.iter().collect(),
        p => vec![p],
    };
    let mut estimate = n as f64;
    for c in &conjuncts {
        let pass = all
            .iter()
            .filter(|r| test_row(view, entity, **r, c))
            .count();
        if n > 0 {
            estimate *= pass as f64 / n as f64;
        }
    }
    let out: Vec<RowRef> = all
        .into_iter()
        .filter(|r| test_row(view, entity, *r, pred))
        .collect();
    steps.push(
        "filter",
        describe(view.model, pred),
        Some(estimate.round() as usize),
        out.len(),
    );
    out
}

/// A condition in words with its resolved values, for `explain`.
pub fn describe(m: &Model, p: &Pred) -> String {
    let vals = |xs: &[Val]| {
        xs.iter()
            .map(|x| crate::output::cell_text(&x.to_json(m)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match p {
        Pred::And(xs) => xs
            .iter()
            .map(|x| describe(m, x))
            .collect::<Vec<_>>()
            .join(" and "),
        Pred::Or(xs) => format!(
            "({})",
            xs.iter()
                .map(|x| describe(m, x))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Pred::Not(x) => format!("not ({})", describe(m, x)),
        Pred::Test(f, t) => format!("{} {}", f.name(), describe_test(t, &vals)),
        Pred::Missing(f, None) => format!("missing {}", f.name()),
        Pred::Missing(f, Some(t)) => format!("missing {} {}", f.name(), describe_test(t, &vals)),
    }
}

fn describe_test(t: &Test, vals: &dyn Fn(&[Val]) -> String) -> String {
    match t {
        Test::AnyOf(xs) => format!("any of {{{}}}", vals(xs)),
        Test::Within(xs) => format!("within {{{}}}", vals(xs)),
        Test::Duration(op, days) => format!("{op:?} {:.1} years", days / super::value::YEAR_DAYS),
        Test::Flag(f) => format!("is {f:?}").to_lowercase(),
    }
}

/// The JSON cell of a field for a row: a scalar, an array for several values, null for none.
fn cell(view: &ModelView, entity: EntityKind, row: RowRef, f: FieldId) -> Json {
    let vals = view.values(entity, row, f);
    match vals.len() {
        0 => Json::Null,
        1 => vals[0].to_json(view.model),
        _ => Json::Array(vals.iter().map(|v| v.to_json(view.model)).collect()),
    }
}

/// The group keys of a row: one key per combination of its `by` values (a row with two
/// categories counts in both groups; one with none in the empty group).
fn group_keys(view: &ModelView, entity: EntityKind, row: RowRef, by: &[FieldId]) -> Vec<Vec<Json>> {
    group_product(
        by.iter()
            .map(|f| {
                view.values(entity, row, *f)
                    .iter()
                    .map(|v| v.to_json(view.model))
                    .collect()
            })
            .collect(),
    )
}

/// The group keys of a row from each `by` field's shown values: every combination, a field
/// without values counting as null.
pub(crate) fn group_product(fields: Vec<Vec<Json>>) -> Vec<Vec<Json>> {
    let mut keys: Vec<Vec<Json>> = vec![Vec::new()];
    for vals in fields {
        let vals = if vals.is_empty() {
            vec![Json::Null]
        } else {
            vals
        };
        keys = keys
            .into_iter()
            .flat_map(|k| {
                vals.iter().map(move |v| {
                    let mut k = k.clone();
                    k.push(v.clone());
                    k
                })
            })
            .collect();
    }
    keys.dedup();
    keys
}

fn sort_key(j: &[Json]) -> Vec<String> {
    j.iter().map(sort_text).collect()
}

/// How a shown value sorts among groups.
pub(crate) fn sort_text(j: &Json) -> String {
    crate::output::cell_text(j).to_lowercase()
}

fn select(view: &ModelView, ix: Option<&FlowIndex>, s: &Select, steps: &mut Steps) -> Table {
    let rows = match ix {
        Some(ix) => indexed::filtered(view, ix, s.entity, s.filter.as_ref(), steps),
        None => filtered(view, s.entity, s.filter.as_ref(), steps),
    };
    if s.count || !s.by.is_empty() {
        if let (Some(ix), true) = (ix, s.count) {
            let flows: Option<Vec<u32>> = rows
                .iter()
                .map(|r| match r {
                    RowRef::Flow(i) => Some(*i),
                    _ => None,
                })
                .collect();
            if let Some(t) =
                flows.and_then(|fl| indexed::count_by(view, ix, s.entity, &s.by, &fl, steps))
            {
                return t;
            }
        }
        return grouped(view, s, &rows, steps);
    }
    let mut rows = rows;
    if let Some((f, desc)) = s.order {
        let m = view.model;
        let first = |r: &RowRef| view.values(s.entity, *r, f).into_iter().next();
        rows.sort_by(|a, b| match (first(a), first(b)) {
            (Some(x), Some(y)) => {
                let o = x.cmp_in(&y, m);
                if desc { o.reverse() } else { o }
            }
            // Rows without a value go last either way.
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        steps.push(
            "order",
            format!("{} {}", f.name(), if desc { "desc" } else { "asc" }),
            None,
            rows.len(),
        );
    }
    if let Some(l) = s.limit {
        rows.truncate(l);
        steps.push("limit", l.to_string(), None, rows.len());
    }
    let evidence = has_provenance(s.entity);
    let mut cols: Vec<&str> = s.columns.iter().map(|f| f.name()).collect();
    if evidence {
        cols.extend(["provenance", "notice", "quote"]);
    }
    let mut t = Table::new(s.entity.word(), &cols);
    t.evidence = evidence;
    for r in rows {
        let mut cells: Vec<Json> = s
            .columns
            .iter()
            .map(|f| cell(view, s.entity, r, *f))
            .collect();
        if evidence {
            let prov = s
                .used
                .iter()
                .map(|f| view.provenance(s.entity, r, *f))
                .max()
                .unwrap_or(Provenance::Stated);
            let src = view.source(s.entity, r);
            cells.push(json!(prov.as_str()));
            cells.push(src.map_or(Json::Null, |s| json!(view.model.notices[s.notice.ix()].id)));
            cells.push(src.map_or(Json::Null, |s| json!(view.model.quote(s))));
        }
        t.rows.push(cells);
    }
    steps.push(
        "output",
        format!("{} columns", t.columns.len()),
        None,
        t.rows.len(),
    );
    t
}

/// `count …` and `… by …`: one row per group with its count (and, for a listing, the rows'
/// main values).
fn grouped(view: &ModelView, s: &Select, rows: &[RowRef], steps: &mut Steps) -> Table {
    let main = default_columns(s.entity)[0];
    let mut groups: BTreeMap<Vec<String>, (Vec<Json>, usize, Vec<Json>)> = BTreeMap::new();
    for r in rows {
        for key in group_keys(view, s.entity, *r, &s.by) {
            let e = groups
                .entry(sort_key(&key))
                .or_insert_with(|| (key.clone(), 0, Vec::new()));
            e.1 += 1;
            if !s.count {
                let v = cell(view, s.entity, *r, main);
                if !e.2.contains(&v) {
                    e.2.push(v);
                }
            }
        }
    }
    let mut cols: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    cols.push("count");
    if !s.count {
        cols.push(main.name());
    }
    let mut t = Table::new(s.entity.word(), &cols);
    if s.by.is_empty() && groups.is_empty() {
        t.rows.push(vec![json!(0)]);
    }
    for (_, (key, n, mains)) in groups {
        let mut row = key;
        row.push(json!(n));
        if !s.count {
            row.push(Json::Array(mains));
        }
        t.rows.push(row);
    }
    let by: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    steps.push(
        "group",
        if by.is_empty() {
            "all rows".into()
        } else {
            by.join(", ")
        },
        None,
        t.rows.len(),
    );
    t
}

fn compare(view: &ModelView, c: &Compare, rows: &[RowRef], steps: &mut Steps) -> Table {
    if c.field == FieldId::Duration {
        return super::compare_retention::compare_retention(view, c, rows, steps);
    }
    let m = view.model;
    // value (sort key) -> (display, per-org cells)
    let mut matrix: BTreeMap<String, (Json, Vec<Vec<String>>)> = BTreeMap::new();
    let mut counts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for r in rows {
        let orgs = view.values(c.entity, *r, FieldId::Org);
        for (col, org) in c.orgs.iter().enumerate() {
            if !orgs.contains(&Val::Org(*org)) {
                continue;
            }
            for v in view.values(c.entity, *r, c.field) {
                let j = v.to_json(m);
                let key = crate::output::cell_text(&j).to_lowercase();
                let e = matrix
                    .entry(key.clone())
                    .or_insert_with(|| (j.clone(), vec![Vec::new(); c.orgs.len()]));
                let text = crate::output::cell_text(&j);
                if !e.1[col].contains(&text) {
                    e.1[col].push(text);
                }
                counts.entry(key).or_insert_with(|| vec![0; c.orgs.len()])[col] += 1;
            }
        }
    }
    let mut cols = vec![c.field.name().to_string()];
    cols.extend(c.orgs.iter().map(|o| m.orgs[o.ix()].id.clone()));
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("compare", &col_refs);
    for (key, (display, _)) in &matrix {
        let mut row = vec![display.clone()];
        for n in &counts[key] {
            row.push(json!(n));
        }
        t.rows.push(row);
    }
    steps.push(
        "compare",
        format!(
            "{} across {} orgs (cells: rows of {})",
            c.field.name(),
            c.orgs.len(),
            c.entity.word()
        ),
        None,
        t.rows.len(),
    );
    t
}
