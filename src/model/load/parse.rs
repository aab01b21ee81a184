//! TOML text → [`RawFile`], reporting every schema error of a file in one run.
//!
//! serde stops at the first error, which made an encoder fix six mistakes in four runs. So the
//! file is parsed once into toml's spanned tree, deserialised, and after each error the part it
//! points at (an unknown key, a value of the wrong type, an entry missing a field) is cut out of
//! the tree and the rest deserialised again, until it passes or nothing more can be cut. Each
//! error keeps its byte span; unknown field names get a did-you-mean from the fields serde
//! expected.

use super::{LoadError, LoadErrorKind, SourceFile};
use crate::diagnostic::did_you_mean;
use crate::model::raw::RawFile;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

/// The most errors reported for one file; the rest are summarised in one line.
const MAX_ERRORS: usize = 50;

/// Parses `file`, or records every error found in it and returns `None`.
pub(super) fn raw_file(file: &SourceFile, errors: &mut Vec<LoadError>) -> Option<RawFile> {
    let err = |span: Option<Range<usize>>, kind: LoadErrorKind| LoadError {
        file: file.name.clone(),
        span,
        kind,
    };
    let (root, syntax) = DeTable::parse_recoverable(&file.text);
    if !syntax.is_empty() {
        for e in syntax.iter().take(MAX_ERRORS) {
            let span = e
                .span()
                .or_else(|| locate_spanless(&file.text, e.message()));
            let message = if e.message() == "recursion limit" {
                "keys or tables are nested too deeply (at most 80 levels)"
            } else {
                e.message()
            };
            errors.push(err(span, malformed(message)));
        }
        return None;
    }
    let span = root.span();
    let mut tree = Spanned::new(span.clone(), DeValue::Table(root.into_inner()));
    let mut found = 0;
    // Keys cut because their value was wrong, and the fields misspelt ones were meant to be:
    // their "missing field" errors are echoes.
    // Each is (field, span of the table it was in): a later "missing field" there is an echo.
    let mut cut_keys: Vec<(String, Range<usize>)> = Vec::new();
    loop {
        let e = match RawFile::deserialize(ValueDeserializer::from(tree.clone())) {
            Ok(raw) => return (found == 0).then_some(raw),
            Err(e) => e,
        };
        let at = e.span().unwrap_or(span.clone());
        let echo = missing_field(e.message())
            .is_some_and(|k| cut_keys.iter().any(|(c, t)| c == k && *t == at));
        let cut = cut(&mut tree, &at);
        if !echo {
            found += 1;
            if found > MAX_ERRORS {
                errors.push(err(
                    None,
                    LoadErrorKind::Invalid {
                        message: format!(
                            "more than {MAX_ERRORS} errors in this file; the rest are not shown"
                        ),
                        help: Some("fix these and load again".into()),
                    },
                ));
                return None;
            }
            let kind = schema_error(e.message());
            // A misspelt field is also missing under its right name: that is the same mistake.
            if let LoadErrorKind::UnknownField {
                suggestion: Some(s),
                ..
            } = &kind
                && let Some((_, table)) = &cut
            {
                cut_keys.push((s.clone(), table.clone()));
            }
            errors.push(err(Some(at.clone()), kind));
        }
        match cut {
            Some(c) => cut_keys.push(c),
            None => return None,
        }
    }
}

/// The error kind for a serde message: unknown fields become [`LoadErrorKind::UnknownField`].
fn schema_error(message: &str) -> LoadErrorKind {
    match unknown_field(message) {
        Some((field, expected)) => {
            let suggestion =
                did_you_mean(&field, expected.iter().map(String::as_str)).map(str::to_string);
            LoadErrorKind::UnknownField {
                field,
                expected: expected.into_boxed_slice(),
                suggestion,
            }
        }
        None => malformed(message),
    }
}

fn malformed(message: &str) -> LoadErrorKind {
    LoadErrorKind::Malformed {
        message: message.trim().to_string(),
    }
}

/// `unknown field `titel`, expected one of `id`, `name`` → ("titel", ["id", "name"]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((field.to_string(), expected))
}

/// `missing field `year`` → "year".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// Cuts out of `value` what the error at `at` is about, so the rest can be checked: the table
/// entry whose key or value holds `at` (deepest first), or else the deepest table or array
/// element that spans it (an entry missing a field). Returns the name of what was cut and the
/// span of the table it was cut from, or `None` when nothing holds `at`.
fn cut(value: &mut Spanned<DeValue<'_>>, at: &Range<usize>) -> Option<(String, Range<usize>)> {
    let pos = at.start;
    let span = value.span();
    match value.get_mut() {
        DeValue::Table(table) => cut_in_table(table, span, pos),
        DeValue::Array(array) => cut_in_array(array, pos),
        _ => None,
    }
}

fn holds(span: &Range<usize>, pos: usize) -> bool {
    span.contains(&pos) || (span.start == pos && span.is_empty())
}

fn cut_in_table(
    table: &mut DeTable<'_>,
    span: Range<usize>,
    pos: usize,
) -> Option<(String, Range<usize>)> {
    let mut hit = None;
    for (key, val) in table.iter_mut() {
        if holds(&key.span(), pos) {
            hit = Some(key.clone());
            break;
        }
        // A table's own span may be only its header, so search inside every nested value.
        let inner = match val.get_mut() {
            DeValue::Array(a) => cut_in_array(a, pos),
            DeValue::Table(_) => cut(val, &(pos..pos)),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
        if holds(&val.span(), pos) {
            hit = Some(key.clone());
            break;
        }
    }
    let key = hit?;
    table.remove(&key);
    Some((key.into_inner().into_owned(), span))
}

fn cut_in_array(array: &mut DeArray<'_>, pos: usize) -> Option<(String, Range<usize>)> {
    let mut hit = None;
    for (i, item) in array.iter_mut().enumerate() {
        let inner = cut(item, &(pos..pos));
        if inner.is_some() {
            return inner;
        }
        if holds(&item.span(), pos) {
            hit = Some(i);
            break;
        }
    }
    let i = hit?;
    let mut kept = DeArray::new();
    for (j, item) in array.iter().enumerate() {
        if j != i {
            kept.push(item.clone());
        }
    }
    *array = kept;
    Some((format!("[{i}]"), 0..0))
}

/// toml reports a key or header nested too deeply ("recursion limit") without a place: point
/// at the line with the deepest key path or brackets.
fn locate_spanless(text: &str, message: &str) -> Option<Range<usize>> {
    if !message.contains("recursion") {
        return None;
    }
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        if best.as_ref().is_none_or(|(d, _)| depth > *d) {
            let end = start + line.trim_end().len();
            best = Some((depth, start..end.max(start)));
        }
        start += line.len();
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::Role;

    fn errors_of(text: &str) -> Vec<LoadError> {
        let file = SourceFile::new("x.toml".into(), text.into(), Role::Vocab);
        let mut errors = Vec::new();
        assert!(raw_file(&file, &mut errors).is_none());
        errors
    }

    #[test]
    fn every_schema_error_of_a_file_is_reported_in_one_run() {
        let text = "[[category]]\nid = \"a\"\nnmae = \"A\"\n\n[[category]]\nid = \"b\"\nname = 3\n\n[[categry]]\nid = \"c\"\n\n[[category]]\nname = \"D\"\n\n[[category]]\nid = \"e\"\n";
        let mut errors = errors_of(text);
        errors.sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
        let starts: Vec<usize> = errors
            .iter()
            .map(|e| e.span.as_ref().map_or(usize::MAX, |s| s.start))
            .collect();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(matches!(
            &errors[0].kind,
            LoadErrorKind::UnknownField { field, suggestion: Some(s), .. } if field == "nmae" && s == "name"
        ));
        assert!(
            matches!(&errors[1].kind, LoadErrorKind::Malformed { message } if message.contains("invalid type"))
        );
        assert!(matches!(
            &errors[2].kind,
            LoadErrorKind::UnknownField { field, suggestion: Some(s), .. } if field == "categry" && s == "category"
        ));
        assert!(
            matches!(&errors[3].kind, LoadErrorKind::Malformed { message } if message.contains("missing field `id`"))
        );
        // The typo `nmae` above does not hide this entry's real missing `name`.
        assert!(
            matches!(&errors[4].kind, LoadErrorKind::Malformed { message } if message.contains("missing field `name`"))
        );
        assert_eq!(starts[0], text.find("nmae").unwrap_or(0));
    }

    #[test]
    fn a_value_cut_for_its_type_does_not_echo_as_missing() {
        let errors = errors_of("[[category]]\nid = 7\nname = \"A\"\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn syntax_errors_and_deep_keys_are_located() {
        let deep = format!("[{}]\n", vec!["a"; 100].join("."));
        let text = format!("[[category]]\nid = \"a\"\n{deep}");
        let errors = errors_of(&text);
        assert!(!errors.is_empty());
        let span = errors[0].span.clone().unwrap_or(0..0);
        assert_eq!(span.start, text.find("[a.").unwrap_or(0), "{errors:?}");
    }

    #[test]
    fn messages_are_split_into_field_and_expected() {
        assert_eq!(
            unknown_field("unknown field `titel`, expected one of `id`, `title`"),
            Some(("titel".into(), vec!["id".into(), "title".into()]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, there are no fields"),
            Some(("x".into(), vec![]))
        );
        assert_eq!(missing_field("missing field `year`"), Some("year"));
    }
}
