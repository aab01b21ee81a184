//! The service, retention and flow tables of the CSV export: each fact a notice states about a
//! service is a row of its own table (`service_right`, `service_security`, …) with the fact's
//! note, provenance, notice and quote.

use super::{Files, Writer, finish, flag, row};
use crate::export::rdf::{iso_duration, period_text};
use crate::export::{ExportError, Scope};
use crate::model::{Period, Service};

/// The service tables, in the order [`service_rows`] fills them.
const SERVICE_TABLES: [&str; 15] = [
    "service",
    "service_subject",
    "service_category",
    "service_purpose",
    "service_basis",
    "service_basis_purpose",
    "service_legislation",
    "service_system",
    "service_right",
    "service_security",
    "service_transfer",
    "service_automated",
    "service_requirement",
    "service_research",
    "service_note",
];

pub(super) fn services(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let mut n = 0;
    let mut ws = Vec::with_capacity(SERVICE_TABLES.len());
    for name in SERVICE_TABLES {
        ws.push(fs.open(name)?);
    }
    for (_, svc) in scope.owned(&m.services, |x| x.org) {
        n += service_rows(fs, &mut ws, svc)?;
    }
    for w in ws {
        finish(w)?;
    }
    Ok(n + retention(fs, scope)?)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// One service's rows in the service tables (`ws`, in [`SERVICE_TABLES`] order): the rows
/// written.
fn service_rows(fs: &Files<'_>, ws: &mut [Writer], svc: &Service) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let id = svc.id.as_str();
    let mut n = 1;
    row(
        &mut ws[0],
        &[
            id,
            &svc.name,
            &m.orgs[svc.org.ix()].id,
            opt(&svc.description),
        ],
        fs.source(&svc.source, crate::model::Provenance::Stated),
    )?;
    for f in &svc.subjects {
        let s = &v.subjects[f.value.ix()].id;
        row(&mut ws[1], &[id, s, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.categories {
        let c = &v.categories[f.value.category.ix()].entry.id;
        let sp = flag(f.value.declared_special);
        row(&mut ws[2], &[id, c, sp, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.purposes {
        let p = &v.purposes[f.value.ix()].id;
        row(&mut ws[3], &[id, p, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.bases {
        // An unresolved citation keeps its words with an empty basis.
        let b = f.value.basis.map_or("", |b| v.bases[b.ix()].id.as_str());
        let cited = f.value.cited.as_str();
        row(&mut ws[4], &[id, b, cited, opt(&f.note)], fs.fact(f))?;
        for p in &f.value.purposes {
            let p = &v.purposes[p.ix()].id;
            row(&mut ws[5], &[id, b, cited, p], fs.fact(f))?;
            n += 1;
        }
    }
    for f in &svc.legislation {
        let l = f
            .value
            .legislation
            .map_or("", |l| v.legislation[l.ix()].id.as_str());
        let c = &f.value;
        let cells = [
            id,
            l,
            &c.cited,
            c.status.as_str(),
            opt(&c.section),
            opt(&f.note),
        ];
        row(&mut ws[6], &cells, fs.fact(f))?;
    }
    for f in &svc.systems {
        let s = &m.systems[f.value.ix()].id;
        row(&mut ws[7], &[id, s, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.rights {
        let r = &v.rights[f.value.ix()].id;
        row(&mut ws[8], &[id, r, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.security {
        row(&mut ws[9], &[id, &f.value, opt(&f.note)], fs.fact(f))?;
    }
    for f in &svc.transfers {
        let t = &f.value;
        let cells = [
            id,
            t.stance.as_str(),
            opt(&t.safeguards),
            opt(&t.destination),
            opt(&f.note),
        ];
        row(&mut ws[10], &cells, fs.fact(f))?;
    }
    for f in &svc.automated {
        row(
            &mut ws[11],
            &[id, f.value.as_str(), opt(&f.note)],
            fs.fact(f),
        )?;
    }
    for f in &svc.requirements {
        let st = f.value.statutory.map_or("", flag);
        let cells = [id, st, opt(&f.value.consequence), opt(&f.note)];
        row(&mut ws[12], &cells, fs.fact(f))?;
    }
    for f in &svc.research {
        let cells = [id, &f.value.form, flag(f.value.archive), opt(&f.note)];
        row(&mut ws[13], &cells, fs.fact(f))?;
    }
    for f in &svc.notes {
        row(&mut ws[14], &[id, &f.value, opt(&f.note)], fs.fact(f))?;
    }
    Ok(n + (svc.subjects.len()
        + svc.categories.len()
        + svc.purposes.len()
        + svc.bases.len()
        + svc.legislation.len()
        + svc.systems.len()
        + svc.rights.len()
        + svc.security.len()
        + svc.transfers.len()
        + svc.automated.len()
        + svc.requirements.len()
        + svc.research.len()
        + svc.notes.len()) as u64)
}

/// `retention`, one row a rule (`retention-<n>`, numbered in model order as in the RDF), and
/// its scope in `retention_subject` and `retention_category`.
fn retention(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let mut n = 0;
    let mut w = fs.open("retention")?;
    let mut wsub = fs.open("retention_subject")?;
    let mut wcat = fs.open("retention_category")?;
    for (i, r) in scope.owned(&m.retention, |x| x.org) {
        let id = format!("retention-{i}");
        let prov = fs.source(&r.source, r.provenance);
        let years = match r.period {
            Period::Years(y) => y.to_string(),
            _ => String::new(),
        };
        row(
            &mut w,
            &[
                &id,
                &m.orgs[r.org.ix()].id,
                &m.services[r.service.ix()].id,
                opt(&r.condition),
                &period_text(&r.period),
                &years,
                &iso_duration(&r.period).unwrap_or_default(),
                r.trigger.as_str(),
                opt(&r.event),
                opt(&r.note),
            ],
            prov,
        )?;
        for s in &r.subjects {
            row(&mut wsub, &[&id, &v.subjects[s.ix()].id], prov)?;
            n += 1;
        }
        for c in &r.categories {
            row(&mut wcat, &[&id, &v.categories[c.ix()].entry.id], prov)?;
            n += 1;
        }
        n += 1;
    }
    for w in [w, wsub, wcat] {
        finish(w)?;
    }
    Ok(n)
}

pub(super) fn flows(fs: &Files<'_>, scope: &Scope) -> Result<u64, ExportError> {
    let m = fs.model;
    let v = &m.vocab;
    let mut n = 0;
    let mut wf = fs.open("flow")?;
    let mut wc = fs.open("flow_category")?;
    let mut wb = fs.open("flow_basis")?;
    let mut wp = fs.open("flow_purpose")?;
    let mut id = String::new();
    for (i, f) in m.flows.iter().enumerate() {
        if !scope.org_in(m.flow_org(f).ix()) {
            continue;
        }
        id.clear();
        id.push_str("flow-");
        id.push_str(&i.to_string());
        let cond = f.condition().map_or("", |c| m.text(c));
        row(
            &mut wf,
            &[
                &id,
                &m.orgs[m.flow_org(f).ix()].id,
                &m.services[f.service.ix()].id,
                &m.parties[f.party.ix()].id,
                f.direction().as_str(),
                cond,
                f.categories_provenance().as_str(),
                f.bases_provenance().as_str(),
                f.purposes_provenance().as_str(),
                f.party_provenance().as_str(),
            ],
            fs.source(&f.source, f.provenance()),
        )?;
        for &c in m.categories_of(f) {
            let prov = fs.source(&f.source, f.categories_provenance());
            row(&mut wc, &[&id, &v.categories[c.ix()].entry.id], prov)?;
        }
        for &b in m.bases_of(f) {
            let prov = fs.source(&f.source, f.bases_provenance());
            row(&mut wb, &[&id, &v.bases[b.ix()].id], prov)?;
        }
        for &p in m.purposes_of(f) {
            let prov = fs.source(&f.source, f.purposes_provenance());
            row(&mut wp, &[&id, &v.purposes[p.ix()].id], prov)?;
        }
        n += 1;
    }
    for w in [wf, wc, wb, wp] {
        finish(w)?;
    }
    Ok(n)
}
