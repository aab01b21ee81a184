//! `compare retention across …`: one row per retention scope (the subjects and categories a
//! rule covers), one column per organisation, each cell the periods that organisation's rules
//! give for that scope — durations side by side rather than counts.

use super::eval::Steps;
use super::row::{ModelView, RowRef};
use super::value::period_text;
use crate::model::{RetentionRule, Trigger};
use crate::output::Table;
use crate::query::plan::Compare;
use serde_json::json;
use std::collections::BTreeMap;

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
    match r.trigger {
        Trigger::NotStated | Trigger::Birth => p,
        t => format!("{p} from {}", t.as_str()),
    }
}

/// The retention matrix of the rows that passed the filter.
pub fn compare_retention(
    view: &ModelView,
    c: &Compare,
    rows: &[RowRef],
    steps: &mut Steps,
) -> Table {
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
