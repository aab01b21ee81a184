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
struct Registry {
    ids: HashMap<String, (u32, String)>,
}

/// The build state: the files, the errors and the id registries.
struct Ctx<'a> {
    errors: &'a mut Vec<LoadError>,
    file: &'a SourceFile,
}

impl Ctx<'_> {
    fn err(&mut self, span: Option<std::ops::Range<usize>>, kind: LoadErrorKind) {
        self.errors.push(LoadError {
            file: self.file.name.clone(),
            span,
            kind,
        });
    }

    fn invalid(
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
    fn register(&mut self, kind: &'static str, reg: &mut Registry, id: &SStr, next: u32) -> bool {
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
    fn resolve(&mut self, kind: &'static str, reg: &Registry, id: &SStr) -> Option<u32> {
        if let Some((ix, _)) = reg.ids.get(id.get_ref()) {
            return Some(*ix);
        }
        let suggestion =
            did_you_mean(id.get_ref(), reg.ids.keys().map(String::as_str)).map(str::to_string);
        self.err(
            Some(id.span()),
            LoadErrorKind::UnknownId {
                kind,
                id: id.get_ref().clone(),
                suggestion,
            },
        );
        None
    }

    fn resolve_all(&mut self, kind: &'static str, reg: &Registry, ids: &[SStr]) -> Vec<u32> {
        ids.iter()
            .filter_map(|id| self.resolve(kind, reg, id))
            .collect()
    }
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
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Registries {
    categories: Registry,
    subjects: Registry,
    purposes: Registry,
    party_types: Registry,
    bases: Registry,
    legislation: Registry,
    rights: Registry,
    orgs: Registry,
    notices: Registry,
    parties: Registry,
    systems: Registry,
    services: Registry,
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
            let org = p
                .org
                .as_ref()
                .and_then(|o| cx.resolve("organisation", &reg.orgs, o))
                .map(OrgIx);
            model.parties.push(Party {
                id: p.id.get_ref().clone(),
                name: p.name.clone(),
                party_type: PartyTypeIx(party_type),
                generic: p.generic,
                org,
                aliases: p.aliases.clone(),
                note: p.note.clone(),
            });
        }
    }

    let mut fb = FactBuilder {
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
    model.graph = graph::EntityGraph::build(&model);
    model
}

fn ids_of(reg: &Registry) -> HashMap<String, u32> {
    reg.ids.iter().map(|(k, (v, _))| (k.clone(), *v)).collect()
}

/// Each file may hold only the sections of its role.
fn check_roles(files: &[(&SourceFile, RawFile)], errors: &mut Vec<LoadError>) {
    for (file, raw) in files {
        let vocab = !raw.category.is_empty()
            || !raw.subject.is_empty()
            || !raw.purpose.is_empty()
            || !raw.party_type.is_empty()
            || !raw.right.is_empty()
            || !raw.basis.is_empty()
            || !raw.legislation.is_empty();
        let org = raw.org.is_some()
            || !raw.contact.is_empty()
            || !raw.notice.is_empty()
            || !raw.system.is_empty()
            || !raw.service.is_empty();
        let (bad, what) = match file.role {
            Role::Vocab => (
                org || !raw.party.is_empty(),
                "a vocabulary file may only hold vocabulary entries",
            ),
            Role::Parties => (vocab || org, "parties.toml may only hold [[party]] entries"),
            Role::Org => (
                vocab,
                "an organisation file may not define vocabulary entries",
            ),
        };
        if bad {
            errors.push(LoadError {
                file: file.name.clone(),
                span: None,
                kind: LoadErrorKind::Invalid {
                    message: what.to_string(),
                    help: Some("move vocabulary to vocab/*.toml, shared parties to parties.toml, the rest to <org>.toml".into()),
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
    // A cycle would make the pre-order numbering loop: cut it and report it.
    for i in 0..parent.len() {
        let mut steps = 0;
        let mut at = parent[i];
        while let Some(p) = at {
            steps += 1;
            if p as usize == i || steps > parent.len() {
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
        dpv: e.dpv.clone(),
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
                    continue;
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
                continue;
            }
            if let Some(g) = &b.requires_one_of {
                if !BASIS_GROUPS.contains(&g.get_ref().as_str()) {
                    cx.invalid(
                        Some(g.span()),
                        format!("unknown basis group `{}`", g.get_ref()),
                        Some("use sch1, sch1-part1, sch1-part2 or sch1-part3"),
                    );
                }
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
                    continue;
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

/// Builds the facts of organisation files: contacts, systems, services, flows, retention.
struct FactBuilder<'a> {
    reg: &'a mut Registries,
    normalized: &'a [String],
    model: &'a mut Model,
}

impl FactBuilder<'_> {
    fn org_facts(&mut self, cx: &mut Ctx, org: OrgIx, raw: &RawFile) {
        if let Some(o) = &raw.org {
            match (
                &o.ico_registration,
                &o.registration_quote,
                &o.registration_notice,
            ) {
                (Some(number), Some(q), Some(n)) => {
                    if let Some(source) = self.source(cx, org, Some(n), None, q) {
                        self.model.orgs[org.ix()].ico_registration = Some(Fact {
                            value: number.clone(),
                            source,
                        });
                    }
                }
                (None, None, None) => {}
                _ => cx.invalid(
                    Some(o.id.span()),
                    "ico_registration needs registration_quote and registration_notice".into(),
                    Some("give all three, or none"),
                ),
            }
        }
        for c in &raw.contact {
            check_word(cx, &c.role, &["dpo", "controller", "data-protection-team"]);
            check_word(cx, &c.kind, &["post", "email", "phone", "online"]);
            if let Some(source) = self.source(cx, org, Some(&c.notice), None, &c.quote) {
                self.model.orgs[org.ix()].contacts.push(Fact {
                    value: Contact {
                        role: c.role.get_ref().clone(),
                        kind: c.kind.get_ref().clone(),
                        value: c.value.clone(),
                    },
                    source,
                });
            }
        }
        for s in &raw.system {
            let ix = self.model.systems.len() as u32;
            let Some(source) = self.source(cx, org, Some(&s.notice), None, &s.quote) else {
                continue;
            };
            if cx.register("system", &mut self.reg.systems, &s.id, ix) {
                self.model.systems.push(System {
                    id: s.id.get_ref().clone(),
                    name: s.name.clone(),
                    org,
                    source,
                });
            }
        }
        for s in &raw.service {
            self.service(cx, org, s);
        }
    }

    /// Resolves the notice of a fact (its own, or the service's) and checks the quote.
    fn source(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        notice: Option<&SStr>,
        default: Option<NoticeIx>,
        quote: &SStr,
    ) -> Option<Source> {
        let notice = match notice {
            Some(n) => NoticeIx(cx.resolve("notice", &self.reg.notices, n)?),
            None => default?,
        };
        if self.model.notices[notice.ix()].org != org {
            cx.invalid(
                notice_span(notice, quote),
                format!(
                    "notice `{}` belongs to another organisation",
                    self.model.notices[notice.ix()].id
                ),
                Some("cite a notice of this organisation"),
            );
            return None;
        }
        let q = normalize(quote.get_ref());
        let hay = &self.normalized[notice.ix()];
        if q.is_empty() || !hay.contains(&q) {
            let matched = longest_prefix(hay, &q);
            cx.err(
                Some(quote.span()),
                LoadErrorKind::QuoteNotFound {
                    notice: self.model.notices[notice.ix()].id.clone(),
                    matched_prefix: matched,
                },
            );
            return None;
        }
        Some(Source {
            notice,
            quote: TextIx(self.model.texts.intern(quote.get_ref())),
        })
    }

    fn service(&mut self, cx: &mut Ctx, org: OrgIx, s: &RawService) {
        let Some(nix) = cx
            .resolve("notice", &self.reg.notices, &s.notice)
            .map(NoticeIx)
        else {
            return;
        };
        let Some(source) = self.source(cx, org, None, Some(nix), &s.quote) else {
            return;
        };
        let six = ServiceIx(self.model.services.len() as u32);
        if !cx.register("service", &mut self.reg.services, &s.id, six.0) {
            return;
        }
        let mut svc = Service {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            org,
            notice: nix,
            source,
            description: s.description.clone(),
            subjects: Vec::new(),
            categories: Vec::new(),
            purposes: Vec::new(),
            bases: Vec::new(),
            legislation: Vec::new(),
            systems: Vec::new(),
            rights: Vec::new(),
            security: Vec::new(),
            transfers: Vec::new(),
            automated: Vec::new(),
            requirements: Vec::new(),
            research: Vec::new(),
            notes: Vec::new(),
        };
        macro_rules! fact {
            ($raw:expr) => {
                self.source(cx, org, $raw.notice.as_ref(), Some(nix), &$raw.quote)
            };
        }
        for r in &s.subject {
            let v = cx.resolve("subject", &self.reg.subjects, &r.id);
            if let (Some(v), Some(source)) = (v, fact!(r)) {
                svc.subjects.push(Fact {
                    value: SubjectIx(v),
                    source,
                });
            }
        }
        for r in &s.category {
            let v = cx.resolve("category", &self.reg.categories, &r.id);
            if let (Some(v), Some(source)) = (v, fact!(r)) {
                let value = CategoryUse {
                    category: CategoryIx(v),
                    declared_special: r.declared_special,
                };
                svc.categories.push(Fact { value, source });
            }
        }
        for r in &s.purpose {
            let v = cx.resolve("purpose", &self.reg.purposes, &r.id);
            if let (Some(v), Some(source)) = (v, fact!(r)) {
                svc.purposes.push(Fact {
                    value: PurposeIx(v),
                    source,
                });
            }
        }
        for r in &s.system {
            let v = cx.resolve("system", &self.reg.systems, &r.id);
            if let (Some(v), Some(source)) = (v, fact!(r)) {
                svc.systems.push(Fact {
                    value: SystemIx(v),
                    source,
                });
            }
        }
        for r in &s.right {
            let v = cx.resolve("right", &self.reg.rights, &r.id);
            if let (Some(v), Some(source)) = (v, fact!(r)) {
                svc.rights.push(Fact {
                    value: RightIx(v),
                    source,
                });
            }
        }
        for b in &s.basis {
            let basis = self.citation_target(cx, "basis", b);
            if let (Some(basis), Some(source)) = (basis, fact!(b)) {
                let cited = b.cited.clone().unwrap_or_else(|| b.quote.get_ref().clone());
                let value = BasisCitation {
                    basis: basis.map(BasisIx),
                    cited,
                    note: b.note.clone(),
                };
                svc.bases.push(Fact { value, source });
            }
        }
        for l in &s.legislation {
            let target = self.citation_target(cx, "legislation", l);
            let status = match l.status.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("exact") => CitationStatus::Exact,
                Some("corrected") => CitationStatus::Corrected,
                Some("unresolved") => CitationStatus::Unresolved,
                Some(other) => {
                    cx.invalid(
                        l.status.as_ref().map(|s| s.span()),
                        format!("unknown status `{other}`"),
                        Some("use exact, corrected or unresolved"),
                    );
                    continue;
                }
            };
            let status = if l.unresolved {
                CitationStatus::Unresolved
            } else {
                status
            };
            if let Some(Some(_)) = target {
                if status == CitationStatus::Unresolved {
                    cx.invalid(
                        Some(l.quote.span()),
                        "an unresolved citation cannot have an id".into(),
                        Some("drop the id or change the status"),
                    );
                    continue;
                }
            }
            if let (Some(target), Some(source)) = (target, fact!(l)) {
                let cited = l.cited.clone().unwrap_or_else(|| l.quote.get_ref().clone());
                let value = LegislationCitation {
                    legislation: target.map(LegislationIx),
                    section: l.section.clone(),
                    cited,
                    status,
                    note: l.note.clone(),
                };
                svc.legislation.push(Fact { value, source });
            }
        }
        for r in &s.security {
            if let Some(source) = fact!(r) {
                svc.security.push(Fact {
                    value: r.measure.clone(),
                    source,
                });
            }
        }
        for r in &s.transfer {
            let stance = stance(cx, &r.stance, &["none", "possible", "not-answered"]);
            if let (Some(stance), Some(source)) = (stance, fact!(r)) {
                let value = Transfer {
                    stance,
                    safeguards: r.safeguards.clone(),
                    destination: r.destination.clone(),
                };
                svc.transfers.push(Fact { value, source });
            }
        }
        for r in &s.automated_decision {
            let stance = stance(cx, &r.stance, &["none", "used", "not-answered"]);
            if let (Some(stance), Some(source)) = (stance, fact!(r)) {
                svc.automated.push(Fact {
                    value: stance,
                    source,
                });
            }
        }
        for r in &s.requirement {
            if let Some(source) = fact!(r) {
                let value = Requirement {
                    statutory: r.statutory,
                    consequence: r.consequence.clone(),
                };
                svc.requirements.push(Fact { value, source });
            }
        }
        for r in &s.research {
            check_word(
                cx,
                &r.form,
                &["anonymised", "pseudonymised", "identifiable-with-consent"],
            );
            if let Some(source) = fact!(r) {
                let value = Research {
                    form: r.form.get_ref().clone(),
                    archive: r.archive,
                };
                svc.research.push(Fact { value, source });
            }
        }
        for r in &s.note {
            if let Some(source) = fact!(r) {
                svc.notes.push(Fact {
                    value: r.text.clone(),
                    source,
                });
            }
        }
        for (direction, list) in [(Direction::To, &s.recipient), (Direction::From, &s.source)] {
            for f in list {
                self.flow(cx, org, six, nix, &svc, direction, f);
            }
        }
        for r in &s.retention {
            self.retention(cx, org, six, nix, r);
        }
        self.model.services.push(svc);
    }

    /// `Some(Some(ix))` for a resolved id, `Some(None)` for a declared-unresolved citation,
    /// `None` after an error.
    fn citation_target(
        &mut self,
        cx: &mut Ctx,
        kind: &'static str,
        c: &RawCitation,
    ) -> Option<Option<u32>> {
        let reg = if kind == "basis" {
            &self.reg.bases
        } else {
            &self.reg.legislation
        };
        match (
            &c.id,
            c.unresolved
                || c.status
                    .as_ref()
                    .is_some_and(|s| s.get_ref() == "unresolved"),
        ) {
            (Some(id), false) => cx.resolve(kind, reg, id).map(Some),
            (None, true) => Some(None),
            (Some(id), true) => {
                cx.invalid(
                    Some(id.span()),
                    format!("an unresolved {kind} citation cannot have an id"),
                    Some("drop `id` or `unresolved`"),
                );
                None
            }
            (None, false) => {
                cx.invalid(
                    Some(c.quote.span()),
                    format!("a {kind} citation needs an `id`, or `unresolved = true` with a note"),
                    None,
                );
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // one call site; the arguments are the flow's context
    fn flow(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        service: ServiceIx,
        notice: NoticeIx,
        svc: &Service,
        direction: Direction,
        f: &RawFlow,
    ) {
        let party = cx.resolve("party", &self.reg.parties, &f.party);
        let categories = f
            .categories
            .as_ref()
            .map(|ids| cx.resolve_all("category", &self.reg.categories, ids));
        let bases = f
            .bases
            .as_ref()
            .map(|ids| cx.resolve_all("basis", &self.reg.bases, ids));
        let purposes = f
            .purposes
            .as_ref()
            .map(|ids| cx.resolve_all("purpose", &self.reg.purposes, ids));
        let Some(source) = self.source(cx, org, f.notice.as_ref(), Some(notice), &f.quote) else {
            return;
        };
        let Some(party) = party else { return };
        let prov = |stated: bool| {
            if stated {
                Provenance::Stated
            } else {
                Provenance::Implied
            }
        };
        let flow = Flow {
            org,
            service,
            party: PartyIx(party),
            direction,
            categories_provenance: prov(categories.is_some()),
            bases_provenance: prov(bases.is_some()),
            purposes_provenance: prov(purposes.is_some()),
            categories: CategorySet(self.model.sets.categories.intern(&match categories {
                Some(c) => c.into_iter().map(CategoryIx).collect::<Vec<_>>(),
                None => svc.categories.iter().map(|c| c.value.category).collect(),
            })),
            bases: BasisSet(self.model.sets.bases.intern(&match bases {
                Some(b) => b.into_iter().map(BasisIx).collect::<Vec<_>>(),
                None => svc.bases.iter().filter_map(|b| b.value.basis).collect(),
            })),
            purposes: PurposeSet(self.model.sets.purposes.intern(&match purposes {
                Some(p) => p.into_iter().map(PurposeIx).collect::<Vec<_>>(),
                None => svc.purposes.iter().map(|p| p.value).collect(),
            })),
            condition: f
                .condition
                .as_deref()
                .map(|c| TextIx(self.model.texts.intern(c))),
            source,
        };
        self.model.flows.push(flow);
    }

    fn retention(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        service: ServiceIx,
        notice: NoticeIx,
        r: &RawRetention,
    ) {
        let subjects = cx.resolve_all("subject", &self.reg.subjects, &r.subjects);
        let categories = cx.resolve_all("category", &self.reg.categories, &r.categories);
        let mut periods = Vec::new();
        if let Some(y) = r.years {
            periods.push(Period::Years(y));
        }
        match (r.min_years, r.max_years) {
            (Some(min), Some(max)) if min <= max => periods.push(Period::Range { min, max }),
            (None, None) => {}
            _ => {
                cx.invalid(
                    Some(r.quote.span()),
                    "a range needs min_years <= max_years, both given".into(),
                    None,
                );
                return;
            }
        }
        if let Some(a) = r.until_age {
            periods.push(Period::UntilAge(a));
        }
        if let Some(s) = &r.schedule {
            periods.push(Period::Schedule(s.clone()));
        }
        if r.indefinite {
            periods.push(Period::Indefinite);
        }
        if periods.len() != 1 {
            cx.invalid(
                Some(r.quote.span()),
                format!("a retention rule needs exactly one period, found {}", periods.len()),
                Some("give one of years, min_years + max_years, until_age, schedule, indefinite = true"),
            );
            return;
        }
        let trigger = match r.trigger.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("not-stated") => Trigger::NotStated,
            Some("collection") => Trigger::Collection,
            Some("end-of-service") => Trigger::EndOfService,
            Some("closure") => Trigger::Closure,
            Some("birth") => Trigger::Birth,
            Some(other) => {
                cx.invalid(
                    r.trigger.as_ref().map(|t| t.span()),
                    format!("unknown trigger `{other}`"),
                    Some("use collection, end-of-service, closure, birth or not-stated"),
                );
                return;
            }
        };
        let Some(source) = self.source(cx, org, r.notice.as_ref(), Some(notice), &r.quote) else {
            return;
        };
        self.model.retention.push(RetentionRule {
            org,
            service,
            subjects: subjects.into_iter().map(SubjectIx).collect(),
            categories: categories.into_iter().map(CategoryIx).collect(),
            condition: r.condition.clone(),
            period: periods.remove(0),
            trigger,
            note: r.note.clone(),
            source,
        });
    }
}

fn notice_span(_: NoticeIx, quote: &SStr) -> Option<std::ops::Range<usize>> {
    Some(quote.span())
}

/// Reports a word that is not one of `allowed`.
fn check_word(cx: &mut Ctx, word: &SStr, allowed: &[&str]) -> bool {
    if allowed.contains(&word.get_ref().as_str()) {
        return true;
    }
    let suggestion = did_you_mean(word.get_ref(), allowed.iter().copied());
    cx.invalid(
        Some(word.span()),
        format!("`{}` is not one of: {}", word.get_ref(), allowed.join(", ")),
        suggestion
            .map(|s| format!("did you mean `{s}`?"))
            .as_deref(),
    );
    false
}

fn stance(cx: &mut Ctx, word: &SStr, allowed: &[&str]) -> Option<Stance> {
    if !check_word(cx, word, allowed) {
        return None;
    }
    Some(match word.get_ref().as_str() {
        "none" => Stance::None,
        "possible" => Stance::Possible,
        "used" => Stance::Used,
        _ => Stance::NotAnswered,
    })
}

/// The longest start of `quote` (cut at a word boundary) that occurs in `hay`.
fn longest_prefix(hay: &str, quote: &str) -> String {
    let words: Vec<&str> = quote.split(' ').collect();
    let (mut lo, mut hi) = (0usize, words.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if hay.contains(&words[..mid].join(" ")) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    words[..lo].join(" ")
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

    #[test]
    fn longest_prefix_cuts_at_the_first_difference() {
        assert_eq!(
            longest_prefix("we keep data for six years", "we keep data for 6 years"),
            "we keep data for"
        );
        assert_eq!(longest_prefix("abc", "xyz"), "");
    }
}
