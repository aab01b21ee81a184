//! `basis sql 'QUERY' [--dialect …]`: the SQL for a query over the tables of
//! `basis export --to csv` (docs/interop.md), printed instead of run.

use super::terminal::stderr_color;
use super::{DataArgs, Failure, load_data, query_text};
use crate::engine::entry::RunError;
use crate::export::sql::{Dialect, to_sql};
use crate::query::{parse, plan};

/// Arguments of `basis sql`.
#[derive(Debug, clap::Args)]
pub(crate) struct SqlArgs {
    /// The query text; `-` reads it from standard input.
    pub(crate) query: String,
    /// The engine the SQL is for: sqlite, duckdb, postgres or spark.
    #[arg(long, value_name = "DIALECT", default_value_t = Dialect::Duckdb, value_parser = super::choice::<Dialect>())]
    pub(crate) dialect: Dialect,
    /// Where the SQL goes.
    #[command(flatten)]
    pub(crate) out: super::OutputArg,
    /// The dataset (ids and citations are resolved against it).
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

/// Prints the translation, or says why there is none (exit 1).
pub(super) fn run_sql(args: SqlArgs) -> Result<(), Failure> {
    let text = query_text(args.query)?;
    let model = load_data(&args.data)?;
    let planned = parse(&text)
        .map_err(RunError::from)
        .and_then(|q| plan(&q, &model).map_err(RunError::from))
        .map_err(|e| Failure {
            message: e.render(&text, stderr_color()),
            code: 1,
        })?;
    let sql = to_sql(&planned, &model, args.dialect).map_err(|e| Failure {
        message: format!(
            "error: no SQL for this query: {e}\n  = help: `basis query` answers it; docs/interop.md lists what `basis sql` translates\n"
        ),
        code: 1,
    })?;
    super::out::emit(args.out.file(), format!("{sql};\n").as_bytes(), false).map(|_| ())
}
