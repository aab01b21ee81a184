//! `basis import ropa`: a register in the ICO controller template (the CSV or workbook `basis
//! report ropa` writes, or an organisation's own) read back into an organisation file.
//!
//! A dataset's facts must quote their source; a register's source is its cells. So the import
//! writes, beside the organisation file, a transcript of the register (`notices/ID-register.txt`,
//! one line per cell: `[Template!E10] Categories of personal data: Name; …`) and every fact
//! quotes its cell reference (`[Template!E10]`). Where the record itself quotes a notice (column
//! H: `none (the notice: “…”)`) the fact keeps that sentence, as it stands in the same cell.
//! Labels are matched to vocabulary ids by name or id; what matches nothing is reported with its
//! cell and the nearest id, never guessed.

use super::ropa_import_cells::{Builder, norm};
pub(crate) use super::ropa_import_cells::{Finding, Sheet, letter};
use super::ropa_layout::{COLUMNS, KEY_COLUMNS};
use crate::model::Model;
use crate::model::load::is_kebab;
use std::collections::HashSet;
use thiserror::Error;
use toml::{Table, Value};

/// The most rows or the most bytes a register may have: a record of processing is hundreds of
/// rows, and a larger file is not a register.
pub(crate) const MAX_ROWS: usize = 100_000;
/// See [`MAX_ROWS`].
pub(crate) const MAX_BYTES: u64 = 64 << 20;

/// Why a register could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum ImportError {
    /// The file cannot be opened or parsed: `basis import ropa missing.csv`.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// No row has the template's headings: a CSV of something else.
    #[error(
        "{path}: no row starts with the template's heading `Business function`; is it a register in the ICO controller template?"
    )]
    NoHeadings {
        /// The file.
        path: String,
    },
    /// A heading differs from the template's: a 29-column register made before column AA.
    #[error("{cell}: heading `{found}`, but the template has `{expected}` there")]
    Heading {
        /// Sheet and cell, `Template!AA9`.
        cell: String,
        /// As found.
        found: String,
        /// The template's.
        expected: String,
    },
    /// `--org` is not a dataset id: `--org "Cheshire West"`.
    #[error("`{id}` is not an id: use lower-case words joined by `-`, e.g. `cheshire-west`")]
    BadId {
        /// As given.
        id: String,
    },
    /// A register across organisations has no row of this one.
    #[error("{path}: no row has org `{org}`{}", super::hint(.suggestion))]
    NoRows {
        /// The file.
        path: String,
        /// As given.
        org: String,
        /// An org the register has.
        suggestion: Option<String>,
    },
}

/// A register read into an organisation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Imported {
    /// The organisation file.
    pub toml: String,
    /// The transcript's file name under `notices/`.
    pub notice_file: String,
    /// The transcript: one line per cell, which the facts quote.
    pub transcript: String,
    /// What could not be carried over exactly.
    pub findings: Vec<Finding>,
}

/// Reads a `.csv` or `.xlsx` register (the workbook's `Template` or `Register` sheet, else its
/// first).
pub(crate) fn read_sheet(path: &std::path::Path) -> Result<Sheet, ImportError> {
    let shown = path.display().to_string();
    let fail = |message: String| ImportError::Read {
        path: shown.clone(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > MAX_BYTES {
        return Err(fail(format!(
            "{size} bytes; a register is at most {MAX_BYTES}"
        )));
    }
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let name;
    if is_xlsx {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> =
            open_workbook(path).map_err(|e: calamine::XlsxError| fail(e.to_string()))?;
        let names = wb.sheet_names();
        name = ["Template", "Register"]
            .iter()
            .find_map(|n| names.iter().find(|s| s.as_str() == *n).cloned())
            .or_else(|| names.first().cloned())
            .ok_or_else(|| fail("the workbook has no sheet".into()))?;
        rows = xlsx_rows(&mut wb, &name).map_err(fail)?;
    } else {
        name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "register".into());
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .map_err(|e| fail(e.to_string()))?;
        for rec in rd.records() {
            let rec = rec.map_err(|e| fail(e.to_string()))?;
            if rows.len() >= MAX_ROWS {
                return Err(fail(format!("more than {MAX_ROWS} rows")));
            }
            rows.push(rec.iter().map(str::to_string).collect());
        }
        // Excel's byte-order mark (`--bom`) is not part of the first cell.
        if let Some(first) = rows.first_mut().and_then(|r| r.first_mut())
            && let Some(rest) = first.strip_prefix('\u{feff}')
        {
            *first = rest.to_string();
        }
    }
    Ok(Sheet { name, rows })
}

/// The cells of the workbook's sheet `name` as text, at their own rows and columns.
fn xlsx_rows<R: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<R>,
    name: &str,
) -> Result<Vec<Vec<String>>, String> {
    use calamine::Reader;
    let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r0, c0) = (r0 as usize, c0 as usize);
    if range.height() + r0 > MAX_ROWS {
        return Err(format!("more than {MAX_ROWS} rows"));
    }
    let mut rows = vec![Vec::new(); r0];
    for row in range.rows() {
        let mut r = vec![String::new(); c0];
        r.extend(row.iter().map(|c| c.to_string()));
        rows.push(r);
    }
    Ok(rows)
}

/// Where an organisation's contact block is read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Contacts<'a> {
    /// Above the headings of the register's own sheet: one organisation's template (a CSV
    /// holds it there; a register across organisations as CSV has none).
    Above,
    /// In the organisation's own template sheet of the workbook of every organisation
    /// (`report ropa --org all --format xlsx`), whose `Register` sheet has none.
    Sheet(&'a Sheet),
    /// In no sheet of that workbook: the sheet looked for, so the loss is reported.
    Missing(&'a str),
}

/// For a workbook whose register is the sheet `Register` (`--org all`), where `org`'s
/// contact block is: its own template sheet, named by its id as `report ropa` names it.
/// `None` for anything else (a CSV, a one-organisation workbook).
pub(crate) fn read_contact_sheet(
    path: &std::path::Path,
    register: &Sheet,
    org: &str,
) -> Result<Option<Result<Sheet, String>>, ImportError> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx || register.name != "Register" {
        return Ok(None);
    }
    use calamine::{Reader, Xlsx, open_workbook};
    let fail = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    let mut wb: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| fail(e.to_string()))?;
    let want = super::ropa_xlsx::org_sheet_name(&org.to_ascii_lowercase(), &[]);
    let Some(name) = wb
        .sheet_names()
        .into_iter()
        .find(|n| n.eq_ignore_ascii_case(&want))
    else {
        return Ok(Some(Err(want)));
    };
    let rows = xlsx_rows(&mut wb, &name).map_err(fail)?;
    Ok(Some(Ok(Sheet { name, rows })))
}

/// The ids of the shared parties (`parties.toml`) built into basis: the parties an imported
/// file may name without declaring them.
pub(crate) fn builtin_shared_parties() -> HashSet<String> {
    let mut out = HashSet::new();
    for f in crate::model::builtin::files("", "toml") {
        if !f.name.ends_with("/parties.toml") {
            continue;
        }
        let Ok(t) = f.text.parse::<Table>() else {
            continue;
        };
        out.extend(crate::model::raw::table_strings(&t, "party", "id").map(str::to_string));
    }
    out
}

/// Reads `sheet` (one organisation's template sheet, or a register across organisations with
/// `org` and `service` columns, of which the rows of `org`) into the organisation `org`, its
/// contact block from `contacts`.
pub(crate) fn import(
    model: &Model,
    shared_parties: &HashSet<String>,
    sheet: &Sheet,
    contacts: Contacts<'_>,
    path: &str,
    org: &str,
    org_type: &str,
) -> Result<Imported, ImportError> {
    let org = org.to_ascii_lowercase();
    if !is_kebab(&org) {
        return Err(ImportError::BadId { id: org });
    }
    let (head, first) = headings(sheet, path)?;
    let keyed = first == KEY_COLUMNS.len()
        && sheet.rows[head]
            .iter()
            .take(first)
            .map(|c| norm(c))
            .eq(KEY_COLUMNS.iter().map(|k| k.to_string()));
    let mut b = Builder::new(model, shared_parties, sheet, &org);
    let rows = activity_rows(sheet, head, keyed, &org, path)?;
    let name = contact_block(&mut b, contacts, keyed, head);
    transcribe(&mut b, sheet, head, first, &rows);
    let mut services = Vec::new();
    for &r in &rows {
        let key = keyed.then(|| sheet.rows[r].get(1).cloned()).flatten();
        services.push(Value::Table(b.service(r, first, key.as_deref())));
    }
    let root = org_table(&mut b, &org, name, org_type, path, services);
    let body = toml::to_string(&root).map_err(|e| ImportError::Read {
        path: path.into(),
        message: e.to_string(),
    })?;
    let mut head_comment = format!(
        "# {org}: imported by basis from {path}; every fact quotes its cell in notices/{}.txt.\n",
        b.notice
    );
    for f in &b.findings {
        head_comment.push_str(&format!("# {f}\n"));
    }
    Ok(Imported {
        toml: format!("{head_comment}\n{body}"),
        notice_file: format!("{}.txt", b.notice),
        transcript: b.transcript,
        findings: b.findings,
    })
}

/// A cell's name: `Sheet!B10`.
fn cell_name(sheet: &Sheet, r: usize, c: usize) -> String {
    format!("{}!{}{}", sheet.name, letter(c), r + 1)
}

/// The row and column of the template's headings, each checked against [`COLUMNS`].
fn headings(sheet: &Sheet, path: &str) -> Result<(usize, usize), ImportError> {
    let (head, first) = sheet
        .rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            let c = row.iter().position(|c| norm(c) == "business function")?;
            Some((r, c))
        })
        .ok_or_else(|| ImportError::NoHeadings { path: path.into() })?;
    for (i, expected) in COLUMNS.iter().enumerate() {
        let found = sheet.rows[head].get(first + i).map_or("", String::as_str);
        if norm(found) != norm(expected) {
            return Err(ImportError::Heading {
                cell: cell_name(sheet, head, first + i),
                found: found.to_string(),
                expected: expected.to_string(),
            });
        }
    }
    Ok((head, first))
}

/// The rows of activities under the headings: not blank, and in a register across
/// organisations (`keyed`) those of `org`, which must have some.
fn activity_rows(
    sheet: &Sheet,
    head: usize,
    keyed: bool,
    org: &str,
    path: &str,
) -> Result<Vec<usize>, ImportError> {
    let rows: Vec<usize> = (head + 1..sheet.rows.len())
        .filter(|&r| {
            let row = &sheet.rows[r];
            let blank = row.iter().all(|c| c.trim().is_empty());
            !blank && (!keyed || row.first().is_some_and(|o| o.eq_ignore_ascii_case(org)))
        })
        .collect();
    if keyed && rows.is_empty() {
        let orgs: Vec<String> = sheet.rows[head + 1..]
            .iter()
            .filter_map(|r| r.first().cloned())
            .collect();
        return Err(ImportError::NoRows {
            path: path.into(),
            org: org.to_string(),
            suggestion: orgs
                .iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(a, org).total_cmp(&strsim::jaro_winkler(b, org))
                })
                .cloned(),
        });
    }
    Ok(rows)
}

/// The contact block, from where `contacts` says, and the controller's name; its cells go
/// into the transcript. A register across organisations without one is reported: as lost
/// when the workbook should have had the organisation's sheet, as a note for a CSV (which
/// never holds one).
fn contact_block<'a>(
    b: &mut Builder<'a>,
    contacts: Contacts<'a>,
    keyed: bool,
    head: usize,
) -> Option<String> {
    match contacts {
        Contacts::Sheet(other) => {
            let above = other
                .rows
                .iter()
                .position(|row| row.iter().any(|c| norm(c) == "business function"))
                .unwrap_or(other.rows.len());
            // The block's rows only: the sheet's headings and activities are the register's.
            let block = Sheet {
                name: other.name.clone(),
                rows: other.rows[..above].to_vec(),
            };
            transcribe(b, &block, above, 0, &[]);
            let main = std::mem::replace(&mut b.sheet, other);
            let name = b.contacts(above);
            b.sheet = main;
            name
        }
        Contacts::Missing(want) => {
            b.lose_contacts(format!(
                "the workbook has no sheet `{want}` with this organisation's contact block; its \
                 contacts are not imported (import the organisation's own sheet, or a CSV of \
                 `basis report ropa --org ID`)"
            ));
            None
        }
        Contacts::Above if keyed => {
            b.note_no_contacts(
                "a register across organisations holds no contact block: the organisation \
                 file gets no contacts (import `basis report ropa --org ID --format csv`, or the \
                 workbook of `--org all`, for them)"
                    .into(),
            );
            None
        }
        Contacts::Above => b.contacts(head),
    }
}

/// The transcript holds every cell the facts may cite: the contact block and the rows read.
fn transcribe(b: &mut Builder, sheet: &Sheet, head: usize, first: usize, rows: &[usize]) {
    for r in (0..head)
        .chain((head < sheet.rows.len()).then_some(head))
        .chain(rows.iter().copied())
    {
        for (c, text) in sheet.rows[r].iter().enumerate() {
            if !text.trim().is_empty() {
                let heading = if r > head && c >= first {
                    COLUMNS.get(c - first).copied()
                } else {
                    None
                };
                b.transcript
                    .push_str(&format!("[{}] ", cell_name(sheet, r, c)));
                if let Some(h) = heading {
                    b.transcript.push_str(&format!("{h}: "));
                }
                b.transcript.push_str(&crate::model::fold_space(text));
                b.transcript.push('\n');
            }
        }
    }
}

/// The organisation file as a TOML table: the org, its notice, and its contacts, parties,
/// systems and services.
fn org_table(
    b: &mut Builder,
    org: &str,
    name: Option<String>,
    org_type: &str,
    path: &str,
    services: Vec<Value>,
) -> Table {
    let mut root = Table::new();
    let mut o = Table::new();
    o.insert("id".into(), Value::String(org.to_string()));
    o.insert(
        "name".into(),
        Value::String(name.unwrap_or_else(|| org.to_string())),
    );
    o.insert("type".into(), Value::String(org_type.into()));
    if !b.org_notes.is_empty() {
        o.insert("note".into(), Value::String(b.org_notes.join("; ")));
    }
    root.insert("org".into(), Value::Table(o));
    let mut notice = Table::new();
    notice.insert("id".into(), Value::String(b.notice.clone()));
    notice.insert("file".into(), Value::String(format!("{}.txt", b.notice)));
    notice.insert(
        "title".into(),
        Value::String(format!(
            "Record of processing activities imported from {path}"
        )),
    );
    root.insert("notice".into(), Value::Array(vec![Value::Table(notice)]));
    for (key, xs) in [
        ("contact", std::mem::take(&mut b.contact)),
        ("party", std::mem::take(&mut b.parties)),
        ("system", std::mem::take(&mut b.systems)),
        ("service", services),
    ] {
        if !xs.is_empty() {
            root.insert(key.into(), Value::Array(xs));
        }
    }
    root
}
