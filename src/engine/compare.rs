//! `compare <field> across <org>, …`: a matrix of a field's values against organisations,
//! cells counting the rows of each; for `duration`, retention periods side by side.

use super::budget::{Ctx, EvalError, Limit, Steps};
use super::row::{ModelView, RowRef};
use crate::model::value::{Val, period_text};
use crate::model::{RetentionRule, Trigger};
use crate::query::plan::Compare;
use crate::query::schema::FieldId;
use crate::table::{Table, cell_text};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// The matrix of the rows that passed the filter: one row per value, a count per organisation.
/// The matrix is held whole (it is sorted by value), so its cells count against the group
/// budget as each new value adds a row.
pub(super) fn compare(
    view: &ModelView,
    c: &Compare,
    rows: &[RowRef],
    ctx: &mut Ctx,
) -> Result<Table, EvalError> {
    if c.field == FieldId::Duration {
        return Ok(retention(view, c, rows, &mut ctx.steps));
    }
    let m = view.model;
    let width = c.orgs.len() as u64;
    // value as shown, lower-cased (the sort key) -> (the value, a count per organisation)
    let mut matrix: BTreeMap<String, (Json, Vec<u64>)> = BTreeMap::new();
    for r in rows {
        ctx.tick()?;
        let orgs = view.values(c.entity, *r, FieldId::Org);
        for (col, org) in c.orgs.iter().enumerate() {
            if !orgs.contains(&Val::Org(*org)) {
                continue;
            }
            for v in view.values(c.entity, *r, c.field) {
                let j = v.to_json(m);
                let key = cell_text(&j).to_lowercase();
                if !matrix.contains_key(&key) {
                    let cells = (matrix.len() as u64 + 1).saturating_mul(width);
                    ctx.need(Limit::Groups, "cells of the comparison", cells, 16)?;
                }
                matrix
                    .entry(key)
                    .or_insert_with(|| (j, vec![0; c.orgs.len()]))
                    .1[col] += 1;
            }
        }
    }
    let mut cols = vec![c.field.name().to_string()];
    cols.extend(c.orgs.iter().map(|o| m.orgs[o.ix()].id.clone()));
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("compare", &col_refs);
    for (display, counts) in matrix.into_values() {
        let mut row = vec![display];
        row.extend(counts.into_iter().map(|n| json!(n)));
        t.rows.push(row);
    }
    ctx.step(
        "compare",
        || {
            format!(
                "{} across {} orgs (cells: rows of {})",
                c.field.name(),
                c.orgs.len(),
                c.entity.word()
            )
        },
        None,
        t.rows.len(),
    );
    Ok(t)
}

/// The scope of a rule as shown in the matrix: its subjects and categories, or `all records`.
fn scope(view: &ModelView, r: &RetentionRule) -> String {
    let v = &view.model.vocab;
    let mut parts: Vec<String> = r
        .subjects
        .iter()
        .map(|s| v.subjects[s.ix()].id.clone())
        .collect();
    parts.extend(
        r.categories
            .iter()
            .map(|c| v.categories[c.ix()].entry.id.clone()),
    );
    if parts.is_empty() {
        "all records".into()
    } else {
        parts.join(" + ")
    }
}

/// The period of a rule with its starting point when the notice gives one.
fn period(r: &RetentionRule) -> String {
    let p = period_text(&r.period);
    match (r.trigger, r.start()) {
        (Trigger::Birth, _) | (_, None) => p,
        (_, Some(t)) => format!("{p} from {t}"),
    }
}

/// The retention matrix of the rows that passed the filter.
fn retention(view: &ModelView, c: &Compare, rows: &[RowRef], steps: &mut Steps) -> Table {
    let m = view.model;
    let mut matrix: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for r in rows {
        let RowRef::Retention(i) = r else { continue };
        let rule = &m.retention[*i as usize];
        let Some(col) = c.orgs.iter().position(|o| *o == rule.org) else {
            continue;
        };
        let cells = matrix
            .entry(scope(view, rule))
            .or_insert_with(|| vec![Vec::new(); c.orgs.len()]);
        let p = period(rule);
        if !cells[col].contains(&p) {
            cells[col].push(p);
        }
    }
    let mut cols = vec!["scope".to_string()];
    cols.extend(c.orgs.iter().map(|o| m.orgs[o.ix()].id.clone()));
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new("compare", &col_refs);
    for (key, cells) in matrix {
        let mut row = vec![json!(key)];
        row.extend(cells.into_iter().map(|c| json!(c.join("; "))));
        t.rows.push(row);
    }
    steps.push(
        "compare",
        format!("retention durations by scope across {} orgs", c.orgs.len()),
        None,
        t.rows.len(),
    );
    t
}
