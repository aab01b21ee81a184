//! Tables as an Excel workbook (the REPL's `.save result.xlsx` and `.once result.xlsx`): one
//! sheet per table named after it, the column names in bold in a frozen first row, numbers
//! and flags as Excel numbers and booleans, lists joined with ", ", a missing value an empty
//! cell. The ROPA's workbook (`report::ropa_xlsx`) shares the cell and sheet-name rules.

use super::Table;
use crate::table::{cell_text, unique_names};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::Value;

/// The longest text an Excel cell or note holds (characters; UTF-8 bytes are counted here,
/// which is never more).
pub(crate) const EXCEL_MAX: usize = 32_767;

/// The rows a sheet holds below its heading row.
pub(crate) const SHEET_ROWS: usize = 1_048_575;

/// The widest a column is set, in characters: longer text wraps in the cell.
const WIDEST: usize = 60;

/// The workbook of `tables`, as the bytes of an `.xlsx` file.
pub(crate) fn workbook(tables: &[Table]) -> Result<Vec<u8>, String> {
    build(tables).map_err(|e| format!("cannot make the workbook: {e}"))
}

fn build(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrapped = Format::new().set_text_wrap();
    let mut names: Vec<String> = Vec::new();
    for t in tables {
        let ws = wb.add_worksheet();
        let name = sheet_name(
            if t.title.is_empty() {
                "result"
            } else {
                &t.title
            },
            &names,
        );
        ws.set_name(&name)?;
        names.push(name);
        let columns = unique_names(&t.columns);
        let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
        for (c, name) in columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, clip(name), &bold)?;
        }
        for (r, row) in t.rows.iter().take(SHEET_ROWS).enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                match v {
                    Value::Null => {}
                    Value::Bool(b) => {
                        ws.write_boolean(r, col, *b)?;
                    }
                    Value::Number(n) => match n.as_f64() {
                        Some(x) => {
                            ws.write_number(r, col, x)?;
                        }
                        None => {
                            ws.write_string(r, col, n.to_string())?;
                        }
                    },
                    other => {
                        let text = cell_text(other);
                        if let Some(w) = widths.get_mut(c) {
                            *w = (*w).max(text.chars().count().min(WIDEST));
                        }
                        ws.write_string_with_format(r, col, clip(&text), &wrapped)?;
                    }
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).max(6) as f64 + 1.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}

/// `text` cut to what a cell holds, at a character boundary.
pub(crate) fn clip(text: &str) -> &str {
    if text.len() <= EXCEL_MAX {
        return text;
    }
    let mut end = EXCEL_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A sheet name: Excel allows 31 characters and none of `[]:*?/\`; a name already taken (in
/// any case) gets a number.
pub(crate) fn sheet_name(base: &str, taken: &[String]) -> String {
    let base: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(28)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}
