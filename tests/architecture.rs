//! The stages depend one way — model ← extract ← query ← engine ← output ← export ← report ←
//! check ← cli, with the leaves `table`, `file` and `diagnostic` below them all — and no two modules
//! of one stage import each other in a cycle. Read from the source text, so a backwards `use`
//! fails the build's tests the day it is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in order: a module may use those before it and its own.
const STAGES: &[&[&str]] = &[
    &["table", "file", "diagnostic"],
    &["model"],
    // The notice extractor behind `basis new org` reads the model only.
    &["extract"],
    &["query"],
    &["engine"],
    &["output"],
    &["export"],
    &["report"],
    &["check"],
    &["cli"],
];

fn rank(stage: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&stage))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src directory").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The first segment after each `prefix` in `text`: `crate::model::x` gives `model`, and a
/// group `crate::{model, query::plan}` gives both. A prefix inside a longer path
/// (`x::crate::`, `super::super::`) counts for nothing.
fn heads(text: &str, prefix: &str) -> Vec<String> {
    let word = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(prefix).map(|i| i + from) {
        from = i + prefix.len();
        let after = &text[from..];
        let inside = text[..i].ends_with("::")
            || text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if inside || after.starts_with(prefix) {
            // Skip the whole chain `super::super::…`.
            while text[from..].starts_with(prefix) {
                from += prefix.len();
            }
            continue;
        }
        match after.strip_prefix('{') {
            Some(group) => {
                let end = group.find('}').unwrap_or(group.len());
                out.extend(group[..end].split(',').map(word).filter(|w| !w.is_empty()));
            }
            None => {
                let w = word(after);
                if !w.is_empty() {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// Source text without `//` comments (doc links name other stages freely).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("source file")
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct File {
    stage: String,
    /// The stage's module the file belongs to (`exec` for `src/engine/exec.rs`, `load` for
    /// `src/model/load/facts.rs`), `None` for the stage root.
    child: Option<String>,
    /// For a file directly under the stage, `super::x` names a sibling.
    depth: usize,
    text: String,
    path: PathBuf,
}

fn files() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths
        .into_iter()
        .filter_map(|p| {
            let rel: Vec<String> = p
                .strip_prefix(&src)
                .ok()?
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            let stage = rel.first()?.clone();
            if stage == "lib" || stage == "main" {
                return None;
            }
            let child = match rel.get(1).map(String::as_str) {
                None | Some("mod") => None,
                Some(c) => Some(c.to_string()),
            };
            Some(File {
                stage,
                child,
                depth: rel.len(),
                text: code(&p),
                path: p,
            })
        })
        .collect()
}

#[test]
fn no_stage_imports_a_later_one() {
    let mut wrong = Vec::new();
    for f in files() {
        let Some(mine) = rank(&f.stage) else {
            panic!(
                "{}: stage `{}` is not in the list",
                f.path.display(),
                f.stage
            )
        };
        for used in heads(&f.text, "crate::") {
            match rank(&used) {
                Some(r) if r > mine || (r == mine && mine == 0 && used != f.stage) => {
                    wrong.push(format!("{} uses crate::{used}", f.path.display()))
                }
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "backwards imports:\n{}", wrong.join("\n"));
}

#[test]
fn no_cycle_between_the_modules_of_a_stage() {
    let files = files();
    // stage -> child -> children it uses
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let children: BTreeMap<String, BTreeSet<String>> =
        files.iter().fold(BTreeMap::new(), |mut acc, f| {
            if let Some(c) = &f.child {
                acc.entry(f.stage.clone()).or_default().insert(c.clone());
            }
            acc
        });
    for f in &files {
        let Some(me) = &f.child else { continue };
        let known = children.get(&f.stage).cloned().unwrap_or_default();
        let mut used: Vec<String> = heads(&f.text, &format!("crate::{}::", f.stage));
        if f.depth == 2 {
            used.extend(heads(&f.text, "super::"));
        }
        let edges = graph
            .entry(f.stage.clone())
            .or_default()
            .entry(me.clone())
            .or_default();
        edges.extend(used.into_iter().filter(|u| known.contains(u) && u != me));
    }
    for (stage, g) in &graph {
        // Kahn's algorithm: what is left after removing modules with no outgoing edge is a cycle.
        let mut left: BTreeMap<&String, BTreeSet<&String>> =
            g.iter().map(|(k, v)| (k, v.iter().collect())).collect();
        loop {
            let done: Vec<&String> = left
                .iter()
                .filter(|(_, v)| v.iter().all(|u| !left.contains_key(*u)))
                .map(|(k, _)| *k)
                .collect();
            if done.is_empty() {
                break;
            }
            for d in done {
                left.remove(d);
            }
        }
        assert!(
            left.is_empty(),
            "modules of `{stage}` import each other in a cycle: {:?}",
            left
        );
    }
}

#[test]
fn the_checks_see_real_imports() {
    // The reader of imports finds what is there, or the tests above could pass vacuously.
    assert_eq!(
        heads(
            "use crate::{model::Model, query::plan};\nuse crate::engine::x;",
            "crate::"
        ),
        ["model", "query", "engine"]
    );
    assert_eq!(
        heads("use super::super::x; use super::y;", "super::"),
        ["y"]
    );
    let fs = files();
    assert!(
        fs.iter()
            .any(|f| f.stage == "engine" && f.child.as_deref() == Some("exec"))
    );
    assert!(
        fs.iter()
            .any(|f| f.stage == "cli" && heads(&f.text, "crate::").contains(&"engine".to_string()))
    );
}
