//! Results as they leave the engine: a [`Header`], then rows of [`Cell`]s handed to a
//! [`RowSink`] in batches as they are produced, and the [`Table`] a sink can collect them into.
//!
//! A leaf module: every stage may use it, it uses none. Cells borrow their text from the model
//! (ids, names, quotes) until a sink formats or copies them, so a streamed row costs no copy of
//! a quote; the engine never waits for a whole result before the first row can be printed.

use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io;

/// One cell of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value (a field the row does not have).
    Null,
    /// A flag.
    Bool(bool),
    /// A count or a number of flows.
    Int(u64),
    /// Text: an id, a name, a citation, a quote (borrowed from the model where it can be).
    Str(Cow<'a, str>),
    /// Several values of one field.
    List(Vec<Cell<'a>>),
    /// Named values (an item of a row's `evidence`: what it supports, notice, quote).
    Record(Vec<(Cow<'a, str>, Cell<'a>)>),
}

impl<'a> Cell<'a> {
    /// Borrowed text.
    pub(crate) fn str(s: &'a str) -> Self {
        Cell::Str(Cow::Borrowed(s))
    }

    /// Whether the cell holds no memory of its own (nothing to free when it goes).
    #[inline]
    pub(crate) fn owns_nothing(&self) -> bool {
        matches!(
            self,
            Cell::Null | Cell::Bool(_) | Cell::Int(_) | Cell::Str(Cow::Borrowed(_))
        )
    }

    /// The cell as JSON: strings, numbers, booleans, arrays, null.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Int(n) => Value::from(*n),
            Cell::Str(s) => Value::String(s.to_string()),
            Cell::List(xs) => Value::Array(xs.iter().map(Cell::to_json).collect()),
            Cell::Record(kv) => Value::Object(
                kv.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The cell of a JSON value (for tables built by reports).
    pub(crate) fn from_json(v: &'a Value) -> Self {
        match v {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Number(n) => match n.as_u64() {
                Some(u) => Cell::Int(u),
                None => Cell::Str(Cow::Owned(n.to_string())),
            },
            Value::String(s) => Cell::str(s),
            Value::Array(xs) => Cell::List(xs.iter().map(Cell::from_json).collect()),
            Value::Object(kv) => Cell::Record(
                kv.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cell::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The cell of a JSON value, owning its text.
    pub(crate) fn owned(v: &Value) -> Cell<'static> {
        match v {
            Value::String(s) => Cell::Str(Cow::Owned(s.clone())),
            Value::Array(xs) => Cell::List(xs.iter().map(Cell::owned).collect()),
            Value::Object(kv) => Cell::Record(
                kv.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Cell::owned(v)))
                    .collect(),
            ),
            other => match Cell::from_json(other) {
                Cell::Null => Cell::Null,
                Cell::Bool(b) => Cell::Bool(b),
                Cell::Int(n) => Cell::Int(n),
                c => Cell::Str(Cow::Owned(c.text().into_owned())),
            },
        }
    }

    /// The text of a cell: strings bare, lists joined with ", ", null empty.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Str(s) => Cow::Borrowed(s),
            Cell::List(xs) => Cow::Owned(
                xs.iter()
                    .map(|x| x.text().into_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            // `notice: “quote”` for evidence; other records `key: value` joined by "; ".
            Cell::Record(kv) => Cow::Owned(
                kv.iter()
                    .map(|(k, v)| format!("{k}: {}", v.text()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }
}

/// The text of a JSON cell: strings bare, arrays joined with ", ", null empty.
pub fn cell_text(v: &Value) -> String {
    Cell::from_json(v).text().into_owned()
}

/// What a result is: its title and columns, and whether the last columns are evidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// A name for the result (the key when several tables are printed as one JSON object).
    pub title: String,
    /// Column names, the stable keys of JSON output.
    pub columns: Vec<String>,
    /// The last columns are evidence (`provenance`, `notice`, `quote`): the terminal view cuts
    /// long quotes, the other formats keep them whole.
    pub evidence: bool,
}

impl Header {
    /// A header with these columns.
    pub fn new(title: &str, columns: &[&str]) -> Self {
        Header {
            title: title.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            evidence: false,
        }
    }
}

/// Column names made unique, the same way for every format: a name already taken gets `_2`,
/// `_3`, … (`flows … show category by category` has the columns `category`, `count`,
/// `category_2`), skipping any suffix another column already has.
pub(crate) fn unique_names(columns: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(columns.len());
    for c in columns {
        let mut name = c.clone();
        let mut n = 2;
        while out.contains(&name) || (name != *c && columns.contains(&name)) {
            name = format!("{c}_{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// What a sink wants after a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// More rows, with their cells.
    Rows,
    /// Only how many more rows there are (a terminal table that has shown all it will).
    Count,
}

/// Where result rows go as they are produced: a formatter writing to a pipe, a collector, a
/// counter. An error (a closed pipe) stops the query.
pub trait RowSink<'a> {
    /// Called once, before any row.
    fn begin(&mut self, header: &Header) -> io::Result<()>;
    /// A batch of rows, `header.columns.len()` cells each, one row after another.
    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted>;
    /// Called once, after the last row: `total` rows in all (including those only counted).
    fn end(&mut self, total: u64) -> io::Result<()>;
}

/// A sink borrowed: the sink it points at.
impl<'a, S: RowSink<'a> + ?Sized> RowSink<'a> for &mut S {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        (**self).begin(header)
    }
    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        (**self).rows(cells)
    }
    fn end(&mut self, total: u64) -> io::Result<()> {
        (**self).end(total)
    }
}

/// A titled table of JSON-typed cells, for results that are kept whole (reports, checks,
/// tests).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// A name for the table (the key when several tables are printed as one JSON object).
    pub title: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Value>>,
    /// The last columns are evidence (`provenance`, `notice`, `quote`).
    pub evidence: bool,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(title: &str, columns: &[&str]) -> Self {
        Table {
            title: title.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            evidence: false,
        }
    }

    /// The table's header.
    pub(crate) fn header(&self) -> Header {
        Header {
            title: self.title.clone(),
            columns: self.columns.clone(),
            evidence: self.evidence,
        }
    }

    /// Rows as JSON objects keyed by column (names made unique by [`unique_names`]).
    pub(crate) fn to_json(&self) -> Value {
        let columns = unique_names(&self.columns);
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    let obj: Map<String, Value> =
                        columns.iter().cloned().zip(r.iter().cloned()).collect();
                    Value::Object(obj)
                })
                .collect(),
        )
    }

    /// Feeds the table to a sink, as the engine would have: the rows sent.
    pub(crate) fn send<'a>(&self, sink: &mut dyn RowSink<'a>) -> io::Result<u64> {
        sink.begin(&self.header())?;
        let mut total = 0u64;
        let mut counting = false;
        for r in &self.rows {
            total += 1;
            if counting {
                continue;
            }
            let cells: Vec<Cell<'static>> = r.iter().map(Cell::owned).collect();
            counting = sink.rows(&cells)? == Wanted::Count;
        }
        sink.end(total)?;
        Ok(total)
    }
}

/// A sink that keeps the rows as a [`Table`]: every row, or the first `cap` and a count of
/// the rest (once it holds `cap` rows it asks only for the count, so no more cells are made).
#[derive(Debug, Default)]
pub struct Collect {
    /// The table collected so far.
    pub table: Table,
    /// The most rows kept (`None`: all).
    pub cap: Option<usize>,
    /// Rows in the whole result, kept or not.
    pub total: u64,
}

impl Collect {
    /// A collector that keeps at most `cap` rows.
    pub(crate) fn capped(cap: usize) -> Self {
        Collect {
            cap: Some(cap),
            ..Collect::default()
        }
    }
}

impl<'a> RowSink<'a> for Collect {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.table = Table {
            title: header.title.clone(),
            columns: header.columns.clone(),
            rows: Vec::new(),
            evidence: header.evidence,
        };
        Ok(())
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        let width = self.table.columns.len().max(1);
        let full = |t: &Table| self.cap.is_some_and(|cap| t.rows.len() >= cap);
        for row in cells.chunks(width) {
            if full(&self.table) {
                break;
            }
            self.table
                .rows
                .push(row.iter().map(Cell::to_json).collect());
        }
        Ok(if full(&self.table) {
            Wanted::Count
        } else {
            Wanted::Rows
        })
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.total = total;
        Ok(())
    }
}

/// Two sinks fed by one query: each gets rows while it wants them, and the query goes on
/// making cells while either does (the REPL prints a result and keeps its first rows for
/// `.source` and `.save`).
pub(crate) struct Tee<'s, 'a> {
    /// The first sink (an error here stops the query).
    pub first: &'s mut dyn RowSink<'a>,
    /// The second sink.
    pub second: &'s mut dyn RowSink<'a>,
    wants: [bool; 2],
}

impl<'s, 'a> Tee<'s, 'a> {
    /// Both sinks, each wanting rows until it says otherwise.
    pub(crate) fn new(first: &'s mut dyn RowSink<'a>, second: &'s mut dyn RowSink<'a>) -> Self {
        Tee {
            first,
            second,
            wants: [true; 2],
        }
    }
}

impl<'a> RowSink<'a> for Tee<'_, 'a> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.first.begin(header)?;
        self.second.begin(header)
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        if self.wants[0] {
            self.wants[0] = self.first.rows(cells)? == Wanted::Rows;
        }
        if self.wants[1] {
            self.wants[1] = self.second.rows(cells)? == Wanted::Rows;
        }
        Ok(if self.wants.contains(&true) {
            Wanted::Rows
        } else {
            Wanted::Count
        })
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.first.end(total)?;
        self.second.end(total)
    }
}

/// A sink that only counts rows (benchmarks, `explain`).
#[derive(Debug, Default)]
pub struct Count {
    /// Rows seen.
    pub rows: u64,
}

impl<'a> RowSink<'a> for Count {
    fn begin(&mut self, _header: &Header) -> io::Result<()> {
        Ok(())
    }

    fn rows(&mut self, _cells: &[Cell<'a>]) -> io::Result<Wanted> {
        Ok(Wanted::Count)
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.rows = total;
        Ok(())
    }
}

/// A sink that takes every row with its cells and keeps none (benchmarks: the engine's whole
/// work, without formatting).
#[derive(Debug, Default)]
pub struct Drain {
    /// Rows seen.
    pub rows: u64,
}

impl<'a> RowSink<'a> for Drain {
    fn begin(&mut self, _header: &Header) -> io::Result<()> {
        Ok(())
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        std::hint::black_box(cells);
        Ok(Wanted::Rows)
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.rows = total;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header::new("t", &["a"])
    }

    #[test]
    fn a_capped_collector_keeps_its_cap_asks_for_the_count_and_knows_the_total() {
        let mut kept = Collect::capped(2);
        let mut all = Collect::default();
        let cells: Vec<Cell<'static>> = (0..3).map(Cell::Int).collect();
        let mut tee = Tee::new(&mut kept, &mut all);
        assert!(tee.begin(&header()).is_ok());
        // The uncapped one still wants rows.
        assert_eq!(tee.rows(&cells).ok(), Some(Wanted::Rows));
        assert!(tee.end(3).is_ok());
        assert_eq!((kept.table.rows.len(), kept.total), (2, 3));
        assert_eq!(all.table.rows.len(), 3);
        let mut kept = Collect::capped(2);
        assert!(RowSink::begin(&mut kept, &header()).is_ok());
        assert_eq!(kept.rows(&cells).ok(), Some(Wanted::Count));
    }

    #[test]
    fn names_are_made_unique_the_same_way_everywhere() {
        let names = |c: &[&str]| unique_names(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            names(&["category", "count", "category"]),
            ["category", "count", "category_2"]
        );
        assert_eq!(names(&["a", "a", "a_2"]), ["a", "a_3", "a_2"]);
        assert_eq!(names(&["a", "b"]), ["a", "b"]);
    }
}
