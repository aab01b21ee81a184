//! Why a result is what it is: for an empty answer, which condition removed the last rows and
//! what the data holds instead; for a retention query on subjects or categories, the rules
//! that name none and so were not matched.
//!
//! Worked out through the evaluator ([`Access::rows`]) once per condition of the top-level
//! `and`, within the query's budget and deadline, so it agrees with both evaluators and can be
//! stopped like the query; skipped (no notes) when that would cover more than [`MAX_TESTS`]
//! rows.

use super::access::Access;
use super::budget::{Ctx, EvalError};
use super::pred::describe;
use super::row::{ModelView, RowRef};
use crate::model::Model;
use crate::model::value::Val;
use crate::query::ast::EntityKind;
use crate::query::plan::{Plan, PlanKind, Pred};
use crate::query::schema::FieldId;
use crate::table::cell_text;
use rustc_hash::FxHashMap;

/// The most row tests the notes may cost: a national dataset is not scanned again for a hint.
pub(crate) const MAX_TESTS: usize = 2_000_000;

/// Values of a field listed in a note before "and N more".
const SHOWN_VALUES: usize = 10;

/// Conditions a note names at most when several each empty the answer alone.
const SHOWN_CONDITIONS: usize = 3;

/// Which rows of the entity pass each condition of the top-level `and`.
struct Passes<'p> {
    entity: EntityKind,
    conj: Vec<&'p Pred>,
    all: Vec<RowRef>,
    /// `pass[i][r]`: row `r` of `all` passes condition `i`.
    pass: Vec<Vec<bool>>,
    /// Each condition in the query's words.
    labels: Vec<String>,
}

impl Passes<'_> {
    /// The rows passing every condition but `skip`.
    fn others(&self, skip: usize, ctx: &mut Ctx) -> Result<Vec<RowRef>, EvalError> {
        let mut out = Vec::new();
        for r in 0..self.all.len() {
            ctx.tick()?;
            if (0..self.conj.len()).all(|j| j == skip || self.pass[j][r]) {
                out.push(self.all[r]);
            }
        }
        Ok(out)
    }
}

/// Notes on the result of `plan`, which had `rows` rows. `labels` are the query's own words
/// for each condition of its top-level `and` (or for the whole condition); when they do not
/// match the plan's conditions one to one, the plan's description is used instead.
pub(crate) fn notes<'m>(
    plan: &Plan,
    access: &dyn Access<'m>,
    ctx: &mut Ctx,
    rows: u64,
    labels: &[String],
) -> Result<Vec<String>, EvalError> {
    let PlanKind::Select(s) = &plan.kind else {
        return Ok(Vec::new());
    };
    let Some(filter) = &s.filter else {
        return Ok(Vec::new());
    };
    // Notes explain an empty answer, or retention rules a subject test cannot match; any
    // other answer has none, and scanning the entity again for them would cost a national
    // query more than the query itself.
    if plan.explain || (rows > 0 && s.entity != EntityKind::Retention) {
        return Ok(Vec::new());
    }
    let conj: Vec<&Pred> = match filter {
        Pred::And(xs) if !xs.is_empty() => xs.iter().collect(),
        p => vec![p],
    };
    let view = access.view();
    let all = view.rows(s.entity);
    if all.len().saturating_mul(conj.len()) > MAX_TESTS {
        return Ok(Vec::new());
    }
    let at: FxHashMap<RowRef, usize> = all.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut pass = Vec::with_capacity(conj.len());
    for c in &conj {
        let mut p = vec![false; all.len()];
        for r in access.rows(s.entity, Some(c), None, ctx)?.into_refs() {
            ctx.tick()?;
            if let Some(&i) = at.get(&r) {
                p[i] = true;
            }
        }
        pass.push(p);
    }
    let labels = (0..conj.len())
        .map(|i| match labels.get(i) {
            Some(l) if labels.len() == conj.len() => l.clone(),
            _ => describe(view.model, conj[i]),
        })
        .collect();
    let p = Passes {
        entity: s.entity,
        conj,
        all,
        pass,
        labels,
    };
    let mut out = Vec::new();
    if rows == 0 {
        out = empty(view, &p, ctx)?;
    }
    if s.entity == EntityKind::Retention {
        out.extend(unrestricted_rules(view, &p, ctx)?);
    }
    Ok(out)
}

/// Why no row passed: the one condition, the conditions that each empty the answer alone,
/// or where the rows ran out.
fn empty(view: &ModelView, p: &Passes, ctx: &mut Ctx) -> Result<Vec<String>, EvalError> {
    let word = p.entity.word();
    if p.conj.len() == 1 {
        let mut line = format!("no row of `{word}` passes `{}`", p.labels[0]);
        if let Some(h) = holds(view, p.entity, &p.all, p.conj[0]) {
            line.push_str(&format!("; the {} rows of `{word}` have {h}", p.all.len()));
        }
        return Ok(vec![line]);
    }
    let mut blockers: Vec<(usize, Vec<RowRef>)> = Vec::new();
    for i in 0..p.conj.len() {
        let o = p.others(i, ctx)?;
        if !o.is_empty() {
            blockers.push((i, o));
        }
    }
    if blockers.is_empty() {
        return Ok(ran_out(view, p, ctx)?.into_iter().collect());
    }
    let mut out = Vec::new();
    for (i, others) in blockers.iter().take(SHOWN_CONDITIONS) {
        let one = others.len() == 1;
        let mut line = format!(
            "`{}` removed the last rows: {} {} the other conditions",
            p.labels[*i],
            others.len(),
            if one { "row passes" } else { "rows pass" }
        );
        if let Some(h) = holds(view, p.entity, others, p.conj[*i]) {
            line.push_str(&format!(" and {} {h}", if one { "has" } else { "have" }));
        }
        out.push(line);
    }
    if blockers.len() > SHOWN_CONDITIONS {
        out.push(format!(
            "and {} more conditions each leave no rows on their own",
            blockers.len() - SHOWN_CONDITIONS
        ));
    }
    Ok(out)
}

/// No one condition is to blame: where, taken in the written order, the rows ran out.
fn ran_out(view: &ModelView, p: &Passes, ctx: &mut Ctx) -> Result<Option<String>, EvalError> {
    let mut alive: Vec<usize> = (0..p.all.len()).collect();
    for (i, pass) in p.pass.iter().enumerate() {
        ctx.tick()?;
        let next: Vec<usize> = alive.iter().copied().filter(|&r| pass[r]).collect();
        if next.is_empty() {
            let left: Vec<RowRef> = alive.iter().map(|&r| p.all[r]).collect();
            let mut line = if i == 0 {
                format!("no row of `{}` passes `{}`", p.entity.word(), p.labels[0])
            } else {
                format!(
                    "`{}` removed the last {} rows left by the conditions before it",
                    p.labels[i],
                    left.len()
                )
            };
            if let Some(h) = holds(view, p.entity, &left, p.conj[i]) {
                line.push_str(&format!("; those rows have {h}"));
            }
            return Ok(Some(line));
        }
        alive = next;
    }
    Ok(None)
}

/// A retention rule that names no subject (or category) is not restricted by it: a test on
/// subjects cannot match it, though it may well apply to them.
fn unrestricted_rules(
    view: &ModelView,
    p: &Passes,
    ctx: &mut Ctx,
) -> Result<Vec<String>, EvalError> {
    let mut out = Vec::new();
    for (i, c) in p.conj.iter().enumerate() {
        let Pred::Test(f @ (FieldId::Subject | FieldId::Category), _) = c else {
            continue;
        };
        let unmatched = p
            .others(i, ctx)?
            .into_iter()
            .filter(|&r| view.values(p.entity, r, *f).is_empty())
            .count();
        if unmatched > 0 {
            let what = f.name();
            out.push(format!(
                "{unmatched} retention {} no {what} (not restricted by {what}) and {} not matched by `{}`: `retention where missing {what}` lists them",
                if unmatched == 1 { "rule names" } else { "rules name" },
                if unmatched == 1 { "was" } else { "were" },
                p.labels[i]
            ));
        }
    }
    Ok(out)
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
