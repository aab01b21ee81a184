//! Facts of organisation files: contacts, systems, services and everything stated about them,
//! flows and retention rules; each quote checked against its notice.

use super::LoadErrorKind;
use super::ctx::{Ctx, Registries, Registry};
use crate::diagnostic::did_you_mean;
use crate::model::fold_space;
use crate::model::raw::*;
use crate::model::*;

/// What a notice states once for every service it describes (`[[notice.right]]`, …),
/// resolved and checked once, and copied to each service as implied facts.
struct NoticeStatements {
    notice: NoticeIx,
    /// The first statement, for an error about all of them.
    span: std::ops::Range<usize>,
    /// The facts, held in a service that is never added to the model.
    facts: Service,
    flows: Vec<FlowSpec>,
    retention: Vec<RetentionRule>,
    /// Whether a service inherited them.
    used: bool,
}

/// A recipient or source, resolved and checked, not yet tied to a service.
struct FlowSpec {
    party: PartyIx,
    direction: Direction,
    categories: Option<Vec<CategoryIx>>,
    bases: Option<Vec<BasisIx>>,
    purposes: Option<Vec<PurposeIx>>,
    condition: Option<TextIx>,
    source: Source,
    /// The encoder resolved the party the quote names (`provenance = "inferred"` on the flow).
    inferred: bool,
}

/// A service with no facts yet.
pub(crate) fn new_service(
    id: &str,
    name: &str,
    org: OrgIx,
    notice: NoticeIx,
    source: Source,
    description: Option<String>,
) -> Service {
    Service {
        id: id.to_string(),
        name: name.to_string(),
        org,
        notice,
        source,
        description,
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
    }
}

/// Copies what a notice states for all its services into one of them, as implied facts (an
/// inferred one stays inferred). A value the service states itself is not copied again.
fn inherit(svc: &mut Service, notice: &Service) {
    fn copy<T: Clone + PartialEq>(own: &mut Vec<Fact<T>>, from: &[Fact<T>]) {
        for f in from {
            if !own.iter().any(|o| o.value == f.value) {
                own.push(Fact {
                    provenance: f.provenance.max(Provenance::Implied),
                    ..f.clone()
                });
            }
        }
    }
    // The lists differ in type, so a macro, not a loop, walks them.
    macro_rules! copy_lists {
        ($($list:ident)*) => { $(copy(&mut svc.$list, &notice.$list);)* };
    }
    copy_lists! {
        subjects categories purposes bases legislation systems rights security transfers
        automated requirements research notes
    }
}

/// Reports a party listed twice among one service's recipients (or sources) with the same
/// condition: the second block would double every flow to it. The error names both places.
/// Two blocks with different conditions ("when there is a risk of harm", "with your consent")
/// are two flows, and load.
fn repeated_parties(cx: &mut Ctx, service: &SStr, direction: Direction, list: &[RawFlow]) {
    let what = match direction {
        Direction::From => "source",
        _ => "recipient",
    };
    // Each (party, condition) to the first block that lists it: looked up, not searched for
    // among the blocks before (that took the square of a service's flows).
    let mut firsts: std::collections::HashMap<(&str, Option<String>), &RawFlow> =
        std::collections::HashMap::new();
    for f in list {
        let key = (
            f.party.get_ref().as_str(),
            f.condition.as_deref().map(fold_space),
        );
        if let Some(first) = firsts.get(&key) {
            let at = cx.loc(&first.party.span());
            let when = match &f.condition {
                Some(c) => format!(" with the same condition ({c:?})"),
                None => String::new(),
            };
            cx.invalid(
                Some(f.party.span()),
                format!(
                    "party `{}` is a {what} of service `{}` twice{when} (first at {at})",
                    f.party.get_ref(),
                    service.get_ref()
                ),
                Some(&format!("merge the two [[service.{what}]] blocks into one: list every category, basis and purpose in it, and quote the sentence that names the party")),
            );
        } else {
            firsts.insert(key, f);
        }
    }
}

/// Builds the facts of organisation files: contacts, systems, services, flows, retention.
pub(super) struct FactBuilder<'a> {
    pub(super) reg: &'a mut Registries,
    pub(super) normalized: &'a [String],
    pub(super) model: &'a mut Model,
}

impl FactBuilder<'_> {
    pub(super) fn org_facts(&mut self, cx: &mut Ctx, org: OrgIx, raw: &RawFile) {
        if let Some(o) = &raw.org {
            super::crosscheck::unfilled_org(cx, o);
            match (
                &o.ico_registration,
                &o.registration_quote,
                &o.registration_notice,
            ) {
                (Some(number), Some(q), Some(n)) => {
                    if let Some(source) = self.source(cx, org, Some(n), None, q) {
                        self.model.orgs[org.ix()].ico_registration =
                            Some(Fact::stated(number.clone(), source));
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
            check_word(
                cx,
                &c.role,
                &["dpo", "controller", "data-protection-team", "ico"],
            );
            check_word(cx, &c.kind, &["post", "email", "phone", "online"]);
            if let Some(source) = self.source(cx, org, Some(&c.notice), None, &c.quote) {
                let contact = Contact {
                    role: c.role.get_ref().clone(),
                    kind: c.kind.get_ref().clone(),
                    value: c.value.clone(),
                };
                self.model.orgs[org.ix()]
                    .contacts
                    .push(Fact::stated(contact, source));
            }
        }
        for s in &raw.system {
            let ix = self.model.systems.len() as u32;
            // Registered even when its quote is bad, so that services naming it do not add
            // "unknown system" errors to the real one.
            let source = self.source(cx, org, Some(&s.notice), None, &s.quote);
            let source = source.unwrap_or_else(|| Source {
                notice: NoticeIx(0),
                quote: TextIx(self.model.texts.intern(s.quote.get_ref())),
            });
            if cx.register("system", &mut self.reg.systems, &s.id, &s.name, ix) {
                self.model.systems.push(System {
                    id: s.id.get_ref().clone(),
                    name: s.name.clone(),
                    org,
                    source,
                });
            }
        }
        let mut statements: Vec<NoticeStatements> = raw
            .notice
            .iter()
            .filter_map(|n| self.notice_statements(cx, org, n))
            .collect();
        for s in &raw.service {
            self.service(cx, org, s, &mut statements);
        }
        for n in statements.iter().filter(|n| !n.used) {
            let id = &self.model.notices[n.notice.ix()].id;
            cx.invalid(
                Some(n.span.clone()),
                format!("notice `{id}` states facts for its services, but no service names it"),
                Some(&format!("add notice = \"{id}\" to the services it describes, or move the facts to a service")),
            );
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
        let notice_ref = notice;
        let notice = match notice {
            Some(n) => NoticeIx(cx.resolve("notice", &self.reg.notices, n)?),
            None => default?,
        };
        if self.model.notices[notice.ix()].org != org {
            // A fact that inherits its service's notice: the service has reported it already.
            notice_ref?;
            cx.invalid(
                notice_ref.map(|n| n.span()).or(Some(quote.span())),
                format!(
                    "notice `{}` belongs to another organisation",
                    self.model.notices[notice.ix()].id
                ),
                Some("cite a notice of this organisation"),
            );
            return None;
        }
        let q = fold_space(quote.get_ref());
        let hay = &self.normalized[notice.ix()];
        // A notice whose file is missing is already reported; its quotes cannot be checked.
        let unreadable = self.model.notices[notice.ix()].text.is_empty();
        if !unreadable && (q.is_empty() || !hay.contains(&q)) {
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

    /// The statements a notice makes once for all its services, resolved and checked once;
    /// `None` when it makes none (or its id is unknown).
    fn notice_statements(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        n: &RawNotice,
    ) -> Option<NoticeStatements> {
        let lists = n.facts();
        let span = lists.first_span()?;
        let nix = NoticeIx(cx.resolve("notice", &self.reg.notices, &n.id)?);
        let source = Source {
            notice: nix,
            quote: TextIx(self.model.texts.intern("")),
        };
        let mut facts = new_service(n.id.get_ref(), &n.title, org, nix, source, None);
        self.fact_lists(cx, lists, &mut facts);
        let mut flows = Vec::new();
        for (direction, list) in [
            (Direction::To, lists.recipient),
            (Direction::From, lists.source),
        ] {
            flows.extend(
                list.iter()
                    .filter_map(|f| self.flow_spec(cx, org, nix, direction, f)),
            );
        }
        let retention = lists
            .retention
            .iter()
            .filter_map(|r| self.retention(cx, org, ServiceIx(0), nix, r))
            .collect();
        Some(NoticeStatements {
            notice: nix,
            span,
            facts,
            flows,
            retention,
            used: false,
        })
    }

    fn service(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        s: &RawService,
        inherited: &mut [NoticeStatements],
    ) {
        let Some(nix) = cx
            .resolve("notice", &self.reg.notices, &s.notice)
            .map(NoticeIx)
        else {
            return;
        };
        // A bad service quote is reported, and the service's facts are still checked.
        let source = self
            .source(cx, org, Some(&s.notice), None, &s.quote)
            .unwrap_or_else(|| Source {
                notice: nix,
                quote: TextIx(self.model.texts.intern(s.quote.get_ref())),
            });
        let six = ServiceIx(self.model.services.len() as u32);
        if !cx.register("service", &mut self.reg.services, &s.id, &s.name, six.0) {
            return;
        }
        let mut svc = new_service(
            s.id.get_ref(),
            &s.name,
            org,
            nix,
            source,
            s.description.clone(),
        );
        let lists = s.facts();
        self.fact_lists(cx, lists, &mut svc);
        let notice = inherited.iter_mut().find(|n| n.notice == nix);
        if let Some(n) = &notice {
            inherit(&mut svc, &n.facts);
        }
        let mut own: Vec<(PartyIx, Direction)> = Vec::new();
        for (direction, list) in [
            (Direction::To, lists.recipient),
            (Direction::From, lists.source),
        ] {
            repeated_parties(cx, &s.id, direction, list);
            for f in list {
                if let Some(spec) = self.flow_spec(cx, org, nix, direction, f) {
                    own.push((spec.party, spec.direction));
                    self.push_flow(six, &svc, &spec, false);
                }
            }
        }
        for r in lists.retention {
            if let Some(rule) = self.retention(cx, org, six, nix, r) {
                self.model.retention.push(rule);
            }
        }
        if let Some(n) = notice {
            n.used = true;
            for spec in &n.flows {
                // What the service states of a party itself is more specific than the notice.
                if !own.contains(&(spec.party, spec.direction)) {
                    self.push_flow(six, &svc, spec, true);
                }
            }
            for rule in &n.retention {
                self.model.retention.push(RetentionRule {
                    service: six,
                    provenance: rule.provenance.max(Provenance::Implied),
                    ..rule.clone()
                });
            }
        }
        self.model.services.push(svc);
    }

    /// Resolves the facts of a service's or a notice's lists (all but flows and retention)
    /// into `svc`, whose organisation and notice they are stated in.
    fn fact_lists(&mut self, cx: &mut Ctx, lists: FactLists, svc: &mut Service) {
        let (org, nix) = (svc.org, svc.notice);
        // The lists differ in type, so a macro, not a loop, reads them. Each list's name is its
        // id kind (`subject`), its service list's and registry's name the plural (`subjects`).
        macro_rules! refs {
            ($list:ident, $own:ident, $wrap:ident) => {
                svc.$own.extend(self.refs(
                    cx,
                    org,
                    nix,
                    stringify!($list),
                    |r| &r.$own,
                    lists.$list,
                    $wrap,
                ))
            };
        }
        refs!(subject, subjects, SubjectIx);
        for r in lists.category {
            let v = cx.resolve("category", &self.reg.categories, &r.id);
            if let (Some(v), Some(source)) = (
                v,
                self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote),
            ) && let Some(p) = fact_provenance(cx, r.provenance.as_ref(), r.note.as_ref())
            {
                let value = CategoryUse {
                    category: CategoryIx(v),
                    declared_special: r.declared_special,
                };
                svc.categories.push(Fact {
                    value,
                    source,
                    provenance: p,
                    note: r.note.clone(),
                });
            }
        }
        refs!(purpose, purposes, PurposeIx);
        refs!(system, systems, SystemIx);
        refs!(right, rights, RightIx);
        self.basis_facts(cx, lists.basis, svc);
        self.legislation_facts(cx, lists.legislation, svc);
        self.statement_facts(cx, &lists, svc);
    }

    /// Resolves a list of plain references to vocabulary or registered ids (subjects, purposes,
    /// systems, rights): each id known, each quote found in its notice.
    #[allow(clippy::too_many_arguments)]
    fn refs<T>(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        nix: NoticeIx,
        kind: &'static str,
        registry: fn(&Registries) -> &Registry,
        list: &[RawRef],
        wrap: fn(u32) -> T,
    ) -> Vec<Fact<T>> {
        let mut out = Vec::with_capacity(list.len());
        for r in list {
            let v = cx.resolve(kind, registry(self.reg), &r.id);
            if let (Some(v), Some(source)) = (
                v,
                self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote),
            ) && let Some(p) = fact_provenance(cx, r.provenance.as_ref(), r.note.as_ref())
            {
                out.push(Fact {
                    value: wrap(v),
                    source,
                    provenance: p,
                    note: r.note.clone(),
                });
            }
        }
        out
    }

    /// Resolves a service's or a notice's lawful bases, each checked against its quote.
    fn basis_facts(&mut self, cx: &mut Ctx, list: &[RawCitation], svc: &mut Service) {
        let (org, nix) = (svc.org, svc.notice);
        for b in list {
            let basis = self.citation_target(cx, "basis", b);
            let source = self.source(cx, org, b.notice.as_ref(), Some(nix), &b.quote);
            // Only a quote found in the notice is worth reading for its citation.
            if let (Some(Some(ix)), Some(_)) = (basis, &source) {
                super::crosscheck::basis(cx, &self.model.vocab.bases, ix, b);
            }
            if let (Some(basis), Some(source)) = (basis, source) {
                let purposes = b
                    .purposes
                    .as_ref()
                    .map(|ids| cx.resolve_all("purpose", &self.reg.purposes, ids))
                    .unwrap_or_default()
                    .into_iter()
                    .map(PurposeIx)
                    .collect();
                let value = BasisCitation {
                    basis: basis.map(BasisIx),
                    cited: cited(b),
                    note: b.note.clone(),
                    purposes,
                };
                svc.bases.extend(citation_fact(cx, b, value, source));
            }
        }
    }

    /// Resolves a service's or a notice's legislation, each checked against its quote and the
    /// vocabulary's title.
    fn legislation_facts(&mut self, cx: &mut Ctx, list: &[RawCitation], svc: &mut Service) {
        let (org, nix) = (svc.org, svc.notice);
        for l in list {
            if let Some(p) = l.purposes.as_ref().and_then(|p| p.first()) {
                cx.invalid(
                    Some(p.span()),
                    "`purposes` ties a lawful basis to the purposes it covers; a piece of legislation does not take it".into(),
                    Some("move `purposes` to the [[service.basis]] the legislation supports"),
                );
            }
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
            if let Some(Some(_)) = target
                && status == CitationStatus::Unresolved
            {
                cx.invalid(
                    Some(l.quote.span()),
                    "an unresolved citation cannot have an id".into(),
                    Some("drop the id or change the status"),
                );
                continue;
            }
            let source = self.source(cx, org, l.notice.as_ref(), Some(nix), &l.quote);
            if let (Some(Some(ix)), Some(_)) = (target, &source) {
                let exact = status == CitationStatus::Exact;
                super::crosscheck::legislation(cx, &self.model.vocab.legislation, ix, l, exact);
            }
            if let (Some(target), Some(source)) = (target, source) {
                let value = LegislationCitation {
                    legislation: target.map(LegislationIx),
                    section: l.section.clone(),
                    cited: cited(l),
                    status,
                    note: l.note.clone(),
                };
                svc.legislation.extend(citation_fact(cx, l, value, source));
            }
        }
    }

    /// Resolves the statements that carry no vocabulary id: security, transfers, automated
    /// decisions, requirements, research and notes.
    fn statement_facts(&mut self, cx: &mut Ctx, lists: &FactLists, svc: &mut Service) {
        let (org, nix) = (svc.org, svc.notice);
        for r in lists.security {
            if let Some(source) = self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote) {
                svc.security.push(Fact::stated(r.measure.clone(), source));
            }
        }
        for r in lists.transfer {
            let stance = stance(cx, &r.stance, &["none", "possible", "not-answered"]);
            if let (Some(stance), Some(source)) = (
                stance,
                self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote),
            ) {
                let value = Transfer {
                    stance,
                    safeguards: r.safeguards.clone(),
                    destination: r.destination.clone(),
                };
                svc.transfers.push(Fact::stated(value, source));
            }
        }
        for r in lists.automated_decision {
            let stance = stance(cx, &r.stance, &["none", "used", "not-answered"]);
            if let (Some(stance), Some(source)) = (
                stance,
                self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote),
            ) {
                svc.automated.push(Fact::stated(stance, source));
            }
        }
        for r in lists.requirement {
            if let Some(source) = self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote) {
                let value = Requirement {
                    statutory: r.statutory,
                    consequence: r.consequence.clone(),
                };
                svc.requirements.push(Fact::stated(value, source));
            }
        }
        for r in lists.research {
            check_word(
                cx,
                &r.form,
                &["anonymised", "pseudonymised", "identifiable-with-consent"],
            );
            if let Some(source) = self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote) {
                let value = Research {
                    form: r.form.get_ref().clone(),
                    archive: r.archive,
                };
                svc.research.push(Fact::stated(value, source));
            }
        }
        for r in lists.note {
            if let Some(source) = self.source(cx, org, r.notice.as_ref(), Some(nix), &r.quote) {
                svc.notes.push(Fact::stated(r.text.clone(), source));
            }
        }
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

    /// A recipient or source resolved and checked, before it is tied to a service.
    fn flow_spec(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        notice: NoticeIx,
        direction: Direction,
        f: &RawFlow,
    ) -> Option<FlowSpec> {
        let party = cx.resolve("party", &self.reg.parties, &f.party);
        let ids = |cx: &mut Ctx, kind, reg, list: &Option<Vec<SStr>>| {
            list.as_ref().map(|ids| cx.resolve_all(kind, reg, ids))
        };
        let categories = ids(cx, "category", &self.reg.categories, &f.categories);
        let bases = ids(cx, "basis", &self.reg.bases, &f.bases);
        let purposes = ids(cx, "purpose", &self.reg.purposes, &f.purposes);
        let source = self.source(cx, org, f.notice.as_ref(), Some(notice), &f.quote)?;
        let inferred = fact_provenance(cx, f.provenance.as_ref(), f.note.as_ref())?;
        let party = PartyIx(party?);
        // A team of the controller is not a recipient or a source (UK GDPR Art. 4(9)): what the
        // notice lists among recipients or sources is shared within the controller.
        let v = &self.model.vocab;
        let internal = v.party_type("internal-team").is_some_and(|team| {
            self.model
                .parties
                .get(party.ix())
                .is_some_and(|p| v.party_type_tree.within(p.party_type.0, team.0))
        });
        Some(FlowSpec {
            party,
            direction: if internal {
                Direction::Internal
            } else {
                direction
            },
            categories: categories.map(|c| c.into_iter().map(CategoryIx).collect()),
            bases: bases.map(|b| b.into_iter().map(BasisIx).collect()),
            purposes: purposes.map(|p| p.into_iter().map(PurposeIx).collect()),
            condition: f
                .condition
                .as_deref()
                .map(|c| TextIx(self.model.texts.intern(c))),
            source,
            inferred: inferred == Provenance::Inferred,
        })
    }

    /// Adds the flow of `spec` to service `service` (`svc`, not yet in the model). Lists the
    /// flow does not state are the service's; `inherited` marks a flow the notice states for
    /// all its services, which is implied for each of them.
    fn push_flow(&mut self, service: ServiceIx, svc: &Service, spec: &FlowSpec, inherited: bool) {
        // A list the notice states of this flow is stated; one carried over from the service is
        // implied, or inferred when the encoder inferred any of the service's facts it carries.
        let prov = |stated: bool, carried: &mut dyn Iterator<Item = Provenance>| {
            let own = if stated {
                Provenance::Stated
            } else {
                carried.fold(Provenance::Implied, Provenance::max)
            };
            if inherited {
                own.max(Provenance::Implied)
            } else {
                own
            }
        };
        let provenance = FlowProvenance {
            party: if spec.inferred {
                Provenance::Inferred
            } else if inherited {
                Provenance::Implied
            } else {
                Provenance::Stated
            },
            categories: prov(
                spec.categories.is_some(),
                &mut svc.categories.iter().map(|f| f.provenance),
            ),
            bases: prov(
                spec.bases.is_some(),
                // Only resolved bases are carried over, so only their provenance counts.
                &mut svc
                    .bases
                    .iter()
                    .filter(|b| b.value.basis.is_some())
                    .map(|f| f.provenance),
            ),
            purposes: prov(
                spec.purposes.is_some(),
                &mut svc.purposes.iter().map(|f| f.provenance),
            ),
        };
        let lists = (
            CategorySet(self.model.sets.categories.intern(&match &spec.categories {
                Some(c) => c.clone(),
                None => svc.categories.iter().map(|c| c.value.category).collect(),
            })),
            BasisSet(self.model.sets.bases.intern(&match &spec.bases {
                Some(b) => b.clone(),
                None => svc.bases.iter().filter_map(|b| b.value.basis).collect(),
            })),
            PurposeSet(self.model.sets.purposes.intern(&match &spec.purposes {
                Some(p) => p.clone(),
                None => svc.purposes.iter().map(|p| p.value).collect(),
            })),
        );
        let flow = Flow::new(
            service,
            spec.party,
            spec.direction,
            lists,
            spec.condition,
            spec.source.clone(),
            provenance,
        );
        self.model.flows.push(flow);
    }

    /// A retention rule resolved and checked; `None` after an error.
    fn retention(
        &mut self,
        cx: &mut Ctx,
        org: OrgIx,
        service: ServiceIx,
        notice: NoticeIx,
        r: &RawRetention,
    ) -> Option<RetentionRule> {
        let subjects = cx.resolve_all("subject", &self.reg.subjects, &r.subjects);
        let categories = cx.resolve_all("category", &self.reg.categories, &r.categories);
        let period = period(cx, r)?;
        let trigger = match r.trigger.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("not-stated") => Trigger::NotStated,
            Some("collection") => Trigger::Collection,
            Some("end-of-service") => Trigger::EndOfService,
            Some("closure") => Trigger::Closure,
            Some("birth") => Trigger::Birth,
            Some("event") => Trigger::Event,
            Some(other) => {
                let suggestion = did_you_mean(other, TRIGGERS.iter().copied());
                cx.invalid(
                    r.trigger.as_ref().map(|t| t.span()),
                    format!("unknown trigger `{other}`"),
                    Some(&match suggestion {
                        Some(s) => format!(
                            "did you mean `{s}`? The triggers are {}",
                            TRIGGERS.join(", ")
                        ),
                        None => format!("use {}", TRIGGERS.join(", ")),
                    }),
                );
                return None;
            }
        };
        let event = r.event.as_ref().map(|e| e.get_ref().trim().to_string());
        match (trigger, &event) {
            (Trigger::Event, Some(e)) if !e.is_empty() => {}
            (Trigger::Event, _) => {
                cx.invalid(
                    r.trigger.as_ref().map(|t| t.span()),
                    "trigger = \"event\" needs `event`: the event in the notice's words".into(),
                    Some("e.g. event = \"Parliament is dissolved\" for \"six months after Parliament is dissolved\""),
                );
                return None;
            }
            (_, Some(_)) => {
                cx.invalid(
                    r.event.as_ref().map(|e| e.span()),
                    "`event` is only read with trigger = \"event\"".into(),
                    Some("add trigger = \"event\", or drop `event`"),
                );
                return None;
            }
            (_, None) => {}
        }
        let provenance = fact_provenance(cx, r.provenance.as_ref(), r.note.as_ref())?;
        let source = self.source(cx, org, r.notice.as_ref(), Some(notice), &r.quote)?;
        Some(RetentionRule {
            org,
            service,
            subjects: subjects.into_iter().map(SubjectIx).collect(),
            categories: categories.into_iter().map(CategoryIx).collect(),
            condition: r.condition.clone(),
            period,
            trigger,
            event,
            note: r.note.clone(),
            source,
            provenance,
        })
    }
}

/// The words `trigger` takes.
const TRIGGERS: [&str; 6] = [
    "collection",
    "end-of-service",
    "closure",
    "birth",
    "event",
    "not-stated",
];

/// The one period a retention rule gives; `None` after an error.
fn period(cx: &mut Ctx, r: &RawRetention) -> Option<Period> {
    let mut periods = Vec::new();
    let lengths = [
        (r.years, Period::Years as fn(u32) -> Period),
        (r.months, Period::Months),
        (r.weeks, Period::Weeks),
        (r.days, Period::Days),
    ];
    periods.extend(lengths.iter().filter_map(|(n, make)| n.map(make)));
    match (r.min_years, r.max_years) {
        (Some(min), Some(max)) if min <= max => periods.push(Period::Range { min, max }),
        (None, None) => {}
        _ => {
            cx.invalid(
                Some(r.quote.span()),
                "a range needs min_years <= max_years, both given".into(),
                None,
            );
            return None;
        }
    }
    if let Some(a) = r.until_age {
        periods.push(Period::UntilAge(a));
    }
    if let Some(s) = &r.schedule {
        periods.push(Period::Schedule(s.clone()));
    }
    if let Some(u) = &r.until {
        let u = u.get_ref().trim();
        if u.is_empty() {
            cx.invalid(
                Some(r.until.as_ref().map_or(r.quote.span(), |u| u.span())),
                "`until` is empty".into(),
                Some(
                    "give the event in the notice's words, e.g. until = \"you close your account\"",
                ),
            );
            return None;
        }
        periods.push(Period::UntilEvent(u.to_string()));
    }
    if r.indefinite {
        periods.push(Period::Indefinite);
    }
    if periods.len() != 1 {
        cx.invalid(
            Some(r.quote.span()),
            format!("a retention rule needs exactly one period, found {}", periods.len()),
            Some("give one of years, months, weeks, days, min_years + max_years, until_age, until, schedule, indefinite = true"),
        );
        return None;
    }
    periods.pop()
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

/// A citation's wording in the notice: its `cited`, or else its quote.
fn cited(c: &RawCitation) -> String {
    c.cited.clone().unwrap_or_else(|| c.quote.get_ref().clone())
}

/// The fact of a resolved citation whose quote was found at `source`; `None` when its
/// provenance is refused (and reported). Its remark stays in `value`.
fn citation_fact<T>(cx: &mut Ctx, c: &RawCitation, value: T, source: Source) -> Option<Fact<T>> {
    let provenance = fact_provenance(cx, c.provenance.as_ref(), c.note.as_ref())?;
    Some(Fact {
        value,
        source,
        provenance,
        note: None,
    })
}

/// The provenance a service fact declares: `stated` (the default) or `inferred`, which needs a
/// `note` saying why. `implied` belongs to flows that carry a service's facts, never to the
/// service's own facts. `None` after an error.
fn fact_provenance(cx: &mut Ctx, p: Option<&SStr>, note: Option<&String>) -> Option<Provenance> {
    let Some(p) = p else {
        return Some(Provenance::Stated);
    };
    match Provenance::parse(p.get_ref()) {
        Some(Provenance::Stated) => Some(Provenance::Stated),
        Some(Provenance::Inferred) if note.is_some_and(|n| !n.trim().is_empty()) => {
            Some(Provenance::Inferred)
        }
        Some(Provenance::Inferred) => {
            cx.invalid(
                Some(p.span()),
                "an inferred fact needs a `note` saying why it is inferred".into(),
                Some("add `note = \"…\"` with the reading of the notice it rests on"),
            );
            None
        }
        _ => {
            cx.invalid(
                Some(p.span()),
                format!("unknown provenance `{}`", p.get_ref()),
                Some(
                    "use stated or inferred (implied is what a flow carries over from its service)",
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::longest_prefix;

    #[test]
    fn longest_prefix_cuts_at_the_first_difference() {
        assert_eq!(
            longest_prefix("we keep data for six years", "we keep data for 6 years"),
            "we keep data for"
        );
        assert_eq!(longest_prefix("abc", "xyz"), "");
    }
}
