//! `basis export --to turtle|ntriples|jsonld|csv|parquet|dot|mermaid`: arguments, where the
//! output goes (standard output, a file written through a temporary one and renamed, or a
//! directory for CSV and Parquet), and errors as exit codes (1 data or output, 2 usage).

use super::{DataArgs, Failure, load_data};
use crate::export::diagram::{DiagramSyntax, Target, write_diagram};
use crate::export::graph_csv::{SCHEMA_FILE, TABLES, write_csv};
use crate::export::parquet_files::{DUCKDB_FILE, Partition, org_column, write_parquet};
use crate::export::rdf::{RdfSyntax, write_rdf};
use crate::export::{ExportError, ExportFormat, Scope};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Arguments of `basis export`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// What to write: RDF (turtle, ntriples, jsonld) in W3C DPV terms; the tables as CSV
    /// files (csv) or typed Parquet files with schema.sql and duckdb.sql (parquet), into the
    /// directory -o names; a diagram (dot, mermaid).
    #[arg(long, value_name = "FORMAT", value_parser = super::choice::<ExportFormat>())]
    pub(crate) to: ExportFormat,
    /// Only this organisation (and the parties its flows name).
    #[arg(long, value_name = "ID")]
    pub(crate) org: Option<String>,
    /// Diagrams: one node per recipient type instead of per recipient (`party.type`).
    #[arg(long, value_name = "FIELD")]
    pub(crate) group_by: Option<String>,
    /// Parquet: `org` writes each table with an org column as hive-style directories,
    /// TABLE/org=ID/part-0.parquet (the other tables stay one file); `none` (the default)
    /// writes one file a table.
    #[arg(long, value_name = "HOW", value_parser = super::choice::<Partition>())]
    pub(crate) partition: Option<Partition>,
    /// The file to write (`-` or none: standard output); for csv and parquet, the directory.
    #[arg(short = 'o', long = "output", value_name = "FILE|DIR|-")]
    pub(crate) output: Option<PathBuf>,
    /// The dataset.
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

fn usage(message: String) -> Failure {
    Failure { message, code: 2 }
}

fn failure(e: ExportError) -> Failure {
    match e {
        ExportError::UnknownOrg { id, suggestion } => Failure {
            message: match suggestion {
                Some(s) => {
                    format!("error: unknown organisation `{id}`\n  = help: did you mean `{s}`?\n")
                }
                None => format!(
                    "error: unknown organisation `{id}`\n  = help: `basis query orgs` lists them\n"
                ),
            },
            code: 1,
        },
        ExportError::GroupBy(_) => usage(format!("error: {e}\n")),
        ExportError::TooLarge(_) => failure_grouped(e, true),
        ExportError::Io(ref io) if io.kind() == std::io::ErrorKind::BrokenPipe => Failure {
            message: String::new(),
            code: 0,
        },
        ExportError::Io(_) => Failure {
            message: format!("error: cannot write the export: {e}\n"),
            code: 1,
        },
    }
}

/// As [`failure`], and for a diagram too large, the ways to make it smaller: grouping too,
/// unless `grouped` says it is already asked for.
fn failure_grouped(e: ExportError, grouped: bool) -> Failure {
    match e {
        ExportError::TooLarge(_) => {
            let group = if grouped {
                ""
            } else {
                " or group recipients (--group-by party.type)"
            };
            Failure {
                message: format!("error: {e}\n  = help: draw one organisation (--org ID){group}\n"),
                code: 1,
            }
        }
        e => failure(e),
    }
}

/// Runs `basis export`.
pub(super) fn run_export(args: &ExportArgs) -> Result<(), Failure> {
    let to_file = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if args.group_by.is_some() && !matches!(args.to, ExportFormat::Dot | ExportFormat::Mermaid) {
        return Err(usage(
            "error: --group-by applies to diagrams only (--to dot or --to mermaid)\n".into(),
        ));
    }
    // Checked before loading: a usage error costs nothing.
    let target = Target::from_option(args.group_by.as_deref()).map_err(failure)?;
    if args.partition.is_some() && args.to != ExportFormat::Parquet {
        return Err(usage(format!(
            "error: --partition applies to --to parquet only (--to {} writes one file a \
             table)\n",
            args.to
        )));
    }
    if matches!(args.to, ExportFormat::Csv | ExportFormat::Parquet) && to_file.is_none() {
        return Err(usage(format!(
            "error: --to {} writes several files: give a directory with -o DIR\n",
            args.to
        )));
    }
    let model = load_data(&args.data)?;
    let scope = Scope::from_option(&model, args.org.as_deref()).map_err(failure)?;
    let write = |w: &mut dyn Write| -> Result<(), ExportError> {
        let w = BufWriter::with_capacity(1 << 16, w);
        let rdf = |syntax, w| {
            write_rdf(&model, &scope, syntax, w)
                .map(|_| ())
                .map_err(ExportError::from)
        };
        match args.to {
            ExportFormat::Turtle => rdf(RdfSyntax::Turtle, w),
            ExportFormat::NTriples => rdf(RdfSyntax::NTriples, w),
            ExportFormat::JsonLd => rdf(RdfSyntax::JsonLd, w),
            ExportFormat::Dot => write_diagram(&model, &scope, target, DiagramSyntax::Dot, w),
            ExportFormat::Mermaid => {
                write_diagram(&model, &scope, target, DiagramSyntax::Mermaid, w)
            }
            // Written to a directory below, never through this writer.
            ExportFormat::Csv | ExportFormat::Parquet => Ok(()),
        }
    };
    let result = match (args.to, to_file) {
        (ExportFormat::Csv, Some(dir)) => return write_csv_dir(&model, &scope, dir),
        (ExportFormat::Parquet, Some(dir)) => {
            let partition = args.partition.unwrap_or(Partition::None);
            return write_parquet_dir(&model, &scope, dir, partition);
        }
        (_, Some(path)) => crate::file::write_file_with(path, write).map(|_| ()),
        (_, None) => match write(&mut super::out::Stdout) {
            // Recorded by `Stdout`, and reported once at the end as every command's is.
            Err(ExportError::Io(_)) if super::out::gone() => Ok(()),
            other => other,
        },
    };
    // Say which file or directory could not be written, in the words of the other `-o`s.
    if let (Err(ExportError::Io(io)), Some(path)) = (&result, to_file) {
        return Err(Failure {
            message: format!("error: cannot write {}: {io}\n", path.display()),
            code: 1,
        });
    }
    match result.map_err(|e| failure_grouped(e, args.group_by.is_some())) {
        Err(f) if f.code == 0 => Ok(()),
        other => other,
    }
}

/// Writes the CSV files into a new directory beside `dir` and swaps it in (`file::replace_dir`):
/// a reader never sees half an export, and a failure (a full disk, `ulimit -f`) leaves an
/// earlier export in `dir` whole. `dir` may hold only the export's own files.
fn write_csv_dir(model: &crate::model::Model, scope: &Scope, dir: &Path) -> Result<(), Failure> {
    let ours = |name: &str| {
        name.strip_suffix(".csv")
            .is_some_and(|n| TABLES.iter().any(|t| t.name == n))
            || name == SCHEMA_FILE
    };
    replace_export(dir, ours, |tmp| write_csv(model, scope, tmp).map(|_| ()))
}

/// As [`write_csv_dir`], for Parquet: `dir` may hold only the files an earlier Parquet
/// export writes, partitioned or not (`flow.parquet`, `flow/org=ID/part-0.parquet`, …).
fn write_parquet_dir(
    model: &crate::model::Model,
    scope: &Scope,
    dir: &Path,
    partition: Partition,
) -> Result<(), Failure> {
    replace_export(dir, parquet_file, |tmp| {
        write_parquet(model, scope, tmp, partition).map(|_| ())
    })
}

/// Whether `path` (relative to the export directory, `/`-separated, a directory's ending in
/// `/`) is one a Parquet export writes.
fn parquet_file(path: &str) -> bool {
    let partitioned = |t: &str| {
        TABLES
            .iter()
            .any(|d| d.name == t && org_column(d).is_some())
    };
    match path.split('/').collect::<Vec<_>>()[..] {
        [f] => {
            f == SCHEMA_FILE
                || f == DUCKDB_FILE
                || f.strip_suffix(".parquet")
                    .is_some_and(|n| TABLES.iter().any(|t| t.name == n))
        }
        [t, ""] => partitioned(t),
        [t, org, ""] => partitioned(t) && org.starts_with("org="),
        [t, org, part] => {
            partitioned(t)
                && org.starts_with("org=")
                && part
                    .strip_prefix("part-")
                    .and_then(|p| p.strip_suffix(".parquet"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Fills a new directory beside `dir` with `fill` and swaps it in; `ours` says which of the
/// files already in `dir` an export wrote.
fn replace_export(
    dir: &Path,
    ours: impl Fn(&str) -> bool,
    fill: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), Failure> {
    let existed = dir.is_dir();
    crate::file::replace_dir(dir, ours, fill).map_err(|e| match e {
        ExportError::Io(io) => Failure {
            message: format!(
                "error: cannot write {}: {}{}\n",
                dir.display(),
                crate::file::explain(io),
                if existed {
                    " (the export already there is unchanged)"
                } else {
                    ""
                }
            ),
            code: 1,
        },
        other => failure(other),
    })
}
