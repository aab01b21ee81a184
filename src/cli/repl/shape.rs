//! What the shell shows of a result as it streams: the `#` column that `.source N` refers to,
//! the evidence columns unless `.evidence off`, never the `evidence` column the session asks
//! for on `.source`'s behalf, and at most `.maxrows` rows; and a writer that stops at Ctrl-C
//! within one small chunk of printing.

use crate::table::{Cell, Header, RowSink, Wanted};
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A sink showing a shaped result through the sink inside it.
pub(super) struct Shaped<'w, 'm> {
    inner: Box<dyn RowSink<'m> + 'w>,
    /// Number the rows (a terminal view with evidence shown).
    number: bool,
    /// Show the provenance, notice and quote columns.
    evidence: bool,
    /// The most rows shown.
    maxrows: Option<usize>,
    /// The columns shown, by their index in the result.
    keep: Vec<usize>,
    numbered: bool,
    width: usize,
    shown: usize,
    batch: Vec<Cell<'m>>,
}

impl<'w, 'm> Shaped<'w, 'm> {
    /// Shows through `inner`; `number`: add `#` when the result has evidence.
    pub(super) fn new(
        inner: Box<dyn RowSink<'m> + 'w>,
        number: bool,
        evidence: bool,
        maxrows: Option<usize>,
    ) -> Self {
        Shaped {
            inner,
            number,
            evidence,
            maxrows,
            keep: Vec::new(),
            numbered: false,
            width: 1,
            shown: 0,
            batch: Vec::new(),
        }
    }

    fn full(&self) -> bool {
        self.maxrows.is_some_and(|m| self.shown >= m)
    }
}

impl<'m> RowSink<'m> for Shaped<'_, 'm> {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.width = header.columns.len().max(1);
        let hidden = |c: &str| {
            c == "evidence"
                || (header.evidence
                    && !self.evidence
                    && matches!(c, "provenance" | "notice" | "quote"))
        };
        self.keep = (header.columns.iter().enumerate())
            .filter(|(_, c)| !hidden(c))
            .map(|(i, _)| i)
            .collect();
        self.numbered = self.number && self.evidence && header.evidence;
        let mut columns: Vec<String> = Vec::with_capacity(self.keep.len() + 1);
        if self.numbered {
            columns.push("#".to_string());
        }
        columns.extend(self.keep.iter().map(|&i| header.columns[i].clone()));
        self.inner.begin(&Header {
            title: header.title.clone(),
            columns,
            evidence: header.evidence && self.evidence,
        })
    }

    fn rows(&mut self, cells: &[Cell<'m>]) -> io::Result<Wanted> {
        self.batch.clear();
        for row in cells.chunks(self.width) {
            if self.full() {
                break;
            }
            self.shown += 1;
            if self.numbered {
                self.batch.push(Cell::Int(self.shown as u64));
            }
            self.batch.extend(
                self.keep
                    .iter()
                    .map(|&i| row.get(i).cloned().unwrap_or(Cell::Null)),
            );
        }
        let wanted = if self.batch.is_empty() {
            Wanted::Rows
        } else {
            self.inner.rows(&self.batch)?
        };
        Ok(if self.full() { Wanted::Count } else { wanted })
    }

    fn end(&mut self, total: u64) -> io::Result<()> {
        self.inner.end(total)
    }
}

/// The most bytes passed on at once, so that Ctrl-C stops printing within one chunk.
const CHUNK: usize = 4096;

/// A writer that checks the shell's Ctrl-C flag before every chunk it passes on.
pub(super) struct Cancellable<'w> {
    /// Where the text goes.
    pub(super) inner: &'w mut dyn Write,
    /// Set by Ctrl-C.
    pub(super) cancel: Arc<AtomicBool>,
}

impl Write for Cancellable<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            // Not `Interrupted`, which `write_all` would retry.
            return Err(io::Error::other("the query was cancelled (Ctrl-C)"));
        }
        self.inner.write(&buf[..buf.len().min(CHUNK)])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Collect;

    #[test]
    fn the_shell_numbers_hides_and_cuts_as_it_streams() {
        let mut kept = Collect::default();
        {
            let mut shaped = Shaped::new(Box::new(&mut kept), true, false, Some(2));
            let header = Header {
                title: "t".into(),
                columns: ["recipient", "provenance", "notice", "quote", "evidence"]
                    .map(String::from)
                    .to_vec(),
                evidence: true,
            };
            assert!(shaped.begin(&header).is_ok());
            let row = |r: &'static str| [r, "stated", "n", "q", "e"].map(Cell::str).to_vec();
            let cells: Vec<Cell<'static>> = [row("a"), row("b"), row("c")].concat();
            assert_eq!(shaped.rows(&cells).ok(), Some(Wanted::Count));
            assert!(shaped.end(3).is_ok());
        }
        // `.evidence off`: no `#`, no provenance, notice, quote; the `evidence` column never.
        assert_eq!(kept.table.columns, ["recipient"]);
        assert_eq!(kept.table.rows.len(), 2);
        assert_eq!(kept.total, 3);
    }

    #[test]
    fn printing_stops_at_ctrl_c_within_a_chunk() {
        let mut out = Vec::new();
        let cancel = Arc::new(AtomicBool::new(false));
        let mut w = Cancellable {
            inner: &mut out,
            cancel: cancel.clone(),
        };
        assert_eq!(w.write(&[b'x'; 10_000]).ok(), Some(CHUNK));
        cancel.store(true, Ordering::Relaxed);
        assert!(w.write_all(&[b'x'; 10]).is_err());
        assert_eq!(out.len(), CHUNK);
    }
}
