//! `basis dpia`: a draft for every service of the three organisations (selected by id), every
//! quote of the JSON verbatim in its notice file, screening answers for special category,
//! criminal offence data and children checked by hand against the notices, the example
//! proposal's changes, the Word document read back, and bad input refused with nothing written.

use crate::cli::{basis, stderr, stdout};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Every service of the built-in data, by organisation.
/// The seven step headings of the ICO's "Sample DPIA template" (ico.org.uk), typed from the
/// template rather than read from basis's own constant, so that a renamed heading in basis
/// fails here.
const ICO_STEPS: [&str; 7] = [
    "Step 1: Identify the need for a DPIA",
    "Step 2: Describe the processing",
    "Step 3: Consultation process",
    "Step 4: Assess necessity and proportionality",
    "Step 5: Identify and assess risks",
    "Step 6: Identify measures to reduce risk",
    "Step 7: Sign off and record outcomes",
];

const SERVICES: [(&str, &str); 5] = [
    ("cheshire-west", "cwac-early-help-and-prevention"),
    ("cheshire-west", "cwac-supporting-families"),
    ("cheshire-west", "cwac-council-services"),
    ("cheshire-east", "ce-children-and-families"),
    ("achieving-for-children", "afc-early-help-hub"),
];

const PROPOSAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/afc-police-health-proposal.toml"
);

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Notice texts by notice id, read from the files on disk (not through the loader): the five
/// notices of `datasets/notices/` and the example proposal's own text.
fn notice_texts() -> HashMap<String, String> {
    let read = |p: &Path| squash(&std::fs::read_to_string(p).expect("notice file"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: HashMap<String, String> = [
        ("cwac-early-help", "000_58085d3b1e97ac82.txt"),
        ("cwac-supporting-families", "001_0764cacbdc86aeca.txt"),
        ("ce-children-families", "002_c542209e9805e897.txt"),
        ("cwac-privacy-policy", "003_95c6fa0d20dafaf5.txt"),
        ("afc-early-help-hub", "004_a643f75bf518eedc.txt"),
    ]
    .into_iter()
    .map(|(id, f)| (id.to_string(), read(&dir.join("datasets/notices").join(f))))
    .collect();
    out.insert(
        "afc-police-health-proposal".into(),
        read(&dir.join("examples/afc-police-health-proposal.txt")),
    );
    out
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["dpia", "--format", "json"];
    all.extend_from_slice(args);
    let o = basis(&all);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json")
}

/// Every object of `v` holding a `quote` (answers, evidence, findings, facts changed).
fn quoted(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(q)), Some(Value::String(n))) =
                (m.get("quote"), m.get("notice"))
            {
                out.push((n.clone(), q.clone()));
            }
            m.values().for_each(|x| quoted(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| quoted(x, out)),
        _ => {}
    }
}

fn assert_verbatim(v: &Value, texts: &HashMap<String, String>, what: &str) -> usize {
    let mut all = Vec::new();
    quoted(v, &mut all);
    for (n, q) in &all {
        let text = texts
            .get(n)
            .unwrap_or_else(|| panic!("{what}: no notice {n}"));
        assert!(!q.trim().is_empty(), "{what}: an empty quote of {n}");
        assert!(text.contains(&squash(q)), "{what}: {q:?} is not in {n}");
    }
    all.len()
}

fn criterion<'a>(d: &'a Value, id: &str) -> &'a Value {
    d["screening"]["criteria"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

/// The evidence quotes of a criterion whose answer contains `mark`.
fn evidence(d: &Value, id: &str, mark: &str) -> Vec<String> {
    criterion(d, id)["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["answer"].as_str().unwrap_or_default().contains(mark))
        .map(|e| e["quote"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_service_drafts_with_every_quote_verbatim_in_its_notice() {
    let texts = notice_texts();
    for (org, svc) in SERVICES {
        let d = json(&["--org", org, "--service", svc]);
        assert_eq!(d["schema_version"], 1);
        assert_eq!(d["about"]["org"], org);
        assert_eq!(d["about"]["service"], svc);
        for step in [
            "screening",
            "processing",
            "consultation",
            "necessity",
            "risks",
            "measures",
            "sign_off",
        ] {
            assert!(!d[step].is_null(), "{svc}: no {step}");
        }
        let n = assert_verbatim(&d, &texts, svc);
        assert!(n > 20, "{svc}: only {n} quotes");
        // Every pre-filled answer is a record of four fields.
        for part in d["processing"].as_array().into_iter().flatten() {
            for q in part["questions"].as_array().into_iter().flatten() {
                for a in q["answers"].as_array().into_iter().flatten() {
                    for k in ["answer", "notice", "quote", "provenance"] {
                        assert!(a[k].is_string(), "{svc}: {a} has no {k}");
                    }
                }
            }
        }
        // What no notice can know is left to the author, never invented.
        for q in d["consultation"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(d["sign_off"].as_array().into_iter().flatten())
        {
            assert_eq!(q["answers"].as_array().map(Vec::len), Some(0), "{q}");
            assert!(
                q["to_complete"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("to complete")
            );
        }
        for r in d["risks"].as_array().into_iter().flatten() {
            assert!(
                r["likelihood"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("to complete")
            );
            if r["origin"] == "basis check" {
                assert!(r["code"].as_str().unwrap_or_default().starts_with("BAS"));
            }
        }
        for m in d["measures"].as_array().into_iter().flatten() {
            assert_eq!(m["status"], "suggestion");
            assert!(!m["source"].as_str().unwrap_or_default().is_empty());
        }
        // Special category data and children (or, for the council's general notice, special
        // category and criminal offence data) meet WP248's two-criteria rule.
        assert_eq!(
            d["screening"]["conclusion"]["decision"], "required",
            "{svc}"
        );
    }
}

/// Special category data, criminal offence data and children, per service, as read by hand
/// in the notices (line numbers of `datasets/notices/`).
#[test]
fn screening_is_checked_by_hand_against_the_notices() {
    struct Expect {
        service: (&'static str, &'static str),
        special: &'static [&'static str],
        criminal: &'static [&'static str],
        children: Option<&'static str>,
    }
    let cases = [
        // 000 lines 34–38: "physical or mental health details", "racial or ethnic origin,
        // sexuality, gender and disability", "criminal offence data under the Data Protection
        // Act 2018, Schedule 1, Part 3, Paragraph 36"; line 14 names children.
        Expect {
            service: SERVICES[0],
            special: &[
                "physical or mental health details",
                "racial or ethnic origin, sexuality, gender and disability",
            ],
            criminal: &[
                "criminal offence data under the Data Protection Act 2018, Schedule 1, Part 3, Paragraph 36",
            ],
            children: Some("children, young people and adults"),
        },
        // 001 lines 27–30: health and ethnic origin only; no criminal offence data among the
        // categories (the Acts at lines 96–98 are gateways); line 10 "Children and families."
        Expect {
            service: SERVICES[1],
            special: &[
                "physical or mental health details",
                "racial or ethnic origin",
            ],
            criminal: &[],
            children: Some("Children and families."),
        },
        // 003 lines 25–32: "Racial or ethnic origin", "Religious or other beliefs …",
        // "Criminal proceedings, outcomes and sentences", "Offences (including alleged
        // offences)"; children appear only in an Art. 9 condition ("to protect a child",
        // line 103), not as whom the data is about: unknown.
        Expect {
            service: SERVICES[2],
            special: &[
                "Racial or ethnic origin",
                "Religious or other beliefs of a similar nature",
            ],
            criminal: &[
                "Criminal proceedings, outcomes and sentences",
                "Offences (including alleged offences)",
            ],
            children: None,
        },
        // 002 line 5: "(such as ethnicity, language, physical or mental health, religious or
        // political beliefs, criminal offences, …)"; line 22 Cheshire East children.
        Expect {
            service: SERVICES[3],
            special: &[
                "physical or mental health",
                "religious or political beliefs",
            ],
            criminal: &["criminal offences"],
            children: Some("Cheshire East children"),
        },
        // 004 line 18: "Special category data (such as ethnicity, physical and mental health
        // information)"; nothing on offences; line 11 "help children, young people and
        // families".
        Expect {
            service: SERVICES[4],
            special: &["physical and mental health information"],
            criminal: &[],
            children: Some("children, young people and families"),
        },
    ];
    for e in cases {
        let (org, svc) = e.service;
        let d = json(&["--org", org, "--service", svc]);
        let special = evidence(&d, "wp248-4-sensitive", "special category data");
        let criminal = evidence(&d, "wp248-4-sensitive", "criminal offence data");
        assert_eq!(criterion(&d, "wp248-4-sensitive")["status"], "met", "{svc}");
        for s in e.special {
            assert!(
                special.iter().any(|q| q.contains(s)),
                "{svc}: special {s:?} in {special:?}"
            );
        }
        assert!(!special.is_empty());
        assert_eq!(
            criminal.is_empty(),
            e.criminal.is_empty(),
            "{svc}: {criminal:?}"
        );
        for s in e.criminal {
            assert!(
                criminal.iter().any(|q| q.contains(s)),
                "{svc}: criminal {s:?} in {criminal:?}"
            );
        }
        let children = criterion(&d, "wp248-7-vulnerable");
        match e.children {
            Some(s) => {
                assert_eq!(children["status"], "met", "{svc}");
                let quotes = evidence(&d, "wp248-7-vulnerable", "");
                assert!(quotes.iter().any(|q| q.contains(s)), "{svc}: {quotes:?}");
            }
            None => assert_eq!(children["status"], "unknown", "{svc}"),
        }
        // Art. 35(3)(b): sensitive data is there, the scale is for the author.
        assert_eq!(
            criterion(&d, "art35-3-b-large-scale-sensitive")["status"],
            "unknown"
        );
    }
}

#[test]
fn the_example_proposal_shows_its_changes_and_screens_them() {
    let d = json(&["--proposal", PROPOSAL]);
    assert_verbatim(&d, &notice_texts(), "proposal");
    assert_eq!(d["about"]["service"], "afc-early-help-hub");
    assert_eq!(criterion(&d, "wp248-4-sensitive")["status"], "met");
    assert!(
        evidence(&d, "wp248-4-sensitive", "special category")
            .iter()
            .any(|q| q == "information about a child's physical and mental health")
    );
    assert_eq!(criterion(&d, "wp248-7-vulnerable")["status"], "met");
    let p = &d["proposal"];
    let facts = p["facts"].as_array().expect("facts");
    let police = facts
        .iter()
        .find(|f| f["kind"] == "recipient" && f["fact"] == "thames-valley-police")
        .expect("the police recipient in the diff");
    assert_eq!(police["change"], "added");
    assert!(
        police["now"]
            .as_str()
            .unwrap_or_default()
            .contains("bases a9-2-g, sch1-para18")
    );
    for (kind, fact) in [
        ("basis", "a9-2-g"),
        ("basis", "sch1-para18"),
        ("category", "health"),
    ] {
        assert!(
            facts
                .iter()
                .any(|f| f["kind"] == kind && f["fact"] == fact && f["change"] == "added"),
            "{kind} {fact}"
        );
    }
    // Nothing of the published notice is removed.
    assert!(facts.iter().all(|f| f["change"] == "added"), "{facts:?}");
    let ropa = p["ropa"].as_array().expect("ropa");
    let col = |c: &str| ropa.iter().find(|r| r["column"] == c);
    let recipients = col("Categories of recipients").expect("the recipients cell");
    assert!(
        recipients["now"]
            .as_str()
            .unwrap_or_default()
            .contains("police: Thames Valley Police")
    );
    let sch1 = col("Data Protection Act 2018 Schedule 1 Condition for processing").expect("Sch. 1");
    assert_eq!(sch1["change"], "changed");
    assert!(
        sch1["now"]
            .as_str()
            .unwrap_or_default()
            .contains("Sch. 1 Pt. 2 para. 18")
    );
    let art9 = col("Article 9 condition for processing special category data").expect("Art. 9");
    assert!(
        art9["now"]
            .as_str()
            .unwrap_or_default()
            .contains("Art. 9(2)(g)")
    );
    // Citing Art. 9(2)(g) clears BAS040 (special category data with no Art. 9 condition
    // cited); the new purpose with no basis of its own changes BAS049's list.
    let findings = p["findings"].as_array().expect("findings");
    let has = |change: &str, code: &str| {
        findings
            .iter()
            .any(|f| f["change"] == change && f["code"] == code)
    };
    assert!(has("cleared", "BAS040"), "{findings:?}");
    assert!(has("added", "BAS049"), "{findings:?}");
    // The same draft in Markdown shows the three tables.
    let o = basis(&["dpia", "--proposal", PROPOSAL]);
    let md = stdout(&o);
    for h in [
        "## Proposal: facts added, removed or changed",
        "## Proposal: ROPA rows added or changed",
        "## Proposal: check findings added or cleared",
    ] {
        assert!(md.contains(h), "{h}");
    }
}

#[test]
fn bad_input_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("dpia.md");
    let o_arg = out.to_str().expect("utf-8");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--org",
                "cheshire-wset",
                "--service",
                "cwac-supporting-families",
            ],
            "did you mean `cheshire-west`?",
        ),
        (
            vec![
                "--org",
                "cheshire-west",
                "--service",
                "cwac-suporting-families",
            ],
            "did you mean `cwac-supporting-families`?",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["dpia", "-o", o_arg];
        all.extend(args);
        let o = basis(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}");
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
        assert!(!out.exists());
    }
    // A proposal naming an organisation the dataset does not have.
    let text = std::fs::read_to_string(PROPOSAL).expect("proposal");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        std::fs::copy(
            Path::new(PROPOSAL).with_extension("txt"),
            dir.path().join("afc-police-health-proposal.txt"),
        )
        .expect("copy");
        p
    };
    let unknown = write(
        "unknown-org-proposal.toml",
        &text.replace(
            "id = \"achieving-for-children\"",
            "id = \"achieving-for-childern\"",
        ),
    );
    // A proposal whose quote is not in its notice.
    let misquoted = write(
        "misquoted-proposal.toml",
        &text.replace("only when it is necessary", "whenever it is useful"),
    );
    let broken = write("broken-proposal.toml", "[org\nid = 1");
    for (p, message) in [
        (&unknown, "did you mean `achieving-for-children`?"),
        (&misquoted, "does not load"),
        (&broken, "does not load"),
        (&dir.path().join("absent-proposal.toml"), "does not load"),
    ] {
        let o = basis(&[
            "dpia",
            "--proposal",
            p.to_str().expect("utf-8"),
            "-o",
            o_arg,
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", p.display());
        let err = stderr(&o);
        assert!(err.contains(message), "{}: {err}", p.display());
        assert!(!out.exists());
    }
    let o = basis(&[
        "dpia",
        "--org",
        "cheshire-east",
        "--service",
        "ce-children-and-families",
        "--format",
        "docx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o FILE.docx"));
}

/// The text of a Word document's body: its `w:t` runs, one paragraph a line.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let mut out = String::new();
    for p in doc.descendants().filter(|n| n.has_tag_name("p")) {
        for t in p.descendants().filter(|n| n.has_tag_name("t")) {
            out.push_str(t.text().unwrap_or_default());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_word_document_reads_back_with_every_step_and_the_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("dpia.docx");
    let o = basis(&[
        "dpia",
        "--org",
        "achieving-for-children",
        "--service",
        "afc-early-help-hub",
        "--format",
        "docx",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = docx_text(&std::fs::read(&file).expect("docx"));
    let lines: Vec<&str> = text.lines().collect();
    for h in ICO_STEPS {
        assert!(lines.iter().any(|l| l.starts_with(h)), "no heading {h}");
    }
    // Pre-filled answers and their sentences, as 004 words them, each a cell of its own.
    for s in [
        "We collect personal information from referrals, parents/carers and where possible young people.",
        "Thames Valley Police",
        "Special category data (such as ethnicity, physical and mental health information)",
    ] {
        assert!(lines.contains(&s), "no cell {s:?}");
    }
    assert!(lines.iter().any(|l| l.starts_with("to complete: ")));
    // The same draft as JSON names the same answers: the Word file is the draft, not a part.
    let d = json(&[
        "--org",
        "achieving-for-children",
        "--service",
        "afc-early-help-hub",
    ]);
    let mut quotes = Vec::new();
    quoted(&d["processing"], &mut quotes);
    let all = squash(&text);
    assert!(!quotes.is_empty());
    for (_, q) in quotes {
        assert!(
            all.contains(&squash(&q)),
            "{q:?} is not in the Word document"
        );
    }
}

#[test]
fn the_html_page_is_self_contained_with_every_step() {
    let o = basis(&[
        "dpia",
        "--org",
        "cheshire-west",
        "--service",
        "cwac-supporting-families",
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let html = stdout(&o);
    for h in ICO_STEPS {
        assert!(html.contains(&format!("<h2>{h}")), "no heading {h}");
    }
    assert!(html.contains("@media print"));
    for external in ["<link", "<script", "src=\"http", "url(http"] {
        assert!(!html.contains(external), "{external}");
    }
}
