//! A row sink that groups a query's rows by key columns as they stream past, counting them
//! and keeping the first few distinct sentences (notice, quote) of each group — so a report can
//! show evidence for any dataset size in bounded memory.

use crate::output::abbreviate;
use crate::output::page::{Sentence, Sentences};
use crate::table::{Cell, Header, RowSink, Wanted};
use std::collections::HashMap;
use std::io;

/// How many characters of a quote a page shows; the data keeps it whole.
const QUOTE_CHARS: usize = 240;

/// One group of rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    /// Its rows.
    pub rows: u64,
    /// The first row's cells as text, by column.
    pub first: Vec<String>,
    /// Its first distinct sentences.
    pub sentences: Sentences,
}

/// Rows grouped by key columns, in the order the groups were first seen.
#[derive(Debug)]
pub(crate) struct Grouped {
    keys: Vec<&'static str>,
    keep: usize,
    /// The result's columns.
    pub columns: Vec<String>,
    key_ix: Vec<usize>,
    evidence: Option<(usize, usize)>,
    /// The groups, by key.
    pub groups: HashMap<Vec<String>, Group>,
    /// The keys in the order first seen.
    pub order: Vec<Vec<String>>,
}

impl Grouped {
    /// A sink grouping by `keys` (column names), keeping `keep` sentences per group.
    pub(super) fn new(keys: &[&'static str], keep: usize) -> Self {
        Grouped {
            keys: keys.to_vec(),
            keep,
            columns: Vec::new(),
            key_ix: Vec::new(),
            evidence: None,
            groups: HashMap::new(),
            order: Vec::new(),
        }
    }

    /// The index of a column of the result.
    pub(super) fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

fn missing(what: &str, columns: &[String]) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the result has no `{what}` column (it has {})",
            columns.join(", ")
        ),
    )
}

impl<'a> RowSink<'a> for Grouped {
    fn begin(&mut self, header: &Header) -> io::Result<()> {
        self.columns = header.columns.clone();
        // A report that reads a column by name fails loudly when it is not there.
        self.key_ix = self
            .keys
            .iter()
            .map(|k| self.column(k).ok_or_else(|| missing(k, &self.columns)))
            .collect::<io::Result<_>>()?;
        // The evidence columns are the last `notice` and `quote` (a `show` may list them too).
        let last = |name: &str| self.columns.iter().rposition(|c| c == name);
        self.evidence = match (last("notice"), last("quote")) {
            (Some(n), Some(q)) => Some((n, q)),
            _ => None,
        };
        Ok(())
    }

    fn rows(&mut self, cells: &[Cell<'a>]) -> io::Result<Wanted> {
        let width = self.columns.len().max(1);
        for row in cells.chunks(width) {
            let key: Vec<String> = self
                .key_ix
                .iter()
                .map(|&i| {
                    row.get(i)
                        .map(|c| c.text().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            let group = match self.groups.get_mut(&key) {
                Some(g) => g,
                None => {
                    self.order.push(key.clone());
                    let first = row.iter().map(|c| c.text().into_owned()).collect();
                    self.groups.entry(key).or_insert(Group {
                        first,
                        ..Group::default()
                    })
                }
            };
            group.rows += 1;
            let Some((n, q)) = self.evidence else {
                continue;
            };
            let (Some(notice), Some(quote)) = (row.get(n), row.get(q)) else {
                continue;
            };
            let s = &mut group.sentences;
            let (notice, quote) = (notice.text(), quote.text());
            if quote.is_empty() {
                continue;
            }
            let quote = abbreviate(&quote, QUOTE_CHARS);
            if s.shown
                .iter()
                .any(|x| x.quote == quote && x.notice == notice)
            {
                continue;
            }
            if s.shown.len() < self.keep {
                s.shown.push(Sentence {
                    notice: notice.into_owned(),
                    quote,
                });
            } else {
                s.more = true;
            }
        }
        Ok(Wanted::Rows)
    }

    fn end(&mut self, _total: u64) -> io::Result<()> {
        Ok(())
    }
}

/// Adds `other`'s sentences to `into`, keeping at most `keep`.
pub(crate) fn merge(into: &mut Sentences, other: &Sentences, keep: usize) {
    for s in &other.shown {
        if into.shown.contains(s) {
            continue;
        }
        if into.shown.len() < keep {
            into.shown.push(s.clone());
        } else {
            into.more = true;
        }
    }
    into.more |= other.more;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_count_every_row_and_keep_only_the_first_distinct_sentences() {
        let mut g = Grouped::new(&["org"], 2);
        let header = Header::new("t", &["org", "notice", "quote"]);
        assert!(g.begin(&header).is_ok());
        let mut cells = Vec::new();
        for (org, quote) in [
            ("a", "one"),
            ("a", "one"),
            ("b", "x"),
            ("a", "two"),
            ("a", "three"),
        ] {
            cells.extend([Cell::str(org), Cell::str("n"), Cell::str(quote)]);
        }
        assert!(g.rows(&cells).is_ok());
        let a = &g.groups[&vec!["a".to_string()]];
        assert_eq!(a.rows, 4);
        let quotes: Vec<&str> = a.sentences.shown.iter().map(|s| s.quote.as_str()).collect();
        assert_eq!(quotes, ["one", "two"]);
        assert!(a.sentences.more, "a third distinct sentence was left out");
        assert_eq!(g.order, [vec!["a".to_string()], vec!["b".to_string()]]);
        assert!(!g.groups[&vec!["b".to_string()]].sentences.more);
    }

    #[test]
    fn a_missing_key_column_is_an_error_not_an_empty_result() {
        let mut g = Grouped::new(&["service"], 2);
        let e = g.begin(&Header::new("t", &["org", "notice", "quote"]));
        assert!(e.is_err_and(|e| e.to_string().contains("no `service` column")));
    }
}
