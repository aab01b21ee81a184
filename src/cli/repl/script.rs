//! The script mode, when standard input is not a terminal: no prompts, colours or banner;
//! queries end at a line break or `;` unless a parenthesis or quote is still open; lines that
//! start with `.` are meta-commands. Every query runs, and the exit code says if any failed.

use super::lex::is_incomplete;
use super::session::Session;
use std::io::Read;

/// Runs every entry of standard input; returns whether all succeeded.
pub fn run(mut session: Session) -> bool {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        session.error(&format!("reading standard input: {e}"));
        return false;
    }
    run_text(&mut session, &input)
}

/// Runs each entry of `input` in turn.
pub fn run_text(session: &mut Session, input: &str) -> bool {
    let mut ok = true;
    let mut pending = String::new();
    for line in input.lines() {
        if pending.trim().is_empty() && line.trim_start().starts_with('.') {
            let outcome = session.run_entry(line);
            ok &= outcome.ok;
            if outcome.quit {
                return ok;
            }
            continue;
        }
        pending.push_str(line);
        pending.push('\n');
        if is_incomplete(&pending) {
            continue;
        }
        ok &= session.run_entry(&pending).ok;
        pending.clear();
        // Ctrl-C stops the query it interrupts and, in a script, the script.
        if session.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
    }
    if !pending.trim().is_empty() {
        // An unclosed parenthesis or quote at the end: its error says so.
        ok &= session.run_entry(&pending).ok;
    }
    ok
}
