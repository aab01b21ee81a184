//! Authoring: the loader's cross-checks of an id against its own quote (a basis id against
//! the citation the quote reads as, a legislation id and `status = "exact"` against the title
//! and year the quote names), `basis new org` and `basis diff`.

use crate::load::{copy_datasets, edit, first_error, load_ok, position};

const CW: &str = "cheshire-west.toml";

fn message(e: &crate::load::Found) -> String {
    match &e.kind {
        basis::model::LoadErrorKind::Invalid { message, help } => {
            format!("{message} | {}", help.as_deref().unwrap_or(""))
        }
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

// ---- the loader's cross-checks -------------------------------------------------------------

#[test]
fn a_basis_id_that_contradicts_the_article_in_its_quote_is_located_and_named() {
    // 000 cites "General Data Protection Legislation Article 9 Part h": Art. 9(2)(h).
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        CW,
        "id = \"a9-2-h\"\nquote = \"General Data Protection Legislation Article 9 Part h\"",
        "id = \"a9-2-g\"\nquote = \"General Data Protection Legislation Article 9 Part h\"",
    );
    let e = first_error(d);
    assert_eq!(e.loc, position(d, CW, "\"a9-2-g\""));
    assert_eq!(
        message(&e),
        "basis `a9-2-g` is UK GDPR Art. 9(2)(g), but its quote cites art 9(2)(h) | the quote \
         names `a9-2-h`; use that id, or mark a deliberate difference with `status = \
         \"corrected\"` and a `note`"
    );
}

#[test]
fn a_deliberately_corrected_basis_and_a_quote_without_an_article_load() {
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        CW,
        "id = \"a9-2-h\"\nquote = \"General Data Protection Legislation Article 9 Part h\"",
        "id = \"a9-2-g\"\nstatus = \"corrected\"\nnote = \"test\"\nquote = \"General Data Protection Legislation Article 9 Part h\"",
    );
    // Cheshire East's "compliance with a legal obligation" names no article: nothing to check.
    let m = load_ok(d);
    let ce = m.orgs.iter().position(|o| o.id == "cheshire-east").unwrap();
    assert!(
        m.services
            .iter()
            .filter(|s| s.org.ix() == ce)
            .flat_map(|s| &s.bases)
            .any(|b| b.value.cited == "compliance with a legal obligation")
    );
}

#[test]
fn an_exact_legislation_status_whose_quote_misnames_the_act_is_an_error() {
    // 000: "The Children’s Act 1989 section 17", encoded as corrected; marked exact, it is wrong.
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        CW,
        "section = \"s.17\"\nstatus = \"corrected\"",
        "section = \"s.17\"\nstatus = \"exact\"",
    );
    let e = first_error(d);
    assert_eq!(
        e.loc,
        position(d, CW, "\"exact\"\nnote = \"Title is 'Children Act 1989'")
    );
    assert!(
        message(&e).starts_with(
            "legislation `children-act-1989` has `status = \"exact\"`, but its quote does not name the Children Act 1989"
        ),
        "{}",
        message(&e)
    );
}

#[test]
fn a_legislation_id_whose_quote_names_another_act_is_an_error() {
    // 000: "Welfare Reform Act 2012", encoded with the id of another Act.
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        CW,
        "id = \"welfare-reform-act-2012\"",
        "id = \"children-act-2004\"",
    );
    let e = first_error(d);
    assert_eq!(
        e.loc,
        position(
            d,
            CW,
            "\"children-act-2004\"\nstatus = \"exact\"\nquote = \"Welfare"
        )
    );
    assert_eq!(
        message(&e),
        "legislation `children-act-2004` is the Children Act 2004, but its quote names the \
         Welfare Reform Act 2012 | use `id = \"welfare-reform-act-2012\"`"
    );
}

#[test]
fn an_exact_status_with_another_year_is_an_error() {
    // 000: "Equality Act 2005" (no such Act), encoded as corrected to the Equality Act 2010.
    let dir = copy_datasets();
    let d = dir.path();
    edit(
        d,
        CW,
        "status = \"corrected\"\nnote = \"No Equality Act 2005 exists",
        "status = \"exact\"\nnote = \"No Equality Act 2005 exists",
    );
    let e = first_error(d);
    assert_eq!(e.loc, position(d, CW, "\"exact\"\nnote = \"No Equality"));
    assert_eq!(
        message(&e),
        "legislation `equality-act-2010` has `status = \"exact\"`, but its quote names 2005, not \
         2010 | if the notice misnames the Act, write `status = \"corrected\"` with a `note`; \
         otherwise fix the id"
    );
}

// ---- basis diff ----------------------------------------------------------------------------

/// Two versions of Cheshire East's file in a temporary directory: `old.toml` as shipped, and
/// `new.toml` with one recipient removed (Catch 22), one basis added (Art. 6(1)(d), quoting
/// the notice's "if necessary to protect someone in an emergency") and the retention period
/// changed from the information asset register to six years from closure.
fn two_versions() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/cheshire-east.toml"),
    )
    .unwrap();
    std::fs::write(d.join("old.toml"), &shipped).unwrap();
    std::fs::write(d.join("new.toml"), &shipped).unwrap();
    edit(
        d,
        "new.toml",
        "[[service.recipient]]\nparty = \"catch-22\"\nquote = \"providers that we commission to deliver services on our behalf, eg, Catch 22\"\n",
        "",
    );
    edit(
        d,
        "new.toml",
        "schedule = \"information asset register\"",
        "years = 6\ntrigger = \"closure\"",
    );
    crate::load::append(
        d,
        "new.toml",
        "\n[[service.basis]]\nid = \"a6-1-d\"\nquote = \"if necessary to protect someone in an emergency\"\n",
    );
    dir
}

fn diff_json(d: &std::path::Path, old: &str, new: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = crate::cli::basis(&[
        "diff",
        d.join(old).to_str().unwrap(),
        d.join(new).to_str().unwrap(),
        "--format",
        "json",
    ]);
    let rows = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o.status.code(), rows)
}

#[test]
fn diff_of_two_versions_of_an_organisation_file_lists_exactly_the_edits() {
    let dir = two_versions();
    let (code, rows) = diff_json(dir.path(), "old.toml", "new.toml");
    assert_eq!(code, Some(1), "different files exit 1, like diff(1)");
    let got: Vec<[&str; 7]> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("∅");
            [
                s("change"),
                s("org"),
                s("service"),
                s("kind"),
                s("fact"),
                s("was"),
                s("now"),
            ]
        })
        .collect();
    let svc = "ce-children-and-families";
    assert_eq!(
        got,
        [
            [
                "added",
                "cheshire-east",
                svc,
                "basis",
                "a6-1-d",
                "∅",
                "UK GDPR Art. 6(1)(d)"
            ],
            [
                "removed",
                "cheshire-east",
                svc,
                "recipient",
                "catch-22",
                "Catch 22",
                "∅"
            ],
            [
                "changed",
                "cheshire-east",
                svc,
                "retention",
                "all records",
                "see information asset register from not-stated",
                "6 years from closure"
            ],
        ]
    );
    // Each with its quote, from the notice.
    assert_eq!(
        rows[1]["quote"],
        "providers that we commission to deliver services on our behalf, eg, Catch 22"
    );
    assert_eq!(
        rows[0]["quote"],
        "if necessary to protect someone in an emergency"
    );
}

#[test]
fn diff_of_a_file_with_itself_is_empty_and_exits_0() {
    let dir = two_versions();
    let (code, rows) = diff_json(dir.path(), "new.toml", "new.toml");
    assert_eq!((code, rows.len()), (Some(0), 0));
    // Reversed, the same edits read the other way round.
    let (code, rows) = diff_json(dir.path(), "new.toml", "old.toml");
    assert_eq!(code, Some(1));
    let changes: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["change"].as_str().unwrap(), r["fact"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [
            ("removed", "a6-1-d"),
            ("added", "catch-22"),
            ("changed", "all records")
        ]
    );
}

#[test]
fn diff_with_an_unreadable_side_exits_2_naming_it() {
    let dir = two_versions();
    let o = crate::cli::basis(&[
        "diff",
        dir.path().join("old.toml").to_str().unwrap(),
        dir.path().join("missing.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing.toml"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn diff_of_the_whole_dataset_directory_sees_an_edit_in_one_file() {
    // Directories compare every organisation: one quote re-worded in Cheshire West only.
    let old = copy_datasets();
    let new = copy_datasets();
    edit(
        new.path(),
        CW,
        "id = \"welfare-reform-act-2012\"\nstatus = \"exact\"",
        "id = \"welfare-reform-act-2012\"\nstatus = \"corrected\"\nnote = \"test\"",
    );
    let o = crate::cli::basis(&[
        "diff",
        old.path().to_str().unwrap(),
        new.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("changed,cheshire-west,")
            && lines[1].contains(",legislation,welfare-reform-act-2012,exact,corrected,"),
        "{text}"
    );
}
