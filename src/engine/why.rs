//! Why a result is what it is: for an empty answer, which condition removed the last rows and
//! what the data holds instead; for a retention query on subjects or categories, the rules
//! that name none and so were not matched.
//!
//! Worked out by the scanning semantics ([`test_row`]) over every row of the entity, once per
//! condition of the top-level `and`, so it agrees with both evaluators; skipped (no notes) when
//! that would test more than [`MAX_TESTS`] rows.

use super::pred::{describe, test_row};
use super::row::{ModelView, RowRef};
use crate::model::Model;
use crate::model::value::Val;
use crate::query::ast::EntityKind;
use crate::query::field::FieldId;
use crate::query::plan::{Plan, PlanKind, Pred};
use crate::table::cell_text;

/// The most row tests the notes may cost: a national dataset is not scanned again for a hint.
pub const MAX_TESTS: usize = 2_000_000;

/// Values of a field listed in a note before "and N more".
const SHOWN_VALUES: usize = 10;

/// Conditions a note names at most when several each empty the answer alone.
const SHOWN_CONDITIONS: usize = 3;

/// Notes on the result of `plan`, which had `rows` rows. `labels` are the query's own words
/// for each condition of its top-level `and` (or for the whole condition); when they do not
/// match the plan's conditions one to one, the plan's description is used instead.
pub fn notes(plan: &Plan, model: &Model, rows: u64, labels: &[String]) -> Vec<String> {
    let PlanKind::Select(s) = &plan.kind else {
        return Vec::new();
    };
    let Some(filter) = &s.filter else {
        return Vec::new();
    };
    // Notes explain an empty answer, or retention rules a subject test cannot match; any
    // other answer has none, and scanning the entity again for them would cost a national
    // query more than the query itself.
    if plan.explain || (rows > 0 && s.entity != EntityKind::Retention) {
        return Vec::new();
    }
    let conj: Vec<&Pred> = match filter {
        Pred::And(xs) if !xs.is_empty() => xs.iter().collect(),
        p => vec![p],
    };
    let view = ModelView::new(model);
    let all = view.rows(s.entity);
    if all.len().saturating_mul(conj.len()) > MAX_TESTS {
        return Vec::new();
    }
    let label = |i: usize| -> String {
        match labels.get(i) {
            Some(l) if labels.len() == conj.len() => l.clone(),
            _ => describe(model, conj[i]),
        }
    };
    // pass[i][r]: row r passes condition i.
    let pass: Vec<Vec<bool>> = conj
        .iter()
        .map(|c| {
            all.iter()
                .map(|&r| test_row(&view, s.entity, r, c))
                .collect()
        })
        .collect();
    let passing_others = |skip: usize| -> Vec<RowRef> {
        (0..all.len())
            .filter(|&r| (0..conj.len()).all(|j| j == skip || pass[j][r]))
            .map(|r| all[r])
            .collect()
    };
    let mut out = Vec::new();
    if rows == 0 {
        if conj.len() == 1 {
            let mut line = format!("no row of `{}` passes `{}`", s.entity.word(), label(0));
            if let Some(h) = holds(&view, s.entity, &all, conj[0]) {
                line.push_str(&format!(
                    "; the {} rows of `{}` have {h}",
                    all.len(),
                    s.entity.word()
                ));
            }
            out.push(line);
        } else {
            let blockers: Vec<(usize, Vec<RowRef>)> = (0..conj.len())
                .map(|i| (i, passing_others(i)))
                .filter(|(_, o)| !o.is_empty())
                .collect();
            if blockers.is_empty() {
                // No one condition is to blame: say where, taken in the written order, the
                // rows ran out.
                let mut alive: Vec<usize> = (0..all.len()).collect();
                for (i, p) in pass.iter().enumerate() {
                    let next: Vec<usize> = alive.iter().copied().filter(|&r| p[r]).collect();
                    if next.is_empty() {
                        let left: Vec<RowRef> = alive.iter().map(|&r| all[r]).collect();
                        let mut line = if i == 0 {
                            format!("no row of `{}` passes `{}`", s.entity.word(), label(0))
                        } else {
                            format!(
                                "`{}` removed the last {} rows left by the conditions before it",
                                label(i),
                                left.len()
                            )
                        };
                        if let Some(h) = holds(&view, s.entity, &left, conj[i]) {
                            line.push_str(&format!("; those rows have {h}"));
                        }
                        out.push(line);
                        break;
                    }
                    alive = next;
                }
            } else {
                for (i, others) in blockers.iter().take(SHOWN_CONDITIONS) {
                    let mut line = format!(
                        "`{}` removed the last rows: {} {} the other conditions",
                        label(*i),
                        others.len(),
                        if others.len() == 1 {
                            "row passes"
                        } else {
                            "rows pass"
                        }
                    );
                    if let Some(h) = holds(&view, s.entity, others, conj[*i]) {
                        line.push_str(&format!(
                            " and {} {h}",
                            if others.len() == 1 { "has" } else { "have" }
                        ));
                    }
                    out.push(line);
                }
                if blockers.len() > SHOWN_CONDITIONS {
                    out.push(format!(
                        "and {} more conditions each leave no rows on their own",
                        blockers.len() - SHOWN_CONDITIONS
                    ));
                }
            }
        }
    }
    // A retention rule that names no subject (or category) is not restricted by it: a test on
    // subjects cannot match it, though it may well apply to them.
    if s.entity == EntityKind::Retention {
        for (i, c) in conj.iter().enumerate() {
            let Pred::Test(f @ (FieldId::Subject | FieldId::Category), _) = c else {
                continue;
            };
            let unmatched = passing_others(i)
                .into_iter()
                .filter(|&r| view.values(s.entity, r, *f).is_empty())
                .count();
            if unmatched > 0 {
                let what = f.name();
                out.push(format!(
                    "{unmatched} retention {} no {what} (not restricted by {what}) and {} not matched by `{}`: `retention where missing {what}` lists them",
                    if unmatched == 1 { "rule names" } else { "rules name" },
                    if unmatched == 1 { "was" } else { "were" },
                    label(i)
                ));
            }
        }
    }
    out
}

/// What `rows` hold in the field a condition tests: "basis UK GDPR Art. 6(1)(a), …" or "no
/// basis at all"; `None` for a condition that tests no one field.
fn holds(view: &ModelView, entity: EntityKind, rows: &[RowRef], cond: &Pred) -> Option<String> {
    let f = match cond {
        Pred::Test(f, _) | Pred::Missing(f, Some(_)) => *f,
        _ => return None,
    };
    let m = view.model;
    let mut vals: Vec<Val> = Vec::new();
    for &r in rows {
        for v in view.values(entity, r, f) {
            if !vals.contains(&v) {
                vals.push(v);
            }
        }
    }
    if vals.is_empty() {
        return Some(format!("no {} at all", f.name()));
    }
    let mut words: Vec<String> = vals.iter().take(SHOWN_VALUES).map(|v| show(m, v)).collect();
    words.sort();
    let mut text = format!("{} {}", f.name(), words.join(", "));
    if vals.len() > SHOWN_VALUES {
        text.push_str(&format!(" and {} more", vals.len() - SHOWN_VALUES));
    }
    Some(text)
}

fn show(m: &Model, v: &Val) -> String {
    match v {
        Val::Basis(b) => m
            .vocab
            .bases
            .get(b.ix())
            .map_or_else(|| cell_text(&v.to_json(m)), |b| b.citation()),
        _ => cell_text(&v.to_json(m)),
    }
}
