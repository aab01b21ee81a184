//! Output: the only place that formats results. A [`Table`] of typed cells renders as a
//! terminal table (comfy-table), JSON (an array of row objects with stable keys), CSV (with a
//! header) or Markdown.

pub mod document;

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
}

impl Format {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &'static [&'static str] = &["table", "json", "csv", "markdown"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            _ => Err(format!(
                "unknown format `{s}`: use table, json, csv or markdown"
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
        })
    }
}

/// Renders tables in a format. Several tables become sections (or one JSON object).
pub fn render(tables: &[Table], format: Format, width: Option<u16>) -> String {
    match format {
        Format::Json => {
            let value = if tables.len() == 1 {
                tables[0].to_json()
            } else {
                Value::Object(
                    tables
                        .iter()
                        .map(|t| (t.title.clone(), t.to_json()))
                        .collect(),
                )
            };
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv => tables.iter().map(csv).collect::<Vec<_>>().join("\n"),
        Format::Markdown => tables
            .iter()
            .map(|t| {
                let head = if tables.len() > 1 {
                    format!("## {}\n\n", t.title)
                } else {
                    String::new()
                };
                head + &markdown(t)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Table => tables
            .iter()
            .map(|t| {
                let head = if tables.len() > 1 {
                    format!("{}\n", t.title)
                } else {
                    String::new()
                };
                head + &terminal(t, width)
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn terminal(t: &Table, width: Option<u16>) -> String {
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
    table.set_header(t.columns.clone());
    let quote_col = if t.evidence {
        t.columns.iter().position(|c| c == "quote")
    } else {
        None
    };
    for r in &t.rows {
        let cells = r.iter().enumerate().map(|(i, v)| {
            let text = cell_text(v);
            if Some(i) == quote_col {
                abbreviate(&text, QUOTE_CHARS)
            } else {
                text
            }
        });
        table.add_row(cells.collect::<Vec<_>>());
    }
    let n = t.rows.len();
    format!("{table}\n({n} row{})\n", if n == 1 { "" } else { "s" })
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
    let esc = |s: String| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("| {} |\n", t.columns.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(t.columns.len())));
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(|v| esc(cell_text(v))).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn csv(t: &Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; a failure would only drop output, never panic.
    let _ = w.write_record(&t.columns);
    for r in &t.rows {
        let _ = w.write_record(r.iter().map(cell_text));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
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
