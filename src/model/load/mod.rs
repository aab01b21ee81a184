//! The loader: TOML files → [`Model`](super::Model). It reads every file, checks every id,
//! quote and rule, and either returns a whole model or every error at once.
//!
//! Where files come from ([`DataSource`]): the datasets compiled into the binary, a directory
//! laid out like `datasets/`, or a single organisation file (which then uses the built-in
//! vocabularies, shared parties and notices, and the notice texts in `notices/` beside it).

mod build;
mod crosscheck;
mod ctx;
mod facts;
mod parse;
pub(crate) use ctx::is_kebab;
pub(crate) use facts::new_service;
pub(super) mod error;
pub(super) mod from_snapshot;
mod overlay;

pub(crate) use overlay::load_with_proposal;

pub(crate) use from_snapshot::builtin_vocab;

pub(crate) use error::Nearby;
pub(crate) use error::{LoadError, LoadErrorKind, LoadErrors};

use super::Model;
use super::builtin;
use crate::diagnostic::line_col;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where to load a dataset from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The datasets compiled into the binary.
    Builtin,
    /// A directory (`vocab/`, `notices/`, `parties.toml`, `<org>.toml`), one `.toml` file, or
    /// a binary snapshot (`basis gen -o FILE`), told apart by its first bytes.
    Path(PathBuf),
}

/// The role a file plays, which decides what sections it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// `vocab/*.toml`.
    Vocab,
    /// `parties.toml`.
    Parties,
    /// `<org>.toml`.
    Org,
}

/// A dataset file before parsing.
pub(crate) struct SourceFile {
    pub name: String,
    pub text: String,
    pub role: Role,
    /// The byte offset of each line's start, made when a location is first asked for.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub(crate) fn new(name: String, text: String, role: Role) -> Self {
        SourceFile {
            name,
            text,
            role,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of byte `offset`, as [`line_col`] gives them,
    /// from an index of the lines' starts: the loader locates every id it registers, and
    /// counting from the file's start each time made a file of many entries take the square of
    /// its size.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = &self.text;
        let offset = offset.min(text.len());
        // `line_col` reads the whole text when the offset splits a character.
        let offset = if text.is_char_boundary(offset) {
            offset
        } else {
            text.len()
        };
        let lines = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = lines.partition_point(|&start| start <= offset);
        let start = lines[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

/// Loads the built-in datasets.
pub fn load_builtin() -> Result<Model, LoadErrors> {
    load(&DataSource::Builtin)
}

/// Loads a dataset, checking everything; returns every problem found when it is not valid.
pub fn load(source: &DataSource) -> Result<Model, LoadErrors> {
    if let DataSource::Path(p) = source
        && p.is_file()
        && super::snapshot::is_snapshot(p)
    {
        return from_snapshot::read_snapshot(p).map_err(|e| LoadErrors {
            errors: vec![e],
            texts: HashMap::new(),
        });
    }
    let mut errors = Vec::new();
    let (files, notices) = match source {
        DataSource::Builtin => (builtin_files(Role::Vocab, true, true), builtin_notices()),
        DataSource::Path(p) => gather(p, &mut errors),
    };
    load_files(source, files, notices, errors)
}

/// Builds the model of gathered files, or returns every problem found in them and in `errors`
/// (those met while gathering).
fn load_files(
    source: &DataSource,
    files: Vec<SourceFile>,
    notices: HashMap<String, String>,
    mut errors: Vec<LoadError>,
) -> Result<Model, LoadErrors> {
    let texts: HashMap<String, String> = files
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    if !errors.is_empty() {
        return Err(LoadErrors { errors, texts });
    }
    let mut parsed = Vec::new();
    for f in &files {
        if let Some(raw) = parse::raw_file(f, &mut errors) {
            parsed.push((f, raw));
        }
    }
    // A broken vocabulary or party file would make every use of its ids look unknown: those
    // "unknown id" errors are dropped, keeping the real ones.
    let phantom = broken_shared_ids(&files, &errors);
    {
        if !files.iter().any(|f| f.role == Role::Org) {
            errors.push(LoadError {
                file: match source {
                    DataSource::Path(p) => p.display().to_string(),
                    DataSource::Builtin => "datasets".into(),
                },
                span: None,
                kind: LoadErrorKind::Invalid {
                    message: "no organisation file (<org>.toml) in this dataset".into(),
                    help: Some("a dataset directory holds vocab/, notices/, parties.toml and one <org>.toml per organisation".into()),
                },
            });
        }
        let model = build::build(&parsed, &notices, &mut errors);
        if errors.is_empty() {
            return Ok(model);
        }
        if let Some(phantom) = phantom {
            errors.retain(|e| match &e.kind {
                LoadErrorKind::UnknownId { id, .. } => {
                    phantom.as_ref().is_some_and(|ids| !ids.contains(&**id))
                }
                _ => true,
            });
        }
    }
    // In file order, then by position, whatever phase found them.
    let order: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    errors.sort_by_key(|e| {
        (
            order.get(e.file.as_str()).copied().unwrap_or(usize::MAX),
            e.span.as_ref().map_or(0, |s| s.start),
        )
    });
    Err(LoadErrors { errors, texts })
}

/// When a shared (vocabulary or parties) file failed to parse: `Some(Some(ids))` with the ids it
/// still declares (read leniently, as an untyped table), or `Some(None)` when even that fails
/// and no "unknown id" error can be trusted. `None` when every shared file parsed.
fn broken_shared_ids(
    files: &[SourceFile],
    errors: &[LoadError],
) -> Option<Option<std::collections::HashSet<String>>> {
    let broken: Vec<&SourceFile> = files
        .iter()
        .filter(|f| f.role != Role::Org && errors.iter().any(|e| e.file == f.name))
        .collect();
    if broken.is_empty() {
        return None;
    }
    let mut ids = std::collections::HashSet::new();
    for f in broken {
        let Ok(table) = f.text.parse::<toml::Table>() else {
            return Some(None);
        };
        for entries in table.values().filter_map(|v| v.as_array()) {
            for e in entries {
                if let Some(id) = e.get("id").and_then(|i| i.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    Some(Some(ids))
}

fn builtin_files(_: Role, vocab: bool, parties: bool) -> Vec<SourceFile> {
    let mut out = Vec::new();
    if vocab {
        out.extend(
            builtin::files("vocab", "toml")
                .into_iter()
                .map(|f| SourceFile::new(f.name, f.text.to_string(), Role::Vocab)),
        );
    }
    for f in builtin::files("", "toml") {
        let is_parties = f.name.ends_with("/parties.toml");
        if is_parties && !parties {
            continue;
        }
        let role = if is_parties { Role::Parties } else { Role::Org };
        out.push(SourceFile::new(f.name, f.text.to_string(), role));
    }
    out
}

fn builtin_notices() -> HashMap<String, String> {
    builtin::files("notices", "txt")
        .into_iter()
        .map(|f| (file_name(&f.name), f.text.to_string()))
        .collect()
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn io_error(path: &Path, e: std::io::Error) -> LoadError {
    LoadError {
        file: path.display().to_string(),
        span: None,
        kind: LoadErrorKind::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        },
    }
}

fn read(path: &Path, role: Role, errors: &mut Vec<LoadError>) -> Option<SourceFile> {
    let name = path.display().to_string();
    let text = read_text(path, &name, errors)?;
    Some(SourceFile::new(name, text, role))
}

/// The text of a regular file, or an error that says what `path` is instead (a directory, a
/// FIFO, a dangling or looping symlink) or where its bytes stop being UTF-8.
fn read_text(path: &Path, name: &str, errors: &mut Vec<LoadError>) -> Option<String> {
    let invalid = |message: String, help: &str| LoadError {
        file: name.to_string(),
        span: None,
        kind: LoadErrorKind::Invalid {
            message,
            help: Some(help.to_string()),
        },
    };
    // Follows symlinks: a link to a regular file is read like the file.
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            errors.push(if link {
                let target = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                invalid(
                    format!("{name} is a symbolic link to `{target}`, which cannot be read ({e})"),
                    "point the link at an existing file, or remove it",
                )
            } else {
                io_error(path, e)
            });
            return None;
        }
    };
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        errors.push(invalid(
            format!("{name} is {what}, so it cannot be a dataset file"),
            "rename or move it: every *.toml here is read as a dataset file",
        ));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            errors.push(io_error(path, e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // One error per line that does not decode, at its first bad byte.
            let mut at = 0;
            let mut lines = 0;
            while let Err(bad) = std::str::from_utf8(&bytes[at..]) {
                let pos = at + bad.valid_up_to();
                // The lossy text has U+FFFD (3 bytes) where each bad sequence was: map `pos`.
                let lossy_pos = String::from_utf8_lossy(&bytes[..pos]).len();
                let (line, col) = line_col(&text, lossy_pos);
                errors.push(LoadError {
                    file: name.to_string(),
                    span: Some(lossy_pos..lossy_pos + '\u{FFFD}'.len_utf8()),
                    kind: LoadErrorKind::Invalid {
                        message: format!(
                            "byte {pos} (line {line}, column {col}) is not UTF-8 text"
                        ),
                        help: Some("dataset files are UTF-8: re-save the file as UTF-8".into()),
                    },
                });
                lines += 1;
                let next_line = bytes[pos..].iter().position(|&b| b == b'\n');
                match next_line {
                    Some(n) if lines < 20 => at = pos + n + 1,
                    _ => break,
                }
            }
            // Returned so the errors can show their lines; the load stops before parsing.
            Some(text)
        }
    }
}

/// Sorted `*.ext` entries directly in `dir`, whatever they are: [`read_text`] reports the
/// ones that are not regular files rather than skipping them.
fn list(dir: &Path, ext: &str, errors: &mut Vec<LoadError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(io_error(dir, e));
            return Vec::new();
        }
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
        .collect();
    out.sort();
    out
}

/// Reads a directory or a single file; missing `vocab/`, `notices/` and `parties.toml` fall
/// back to the built-in ones.
fn gather(path: &Path, errors: &mut Vec<LoadError>) -> (Vec<SourceFile>, HashMap<String, String>) {
    // Anything but a directory is read as one organisation file, so that a FIFO or a dangling
    // symlink gets its own message from `read_text`.
    let single = match std::fs::metadata(path) {
        Ok(m) => !m.is_dir(),
        Err(_) => std::fs::symlink_metadata(path).is_ok(),
    };
    if single {
        let mut files = builtin_files(Role::Vocab, true, true);
        files.retain(|f| f.role != Role::Org);
        files.extend(read(path, Role::Org, errors));
        // The notice texts beside the file (`basis import ropa -o DIR/ID.toml` writes its
        // transcript to DIR/notices/) join the built-in ones, and win over one of the same name.
        let mut notices = builtin_notices();
        let beside = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("notices");
        if beside.is_dir() {
            notices.extend(read_notices(&beside, errors));
        }
        return (files, notices);
    }
    if !path.is_dir() {
        errors.push(LoadError {
            file: path.display().to_string(),
            span: None,
            kind: LoadErrorKind::Io {
                path: path.display().to_string(),
                message: "no such file or directory".into(),
            },
        });
        return (Vec::new(), HashMap::new());
    }
    let mut files = Vec::new();
    let vocab = path.join("vocab");
    if vocab.is_dir() {
        for p in list(&vocab, "toml", errors) {
            files.extend(read(&p, Role::Vocab, errors));
        }
    } else {
        files.extend(
            builtin_files(Role::Vocab, true, false)
                .into_iter()
                .filter(|f| f.role == Role::Vocab),
        );
    }
    let has_parties = path.join("parties.toml").is_file();
    if !has_parties {
        files.extend(
            builtin_files(Role::Parties, false, true)
                .into_iter()
                .filter(|f| f.role == Role::Parties),
        );
    }
    for p in list(path, "toml", errors) {
        let role = if p.file_name().is_some_and(|n| n == "parties.toml") {
            Role::Parties
        } else {
            Role::Org
        };
        files.extend(read(&p, role, errors));
    }
    let notices_dir = path.join("notices");
    let notices = if notices_dir.is_dir() {
        read_notices(&notices_dir, errors)
    } else {
        builtin_notices()
    };
    (files, notices)
}

/// The `.txt` files of a `notices/` directory, by file name.
fn read_notices(dir: &Path, errors: &mut Vec<LoadError>) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for p in list(dir, "txt", errors) {
        let name = p.display().to_string();
        if let Some(t) = read_text(&p, &name, errors) {
            map.insert(file_name(&name), t);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed location is the counted one at every offset, on text with empty lines, CRLF,
    /// characters of two to four bytes, no final newline, and offsets past the end or inside a
    /// character.
    #[test]
    fn a_file_locates_every_offset_as_counting_from_its_start_does() {
        for text in [
            "",
            "\n",
            "\n\n\n",
            "a",
            "ab\n’c d",
            "[org]\r\nid = \"x\"\r\n\r\nname = \"Ünïcødé 🦀\"\n",
            "é\n\n🦀🦀\nz",
        ] {
            let file = SourceFile::new("x.toml".into(), text.into(), Role::Org);
            for offset in 0..text.len() + 3 {
                assert_eq!(
                    file.line_col(offset),
                    line_col(text, offset),
                    "offset {offset} of {text:?}"
                );
            }
        }
    }
}
