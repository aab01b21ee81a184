//! The last operator of every result: rows handed to a [`RowSink`] in batches, so the first
//! row is printed before the last is made, and once the sink has all it will show (the
//! terminal table's 10,000 rows) the rest are only counted.

use super::budget::EvalError;
use crate::table::{Cell, Header, RowSink, Wanted};
use std::borrow::Cow;

/// Rows handed to the sink at a time.
pub(super) const BATCH: usize = 64;

/// Rows to a sink in batches; after the sink has all it wants, only counted.
///
/// A batch is a block of cell slots reused from batch to batch: a row's cells are written
/// into its slots where they are made, not pushed (a push that may grow the vector keeps
/// each cell on the stack first, written in pieces and read back whole: a stall per cell).
pub(crate) struct Emitter<'s, 'm> {
    sink: &'s mut dyn RowSink<'m>,
    slots: Vec<Cell<'m>>,
    width: usize,
    in_batch: usize,
    counting: bool,
    total: u64,
}

/// The slots of one row, filled in order by [`Slots::push`].
pub(crate) struct Slots<'b, 'm> {
    cells: &'b mut [Cell<'m>],
    at: usize,
}

impl<'m> Slots<'_, 'm> {
    /// The row's next cell.
    #[inline]
    pub(crate) fn push(&mut self, cell: Cell<'m>) {
        if let Some(slot) = self.cells.get_mut(self.at) {
            let old = std::mem::replace(slot, cell);
            // The last batch's cell: most own nothing and need no call to drop them.
            if old.owns_nothing() {
                std::mem::forget(old);
            }
        }
        self.at += 1;
    }

    /// The row's next cell, borrowed text: written over the slot's text in place when the
    /// slot already holds borrowed text (the same column of the last batch, as a rule), so
    /// no whole cell is made and copied.
    #[inline]
    pub(crate) fn push_str(&mut self, text: &'m str) {
        match self.cells.get_mut(self.at) {
            Some(Cell::Str(Cow::Borrowed(t))) => {
                *t = text;
                self.at += 1;
            }
            _ => self.push(Cell::str(text)),
        }
    }
}

impl<'s, 'm> Emitter<'s, 'm> {
    /// Starts a result.
    pub(crate) fn begin(sink: &'s mut dyn RowSink<'m>, header: &Header) -> Result<Self, EvalError> {
        sink.begin(header).map_err(EvalError::output)?;
        let width = header.columns.len();
        Ok(Emitter {
            slots: std::iter::repeat_with(|| Cell::Null)
                .take(BATCH * width)
                .collect(),
            width,
            sink,
            in_batch: 0,
            counting: false,
            total: 0,
        })
    }

    /// Whether the sink still wants cells (not only a count).
    pub(crate) fn wants_cells(&self) -> bool {
        !self.counting
    }

    /// One row.
    pub(crate) fn row(
        &mut self,
        cells: impl IntoIterator<Item = Cell<'m>>,
    ) -> Result<(), EvalError> {
        self.row_with(|row| cells.into_iter().for_each(|c| row.push(c)))
    }

    /// One row, its cells written by `fill` straight into the batch (one per column; a
    /// column it leaves out is empty).
    pub(crate) fn row_with(
        &mut self,
        fill: impl FnOnce(&mut Slots<'_, 'm>),
    ) -> Result<(), EvalError> {
        self.total += 1;
        if self.counting {
            return Ok(());
        }
        let at = self.in_batch * self.width;
        let Some(cells) = self.slots.get_mut(at..at + self.width) else {
            return Ok(());
        };
        let mut row = Slots { cells, at: 0 };
        fill(&mut row);
        debug_assert!(
            row.at <= self.width,
            "{} cells for {} columns",
            row.at,
            self.width
        );
        for k in row.at..self.width {
            row.at = k;
            row.push(Cell::Null);
        }
        self.in_batch += 1;
        if self.in_batch >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// `n` rows the sink wants counted only.
    pub(crate) fn skip(&mut self, n: u64) {
        self.total += n;
    }

    fn flush(&mut self) -> Result<(), EvalError> {
        if self.in_batch > 0 {
            let cells = self.slots.get(..self.in_batch * self.width).unwrap_or(&[]);
            let wanted = self.sink.rows(cells).map_err(EvalError::output)?;
            self.in_batch = 0;
            self.counting = wanted == Wanted::Count;
        }
        Ok(())
    }

    /// Ends the result: the rows in all.
    pub(crate) fn finish(mut self) -> Result<u64, EvalError> {
        self.flush()?;
        self.sink.end(self.total).map_err(EvalError::output)?;
        Ok(self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::{BATCH, Emitter};
    use crate::table::{Cell, Collect, Header};
    use serde_json::json;
    use std::borrow::Cow;

    /// Slots are reused from batch to batch: an owned cell, a list, a borrowed text and a
    /// short row (its missing cells empty) must each come out as given, in every batch.
    #[test]
    fn reused_slots_give_each_row_as_written() {
        let texts: Vec<String> = (0..3 * BATCH + 5).map(|i| format!("t{i}")).collect();
        let mut sink = Collect::default();
        let mut out =
            Emitter::begin(&mut sink, &Header::new("rows", &["a", "b", "c"])).expect("begins");
        let mut want = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            // The kinds shift from batch to batch, so a slot holds a different kind each time.
            match (i + i / BATCH) % 5 {
                4 => {
                    // Text over whatever the slots held: owned text, a list, borrowed text,
                    // nothing.
                    out.row_with(|r| {
                        r.push_str(t);
                        r.push_str("x");
                        r.push_str(t);
                    })
                    .expect("row");
                    want.push(vec![json!(t), json!("x"), json!(t)]);
                }
                0 => {
                    out.row([
                        Cell::Str(Cow::Owned(format!("own{i}"))),
                        Cell::List(vec![Cell::str(t), Cell::Int(i as u64)]),
                        Cell::Null,
                    ])
                    .expect("row");
                    want.push(vec![json!(format!("own{i}")), json!([t, i]), json!(null)]);
                }
                1 => {
                    out.row_with(|r| r.push(Cell::str(t))).expect("row");
                    want.push(vec![json!(t), json!(null), json!(null)]);
                }
                2 => {
                    out.row([Cell::Bool(true), Cell::str(t), Cell::Int(7)])
                        .expect("row");
                    want.push(vec![json!(true), json!(t), json!(7)]);
                }
                _ => {
                    out.row([
                        Cell::Null,
                        Cell::Str(Cow::Owned(t.to_uppercase())),
                        Cell::List(Vec::new()),
                    ])
                    .expect("row");
                    want.push(vec![json!(null), json!(t.to_uppercase()), json!([])]);
                }
            }
        }
        assert_eq!(out.finish().expect("ends"), texts.len() as u64);
        assert_eq!(sink.table.rows, want);
    }
}
