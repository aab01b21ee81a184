//! Output: the only place that formats results. A [`Table`] of typed cells renders as a
//! terminal table (comfy-table), one field per line (`line`), JSON (an array of row objects
//! with stable keys), CSV (with a header) or Markdown.
//!
//! The terminal table never breaks a word to fit: when its natural width is wider than the
//! terminal it is printed one field per line instead (psql's `\x auto`). Numbers are
//! right-aligned, and a missing value shows as [`MISSING`], unlike empty text.

pub mod document;
pub mod page;
pub mod stream;

pub use crate::file::write_file;

use comfy_table::{ContentArrangement, Table as Comfy, presets};
use serde_json::Value;

pub use crate::table::{Table, cell_text};
use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table fitted to the terminal width.
    Table,
    /// JSON: an array of row objects (or an object of named tables).
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown (GitHub) table.
    Markdown,
    /// JSON Lines: one compact object per row, streamed.
    Jsonl,
    /// One field per line, `name = value`, a blank line between rows (duckdb's `.mode line`).
    Line,
    /// A table fitted to the terminal width whose long cells wrap onto several lines, at
    /// spaces, instead of being shortened.
    Wrap,
}

impl Format {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &'static [&'static str] =
        &["table", "json", "csv", "markdown", "jsonl", "line", "wrap"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            // `auto` is the table's own behaviour: vertical when it does not fit.
            "table" | "auto" => Ok(Format::Table),
            "line" | "vertical" => Ok(Format::Line),
            "wrap" | "wrapped" => Ok(Format::Wrap),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(format!(
                "unknown format `{s}`: use table, line, wrap, json, csv, markdown or jsonl"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Jsonl => "jsonl",
            Format::Line => "line",
            Format::Wrap => "wrap",
        })
    }
}

/// Renders tables in a format: one table as its sink writes it; several as sections (one
/// JSON object keyed by title).
pub fn render(tables: &[Table], format: Format, width: Option<u16>) -> String {
    if let [one] = tables {
        let mut out: Vec<u8> = Vec::new();
        // Writing to a Vec cannot fail; a failure would only drop output, never panic.
        let _ = one.send(stream::sink(format, width, &mut out).as_mut());
        return String::from_utf8_lossy(&out).into_owned();
    }
    match format {
        Format::Json => {
            let value = Value::Object(
                tables
                    .iter()
                    .map(|t| (t.title.clone(), t.to_json()))
                    .collect(),
            );
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv | Format::Jsonl => tables
            .iter()
            .map(|t| render(std::slice::from_ref(t), format, width))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown | Format::Table | Format::Line | Format::Wrap => tables
            .iter()
            .map(|t| {
                let head = match format {
                    Format::Markdown => format!("## {}\n\n", t.title),
                    _ => format!("{}\n", t.title),
                };
                head + &render(std::slice::from_ref(t), format, width)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// How a missing value (not stated, no such field) shows in the terminal views, so that it
/// is not mistaken for empty text.
pub const MISSING: &str = "∅";

/// The rows of a terminal view as text, and which columns hold only numbers.
pub(crate) struct TextRows<'a> {
    /// Column names.
    pub columns: &'a [String],
    /// The cells' text.
    pub rows: &'a [Vec<String>],
    /// Per column: every value is a number (or missing), so it is right-aligned.
    pub numeric: &'a [bool],
}

/// A terminal view of rows already turned into text, with its row count; `total` above the
/// rows shown says how many were left out and how to get them. `vertical` prints one field
/// per line; otherwise a table, or one field per line when the table is wider than `width`.
fn terminal_text(t: &TextRows<'_>, width: Option<u16>, total: u64, vertical: bool) -> String {
    let body = if vertical {
        line_text(t, width)
    } else {
        let table = table_text(t);
        let widest = table.lines().map(display_width).max().unwrap_or(0);
        match width {
            Some(w) if widest > usize::from(w) => line_text(t, width),
            _ => table,
        }
    };
    let n = t.rows.len() as u64;
    let s = |n: u64| if n == 1 { "" } else { "s" };
    if total > n {
        format!(
            "{body}\n(showing the first {n} of {total} rows; `--format csv` or `--format jsonl` streams them all, `limit N` shows fewer)\n"
        )
    } else {
        format!("{body}\n({n} row{})\n", s(n))
    }
}

/// The width of a line in terminal columns (comfy-table measures the same way).
fn display_width(line: &str) -> usize {
    line.chars().count()
}

/// A table at its natural width: columns as wide as their widest cell.
fn table_text(t: &TextRows<'_>) -> String {
    let mut table = Comfy::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.force_no_tty();
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(t.columns.to_vec());
    for r in t.rows {
        table.add_row(r.clone());
    }
    for (i, numeric) in t.numeric.iter().enumerate() {
        if *numeric && let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table.to_string()
}

/// One field per line, names right-aligned, values wrapped at spaces to `width` (a word
/// longer than the line is left whole); a blank line between rows.
fn line_text(t: &TextRows<'_>, width: Option<u16>) -> String {
    let label = t
        .columns
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let avail = width.map(|w| usize::from(w).saturating_sub(label + 3).max(20));
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (name, value) in t.columns.iter().zip(row) {
            let lines = wrap(value, avail);
            for (j, l) in lines.iter().enumerate() {
                if j == 0 {
                    out.push_str(&format!("{name:>label$} = {l}\n"));
                } else {
                    out.push_str(&format!("{:label$}   {l}\n", ""));
                }
            }
        }
    }
    // The caller adds its own line break before the row count.
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

/// `text` in lines of at most `width` characters, broken at white space only.
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let Some(w) = width else {
            lines.push(para.to_string());
            continue;
        };
        let mut line = String::new();
        for word in para.split_whitespace() {
            let n = line.chars().count();
            if n > 0 && n + 1 + word.chars().count() > w {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// How much of a quote the terminal table shows; `--format json` keeps it whole.
const QUOTE_CHARS: usize = 60;

/// `text` cut to `max` characters with an ellipsis.
pub fn abbreviate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

pub(crate) fn markdown(t: &Table) -> String {
    render(std::slice::from_ref(t), Format::Markdown, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Table {
        let mut t = Table::new("t", &["name", "n"]);
        t.rows.push(vec![json!("a, \"b\""), json!(2)]);
        t
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        assert_eq!(
            render(&[sample()], Format::Csv, None),
            "name,n\n\"a, \"\"b\"\"\",2\n"
        );
    }

    #[test]
    fn json_rows_are_objects_with_column_keys() {
        assert_eq!(
            render(&[sample()], Format::Json, None),
            "[\n  {\n    \"name\": \"a, \\\"b\\\"\",\n    \"n\": 2\n  }\n]\n"
        );
    }

    fn police() -> Table {
        let mut t = Table::new("t", &["recipient", "party.type", "n", "note"]);
        t.rows.push(vec![
            json!("cheshire-constabulary"),
            json!("police"),
            json!(12),
            json!(null),
        ]);
        t.rows
            .push(vec![json!("x"), json!(""), json!(3), json!("a b")]);
        t
    }

    #[test]
    fn numbers_align_right_and_missing_differs_from_empty() {
        let text = render(&[police()], Format::Table, Some(200));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[3],
            format!("│ cheshire-constabulary ┆ police     ┆ 12 ┆ {MISSING}    │"),
            "{text}"
        );
        assert_eq!(
            lines[4],
            "│ x                     ┆            ┆  3 ┆ a b  │"
        );
    }

    #[test]
    fn a_table_wider_than_the_terminal_prints_one_field_per_line() {
        let text = render(&[police()], Format::Table, Some(30));
        assert_eq!(
            text,
            format!(
                " recipient = cheshire-constabulary\nparty.type = police\n         n = 12\n      note = {MISSING}\n\n recipient = x\nparty.type = \n         n = 3\n      note = a b\n(2 rows)\n"
            )
        );
        assert_eq!(render(&[police()], Format::Line, None), text);
        assert_eq!(
            wrap("one two three four", Some(9)),
            ["one two", "three", "four"]
        );
        // A word longer than the line stays whole.
        assert_eq!(wrap("a abcdefghijk b", Some(4)), ["a", "abcdefghijk", "b"]);
    }

    #[test]
    fn markdown_escapes_pipes() {
        let mut t = Table::new("t", &["x"]);
        t.rows.push(vec![json!("a|b")]);
        assert_eq!(
            render(&[t], Format::Markdown, None),
            "| x |\n|---|\n| a\\|b |\n"
        );
    }
}
