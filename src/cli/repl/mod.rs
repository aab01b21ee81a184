//! `basis repl`: the interactive shell. At a terminal it is a line editor with completion of
//! entities, fields, ids and display names, history, hints, highlighting and multi-line input
//! ([`interactive`]); fed from a pipe or file it runs the same queries and meta-commands as a
//! script ([`script`]). Both drive a [`session::Session`].
//!
//! ```text
//!   helper (complete, highlight, lex) ─┐
//!   interactive ── entries ─┬─▶ session ─▶ query::stream_query ─▶ shape ─▶ output::stream
//!   script ──────  entries ─┘      │         (rows as they come)    └─▶ kept rows (.source, .save)
//!                                  └─▶ meta (help, source, save, output)
//! ```

pub(crate) mod complete;
mod help;
pub(crate) mod helper;
mod highlight;
mod interactive;
pub(crate) mod lex;
mod meta;
mod script;
pub(crate) mod session;
mod shape;
mod source;

use super::{DataArgs, Failure, load_data};
use crate::output::Format;
use session::Session;
use std::io::IsTerminal;

/// Runs the REPL: interactive at a terminal, a script otherwise. Fails (exit 1) when the data
/// does not load, or when a query or command of a script failed.
pub(crate) fn run(
    data: &DataArgs,
    format: Format,
    engine: crate::engine::Engine,
    budget: crate::engine::Budget,
    bail: bool,
) -> Result<(), Failure> {
    let interactive = std::io::stdin().is_terminal();
    let color = super::terminal::color_for(interactive);
    let model = load_data(data)?;
    let label = match &data.data {
        Some(p) => p.display().to_string(),
        None => "built-in datasets".to_string(),
    };
    let mut session = Session::new(model, label, format, color);
    session.engine = engine;
    session.budget = budget;
    session.bail = bail;
    session.pager = interactive && super::terminal::pager_allowed();
    // Ctrl-C while a query runs (the terminal is not in raw mode then) sets the flag the
    // query checks, instead of ending the process; at the prompt the line editor reads it
    // as a key. Without a handler (one already set) Ctrl-C ends the process as before.
    let cancel = session.cancel.clone();
    let _ = ctrlc::set_handler(move || cancel.store(true, std::sync::atomic::Ordering::Relaxed));
    let ok = if interactive {
        interactive::run(session)
    } else {
        script::run(session)
    };
    if ok {
        Ok(())
    } else {
        // The messages were printed as they came.
        Err(Failure {
            message: String::new(),
            code: 1,
        })
    }
}
