//! A fourth organisation changes no answer about the three real ones.
//!
//! Tests select the three organisations by id, never by how many organisations the datasets
//! hold, so that adding one (README's "Adding an organisation") breaks no test about the others.
//! `tests/fixtures/fourth-org/` holds a small organisation of its own; here it is added to a
//! copy of the built-in datasets, and every entity's rows for each real organisation must be
//! exactly what the datasets without it give. The golden queries of `tests/query.rs` run on the
//! three organisations alone ([`three_orgs_dir`]).

use basis::model::{DataSource, Model, load};
use basis::output::{Format, render};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

/// The three real organisations, by id.
pub(crate) const THREE: [&str; 3] = ["cheshire-west", "cheshire-east", "achieving-for-children"];

fn datasets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

/// Links the shared files of the built-in datasets and the three organisations' files into
/// `dir`.
fn link_three(dir: &Path) {
    let src = datasets();
    for shared in ["vocab", "notices", "parties.toml"] {
        link(&src.join(shared), &dir.join(shared));
    }
    for org in THREE {
        let file = format!("{org}.toml");
        link(&src.join(&file), &dir.join(&file));
    }
}

fn link(from: &Path, to: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(from, to).expect("symlink");
    #[cfg(not(unix))]
    copy_tree(from, to);
}

#[cfg(not(unix))]
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read dir").flatten() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
    }
}

/// A directory with the built-in datasets' shared files and only the three organisations
/// (whatever other organisation files `datasets/` holds), kept for the whole test run.
pub(crate) fn three_orgs_dir() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = TempDir::new().expect("temp dir");
        link_three(dir.path());
        dir
    })
    .path()
}

/// The model of [`three_orgs_dir`], loaded once for the whole test run.
pub(crate) fn three_orgs_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| load_dir(three_orgs_dir()))
}

/// The three organisations plus the fixture organisation, its notice beside the real ones.
fn with_fourth() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let d = dir.path();
    let src = datasets();
    link(&src.join("vocab"), &d.join("vocab"));
    link(&src.join("parties.toml"), &d.join("parties.toml"));
    std::fs::create_dir(d.join("notices")).expect("mkdir");
    for e in std::fs::read_dir(src.join("notices"))
        .expect("notices")
        .flatten()
    {
        link(&e.path(), &d.join("notices").join(e.file_name()));
    }
    for org in THREE {
        let file = format!("{org}.toml");
        link(&src.join(&file), &d.join(&file));
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fourth-org");
    std::fs::copy(
        fixture.join("fixture-borough.toml"),
        d.join("fixture-borough.toml"),
    )
    .expect("copy org");
    std::fs::copy(
        fixture.join("notices/900_fixture-borough.txt"),
        d.join("notices/900_fixture-borough.txt"),
    )
    .expect("copy notice");
    dir
}

fn load_dir(dir: &Path) -> Model {
    load(&DataSource::Path(dir.to_path_buf()))
        .unwrap_or_else(|e| panic!("{} loads:\n{}", dir.display(), e.render(false)))
}

fn csv(model: &Model, q: &str) -> String {
    let query = basis::parse(q).unwrap_or_else(|e| panic!("{q}: {}", e.render(q, false)));
    let plan = basis::plan(&query, model).unwrap_or_else(|e| panic!("{q}: {}", e.render(q, false)));
    let tables = basis::execute(&plan, model).unwrap_or_else(|e| panic!("{q}: {e}"));
    render(&tables, Format::Csv, None)
}

#[test]
fn the_fixture_organisation_loads_and_is_seen() {
    let dir = with_fourth();
    let m = load_dir(dir.path());
    assert!(m.orgs.iter().any(|o| o.id == "fixture-borough"));
    // Its police flow answers the headline question, so the comparisons below are not idle.
    let out = csv(
        &m,
        "recipients where category in health and basis = art 9(2)(h) and org = fixture-borough",
    );
    assert!(out.contains("cheshire-police"), "{out}");
}

#[test]
fn a_fourth_organisation_changes_nothing_about_the_three() {
    let three = three_orgs_model();
    let dir = with_fourth();
    let four = load_dir(dir.path());
    let mut compared = 0;
    let entities = [
        "orgs",
        "notices",
        "services",
        "recipients",
        "sources",
        "flows",
        "categories",
        "subjects",
        "purposes",
        "bases",
        "legislation",
        "retention",
        "systems",
    ];
    // Not `parties`: a shared party's row lists every organisation naming it, so the fixture's
    // police and DfE flows rightly add `fixture-borough` to those rows.
    for org in THREE {
        for entity in entities {
            let q = format!("{entity} where org = {org}");
            assert_eq!(csv(&four, &q), csv(three, &q), "{q}");
            compared += 1;
        }
        let q = format!("count flows where org = {org} by party.type, category");
        assert_eq!(csv(&four, &q), csv(three, &q), "{q}");
        compared += 1;
    }
    assert_eq!(compared, THREE.len() * (entities.len() + 1));
}
