//! `basis import ropa`: a register in the ICO controller template read into an organisation
//! file and the transcript of its cells that the file's facts quote.

use super::Failure;
use crate::output::write_file;
use crate::report::ropa_import::{
    Contacts, Imported, builtin_shared_parties, import, read_contact_sheet, read_sheet,
};
use std::path::{Path, PathBuf};

/// What `basis import` reads.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ImportCommand {
    /// A Record of Processing Activities in the ICO controller template (`.csv` or `.xlsx`, as
    /// `basis report ropa` writes it, or one sheet with the template's 30 headings) read into an
    /// organisation file FILE and `notices/ID-register.txt` beside it, whose lines the facts
    /// quote (`[Template!E10]`). Exit 1 when a cell could not be matched, or the contact block
    /// of a workbook of every organisation is missing (the files are still written; each such
    /// cell is listed with a suggestion).
    Ropa {
        /// The register: `.xlsx` (sheet `Template` or `Register`, else the first) or `.csv`.
        file: PathBuf,
        /// The organisation's id (lower-case words joined by `-`); in a register across
        /// organisations (`org` and `service` columns), the rows of this organisation.
        #[arg(long, value_name = "ID")]
        org: String,
        /// The organisation's party type, which the template does not record.
        #[arg(
            long = "type",
            value_name = "PARTY-TYPE",
            default_value = "local-authority"
        )]
        org_type: String,
        /// The organisation file to write (its directory gets `notices/`); load it with
        /// `--data DIR`. Not `-`: two files are written.
        #[arg(short = 'o', long = "output", value_name = "FILE.toml")]
        output: PathBuf,
    },
}

/// Runs `basis import …`.
pub(super) fn run(cmd: ImportCommand) -> Result<(), Failure> {
    let ImportCommand::Ropa {
        file,
        org,
        org_type,
        output,
    } = cmd;
    let fail = Failure::error;
    // Two files come out, and the first quotes the second by its path: standard output can
    // hold neither alone, so `-` is refused before anything is read.
    if output.as_os_str() == "-" {
        return Err(fail(
            "`-o -` cannot be used here: the import writes two files, the organisation file and \
             the transcript notices/ID-register.txt beside it that its facts quote\n  = help: \
             give the organisation file's path, e.g. -o afc/afc.toml, and load it with --data afc"
                .into(),
            2,
        ));
    }
    let model = crate::model::load_builtin().map_err(|e| Failure {
        message: e.render(false),
        code: 1,
    })?;
    if !model.vocab.party_types.iter().any(|t| t.id == org_type) {
        let hint = crate::query::names::Lookup::new(&model)
            .suggest(crate::query::schema::ValueType::PartyType, &org_type)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(fail(format!("unknown party type `{org_type}`{hint}"), 2));
    }
    let sheet = read_sheet(&file).map_err(|e| fail(e.to_string(), 1))?;
    let other = read_contact_sheet(&file, &sheet, &org).map_err(|e| fail(e.to_string(), 1))?;
    let contacts = match &other {
        None => Contacts::Above,
        Some(Ok(s)) => Contacts::Sheet(s),
        Some(Err(want)) => Contacts::Missing(want),
    };
    let shown = file.display().to_string();
    let done = import(
        &model,
        &builtin_shared_parties(),
        &sheet,
        contacts,
        &shown,
        &org,
        &org_type,
    )
    .map_err(|e| fail(e.to_string(), 1))?;
    write_import(&output, &done)
}

/// Writes the organisation file and the transcript its facts quote, and reports the cells that
/// could not be matched (exit 1 when any was lost).
fn write_import(output: &Path, done: &Imported) -> Result<(), Failure> {
    let fail = Failure::error;
    let dir = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let notices = dir.join("notices");
    let write = |path: PathBuf, bytes: &[u8]| {
        write_file(&path, bytes)
            .map(|_| ())
            .map_err(|e| fail(format!("cannot write {}: {e}", path.display()), 1))
    };
    std::fs::create_dir_all(&notices)
        .map_err(|e| fail(format!("cannot make {}: {e}", notices.display()), 1))?;
    write(notices.join(&done.notice_file), done.transcript.as_bytes())?;
    write(output.to_path_buf(), done.toml.as_bytes())?;
    let mut report = String::new();
    for f in &done.findings {
        report.push_str(&format!("{f}\n"));
    }
    let lost = done.findings.iter().filter(|f| f.lost).count();
    report.push_str(&format!(
        "wrote {} and {}; {lost} cells could not be matched\n",
        output.display(),
        notices.join(&done.notice_file).display()
    ));
    if lost > 0 {
        Err(Failure {
            message: report,
            code: 1,
        })
    } else {
        eprint!("{report}");
        Ok(())
    }
}
