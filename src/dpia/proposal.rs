//! What a proposal changes (`basis dpia --proposal FILE.toml`): the fact-level difference of
//! the model with and without it (as `basis diff`), the ROPA rows it adds or changes, and the
//! `basis check` findings it adds or clears. The proposal itself is laid over the dataset by
//! [`crate::model::load::load_with_proposal`].

use super::{Dpia, draft, find_service};
use crate::check::{self, Finding};
use crate::model::{Model, OrgIx};
use crate::report::diff::{self, Change};
use crate::report::{ReportError, ropa};
use serde::Serialize;
use serde_json::Value;

/// One fact added, removed or changed (a `basis diff` row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FactChange {
    /// `added`, `removed`, `changed` or `requoted`.
    pub(crate) change: &'static str,
    /// Organisation id.
    pub(crate) org: String,
    /// Service id (empty for the organisation).
    pub(crate) service: String,
    /// `recipient`, `category`, `basis` …
    pub(crate) kind: &'static str,
    /// What identifies the fact (a recipient's party id).
    pub(crate) fact: String,
    /// Its details before.
    pub(crate) was: Option<String>,
    /// Its details after.
    pub(crate) now: Option<String>,
    /// The sentence it rests on.
    pub(crate) quote: String,
}

/// A ROPA cell the proposal adds or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RopaChange {
    /// `added` (a new activity row), `changed`, or `already listed` (a recipient added whose
    /// ROPA cell already names it).
    pub(crate) change: &'static str,
    /// The activity (service id).
    pub(crate) service: String,
    /// The ICO template's column.
    pub(crate) column: String,
    /// The cell before (`None` for a new row).
    pub(crate) was: Option<String>,
    /// The cell after.
    pub(crate) now: String,
}

/// A `basis check` finding the proposal adds or clears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FindingChange {
    /// `added` or `cleared`.
    pub(crate) change: &'static str,
    /// Rule code.
    pub(crate) code: String,
    /// error, warning or info.
    pub(crate) severity: String,
    /// Notice id.
    pub(crate) notice: String,
    /// The services it is about.
    pub(crate) service: Option<String>,
    /// What is wrong.
    pub(crate) message: String,
    /// The sentence it is about.
    pub(crate) quote: String,
}

/// Everything a proposal changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Changes {
    /// The proposal file, as given.
    pub(crate) file: String,
    /// The facts added, removed or changed.
    pub(crate) facts: Vec<FactChange>,
    /// The ROPA cells added or changed.
    pub(crate) ropa: Vec<RopaChange>,
    /// The findings added and cleared.
    pub(crate) findings: Vec<FindingChange>,
}

/// The organisation a proposal is about: the one whose facts change.
fn changed_org(before: &Model, after: &Model, facts: &[Change]) -> Option<OrgIx> {
    let id = facts.first().map(|c| c.key.0.clone())?;
    after.org(&id).or_else(|| before.org(&id))
}

/// The services the changes touch, in order, without repeats.
pub(crate) fn touched(facts: &[FactChange]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in facts.iter().filter(|f| !f.service.is_empty()) {
        if !out.contains(&f.service) {
            out.push(f.service.clone());
        }
    }
    out
}

/// What the proposal in `file` changes from `before` to `after`.
pub(crate) fn changes(before: &Model, after: &Model, file: &str) -> Result<Changes, ReportError> {
    let found = diff::changes(before, after);
    let facts: Vec<FactChange> = found
        .iter()
        .map(|c| FactChange {
            change: c.change,
            org: c.key.0.clone(),
            service: c.key.1.clone(),
            kind: c.kind(),
            fact: c.key.3.clone(),
            was: c.was.clone(),
            now: c.now.clone(),
            quote: c.quote.clone(),
        })
        .collect();
    let Some(org) = changed_org(before, after, &found) else {
        return Ok(Changes {
            file: file.into(),
            facts,
            ropa: Vec::new(),
            findings: Vec::new(),
        });
    };
    let id = &after.orgs[org.ix()].id;
    let old_org = before.org(id);
    let mut ropa = ropa_changes(before, old_org, after, org)?;
    recipients_listed(after, org, &facts, &mut ropa)?;
    Ok(Changes {
        file: file.into(),
        ropa,
        findings: finding_changes(before, old_org, after, org)?,
        facts,
    })
}

/// The ROPA column of recipients.
const RECIPIENTS: &str = "Categories of recipients";

/// A service given a new recipient whose ROPA cell does not change (the ROPA lists recipients
/// by kind, and the party was already there) shows the cell as `already listed`, so that the
/// reader sees where the recipient stands in the ROPA.
fn recipients_listed(
    after: &Model,
    org: OrgIx,
    facts: &[FactChange],
    ropa: &mut Vec<RopaChange>,
) -> Result<(), ReportError> {
    let record = ropa::ropa(after, org)?;
    let Some(col) = record
        .activities
        .columns
        .iter()
        .position(|c| c == RECIPIENTS)
    else {
        return Ok(());
    };
    for svc in touched(facts) {
        let added = facts
            .iter()
            .any(|f| f.service == svc && f.kind == "recipient" && f.change == "added");
        let shown = ropa
            .iter()
            .any(|r| r.service == svc && r.column == RECIPIENTS);
        let row = record.sources.iter().position(|(s, _)| *s == svc);
        if let (true, false, Some(i)) = (added, shown, row) {
            let cell = crate::output::cell_text(&record.activities.rows[i][col]);
            ropa.push(RopaChange {
                change: "already listed",
                service: svc,
                column: RECIPIENTS.into(),
                was: Some(cell.clone()),
                now: cell,
            });
        }
    }
    Ok(())
}

fn ropa_changes(
    before: &Model,
    old_org: Option<OrgIx>,
    after: &Model,
    org: OrgIx,
) -> Result<Vec<RopaChange>, ReportError> {
    let new = ropa::ropa(after, org)?;
    let old = old_org.map(|o| ropa::ropa(before, o)).transpose()?;
    let text = |v: &Value| crate::output::cell_text(v);
    let mut out = Vec::new();
    for (row, (svc, _)) in new.activities.rows.iter().zip(&new.sources) {
        let was_row = old.as_ref().and_then(|o| {
            let i = o.sources.iter().position(|(s, _)| s == svc)?;
            o.activities.rows.get(i)
        });
        for (i, cell) in row.iter().enumerate() {
            let column = new.activities.columns.get(i).cloned().unwrap_or_default();
            match was_row {
                None => out.push(RopaChange {
                    change: "added",
                    service: svc.clone(),
                    column,
                    was: None,
                    now: text(cell),
                }),
                Some(w) => {
                    let was = w.get(i).map(text).unwrap_or_default();
                    if was != text(cell) {
                        out.push(RopaChange {
                            change: "changed",
                            service: svc.clone(),
                            column,
                            was: Some(was),
                            now: text(cell),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

fn finding_changes(
    before: &Model,
    old_org: Option<OrgIx>,
    after: &Model,
    org: OrgIx,
) -> Result<Vec<FindingChange>, ReportError> {
    let old = match old_org {
        Some(o) => check::check(before, Some(o))?,
        None => Vec::new(),
    };
    let new = check::check(after, Some(org))?;
    let row = |change, f: &Finding| FindingChange {
        change,
        code: f.code.to_string(),
        severity: f.severity.to_string(),
        notice: f.notice.clone(),
        service: f.service.clone(),
        message: f.message.clone(),
        quote: f.quote.clone(),
    };
    // A finding is the same on both sides when its rule, notice, message and quote are; the
    // services it lists change when the proposal adds a service to a notice.
    let same = |a: &Finding, b: &Finding| {
        a.code == b.code && a.notice == b.notice && a.message == b.message && a.quote == b.quote
    };
    let mut out: Vec<FindingChange> = new
        .iter()
        .filter(|n| !old.iter().any(|o| same(o, n)))
        .map(|f| row("added", f))
        .collect();
    out.extend(
        old.iter()
            .filter(|o| !new.iter().any(|n| same(o, n)))
            .map(|f| row("cleared", f)),
    );
    Ok(out)
}

/// The DPIA draft of the proposal's service `service` (or, without it, of the one service the
/// proposal changes), with its changes.
pub(crate) fn draft_proposal(
    before: &Model,
    after: &Model,
    file: &str,
    service: Option<&str>,
) -> Result<Dpia, ReportError> {
    let changes = changes(before, after, file)?;
    let touched = touched(&changes.facts);
    let org = changes
        .facts
        .first()
        .map(|f| f.org.clone())
        .unwrap_or_default();
    let svc = match (service, touched.as_slice()) {
        (Some(id), _) => find_service(after, &org, id)?,
        (None, [one]) => find_service(after, &org, one)?,
        (None, _) => {
            return Err(ReportError::Proposal {
                message: if touched.is_empty() {
                    "the proposal changes no service: add a [[service]] or facts to one".into()
                } else {
                    format!(
                        "the proposal changes {} services ({}): choose one with --service",
                        touched.len(),
                        touched.join(", ")
                    )
                },
            });
        }
    };
    let mut dpia = draft(after, svc)?;
    dpia.proposal = Some(changes);
    Ok(dpia)
}
