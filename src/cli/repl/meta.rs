//! Meta-commands: lines that start with `.` change the session instead of querying it.

use super::complete::META_WORDS;
use super::help::help;
use super::session::{KEPT_ROWS, Redirect};
use super::session::{Outcome, Session};
use super::source::source;
use crate::diagnostic::did_you_mean;
use crate::file::{OutputFile, write_file};
use crate::model::{DataSource, LoadErrors, Model, load};
use crate::output::Format;
use crate::output::save::{SaveAs, save_bytes};
use std::path::{Path, PathBuf};

/// The largest file `.read` runs.
const MAX_SCRIPT_BYTES: u64 = 16 << 20;
/// How deep `.read` files may nest (a file that reads itself stops here).
const MAX_READ_DEPTH: usize = 16;

/// `path` with a leading `~` or `~/` replaced by the home directory.
pub(super) fn expand_tilde(path: &str) -> PathBuf {
    match (path.strip_prefix('~'), dirs::home_dir()) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') => home.join(&rest[1..]),
        _ => PathBuf::from(path),
    }
}

/// The lines of `bytes` as text; a line that is not UTF-8 is reported (`name:L:C`) and left
/// out (an empty line keeps the numbering), so the others still run. Returns whether every
/// line decoded.
pub(super) fn decode_lines(session: &Session, bytes: &[u8], name: &str) -> (String, bool) {
    let mut text = String::with_capacity(bytes.len());
    let mut ok = true;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(l) => text.push_str(l),
            Err(e) => {
                ok = false;
                let good = String::from_utf8_lossy(&line[..e.valid_up_to()]);
                session.error(&format!(
                    "{name}:{}:{}: the line is not UTF-8 text (byte {}); it was skipped",
                    i + 1,
                    good.chars().count() + 1,
                    e.valid_up_to() + 1
                ));
            }
        }
    }
    (text, ok)
}

impl Session {
    /// Runs the meta-command `line` (which starts with `.`).
    pub(super) fn meta(&mut self, line: &str) -> Outcome {
        let (cmd, arg) = match line.split_once(char::is_whitespace) {
            Some((c, a)) => (c, a.trim()),
            None => (line, ""),
        };
        let cmd = cmd.trim_end_matches(';').to_lowercase();
        match cmd.as_str() {
            ".help" | ".h" | ".?" | "help" | "\\?" | "\\h" => {
                // Narrower than the help's 80 columns: wrapped at spaces, never in a word.
                let text = help(arg);
                match super::session::terminal_width() {
                    Some(w) => self.print(&crate::cli::help::wrap_document(&text, usize::from(w))),
                    None => self.print(&text),
                }
                Outcome::OK
            }
            ".quit" | ".exit" | ".q" | "exit" | "quit" | "\\q" => Outcome {
                ok: true,
                quit: true,
            },
            ".format" | ".mode" => self.set_format(arg),
            ".bail" => self.toggle(arg, "bail"),
            ".evidence" => self.toggle(arg, "evidence"),
            ".maxrows" => self.set_maxrows(arg),
            ".read" => self.read(arg),
            ".output" => self.set_output(arg, false),
            ".once" => self.set_output(arg, true),
            ".explain" => self.toggle(arg, "explain"),
            // `.timer` as sqlite spells it.
            ".timing" | ".timer" => self.toggle(arg, "timing"),
            ".timeout" => self.set_timeout(arg),
            ".limit" => self.set_limit(arg),
            ".data" => self.load_data(arg),
            ".proposal" => self.apply_proposal(arg),
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
            other if other.starts_with('\\') => {
                self.error(&format!(
                    "unknown command `{other}`: basis knows `\\q` (leave) and `\\?` (help); `.help meta` lists the rest"
                ));
                Outcome::FAILED
            }
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
        let slot = match what {
            "explain" => &mut self.explain,
            "bail" => &mut self.bail,
            "evidence" => &mut self.evidence,
            _ => &mut self.timing,
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
        let path = expand_tilde(arg);
        let progress =
            crate::cli::progress::Progress::start(crate::cli::progress::load_label(Some(&path)));
        let loaded = load(&DataSource::Path(path.clone()));
        progress.finish(&format!("loaded {}", path.display()));
        self.take_model(loaded.map(|model| (model, path.display().to_string())))
    }

    /// Makes a model loaded by `.data` or `.proposal` the session's, under its label, or shows
    /// why it did not load and keeps the current one.
    fn take_model(&mut self, loaded: Result<(Model, String), LoadErrors>) -> Outcome {
        match loaded {
            Ok((model, label)) => {
                self.replace_model(model, label);
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

    /// `.proposal FILE`: lays a DPIA proposal (docs/dpia.md) over the session's dataset, so
    /// that later queries see it; a proposal that does not load keeps the current data.
    fn apply_proposal(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.error("usage: .proposal FILE.toml");
            return Outcome::FAILED;
        }
        if self.data.contains(" with proposal ") {
            self.error("a proposal is already applied: `.data PATH` reloads a dataset first");
            return Outcome::FAILED;
        }
        let source = if self.data == "built-in datasets" {
            DataSource::Builtin
        } else {
            DataSource::Path(std::path::PathBuf::from(&self.data))
        };
        let path = expand_tilde(arg);
        let label = format!("{} with proposal {}", self.data, path.display());
        let loaded = crate::model::load::load_with_proposal(&source, &path);
        self.take_model(loaded.map(|(_, model)| (model, label)))
    }

    /// `.maxrows N|off`: the most rows a result prints.
    fn set_maxrows(&mut self, arg: &str) -> Outcome {
        match arg.to_lowercase().as_str() {
            "" => {}
            "off" | "none" | "0" => self.maxrows = None,
            a => match a.parse::<usize>() {
                Ok(n) => self.maxrows = Some(n),
                Err(_) => {
                    self.error(&format!("`{a}` is not a number (usage: .maxrows N|off)"));
                    return Outcome::FAILED;
                }
            },
        }
        let shown = self.maxrows.map_or("off".to_string(), |n| n.to_string());
        self.note(&format!("maxrows: {shown}"));
        Outcome::OK
    }

    /// `.read FILE`: runs the file's statements; its errors name its lines.
    fn read(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.error("usage: .read FILE — runs the queries and commands in FILE");
            return Outcome::FAILED;
        }
        if self.depth >= MAX_READ_DEPTH {
            self.error(&format!(
                "`.read {arg}`: .read files nested {MAX_READ_DEPTH} deep; does a file read itself?"
            ));
            return Outcome::FAILED;
        }
        let path = expand_tilde(arg);
        let bytes = match read_script(&path) {
            Ok(b) => b,
            Err(e) => {
                self.error(&format!("cannot read {}: {e}", path.display()));
                return Outcome::FAILED;
            }
        };
        let name = path.display().to_string();
        let (text, decoded) = decode_lines(self, &bytes, &name);
        self.depth += 1;
        let outcome = self.run_text(&text, Some(&name));
        self.depth -= 1;
        Outcome {
            ok: outcome.ok && decoded,
            quit: outcome.quit,
        }
    }

    /// `.output FILE` (every later result) and `.once FILE` (the next one), in the format the
    /// file's extension names (`.csv`, `.json`, `.jsonl`, `.md`, `.txt`; `.once` also `.html`
    /// and `.xlsx`), else the current one; `.output` alone goes back to standard output. The
    /// file is written as `-o` writes one (`file.rs`): a regular file replaced when the
    /// redirection ends, a device or FIFO in place, a read-only file refused.
    fn set_output(&mut self, arg: &str, once: bool) -> Outcome {
        // The redirection before this one ends here.
        if let Some(mut r) = self.redirect.take()
            && let Err(e) = r.close()
        {
            self.error(&format!("could not write {}: {e}", r.path.display()));
        }
        if arg.is_empty() {
            if once {
                self.error("usage: .once FILE — writes the next result to FILE");
                return Outcome::FAILED;
            }
            self.note("output: standard output");
            return Outcome::OK;
        }
        let path = expand_tilde(arg);
        let how = SaveAs::from_extension(&path);
        if !once && matches!(how, Some(SaveAs::Html | SaveAs::Xlsx)) {
            self.error(&format!(
                "`.output {arg}`: a page or workbook holds one result; use `.once {arg}` or \
                 `.save {arg}`"
            ));
            return Outcome::FAILED;
        }
        let file = match OutputFile::create(&path) {
            Ok(f) => f,
            Err(e) => {
                self.error(&format!("cannot write {}: {e}", path.display()));
                return Outcome::FAILED;
            }
        };
        let format = how
            .as_ref()
            .map_or(String::new(), |h| format!(" as {}", h.name()));
        self.note(&format!(
            "output: {}{format} ({})",
            path.display(),
            if once {
                "the next result"
            } else {
                "every result until `.output`"
            }
        ));
        self.redirect = Some(Redirect {
            path,
            file: Some(file),
            how,
            once,
        });
        Outcome::OK
    }

    /// `.save FILE`: the last result, in the format the extension names (the current format
    /// otherwise, a table one field per line so that no quote is cut), whole quotes included,
    /// written as `-o` writes a file.
    fn save(&mut self, arg: &str) -> Outcome {
        if arg.is_empty() {
            self.error(
                "usage: .save FILE — writes the last result (.csv .json .jsonl .md .txt .html .xlsx)",
            );
            return Outcome::FAILED;
        }
        let Some(tables) = &self.last else {
            self.error("no result to save yet: run a query first");
            return Outcome::FAILED;
        };
        let path = expand_tilde(arg);
        // Saved as shown: the `evidence` column is the session's, for `.source`.
        let tables: Vec<crate::output::Table> = tables
            .iter()
            .map(super::session::without_sentences)
            .collect();
        let how = SaveAs::from_extension(&path).unwrap_or(match self.format {
            Format::Table | Format::Wrap => SaveAs::Text(Format::Line),
            f => SaveAs::Text(f),
        });
        let written = save_bytes(&tables, &how, self.last_query.as_deref()).and_then(|bytes| {
            write_file(&path, &bytes)
                .map(|_| bytes.len())
                .map_err(|e| e.to_string())
        });
        match written {
            Ok(n) => {
                let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
                let of = if self.last_total > rows as u64 {
                    format!(
                        "the first {rows} of {} rows (the shell keeps {KEPT_ROWS}; `basis query \
                         … -o FILE` writes them all)",
                        self.last_total
                    )
                } else {
                    format!("{rows} row{}", if rows == 1 { "" } else { "s" })
                };
                self.note(&format!(
                    "saved {of} as {} to {} ({n} bytes)",
                    how.name(),
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

/// A script file's bytes: a regular file of at most [`MAX_SCRIPT_BYTES`].
fn read_script(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if meta.len() > MAX_SCRIPT_BYTES {
        return Err(std::io::Error::other(format!(
            "{} bytes, over the {MAX_SCRIPT_BYTES} a script may have",
            meta.len()
        )));
    }
    std::fs::read(path)
}
