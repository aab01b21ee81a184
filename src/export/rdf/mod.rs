//! The model as RDF (Turtle, N-Triples, JSON-LD) in W3C DPV 2.3 terms, written triple by
//! triple as the model is walked: nothing but the serializer's current subject is held, so
//! a national snapshot exports in the memory the model already takes.
//!
//! The shape (docs/interop.md has it in full): a flow is a `dpv:Process` with its controller,
//! recipient or source, personal data, legal bases and purposes, and its provenance — the
//! notice (`prov:wasDerivedFrom`), the quote (`bv:quote`) and whether the notice states it
//! of the flow or of the service (`bv:provenance bv:stated|bv:implied`, and per field). A
//! service's facts are direct triples, each also reified (`rdf:Statement`) with its own
//! notice, quote and provenance.

use super::Scope;
mod resource;

pub(crate) use resource::{iso_duration, period_text};

use super::bv::{TERMS, TermKind};
use super::iri::{self, BV, DCT, DPV, Ids, PROV, RDF, RDFS, SKOS, XSD};
use crate::model::{Direction, Fact, Hierarchy, Model, Provenance, Source, TreeEntry};
use oxrdf::{LiteralRef, NamedNodeRef, TermRef, TripleRef};
use resource::{contacts, retention, systems};
use rustc_hash::FxHashSet;
use std::io::{self, Write};

/// An RDF syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RdfSyntax {
    /// Turtle, with prefixes.
    Turtle,
    /// N-Triples: one triple a line, the form bulk loaders read fastest.
    NTriples,
    /// JSON-LD (streaming form: a `@graph` of node objects).
    JsonLd,
}

/// One of oxttl's or oxjsonld's streaming writers.
enum Serializer<W: Write> {
    Turtle(oxttl::turtle::WriterTurtleSerializer<W>),
    NTriples(oxttl::ntriples::WriterNTriplesSerializer<W>),
    JsonLd(oxjsonld::WriterJsonLdSerializer<W>),
}

/// The prefix IRIs are constants; their parse error cannot happen, but is not unwrapped.
fn bad_prefix(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl<W: Write> Serializer<W> {
    fn new(syntax: RdfSyntax, w: W) -> io::Result<Self> {
        Ok(match syntax {
            RdfSyntax::Turtle => {
                let mut s = oxttl::TurtleSerializer::new();
                for (p, ns) in iri::PREFIXES {
                    s = s.with_prefix(*p, *ns).map_err(bad_prefix)?;
                }
                Serializer::Turtle(s.for_writer(w))
            }
            RdfSyntax::NTriples => {
                Serializer::NTriples(oxttl::NTriplesSerializer::new().for_writer(w))
            }
            RdfSyntax::JsonLd => {
                let mut s = oxjsonld::JsonLdSerializer::new();
                for (p, ns) in iri::PREFIXES {
                    s = s.with_prefix(*p, *ns).map_err(bad_prefix)?;
                }
                Serializer::JsonLd(s.for_writer(w))
            }
        })
    }

    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()> {
        match self {
            Serializer::Turtle(s) => s.serialize_triple(t),
            Serializer::NTriples(s) => s.serialize_triple(t),
            Serializer::JsonLd(s) => {
                s.serialize_quad(t.in_graph(oxrdf::GraphNameRef::DefaultGraph))
            }
        }
    }

    fn finish(self) -> io::Result<W> {
        match self {
            Serializer::Turtle(s) => s.finish(),
            Serializer::NTriples(s) => Ok(s.finish()),
            Serializer::JsonLd(s) => s.finish(),
        }
    }
}

/// Writes triples; subjects and IRI objects are full IRIs, predicates `prefix + local`.
struct Out<'a, W: Write> {
    ser: Serializer<W>,
    pred: String,
    ids: Ids<'a>,
    triples: u64,
}

impl<W: Write> Out<'_, W> {
    fn emit(&mut self, s: &str, ns: &str, local: &str, o: TermRef<'_>) -> io::Result<()> {
        self.pred.clear();
        self.pred.push_str(ns);
        self.pred.push_str(local);
        self.triples += 1;
        self.ser.triple(TripleRef::new(
            NamedNodeRef::new_unchecked(s),
            NamedNodeRef::new_unchecked(&self.pred),
            o,
        ))
    }
    /// `s ns:local <o>`.
    fn iri(&mut self, s: &str, ns: &str, local: &str, o: &str) -> io::Result<()> {
        self.emit(s, ns, local, NamedNodeRef::new_unchecked(o).into())
    }
    /// `s ns:local "o"`.
    fn lit(&mut self, s: &str, ns: &str, local: &str, o: &str) -> io::Result<()> {
        self.emit(s, ns, local, LiteralRef::new_simple_literal(o).into())
    }
    /// `s ns:local "o"^^xsd:type`.
    fn typed(&mut self, s: &str, ns: &str, local: &str, o: &str, ty: &str) -> io::Result<()> {
        let dt = format!("{XSD}{ty}");
        self.emit(
            s,
            ns,
            local,
            LiteralRef::new_typed_literal(o, NamedNodeRef::new_unchecked(&dt)).into(),
        )
    }
    /// `s a ns:local`.
    fn a(&mut self, s: &str, ns: &str, local: &str) -> io::Result<()> {
        let o = format!("{ns}{local}");
        self.iri(s, RDF, "type", &o)
    }
    /// `s` is an `ns:local` named `label` (`rdf:type`, then `rdfs:label`).
    fn labelled(&mut self, s: &str, ns: &str, local: &str, label: &str) -> io::Result<()> {
        self.a(s, ns, local)?;
        self.lit(s, RDFS, "label", label)
    }
    /// The provenance of a fact on its node: notice, quote, stated, implied or inferred.
    fn source(&mut self, s: &str, src: &Source, prov: Provenance) -> io::Result<()> {
        let n = self.ids.notice(src.notice);
        self.iri(s, PROV, "wasDerivedFrom", &n)?;
        let q = self.ids.model.quote(src);
        self.lit(s, BV, "quote", q)?;
        self.iri(s, BV, "provenance", &format!("{BV}{}", prov.as_str()))
    }
}

/// Writes the model (or one organisation's part of it) to `w`; returns the number of triples.
pub(crate) fn write_rdf<W: Write>(
    model: &Model,
    scope: &Scope,
    syntax: RdfSyntax,
    w: W,
) -> io::Result<u64> {
    let mut out = Out {
        ser: Serializer::new(syntax, w)?,
        pred: String::new(),
        ids: Ids { model },
        triples: 0,
    };
    declarations(&mut out)?;
    vocabularies(&mut out)?;
    orgs(&mut out, scope)?;
    systems(&mut out, scope)?;
    parties(&mut out, scope)?;
    services(&mut out, scope)?;
    flows(&mut out, scope)?;
    retention(&mut out, scope)?;
    let n = out.triples;
    out.ser.finish()?.flush()?;
    Ok(n)
}

/// The `bv:` terms, each an `rdf:Property`, `rdfs:Class` or `bv:Provenance` with its label
/// and definition.
fn declarations<W: Write>(out: &mut Out<'_, W>) -> io::Result<()> {
    for t in TERMS {
        let s = format!("{BV}{}", t.local);
        match t.kind {
            TermKind::Property => out.a(&s, RDF, "Property")?,
            TermKind::Class(sup) => {
                out.a(&s, RDFS, "Class")?;
                if let Some(sup) = sup {
                    out.iri(&s, RDFS, "subClassOf", sup)?;
                }
            }
            TermKind::Provenance => out.a(&s, BV, "Provenance")?,
        }
        out.lit(&s, RDFS, "label", t.label)?;
        out.lit(&s, RDFS, "comment", t.comment)?;
        out.iri(&s, RDFS, "isDefinedBy", BV)?;
    }
    Ok(())
}

/// A tree vocabulary as SKOS concepts with their DPV matches.
fn tree<W: Write>(
    out: &mut Out<'_, W>,
    kind: &str,
    class: &str,
    entries: &[&TreeEntry],
    tree: &Hierarchy,
) -> io::Result<()> {
    for (i, e) in entries.iter().enumerate() {
        let s = iri::id(kind, &e.id);
        out.a(&s, SKOS, "Concept")?;
        out.a(&s, DPV, class)?;
        out.lit(&s, SKOS, "prefLabel", &e.name)?;
        if let Some(p) = tree.parent(i as u32) {
            out.iri(&s, SKOS, "broader", &iri::id(kind, &entries[p as usize].id))?;
        }
        // One DPV concept is the same concept; several are each narrower than ours.
        let rel = if e.dpv.len() == 1 {
            "exactMatch"
        } else {
            "narrowMatch"
        };
        for t in e.dpv.iter().filter_map(|t| iri::dpv_term(t)) {
            out.iri(&s, SKOS, rel, &t)?;
        }
        if let Some(d) = &e.description {
            out.lit(&s, SKOS, "definition", d)?;
        }
    }
    Ok(())
}

fn vocabularies<W: Write>(out: &mut Out<'_, W>) -> io::Result<()> {
    let v = &out.ids.model.vocab;
    let cats: Vec<&TreeEntry> = v.categories.iter().map(|c| &c.entry).collect();
    tree(out, "category", "PersonalData", &cats, &v.category_tree)?;
    for c in &v.categories {
        let s = iri::id("category", &c.entry.id);
        if c.special {
            out.a(&s, DPV, "SpecialCategoryPersonalData")?;
        }
        if c.criminal {
            out.a(&s, BV, "CriminalOffenceData")?;
        }
    }
    let subjects: Vec<&TreeEntry> = v.subjects.iter().collect();
    tree(out, "subject", "DataSubject", &subjects, &v.subject_tree)?;
    let purposes: Vec<&TreeEntry> = v.purposes.iter().collect();
    tree(out, "purpose", "Purpose", &purposes, &v.purpose_tree)?;
    let types: Vec<&TreeEntry> = v.party_types.iter().collect();
    tree(out, "party-type", "Entity", &types, &v.party_type_tree)?;
    for b in &v.bases {
        let s = iri::id("basis", &b.id);
        out.labelled(&s, DPV, "LegalBasis", &b.name)?;
        out.lit(&s, BV, "citation", &b.citation())?;
        out.iri(&s, DPV, "hasApplicableLaw", &iri::basis_law(b))?;
        if let Some(src) = iri::basis_source(b) {
            out.iri(&s, RDFS, "seeAlso", &src)?;
        }
        if let Some(t) = b.dpv.as_deref().and_then(iri::dpv_term) {
            out.iri(&s, SKOS, "exactMatch", &t)?;
        }
        if let Some(d) = &b.description {
            out.lit(&s, SKOS, "definition", d)?;
        }
    }
    for l in &v.legislation {
        let s = iri::legislation(l);
        out.labelled(&s, DPV, "Law", &l.title)?;
        out.typed(&s, DCT, "date", &l.year.to_string(), "gYear")?;
    }
    for r in &v.rights {
        let s = iri::id("right", &r.id);
        out.labelled(&s, DPV, "DataSubjectRight", &r.name)?;
        out.lit(&s, BV, "article", &r.article)?;
        for (rel, t) in iri::right_matches(&r.article) {
            out.iri(&s, SKOS, rel, &t)?;
        }
    }
    Ok(())
}

fn orgs<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    for o in scope.orgs(&m.orgs) {
        let s = iri::id("org", &o.id);
        out.labelled(&s, DPV, "DataController", &o.name)?;
        out.iri(&s, BV, "partyType", &out.ids.party_type(o.org_type))?;
        if let Some(f) = &o.ico_registration {
            out.lit(&s, BV, "icoRegistration", &f.value)?;
        }
        contacts(out, &s, o)?;
    }
    for (i, n) in scope.owned(&m.notices, |x| x.org) {
        let s = out.ids.notice(crate::model::NoticeIx(i as u32));
        out.a(&s, DPV, "Notice")?;
        out.lit(&s, DCT, "title", &n.title)?;
        out.iri(&s, DCT, "publisher", &out.ids.org(n.org))?;
        out.lit(&s, BV, "file", &n.file)?;
        if let Some(u) = &n.url {
            out.lit(&s, DCT, "source", u)?;
        }
    }
    Ok(())
}

fn parties<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    for p in scope.parties(&m.parties) {
        let s = iri::id("party", &p.id);
        out.labelled(&s, DPV, "LegalEntity", &p.name)?;
        for t in p.types() {
            out.iri(&s, BV, "partyType", &out.ids.party_type(t))?;
        }
        if p.generic {
            out.typed(&s, BV, "generic", "true", "boolean")?;
        }
        if let Some(o) = p.org {
            out.iri(&s, BV, "isOrganisation", &out.ids.org(o))?;
        }
    }
    Ok(())
}

/// The reified statements about one subject: `fact:<kind>-<id>-<n>`, numbered in the
/// order the dataset gives the facts, so the same data always gives the same IRIs.
///
/// A subject's facts are walked twice: first the direct triples (so Turtle writes them as one
/// block), then the statements about them.
struct Reified<'a> {
    subject: &'a str,
    key: String,
    n: usize,
    /// The first pass: direct triples only.
    direct: bool,
    /// The direct triples written so far (predicate and object), so that a fact two notices
    /// (or two passages) state gives one triple and two statements: bounded by one subject's
    /// facts.
    written: FxHashSet<(String, String)>,
}

impl<'a> Reified<'a> {
    fn new(subject: &'a str, kind: &str, id: &str) -> Self {
        let mut key = String::from(kind);
        key.push('-');
        iri::encode_into(&mut key, id);
        Reified {
            subject,
            key,
            n: 0,
            direct: true,
            written: FxHashSet::default(),
        }
    }
    /// Whether the direct triple `subject p o` is new (`lit` tells a literal from an IRI).
    fn first(&mut self, p: &str, o: &str, lit: bool) -> bool {
        let mark = if lit { "\"" } else { "" };
        let p = format!("{}\n{mark}{p}", self.subject);
        self.written.insert((p, o.to_string()))
    }
    fn node(&mut self) -> String {
        self.n += 1;
        format!("{}fact/{}-{}", iri::BID, self.key, self.n)
    }
}

/// Where a service's fact comes from: its source, whether it is stated or inferred by the
/// encoder, and for an inferred one the note saying why.
#[derive(Clone, Copy)]
struct Said<'a> {
    source: &'a Source,
    provenance: Provenance,
    note: Option<&'a str>,
}

/// What a fact rests on; `note` is the fact's remark (a citation keeps its own).
fn said<'a, T>(f: &'a Fact<T>, note: Option<&'a str>) -> Said<'a> {
    Said {
        source: &f.source,
        provenance: f.provenance,
        note: note.or(f.note.as_deref()),
    }
}

impl<W: Write> Out<'_, W> {
    /// The reified statement's evidence: notice, quote, provenance, and for an inferred fact
    /// `bv:note` with the encoder's reason.
    fn said(&mut self, st: &str, s: Said<'_>) -> io::Result<()> {
        self.source(st, s.source, s.provenance)?;
        match s.note {
            Some(n) if s.provenance == Provenance::Inferred => self.lit(st, BV, "note", n),
            _ => Ok(()),
        }
    }
}

/// [`fact_iri`] for each fact of a list of references, its object the IRI `iri` gives the
/// value.
fn fact_iris<'m, W: Write, T: Copy>(
    out: &mut Out<'m, W>,
    r: &mut Reified<'_>,
    ns: &str,
    p: &str,
    facts: &[Fact<T>],
    iri: fn(&Ids<'m>, T) -> String,
) -> io::Result<()> {
    for f in facts {
        let o = iri(&out.ids, f.value);
        fact_iri(out, r, ns, p, &o, said(f, None))?;
    }
    Ok(())
}

/// `s ns:p o` and its reification with notice, quote and provenance (stated, or inferred by
/// the encoder with its note).
fn fact_iri<W: Write>(
    out: &mut Out<'_, W>,
    r: &mut Reified<'_>,
    ns: &str,
    p: &str,
    o: &str,
    src: Said<'_>,
) -> io::Result<Option<String>> {
    if r.direct {
        if r.first(&format!("{ns}{p}"), o, false) {
            out.iri(r.subject, ns, p, o)?;
        }
        return Ok(None);
    }
    let st = r.node();
    out.a(&st, RDF, "Statement")?;
    out.iri(&st, RDF, "subject", r.subject)?;
    out.iri(&st, RDF, "predicate", &format!("{ns}{p}"))?;
    out.iri(&st, RDF, "object", o)?;
    out.said(&st, src)?;
    Ok(Some(st))
}

/// A literal fact: `s bv:p "text"`, reified the same way.
fn fact_lit<W: Write>(
    out: &mut Out<'_, W>,
    r: &mut Reified<'_>,
    p: &str,
    text: &str,
    src: Said<'_>,
) -> io::Result<()> {
    if r.direct {
        if r.first(p, text, true) {
            out.lit(r.subject, BV, p, text)?;
        }
        return Ok(());
    }
    let st = r.node();
    out.a(&st, RDF, "Statement")?;
    out.iri(&st, RDF, "subject", r.subject)?;
    out.iri(&st, RDF, "predicate", &format!("{BV}{p}"))?;
    out.lit(&st, RDF, "object", text)?;
    out.said(&st, src)
}

fn services<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    for (i, svc) in scope.owned(&m.services, |x| x.org) {
        let s = out.ids.service(crate::model::ServiceIx(i as u32));
        out.labelled(&s, DPV, "Process", &svc.name)?;
        out.iri(&s, DPV, "hasDataController", &out.ids.org(svc.org))?;
        out.source(&s, &svc.source, Provenance::Stated)?;
        if let Some(d) = &svc.description {
            out.lit(&s, DCT, "description", d)?;
        }
        let mut r = Reified::new(&s, "service", &svc.id);
        for direct in [true, false] {
            r.direct = direct;
            service_facts(out, &mut r, svc)?;
        }
    }
    Ok(())
}

fn service_facts<W: Write>(
    out: &mut Out<'_, W>,
    r: &mut Reified<'_>,
    svc: &crate::model::Service,
) -> io::Result<()> {
    fact_iris(out, r, DPV, "hasDataSubject", &svc.subjects, Ids::subject)?;
    for f in &svc.categories {
        let st = fact_iri(
            out,
            r,
            DPV,
            "hasPersonalData",
            &out.ids.category(f.value.category),
            said(f, None),
        )?;
        if let Some(st) = st.filter(|_| f.value.declared_special) {
            out.typed(&st, BV, "declaredSpecial", "true", "boolean")?;
        }
    }
    fact_iris(out, r, DPV, "hasPurpose", &svc.purposes, Ids::purpose)?;
    service_citations(out, r, svc)?;
    service_mentions(out, r, svc)
}

/// A service's lawful bases and legislation, with the notice's words; a citation of no real
/// basis or instrument keeps the notice's words and says so.
fn service_citations<W: Write>(
    out: &mut Out<'_, W>,
    r: &mut Reified<'_>,
    svc: &crate::model::Service,
) -> io::Result<()> {
    for f in &svc.bases {
        match f.value.basis {
            Some(b) => {
                if let Some(st) = fact_iri(
                    out,
                    r,
                    DPV,
                    "hasLegalBasis",
                    &out.ids.basis(b),
                    said(f, f.value.note.as_deref()),
                )? {
                    out.lit(&st, BV, "cited", &f.value.cited)?;
                }
            }
            None => fact_lit(
                out,
                r,
                "unresolvedBasis",
                &f.value.cited,
                said(f, f.value.note.as_deref()),
            )?,
        }
    }
    for f in &svc.legislation {
        match f.value.legislation {
            Some(l) => {
                let law = out.ids.legislation(l);
                let by = said(f, f.value.note.as_deref());
                if let Some(st) = fact_iri(out, r, DPV, "hasApplicableLaw", &law, by)? {
                    out.lit(&st, BV, "cited", &f.value.cited)?;
                    out.lit(&st, BV, "citationStatus", f.value.status.as_str())?;
                    if let Some(sec) = &f.value.section {
                        out.lit(&st, BV, "section", sec)?;
                    }
                }
            }
            None => fact_lit(
                out,
                r,
                "unresolvedLegislation",
                &f.value.cited,
                said(f, f.value.note.as_deref()),
            )?,
        }
    }
    Ok(())
}

/// A service's systems, rights, and what its notice says in words (security, notes,
/// transfers abroad, automated decisions).
fn service_mentions<'m, W: Write>(
    out: &mut Out<'_, W>,
    r: &mut Reified<'_>,
    svc: &'m crate::model::Service,
) -> io::Result<()> {
    fact_iris(out, r, BV, "storedIn", &svc.systems, Ids::system)?;
    fact_iris(out, r, DPV, "hasRight", &svc.rights, Ids::right)?;
    // What the notice says in words: borrowed, as the quotes are.
    let texts = |p: &'static str, fs: &'m [Fact<String>]| {
        fs.iter().map(move |f| (p, f.value.as_str(), said(f, None)))
    };
    let stances = svc
        .transfers
        .iter()
        .map(|f| ("transfersAbroad", f.value.stance.as_str(), said(f, None)))
        .chain(
            svc.automated
                .iter()
                .map(|f| ("automatedDecisions", f.value.as_str(), said(f, None))),
        );
    for (p, text, src) in texts("security", &svc.security)
        .chain(texts("note", &svc.notes))
        .chain(stances)
    {
        fact_lit(out, r, p, text, src)?;
    }
    Ok(())
}

fn flows<W: Write>(out: &mut Out<'_, W>, scope: &Scope) -> io::Result<()> {
    let m = out.ids.model;
    // The ids every flow repeats, made once.
    let orgs: Vec<String> = (0..m.orgs.len())
        .map(|i| out.ids.org(crate::model::OrgIx(i as u32)))
        .collect();
    let provs = Provenance::ALL.map(|p| format!("{BV}{}", p.as_str()));
    let prov = |p: Provenance| &provs[p as usize];
    for (n, f) in m.flows.iter().enumerate() {
        if !scope.org_in(m.flow_org(f).ix()) {
            continue;
        }
        let s = iri::flow(n);
        out.a(&s, DPV, "Process")?;
        out.iri(&s, BV, "service", &out.ids.service(f.service))?;
        out.iri(&s, DPV, "hasDataController", &orgs[m.flow_org(f).ix()])?;
        let party = out.ids.party(f.party);
        match f.direction() {
            Direction::To => out.iri(&s, DPV, "hasRecipient", &party)?,
            Direction::From => out.iri(&s, DPV, "hasDataSource", &party)?,
            // Not dpv:hasRecipient: a team of the controller is not a recipient (Art. 4(9)).
            Direction::Internal => out.iri(&s, BV, "sharedWithinControllerWith", &party)?,
        }
        for &c in m.categories_of(f) {
            out.iri(&s, DPV, "hasPersonalData", &out.ids.category(c))?;
        }
        for &b in m.bases_of(f) {
            out.iri(&s, DPV, "hasLegalBasis", &out.ids.basis(b))?;
        }
        for &p in m.purposes_of(f) {
            out.iri(&s, DPV, "hasPurpose", &out.ids.purpose(p))?;
        }
        if let Some(c) = f.condition() {
            out.lit(&s, BV, "condition", m.text(c))?;
        }
        out.source(&s, &f.source, f.provenance())?;
        out.iri(
            &s,
            BV,
            "categoriesProvenance",
            prov(f.categories_provenance()),
        )?;
        out.iri(&s, BV, "basesProvenance", prov(f.bases_provenance()))?;
        out.iri(&s, BV, "purposesProvenance", prov(f.purposes_provenance()))?;
        out.iri(&s, BV, "partyProvenance", prov(f.party_provenance()))?;
    }
    Ok(())
}
