//! The editor's helper: rustyline asks it for completions, hints from history, highlighting,
//! and whether the input is finished (an open parenthesis or quote continues it).

use super::complete::{Vocabulary, complete};
use super::highlight::highlight;
use super::lex::is_incomplete;
use crate::model::Model;
use nu_ansi_term::Color;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use std::borrow::Cow;

/// Completion, hints, highlighting and validation for `basis repl`.
pub struct ReplHelper {
    vocab: Vocabulary,
    files: FilenameCompleter,
    hinter: HistoryHinter,
    color: bool,
}

impl ReplHelper {
    /// A helper completing names from `model`; `color` turns highlighting on.
    pub fn new(model: &Model, color: bool) -> Self {
        ReplHelper {
            vocab: Vocabulary::new(model),
            files: FilenameCompleter::new(),
            hinter: HistoryHinter::new(),
            color,
        }
    }

    /// Completes names from another model (after `.data`).
    pub fn set_model(&mut self, model: &Model) {
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
        if head.starts_with(".data ") || head.starts_with(".save ") {
            return self.files.complete(line, pos, ctx);
        }
        let (start, words) = complete(&self.vocab, line, pos);
        let pairs = words
            .into_iter()
            .map(|w| Pair {
                display: w.clone(),
                replacement: w,
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

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        if !input.trim_start().starts_with('.') && is_incomplete(input) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Helper for ReplHelper {}
