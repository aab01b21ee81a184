//! Raw files → model: registers ids, resolves every reference, checks quotes and rules, and
//! records each problem with its location instead of stopping at the first.

use super::{LoadError, LoadErrorKind, Role, SourceFile};
use crate::diagnostic::{did_you_mean, line_col};
use crate::model::raw::*;
use crate::model::vocab::{
    Basis, Category, Hierarchy, Law, Legislation, LegislationKind, Right, TreeEntry, VocabIndex,
};
use crate::model::*;
use std::collections::HashMap;

/// Ids of one kind: id → (index, "file:line:col" of its definition).
#[derive(Default)]
pub(super) struct Registry {
    ids: HashMap<String, (u32, String)>,
}

/// The build state: the files, the errors and the id registries.
pub(super) struct Ctx<'a> {
    pub(super) errors: &'a mut Vec<LoadError>,
    pub(super) file: &'a SourceFile,
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, span: Option<std::ops::Range<usize>>, kind: LoadErrorKind) {
        self.errors.push(LoadError {
            file: self.file.name.clone(),
            span,
            kind,
        });
    }

    pub(super) fn invalid(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        message: String,
        help: Option<&str>,
    ) {
        self.err(
            span,
            LoadErrorKind::Invalid {
                message,
                help: help.map(str::to_string),
            },
        );
    }

    fn loc(&self, span: &std::ops::Range<usize>) -> String {
        let (l, c) = line_col(&self.file.text, span.start);
        format!("{}:{l}:{c}", self.file.name)
    }

    /// Registers `id` as the next entry of `reg`; reports a bad or duplicate id.
    pub(super) fn register(
        &mut self,
        kind: &'static str,
        reg: &mut Registry,
        id: &SStr,
        next: u32,
    ) -> bool {
        if !is_kebab(id.get_ref()) {
            self.err(
                Some(id.span()),
                LoadErrorKind::BadId {
                    id: id.get_ref().clone(),
                },
            );
            return false;
        }
        if let Some((_, first)) = reg.ids.get(id.get_ref()) {
            let first = first.clone();
            self.err(
                Some(id.span()),
                LoadErrorKind::DuplicateId {
                    kind,
                    id: id.get_ref().clone(),
                    first,
                },
            );
            return false;
        }
        let loc = self.loc(&id.span());
        reg.ids.insert(id.get_ref().clone(), (next, loc));
        true
    }

    /// The index of `id` in `reg`, or an unknown-id error with the nearest id.
    pub(super) fn resolve(&mut self, kind: &'static str, reg: &Registry, id: &SStr) -> Option<u32> {
        if let Some((ix, _)) = reg.ids.get(id.get_ref()) {
            return Some(*ix);
        }
        let suggestion =
            did_you_mean(id.get_ref(), reg.ids.keys().map(String::as_str)).map(str::to_string);
        self.err(
            Some(id.span()),
            LoadErrorKind::UnknownId {
                kind,
                id: id.get_ref().as_str().into(),
                suggestion,
                nearby: Some(Box::new(super::Nearby {
                    ids: nearest(id.get_ref(), reg.ids.keys().map(String::as_str), 8),
                    count: reg.ids.len(),
                })),
            },
        );
        None
    }

    pub(super) fn resolve_all(
        &mut self,
        kind: &'static str,
        reg: &Registry,
        ids: &[SStr],
    ) -> Vec<u32> {
        ids.iter()
            .filter_map(|id| self.resolve(kind, reg, id))
            .collect()
    }
}

/// Up to `n` of `ids`, nearest to `word` first (ties in id order); a word far longer than any
/// id is not compared, so this stays cheap for a pasted paragraph.
fn nearest<'a>(word: &str, ids: impl Iterator<Item = &'a str>, n: usize) -> Vec<String> {
    let word = if word.len() > 200 { "" } else { word };
    let mut scored: Vec<(usize, &str)> =
        ids.map(|id| (strsim::levenshtein(word, id), id)).collect();
    scored.sort_unstable();
    scored
        .into_iter()
        .take(n)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// True for `kebab-case` ids: lower-case ASCII letters and digits in words joined by `-`.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// White space collapsed to single spaces, for loose quote matching.
pub(super) fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
pub(super) struct Registries {
    pub(super) categories: Registry,
    pub(super) subjects: Registry,
    pub(super) purposes: Registry,
    pub(super) party_types: Registry,
    pub(super) bases: Registry,
    pub(super) legislation: Registry,
    pub(super) rights: Registry,
    pub(super) orgs: Registry,
    pub(super) notices: Registry,
    pub(super) parties: Registry,
    pub(super) systems: Registry,
    pub(super) services: Registry,
}

/// Builds the model from parsed files; problems go to `errors`.
pub(super) fn build(
    files: &[(&SourceFile, RawFile)],
    notice_texts: &HashMap<String, String>,
    errors: &mut Vec<LoadError>,
) -> Model {
    let mut reg = Registries::default();
    let mut model = Model::default();
    check_roles(files, errors);

    let trees = [
        ("category", 0usize),
        ("subject", 1),
        ("purpose", 2),
        ("party type", 3),
    ];
    for (kind, which) in trees {
        build_tree(files, errors, &mut reg, &mut model, kind, which);
    }
    build_rights_bases_legislation(files, errors, &mut reg, &mut model);
    model.vocab.index = VocabIndex {
        categories: ids_of(&reg.categories),
        subjects: ids_of(&reg.subjects),
        purposes: ids_of(&reg.purposes),
        party_types: ids_of(&reg.party_types),
        bases: ids_of(&reg.bases),
        legislation: ids_of(&reg.legislation),
        rights: ids_of(&reg.rights),
    };

    // Orgs and their notices first: parties may name orgs, facts name notices.
    let mut org_of_file: Vec<Option<OrgIx>> = vec![None; files.len()];
    let mut normalized: Vec<String> = Vec::new();
    for (fi, (file, raw)) in files.iter().enumerate() {
        let mut cx = Ctx { errors, file };
        if file.role != Role::Org {
            continue;
        }
        let Some(org) = &raw.org else {
            cx.invalid(
                None,
                "an organisation file needs an [org] table".into(),
                Some("add [org] with id, name and type"),
            );
            continue;
        };
        let ix = model.orgs.len() as u32;
        if !cx.register("organisation", &mut reg.orgs, &org.id, ix) {
            continue;
        }
        let org_type = cx
            .resolve("party type", &reg.party_types, &org.org_type)
            .unwrap_or(0);
        model.orgs.push(Org {
            id: org.id.get_ref().clone(),
            name: org.name.clone(),
            org_type: PartyTypeIx(org_type),
            ico_registration: None,
            contacts: Vec::new(),
            file: file.name.clone(),
            note: org.note.clone(),
        });
        org_of_file[fi] = Some(OrgIx(ix));
        for n in &raw.notice {
            let nix = model.notices.len() as u32;
            if !cx.register("notice", &mut reg.notices, &n.id, nix) {
                continue;
            }
            let text = match notice_texts.get(n.file.get_ref()) {
                Some(t) => t.clone(),
                None => {
                    let suggestion =
                        did_you_mean(n.file.get_ref(), notice_texts.keys().map(String::as_str))
                            .map(str::to_string);
                    cx.err(
                        Some(n.file.span()),
                        LoadErrorKind::MissingNoticeFile {
                            file: n.file.get_ref().clone(),
                            suggestion,
                        },
                    );
                    String::new()
                }
            };
            normalized.push(normalize(&text));
            model.notices.push(Notice {
                id: n.id.get_ref().clone(),
                file: n.file.get_ref().clone(),
                title: n.title.clone(),
                url: n.url.clone(),
                org: OrgIx(ix),
                text,
            });
        }
    }

    // Parties, from any file.
    for (file, raw) in files {
        let mut cx = Ctx { errors, file };
        for p in &raw.party {
            let ix = model.parties.len() as u32;
            if !cx.register("party", &mut reg.parties, &p.id, ix) {
                continue;
            }
            let party_type = cx
                .resolve("party type", &reg.party_types, &p.party_type)
                .unwrap_or(0);
            let also_types = cx
                .resolve_all("party type", &reg.party_types, &p.also_types)
                .into_iter()
                .filter(|&t| t != party_type)
                .map(PartyTypeIx)
                .collect();
            let org = p
                .org
                .as_ref()
                .and_then(|o| cx.resolve("organisation", &reg.orgs, o))
                .map(OrgIx);
            model.parties.push(Party {
                id: p.id.get_ref().clone(),
                name: p.name.clone(),
                party_type: PartyTypeIx(party_type),
                also_types,
                generic: p.generic,
                org,
                aliases: p.aliases.clone(),
                note: p.note.clone(),
            });
        }
    }

    let mut fb = super::facts::FactBuilder {
        reg: &mut reg,
        normalized: &normalized,
        model: &mut model,
    };
    for (fi, (file, raw)) in files.iter().enumerate() {
        let Some(org) = org_of_file[fi] else { continue };
        let mut cx = Ctx { errors, file };
        fb.org_facts(&mut cx, org, raw);
    }
    model.vocab.categories.shrink_to_fit();
    model.index = ModelIndex {
        orgs: ids_of(&reg.orgs),
        notices: ids_of(&reg.notices),
        services: ids_of(&reg.services),
        parties: ids_of(&reg.parties),
        systems: ids_of(&reg.systems),
    };
    model
}

fn ids_of(reg: &Registry) -> HashMap<String, u32> {
    reg.ids.iter().map(|(k, (v, _))| (k.clone(), *v)).collect()
}

/// Each file may hold only the sections of its role; the error points at the first entry that
/// does not belong.
fn check_roles(files: &[(&SourceFile, RawFile)], errors: &mut Vec<LoadError>) {
    for (file, raw) in files {
        let trees = [&raw.category, &raw.subject, &raw.purpose, &raw.party_type];
        let vocab: Option<&SStr> = trees
            .iter()
            .flat_map(|t| t.first().map(|e| &e.id))
            .chain(raw.right.first().map(|e| &e.id))
            .chain(raw.basis.first().map(|e| &e.id))
            .chain(raw.legislation.first().map(|e| &e.id))
            .min_by_key(|id| id.span().start);
        let org: Option<&SStr> = raw
            .org
            .as_ref()
            .map(|o| &o.id)
            .into_iter()
            .chain(raw.contact.first().map(|c| &c.role))
            .chain(raw.notice.first().map(|n| &n.id))
            .chain(raw.system.first().map(|n| &n.id))
            .chain(raw.service.first().map(|n| &n.id))
            .min_by_key(|id| id.span().start);
        let party = raw.party.first().map(|p| &p.id);
        let (bad, what) = match file.role {
            Role::Vocab => (
                org.or(party),
                "a vocabulary file may only hold vocabulary entries",
            ),
            Role::Parties => (
                vocab.or(org),
                "parties.toml may only hold [[party]] entries",
            ),
            Role::Org => (
                vocab,
                "an organisation file may not define vocabulary entries",
            ),
        };
        if let Some(id) = bad {
            errors.push(LoadError {
                file: file.name.clone(),
                span: Some(id.span()),
                kind: LoadErrorKind::Invalid {
                    message: what.to_string(),
                    help: Some(
                        "move vocabulary to vocab/*.toml, shared parties to parties.toml, the rest to <org>.toml".into(),
                    ),
                },
            });
        }
    }
}

fn tree_entries(raw: &RawFile, which: usize) -> &[RawTreeEntry] {
    match which {
        0 => &raw.category,
        1 => &raw.subject,
        2 => &raw.purpose,
        _ => &raw.party_type,
    }
}

/// Registers one tree vocabulary, resolves parents, rejects cycles and builds its hierarchy.
fn build_tree(
    files: &[(&SourceFile, RawFile)],
    errors: &mut Vec<LoadError>,
    reg: &mut Registries,
    model: &mut Model,
    kind: &'static str,
    which: usize,
) {
    let mut registry = Registry::default();
    let mut entries: Vec<(&SourceFile, &RawTreeEntry)> = Vec::new();
    for (file, raw) in files {
        let mut cx = Ctx { errors, file };
        for e in tree_entries(raw, which) {
            if cx.register(kind, &mut registry, &e.id, entries.len() as u32) {
                entries.push((file, e));
            }
        }
    }
    let mut parent: Vec<Option<u32>> = Vec::with_capacity(entries.len());
    for (file, e) in &entries {
        let mut cx = Ctx { errors, file };
        parent.push(
            e.parent
                .as_ref()
                .and_then(|p| cx.resolve(kind, &registry, p)),
        );
    }
    // A cycle would make the pre-order numbering loop: report the first entry of each cycle and
    // cut its parent link. An entry that merely leads into a cycle is not reported; the cut
    // made on the cycle itself frees it.
    for i in 0..parent.len() {
        let mut at = parent[i];
        for _ in 0..parent.len() {
            let Some(p) = at else { break };
            if p as usize == i {
                let (file, e) = entries[i];
                let mut cx = Ctx { errors, file };
                cx.invalid(
                    e.parent.as_ref().map(|p| p.span()),
                    format!("{kind} `{}` is its own ancestor", e.id.get_ref()),
                    Some("a parent chain must end at a root entry"),
                );
                parent[i] = None;
                break;
            }
            at = parent[p as usize];
        }
    }
    let tree = Hierarchy::new(parent);
    let entry = |e: &RawTreeEntry| TreeEntry {
        id: e.id.get_ref().clone(),
        name: e.name.clone(),
        dpv: e.dpv.as_ref().map(RawDpv::to_vec).unwrap_or_default(),
        description: e.description.clone(),
    };
    let v = &mut model.vocab;
    match which {
        0 => {
            v.categories = entries
                .iter()
                .enumerate()
                .map(|(i, (_, e))| {
                    let up = || tree.ancestors(i as u32).map(|a| entries[a as usize].1);
                    Category {
                        entry: entry(e),
                        special: up().any(|a| a.special),
                        criminal: up().any(|a| a.criminal),
                    }
                })
                .collect();
            v.category_tree = tree;
            reg.categories = registry;
        }
        1 => {
            v.subjects = entries.iter().map(|(_, e)| entry(e)).collect();
            v.subject_tree = tree;
            reg.subjects = registry;
        }
        2 => {
            v.purposes = entries.iter().map(|(_, e)| entry(e)).collect();
            v.purpose_tree = tree;
            reg.purposes = registry;
        }
        _ => {
            v.party_types = entries.iter().map(|(_, e)| entry(e)).collect();
            v.party_type_tree = tree;
            reg.party_types = registry;
        }
    }
}

const BASIS_GROUPS: [&str; 4] = ["sch1", "sch1-part1", "sch1-part2", "sch1-part3"];

fn build_rights_bases_legislation(
    files: &[(&SourceFile, RawFile)],
    errors: &mut Vec<LoadError>,
    reg: &mut Registries,
    model: &mut Model,
) {
    for (file, raw) in files {
        let mut cx = Ctx { errors, file };
        for r in &raw.right {
            if cx.register(
                "right",
                &mut reg.rights,
                &r.id,
                model.vocab.rights.len() as u32,
            ) {
                model.vocab.rights.push(Right {
                    id: r.id.get_ref().clone(),
                    name: r.name.clone(),
                    article: r.article.clone(),
                    description: r.description.clone(),
                });
            }
        }
        for b in &raw.basis {
            let law = match b.law.get_ref().as_str() {
                "uk-gdpr" => Law::UkGdpr,
                "dpa-2018" => Law::Dpa2018,
                other => {
                    cx.invalid(
                        Some(b.law.span()),
                        format!("unknown law `{other}`"),
                        Some("use `uk-gdpr` or `dpa-2018`"),
                    );
                    // Still registered below, so uses of the id do not cascade into errors.
                    Law::UkGdpr
                }
            };
            let shape_ok = match law {
                Law::UkGdpr => b.article.is_some() && b.schedule.is_none(),
                Law::Dpa2018 => b.schedule.is_some() && b.part.is_some() && b.paragraph.is_some(),
            };
            if !shape_ok {
                cx.invalid(
                    Some(b.id.span()),
                    format!("basis `{}` does not have the fields of its law", b.id.get_ref()),
                    Some("uk-gdpr bases need `article` (and `paragraph`, `point`); dpa-2018 ones `schedule`, `part`, `paragraph`"),
                );
            }
            if let Some(g) = &b.requires_one_of
                && !BASIS_GROUPS.contains(&g.get_ref().as_str())
            {
                cx.invalid(
                    Some(g.span()),
                    format!("unknown basis group `{}`", g.get_ref()),
                    Some("use sch1, sch1-part1, sch1-part2 or sch1-part3"),
                );
            }
            if cx.register(
                "basis",
                &mut reg.bases,
                &b.id,
                model.vocab.bases.len() as u32,
            ) {
                model.vocab.bases.push(Basis {
                    id: b.id.get_ref().clone(),
                    name: b.name.clone(),
                    law,
                    article: b.article,
                    paragraph: b.paragraph,
                    point: b.point.clone(),
                    schedule: b.schedule,
                    part: b.part,
                    dpv: b.dpv.clone(),
                    requires_one_of: b.requires_one_of.as_ref().map(|g| g.get_ref().clone()),
                    description: b.description.clone(),
                });
            }
        }
    }
    for (file, raw) in files {
        let mut cx = Ctx { errors, file };
        for l in &raw.legislation {
            let kind = match l.kind.get_ref().as_str() {
                "act" => LegislationKind::Act,
                "statutory-instrument" => LegislationKind::StatutoryInstrument,
                "eu-regulation" => LegislationKind::EuRegulation,
                other => {
                    cx.invalid(
                        Some(l.kind.span()),
                        format!("unknown legislation kind `{other}`"),
                        Some("use act, statutory-instrument or eu-regulation"),
                    );
                    LegislationKind::Act
                }
            };
            let supports = cx
                .resolve_all("basis", &reg.bases, &l.supports)
                .into_iter()
                .map(BasisIx)
                .collect();
            if cx.register(
                "legislation",
                &mut reg.legislation,
                &l.id,
                model.vocab.legislation.len() as u32,
            ) {
                model.vocab.legislation.push(Legislation {
                    id: l.id.get_ref().clone(),
                    title: l.title.clone(),
                    year: l.year,
                    kind,
                    gov_uk: l.legislation_gov_uk.clone(),
                    supports,
                    description: l.description.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("a9-2-h"));
        assert!(is_kebab("cheshire-west"));
        assert!(!is_kebab("Cheshire-West"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        assert!(!is_kebab(""));
    }
}
