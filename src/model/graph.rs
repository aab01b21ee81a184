//! The entity graph (petgraph): organisations, services and parties linked by the flows
//! between them, for `path` and `reachable`. Flow facts themselves stay in the model's table;
//! the graph has one edge per distinct (service, party, direction).

use super::{Direction, FlowIx, Model, OrgIx, PartyIx, ServiceIx};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rustc_hash::FxHashSet;

/// A node of the entity graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GraphNode {
    /// An organisation.
    Org(OrgIx),
    /// A service.
    Service(ServiceIx),
    /// A party.
    Party(PartyIx),
}

/// Why data can move along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphEdge {
    /// The organisation runs the service (data held by the org is used by the service).
    Runs,
    /// A flow: the service sends to the party, or the party sends to the service.
    Flow(Direction),
    /// The party is that organisation (a recipient that is itself a controller).
    SameAs,
}

/// The entity graph. Node `i` is organisation `i`, then each service, then each party, so a
/// node is found by arithmetic, not by a map.
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    /// The petgraph graph. Edges point the way data moves.
    pub graph: DiGraph<GraphNode, GraphEdge>,
    /// The first flow (in model order) of each flow edge, by edge index; `u32::MAX` for
    /// structural edges.
    first_flow: Vec<u32>,
    /// Whether each node takes part in an edge.
    used: Vec<bool>,
    orgs: u32,
    services: u32,
}

impl EntityGraph {
    /// Builds the graph of `model`'s orgs, services, parties and flows.
    pub fn build(model: &Model) -> Self {
        let (orgs, services) = (model.orgs.len() as u32, model.services.len() as u32);
        let mut graph = DiGraph::with_capacity(
            model.orgs.len() + model.services.len() + model.parties.len(),
            model.services.len() * 2,
        );
        for o in 0..orgs {
            graph.add_node(GraphNode::Org(OrgIx(o)));
        }
        for s in 0..services {
            graph.add_node(GraphNode::Service(ServiceIx(s)));
        }
        for p in 0..model.parties.len() as u32 {
            graph.add_node(GraphNode::Party(PartyIx(p)));
        }
        let mut g = EntityGraph {
            used: vec![false; graph.node_count()],
            graph,
            first_flow: Vec::new(),
            orgs,
            services,
        };
        // One edge per node pair, in order of first occurrence, remembering its first flow.
        // A map rather than petgraph's `update_edge`, which scans the source's edges: a
        // national body that sends to every service would make that quadratic. (Each pair has
        // one kind of edge, so nothing is lost by keeping the first.)
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        let mut edge = |g: &mut Self, a: NodeIndex, b: NodeIndex, w: GraphEdge, first: u32| {
            if seen.insert((a.index() as u32, b.index() as u32)) {
                g.graph.add_edge(a, b, w);
                g.first_flow.push(first);
                g.used[a.index()] = true;
                g.used[b.index()] = true;
            }
        };
        for (i, s) in model.services.iter().enumerate() {
            let org = g.node(GraphNode::Org(s.org));
            let svc = g.node(GraphNode::Service(ServiceIx(i as u32)));
            edge(&mut g, org, svc, GraphEdge::Runs, u32::MAX);
            edge(&mut g, svc, org, GraphEdge::Runs, u32::MAX);
        }
        for (i, f) in model.flows.iter().enumerate() {
            let svc = g.node(GraphNode::Service(f.service));
            let party = g.node(GraphNode::Party(f.party));
            let (a, b) = match f.direction {
                // Data shared with a team still travels on from it.
                Direction::To | Direction::Internal => (svc, party),
                Direction::From => (party, svc),
            };
            edge(&mut g, a, b, GraphEdge::Flow(f.direction), i as u32);
        }
        for (i, p) in model.parties.iter().enumerate() {
            if let Some(org) = p.org {
                let party = g.node(GraphNode::Party(PartyIx(i as u32)));
                let org = g.node(GraphNode::Org(org));
                edge(&mut g, party, org, GraphEdge::SameAs, u32::MAX);
                edge(&mut g, org, party, GraphEdge::SameAs, u32::MAX);
            }
        }
        g
    }

    fn node(&self, n: GraphNode) -> NodeIndex {
        NodeIndex::new(match n {
            GraphNode::Org(o) => o.0 as usize,
            GraphNode::Service(s) => (self.orgs + s.0) as usize,
            GraphNode::Party(p) => (self.orgs + self.services + p.0) as usize,
        })
    }

    /// The graph index of a node, if it takes part in any edge.
    pub fn index(&self, n: GraphNode) -> Option<NodeIndex> {
        let ix = self.node(n);
        self.used
            .get(ix.index())
            .copied()
            .unwrap_or(false)
            .then_some(ix)
    }

    /// The first flow of a flow edge, in model order.
    pub fn first_flow(&self, e: EdgeIndex) -> Option<FlowIx> {
        self.first_flow
            .get(e.index())
            .filter(|&&f| f != u32::MAX)
            .map(|&f| FlowIx(f))
    }
}
