//! `path` and `reachable` as recursive CTEs over the export's tables, with the engine's walk
//! semantics (docs/language.md, "Paths"): the edges are an organisation to its services, a
//! service to the parties it sends to (`to` or `internal` flows), a party to the services it
//! sends to (`from` flows), and a party that is an organisation to that organisation; a flow
//! edge is followed when one of its flows passes `where`, and shows its first passing flow (in
//! model order). A node is named in the SQL by a key, its id, a space and its kind (`o`, `p`,
//! `s`): ordered as text, keys order nodes as basis does (id in byte order, then kind).
//!
//! `path` lists the simple paths ending at the goal, ordered by their flows and then by their
//! keys read from the start, first 1,000. `reachable` finds each node's fewest flows with a
//! recursive CTE that keeps distinct (node, flows) pairs (so its work grows with the nodes, not
//! the routes), then each node's step before: of the nodes one step back on a route with that
//! many flows, the one with the smallest key; the route is those steps followed from the start.

use super::select::Translator;
use super::{Dialect, SqlError, lit};
use crate::model::graph::GraphNode;
use crate::query::ast::EntityKind;
use crate::query::plan::{PathPlan, Pred, ReachPlan};

/// The most paths `path` lists, as in the engine.
const MAX_PATHS: usize = 1000;

impl Translator<'_> {
    /// The node's key and id.
    fn node(&self, n: GraphNode) -> (String, String) {
        let m = self.model;
        let (id, kind) = match n {
            GraphNode::Org(o) => (&m.orgs[o.ix()].id, 'o'),
            GraphNode::Party(p) => (&m.parties[p.ix()].id, 'p'),
            GraphNode::Service(s) => (&m.services[s.ix()].id, 's'),
        };
        (format!("{id} {kind}"), id.clone())
    }

    /// Refuses a dialect that has no recursive CTE.
    fn walks(&self, what: &'static str) -> Result<(), SqlError> {
        match self.dialect {
            Dialect::Spark => Err(SqlError::Form(what)),
            _ => Ok(()),
        }
    }

    /// The `edge(src, dst, flows, notice, quote, prov)` CTE: each edge of the graph, with
    /// (for a flow edge) its first passing flow's notice, quote and provenance (0 stated, 1
    /// implied, 2 inferred).
    fn edge_cte(&self, filter: Option<&Pred>) -> Result<String, SqlError> {
        let w = match filter {
            Some(p) => self.pred(EntityKind::Flows, p)?,
            None => "TRUE".into(),
        };
        let (prov, quote) = (self.dialect.ident("provenance"), "COALESCE(g.quote, '')");
        Ok(format!(
            "edge(src, dst, flows, notice, quote, prov) AS (
  SELECT x.src, x.dst, 1, g.notice, {quote},
    CASE g.{prov} WHEN 'inferred' THEN 2 WHEN 'implied' THEN 1 ELSE 0 END
  FROM (
    SELECT
      CASE WHEN f.direction = 'from' THEN f.party || ' p' ELSE f.service || ' s' END AS src,
      CASE WHEN f.direction = 'from' THEN f.service || ' s' ELSE f.party || ' p' END AS dst,
      MIN(CAST(SUBSTR(f.id, 6) AS BIGINT)) AS first
    FROM flow f
    WHERE {w}
    GROUP BY 1, 2
  ) x
  JOIN flow g ON g.id = 'flow-' || CAST(x.first AS TEXT)
  UNION ALL
  SELECT s.org || ' o', s.id || ' s', 0, NULL, NULL, 0 FROM service s
  UNION ALL
  SELECT p.id || ' p', p.org || ' o', 0, NULL, NULL, 0 FROM party p WHERE p.org IS NOT NULL
)"
        ))
    }

    /// `path from … to … [where …] [max N]`.
    pub(super) fn path(&self, p: &PathPlan) -> Result<String, SqlError> {
        self.walks(
            "`path` in Spark SQL (a walk needs `WITH RECURSIVE`, which Spark SQL lacks before 4.x)",
        )?;
        let d = self.dialect;
        let ((start, start_id), (goal, _)) = (self.node(p.from), self.node(p.to));
        let (start, goal_l) = (lit(&start), lit(&goal));
        // The goal and the nodes from which structural edges alone lead to it (its
        // organisation and the parties that are that organisation): the last flow of a path
        // must end at one of them.
        let m = self.model;
        let org = match p.to {
            GraphNode::Org(o) => Some((o, false)),
            GraphNode::Service(s) => Some((m.services[s.ix()].org, true)),
            GraphNode::Party(_) => None,
        };
        let mut finish = format!("SELECT {goal_l} AS node");
        if let Some((o, with_org)) = org {
            let id = lit(&m.orgs[o.ix()].id);
            finish.push_str(&format!(
                "\n  UNION SELECT p.id || ' p' FROM party p WHERE p.org = {id}"
            ));
            if with_org {
                finish.push_str(&format!("\n  UNION SELECT {id} || ' o'"));
            }
        }
        let seen = self.dialect.find("w.seen", "'/' || e.dst || '/'");
        let max = p.max;
        Ok(format!(
            "WITH RECURSIVE
{edge},
finish(node) AS (
  {finish}
),
walk(node, hops, flows, seen, path, notices, quotes, prov) AS (
  SELECT CAST({start} AS TEXT), 0, 0, CAST('/' || {start} || '/' AS TEXT), CAST({id} AS TEXT),
    CAST('' AS TEXT), CAST('' AS TEXT), 0
  UNION ALL
  SELECT e.dst, w.hops + 1, w.flows + e.flows, w.seen || e.dst || '/',
    {step}
  FROM walk w
  JOIN edge e ON e.src = w.node
  WHERE w.node <> {goal_l} AND w.flows + e.flows <= {max} AND {seen} = 0
    AND (e.flows = 0 OR w.flows + 1 < {max} OR e.dst IN (SELECT node FROM finish))
)
SELECT w.path AS path, w.flows AS flows, {provenance} AS provenance,
  NULLIF(w.notices, '') AS notice, CASE WHEN w.flows = 0 THEN NULL ELSE w.quotes END AS quote
FROM walk w
WHERE w.node = {goal_l} AND w.hops > 0
ORDER BY w.flows, {order}
LIMIT {MAX_PATHS}",
            edge = self.edge_cte(p.filter.as_ref())?,
            id = lit(&start_id),
            step = step("path", "dst"),
            provenance = provenance("w.prov"),
            order = d.bytes("w.seen"),
        ))
    }

    /// `<entity> reachable from … [where …] [max N]`.
    pub(super) fn reachable(&self, r: &ReachPlan) -> Result<String, SqlError> {
        self.walks("`reachable` in Spark SQL (a walk needs `WITH RECURSIVE`, which Spark SQL lacks before 4.x)")?;
        let d = self.dialect;
        let ((start, start_id), max) = (self.node(r.from), r.max);
        let start = lit(&start);
        let (table, kind, name, ty) = match r.entity {
            EntityKind::Parties | EntityKind::Recipients => {
                ("party", "p", "x.name", format!("x.{}", d.ident("type")))
            }
            EntityKind::Orgs => ("org", "o", "x.name", format!("x.{}", d.ident("type"))),
            EntityKind::Services => ("service", "s", "x.name", "'service'".into()),
            _ => {
                return Err(SqlError::Form(
                    "`reachable` of anything but parties, recipients, orgs or services",
                ));
            }
        };
        Ok(format!(
            "WITH RECURSIVE
{edge},
reach(node, flows) AS (
  SELECT CAST({start} AS TEXT), 0
  UNION
  SELECT e.dst, r.flows + e.flows
  FROM reach r
  JOIN edge e ON e.src = r.node
  WHERE r.flows + e.flows <= {max}
),
best(node, flows) AS (
  SELECT node, MIN(flows) FROM reach GROUP BY node
),
parent(node, src, flows, notice, quote, prov) AS (
  SELECT node, src, flows, notice, quote, prov FROM (
    SELECT e.dst AS node, e.src AS src, e.flows AS flows, e.notice AS notice,
      e.quote AS quote, e.prov AS prov,
      ROW_NUMBER() OVER (PARTITION BY e.dst ORDER BY {src}) AS n
    FROM edge e
    JOIN best a ON a.node = e.src
    JOIN best b ON b.node = e.dst
    WHERE a.flows + e.flows = b.flows AND e.dst <> {start}
  ) t
  WHERE t.n = 1
),
route(node, flows, via, notices, quotes, prov) AS (
  SELECT CAST({start} AS TEXT), 0, CAST({id} AS TEXT), CAST('' AS TEXT), CAST('' AS TEXT), 0
  UNION ALL
  SELECT e.node, w.flows + e.flows,
    {step}
  FROM route w
  JOIN parent e ON e.src = w.node
)
SELECT x.id AS node, {name} AS name, {ty} AS {type_}, w.flows AS flows, w.via AS via,
  {provenance} AS provenance, NULLIF(w.notices, '') AS notice,
  CASE WHEN w.flows = 0 THEN NULL ELSE w.quotes END AS quote
FROM route w
JOIN {table} x ON x.id = SUBSTR(w.node, 1, LENGTH(w.node) - 2)
WHERE SUBSTR(w.node, LENGTH(w.node)) = '{kind}' AND w.node <> {start}
ORDER BY w.flows, {order}",
            edge = self.edge_cte(r.filter.as_ref())?,
            src = d.bytes("e.src"),
            id = lit(&start_id),
            step = step("via", "node"),
            provenance = provenance("w.prov"),
            type_ = d.ident("type"),
            order = d.bytes("x.id"),
        ))
    }
}

/// The columns a step of a walk `w` along an edge `e` carries on: the walk's path column
/// `path` extended by the name of the edge's column `node` (its id without the kind suffix),
/// the notices and quotes of the edge added, and the weaker of the two provenances.
fn step(path: &str, node: &str) -> String {
    format!(
        "w.{path} || {sep} || SUBSTR(e.{node}, 1, LENGTH(e.{node}) - 2),
    {notices},
    {quotes},
    CASE WHEN e.prov > w.prov THEN e.prov ELSE w.prov END",
        sep = lit(" → "),
        notices = appended("w", "notices", "e.notice"),
        quotes = appended("w", "quotes", "e.quote"),
    )
}

/// A list of `walk`'s column `col` with the step's `value` added when the step is a flow
/// (joined by `, `, as basis shows a list).
fn appended(walk: &str, col: &str, value: &str) -> String {
    format!(
        "CASE WHEN e.flows = 0 THEN {walk}.{col} WHEN {walk}.flows = 0 THEN {value} ELSE {walk}.{col} || ', ' || {value} END"
    )
}

/// The provenance word of a rank (0 stated, 1 implied, 2 inferred).
fn provenance(rank: &str) -> String {
    format!("CASE {rank} WHEN 2 THEN 'inferred' WHEN 1 THEN 'implied' ELSE 'stated' END")
}
