//! `path` and `reachable`: walks of the entity graph (petgraph) along the way data moves —
//! organisation → its services → recipients, source → service, and a party that is itself an
//! organisation in the dataset → that organisation. A `where` condition is applied inside the
//! walk: a flow edge is followed only if one of its flows passes it. Every walk is bounded by
//! `max` flows and by an edge budget.

use super::access::{Access, Gate};
use super::budget::{Ctx, EvalError};
use super::row::ModelView;
use crate::model::graph::{EntityGraph, GraphEdge, GraphNode};
use crate::model::{Direction, FlowIx};
use crate::query::ast::EntityKind;
use crate::query::plan::{PathPlan, ReachPlan};
use crate::table::Table;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashSet as HashSet;
use serde_json::json;
use std::collections::VecDeque;

/// The most edges one walk may look at.
pub const EDGE_BUDGET: u64 = 5_000_000;
/// The most paths a `path` query lists.
pub const MAX_PATHS: usize = 1000;

/// The edge `e` from `a` to `b`, if data can move along it under the filter: the flow it
/// stands for (for flow edges) or `None` (for structural edges).
fn step(
    g: &EntityGraph,
    e: EdgeIndex,
    a: GraphNode,
    b: GraphNode,
    allowed: &dyn Gate,
) -> Option<Option<FlowIx>> {
    let w = g.graph[e];
    let first = || g.first_flow(e);
    match (a, b, w) {
        (GraphNode::Org(_), GraphNode::Service(_), GraphEdge::Runs) => Some(None),
        (GraphNode::Party(_), GraphNode::Org(_), GraphEdge::SameAs) => Some(None),
        (
            GraphNode::Service(s),
            GraphNode::Party(p),
            GraphEdge::Flow(d @ (Direction::To | Direction::Internal)),
        ) => allowed.flow((s, p, d), first()?).map(Some),
        (GraphNode::Party(p), GraphNode::Service(s), GraphEdge::Flow(Direction::From)) => {
            allowed.flow((s, p, Direction::From), first()?).map(Some)
        }
        _ => None,
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

/// Evidence of a walk: the flows' provenance (implied if any is) and their quotes.
fn evidence(
    view: &ModelView,
    flows: &[FlowIx],
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let m = view.model;
    let prov = flows.iter().map(|f| m.flows[f.ix()].provenance()).max();
    let notices: Vec<String> = flows
        .iter()
        .map(|f| m.notices[m.flows[f.ix()].source.notice.ix()].id.clone())
        .collect();
    let quotes: Vec<String> = flows
        .iter()
        .map(|f| m.quote(&m.flows[f.ix()].source).to_string())
        .collect();
    (
        json!(prov.map_or("stated", |p| p.as_str())),
        json!(notices),
        json!(quotes),
    )
}

/// Nodes from which `goal` is reached along structural edges alone (an organisation to its
/// services, a party to the organisation it is), as `step` allows them.
fn free_to(g: &crate::model::graph::EntityGraph, goal: NodeIndex) -> HashSet<NodeIndex> {
    let mut out = HashSet::default();
    let mut todo = vec![goal];
    while let Some(n) = todo.pop() {
        for e in g.graph.edges_directed(n, petgraph::Direction::Incoming) {
            let a = e.source();
            let ok = matches!(
                (g.graph[a], g.graph[n], e.weight()),
                (GraphNode::Org(_), GraphNode::Service(_), GraphEdge::Runs)
                    | (GraphNode::Party(_), GraphNode::Org(_), GraphEdge::SameAs)
            );
            if ok && a != goal && out.insert(a) {
                todo.push(a);
            }
        }
    }
    out
}

/// All simple paths from `p.from` to `p.to` with at most `p.max` flows, shortest first.
pub(crate) fn path(p: &PathPlan, access: &dyn Access, ctx: &mut Ctx) -> Result<Table, EvalError> {
    let allowed = access.gate(p.filter.as_ref(), ctx)?;
    let allowed = allowed.as_ref();
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
    // Depth-first over simple paths; each frame is (node, flows so far, edge iterator index).
    let mut found: Vec<(Vec<NodeIndex>, Vec<FlowIx>)> = Vec::new();
    let mut explored = 0u64;
    let finishers = free_to(g, goal);
    let mut stack: Vec<(NodeIndex, Vec<NodeIndex>, Vec<FlowIx>)> =
        vec![(start, vec![start], Vec::new())];
    while let Some((node, nodes, flows)) = stack.pop() {
        if node == goal && nodes.len() > 1 {
            found.push((nodes, flows));
            if found.len() >= MAX_PATHS {
                break;
            }
            continue;
        }
        for e in g.graph.edges(node) {
            explored += 1;
            ctx.tick()?;
            if explored > EDGE_BUDGET {
                return Err(EvalError::PathBudget { explored });
            }
            let next = e.target();
            if nodes.contains(&next) {
                continue;
            }
            // A flow edge past the bound is never taken: skip it before asking the gate.
            let used = flows.len() as u64;
            let is_flow = matches!(e.weight(), GraphEdge::Flow(_));
            if is_flow && used >= p.max {
                continue;
            }
            // The same test as below, before the gate: a party every service hears from
            // would otherwise have each of its flows checked only to be dropped.
            if is_flow && used + 1 == p.max && next != goal && !finishers.contains(&next) {
                continue;
            }
            let Some(flow) = step(g, e.id(), g.graph[node], g.graph[next], allowed) else {
                continue;
            };
            let mut flows = flows.clone();
            flows.extend(flow);
            // With every flow used, only structural edges remain: a node they do not lead
            // from to the goal ends no path (pruned; the paths found are the same).
            if flows.len() as u64 == p.max && next != goal && !finishers.contains(&next) {
                continue;
            }
            let mut nodes = nodes.clone();
            nodes.push(next);
            stack.push((next, nodes, flows));
        }
    }
    found.sort_by(|a, b| {
        a.1.len()
            .cmp(&b.1.len())
            .then_with(|| a.0.len().cmp(&b.0.len()))
    });
    for (nodes, flows) in &found {
        let text: Vec<String> = nodes.iter().map(|n| node_id(view, g.graph[*n])).collect();
        let (prov, notices, quotes) = evidence(view, flows);
        let mut row = vec![
            json!(text.join(" → ")),
            json!(flows.len()),
            prov,
            notices,
            quotes,
        ];
        if ctx.evidence {
            row.push(super::evidence::json(
                view,
                &super::evidence::of_walk(view, flows),
            ));
        }
        t.rows.push(row);
    }
    ctx.step(
        "walk",
        || {
            format!(
                "simple paths with at most {} flows ({} edges explored)",
                p.max, explored
            )
        },
        None,
        t.rows.len(),
    );
    Ok(t)
}

/// Nodes reachable from `r.from` within `r.max` flows, each with its fewest flows and one
/// shortest route.
pub(crate) fn reachable(
    r: &ReachPlan,
    access: &dyn Access,
    ctx: &mut Ctx,
) -> Result<Table, EvalError> {
    let allowed = access.gate(r.filter.as_ref(), ctx)?;
    let allowed = allowed.as_ref();
    let view = access.view();
    let m = view.model;
    let g = m.graph();
    let mut t = Table::new(
        r.entity.word(),
        &[
            "node",
            "name",
            "type",
            "flows",
            "via",
            "provenance",
            "notice",
            "quote",
            "evidence",
        ][..if ctx.evidence { 9 } else { 8 }],
    );
    t.evidence = true;
    let Some(start) = g.index(r.from) else {
        ctx.step("walk", || "start takes part in no flow".into(), None, 0);
        return Ok(t);
    };
    // 0-1 breadth-first search: structural edges cost nothing, flow edges one. Each node
    // keeps its cost and the step it was reached by (parent, flow), not a copy of its route.
    let n_nodes = g.graph.node_count();
    const UNSEEN: u64 = u64::MAX;
    let mut cost = vec![UNSEEN; n_nodes];
    let mut parent: Vec<(u32, Option<FlowIx>)> = vec![(u32::MAX, None); n_nodes];
    cost[start.index()] = 0;
    let mut queue = VecDeque::from([start]);
    let mut explored = 0u64;
    while let Some(node) = queue.pop_front() {
        let here = cost[node.index()];
        for e in g.graph.edges(node) {
            explored += 1;
            ctx.tick()?;
            if explored > EDGE_BUDGET {
                return Err(EvalError::PathBudget { explored });
            }
            let next = e.target();
            if matches!(e.weight(), GraphEdge::Flow(_)) && here >= r.max {
                continue;
            }
            let Some(flow) = step(g, e.id(), g.graph[node], g.graph[next], allowed) else {
                continue;
            };
            let c = here + u64::from(flow.is_some());
            if c > r.max || cost[next.index()] <= c {
                continue;
            }
            cost[next.index()] = c;
            parent[next.index()] = (node.index() as u32, flow);
            if flow.is_some() {
                queue.push_back(next);
            } else {
                queue.push_front(next);
            }
        }
    }
    // A node's route, start first, and the flows along it.
    let route = |n: NodeIndex| -> (Vec<NodeIndex>, Vec<FlowIx>) {
        let (mut nodes, mut flows) = (vec![n], Vec::new());
        let mut at = n;
        while at != start {
            let (p, f) = parent[at.index()];
            flows.extend(f);
            at = NodeIndex::new(p as usize);
            nodes.push(at);
        }
        nodes.reverse();
        flows.reverse();
        (nodes, flows)
    };
    let mut rows: Vec<(u64, String, Vec<serde_json::Value>)> = Vec::new();
    for (ix, &c) in cost.iter().enumerate() {
        let n = NodeIndex::new(ix);
        if c == UNSEEN || n == start {
            continue;
        }
        let cost = &c;
        let gn = g.graph[n];
        let (name, kind) = match (gn, r.entity) {
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
            _ => continue,
        };
        let (nodes, flows) = route(n);
        let via: Vec<String> = nodes.iter().map(|x| node_id(view, g.graph[*x])).collect();
        let (prov, notices, quotes) = evidence(view, &flows);
        let id = node_id(view, gn);
        let mut row = vec![
            json!(id),
            json!(name),
            json!(kind),
            json!(cost),
            json!(via.join(" → ")),
            prov,
            notices,
            quotes,
        ];
        if ctx.evidence {
            row.push(super::evidence::json(
                view,
                &super::evidence::of_walk(view, &flows),
            ));
        }
        rows.push((*cost, id.clone(), row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    t.rows = rows.into_iter().map(|(_, _, r)| r).collect();
    ctx.step(
        "walk",
        || {
            format!(
                "reachable within {} flows ({} edges explored)",
                r.max, explored
            )
        },
        None,
        t.rows.len(),
    );
    Ok(t)
}
