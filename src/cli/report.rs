//! `basis report ropa`, `basis compare` and `basis retention`: arguments, output files written
//! atomically, and errors turned into exit codes (1 for an unknown organisation or service,
//! 2 for a usage error such as an invalid date).

use super::out;
use super::{DataArgs, Failure, TableArgs, load_data};
use crate::report::{ReportError, compare, compare_page, find_org, retention, ropa};
use jiff::civil::Date;
use std::path::PathBuf;

/// The reports of `basis report`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ReportCommand {
    /// The Record of Processing Activities (UK GDPR Art. 30) in the ICO controller template's
    /// layout: the contact block, then the template's 30 columns, one row per processing
    /// activity; "not stated" where the notices are silent.
    Ropa {
        /// The organisation (controller) id, e.g. `cheshire-west` (any case), or `all` for one
        /// register across organisations with `org` and `service` key columns.
        #[arg(long, value_name = "ID|all")]
        org: String,
        /// Output format: csv is the template's sheet (contact block, headings in row 9);
        /// json is typed with evidence; xlsx a workbook like the template (needs -o).
        #[arg(long, default_value_t = ropa::RopaFormat::Markdown, value_parser = super::choice::<ropa::RopaFormat>())]
        format: ropa::RopaFormat,
        /// Start the CSV with a UTF-8 byte-order mark, so that Excel shows ’ “ – as written.
        #[arg(long)]
        bom: bool,
        /// Write to this file (atomically: a temporary file in the same directory, renamed; its
        /// mode, owner and symlink kept); `-` is standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
    },
    /// One self-contained HTML page comparing organisations: a heatmap of special categories,
    /// Art. 9, Art. 10 and DPA 2018 Sch. 1 conditions and retention (special-category data with
    /// no condition marked ⊘), and a flow picture per organisation; every cell and band shows
    /// its sentences on hover.
    Compare {
        /// Output format (the page is HTML).
        #[arg(long, default_value = "html", value_parser = ["html"])]
        format: String,
        /// An organisation to show (repeat for several, in this order); without it, the
        /// organisations with most flows (--top).
        #[arg(long, value_name = "ID")]
        org: Vec<String>,
        /// How many organisations to show when none is chosen: those with most flows.
        #[arg(long, value_name = "N", default_value_t = compare_page::TOP_DEFAULT)]
        top: usize,
        /// Write to this file (atomically); `-` is standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
    },
}

/// Arguments of `basis compare`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// The field whose values are the rows: party.type, category, basis, right, retention,
    /// legislation, purpose, subject, system.
    #[arg(long, value_name = "FIELD")]
    pub(crate) on: String,
    /// Two or more organisation ids (the columns).
    #[arg(required = true, num_args = 1.., value_name = "ORG")]
    pub(crate) orgs: Vec<String>,
    /// Only rows whose cells are not all the same.
    #[arg(long)]
    pub(crate) only_differences: bool,
    /// Format, dataset and output.
    #[command(flatten)]
    pub(crate) table: TableArgs,
}

/// Arguments of `basis retention`.
#[derive(Debug, clap::Args)]
pub(crate) struct RetentionArgs {
    /// The organisation id.
    #[arg(long, value_name = "ID")]
    pub(crate) org: String,
    /// Only this service (processing activity) of the organisation.
    #[arg(long, value_name = "ID")]
    pub(crate) service: Option<String>,
    /// The person's date of birth.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) born: Date,
    /// When the data was collected.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) collected: Date,
    /// Format, dataset and output.
    #[command(flatten)]
    pub(crate) table: TableArgs,
}

/// A calendar date written `YYYY-MM-DD` (clap reports a failure as a usage error, exit 2).
fn parse_date(s: &str) -> Result<Date, String> {
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    let date = if ok { s.parse::<Date>().ok() } else { None };
    date.ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2009-03-31"))
}

fn failure(e: ReportError) -> Failure {
    Failure {
        message: format!("error: {e}\n"),
        code: 1,
    }
}

/// Runs `basis report …`.
pub(super) fn run_report(cmd: ReportCommand) -> Result<(), Failure> {
    match cmd {
        ReportCommand::Ropa {
            org,
            format,
            bom,
            output,
            data,
        } => run_ropa(org, format, bom, output, data),
        ReportCommand::Compare {
            org,
            top,
            output,
            data,
            ..
        } => run_compare_page(org, top, output, data),
    }
}

/// Writes `bytes` where `-o` says (`-` or nothing: standard output).
fn write_to(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), Failure> {
    out::emit(out::file_of(output), bytes, false).map(|_| ())
}

/// Runs `basis report compare`.
fn run_compare_page(
    org: Vec<String>,
    top: usize,
    output: Option<PathBuf>,
    data: DataArgs,
) -> Result<(), Failure> {
    let max = compare_page::TOP_MAX;
    // The page grows with every organisation: refuse before loading, with the way round.
    if top == 0 || top > max || org.len() > max {
        return Err(Failure {
            message: format!(
                "error: a comparison page shows 1 to {max} organisations (asked for {})\n  = help: \
                 choose them with --org ID (repeated) or fewer with --top N; `basis compare` and \
                 `basis query 'count flows … by org'` tabulate any number\n",
                if org.is_empty() { top } else { org.len() }
            ),
            code: 2,
        });
    }
    let model = load_data(&data)?;
    let choice = if org.is_empty() {
        compare_page::Choice::Top(top)
    } else {
        compare_page::Choice::Orgs(org)
    };
    let page = compare_page::compare_page(&model, &choice).map_err(failure)?;
    write_to(output.as_deref(), page.html().as_bytes())
}

/// Runs `basis report ropa`.
fn run_ropa(
    org: String,
    format: ropa::RopaFormat,
    bom: bool,
    output: Option<PathBuf>,
    data: DataArgs,
) -> Result<(), Failure> {
    let usage = |message: String| Failure { message, code: 2 };
    if format == ropa::RopaFormat::Xlsx && output.is_none() {
        return Err(usage(
            "error: --format xlsx writes a binary workbook: give a file with -o FILE.xlsx\n".into(),
        ));
    }
    if bom && format != ropa::RopaFormat::Csv {
        return Err(usage(format!(
            "error: --bom is for --format csv, not {format}\n"
        )));
    }
    let model = load_data(&data)?;
    let all = org.eq_ignore_ascii_case("all");
    let records = if all {
        ropa::ropa_all(&model).map_err(failure)?
    } else {
        let org = find_org(&model, &org).map_err(failure)?;
        vec![ropa::ropa(&model, org).map_err(failure)?]
    };
    let opts = ropa::RenderOptions { keyed: all, bom };
    let text = ropa::write(&records, format, opts).map_err(|e| Failure {
        message: format!("error: {e}\n"),
        code: 1,
    })?;
    // `-o -` and no `-o` both mean standard output.
    write_to(output.as_deref(), &text)
}

/// Runs `basis compare`.
pub(super) fn run_compare(args: &CompareArgs) -> Result<(), Failure> {
    let model = args.table.load()?;
    let table =
        compare::compare(&model, &args.on, &args.orgs, args.only_differences).map_err(|e| {
            let code = if matches!(e, ReportError::UnknownField { .. }) {
                2
            } else {
                1
            };
            Failure {
                message: format!("error: {e}\n"),
                code,
            }
        })?;
    args.table.print(&[table])
}

/// Runs `basis retention`.
pub(super) fn run_retention(args: &RetentionArgs) -> Result<(), Failure> {
    if args.collected < args.born {
        return Err(Failure {
            message: format!(
                "error: --collected {} is before --born {}\n",
                args.collected, args.born
            ),
            code: 2,
        });
    }
    let model = args.table.load()?;
    let org = find_org(&model, &args.org).map_err(failure)?;
    let person = retention::Person {
        born: args.born,
        collected: args.collected,
    };
    let table =
        retention::due_dates(&model, org, args.service.as_deref(), person).map_err(failure)?;
    args.table.print(&[table])
}
