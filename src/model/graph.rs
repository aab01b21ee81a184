//! The entity graph (petgraph): organisations, services and parties linked by the flows
//! between them, for `path` and `reachable`. Flow facts themselves stay in the model's table;
//! the graph has one edge per distinct (service, party, direction).

use super::{Direction, Model, OrgIx, PartyIx, ServiceIx};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{HashMap, HashSet};

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

/// The entity graph and its node lookup.
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    /// The petgraph graph. Edges point the way data moves.
    pub graph: DiGraph<GraphNode, GraphEdge>,
    nodes: HashMap<GraphNode, NodeIndex>,
}

impl EntityGraph {
    /// Builds the graph of `model`'s orgs, services, parties and flows.
    pub fn build(model: &Model) -> Self {
        let mut g = EntityGraph::default();
        // One edge per node pair, in order of first occurrence. A set rather than petgraph's
        // `update_edge`, which scans the source's edges: a national body that sends to every
        // service would make that quadratic. (Each pair has one kind of edge, so nothing is
        // lost by keeping the first.)
        let mut seen: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
        let mut edge = |g: &mut Self, a: NodeIndex, b: NodeIndex, w: GraphEdge| {
            if seen.insert((a, b)) {
                g.graph.add_edge(a, b, w);
            }
        };
        for (i, s) in model.services.iter().enumerate() {
            let org = g.node(GraphNode::Org(s.org));
            let svc = g.node(GraphNode::Service(ServiceIx(i as u32)));
            edge(&mut g, org, svc, GraphEdge::Runs);
            edge(&mut g, svc, org, GraphEdge::Runs);
        }
        for f in &model.flows {
            let svc = g.node(GraphNode::Service(f.service));
            let party = g.node(GraphNode::Party(f.party));
            let (a, b) = match f.direction {
                Direction::To => (svc, party),
                Direction::From => (party, svc),
            };
            edge(&mut g, a, b, GraphEdge::Flow(f.direction));
        }
        for (i, p) in model.parties.iter().enumerate() {
            if let Some(org) = p.org {
                let party = g.node(GraphNode::Party(PartyIx(i as u32)));
                let org = g.node(GraphNode::Org(org));
                edge(&mut g, party, org, GraphEdge::SameAs);
                edge(&mut g, org, party, GraphEdge::SameAs);
            }
        }
        g
    }

    fn node(&mut self, n: GraphNode) -> NodeIndex {
        if let Some(&ix) = self.nodes.get(&n) {
            return ix;
        }
        let ix = self.graph.add_node(n);
        self.nodes.insert(n, ix);
        ix
    }

    /// The graph index of a node, if it takes part in any edge.
    pub fn index(&self, n: GraphNode) -> Option<NodeIndex> {
        self.nodes.get(&n).copied()
    }
}
