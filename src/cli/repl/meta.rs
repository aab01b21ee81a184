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
            ".timeout" => self.set_timeout(arg),
            ".limit" => self.set_limit(arg),
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

    /// `.timeout [SECONDS|off]`: the time limit of each query.
    fn set_timeout(&mut self, arg: &str) -> Outcome {
        match arg.to_lowercase().as_str() {
            "" => {}
            "off" | "none" => self.budget.timeout = None,
            a => match crate::cli::parse_seconds(a) {
                Ok(d) => self.budget.timeout = Some(d),
                Err(e) => {
                    self.error(&format!("{e} (usage: .timeout SECONDS|off)"));
                    return Outcome::FAILED;
                }
            },
        }
        let shown = self
            .budget
            .timeout
            .map_or("off".to_string(), |d| format!("{} s", d.as_secs_f64()));
        self.note(&format!("timeout: {shown}"));
        Outcome::OK
    }

    /// `.limit [rows|groups|memory VALUE]`: what each query may hold.
    fn set_limit(&mut self, arg: &str) -> Outcome {
        let mut words = arg.split_whitespace();
        let (which, value) = (words.next(), words.next());
        let parsed = match (which, value) {
            (None, _) => Ok(()),
            (Some(w), Some(v)) => match w.to_lowercase().as_str() {
                "rows" => v
                    .parse()
                    .map(|n| self.budget.rows = n)
                    .map_err(|_| format!("`{v}` is not a number")),
                "groups" => v
                    .parse()
                    .map(|n| self.budget.groups = n)
                    .map_err(|_| format!("`{v}` is not a number")),
                "memory" => crate::cli::parse_size(v).map(|n| self.budget.memory = n),
                other => Err(format!(
                    "unknown limit `{other}`: use rows, groups or memory"
                )),
            },
            (Some(_), None) => Err("usage: .limit rows|groups|memory VALUE".to_string()),
        };
        if let Err(e) = parsed {
            self.error(&e);
            return Outcome::FAILED;
        }
        self.note(&format!(
            "limits: rows {} · groups {} · memory {} bytes",
            self.budget.rows, self.budget.groups, self.budget.memory
        ));
        Outcome::OK
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
