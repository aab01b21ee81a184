//! The model `basis check` reads: each notice's services merged into one, so that every rule
//! decides per notice what the notice says.
//!
//! Art. 13 and 14 ask what a notice tells people, not how an encoder cut it into processing
//! activities. A notice that states its rights once, for its council services and its
//! website alike, tells people of those rights whichever of the two they read about; and one
//! that cites an Art. 9 condition for its special category data has cited it, whichever
//! service the encoder attached it to. Merging makes "the notice does not say X" mean what it
//! says, makes one omission one finding, and gives a notice encoded as one service and the
//! same notice split into several the same findings (tested by a property over the built-in
//! data and the corpus).

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

use crate::model::{
    BasisSet, CategorySet, Fact, Model, NoticeIx, OrgIx, Provenance, PurposeSet, RetentionRule,
    Service, ServiceIx, Source, TextIx, fold_space,
};

/// A model whose services are one per notice (the services of each notice merged, in order),
/// and for each merged service the ids of the services it stands for.
pub(super) struct ByNotice {
    /// The merged model.
    pub model: Model,
    /// `covers[i]`: the original services merged into service `i`.
    pub covers: Vec<Vec<String>>,
}

/// Merges the services of each notice of `model` into one: of the organisation `org` alone
/// when it is given (the rules read only its services, flows and retention rules, so the
/// others need not be copied and merged: on a national dataset that is most of the work).
pub(super) fn by_notice(model: &Model, org: Option<OrgIx>) -> ByNotice {
    let mut m = match org {
        Some(o) => of_org(model, o),
        None => model.clone(),
    };
    let places = Places::new(model);
    let Merged {
        mut services,
        covers,
        moved,
    } = merge_services(&mut m, &places);
    // A merged service is named after its notice, whatever service came first, so that
    // splitting a notice differently names it the same; and the sentence a finding about a
    // silence quotes is the notice's, not one an encoder chose to describe a service with.
    let mut stated_in: Vec<Vec<&Service>> = vec![Vec::new(); model.notices.len()];
    for s in &model.services {
        stated_in[s.notice.ix()].push(s);
    }
    for (i, svc) in services.iter_mut().enumerate() {
        let stated = stated_in
            .get(svc.notice.ix())
            .map_or(&[][..], Vec::as_slice);
        if covers[i].len() > 1 {
            svc.id = merged_id(model, svc.notice);
            svc.name = model.notices[svc.notice.ix()].title.clone();
        }
        if let Some(a) = anchor(model, &mut m, &places, svc.notice, stated) {
            svc.source = a;
        }
    }
    for svc in &mut services {
        in_notice_order(svc, &places);
    }
    rehome_flows(&mut m, &services, &moved, &places);
    rehome_retention(&mut m, &moved, &places);
    m.services = services;
    m.reindex();
    ByNotice { model: m, covers }
}

/// A copy of `model` whose services, flows and retention rules are `org`'s alone (in their
/// order), and whose organisations, notices, parties, systems and texts are all of `model`'s,
/// so that their indices stay valid.
fn of_org(model: &Model, org: OrgIx) -> Model {
    let mut now: Vec<Option<ServiceIx>> = vec![None; model.services.len()];
    let mut services = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        if s.org == org {
            now[i] = Some(ServiceIx(services.len() as u32));
            services.push(s.clone());
        }
    }
    let flows = model
        .flows
        .iter()
        .filter_map(|f| {
            let service = now[f.service.ix()]?;
            let mut f = f.clone();
            f.service = service;
            Some(f)
        })
        .collect();
    let retention = model
        .retention
        .iter()
        .filter_map(|r| {
            let service = now[r.service.ix()]?;
            Some(RetentionRule {
                service,
                ..r.clone()
            })
        })
        .collect();
    let mut m = Model {
        vocab: model.vocab.clone(),
        orgs: model.orgs.clone(),
        notices: model.notices.clone(),
        services,
        parties: model.parties.clone(),
        systems: model.systems.clone(),
        flows,
        retention,
        texts: model.texts.clone(),
        sets: model.sets.clone(),
        ..Model::default()
    };
    m.reindex();
    m
}

/// The services of each notice merged into one, in order.
struct Merged {
    services: Vec<Service>,
    /// `covers[i]`: the original services merged into service `i`.
    covers: Vec<Vec<String>>,
    /// Where each original service went.
    moved: Vec<ServiceIx>,
}

/// Takes `m`'s services and merges those of each notice into the first of them.
fn merge_services(m: &mut Model, places: &Places) -> Merged {
    // The merged service of each notice, by notice; and where each old service went.
    let mut of_notice: Vec<Option<ServiceIx>> = vec![None; m.notices.len()];
    let mut moved: Vec<ServiceIx> = Vec::with_capacity(m.services.len());
    let mut services: Vec<Service> = Vec::new();
    let mut covers: Vec<Vec<String>> = Vec::new();
    for s in std::mem::take(&mut m.services) {
        let n = s.notice;
        match of_notice.get(n.ix()).copied().flatten() {
            Some(into) => {
                covers[into.ix()].push(s.id.clone());
                let first = &mut services[into.ix()];
                if places.at(&s.source) < places.at(&first.source) {
                    first.source = s.source.clone();
                }
                absorb(&mut services[into.ix()], s, places);
                moved.push(into);
            }
            None => {
                let ix = ServiceIx(services.len() as u32);
                if let Some(slot) = of_notice.get_mut(n.ix()) {
                    *slot = Some(ix);
                }
                covers.push(vec![s.id.clone()]);
                services.push(s);
                moved.push(ix);
            }
        }
    }
    Merged {
        services,
        covers,
        moved,
    }
}

/// Points the flows at the merged services, gives the flows that carry their service's
/// categories, bases or purposes the merged service's, and keeps one of each repeated flow.
fn rehome_flows(m: &mut Model, services: &[Service], moved: &[ServiceIx], places: &Places) {
    for f in &mut m.flows {
        f.service = moved[f.service.ix()];
    }
    // A flow that carries its service's categories, bases or purposes (rather than stating its
    // own) carries the merged service's: what the notice says of the processing as a whole.
    for f in &mut m.flows {
        let svc = &services[f.service.ix()];
        if f.categories_provenance() != Provenance::Stated {
            let c: Vec<_> = svc.categories.iter().map(|c| c.value.category).collect();
            f.categories = CategorySet(m.sets.categories.intern(&c));
        }
        if f.bases_provenance() != Provenance::Stated {
            let b: Vec<_> = svc.bases.iter().filter_map(|b| b.value.basis).collect();
            f.bases = BasisSet(m.sets.bases.intern(&b));
        }
        if f.purposes_provenance() != Provenance::Stated {
            let p: Vec<_> = svc.purposes.iter().map(|p| p.value).collect();
            f.purposes = PurposeSet(m.sets.purposes.intern(&p));
        }
    }
    m.flows.sort_by_cached_key(|f| {
        (
            f.service,
            places.at(&f.source),
            f.party,
            f.direction(),
            f.condition(),
        )
    });
    // What a notice states for all its services was copied to each: once is enough here.
    let mut seen = std::collections::HashSet::new();
    m.flows.retain(|f| {
        seen.insert((
            f.service,
            f.party,
            f.direction(),
            f.categories,
            f.bases,
            f.purposes,
            f.condition(),
            (f.source.notice, f.source.quote),
        ))
    });
}

/// Points the retention rules at the merged services and keeps one of each repeated rule.
fn rehome_retention(m: &mut Model, moved: &[ServiceIx], places: &Places) {
    for r in &mut m.retention {
        r.service = moved[r.service.ix()];
    }
    let mut keyed: Vec<_> = std::mem::take(&mut m.retention)
        .into_iter()
        .map(|r| {
            let key = (
                r.service,
                places.at(&r.source),
                format!("{:?}", (&r.subjects, &r.categories, &r.period)),
            );
            (key, r)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    // Two rules alike in every field have the same key, so a repeat is looked for only among
    // the rules kept since the key last changed (not among all: that grew with their square).
    let mut kept: Vec<RetentionRule> = Vec::new();
    let (mut run, mut last) = (0, None);
    for (key, r) in keyed {
        if last.as_ref() != Some(&key) {
            run = kept.len();
            last = Some(key);
        }
        let same = |k: &RetentionRule| {
            k.subjects == r.subjects
                && k.categories == r.categories
                && k.condition == r.condition
                && k.period == r.period
                && k.trigger == r.trigger
                && k.event == r.event
                && k.source == r.source
        };
        match kept[run..].iter_mut().find(|k| same(k)) {
            Some(k) => k.provenance = k.provenance.min(r.provenance),
            None => kept.push(r),
        }
    }
    m.retention = kept;
}

/// The sentence that stands for a notice in a finding about what it does not say: the line
/// that gives its title, or else the first sentence any of its facts quotes. `None` when it
/// has neither (its services' own quotes are kept then). `stated` are the services of `model`
/// that the notice states.
fn anchor(
    model: &Model,
    merged: &mut Model,
    places: &Places,
    notice: NoticeIx,
    stated: &[&Service],
) -> Option<Source> {
    let n = &model.notices[notice.ix()];
    let squash = |s: &str| crate::model::fold_space(s).to_lowercase();
    let title = squash(&n.title);
    let line = n
        .text
        .lines()
        .map(str::trim)
        .find(|l| !title.is_empty() && squash(l) == title);
    let text = match line {
        Some(l) => l.to_string(),
        None => {
            // The earliest sentence a fact of the notice quotes (not a service's own quote,
            // which depends on how the notice was cut into services).
            let mut quotes: Vec<&Source> = Vec::new();
            for s in stated {
                quotes.extend(s.subjects.iter().map(|f| &f.source));
                quotes.extend(s.categories.iter().map(|f| &f.source));
                quotes.extend(s.purposes.iter().map(|f| &f.source));
                quotes.extend(s.bases.iter().map(|f| &f.source));
                quotes.extend(s.rights.iter().map(|f| &f.source));
            }
            let first = quotes
                .into_iter()
                .filter(|q| q.notice == notice)
                .min_by_key(|q| (places.at(q), model.quote(q)))?;
            model.quote(first).to_string()
        }
    };
    Some(Source {
        notice,
        quote: crate::model::TextIx(merged.texts.intern(&text)),
    })
}

/// An id for the merged services of `notice` that no service of the model has.
fn merged_id(model: &Model, notice: NoticeIx) -> String {
    let base = format!("notice-{}", model.notices[notice.ix()].id);
    let mut id = base.clone();
    let mut n = 2;
    while model.service(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Where statements stand in their notices (notice, then byte offset of the quote): of two
/// statements of the same fact, the firmer and then the earlier is kept, whichever service
/// held it, so that the merged model does not depend on how the notice was split.
///
/// Each quote's place is found once: a notice's quotes repeat across the services and flows
/// it is stated for (a million flows quote a few thousand sentences), and finding one may
/// fold the notice's white space.
struct Places<'m> {
    model: &'m Model,
    found: RefCell<HashMap<(NoticeIx, TextIx), usize>>,
    /// Each notice's text with its white space folded, made when a quote first needs it.
    folded: RefCell<HashMap<NoticeIx, String>>,
}

impl<'m> Places<'m> {
    fn new(model: &'m Model) -> Self {
        Places {
            model,
            found: RefCell::default(),
            folded: RefCell::default(),
        }
    }

    /// Where `src` stands: its notice, then the byte offset of its quote (`usize::MAX` when the
    /// quote is not found, which the loader does not allow for a stated fact).
    fn at(&self, src: &Source) -> (u32, usize) {
        let key = (src.notice, src.quote);
        if let Some(&at) = self.found.borrow().get(&key) {
            return (src.notice.0, at);
        }
        let text = &self.model.notices[src.notice.ix()].text;
        let quote = self.model.quote(src);
        // Quotes match their notice with white space compared loosely (the loader's rule).
        let at = text.find(quote).or_else(|| {
            let mut folded = self.folded.borrow_mut();
            let words = folded.entry(src.notice).or_insert_with(|| fold_space(text));
            words.find(&fold_space(quote))
        });
        let at = at.unwrap_or(usize::MAX);
        self.found.borrow_mut().insert(key, at);
        (src.notice.0, at)
    }
}

/// Adds the facts of `from` to `into`, each value once.
fn absorb(into: &mut Service, from: Service, places: &Places) {
    if into.description.is_none() {
        into.description = from.description;
    }
    // The lists differ in type, so a macro, not a loop, walks them.
    macro_rules! merge_lists {
        ($($list:ident)*) => { $(merge_facts(&mut into.$list, from.$list, places);)* };
    }
    merge_lists! {
        subjects categories purposes bases legislation systems rights security transfers
        automated requirements research notes
    }
}

/// Puts every list of the service in the order its statements stand in the notice.
fn in_notice_order(svc: &mut Service, places: &Places) {
    // Statements of one sentence ("physical or mental health") in the order of their values.
    fn sort<T: std::fmt::Debug>(list: &mut [Fact<T>], places: &Places) {
        list.sort_by_cached_key(|f| (places.at(&f.source), format!("{:?}", f.value)));
    }
    macro_rules! sort_lists {
        ($($list:ident)*) => { $(sort(&mut svc.$list, places);)* };
    }
    sort_lists! {
        subjects categories purposes bases legislation systems rights security transfers
        automated requirements research notes
    }
}

/// Adds `more` to `own`, each value once: of two statements of one value, the firmer, then the
/// earlier in the notice.
fn merge_facts<T: PartialEq + std::fmt::Debug>(
    own: &mut Vec<Fact<T>>,
    more: Vec<Fact<T>>,
    places: &Places,
) {
    for f in more {
        match own.iter_mut().find(|o| o.value == f.value) {
            Some(o) => {
                let rank =
                    |x: &Fact<T>| (x.provenance, places.at(&x.source), format!("{:?}", x.note));
                if rank(&f) < rank(o) {
                    *o = f;
                }
            }
            None => own.push(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_builtin;

    /// The condition and provenance of each rule of the merged model that has `rule`'s
    /// subjects, categories, period and quote, in the merged service that stands for `rule`'s.
    fn like(
        merged: &ByNotice,
        m: &Model,
        rule: &RetentionRule,
    ) -> Vec<(Option<String>, Provenance)> {
        let svc = &m.services[rule.service.ix()].id;
        let at = merged
            .covers
            .iter()
            .position(|c| c.contains(svc))
            .expect("the service is merged somewhere");
        merged
            .model
            .retention
            .iter()
            .filter(|r| {
                r.service.ix() == at
                    && r.subjects == rule.subjects
                    && r.categories == rule.categories
                    && r.period == rule.period
                    && r.source == rule.source
            })
            .map(|r| (r.condition.clone(), r.provenance))
            .collect()
    }

    /// A rule stated again (as a notice's rule copied to each of its services is) is kept once,
    /// at the firmer provenance, even when a rule of the same sentence with another condition
    /// stands between the two; the rule that differs is kept too.
    #[test]
    fn a_repeated_retention_rule_is_kept_once() {
        let mut m = load_builtin().expect("built-in data");
        let org = m.org("cheshire-west").expect("cheshire-west");
        let i = m
            .retention
            .iter()
            .position(|r| r.org == org && r.condition.is_none())
            .expect("a cheshire-west rule without a condition");
        // Weakened, so that the copy added below is the firmer of the two.
        m.retention[i].provenance = Provenance::Inferred;
        let rule = m.retention[i].clone();
        let kept_before: Vec<usize> = [Some(org), None]
            .into_iter()
            .map(|o| {
                let before = by_notice(&m, o);
                assert_eq!(like(&before, &m, &rule), [(None, rule.provenance)]);
                before.model.retention.len()
            })
            .collect();

        let other = RetentionRule {
            condition: Some("when the child leaves care".to_string()),
            ..rule.clone()
        };
        let firmer = RetentionRule {
            provenance: Provenance::Stated,
            ..rule.clone()
        };
        m.retention.extend([other, firmer]);
        m.reindex();
        for (org, kept_before) in [Some(org), None].into_iter().zip(kept_before) {
            let after = by_notice(&m, org);
            let mut got = like(&after, &m, &rule);
            got.sort();
            assert_eq!(
                got,
                [
                    (None, Provenance::Stated),
                    (
                        Some("when the child leaves care".to_string()),
                        rule.provenance
                    ),
                ],
                "org {org:?}"
            );
            assert_eq!(
                after.model.retention.len(),
                kept_before + 1,
                "only the rule with another condition is new (org {org:?})"
            );
        }
    }
}
