//! Statements a notice makes once for all its services (`[[notice.right]]`, …): every service
//! of the notice inherits them as implied facts, and every reader of the model sees them. Also
//! the loader's other guards on what a file may say: a party repeated among one service's
//! recipients, names with nothing to read, and retention in any unit or until an event.

use crate::load::{append, edit, errors_in, load_ok, minimal_dataset};
use basis::engine::{Engine, execute_with};
use basis::model::{Model, Period, Provenance, Trigger};
use basis::{parse, plan};
use serde_json::Value;
use std::path::Path;

const ORG_FILE: &str = "test-org.toml";

/// The rows of `text` on `m`, the same from both evaluators.
fn rows(text: &str, m: &Model) -> Vec<Vec<Value>> {
    let p = plan(&parse(text).expect("parses"), m).expect("plans");
    let run = |e| execute_with(&p, m, e).expect("runs").remove(0).rows;
    let naive = run(Engine::Naive);
    assert_eq!(naive, run(Engine::Indexed), "engines differ on {text}");
    naive
}

fn texts(rows: &[Vec<Value>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The minimal dataset's notice with more sentences, and a second service on it.
fn two_services() -> tempfile::TempDir {
    let dir = minimal_dataset();
    let d = dir.path();
    append(
        d,
        "notices/notice-a.txt",
        "You can complain to the Information Commissioner.\n\
         We share your details with the Department for Education when the law requires it.\n\
         Website analytics are kept for 26 months after your last visit.\n\
         Account details are kept until you close your account.\n\
         We also run a youth club.\n",
    );
    append(
        d,
        ORG_FILE,
        r#"
[[service]]
id = "youth-club"
name = "Youth club"
notice = "test-notice"
quote = "We also run a youth club."
"#,
    );
    dir
}

/// Puts notice-level statements right after the `[[notice]]` table.
fn notice_says(d: &Path, toml: &str) {
    edit(
        d,
        ORG_FILE,
        "title = \"Test Org privacy notice\"\n",
        &format!("title = \"Test Org privacy notice\"\n{toml}"),
    );
}

#[test]
fn every_service_of_the_notice_inherits_what_it_states_once() {
    let dir = two_services();
    notice_says(
        dir.path(),
        r#"
[[notice.right]]
id = "access"
quote = "You have the right to ask for a copy of your data."

[[notice.retention]]
months = 26
trigger = "event"
event = "your last visit"
quote = "Website analytics are kept for 26 months after your last visit."
"#,
    );
    let m = load_ok(dir.path());
    let svc = |id: &str| &m.services[m.service(id).expect("service").ix()];
    // The first service lists the right itself: its own stated fact, not a second copy.
    let own = svc("test-service");
    assert_eq!(own.rights.len(), 1);
    assert_eq!(own.rights[0].provenance, Provenance::Stated);
    assert_eq!(
        m.quote(&own.rights[0].source),
        "the right to ask for a copy of your data"
    );
    // The second states nothing itself and inherits the notice's sentence, implied.
    let club = svc("youth-club");
    assert_eq!(club.rights.len(), 1);
    assert_eq!(club.rights[0].provenance, Provenance::Implied);
    assert_eq!(
        m.quote(&club.rights[0].source),
        "You have the right to ask for a copy of your data."
    );
    // Retention: one rule per service, implied, in months from an event.
    let rules: Vec<_> = m
        .retention
        .iter()
        .filter(|r| r.period == Period::Months(26))
        .collect();
    assert_eq!(rules.len(), 2, "{rules:#?}");
    assert!(rules.iter().all(|r| r.provenance == Provenance::Implied
        && r.trigger == Trigger::Event
        && r.event.as_deref() == Some("your last visit")));
    // Queries see them, with their provenance and their notice's quote.
    let got = texts(&rows(
        "retention where provenance = implied show service, duration, provenance",
        &m,
    ));
    assert_eq!(
        got.iter().map(|r| r[..3].to_vec()).collect::<Vec<_>>(),
        vec![
            vec![
                "test-service".to_string(),
                "26 months".into(),
                "implied".into()
            ],
            vec![
                "youth-club".to_string(),
                "26 months".into(),
                "implied".into()
            ],
        ]
    );
    // 26 months is longer than 2 years and shorter than 3.
    assert_eq!(
        rows(
            "count retention where duration > 2 years and duration < 3 years",
            &m
        )[0][0],
        2
    );
}

#[test]
fn a_recipient_the_notice_names_once_is_a_flow_of_each_service() {
    let dir = two_services();
    let d = dir.path();
    // The notice names the DfE once; the first service also names it itself.
    notice_says(
        d,
        r#"
[[notice.recipient]]
party = "department-for-education"
condition = "when the law requires it"
quote = "We share your details with the Department for Education when the law requires it."
"#,
    );
    let m = load_ok(d);
    let got = texts(&rows(
        "flows where recipient = department-for-education show service, condition, provenance",
        &m,
    ));
    let got: Vec<Vec<String>> = got.into_iter().map(|r| r[..3].to_vec()).collect();
    // test-service keeps its own flow (stated categories? no: implied from the service, as
    // before); youth-club gets the notice's, implied whatever it carries.
    assert_eq!(
        got,
        vec![
            vec!["test-service".to_string(), String::new(), "implied".into()],
            vec![
                "youth-club".to_string(),
                "when the law requires it".into(),
                "implied".into()
            ],
        ]
    );
    // A recipient with its own categories is stated for the service that names it, but
    // inherited it is implied for every service.
    let dir = two_services();
    notice_says(
        dir.path(),
        r#"
[[notice.recipient]]
party = "department-for-education"
categories = ["health"]
quote = "We share your details with the Department for Education when the law requires it."
"#,
    );
    let m = load_ok(dir.path());
    let club = m.service("youth-club").expect("club");
    let f = m
        .flows
        .iter()
        .find(|f| f.service == club)
        .expect("inherited flow");
    assert_eq!(f.provenances().categories, Provenance::Implied);
    assert_eq!(f.provenance(), Provenance::Implied);
}

#[test]
fn one_service_or_several_the_notice_level_facts_are_the_same() {
    // The same statements written once at notice level, or repeated on each service, give
    // each service the same set of rights and retention periods (only provenance differs).
    let dir = two_services();
    notice_says(
        dir.path(),
        "\n[[notice.right]]\nid = \"access\"\nquote = \"You have the right to ask for a copy of your data.\"\n",
    );
    let once = load_ok(dir.path());
    let dir = two_services();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[service.right]]\nid = \"access\"\nquote = \"You have the right to ask for a copy of your data.\"\n",
    );
    let repeated = load_ok(dir.path());
    let rights = |m: &Model| {
        m.services
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    s.rights.iter().map(|r| r.value).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(rights(&once), rights(&repeated));
}

#[test]
fn statements_no_service_inherits_are_an_error() {
    let dir = minimal_dataset();
    let d = dir.path();
    std::fs::write(
        d.join("notices/notice-b.txt"),
        "Second notice\nYou may complain.\n",
    )
    .expect("writes the notice");
    append(
        d,
        ORG_FILE,
        r#"
[[notice]]
id = "lonely-notice"
file = "notice-b.txt"
title = "Second notice"

[[notice.right]]
id = "access"
quote = "You may complain."
"#,
    );
    let errs = errors_in(d);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        errs[0].rendered.contains(
            "notice `lonely-notice` states facts for its services, but no service names it"
        ) && errs[0].rendered.contains("add notice = \"lonely-notice\""),
        "{}",
        errs[0].rendered
    );
    // Placed where the first statement is.
    assert!(
        errs[0].loc.starts_with(&format!("{ORG_FILE}:")),
        "{}",
        errs[0].loc
    );
}

#[test]
fn a_recipient_repeated_in_one_service_is_an_error_naming_both_places() {
    let dir = minimal_dataset();
    let d = dir.path();
    append(
        d,
        ORG_FILE,
        "\n[[service.recipient]]\nparty = \"department-for-education\"\nquote = \"We share information with the Department for Education.\"\n",
    );
    let errs = errors_in(d);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = &errs[0];
    // The second block is the error; the first is named by its line.
    let first = crate::load::position(d, ORG_FILE, "department-for-education\"");
    let first_line = first.split(':').nth(1).expect("line").to_string();
    assert!(
        e.rendered.contains(
            "party `department-for-education` is a recipient of service `test-service` twice"
        ) && e.rendered.contains(&format!("{ORG_FILE}:{first_line}:")),
        "{}",
        e.rendered
    );
    assert_ne!(e.loc, first, "the error points at the second block");
    // With a different condition, the two blocks are two flows.
    let dir = minimal_dataset();
    append(
        dir.path(),
        ORG_FILE,
        "\n[[service.recipient]]\nparty = \"department-for-education\"\ncondition = \"for statistics\"\nquote = \"We share information with the Department for Education.\"\n",
    );
    let m = load_ok(dir.path());
    assert_eq!(
        rows("count flows where recipient = department-for-education", &m)[0][0],
        2
    );
}

#[test]
fn a_recipient_listed_three_times_is_two_errors_each_naming_the_first_place() {
    let dir = minimal_dataset();
    let d = dir.path();
    let block = "\n[[service.recipient]]\nparty = \"department-for-education\"\nquote = \"We share information with the Department for Education.\"\n";
    append(d, ORG_FILE, &block.repeat(2));
    let errs = errors_in(d);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let first = crate::load::position(d, ORG_FILE, "department-for-education\"");
    let first_line = first.split(':').nth(1).expect("line").to_string();
    for e in &errs {
        assert!(
            e.rendered
                .contains(&format!("(first at {ORG_FILE}:{first_line}:")),
            "{}",
            e.rendered
        );
        assert_ne!(e.loc, first, "each error points at a later block");
    }
    assert_ne!(errs[0].loc, errs[1].loc);
}

#[test]
fn a_name_with_nothing_to_read_is_an_error() {
    for name in ["", "---", "  "] {
        let dir = minimal_dataset();
        edit(
            dir.path(),
            ORG_FILE,
            "name = \"Early help\"",
            &format!("name = {name:?}"),
        );
        let errs = errors_in(dir.path());
        assert_eq!(errs.len(), 1, "{name:?}: {errs:#?}");
        assert!(
            errs[0]
                .rendered
                .contains("the service `test-service` has no name to show"),
            "{}",
            errs[0].rendered
        );
    }
}

#[test]
fn retention_takes_any_unit_an_event_or_an_end_event() {
    let dir = two_services();
    let d = dir.path();
    append(
        d,
        ORG_FILE,
        r#"
[[service.retention]]
until = "you close your account"
quote = "Account details are kept until you close your account."
"#,
    );
    let m = load_ok(d);
    let rule = m
        .retention
        .iter()
        .find(|r| matches!(r.period, Period::UntilEvent(_)))
        .expect("until-event rule");
    assert_eq!(
        rule.period,
        Period::UntilEvent("you close your account".into())
    );
    // No length: like a pointer to a schedule, it matches no comparison and has no duration.
    assert_eq!(rows("count retention where duration > 0 days", &m)[0][0], 1);
    // (appended after the youth club, the rule is the youth club's)
    let got = texts(&rows("retention where missing duration show service", &m));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0][0], "youth-club");

    // trigger = "event" needs the event, and the event needs the trigger.
    for (from, to, says) in [
        (
            "years = 6\ntrigger = \"closure\"",
            "years = 6\ntrigger = \"event\"",
            "trigger = \"event\" needs `event`",
        ),
        (
            "years = 6\ntrigger = \"closure\"",
            "years = 6\ntrigger = \"closure\"\nevent = \"the case closes\"",
            "`event` is only read with trigger = \"event\"",
        ),
        (
            "years = 6\ntrigger = \"closure\"",
            "years = 6\nmonths = 2\ntrigger = \"closure\"",
            "a retention rule needs exactly one period, found 2",
        ),
        (
            "years = 6\ntrigger = \"closure\"",
            "years = 6\ntrigger = \"closur\"",
            "did you mean `closure`?",
        ),
    ] {
        let dir = minimal_dataset();
        edit(dir.path(), ORG_FILE, from, to);
        let errs = errors_in(dir.path());
        assert_eq!(errs.len(), 1, "{to}: {errs:#?}");
        assert!(errs[0].rendered.contains(says), "{}", errs[0].rendered);
    }
}
