//! The entity graph: organisations, services and parties linked by the way data moves, for
//! `path` and `reachable`. Flow facts themselves stay in the model's table; the graph has one
//! edge per distinct (service, party, direction), with the first flow that makes it.
//!
//! It is kept as adjacency arrays (each node's out-edges side by side, structural edges
//! first), built by two counting passes over the flow index's columns: a walk reads only the edges of the
//! nodes it reaches, and a node whose flows it may no longer follow costs only its
//! structural edges, so a walk near one organisation costs the same on a national dataset.

use super::index::FlowIndex;
use super::{Direction, FlowIx, Model, OrgIx, PartyIx, ServiceIx};

/// A node of the entity graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum GraphNode {
    /// An organisation.
    Org(OrgIx),
    /// A service.
    Service(ServiceIx),
    /// A party.
    Party(PartyIx),
}

/// Why data can move along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GraphEdge {
    /// The organisation runs the service (data held by the org is used by the service).
    Runs,
    /// A flow: the service sends to the party, or the party sends to the service.
    Flow(Direction),
    /// The party is that organisation (a recipient that is itself a controller).
    SameAs,
}

/// An out-edge: where it leads, why, and (for a flow edge) its first flow in model order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    /// The node it leads to.
    pub to: u32,
    /// Why data moves along it.
    pub kind: GraphEdge,
    /// The first flow of a flow edge; `u32::MAX` for a structural edge.
    first: u32,
}

impl Edge {
    /// The first flow (in model order) of a flow edge; `None` for a structural edge.
    pub(crate) fn first_flow(&self) -> Option<FlowIx> {
        (self.first != u32::MAX).then_some(FlowIx(self.first))
    }
}

/// The entity graph. Node `i` is organisation `i`, then each service, then each party, so a
/// node is found by arithmetic, not by a map. Edges point the way data moves: an organisation
/// to its services, a service to the parties it sends to (or shares with internally), a party
/// to the services it sends to, and a party to the organisation it is.
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    /// Node `n`'s edges are `edges[at[n]..at[n + 1]]`, its structural ones up to `free[n]`.
    at: Vec<u32>,
    free: Vec<u32>,
    edges: Vec<Edge>,
    /// The parties that are each organisation (`twins[twin_at[o]..twin_at[o + 1]]`).
    twin_at: Vec<u32>,
    twins: Vec<u32>,
    /// Each service's organisation.
    service_org: Vec<u32>,
    /// Whether each node takes part in an edge.
    used: Vec<bool>,
    orgs: u32,
    services: u32,
}

/// Bucket `k` of [`buckets`]' output.
fn slice<'a>(at: &[u32], items: &'a [u32], k: usize) -> &'a [u32] {
    match (at.get(k), at.get(k + 1)) {
        (Some(&a), Some(&b)) => items.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// Counting sort: `(key, item)` pairs bucketed by key (below `keys`), each bucket in the
/// order the pairs came; the bucket offsets and the items.
fn buckets(keys: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut at = vec![0u32; keys + 1];
    for (k, _) in pairs.clone() {
        at[k as usize + 1] += 1;
    }
    for k in 0..keys {
        at[k + 1] += at[k];
    }
    let mut fill = at.clone();
    let mut items = vec![0u32; at[keys] as usize];
    for (k, x) in pairs {
        items[fill[k as usize] as usize] = x;
        fill[k as usize] += 1;
    }
    (at, items)
}

/// Each service's flows to a party and each party's flows to a service, in model order (as
/// bucket offsets and flow numbers), read from the flow index's columns: 4 bytes a flow, not
/// the flow rows.
fn flows_each_way(ix: &FlowIndex, services: usize, parties: usize) -> (FlowLists, FlowLists) {
    // Each service's flows to a party and each party's flows to a service, in model
    // order, read from the flow index's columns (4 bytes a flow, not the flow rows).
    let n = ix.service_of.len().min(ix.party_of.len());
    let (mut send_at, mut hear_at) = (vec![0u32; services + 1], vec![0u32; parties + 1]);
    for i in 0..n {
        let (s, p) = (ix.service_of[i] as usize, ix.party_of[i] as usize);
        if s < services && p < parties {
            match ix.direction(i as u32) {
                Direction::From => hear_at[p + 1] += 1,
                _ => send_at[s + 1] += 1,
            }
        }
    }
    for k in 0..services {
        send_at[k + 1] += send_at[k];
    }
    for k in 0..parties {
        hear_at[k + 1] += hear_at[k];
    }
    let (mut send_fill, mut hear_fill) = (send_at.clone(), hear_at.clone());
    let mut sends = FlowLists::new(send_at);
    let mut hears = FlowLists::new(hear_at);
    for i in 0..n {
        let (s, p) = (ix.service_of[i], ix.party_of[i]);
        if (s as usize) < services && (p as usize) < parties {
            // The far end is kept beside the flow, so that the edges are made reading both
            // lists in order rather than the columns at random.
            let (fill, list, k, far) = match ix.direction(i as u32) {
                Direction::From => (&mut hear_fill, &mut hears, p, s),
                _ => (&mut send_fill, &mut sends, s, p),
            };
            let at = fill[k as usize] as usize;
            list.flows[at] = i as u32;
            list.far[at] = far;
            fill[k as usize] += 1;
        }
    }
    (sends, hears)
}

/// Flows bucketed by one end (`at` the offsets), each with its other end (`far`).
struct FlowLists {
    at: Vec<u32>,
    flows: Vec<u32>,
    far: Vec<u32>,
}

impl FlowLists {
    fn new(at: Vec<u32>) -> Self {
        let n = at.last().copied().unwrap_or(0) as usize;
        FlowLists {
            at,
            flows: vec![0; n],
            far: vec![0; n],
        }
    }

    /// The flows and far ends of bucket `k`.
    fn of(&self, k: usize) -> (&[u32], &[u32]) {
        (
            slice(&self.at, &self.flows, k),
            slice(&self.at, &self.far, k),
        )
    }
}

/// Each organisation's services and the parties that are it, in model order (as bucket
/// offsets and numbers).
#[allow(clippy::type_complexity)] // Two bucketings side by side, named at the call.
fn org_lists(model: &Model) -> ((Vec<u32>, Vec<u32>), (Vec<u32>, Vec<u32>)) {
    let orgs = model.orgs.len();
    let (run_at, runs) = buckets(
        orgs,
        model
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.org.ix() < orgs)
            .map(|(i, s)| (s.org.0, i as u32)),
    );
    let (twin_at, twins) = buckets(
        orgs,
        model
            .parties
            .iter()
            .enumerate()
            .filter_map(|(p, x)| x.org.map(|o| (o.0, p as u32)))
            .filter(|(o, _)| (*o as usize) < orgs),
    );
    ((run_at, runs), (twin_at, twins))
}

impl EntityGraph {
    /// Builds the graph of `model`'s orgs, services, parties and flows.
    pub fn build(model: &Model) -> Self {
        let (orgs, services, parties) =
            (model.orgs.len(), model.services.len(), model.parties.len());
        let nodes = orgs + services + parties;
        let (svc_n, party_n) = (orgs as u32, (orgs + services) as u32);
        let ix = model.flow_index();
        let (sends, hears) = flows_each_way(ix, services, parties);
        let ((run_at, runs), (twin_at, twins)) = org_lists(model);
        let mut g = EntityGraph {
            at: Vec::with_capacity(nodes + 1),
            free: Vec::with_capacity(nodes),
            edges: Vec::new(),
            twin_at,
            twins,
            service_org: model.services.iter().map(|s| s.org.0).collect(),
            used: vec![false; nodes],
            orgs: orgs as u32,
            services: services as u32,
        };
        let structural = |to: u32, kind| Edge {
            to,
            kind,
            first: u32::MAX,
        };
        // A stamp per node says which node's edges last took it.
        let mut stamp = vec![u32::MAX; nodes];
        // Each node's edges the latest-made first: the order the walks have always tried
        // them in (the routes and paths they report no longer depend on it).
        for n in 0..nodes as u32 {
            g.at.push(g.edges.len() as u32);
            match g.what(n) {
                GraphNode::Org(o) => g.edges.extend(
                    slice(&run_at, &runs, o.ix())
                        .iter()
                        .rev()
                        .map(|s| structural(svc_n + s, GraphEdge::Runs)),
                ),
                GraphNode::Party(p) => g.edges.extend(
                    model.parties[p.ix()]
                        .org
                        .filter(|o| o.ix() < orgs)
                        .map(|o| structural(o.0, GraphEdge::SameAs)),
                ),
                GraphNode::Service(_) => {}
            }
            g.free.push(g.edges.len() as u32);
            let ((list, far), base) = match g.what(n) {
                GraphNode::Service(s) => (sends.of(s.ix()), party_n),
                GraphNode::Party(p) => (hears.of(p.ix()), svc_n),
                GraphNode::Org(_) => ((&[][..], &[][..]), 0),
            };
            let from = g.edges.len();
            for (&i, &far) in list.iter().zip(far) {
                let to = base + far;
                // One edge per pair, with its first flow.
                if stamp[to as usize] != n {
                    stamp[to as usize] = n;
                    g.edges.push(Edge {
                        to,
                        kind: GraphEdge::Flow(ix.direction(i)),
                        first: i,
                    });
                }
            }
            g.edges[from..].reverse();
        }
        g.at.push(g.edges.len() as u32);
        g.mark_used();
        g
    }

    /// Marks the nodes that take part: an edge leads from or to them, or (a service) an
    /// organisation runs them.
    fn mark_used(&mut self) {
        let mut used = std::mem::take(&mut self.used);
        for n in 0..used.len() {
            for e in self.edges(n as u32) {
                used[n] = true;
                if let Some(u) = used.get_mut(e.to as usize) {
                    *u = true;
                }
            }
        }
        self.used = used;
        let (orgs, svc_n) = (self.orgs as usize, self.orgs as usize);
        for (s, org) in self.service_org.iter().enumerate() {
            if (*org as usize) < orgs {
                self.used[svc_n + s] = true;
            }
        }
    }

    fn node(&self, n: GraphNode) -> u32 {
        match n {
            GraphNode::Org(o) => o.0,
            GraphNode::Service(s) => self.orgs + s.0,
            GraphNode::Party(p) => self.orgs + self.services + p.0,
        }
    }

    /// What node `n` is.
    pub(crate) fn what(&self, n: u32) -> GraphNode {
        if n < self.orgs {
            GraphNode::Org(OrgIx(n))
        } else if n < self.orgs + self.services {
            GraphNode::Service(ServiceIx(n - self.orgs))
        } else {
            GraphNode::Party(PartyIx(n - self.orgs - self.services))
        }
    }

    /// The graph index of a node, if it takes part in any edge.
    pub(crate) fn index(&self, n: GraphNode) -> Option<u32> {
        let ix = self.node(n);
        self.used
            .get(ix as usize)
            .copied()
            .unwrap_or(false)
            .then_some(ix)
    }

    /// Every out-edge of node `n`: structural ones first, then flows.
    pub(crate) fn edges(&self, n: u32) -> &[Edge] {
        let n = n as usize;
        match (self.at.get(n), self.at.get(n + 1)) {
            (Some(&a), Some(&b)) => self.edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The structural out-edges of node `n` alone (what a walk with no flow left may take).
    pub(crate) fn free_edges(&self, n: u32) -> &[Edge] {
        let n = n as usize;
        match (self.at.get(n), self.free.get(n)) {
            (Some(&a), Some(&b)) => self.edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The nodes from which `goal` is reached along structural edges alone: for a service,
    /// its organisation and the parties that are that organisation; for an organisation,
    /// those parties.
    pub(crate) fn free_to(&self, goal: u32) -> Vec<u32> {
        let party_n = self.orgs + self.services;
        let twins = |o: u32| -> &[u32] {
            let o = o as usize;
            match (self.twin_at.get(o), self.twin_at.get(o + 1)) {
                (Some(&a), Some(&b)) => self.twins.get(a as usize..b as usize).unwrap_or(&[]),
                _ => &[],
            }
        };
        let org = match self.what(goal) {
            GraphNode::Org(o) => Some((o.0, false)),
            GraphNode::Service(s) => self.service_org.get(s.ix()).map(|&o| (o, true)),
            GraphNode::Party(_) => None,
        };
        let Some((o, with_org)) = org else {
            return Vec::new();
        };
        let mut out: Vec<u32> = twins(o).iter().map(|p| party_n + p).collect();
        if with_org {
            out.push(o);
        }
        out
    }
}
