//! Results written to a file in the format its extension names (the REPL's `.save`, `.once`
//! and `.output`): `.csv`, `.json`, `.jsonl`, `.md`, `.txt` (one field per line, so no
//! quote is cut), `.html` (a page) and `.xlsx` (a workbook). Text formats stream; a page or
//! a workbook is made whole when the result ends.

use super::document::{Document, Section};
use super::{Format, Table, stream, xlsx};
use crate::table::{Cell, Collect, Header, RowSink, Wanted};
use std::io::{self, Write};
use std::path::Path;

/// How a result is written to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SaveAs {
    /// A text format, as `--format` writes it (a table at its natural width).
    Text(Format),
    /// One self-contained HTML page.
    Html,
    /// An Excel workbook.
    Xlsx,
}

impl SaveAs {
    /// The format a file's extension names, in any case; `None` for another extension.
    pub(crate) fn from_extension(path: &Path) -> Option<SaveAs> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        Some(match ext.as_str() {
            "csv" => SaveAs::Text(Format::Csv),
            "json" => SaveAs::Text(Format::Json),
            "jsonl" | "ndjson" => SaveAs::Text(Format::Jsonl),
            "md" | "markdown" => SaveAs::Text(Format::Markdown),
            "txt" | "text" => SaveAs::Text(Format::Line),
            "html" | "htm" => SaveAs::Html,
            "xlsx" => SaveAs::Xlsx,
            _ => return None,
        })
    }

    /// Its name, as the shell reports it (`saved 3 rows as csv …`).
    pub(crate) fn name(&self) -> String {
        match self {
            SaveAs::Text(f) => f.to_string(),
            SaveAs::Html => "html".to_string(),
            SaveAs::Xlsx => "xlsx".to_string(),
        }
    }
}

/// A sink writing a result to `out` as `how`; `query` is the page's introduction.
pub(crate) fn file_sink<'w>(
    how: &SaveAs,
    query: Option<&str>,
    out: &'w mut dyn Write,
) -> Box<dyn for<'a> RowSink<'a> + 'w> {
    match how {
        SaveAs::Text(format) => stream::sink(*format, None, out),
        SaveAs::Html | SaveAs::Xlsx => Box::new(Whole {
            kept: Collect::capped(xlsx::SHEET_ROWS),
            html: *how == SaveAs::Html,
            query: query.map(str::to_string),
            out,
        }),
    }
}

/// The bytes of `tables` written as `how` (`.save` of a kept result).
pub(crate) fn save_bytes(
    tables: &[Table],
    how: &SaveAs,
    query: Option<&str>,
) -> Result<Vec<u8>, String> {
    match how {
        SaveAs::Html => Ok(page(tables, query, None).into_bytes()),
        SaveAs::Xlsx => xlsx::workbook(tables),
        SaveAs::Text(format) => Ok(super::render(tables, *format, None).into_bytes()),
    }
}

/// The result as a page: the query, then a section per table; `cut` says how many rows the
/// whole result had when it holds fewer.
fn page(tables: &[Table], query: Option<&str>, cut: Option<(usize, u64)>) -> String {
    let mut intro: Vec<String> = query.map(|q| format!("Query: {q}")).into_iter().collect();
    if let Some((kept, total)) = cut {
        intro.push(format!("The first {kept} of {total} rows."));
    }
    Document {
        title: "basis result".to_string(),
        intro,
        sections: tables
            .iter()
            .map(|t| Section {
                heading: t.title.clone(),
                table: t.clone(),
            })
            .collect(),
    }
    .html()
}

/// A page or workbook: rows kept (up to a sheet's rows) and written whole at the end.
struct Whole<'w> {
    kept: Collect,
    html: bool,
    query: Option<String>,
    out: &'w mut dyn Write,
}

impl<'a> RowSink<'a> for Whole<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        RowSink::<'a>::begin(&mut self.kept, header)
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        self.kept.rows(cells)
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        RowSink::<'a>::end(&mut self.kept, total)?;
        let tables = [std::mem::take(&mut self.kept.table)];
        let kept = tables[0].rows.len();
        let cut = (total > kept as u64).then_some((kept, total));
        let bytes = if self.html {
            page(&tables, self.query.as_deref(), cut).into_bytes()
        } else {
            xlsx::workbook(&tables).map_err(io::Error::other)?
        };
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}
