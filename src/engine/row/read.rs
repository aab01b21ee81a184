//! How each field of each entity is read from a row. [`reader`] gives, for an entity and a
//! field, the function that lists the field's values on a row; it has one for every field the
//! schema gives the entity (tested: `every_field_of_the_schema_has_a_reader`), so no field of
//! a row can read as silently empty for want of a case.

use super::{ModelView, RowRef};
use crate::model::value::{Val, period_span};
use crate::model::*;
use crate::query::schema::{EntityKind, FieldId};

/// Reads one field of one row: its values as the notice lists them, repeats kept.
pub(crate) type Read = fn(&ModelView<'_>, EntityKind, RowRef) -> Vec<Val>;

use FieldId as F;

/// The reader of `field` on rows of `entity`; `None` only for a field the schema does not
/// give the entity, which the planner never lets through.
pub(crate) fn reader(entity: EntityKind, field: FieldId) -> Option<Read> {
    use EntityKind as E;
    if let Some(r) = common(entity, field) {
        return Some(r);
    }
    match entity {
        E::Flows | E::Recipients | E::Sources => flow(field),
        E::Services => service(field),
        E::Retention => retention(field),
        E::Orgs => org(field),
        E::Notices => notice(field),
        E::Systems => system(field),
        E::Parties => party(field),
        E::Contacts => contact(field),
        E::Categories => category(field),
        E::Bases => basis(field),
        E::Legislation => legislation(field),
        E::Subjects => subject(field),
        E::Purposes => purpose(field),
        E::Transfers => transfer(field),
        E::Decisions => decision(field),
        E::Security => security(field),
        E::Requirements => requirements(field),
        E::Research => research(field),
        E::Notes => note(field),
    }
}

/// A reader, typed: closures written as arguments take their parameter types from it.
fn r(read: Read) -> Option<Read> {
    Some(read)
}

fn one(v: Option<Val>) -> Vec<Val> {
    v.into_iter().collect()
}

fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

fn texts(s: Option<&str>) -> Vec<Val> {
    s.map(text).into_iter().collect()
}

/// Fields every row with a source or a service reads the same way.
fn common(entity: EntityKind, field: FieldId) -> Option<Read> {
    match (field, entity) {
        (F::Quote, _) => r(|v, e, row| {
            one(v
                .source(e, row)
                .map(|s| Val::Text(v.model.quote(s).to_string())))
        }),
        (F::Notice, EntityKind::Notices) => r(|_, _, row| match row {
            RowRef::Notice(n) => vec![Val::Notice(NoticeIx(n))],
            _ => Vec::new(),
        }),
        (F::Notice, _) => r(|v, e, row| one(v.source(e, row).map(|s| Val::Notice(s.notice)))),
        (F::Service, EntityKind::Systems) => r(|v, _, row| {
            let RowRef::System(s) = row else {
                return Vec::new();
            };
            let sys = SystemIx(s);
            v.model
                .services
                .iter()
                .enumerate()
                .filter(|(_, svc)| svc.systems.iter().any(|f| f.value == sys))
                .map(|(i, _)| Val::Service(ServiceIx(i as u32)))
                .collect()
        }),
        (F::Service, _) => r(|v, _, row| one(v.service_of(row).map(Val::Service))),
        (F::Provenance, _) => r(|v, e, row| match row {
            RowRef::Flow(i) => one(v.model.flows.get(i as usize).map(|f| {
                let p = f.provenance();
                Val::Provenance(p)
            })),
            _ => vec![Val::Provenance(v.fact_provenance(e, row))],
        }),
        _ => None,
    }
}

/// The flow of a flow row.
fn flow_of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Flow> {
    match row {
        RowRef::Flow(i) => v.model.flows.get(i as usize),
        _ => None,
    }
}

/// The party of a flow row.
fn party_of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Party> {
    flow_of(v, row).and_then(|f| v.model.parties.get(f.party.ix()))
}

fn flow(field: FieldId) -> Option<Read> {
    match field {
        F::Org => r(|v, _, row| one(flow_of(v, row).map(|f| Val::Org(v.model.flow_org(f))))),
        F::Direction => r(|v, _, row| one(flow_of(v, row).map(|f| Val::Direction(f.direction())))),
        F::Party => r(|v, _, row| one(flow_of(v, row).map(|f| Val::Party(f.party)))),
        F::Recipient => r(|v, _, row| {
            one(flow_of(v, row)
                .filter(|f| f.direction() == Direction::To)
                .map(|f| Val::Party(f.party)))
        }),
        F::Source => r(|v, _, row| {
            one(flow_of(v, row)
                .filter(|f| f.direction() == Direction::From)
                .map(|f| Val::Party(f.party)))
        }),
        F::Name => r(|v, _, row| one(party_of(v, row).map(|p| text(&p.name)))),
        F::PartyType => r(|v, _, row| {
            party_of(v, row).map_or_else(Vec::new, |p| p.types().map(Val::PartyType).collect())
        }),
        F::Generic => r(|v, _, row| one(party_of(v, row).map(|p| Val::Bool(p.generic)))),
        F::Category => r(|v, _, row| {
            flow_of(v, row).map_or_else(Vec::new, |f| {
                v.model
                    .categories_of(f)
                    .iter()
                    .copied()
                    .map(Val::Category)
                    .collect()
            })
        }),
        F::Basis => r(|v, _, row| {
            flow_of(v, row).map_or_else(Vec::new, |f| {
                v.model
                    .bases_of(f)
                    .iter()
                    .copied()
                    .map(Val::Basis)
                    .collect()
            })
        }),
        F::Purpose => r(|v, _, row| {
            flow_of(v, row).map_or_else(Vec::new, |f| {
                v.model
                    .purposes_of(f)
                    .iter()
                    .copied()
                    .map(Val::Purpose)
                    .collect()
            })
        }),
        F::Condition => r(|v, _, row| {
            one(flow_of(v, row)
                .and_then(|f| f.condition())
                .map(|c| text(v.model.text(c))))
        }),
        // Facts of the service as a whole, carried over to each of its flows.
        F::Subject => r(|v, e, row| service_field(v, e, row, F::Subject)),
        F::Legislation => r(|v, e, row| service_field(v, e, row, F::Legislation)),
        F::System => r(|v, e, row| service_field(v, e, row, F::System)),
        _ => None,
    }
}

/// A field of the row's service, read as the service reads it.
fn service_field(v: &ModelView<'_>, e: EntityKind, row: RowRef, field: FieldId) -> Vec<Val> {
    match (v.service_of(row), service(field)) {
        (Some(s), Some(read)) => read(v, e, RowRef::Service(s.0)),
        _ => Vec::new(),
    }
}

/// The service of a service row.
fn service_row<'m>(v: &ModelView<'m>, row: RowRef) -> Option<(ServiceIx, &'m Service)> {
    match row {
        RowRef::Service(s) => Some((ServiceIx(s), v.model.services.get(s as usize)?)),
        _ => None,
    }
}

/// Each value of a list of the row's service.
fn of_service(v: &ModelView<'_>, row: RowRef, each: fn(&Service) -> Vec<Val>) -> Vec<Val> {
    service_row(v, row).map_or_else(Vec::new, |(_, s)| each(s))
}

fn service(field: FieldId) -> Option<Read> {
    match field {
        F::Org => r(|v, _, row| of_service(v, row, |s| vec![Val::Org(s.org)])),
        F::Name => r(|v, _, row| of_service(v, row, |s| vec![text(&s.name)])),
        F::Category => r(|v, _, row| {
            of_service(v, row, |s| {
                s.categories
                    .iter()
                    .map(|c| Val::Category(c.value.category))
                    .collect()
            })
        }),
        F::Subject => r(|v, _, row| {
            of_service(v, row, |s| {
                s.subjects.iter().map(|c| Val::Subject(c.value)).collect()
            })
        }),
        F::Purpose => r(|v, _, row| {
            of_service(v, row, |s| {
                s.purposes.iter().map(|c| Val::Purpose(c.value)).collect()
            })
        }),
        F::Basis => r(|v, _, row| {
            of_service(v, row, |s| {
                s.bases
                    .iter()
                    .filter_map(|c| c.value.basis)
                    .map(Val::Basis)
                    .collect()
            })
        }),
        F::Legislation => r(|v, _, row| {
            of_service(v, row, |s| {
                s.legislation
                    .iter()
                    .filter_map(|c| c.value.legislation)
                    .map(Val::Legislation)
                    .collect()
            })
        }),
        F::System => r(|v, _, row| {
            of_service(v, row, |s| {
                s.systems.iter().map(|c| Val::System(c.value)).collect()
            })
        }),
        F::Right => r(|v, _, row| {
            of_service(v, row, |s| {
                s.rights.iter().map(|c| Val::Right(c.value)).collect()
            })
        }),
        _ => service_dealings(field).or_else(|| service_statements(field)),
    }
}

/// The parties a service deals with, their types, and its retention periods.
fn service_dealings(field: FieldId) -> Option<Read> {
    match field {
        F::Party => r(|v, _, row| parties_of_service(v, row, None)),
        F::Recipient => r(|v, _, row| parties_of_service(v, row, Some(Direction::To))),
        F::Source => r(|v, _, row| parties_of_service(v, row, Some(Direction::From))),
        F::PartyType => r(|v, _, row| {
            let mut types: Vec<Val> = Vec::new();
            for p in parties_of_service(v, row, None) {
                if let Val::Party(p) = p
                    && let Some(p) = v.model.parties.get(p.ix())
                {
                    let t = Val::PartyType(p.party_type);
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
            }
            types
        }),
        F::Duration => r(|v, _, row| {
            let Some((s, _)) = service_row(v, row) else {
                return Vec::new();
            };
            v.rules_of(s)
                .iter()
                .filter_map(|&i| v.model.retention.get(i as usize))
                .filter_map(|rule| duration(&rule.period))
                .collect()
        }),
        _ => None,
    }
}

/// The stances and statements of a service, one value each.
fn service_statements(field: FieldId) -> Option<Read> {
    match field {
        F::Transfer => r(|v, _, row| {
            of_service(v, row, |s| {
                s.transfers
                    .iter()
                    .map(|t| text(t.value.stance.as_str()))
                    .collect()
            })
        }),
        F::Automated => r(|v, _, row| {
            of_service(v, row, |s| {
                s.automated.iter().map(|t| text(t.value.as_str())).collect()
            })
        }),
        F::Requirement => r(|v, _, row| {
            of_service(v, row, |s| {
                s.requirements
                    .iter()
                    .map(|q| text(requirement(&q.value)))
                    .collect()
            })
        }),
        F::Form => r(|v, _, row| {
            of_service(v, row, |s| {
                s.research.iter().map(|q| text(&q.value.form)).collect()
            })
        }),
        F::Measure => r(|v, _, row| {
            of_service(v, row, |s| {
                s.security.iter().map(|q| text(&q.value)).collect()
            })
        }),
        _ => None,
    }
}

/// The parties of a service's flows (in `dir` only, when given), each once, in flow order.
fn parties_of_service(v: &ModelView<'_>, row: RowRef, dir: Option<Direction>) -> Vec<Val> {
    let Some((s, _)) = service_row(v, row) else {
        return Vec::new();
    };
    let mut out: Vec<Val> = Vec::new();
    for f in v
        .flows_of(s)
        .iter()
        .filter_map(|&i| v.model.flows.get(i as usize))
    {
        let p = Val::Party(f.party);
        if dir.is_none_or(|d| f.direction() == d) && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn retention(field: FieldId) -> Option<Read> {
    fn rule<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m RetentionRule> {
        match row {
            RowRef::Retention(i) => v.model.retention.get(i as usize),
            _ => None,
        }
    }
    match field {
        F::Org => r(|v, _, row| one(rule(v, row).map(|x| Val::Org(x.org)))),
        F::Subject => r(|v, _, row| {
            rule(v, row).map_or_else(Vec::new, |x| {
                x.subjects.iter().copied().map(Val::Subject).collect()
            })
        }),
        F::Category => r(|v, _, row| {
            rule(v, row).map_or_else(Vec::new, |x| {
                x.categories.iter().copied().map(Val::Category).collect()
            })
        }),
        F::Condition => r(|v, _, row| texts(rule(v, row).and_then(|x| x.condition.as_deref()))),
        F::Duration => r(|v, _, row| one(rule(v, row).and_then(|x| duration(&x.period)))),
        F::Trigger => r(|v, _, row| one(rule(v, row).map(|x| text(x.trigger.as_str())))),
        _ => None,
    }
}

fn org(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<(u32, &'m Org)> {
        match row {
            RowRef::Org(o) => Some((o, v.model.orgs.get(o as usize)?)),
            _ => None,
        }
    }
    match field {
        F::Org => r(|v, _, row| one(of(v, row).map(|(o, _)| Val::Org(OrgIx(o))))),
        F::Name => r(|v, _, row| one(of(v, row).map(|(_, o)| text(&o.name)))),
        F::PartyType => r(|v, _, row| one(of(v, row).map(|(_, o)| Val::PartyType(o.org_type)))),
        _ => None,
    }
}

fn notice(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Notice> {
        match row {
            RowRef::Notice(n) => v.model.notices.get(n as usize),
            _ => None,
        }
    }
    match field {
        F::Org => r(|v, _, row| one(of(v, row).map(|n| Val::Org(n.org)))),
        F::File => r(|v, _, row| one(of(v, row).map(|n| text(&n.file)))),
        F::Title => r(|v, _, row| one(of(v, row).map(|n| text(&n.title)))),
        _ => None,
    }
}

fn system(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<(u32, &'m System)> {
        match row {
            RowRef::System(s) => Some((s, v.model.systems.get(s as usize)?)),
            _ => None,
        }
    }
    match field {
        F::System => r(|v, _, row| one(of(v, row).map(|(s, _)| Val::System(SystemIx(s))))),
        F::Name => r(|v, _, row| one(of(v, row).map(|(_, s)| text(&s.name)))),
        F::Org => r(|v, _, row| one(of(v, row).map(|(_, s)| Val::Org(s.org)))),
        _ => None,
    }
}

fn party(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<(u32, &'m Party)> {
        match row {
            RowRef::Party(p) => Some((p, v.model.parties.get(p as usize)?)),
            _ => None,
        }
    }
    match field {
        F::Party => r(|v, _, row| one(of(v, row).map(|(p, _)| Val::Party(PartyIx(p))))),
        F::Name => r(|v, _, row| one(of(v, row).map(|(_, p)| text(&p.name)))),
        F::PartyType => r(|v, _, row| {
            of(v, row).map_or_else(Vec::new, |(_, p)| p.types().map(Val::PartyType).collect())
        }),
        F::Generic => r(|v, _, row| one(of(v, row).map(|(_, p)| Val::Bool(p.generic)))),
        F::Org => r(|v, _, row| {
            of(v, row).map_or_else(Vec::new, |(p, _)| {
                v.orgs_of_party(p).iter().copied().map(Val::Org).collect()
            })
        }),
        F::Direction => r(|v, _, row| {
            of(v, row).map_or_else(Vec::new, |(p, _)| {
                v.directions_of_party(p)
                    .iter()
                    .copied()
                    .map(Val::Direction)
                    .collect()
            })
        }),
        _ => None,
    }
}

fn contact(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<(u32, &'m Contact)> {
        match row {
            RowRef::Contact(o, k) => {
                let c = v.model.orgs.get(o as usize)?.contacts.get(k as usize)?;
                Some((o, &c.value))
            }
            _ => None,
        }
    }
    match field {
        F::Org => r(|v, _, row| one(of(v, row).map(|(o, _)| Val::Org(OrgIx(o))))),
        F::Role => r(|v, _, row| one(of(v, row).map(|(_, c)| text(&c.role)))),
        F::Kind => r(|v, _, row| one(of(v, row).map(|(_, c)| text(&c.kind)))),
        F::Value => r(|v, _, row| one(of(v, row).map(|(_, c)| text(&c.value)))),
        _ => None,
    }
}

/// Fact `k` of a list of the service of a `Use(s, k)` row.
fn fact<'m, T>(
    v: &ModelView<'m>,
    row: RowRef,
    list: fn(&Service) -> &Vec<Fact<T>>,
) -> Option<&'m Fact<T>> {
    match row {
        RowRef::Use(s, k) => list(v.model.services.get(s as usize)?).get(k as usize),
        _ => None,
    }
}

/// Fields every statement of a service has besides its own: the service's organisation.
fn service_statement(field: FieldId) -> Option<Read> {
    match field {
        F::Org => r(|v, _, row| match row {
            RowRef::Use(s, _) => one(v.model.services.get(s as usize).map(|s| Val::Org(s.org))),
            _ => Vec::new(),
        }),
        _ => None,
    }
}

fn category(field: FieldId) -> Option<Read> {
    fn entry<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m crate::model::vocab::Category> {
        let c = fact(v, row, |s| &s.categories)?;
        v.model.vocab.categories.get(c.value.category.ix())
    }
    match field {
        F::Category => r(|v, _, row| {
            one(fact(v, row, |s| &s.categories).map(|c| Val::Category(c.value.category)))
        }),
        F::Name => r(|v, _, row| one(entry(v, row).map(|c| text(&c.entry.name)))),
        F::Special => r(|v, _, row| one(entry(v, row).map(|c| Val::Bool(c.special)))),
        F::Criminal => r(|v, _, row| one(entry(v, row).map(|c| Val::Bool(c.criminal)))),
        F::Note => {
            r(|v, _, row| texts(fact(v, row, |s| &s.categories).and_then(|c| c.note.as_deref())))
        }
        _ => service_statement(field),
    }
}

/// A citation's value, or its words when it names nothing (it shows and groups as the
/// notice's words, never as a blank).
fn resolved<T>(found: Option<T>, cited: &str, val: fn(T) -> Val) -> Val {
    found.map_or_else(|| Val::Text(format!("unresolved: {cited}")), val)
}

fn basis(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m BasisCitation> {
        fact(v, row, |s| &s.bases).map(|f| &f.value)
    }
    match field {
        F::Basis => r(|v, _, row| one(of(v, row).map(|c| resolved(c.basis, &c.cited, Val::Basis)))),
        F::Name => r(|v, _, row| {
            one(of(v, row)
                .and_then(|c| c.basis)
                .and_then(|b| v.model.vocab.bases.get(b.ix()))
                .map(|b| text(&b.name)))
        }),
        F::Cited => r(|v, _, row| one(of(v, row).map(|c| text(&c.cited)))),
        F::Status => r(|v, _, row| {
            one(of(v, row).map(|c| {
                text(if c.basis.is_some() {
                    "resolved"
                } else {
                    "unresolved"
                })
            }))
        }),
        F::Note => r(|v, _, row| texts(of(v, row).and_then(|c| c.note.as_deref()))),
        _ => service_statement(field),
    }
}

fn legislation(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m LegislationCitation> {
        fact(v, row, |s| &s.legislation).map(|f| &f.value)
    }
    match field {
        F::Legislation => r(|v, _, row| {
            one(of(v, row).map(|c| resolved(c.legislation, &c.cited, Val::Legislation)))
        }),
        F::Title => r(|v, _, row| {
            one(of(v, row)
                .and_then(|c| c.legislation)
                .and_then(|l| v.model.vocab.legislation.get(l.ix()))
                .map(|l| text(&l.title)))
        }),
        F::Section => r(|v, _, row| texts(of(v, row).and_then(|c| c.section.as_deref()))),
        F::Cited => r(|v, _, row| one(of(v, row).map(|c| text(&c.cited)))),
        F::Status => r(|v, _, row| one(of(v, row).map(|c| text(c.status.as_str())))),
        F::Note => r(|v, _, row| texts(of(v, row).and_then(|c| c.note.as_deref()))),
        _ => service_statement(field),
    }
}

fn subject(field: FieldId) -> Option<Read> {
    match field {
        F::Subject => {
            r(|v, _, row| one(fact(v, row, |s| &s.subjects).map(|f| Val::Subject(f.value))))
        }
        F::Name => r(|v, _, row| {
            one(fact(v, row, |s| &s.subjects)
                .and_then(|f| v.model.vocab.subjects.get(f.value.ix()))
                .map(|x| text(&x.name)))
        }),
        F::Note => {
            r(|v, _, row| texts(fact(v, row, |s| &s.subjects).and_then(|f| f.note.as_deref())))
        }
        _ => service_statement(field),
    }
}

fn purpose(field: FieldId) -> Option<Read> {
    match field {
        F::Purpose => {
            r(|v, _, row| one(fact(v, row, |s| &s.purposes).map(|f| Val::Purpose(f.value))))
        }
        F::Name => r(|v, _, row| {
            one(fact(v, row, |s| &s.purposes)
                .and_then(|f| v.model.vocab.purposes.get(f.value.ix()))
                .map(|x| text(&x.name)))
        }),
        F::Note => {
            r(|v, _, row| texts(fact(v, row, |s| &s.purposes).and_then(|f| f.note.as_deref())))
        }
        _ => service_statement(field),
    }
}

fn transfer(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Transfer> {
        fact(v, row, |s| &s.transfers).map(|f| &f.value)
    }
    match field {
        F::Stance => r(|v, _, row| one(of(v, row).map(|t| text(t.stance.as_str())))),
        F::Destination => r(|v, _, row| texts(of(v, row).and_then(|t| t.destination.as_deref()))),
        F::Safeguard => r(|v, _, row| texts(of(v, row).and_then(|t| t.safeguards.as_deref()))),
        _ => service_statement(field),
    }
}

fn decision(field: FieldId) -> Option<Read> {
    match field {
        F::Stance => {
            r(|v, _, row| one(fact(v, row, |s| &s.automated).map(|f| text(f.value.as_str()))))
        }
        _ => service_statement(field),
    }
}

fn security(field: FieldId) -> Option<Read> {
    match field {
        F::Measure => r(|v, _, row| one(fact(v, row, |s| &s.security).map(|f| text(&f.value)))),
        _ => service_statement(field),
    }
}

fn requirements(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Requirement> {
        fact(v, row, |s| &s.requirements).map(|f| &f.value)
    }
    match field {
        F::Requirement => r(|v, _, row| one(of(v, row).map(|q| text(requirement(q))))),
        F::Consequence => r(|v, _, row| texts(of(v, row).and_then(|q| q.consequence.as_deref()))),
        _ => service_statement(field),
    }
}

fn research(field: FieldId) -> Option<Read> {
    fn of<'m>(v: &ModelView<'m>, row: RowRef) -> Option<&'m Research> {
        fact(v, row, |s| &s.research).map(|f| &f.value)
    }
    match field {
        F::Form => r(|v, _, row| one(of(v, row).map(|q| text(&q.form)))),
        F::Archive => r(|v, _, row| one(of(v, row).map(|q| Val::Bool(q.archive)))),
        _ => service_statement(field),
    }
}

fn note(field: FieldId) -> Option<Read> {
    match field {
        F::Text | F::Note => r(|v, _, row| one(fact(v, row, |s| &s.notes).map(|f| text(&f.value)))),
        _ => service_statement(field),
    }
}

/// Whether the notice says providing the data is a statutory requirement: `statutory`,
/// `not-statutory`, or `not-stated` when it states only the consequence.
pub(super) fn requirement(r: &Requirement) -> &'static str {
    match r.statutory {
        Some(true) => "statutory",
        Some(false) => "not-statutory",
        None => "not-stated",
    }
}

fn duration(p: &Period) -> Option<Val> {
    period_span(p).map(|(span, text)| Val::Duration(span, text))
}

#[cfg(test)]
mod tests {
    use super::reader;
    use crate::query::schema::ENTITIES;

    /// Every field the schema gives an entity is read by something: a new field or entity
    /// without its reader fails here, not as an empty column.
    #[test]
    fn every_field_of_the_schema_has_a_reader() {
        let missing: Vec<String> = ENTITIES
            .iter()
            .flat_map(|e| e.fields.iter().map(move |f| (e, f)))
            .filter(|(e, f)| reader(e.kind, **f).is_none())
            .map(|(e, f)| format!("{}.{}", e.word, f.name()))
            .collect();
        assert!(missing.is_empty(), "no reader for {missing:?}");
    }
}
