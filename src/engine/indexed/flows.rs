//! The access paths for flows: driven by the most selective list (intersected, semi-joined
//! or probed with the rest), or, when even that list is long, by bitmaps combined as sets.

use super::lookup::{Conjunct, key_words, marks, read};
use super::lookup::{by_bitmaps, costed_conjuncts};
use super::probe::Probe;
use super::{Indexed, ORG_SCOPE};
use crate::engine::budget::{Ctx, EvalError, Limit};
use crate::engine::pred::describe;
use crate::engine::row::RowRef;
use crate::model::index::intersect;
use crate::model::{Direction, OrgIx};
use crate::query::ast::EntityKind;
use crate::query::plan::Pred;
use roaring::{MultiOps, RoaringBitmap};

impl<'m> Indexed<'m> {
    /// Flow numbers of direction `dir` passing `filter`, optionally of some organisations.
    pub(super) fn flows(
        &self,
        entity: EntityKind,
        dir: Option<Direction>,
        filter: Option<&Pred>,
        orgs: Option<&[OrgIx]>,
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let n = m.flows.len();
        let conj = costed_conjuncts(m, ix, filter, orgs);
        if by_bitmaps(&conj, dir, n) {
            return self.flows_by_bitmaps(entity, dir, &conj, ctx);
        }
        // The driver: the most selective conjunct the index answers, or every flow.
        let mut rest = conj.iter().peekable();
        let driven = rest.peek().is_some_and(|c| c.lookups.is_some());
        let mut cands: Vec<u32> = match rest.peek() {
            Some(c) if c.lookups.is_some() => {
                let c = rest.next().expect("peeked");
                let ls = c.lookups.as_deref().unwrap_or_default();
                ctx.need(Limit::Rows, "candidate flows", c.estimate as u64, 4)?;
                let mut cands = read(ix, ls, n);
                let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
                ctx.step(
                    "index",
                    || format!("{} via {} postings", self.words(c.pred), kinds.join(", ")),
                    Some(c.estimate),
                    cands.len(),
                );
                if !c.exact() {
                    let probe = Probe::compile(c.pred, m, cands.len());
                    self.probe(&mut cands, &probe, entity, ctx)?;
                }
                cands
            }
            _ => {
                ctx.need(Limit::Rows, "candidate flows", n as u64, 4)?;
                let rows = match dir {
                    None => n,
                    Some(d) => ix.count(d),
                };
                ctx.step(
                    "scan",
                    || format!("{} ({rows} rows, by the direction bits)", entity.word()),
                    Some(rows),
                    rows,
                );
                match dir {
                    None => (0..n as u32).collect(),
                    Some(d) => (0..n as u32).filter(|&f| ix.goes(f, d)).collect(),
                }
            }
        };
        if let (Some(d), true) = (dir, driven) {
            cands.retain(|&f| ix.goes(f, d));
            ctx.step(
                "direction",
                || format!("direction = {}", d.as_str()),
                None,
                cands.len(),
            );
        }
        let mut estimate = cands.len() as f64;
        for c in rest {
            ctx.tick()?;
            estimate *= c.estimate.min(n) as f64 / n.max(1) as f64;
            // Intersect with one sorted list while its length is within a factor of the
            // candidates (a merge reads both); test the candidates otherwise.
            if c.single_list() && c.estimate <= cands.len().saturating_mul(16) {
                let l = &c.lookups.as_deref().unwrap_or_default()[0];
                cands = intersect(&cands, ix.postings(l.kind).get(l.runs[0].0));
                ctx.step(
                    "intersect",
                    || format!("{} via {} postings", self.words(c.pred), l.kind.name()),
                    Some(estimate.round() as usize),
                    cands.len(),
                );
                continue;
            }
            // Several exact lists (a subtree, a list of values): mark them in a bit set and
            // keep the candidates whose bit is set — reading the lists in order costs less
            // than reading each candidate's flow, scattered over the table.
            if c.exact() && c.estimate <= cands.len().saturating_mul(16) {
                let ls = c.lookups.as_deref().unwrap_or_default();
                let bits = marks(ix, ls, n);
                cands.retain(|&f| {
                    bits.get(f as usize / 64)
                        .is_some_and(|w| w & (1 << (f % 64)) != 0)
                });
                ctx.step(
                    "semijoin",
                    || {
                        format!(
                            "{} via a bit set of {} postings",
                            self.words(c.pred),
                            ls.iter()
                                .map(|l| l.kind.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                    Some(estimate.round() as usize),
                    cands.len(),
                );
                continue;
            }
            let probe = Probe::compile(c.pred, m, cands.len());
            self.probe(&mut cands, &probe, entity, ctx)?;
            ctx.step(
                "probe",
                || format!("{} (memoised by {})", self.words(c.pred), key_words(c.pred)),
                Some(estimate.round() as usize),
                cands.len(),
            );
        }
        Ok(cands)
    }

    /// [`Indexed::flows`] when even its most selective list is long: the lists of every
    /// conjunct the index answers are combined as bitmaps (a subtree or a list of values by
    /// union, conjuncts and the direction by intersection, smallest first), and only the
    /// flows left are read out and tested for what the lists cannot answer.
    fn flows_by_bitmaps(
        &self,
        entity: EntityKind,
        dir: Option<Direction>,
        conj: &[Conjunct],
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let mut acc: Option<RoaringBitmap> = None;
        for c in conj {
            let Some(ls) = c.lookups.as_deref() else {
                continue;
            };
            ctx.tick()?;
            let estimate = c.estimate;
            let mut parts: Vec<&RoaringBitmap> = Vec::new();
            for l in ls {
                let maps = ix.bitmaps(l.kind);
                for &(lo, hi) in &l.runs {
                    parts.extend(
                        maps.get(lo as usize..(hi as usize).min(maps.len()))
                            .into_iter()
                            .flatten(),
                    );
                }
            }
            let these = match parts.as_slice() {
                [one] => (*one).clone(),
                _ => parts.into_iter().union(),
            };
            let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
            acc = Some(match acc {
                None => these,
                Some(mut a) => {
                    a &= &these;
                    a
                }
            });
            ctx.step(
                "bitmap",
                || format!("{} via {} bitmaps", self.words(c.pred), kinds.join(", ")),
                Some(estimate),
                acc.as_ref().map_or(0, |a| a.len() as usize),
            );
        }
        let mut acc = acc.unwrap_or_default();
        if let Some(d) = dir {
            acc &= ix.direction_bitmap(d);
            ctx.step(
                "direction",
                || format!("direction = {} (bitmap)", d.as_str()),
                None,
                acc.len() as usize,
            );
        }
        ctx.need(Limit::Rows, "candidate flows", acc.len(), 4)?;
        let mut cands: Vec<u32> = Vec::with_capacity(acc.len() as usize);
        // `for_each` folds container by container; `extend` would step the nested iterators.
        acc.iter().for_each(|f| cands.push(f));
        drop(acc);
        // What the lists answer only in part (a recipient's list holds its flows both ways),
        // or not at all, is tested on the flows left.
        for c in conj.iter().filter(|c| !c.exact()) {
            let probe = Probe::compile(c.pred, m, cands.len());
            self.probe(&mut cands, &probe, entity, ctx)?;
            ctx.step(
                "probe",
                || format!("{} (memoised by {})", self.words(c.pred), key_words(c.pred)),
                None,
                cands.len(),
            );
        }
        Ok(cands)
    }

    fn words(&self, p: &Pred) -> String {
        if std::ptr::eq(p, &ORG_SCOPE) {
            "org of a compared organisation".into()
        } else {
            describe(self.view.model, p)
        }
    }

    fn probe(
        &self,
        cands: &mut Vec<u32>,
        probe: &Probe,
        entity: EntityKind,
        ctx: &mut Ctx,
    ) -> Result<(), EvalError> {
        let mut out = Vec::with_capacity(cands.len());
        for &f in cands.iter() {
            ctx.tick()?;
            if probe.test(&self.view, entity, f) {
                out.push(f);
            }
        }
        *cands = out;
        Ok(())
    }

    /// Rows of the service facts (categories, bases, …) of some organisations' services.
    pub(super) fn service_facts(&self, entity: EntityKind, orgs: &[OrgIx]) -> Vec<RowRef> {
        let m = self.view.model;
        let mut svcs: Vec<u32> = orgs
            .iter()
            .flat_map(|o| self.ix.org_services.get(o.ix()).into_iter().flatten())
            .copied()
            .collect();
        svcs.sort_unstable();
        svcs.dedup();
        let mut rows = Vec::new();
        for s in svcs {
            let Some(svc) = m.services.get(s as usize) else {
                continue;
            };
            let len = match entity {
                EntityKind::Services => {
                    rows.push(RowRef::Service(s));
                    continue;
                }
                EntityKind::Categories => svc.categories.len(),
                EntityKind::Bases => svc.bases.len(),
                EntityKind::Legislation => svc.legislation.len(),
                EntityKind::Subjects => svc.subjects.len(),
                EntityKind::Purposes => svc.purposes.len(),
                // Only the entities above are asked for here; anything else has no rows.
                _ => 0,
            };
            rows.extend((0..len as u32).map(|k| RowRef::Use(s, k)));
        }
        rows
    }
}
