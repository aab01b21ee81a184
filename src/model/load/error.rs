//! Load errors: every problem of every file, each with its file, byte span and a suggestion.

use crate::diagnostic::{Diagnostic, line_col};
use std::collections::HashMap;
use std::ops::Range;
use thiserror::Error;

/// What is wrong with a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadErrorKind {
    /// The file cannot be read (`--data /no/such/dir`).
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The file is not valid TOML or has a field of the wrong type (`[org` without `]`,
    /// `year = "1989"`, an unknown field `titel = …`).
    #[error("{message}")]
    Malformed {
        /// The TOML parser's message.
        message: String,
    },
    /// A field the format does not have (`titel = "…"` in a `[[legislation]]`).
    #[error("unknown field `{field}`")]
    UnknownField {
        /// The field as written.
        field: String,
        /// The fields this table accepts.
        expected: Box<[String]>,
        /// The nearest accepted field.
        suggestion: Option<String>,
    },
    /// An id that no entry of its kind has (`parent = "helth"`).
    #[error("unknown {kind} `{id}`")]
    UnknownId {
        /// The kind of id (`category`, `party`, …).
        kind: &'static str,
        /// The id as written (boxed with the rest: errors stay small).
        id: Box<str>,
        /// The nearest existing id.
        suggestion: Option<String>,
        /// Some existing ids of the kind, for the message (boxed: errors stay small).
        nearby: Option<Box<Nearby>>,
    },
    /// Two entries of one kind with the same id (two `[[category]]` with `id = "health"`).
    #[error("duplicate {kind} id `{id}`")]
    DuplicateId {
        /// The kind of id.
        kind: &'static str,
        /// The id.
        id: String,
        /// `file:line:column` of the first definition.
        first: String,
    },
    /// An id that is not kebab-case (`id = "Mental Health"`).
    #[error("`{id}` is not a kebab-case id")]
    BadId {
        /// The id as written.
        id: String,
    },
    /// A quote that does not occur in the notice it names.
    #[error("quote not found in notice `{notice}`")]
    QuoteNotFound {
        /// The notice id.
        notice: String,
        /// How much of the quote's start does occur, as a hint to the difference.
        matched_prefix: String,
    },
    /// A notice whose file is not in `notices/` (`file = "999.txt"`).
    #[error("notice file `{file}` not found")]
    MissingNoticeFile {
        /// The file name.
        file: String,
        /// The nearest file name present.
        suggestion: Option<String>,
    },
    /// A binary snapshot that cannot be read (truncated, corrupt, another format version).
    #[error("cannot read the snapshot {path}: {problem}")]
    Snapshot {
        /// The path.
        path: String,
        /// What is wrong.
        problem: crate::model::snapshot::SnapshotProblem,
    },
    /// Anything else that breaks the format's rules (a retention rule with two periods, a
    /// cycle in a tree, an `[org]` in a vocabulary file).
    #[error("{message}")]
    Invalid {
        /// What is wrong.
        message: String,
        /// What to do about it.
        help: Option<String>,
    },
}

/// Existing ids near an unknown one, and how many of its kind there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearby {
    /// Up to eight ids, nearest first.
    pub ids: Vec<String>,
    /// How many ids of the kind exist.
    pub count: usize,
}

/// Where an id of `kind` is defined, so that an unknown one says which file to extend.
fn defined_in(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "category" => "vocab/categories.toml ([[category]])",
        "subject" => "vocab/subjects.toml ([[subject]])",
        "purpose" => "vocab/purposes.toml ([[purpose]])",
        "party type" => "vocab/party-types.toml ([[party_type]])",
        "basis" => "vocab/bases.toml ([[basis]])",
        "right" => "vocab/rights.toml ([[right]])",
        "legislation" => "vocab/legislation.toml ([[legislation]])",
        "party" => {
            "parties.toml when several organisations name it, else a [[party]] in the organisation file"
        }
        "notice" => "the organisation file ([[notice]], with its text in notices/)",
        "system" => "the organisation file ([[system]])",
        "organisation" => "an organisation file (<id>.toml with an [org] table)",
        _ => return None,
    })
}

/// One located load error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as named in messages.
    pub file: String,
    /// The byte range in the file.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub kind: LoadErrorKind,
}

impl LoadError {
    /// The error as the user reads it, against the text of its file (`text`): the line, a
    /// caret under the column and a help line; `color` adds ANSI colours.
    pub fn render(&self, text: &str, color: bool) -> String {
        self.to_diagnostic().render(text, color)
    }

    /// A located diagnostic for rendering.
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        let mut help = Vec::new();
        let label = match &self.kind {
            LoadErrorKind::UnknownId {
                kind,
                suggestion,
                nearby,
                ..
            } => {
                if let Some(s) = suggestion {
                    help.push(format!("help: did you mean `{s}`?"));
                }
                if let Some(n) = nearby.as_deref()
                    && !n.ids.is_empty()
                {
                    let more = if n.count > n.ids.len() { ", …" } else { "" };
                    help.push(format!(
                        "note: {} {kind} id(s) are defined, among them {}{more}",
                        n.count,
                        n.ids.join(", ")
                    ));
                }
                if let Some(place) = defined_in(kind) {
                    help.push(format!("help: a new {kind} is defined in {place}"));
                }
                "not defined".to_string()
            }
            LoadErrorKind::UnknownField {
                expected,
                suggestion,
                ..
            } => {
                if let Some(s) = suggestion {
                    help.push(format!("help: did you mean `{s}`?"));
                }
                if expected.is_empty() {
                    help.push("note: this table takes no fields".into());
                } else {
                    help.push(format!("note: the fields here are {}", expected.join(", ")));
                }
                "not a field of this table".to_string()
            }
            LoadErrorKind::DuplicateId { first, .. } => {
                help.push(format!("note: first defined at {first}"));
                "defined again here".to_string()
            }
            LoadErrorKind::BadId { .. } => {
                help.push(
                    "help: ids are lower-case words joined by '-', e.g. `mental-health`".into(),
                );
                "not kebab-case".to_string()
            }
            LoadErrorKind::QuoteNotFound { matched_prefix, .. } => {
                if matched_prefix.is_empty() {
                    help.push("help: not even the quote's first words occur in the notice".into());
                } else {
                    help.push(format!(
                        "help: the notice has the start «{matched_prefix}» but differs after it"
                    ));
                }
                help.push("note: quotes must be verbatim (white space may differ, apostrophes and spelling may not)".into());
                "not in the notice".to_string()
            }
            LoadErrorKind::MissingNoticeFile { suggestion, .. } => {
                if let Some(s) = suggestion {
                    help.push(format!("help: did you mean `{s}`?"));
                }
                "no such file in notices/".to_string()
            }
            LoadErrorKind::Invalid { help: h, .. } => {
                if let Some(h) = h {
                    help.push(format!("help: {h}"));
                }
                "here".to_string()
            }
            LoadErrorKind::Snapshot { problem, .. } => {
                help.push(format!("help: {}", snapshot_help(problem)));
                String::new()
            }
            _ => String::new(),
        };
        Diagnostic {
            message: self.kind.to_string(),
            origin: self.file.clone(),
            span: self.span.clone(),
            label,
            help,
        }
    }
}

/// What to do about a snapshot that cannot be read: snapshots are written again, never
/// converted or mended, so each says which `basis gen` (or which copy) to go back to.
fn snapshot_help(problem: &crate::model::snapshot::SnapshotProblem) -> String {
    use crate::model::snapshot::SnapshotProblem as P;
    let again =
        "write it again with this basis (`basis gen … -o FILE` with the arguments that made it)";
    match problem {
        P::Version { found, supported } if found < supported => format!(
            "it was written by an older basis: {again}, or read it with the basis that wrote it"
        ),
        P::Version { .. } => {
            format!("it was written by a newer basis: read it with that one, or {again}")
        }
        P::Truncated { .. } | P::Checksum => {
            format!("the file was damaged after it was written: copy it again, or {again}")
        }
        P::Vocabulary => format!("the vocabularies have changed since: {again}"),
        P::Malformed(_) | P::Inconsistent(_) => format!("it was not written by basis gen: {again}"),
    }
}

/// Every error found in a dataset. Loading fails as a whole: no model is half-loaded.
#[derive(Debug, Clone, Error)]
#[error("{} error(s) in the dataset", errors.len())]
pub struct LoadErrors {
    /// The errors, in file order.
    pub errors: Vec<LoadError>,
    /// The text of each file, for rendering.
    pub texts: HashMap<String, String>,
}

impl LoadErrors {
    /// Renders every error with its file:line:column, source line and help.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for e in &self.errors {
            let text = self.texts.get(&e.file).map(String::as_str).unwrap_or("");
            out.push_str(&e.render(text, color));
        }
        out.push_str(&format!(
            "{} error(s); nothing was loaded\n",
            self.errors.len()
        ));
        out
    }

    /// `file:line:column` of an error, for tests and one-line summaries.
    pub fn location(&self, e: &LoadError) -> String {
        let text = self.texts.get(&e.file).map(String::as_str).unwrap_or("");
        match &e.span {
            Some(s) => {
                let (l, c) = line_col(text, s.start);
                format!("{}:{l}:{c}", e.file)
            }
            None => e.file.clone(),
        }
    }
}
