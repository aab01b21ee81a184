//! Proposals: an organisation file in the dataset format laid over a dataset, so that a DPIA
//! can be drafted for processing that is not done yet (`basis dpia --proposal FILE.toml`).
//!
//! The proposal names an organisation of the dataset in `[org]`. Its `[[service]]` tables add
//! a service, or, with the id of an existing service, add facts (recipients, sources, bases …)
//! to it; its other tables (`[[notice]]`, `[[party]]`, `[[system]]`, `[[contact]]`) are added
//! to the organisation's file. A proposal's sentences come from its own notice: a `[[notice]]`
//! whose `file` is read beside the proposal (the draft privacy notice or description of the
//! change), so every fact still quotes a text verbatim and the loader checks it as any other.

use super::{
    DataSource, LoadError, LoadErrorKind, LoadErrors, Role, SourceFile, builtin_files,
    builtin_notices, gather, load_files,
};
use crate::model::Model;
use std::collections::HashMap;
use std::path::Path;
use toml::{Table, Value};

/// Loads `source`, and `source` with the proposal at `path` laid over it: `(before, after)`.
///
/// Errors: the proposal cannot be read or is not valid in the dataset format, names no
/// organisation or one not in the dataset (with the nearest id), cites a notice file that is
/// not beside it, or its facts do not load over the dataset (a quote not in its notice, an
/// unknown id). The dataset's own errors come first.
pub(crate) fn load_with_proposal(
    source: &DataSource,
    path: &Path,
) -> Result<(Model, Model), LoadErrors> {
    let before = super::load(source)?;
    let name = path.display().to_string();
    if let DataSource::Path(p) = source
        && p.is_file()
        && crate::model::snapshot::is_snapshot(p)
    {
        return Err(invalid(
            &name,
            None,
            "",
            format!(
                "a proposal is laid over a dataset of TOML files, and {} is a snapshot",
                p.display()
            ),
            Some(
                "give --data the dataset directory or organisation file the snapshot was made from"
                    .into(),
            ),
        ));
    }
    let (text, proposal) = read_proposal(path, &name)?;
    let id = proposal
        .get("org")
        .and_then(|o| o.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut errors = Vec::new();
    let (mut files, mut notices) = match source {
        DataSource::Builtin => (builtin_files(Role::Vocab, true, true), builtin_notices()),
        DataSource::Path(p) => gather(p, &mut errors),
    };
    let org_of = |f: &SourceFile| -> Option<String> {
        let t: Table = f.text.parse().ok()?;
        Some(t.get("org")?.get("id")?.as_str()?.to_string())
    };
    let target = files
        .iter()
        .position(|f| f.role == Role::Org && org_of(f).as_deref() == Some(id.as_str()));
    let Some(target) = target else {
        return Err(unknown_org(&before, &id, &name, &text));
    };
    // The proposal's notices are read beside it.
    read_notices(&proposal, path, &mut notices, &mut errors);
    if !errors.is_empty() {
        return Err(LoadErrors {
            errors,
            texts: HashMap::new(),
        });
    }
    let base: Table = match files[target].text.parse() {
        Ok(t) => t,
        Err(e) => return Err(invalid(&name, None, &text, e.to_string(), None)),
    };
    let merged = merge(base, proposal);
    let merged_text = toml::to_string(&merged).unwrap_or_default();
    files[target] = SourceFile::new(
        format!("{name} (laid over {})", files[target].name),
        merged_text,
        Role::Org,
    );
    let after = load_files(source, files, notices, Vec::new())?;
    Ok((before, after))
}

/// One error in the proposal file `name`, whose text is `text`.
fn invalid(
    name: &str,
    span: Option<std::ops::Range<usize>>,
    text: &str,
    message: String,
    help: Option<String>,
) -> LoadErrors {
    LoadErrors {
        errors: vec![LoadError {
            file: name.to_string(),
            span,
            kind: LoadErrorKind::Invalid { message, help },
        }],
        texts: HashMap::from([(name.to_string(), text.to_string())]),
    }
}

/// The proposal's text and its tables, checked as the dataset format checks an organisation
/// file (so errors have spans in the proposal's text).
fn read_proposal(path: &Path, name: &str) -> Result<(String, Table), LoadErrors> {
    let mut errors = Vec::new();
    let Some(text) = super::read_text(path, name, &mut errors) else {
        return Err(LoadErrors {
            errors,
            texts: HashMap::new(),
        });
    };
    let file = SourceFile::new(name.to_string(), text.clone(), Role::Org);
    if super::parse::raw_file(&file, &mut errors).is_none() {
        return Err(LoadErrors {
            errors,
            texts: HashMap::from([(name.to_string(), text)]),
        });
    }
    match text.parse() {
        Ok(t) => Ok((text, t)),
        Err(e) => Err(invalid(name, None, &text, e.to_string(), None)),
    }
}

/// The error for a proposal whose organisation `id` is not in the dataset, with the nearest
/// id and the valid ones.
fn unknown_org(before: &Model, id: &str, name: &str, text: &str) -> LoadErrors {
    let mut known: Vec<&str> = before.orgs.iter().map(|o| o.id.as_str()).collect();
    known.sort();
    let near = known
        .iter()
        .map(|k| (strsim::levenshtein(k, id), *k))
        .min()
        .filter(|(d, _)| *d <= 3.max(id.len() / 3))
        .map(|(_, k)| format!("did you mean `{k}`? "))
        .unwrap_or_default();
    let at = text.find(&format!("\"{id}\"")).map(|i| i..i + id.len() + 2);
    invalid(
        name,
        at,
        text,
        format!("the proposal's organisation `{id}` is not in the dataset"),
        Some(format!(
            "{near}a proposal adds services or flows to an organisation of the dataset; its ids are: {}",
            known.join(", ")
        )),
    )
}

/// Reads the notices the proposal's `[[notice]]` tables name, from beside the proposal.
fn read_notices(
    proposal: &Table,
    path: &Path,
    notices: &mut HashMap<String, String>,
    errors: &mut Vec<LoadError>,
) {
    let dir = path.parent().unwrap_or(Path::new("."));
    for f in crate::model::raw::table_strings(proposal, "notice", "file") {
        let p = dir.join(f);
        if let Some(t) = super::read_text(&p, &p.display().to_string(), errors) {
            notices.insert(f.to_string(), t);
        }
    }
}

/// The organisation file `base` with the proposal's tables added: a service with an existing
/// id gets the proposal's facts, which quote the proposal service's `notice` unless they name
/// one.
fn merge(mut base: Table, proposal: Table) -> Table {
    for (key, value) in proposal {
        if key == "org" {
            continue;
        }
        let Value::Array(items) = value else {
            base.insert(key, value);
            continue;
        };
        let entry = base
            .entry(key.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = entry else {
            continue;
        };
        for item in items {
            let existing = (key == "service")
                .then(|| {
                    let id = item.get("id")?.as_str()?;
                    list.iter()
                        .position(|s| s.get("id").and_then(Value::as_str) == Some(id))
                })
                .flatten();
            match (existing, item) {
                (Some(i), Value::Table(add)) => add_facts(&mut list[i], add),
                (_, item) => list.push(item),
            }
        }
    }
    base
}

/// Adds the fact tables of a proposal's service to the existing `service`.
fn add_facts(service: &mut Value, add: Table) {
    let notice = add.get("notice").cloned();
    let Value::Table(service) = service else {
        return;
    };
    for (key, value) in add {
        let Value::Array(items) = value else {
            // id, name, notice, quote, description: the service's own stay.
            continue;
        };
        let entry = service
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            for mut item in items {
                if let (Value::Table(t), Some(n)) = (&mut item, &notice) {
                    t.entry("notice").or_insert_with(|| n.clone());
                }
                list.push(item);
            }
        }
    }
}
