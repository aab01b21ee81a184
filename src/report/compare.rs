//! compare (in progress).
use super::ReportError;
use crate::model::Model;
use crate::output::Table;
/// wip
pub fn compare(_m: &Model, _f: &str, _o: &[String], _d: bool) -> Result<Table, ReportError> {
    Ok(Table::default())
}
