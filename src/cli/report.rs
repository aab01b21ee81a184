//! `basis report ropa`, `basis compare` and `basis retention`: arguments, output files written
//! atomically, and errors turned into exit codes (1 for an unknown organisation or service,
//! 2 for a usage error such as an invalid date).

use super::{DataArgs, Failure, load_data, print_tables};
use crate::output::Format;
use crate::report::{ReportError, compare, find_org, retention, ropa};
use jiff::civil::Date;
use std::path::PathBuf;

/// The reports of `basis report`.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
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
}

/// Arguments of `basis compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The field whose values are the rows: party.type, category, basis, right, retention,
    /// legislation, purpose, subject, system.
    #[arg(long, value_name = "FIELD")]
    pub on: String,
    /// Two or more organisation ids (the columns).
    #[arg(required = true, num_args = 1.., value_name = "ORG")]
    pub orgs: Vec<String>,
    /// Only rows whose cells are not all the same.
    #[arg(long)]
    pub only_differences: bool,
    /// Output format.
    #[arg(long, default_value_t = Format::Table, value_parser = super::choice::<Format>())]
    pub format: Format,
    /// The dataset.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Arguments of `basis retention`.
#[derive(Debug, clap::Args)]
pub struct RetentionArgs {
    /// The organisation id.
    #[arg(long, value_name = "ID")]
    pub org: String,
    /// Only this service (processing activity) of the organisation.
    #[arg(long, value_name = "ID")]
    pub service: Option<String>,
    /// The person's date of birth.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub born: Date,
    /// When the data was collected.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub collected: Date,
    /// Output format.
    #[arg(long, default_value_t = Format::Table, value_parser = super::choice::<Format>())]
    pub format: Format,
    /// The dataset.
    #[command(flatten)]
    pub data: DataArgs,
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
pub fn run_report(cmd: ReportCommand) -> Result<(), Failure> {
    let ReportCommand::Ropa {
        org,
        format,
        bom,
        output,
        data,
    } = cmd;
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
    crate::file::write_output(output.as_deref(), &text).map_err(|e| Failure {
        message: format!(
            "error: cannot write {}: {e}\n",
            output
                .as_deref()
                .unwrap_or(std::path::Path::new("-"))
                .display()
        ),
        code: 1,
    })
}

/// Runs `basis compare`.
pub fn run_compare(args: &CompareArgs) -> Result<(), Failure> {
    let model = load_data(&args.data)?;
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
    print_tables(&[table], args.format);
    Ok(())
}

/// Runs `basis retention`.
pub fn run_retention(args: &RetentionArgs) -> Result<(), Failure> {
    if args.collected < args.born {
        return Err(Failure {
            message: format!(
                "error: --collected {} is before --born {}\n",
                args.collected, args.born
            ),
            code: 2,
        });
    }
    let model = load_data(&args.data)?;
    let org = find_org(&model, &args.org).map_err(failure)?;
    let person = retention::Person {
        born: args.born,
        collected: args.collected,
    };
    let table =
        retention::due_dates(&model, org, args.service.as_deref(), person).map_err(failure)?;
    print_tables(&[table], args.format);
    Ok(())
}
