//! The terminal mode: a rustyline editor with history in the user's data directory, the
//! banner, and the read–run loop. Ctrl-C abandons the line, Ctrl-D leaves.

use super::helper::ReplHelper;
use super::session::Session;
use rustyline::Editor;
use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use std::path::PathBuf;

/// Where the history is kept: `$BASIS_HISTORY`, else `<data dir>/basis/history`; never the
/// working directory.
pub fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BASIS_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("basis").join("history"))
}

/// Runs the session at the terminal until `.quit` or Ctrl-D; returns whether it ended cleanly.
pub fn run(mut session: Session) -> bool {
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
    let history = history_path();
    let history_note = match &history {
        Some(path) => {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            match editor.load_history(path) {
                Ok(()) => path.display().to_string(),
                Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    path.display().to_string()
                }
                Err(e) => {
                    warn(&format!(
                        "could not read the history {}: {e}",
                        path.display()
                    ));
                    path.display().to_string()
                }
            }
        }
        None => {
            warn("no data directory for the history: it will not be kept");
            "none".to_string()
        }
    };
    banner(&session, &history_note);
    let mut generation = session.generation;
    let prompt = "basis> ";
    loop {
        match editor.readline(prompt) {
            Ok(entry) => {
                if entry.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(entry.trim_end());
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
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                session.error(&format!("reading input: {e}"));
                save_history(&mut editor, history.as_ref());
                return false;
            }
        }
    }
    save_history(&mut editor, history.as_ref());
    true
}

fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: Option<&PathBuf>) {
    if let Some(path) = path
        && let Err(e) = editor.save_history(path)
    {
        warn(&format!(
            "could not save the history {}: {e}",
            path.display()
        ));
    }
}

fn warn(text: &str) {
    eprintln!("warning: {text}");
}

fn banner(session: &Session, history: &str) {
    println!(
        "basis {} — type .help for help, .quit or Ctrl-D to leave\n\
         data: {} ({})\n\
         history: {history}\n",
        env!("CARGO_PKG_VERSION"),
        session.data,
        session.counts(),
    );
}
