//! retention (in progress).
use super::ReportError;
use crate::model::{Model, OrgIx};
use crate::output::Table;
use jiff::civil::Date;
/// wip
#[derive(Debug, Clone, Copy)]
pub struct Person {
    /// b
    pub born: Date,
    /// c
    pub collected: Date,
}
/// wip
pub fn due_dates(
    _m: &Model,
    _o: OrgIx,
    _s: Option<&str>,
    _p: Person,
) -> Result<Table, ReportError> {
    Ok(Table::default())
}
