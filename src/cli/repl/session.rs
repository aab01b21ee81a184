//! The state of one REPL session (the model, the output settings, the last result) and how one
//! entry — meta-commands and queries, split by [`statements`] — is run. Both the terminal and
//! the script mode drive a [`Session`].

use super::lex::statements;
use super::shape::{Cancellable, Shaped};
use crate::cli::Failure;
use crate::cli::out::Screen;
use crate::cli::query::{Ran, human, stream_query};
use crate::file::OutputFile;
use crate::model::Model;
use crate::output::save::{SaveAs, file_sink};
use crate::output::stream::{TABLE_ROWS, View, sink_in};
use crate::output::{Format, Table};
use crate::table::{Collect, RowSink, Tee};
use std::io::{BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One session: what is loaded and how results are shown.
pub(crate) struct Session {
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
    /// The tables of the last successful query (its first [`KEPT_ROWS`] rows), for `.source`
    /// and `.save`.
    pub last: Option<Vec<Table>>,
    /// How many rows the last result had in all.
    pub last_total: u64,
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

/// Results written to a file by `.output` or `.once`: through a temporary file renamed into
/// place when the redirection ends, or in place for a device or FIFO (`file.rs`).
pub(super) struct Redirect {
    /// The file, as the user named it.
    pub path: std::path::PathBuf,
    /// The open output (`None` once committed).
    pub file: Option<OutputFile>,
    /// The format its extension names; otherwise the current format.
    pub how: Option<SaveAs>,
    /// `.once`: only the next result.
    pub once: bool,
}

impl Redirect {
    /// Finishes the file: renamed into place (or, written in place, closed).
    pub(super) fn close(&mut self) -> std::io::Result<()> {
        match self.file.take() {
            Some(f) => f.commit().map(|_| ()),
            None => Ok(()),
        }
    }
}

impl Drop for Redirect {
    fn drop(&mut self) {
        // The shell ending keeps what `.output` wrote, as closing it does.
        let _ = self.close();
    }
}

/// The most rows of a result the REPL keeps (for `.save` and `.source`); printing streams.
pub(crate) const KEPT_ROWS: usize = TABLE_ROWS;

/// What running an entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
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
    pub(crate) fn new(model: Model, data: String, format: Format, color: bool) -> Self {
        Session {
            model,
            data,
            format,
            explain: false,
            timing: false,
            last: None,
            last_total: 0,
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
    pub(crate) fn counts(&self) -> String {
        let m = &self.model;
        format!(
            "{} orgs, {} notices, {} flows",
            m.orgs.len(),
            m.notices.len(),
            m.flows.len()
        )
    }

    /// Runs one entry typed at the prompt or pasted: its meta-commands and queries in turn.
    pub(crate) fn run_entry(&mut self, entry: &str) -> Outcome {
        self.run_text(entry, None)
    }

    /// Runs the statements of `text` in turn; `origin` names a script or `.read` file, so that
    /// errors point at its lines (`script:3:1`). With `.bail on` the first failure stops it;
    /// Ctrl-C stops a script.
    pub(crate) fn run_text(&mut self, text: &str, origin: Option<&str>) -> Outcome {
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
            // Standard output gone (a full disk, a reader that closed the pipe): nothing more
            // can be shown. `cli::run` reports a failure; a closed pipe ends quietly.
            if crate::cli::out::gone() {
                return Outcome {
                    ok: ok && !crate::cli::out::failed(),
                    quit: true,
                };
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
        let started = std::time::Instant::now();
        let mut kept = Collect::capped(KEPT_ROWS);
        match self.stream(&text, &mut kept) {
            Ok(ran) => {
                for n in &ran.notes {
                    self.note(&format!("note: {n}"));
                }
                if self.timing {
                    self.note(&format!(
                        "parse {} · plan {} · execute {} · total with printing {}",
                        human(ran.timing.parse),
                        human(ran.timing.plan),
                        human(ran.timing.execute),
                        human(started.elapsed())
                    ));
                }
                self.last_total = kept.total;
                self.last = Some(vec![kept.table]);
                self.last_query = Some(text.trim().to_string());
                true
            }
            Err(f) => {
                let message = if self.cancel.load(Ordering::Relaxed) {
                    "error: the query was cancelled (Ctrl-C)\n".to_string()
                } else {
                    f.message
                };
                let message = match located {
                    Some((name, _)) if message.contains("─ query:") => {
                        message.replacen("─ query:", &format!("─ {name}:"), 1)
                    }
                    Some((name, line)) if !message.is_empty() => {
                        format!("{message}  = note: at {name}:{line}\n")
                    }
                    _ => message,
                };
                self.error_block(&message);
                false
            }
        }
    }

    /// Runs the query `text`, printing its rows as they come — numbered for `.source`,
    /// without evidence after `.evidence off`, cut to `.maxrows`, to the `.output` file or
    /// through the pager to standard output — and keeping the first [`KEPT_ROWS`] in `kept`.
    fn stream(&mut self, text: &str, kept: &mut Collect) -> Result<Ran, Failure> {
        let budget = crate::engine::Budget {
            cancel: Some(self.cancel.clone()),
            ..self.budget.clone()
        };
        let maxrows = self.maxrows;
        let run = Run {
            text,
            model: &self.model,
            engine: self.engine,
            budget,
            color: self.color,
            number: matches!(self.format, Format::Table | Format::Line | Format::Wrap),
            evidence: self.evidence,
            maxrows,
        };
        if let Some(r) = &mut self.redirect {
            let how = r.how.clone().unwrap_or(SaveAs::Text(self.format));
            let path = r.path.display().to_string();
            let Some(file) = r.file.as_mut() else {
                self.redirect = None;
                return Err(fail(format!(
                    "{path} is closed; results go to standard output"
                )));
            };
            let mut noting = Noting {
                inner: file,
                failed: false,
            };
            let ran = run.into(file_sink(&how, Some(text.trim()), &mut noting), kept);
            if noting.failed {
                // The file could not take the result: its temporary copy goes, the old file
                // stays, and results come to the screen again.
                drop(r.file.take());
                self.redirect = None;
                return ran
                    .and_then(|_| Err(fail(format!("could not write {path}"))))
                    .map_err(|f| Failure {
                        message: format!(
                            "{}  = note: {path} is left as it was; results go to standard \
                             output again\n",
                            f.message
                        ),
                        code: f.code,
                    });
            }
            // A query that failed (a mistake, a budget) wrote nothing: `.once` waits for the
            // next result, `.output` goes on.
            if ran.is_ok() && r.once {
                let closed = r.close();
                self.redirect = None;
                closed.map_err(|e| fail(format!("could not write {path}: {e}")))?;
            }
            return ran;
        }
        let view = View {
            width: terminal_width(),
            cap: maxrows.map_or(TABLE_ROWS, |m| m.clamp(1, TABLE_ROWS)),
            more: if maxrows.is_some() {
                "`.maxrows off` prints them all".to_string()
            } else {
                "`.format csv` or `.format jsonl` prints them all, `limit N` fewer".to_string()
            },
        };
        let mut screen = Screen::new(self.pager);
        let ran = {
            let mut cancellable = Cancellable {
                inner: &mut screen,
                cancel: self.cancel.clone(),
            };
            let mut w = BufWriter::new(&mut cancellable);
            let ran = run.into(sink_in(self.format, view, &mut w), kept);
            let _ = w.flush();
            ran
        };
        let _ = screen.finish();
        ran
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
pub(super) fn terminal_width() -> Option<u16> {
    if crate::cli::terminal::stdout_is_terminal() {
        // A pseudo-terminal may report no width at all: do not squeeze tables into it.
        terminal_size::terminal_size()
            .map(|(w, _)| w.0)
            .filter(|w| *w >= 40)
    } else {
        None
    }
}

/// A writer that notes whether a write failed (a full disk, a closed FIFO), which a query's
/// own errors never are.
struct Noting<'w> {
    inner: &'w mut dyn Write,
    failed: bool,
}

impl Write for Noting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

/// One query of the session and how its result is shaped.
struct Run<'t, 'm> {
    text: &'t str,
    model: &'m Model,
    engine: crate::engine::Engine,
    budget: crate::engine::Budget,
    color: bool,
    /// A terminal view: rows get the `#` of `.source N`.
    number: bool,
    evidence: bool,
    maxrows: Option<usize>,
}

impl<'m> Run<'_, 'm> {
    /// Runs the query, showing it through `shown` and keeping its first rows in `kept`.
    fn into(self, shown: Box<dyn RowSink<'m> + '_>, kept: &mut Collect) -> Result<Ran, Failure> {
        let mut shaped = Shaped::new(shown, self.number, self.evidence, self.maxrows);
        let mut tee = Tee::new(&mut shaped, kept);
        // The `evidence` column is kept for `.source N`, which lists every sentence a row
        // rests on; the shaping hides it.
        stream_query(
            self.text,
            self.model,
            self.engine,
            self.budget,
            &mut tee,
            self.color,
            true,
        )
    }
}

/// A failure of the shell's own (exit 1), as an error line.
fn fail(text: String) -> Failure {
    Failure {
        message: format!("error: {text}\n"),
        code: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::thousands;

    /// Typed in prose, so checked here: the REPL's cap and the terminal table's.
    #[test]
    fn the_documented_row_caps_are_the_real_ones() {
        let kept = thousands(KEPT_ROWS);
        assert!(
            include_str!("../../../docs/repl.md").contains(&format!("at most {kept} rows")),
            "docs/repl.md: {kept}"
        );
        let cap = thousands(TABLE_ROWS);
        assert!(
            include_str!("../../../docs/language.md").contains(&cap),
            "docs/language.md names the table cap {cap}"
        );
    }
}
