//! `basis export --to parquet -o DIR`: the tables of the CSV export ([`TABLES`]) as Parquet
//! files, one a table, with typed columns (BOOLEAN, BIGINT, text) and every column
//! dictionary-encoded where that pays (Parquet's own dictionary pages, so ids repeated over
//! millions of rows are stored once a row group). The rows come from the same producers as
//! the CSV ([`write_tables`]); this module is only a sink. Rows are buffered a batch at a time
//! ([`BATCH`] rows), then handed to the Parquet writer, which keeps at most one row group
//! ([`ROW_GROUP`] rows) encoded in memory: memory stays bounded at any size.
//!
//! With [`Partition::Org`], each table with an `org` column that every row fills is written
//! hive-style, `flow/org=<id>/part-0.parquet`, the `org` column taken from the directory
//! name. Only one partition's file is open a table at a time: a table's rows come in model
//! order, grouped by organisation; should an organisation come back, its next rows go to
//! `part-1.parquet`, and so on.
//!
//! Beside the tables: `schema.sql` (the standard DDL, as for CSV) and `duckdb.sql`, a view a
//! table over the files, so that `duckdb -init duckdb.sql` opened in the directory sees every
//! table by name.
//!
//! The arrow-rs `parquet` crate is the Apache project's own Rust implementation, kept in step
//! with the format (and read back by the tests with its reader, pyarrow and DuckDB); only its
//! `arrow` writer and Snappy compression are built.

use super::graph_csv::schema::{ColumnType, quoted};
use super::graph_csv::{PROVENANCE, TABLES, TableDef, TableSink, TableWriter, write_tables};
use super::{ExportError, Scope};
use crate::model::Model;
use arrow_array::builder::{BooleanBuilder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use strum::{Display, EnumString, VariantNames};

/// Rows buffered as Arrow arrays before they are handed to the Parquet writer.
pub(crate) const BATCH: usize = 4 * 1024;

/// Rows a Parquet row group holds at most (the writer keeps one encoded in memory).
pub(crate) const ROW_GROUP: usize = 256 * 1024;

/// The file beside the tables that makes them DuckDB views.
pub(crate) const DUCKDB_FILE: &str = "duckdb.sql";

/// How `--partition` splits the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase")]
#[strum(parse_err_ty = String, parse_err_fn = unknown_partition)]
pub(crate) enum Partition {
    /// One file a table.
    None,
    /// Hive-style directories by organisation, for the tables with an `org` column.
    Org,
}

fn unknown_partition(s: &str) -> String {
    crate::diagnostic::unknown_word("partitioning", s, Partition::VARIANTS)
}

/// The position of the column `--partition org` splits `table` by: its `org` column, when
/// every row fills it. `party.org` is empty for every party outside an organisation, so
/// `party` stays one file (as do the tables without an `org` column).
pub(crate) fn org_column(table: &TableDef) -> Option<usize> {
    if table.name == "party" {
        return None;
    }
    table.columns.iter().position(|c| c.name == "org")
}

/// Writes every table of [`TABLES`] as Parquet, `schema.sql` and [`DUCKDB_FILE`] into the
/// directory `dir`, which must exist (the command line gives a new one, swapped in when
/// complete); returns the rows written.
pub(crate) fn write_parquet(
    model: &Model,
    scope: &Scope,
    dir: &Path,
    partition: Partition,
) -> Result<u64, ExportError> {
    let sink = ParquetSink {
        dir,
        partition,
        props: WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_dictionary_enabled(true)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("basis {}", env!("CARGO_PKG_VERSION")))
            .build(),
    };
    let rows = write_tables(model, scope, &sink)?;
    super::graph_csv::write_schema(dir)?;
    let mut f = BufWriter::new(File::create(dir.join(DUCKDB_FILE))?);
    f.write_all(duckdb_views(dir).as_bytes())?;
    f.flush()?;
    Ok(rows)
}

/// `duckdb.sql`: a view a table, over `<table>.parquet` or, for a table written in
/// partitions (a directory in `dir`), over its hive directories with `org` read from their
/// names as text and put back in its place among the columns.
fn duckdb_views(dir: &Path) -> String {
    let mut out = String::from(
        "-- Every table of `basis export --to parquet` as a view (docs/interop.md): open DuckDB \
         in this\n-- directory with `duckdb -init duckdb.sql`, or run `.read duckdb.sql`.\n",
    );
    for tb in TABLES {
        let name = quoted(tb.name);
        if dir.join(tb.name).is_dir() {
            let cols: Vec<String> = tb
                .columns
                .iter()
                .map(|c| quoted(c.name))
                .chain(PROVENANCE.iter().map(|p| p.to_string()))
                .collect();
            out.push_str(&format!(
                "CREATE VIEW {name} AS SELECT {} FROM read_parquet('{}/*/*.parquet', \
                 hive_partitioning = true, hive_types = {{'org': VARCHAR}});\n",
                cols.join(", "),
                tb.name
            ));
        } else {
            out.push_str(&format!(
                "CREATE VIEW {name} AS SELECT * FROM read_parquet('{}.parquet');\n",
                tb.name
            ));
        }
    }
    out
}

struct ParquetSink<'d> {
    dir: &'d Path,
    partition: Partition,
    props: WriterProperties,
}

impl TableSink for ParquetSink<'_> {
    fn open(&self, table: &'static TableDef) -> Result<Box<dyn TableWriter>, ExportError> {
        let split = match self.partition {
            Partition::Org => org_column(table),
            Partition::None => None,
        };
        let cols: Vec<ColumnType> = table
            .columns
            .iter()
            .map(|c| c.ty)
            .chain(PROVENANCE.iter().map(|_| ColumnType::Text))
            .enumerate()
            .filter(|(i, _)| Some(*i) != split)
            .map(|(_, t)| t)
            .collect();
        let fields: Vec<Field> = table
            .columns
            .iter()
            .map(|c| (c.name, c.ty))
            .chain(PROVENANCE.iter().map(|p| (*p, ColumnType::Text)))
            .enumerate()
            .filter(|(i, _)| Some(*i) != split)
            .map(|(_, (name, ty))| Field::new(name, arrow_type(ty), true))
            .collect();
        let mut t = ParquetTable {
            table,
            dir: self.dir.to_path_buf(),
            props: self.props.clone(),
            schema: Arc::new(Schema::new(fields)),
            builders: cols.iter().map(|&t| Builder::new(t)).collect(),
            buffered: 0,
            split,
            writer: None,
            org: None,
            parts: HashMap::new(),
        };
        if split.is_none() {
            let path = self.dir.join(format!("{}.parquet", table.name));
            t.writer = Some(t.create(&path)?);
        }
        Ok(Box::new(t))
    }
}

fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Boolean => DataType::Boolean,
    }
}

/// One column's values of the batch being built.
enum Builder {
    Text(StringBuilder),
    Integer(Int64Builder),
    Boolean(BooleanBuilder),
}

impl Builder {
    fn new(ty: ColumnType) -> Self {
        match ty {
            ColumnType::Text => Builder::Text(StringBuilder::with_capacity(BATCH, BATCH * 16)),
            ColumnType::Integer => Builder::Integer(Int64Builder::with_capacity(BATCH)),
            ColumnType::Boolean => Builder::Boolean(BooleanBuilder::with_capacity(BATCH)),
        }
    }

    /// Appends a cell; an empty one is NULL, as in the CSV (`schema.sql`).
    fn push(&mut self, table: &str, cell: &str) -> Result<(), ExportError> {
        match self {
            Builder::Text(b) if cell.is_empty() => b.append_null(),
            Builder::Text(b) => b.append_value(cell),
            Builder::Integer(b) if cell.is_empty() => b.append_null(),
            Builder::Integer(b) => b.append_value(cell.parse().map_err(|_| bad(table, cell))?),
            Builder::Boolean(b) => match cell {
                "" => b.append_null(),
                "true" => b.append_value(true),
                "false" => b.append_value(false),
                _ => return Err(bad(table, cell)),
            },
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Integer(b) => Arc::new(b.finish()),
            Builder::Boolean(b) => Arc::new(b.finish()),
        }
    }
}

/// A cell that does not hold its column's type: a fault in basis, reported, not a panic.
fn bad(table: &str, cell: &str) -> ExportError {
    ExportError::Io(std::io::Error::other(format!(
        "table `{table}`: `{cell}` is not of its column's type (a fault in basis: please \
         report it)"
    )))
}

fn parquet_io(e: parquet::errors::ParquetError) -> ExportError {
    match e {
        parquet::errors::ParquetError::External(e) => match e.downcast::<std::io::Error>() {
            Ok(io) => ExportError::Io(*io),
            Err(e) => ExportError::Io(std::io::Error::other(e)),
        },
        other => ExportError::Io(std::io::Error::other(other)),
    }
}

type FileWriter = ArrowWriter<BufWriter<File>>;

/// One table being written: the batch being built and the open file (for a partitioned
/// table, the current organisation's).
struct ParquetTable {
    table: &'static TableDef,
    dir: PathBuf,
    props: WriterProperties,
    schema: SchemaRef,
    builders: Vec<Builder>,
    buffered: usize,
    /// The column the table is partitioned by (not stored in the files).
    split: Option<usize>,
    writer: Option<FileWriter>,
    /// The organisation whose partition is open.
    org: Option<String>,
    /// Parts written so far, by organisation.
    parts: HashMap<String, u32>,
}

impl ParquetTable {
    fn create(&self, path: &Path) -> Result<FileWriter, ExportError> {
        let f = BufWriter::with_capacity(1 << 16, File::create(path)?);
        ArrowWriter::try_new(f, self.schema.clone(), Some(self.props.clone())).map_err(parquet_io)
    }

    /// Hands the buffered rows to the open file.
    fn flush(&mut self) -> Result<(), ExportError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(|e| {
            ExportError::Io(std::io::Error::other(format!("{}: {e}", self.table.name)))
        })?;
        self.buffered = 0;
        match self.writer.as_mut() {
            Some(w) => w.write(&batch).map_err(parquet_io),
            None => Ok(()),
        }
    }

    fn close(&mut self) -> Result<(), ExportError> {
        self.flush()?;
        if let Some(w) = self.writer.take() {
            // Writes the footer and flushes the file, reporting a failure.
            w.close().map_err(parquet_io)?;
        }
        Ok(())
    }

    /// Closes the open partition and opens `org`'s next part.
    fn switch(&mut self, org: &str) -> Result<(), ExportError> {
        self.close()?;
        let dir = self
            .dir
            .join(self.table.name)
            .join(format!("org={}", hive_value(org)));
        std::fs::create_dir_all(&dir)?;
        let part = self.parts.entry(org.to_string()).or_insert(0);
        let path = dir.join(format!("part-{part}.parquet"));
        *part += 1;
        self.writer = Some(self.create(&path)?);
        self.org = Some(org.to_string());
        Ok(())
    }
}

impl TableWriter for ParquetTable {
    fn row(&mut self, cells: &[&str], prov: [&str; 3]) -> Result<(), ExportError> {
        if let Some(k) = self.split {
            let org = cells.get(k).copied().unwrap_or("");
            if self.org.as_deref() != Some(org) {
                self.switch(org)?;
            }
        }
        let name = self.table.name;
        let kept = cells
            .iter()
            .chain(prov.iter())
            .enumerate()
            .filter(|(i, _)| Some(*i) != self.split);
        for (b, (_, cell)) in self.builders.iter_mut().zip(kept) {
            b.push(name, cell)?;
        }
        self.buffered += 1;
        if self.buffered == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        // A partitioned table without a row still gets its (empty) file, whole, so that every
        // table can be read.
        if self.writer.is_none() && self.org.is_none() {
            let all: Vec<Field> = self
                .table
                .columns
                .iter()
                .map(|c| (c.name, c.ty))
                .chain(PROVENANCE.iter().map(|p| (*p, ColumnType::Text)))
                .map(|(name, ty)| Field::new(name, arrow_type(ty), true))
                .collect();
            self.schema = Arc::new(Schema::new(all));
            let path = self.dir.join(format!("{}.parquet", self.table.name));
            self.writer = Some(self.create(&path)?);
        }
        self.close()
    }
}

/// An organisation id as a hive directory value: ids are kebab-case, but anything else is
/// %-escaped as Spark and Hive escape it, so that no id can name another directory.
fn hive_value(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/interop.md states the writer's batch and row-group sizes: they are the code's.
    #[test]
    fn the_docs_give_the_writers_batch_and_row_group_sizes() {
        use crate::output::thousands;
        let doc = include_str!("../../docs/interop.md");
        let doc = crate::model::fold_space(doc);
        let said = format!(
            "Rows are written {} at a time and a row group holds at most {},",
            thousands(BATCH),
            thousands(ROW_GROUP)
        );
        assert!(doc.contains(&said), "docs/interop.md should say: {said}");
    }

    #[test]
    fn hive_values_cannot_leave_their_directory() {
        assert_eq!(hive_value("cheshire-west"), "cheshire-west");
        assert_eq!(hive_value("../x"), "%2E%2E%2Fx");
    }

    #[test]
    fn flows_split_by_org_and_parties_do_not() {
        let t = |n: &str| TABLES.iter().find(|t| t.name == n).expect("table");
        assert_eq!(org_column(t("flow")), Some(1));
        assert_eq!(org_column(t("party")), None);
        assert_eq!(org_column(t("flow_category")), None);
    }
}
