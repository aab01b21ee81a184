//! The ROPA as an Excel workbook laid out like the ICO controller template (sheet `Template`:
//! the contact block in rows 1–6, the 30 headings in row 9, one activity a row below), because
//! that is where information-governance teams keep their record. Each stated cell carries an
//! Excel note with the notice sentences it rests on.
//!
//! A cell holds at most 32,767 characters in Excel. A longer cell text is an error naming the
//! cell (nothing is written): cutting it would drop facts from a legal record without a
//! trace. A longer note (the quotes behind a cell, which the CSV and JSON keep in full) is
//! cut and ends with a visible mark saying how much it holds.

use super::ropa_cell::Cell;
use super::ropa_header::HEADER_COLUMNS;
use super::ropa_layout::{COLUMNS, HEADING_ROW, KEY_COLUMNS, Ropa, register};
use crate::output::xlsx::{EXCEL_MAX, sheet_name};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};
use std::fmt;

/// The workbook: one `Template` sheet for one organisation; for `keyed` (`--org all`) a
/// `Register` sheet ([`KEY_COLUMNS`] then [`COLUMNS`]) and one template sheet per organisation.
pub(super) fn workbook(records: &[Ropa], keyed: bool) -> Result<Vec<u8>, String> {
    build(records, keyed).map_err(|e| match e {
        BuildError::Xlsx(e) => format!("cannot make the workbook: {e}"),
        BuildError::TooLong(t) => t.to_string(),
    })
}

/// Why the workbook could not be made.
enum BuildError {
    /// The writer's own error (a sheet name, a row past the sheet's end).
    Xlsx(XlsxError),
    /// A cell text longer than Excel holds.
    TooLong(TooLong),
}

impl From<XlsxError> for BuildError {
    fn from(e: XlsxError) -> Self {
        BuildError::Xlsx(e)
    }
}

/// A cell whose text Excel cannot hold: where it is and how long it is.
struct TooLong {
    sheet: String,
    /// `K10`.
    cell: String,
    /// The column's heading (or the contact block's label).
    heading: String,
    /// The service of the row, for an activity row.
    service: Option<String>,
    chars: usize,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cell {} of sheet `{}` (\"{}\"",
            self.cell, self.sheet, self.heading
        )?;
        if let Some(s) = &self.service {
            write!(f, ", service `{s}`")?;
        }
        write!(
            f,
            ") holds {} characters; an Excel cell holds at most {EXCEL_MAX}, and basis does not \
             cut a record's cell\n  help: write this record with --format csv or --format json, \
             which hold any length, or shorten the text in the dataset",
            self.chars
        )
    }
}

/// Where a cell is, for [`TooLong`].
struct At<'a> {
    sheet: &'a str,
    heading: &'a str,
    service: Option<&'a str>,
}

/// Writes `text` at (`r`, `c`), or says which cell is too long.
fn put(
    ws: &mut Worksheet,
    at: At<'_>,
    r: usize,
    c: usize,
    text: &str,
    fmt: &Format,
) -> Result<(), BuildError> {
    // Excel counts UTF-16 code units, as rust_xlsxwriter does.
    if text.encode_utf16().count() > EXCEL_MAX {
        return Err(BuildError::TooLong(TooLong {
            sheet: at.sheet.to_string(),
            cell: row_col_to_cell(r as u32, c as u16),
            heading: at.heading.to_string(),
            service: at.service.map(String::from),
            chars: text.chars().count(),
        }));
    }
    ws.write_string_with_format(r as u32, c as u16, text, fmt)?;
    Ok(())
}

fn build(records: &[Ropa], keyed: bool) -> Result<Vec<u8>, BuildError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    if keyed {
        let ws = wb.add_worksheet();
        ws.set_name("Register")?;
        let grid = register(records);
        let headings = grid.first().cloned().unwrap_or_default();
        for (r, row) in grid.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let fmt = if r == 0 { &f.heading } else { &f.cell };
                let at = At {
                    sheet: "Register",
                    heading: headings.get(c).map_or("", String::as_str),
                    service: row.get(1).filter(|_| r > 0).map(String::as_str),
                };
                put(ws, at, r, c, text, fmt)?;
            }
        }
        widths(ws, KEY_COLUMNS.len() + COLUMNS.len())?;
        ws.set_freeze_panes(1, KEY_COLUMNS.len() as u16)?;
    }
    let mut names: Vec<String> = Vec::new();
    for rec in records {
        let ws = wb.add_worksheet();
        let name = if keyed {
            org_sheet_name(&rec.org, &names)
        } else {
            "Template".to_string()
        };
        ws.set_name(&name)?;
        template(ws, &name, rec, &f)?;
        names.push(name);
    }
    Ok(wb.save_to_buffer()?)
}

struct Formats {
    title: Format,
    label: Format,
    heading: Format,
    cell: Format,
    gap: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            heading: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            gap: cell
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x767676)),
            cell,
        }
    }
}

/// One organisation's sheet: the same rows as [`Ropa::grid`] (the CSV), formatted.
fn template(ws: &mut Worksheet, sheet: &str, rec: &Ropa, f: &Formats) -> Result<(), BuildError> {
    let grid = rec.grid();
    let heading = HEADING_ROW - 1;
    for (r, row) in grid.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let fmt = match r {
                0 => &f.title,
                2 => &f.label,
                _ if r < heading && c == 0 => &f.label,
                _ if r == heading => &f.heading,
                _ if text.starts_with("not stated") || text.starts_with("not applicable") => &f.gap,
                _ => &f.cell,
            };
            let at = At {
                sheet,
                heading: cell_heading(r, c),
                service: r
                    .checked_sub(heading + 1)
                    .and_then(|i| rec.sources.get(i))
                    .map(|(s, _)| s.as_str()),
            };
            put(ws, at, r, c, text, fmt)?;
        }
    }
    // The sentences behind each cell, as notes a reader hovers over.
    let contact_rows = rec
        .contacts
        .iter()
        .enumerate()
        .map(|(i, row)| (3 + i, 1, row.as_slice()));
    let activity_rows = rec
        .cells
        .iter()
        .enumerate()
        .map(|(i, row)| (heading + 1 + i, 0, row.as_slice()));
    for (r, c0, row) in contact_rows.chain(activity_rows) {
        for (c, cell) in row.iter().enumerate() {
            if let Some(note) = note(cell) {
                ws.insert_note(r as u32, (c0 + c) as u16, &note)?;
            }
        }
    }
    widths(ws, COLUMNS.len())?;
    ws.set_freeze_panes(HEADING_ROW as u32, 1)?;
    Ok(())
}

/// What a cell of the template's grid is called in an error: the heading of its column for an
/// activity (and for the heading row), the label of its column in the contact block, else
/// the title.
fn cell_heading(r: usize, c: usize) -> &'static str {
    match r {
        _ if r + 1 >= HEADING_ROW => COLUMNS.get(c).copied().unwrap_or(""),
        3.. => HEADER_COLUMNS.get(c).copied().unwrap_or(""),
        _ => "title",
    }
}

/// The most a note holds: Excel's cell limit less what rust_xlsxwriter keeps for the author.
const NOTE_MAX: usize = EXCEL_MAX - 54;

fn note(cell: &Cell) -> Option<Note> {
    if cell.evidence.is_empty() {
        return None;
    }
    let text: Vec<String> = cell
        .evidence
        .iter()
        .map(|e| format!("{}: “{}”", e.notice, e.quote))
        .collect();
    Some(
        Note::new(fit_note(&text.join("\n\n")))
            .set_author("basis")
            .set_width(400)
            .set_height(200),
    )
}

/// The note's text, or, past [`NOTE_MAX`], its start and a mark that says it is cut and where
/// the rest is.
pub(crate) fn fit_note(text: &str) -> String {
    let units = text.encode_utf16().count();
    if units <= NOTE_MAX {
        return text.to_string();
    }
    let total = text.chars().count();
    // Room for the mark, whose numbers take at most 12 characters.
    let budget = NOTE_MAX - cut_mark(0, 0).encode_utf16().count() - 12;
    let mut used = 0;
    let mut kept = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        used += ch.len_utf16();
        if used > budget {
            break;
        }
        kept += 1;
        end = i + ch.len_utf8();
    }
    format!("{}{}", &text[..end], cut_mark(kept, total))
}

/// The visible end of a cut note.
fn cut_mark(kept: usize, total: usize) -> String {
    format!(
        "\n\n[… cut by basis: Excel notes hold {NOTE_MAX} characters; this one shows {kept} of \
         {total}. --format json or csv gives every quote in full.]"
    )
}

fn widths(ws: &mut Worksheet, n: usize) -> Result<(), XlsxError> {
    for c in 0..n {
        ws.set_column_width(c as u16, 32)?;
    }
    Ok(())
}

/// A sheet name for an organisation id: as [`sheet_name`] names any sheet, but never
/// `Register`, the register's own sheet.
pub(crate) fn org_sheet_name(id: &str, taken: &[String]) -> String {
    if id.is_empty() || id.eq_ignore_ascii_case("register") {
        sheet_name(&format!("org {id}"), taken)
    } else {
        sheet_name(id, taken)
    }
}
