//! Output: the only place that formats results. A [`Table`] of typed cells renders as a
//! terminal table (comfy-table), one field per line (`line`), a wrapped table (`wrap`), JSON
//! (an array of row objects with stable keys), CSV (with a header), Markdown, an HTML page or
//! an Excel workbook.
//!
//! The terminal table never breaks a word to fit: wider than the terminal, its widest text
//! columns are shortened with "…", and only when that is not enough is it printed one field
//! per line (`terminal`). Numbers are right-aligned, and a missing value shows as
//! `MISSING`, unlike empty text. Column names are made unique the same way in every format
//! (`crate::table::unique_names`).

pub(crate) mod document;
pub(crate) mod docx;
pub(crate) mod page;
pub(crate) mod save;
pub(crate) mod stream;
pub(crate) mod terminal;
pub(crate) mod xlsx;

pub(crate) use crate::file::write_file;

use serde_json::Value;
use strum::{Display, EnumString, VariantNames};

pub use crate::table::{Cell, Collect, Count, Drain, Header, RowSink, Table, Wanted, cell_text};

/// An output format. Its names, and their parsing (any case, with the aliases `auto`,
/// `vertical`, `wrapped`, `md` and `ndjson`), are derived (strum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[strum(parse_err_ty = String, parse_err_fn = unknown_format)]
pub enum Format {
    /// A table fitted to the terminal width (`auto` is the table's own behaviour: vertical when
    /// it does not fit).
    #[strum(to_string = "table", serialize = "auto")]
    Table,
    /// JSON: an array of row objects (or an object of named tables).
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown (GitHub) table.
    #[strum(to_string = "markdown", serialize = "md")]
    Markdown,
    /// JSON Lines: one compact object per row, streamed.
    #[strum(to_string = "jsonl", serialize = "ndjson")]
    Jsonl,
    /// One field per line, `name = value`, a blank line between rows (duckdb's `.mode line`).
    #[strum(to_string = "line", serialize = "vertical")]
    Line,
    /// A table fitted to the terminal width whose long cells wrap onto several lines, at
    /// spaces, instead of being shortened.
    #[strum(to_string = "wrap", serialize = "wrapped")]
    Wrap,
}

fn unknown_format(s: &str) -> String {
    crate::diagnostic::unknown_word("format", s, Format::VARIANTS)
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
pub(crate) const MISSING: &str = "∅";

/// How much of a quote the terminal table shows; `--format json` keeps it whole.
const QUOTE_CHARS: usize = 60;

/// `text` cut to `max` characters with an ellipsis.
pub(crate) fn abbreviate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// `n` with a comma between thousands, as the docs write numbers ("10,000"): for the tests
/// that hold a number in prose to the constant it states.
#[cfg(test)]
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(crate) fn markdown(t: &Table) -> String {
    render(std::slice::from_ref(t), Format::Markdown, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn thousands_puts_a_comma_every_three_digits() {
        for (n, shown) in [
            (0, "0"),
            (999, "999"),
            (4096, "4,096"),
            (1_048_576, "1,048,576"),
        ] {
            assert_eq!(thousands(n), shown);
        }
    }

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
            terminal::wrap("one two three four", Some(9)),
            ["one two", "three", "four"]
        );
        // A word longer than the line stays whole.
        assert_eq!(
            terminal::wrap("a abcdefghijk b", Some(4)),
            ["a", "abcdefghijk", "b"]
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
