//! The script mode, when standard input is not a terminal: no prompts, colours or banner.
//! Statements end at `;` or at the end of a line where the query is whole; lines that start
//! with `.` are meta-commands. Errors name the script's line (`script:3:1`); a line that is
//! not UTF-8 is an error on that line and the others still run. Every statement runs unless
//! `.bail on` (`--bail`), and the exit code says if any failed.

use super::meta::decode_lines;
use super::session::Session;
use std::io::Read;

/// Runs every entry of standard input; returns whether all succeeded.
pub(super) fn run(mut session: Session) -> bool {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        session.error(&format!("reading standard input: {e}"));
        return false;
    }
    let (text, decoded) = decode_lines(&session, &input, "script");
    if !decoded && session.bail {
        return false;
    }
    let outcome = session.run_text(&text, Some("script"));
    outcome.ok && decoded
}
