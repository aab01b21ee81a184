//! Name lookup for the planner (and the REPL's completion): ids and display names of every
//! kind of thing a query can name, matched exactly, then ignoring case, with did-you-mean.

use super::schema::ValueType;
use crate::model::value::Val;
use crate::model::*;

/// Finds things in a model by id, display name or alias.
pub struct Lookup<'m> {
    m: &'m Model,
}

impl<'m> Lookup<'m> {
    /// A lookup over `m`.
    pub fn new(m: &'m Model) -> Self {
        Lookup { m }
    }

    /// Every (id, display name, alias…) of a value type, with its value.
    pub fn candidates(&self, vt: ValueType) -> Vec<(Vec<&'m str>, Val)> {
        let m = self.m;
        let v = &m.vocab;
        let e = |names: Vec<&'m str>, val: Val| (names, val);
        match vt {
            ValueType::Org => m
                .orgs
                .iter()
                .enumerate()
                .map(|(i, o)| e(vec![&o.id, &o.name], Val::Org(OrgIx(i as u32))))
                .collect(),
            ValueType::Service => m
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| e(vec![&s.id, &s.name], Val::Service(ServiceIx(i as u32))))
                .collect(),
            ValueType::Notice => m
                .notices
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    e(
                        vec![&n.id, &n.title, &n.file],
                        Val::Notice(NoticeIx(i as u32)),
                    )
                })
                .collect(),
            ValueType::Party => m
                .parties
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut names: Vec<&str> = vec![&p.id, &p.name];
                    names.extend(p.aliases.iter().map(String::as_str));
                    e(names, Val::Party(PartyIx(i as u32)))
                })
                .collect(),
            ValueType::PartyType => v
                .party_types
                .iter()
                .enumerate()
                .map(|(i, t)| e(vec![&t.id, &t.name], Val::PartyType(PartyTypeIx(i as u32))))
                .collect(),
            ValueType::Category => v
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    e(
                        vec![&c.entry.id, &c.entry.name],
                        Val::Category(CategoryIx(i as u32)),
                    )
                })
                .collect(),
            ValueType::Subject => v
                .subjects
                .iter()
                .enumerate()
                .map(|(i, t)| e(vec![&t.id, &t.name], Val::Subject(SubjectIx(i as u32))))
                .collect(),
            ValueType::Purpose => v
                .purposes
                .iter()
                .enumerate()
                .map(|(i, t)| e(vec![&t.id, &t.name], Val::Purpose(PurposeIx(i as u32))))
                .collect(),
            ValueType::Basis => v
                .bases
                .iter()
                .enumerate()
                .map(|(i, b)| e(vec![&b.id, &b.name], Val::Basis(BasisIx(i as u32))))
                .collect(),
            ValueType::Legislation => v
                .legislation
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    e(
                        vec![&l.id, &l.title],
                        Val::Legislation(LegislationIx(i as u32)),
                    )
                })
                .collect(),
            ValueType::System => m
                .systems
                .iter()
                .enumerate()
                .map(|(i, s)| e(vec![&s.id, &s.name], Val::System(SystemIx(i as u32))))
                .collect(),
            ValueType::Right => v
                .rights
                .iter()
                .enumerate()
                .map(|(i, r)| e(vec![&r.id, &r.name], Val::Right(RightIx(i as u32))))
                .collect(),
            ValueType::Direction
            | ValueType::Provenance
            | ValueType::Duration
            | ValueType::Text
            | ValueType::Bool => Vec::new(),
        }
    }

    /// The value named `text`: an exact id first, then any id, name or alias ignoring case
    /// (the first of several that share a name: see [`Lookup::find_all`]).
    pub fn find(&self, vt: ValueType, text: &str) -> Option<Val> {
        self.find_all(vt, text).into_iter().next()
    }

    /// Every value named `text`: the one whose id it is exactly, or else every one with an id,
    /// name or alias equal to it ignoring case. Display names are not unique (two
    /// organisations may each have a party called "Health services"), so a name may mean
    /// several things; ids are unique.
    pub fn find_all(&self, vt: ValueType, text: &str) -> Vec<Val> {
        let cands = self.candidates(vt);
        if let Some((_, v)) = cands.iter().find(|(names, _)| names[0] == text) {
            return vec![v.clone()];
        }
        let lower = text.to_lowercase();
        let mut out: Vec<Val> = Vec::new();
        for (names, v) in cands {
            if names.iter().any(|n| n.to_lowercase() == lower) && !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// The id of a value of one of the kinds a name can denote, for messages.
    pub fn id_of(&self, v: &Val) -> String {
        let m = self.m;
        match v {
            Val::Org(o) => m.orgs[o.ix()].id.clone(),
            Val::Party(p) => m.parties[p.ix()].id.clone(),
            Val::Service(s) => m.services[s.ix()].id.clone(),
            other => format!("{other:?}"),
        }
    }

    /// The nearest id or name to `text`, for a did-you-mean.
    pub fn suggest(&self, vt: ValueType, text: &str) -> Option<String> {
        self.suggest_any(&[vt], text)
    }

    /// The nearest id or name among several value types.
    pub fn suggest_any(&self, vts: &[ValueType], text: &str) -> Option<String> {
        let cands: Vec<(Vec<&str>, Val)> = vts.iter().flat_map(|vt| self.candidates(*vt)).collect();
        let names = cands.iter().flat_map(|(n, _)| n.iter().copied());
        crate::diagnostic::did_you_mean(text, names).map(|s| {
            if crate::model::load_is_kebab(s) {
                s.to_string()
            } else {
                format!("\"{s}\"")
            }
        })
    }
}
