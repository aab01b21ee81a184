//! `basis export --to csv -o DIR`: the model as node and edge CSV files, one table a file,
//! each with a header, for a bulk load into SQLite (`.import --csv`), DuckDB
//! (`read_csv`) or a graph database. Every file ends with the provenance columns
//! `provenance,notice,quote`: `stated`, `implied` or `inferred` with the notice id and its verbatim
//! quote for facts from a notice, `dataset` or `vocabulary` for what basis's files define.
//! Edge files start with the two ids they join. docs/interop.md lists the files.

use super::rdf::period_text;
use super::{ExportError, Scope};
use crate::model::{Model, Provenance, Source, TreeEntry};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

type Writer = csv::Writer<BufWriter<File>>;

/// The files written, with their columns before the provenance columns, in the order the
/// tables are written (the first row of each file is this header plus `provenance,notice,quote`).
pub const FILES: &[(&str, &[&str])] = &[
    ("org", &["id", "name", "type", "ico_registration"]),
    ("notice", &["id", "org", "title", "file", "url"]),
    ("party", &["id", "name", "type", "generic", "org"]),
    (
        "category",
        &["id", "name", "parent", "special", "criminal", "dpv"],
    ),
    ("subject", &["id", "name", "parent", "dpv"]),
    ("purpose", &["id", "name", "parent", "dpv"]),
    ("party_type", &["id", "name", "parent", "dpv"]),
    ("basis", &["id", "name", "citation", "iri"]),
    ("legislation", &["id", "title", "year", "iri"]),
    ("service", &["id", "name", "org"]),
    ("service_subject", &["service", "subject"]),
    (
        "service_category",
        &["service", "category", "declared_special"],
    ),
    ("service_purpose", &["service", "purpose"]),
    ("service_basis", &["service", "basis", "cited"]),
    (
        "service_legislation",
        &["service", "legislation", "cited", "status", "section"],
    ),
    (
        "flow",
        &[
            "id",
            "org",
            "service",
            "party",
            "direction",
            "condition",
            "categories_provenance",
            "bases_provenance",
            "purposes_provenance",
            "party_provenance",
        ],
    ),
    ("flow_category", &["flow", "category"]),
    ("flow_basis", &["flow", "basis"]),
    ("flow_purpose", &["flow", "purpose"]),
    (
        "retention",
        &[
            "id",
            "org",
            "service",
            "subjects",
            "categories",
            "period",
            "years",
            "trigger",
            "condition",
        ],
    ),
];

const PROVENANCE: [&str; 3] = ["provenance", "notice", "quote"];

struct Files<'m> {
    model: &'m Model,
    dir: &'m Path,
}

impl<'m> Files<'m> {
    /// Opens `<dir>/<name>.csv` and writes its header.
    fn open(&self, name: &str) -> Result<Writer, ExportError> {
        let cols = FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
            .unwrap_or(&[]);
        let f = File::create(self.dir.join(format!("{name}.csv")))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(f));
        w.write_record(cols.iter().chain(PROVENANCE.iter()))
            .map_err(csv_io)?;
        Ok(w)
    }

    /// The provenance cells of a fact from a notice.
    fn source(&self, src: &Source, p: Provenance) -> [&'m str; 3] {
        [
            p.as_str(),
            &self.model.notices[src.notice.ix()].id,
            self.model.quote(src),
        ]
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

fn row<const N: usize>(
    w: &mut Writer,
    cells: [&str; N],
    prov: [&str; 3],
) -> Result<(), ExportError> {
    w.write_record(cells.iter().chain(prov.iter()))
        .map_err(csv_io)
}

const DATASET: [&str; 3] = ["dataset", "", ""];
const VOCABULARY: [&str; 3] = ["vocabulary", "", ""];

/// Writes every file of [`FILES`] into the directory `dir`, which must exist (the command line
/// gives a new one, swapped in when complete); returns the rows written.
pub fn write_csv(model: &Model, scope: &Scope, dir: &Path) -> Result<u64, ExportError> {
    let fs = Files { model, dir };
    let mut rows = 0u64;
    rows += entities(&fs, scope)?;
    rows += vocabularies(&fs)?;
    rows += services(&fs, scope)?;
    rows += flows(&fs, scope)?;
    Ok(rows)
}

fn finish(mut w: Writer) -> Result<(), ExportError> {
    w.flush()?;
    Ok(())
}

fn entities(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let mut n = 0;
    let mut w = fs.open("org")?;
    for (_, o) in m.orgs.iter().enumerate().filter(|(i, _)| scope.org_in(*i)) {
        let t = &m.vocab.party_types[o.org_type.ix()].id;
        let ico = o.ico_registration.as_ref().map_or("", |f| f.value.as_str());
        row(&mut w, [&o.id, &o.name, t, ico], DATASET)?;
        n += 1;
    }
    finish(w)?;
    let mut w = fs.open("notice")?;
    for nt in m.notices.iter().filter(|x| scope.org_in(x.org.ix())) {
        let org = &m.orgs[nt.org.ix()].id;
        row(
            &mut w,
            [
                &nt.id,
                org,
                &nt.title,
                &nt.file,
                nt.url.as_deref().unwrap_or(""),
            ],
            DATASET,
        )?;
        n += 1;
    }
    finish(w)?;
    let mut w = fs.open("party")?;
    for (i, p) in m.parties.iter().enumerate() {
        if !scope.party_in(i) {
            continue;
        }
        // Several types in one cell, space-separated like the retention scopes.
        let t = p
            .types()
            .map(|t| m.vocab.party_types[t.ix()].id.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let t = &t;
        let org = p.org.map_or("", |o| m.orgs[o.ix()].id.as_str());
        let generic = if p.generic { "true" } else { "false" };
        row(&mut w, [&p.id, &p.name, t, generic, org], DATASET)?;
        n += 1;
    }
    finish(w)?;
    Ok(n)
}

fn tree_file(
    fs: &Files<'_>,
    name: &str,
    entries: &[&TreeEntry],
    tree: &crate::model::Hierarchy,
) -> Result<u64, ExportError> {
    let mut w = fs.open(name)?;
    for (i, e) in entries.iter().enumerate() {
        let parent = tree
            .parent(i as u32)
            .map_or("", |p| entries[p as usize].id.as_str());
        let dpv = e.dpv.join(" ");
        row(&mut w, [&e.id, &e.name, parent, &dpv], VOCABULARY)?;
    }
    finish(w)?;
    Ok(entries.len() as u64)
}

fn vocabularies(fs: &Files<'_>) -> Result<u64, ExportError> {
    let v = &fs.model.vocab;
    let mut n = 0;
    let mut w = fs.open("category")?;
    for (i, c) in v.categories.iter().enumerate() {
        let parent = v
            .category_tree
            .parent(i as u32)
            .map_or("", |p| v.categories[p as usize].entry.id.as_str());
        let b = |x: bool| if x { "true" } else { "false" };
        let dpv = c.entry.dpv.join(" ");
        row(
            &mut w,
            [
                &c.entry.id,
                &c.entry.name,
                parent,
                b(c.special),
                b(c.criminal),
                &dpv,
            ],
            VOCABULARY,
        )?;
        n += 1;
    }
    finish(w)?;
    n += tree_file(
        fs,
        "subject",
        &v.subjects.iter().collect::<Vec<_>>(),
        &v.subject_tree,
    )?;
    n += tree_file(
        fs,
        "purpose",
        &v.purposes.iter().collect::<Vec<_>>(),
        &v.purpose_tree,
    )?;
    n += tree_file(
        fs,
        "party_type",
        &v.party_types.iter().collect::<Vec<_>>(),
        &v.party_type_tree,
    )?;
    let mut w = fs.open("basis")?;
    for b in &v.bases {
        row(
            &mut w,
            [&b.id, &b.name, &b.citation(), &super::iri::basis(b)],
            VOCABULARY,
        )?;
        n += 1;
    }
    finish(w)?;
    let mut w = fs.open("legislation")?;
    for l in &v.legislation {
        row(
            &mut w,
            [
                &l.id,
                &l.title,
                &l.year.to_string(),
                &super::iri::legislation(l),
            ],
            VOCABULARY,
        )?;
        n += 1;
    }
    finish(w)?;
    Ok(n)
}

fn services(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let mut n = 0;
    let names = [
        "service",
        "service_subject",
        "service_category",
        "service_purpose",
        "service_basis",
        "service_legislation",
    ];
    let mut ws = Vec::with_capacity(names.len());
    for name in names {
        ws.push(fs.open(name)?);
    }
    for svc in m.services.iter().filter(|s| scope.org_in(s.org.ix())) {
        n += service_rows(fs, &mut ws, svc)?;
    }
    for w in ws {
        finish(w)?;
    }
    Ok(n + retention(fs, scope)?)
}

/// One service's rows in the six service files (`ws`, in [`services`]' order): the rows
/// written.
fn service_rows(
    fs: &Files<'_>,
    ws: &mut [Writer],
    svc: &crate::model::Service,
) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let st = Provenance::Stated;
    let id = svc.id.as_str();
    row(
        &mut ws[0],
        [id, &svc.name, &m.orgs[svc.org.ix()].id],
        fs.source(&svc.source, st),
    )?;
    for f in &svc.subjects {
        row(
            &mut ws[1],
            [id, &v.subjects[f.value.ix()].id],
            fs.source(&f.source, f.provenance),
        )?;
    }
    for f in &svc.categories {
        let sp = if f.value.declared_special {
            "true"
        } else {
            "false"
        };
        row(
            &mut ws[2],
            [id, &v.categories[f.value.category.ix()].entry.id, sp],
            fs.source(&f.source, f.provenance),
        )?;
    }
    for f in &svc.purposes {
        row(
            &mut ws[3],
            [id, &v.purposes[f.value.ix()].id],
            fs.source(&f.source, f.provenance),
        )?;
    }
    for f in &svc.bases {
        // An unresolved citation keeps its words with an empty basis.
        let b = f.value.basis.map_or("", |b| v.bases[b.ix()].id.as_str());
        row(
            &mut ws[4],
            [id, b, &f.value.cited],
            fs.source(&f.source, f.provenance),
        )?;
    }
    for f in &svc.legislation {
        let l = f
            .value
            .legislation
            .map_or("", |l| v.legislation[l.ix()].id.as_str());
        let sec = f.value.section.as_deref().unwrap_or("");
        row(
            &mut ws[5],
            [id, l, &f.value.cited, f.value.status.as_str(), sec],
            fs.source(&f.source, f.provenance),
        )?;
    }
    Ok(1 + (svc.subjects.len()
        + svc.categories.len()
        + svc.purposes.len()
        + svc.bases.len()
        + svc.legislation.len()) as u64)
}

/// `retention.csv`: one row a rule, its subjects and categories as space-separated ids.
fn retention(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let st = Provenance::Stated;
    let mut n = 0;
    let mut w = fs.open("retention")?;
    for (i, r) in m
        .retention
        .iter()
        .enumerate()
        .filter(|(_, r)| scope.org_in(r.org.ix()))
    {
        let subjects: Vec<&str> = r
            .subjects
            .iter()
            .map(|s| v.subjects[s.ix()].id.as_str())
            .collect();
        let cats: Vec<&str> = r
            .categories
            .iter()
            .map(|c| v.categories[c.ix()].entry.id.as_str())
            .collect();
        let years = match r.period {
            crate::model::Period::Years(y) => y.to_string(),
            _ => String::new(),
        };
        row(
            &mut w,
            [
                &format!("retention-{i}"),
                &m.orgs[r.org.ix()].id,
                &m.services[r.service.ix()].id,
                &subjects.join(" "),
                &cats.join(" "),
                &period_text(&r.period),
                &years,
                r.trigger.as_str(),
                r.condition.as_deref().unwrap_or(""),
            ],
            fs.source(&r.source, st),
        )?;
        n += 1;
    }
    finish(w)?;
    Ok(n)
}

fn flows(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let mut n = 0;
    let mut wf = fs.open("flow")?;
    let mut wc = fs.open("flow_category")?;
    let mut wb = fs.open("flow_basis")?;
    let mut wp = fs.open("flow_purpose")?;
    let mut id = String::new();
    for (i, f) in m.flows.iter().enumerate() {
        if !scope.org_in(f.org.ix()) {
            continue;
        }
        id.clear();
        id.push_str("flow-");
        id.push_str(&i.to_string());
        let cond = f.condition.map_or("", |c| m.text(c));
        row(
            &mut wf,
            [
                &id,
                &m.orgs[f.org.ix()].id,
                &m.services[f.service.ix()].id,
                &m.parties[f.party.ix()].id,
                f.direction.as_str(),
                cond,
                f.categories_provenance.as_str(),
                f.bases_provenance.as_str(),
                f.purposes_provenance.as_str(),
                f.party_provenance.as_str(),
            ],
            fs.source(&f.source, f.provenance()),
        )?;
        for &c in m.categories_of(f) {
            row(
                &mut wc,
                [&id, &v.categories[c.ix()].entry.id],
                fs.source(&f.source, f.categories_provenance),
            )?;
        }
        for &b in m.bases_of(f) {
            row(
                &mut wb,
                [&id, &v.bases[b.ix()].id],
                fs.source(&f.source, f.bases_provenance),
            )?;
        }
        for &p in m.purposes_of(f) {
            row(
                &mut wp,
                [&id, &v.purposes[p.ix()].id],
                fs.source(&f.source, f.purposes_provenance),
            )?;
        }
        n += 1;
    }
    for w in [wf, wc, wb, wp] {
        finish(w)?;
    }
    Ok(n)
}
