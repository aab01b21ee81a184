//! Rows of each entity and the values of their fields: the one interface through which the
//! evaluator reads the model ([`ModelView`]).

use crate::model::value::{Val, period_span};
use crate::model::*;
use crate::query::ast::EntityKind;
use crate::query::field::FieldId;
use std::cell::OnceCell;

/// A row of some entity: which fact it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowRef {
    /// A flow (flows, recipients, sources).
    Flow(u32),
    /// A service.
    Service(u32),
    /// The k-th fact of a list of a service (categories, bases, legislation, subjects, purposes).
    Use(u32, u32),
    /// A retention rule.
    Retention(u32),
    /// An organisation.
    Org(u32),
    /// A notice.
    Notice(u32),
    /// A system.
    System(u32),
    /// A party.
    Party(u32),
    /// The k-th contact point of an organisation.
    Contact(u32, u32),
}

/// The model as the evaluator sees it: rows per entity, values per field.
pub struct ModelView<'m> {
    /// The model.
    pub model: &'m Model,
    /// Which organisations and directions each party deals with; computed on first use (a
    /// pass over every flow, which most queries do not need).
    parties: OnceCell<PartyDealings>,
    /// Flows and retention rules of each service; computed on first use, so that a field of a
    /// service costs its own facts, not a pass over every flow of the country.
    services: OnceCell<ServiceFacts>,
}

struct PartyDealings {
    orgs: Vec<Vec<OrgIx>>,
    dirs: Vec<Vec<Direction>>,
}

struct ServiceFacts {
    flows: Vec<Vec<u32>>,
    rules: Vec<Vec<u32>>,
}

impl<'m> ModelView<'m> {
    /// A view of `model`.
    pub fn new(model: &'m Model) -> Self {
        ModelView {
            model,
            parties: OnceCell::new(),
            services: OnceCell::new(),
        }
    }

    fn service_facts(&self) -> &ServiceFacts {
        self.services.get_or_init(|| {
            let m = self.model;
            let mut flows = vec![Vec::new(); m.services.len()];
            for (i, f) in m.flows.iter().enumerate() {
                flows[f.service.ix()].push(i as u32);
            }
            let mut rules = vec![Vec::new(); m.services.len()];
            for (i, r) in m.retention.iter().enumerate() {
                rules[r.service.ix()].push(i as u32);
            }
            ServiceFacts { flows, rules }
        })
    }

    fn dealings(&self) -> &PartyDealings {
        self.parties.get_or_init(|| {
            let model = self.model;
            let mut orgs: Vec<Vec<OrgIx>> = vec![Vec::new(); model.parties.len()];
            let mut dirs: Vec<Vec<Direction>> = vec![Vec::new(); model.parties.len()];
            // Collect, then sort and dedup: a party such as the DWP deals with thousands of
            // organisations, so a `contains` check per flow would be quadratic.
            for f in &model.flows {
                orgs[f.party.ix()].push(f.org);
                dirs[f.party.ix()].push(f.direction);
            }
            for v in orgs.iter_mut() {
                v.sort_unstable();
                v.dedup();
            }
            for v in dirs.iter_mut() {
                v.sort_unstable();
                v.dedup();
            }
            PartyDealings { orgs, dirs }
        })
    }

    /// Every row of `entity`, in model order.
    pub fn rows(&self, entity: EntityKind) -> Vec<RowRef> {
        let m = self.model;
        let n = |len: usize| 0..len as u32;
        let uses = |len: fn(&Service) -> usize| -> Vec<RowRef> {
            m.services
                .iter()
                .enumerate()
                .flat_map(|(s, svc)| n(len(svc)).map(move |k| RowRef::Use(s as u32, k)))
                .collect()
        };
        let flows = |dir: Option<Direction>| -> Vec<RowRef> {
            m.flows
                .iter()
                .enumerate()
                .filter(|(_, f)| dir.is_none_or(|d| f.direction == d))
                .map(|(i, _)| RowRef::Flow(i as u32))
                .collect()
        };
        match entity {
            EntityKind::Flows => flows(None),
            EntityKind::Recipients => flows(Some(Direction::To)),
            EntityKind::Sources => flows(Some(Direction::From)),
            EntityKind::Services => n(m.services.len()).map(RowRef::Service).collect(),
            EntityKind::Categories => uses(|s| s.categories.len()),
            EntityKind::Bases => uses(|s| s.bases.len()),
            EntityKind::Legislation => uses(|s| s.legislation.len()),
            EntityKind::Subjects => uses(|s| s.subjects.len()),
            EntityKind::Purposes => uses(|s| s.purposes.len()),
            EntityKind::Retention => n(m.retention.len()).map(RowRef::Retention).collect(),
            EntityKind::Orgs => n(m.orgs.len()).map(RowRef::Org).collect(),
            EntityKind::Notices => n(m.notices.len()).map(RowRef::Notice).collect(),
            EntityKind::Systems => n(m.systems.len()).map(RowRef::System).collect(),
            EntityKind::Parties => n(m.parties.len()).map(RowRef::Party).collect(),
            EntityKind::Transfers => uses(|s| s.transfers.len()),
            EntityKind::Decisions => uses(|s| s.automated.len()),
            EntityKind::Security => uses(|s| s.security.len()),
            EntityKind::Requirements => uses(|s| s.requirements.len()),
            EntityKind::Research => uses(|s| s.research.len()),
            EntityKind::Notes => uses(|s| s.notes.len()),
            EntityKind::Contacts => m
                .orgs
                .iter()
                .enumerate()
                .flat_map(|(o, org)| {
                    n(org.contacts.len()).map(move |k| RowRef::Contact(o as u32, k))
                })
                .collect(),
        }
    }

    /// The service a row belongs to, if any.
    fn service_of(&self, row: RowRef) -> Option<ServiceIx> {
        let m = self.model;
        let s = match row {
            RowRef::Flow(i) => m.flows[i as usize].service,
            RowRef::Service(s) | RowRef::Use(s, _) => ServiceIx(s),
            RowRef::Retention(r) => m.retention[r as usize].service,
            _ => return None,
        };
        (s.ix() < m.services.len()).then_some(s)
    }

    /// The source (notice and quote) of a row, if it has one.
    pub fn source(&self, entity: EntityKind, row: RowRef) -> Option<&'m Source> {
        let m = self.model;
        Some(match row {
            RowRef::Flow(i) => &m.flows[i as usize].source,
            RowRef::Service(s) => &m.services[s as usize].source,
            RowRef::Retention(r) => &m.retention[r as usize].source,
            RowRef::System(s) => &m.systems[s as usize].source,
            RowRef::Contact(o, k) => &m.orgs[o as usize].contacts[k as usize].source,
            RowRef::Use(s, k) => {
                let svc = &m.services[s as usize];
                let k = k as usize;
                match entity {
                    EntityKind::Categories => &svc.categories[k].source,
                    EntityKind::Bases => &svc.bases[k].source,
                    EntityKind::Legislation => &svc.legislation[k].source,
                    EntityKind::Subjects => &svc.subjects[k].source,
                    EntityKind::Purposes => &svc.purposes[k].source,
                    EntityKind::Transfers => &svc.transfers[k].source,
                    EntityKind::Decisions => &svc.automated[k].source,
                    EntityKind::Security => &svc.security[k].source,
                    EntityKind::Requirements => &svc.requirements[k].source,
                    EntityKind::Research => &svc.research[k].source,
                    EntityKind::Notes => &svc.notes[k].source,
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    /// Whether the notice states `field` of this row, or it is implied by the service.
    pub fn provenance(&self, entity: EntityKind, row: RowRef, field: FieldId) -> Provenance {
        let RowRef::Flow(i) = row else {
            return self.fact_provenance(entity, row);
        };
        let f = &self.model.flows[i as usize];
        let _ = entity;
        match field {
            FieldId::Category => f.categories_provenance,
            FieldId::Basis => f.bases_provenance,
            FieldId::Purpose => f.purposes_provenance,
            FieldId::Provenance => f.provenance(),
            // Facts of the service as a whole, carried over to each of its flows: implied, or
            // inferred when the encoder inferred one of them.
            FieldId::Subject | FieldId::Legislation | FieldId::System => {
                let svc = &self.model.services[f.service.ix()];
                let of = |ps: &mut dyn Iterator<Item = Provenance>| {
                    ps.fold(Provenance::Implied, Provenance::max)
                };
                match field {
                    FieldId::Subject => of(&mut svc.subjects.iter().map(|x| x.provenance)),
                    FieldId::Legislation => of(&mut svc.legislation.iter().map(|x| x.provenance)),
                    _ => of(&mut svc.systems.iter().map(|x| x.provenance)),
                }
            }
            _ => Provenance::Stated,
        }
    }

    /// The provenance of a row that is not a flow: a service fact's own (stated, or inferred by
    /// the encoder); stated for everything else.
    fn fact_provenance(&self, entity: EntityKind, row: RowRef) -> Provenance {
        let RowRef::Use(s, k) = row else {
            return Provenance::Stated;
        };
        let svc = &self.model.services[s as usize];
        let k = k as usize;
        let p = match entity {
            EntityKind::Categories => svc.categories.get(k).map(|f| f.provenance),
            EntityKind::Bases => svc.bases.get(k).map(|f| f.provenance),
            EntityKind::Legislation => svc.legislation.get(k).map(|f| f.provenance),
            EntityKind::Subjects => svc.subjects.get(k).map(|f| f.provenance),
            EntityKind::Purposes => svc.purposes.get(k).map(|f| f.provenance),
            _ => None,
        };
        p.unwrap_or(Provenance::Stated)
    }

    /// The distinct values of `field` for a row (empty when it has none), in the order the
    /// notice gives them: a value a service lists twice is one value.
    pub fn values(&self, entity: EntityKind, row: RowRef, field: FieldId) -> Vec<Val> {
        distinct(self.values_listed(entity, row, field))
    }

    fn values_listed(&self, entity: EntityKind, row: RowRef, field: FieldId) -> Vec<Val> {
        let m = self.model;
        let v = &m.vocab;
        let svc = self.service_of(row);
        let src = self.source(entity, row);
        use FieldId as F;
        // Fields every row with a source or a service answers the same way.
        match (field, row) {
            (F::Quote, _) => {
                return src
                    .map(|s| vec![Val::Text(m.quote(s).to_string())])
                    .unwrap_or_default();
            }
            (F::Notice, RowRef::Notice(n)) => return vec![Val::Notice(NoticeIx(n))],
            (F::Notice, _) => return src.map(|s| vec![Val::Notice(s.notice)]).unwrap_or_default(),
            (F::Service, RowRef::System(s)) => {
                let sys = SystemIx(s);
                return m
                    .services
                    .iter()
                    .enumerate()
                    .filter(|(_, svc)| svc.systems.iter().any(|f| f.value == sys))
                    .map(|(i, _)| Val::Service(ServiceIx(i as u32)))
                    .collect();
            }
            (F::Service, _) => return svc.map(|s| vec![Val::Service(s)]).unwrap_or_default(),
            (F::Provenance, RowRef::Flow(i)) => {
                return vec![Val::Provenance(m.flows[i as usize].provenance())];
            }
            (F::Provenance, _) => {
                return vec![Val::Provenance(self.fact_provenance(entity, row))];
            }
            _ => {}
        }
        match row {
            RowRef::Flow(i) => self.flow_values(&m.flows[i as usize], field),
            RowRef::Service(s) => self.service_values(ServiceIx(s), field),
            RowRef::Use(s, k) => {
                let svc = &m.services[s as usize];
                let k = k as usize;
                match (entity, field) {
                    (_, F::Org) => vec![Val::Org(svc.org)],
                    (EntityKind::Categories, F::Category) => {
                        vec![Val::Category(svc.categories[k].value.category)]
                    }
                    (EntityKind::Categories, F::Name) => vec![Val::Text(
                        v.categories[svc.categories[k].value.category.ix()]
                            .entry
                            .name
                            .clone(),
                    )],
                    (EntityKind::Categories, F::Special) => vec![Val::Bool(
                        v.categories[svc.categories[k].value.category.ix()].special,
                    )],
                    (EntityKind::Categories, F::Criminal) => vec![Val::Bool(
                        v.categories[svc.categories[k].value.category.ix()].criminal,
                    )],
                    (EntityKind::Bases, F::Basis) => {
                        let c = &svc.bases[k].value;
                        vec![c.basis.map_or_else(
                            || Val::Text(format!("unresolved: {}", c.cited)),
                            Val::Basis,
                        )]
                    }
                    (EntityKind::Bases, F::Name) => svc.bases[k]
                        .value
                        .basis
                        .map(|b| Val::Text(v.bases[b.ix()].name.clone()))
                        .into_iter()
                        .collect(),
                    (EntityKind::Bases, F::Cited) => {
                        vec![Val::Text(svc.bases[k].value.cited.clone())]
                    }
                    (EntityKind::Bases, F::Status) => vec![Val::Text(
                        if svc.bases[k].value.basis.is_some() {
                            "resolved"
                        } else {
                            "unresolved"
                        }
                        .into(),
                    )],
                    // An unresolved citation names no instrument: it shows (and groups) as the
                    // notice's words, never as a blank.
                    (EntityKind::Legislation, F::Legislation) => {
                        let c = &svc.legislation[k].value;
                        vec![c.legislation.map_or_else(
                            || Val::Text(format!("unresolved: {}", c.cited)),
                            Val::Legislation,
                        )]
                    }
                    (EntityKind::Legislation, F::Title) => svc.legislation[k]
                        .value
                        .legislation
                        .map(|l| Val::Text(v.legislation[l.ix()].title.clone()))
                        .into_iter()
                        .collect(),
                    (EntityKind::Legislation, F::Section) => svc.legislation[k]
                        .value
                        .section
                        .clone()
                        .map(Val::Text)
                        .into_iter()
                        .collect(),
                    (EntityKind::Legislation, F::Cited) => {
                        vec![Val::Text(svc.legislation[k].value.cited.clone())]
                    }
                    (EntityKind::Legislation, F::Status) => {
                        vec![Val::Text(svc.legislation[k].value.status.as_str().into())]
                    }
                    (EntityKind::Subjects, F::Subject) => vec![Val::Subject(svc.subjects[k].value)],
                    (EntityKind::Subjects, F::Name) => vec![Val::Text(
                        v.subjects[svc.subjects[k].value.ix()].name.clone(),
                    )],
                    (EntityKind::Purposes, F::Purpose) => vec![Val::Purpose(svc.purposes[k].value)],
                    (EntityKind::Purposes, F::Name) => vec![Val::Text(
                        v.purposes[svc.purposes[k].value.ix()].name.clone(),
                    )],
                    // The encoder's remark: why an inferred fact is inferred, among others.
                    (EntityKind::Bases, F::Note) => texts(svc.bases[k].value.note.as_deref()),
                    (EntityKind::Legislation, F::Note) => {
                        texts(svc.legislation[k].value.note.as_deref())
                    }
                    (EntityKind::Categories, F::Note) => texts(svc.categories[k].note.as_deref()),
                    (EntityKind::Subjects, F::Note) => texts(svc.subjects[k].note.as_deref()),
                    (EntityKind::Purposes, F::Note) => texts(svc.purposes[k].note.as_deref()),
                    (EntityKind::Transfers, F::Stance) => {
                        vec![text(svc.transfers[k].value.stance.as_str())]
                    }
                    (EntityKind::Transfers, F::Destination) => {
                        texts(svc.transfers[k].value.destination.as_deref())
                    }
                    (EntityKind::Transfers, F::Safeguard) => {
                        texts(svc.transfers[k].value.safeguards.as_deref())
                    }
                    (EntityKind::Decisions, F::Stance) => {
                        vec![text(svc.automated[k].value.as_str())]
                    }
                    (EntityKind::Security, F::Measure) => vec![text(&svc.security[k].value)],
                    (EntityKind::Requirements, F::Requirement) => {
                        vec![text(requirement(&svc.requirements[k].value))]
                    }
                    (EntityKind::Requirements, F::Consequence) => {
                        texts(svc.requirements[k].value.consequence.as_deref())
                    }
                    (EntityKind::Research, F::Form) => vec![text(&svc.research[k].value.form)],
                    (EntityKind::Research, F::Archive) => {
                        vec![Val::Bool(svc.research[k].value.archive)]
                    }
                    (EntityKind::Notes, F::Text | F::Note) => vec![text(&svc.notes[k].value)],
                    _ => Vec::new(),
                }
            }
            RowRef::Retention(r) => {
                let rule = &m.retention[r as usize];
                match field {
                    F::Org => vec![Val::Org(rule.org)],
                    F::Subject => rule.subjects.iter().copied().map(Val::Subject).collect(),
                    F::Category => rule.categories.iter().copied().map(Val::Category).collect(),
                    F::Condition => rule.condition.clone().map(Val::Text).into_iter().collect(),
                    F::Duration => duration(&rule.period).into_iter().collect(),
                    F::Trigger => vec![Val::Text(rule.trigger.as_str().into())],
                    _ => Vec::new(),
                }
            }
            RowRef::Org(o) => {
                let org = &m.orgs[o as usize];
                match field {
                    F::Org => vec![Val::Org(OrgIx(o))],
                    F::Name => vec![Val::Text(org.name.clone())],
                    F::PartyType => vec![Val::PartyType(org.org_type)],
                    _ => Vec::new(),
                }
            }
            RowRef::Notice(n) => {
                let notice = &m.notices[n as usize];
                match field {
                    F::Org => vec![Val::Org(notice.org)],
                    F::File => vec![Val::Text(notice.file.clone())],
                    F::Title => vec![Val::Text(notice.title.clone())],
                    _ => Vec::new(),
                }
            }
            RowRef::System(s) => {
                let sys = &m.systems[s as usize];
                match field {
                    F::System => vec![Val::System(SystemIx(s))],
                    F::Name => vec![Val::Text(sys.name.clone())],
                    F::Org => vec![Val::Org(sys.org)],
                    _ => Vec::new(),
                }
            }
            RowRef::Party(p) => {
                let party = &m.parties[p as usize];
                match field {
                    F::Party => vec![Val::Party(PartyIx(p))],
                    F::Name => vec![Val::Text(party.name.clone())],
                    F::PartyType => party.types().map(Val::PartyType).collect(),
                    F::Generic => vec![Val::Bool(party.generic)],
                    F::Org => self.dealings().orgs[p as usize]
                        .iter()
                        .copied()
                        .map(Val::Org)
                        .collect(),
                    F::Direction => self.dealings().dirs[p as usize]
                        .iter()
                        .copied()
                        .map(Val::Direction)
                        .collect(),
                    _ => Vec::new(),
                }
            }
            RowRef::Contact(o, k) => {
                let c = &m.orgs[o as usize].contacts[k as usize].value;
                match field {
                    F::Org => vec![Val::Org(OrgIx(o))],
                    F::Role => vec![text(&c.role)],
                    F::Kind => vec![text(&c.kind)],
                    F::Value => vec![text(&c.value)],
                    _ => Vec::new(),
                }
            }
        }
    }

    fn flow_values(&self, f: &Flow, field: FieldId) -> Vec<Val> {
        let m = self.model;
        use FieldId as F;
        let party = &m.parties[f.party.ix()];
        match field {
            F::Org => vec![Val::Org(f.org)],
            F::Direction => vec![Val::Direction(f.direction)],
            F::Party => vec![Val::Party(f.party)],
            F::Recipient if f.direction == Direction::To => vec![Val::Party(f.party)],
            F::Source if f.direction == Direction::From => vec![Val::Party(f.party)],
            F::Name => vec![Val::Text(party.name.clone())],
            F::PartyType => party.types().map(Val::PartyType).collect(),
            F::Generic => vec![Val::Bool(party.generic)],
            F::Category => m
                .categories_of(f)
                .iter()
                .copied()
                .map(Val::Category)
                .collect(),
            F::Basis => m.bases_of(f).iter().copied().map(Val::Basis).collect(),
            F::Purpose => m.purposes_of(f).iter().copied().map(Val::Purpose).collect(),
            F::Condition => f
                .condition
                .map(|c| Val::Text(m.text(c).to_string()))
                .into_iter()
                .collect(),
            F::Subject | F::Legislation | F::System => self.service_values(f.service, field),
            _ => Vec::new(),
        }
    }

    fn service_values(&self, s: ServiceIx, field: FieldId) -> Vec<Val> {
        let m = self.model;
        let svc = &m.services[s.ix()];
        use FieldId as F;
        let facts = self.service_facts();
        let flow_parties = |dir: Option<Direction>| -> Vec<PartyIx> {
            let mut out: Vec<PartyIx> = Vec::new();
            for f in facts.flows[s.ix()].iter().map(|&i| &m.flows[i as usize]) {
                if dir.is_none_or(|d| f.direction == d) && !out.contains(&f.party) {
                    out.push(f.party);
                }
            }
            out
        };
        match field {
            F::Org => vec![Val::Org(svc.org)],
            F::Name => vec![Val::Text(svc.name.clone())],
            F::Category => svc
                .categories
                .iter()
                .map(|c| Val::Category(c.value.category))
                .collect(),
            F::Subject => svc.subjects.iter().map(|c| Val::Subject(c.value)).collect(),
            F::Purpose => svc.purposes.iter().map(|c| Val::Purpose(c.value)).collect(),
            F::Basis => svc
                .bases
                .iter()
                .filter_map(|c| c.value.basis)
                .map(Val::Basis)
                .collect(),
            F::Legislation => svc
                .legislation
                .iter()
                .filter_map(|c| c.value.legislation)
                .map(Val::Legislation)
                .collect(),
            F::System => svc.systems.iter().map(|c| Val::System(c.value)).collect(),
            F::Right => svc.rights.iter().map(|c| Val::Right(c.value)).collect(),
            F::Party => flow_parties(None).into_iter().map(Val::Party).collect(),
            F::Recipient => flow_parties(Some(Direction::To))
                .into_iter()
                .map(Val::Party)
                .collect(),
            F::Source => flow_parties(Some(Direction::From))
                .into_iter()
                .map(Val::Party)
                .collect(),
            F::PartyType => {
                let mut types: Vec<PartyTypeIx> = Vec::new();
                for p in flow_parties(None) {
                    let t = m.parties[p.ix()].party_type;
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
                types.into_iter().map(Val::PartyType).collect()
            }
            F::Duration => facts.rules[s.ix()]
                .iter()
                .filter_map(|&r| duration(&m.retention[r as usize].period))
                .collect(),
            F::Transfer => svc
                .transfers
                .iter()
                .map(|t| text(t.value.stance.as_str()))
                .collect(),
            F::Automated => svc
                .automated
                .iter()
                .map(|t| text(t.value.as_str()))
                .collect(),
            F::Requirement => svc
                .requirements
                .iter()
                .map(|r| text(requirement(&r.value)))
                .collect(),
            F::Form => svc.research.iter().map(|r| text(&r.value.form)).collect(),
            F::Measure => svc.security.iter().map(|r| text(&r.value)).collect(),
            _ => Vec::new(),
        }
    }
}

fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

fn texts(s: Option<&str>) -> Vec<Val> {
    s.map(text).into_iter().collect()
}

/// Whether the notice says providing the data is a statutory requirement: `statutory`,
/// `not-statutory`, or `not-stated` when it states only the consequence.
pub fn requirement(r: &Requirement) -> &'static str {
    match r.statutory {
        Some(true) => "statutory",
        Some(false) => "not-statutory",
        None => "not-stated",
    }
}

fn duration(p: &Period) -> Option<Val> {
    period_span(p).map(|(span, text)| Val::Duration(span, text))
}

/// `vals` without repeats, each at its first place. Lists written in notices are short; a
/// dataset file listing thousands of values is deduplicated through a hash of their debug
/// form rather than quadratically.
fn distinct(vals: Vec<Val>) -> Vec<Val> {
    if vals.len() < 2 {
        return vals;
    }
    let mut out: Vec<Val> = Vec::with_capacity(vals.len());
    if vals.len() <= 64 {
        for v in vals {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    } else {
        let mut seen = std::collections::HashSet::new();
        out.extend(vals.into_iter().filter(|v| seen.insert(format!("{v:?}"))));
    }
    out
}
