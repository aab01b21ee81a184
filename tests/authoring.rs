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
