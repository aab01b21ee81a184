//! The statements beside the flows (issue 10, item 1): transfers, contacts, automated
//! decisions, security, requirements, research, notes and the `generic` flag, each asked in the
//! language and pinned against the notice text.
//!
//! Expected values were read BY HAND from `datasets/notices/*.txt` (line numbers are those of
//! the `.txt` files); each row's quote must also be found in its notice, so a row cannot point
//! at the wrong sentence. Organisations are selected by id.

use basis::output::{Table, cell_text};
use std::collections::BTreeSet;

use crate::fourth_org::three_orgs_model as model;
use crate::query::{run, set};

/// The rows as `column=value` joined by `|`, in the given columns' order.
fn rows(t: &Table, cols: &[&str]) -> BTreeSet<String> {
    let ix: Vec<usize> = cols
        .iter()
        .map(|c| {
            t.columns
                .iter()
                .position(|x| x == c)
                .unwrap_or_else(|| panic!("no column {c} in {:?}", t.columns))
        })
        .collect();
    t.rows
        .iter()
        .map(|r| {
            ix.iter()
                .map(|&i| cell_text(&r[i]))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

/// Every row's quote is in the text of its notice (white space compared loosely).
fn quotes_are_in_their_notices(t: &Table) {
    let m = model();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (n, q) in rows(t, &["notice", "quote"])
        .iter()
        .filter_map(|r| r.split_once('|'))
    {
        let notice = m
            .notices
            .iter()
            .find(|x| x.id == n)
            .unwrap_or_else(|| panic!("no notice {n}"));
        assert!(
            squash(&notice.text).contains(&squash(q)),
            "quote not in {n}: {q}"
        );
    }
}

#[test]
fn transfers_give_the_stance_of_each_notice() {
    // 000 ll. 114–116 "Will my data be transferred abroad and why? No."; 001 l. 122 asks and
    // never answers; 002 l. 67 "liaise with foreign authorities … safeguards are in place";
    // 003 "your information may leave the UK"; 004 says nothing of transfers.
    let t = run(
        "transfers where org in (cheshire-west, cheshire-east, achieving-for-children) \
         show service, stance, destination",
    );
    assert_eq!(
        rows(&t, &["service", "stance", "destination"]),
        set(&[
            "cwac-early-help-and-prevention|none|",
            "cwac-supporting-families|not-answered|",
            "ce-children-and-families|possible|foreign authorities",
            "cwac-council-services|possible|",
        ])
    );
    quotes_are_in_their_notices(&t);
    let t = run("services where service = ce-children-and-families show transfer");
    assert_eq!(rows(&t, &["transfer"]), set(&["possible"]));
    let t = run("transfers where stance = not-answered");
    assert_eq!(rows(&t, &["notice"]), set(&["cwac-supporting-families"]));
}

#[test]
fn contacts_list_each_dpo_address_and_number() {
    // 000 l. 106, 001 l. 131 and 003 l. 13: the DPO by post; 003 l. 148: by phone
    // "0752 3515 474"; 004: dpo@achievingforchildren.org.uk.
    let t =
        run("contacts where org = cheshire-west and kind = post and role = dpo show notice, value");
    assert_eq!(
        rows(&t, &["notice", "value"]),
        set(&[
            "cwac-early-help|Data Protection Officer, The Portal, Wellington Road, Ellesmere Port, CH65 0BA",
            "cwac-supporting-families|Data Protection Officer, 4 Civic Way, Ellesmere Port, CH65 0BE",
            "cwac-privacy-policy|Data Protection Officer, The Portal, Wellington Road, Ellesmere Port, CH65 0BA",
        ])
    );
    quotes_are_in_their_notices(&t);
    let t = run("contacts where org = cheshire-west and channel = phone and role = dpo");
    assert_eq!(rows(&t, &["role", "value"]), set(&["dpo|0752 3515 474"]));
    let t = run("contacts where org = achieving-for-children");
    assert_eq!(
        rows(&t, &["role", "kind", "value"]),
        set(&[
            "dpo|email|dpo@achievingforchildren.org.uk",
            "ico|online|https://ico.org.uk/concerns/",
        ])
    );
    quotes_are_in_their_notices(&run("contacts"));
}

#[test]
fn contacts_of_the_ico_are_kept_apart_from_the_controllers() {
    // 001 ll. 136–137 and 003 ll. 152–154 give the ICO's details for complaints, and 004 l. 85
    // its complaint page; 000 and 002 give none (000 promises them and stops: BAS018).
    let t = run("contacts where role = ico");
    assert_eq!(
        rows(&t, &["notice", "kind", "value"]),
        set(&[
            "cwac-supporting-families|post|The Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF",
            "cwac-supporting-families|phone|0303 123 1113",
            "cwac-privacy-policy|post|Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF",
            "cwac-privacy-policy|phone|0303 123 1113 (local rate) or 01625 545 745 (national rate)",
            "cwac-privacy-policy|email|casework@ico.org.uk",
            "afc-early-help-hub|online|https://ico.org.uk/concerns/",
        ])
    );
    quotes_are_in_their_notices(&t);
}

#[test]
fn automated_decisions_are_stated_by_two_notices() {
    // 000 ll. 110–112 "… automated decisions about me? No."; 002 l. 64 "Your information will
    // not be used for any automated decisions."; 001, 003 and 004 make no statement.
    let t = run(
        "decisions where org in (cheshire-west, cheshire-east, achieving-for-children) \
         show service, stance",
    );
    assert_eq!(
        rows(&t, &["service", "stance"]),
        set(&[
            "cwac-early-help-and-prevention|none",
            "ce-children-and-families|none",
        ])
    );
    quotes_are_in_their_notices(&t);
    let t = run("services where org = achieving-for-children and missing automated");
    assert_eq!(rows(&t, &["service"]), set(&["afc-early-help-hub"]));
}

#[test]
fn security_requirements_research_and_notes_carry_their_quotes() {
    // 002: "can only be seen by authorised staff"; 004: "genuine business need to know".
    let t = run("security where org = cheshire-east");
    assert!(
        rows(&t, &["quote"])
            .iter()
            .any(|q| q.contains("can only be seen by authorised staff"))
    );
    quotes_are_in_their_notices(&t);
    let t = run("security where org = achieving-for-children");
    assert!(
        rows(&t, &["quote"])
            .iter()
            .any(|q| q.contains("genuine business need to know"))
    );
    quotes_are_in_their_notices(&t);
    // 000: "If you do not provide us with your information we will be unable to provide you
    // with the support you require." 002: "if you do not provide us with information, we will
    // not be able to deliver support to meet your needs."
    let t = run("requirements where org in (cheshire-west, cheshire-east) show service");
    assert_eq!(
        rows(&t, &["service"]),
        set(&["cwac-early-help-and-prevention", "ce-children-and-families"])
    );
    quotes_are_in_their_notices(&t);
    // 001 l. 120 anonymised for research; 002 l. 53 "in an anonymous form"; 003 l. 49
    // "anonymous or use a different name unless you've agreed".
    let t = run("research where org in (cheshire-west, cheshire-east) show service, form");
    assert_eq!(
        rows(&t, &["service", "form"]),
        set(&[
            "cwac-supporting-families|anonymised",
            "ce-children-and-families|anonymised",
            "cwac-council-services|anonymised",
            "cwac-council-services|pseudonymised",
            "cwac-council-services|identifiable-with-consent",
        ])
    );
    quotes_are_in_their_notices(&t);
    // Research is its own entity, not a purpose: planning stays a purpose.
    let t = run("services where form = pseudonymised");
    assert_eq!(rows(&t, &["service"]), set(&["cwac-council-services"]));
    // The consequence 001 and 003 state of fraud-prevention sharing.
    let t = run(
        "notes where quote = \"If fraud is detected, you could be refused certain services, \
         finance, or employment.\"",
    );
    assert_eq!(
        rows(&t, &["notice"]),
        set(&["cwac-supporting-families", "cwac-privacy-policy"])
    );
    quotes_are_in_their_notices(&run("notes"));
}

#[test]
fn generic_tells_classes_of_bodies_from_named_ones() {
    // The flag on a recipient row is its party's flag.
    let parties = run("parties where generic = yes");
    let generic: BTreeSet<String> = rows(&parties, &["party"]);
    let recips = run("recipients where org = cheshire-west show recipient, generic");
    for r in rows(&recips, &["recipient", "generic"]) {
        let (p, g) = r.split_once('|').expect("two columns");
        assert_eq!(generic.contains(p), g == "true", "{p}");
    }
    // 000 l. 67 lists "GPs" among the recipients: a class of bodies.
    assert!(generic.contains("gps"), "{generic:?}");
    let t = run("recipients where org = cheshire-west and recipient = gps and generic = yes");
    assert!(!t.rows.is_empty());
}

#[test]
fn compare_counts_the_statements_of_each_organisation() {
    // Cheshire West: 000 "No.", 001 unanswered, 003 "may leave the UK"; Cheshire East: 002
    // "foreign authorities"; Achieving for Children: nothing.
    let t = run("compare transfer across cheshire-west, cheshire-east, achieving-for-children");
    assert_eq!(
        rows(
            &t,
            &[
                "transfer",
                "cheshire-west",
                "cheshire-east",
                "achieving-for-children"
            ]
        ),
        set(&["none|1|0|0", "not-answered|1|0|0", "possible|1|1|0"])
    );
}
