//! The ROPA as an Excel workbook laid out like the ICO controller template (sheet `Template`:
//! the contact block in rows 1–6, the 30 headings in row 9, one activity a row below), because
//! that is where information-governance teams keep their record. Each stated cell carries an
//! Excel note with the notice sentences it rests on.

use super::ropa_cell::Cell;
use super::ropa_layout::{COLUMNS, HEADING_ROW, KEY_COLUMNS, Ropa, register};
use crate::output::xlsx::{clip, sheet_name};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

/// The workbook: one `Template` sheet for one organisation; for `keyed` (`--org all`) a
/// `Register` sheet ([`KEY_COLUMNS`] then [`COLUMNS`]) and one template sheet per organisation.
pub(super) fn workbook(records: &[Ropa], keyed: bool) -> Result<Vec<u8>, String> {
    build(records, keyed).map_err(|e| format!("cannot make the workbook: {e}"))
}

fn build(records: &[Ropa], keyed: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    if keyed {
        let ws = wb.add_worksheet();
        ws.set_name("Register")?;
        for (r, row) in register(records).iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let fmt = if r == 0 { &f.heading } else { &f.cell };
                ws.write_string_with_format(r as u32, c as u16, clip(text), fmt)?;
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
        names.push(name);
        template(ws, rec, &f)?;
    }
    wb.save_to_buffer()
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
fn template(ws: &mut Worksheet, rec: &Ropa, f: &Formats) -> Result<(), XlsxError> {
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
            ws.write_string_with_format(r as u32, c as u16, clip(text), fmt)?;
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
        Note::new(clip(&text.join("\n\n")))
            .set_author("basis")
            .set_width(400)
            .set_height(200),
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
fn org_sheet_name(id: &str, taken: &[String]) -> String {
    if id.is_empty() || id.eq_ignore_ascii_case("register") {
        sheet_name(&format!("org {id}"), taken)
    } else {
        sheet_name(id, taken)
    }
}
