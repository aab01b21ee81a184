//! The ROPA in the ICO controller template's own layout: the 30 headings against the reference
//! list (tests/fixtures/ico-ropa-template.md), the contact block, `--org all`, `--bom`, the typed
//! JSON with its evidence checked against the notice files, and the xlsx workbook read back.

use basis::report::{HEADING_ROW, ROPA_COLUMNS};
use serde_json::json;
use std::process::{Command, Output};

pub(crate) fn basis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The standard output of a command that must succeed.
pub(crate) fn ok(args: &[&str]) -> Vec<u8> {
    let o = basis(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

pub(crate) fn grid(csv: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv)
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_string).collect())
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

fn ropa_csv(org: &str) -> Vec<Vec<String>> {
    grid(&ok(&["report", "ropa", "--org", org, "--format", "csv"]))
}

fn json(org: &str) -> serde_json::Value {
    let out = ok(&["report", "ropa", "--org", org, "--format", "json"]);
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"))
}

/// The reference table: (letter, heading) per line, in order.
fn reference() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ico-ropa-template.md"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            // `| A | Business function |` → ["", "A", "Business function", ""]
            (cells.len() == 4 && cells[1].chars().all(|c| c.is_ascii_uppercase()))
                .then(|| (cells[1].to_string(), cells[2].to_string()))
                .filter(|(l, _)| !l.is_empty())
        })
        .collect()
}

#[test]
fn ropa_csv_headings_are_the_templates_thirty_in_order() {
    let reference = reference();
    assert_eq!(reference.len(), 30, "{reference:?}");
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        let rows = ropa_csv(org);
        let headings = &rows[HEADING_ROW - 1];
        assert_eq!(headings.len(), reference.len(), "{org}");
        for (i, ((letter, want), got)) in reference.iter().zip(headings).enumerate() {
            assert_eq!(got, want, "{org}: column {letter}");
            assert_eq!(ROPA_COLUMNS[i], want);
        }
        // Every row of the sheet is 30 cells wide, so a CSV reader that wants a rectangle is
        // content, and no register cell is blank.
        assert!(rows.iter().all(|r| r.len() == 30), "{org}");
        for r in &rows[HEADING_ROW..] {
            assert!(
                r.iter().all(|c| !c.is_empty()),
                "{org}: blank cell in {r:?}"
            );
        }
    }
}

#[test]
fn ropa_column_aa_holds_the_art_6_basis_and_m_only_art_9() {
    let col = |h: &str| {
        ROPA_COLUMNS
            .iter()
            .position(|c| *c == h)
            .unwrap_or(usize::MAX)
    };
    // The template's own letters (tests/fixtures/ico-ropa-template.md), not basis's.
    let letters: Vec<String> = reference().into_iter().map(|(l, _)| l).collect();
    let (l, m, z, aa) = (
        col("Article 6 lawful basis for processing personal data"),
        col("Article 9 condition for processing special category data"),
        col("Data Protection Act 2018 Schedule 1 Condition for processing"),
        col("GDPR Article 6 lawful basis for processing"),
    );
    assert_eq!(
        (
            letters[l].as_str(),
            letters[m].as_str(),
            letters[z].as_str(),
            letters[aa].as_str()
        ),
        ("L", "M", "Z", "AA")
    );
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        let v = json(org);
        for a in v["organisations"][0]["activities"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let cell = |i: usize| &a["columns"][ROPA_COLUMNS[i]];
            assert_eq!(cell(aa)["value"], cell(l)["value"], "{org}");
            assert_eq!(cell(aa)["column"], "AA");
            let ids = |i: usize| -> Vec<String> {
                cell(i)["value"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x["id"].as_str().map(str::to_string))
                    .collect()
            };
            assert!(
                ids(l).iter().all(|i| i.starts_with("a6-")),
                "{org}: {:?}",
                ids(l)
            );
            assert!(
                ids(m).iter().all(|i| i.starts_with("a9-")),
                "{org}: {:?}",
                ids(m)
            );
            assert!(
                ids(z).iter().all(|i| i.starts_with("sch1-")),
                "{org}: {:?}",
                ids(z)
            );
        }
    }
    // 000_58085d3b1e97ac82.txt: "General Data Protection Legislation Article 6 Part e" for
    // Early Help and Prevention; Art. 9 Part h; Schedule 1 Part 3 para 36 (see tests/report.rs).
    let rows = ropa_csv("cheshire-west");
    let early_help = rows
        .iter()
        .find(|r| r[0] == "Early Help and Prevention")
        .unwrap_or_else(|| panic!("no Early Help row"));
    assert_eq!(early_help[aa], "UK GDPR Art. 6(1)(e) (Public task)");
    assert_eq!(
        early_help[m],
        "UK GDPR Art. 9(2)(h) (Health or social care)"
    );
}

#[test]
fn ropa_csv_contact_block_precedes_the_register() {
    // Rows 1–6 as the template lays them out: a title, a gap, the labels, then controller,
    // DPO and representative with name, address, email and telephone.
    let rows = ropa_csv("cheshire-west");
    assert_eq!(rows[0][1], "Cheshire West and Chester Council");
    assert_eq!(
        rows[2][..5],
        ["Role", "Name", "Address", "Email", "Telephone"]
    );
    assert_eq!(
        rows[3][..2],
        ["Controller", "Cheshire West and Chester Council"]
    );
    assert_eq!(rows[4][0], "Data Protection Officer");
    // 000_58085d3b1e97ac82.txt: "By post: Data Protection Officer, The Portal, Wellington
    // Road, Ellesmere Port, CH65 0BA".
    assert!(rows[4][2].contains("The Portal, Wellington Road, Ellesmere Port, CH65 0BA"));
    assert_eq!(rows[4][4], "0752 3515 474");
    assert_eq!(
        rows[5][..5],
        [
            "Representative",
            "not stated",
            "not stated",
            "not stated",
            "not stated"
        ]
    );
    assert!(rows[6].iter().chain(&rows[7]).all(String::is_empty));
    // 004_a643f75bf518eedc.txt names the DPO's email and no telephone.
    let afc = ropa_csv("achieving-for-children");
    assert_eq!(afc[4][3], "dpo@achievingforchildren.org.uk");
}

#[test]
fn ropa_org_all_is_one_keyed_register_matching_each_organisation() {
    let all = grid(&ok(&["report", "ropa", "--org", "all", "--format", "csv"]));
    assert_eq!(all[0][..2], ["org", "service"]);
    assert_eq!(all[0][2..], ROPA_COLUMNS);
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        let one = ropa_csv(org);
        let mine: Vec<&Vec<String>> = all.iter().filter(|r| r[0] == org).collect();
        assert_eq!(mine.len(), one.len() - HEADING_ROW, "{org}");
        for (keyed, row) in mine.iter().zip(&one[HEADING_ROW..]) {
            assert_eq!(keyed[2..], row[..], "{org}");
        }
    }
    assert!(all.iter().any(|r| r[1] == "cwac-early-help-and-prevention"));
    // Ids in any case; the same record.
    assert_eq!(ropa_csv("Cheshire-WEST"), ropa_csv("cheshire-west"));
    assert_eq!(
        ok(&["report", "ropa", "--org", "ALL", "--format", "csv"]),
        ok(&["report", "ropa", "--org", "all", "--format", "csv"])
    );
    // Markdown and HTML of all: each organisation's sections, headed with its name.
    let md = String::from_utf8(ok(&["report", "ropa", "--org", "all"])).unwrap_or_default();
    for name in [
        "Cheshire West and Chester Council: Processing activity: Early Help and Prevention",
        "Cheshire East Council: Controller, data protection officer and representative",
        "Achieving for Children: Processing activity: Early Help Hub",
    ] {
        assert!(md.contains(&format!("## {name}")), "{name}");
    }
    // One JSON shape for one organisation or all.
    let v: serde_json::Value =
        serde_json::from_slice(&ok(&["report", "ropa", "--org", "all", "--format", "json"]))
            .unwrap_or_default();
    let ids: Vec<&str> = v["organisations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["org"]["id"].as_str())
        .collect();
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        assert!(ids.contains(&org), "{ids:?}");
    }
}

#[test]
fn ropa_bom_starts_the_csv_and_keeps_the_text() {
    let plain = ok(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "csv",
    ]);
    let bom = ok(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "csv",
        "--bom",
    ]);
    assert_eq!(bom[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(bom[3..], plain[..]);
    assert_ne!(plain[..3], [0xEF, 0xBB, 0xBF]);
    // 002_c542209e9805e897.txt: "Children and Young People’s Database", U+2019 in UTF-8.
    let needle = "People\u{2019}s Database".as_bytes();
    assert!(needle.windows(3).any(|w| w == [0xE2, 0x80, 0x99]));
    assert!(bom.windows(needle.len()).any(|w| w == needle));
    let o = basis(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "json",
        "--bom",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// The notice files' texts by notice id, whitespace collapsed (quotes span line breaks).
fn notice_texts() -> std::collections::HashMap<String, String> {
    let m = basis::model::load_builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/notices/");
    m.notices
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(format!("{dir}{}", n.file))
                .unwrap_or_else(|e| panic!("{}: {e}", n.file));
            (n.id.clone(), squash(&text))
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn ropa_json_is_typed_with_evidence_from_the_notices() {
    let texts = notice_texts();
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        let v = json(org);
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["columns"][26]["column"], "AA");
        // Every column's letter and heading are the template's.
        let columns = v["columns"].as_array().cloned().unwrap_or_default();
        assert_eq!(columns.len(), 30, "{org}");
        for (c, (letter, heading)) in columns.iter().zip(reference()) {
            assert_eq!(
                (&c["column"], &c["heading"]),
                (&json!(letter), &json!(heading))
            );
        }
        let o = &v["organisations"][0];
        assert_eq!(o["org"]["id"], org);
        for a in o["activities"].as_array().into_iter().flatten() {
            assert_eq!(a["org"], org);
            assert_eq!(a["columns"].as_object().map(|c| c.len()), Some(30));
            for (h, c) in a["columns"].as_object().into_iter().flatten() {
                let status = c["status"].as_str().unwrap_or_default();
                // null exactly when not stated or not applicable; else an array.
                assert_eq!(c["value"].is_null(), status != "stated", "{org} {h}: {c}");
                assert!(c["value"].is_null() || c["value"].is_array());
                for e in c["evidence"].as_array().into_iter().flatten() {
                    let n = e["notice"].as_str().unwrap_or_default();
                    let q = squash(e["quote"].as_str().unwrap_or_default());
                    let text = texts.get(n).unwrap_or_else(|| panic!("no notice {n}"));
                    assert!(text.contains(&q), "{org} {h}: {q:?} is not in {n}");
                }
            }
        }
    }
    // Hand-checked in 000_58085d3b1e97ac82.txt (cwac-early-help).
    let v = json("cheshire-west");
    let a = v["organisations"][0]["activities"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["service"]["id"] == "cwac-early-help-and-prevention")
        .unwrap_or_else(|| panic!("no early help"))
        .clone();
    assert_eq!(a["service"]["label"], "Early Help and Prevention");
    assert_eq!(a["notice"]["id"], "cwac-early-help");
    let c = |h: &str| a["columns"][h].clone();
    // "• General Data Protection Legislation Article 9 Part h"
    let art9 = c("Article 9 condition for processing special category data");
    assert_eq!(art9["value"][0]["id"], "a9-2-h");
    assert_eq!(
        art9["value"][0]["label"],
        "UK GDPR Art. 9(2)(h) (Health or social care)"
    );
    assert_eq!(
        art9["evidence"][0]["quote"],
        "General Data Protection Legislation Article 9 Part h"
    );
    // "Will my data be transferred abroad and why? No.": stated, and none: an empty array.
    let abroad = c(
        "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    );
    assert_eq!(abroad["status"], "stated");
    assert_eq!(abroad["value"], serde_json::json!([]));
    assert_eq!(
        abroad["evidence"][0]["quote"],
        "Will my data be transferred abroad and why? No."
    );
    // "Will this information be used to take automated decisions about me? No."
    let auto = c("Existence of automated decision-making, including profiling (if applicable)");
    assert_eq!(auto["value"][0]["id"], "none");
    // No joint controller is named anywhere: null, not the text "not stated".
    let joint = c("Name and contact details of joint controller (if applicable)");
    assert!(joint["value"].is_null());
    assert_eq!(joint["status"], "not stated");
    assert_eq!(joint["evidence"], serde_json::json!([]));
    // Physical health is listed as special category data; Criminal offences as criminal.
    let cats = c("Categories of personal data");
    let has =
        |label: &str, key: &str| {
            cats["value"].as_array().into_iter().flatten().any(|x| {
                x["label"].as_str().is_some_and(|l| l.starts_with(label)) && x[key] == true
            })
        };
    assert!(has("Physical health", "special"));
    assert!(has("Criminal offences", "criminal"));
    // Legitimate interests cannot apply: null, with the reason.
    let li = c("Legitimate interests for the processing (if applicable)");
    assert_eq!(li["status"], "not applicable");
    assert_eq!(li["note"], "Art. 6(1)(f) not relied on");
    // The DPO's telephone, with the sentence that gives it.
    let tel = &v["organisations"][0]["contacts"][1]["telephone"];
    assert_eq!(tel["value"][0]["label"], "0752 3515 474");
    assert!(!tel["evidence"].as_array().is_none_or(Vec::is_empty));
}

/// The cells of a sheet as text, rows of equal width (blank for an empty cell).
pub(crate) fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{e}"));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    // calamine's range starts at the first used cell; the template's starts at A1.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![vec![String::new(); c0 as usize + range.width()]; r0 as usize];
    for row in range.rows() {
        let mut r = vec![String::new(); c0 as usize];
        r.extend(row.iter().map(|c| c.to_string()));
        rows.push(r);
    }
    rows
}

/// `grid` with trailing blank cells and rows dropped, to compare with a sheet.
fn trimmed(mut g: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for r in &mut g {
        while r.last().is_some_and(String::is_empty) {
            r.pop();
        }
    }
    g
}

#[test]
fn ropa_xlsx_reads_back_as_the_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for org in ["cheshire-west", "cheshire-east", "achieving-for-children"] {
        let path = dir.path().join(format!("{org}.xlsx"));
        let p = path.to_string_lossy().to_string();
        assert!(ok(&["report", "ropa", "--org", org, "--format", "xlsx", "-o", &p]).is_empty());
        assert_eq!(
            trimmed(sheet(&path, "Template")),
            trimmed(ropa_csv(org)),
            "{org}"
        );
    }
    let path = dir.path().join("all.xlsx");
    let p = path.to_string_lossy().to_string();
    ok(&[
        "report", "ropa", "--org", "all", "--format", "xlsx", "-o", &p,
    ]);
    let all = grid(&ok(&["report", "ropa", "--org", "all", "--format", "csv"]));
    assert_eq!(trimmed(sheet(&path, "Register")), trimmed(all));
    assert_eq!(
        trimmed(sheet(&path, "cheshire-east")),
        trimmed(ropa_csv("cheshire-east"))
    );
    // Each cell basis filled carries an Excel note quoting its sentences: the comments part of
    // the sheet holds the Art. 9 citation of 000_58085d3b1e97ac82.txt.
    let path = dir.path().join("cheshire-west.xlsx");
    let comments = comments_of(&path);
    assert!(
        comments
            .contains("cwac-early-help: “General Data Protection Legislation Article 9 Part h”"),
        "{}",
        &comments[..comments.len().min(500)]
    );
    // A workbook is binary: not to a terminal.
    let o = basis(&[
        "report",
        "ropa",
        "--org",
        "cheshire-east",
        "--format",
        "xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-o FILE"));
}

/// The minimal dataset with a security measure whose quote is a sentence of `n` characters,
/// and whose measure is `measure` (or the sentence itself when `None`).
fn dataset_with_long_security(n: usize, measure: Option<&str>) -> tempfile::TempDir {
    use crate::load::{append, minimal_dataset};
    let dir = minimal_dataset();
    // The ROPA asks for the Art. 9 and Sch. 1 groups: the built-in bases have them.
    let bases = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/vocab/bases.toml");
    std::fs::copy(bases, dir.path().join("vocab/bases.toml")).unwrap_or_else(|e| panic!("{e}"));
    let words = "We encrypt every record we hold. ";
    let sentence: String = words.repeat(n / words.len() + 1)[..n].to_string();
    append(dir.path(), "notices/notice-a.txt", &format!("{sentence}\n"));
    append(
        dir.path(),
        "test-org.toml",
        &format!(
            "\n[[service.security]]\nmeasure = \"{}\"\nquote = \"{sentence}\"\n",
            measure.unwrap_or(&sentence)
        ),
    );
    dir
}

/// The text of the comments (Excel notes) parts of a workbook.
fn comments_of(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut comments = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        if f.name().is_ok_and(|n| n.starts_with("xl/comments")) {
            std::io::Read::read_to_string(&mut f, &mut comments).unwrap_or_default();
        }
    }
    comments
}

#[test]
fn an_xlsx_cell_longer_than_excel_holds_is_an_error_naming_it() {
    // Excel holds 32,767 characters a cell: a security measure of 40,000 is refused, with
    // the cell (K = the security column, row 10 = the first activity), and nothing written.
    let data = dataset_with_long_security(40_000, None);
    let d = data.path().to_string_lossy().to_string();
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = out.path().join("r.xlsx");
    let p = path.to_string_lossy().to_string();
    let o = basis(&[
        "report", "ropa", "--org", "test-org", "--format", "xlsx", "-o", &p, "--data", &d,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(reference()[10].0, "K");
    assert!(
        err.starts_with(&format!(
            "error: cell K{} of sheet `Template` (\"{}\", service `test-service`) holds 40000 characters; an Excel cell holds at most 32767",
            HEADING_ROW + 1,
            ROPA_COLUMNS[10]
        )),
        "{err}"
    );
    assert!(
        err.contains("help: write this record with --format csv"),
        "{err}"
    );
    assert!(!path.exists());
    // In the register of every organisation, the same cell is M2 of sheet `Register` (two key
    // columns first).
    let o = basis(&[
        "report", "ropa", "--org", "all", "--format", "xlsx", "-o", &p, "--data", &d,
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cell M2 of sheet `Register`") && err.contains("40000 characters"),
        "{err}"
    );
    assert!(!path.exists());
    // The CSV holds it whole.
    let csv = ok(&[
        "report", "ropa", "--org", "test-org", "--format", "csv", "--data", &d,
    ]);
    let g = grid(&csv);
    assert_eq!(g[HEADING_ROW][10].chars().count(), 40_000);
}

#[test]
fn an_xlsx_note_longer_than_excel_holds_is_cut_with_a_visible_mark() {
    // The measure is short, its quote 40,000 characters: the cell is written, and its note
    // (the quote) is cut and says so.
    let data = dataset_with_long_security(40_000, Some("Encryption"));
    let d = data.path().to_string_lossy().to_string();
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = out.path().join("r.xlsx");
    let p = path.to_string_lossy().to_string();
    ok(&[
        "report", "ropa", "--org", "test-org", "--format", "xlsx", "-o", &p, "--data", &d,
    ]);
    assert_eq!(sheet(&path, "Template")[HEADING_ROW][10], "Encryption");
    let comments = comments_of(&path);
    // `test-notice: “` + 40,000 + `”`.
    let total = 40_000 + "test-notice: “”".chars().count();
    let mark = "[… cut by basis: Excel notes hold 32713 characters; this one shows ";
    let at = comments
        .find(mark)
        .unwrap_or_else(|| panic!("no mark in {}", &comments[comments.len() - 500..]));
    let rest = &comments[at + mark.len()..];
    let (kept, rest) = rest.split_once(" of ").unwrap_or_else(|| panic!("{rest}"));
    let kept: usize = kept.parse().unwrap_or_else(|e| panic!("{kept}: {e}"));
    assert!(kept > 32_000 && kept < 32_713, "{kept}");
    assert!(
        rest.starts_with(&format!("{total}. --format json or csv")),
        "{rest}"
    );
}
