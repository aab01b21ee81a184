//! The access paths for flows: driven by the most selective list (intersected, semi-joined
//! or probed with the rest), or, when even that list is long, by bitmaps combined as sets.

use super::lookup::{Conjunct, key_words, marks, read};
use super::lookup::{by_bitmaps, costed_conjuncts};
use super::probe::Probe;
use super::{Indexed, ORG_SCOPE};
use crate::engine::budget::{Ctx, EvalError, Limit};
use crate::engine::pred::describe;
use crate::engine::row::{RowRef, service_list};
use crate::model::index::{FlowIndex, intersect};
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
        let (mut cands, rest) = match conj.split_first() {
            Some((c, rest)) if c.lookups.is_some() => {
                let mut cands = self.driven_by(entity, c, ctx)?;
                if let Some(d) = dir {
                    cands.retain(|&f| ix.goes(f, d));
                    ctx.step(
                        "direction",
                        || format!("direction = {}", d.as_str()),
                        None,
                        cands.len(),
                    );
                }
                (cands, rest)
            }
            _ => (self.every_flow(entity, dir, ctx)?, &conj[..]),
        };
        let mut estimate = cands.len() as f64;
        for c in rest {
            ctx.tick()?;
            estimate *= c.estimate.min(n) as f64 / n.max(1) as f64;
            self.narrow(entity, &mut cands, c, estimate.round() as usize, ctx)?;
        }
        Ok(cands)
    }

    /// The candidates of the most selective conjunct: its lists read out, and tested where
    /// they hold more than it passes.
    fn driven_by(
        &self,
        entity: EntityKind,
        c: &Conjunct,
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let ls = c.lookups.as_deref().unwrap_or_default();
        ctx.need(Limit::Rows, "candidate flows", c.estimate as u64, 4)?;
        let mut cands = read(ix, ls, m.flows.len());
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
        Ok(cands)
    }

    /// Every flow of the direction, when no conjunct has lists to drive by.
    fn every_flow(
        &self,
        entity: EntityKind,
        dir: Option<Direction>,
        ctx: &mut Ctx,
    ) -> Result<Vec<u32>, EvalError> {
        let ix = self.ix;
        let n = self.view.model.flows.len();
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
        Ok(match dir {
            None => (0..n as u32).collect(),
            Some(d) => (0..n as u32).filter(|&f| ix.goes(f, d)).collect(),
        })
    }

    /// The candidates passing one more conjunct, by what costs least: intersected with one
    /// sorted list while its length is within a factor of the candidates (a merge reads both),
    /// semi-joined with several exact lists marked in a bit set (reading the lists in order
    /// costs less than reading each candidate's flow, scattered over the table), or tested.
    fn narrow(
        &self,
        entity: EntityKind,
        cands: &mut Vec<u32>,
        c: &Conjunct,
        estimate: usize,
        ctx: &mut Ctx,
    ) -> Result<(), EvalError> {
        let (m, ix) = (self.view.model, self.ix);
        let ls = c.lookups.as_deref().unwrap_or_default();
        let near = c.estimate <= cands.len().saturating_mul(16);
        if c.single_list() && near {
            let l = &ls[0];
            *cands = intersect(cands, ix.postings(l.kind).get(l.runs[0].0));
            ctx.step(
                "intersect",
                || format!("{} via {} postings", self.words(c.pred), l.kind.name()),
                Some(estimate),
                cands.len(),
            );
        } else if c.exact() && near {
            let bits = marks(ix, ls, m.flows.len());
            cands.retain(|&f| {
                bits.get(f as usize / 64)
                    .is_some_and(|w| w & (1 << (f % 64)) != 0)
            });
            let kinds: Vec<&str> = ls.iter().map(|l| l.kind.name()).collect();
            ctx.step(
                "semijoin",
                || {
                    format!(
                        "{} via a bit set of {} postings",
                        self.words(c.pred),
                        kinds.join(", ")
                    )
                },
                Some(estimate),
                cands.len(),
            );
        } else {
            let probe = Probe::compile(c.pred, m, cands.len());
            self.probe(cands, &probe, entity, ctx)?;
            ctx.step(
                "probe",
                || format!("{} (memoised by {})", self.words(c.pred), key_words(c.pred)),
                Some(estimate),
                cands.len(),
            );
        }
        Ok(())
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

    /// The rows of `entity` (the services or their facts) of some organisations' services.
    pub(super) fn service_facts(&self, entity: EntityKind, orgs: &[OrgIx]) -> Vec<RowRef> {
        self.facts_of(entity, services_of(self.ix, orgs.iter().copied()))
    }

    /// The rows of `entity` (the services, their facts or their retention rules) of these
    /// services, in model order.
    pub(super) fn facts_of(&self, entity: EntityKind, mut svcs: Vec<u32>) -> Vec<RowRef> {
        let m = self.view.model;
        svcs.sort_unstable();
        svcs.dedup();
        if entity == EntityKind::Retention {
            let mut rules: Vec<u32> = svcs
                .iter()
                .flat_map(|&s| {
                    self.ix
                        .service_retention
                        .get(s as usize)
                        .into_iter()
                        .flatten()
                })
                .copied()
                .collect();
            rules.sort_unstable();
            return rules.into_iter().map(RowRef::Retention).collect();
        }
        let mut rows = Vec::new();
        for s in svcs {
            let Some(svc) = m.services.get(s as usize) else {
                continue;
            };
            if entity == EntityKind::Services {
                rows.push(RowRef::Service(s));
            } else if let Some(len) = service_list(entity) {
                rows.extend((0..len(svc) as u32).map(|k| RowRef::Use(s, k)));
            }
        }
        rows
    }
}

/// The numbers of the services of these organisations (unsorted).
pub(super) fn services_of(ix: &FlowIndex, orgs: impl Iterator<Item = OrgIx>) -> Vec<u32> {
    orgs.flat_map(|o| ix.org_services.get(o.ix()).into_iter().flatten())
        .copied()
        .collect()
}
