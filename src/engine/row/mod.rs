//! Rows of each entity and the values of their fields: the one interface through which the
//! evaluator reads the model ([`ModelView`]).

use crate::model::value::Val;
use crate::model::*;
use crate::query::ast::EntityKind;
use crate::query::schema::FieldId;
use std::cell::OnceCell;

mod read;

/// A row of some entity: which fact it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum RowRef {
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
pub(crate) struct ModelView<'m> {
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
    pub(crate) fn new(model: &'m Model) -> Self {
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
                orgs[f.party.ix()].push(model.flow_org(f));
                dirs[f.party.ix()].push(f.direction());
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
    pub(crate) fn rows(&self, entity: EntityKind) -> Vec<RowRef> {
        let m = self.model;
        let n = |len: usize| 0..len as u32;
        let uses = |len: ServiceList| -> Vec<RowRef> {
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
                .filter(|(_, f)| dir.is_none_or(|d| f.direction() == d))
                .map(|(i, _)| RowRef::Flow(i as u32))
                .collect()
        };
        match entity {
            EntityKind::Flows => flows(None),
            EntityKind::Recipients => flows(Some(Direction::To)),
            EntityKind::Sources => flows(Some(Direction::From)),
            EntityKind::Services => n(m.services.len()).map(RowRef::Service).collect(),
            EntityKind::Categories
            | EntityKind::Bases
            | EntityKind::Legislation
            | EntityKind::Subjects
            | EntityKind::Purposes
            | EntityKind::Transfers
            | EntityKind::Decisions
            | EntityKind::Security
            | EntityKind::Requirements
            | EntityKind::Research
            | EntityKind::Notes => service_list(entity).map_or_else(Vec::new, uses),
            EntityKind::Retention => n(m.retention.len()).map(RowRef::Retention).collect(),
            EntityKind::Orgs => n(m.orgs.len()).map(RowRef::Org).collect(),
            EntityKind::Notices => n(m.notices.len()).map(RowRef::Notice).collect(),
            EntityKind::Systems => n(m.systems.len()).map(RowRef::System).collect(),
            EntityKind::Parties => n(m.parties.len()).map(RowRef::Party).collect(),
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
    pub(crate) fn service_of(&self, row: RowRef) -> Option<ServiceIx> {
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
    pub(crate) fn source(&self, entity: EntityKind, row: RowRef) -> Option<&'m Source> {
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
    pub(crate) fn provenance(&self, entity: EntityKind, row: RowRef, field: FieldId) -> Provenance {
        let RowRef::Flow(i) = row else {
            return self.fact_provenance(entity, row);
        };
        let f = &self.model.flows[i as usize];
        let _ = entity;
        match field {
            FieldId::Category => f.categories_provenance(),
            FieldId::Basis => f.bases_provenance(),
            FieldId::Purpose => f.purposes_provenance(),
            FieldId::Provenance => f.provenance(),
            // Which body the flow names: stated, implied by the notice for all its services,
            // or the encoder's reading of the words.
            FieldId::Party
            | FieldId::Recipient
            | FieldId::Source
            | FieldId::PartyType
            | FieldId::Generic
            | FieldId::Name => f.party_provenance(),
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

    /// The provenance of a row that is not a flow: a service fact's or retention rule's own
    /// (stated, implied from its notice, or inferred by the encoder); stated for everything
    /// else.
    pub(crate) fn fact_provenance(&self, entity: EntityKind, row: RowRef) -> Provenance {
        if let RowRef::Retention(r) = row {
            return self.model.retention[r as usize].provenance;
        }
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
    pub(crate) fn values(&self, entity: EntityKind, row: RowRef, field: FieldId) -> Vec<Val> {
        match read::reader(entity, field) {
            Some(read) => distinct(read(self, entity, row)),
            None => {
                // The planner lets through only the schema's fields, and every one has a
                // reader (tested): reaching here is a bug, loud in debug builds.
                debug_assert!(false, "no reader for {}.{}", entity.word(), field.name());
                Vec::new()
            }
        }
    }

    /// The flows of service `s`, in model order.
    pub(crate) fn flows_of(&self, s: ServiceIx) -> &[u32] {
        self.service_facts()
            .flows
            .get(s.ix())
            .map_or(&[], Vec::as_slice)
    }

    /// The retention rules of service `s`, in model order.
    pub(crate) fn rules_of(&self, s: ServiceIx) -> &[u32] {
        self.service_facts()
            .rules
            .get(s.ix())
            .map_or(&[], Vec::as_slice)
    }

    /// The organisations party `p` deals with, each once.
    pub(crate) fn orgs_of_party(&self, p: u32) -> &[OrgIx] {
        self.dealings()
            .orgs
            .get(p as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The directions of party `p`'s flows, each once.
    pub(crate) fn directions_of_party(&self, p: u32) -> &[Direction] {
        self.dealings()
            .dirs
            .get(p as usize)
            .map_or(&[], Vec::as_slice)
    }
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

/// The length of a service's list of facts.
pub(crate) type ServiceList = fn(&Service) -> usize;

/// The service's list whose k-th fact is row `RowRef::Use(service, k)` of `entity`; `None` for
/// an entity whose rows are not a service's facts.
pub(crate) fn service_list(entity: EntityKind) -> Option<ServiceList> {
    let len: ServiceList = match entity {
        EntityKind::Categories => |s| s.categories.len(),
        EntityKind::Bases => |s| s.bases.len(),
        EntityKind::Legislation => |s| s.legislation.len(),
        EntityKind::Subjects => |s| s.subjects.len(),
        EntityKind::Purposes => |s| s.purposes.len(),
        EntityKind::Transfers => |s| s.transfers.len(),
        EntityKind::Decisions => |s| s.automated.len(),
        EntityKind::Security => |s| s.security.len(),
        EntityKind::Requirements => |s| s.requirements.len(),
        EntityKind::Research => |s| s.research.len(),
        EntityKind::Notes => |s| s.notes.len(),
        EntityKind::Flows
        | EntityKind::Recipients
        | EntityKind::Sources
        | EntityKind::Services
        | EntityKind::Retention
        | EntityKind::Orgs
        | EntityKind::Notices
        | EntityKind::Systems
        | EntityKind::Parties
        | EntityKind::Contacts => return None,
    };
    Some(len)
}
