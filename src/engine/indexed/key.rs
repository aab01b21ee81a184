//! What a test's answer on a flow depends on ([`Key`]), read from the index's columns, and
//! a map from key codes to answers sized to their domain ([`CodeMap`]).

use crate::model::index::FlowIndex;
use crate::model::{Flow, Model, Provenance};
use crate::query::plan::Test;
use crate::query::schema::FieldId;
use rustc_hash::FxHashMap as HashMap;

/// What a test's answer on a flow depends on: flows with equal keys get equal answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// Nothing: the same for every flow.
    Const,
    /// The organisation.
    Org,
    /// The service.
    Service,
    /// The notice of the flow's source.
    Notice,
    /// The party.
    Party,
    /// The party and the direction.
    PartyDir,
    /// The direction.
    Direction,
    /// The interned category set.
    Categories,
    /// The interned basis set.
    Bases,
    /// The interned purpose set.
    Purposes,
    /// The four provenance flags (party, categories, bases, purposes).
    Provenance,
    /// The quote.
    Quote,
    /// The condition.
    Condition,
}

impl Key {
    /// The key of what `field`'s values on a flow depend on; `None` for fields flows lack.
    pub(crate) fn of_values(field: FieldId) -> Option<Key> {
        use FieldId as F;
        Some(match field {
            F::Org => Key::Org,
            F::Service | F::Subject | F::Legislation | F::System => Key::Service,
            F::Notice => Key::Notice,
            F::Direction => Key::Direction,
            F::Party | F::Name | F::Generic => Key::Party,
            // A party may have several types: its values depend on the party.
            F::PartyType => Key::Party,
            F::Recipient | F::Source => Key::PartyDir,
            F::Category => Key::Categories,
            F::Basis => Key::Bases,
            F::Purpose => Key::Purposes,
            F::Provenance => Key::Provenance,
            F::Quote => Key::Quote,
            F::Condition => Key::Condition,
            _ => return None,
        })
    }

    /// The key of a leaf test.
    pub(super) fn of_test(field: FieldId, test: Option<&Test>) -> Option<Key> {
        match test {
            // Provenance of a field, not its values: per flow for the three lists a flow may
            // state or carry over, per service for the service's facts every flow carries,
            // fixed for every other field.
            Some(Test::Flag(flag)) if flag.provenance().is_some() => Some(match field {
                FieldId::Category
                | FieldId::Basis
                | FieldId::Purpose
                | FieldId::Provenance
                | FieldId::Party
                | FieldId::Recipient
                | FieldId::Source
                | FieldId::PartyType
                | FieldId::Generic
                | FieldId::Name => Key::Provenance,
                FieldId::Subject | FieldId::Legislation | FieldId::System => Key::Service,
                _ => Key::Const,
            }),
            _ => Key::of_values(field),
        }
    }

    /// The number of distinct keys in `m`.
    pub(crate) fn domain(self, m: &Model) -> usize {
        match self {
            Key::Const => 1,
            Key::Org => m.orgs.len(),
            Key::Service => m.services.len(),
            Key::Notice => m.notices.len(),
            Key::Party => m.parties.len(),
            Key::PartyDir => m.parties.len() * 3,
            Key::Direction => 3,
            Key::Categories => m.sets.categories.len(),
            Key::Bases => m.sets.bases.len(),
            Key::Purposes => m.sets.purposes.len(),
            Key::Provenance => 81,
            Key::Quote => m.texts.len(),
            Key::Condition => m.texts.len() + 1,
        }
    }

    /// The index's column holding this key for every flow, if it has one.
    pub(crate) fn column(self, ix: &FlowIndex) -> Option<&[u32]> {
        Some(match self {
            Key::Org => &ix.org_of,
            Key::Party => &ix.party_of,
            Key::Service => &ix.service_of,
            Key::Categories => &ix.cats,
            Key::Bases => &ix.bases,
            Key::Purposes => &ix.purposes,
            _ => return None,
        })
    }

    /// The key of flow number `i`, from the index's columns where it has one (a grouping
    /// over scattered flows then reads 4 bytes a flow, not the whole row).
    pub(crate) fn of_number(self, i: u32, m: &Model, ix: &FlowIndex) -> Option<u32> {
        let at = i as usize;
        let dir = || ix.direction(i) as u32;
        if let Some(column) = self.column(ix) {
            return column.get(at).copied();
        }
        Some(match self {
            Key::Const => 0,
            Key::PartyDir => ix.party_of.get(at)? * 3 + dir(),
            Key::Direction => dir(),
            _ => self.of_flow(m, m.flows.get(at)?),
        })
    }

    /// The key of a flow.
    pub(crate) fn of_flow(self, m: &Model, f: &Flow) -> u32 {
        let dir = f.direction() as u32;
        // Stated 0, implied 1, inferred 2: three digits in base 3.
        let level = |p: Provenance| p as u32;
        match self {
            Key::Const => 0,
            Key::Org => m.flow_org(f).0,
            Key::Service => f.service.0,
            Key::Notice => f.source.notice.0,
            Key::Party => f.party.0,
            Key::PartyDir => f.party.0 * 3 + dir,
            Key::Direction => dir,
            Key::Categories => f.categories.0,
            Key::Bases => f.bases.0,
            Key::Purposes => f.purposes.0,
            Key::Provenance => {
                level(f.categories_provenance())
                    + level(f.bases_provenance()) * 3
                    + level(f.purposes_provenance()) * 9
                    + level(f.party_provenance()) * 27
            }
            Key::Quote => f.source.quote.0,
            Key::Condition => f.condition().map_or(0, |c| c.0 + 1),
        }
    }
}

/// Something per key code of one field: a table where the codes are few enough (an
/// organisation, a party type), a map where they are not (interned sets, quotes).
pub(super) enum CodeMap<T> {
    Dense(Vec<Option<T>>),
    Sparse(HashMap<u64, T>),
}

impl<T> CodeMap<T> {
    /// A map of codes below `domain`, about `entries` of them: a table when it would not be
    /// mostly empty.
    pub(super) fn new(domain: u64, entries: usize) -> Self {
        if domain <= (entries as u64).saturating_mul(8).max(4096) {
            CodeMap::Dense(
                std::iter::repeat_with(|| None)
                    .take(domain as usize)
                    .collect(),
            )
        } else {
            CodeMap::Sparse(HashMap::default())
        }
    }

    pub(super) fn get(&self, code: u64) -> Option<&T> {
        match self {
            CodeMap::Dense(t) => t.get(code as usize).and_then(Option::as_ref),
            CodeMap::Sparse(m) => m.get(&code),
        }
    }

    pub(super) fn insert(&mut self, code: u64, v: T) {
        match self {
            CodeMap::Dense(t) => {
                if let Some(slot) = t.get_mut(code as usize) {
                    *slot = Some(v);
                }
            }
            CodeMap::Sparse(m) => {
                m.insert(code, v);
            }
        }
    }

    pub(super) fn get_or_insert_with(&mut self, code: u64, f: impl FnOnce() -> T) {
        if self.get(code).is_none() {
            self.insert(code, f());
        }
    }

    pub(super) fn iter(&self) -> Box<dyn Iterator<Item = (u64, &T)> + '_> {
        match self {
            CodeMap::Dense(t) => Box::new(
                t.iter()
                    .enumerate()
                    .filter_map(|(c, v)| v.as_ref().map(|v| (c as u64, v))),
            ),
            CodeMap::Sparse(m) => Box::new(m.iter().map(|(c, v)| (*c, v))),
        }
    }
}
