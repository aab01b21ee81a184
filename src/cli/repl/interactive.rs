//! The terminal mode: a rustyline editor with history in the user's data directory, the
//! banner, and the read–run loop. A whole query typed on one line runs at Enter; one that
//! cannot end yet, or an entity alone (`recipients`, `count flows`: the first line of a
//! statement written a clause a line, as in SQL), continues on a `...>` prompt, and a
//! statement of several lines runs at `;` or an empty line ([`complete`]). Ctrl-C abandons
//! the line (or the statement being continued), as in psql; Ctrl-D leaves. Each entry is
//! appended to the history file at once, so a crash or a killed terminal loses nothing.

use super::helper::ReplHelper;
use super::lex::{continues, ends_statement, is_bare, is_meta_line, needs_more};
use super::session::Session;
use rustyline::Editor;
use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::{DefaultHistory, History};
use std::path::{Path, PathBuf};

/// The prompt of a new statement.
pub(super) const PROMPT: &str = "basis> ";
/// The prompt of a line that continues a statement.
pub(super) const CONTINUE: &str = "  ...> ";
/// The largest history file basis reads; a bigger one is left alone.
const MAX_HISTORY_BYTES: u64 = 8 << 20;

/// Where the history is kept: `$BASIS_HISTORY`, else `<data dir>/basis/history`; never the
/// working directory.
pub(super) fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BASIS_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("basis").join("history"))
}

/// Whether the history file at `path` may be read and appended to: a regular text file of
/// reasonable size, or none yet in a directory that exists. Anything else (a FIFO that would
/// block, `/dev/zero`, binary data, a huge file, a missing directory) is left untouched and
/// the reason returned, checked without reading more than [`MAX_HISTORY_BYTES`].
pub(super) fn usable_history(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(format!(
                "directory {} does not exist (create it to keep history)",
                dir.display()
            )),
            _ => Ok(()),
        },
        Err(e) => Err(e.to_string()),
        Ok(m) if !m.is_file() => Err("it is not a regular file".to_string()),
        Ok(m) if m.len() > MAX_HISTORY_BYTES => Err(format!(
            "it is {} bytes, over the {MAX_HISTORY_BYTES} basis reads",
            m.len()
        )),
        Ok(_) => {
            let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
            if bytes.contains(&0) || std::str::from_utf8(&bytes).is_err() {
                Err("it is not a text history file".to_string())
            } else {
                Ok(())
            }
        }
    }
}

/// Runs the session at the terminal until `.quit` or Ctrl-D; returns whether it ended cleanly.
pub(super) fn run(mut session: Session) -> bool {
    // Repeated entries are left out of the history by default.
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            session.error(&format!("cannot start the line editor: {e}"));
            return false;
        }
    };
    editor.set_helper(Some(ReplHelper::new(&session.model, session.color)));
    let (mut history, history_note) = open_history(&mut editor);
    banner(&session, &history_note);
    let mut generation = session.generation;
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { PROMPT } else { CONTINUE };
        match editor.readline(prompt) {
            Ok(line) => {
                if pending.is_empty() && line.trim().is_empty() {
                    continue;
                }
                let first = pending.is_empty();
                pending.push_str(&line);
                if first && !is_meta_line(&pending) && continues(&pending) {
                    // `where …` alone: its statement ran at the Enter before. Say so rather
                    // than fail to parse it.
                    let _ = editor.add_history_entry(pending.trim_end());
                    session.error(&format!(
                        "`{}` goes on with a statement, but the one before it has run already                          (a whole line with a clause runs at Enter). Type ↑ to bring that one                          back and add to it; a statement typed over several lines runs at `;`                          or an empty line",
                        pending.trim()
                    ));
                    pending.clear();
                    continue;
                }
                if !complete(&pending, line.trim().is_empty()) {
                    pending.push('\n');
                    continue;
                }
                let entry = std::mem::take(&mut pending);
                if !remember(&mut editor, history.as_deref(), entry.trim_end()) {
                    // Said once; the session keeps its history in memory.
                    history = None;
                }
                let outcome = session.run_entry(&entry);
                if session.generation != generation {
                    generation = session.generation;
                    if let Some(h) = editor.helper_mut() {
                        h.set_model(&session.model);
                    }
                }
                if outcome.quit {
                    break;
                }
            }
            // As psql: Ctrl-C drops what was typed (the continued statement too), keeps going.
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                session.error(&format!("reading input: {e}"));
                return false;
            }
        }
    }
    true
}

/// Whether the text typed so far (`pending`, its last line just entered; `empty`: that line
/// is empty) is a statement to run now. A command is one line. A query runs when it can end
/// and: it ends with `;`; or an empty line follows it; or it is one line with a clause. An
/// entity alone waits for its clauses, and a statement of several lines for `;` or an empty
/// line, so that a query typed a clause a line never runs half-written.
fn complete(pending: &str, empty: bool) -> bool {
    if is_meta_line(pending) && !pending.contains('\n') {
        return true;
    }
    if needs_more(pending) {
        return false;
    }
    ends_statement(pending) || empty || !(pending.contains('\n') || is_bare(pending))
}

/// Loads the history when the file is usable; returns the path to append to (none: history
/// is kept in memory only) and what the banner says about it.
fn open_history(editor: &mut Editor<ReplHelper, DefaultHistory>) -> (Option<PathBuf>, String) {
    let Some(path) = history_path() else {
        warn("no data directory for the history: it is kept for this session only");
        return (None, "this session only".to_string());
    };
    let from_env = std::env::var_os("BASIS_HISTORY").is_some_and(|p| !p.is_empty());
    if !from_env
        && let Some(dir) = path.parent()
        && !dir.exists()
    {
        // The default place, in the user's own data directory: made once, and said.
        match std::fs::create_dir_all(dir) {
            Ok(()) => eprintln!("created {} for the history", dir.display()),
            Err(e) => warn(&format!("cannot create {}: {e}", dir.display())),
        }
    }
    if let Err(why) = usable_history(&path) {
        warn(&format!(
            "history {} left untouched: {why}; this session's history is kept in memory only",
            path.display()
        ));
        return (None, format!("{} (not used)", path.display()));
    }
    if path.exists()
        && let Err(e) = editor.load_history(&path)
    {
        warn(&format!(
            "could not read the history {}: {e}; kept in memory only",
            path.display()
        ));
        return (None, format!("{} (not used)", path.display()));
    }
    let note = path.display().to_string();
    (Some(path), note)
}

/// Adds an entry to the history and appends it to the file at once; false when the file
/// could not be written (after a warning).
fn remember(
    editor: &mut Editor<ReplHelper, DefaultHistory>,
    path: Option<&Path>,
    entry: &str,
) -> bool {
    let _ = editor.add_history_entry(entry);
    if let Some(path) = path
        && let Err(e) = editor.history_mut().append(path)
    {
        warn(&format!(
            "could not save the history {}: {e}; kept in memory from now on",
            path.display()
        ));
        return false;
    }
    true
}

fn warn(text: &str) {
    eprintln!("warning: {text}");
}

fn banner(session: &Session, history: &str) {
    crate::cli::out::print(&format!(
        "basis {} — type .help for help, .quit or Ctrl-D to leave\n\
         data: {} ({})\n\
         history: {history}\n\n",
        env!("CARGO_PKG_VERSION"),
        session.data,
        session.counts(),
    ));
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn a_statement_runs_at_semicolon_an_empty_line_or_a_whole_line_with_a_clause() {
        assert!(complete("orgs where org = x", false));
        assert!(complete(".format csv", false));
        assert!(!complete("recipients", false), "an entity alone waits");
        assert!(!complete("count recipients", false));
        assert!(complete("recipients\n", true), "an empty line runs it");
        assert!(complete("recipients;", false));
        assert!(
            !complete("recipients\nwhere org = x", false),
            "several lines wait"
        );
        assert!(complete("recipients\nwhere org = x;", false));
        assert!(!complete("recipients where", false));
        assert!(!complete("recipients where\n", true), "cannot end yet");
    }
}
