//! Name lookup for the planner (and the REPL's completion): ids and display names of every
//! kind of thing a query can name, matched exactly, then ignoring case, with did-you-mean.

use super::schema::ValueType;
use crate::model::value::Val;
use crate::model::*;

/// Finds things in a model by id, display name or alias.
pub(crate) struct Lookup<'m> {
    m: &'m Model,
}

impl<'m> Lookup<'m> {
    /// A lookup over `m`.
    pub(crate) fn new(m: &'m Model) -> Self {
        Lookup { m }
    }

    /// Every (id, display name, alias…) of a value type, with its value.
    pub(crate) fn candidates(&self, vt: ValueType) -> Vec<(Vec<&'m str>, Val)> {
        let m = self.m;
        let v = &m.vocab;
        match vt {
            ValueType::Org => each(&m.orgs, |o| vec![&o.id, &o.name], |i| Val::Org(OrgIx(i))),
            ValueType::Service => each(
                &m.services,
                |s| vec![&s.id, &s.name],
                |i| Val::Service(ServiceIx(i)),
            ),
            ValueType::Notice => each(
                &m.notices,
                |n| vec![&n.id, &n.title, &n.file],
                |i| Val::Notice(NoticeIx(i)),
            ),
            ValueType::Party => each(
                &m.parties,
                |p| {
                    let mut names: Vec<&str> = vec![&p.id, &p.name];
                    names.extend(p.aliases.iter().map(String::as_str));
                    names
                },
                |i| Val::Party(PartyIx(i)),
            ),
            ValueType::PartyType => each(
                &v.party_types,
                |t| vec![&t.id, &t.name],
                |i| Val::PartyType(PartyTypeIx(i)),
            ),
            ValueType::Category => each(
                &v.categories,
                |c| vec![&c.entry.id, &c.entry.name],
                |i| Val::Category(CategoryIx(i)),
            ),
            ValueType::Subject => each(
                &v.subjects,
                |t| vec![&t.id, &t.name],
                |i| Val::Subject(SubjectIx(i)),
            ),
            ValueType::Purpose => each(
                &v.purposes,
                |t| vec![&t.id, &t.name],
                |i| Val::Purpose(PurposeIx(i)),
            ),
            ValueType::Basis => each(
                &v.bases,
                |b| vec![&b.id, &b.name],
                |i| Val::Basis(BasisIx(i)),
            ),
            ValueType::Legislation => each(
                &v.legislation,
                |l| vec![&l.id, &l.title],
                |i| Val::Legislation(LegislationIx(i)),
            ),
            ValueType::System => each(
                &m.systems,
                |s| vec![&s.id, &s.name],
                |i| Val::System(SystemIx(i)),
            ),
            ValueType::Right => each(
                &v.rights,
                |r| vec![&r.id, &r.name],
                |i| Val::Right(RightIx(i)),
            ),
            ValueType::Direction
            | ValueType::Provenance
            | ValueType::Duration
            | ValueType::Text
            | ValueType::Bool => Vec::new(),
        }
    }

    /// The value named `text`: an exact id first, then any id, name or alias ignoring case
    /// (the first of several that share a name: see [`Lookup::find_all`]).
    pub(crate) fn find(&self, vt: ValueType, text: &str) -> Option<Val> {
        self.find_all(vt, text).into_iter().next()
    }

    /// Every value named `text`: the one whose id it is exactly, or else every one with an id,
    /// name or alias equal to it ignoring case. Display names are not unique (two
    /// organisations may each have a party called "Health services"), so a name may mean
    /// several things; ids are unique.
    pub(crate) fn find_all(&self, vt: ValueType, text: &str) -> Vec<Val> {
        if let Some(v) = self.by_id(vt, text) {
            return vec![v];
        }
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

    /// The organisation, notice, service, party or system whose id is `text`, from the
    /// model's id maps: a query naming one by id is planned without listing every name of a
    /// national dataset (a check plans one such query per service).
    fn by_id(&self, vt: ValueType, text: &str) -> Option<Val> {
        let m = self.m;
        match vt {
            ValueType::Org => m.org(text).map(Val::Org),
            ValueType::Notice => m.notice(text).map(Val::Notice),
            ValueType::Service => m.service(text).map(Val::Service),
            ValueType::Party => m.party(text).map(Val::Party),
            ValueType::System => m.system(text).map(Val::System),
            _ => None,
        }
    }

    /// The id of a value of one of the kinds a name can denote, for messages.
    pub(crate) fn id_of(&self, v: &Val) -> String {
        let m = self.m;
        match v {
            Val::Org(o) => m.orgs[o.ix()].id.clone(),
            Val::Party(p) => m.parties[p.ix()].id.clone(),
            Val::Service(s) => m.services[s.ix()].id.clone(),
            other => format!("{other:?}"),
        }
    }

    /// The nearest id or name to `text`, for a did-you-mean.
    pub(crate) fn suggest(&self, vt: ValueType, text: &str) -> Option<String> {
        self.suggest_any(&[vt], text)
    }

    /// The nearest id or name among several value types.
    pub(crate) fn suggest_any(&self, vts: &[ValueType], text: &str) -> Option<String> {
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

/// Each item's names with its value (made from its index).
fn each<'m, T>(
    items: &'m [T],
    names: impl Fn(&'m T) -> Vec<&'m str>,
    val: impl Fn(u32) -> Val,
) -> Vec<(Vec<&'m str>, Val)> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| (names(x), val(i as u32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id of the built-in data is found from the id maps as the scan of every name finds
    /// it: the one value, and no other of the same kind.
    #[test]
    fn an_id_is_found_by_the_maps_as_by_the_names() {
        let m = crate::model::load_builtin().expect("built-in datasets");
        let lookup = Lookup::new(&m);
        for vt in [
            ValueType::Org,
            ValueType::Notice,
            ValueType::Service,
            ValueType::Party,
            ValueType::System,
        ] {
            let cands = lookup.candidates(vt);
            assert!(!cands.is_empty(), "{vt:?}");
            for (names, val) in &cands {
                assert_eq!(lookup.by_id(vt, names[0]).as_ref(), Some(val), "{vt:?}");
                assert_eq!(lookup.find_all(vt, names[0]), vec![val.clone()]);
            }
            assert_eq!(lookup.by_id(vt, "no-such-id"), None);
        }
        // A display name is not an id: it is still found, through the names.
        let east = m.org("cheshire-east").map(Val::Org);
        assert_eq!(lookup.by_id(ValueType::Org, "Cheshire East Council"), None);
        assert_eq!(
            lookup.find_all(ValueType::Org, "cheshire east council"),
            east.into_iter().collect::<Vec<_>>()
        );
    }
}
