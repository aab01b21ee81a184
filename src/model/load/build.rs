//! Raw files → model: registers ids, resolves every reference, checks quotes and rules, and
//! records each problem with its location instead of stopping at the first.

use super::ctx::{Ctx, Registries, Registry};
use super::{LoadError, LoadErrorKind, Role, SourceFile};
use crate::diagnostic::did_you_mean;
use crate::model::fold_space;
use crate::model::raw::*;
use crate::model::vocab::{
    Basis, Category, Hierarchy, Law, Legislation, LegislationKind, Right, TreeEntry, VocabIndex,
};
use crate::model::*;
use std::collections::HashMap;

/// Builds the model from parsed files; problems go to `errors`.
pub(super) fn build(
    files: &[(&SourceFile, RawFile)],
    notice_texts: &HashMap<String, String>,
    errors: &mut Vec<LoadError>,
) -> Model {
    check_roles(files, errors);
    let mut b = Build {
        files,
        errors,
        reg: Registries::default(),
        model: Model::default(),
    };

    let trees = [
        ("category", 0usize),
        ("subject", 1),
        ("purpose", 2),
        ("party type", 3),
    ];
    for (kind, which) in trees {
        b.tree(kind, which);
    }
    b.rights_bases_legislation();
    b.model.vocab.index = VocabIndex {
        categories: b.reg.categories.index_map(),
        subjects: b.reg.subjects.index_map(),
        purposes: b.reg.purposes.index_map(),
        party_types: b.reg.party_types.index_map(),
        bases: b.reg.bases.index_map(),
        legislation: b.reg.legislation.index_map(),
        rights: b.reg.rights.index_map(),
    };

    // Orgs and their notices first: parties may name orgs, facts name notices.
    let (org_of_file, normalized) = b.orgs(notice_texts);
    b.parties();

    let Build {
        errors,
        mut reg,
        mut model,
        ..
    } = b;
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
        orgs: reg.orgs.index_map(),
        notices: reg.notices.index_map(),
        services: reg.services.index_map(),
        parties: reg.parties.index_map(),
        systems: reg.systems.index_map(),
        service_orgs: model.services.iter().map(|s| s.org).collect(),
    };
    model
}

/// What the build steps share: the parsed files, the errors found so far, the id registries
/// and the model being built.
struct Build<'a> {
    files: &'a [(&'a SourceFile, RawFile)],
    errors: &'a mut Vec<LoadError>,
    reg: Registries,
    model: Model,
}

impl Build<'_> {
    /// Registers one tree vocabulary, resolves parents, rejects cycles and builds its hierarchy.
    fn tree(&mut self, kind: &'static str, which: usize) {
        let errors = &mut *self.errors;
        let mut registry = Registry::default();
        let mut entries: Vec<(&SourceFile, &RawTreeEntry)> = Vec::new();
        for (file, raw) in self.files {
            let mut cx = Ctx { errors, file };
            for e in tree_entries(raw, which) {
                if cx.register(kind, &mut registry, &e.id, &e.name, entries.len() as u32) {
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
        let v = &mut self.model.vocab;
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
                self.reg.categories = registry;
            }
            1 => {
                v.subjects = entries.iter().map(|(_, e)| entry(e)).collect();
                v.subject_tree = tree;
                self.reg.subjects = registry;
            }
            2 => {
                v.purposes = entries.iter().map(|(_, e)| entry(e)).collect();
                v.purpose_tree = tree;
                self.reg.purposes = registry;
            }
            _ => {
                v.party_types = entries.iter().map(|(_, e)| entry(e)).collect();
                v.party_type_tree = tree;
                self.reg.party_types = registry;
            }
        }
    }

    /// Registers the vocabulary's rights and lawful bases, then its legislation (which names the
    /// bases it supports).
    fn rights_bases_legislation(&mut self) {
        let errors = &mut *self.errors;
        for (file, raw) in self.files {
            let mut cx = Ctx { errors, file };
            for r in &raw.right {
                let next = self.model.vocab.rights.len() as u32;
                if cx.register("right", &mut self.reg.rights, &r.id, &r.name, next) {
                    self.model.vocab.rights.push(Right {
                        id: r.id.get_ref().clone(),
                        name: r.name.clone(),
                        article: r.article.clone(),
                        description: r.description.clone(),
                    });
                }
            }
            for b in &raw.basis {
                build_basis(&mut cx, &mut self.reg, &mut self.model, b);
            }
        }
        for (file, raw) in self.files {
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
                    .resolve_all("basis", &self.reg.bases, &l.supports)
                    .into_iter()
                    .map(BasisIx)
                    .collect();
                let next = self.model.vocab.legislation.len() as u32;
                if cx.register(
                    "legislation",
                    &mut self.reg.legislation,
                    &l.id,
                    &l.title,
                    next,
                ) {
                    self.model.vocab.legislation.push(Legislation {
                        id: l.id.get_ref().clone(),
                        title: l.title.clone(),
                        year: l.year,
                        kind,
                        gov_uk: l.legislation_gov_uk.clone(),
                        supports,
                        aliases: l.aliases.clone(),
                        description: l.description.clone(),
                    });
                }
            }
        }
    }

    /// Registers the organisations and their notices. Returns each file's organisation (for
    /// organisation files) and each notice's text normalized for quote matching.
    fn orgs(
        &mut self,
        notice_texts: &HashMap<String, String>,
    ) -> (Vec<Option<OrgIx>>, Vec<String>) {
        let errors = &mut *self.errors;
        let mut org_of_file: Vec<Option<OrgIx>> = vec![None; self.files.len()];
        let mut normalized: Vec<String> = Vec::new();
        for (fi, (file, raw)) in self.files.iter().enumerate() {
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
            let ix = self.model.orgs.len() as u32;
            if !cx.register("organisation", &mut self.reg.orgs, &org.id, &org.name, ix) {
                continue;
            }
            let org_type = cx
                .resolve("party type", &self.reg.party_types, &org.org_type)
                .unwrap_or(0);
            self.model.orgs.push(Org {
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
                let nix = self.model.notices.len() as u32;
                if !cx.register("notice", &mut self.reg.notices, &n.id, &n.title, nix) {
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
                normalized.push(fold_space(&text));
                self.model.notices.push(Notice {
                    id: n.id.get_ref().clone(),
                    file: n.file.get_ref().clone(),
                    title: n.title.clone(),
                    url: n.url.clone(),
                    org: OrgIx(ix),
                    text,
                });
            }
        }
        (org_of_file, normalized)
    }

    /// Registers the parties, from any file.
    fn parties(&mut self) {
        let errors = &mut *self.errors;
        for (file, raw) in self.files {
            let mut cx = Ctx { errors, file };
            for p in &raw.party {
                let ix = self.model.parties.len() as u32;
                if !cx.register("party", &mut self.reg.parties, &p.id, &p.name, ix) {
                    continue;
                }
                let party_type = cx
                    .resolve("party type", &self.reg.party_types, &p.party_type)
                    .unwrap_or(0);
                let also_types = cx
                    .resolve_all("party type", &self.reg.party_types, &p.also_types)
                    .into_iter()
                    .filter(|&t| t != party_type)
                    .map(PartyTypeIx)
                    .collect();
                let org = p
                    .org
                    .as_ref()
                    .and_then(|o| cx.resolve("organisation", &self.reg.orgs, o))
                    .map(OrgIx);
                let country = p.country.as_ref().and_then(|c| country(&mut cx, c));
                self.model.parties.push(Party {
                    id: p.id.get_ref().clone(),
                    name: p.name.clone(),
                    party_type: PartyTypeIx(party_type),
                    also_types,
                    generic: p.generic,
                    org,
                    aliases: p.aliases.clone(),
                    country,
                    note: p.note.clone(),
                });
            }
        }
    }
}

/// A party's `country`: an ISO 3166-1 alpha-2 code, two capital letters. "UK" and "EU" are
/// refused with the code meant: the United Kingdom is `GB` in ISO 3166-1 (UK is only reserved
/// there), and the EU is no country.
fn country(cx: &mut Ctx, code: &SStr) -> Option<String> {
    let c = code.get_ref();
    let help = match c.as_str() {
        "UK" => Some("the United Kingdom is `GB` in ISO 3166-1"),
        "EU" => Some("the EU is not a country: give the member state (`IE`, `FR`, …)"),
        _ if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) => return Some(c.clone()),
        _ => Some("give the ISO 3166-1 alpha-2 code, e.g. `IE` or `US`"),
    };
    cx.invalid(
        Some(code.span()),
        format!("`{c}` is not an ISO 3166-1 alpha-2 country code"),
        help,
    );
    None
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

const BASIS_GROUPS: [&str; 4] = ["sch1", "sch1-part1", "sch1-part2", "sch1-part3"];

/// Registers one lawful basis of the vocabulary, checking it has the fields of its law.
fn build_basis(cx: &mut Ctx, reg: &mut Registries, model: &mut Model, b: &RawBasis) {
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
    let next = model.vocab.bases.len() as u32;
    if cx.register("basis", &mut reg.bases, &b.id, &b.name, next) {
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
