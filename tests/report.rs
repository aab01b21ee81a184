//! Reports: every ICO ROPA column of each organisation checked against its notice, the ROPA
//! formats, `compare`, `retention`, and the CLI (exit codes, formats, `-o`, `--deny warnings`).

use basis::model::{Model, load_builtin};
use basis::report::{Person, compare, due_dates};
use basis::report::{ROPA_COLUMNS, Ropa, RopaFormat, ropa};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| load_builtin().unwrap_or_else(|e| panic!("{e:?}")))
}

fn record(org: &str) -> Ropa {
    let m = model();
    let o = m.org(org).unwrap_or_else(|| panic!("no org {org}"));
    ropa(m, o).unwrap_or_else(|e| panic!("{e}"))
}

/// What a cell must say.
enum E {
    Is(&'static str),
    Has(&'static [&'static str]),
    Lacks(&'static str),
    NotStated,
    NotStatedBecause(&'static str),
    NotApplicable,
}
use E::*;

/// Checks all 30 columns of `service`'s row, one expectation per column in ICO order.
fn columns(org: &str, service: &str, expect: [E; 30]) {
    let r = record(org);
    let i = r
        .sources
        .iter()
        .position(|(s, _)| s == service)
        .unwrap_or_else(|| panic!("no row {service}"));
    let row = &r.activities.rows[i];
    for ((col, cell), e) in ROPA_COLUMNS.iter().zip(row).zip(expect) {
        let cell = cell.as_str().unwrap_or_default();
        assert!(!cell.is_empty(), "{service}: {col} is blank");
        let ok = match e {
            Is(s) => cell == s,
            Has(parts) => parts.iter().all(|p| cell.contains(p)),
            Lacks(p) => !cell.contains(p) && cell != "not stated",
            NotStated => cell == "not stated",
            NotStatedBecause(p) => cell.starts_with("not stated (") && cell.contains(p),
            NotApplicable => cell.starts_with("not applicable ("),
        };
        assert!(ok, "{service}: {col} = {cell:?}");
    }
}

#[test]
fn ropa_columns_cheshire_west_early_help() {
    // 000_58085d3b1e97ac82.txt
    columns(
        "cheshire-west",
        "cwac-early-help-and-prevention",
        [
            Is("Early Help and Prevention"),
            Has(&[
                "Early help and prevention",
                "Preparing young people for adulthood",
            ]),
            NotStated, // no joint controller named
            Is("Children and young people; Adults"),
            Has(&[
                "NHS number",
                "Gender",
                "Physical health (special category)",
                "Criminal offences (criminal offence)",
            ]),
            Has(&[
                "police: Cheshire Police",
                "Department for Work and Pensions",
                "GPs",
            ]),
            NotStated,
            Has(&["none (the notice: “Will my data be transferred abroad and why? No.”)"]),
            NotApplicable,
            Has(&["until age 25", "6 years, start not stated"]),
            Is("Information secured within the council's IT network"),
            Is("UK GDPR Art. 6(1)(e) (Public task)"),
            Is("UK GDPR Art. 9(2)(h) (Health or social care)"),
            NotApplicable,
            NotApplicable,
            Lacks("Right to erasure"),
            Is("No"),
            NotStated,     // the notice never says where data comes from
            NotApplicable, // no consent
            // l. 86 "Your information will be secured securely within our IT network."
            Is("The council's IT network"),
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            Has(&["DPA 2018 Sch. 1 Pt. 3 para. 36"]),
            Is("UK GDPR Art. 6(1)(e) (Public task)"), // AA: the Art. 6 basis again
            NotStated,
            NotStated,
            NotStated,
        ],
    );
}

#[test]
fn ropa_columns_cheshire_east() {
    // 002_c542209e9805e897.txt
    columns(
        "cheshire-east",
        "ce-children-and-families",
        [
            Is("Children and Families Service"),
            Has(&["Statistics and statutory returns", "Safeguarding"]),
            NotStated,
            Has(&["Children and young people", "Families"]),
            Has(&[
                "Religious or philosophical beliefs (special category)",
                "Criminal offences (criminal offence)",
                "National Insurance number",
            ]),
            Has(&[
                "police: Police",
                "Catch 22",
                "central-government: Central government",
            ]),
            NotStated,
            Is("foreign authorities"),
            Is("safeguards are in place to protect your data"),
            Is("all records: see information asset register"),
            Has(&["can only be seen by authorised staff"]),
            Has(&[
                "Art. 6(1)(c)",
                "Art. 6(1)(e)",
                "Art. 6(1)(b)",
                "Art. 6(1)(a)",
            ]),
            NotStated, // special category data, no Art. 9 condition
            NotApplicable,
            NotApplicable,
            Is("Right to withdraw consent; Right of access; Right to rectification"),
            Is("No"),
            // l. 55 "information that you have provided us with" (the shared data-subject party)
            // and l. 6 "third party - information which doesn't come directly from the person"
            Has(&[
                "The data subject",
                "Schools",
                "Police",
                "Third parties (not the person the information is about)",
            ]),
            NotStated, // consent relied on; no record linked
            Is("Liquid Logic; Servelec Synergy; Children and Young People’s Database"),
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated, // criminal-offence data, no Schedule 1 condition
            Has(&[
                "Art. 6(1)(c)",
                "Art. 6(1)(e)",
                "Art. 6(1)(b)",
                "Art. 6(1)(a)",
            ]),
            NotStatedBecause("information asset register"),
            NotStated,
            NotStated,
        ],
    );
}

#[test]
fn ropa_columns_achieving_for_children() {
    // 004_a643f75bf518eedc.txt
    columns(
        "achieving-for-children",
        "afc-early-help-hub",
        [
            Is("Early Help Hub"),
            Has(&[
                "Handling referrals and allocating services",
                "Statistics and statutory returns",
            ]),
            NotStated,
            Has(&["Children and young people", "Parents, guardians and carers"]),
            Has(&[
                "Racial or ethnic origin (special category)",
                "Safeguarding information",
                "School attendance",
            ]),
            Has(&[
                "police: Thames Valley Police",
                "local-authority: Royal Borough of Windsor and Maidenhead",
            ]),
            NotStated,
            NotStated, // the notice is silent on transfers
            NotStated,
            Is("all records: see retention schedule"),
            Has(&["TLS and DMARC"]),
            Is("UK GDPR Art. 6(1)(a) (Consent)"),
            // Inferred from "without your explicit consent" (the notice cites no Art. 9 condition).
            Is("UK GDPR Art. 9(2)(a) (Explicit consent) [inferred]"),
            NotApplicable,
            NotApplicable,
            Has(&[
                "Right of access",
                "Right to erasure",
                "Right to complain to the Information Commissioner",
            ]),
            NotStated, // only the right to object to automated decisions is mentioned
            // l. 25 "from referrals, parents/carers and where possible young people"
            Is("Referrers; Parents and carers; The data subject"),
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotStated,
            NotApplicable, // explicit consent needs no Schedule 1 condition
            Is("UK GDPR Art. 6(1)(a) (Consent)"),
            NotStatedBecause("retention schedule"),
            NotStated,
            NotStated,
        ],
    );
}

#[test]
fn ropa_keeps_the_notices_wrong_citations_visible() {
    let r = record("cheshire-west");
    let col = |svc: &str, name: &str| {
        let i = r.sources.iter().position(|(s, _)| s == svc).unwrap_or(0);
        let c = ROPA_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        r.activities.rows[i][c]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let art6 = "Article 6 lawful basis for processing personal data";
    assert!(
        col("cwac-supporting-families", art6)
            .contains("“General Data Protection Legislation Article 6 Part g”")
    );
    let art9 = "Article 9 condition for processing special category data";
    assert_eq!(col("cwac-supporting-families", art9), "not stated");
    assert!(col("cwac-council-services", art9).contains("(Legitimate Interests)”"));
    let t = "Names of third countries or international organisations that personal data are transferred to (if applicable)";
    assert!(
        col("cwac-supporting-families", t)
            .starts_with("not stated (the question “Will my data be transferred abroad?”")
    );
    let li = "Legitimate interests for the processing (if applicable)";
    assert!(col("cwac-council-services", li).contains("non-statutory services"));
}

#[test]
fn ropa_header_of_each_organisation() {
    let cell = |org: &str, row: usize, col: usize| {
        record(org).header.rows[row][col]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        cell("cheshire-west", 0, 1),
        "Cheshire West and Chester Council"
    );
    assert_eq!(cell("cheshire-west", 0, 2), "not stated");
    let dpo = cell("cheshire-west", 1, 2);
    assert!(dpo.contains("The Portal, Wellington Road, Ellesmere Port, CH65 0BA (notice cwac-early-help, cwac-privacy-policy)"), "{dpo}");
    assert!(
        dpo.contains("4 Civic Way, Ellesmere Port, CH65 0BE (notice cwac-supporting-families)"),
        "{dpo}"
    );
    assert_eq!(cell("cheshire-west", 1, 4), "0752 3515 474");
    for c in 1..5 {
        assert_eq!(cell("cheshire-east", 1, c), "not stated");
        assert_eq!(cell("cheshire-east", 2, c), "not stated");
    }
    assert_eq!(
        cell("achieving-for-children", 1, 3),
        "dpo@achievingforchildren.org.uk"
    );
    assert_eq!(cell("achieving-for-children", 1, 2), "not stated");
}

#[test]
fn ropa_formats() {
    let r = record("cheshire-west");
    let csv = r.render(RopaFormat::Csv);
    // The contact block fills rows 1–8; the headings are in row 9, as in the template.
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_string).collect())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(rows[8], ROPA_COLUMNS.to_vec());
    assert_eq!(rows.len() - 9, 3);
    let html = r.render(RopaFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@media print"));
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src="));
    assert!(html.contains("<td class=\"gap\">not stated</td>"));
    let md = r.render(RopaFormat::Markdown);
    assert!(md.contains("## Processing activity: Supporting Families"));
    let json: serde_json::Value =
        serde_json::from_str(&r.render(RopaFormat::Json)).unwrap_or_default();
    let acts = &json["organisations"][0]["activities"];
    assert_eq!(acts.as_array().map(Vec::len), Some(3));
    assert_eq!(
        acts[0]["columns"]["Business function"]["text"],
        "Early Help and Prevention"
    );
}

#[test]
fn compare_party_types_and_retention() {
    let orgs: Vec<String> = ["cheshire-west", "cheshire-east", "achieving-for-children"]
        .map(String::from)
        .to_vec();
    let t = compare(model(), "party.type", &orgs, false).unwrap_or_default();
    assert_eq!(
        t.columns,
        [
            "party.type",
            "cheshire-west",
            "cheshire-east",
            "achieving-for-children"
        ]
    );
    let police = t
        .rows
        .iter()
        .find(|r| r[0] == "police")
        .cloned()
        .unwrap_or_default();
    assert!(
        police[1..].iter().all(|c| c.as_u64().unwrap_or(0) > 0),
        "{police:?}"
    );
    let r = compare(model(), "retention", &orgs, false).unwrap_or_default();
    let children = r
        .rows
        .iter()
        .find(|r| r[0] == "children")
        .cloned()
        .unwrap_or_default();
    assert_eq!(children[1], "until age 25; 25 years");
    let all = r
        .rows
        .iter()
        .find(|r| r[0] == "all records")
        .cloned()
        .unwrap_or_default();
    assert_eq!(all[2], "see information asset register");
    let d = compare(model(), "right", &orgs, true).unwrap_or_default();
    assert!(
        d.rows
            .iter()
            .all(|r| r[1..].windows(2).any(|w| w[0] != w[1]))
    );
    assert!(compare(model(), "colour", &orgs, false).is_err());
}

#[test]
fn retention_dates_say_what_they_assume() {
    let m = model();
    let p = Person {
        born: "2008-02-29".parse().unwrap_or_default(),
        collected: "2015-06-01".parse().unwrap_or_default(),
    };
    let org = m.org("cheshire-west").unwrap_or_else(|| panic!("no org"));
    let t = due_dates(m, org, None, p).unwrap_or_default();
    let row = |q: &str| {
        t.rows
            .iter()
            .find(|r| r[7].as_str().is_some_and(|s| s.starts_with(q)))
            .cloned()
            .unwrap_or_default()
    };
    let until25 = row("If we collect your information before you turn 18");
    assert_eq!(until25[4], "2033-02-28"); // 25th birthday of a leapling
    let lac = row("data relating to looked after children");
    assert_eq!(lac[3], "not stated");
    assert_eq!(lac[4], "2090-06-01");
    assert!(
        lac[5]
            .as_str()
            .unwrap_or_default()
            .starts_with("ASSUMPTION")
    );
    assert!(
        row("If you are over 18").is_empty(),
        "an adult rule for a child"
    );
    let sched = row("Information on this is stored in our Retention Schedules.");
    assert_eq!(sched[4], "no date");
}

// ---- the binary ------------------------------------------------------------------------------

fn basis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

#[test]
fn cli_ropa_unknown_org_suggests() {
    let o = basis(&["report", "ropa", "--org", "cheshire-wset"]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `cheshire-west`?"));
}

#[test]
fn cli_ropa_writes_atomically() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("ropa.html");
    std::fs::write(&path, "old").unwrap_or_default();
    let p = path.to_string_lossy().to_string();
    let o = basis(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "html",
        "-o",
        &p,
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    let printed = basis(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "html",
    ]);
    assert_eq!(written.as_bytes(), printed.stdout.as_slice());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
    let bad = dir
        .path()
        .join("no/such/dir/ropa.csv")
        .to_string_lossy()
        .to_string();
    assert_eq!(
        code(&basis(&[
            "report",
            "ropa",
            "--org",
            "cheshire-east",
            "-o",
            &bad
        ])),
        1
    );
}

#[test]
fn cli_check_exit_codes_and_formats() {
    assert_eq!(code(&basis(&["check"])), 1);
    assert_eq!(
        code(&basis(&["check", "--org", "achieving-for-children"])),
        0
    );
    assert_eq!(
        code(&basis(&[
            "check",
            "--org",
            "achieving-for-children",
            "--deny",
            "warnings"
        ])),
        1
    );
    assert_eq!(code(&basis(&["check", "--org", "nobody"])), 1);
    assert_eq!(code(&basis(&["check", "--deny", "everything"])), 2);
    let o = basis(&["check", "--org", "cheshire-east", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    let codes: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        codes.contains(&"BAS040") && codes.contains(&"BAS003"),
        "{codes:?}"
    );
    let md = basis(&["check", "--org", "cheshire-east", "--format", "markdown"]);
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("| code | severity |"));
}

#[test]
fn cli_compare_and_retention() {
    let o = basis(&[
        "compare",
        "--on",
        "party.type",
        "cheshire-west",
        "cheshire-east",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&o), 0);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("party.type,cheshire-west,cheshire-east\n")
    );
    assert_eq!(
        code(&basis(&[
            "compare",
            "--on",
            "colour",
            "cheshire-west",
            "cheshire-east"
        ])),
        2
    );
    assert_eq!(
        code(&basis(&[
            "compare",
            "--on",
            "right",
            "cheshire-west",
            "nobody"
        ])),
        1
    );
    let ok = [
        "retention",
        "--org",
        "cheshire-west",
        "--born",
        "2008-02-29",
        "--collected",
        "2015-06-01",
        "--format",
        "json",
    ];
    let o = basis(&ok);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        code(&basis(&[
            "retention",
            "--org",
            "cheshire-west",
            "--born",
            "2008-02-30",
            "--collected",
            "2015-06-01"
        ])),
        2
    );
    assert_eq!(
        code(&basis(&[
            "retention",
            "--org",
            "cheshire-west",
            "--born",
            "2015-06-01",
            "--collected",
            "2008-01-01"
        ])),
        2
    );
    assert_eq!(
        code(&basis(&[
            "retention",
            "--org",
            "cheshire-west",
            "--service",
            "nope",
            "--born",
            "2008-01-01",
            "--collected",
            "2015-01-01"
        ])),
        1
    );
}
