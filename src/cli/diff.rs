//! `basis diff OLD NEW`: the fact-level difference between two datasets (directories, single
//! organisation files or snapshots): organisations, services, subjects, categories, purposes,
//! bases, legislation, rights, recipients, sources and retention rules added, removed or
//! changed, each with its organisation, service and quote. Exit status as `diff(1)`: 0 when
//! the two say the same, 1 when they differ, 2 when either cannot be read.
//!
//! The comparison itself is [`crate::report::diff`].

use super::{DataArgs, Failure, load_data, print_tables};
use crate::output::Format;
use crate::report::diff::{changes, table};
use std::path::PathBuf;

/// Runs `basis diff`: prints the changes; `Ok(true)` when there are some.
pub(super) fn run(
    old: &PathBuf,
    new: &PathBuf,
    format: Format,
    file: Option<&std::path::Path>,
) -> Result<bool, Failure> {
    // An unreadable side is trouble, not a difference: exit 2 like diff(1).
    let load = |p: &PathBuf| {
        load_data(&DataArgs {
            data: Some(p.clone()),
        })
        .map_err(|f| Failure {
            message: f.message,
            code: 2,
        })
    };
    let (a, b) = (load(old)?, load(new)?);
    let found = changes(&a, &b);
    // Like diff(1), nothing for a person to read when nothing changed; JSON and CSV keep
    // their empty array and header for the programs that parse them.
    let for_people = matches!(format, Format::Table | Format::Line | Format::Markdown);
    if !(found.is_empty() && for_people) {
        print_tables(&[table(&found)], format, file)?;
    }
    Ok(!found.is_empty())
}
