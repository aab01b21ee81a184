//! `basis dpia`: a DPIA draft of one service, or of a proposal laid over the dataset; errors
//! (unknown organisation or service, a proposal that does not load) exit 1 with nothing
//! written, usage errors 2.

use super::out::{self, file_of};
use super::{DataArgs, Failure, load_data};
use crate::dpia::{self, DpiaFormat};
use crate::model::load::load_with_proposal;
use std::path::PathBuf;

/// Arguments of `basis dpia`.
#[derive(Debug, clap::Args)]
pub(crate) struct DpiaArgs {
    /// The organisation (controller) id, e.g. `cheshire-west` (any case); with --proposal,
    /// the proposal's `[org]` gives it.
    #[arg(long, value_name = "ID", required_unless_present = "proposal")]
    pub(crate) org: Option<String>,
    /// The service (processing activity) id, e.g. `cwac-early-help`; with --proposal, the
    /// service the proposal changes.
    #[arg(long, value_name = "ID", required_unless_present = "proposal")]
    pub(crate) service: Option<String>,
    /// A proposed service, or new facts for an existing one, in the dataset format:
    /// laid over the dataset, drafted, and its changes shown (facts, ROPA
    /// rows, check findings).
    #[arg(long, value_name = "FILE.toml")]
    pub(crate) proposal: Option<PathBuf>,
    /// Output format: markdown, html (one printable page), json (with schema_version) or
    /// docx (a Word document; needs -o).
    #[arg(long, default_value_t = DpiaFormat::Markdown, value_parser = super::choice::<DpiaFormat>())]
    pub(crate) format: DpiaFormat,
    /// Write to this file (atomically: a temporary file in the same directory, renamed);
    /// `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The dataset.
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

/// Runs `basis dpia`.
pub(super) fn run(args: &DpiaArgs) -> Result<(), Failure> {
    let file = file_of(args.output.as_deref());
    if args.format == DpiaFormat::Docx && file.is_none() {
        return Err(Failure {
            message: "error: --format docx writes a binary Word document: give a file with -o FILE.docx\n".into(),
            code: 2,
        });
    }
    let fail = |e: crate::report::ReportError| Failure {
        message: format!("error: {e}\n"),
        code: 1,
    };
    let draft = match &args.proposal {
        Some(p) => {
            let (before, after) =
                load_with_proposal(&args.data.source(), p).map_err(|e| Failure {
                    message: format!(
                        "{}error: the proposal {} does not load; nothing was written\n",
                        e.render(super::terminal::stderr_color()),
                        p.display()
                    ),
                    code: 1,
                })?;
            let d = dpia::proposal::draft_proposal(
                &before,
                &after,
                &p.display().to_string(),
                args.service.as_deref(),
            )
            .map_err(fail)?;
            if let Some(org) = &args.org
                && !org.eq_ignore_ascii_case(&d.about.org)
            {
                return Err(Failure {
                    message: format!(
                        "error: --org {org} but the proposal is about `{}`\n",
                        d.about.org
                    ),
                    code: 2,
                });
            }
            d
        }
        None => {
            let model = load_data(&args.data)?;
            let (org, service) = (
                args.org.as_deref().unwrap_or_default(),
                args.service.as_deref().unwrap_or_default(),
            );
            let svc = dpia::find_service(&model, org, service).map_err(fail)?;
            dpia::draft(&model, svc).map_err(fail)?
        }
    };
    let bytes = dpia::write(&draft, args.format).map_err(|e| Failure {
        message: format!("error: {e}\n"),
        code: 1,
    })?;
    out::emit(file, &bytes, false).map(|_| ())
}
