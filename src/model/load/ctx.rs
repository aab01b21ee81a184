//! The loader's working state, shared by the phases that build a model: the id registries,
//! the error sink of the file being read, and the id and quote rules every phase applies.

use super::{LoadError, LoadErrorKind, SourceFile};
use crate::diagnostic::did_you_mean;
use crate::model::raw::SStr;
use std::collections::HashMap;

/// Ids of one kind: id → (index, "file:line:col" of its definition).
#[derive(Default)]
pub(super) struct Registry {
    ids: HashMap<String, (u32, String)>,
}

impl Registry {
    /// Id → index, for the model's lookup tables.
    pub(super) fn index_map(&self) -> HashMap<String, u32> {
        self.ids.iter().map(|(k, (v, _))| (k.clone(), *v)).collect()
    }
}

/// The build state: the files, the errors and the id registries.
pub(super) struct Ctx<'a> {
    pub(super) errors: &'a mut Vec<LoadError>,
    pub(super) file: &'a SourceFile,
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, span: Option<std::ops::Range<usize>>, kind: LoadErrorKind) {
        self.errors.push(LoadError {
            file: self.file.name.clone(),
            span,
            kind,
        });
    }

    pub(super) fn invalid(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        message: String,
        help: Option<&str>,
    ) {
        self.err(
            span,
            LoadErrorKind::Invalid {
                message,
                help: help.map(str::to_string),
            },
        );
    }

    /// `file:line:column` of a byte offset of the file.
    pub(super) fn loc(&self, span: &std::ops::Range<usize>) -> String {
        let (l, c) = self.file.line_col(span.start);
        format!("{}:{l}:{c}", self.file.name)
    }

    /// Reports a display name with nothing to read in it (`""`, `"---"`): it would show as a
    /// blank in every table. `id` locates the entry.
    pub(super) fn name(&mut self, kind: &str, id: &SStr, name: &str) -> bool {
        if name.chars().any(char::is_alphanumeric) {
            return true;
        }
        self.invalid(
            Some(id.span()),
            format!(
                "the {kind} `{}` has no name to show (name = {name:?})",
                id.get_ref()
            ),
            Some("give it the name the notice uses, with at least one letter or digit"),
        );
        false
    }

    /// Registers `id` as the next entry of `reg`; reports a bad or duplicate id. An entry that
    /// registers is then checked for a `name` to show ([`Self::name`]), which does not stop it
    /// registering.
    pub(super) fn register(
        &mut self,
        kind: &'static str,
        reg: &mut Registry,
        id: &SStr,
        name: &str,
        next: u32,
    ) -> bool {
        if !is_kebab(id.get_ref()) {
            self.err(
                Some(id.span()),
                LoadErrorKind::BadId {
                    id: id.get_ref().clone(),
                },
            );
            return false;
        }
        if let Some((_, first)) = reg.ids.get(id.get_ref()) {
            let first = first.clone();
            self.err(
                Some(id.span()),
                LoadErrorKind::DuplicateId {
                    kind,
                    id: id.get_ref().clone(),
                    first,
                },
            );
            return false;
        }
        let loc = self.loc(&id.span());
        reg.ids.insert(id.get_ref().clone(), (next, loc));
        self.name(kind, id, name);
        true
    }

    /// The index of `id` in `reg`, or an unknown-id error with the nearest id.
    pub(super) fn resolve(&mut self, kind: &'static str, reg: &Registry, id: &SStr) -> Option<u32> {
        if let Some((ix, _)) = reg.ids.get(id.get_ref()) {
            return Some(*ix);
        }
        let suggestion =
            did_you_mean(id.get_ref(), reg.ids.keys().map(String::as_str)).map(str::to_string);
        self.err(
            Some(id.span()),
            LoadErrorKind::UnknownId {
                kind,
                id: id.get_ref().as_str().into(),
                suggestion,
                nearby: Some(Box::new(super::Nearby {
                    ids: nearest(id.get_ref(), reg.ids.keys().map(String::as_str), 8),
                    count: reg.ids.len(),
                })),
            },
        );
        None
    }

    pub(super) fn resolve_all(
        &mut self,
        kind: &'static str,
        reg: &Registry,
        ids: &[SStr],
    ) -> Vec<u32> {
        ids.iter()
            .filter_map(|id| self.resolve(kind, reg, id))
            .collect()
    }
}

/// Up to `n` of `ids`, nearest to `word` first (ties in id order); a word far longer than any
/// id is not compared, so this stays cheap for a pasted paragraph.
fn nearest<'a>(word: &str, ids: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let word = if word.len() > 200 { "" } else { word };
    let mut scored: Vec<(usize, &str)> =
        ids.map(|id| (strsim::levenshtein(word, id), id)).collect();
    scored.sort_unstable();
    scored
        .into_iter()
        .take(n)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// True for `kebab-case` ids: lower-case ASCII letters and digits in words joined by `-`.
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[derive(Default)]
pub(super) struct Registries {
    pub(super) categories: Registry,
    pub(super) subjects: Registry,
    pub(super) purposes: Registry,
    pub(super) party_types: Registry,
    pub(super) bases: Registry,
    pub(super) legislation: Registry,
    pub(super) rights: Registry,
    pub(super) orgs: Registry,
    pub(super) notices: Registry,
    pub(super) parties: Registry,
    pub(super) systems: Registry,
    pub(super) services: Registry,
}

#[cfg(test)]
mod tests {
    use super::is_kebab;

    #[test]
    fn kebab_ids() {
        for id in ["a9-2-h", "cheshire-west"] {
            assert!(is_kebab(id), "{id}");
        }
        for id in ["Cheshire-West", "a--b", "-a", ""] {
            assert!(!is_kebab(id), "{id:?} passed");
        }
    }
}
