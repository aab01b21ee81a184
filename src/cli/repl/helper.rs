//! The editor's helper: rustyline asks it for completions, hints from history and
//! highlighting. Whether a statement is finished is decided by the read loop, which shows a
//! `...>` prompt for the next line.

use super::complete::{Vocabulary, complete_described};
use super::highlight::highlight;
use crate::model::Model;
use nu_ansi_term::Color;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;

/// Completion, hints, highlighting and validation for `basis repl`.
pub(crate) struct ReplHelper {
    vocab: Vocabulary,
    files: FilenameCompleter,
    hinter: HistoryHinter,
    color: bool,
}

impl ReplHelper {
    /// A helper completing names from `model`; `color` turns highlighting on.
    pub(crate) fn new(model: &Model, color: bool) -> Self {
        ReplHelper {
            vocab: Vocabulary::new(model),
            files: FilenameCompleter::new(),
            hinter: HistoryHinter::new(),
            color,
        }
    }

    /// Completes names from another model (after `.data`).
    pub(crate) fn set_model(&mut self, model: &Model) {
        self.vocab = Vocabulary::new(model);
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = line.get(..pos).unwrap_or(line).trim_start();
        let files = [".data ", ".save ", ".once ", ".output ", ".read "];
        if files.iter().any(|c| head.starts_with(c)) {
            return self.files.complete(line, pos, ctx);
        }
        let (start, cands) = complete_described(&self.vocab, line, pos);
        // One candidate a line, `id  kind  name`, in aligned columns: rustyline lays the
        // list out in as many columns as fit, so each line is padded past half the screen.
        let cols = terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0));
        let text_w = cands
            .iter()
            .map(|c| c.text.chars().count())
            .max()
            .unwrap_or(0);
        let kind_w = cands.iter().map(|c| c.kind.len()).max().unwrap_or(0);
        let pairs = cands
            .into_iter()
            .map(|c| {
                let line = format!("{:<text_w$}  {:<kind_w$}  {}", c.text, c.kind, c.name);
                Pair {
                    display: format!("{:<w$}", line.trim_end(), w = cols / 2 + 1),
                    replacement: c.text,
                }
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(highlight(line))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(Color::DarkGray.paint(hint).to_string())
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Any character can change a word's class or the error column.
        self.color
    }
}

// Every line is handed back at Enter: the read loop continues an unfinished statement on a
// prompt of its own, which rustyline's multi-line buffer cannot show.
impl Validator for ReplHelper {}

impl Helper for ReplHelper {}
