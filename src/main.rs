//! The `basis` command line: parse arguments, run, exit 0 (ok), 1 (data or query error) or
//! 2 (usage).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    match basis::cli::Cli::try_parse() {
        Ok(cli) => basis::cli::run(cli),
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            ExitCode::from(code)
        }
    }
}
