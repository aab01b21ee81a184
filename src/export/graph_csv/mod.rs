//! `basis export --to csv -o DIR`: the model as CSV tables, one table a file, each with a
//! header, for a bulk load into SQLite (`.import --csv`), DuckDB (`read_csv`), Spark or a graph
//! database, and `schema.sql` with their types. One value a cell: every field that holds several
//! values (a party's types, a category's DPV concepts, a retention rule's scope) is a link
//! table. Every file ends with the provenance columns `provenance,notice,quote`: `stated`,
//! `implied` or `inferred` with the notice id and its verbatim quote for facts from a notice,
//! `dataset` or `vocabulary` for what basis's files define. The four trees are also closure
//! tables (`ancestor,descendant,depth`), so "X and everything under it" is a join.
//! [`schema::TABLES`] lists the tables; docs/interop.md describes them. The row producers
//! here are the one source of the tables' rows: they write to a [`TableSink`], the CSV one
//! below or the Parquet one of [`super::parquet_files`].

pub(super) mod schema;
mod service;

use super::{ExportError, Scope};
use crate::model::{Fact, Hierarchy, Model, Provenance, Source, TreeEntry};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

pub(crate) use schema::{PROVENANCE, TABLES, TableDef};

/// Where the rows of one table go: a CSV file here, a Parquet file (or one a partition) in
/// [`super::parquet_files`]. The row producers below are the one source of rows; each
/// format is a sink.
pub(crate) trait TableWriter {
    /// One row: the table's cells as text, in column order (an empty cell is NULL), then the
    /// provenance cells.
    fn row(&mut self, cells: &[&str], prov: [&str; 3]) -> Result<(), ExportError>;
    /// Writes what is buffered and closes the table.
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
}

/// Opens a [`TableWriter`] for each table of [`TABLES`].
pub(crate) trait TableSink {
    /// A writer for `table`, whose rows follow.
    fn open(&self, table: &'static TableDef) -> Result<Box<dyn TableWriter>, ExportError>;
}

type Writer = Box<dyn TableWriter>;

/// The file beside the tables with their DDL.
pub(crate) const SCHEMA_FILE: &str = "schema.sql";

struct Files<'m> {
    model: &'m Model,
    sink: &'m dyn TableSink,
}

impl<'m> Files<'m> {
    /// Opens the table called `name` (one of [`TABLES`]); a table ending in
    /// [`schema::SEQ`] has it filled with each row's place.
    fn open(&self, name: &str) -> Result<Writer, ExportError> {
        let table = schema::table(name).ok_or_else(|| {
            ExportError::Io(std::io::Error::other(format!(
                "no table `{name}` in TABLES"
            )))
        })?;
        let w = self.sink.open(table)?;
        Ok(
            if table.columns.last().is_some_and(|c| c.name == schema::SEQ) {
                Box::new(Numbered { inner: w, next: 0 })
            } else {
                w
            },
        )
    }

    /// The provenance cells of a fact from a notice.
    fn source(&self, src: &Source, p: Provenance) -> [&'m str; 3] {
        [
            p.as_str(),
            &self.model.notices[src.notice.ix()].id,
            self.model.quote(src),
        ]
    }

    /// The provenance cells of a service fact.
    fn fact<T>(&self, f: &Fact<T>) -> [&'m str; 3] {
        self.source(&f.source, f.provenance)
    }
}

/// A CSV error as an export error, keeping an I/O error's kind (a full disk, a file-size
/// limit) so that it can be put in words.
fn csv_io(e: csv::Error) -> ExportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ExportError::Io(io),
        other => ExportError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

/// The CSV sink: `<dir>/<name>.csv` a table, each with its header.
struct CsvSink<'d> {
    dir: &'d Path,
}

struct CsvTable(csv::Writer<BufWriter<File>>);

impl TableSink for CsvSink<'_> {
    fn open(&self, table: &'static TableDef) -> Result<Writer, ExportError> {
        let f = File::create(self.dir.join(format!("{}.csv", table.name)))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(f));
        w.write_record(table.columns.iter().map(|c| c.name).chain(PROVENANCE))
            .map_err(csv_io)?;
        Ok(Box::new(CsvTable(w)))
    }
}

impl TableWriter for CsvTable {
    fn row(&mut self, cells: &[&str], prov: [&str; 3]) -> Result<(), ExportError> {
        self.0
            .write_record(cells.iter().chain(prov.iter()))
            .map_err(csv_io)
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.0.flush()?;
        Ok(())
    }
}

/// A table whose last column is [`schema::SEQ`]: the producers give the other cells, this
/// adds the row's place, so the numbering cannot drift from the order rows are written in.
struct Numbered {
    inner: Writer,
    next: u64,
}

impl TableWriter for Numbered {
    fn row(&mut self, cells: &[&str], prov: [&str; 3]) -> Result<(), ExportError> {
        let seq = self.next.to_string();
        self.next += 1;
        let mut all: Vec<&str> = Vec::with_capacity(cells.len() + 1);
        all.extend_from_slice(cells);
        all.push(&seq);
        self.inner.row(&all, prov)
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        self.inner.finish()
    }
}

fn row(w: &mut Writer, cells: &[&str], prov: [&str; 3]) -> Result<(), ExportError> {
    w.row(cells, prov)
}

fn flag(x: bool) -> &'static str {
    if x { "true" } else { "false" }
}

const DATASET: [&str; 3] = ["dataset", "", ""];
const VOCABULARY: [&str; 3] = ["vocabulary", "", ""];

/// Writes every table of [`TABLES`] and `SCHEMA_FILE` into the directory `dir`, which must
/// exist (the command line gives a new one, swapped in when complete); returns the rows
/// written.
pub fn write_csv(model: &Model, scope: &Scope, dir: &Path) -> Result<u64, ExportError> {
    let rows = write_tables(model, scope, &CsvSink { dir })?;
    write_schema(dir)?;
    Ok(rows)
}

/// Writes [`SCHEMA_FILE`] into `dir`.
pub(crate) fn write_schema(dir: &Path) -> Result<(), ExportError> {
    let mut f = BufWriter::new(File::create(dir.join(SCHEMA_FILE))?);
    f.write_all(schema::ddl().as_bytes())?;
    f.flush()?;
    Ok(())
}

/// Every table of [`TABLES`], in order, into `sink`; returns the rows written.
pub(crate) fn write_tables(
    model: &Model,
    scope: &Scope,
    sink: &dyn TableSink,
) -> Result<u64, ExportError> {
    let fs = Files { model, sink };
    let mut rows = 0u64;
    rows += entities(&fs, scope)?;
    rows += vocabularies(&fs)?;
    rows += service::services(&fs, scope)?;
    rows += service::flows(&fs, scope)?;
    Ok(rows)
}

fn finish(w: Writer) -> Result<(), ExportError> {
    w.finish()
}

fn entities(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let mut n = 0;
    let mut w = fs.open("org")?;
    let mut wc = fs.open("org_contact")?;
    for o in scope.orgs(&m.orgs) {
        let t = &m.vocab.party_types[o.org_type.ix()].id;
        let ico = o.ico_registration.as_ref().map_or("", |f| f.value.as_str());
        row(&mut w, &[&o.id, &o.name, t, ico, &o.file], DATASET)?;
        for c in &o.contacts {
            let v = &c.value;
            row(&mut wc, &[&o.id, &v.role, &v.kind, &v.value], fs.fact(c))?;
            n += 1;
        }
        n += 1;
    }
    finish(w)?;
    finish(wc)?;
    let mut w = fs.open("notice")?;
    for (_, nt) in scope.owned(&m.notices, |x| x.org) {
        let org = &m.orgs[nt.org.ix()].id;
        let url = nt.url.as_deref().unwrap_or("");
        row(&mut w, &[&nt.id, org, &nt.title, &nt.file, url], DATASET)?;
        n += 1;
    }
    finish(w)?;
    n += parties(fs, scope)?;
    let mut w = fs.open("system")?;
    for (_, s) in scope.owned(&m.systems, |x| x.org) {
        let org = &m.orgs[s.org.ix()].id;
        row(
            &mut w,
            &[&s.id, &s.name, org],
            fs.source(&s.source, Provenance::Stated),
        )?;
        n += 1;
    }
    finish(w)?;
    Ok(n)
}

fn parties(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let mut n = 0;
    let mut w = fs.open("party")?;
    let mut wt = fs.open("party_party_type")?;
    let mut wa = fs.open("party_alias")?;
    for p in scope.parties(&m.parties) {
        let main = &m.vocab.party_types[p.party_type.ix()].id;
        let org = p.org.map_or("", |o| m.orgs[o.ix()].id.as_str());
        let country = p.country.as_deref().unwrap_or("");
        let note = p.note.as_deref().unwrap_or("");
        row(
            &mut w,
            &[&p.id, &p.name, main, flag(p.generic), org, country, note],
            DATASET,
        )?;
        // Every type, the main one first and marked: `party.type` sees them all.
        for (k, t) in p.types().enumerate() {
            let t = &m.vocab.party_types[t.ix()].id;
            row(&mut wt, &[&p.id, t, flag(k == 0)], DATASET)?;
            n += 1;
        }
        for a in &p.aliases {
            row(&mut wa, &[&p.id, a], DATASET)?;
            n += 1;
        }
        n += 1;
    }
    for w in [w, wt, wa] {
        finish(w)?;
    }
    Ok(n)
}

/// A tree vocabulary's three tables: `<name>` (id, name, parent and `extra` cells),
/// `<name>_dpv` and `<name>_closure`.
fn tree_files(
    fs: &Files<'_>,
    name: &str,
    entries: &[&TreeEntry],
    tree: &Hierarchy,
    extra: &dyn Fn(usize) -> Vec<&'static str>,
) -> Result<u64, ExportError> {
    let mut n = 0;
    let mut w = fs.open(name)?;
    let mut wd = fs.open(&format!("{name}_dpv"))?;
    let mut wc = fs.open(&format!("{name}_closure"))?;
    for (i, e) in entries.iter().enumerate() {
        let parent = tree
            .parent(i as u32)
            .map_or("", |p| entries[p as usize].id.as_str());
        let mut cells = vec![e.id.as_str(), &e.name, parent];
        cells.extend(extra(i));
        row(&mut w, &cells, VOCABULARY)?;
        for d in &e.dpv {
            row(&mut wd, &[&e.id, d], VOCABULARY)?;
            n += 1;
        }
        // The node itself at depth 0, then each ancestor: a bounded walk (the loader refuses
        // a circle, so a chain is at most the tree's size).
        for (depth, a) in tree.ancestors(i as u32).take(entries.len()).enumerate() {
            let a = &entries[a as usize].id;
            row(&mut wc, &[a, &e.id, &depth.to_string()], VOCABULARY)?;
            n += 1;
        }
        n += 1;
    }
    for w in [w, wd, wc] {
        finish(w)?;
    }
    Ok(n)
}

fn vocabularies(fs: &Files<'_>) -> Result<u64, ExportError> {
    let v = &fs.model.vocab;
    let mut n = 0;
    let cats: Vec<&TreeEntry> = v.categories.iter().map(|c| &c.entry).collect();
    let flags = |i: usize| {
        vec![
            flag(v.categories[i].special),
            flag(v.categories[i].criminal),
        ]
    };
    n += tree_files(fs, "category", &cats, &v.category_tree, &flags)?;
    let none = |_: usize| Vec::new();
    let subjects: Vec<&TreeEntry> = v.subjects.iter().collect();
    n += tree_files(fs, "subject", &subjects, &v.subject_tree, &none)?;
    let purposes: Vec<&TreeEntry> = v.purposes.iter().collect();
    n += tree_files(fs, "purpose", &purposes, &v.purpose_tree, &none)?;
    let types: Vec<&TreeEntry> = v.party_types.iter().collect();
    n += tree_files(fs, "party_type", &types, &v.party_type_tree, &none)?;
    let mut w = fs.open("basis")?;
    let num = |x: Option<u32>| x.map(|x| x.to_string()).unwrap_or_default();
    for b in &v.bases {
        let law = match b.law {
            crate::model::Law::UkGdpr => "uk-gdpr",
            crate::model::Law::Dpa2018 => "dpa-2018",
        };
        row(
            &mut w,
            &[
                &b.id,
                &b.name,
                &b.citation(),
                &super::iri::basis(b),
                law,
                &num(b.article),
                &num(b.paragraph),
                b.point.as_deref().unwrap_or(""),
                &num(b.schedule),
                &num(b.part),
                b.dpv.as_deref().unwrap_or(""),
                b.requires_one_of.as_deref().unwrap_or(""),
            ],
            VOCABULARY,
        )?;
        n += 1;
    }
    finish(w)?;
    let mut w = fs.open("legislation")?;
    let mut ws = fs.open("legislation_basis")?;
    for l in &v.legislation {
        let kind = match l.kind {
            crate::model::LegislationKind::Act => "act",
            crate::model::LegislationKind::StatutoryInstrument => "statutory-instrument",
            crate::model::LegislationKind::EuRegulation => "eu-regulation",
        };
        let year = l.year.to_string();
        let iri = super::iri::legislation(l);
        row(&mut w, &[&l.id, &l.title, &year, kind, &iri], VOCABULARY)?;
        for b in &l.supports {
            row(&mut ws, &[&l.id, &v.bases[b.ix()].id], VOCABULARY)?;
            n += 1;
        }
        n += 1;
    }
    finish(w)?;
    finish(ws)?;
    let mut w = fs.open("right")?;
    for r in &v.rights {
        row(&mut w, &[&r.id, &r.name, &r.article], VOCABULARY)?;
        n += 1;
    }
    finish(w)?;
    Ok(n)
}
