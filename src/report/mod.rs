//! Reports built on queries: the Record of Processing Activities ([`ropa`]), the
//! cross-organisation matrix ([`compare`]), deletion dates (`retention`), the model's counts
//! (`stats`) and the fact-level difference of two models (`diff`).
//!
//! Every cell a query can express is computed by one, through the same public verbs a user has
//! (`parse` → `plan` → `execute`), so what a report says can be reproduced by typing the query
//! shown in `docs/reports.md`. What no query covers (contact points, transfer statements) is read
//! through the model's public fields, never through private indexes.

pub(crate) mod compare;
pub(crate) mod compare_page;
pub(crate) mod diff;
mod grouped;
pub(crate) mod retention;
pub(crate) mod ropa;
mod ropa_activity;
pub(crate) mod ropa_cell;
mod ropa_header;
pub(crate) mod ropa_import;
mod ropa_import_cells;
mod ropa_json;
mod ropa_layout;
mod ropa_xlsx;
pub(crate) mod stats;

// The reports' public surface: the ROPA (its record, formats and the ICO template's columns),
// the matrix across organisations and the retention dates of one person.
pub use self::{
    compare::compare,
    retention::{COLUMNS as RETENTION_COLUMNS, Person, due_dates},
    ropa::{RenderOptions, RopaFormat, ropa, write as write_ropa},
    ropa_cell::{Cell as RopaCell, Evidence, Item, Status},
    ropa_layout::{COLUMNS as ROPA_COLUMNS, HEADING_ROW, Ropa},
};

use crate::model::{Model, OrgIx};
use crate::output::{Table, cell_text};
use crate::query::names::Lookup;
use crate::query::schema::ValueType;
use thiserror::Error;

/// What a report cell says when the notices do not state it.
pub(crate) const NOT_STATED: &str = "not stated";

/// Why a report could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReportError {
    /// An organisation id that is not in the dataset: `--org cheshire-wset`.
    #[error("unknown organisation `{id}`{}{}", hint(.suggestion), known_ids(.known))]
    UnknownOrg {
        /// As given.
        id: String,
        /// The nearest organisation id.
        suggestion: Option<String>,
        /// The valid ids (the first few of a large dataset), sorted.
        known: Vec<String>,
    },
    /// A service id that is not in the dataset or not of the organisation:
    /// `--service cwac-early-help`.
    #[error("unknown service `{id}` of `{org}`{}", hint(.suggestion))]
    UnknownService {
        /// As given.
        id: String,
        /// The organisation.
        org: String,
        /// The nearest service id of that organisation.
        suggestion: Option<String>,
    },
    /// A field `compare` cannot tabulate: `--on colour`.
    #[error("cannot compare on `{field}`{}", hint(.suggestion))]
    UnknownField {
        /// As given.
        field: String,
        /// The nearest field.
        suggestion: Option<String>,
    },
    /// A DPIA proposal that changes no service, or several when no `--service` chooses one.
    #[error("{message}")]
    Proposal {
        /// What is wrong and what to do.
        message: String,
    },
    /// A query a report runs failed: a report built for another dataset layout, e.g. a
    /// vocabulary without Art. 9 bases, so `basis in art 9` names nothing.
    #[error("the report query `{query}` failed: {message}")]
    Query {
        /// The query text.
        query: String,
        /// The rendered error.
        message: String,
    },
}

/// How many valid ids an unknown organisation's message lists at most.
const KNOWN_SHOWN: usize = 12;

fn known_ids(known: &[String]) -> String {
    if known.is_empty() {
        return String::new();
    }
    let more = if known.len() > KNOWN_SHOWN {
        format!(
            ", … ({} more; `basis query orgs` lists them all)",
            known.len() - KNOWN_SHOWN
        )
    } else {
        String::new()
    };
    let shown: Vec<&str> = known.iter().take(KNOWN_SHOWN).map(String::as_str).collect();
    format!("\n  = the organisation ids are: {}{more}", shown.join(", "))
}

fn hint(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// Runs one query and returns its first table.
pub(crate) fn query(model: &Model, text: &str) -> Result<Table, ReportError> {
    let fail = |message: String| ReportError::Query {
        query: text.to_string(),
        message,
    };
    crate::engine::entry::run_collect(text, model, &Default::default())
        .map_err(|e| fail(e.to_string()))
}

/// The texts of one column of a query result, in row order, without repeats (arrays spread).
pub(crate) fn column(table: &Table, name: &str) -> Vec<String> {
    let Some(i) = table.columns.iter().position(|c| c == name) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for row in &table.rows {
        let cells = match &row[i] {
            serde_json::Value::Array(xs) => xs.clone(),
            v => vec![v.clone()],
        };
        for c in cells {
            let t = cell_text(&c);
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The texts of one column of a query's result.
pub(crate) fn values(model: &Model, text: &str, name: &str) -> Result<Vec<String>, ReportError> {
    Ok(column(&query(model, text)?, name))
}

/// The organisation with this id, in any case (`CHESHIRE-WEST`, as names in queries), or an
/// error with the nearest id and the valid ones.
pub(crate) fn find_org(model: &Model, id: &str) -> Result<OrgIx, ReportError> {
    let any_case = || {
        let i = model
            .orgs
            .iter()
            .position(|o| o.id.eq_ignore_ascii_case(id))?;
        Some(OrgIx(u32::try_from(i).ok()?))
    };
    model.org(id).or_else(any_case).ok_or_else(|| {
        let mut known: Vec<String> = model.orgs.iter().map(|o| o.id.clone()).collect();
        known.sort();
        ReportError::UnknownOrg {
            id: id.to_string(),
            suggestion: Lookup::new(model).suggest(ValueType::Org, &id.to_lowercase()),
            known,
        }
    })
}
