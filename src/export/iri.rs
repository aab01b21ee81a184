//! The IRIs of the RDF export: W3C DPV 2.3 terms, legislation.gov.uk ids for Acts and
//! articles, and the terms basis mints where DPV has none (docs/interop.md lists them).

use crate::model::{Basis, Law, Legislation, Model};
use std::fmt::Write;

/// W3C DPV core (`dpv:`).
pub(crate) const DPV: &str = "https://w3id.org/dpv#";
/// DPV personal-data extension (`pd:`).
pub(crate) const PD: &str = "https://w3id.org/dpv/pd#";
/// DPV's GDPR extension: the legal-basis concepts (`eu-gdpr:A9-2-h`).
pub(crate) const EU_GDPR: &str = "https://w3id.org/dpv/legal/eu/gdpr#";
/// DPV's United Kingdom extension: the UK GDPR and DPA 2018 as laws (`legal-gb:law-DPA`).
pub(crate) const LEGAL_GB: &str = "https://w3id.org/dpv/legal/gb#";
/// The properties and classes basis mints (`bv:quote`, `bv:provenance`, …).
pub(crate) const BV: &str = "https://w3id.org/basis/ns#";
/// The things of a dataset and of basis's vocabularies (`bid:flow/12`, `bid:category/health`).
pub(crate) const BID: &str = "https://w3id.org/basis/id/";
/// legislation.gov.uk ids: `leg:ukpga/1989/41`.
pub(crate) const LEG: &str = "http://www.legislation.gov.uk/id/";
/// RDF.
pub(crate) const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RDF Schema.
pub(crate) const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// SKOS.
pub(crate) const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// PROV-O.
pub(crate) const PROV: &str = "http://www.w3.org/ns/prov#";
/// Dublin Core terms.
pub(crate) const DCT: &str = "http://purl.org/dc/terms/";
/// XML Schema datatypes.
pub(crate) const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The prefixes written at the head of Turtle and in the JSON-LD context: one for each kind
/// of thing under [`BID`], so that `category:health` reads as what it is.
pub(crate) const PREFIXES: &[(&str, &str)] = &[
    ("dpv", DPV),
    ("pd", PD),
    ("eu-gdpr", EU_GDPR),
    ("legal-gb", LEGAL_GB),
    ("bv", BV),
    ("org", "https://w3id.org/basis/id/org/"),
    ("notice", "https://w3id.org/basis/id/notice/"),
    ("service", "https://w3id.org/basis/id/service/"),
    ("party", "https://w3id.org/basis/id/party/"),
    ("flow", "https://w3id.org/basis/id/flow/"),
    ("fact", "https://w3id.org/basis/id/fact/"),
    ("retention", "https://w3id.org/basis/id/retention/"),
    ("contact", "https://w3id.org/basis/id/contact/"),
    ("dpo", "https://w3id.org/basis/id/dpo/"),
    ("system", "https://w3id.org/basis/id/system/"),
    ("category", "https://w3id.org/basis/id/category/"),
    ("subject", "https://w3id.org/basis/id/subject/"),
    ("purpose", "https://w3id.org/basis/id/purpose/"),
    ("party-type", "https://w3id.org/basis/id/party-type/"),
    ("basis", "https://w3id.org/basis/id/basis/"),
    ("right", "https://w3id.org/basis/id/right/"),
    ("legislation", "https://w3id.org/basis/id/legislation/"),
    ("leg", LEG),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("skos", SKOS),
    ("prov", PROV),
    ("dct", DCT),
    ("xsd", XSD),
];

/// Appends `s` to `out` with every byte outside the IRI-unreserved set (`A-Z a-z 0-9 - . _ ~`)
/// percent-encoded, so an id from a user's file always makes a valid IRI.
pub(crate) fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// `bid:<kind>/<id>`, the id percent-encoded.
pub(crate) fn id(kind: &str, id: &str) -> String {
    let mut s = String::with_capacity(BID.len() + kind.len() + id.len() + 1);
    s.push_str(BID);
    s.push_str(kind);
    s.push('/');
    encode_into(&mut s, id);
    s
}

/// The full IRI of a vocabulary's `dpv` value: `pd:X`, `dpv:X`, or a bare eu-gdpr legal-basis
/// id (`A9-2-h`, in `bases.toml`). `None` for an unknown prefix (the DPV test catches those
/// in the shipped vocabularies; a user's own vocabulary simply loses the mapping).
pub(crate) fn dpv_term(term: &str) -> Option<String> {
    let (ns, local) = match term.split_once(':') {
        Some(("pd", t)) => (PD, t),
        Some(("dpv", t)) => (DPV, t),
        Some(("eu-gdpr", t)) => (EU_GDPR, t),
        Some(_) => return None,
        None => (EU_GDPR, term),
    };
    let mut s = String::from(ns);
    encode_into(&mut s, local);
    Some(s)
}

/// The IRI a flow or service names for a lawful basis: DPV's GDPR concept where DPV has one
/// (`eu-gdpr:A9-2-h`), else the basis's own (`bid:basis/a10`, `bid:basis/sch1-para6`).
pub(crate) fn basis(b: &Basis) -> String {
    b.dpv
        .as_deref()
        .and_then(dpv_term)
        .unwrap_or_else(|| id("basis", &b.id))
}

/// The legislation.gov.uk page of a basis's provision: the UK GDPR article or the DPA 2018
/// Schedule 1 paragraph.
pub(crate) fn basis_source(b: &Basis) -> Option<String> {
    match b.law {
        Law::UkGdpr => b
            .article
            .map(|a| format!("http://www.legislation.gov.uk/eur/2016/679/article/{a}")),
        Law::Dpa2018 => b.paragraph.map(|p| {
            format!(
                "http://www.legislation.gov.uk/ukpga/2018/12/schedule/{}/paragraph/{p}",
                b.schedule.unwrap_or(1)
            )
        }),
    }
}

/// DPV's United Kingdom law a basis comes from: `legal-gb:law-GDPR` (the UK GDPR) or
/// `legal-gb:law-DPA`.
pub(crate) fn basis_law(b: &Basis) -> String {
    match b.law {
        Law::UkGdpr => format!("{LEGAL_GB}law-GDPR"),
        Law::Dpa2018 => format!("{LEGAL_GB}law-DPA"),
    }
}

/// An instrument's legislation.gov.uk id (`leg:ukpga/1989/41`), or basis's own when the
/// registry gives none.
pub(crate) fn legislation(l: &Legislation) -> String {
    match &l.gov_uk {
        Some(path) => {
            let mut s = String::from(LEG);
            // Keep the slashes of `ukpga/1989/41`; encode the rest of each segment.
            for (i, seg) in path.split('/').enumerate() {
                if i > 0 {
                    s.push('/');
                }
                encode_into(&mut s, seg);
            }
            s
        }
        None => id("legislation", &l.id),
    }
}

/// The DPV GDPR-extension rights a basis right (by its `article`) matches, each with its SKOS
/// relation: the same article is `exactMatch` (the UK GDPR keeps the EU numbering of
/// Chapter III, as for Arts. 6 and 9); Art. 21(2) is narrower than `eu-gdpr:A21`
/// (`broadMatch`); "13–14" covers `A13` and `A14` (`narrowMatch` each); Arts. 22A–22D, which
/// replaced Art. 22 (Data (Use and Access) Act 2025 s.80, in force 5 February 2026), are
/// `closeMatch` `A22`. Anything else (DPA 2018 s.164A) matches nothing. Every IRI is in the
/// DPV 2.3 term index (tests/fixtures/dpv-2.3/eu-gdpr.csv; the export test checks).
pub(crate) fn right_matches(article: &str) -> Vec<(&'static str, String)> {
    let gdpr = |a: &str| format!("{EU_GDPR}{a}");
    match article {
        "15" | "16" | "17" | "18" | "19" | "20" | "21" | "77" | "78" | "79" => {
            vec![("exactMatch", gdpr(&format!("A{article}")))]
        }
        "7(3)" => vec![("exactMatch", gdpr("A7-3"))],
        "21(2)" => vec![("broadMatch", gdpr("A21"))],
        "13–14" | "13-14" => vec![("narrowMatch", gdpr("A13")), ("narrowMatch", gdpr("A14"))],
        "13" | "14" => vec![("exactMatch", gdpr(&format!("A{article}")))],
        "22" | "22A–22D" | "22A-22D" => vec![("closeMatch", gdpr("A22"))],
        _ => Vec::new(),
    }
}

/// `bid:flow/<n>`: flows are numbered in model order, stable for one dataset.
pub(crate) fn flow(n: usize) -> String {
    format!("{BID}flow/{n}")
}

/// The IRIs of the organisation's things, for the walkers.
pub(crate) struct Ids<'m> {
    pub model: &'m Model,
}

impl Ids<'_> {
    pub(crate) fn org(&self, o: crate::model::OrgIx) -> String {
        id("org", &self.model.orgs[o.ix()].id)
    }
    pub(crate) fn notice(&self, n: crate::model::NoticeIx) -> String {
        id("notice", &self.model.notices[n.ix()].id)
    }
    pub(crate) fn service(&self, s: crate::model::ServiceIx) -> String {
        id("service", &self.model.services[s.ix()].id)
    }
    pub(crate) fn party(&self, p: crate::model::PartyIx) -> String {
        id("party", &self.model.parties[p.ix()].id)
    }
    pub(crate) fn category(&self, c: crate::model::CategoryIx) -> String {
        id("category", &self.model.vocab.categories[c.ix()].entry.id)
    }
    pub(crate) fn subject(&self, s: crate::model::SubjectIx) -> String {
        id("subject", &self.model.vocab.subjects[s.ix()].id)
    }
    pub(crate) fn purpose(&self, p: crate::model::PurposeIx) -> String {
        id("purpose", &self.model.vocab.purposes[p.ix()].id)
    }
    pub(crate) fn party_type(&self, p: crate::model::PartyTypeIx) -> String {
        id("party-type", &self.model.vocab.party_types[p.ix()].id)
    }
    pub(crate) fn basis(&self, b: crate::model::BasisIx) -> String {
        basis(&self.model.vocab.bases[b.ix()])
    }
    pub(crate) fn right(&self, r: crate::model::RightIx) -> String {
        id("right", &self.model.vocab.rights[r.ix()].id)
    }
    pub(crate) fn system(&self, s: crate::model::SystemIx) -> String {
        id("system", &self.model.systems[s.ix()].id)
    }
    pub(crate) fn legislation(&self, l: crate::model::LegislationIx) -> String {
        legislation(&self.model.vocab.legislation[l.ix()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_files_make_valid_iris() {
        assert_eq!(
            id("party", "a b/é"),
            "https://w3id.org/basis/id/party/a%20b%2F%C3%A9"
        );
        assert!(oxrdf::NamedNode::new(id("org", "x<y>\"{}|^`\\")).is_ok());
    }

    #[test]
    fn dpv_values_expand_by_prefix() {
        assert_eq!(
            dpv_term("pd:BirthDate").as_deref(),
            Some("https://w3id.org/dpv/pd#BirthDate")
        );
        assert_eq!(
            dpv_term("A9-2-h").as_deref(),
            Some("https://w3id.org/dpv/legal/eu/gdpr#A9-2-h")
        );
        assert_eq!(dpv_term("foaf:Person"), None);
    }
}
