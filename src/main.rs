//! The `basis` command line: parse arguments, run, exit 0 (ok), 1 (data or query error) or
//! 2 (usage).

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `--color` must reach clap's own help and errors too, which are printed while parsing.
    let mut cmd = basis::cli::Cli::command();
    let color = color_flag(std::env::args().skip(1));
    match color.as_deref() {
        Some("never") => cmd = cmd.color(clap::ColorChoice::Never),
        Some("always") => cmd = cmd.color(clap::ColorChoice::Always),
        _ => {}
    }
    match cmd
        .try_get_matches()
        .and_then(|m| basis::cli::Cli::from_arg_matches(&m))
    {
        Ok(cli) => basis::cli::run(cli),
        Err(e) => basis::cli::usage(&e, color.as_deref()),
    }
}

/// The value of the last `--color WHEN` or `--color=WHEN` before a `--`.
fn color_flag(args: impl Iterator<Item = String>) -> Option<String> {
    let mut found = None;
    let mut args = args.take_while(|a| a != "--");
    while let Some(a) = args.next() {
        if a == "--color" {
            found = args.next();
        } else if let Some(v) = a.strip_prefix("--color=") {
            found = Some(v.to_string());
        }
    }
    found
}
