//! `path` and `reachable`: walks of the entity graph along the way data moves — organisation →
//! its services → recipients, source → service, and a party that is itself an organisation in
//! the dataset → that organisation. A `where` condition is applied inside the walk: a flow edge
//! is followed only if one of its flows passes it. Every walk is bounded by `max` flows, by an
//! edge budget, and by the query's budget: the nodes and paths it keeps count as rows (and
//! their bytes as memory), and its loops check the deadline and Ctrl-C.

use super::access::{Access, Gate};
use super::budget::{Ctx, EvalError, Limit};
use super::row::ModelView;
use crate::model::graph::{Edge, EntityGraph, GraphEdge, GraphNode};
use crate::model::{Direction, FlowIx};
use crate::query::ast::EntityKind;
use crate::query::plan::{PathPlan, ReachPlan};
use crate::table::Table;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value, json};
use std::collections::VecDeque;

/// The most edges one walk may look at.
pub(super) const EDGE_BUDGET: u64 = 5_000_000;
/// The most paths a `path` query lists.
pub(super) const MAX_PATHS: usize = 1000;

/// Bytes a node reached holds while a walk runs (its cost, parent and flow in a map).
const NODE_BYTES: u64 = 32;
/// Bytes a path found holds (its nodes and flows), roughly.
const PATH_BYTES: u64 = 128;

/// Whether data can move along edge `e` out of node `from` under the filter: the flow it
/// takes (for a flow edge) or `None` (for a structural edge); `Err` when the filter stops it.
fn step(g: &EntityGraph, from: u32, e: &Edge, allowed: &dyn Gate) -> Result<Option<FlowIx>, ()> {
    let GraphEdge::Flow(d) = e.kind else {
        return Ok(None);
    };
    let first = e.first_flow().ok_or(())?;
    match (g.what(from), g.what(e.to)) {
        (GraphNode::Service(s), GraphNode::Party(p)) => {
            // The edge stands for every flow the service sends the party, `to` or
            // `internal`: the first that passes, whichever its direction.
            let one = allowed.flow((s, p, d), first);
            if one == Some(first) {
                return Ok(one);
            }
            let other = match d {
                Direction::Internal => Direction::To,
                _ => Direction::Internal,
            };
            let two = allowed.flow((s, p, other), first);
            match (one, two) {
                (Some(a), Some(b)) => Ok(Some(a.min(b))),
                (a, b) => a.or(b).map(Some).ok_or(()),
            }
        }
        (GraphNode::Party(p), GraphNode::Service(s)) => allowed
            .flow((s, p, Direction::From), first)
            .map(Some)
            .ok_or(()),
        _ => Err(()),
    }
}

/// The order routes are told apart by: a node's id in byte order, then its kind
/// (organisation, party, service), in case two kinds share an id.
fn key<'v>(view: &'v ModelView, g: &EntityGraph, n: u32) -> (&'v str, u8) {
    let m = view.model;
    match g.what(n) {
        GraphNode::Org(o) => (m.orgs[o.ix()].id.as_str(), 0),
        GraphNode::Party(p) => (m.parties[p.ix()].id.as_str(), 1),
        GraphNode::Service(s) => (m.services[s.ix()].id.as_str(), 2),
    }
}

fn node_id(view: &ModelView, n: GraphNode) -> String {
    let m = view.model;
    match n {
        GraphNode::Org(o) => m.orgs[o.ix()].id.clone(),
        GraphNode::Service(s) => m.services[s.ix()].id.clone(),
        GraphNode::Party(p) => m.parties[p.ix()].id.clone(),
    }
}

/// The evidence columns of a walk's row: the flows' provenance (implied if any is), their
/// notices and quotes, and with `--evidence` every sentence.
fn evidence(view: &ModelView, flows: &[FlowIx], every: bool) -> Vec<Value> {
    let m = view.model;
    let prov = flows.iter().map(|f| m.flows[f.ix()].provenance()).max();
    let notices: Vec<&str> = flows
        .iter()
        .map(|f| m.notices[m.flows[f.ix()].source.notice.ix()].id.as_str())
        .collect();
    let quotes: Vec<&str> = flows
        .iter()
        .map(|f| m.quote(&m.flows[f.ix()].source))
        .collect();
    let mut out = vec![
        json!(prov.map_or("stated", |p| p.as_str())),
        json!(notices),
        json!(quotes),
    ];
    if every {
        out.push(super::evidence::json(
            view,
            &super::evidence::of_walk(view, flows),
        ));
    }
    out
}

/// Counts one edge looked at against the edge budget and the clock.
fn look(explored: &mut u64, ctx: &mut Ctx) -> Result<(), EvalError> {
    *explored += 1;
    ctx.tick()?;
    if *explored > EDGE_BUDGET {
        return Err(EvalError::PathBudget {
            explored: *explored,
        });
    }
    Ok(())
}

/// A partial path of the depth-first search.
struct Frame {
    node: u32,
    nodes: Vec<u32>,
    flows: Vec<FlowIx>,
}

/// All simple paths from `p.from` to `p.to` with at most `p.max` flows: fewest flows first,
/// then in the order of their nodes' ids (byte order, node by node from the start); the first
/// [`MAX_PATHS`] of them in that order.
pub(crate) fn path(p: &PathPlan, access: &dyn Access, ctx: &mut Ctx) -> Result<Table, EvalError> {
    let allowed = access.gate(p.filter.as_ref(), ctx)?;
    let view = access.view();
    let g = view.model.graph();
    let mut cols = vec!["path", "flows", "provenance", "notice", "quote"];
    if ctx.evidence {
        cols.push("evidence");
    }
    let mut t = Table::new("paths", &cols);
    t.evidence = true;
    let (Some(start), Some(goal)) = (g.index(p.from), g.index(p.to)) else {
        ctx.step(
            "walk",
            || "start or end takes part in no flow".into(),
            None,
            0,
        );
        return Ok(t);
    };
    let mut walk = PathWalk {
        view,
        g,
        goal,
        allowed: allowed.as_ref(),
        finishers: g.free_to(goal),
        explored: 0,
        found: Vec::new(),
    };
    walk.finishers.push(goal);
    // Iterative deepening: all paths with 0 flows, then 1, … — each depth depth-first in id
    // order, so the paths come out in their final order and the walk stops at the
    // `MAX_PATHS`th with exactly the first ones.
    for flows in 0..=p.max {
        walk.depth(start, flows, ctx)?;
        if walk.found.len() >= MAX_PATHS {
            break;
        }
    }
    for f in &walk.found {
        ctx.tick()?;
        let text: Vec<String> = f.nodes.iter().map(|n| node_id(view, g.what(*n))).collect();
        let mut row = vec![json!(text.join(" → ")), json!(f.flows.len())];
        row.extend(evidence(view, &f.flows, ctx.evidence));
        t.rows.push(row);
    }
    let explored = walk.explored;
    ctx.step(
        "walk",
        || {
            format!(
                "simple paths with at most {} flows ({explored} edges explored)",
                p.max
            )
        },
        None,
        t.rows.len(),
    );
    Ok(t)
}

/// The state of a `path` walk across its depths.
struct PathWalk<'a, 'v> {
    view: &'v ModelView<'v>,
    g: &'a EntityGraph,
    goal: u32,
    allowed: &'a dyn Gate,
    /// The goal and the nodes from which only structural edges lead to it: with every flow
    /// used, only they still end a path (the rest are pruned; the paths found are the same).
    finishers: Vec<u32>,
    explored: u64,
    found: Vec<Frame>,
}

impl PathWalk<'_, '_> {
    /// Depth-first over the simple paths from `start` to the goal with exactly `want`
    /// flows, children tried in id order, so the paths are found in id order.
    fn depth(&mut self, start: u32, want: u64, ctx: &mut Ctx) -> Result<(), EvalError> {
        let (g, goal) = (self.g, self.goal);
        let mut stack = vec![Frame {
            node: start,
            nodes: vec![start],
            flows: Vec::new(),
        }];
        let mut next: Vec<Frame> = Vec::new();
        while let Some(f) = stack.pop() {
            if f.node == goal && f.nodes.len() > 1 {
                self.found.push(f);
                ctx.need(
                    Limit::Rows,
                    "paths found",
                    self.found.len() as u64,
                    PATH_BYTES,
                )?;
                if self.found.len() >= MAX_PATHS {
                    return Ok(());
                }
                continue;
            }
            let used = f.flows.len() as u64;
            let edges = if used >= want {
                g.free_edges(f.node)
            } else {
                g.edges(f.node)
            };
            for e in edges {
                look(&mut self.explored, ctx)?;
                let is_flow = matches!(e.kind, GraphEdge::Flow(_));
                let taken = used + u64::from(is_flow);
                // A flow edge taking the last flow must end where the goal is reached freely,
                // and a path reaching the goal with fewer flows was listed at its own depth:
                // both tested before the gate, which would look at the flows of a hub for
                // nothing.
                let ends = |n: u32| self.finishers.contains(&n);
                if f.nodes.contains(&e.to)
                    || (is_flow && taken == want && !ends(e.to))
                    || (e.to == goal && taken < want)
                {
                    continue;
                }
                let Ok(flow) = step(g, f.node, e, self.allowed) else {
                    continue;
                };
                let mut flows = f.flows.clone();
                flows.extend(flow);
                let mut nodes = f.nodes.clone();
                nodes.push(e.to);
                next.push(Frame {
                    node: e.to,
                    nodes,
                    flows,
                });
            }
            // Pushed largest id first, so that the smallest is taken next.
            next.sort_by(|a, b| key(self.view, g, b.node).cmp(&key(self.view, g, a.node)));
            ctx.need(
                Limit::Rows,
                "partial paths held by the walk",
                (stack.len() + next.len()) as u64,
                PATH_BYTES,
            )?;
            stack.append(&mut next);
        }
        Ok(())
    }
}

/// How a walk reached a node: its fewest flows, and the step it came by.
#[derive(Clone, Copy)]
struct Reached {
    cost: u64,
    parent: u32,
    flow: Option<FlowIx>,
}

/// Nodes reachable from `r.from` within `r.max` flows, fewest flows first then by id, each
/// with its fewest flows and the route whose every step comes from the smallest id possible
/// (docs/language.md, "Paths").
pub(crate) fn reachable(
    r: &ReachPlan,
    access: &dyn Access,
    ctx: &mut Ctx,
) -> Result<Table, EvalError> {
    let allowed = access.gate(r.filter.as_ref(), ctx)?;
    let view = access.view();
    let g = view.model.graph();
    let cols = [
        "node",
        "name",
        "type",
        "flows",
        "via",
        "provenance",
        "notice",
        "quote",
        "evidence",
    ];
    let mut t = Table::new(r.entity.word(), &cols[..if ctx.evidence { 9 } else { 8 }]);
    t.evidence = true;
    let Some(start) = g.index(r.from) else {
        ctx.step("walk", || "start takes part in no flow".into(), None, 0);
        return Ok(t);
    };
    let mut explored = 0u64;
    // A party's flow edges lead to services, which have no edge of their own with no flow
    // left: on the last flow they are worth following only when services are listed.
    let to_services = r.entity == EntityKind::Services;
    let reached = walk(
        view,
        g,
        start,
        r.max,
        to_services,
        allowed.as_ref(),
        &mut explored,
        ctx,
    )?;
    let mut rows: Vec<(u64, String, Vec<Value>)> = Vec::new();
    for (&n, how) in &reached {
        ctx.tick()?;
        if n == start {
            continue;
        }
        let Some((id, row)) = reached_row(view, g, r.entity, start, n, how, &reached, ctx.evidence)
        else {
            continue;
        };
        rows.push((how.cost, id, row));
        ctx.need(Limit::Rows, "nodes reached", rows.len() as u64, NODE_BYTES)?;
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    t.rows = rows.into_iter().map(|(_, _, r)| r).collect();
    ctx.step(
        "walk",
        || {
            format!(
                "reachable within {} flows ({explored} edges explored)",
                r.max
            )
        },
        None,
        t.rows.len(),
    );
    Ok(t)
}

/// 0-1 breadth-first search from `start`: structural edges cost nothing, flow edges one. Each
/// node keeps its cost and the step it was reached by, not a copy of its route: of the steps
/// reaching it at that cost, the one from the smallest [`key`], whatever order the edges are
/// tried in (every node looks at its edges again once it has its final cost, so every such
/// step is compared). A node with
/// no flow left has only its structural edges looked at, and so has a party with one flow
/// left unless `to_services`: a hub that sends to every service costs nothing then.
#[allow(clippy::too_many_arguments)] // One call site; the pieces are the walk's own.
fn walk(
    view: &ModelView,
    g: &EntityGraph,
    start: u32,
    max: u64,
    to_services: bool,
    allowed: &dyn Gate,
    explored: &mut u64,
    ctx: &mut Ctx,
) -> Result<HashMap<u32, Reached>, EvalError> {
    let mut reached: HashMap<u32, Reached> = HashMap::default();
    reached.insert(
        start,
        Reached {
            cost: 0,
            parent: u32::MAX,
            flow: None,
        },
    );
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let here = reached.get(&node).map_or(0, |r| r.cost);
        let last = here + 1 == max && matches!(g.what(node), GraphNode::Party(_));
        let edges = if here >= max || (last && !to_services) {
            g.free_edges(node)
        } else {
            g.edges(node)
        };
        for e in edges {
            look(explored, ctx)?;
            let Ok(flow) = step(g, node, e, allowed) else {
                continue;
            };
            let c = here + u64::from(flow.is_some());
            match reached.get_mut(&e.to) {
                _ if c > max || e.to == start => continue,
                Some(r) if r.cost < c => continue,
                // Another route as short: the route kept is the one whose step before has
                // the smaller id, so that it does not depend on the order edges are tried.
                Some(r) if r.cost == c => {
                    if key(view, g, node) < key(view, g, r.parent) {
                        r.parent = node;
                        r.flow = flow;
                    }
                    continue;
                }
                _ => {}
            }
            reached.insert(
                e.to,
                Reached {
                    cost: c,
                    parent: node,
                    flow,
                },
            );
            ctx.need(
                Limit::Rows,
                "nodes reached",
                reached.len() as u64,
                NODE_BYTES,
            )?;
            if flow.is_some() {
                queue.push_back(e.to);
            } else {
                queue.push_front(e.to);
            }
        }
    }
    Ok(reached)
}

/// The row of node `n` when the listed entity includes it: its id (for ordering) and cells.
#[allow(clippy::too_many_arguments)] // One call site; the pieces are the walk's own.
fn reached_row(
    view: &ModelView,
    g: &EntityGraph,
    entity: EntityKind,
    start: u32,
    n: u32,
    how: &Reached,
    reached: &HashMap<u32, Reached>,
    every: bool,
) -> Option<(String, Vec<Value>)> {
    let m = view.model;
    let gn = g.what(n);
    let (name, kind) = match (gn, entity) {
        (GraphNode::Party(p), EntityKind::Parties | EntityKind::Recipients) => {
            let party = &m.parties[p.ix()];
            (
                party.name.clone(),
                m.vocab.party_types[party.party_type.ix()].id.clone(),
            )
        }
        (GraphNode::Org(o), EntityKind::Orgs) => (
            m.orgs[o.ix()].name.clone(),
            m.vocab.party_types[m.orgs[o.ix()].org_type.ix()].id.clone(),
        ),
        (GraphNode::Service(s), EntityKind::Services) => {
            (m.services[s.ix()].name.clone(), "service".into())
        }
        _ => return None,
    };
    // The route back to the start, then turned round.
    let (mut nodes, mut flows) = (vec![n], Vec::new());
    let mut at = n;
    while at != start {
        let step = reached.get(&at)?;
        flows.extend(step.flow);
        at = step.parent;
        nodes.push(at);
    }
    nodes.reverse();
    flows.reverse();
    let via: Vec<String> = nodes.iter().map(|x| node_id(view, g.what(*x))).collect();
    let id = node_id(view, gn);
    let mut row = vec![
        json!(id),
        json!(name),
        json!(kind),
        json!(how.cost),
        json!(via.join(" → ")),
    ];
    row.extend(evidence(view, &flows, every));
    Some((id, row))
}

#[cfg(test)]
mod tests {
    use crate::engine::{Engine, execute_with};
    use crate::model::{Direction, load_builtin};
    use crate::{parse, plan};

    /// A service that sends a party data both `to` it and `internal`ly: a walk follows either
    /// kind of flow, whichever the edge's first flow is. Supporting Families (001) sends to the
    /// DfE; a copy of that flow marked `internal`, later in model order, is the only one
    /// `direction = internal` passes.
    #[test]
    fn a_walk_follows_internal_flows_beside_flows_to_the_same_party() {
        let mut m = load_builtin().expect("built-in data");
        let s = m.service("cwac-supporting-families").expect("service");
        let p = m.party("department-for-education").expect("party");
        let i = m
            .flows
            .iter()
            .position(|f| f.service == s && f.party == p && f.direction() == Direction::To)
            .expect("a flow to the DfE");
        let f = m.flows[i].with_direction(Direction::Internal);
        m.flows.push(f);
        m.reindex();
        let q = "recipients reachable from cheshire-west where direction = internal max 1";
        let p = plan(&parse(q).expect("parses"), &m).expect("plans");
        for e in [Engine::Naive, Engine::Indexed] {
            let t = &execute_with(&p, &m, e).expect("runs")[0];
            let dfe = t.rows.iter().any(|r| r[0] == "department-for-education");
            assert!(dfe, "{e:?}: {:?}", t.rows);
        }
    }
}
