//! `basis compare --on FIELD ORG ORG …`: the matrix of the query
//! `compare FIELD across ORG, ORG, …` — rows are the values of the field, one column per
//! organisation — with `--only-differences` keeping the rows whose cells are not all the same.
//!
//! Cells count the facts of each organisation with that value (flows for `party.type`,
//! services for `right`, category, basis, legislation and purpose statements for the others;
//! 0 is absence). `retention` shows periods by scope instead of counts.

use super::{ReportError, find_org, query};
use crate::diagnostic::did_you_mean;
use crate::model::Model;
use crate::output::{Table, cell_text};
use crate::query::schema::FieldId;

/// The fields `compare` tabulates, as written on the command line.
pub(crate) const FIELDS: &[&str] = &[
    "party.type",
    "party",
    "category",
    "subject",
    "purpose",
    "basis",
    "legislation",
    "right",
    "retention",
    "system",
];

/// The query behind a comparison, e.g. `compare party.type across cheshire-west, cheshire-east`.
pub(crate) fn compare_query(field: &str, orgs: &[String]) -> String {
    format!("compare {field} across {}", orgs.join(", "))
}

/// The comparison matrix of `field` across `orgs` (ids).
pub fn compare(
    model: &Model,
    field: &str,
    orgs: &[String],
    only_differences: bool,
) -> Result<Table, ReportError> {
    let known = FIELDS.contains(&field.to_lowercase().as_str())
        && FieldId::parse(&[field.to_lowercase()]).is_some();
    if !known {
        return Err(ReportError::UnknownField {
            field: field.to_string(),
            suggestion: did_you_mean(field, FIELDS.iter().copied()).map(str::to_string),
        });
    }
    for o in orgs {
        find_org(model, o)?;
    }
    let mut table = query(model, &compare_query(&field.to_lowercase(), orgs))?;
    if only_differences {
        table.rows.retain(|r| {
            let cells: Vec<String> = r.iter().skip(1).map(cell_text).collect();
            cells.windows(2).any(|w| w[0] != w[1])
        });
    }
    Ok(table)
}
