//! `basis check`: run the rules, print the findings, exit 1 when one is an error (or a warning,
//! with `--deny warnings`).

use super::{DataArgs, Failure, load_data, print_tables};
use crate::check::{check, fails, table};
use crate::output::Format;
use crate::report::find_org;

/// What `--deny` can promote to a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Deny {
    /// Warnings make the run fail too.
    Warnings,
}

/// Runs `basis check`; `Ok(true)` when the findings make the run fail.
pub(super) fn run(
    data: &DataArgs,
    org: Option<&str>,
    format: Format,
    deny: Option<Deny>,
    file: Option<&std::path::Path>,
) -> Result<bool, Failure> {
    let model = load_data(data)?;
    let org = org
        .map(|o| find_org(&model, o))
        .transpose()
        .map_err(|e| Failure {
            message: format!("error: {e}\n"),
            code: 1,
        })?;
    let findings = check(&model, org).map_err(|e| Failure {
        message: format!("error: {e}\n"),
        code: 1,
    })?;
    print_tables(&[table(&findings)], format, file)?;
    Ok(fails(&findings, deny == Some(Deny::Warnings)))
}
