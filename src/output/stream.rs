//! Sinks that write rows as they come: CSV, JSON (a streamed array), JSON Lines and Markdown
//! print each batch as it arrives and flush it, so `basis query … | head -3` sees its rows at
//! once and a closed pipe stops the query. The terminal table needs its rows for its column
//! widths: it keeps at most [`TABLE_ROWS`] rows (or the cap its [`View`] gives), prints them
//! as soon as it has them, then only counts, and says how many more there are and how to get
//! them.

use super::terminal::{Layout, TextRows, body};
use super::{Format, MISSING, QUOTE_CHARS, abbreviate};
use crate::table::{Cell, Header, RowSink, Wanted, unique_names};
use serde_json::{Map, Value};
use std::io::{self, Write};

/// The most rows a terminal table shows.
pub(crate) const TABLE_ROWS: usize = 10_000;

/// How a terminal view (table, line, wrap) is shown.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// The terminal's width (`None`: not a terminal; a table keeps its natural width).
    pub width: Option<u16>,
    /// The most rows shown; the rest are only counted.
    pub cap: usize,
    /// What the line under a cut result says gets the rest.
    pub more: String,
}

impl View {
    /// The view of `basis query`: [`TABLE_ROWS`] rows at most.
    pub(crate) fn query(width: Option<u16>) -> View {
        View {
            width,
            cap: TABLE_ROWS,
            more: "`--format csv` or `--format jsonl` streams them all, `limit N` shows fewer"
                .to_string(),
        }
    }
}

/// A sink writing `format` to `out` (`width`: the terminal's, for the terminal views).
pub(crate) fn sink<'w>(
    format: Format,
    width: Option<u16>,
    out: &'w mut dyn Write,
) -> Box<dyn for<'a> RowSink<'a> + 'w> {
    sink_in(format, View::query(width), out)
}

/// A sink writing `format` to `out`, a terminal view shown as `view` says.
pub(crate) fn sink_in<'w>(
    format: Format,
    view: View,
    out: &'w mut dyn Write,
) -> Box<dyn for<'a> RowSink<'a> + 'w> {
    match format {
        Format::Csv => Box::new(Csv {
            out: csv::Writer::from_writer(out),
            width: 0,
        }),
        Format::Json => Box::new(Json {
            out,
            columns: Vec::new(),
            rows: 0,
            lines: false,
        }),
        Format::Jsonl => Box::new(Json {
            out,
            columns: Vec::new(),
            rows: 0,
            lines: true,
        }),
        Format::Markdown => Box::new(Markdown { out, width: 0 }),
        Format::Table | Format::Line | Format::Wrap => Box::new(Terminal {
            out,
            header: Header::default(),
            rows: Vec::new(),
            numeric: Vec::new(),
            layout: match format {
                Format::Line => Layout::Vertical,
                Format::Wrap => Layout::Wrap,
                _ => Layout::Fit,
            },
            view,
            printed: false,
        }),
    }
}

struct Csv<W: Write> {
    out: csv::Writer<W>,
    width: usize,
}

impl<'a, W: Write> RowSink<'a> for Csv<W> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.width = header.columns.len().max(1);
        self.out
            .write_record(unique_names(&header.columns))
            .map_err(io_error)
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        for row in cells.chunks(self.width) {
            self.out
                .write_record(row.iter().map(|c| c.text().into_owned()))
                .map_err(io_error)?;
        }
        self.out.flush()?;
        Ok(Wanted::Rows)
    }

    fn end(&mut self, _total: u64) -> io::Result<()> {
        self.out.flush()
    }
}

/// The I/O error inside a CSV error, so that a closed pipe stays a closed pipe.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// JSON: an array of row objects keyed by column, pretty-printed one object at a time; or
/// JSON Lines, one compact object per line.
struct Json<'w> {
    out: &'w mut dyn Write,
    columns: Vec<String>,
    rows: u64,
    lines: bool,
}

impl<'a> RowSink<'a> for Json<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        // Two result columns may share a name (`… show category by category`): both stay.
        self.columns = unique_names(&header.columns);
        Ok(())
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        let width = self.columns.len().max(1);
        for row in cells.chunks(width) {
            let obj: Map<String, Value> = self
                .columns
                .iter()
                .cloned()
                .zip(row.iter().map(Cell::to_json))
                .collect();
            let obj = Value::Object(obj);
            if self.lines {
                serde_json::to_writer(&mut *self.out, &obj)?;
                self.out.write_all(b"\n")?;
            } else {
                let text = serde_json::to_string_pretty(&obj)?;
                self.out
                    .write_all(if self.rows == 0 { b"[\n  " } else { b",\n  " })?;
                self.out.write_all(text.replace('\n', "\n  ").as_bytes())?;
            }
            self.rows += 1;
        }
        self.out.flush()?;
        Ok(Wanted::Rows)
    }

    fn end(&mut self, _total: u64) -> io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

struct Markdown<'w> {
    out: &'w mut dyn Write,
    width: usize,
}

/// A Markdown cell: pipes escaped, line breaks as spaces.
pub(super) fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl<'a> RowSink<'a> for Markdown<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.width = header.columns.len().max(1);
        writeln!(
            self.out,
            "| {} |",
            unique_names(&header.columns).join(" | ")
        )?;
        writeln!(self.out, "|{}", "---|".repeat(header.columns.len()))
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        for row in cells.chunks(self.width) {
            let texts: Vec<String> = row.iter().map(|c| markdown_cell(&c.text())).collect();
            writeln!(self.out, "| {} |", texts.join(" | "))?;
        }
        self.out.flush()?;
        Ok(Wanted::Rows)
    }

    fn end(&mut self, _total: u64) -> io::Result<()> {
        self.out.flush()
    }
}

/// The terminal views (table, line, wrap): rows kept as text up to the view's cap (quotes
/// cut in the table, whole one field per line), and which columns hold only numbers. The rows
/// are printed as soon as the cap is reached, before the rest are counted, so a long result
/// shows at once; the line saying how many there were follows when the count is known.
struct Terminal<'w> {
    out: &'w mut dyn Write,
    header: Header,
    rows: Vec<Vec<String>>,
    numeric: Vec<bool>,
    layout: Layout,
    view: View,
    /// The rows are printed; only the count remains.
    printed: bool,
}

impl Terminal<'_> {
    /// Prints the rows kept so far, once.
    fn print_rows(&mut self) -> io::Result<()> {
        if self.printed {
            return Ok(());
        }
        self.printed = true;
        // A column with no numbers at all (every value missing) is not a number column.
        let seen_number = |i: usize| {
            self.rows
                .iter()
                .any(|r| r.get(i).is_some_and(|t| t != MISSING))
        };
        let numeric: Vec<bool> = (self.numeric.iter().enumerate())
            .map(|(i, n)| *n && seen_number(i))
            .collect();
        let rows = TextRows {
            columns: &self.header.columns,
            rows: &self.rows,
            numeric: &numeric,
        };
        let mut text = body(&rows, self.view.width, self.layout);
        text.push('\n');
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

impl<'a> RowSink<'a> for Terminal<'_> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.header = header.clone();
        self.header.columns = unique_names(&header.columns);
        self.numeric = vec![true; header.columns.len()];
        Ok(())
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        let width = self.header.columns.len().max(1);
        // The fitted table cuts long quotes; one field per line and wrapped cells keep them.
        let quote = if self.header.evidence && self.layout == Layout::Fit {
            self.header.columns.iter().position(|c| c == "quote")
        } else {
            None
        };
        for row in cells.chunks(width) {
            if self.rows.len() >= self.view.cap {
                break;
            }
            for (i, c) in row.iter().enumerate() {
                if !matches!(c, Cell::Int(_) | Cell::Null)
                    && let Some(n) = self.numeric.get_mut(i)
                {
                    *n = false;
                }
            }
            self.rows.push(
                row.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if matches!(c, Cell::Null) {
                            return MISSING.to_string();
                        }
                        let text = c.text();
                        if Some(i) == quote {
                            abbreviate(&text, QUOTE_CHARS)
                        } else {
                            text.into_owned()
                        }
                    })
                    .collect(),
            );
        }
        if self.rows.len() >= self.view.cap {
            self.print_rows()?;
            return Ok(Wanted::Count);
        }
        Ok(Wanted::Rows)
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.print_rows()?;
        let n = self.rows.len() as u64;
        let line = if total > n {
            format!(
                "(showing the first {n} of {total} rows; {})\n",
                self.view.more
            )
        } else {
            format!("({n} row{})\n", if n == 1 { "" } else { "s" })
        };
        self.out.write_all(line.as_bytes())?;
        self.out.flush()
    }
}
