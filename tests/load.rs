//! Loading datasets: every error kind and every validation of the loader, each on a small broken
//! dataset, checked for its kind, its `file:line:column` and its suggestion; several errors at
//! once; the rendered report; loading one organisation file.
//!
//! Two kinds of fixture: [`minimal_dataset`], a whole dataset of a few lines per file whose
//! line:column positions can be counted by hand, and [`copy_datasets`], the real `datasets/`
//! tree, for breaking one thing in real data.

use basis::model::{DataSource, LoadError, LoadErrorKind, LoadErrors, Model, load};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

// ---- shared helpers (also used by tests/cli.rs) ----------------------------------------------

/// The real `datasets/` tree, copied into a fresh temporary directory.
pub(crate) fn copy_datasets() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"),
        dir.path(),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// Writes `text` to `dir/rel`, creating parent directories.
pub(crate) fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
    std::fs::write(path, text).expect("write file");
}

/// Replaces the first occurrence of `from` with `to` in `dir/rel`; panics if `from` is absent,
/// so that a test never silently stops breaking anything.
pub(crate) fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).expect("read file");
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write file");
}

/// Appends `more` to `dir/rel`.
pub(crate) fn append(dir: &Path, rel: &str, more: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).expect("read file");
    std::fs::write(&path, text + more).expect("write file");
}

/// Loads `path`, which must load.
pub(crate) fn load_ok(path: &Path) -> Model {
    match load(&DataSource::Path(path.to_path_buf())) {
        Ok(m) => m,
        Err(e) => panic!("expected {} to load:\n{}", path.display(), e.render(false)),
    }
}

/// Loads `path`, which must fail; returns every error.
pub(crate) fn load_errors(path: &Path) -> LoadErrors {
    match load(&DataSource::Path(path.to_path_buf())) {
        Ok(_) => panic!("expected {} not to load", path.display()),
        Err(e) => e,
    }
}

/// One error as the tests compare it: `file:line:column` relative to the dataset directory, the
/// kind, and the rendered diagnostic (for help and notes).
#[derive(Debug)]
pub(crate) struct Found {
    pub loc: String,
    pub kind: LoadErrorKind,
    pub rendered: String,
}

/// Every error of the dataset in `dir`, located relative to `dir`.
pub(crate) fn errors_in(dir: &Path) -> Vec<Found> {
    let errs = load_errors(dir);
    errs.errors.iter().map(|e| found(dir, &errs, e)).collect()
}

/// The kind with an unknown id's list of nearby ids dropped, so that expectations name only
/// the id and its suggestion (`the_nearby_ids_and_the_file_to_extend_are_named` checks the list).
fn without_nearby(kind: LoadErrorKind) -> LoadErrorKind {
    match kind {
        LoadErrorKind::UnknownId {
            kind,
            id,
            suggestion,
            ..
        } => LoadErrorKind::UnknownId {
            kind,
            id,
            suggestion,
            nearby: None,
        },
        other => other,
    }
}

fn found(dir: &Path, errs: &LoadErrors, e: &LoadError) -> Found {
    let text = errs.texts.get(&e.file).map(String::as_str).unwrap_or("");
    Found {
        loc: relative(dir, &errs.location(e)),
        kind: without_nearby(e.kind.clone()),
        rendered: relative(dir, &e.render(text, false)),
    }
}

/// `s` with the dataset directory replaced by nothing (`<dir>/a.toml` → `a.toml`).
pub(crate) fn relative(dir: &Path, s: &str) -> String {
    s.replace(&format!("{}/", dir.display()), "")
}

/// The one error of the dataset in `dir`; panics (listing them) if there are more or none.
pub(crate) fn only_error(dir: &Path) -> Found {
    let mut all = errors_in(dir);
    assert_eq!(all.len(), 1, "expected exactly one error, got {all:#?}");
    all.remove(0)
}

/// The first error of the dataset in `dir`, in the loader's order: for tests about one mistake
/// whose knock-on errors, if any, are a separate test's business.
pub(crate) fn first_error(dir: &Path) -> Found {
    errors_in(dir).remove(0)
}

/// 1-based `line:column` (in characters) of the first occurrence of `needle` in `dir/rel`: an
/// oracle for positions in the real datasets, independent of the loader's own counting.
pub(crate) fn position(dir: &Path, rel: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(dir.join(rel)).expect("read file");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {rel}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{rel}:{line}:{col}")
}

/// The line of a `file:line:column` location.
fn line_of(loc: &str) -> usize {
    loc.split(':')
        .nth(1)
        .and_then(|l| l.parse().ok())
        .unwrap_or(0)
}

fn unknown(kind: &'static str, id: &str, suggestion: Option<&str>) -> LoadErrorKind {
    LoadErrorKind::UnknownId {
        kind,
        id: id.into(),
        suggestion: suggestion.map(str::to_string),
        nearby: None,
    }
}

fn invalid_message(kind: &LoadErrorKind) -> &str {
    match kind {
        LoadErrorKind::Invalid { message, .. } => message,
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

fn malformed_message(kind: &LoadErrorKind) -> &str {
    match kind {
        LoadErrorKind::Malformed { message } => message,
        other => panic!("expected a Malformed error, got {other:?}"),
    }
}

// ---- the minimal dataset ---------------------------------------------------------------------
//
// Line numbers are given in the comments where tests point at them; every value of `key = "…"`
// starts at the column of its opening quote: `id = "` → 6, `file = "` → 8, `type = "` → 8,
// `party = "` → 9, `quote = "` → 9, `parent = "` → 10.

const CATEGORIES: &str = r#"[[category]]
id = "health"
name = "Health"
special = true

[[category]]
id = "mental-health"
name = "Mental health"
parent = "health"
"#;
// line 2: id = "health"; line 7: id = "mental-health"; line 9: parent = "health"

const SUBJECTS: &str = r#"[[subject]]
id = "children"
name = "Children"
"#;

const PURPOSES: &str = r#"[[purpose]]
id = "early-help"
name = "Early help"
"#;

const PARTY_TYPES: &str = r#"[[party_type]]
id = "public-body"
name = "Public body"

[[party_type]]
id = "local-authority"
name = "Local authority"
parent = "public-body"

[[party_type]]
id = "central-government"
name = "Central government"
parent = "public-body"
"#;

const BASES: &str = r#"[[basis]]
id = "a6-1-e"
name = "Public task"
law = "uk-gdpr"
article = 6
paragraph = 1
point = "e"

[[basis]]
id = "sch1-para6"
name = "Statutory and government purposes"
law = "dpa-2018"
schedule = 1
part = 2
paragraph = 6
"#;
// line 4: law = "uk-gdpr"; line 10: id = "sch1-para6"

const LEGISLATION: &str = r#"[[legislation]]
id = "children-act-1989"
title = "Children Act 1989"
year = 1989
kind = "act"
"#;

const RIGHTS: &str = r#"[[right]]
id = "access"
name = "Right of access"
article = "15"
"#;

const PARTIES: &str = r#"[[party]]
id = "department-for-education"
name = "Department for Education"
type = "central-government"
aliases = ["DfE"]
"#;
// line 2: id; line 4: type

const NOTICE: &str = "Test Org privacy notice
We collect your name and health information to provide early help.
We share information with the Department for Education.
Our lawful basis is Article 6(1)(e): a public task.
The Children Act 1989 requires us to keep a record.
We keep records for six years after the case closes.
Children’s records are kept
until the child is 25.
You have the right to ask for a copy of your data.
";

const ORG: &str = r#"[org]
id = "test-org"
name = "Test Org"
type = "local-authority"

[[notice]]
id = "test-notice"
file = "notice-a.txt"
title = "Test Org privacy notice"

[[service]]
id = "test-service"
name = "Early help"
notice = "test-notice"
quote = "to provide early help"

[[service.subject]]
id = "children"
quote = "Children’s records are kept until the child is 25."

[[service.category]]
id = "health"
quote = "your name and health information"

[[service.purpose]]
id = "early-help"
quote = "to provide early help"

[[service.basis]]
id = "a6-1-e"
quote = "Article 6(1)(e): a public task"

[[service.legislation]]
id = "children-act-1989"
quote = "The Children Act 1989 requires us"

[[service.recipient]]
party = "department-for-education"
quote = "We share information with the Department for Education."

[[service.retention]]
years = 6
trigger = "closure"
quote = "We keep records for six years after the case closes."

[[service.right]]
id = "access"
quote = "the right to ask for a copy of your data"
"#;
// line 1: [org]; 4: type; 8: file; 14: service notice; 19: subject quote; 22: category id;
// 23: category quote; 30: basis id; 31: basis quote; 34: legislation id; 35: its quote;
// 38: recipient party; 42: years; 43: trigger; 44: retention quote; 47: right id.

const ORG_FILE: &str = "test-org.toml";

/// A complete, valid dataset of one organisation, one notice and a few vocabulary entries.
pub(crate) fn minimal_dataset() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let d = dir.path();
    write(d, "vocab/categories.toml", CATEGORIES);
    write(d, "vocab/subjects.toml", SUBJECTS);
    write(d, "vocab/purposes.toml", PURPOSES);
    write(d, "vocab/party-types.toml", PARTY_TYPES);
    write(d, "vocab/bases.toml", BASES);
    write(d, "vocab/legislation.toml", LEGISLATION);
    write(d, "vocab/rights.toml", RIGHTS);
    write(d, "parties.toml", PARTIES);
    write(d, "notices/notice-a.txt", NOTICE);
    write(d, ORG_FILE, ORG);
    dir
}

/// A second organisation with its own notice, for cross-organisation checks.
fn add_other_org(d: &Path) {
    write(
        d,
        "notices/notice-b.txt",
        "Other Org notice\nWe help families.\n",
    );
    write(
        d,
        "other-org.toml",
        r#"[org]
id = "other-org"
name = "Other Org"
type = "local-authority"

[[notice]]
id = "other-notice"
file = "notice-b.txt"
title = "Other Org notice"
"#,
    );
}

// ---- the fixtures themselves load --------------------------------------------------------------

#[test]
fn the_minimal_dataset_loads() {
    let dir = minimal_dataset();
    let m = load_ok(dir.path());
    assert_eq!(m.orgs.len(), 1);
    assert_eq!(m.notices.len(), 1);
    assert_eq!(m.services.len(), 1);
    assert_eq!(m.flows.len(), 1);
    assert_eq!(m.retention.len(), 1);
    assert_eq!(m.parties.len(), 1);
}

#[test]
fn a_copy_of_the_real_datasets_loads() {
    let dir = copy_datasets();
    let m = load_ok(dir.path());
    // By id: the datasets may hold more organisations than these three.
    for id in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        assert!(m.orgs.iter().any(|o| o.id == id), "{id} missing");
    }
    for n in ["000", "001", "002", "003", "004"] {
        assert!(
            m.notices
                .iter()
                .any(|x| x.file.starts_with(&format!("{n}_"))),
            "notice {n} missing"
        );
    }
}

#[test]
fn a_single_org_file_loads_with_the_builtin_vocab_parties_and_notices() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("cheshire-east.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/cheshire-east.toml"),
        &file,
    )
    .expect("copy");
    let m = load_ok(&file);
    let orgs: Vec<&str> = m.orgs.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(orgs, ["cheshire-east"]);
    assert_eq!(m.notices.len(), 1);
    assert_eq!(m.notices[0].id, "ce-children-families");
    // Built-in notice text, built-in shared parties, built-in vocabularies.
    assert!(
        m.notices[0]
            .text
            .contains("Children and Families Privacy Notice")
    );
    assert!(
        m.parties
            .iter()
            .any(|p| p.id == "department-for-work-and-pensions")
    );
    assert!(!m.vocab.categories.is_empty());
    assert!(!m.flows.is_empty());
}

#[test]
fn a_broken_single_org_file_is_located_in_that_file() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("cheshire-east.toml");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/cheshire-east.toml"),
        &file,
    )
    .expect("copy");
    let expected = position(dir.path(), "cheshire-east.toml", "\"local-authority\"");
    edit(
        dir.path(),
        "cheshire-east.toml",
        "type = \"local-authority\"",
        "type = \"local-authorty\"",
    );
    let errs = load_errors(&file);
    assert_eq!(errs.errors.len(), 1, "{}", errs.render(false));
    let e = &errs.errors[0];
    assert_eq!(
        without_nearby(e.kind.clone()),
        unknown("party type", "local-authorty", Some("local-authority"))
    );
    assert_eq!(relative(dir.path(), &errs.location(e)), expected);
}

// ---- unknown ids -------------------------------------------------------------------------------

#[test]
fn unknown_category_in_an_org_file_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(dir.path(), ORG_FILE, "id = \"health\"", "id = \"helth\"");
    let e = only_error(dir.path());
    assert_eq!(e.kind, unknown("category", "helth", Some("health")));
    assert_eq!(e.loc, "test-org.toml:22:6");
    assert!(
        e.rendered.contains("help: did you mean `health`?"),
        "{e:#?}"
    );
}

#[test]
fn unknown_category_parent_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "parent = \"health\"",
        "parent = \"helth\"",
    );
    let e = only_error(dir.path());
    assert_eq!(e.kind, unknown("category", "helth", Some("health")));
    assert_eq!(e.loc, "vocab/categories.toml:9:10");
}

#[test]
fn unknown_category_in_the_real_data_suggests_the_nearest() {
    let dir = copy_datasets();
    let needle = "id = \"mental-health\"\ndeclared_special = true";
    let at = position(dir.path(), "achieving-for-children.toml", needle);
    edit(
        dir.path(),
        "achieving-for-children.toml",
        needle,
        "id = \"mental-helth\"\ndeclared_special = true",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown("category", "mental-helth", Some("mental-health"))
    );
    // The error points at the value, 5 characters after the start of `id = `.
    let (file_line, col) = at.rsplit_once(':').expect("line:col");
    let col: usize = col.parse().expect("col");
    assert_eq!(e.loc, format!("{file_line}:{}", col + 5));
}

#[test]
fn unknown_party_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "party = \"department-for-education\"",
        "party = \"department-for-educaton\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown(
            "party",
            "department-for-educaton",
            Some("department-for-education")
        )
    );
    assert_eq!(e.loc, "test-org.toml:38:9");
}

#[test]
fn unknown_party_without_a_near_id_has_no_suggestion() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "party = \"department-for-education\"",
        "party = \"ofsted\"",
    );
    let e = only_error(dir.path());
    assert_eq!(e.kind, unknown("party", "ofsted", None));
    assert_eq!(e.loc, "test-org.toml:38:9");
    assert!(!e.rendered.contains("did you mean"), "{}", e.rendered);
}

#[test]
fn unknown_party_type_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "parties.toml",
        "type = \"central-government\"",
        "type = \"central-goverment\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown(
            "party type",
            "central-goverment",
            Some("central-government")
        )
    );
    assert_eq!(e.loc, "parties.toml:4:8");
}

#[test]
fn unknown_party_type_of_an_org() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "type = \"local-authority\"",
        "type = \"local-autority\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown("party type", "local-autority", Some("local-authority"))
    );
    assert_eq!(e.loc, "test-org.toml:4:8");
}

#[test]
fn unknown_ids_of_every_other_kind_are_located() {
    // subject, purpose, basis, legislation, right: one typo each, all reported.
    let dir = minimal_dataset();
    let d = dir.path();
    edit(d, ORG_FILE, "id = \"children\"", "id = \"childern\"");
    edit(d, ORG_FILE, "id = \"early-help\"", "id = \"early-hlep\"");
    edit(d, ORG_FILE, "id = \"a6-1-e\"", "id = \"a6-1-f\"");
    edit(
        d,
        ORG_FILE,
        "id = \"children-act-1989\"",
        "id = \"children-act-1998\"",
    );
    edit(d, ORG_FILE, "id = \"access\"", "id = \"acess\"");
    let mut got: Vec<(String, LoadErrorKind)> =
        errors_in(d).into_iter().map(|e| (e.loc, e.kind)).collect();
    // (Their order is checked by `errors_are_listed_by_file_then_line`.)
    got.sort_by_key(|(loc, _)| line_of(loc));
    assert_eq!(
        got,
        [
            (
                "test-org.toml:18:6".to_string(),
                unknown("subject", "childern", Some("children"))
            ),
            (
                "test-org.toml:26:6".to_string(),
                unknown("purpose", "early-hlep", Some("early-help"))
            ),
            (
                "test-org.toml:30:6".to_string(),
                unknown("basis", "a6-1-f", Some("a6-1-e"))
            ),
            (
                "test-org.toml:34:6".to_string(),
                unknown(
                    "legislation",
                    "children-act-1998",
                    Some("children-act-1989")
                )
            ),
            (
                "test-org.toml:47:6".to_string(),
                unknown("right", "acess", Some("access"))
            ),
        ]
    );
}

#[test]
fn unknown_notice_of_a_fact_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"health\"\n",
        "id = \"health\"\nnotice = \"test-notise\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown("notice", "test-notise", Some("test-notice"))
    );
    assert_eq!(e.loc, "test-org.toml:23:10");
}

#[test]
fn unknown_org_of_a_party_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "parties.toml",
        "aliases = [\"DfE\"]\n",
        "aliases = [\"DfE\"]\norg = \"test-orgg\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        unknown("organisation", "test-orgg", Some("test-org"))
    );
    assert_eq!(e.loc, "parties.toml:6:7");
}

#[test]
fn unknown_ids_in_lists_are_located_at_the_list_item() {
    let dir = minimal_dataset();
    let d = dir.path();
    edit(
        d,
        ORG_FILE,
        "party = \"department-for-education\"\n",
        "party = \"department-for-education\"\ncategories = [\"health\", \"helth\"]\n",
    );
    edit(
        d,
        ORG_FILE,
        "years = 6\n",
        "years = 6\nsubjects = [\"childern\"]\n",
    );
    edit(
        d,
        "vocab/legislation.toml",
        "kind = \"act\"\n",
        "kind = \"act\"\nsupports = [\"a6-1-x\"]\n",
    );
    let mut got: Vec<(String, LoadErrorKind)> =
        errors_in(d).into_iter().map(|e| (e.loc, e.kind)).collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        [
            (
                "test-org.toml:39:25".to_string(),
                unknown("category", "helth", Some("health"))
            ),
            (
                "test-org.toml:44:13".to_string(),
                unknown("subject", "childern", Some("children"))
            ),
            (
                "vocab/legislation.toml:6:13".to_string(),
                unknown("basis", "a6-1-x", Some("a6-1-e"))
            ),
        ]
    );
}

// ---- ids: duplicates and spelling ------------------------------------------------------------

#[test]
fn duplicate_id_names_the_first_definition() {
    let dir = minimal_dataset();
    append(
        dir.path(),
        "vocab/categories.toml",
        "\n[[category]]\nid = \"health\"\nname = \"Health again\"\n",
    );
    let e = only_error(dir.path());
    let LoadErrorKind::DuplicateId { kind, id, first } = &e.kind else {
        panic!("expected a duplicate id, got {e:#?}");
    };
    assert_eq!((*kind, id.as_str()), ("category", "health"));
    assert_eq!(e.loc, "vocab/categories.toml:12:6");
    assert!(
        first.ends_with("vocab/categories.toml:2:6"),
        "first = {first}"
    );
    assert!(
        e.rendered
            .contains("note: first defined at vocab/categories.toml:2:6"),
        "{}",
        e.rendered
    );
}

#[test]
fn duplicate_id_across_files() {
    // Ids are unique across the whole dataset: an org-local party may not reuse a shared one.
    let dir = minimal_dataset();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[party]]\nid = \"department-for-education\"\nname = \"DfE\"\ntype = \"central-government\"\n",
    );
    let e = only_error(dir.path());
    let LoadErrorKind::DuplicateId { kind, id, first } = &e.kind else {
        panic!("expected a duplicate id, got {e:#?}");
    };
    assert_eq!((*kind, id.as_str()), ("party", "department-for-education"));
    assert_eq!(e.loc, "test-org.toml:51:6");
    assert!(first.ends_with("parties.toml:2:6"), "first = {first}");
    assert!(
        e.rendered.contains("first defined at parties.toml:2:6"),
        "{}",
        e.rendered
    );
}

#[test]
fn non_kebab_id_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "id = \"mental-health\"",
        "id = \"Mental_Health\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        LoadErrorKind::BadId {
            id: "Mental_Health".into()
        }
    );
    assert_eq!(e.loc, "vocab/categories.toml:7:6");
    assert!(e.rendered.contains("lower-case words joined by '-'"));
}

#[test]
fn non_kebab_org_id_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"test-org\"",
        "id = \"test org\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        LoadErrorKind::BadId {
            id: "test org".into()
        }
    );
    assert_eq!(e.loc, "test-org.toml:2:6");
}

// ---- quotes ------------------------------------------------------------------------------------

#[test]
fn quote_not_in_its_notice_hints_the_matched_start() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "your name and health information",
        "your name and wealth information",
    );
    let e = only_error(dir.path());
    assert_eq!(
        e.kind,
        LoadErrorKind::QuoteNotFound {
            notice: "test-notice".into(),
            matched_prefix: "your name and".into(),
        }
    );
    assert_eq!(e.loc, "test-org.toml:23:9");
    assert!(
        e.rendered
            .contains("the notice has the start «your name and» but differs after it"),
        "{}",
        e.rendered
    );
}

#[test]
fn quote_with_different_white_space_is_accepted() {
    let dir = minimal_dataset();
    // The notice breaks the line after "kept"; the quote breaks elsewhere, doubles spaces and
    // uses a tab.
    edit(
        dir.path(),
        ORG_FILE,
        "\"Children’s records are kept until the child is 25.\"",
        "\"\"\"Children’s   records\nare kept  until\tthe child\n  is 25.\"\"\"",
    );
    let m = load_ok(dir.path());
    assert_eq!(m.services[0].subjects.len(), 1);
}

#[test]
fn straight_apostrophe_for_a_curly_one_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "Children’s records are kept",
        "Children's records are kept",
    );
    let e = only_error(dir.path());
    assert!(
        matches!(&e.kind, LoadErrorKind::QuoteNotFound { notice, .. } if notice == "test-notice"),
        "{e:#?}"
    );
    assert_eq!(e.loc, "test-org.toml:19:9");
    assert!(e.rendered.contains("apostrophes"), "{}", e.rendered);
}

#[test]
fn curly_apostrophe_for_a_straight_one_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "notices/notice-a.txt",
        "Children’s records",
        "Children's records",
    );
    let e = only_error(dir.path());
    assert!(
        matches!(&e.kind, LoadErrorKind::QuoteNotFound { .. }),
        "{e:#?}"
    );
    assert_eq!(e.loc, "test-org.toml:19:9");
}

#[test]
fn empty_quote_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "quote = \"the right to ask for a copy of your data\"",
        "quote = \"  \"",
    );
    let e = only_error(dir.path());
    assert!(
        matches!(&e.kind, LoadErrorKind::QuoteNotFound { .. }),
        "{e:#?}"
    );
    assert_eq!(e.loc, "test-org.toml:48:9");
}

#[test]
fn quote_of_a_real_notice_hints_the_matched_start() {
    let dir = copy_datasets();
    let d = dir.path();
    let at = position(
        d,
        "cheshire-east.toml",
        "\"Most of our information is stored electronically",
    );
    edit(
        d,
        "cheshire-east.toml",
        "Most of our information is stored electronically in our case record systems",
        "Most of our information is stored digitally in our case record systems",
    );
    let e = first_error(d);
    assert_eq!(e.loc, at);
    assert_eq!(
        e.kind,
        LoadErrorKind::QuoteNotFound {
            notice: "ce-children-families".into(),
            matched_prefix: "Most of our information is stored".into(),
        }
    );
}

#[test]
fn system_with_a_bad_quote_does_not_cascade_into_unknown_systems() {
    // The `[[system]]` liquid-logic has a quote that is not in its notice: one error. The
    // `[[service.system]]` that names it must not be reported as naming an unknown system.
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        "cheshire-east.toml",
        "Most of our information is stored electronically in our case record systems",
        "Most of our information is stored digitally in our case record systems",
    );
    let all = errors_in(d);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(matches!(all[0].kind, LoadErrorKind::QuoteNotFound { .. }));
}

// ---- notices -----------------------------------------------------------------------------------

#[test]
fn missing_notice_file_suggests_the_nearest() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "file = \"notice-a.txt\"",
        "file = \"notice-a.tx\"",
    );
    let e = first_error(dir.path());
    assert_eq!(
        e.kind,
        LoadErrorKind::MissingNoticeFile {
            file: "notice-a.tx".into(),
            suggestion: Some("notice-a.txt".into()),
        }
    );
    assert_eq!(e.loc, "test-org.toml:8:8");
    assert!(e.rendered.contains("help: did you mean `notice-a.txt`?"));
}

#[test]
fn missing_notice_file_is_the_only_error() {
    // One mistake, one error: the quotes of a notice whose file is missing must not be checked
    // against an empty text ("not even the quote's first words occur in the notice").
    let dir = copy_datasets();
    let d = dir.path();
    let at = position(d, "cheshire-east.toml", "\"002_c542209e9805e897.txt\"");
    edit(
        d,
        "cheshire-east.toml",
        "file = \"002_c542209e9805e897.txt\"",
        "file = \"002_c542209e9805e897.tx\"",
    );
    let all = errors_in(d);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].loc, at);
    assert_eq!(
        all[0].kind,
        LoadErrorKind::MissingNoticeFile {
            file: "002_c542209e9805e897.tx".into(),
            suggestion: Some("002_c542209e9805e897.txt".into()),
        }
    );
}

#[test]
fn fact_citing_another_organisations_notice_is_rejected_at_the_notice() {
    let dir = minimal_dataset();
    add_other_org(dir.path());
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"health\"\n",
        "id = \"health\"\nnotice = \"other-notice\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "notice `other-notice` belongs to another organisation"
    );
    // The caret belongs under the notice that is wrong (line 23), not under the quote (line 24).
    assert_eq!(e.loc, "test-org.toml:23:10");
}

#[test]
fn service_citing_another_organisations_notice_is_rejected_at_the_notice() {
    let dir = minimal_dataset();
    add_other_org(dir.path());
    edit(
        dir.path(),
        ORG_FILE,
        "notice = \"test-notice\"\nquote = \"to provide early help\"",
        "notice = \"other-notice\"\nquote = \"We help families.\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "notice `other-notice` belongs to another organisation"
    );
    assert_eq!(e.loc, "test-org.toml:14:10");
}

// ---- malformed TOML --------------------------------------------------------------------------

#[test]
fn unclosed_table_header_is_malformed() {
    let dir = minimal_dataset();
    edit(dir.path(), ORG_FILE, "[org]", "[org");
    let e = only_error(dir.path());
    let message = malformed_message(&e.kind);
    assert!(message.contains("]"), "{message}");
    // The header is cut short right after `[org`.
    assert_eq!(e.loc, "test-org.toml:1:5");
}

#[test]
fn wrong_value_type_is_malformed_at_the_value() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/legislation.toml",
        "year = 1989",
        "year = \"1989\"",
    );
    let e = first_error(dir.path());
    let message = malformed_message(&e.kind);
    assert!(message.contains("invalid type"), "{message}");
    assert_eq!(e.loc, "vocab/legislation.toml:4:8");
}

#[test]
fn malformed_vocabulary_file_does_not_cascade_into_unknown_ids() {
    // One wrong value type in legislation.toml is one error. Every citation of an Act in the
    // organisation files must not be reported as an unknown id as well: those errors bury the
    // real one and are wrong (the ids are defined, in a file that failed to parse).
    let dir = copy_datasets();
    let d = dir.path();
    let at = position(d, "vocab/legislation.toml", "1989\n");
    edit(
        d,
        "vocab/legislation.toml",
        "year = 1989\n",
        "year = \"1989\"\n",
    );
    let all = errors_in(d);
    assert_eq!(all.len(), 1, "{} errors: {all:#?}", all.len());
    assert_eq!(all[0].loc, at);
    assert!(matches!(all[0].kind, LoadErrorKind::Malformed { .. }));
}

#[test]
fn unknown_field_is_located_at_the_key_with_a_did_you_mean() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "title = \"Test Org privacy notice\"",
        "titel = \"Test Org privacy notice\"",
    );
    let e = only_error(dir.path());
    let LoadErrorKind::UnknownField {
        field, suggestion, ..
    } = &e.kind
    else {
        panic!("expected an unknown field, got {:?}", e.kind);
    };
    assert_eq!(
        (field.as_str(), suggestion.as_deref()),
        ("titel", Some("title"))
    );
    assert_eq!(e.loc, "test-org.toml:9:1");
    assert!(
        e.rendered.contains("help: did you mean `title`?"),
        "{}",
        e.rendered
    );
    assert!(
        e.rendered
            .contains("note: the fields here are id, file, title, url"),
        "{}",
        e.rendered
    );
}

#[test]
fn unknown_field_among_valid_ones_is_the_only_error() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "years = 6\n",
        "years = 6\nmonthz = 3\n",
    );
    let e = only_error(dir.path());
    let LoadErrorKind::UnknownField {
        field, expected, ..
    } = &e.kind
    else {
        panic!("expected an unknown field, got {:?}", e.kind);
    };
    assert_eq!(field, "monthz");
    assert!(
        expected.iter().any(|f| f == "until_age"),
        "lists the expected fields: {expected:?}"
    );
    assert_eq!(e.loc, "test-org.toml:43:1");
}

#[test]
fn a_malformed_file_does_not_hide_errors_in_other_files() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/rights.toml",
        "article = \"15\"",
        "article = 15",
    );
    edit(
        dir.path(),
        ORG_FILE,
        "party = \"department-for-education\"",
        "party = \"department-for-educaton\"",
    );
    let got: Vec<String> = errors_in(dir.path()).into_iter().map(|e| e.loc).collect();
    assert!(
        got.contains(&"vocab/rights.toml:4:11".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"test-org.toml:38:9".to_string()), "{got:?}");
}

// ---- retention ---------------------------------------------------------------------------------

#[test]
fn retention_with_two_periods_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "years = 6\n",
        "years = 6\nuntil_age = 25\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "a retention rule needs exactly one period, found 2"
    );
    assert_eq!(e.loc, "test-org.toml:45:9");
    assert!(
        e.rendered.contains("help: give one of years"),
        "{}",
        e.rendered
    );
}

#[test]
fn retention_without_a_period_is_rejected() {
    let dir = minimal_dataset();
    edit(dir.path(), ORG_FILE, "years = 6\n", "");
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "a retention rule needs exactly one period, found 0"
    );
    assert_eq!(e.loc, "test-org.toml:43:9");
}

#[test]
fn retention_range_needs_both_ends_in_order() {
    for (range, what) in [
        ("min_years = 10\nmax_years = 3\n", "reversed"),
        ("min_years = 10\n", "half"),
    ] {
        let dir = minimal_dataset();
        edit(dir.path(), ORG_FILE, "years = 6\n", range);
        let e = only_error(dir.path());
        assert_eq!(
            invalid_message(&e.kind),
            "a range needs min_years <= max_years, both given",
            "{what}"
        );
        let line = 43 + range.lines().count();
        assert_eq!(e.loc, format!("test-org.toml:{line}:9"), "{what}");
    }
}

#[test]
fn retention_with_an_unknown_trigger_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "trigger = \"closure\"",
        "trigger = \"closed\"",
    );
    let e = only_error(dir.path());
    assert_eq!(invalid_message(&e.kind), "unknown trigger `closed`");
    assert_eq!(e.loc, "test-org.toml:43:11");
}

// ---- trees -------------------------------------------------------------------------------------

#[test]
fn tree_cycle_is_reported_once() {
    let dir = minimal_dataset();
    // public-body → local-authority → public-body.
    edit(
        dir.path(),
        "vocab/party-types.toml",
        "id = \"public-body\"\nname = \"Public body\"\n",
        "id = \"public-body\"\nname = \"Public body\"\nparent = \"local-authority\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "party type `public-body` is its own ancestor"
    );
    assert_eq!(e.loc, "vocab/party-types.toml:4:10");
}

#[test]
fn tree_self_parent_is_a_cycle() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "parent = \"health\"",
        "parent = \"mental-health\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "category `mental-health` is its own ancestor"
    );
    assert_eq!(e.loc, "vocab/categories.toml:9:10");
}

#[test]
fn entry_leading_into_a_cycle_is_not_itself_reported() {
    // body → mental-health → health → mental-health: `body` is not its own ancestor; only the
    // cycle between health and mental-health is an error.
    let dir = minimal_dataset();
    let d = dir.path();
    write(
        d,
        "vocab/categories.toml",
        &format!(
            "[[category]]\nid = \"body\"\nname = \"Body\"\nparent = \"mental-health\"\n\n{}",
            CATEGORIES.replacen(
                "special = true",
                "special = true\nparent = \"mental-health\"",
                1
            )
        ),
    );
    let all = errors_in(d);
    assert_eq!(all.len(), 1, "{all:#?}");
    let message = invalid_message(&all[0].kind);
    assert!(message.contains("is its own ancestor"), "{message}");
    assert!(!message.contains("`body`"), "{message}");
}

// ---- sections in the wrong file ------------------------------------------------------------

#[test]
fn vocabulary_entry_in_an_org_file_is_rejected_and_located() {
    let dir = minimal_dataset();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[category]]\nid = \"local-secret\"\nname = \"Local secret\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "an organisation file may not define vocabulary entries"
    );
    // Point at the offending entry, not just the file.
    assert_eq!(e.loc, "test-org.toml:51:6");
}

#[test]
fn org_table_in_a_vocabulary_file_is_rejected() {
    let dir = minimal_dataset();
    append(
        dir.path(),
        "vocab/rights.toml",
        "\n[org]\nid = \"rogue\"\nname = \"Rogue\"\ntype = \"local-authority\"\n",
    );
    let all = errors_in(dir.path());
    let e = all
        .iter()
        .find(|e| e.loc.starts_with("vocab/rights.toml"))
        .unwrap_or_else(|| panic!("no error in rights.toml: {all:#?}"));
    assert_eq!(
        invalid_message(&e.kind),
        "a vocabulary file may only hold vocabulary entries"
    );
    assert_eq!(e.loc, "vocab/rights.toml:7:6");
}

#[test]
fn org_file_without_an_org_table_is_rejected() {
    let dir = minimal_dataset();
    write(
        dir.path(),
        "stray.toml",
        "[[notice]]\nid = \"stray\"\nfile = \"notice-a.txt\"\ntitle = \"Stray\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "an organisation file needs an [org] table"
    );
    assert!(e.loc.starts_with("stray.toml"), "{}", e.loc);
    assert!(e.rendered.contains("help: add [org]"), "{}", e.rendered);
}

// ---- lawful bases and citations ------------------------------------------------------------

#[test]
fn basis_with_fields_of_the_wrong_law_is_rejected() {
    let dir = minimal_dataset();
    // sch1-para6 has schedule/part/paragraph but claims to be a UK GDPR article.
    edit(
        dir.path(),
        "vocab/bases.toml",
        "law = \"dpa-2018\"",
        "law = \"uk-gdpr\"",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "basis `sch1-para6` does not have the fields of its law"
    );
    assert_eq!(e.loc, "vocab/bases.toml:10:6");
}

#[test]
fn basis_with_an_unknown_law_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/bases.toml",
        "law = \"uk-gdpr\"",
        "law = \"gdpr\"",
    );
    let e = first_error(dir.path());
    assert_eq!(invalid_message(&e.kind), "unknown law `gdpr`");
    assert_eq!(e.loc, "vocab/bases.toml:4:7");
}

#[test]
fn invalid_vocabulary_entries_do_not_cascade_into_unknown_ids() {
    // A basis with an unknown law and an Act of an unknown kind are two mistakes: two errors.
    // The facts citing `a6-1-e` and `children-act-1989` must not each be reported as citing an
    // unknown id (with no suggestion, as the id is right there in the vocabulary).
    let dir = minimal_dataset();
    let d = dir.path();
    edit(d, "vocab/bases.toml", "law = \"uk-gdpr\"", "law = \"gdpr\"");
    edit(
        d,
        "vocab/legislation.toml",
        "kind = \"act\"",
        "kind = \"statute\"",
    );
    let got: Vec<String> = errors_in(d).into_iter().map(|e| e.loc).collect();
    assert_eq!(got, ["vocab/bases.toml:4:7", "vocab/legislation.toml:5:8"]);
}

#[test]
fn basis_of_the_wrong_shape_does_not_cascade_into_unknown_ids() {
    // One broken basis definition is one error; the facts citing it must not each be reported
    // as citing an unknown basis.
    let dir = copy_datasets();
    let d = dir.path();
    let at = position(d, "vocab/bases.toml", "\"a6-1-e\"");
    edit(
        d,
        "vocab/bases.toml",
        "id = \"a6-1-e\"\nname = \"Public task\"\nlaw = \"uk-gdpr\"",
        "id = \"a6-1-e\"\nname = \"Public task\"\nlaw = \"dpa-2018\"",
    );
    let all = errors_in(d);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].loc, at);
}

#[test]
fn basis_requiring_an_unknown_group_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/bases.toml",
        "paragraph = 6\n",
        "paragraph = 6\nrequires_one_of = \"sch1-part9\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(invalid_message(&e.kind), "unknown basis group `sch1-part9`");
    assert_eq!(e.loc, "vocab/bases.toml:16:19");
}

#[test]
fn legislation_of_an_unknown_kind_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/legislation.toml",
        "kind = \"act\"",
        "kind = \"statute\"",
    );
    let e = first_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "unknown legislation kind `statute`"
    );
    assert_eq!(e.loc, "vocab/legislation.toml:5:8");
}

#[test]
fn unresolved_basis_citation_with_an_id_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"a6-1-e\"\n",
        "id = \"a6-1-e\"\nunresolved = true\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "an unresolved basis citation cannot have an id"
    );
    assert_eq!(e.loc, "test-org.toml:30:6");
}

#[test]
fn unresolved_legislation_citation_with_an_id_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"children-act-1989\"\n",
        "id = \"children-act-1989\"\nstatus = \"unresolved\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "an unresolved legislation citation cannot have an id"
    );
    assert_eq!(e.loc, "test-org.toml:34:6");
}

#[test]
fn unresolved_citation_without_an_id_is_accepted() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"a6-1-e\"\n",
        "unresolved = true\nnote = \"names no real basis\"\n",
    );
    let m = load_ok(dir.path());
    assert_eq!(m.services[0].bases.len(), 1);
    assert_eq!(m.services[0].bases[0].value.basis, None);
}

#[test]
fn citation_with_neither_id_nor_unresolved_is_rejected() {
    let dir = minimal_dataset();
    edit(dir.path(), ORG_FILE, "id = \"a6-1-e\"\n", "");
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "a basis citation needs an `id`, or `unresolved = true` with a note"
    );
    assert_eq!(e.loc, "test-org.toml:30:9");
}

#[test]
fn citation_with_an_unknown_status_is_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "id = \"children-act-1989\"\n",
        "id = \"children-act-1989\"\nstatus = \"fixed\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(invalid_message(&e.kind), "unknown status `fixed`");
    assert_eq!(e.loc, "test-org.toml:35:10");
}

// ---- words from a closed list, and the ICO registration ---------------------------------------

#[test]
fn stance_not_in_its_list_suggests_the_nearest() {
    let dir = minimal_dataset();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[service.transfer]]\nstance = \"non\"\nquote = \"We share information\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "`non` is not one of: none, possible, not-answered"
    );
    assert_eq!(e.loc, "test-org.toml:51:10");
    assert!(
        e.rendered.contains("did you mean `none`?"),
        "{}",
        e.rendered
    );
}

#[test]
fn contact_role_and_kind_not_in_their_lists_are_rejected() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "\n[[notice]]",
        "\n[[contact]]\nrole = \"dpa\"\nkind = \"fax\"\nvalue = \"x\"\nnotice = \"test-notice\"\nquote = \"Test Org privacy notice\"\n\n[[notice]]",
    );
    let got: Vec<(String, String)> = errors_in(dir.path())
        .into_iter()
        .map(|e| (e.loc, invalid_message(&e.kind).to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "test-org.toml:7:8".to_string(),
                "`dpa` is not one of: dpo, controller, data-protection-team, ico".to_string()
            ),
            (
                "test-org.toml:8:8".to_string(),
                "`fax` is not one of: post, email, phone, online".to_string()
            ),
        ]
    );
}

#[test]
fn research_form_not_in_its_list_is_rejected() {
    let dir = minimal_dataset();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[service.research]]\nform = \"anonymized\"\nquote = \"We share information\"\n",
    );
    let e = only_error(dir.path());
    assert!(
        invalid_message(&e.kind).starts_with("`anonymized` is not one of: anonymised"),
        "{e:#?}"
    );
    assert_eq!(e.loc, "test-org.toml:51:8");
    assert!(e.rendered.contains("did you mean `anonymised`?"));
}

#[test]
fn ico_registration_needs_its_quote_and_notice() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "type = \"local-authority\"\n",
        "type = \"local-authority\"\nico_registration = \"Z1234567\"\n",
    );
    let e = only_error(dir.path());
    assert_eq!(
        invalid_message(&e.kind),
        "ico_registration needs registration_quote and registration_notice"
    );
    assert_eq!(e.loc, "test-org.toml:2:6");
}

#[test]
fn ico_registration_with_its_quote_and_notice_is_accepted() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        ORG_FILE,
        "type = \"local-authority\"\n",
        "type = \"local-authority\"\nico_registration = \"Z1234567\"\nregistration_quote = \"Test Org privacy notice\"\nregistration_notice = \"test-notice\"\n",
    );
    let m = load_ok(dir.path());
    let reg = m.orgs[0].ico_registration.as_ref().expect("registration");
    assert_eq!(reg.value, "Z1234567");
}

// ---- where the data is -----------------------------------------------------------------------

#[test]
fn data_path_that_does_not_exist_is_an_io_error() {
    let path = PathBuf::from("/no/such/path");
    let errs = load_errors(&path);
    assert_eq!(errs.errors.len(), 1, "{}", errs.render(false));
    let e = &errs.errors[0];
    assert_eq!(
        e.kind,
        LoadErrorKind::Io {
            path: "/no/such/path".into(),
            message: "no such file or directory".into(),
        }
    );
    assert_eq!(errs.location(e), "/no/such/path");
    let text = errs.render(false);
    assert!(
        text.contains("cannot read /no/such/path: no such file or directory"),
        "{text}"
    );
}

// ---- many errors at once ---------------------------------------------------------------------

#[test]
fn independent_errors_in_different_files_are_all_reported() {
    let dir = copy_datasets();
    let d = dir.path();
    // 1. vocabulary: a category parent typo.
    let cat = position(
        d,
        "vocab/categories.toml",
        "\"identity\"\ndpv = \"pd:Name\"",
    );
    edit(
        d,
        "vocab/categories.toml",
        "parent = \"identity\"\ndpv = \"pd:Name\"",
        "parent = \"identiy\"\ndpv = \"pd:Name\"",
    );
    // 2. shared parties: a party type typo.
    let party = position(d, "parties.toml", "\"central-government\"");
    edit(
        d,
        "parties.toml",
        "type = \"central-government\"",
        "type = \"central-goverment\"",
    );
    // 3. one organisation: a quote that is not in its notice.
    let quote = position(
        d,
        "cheshire-east.toml",
        "\"any special educational needs or disabilities\"",
    );
    edit(
        d,
        "cheshire-east.toml",
        "\"any special educational needs or disabilities\"",
        "\"any special educational needs or disabilites\"",
    );
    // 4. another organisation: a retention rule with two periods.
    let retention = position(
        d,
        "achieving-for-children.toml",
        "\"We only keep your personal data",
    );
    edit(
        d,
        "achieving-for-children.toml",
        "schedule = \"retention schedule\"",
        "schedule = \"retention schedule\"\nyears = 6",
    );
    // 5. the third organisation: a recipient that is not a party.
    edit(
        d,
        "cheshire-west.toml",
        "party = \"department-for-education\"",
        "party = \"department-for-educaton\"",
    );
    let recipient = position(d, "cheshire-west.toml", "\"department-for-educaton\"");
    // (4's position moved down a line with the inserted `years`.)
    let retention = {
        let (file, col) = retention.rsplit_once(':').expect("col");
        let (file, line) = file.rsplit_once(':').expect("line");
        format!("{file}:{}:{col}", line.parse::<usize>().expect("line") + 1)
    };

    let result = load(&DataSource::Path(d.to_path_buf()));
    let Err(errs) = result else {
        panic!("a broken dataset must not load, not even in part");
    };
    let got: Vec<(String, &str)> = errs
        .errors
        .iter()
        .map(|e| {
            let what = match &e.kind {
                LoadErrorKind::UnknownId { kind, .. } => kind,
                LoadErrorKind::QuoteNotFound { .. } => "quote",
                LoadErrorKind::Invalid { .. } => "invalid",
                other => panic!("unexpected {other:?}"),
            };
            (relative(d, &errs.location(e)), what)
        })
        .collect();
    let mut want = vec![
        (cat, "category"),
        (party, "party type"),
        (quote, "quote"),
        (retention, "invalid"),
        (recipient, "party"),
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    want.sort();
    assert_eq!(got_sorted, want, "{}", errs.render(false));
}

#[test]
fn errors_are_listed_by_file_then_line() {
    // `LoadErrors::errors` is documented as "in file order": each file's errors together, and
    // within a file from top to bottom, as a reader fixing them would go through the file.
    let dir = minimal_dataset();
    let d = dir.path();
    edit(
        d,
        "parties.toml",
        "type = \"central-government\"",
        "type = \"central-goverment\"",
    );
    edit(
        d,
        ORG_FILE,
        "type = \"local-authority\"",
        "type = \"local-autority\"",
    );
    edit(d, ORG_FILE, "id = \"children\"", "id = \"childern\"");
    edit(d, ORG_FILE, "id = \"a6-1-e\"", "id = \"a6-1-f\"");
    edit(d, ORG_FILE, "id = \"access\"", "id = \"acess\"");
    let got: Vec<String> = errors_in(d).into_iter().map(|e| e.loc).collect();
    assert_eq!(
        got,
        [
            "parties.toml:4:8",
            "test-org.toml:4:8",
            "test-org.toml:18:6",
            "test-org.toml:30:6",
            "test-org.toml:47:6",
        ]
    );
}

#[test]
fn rendered_report_of_several_errors() {
    let dir = minimal_dataset();
    let d = dir.path();
    edit(
        d,
        "vocab/categories.toml",
        "parent = \"health\"",
        "parent = \"helth\"",
    );
    append(
        d,
        "parties.toml",
        "\n[[party]]\nid = \"department-for-education\"\nname = \"DfE\"\ntype = \"central-government\"\n",
    );
    edit(
        d,
        ORG_FILE,
        "your name and health information",
        "your name and wealth information",
    );
    edit(d, ORG_FILE, "years = 6\n", "years = 6\nuntil_age = 25\n");
    let errs = load_errors(d);
    assert_eq!(errs.errors.len(), 4, "{}", errs.render(false));
    let text = errs
        .render(false)
        .replace(&format!("{}/", d.display()), "[DATA]/");
    insta::assert_snapshot!(text);
}

// ---- what is not a dataset file, and input built to hurt -------------------------------------

/// The one error of loading `path`, rendered without colour.
fn one_rendered(path: &Path) -> (LoadError, String) {
    let errs = load_errors(path);
    assert_eq!(errs.errors.len(), 1, "{}", errs.render(false));
    (errs.errors[0].clone(), errs.render(false))
}

#[cfg(unix)]
#[test]
fn toml_entries_that_are_not_regular_files_are_errors_not_skipped() {
    use std::os::unix::fs::symlink;
    /// A file name, how to make the entry, and what the error says about it.
    type Case = (&'static str, fn(&Path), &'static str);
    let cases: [Case; 4] = [
        (
            "dangling.toml",
            |p| symlink("/no/such/file", p).expect("symlink"),
            "is a symbolic link to `/no/such/file`, which cannot be read",
        ),
        (
            "loop.toml",
            |p| symlink("loop.toml", p).expect("symlink"),
            "is a symbolic link to `loop.toml`, which cannot be read",
        ),
        (
            "dir.toml",
            |p| std::fs::create_dir(p).expect("mkdir"),
            "is a directory, so it cannot be a dataset file",
        ),
        (
            "fifo.toml",
            |p| {
                let ok = std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "mkfifo");
            },
            "is not a regular file (a FIFO, socket or device)",
        ),
    ];
    for (name, make, says) in cases {
        let dir = minimal_dataset();
        let path = dir.path().join(name);
        make(&path);
        // Reading a FIFO would block: the loader must look before it reads.
        let (e, text) = one_rendered(dir.path());
        assert!(e.file.ends_with(name), "{name}: {text}");
        assert!(text.contains(says), "{name}: {text}");
        // Given alone with --data, the same (a directory given alone is a dataset directory).
        if name != "dir.toml" {
            let (_, alone) = one_rendered(&path);
            assert!(alone.contains(says), "{name} alone: {alone}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_org_file_is_followed() {
    let dir = minimal_dataset();
    let d = dir.path();
    std::fs::rename(d.join(ORG_FILE), d.join("real.txt")).expect("rename");
    std::os::unix::fs::symlink("real.txt", d.join(ORG_FILE)).expect("symlink");
    assert_eq!(load_ok(d).orgs.len(), 1);
}

#[test]
fn bytes_that_are_not_utf8_are_located_on_their_line() {
    let dir = minimal_dataset();
    let path = dir.path().join(ORG_FILE);
    let mut bytes = std::fs::read(&path).expect("read");
    let at = ORG.find("Test Org privacy notice").expect("title");
    bytes.insert(at + 4, 0xff);
    std::fs::write(&path, &bytes).expect("write");
    let (e, text) = one_rendered(dir.path());
    let (line, col) = {
        let before = &ORG[..at + 4];
        (
            before.matches('\n').count() + 1,
            before.rsplit('\n').next().map_or(0, str::len) + 1,
        )
    };
    assert!(
        text.contains("is not UTF-8 text") && text.contains(&format!(":{line}:{col}")),
        "{text}"
    );
    assert!(e.file.ends_with(ORG_FILE));
}

#[test]
fn an_empty_org_file_is_named_in_its_error() {
    let dir = minimal_dataset();
    write(dir.path(), "empty.toml", "");
    let (_, text) = one_rendered(dir.path());
    assert!(text.contains("needs an [org] table"), "{text}");
    assert!(text.contains("empty.toml"), "names the file: {text}");
}

#[test]
fn a_header_nested_a_hundred_deep_is_located() {
    let dir = minimal_dataset();
    let deep = format!("[{}]\nx = 1\n", vec!["a"; 100].join("."));
    write(dir.path(), "deep.toml", &deep);
    let (_, text) = one_rendered(dir.path());
    assert!(text.contains("nested too deeply"), "{text}");
    assert!(text.contains("deep.toml:1:1"), "{text}");
}

#[test]
fn every_schema_error_of_a_file_comes_in_one_run() {
    // Six mistakes of four kinds, as an encoder makes them.
    let dir = minimal_dataset();
    let d = dir.path();
    edit(d, ORG_FILE, "title = ", "titel = ");
    edit(d, ORG_FILE, "years = 6\n", "years = \"six\"\n");
    append(d, ORG_FILE, "\n[[systm]]\nid = \"x\"\n");
    edit(d, "vocab/categories.toml", "name = ", "nmae = ");
    append(
        d,
        "vocab/subjects.toml",
        "\n[[subject]]\nname = \"No id\"\n",
    );
    append(
        d,
        "parties.toml",
        "\n[[party]]\nid = \"p\"\nname = \"P\"\ntype = \"x\"\nwebsite = \"w\"\n",
    );
    let got = errors_in(d);
    let summary: Vec<String> = got
        .iter()
        .map(|e| match &e.kind {
            LoadErrorKind::UnknownField {
                field, suggestion, ..
            } => format!("{} unknown {field} {suggestion:?}", e.loc),
            LoadErrorKind::Malformed { message } => format!("{} {message}", e.loc),
            other => format!("{} {other}", e.loc),
        })
        .collect();
    let has = |what: &str| summary.iter().any(|s| s.contains(what));
    assert!(has("unknown titel Some(\"title\")"), "{summary:#?}");
    assert!(has("invalid type: string \"six\""), "{summary:#?}");
    assert!(has("unknown systm Some(\"system\")"), "{summary:#?}");
    assert!(has("unknown nmae Some(\"name\")"), "{summary:#?}");
    assert!(has("missing field `id`"), "{summary:#?}");
    assert!(has("unknown website None"), "{summary:#?}");
    // A misspelt field is not reported a second time as missing under its right name.
    assert!(!has("missing field `name`"), "{summary:#?}");
    assert!(!has("missing field `title`"), "{summary:#?}");
}

#[test]
fn an_unknown_id_names_ids_nearby_and_the_file_to_extend() {
    let dir = minimal_dataset();
    edit(dir.path(), ORG_FILE, "id = \"health\"", "id = \"helth\"");
    let e = only_error(dir.path());
    assert!(
        e.rendered
            .contains("note: 2 category id(s) are defined, among them health, mental-health"),
        "{}",
        e.rendered
    );
    assert!(
        e.rendered
            .contains("help: a new category is defined in vocab/categories.toml ([[category]])"),
        "{}",
        e.rendered
    );
}

#[test]
fn huge_names_and_values_give_short_messages() {
    // A 65,000-character unknown party and a 5 MB quote: each message stays a few lines.
    let dir = minimal_dataset();
    let d = dir.path();
    let name = "x".repeat(65_000);
    edit(
        d,
        ORG_FILE,
        "party = \"department-for-education\"",
        &format!("party = \"{name}\""),
    );
    let text = load_errors(d).render(false);
    assert!(
        text.contains("unknown party `xxx"),
        "{}",
        &text[..text.len().min(500)]
    );
    assert!(text.len() < 2_000, "{} bytes of message", text.len());

    let dir = minimal_dataset();
    let d = dir.path();
    let quote = "y".repeat(5_000_000);
    edit(d, ORG_FILE, "your name and health information", &quote);
    let text = load_errors(d).render(false);
    assert!(
        text.contains("quote not found"),
        "{}",
        &text[..text.len().min(500)]
    );
    assert!(text.len() < 2_000, "{} bytes of message", text.len());
}

/// The six corpus notices (tests/corpus, issue 22) load with the built-in vocabularies and
/// shared parties, each notice a verbatim copy of its shared/ original.
#[test]
fn the_corpus_loads_with_the_built_in_vocabularies() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let m = load_ok(&dir);
    let mut orgs: Vec<&str> = m.orgs.iter().map(|o| o.id.as_str()).collect();
    orgs.sort_unstable();
    assert_eq!(
        orgs,
        [
            "cabinet-office",
            "desnz",
            "dfe-teaching-regulation-agency",
            "greater-london-authority",
            "ministry-of-justice-laa",
            "south-lanarkshire-council",
        ]
    );
    assert_eq!(m.notices.len(), 6);
    assert_eq!(m.services.len(), 12);
}

// ---- a party's country ------------------------------------------------------------------------------

#[test]
fn a_party_country_is_an_iso_code_and_uk_is_refused_with_gb() {
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "parties.toml",
        "aliases = [\"DfE\"]\n",
        "aliases = [\"DfE\"]\ncountry = \"GB\"\n",
    );
    let m = load(&DataSource::Path(dir.path().to_path_buf()))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let p = m
        .party("department-for-education")
        .map(|p| &m.parties[p.ix()]);
    assert_eq!(p.and_then(|p| p.country.as_deref()), Some("GB"));
    for (bad, help) in [
        ("UK", "`GB`"),
        ("EU", "member state"),
        ("ie", "alpha-2"),
        ("IRL", "alpha-2"),
    ] {
        let dir = minimal_dataset();
        edit(
            dir.path(),
            "parties.toml",
            "aliases = [\"DfE\"]\n",
            &format!("aliases = [\"DfE\"]\ncountry = \"{bad}\"\n"),
        );
        let e = only_error(dir.path());
        assert_eq!(
            invalid_message(&e.kind),
            format!("`{bad}` is not an ISO 3166-1 alpha-2 country code")
        );
        assert_eq!(e.loc, "parties.toml:6:11");
        assert!(e.rendered.contains(help), "{}", e.rendered);
    }
}
