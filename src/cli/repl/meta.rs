//! Meta-commands: lines that start with `.` change the session instead of querying it.

use super::complete::META_WORDS;
use super::help::help;
use super::session::{Outcome, Session};
use super::source::source;
use crate::diagnostic::did_you_mean;
use crate::file::write_atomic;
use crate::model::{DataSource, load};
use crate::output::{Format, render};
use std::path::PathBuf;

impl Session {
    /// Runs the meta-command `line` (which starts with `.`).
    pub(super) fn meta(&mut self, line: &str) -> Outcome {
        let (cmd, arg) = match line.split_once(char::is_whitespace) {
            Some((c, a)) => (c, a.trim()),
            None => (line, ""),
        };
        match cmd.to_lowercase().as_str() {
            ".help" | ".h" | ".?" => {
                self.print(&help(arg));
                Outcome::OK
            }
            ".quit" | ".exit" | ".q" => Outcome {
                ok: true,
                quit: true,
            },
            ".format" => self.set_format(arg),
            ".explain" => self.toggle(arg, "explain"),
            ".timing" => self.toggle(arg, "timing"),
            ".data" => self.load_data(arg),
            ".source" => {
                match source(self.last.as_deref(), arg, &self.model, self.color) {
                    Ok(text) => self.print(&text),
                    Err(e) => {
                        self.error(&e);
                        return Outcome::FAILED;
                    }
                }
                Outcome::OK
            }
            ".save" => self.save(arg),
            other => {
                let near = did_you_mean(other, META_WORDS.iter().copied());
                let hint = near.map_or(String::new(), |n| format!(" — did you mean `{n}`?"));
                self.error(&format!(
                    "unknown command `{other}`{hint} (`.help meta` lists them)"
                ));
                Outcome::FAILED
            }
        }
    }

    fn set_format(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.note(&format!("format: {}", self.format));
            return Outcome::OK;
        }
        match arg.parse::<Format>() {
            Ok(f) => {
                self.format = f;
                self.note(&format!("format: {f}"));
                Outcome::OK
            }
            Err(e) => {
                self.error(&e);
                Outcome::FAILED
            }
        }
    }

    fn toggle(&mut self, arg: &str, what: &str) -> Outcome {
        let value = match arg.to_lowercase().as_str() {
            "on" | "true" | "yes" | "1" => Some(true),
            "off" | "false" | "no" | "0" => Some(false),
            "" => None,
            _ => {
                self.error(&format!("usage: .{what} on|off"));
                return Outcome::FAILED;
            }
        };
        let slot = if what == "explain" {
            &mut self.explain
        } else {
            &mut self.timing
        };
        if let Some(v) = value {
            *slot = v;
        }
        let state = if *slot { "on" } else { "off" };
        self.note(&format!("{what}: {state}"));
        Outcome::OK
    }

    fn load_data(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.note(&format!("data: {} ({})", self.data, self.counts()));
            return Outcome::OK;
        }
        let path = PathBuf::from(arg);
        match load(&DataSource::Path(path.clone())) {
            Ok(model) => {
                self.replace_model(model, path.display().to_string());
                self.note(&format!("data: {} ({})", self.data, self.counts()));
                Outcome::OK
            }
            Err(errors) => {
                self.error_block(&errors.render(self.color));
                self.note(&format!(
                    "kept the current data: {} ({})",
                    self.data,
                    self.counts()
                ));
                Outcome::FAILED
            }
        }
    }

    fn save(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.error("usage: .save FILE — writes the last result in the current format");
            return Outcome::FAILED;
        }
        let Some(tables) = &self.last else {
            self.error("no result to save yet: run a query first");
            return Outcome::FAILED;
        };
        let text = render(tables, self.format, None);
        let path = PathBuf::from(arg);
        match write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
                self.note(&format!(
                    "saved {rows} row{} as {} to {}",
                    if rows == 1 { "" } else { "s" },
                    self.format,
                    path.display()
                ));
                Outcome::OK
            }
            Err(e) => {
                self.error(&format!("could not save to {}: {e}", path.display()));
                Outcome::FAILED
            }
        }
    }
}
