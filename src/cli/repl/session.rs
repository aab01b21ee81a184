//! The state of one REPL session (the model, the output settings, the last result) and how one
//! entry — meta-commands and queries, split by [`statements`] — is run. Both the terminal and
//! the script mode drive a [`Session`].

use super::lex::statements;
use crate::cli::query::{human, run_query};
use crate::model::Model;
use crate::output::{Format, Table, render};
use std::io::Write;
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
    /// The text of that query, for the page `.save FILE.html` writes.
    pub last_query: Option<String>,
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
    /// `.bail on` (`--bail`): the first error stops the script, `.read` file or pasted block.
    pub bail: bool,
    /// `.maxrows N`: the most rows a result prints (all kept rows when `None`).
    pub maxrows: Option<usize>,
    /// `.evidence off`: results print without their provenance, notice and quote columns.
    pub evidence: bool,
    /// `.output FILE` / `.once FILE`: where results go instead of standard output.
    pub(super) redirect: Option<Redirect>,
    /// Results longer than the screen go through a pager (at a terminal, without `--no-pager`).
    pub pager: bool,
    /// How deep `.read` files are nested (a file that reads itself stops at a limit).
    pub(super) depth: usize,
}

/// Results written to a file by `.output` or `.once`.
pub(super) struct Redirect {
    /// The file, as the user named it.
    pub path: std::path::PathBuf,
    /// The open file.
    pub file: std::fs::File,
    /// `.once`: only the next result.
    pub once: bool,
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
            last_query: None,
            color,
            generation: 0,
            engine: crate::engine::Engine::Indexed,
            budget: crate::engine::Budget::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            bail: false,
            maxrows: None,
            evidence: true,
            redirect: None,
            pager: false,
            depth: 0,
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

    /// Runs one entry typed at the prompt or pasted: its meta-commands and queries in turn.
    pub fn run_entry(&mut self, entry: &str) -> Outcome {
        self.run_text(entry, None)
    }

    /// Runs the statements of `text` in turn; `origin` names a script or `.read` file, so that
    /// errors point at its lines (`script:3:1`). With `.bail on` the first failure stops it;
    /// Ctrl-C stops a script.
    pub fn run_text(&mut self, text: &str, origin: Option<&str>) -> Outcome {
        let mut ok = true;
        for st in statements(text) {
            let outcome = if st.meta {
                self.meta(&st.text)
            } else {
                let located = origin.map(|o| (o, st.line));
                Outcome {
                    ok: self.run_one(&st.text, located),
                    quit: false,
                }
            };
            ok &= outcome.ok;
            if outcome.quit {
                return Outcome { ok, quit: true };
            }
            if !outcome.ok && self.bail {
                break;
            }
            if origin.is_some() && self.cancel.load(Ordering::Relaxed) {
                // Ctrl-C stops the query it interrupts and, in a script, the script.
                return Outcome {
                    ok: false,
                    quit: false,
                };
            }
        }
        Outcome { ok, quit: false }
    }

    fn run_one(&mut self, text: &str, located: Option<(&str, usize)>) -> bool {
        // Blank lines before the query put it on its line of the script, so the error's
        // `query:L:C` is the script's line and column; then the name replaces `query`.
        let pad = located.map_or(0, |(_, line)| line.saturating_sub(1));
        let explain = self.explain && !starts_with_word(text, "explain");
        let text = format!(
            "{}{}{text}",
            "\n".repeat(pad),
            if explain { "explain " } else { "" }
        );
        self.cancel.store(false, Ordering::Relaxed);
        let budget = crate::engine::Budget {
            cancel: Some(self.cancel.clone()),
            ..self.budget.clone()
        };
        let started = std::time::Instant::now();
        match run_query(
            &text,
            &self.model,
            self.engine,
            budget,
            Some(KEPT_ROWS),
            self.color,
            // Kept for `.source N`, which lists every sentence a row rests on; `show` hides
            // the column.
            true,
        ) {
            Ok(kept) => {
                let tables = kept.tables;
                self.show(&tables);
                let rows = tables.first().map_or(0, |t| t.rows.len()) as u64;
                if kept.total > rows {
                    self.note(&format!(
                        "(kept the first {rows} of {} rows; `limit N` asks for fewer, `basis query --format csv` streams them all)",
                        kept.total
                    ));
                }
                for n in &kept.notes {
                    self.note(&format!("note: {n}"));
                }
                if self.timing {
                    self.note(&format!(
                        "parse {} · plan {} · execute {} · total with printing {}",
                        human(kept.timing.parse),
                        human(kept.timing.plan),
                        human(kept.timing.execute),
                        human(started.elapsed())
                    ));
                }
                self.last = Some(tables);
                self.last_query = Some(text.trim().to_string());
                true
            }
            Err(f) => {
                let message = match located {
                    Some((name, _)) if f.message.contains("─ query:") => {
                        f.message.replacen("─ query:", &format!("─ {name}:"), 1)
                    }
                    Some((name, line)) => format!("{}  = note: at {name}:{line}\n", f.message),
                    None => f.message,
                };
                self.error_block(&message);
                false
            }
        }
    }

    /// Prints a result: numbered for `.source`, without evidence after `.evidence off`, cut
    /// to `.maxrows`, to the `.output` file, through the pager or to standard output.
    pub(super) fn show(&mut self, tables: &[Table]) {
        // The `evidence` column is kept for `.source N`, not shown.
        let tables: Vec<Table> = tables.iter().map(without_sentences).collect();
        let tables = &tables[..];
        let mut shown: Vec<Table> = match self.format {
            Format::Table | Format::Line if self.evidence => numbered(tables),
            _ => tables.to_vec(),
        };
        if !self.evidence {
            shown = shown.iter().map(without_evidence).collect();
        }
        let mut cut = None;
        if let Some(max) = self.maxrows {
            for t in &mut shown {
                if t.rows.len() > max {
                    cut = Some((max, t.rows.len()));
                    t.rows.truncate(max);
                }
            }
        }
        if let Some(r) = &mut self.redirect {
            let text = render(&shown, self.format, None);
            if let Err(e) = r.file.write_all(text.as_bytes()) {
                let path = r.path.display().to_string();
                self.redirect = None;
                self.error(&format!(
                    "could not write to {path}: {e}; results go to standard output again"
                ));
            } else if r.once {
                self.redirect = None;
            }
        } else {
            let text = render(&shown, self.format, terminal_width());
            if self.pager {
                crate::cli::out::page(&text);
            } else {
                self.print(&text);
            }
        }
        if let Some((max, all)) = cut {
            self.note(&format!(
                "(printed {max} of {all} rows: `.maxrows off` prints them all)"
            ));
        }
    }

    /// Prints a result on standard output.
    pub(super) fn print(&self, text: &str) {
        // A failure is recorded and reported when the shell ends; a closed pipe is quiet.
        if text.ends_with('\n') {
            crate::cli::out::print(text);
        } else {
            crate::cli::out::print(&format!("{text}\n"));
        }
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

/// The table without its evidence columns (provenance, notice, quote), for `.evidence off`.
fn without_evidence(t: &Table) -> Table {
    let mut t = t.clone();
    if !t.evidence {
        return t;
    }
    let keep: Vec<bool> = t
        .columns
        .iter()
        .map(|c| !matches!(c.as_str(), "provenance" | "notice" | "quote" | "#"))
        .collect();
    retain_by(&mut t.columns, &keep);
    for row in &mut t.rows {
        retain_by(row, &keep);
    }
    t.evidence = false;
    t
}

/// The table without the `evidence` column the session asks for on behalf of `.source`.
pub(super) fn without_sentences(t: &Table) -> Table {
    let mut t = t.clone();
    let keep: Vec<bool> = t.columns.iter().map(|c| c != "evidence").collect();
    retain_by(&mut t.columns, &keep);
    for row in &mut t.rows {
        retain_by(row, &keep);
    }
    t
}

/// Keeps the items whose flag in `keep` is true (and any past its end).
fn retain_by<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    v.retain(|_| flags.next().copied().unwrap_or(true));
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// The terminal's width when standard output is one; tables are not wrapped otherwise.
fn terminal_width() -> Option<u16> {
    if crate::cli::terminal::stdout_is_terminal() {
        // A pseudo-terminal may report no width at all: do not squeeze tables into it.
        terminal_size::terminal_size()
            .map(|(w, _)| w.0)
            .filter(|w| *w >= 40)
    } else {
        None
    }
}
