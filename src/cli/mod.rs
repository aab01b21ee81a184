//! The command line: clap commands, each a thin call into the library, with exit codes
//! 0 (success), 1 (data or query error) and 2 (usage error).

mod check;
mod diff;
mod dpia;
mod export;
mod help;
mod import;
mod new;
mod out;
mod progress;
pub(crate) mod query;
pub(crate) mod repl;
mod report;
mod sql;
pub(crate) mod terminal;

use crate::engine::Engine;
use crate::model::{DataSource, Model, load};
use crate::output::{Format, Table, render};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use out::OutputArg;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use terminal::{stderr_color, stdout_width};

/// basis — who gets what personal data, under which lawful basis, from where, for what purpose
/// and for how long; every answer traced to the notice that states it.
#[derive(Debug, Parser)]
#[command(name = "basis", version = VERSION, about, long_about = None)]
#[command(disable_help_subcommand = true, after_help = help::TOPICS_HELP)]
pub(crate) struct Cli {
    /// When to colour messages and the REPL: at a terminal unless NO_COLOR is set
    /// (CLICOLOR_FORCE=1 forces it), always, never.
    #[arg(long, global = true, value_name = "WHEN", default_value_t, value_parser = choice::<terminal::ColorChoice>())]
    pub(crate) color: terminal::ColorChoice,
    /// Print long results directly instead of through $PAGER (or `less -FRX`), which is
    /// used only when standard output is a terminal.
    #[arg(long, global = true)]
    pub(crate) no_pager: bool,
    /// The command.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// `basis --version`: the package version, the git commit built and a fingerprint (FNV-1a) of
/// the built-in datasets, so that two binaries can be told apart by what they answer from.
pub(crate) const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("BASIS_GIT_COMMIT"),
    ", data ",
    env!("BASIS_DATA_FINGERPRINT"),
    ")"
);

/// Options shared by commands that read a dataset.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DataArgs {
    /// A dataset directory (laid out like `datasets/`) or one organisation `.toml` file;
    /// without it, the datasets built into basis.
    #[arg(long, value_name = "DIR|FILE")]
    pub(crate) data: Option<PathBuf>,
}

impl DataArgs {
    fn source(&self) -> DataSource {
        match &self.data {
            Some(p) => DataSource::Path(p.clone()),
            None => DataSource::Builtin,
        }
    }
}

/// Options of a command that prints tables from a dataset: their format, the dataset, and
/// where they go.
#[derive(Debug, clap::Args)]
pub(crate) struct TableArgs {
    /// Output format.
    #[arg(long, default_value_t = Format::Table, value_parser = choice::<Format>())]
    pub(crate) format: Format,
    /// The dataset.
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Where the tables go.
    #[command(flatten)]
    pub(crate) out: OutputArg,
}

impl TableArgs {
    /// The dataset, loaded.
    fn load(&self) -> Result<Model, Failure> {
        load_data(&self.data)
    }

    /// Prints the tables in the format, to the output.
    fn print(&self, tables: &[Table]) -> Result<(), Failure> {
        print_tables(tables, self.format, self.out.file())
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run one query (`basis help language`), e.g.
    /// `basis query 'recipients where category in health and basis = art 9(2)(h)'`.
    Query {
        /// The query text; `-` reads it from standard input.
        query: String,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, default_value_t = Format::Table, value_parser = choice::<Format>())]
        format: Format,
        /// Print the time of each stage (load, index, parse, plan, execute, output) to standard
        /// error, one `stage time` line each. `index` counts building what this query reads
        /// (posting lists, the entity graph for walks); `execute` the query on them.
        #[arg(long)]
        timing: bool,
        /// Add an `evidence` column: every notice sentence each row rests on, as
        /// `{about, notice, quote}` records (for an implied flow also the sentences its
        /// categories, bases and purposes come from; for a path, each hop).
        #[arg(long)]
        evidence: bool,
        /// The evaluator: `indexed` (posting lists), or `naive` (scans every row; the
        /// reference the indexed one is tested against).
        #[arg(long, default_value_t = Engine::Indexed, value_parser = choice::<Engine>())]
        engine: Engine,
        /// What the query may spend.
        #[command(flatten)]
        budget: BudgetArgs,
        /// Where the result goes.
        #[command(flatten)]
        out: OutputArg,
    },
    /// Generate a reproducible synthetic national dataset (`basis help scale`) as a binary
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
        /// The snapshot to write: a regular file atomically (a temporary file renamed into
        /// place), a device or FIFO in place; `-` is standard output.
        #[arg(short, long, value_name = "FILE|-")]
        output: PathBuf,
    },
    /// The interactive shell: completion, history, meta-commands (`.help`). With standard
    /// input from a pipe or file, runs it as a script (a statement ends at `;` or a whole line;
    /// errors name the script's line) and exits 1 if any statement failed.
    Repl {
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format (`.format` changes it).
        #[arg(long, default_value_t = Format::Table, value_parser = choice::<Format>())]
        format: Format,
        /// The evaluator: `indexed` (posting lists) or `naive` (the scanning reference).
        #[arg(long, default_value_t = Engine::Indexed, value_parser = choice::<Engine>())]
        engine: Engine,
        /// What each query may spend (`.limit` and `.timeout` change it).
        #[command(flatten)]
        budget: BudgetArgs,
        /// Stop at the first error (`.bail on`): a script exits 1 there.
        #[arg(long)]
        bail: bool,
    },
    /// Findings about the notices (Art. 13/14 completeness, citations, Art. 9/10 conditions,
    /// retention, consistency), each with a rule code (`basis help checks`); exit 1 when a
    /// finding is an error.
    Check {
        /// Only this organisation's notices.
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The dataset.
        #[command(flatten)]
        data: DataArgs,
        /// Output format.
        #[arg(long, default_value_t = Format::Table, value_parser = choice::<Format>())]
        format: Format,
        /// `--deny warnings`: warnings make the exit status 1 too.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<check::Deny>,
        /// Where the findings go.
        #[command(flatten)]
        out: OutputArg,
    },
    /// Reports: `basis report ropa --org ID`, `basis report compare -o page.html`.
    Report {
        /// The report.
        #[command(subcommand)]
        report: report::ReportCommand,
    },
    /// Imports: `basis import ropa FILE --org ID -o FILE.toml`.
    Import {
        /// What to import.
        #[command(subcommand)]
        import: import::ImportCommand,
    },
    /// Authoring: `basis new org --notice FILE --id ID -o FILE.toml` writes a skeleton
    /// organisation file proposed from a notice's sentences.
    New {
        /// What to write.
        #[command(subcommand)]
        new: new::NewCommand,
    },
    /// A DPIA draft of one service in the ICO template's seven steps, every answer with its
    /// notice sentence and "to complete" where no notice can know: `basis dpia --org ID
    /// --service ID`, or `basis dpia --proposal FILE.toml` for processing not yet done
    ///.
    Dpia(dpia::DpiaArgs),
    /// A matrix of one field's values (rows) across organisations (columns).
    Compare(report::CompareArgs),
    /// The date each retention rule makes a person's records due for deletion.
    Retention(report::RetentionArgs),
    /// The model for other tools: RDF in W3C DPV terms (turtle, ntriples, jsonld), node and
    /// edge tables as CSV or Parquet files (csv, parquet), or a diagram (dot, mermaid)
    /// (`basis help interop`).
    Export(export::ExportArgs),
    /// A query as standard SQL over the tables of `basis export --to csv|parquet`, for DuckDB,
    /// Spark, Postgres or SQLite (`basis help interop`); printed, not run.
    Sql(sql::SqlArgs),
    /// Counts of each kind of node, and flows per organisation and notice.
    Stats {
        /// Format, dataset and output.
        #[command(flatten)]
        table: TableArgs,
    },
    /// The fact-level difference between two datasets (directories, organisation files or
    /// snapshots): recipients, sources, bases, categories, purposes, subjects, retention,
    /// rights, legislation and transfers added, removed, changed or requoted, each with its
    /// organisation, service and quote. Exit status as diff(1): 0 the same, 1 different,
    /// 2 trouble (either side cannot be loaded).
    Diff {
        /// The older dataset: a directory, one organisation `.toml` file or a snapshot.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The newer dataset, of the same kinds.
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// Output format.
        #[arg(long, default_value_t = Format::Table, value_parser = choice::<Format>())]
        format: Format,
        /// Where the changes go.
        #[command(flatten)]
        out: OutputArg,
    },
    /// Help on a topic (language, checks, reports, dataset-format, authoring, repl, scale,
    /// interop) or a command.
    Help {
        /// A topic, or a command and its subcommands.
        #[arg(value_name = "TOPIC|COMMAND")]
        topic: Vec<String>,
        /// Where the text goes.
        #[command(flatten)]
        out: OutputArg,
    },
    /// A completion script for a shell, e.g. `basis completions bash > ~/.local/share/bash-completion/completions/basis`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        /// Where the script goes.
        #[command(flatten)]
        out: OutputArg,
    },
    /// The manual page (roff), e.g. `basis man | man -l -`.
    Man {
        /// Where the page goes.
        #[command(flatten)]
        out: OutputArg,
    },
}

/// The limits of `basis gen`, shown by `basis gen --help` (a test checks the numbers against
/// [`crate::model::synth`]'s constants).
const GEN_LIMITS: &str = "\
Limits, checked before anything is generated (exit code 2 beyond them):
  --flows   at most 100000000 (about 10 GB of memory to generate, 8.8 GB to query)
  --orgs    at least 1, at most --flows or 10 whatever --flows is: each costs about
            13000 bytes whatever its flows
  memory    the estimate, 100 bytes a flow and 13000 an organisation, at most 16 GB";

/// An error that ends a command: its rendered text and exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    /// What to print on standard error.
    pub(crate) message: String,
    /// The exit code.
    pub(crate) code: u8,
}

impl Failure {
    /// `error: {message}`, ending with exit code `code`.
    pub(crate) fn error(message: String, code: u8) -> Failure {
        Failure {
            message: format!("error: {message}\n"),
            code,
        }
    }
}

/// A library enum the command line chooses by name; its names (`VariantNames`, derived with
/// its parser and `Display` by strum) are what `--help` lists and clap checks.
pub(crate) trait Choice:
    std::str::FromStr<Err = String> + strum::VariantNames + Clone + Send + Sync + 'static
{
}

impl<T> Choice for T where
    T: std::str::FromStr<Err = String> + strum::VariantNames + Clone + Send + Sync + 'static
{
}

/// The value parser of a [`Choice`]: one of its names, listed in `--help`.
pub(crate) fn choice<T: Choice>() -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(T::VARIANTS).try_map(|s| s.parse::<T>())
}

/// The `basis` program: reads the process's arguments, runs the command and gives the exit
/// code (0 ok, 1 a data or query error, 2 usage).
pub fn main() -> ExitCode {
    // `--color` must reach clap's own help and errors too, which are printed while parsing.
    let mut cmd = Cli::command();
    // Read as OsStrings: an argument that is not UTF-8 is clap's to refuse, not a panic here.
    let color = color_flag(std::env::args_os().skip(1));
    match color.as_deref() {
        Some("never") => cmd = cmd.color(clap::ColorChoice::Never),
        Some("always") => cmd = cmd.color(clap::ColorChoice::Always),
        _ => {}
    }
    match cmd
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => run(cli),
        Err(e) => usage(&e, color.as_deref()),
    }
}

/// The value of the last `--color WHEN` or `--color=WHEN` before a `--` (arguments that are
/// not UTF-8 are passed over; clap reports them).
fn color_flag(args: impl Iterator<Item = std::ffi::OsString>) -> Option<String> {
    let mut found = None;
    let mut args = args.take_while(|a| a != "--");
    while let Some(a) = args.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--color" {
            found = args.next().and_then(|v| v.into_string().ok());
        } else if let Some(v) = a.strip_prefix("--color=") {
            found = Some(v.to_string());
        }
    }
    found
}

/// Runs the parsed command line, printing results; returns the exit code. A failed write to
/// standard output is reported here, once, whatever the command made of it (`out`).
pub(crate) fn run(cli: Cli) -> ExitCode {
    terminal::set_color(cli.color);
    terminal::set_no_pager(cli.no_pager);
    // diff(1)'s trouble is 2; 1 means "different" there.
    let trouble = if matches!(cli.command, Command::Diff { .. }) {
        2
    } else {
        1
    };
    let result = run_command(cli.command);
    let unwritten = out::finish();
    let (message, code) = match (result, unwritten) {
        (Ok(()), None) => return ExitCode::SUCCESS,
        (Ok(()), Some(e)) => (e, trouble),
        (Err(f), None) => (f.message, f.code),
        (Err(f), Some(e)) => (f.message + &e, f.code.max(trouble)),
    };
    let _ = std::io::stderr().write_all(message.as_bytes());
    ExitCode::from(code)
}

/// Prints a clap error or its help and version text (`--help`, `--version`) and gives the exit
/// code: 2 for a usage error, 0 for help, 1 when standard output could not take the help.
pub(crate) fn usage(e: &clap::Error, color: Option<&str>) -> ExitCode {
    let code = if e.use_stderr() { 2 } else { 0 };
    if e.use_stderr() {
        let _ = e.print();
    } else {
        // Help and version go to standard output, through its one writer, coloured as
        // `--color` (given before clap could read it) and the environment say.
        terminal::set_color(color.and_then(|c| c.parse().ok()).unwrap_or_default());
        let text = if terminal::color_for(terminal::stdout_is_terminal()) {
            e.render().ansi().to_string()
        } else {
            e.render().to_string()
        };
        out::print(&text);
    }
    match out::finish() {
        Some(message) => {
            let _ = std::io::stderr().write_all(message.as_bytes());
            ExitCode::from(1)
        }
        None => ExitCode::from(code),
    }
}

fn run_command(command: Command) -> Result<(), Failure> {
    match command {
        Command::Query {
            query,
            data,
            format,
            timing,
            evidence,
            engine,
            budget,
            out,
        } => query_text(query).and_then(|q| {
            let how = How {
                format,
                timing,
                evidence,
                engine,
            };
            run_query_command(&q, &data, how, budget.budget(), out.file())
        }),
        Command::Repl {
            data,
            format,
            engine,
            budget,
            bail,
        } => repl::run(&data, format, engine, budget.budget(), bail),
        Command::Check {
            org,
            data,
            format,
            deny,
            out,
        } => match check::run(&data, org.as_deref(), format, deny, out.file()) {
            Ok(true) => Err(Failure {
                message: String::new(),
                code: 1,
            }),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Report { report } => report::run_report(report),
        Command::Import { import } => import::run(import),
        Command::New { new } => new::run(new),
        Command::Dpia(args) => dpia::run(&args),
        Command::Compare(args) => report::run_compare(&args),
        Command::Retention(args) => report::run_retention(&args),
        Command::Export(args) => export::run_export(&args),
        Command::Sql(args) => sql::run_sql(args),
        Command::Gen {
            orgs,
            flows,
            seed,
            output,
        } => gen_command(orgs, flows, seed, &output),
        Command::Stats { table } => table
            .load()
            .and_then(|m| table.print(&crate::report::stats::tables(&m))),
        Command::Diff {
            old,
            new,
            format,
            out,
        } => match diff::run(&old, &new, format, out.file()) {
            Ok(true) => Err(Failure {
                message: String::new(),
                code: 1,
            }),
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Help { topic, out } => help::run_help(&topic, out.file()),
        Command::Completions { shell, out } => help::run_completions(shell, out.file()),
        Command::Man { out } => help::run_man(out.file()),
    }
}

/// How `basis query` runs and prints.
struct How {
    format: Format,
    timing: bool,
    evidence: bool,
    engine: Engine,
}

fn run_query_command(
    text: &str,
    data: &DataArgs,
    how: How,
    budget: crate::engine::Budget,
    file: Option<&Path>,
) -> Result<(), Failure> {
    let How {
        format,
        timing,
        evidence,
        engine,
    } = how;
    let t = std::time::Instant::now();
    let model = load_data(data)?;
    let load_time = t.elapsed();
    let terminal_view = matches!(format, Format::Table | Format::Line | Format::Wrap);
    // A file gets the table at its natural width, as a pipe does.
    let width = if file.is_none() { stdout_width() } else { None };
    let (ran, _) = out::stream(file, terminal_view, |w| {
        let ran = {
            let mut sink = crate::output::stream::sink(format, width, &mut *w);
            query::stream_query(
                text,
                &model,
                engine,
                budget,
                sink.as_mut(),
                stderr_color(),
                evidence,
            )?
        };
        // A terminal view is read by a person: the notes go under the table. JSON, CSV and
        // Markdown stay clean, the notes going to standard error.
        if terminal_view {
            for n in &ran.notes {
                // A failure here is the output's, reported as every other one is.
                let _ = writeln!(w, "note: {n}");
            }
        }
        Ok(ran)
    })?;
    if !terminal_view {
        for n in &ran.notes {
            eprintln!("note: {n}");
        }
    }
    if timing {
        let h = query::human;
        let times = ran.timing;
        eprintln!(
            "load {}\nindex {}\nparse {}\nplan {}\nexecute {}\noutput {}",
            h(load_time),
            h(times.index),
            h(times.parse),
            h(times.plan),
            h(times.execute),
            h(times.output)
        );
    }
    Ok(())
}

/// The most query text `basis query -` reads from standard input.
const MAX_QUERY_TEXT: u64 = 1 << 20;

/// The query as given, or for `-` as read from standard input.
fn query_text(arg: String) -> Result<String, Failure> {
    if arg != "-" {
        return Ok(arg);
    }
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .take(MAX_QUERY_TEXT + 1)
        .read_to_end(&mut bytes);
    let fail = |message: String| Failure { message, code: 2 };
    read.map_err(|e| {
        fail(format!(
            "error: cannot read the query from standard input: {e}\n"
        ))
    })?;
    if bytes.len() as u64 > MAX_QUERY_TEXT {
        return Err(fail(format!(
            "error: the query on standard input is over {MAX_QUERY_TEXT} bytes\n"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "error: the query on standard input is not UTF-8 (at byte {})\n",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// `--max-rows`, `--max-groups`, `--max-memory`, `--timeout`: what one query may spend.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct BudgetArgs {
    /// The most rows a query may hold at once (for a sort, a filter's candidates, group keys).
    #[arg(long, value_name = "N", default_value_t = crate::engine::budget::DEFAULT_ROWS)]
    max_rows: u64,
    /// The most groups a `count … by` or `… by` may make (or cells a `compare` may hold).
    #[arg(long, value_name = "N", default_value_t = crate::engine::budget::DEFAULT_GROUPS)]
    max_groups: u64,
    /// The most memory (an estimate) a query may hold: bytes, or with a unit (`512M`, `4G`).
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = parse_size)]
    max_memory: u64,
    /// Stop a query after this many seconds (none by default).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<std::time::Duration>,
}

impl BudgetArgs {
    /// The budget these flags give.
    pub(crate) fn budget(&self) -> crate::engine::Budget {
        crate::engine::Budget {
            rows: self.max_rows,
            groups: self.max_groups,
            memory: self.max_memory,
            timeout: self.timeout,
            cancel: None,
        }
    }
}

/// A size in bytes: `1048576`, `512K`, `64M`, `4G` (powers of 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size: write bytes or a number with K, M or G"))?;
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("unknown unit in `{s}`: use K, M, G or T")),
    };
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// Seconds, whole or decimal, above zero.
pub(crate) fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if !(x > 0.0 && x <= 1e9) {
        return Err(format!("`{s}`: give a number of seconds above 0"));
    }
    Ok(std::time::Duration::from_secs_f64(x))
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
    let vocab = crate::model::load::builtin_vocab().map_err(|e| Failure {
        message: e.render(stderr_color()),
        code: 1,
    })?;
    // A progress bar only for a person watching; scripts and logs get nothing.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(flows);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "generating {bar:40} {human_pos}/{human_len} flows  {percent}%  eta {eta}",
            )
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
    let fail = |e: String| Failure {
        message: format!("error: cannot write {}: {e}\n", output.display()),
        code: 1,
    };
    let progress = progress::Progress::start(format!("writing {}", output.display()));
    let bytes = crate::model::snapshot::encode(&model).map_err(fail)?;
    let written = out::emit(out::file_of(Some(output)), &bytes, false)?;
    if out::gone() {
        // Standard output took no snapshot: nothing to sum up (a failure is reported at the
        // end, a closed pipe is not).
        return Ok(());
    }
    progress.finish(&format!("wrote {}", output.display()));
    // What was made, for the person and the log: enough to tell two files apart. With
    // `-o -` the snapshot is standard output, so this goes to standard error.
    let summary = format!(
        "wrote {}: {} ({} bytes), {} orgs, {} flows, seed {seed}, crc32 {:08x}",
        output.display(),
        progress::human_size(bytes.len() as u64),
        bytes.len(),
        model.orgs.len(),
        model.flows.len(),
        crc32fast::hash(&bytes)
    );
    // On standard output only when the snapshot is a file of its own: not with `-o -`, nor
    // into a device or pipe (`-o /dev/stdout`), where it would mix with the snapshot.
    if written == Some(crate::file::Written::Replaced) {
        out::print(&format!("{summary}\n"));
    } else {
        eprintln!("{summary}");
    }
    Ok(())
}

fn load_data(data: &DataArgs) -> Result<Model, Failure> {
    let progress = progress::Progress::start(progress::load_label(data.data.as_deref()));
    let model = load(&data.source()).map_err(|e| Failure {
        message: e.render(stderr_color()),
        code: 1,
    })?;
    progress.finish(&format!(
        "loaded {} orgs, {} flows",
        model.orgs.len(),
        model.flows.len()
    ));
    Ok(model)
}

/// Prints tables where `-o` says: standard output (paged at a terminal, fitted to its width)
/// or a file (at the tables' natural width).
fn print_tables(tables: &[Table], format: Format, file: Option<&Path>) -> Result<(), Failure> {
    let width = if file.is_none() { stdout_width() } else { None };
    let text = render(tables, format, width);
    out::emit(file, text.as_bytes(), true).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synth::{BYTES_PER_ORG, MAX_BYTES, MAX_FLOWS, ORGS_ALWAYS_ALLOWED};
    use clap::CommandFactory;

    /// Every name a choice lists parses to the value that prints as that name; each alias
    /// parses to its value; a wrong name is refused naming every right one.
    fn names_round_trip<T: Choice + std::fmt::Display + PartialEq + std::fmt::Debug>(
        names: &[&str],
        aliases: &[(&str, &str)],
        case_insensitive: bool,
    ) {
        assert_eq!(T::VARIANTS, names);
        for n in names {
            let v: T = n.parse().unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(v.to_string(), *n);
            assert_eq!(
                n.to_uppercase().parse::<T>().is_ok(),
                case_insensitive,
                "{n}"
            );
        }
        for (alias, name) in aliases {
            let v: T = alias.parse().unwrap_or_else(|e| panic!("{alias}: {e}"));
            assert_eq!(v.to_string(), *name);
        }
        let err = "bogus".parse::<T>().expect_err("not a name");
        assert!(
            err.contains("`bogus`") && err.contains(&names.join(", ")),
            "{err}"
        );
    }

    /// The names README and docs give each option (typed here from them, not read from the
    /// enums), and the aliases the REPL's `.format` and the formats accept.
    #[test]
    fn every_choice_takes_its_documented_names() {
        names_round_trip::<Format>(
            &["table", "json", "csv", "markdown", "jsonl", "line", "wrap"],
            &[
                ("auto", "table"),
                ("md", "markdown"),
                ("ndjson", "jsonl"),
                ("vertical", "line"),
                ("wrapped", "wrap"),
            ],
            true,
        );
        names_round_trip::<Engine>(&["naive", "indexed"], &[], true);
        names_round_trip::<crate::report::RopaFormat>(
            &["markdown", "html", "csv", "json", "xlsx"],
            &[("md", "markdown")],
            true,
        );
        names_round_trip::<crate::dpia::DpiaFormat>(
            &["markdown", "html", "json", "docx"],
            &[("md", "markdown")],
            true,
        );
        names_round_trip::<crate::export::Dialect>(
            &["sqlite", "duckdb", "postgres", "spark"],
            &[("postgresql", "postgres")],
            false,
        );
        names_round_trip::<crate::export::ExportFormat>(
            &[
                "turtle", "ntriples", "jsonld", "csv", "parquet", "dot", "mermaid",
            ],
            &[],
            false,
        );
        names_round_trip::<crate::export::parquet_files::Partition>(&["none", "org"], &[], false);
        names_round_trip::<terminal::ColorChoice>(&["auto", "always", "never"], &[], false);
    }

    /// `basis gen --help` states the limits `GenOptions::check` applies, with the constants'
    /// own numbers: in its limits paragraph, which the help shows, and in `--flows`' own line.
    #[test]
    fn gen_help_states_the_limits() {
        let mut cli = Cli::command();
        let gen_cmd = cli.find_subcommand_mut("gen").expect("a gen command");
        let help = gen_cmd.render_help().to_string();
        for needle in [
            format!("--flows   at most {MAX_FLOWS} "),
            format!("or {ORGS_ALWAYS_ALLOWED} whatever --flows is"),
            format!("{BYTES_PER_ORG} bytes whatever its flows"),
            format!("at most {} GB", MAX_BYTES / 1_000_000_000),
            "(exit code 2 beyond them)".to_string(),
        ] {
            assert!(
                GEN_LIMITS.contains(&needle),
                "{needle:?} not in:\n{GEN_LIMITS}"
            );
        }
        for line in GEN_LIMITS.lines() {
            assert!(help.contains(line), "{line:?} not in:\n{help}");
        }
        let flows = gen_cmd
            .get_arguments()
            .find(|a| a.get_id() == "flows")
            .and_then(|a| a.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(flows.ends_with(&format!("at most {MAX_FLOWS}")), "{flows}");
    }
}
