//! A condition compiled for flows: each leaf memoised by the key its answer depends on, and
//! filled by the shared [`test_row`] on the first flow with that key.

use super::key::{CodeMap, Key};
use crate::engine::pred::test_row;
use crate::engine::row::{ModelView, RowRef};
use crate::model::Model;
use crate::query::ast::EntityKind;
use crate::query::plan::{Pred, Test};
use crate::query::schema::FieldId;
use std::cell::RefCell;

/// A condition compiled for flows: leaves memoised by key.
pub(super) enum Probe {
    All(Vec<Probe>),
    Any(Vec<Probe>),
    Not(Box<Probe>),
    Leaf {
        pred: Pred,
        key: Key,
        /// The answer per key, once known: a table for small key domains (or many rows to
        /// test), a map otherwise, so a test of 100 rows does not clear a table of every
        /// interned set of a national dataset.
        memo: RefCell<CodeMap<bool>>,
    },
    /// A leaf on a field flows do not have: asked of every row.
    Row(Pred),
}

impl Probe {
    /// `p` compiled to test about `rows` flows.
    pub(super) fn compile(p: &Pred, m: &Model, rows: usize) -> Probe {
        let leaf = |f: FieldId, t: Option<&Test>| match Key::of_test(f, t) {
            Some(key) => Probe::Leaf {
                pred: p.clone(),
                key,
                memo: RefCell::new(CodeMap::new(key.domain(m) as u64, rows)),
            },
            None => Probe::Row(p.clone()),
        };
        match p {
            Pred::And(xs) => Probe::All(xs.iter().map(|x| Probe::compile(x, m, rows)).collect()),
            Pred::Or(xs) => Probe::Any(xs.iter().map(|x| Probe::compile(x, m, rows)).collect()),
            Pred::Not(x) => Probe::Not(Box::new(Probe::compile(x, m, rows))),
            Pred::Test(f, t) => leaf(*f, Some(t)),
            Pred::Missing(f, t) => leaf(*f, t.as_ref()),
        }
    }

    pub(super) fn test(&self, view: &ModelView, entity: EntityKind, flow: u32) -> bool {
        match self {
            Probe::All(xs) => xs.iter().all(|x| x.test(view, entity, flow)),
            Probe::Any(xs) => xs.iter().any(|x| x.test(view, entity, flow)),
            Probe::Not(x) => !x.test(view, entity, flow),
            Probe::Row(p) => test_row(view, entity, RowRef::Flow(flow), p),
            Probe::Leaf { pred, key, memo } => {
                let Some(f) = view.model.flows.get(flow as usize) else {
                    return false;
                };
                let k = u64::from(key.of_flow(view.model, f));
                if let Some(known) = memo.borrow().get(k) {
                    return *known;
                }
                let pass = test_row(view, entity, RowRef::Flow(flow), pred);
                memo.borrow_mut().insert(k, pass);
                pass
            }
        }
    }
}
