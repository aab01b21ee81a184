//! The things the RDF export makes resources of beside flows and services: an organisation's
//! contact points and its data protection officer, the systems services name, and retention
//! rules with their durations (docs/interop.md has the shape).

use super::{Out, Reified, fact_iri, said};
use crate::export::Scope;
use crate::export::iri::{self, BV, DPV, LEGAL_GB, RDF, RDFS};
use crate::model::{Period, Provenance};
use std::io::{self, Write};

/// An organisation's contact points as `bv:ContactPoint` resources, one per distinct role, kind
/// and value, each linked with `dpv:hasContact` from whose it is: the controller, its data
/// protection officer (a `dpv:DataProtectionOfficer` the controller
/// `dpv:hasDataProtectionOfficer`), or the Information Commissioner (`legal-gb:DPA-GB`) where
/// the notice gives the ICO's details. Each link is reified with every notice that gives it.
pub(super) fn contacts<W: Write>(
    out: &mut Out<'_, W>,
    org: &str,
    o: &crate::model::Org,
) -> io::Result<()> {
    if o.contacts.is_empty() {
        return Ok(());
    }
    let dpo = iri::id("dpo", &o.id);
    let ico = format!("{LEGAL_GB}DPA-GB");
    if o.contacts.iter().any(|c| c.value.role == "dpo") {
        out.iri(org, DPV, "hasDataProtectionOfficer", &dpo)?;
        out.a(&dpo, DPV, "DataProtectionOfficer")?;
        out.lit(
            &dpo,
            RDFS,
            "label",
            &format!("Data Protection Officer of {}", o.name),
        )?;
    }
    // The distinct contact points, numbered in first-seen order.
    let mut points: Vec<(&str, &str, &str)> = Vec::new();
    let mut node_of = Vec::with_capacity(o.contacts.len());
    for c in &o.contacts {
        let key = (
            c.value.role.as_str(),
            c.value.kind.as_str(),
            c.value.value.as_str(),
        );
        let n = match points.iter().position(|p| *p == key) {
            Some(n) => n,
            None => {
                points.push(key);
                points.len() - 1
            }
        };
        node_of.push(iri::id("contact", &format!("{}-{}", o.id, n + 1)));
    }
    for (n, (role, kind, value)) in points.iter().enumerate() {
        let s = iri::id("contact", &format!("{}-{}", o.id, n + 1));
        out.a(&s, BV, "ContactPoint")?;
        out.lit(&s, BV, "contactRole", role)?;
        out.lit(&s, BV, "contactKind", kind)?;
        out.lit(&s, RDF, "value", value)?;
    }
    let mut r = Reified::new(org, "org", &o.id);
    for direct in [true, false] {
        r.direct = direct;
        for (c, node) in o.contacts.iter().zip(&node_of) {
            r.subject = match c.value.role.as_str() {
                "dpo" => &dpo,
                "ico" => &ico,
                _ => org,
            };
            fact_iri(out, &mut r, DPV, "hasContact", node, said(c, None))?;
        }
    }
    Ok(())
}

/// The systems services name (`bv:storedIn`): a `dpv:Technology` with its name, the
/// controller that uses it, and the notice that names it.
pub(super) fn systems<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    for (i, sys) in scope.owned(&m.systems, |x| x.org) {
        let s = out.ids.system(crate::model::SystemIx(i as u32));
        out.labelled(&s, DPV, "Technology", &sys.name)?;
        out.iri(&s, BV, "usedBy", &out.ids.org(sys.org))?;
        out.source(&s, &sys.source, Provenance::Stated)?;
    }
    Ok(())
}

/// A period in words, as the notice gives it.
pub(crate) fn period_text(p: &Period) -> String {
    match p {
        Period::Years(y) => format!("{y} years"),
        Period::Months(n) => format!("{n} months"),
        Period::Weeks(n) => format!("{n} weeks"),
        Period::Days(n) => format!("{n} days"),
        Period::UntilEvent(e) => format!("until {e}"),
        Period::Range { min, max } => format!("{min} to {max} years"),
        Period::UntilAge(a) => format!("until age {a}"),
        Period::Schedule(s) => format!("as set out in {s}"),
        Period::Indefinite => "indefinitely".to_string(),
    }
}

/// An exact period as an ISO 8601 duration (`P6Y`, `P26M`, `P30D`); `None` for any other.
pub(crate) fn iso_duration(p: &Period) -> Option<String> {
    match p {
        Period::Years(n) => Some(format!("P{n}Y")),
        Period::Months(n) => Some(format!("P{n}M")),
        Period::Weeks(n) => Some(format!("P{n}W")),
        Period::Days(n) => Some(format!("P{n}D")),
        _ => None,
    }
}

/// The rule's `dpv:hasDuration`: `dpv:EndlessDuration` for "indefinitely", else a node of its
/// own (`retention:<n>-duration`) labelled with the period — a `dpv:TemporalDuration` with its
/// ISO 8601 `rdf:value` for an exact period or a range, a `dpv:UntilEventDuration` for one
/// that runs until an event or an age, a `dpv:Duration` for one a schedule sets.
fn duration<W: Write>(out: &mut Out<'_, W>, s: &str, p: &Period, text: &str) -> io::Result<()> {
    let class = match p {
        Period::Indefinite => {
            return out.iri(s, DPV, "hasDuration", &format!("{DPV}EndlessDuration"));
        }
        Period::Years(_)
        | Period::Months(_)
        | Period::Weeks(_)
        | Period::Days(_)
        | Period::Range { .. } => "TemporalDuration",
        Period::UntilEvent(_) | Period::UntilAge(_) => "UntilEventDuration",
        Period::Schedule(_) => "Duration",
    };
    let d = format!("{s}-duration");
    out.iri(s, DPV, "hasDuration", &d)?;
    out.labelled(&d, DPV, class, text)?;
    if let Some(iso) = iso_duration(p) {
        out.typed(&d, RDF, "value", &iso, "duration")?;
    }
    Ok(())
}

pub(super) fn retention<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    for (n, r) in scope.owned(&m.retention, |x| x.org) {
        let s = format!("{}retention/{n}", iri::BID);
        let service = out.ids.service(r.service);
        out.iri(&service, DPV, "hasStorageCondition", &s)?;
        out.a(&s, DPV, "StorageDuration")?;
        out.iri(&s, BV, "service", &service)?;
        let period = period_text(&r.period);
        out.lit(&s, BV, "period", &period)?;
        duration(out, &s, &r.period, &period)?;
        out.lit(&s, BV, "trigger", r.trigger.as_str())?;
        for &sub in &r.subjects {
            out.iri(&s, DPV, "hasDataSubject", &out.ids.subject(sub))?;
        }
        for &c in &r.categories {
            out.iri(&s, DPV, "hasPersonalData", &out.ids.category(c))?;
        }
        if let Some(c) = &r.condition {
            out.lit(&s, BV, "condition", c)?;
        }
        out.source(&s, &r.source, Provenance::Stated)?;
    }
    Ok(())
}
