//! The command line: clap commands, each a thin call into the library, with exit codes
//! 0 (success), 1 (data or query error) and 2 (usage error).

mod check;
pub mod query;
pub mod repl;
mod report;
mod stats;

use crate::engine::Engine;
use crate::model::{DataSource, Model, load};
use crate::output::{Format, Table, render};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// basis — who gets what personal data, under which lawful basis, from where, for what purpose
/// and for how long; every answer traced to the notice that states it.
#[derive(Debug, Parser)]
#[command(name = "basis", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that read a dataset.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// A dataset directory (laid out like `datasets/`) or one organisation `.toml` file;
    /// without it, the datasets built into basis.
    #[arg(long, value_name = "DIR|FILE")]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    fn source(&self) -> DataSource {
        match &self.data {
            Some(p) => DataSource::Path(p.clone()),
            None => DataSource::Builtin,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one query (see docs/language.md), e.g.
    /// `basis query 'recipients where category in health and basis = art 9(2)(h)'`.
    Query {
        /// The query text.
        query: String,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Print the time of each stage (load, index, parse, plan, execute) to standard
        /// error, one `stage time` line each.
        #[arg(long)]
        timing: bool,
        /// The evaluator: `indexed` (posting lists), or `naive` (scans every row; the
        /// reference the indexed one is tested against).
        #[arg(long, value_enum, default_value_t = Engine::Indexed)]
        engine: Engine,
    },
    /// Generate a reproducible synthetic national dataset (see docs/scale.md) as a binary
    /// snapshot, e.g. `basis gen --orgs 2500 --flows 1000000 --seed 1 -o national.basis`.
    #[command(after_help = GEN_LIMITS)]
    Gen {
        /// Organisations, in national proportions of kinds; at most one per flow (or 10).
        // Any u64 parses, so that a value out of range gets the limit's own message (with
        // the memory it would need) rather than clap's range error.
        #[arg(long, default_value_t = 2500)]
        orgs: u64,
        /// Flows in total; at most 100000000.
        #[arg(long, default_value_t = 1_000_000)]
        flows: u64,
        /// Random seed: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The snapshot to write (atomically: a temporary file renamed into place).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// The interactive shell: completion, history, meta-commands (`.help`). With standard
    /// input from a pipe or file, runs its queries (one per line or `;`) as a script and exits 1
    /// if any failed.
    Repl {
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format (`.format` changes it).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The evaluator: `indexed` (posting lists) or `naive` (the scanning reference).
        #[arg(long, value_enum, default_value_t = Engine::Indexed)]
        engine: Engine,
    },
    /// Findings about the notices (Art. 13/14 completeness, citations, Art. 9/10 conditions,
    /// retention, consistency), each with a rule code (docs/checks.md); exit 1 when a finding is
    /// an error.
    Check {
        /// Only this organisation's notices.
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// `--deny warnings`: warnings make the exit status 1 too.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<check::Deny>,
    },
    /// Reports: `basis report ropa --org ID`.
    Report {
        /// The report.
        #[command(subcommand)]
        report: report::ReportCommand,
    },
    /// A matrix of one field's values (rows) across organisations (columns).
    Compare(report::CompareArgs),
    /// The date each retention rule makes a person's records due for deletion.
    Retention(report::RetentionArgs),
    /// Counts of each kind of node, and flows per organisation and notice.
    Stats {
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// The limits of `basis gen`, shown by `basis gen --help` (a test checks the numbers against
/// [`crate::model::synth`]'s constants).
const GEN_LIMITS: &str = "\
Limits, checked before anything is generated (exit code 2 beyond them):
  --flows   at most 100000000 (about 10 GB of memory to generate, 10.6 GB to query)
  --orgs    at least 1, at most --flows or 10 whatever --flows is: each costs about
            13000 bytes whatever its flows
  memory    the estimate, 100 bytes a flow and 13000 an organisation, at most 16 GB";

/// An error that ends a command: its rendered text and exit code.
#[derive(Debug)]
pub struct Failure {
    /// What to print on standard error.
    pub message: String,
    /// The exit code.
    pub code: u8,
}

/// Runs the parsed command line, printing results; returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Query {
            query,
            data,
            format,
            timing,
            engine,
        } => run_query_command(&query, &data, format, timing, engine),
        Command::Repl {
            data,
            format,
            engine,
        } => repl::run(&data, format, engine),
        Command::Check {
            org,
            data,
            format,
            deny,
        } => match check::run(&data, org.as_deref(), format, deny) {
            Ok(true) => Err(Failure {
                message: String::new(),
                code: 1,
            }),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Report { report } => report::run_report(report),
        Command::Compare(args) => report::run_compare(&args),
        Command::Retention(args) => report::run_retention(&args),
        Command::Gen {
            orgs,
            flows,
            seed,
            output,
        } => gen_command(orgs, flows, seed, &output),
        Command::Stats { data, format } => {
            load_data(&data).map(|m| print_tables(&stats::stats(&m), format))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let _ = std::io::stderr().write_all(f.message.as_bytes());
            ExitCode::from(f.code)
        }
    }
}

fn run_query_command(
    text: &str,
    data: &DataArgs,
    format: Format,
    timing: bool,
    engine: Engine,
) -> Result<(), Failure> {
    let t = std::time::Instant::now();
    let model = load_data(data)?;
    let load_time = t.elapsed();
    // Built before the query so that `execute` times the query alone.
    let t = std::time::Instant::now();
    if engine == Engine::Indexed {
        crate::engine::index::FlowIndex::of(&model);
    }
    let index_time = t.elapsed();
    let (tables, times) = query::run_query(text, &model, engine, stderr_color())?;
    print_tables(&tables, format);
    if timing {
        let h = query::human;
        eprintln!(
            "load {}\nindex {}\nparse {}\nplan {}\nexecute {}",
            h(load_time),
            h(index_time),
            h(times.parse),
            h(times.plan),
            h(times.execute)
        );
    }
    Ok(())
}

fn gen_command(orgs: u64, flows: u64, seed: u64, output: &Path) -> Result<(), Failure> {
    use crate::model::synth::{GenError, GenOptions, generate};
    let usage = |e: GenError| Failure {
        message: format!("error: {e}\n  = help: {}\n", e.help()),
        code: 2,
    };
    // A count past usize (a 32-bit build) is refused by the check like any too large one.
    let opts = GenOptions {
        orgs: usize::try_from(orgs).unwrap_or(usize::MAX),
        flows: usize::try_from(flows).unwrap_or(usize::MAX),
        seed,
    };
    // Before the vocabularies and the progress bar: a refused size costs nothing.
    opts.check().map_err(usage)?;
    let vocab = crate::model::snapshot::builtin_vocab().map_err(|e| Failure {
        message: e.render(stderr_color()),
        code: 1,
    })?;
    // A progress bar only for a person watching; scripts and logs get nothing.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(flows);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} flows {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let model = generate(opts, vocab, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    })
    .map_err(usage)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    crate::model::snapshot::write(&model, output).map_err(|e| Failure {
        message: format!("error: cannot write {}: {e}\n", output.display()),
        code: 1,
    })
}

/// Whether standard error wants colours: a terminal, and `NO_COLOR` unset.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn load_data(data: &DataArgs) -> Result<Model, Failure> {
    load(&data.source()).map_err(|e| Failure {
        message: e.render(stderr_color()),
        code: 1,
    })
}

fn print_tables(tables: &[Table], format: Format) {
    let width = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size().map(|(w, _)| w.0)
    } else {
        None
    };
    let text = render(tables, format, width);
    // A closed pipe (`basis … | head`) is not an error worth a message.
    let _ = std::io::stdout().write_all(text.as_bytes());
}
