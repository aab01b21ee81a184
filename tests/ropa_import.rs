//! `basis import ropa`: the round trip export → import → export keeps the template's 30 columns
//! for each organisation (CSV, and the keyed workbook of `--org all`); facts quote their cell;
//! unknown labels are reported with cell and suggestion; wrong headings are refused.

use crate::ropa_ico::{basis, grid, ok};
use basis::report::{HEADING_ROW, ROPA_COLUMNS};
use std::path::Path;
use std::process::{Command, Output};

/// The register part of a template-layout CSV: the heading row and the activities.
fn register(csv: &[u8]) -> Vec<Vec<String>> {
    grid(csv).split_off(HEADING_ROW - 1)
}

fn path(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

/// Rows 4–6 of a template-layout CSV: the controller's, the DPO's and the representative's
/// name, address, email and telephone.
fn contact_block(csv: &[u8]) -> Vec<Vec<String>> {
    grid(csv)[3..6].iter().map(|r| r[..5].to_vec()).collect()
}

/// A contact cell without the `(notice a, b)` label a value carries when the notices disagree.
fn unlabelled(cell: &str) -> String {
    cell.split("; ")
        .map(|v| match v.rfind(" (notice ") {
            Some(k) if v.ends_with(')') => &v[..k],
            _ => v,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

const ORGS: [&str; 3] = ["cheshire-west", "cheshire-east", "achieving-for-children"];

#[test]
fn import_round_trip_keeps_the_thirty_columns_of_each_organisation() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for org in ORGS {
        let csv = ok(&["report", "ropa", "--org", org, "--format", "csv"]);
        let file = tmp.path().join(format!("{org}.csv"));
        std::fs::write(&file, &csv).unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path().join(org);
        let toml = dir.join(format!("{org}.toml"));
        ok(&[
            "import",
            "ropa",
            &path(&file),
            "--org",
            org,
            "-o",
            &path(&toml),
        ]);
        let back = ok(&[
            "report",
            "ropa",
            "--data",
            &path(&dir),
            "--org",
            org,
            "--format",
            "csv",
        ]);
        let (before, after) = (register(&csv), register(&back));
        assert_eq!(before[0], ROPA_COLUMNS);
        assert!(before.len() > 1, "{org}: no activities");
        assert_eq!(before, after, "{org}");
        // The controller's name comes back from the contact block.
        assert_eq!(grid(&back)[3][..2], grid(&csv)[3][..2], "{org}");
        // The organisation file alone loads too (`--data DIR/ID.toml`): the transcript its
        // facts quote is read from the notices/ beside it, also by a relative path.
        let args = ["report", "ropa", "--org", org, "--format", "csv", "--data"];
        let alone = ok(&[&args[..], &[path(&toml).as_str()]].concat());
        assert_eq!(alone, back, "{org}");
        let o = Command::new(env!("CARGO_BIN_EXE_basis"))
            .args(args)
            .arg(format!("{org}.toml"))
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            o.stdout,
            back,
            "{org}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn import_reads_the_keyed_workbook_of_all_organisations() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let xlsx = tmp.path().join("all.xlsx");
    ok(&[
        "report",
        "ropa",
        "--org",
        "all",
        "--format",
        "xlsx",
        "-o",
        &path(&xlsx),
    ]);
    for org in ORGS {
        let dir = tmp.path().join(org);
        let toml = dir.join("org.toml");
        // Any case, as `report ropa --org` takes it.
        let upper = org.to_uppercase();
        ok(&[
            "import",
            "ropa",
            &path(&xlsx),
            "--org",
            &upper,
            "-o",
            &path(&toml),
        ]);
        let back = ok(&[
            "report",
            "ropa",
            "--data",
            &path(&dir),
            "--org",
            org,
            "--format",
            "csv",
        ]);
        let before = ok(&["report", "ropa", "--org", org, "--format", "csv"]);
        assert_eq!(register(&before), register(&back), "{org}");
        // The contact block comes back from the organisation's own sheet (the `Register`
        // sheet has none), but for the `(notice …)` labels of values the notices disagree on:
        // the transcript is now their one source.
        assert_eq!(
            contact_block(&back),
            contact_block(&before)
                .into_iter()
                .map(|row| row.into_iter().map(|c| unlabelled(&c)).collect())
                .collect::<Vec<Vec<String>>>(),
            "{org}"
        );
        // The register's service keys are kept as ids.
        let text = std::fs::read_to_string(&toml).unwrap_or_default();
        let first_service = grid(&ok(&["report", "ropa", "--org", "all", "--format", "csv"]))
            .into_iter()
            .find(|r| r[0] == org)
            .map(|r| r[1].clone())
            .unwrap_or_default();
        assert!(text.contains(&format!("id = \"{first_service}\"")), "{org}");
    }
}

#[test]
fn import_facts_quote_their_cell() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = tmp.path().join("cw.csv");
    let csv = ok(&[
        "report",
        "ropa",
        "--org",
        "cheshire-west",
        "--format",
        "csv",
    ]);
    std::fs::write(&file, &csv).unwrap_or_default();
    let dir = tmp.path().join("d");
    ok(&[
        "import",
        "ropa",
        &path(&file),
        "--org",
        "cheshire-west",
        "-o",
        &path(&dir.join("cw.toml")),
    ]);
    let q = |query: &str| {
        let out = ok(&["query", query, "--data", &path(&dir), "--format", "json"]);
        serde_json::from_slice::<serde_json::Value>(&out).unwrap_or_default()
    };
    // Row 10 is the first activity (Early Help and Prevention, its id made from its name); M
    // its Art. 9 condition.
    let rows = q("bases where service = cheshire-west-early-help-and-prevention show basis, quote");
    let rows = rows.as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .any(|r| r["basis"] == "UK GDPR Art. 9(2)(h)" && r["quote"] == "[cw.csv!M10]"),
        "{rows:?}"
    );
    let cats = q("categories where org = cheshire-west show name, quote");
    for r in cats.as_array().into_iter().flatten() {
        let quote = r["quote"].as_str().unwrap_or_default();
        assert!(
            quote.starts_with("[cw.csv!E") && quote.ends_with(']'),
            "{quote}"
        );
    }
    // The transcript has the cell, so the quote is a real extract of it.
    let transcript =
        std::fs::read_to_string(dir.join("notices/cheshire-west-register.txt")).unwrap_or_default();
    assert!(transcript.contains(
        "[cw.csv!M10] Article 9 condition for processing special category data: UK GDPR Art. 9(2)(h) (Health or social care)"
    ));
}

/// Writes `csv` with cell (row, col) (0-based) replaced, imports it, and returns the output.
fn import_edited(dir: &Path, cells: &[(usize, usize, &str)]) -> Output {
    let mut g = grid(&ok(&[
        "report",
        "ropa",
        "--org",
        "achieving-for-children",
        "--format",
        "csv",
    ]));
    for &(r, c, text) in cells {
        g[r][c] = text.to_string();
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &g {
        w.write_record(row).unwrap_or_default();
    }
    let file = dir.join("afc.csv");
    std::fs::write(&file, w.into_inner().unwrap_or_default()).unwrap_or_default();
    basis(&[
        "import",
        "ropa",
        &path(&file),
        "--org",
        "achieving-for-children",
        "-o",
        &path(&dir.join("out/afc.toml")),
    ])
}

#[test]
fn import_reports_unknown_labels_with_cell_and_suggestion() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Row 10, column E (categories) and L (Art. 6): misspelt.
    let o = import_edited(
        tmp.path(),
        &[
            (9, 4, "Nmae; Address"),
            (9, 11, "UK GDPR Art. 6(1)(a) (Consnt)"),
            (9, 26, "UK GDPR Art. 6(1)(a) (Consnt)"),
            (9, 20, "Yes"),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "unmatched: afc.csv!E10: unknown category “Nmae”; did you mean `name` (Name)?"
        ),
        "{err}"
    );
    assert!(err.contains("unmatched: afc.csv!L10: unknown lawful basis “UK GDPR Art. 6(1)(a) (Consnt)”; did you mean `a6-1-a`"), "{err}");
    // An organisation's own entry in a column the dataset has no field for is kept as a note.
    assert!(
        err.contains("note: afc.csv!U10: the dataset has no field for this column; kept as a note"),
        "{err}"
    );
    // The files are written all the same, and load.
    let back = basis(&[
        "report",
        "ropa",
        "--data",
        &path(&tmp.path().join("out")),
        "--org",
        "achieving-for-children",
        "--format",
        "csv",
    ]);
    assert_eq!(
        back.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let row = &register(&back.stdout)[1];
    assert_eq!(row[4], "Address");
}

#[test]
fn import_refuses_a_register_with_other_headings() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The 29-column layout basis wrote before column AA: AA held the policy-document link.
    let o = import_edited(
        tmp.path(),
        &[(8, 26, "Link to retention and erasure policy document")],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: afc.csv!AA9: heading `Link to retention and erasure policy document`, but the template has `GDPR Article 6 lawful basis for processing` there\n"
    );
    let not_a_register = tmp.path().join("x.csv");
    std::fs::write(&not_a_register, "a,b\n1,2\n").unwrap_or_default();
    let o = basis(&[
        "import",
        "ropa",
        &path(&not_a_register),
        "--org",
        "x",
        "-o",
        &path(&tmp.path().join("o/x.toml")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no row starts with the template's heading")
    );
    let o = basis(&[
        "import",
        "ropa",
        &path(&not_a_register),
        "--org",
        "Cheshire West",
        "-o",
        &path(&tmp.path().join("o/x.toml")),
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not an id"));
    let o = basis(&[
        "import",
        "ropa",
        &path(&not_a_register),
        "--org",
        "x",
        "--type",
        "local-authorty",
        "-o",
        &path(&tmp.path().join("o/x.toml")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `local-authority`?"));
}

#[test]
fn import_refuses_dash_for_its_two_files_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        ok(&[
            "report",
            "ropa",
            "--org",
            "cheshire-east",
            "--format",
            "csv",
        ]),
    )
    .expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_basis"))
        .args([
            "import",
            "ropa",
            "r.csv",
            "--org",
            "cheshire-east",
            "-o",
            "-",
        ])
        .current_dir(dir.path())
        .output()
        .expect("run basis");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("two files") && err.contains("-o afc/afc.toml"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    // Nothing named `-`, no notices directory.
    assert!(!dir.path().join("-").exists());
    assert!(!dir.path().join("notices").exists());
}

#[test]
fn import_of_all_organisations_says_when_the_contacts_are_missing() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The workbook of every organisation with its `Register` sheet alone: the contact block
    // of Cheshire West is nowhere, which is a loss (exit 1), never "0 cells".
    let all = tmp.path().join("all.xlsx");
    ok(&[
        "report",
        "ropa",
        "--org",
        "all",
        "--format",
        "xlsx",
        "-o",
        &path(&all),
    ]);
    let cells = crate::ropa_ico::sheet(&all, "Register");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Register").unwrap_or_else(|e| panic!("{e}"));
    for (r, row) in cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let only = tmp.path().join("register-only.xlsx");
    wb.save(&only).unwrap_or_else(|e| panic!("{e}"));
    let toml = tmp.path().join("cw/cw.toml");
    let args = [
        "import",
        "ropa",
        &path(&only),
        "--org",
        "cheshire-west",
        "-o",
        &path(&toml),
    ];
    let o = basis(&args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("unmatched: Register: the workbook has no sheet `cheshire-west` with this organisation's contact block"),
        "{err}"
    );
    assert!(err.contains("; 1 cells could not be matched"), "{err}");
    // The keyed CSV never holds a contact block: nothing is lost, and the note says where the
    // contacts are.
    let csv = tmp.path().join("all.csv");
    std::fs::write(
        &csv,
        ok(&["report", "ropa", "--org", "all", "--format", "csv"]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = basis(&[
        "import",
        "ropa",
        &path(&csv),
        "--org",
        "cheshire-west",
        "-o",
        &path(&toml),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: all.csv: a register across organisations holds no contact block"),
        "{err}"
    );
}
