//! Output: the only place that formats results. A [`Table`] of typed cells renders as a
//! terminal table (comfy-table), JSON (an array of row objects with stable keys), CSV (with a
//! header) or Markdown.

pub mod document;
pub mod stream;

pub use crate::file::write_atomic;

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
}

impl Format {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &'static [&'static str] = &["table", "json", "csv", "markdown", "jsonl"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            _ => Err(format!(
                "unknown format `{s}`: use table, json, csv, markdown or jsonl"
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
        Format::Markdown | Format::Table => tables
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

/// A terminal table of rows already turned into text, with its row count; `total` above the
/// rows shown says how many were left out and how to get them.
fn terminal_text(
    columns: &[String],
    rows: &[Vec<String>],
    width: Option<u16>,
    total: u64,
) -> String {
    let mut table = Comfy::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.force_no_tty();
    match width {
        Some(w) => {
            table.set_width(w);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(columns.to_vec());
    for r in rows {
        table.add_row(r.clone());
    }
    let n = rows.len() as u64;
    let s = |n: u64| if n == 1 { "" } else { "s" };
    if total > n {
        format!(
            "{table}\n(showing the first {n} of {total} rows; `--format csv` or `--format jsonl` streams them all, `limit N` shows fewer)\n"
        )
    } else {
        format!("{table}\n({n} row{})\n", s(n))
    }
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
