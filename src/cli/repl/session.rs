//! The state of one REPL session (the model, the output settings, the last result) and how one
//! entry — a meta-command or queries separated by `;` — is run. Both the terminal and the
//! script mode drive a [`Session`].

use super::lex::split_statements;
use crate::cli::query::{human, run_query};
use crate::model::Model;
use crate::output::{Format, Table, render};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One session: what is loaded and how results are shown.
pub struct Session {
    /// The loaded data.
    pub model: Model,
    /// Where the data came from, for the banner and `.data`.
    pub data: String,
    /// How results are printed.
    pub format: Format,
    /// `.explain on`: each query runs as `explain <query>`.
    pub explain: bool,
    /// `.timing on`: stage times after each result.
    pub timing: bool,
    /// The tables of the last successful query, for `.source` and `.save`.
    pub last: Option<Vec<Table>>,
    /// Whether messages may use ANSI colours.
    pub color: bool,
    /// Bumped when `.data` replaces the model, so the editor can refresh its completions.
    pub generation: u64,
    /// The evaluator queries run on (`--engine`).
    pub engine: crate::engine::Engine,
    /// What each query may spend (`--max-*`, `--timeout`; `.limit` and `.timeout`).
    pub budget: crate::engine::Budget,
    /// Set by Ctrl-C while a query runs: the query stops and the shell stays.
    pub cancel: Arc<AtomicBool>,
}

/// The most rows of a result the REPL keeps (for printing, `.save` and `.source`).
pub const KEPT_ROWS: usize = crate::output::stream::TABLE_ROWS;

/// What running an entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Whether everything in it succeeded.
    pub ok: bool,
    /// Whether the session should end (`.quit`).
    pub quit: bool,
}

impl Outcome {
    pub(super) const OK: Outcome = Outcome {
        ok: true,
        quit: false,
    };
    pub(super) const FAILED: Outcome = Outcome {
        ok: false,
        quit: false,
    };
}

impl Session {
    /// A session over `model`, loaded from `data`.
    pub fn new(model: Model, data: String, format: Format, color: bool) -> Self {
        Session {
            model,
            data,
            format,
            explain: false,
            timing: false,
            last: None,
            color,
            generation: 0,
            engine: crate::engine::Engine::Indexed,
            budget: crate::engine::Budget::default(),
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    /// `3 orgs, 5 notices, 104 flows`.
    pub fn counts(&self) -> String {
        let m = &self.model;
        format!(
            "{} orgs, {} notices, {} flows",
            m.orgs.len(),
            m.notices.len(),
            m.flows.len()
        )
    }

    /// Runs one entry: a meta-command when it starts with `.`, else the queries in it.
    pub fn run_entry(&mut self, entry: &str) -> Outcome {
        let trimmed = entry.trim();
        if trimmed.starts_with('.') {
            return self.meta(trimmed);
        }
        let mut ok = true;
        for (_, stmt) in split_statements(entry) {
            ok &= self.run_one(stmt.trim());
        }
        Outcome { ok, quit: false }
    }

    fn run_one(&mut self, text: &str) -> bool {
        let explained;
        let text = if self.explain && !starts_with_word(text, "explain") {
            explained = format!("explain {text}");
            explained.as_str()
        } else {
            text
        };
        self.cancel.store(false, Ordering::Relaxed);
        let budget = crate::engine::Budget {
            cancel: Some(self.cancel.clone()),
            ..self.budget.clone()
        };
        match run_query(
            text,
            &self.model,
            self.engine,
            budget,
            Some(KEPT_ROWS),
            self.color,
        ) {
            Ok(kept) => {
                let tables = kept.tables;
                let shown = match self.format {
                    Format::Table => numbered(&tables),
                    _ => tables.clone(),
                };
                self.print(&render(&shown, self.format, terminal_width()));
                let rows = tables.first().map_or(0, |t| t.rows.len()) as u64;
                if kept.total > rows {
                    self.note(&format!(
                        "(kept the first {rows} of {} rows; `limit N` asks for fewer, `basis query --format csv` streams them all)",
                        kept.total
                    ));
                }
                if self.timing {
                    self.note(&format!(
                        "parse {} · plan {} · execute {}",
                        human(kept.timing.parse),
                        human(kept.timing.plan),
                        human(kept.timing.execute)
                    ));
                }
                self.last = Some(tables);
                true
            }
            Err(f) => {
                self.error_block(&f.message);
                false
            }
        }
    }

    /// Prints a result on standard output.
    pub(super) fn print(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        // A closed pipe is not worth a message.
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    /// Prints a message (a setting changed, a file saved) on standard error.
    pub(super) fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    /// Prints an error that does not end the session.
    pub(super) fn error(&self, text: &str) {
        let label = if self.color {
            nu_ansi_term::Color::Red.bold().paint("error").to_string()
        } else {
            "error".to_string()
        };
        eprintln!("{label}: {text}");
    }

    /// Prints an already rendered diagnostic.
    pub(super) fn error_block(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    /// Replaces the model, keeping everything else.
    pub(super) fn replace_model(&mut self, model: Model, data: String) {
        self.model = model;
        self.data = data;
        self.generation += 1;
    }
}

/// The tables with a leading `#` column on rows that have a source, the N of `.source N`.
/// Only the terminal view gets it: `.save` and the other formats keep the columns of
/// `basis query`.
fn numbered(tables: &[Table]) -> Vec<Table> {
    tables
        .iter()
        .map(|t| {
            let mut t = t.clone();
            if t.evidence {
                t.columns.insert(0, "#".to_string());
                for (i, row) in t.rows.iter_mut().enumerate() {
                    row.insert(0, serde_json::Value::from(i + 1));
                }
            }
            t
        })
        .collect()
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// The terminal's width when standard output is one; tables are not wrapped otherwise.
fn terminal_width() -> Option<u16> {
    if std::io::stdout().is_terminal() {
        // A pseudo-terminal may report no width at all: do not squeeze tables into it.
        terminal_size::terminal_size()
            .map(|(w, _)| w.0)
            .filter(|w| *w >= 40)
    } else {
        None
    }
}
