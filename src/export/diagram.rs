//! `basis export --to dot|mermaid`: organisation → service → recipient (or recipient type,
//! `--group-by party.type`) with the lawful bases on the edges, as Graphviz DOT or a Mermaid
//! flowchart.
//!
//! To keep a picture readable the bases every recipient of a service shares are written
//! once, on the organisation → service edge; a service → recipient edge shows only the bases
//! that flow has beyond those. A diagram larger than [`MAX_EDGES`] is refused with a hint
//! (`--org`, `--group-by party.type`) rather than drawn unreadable.

use super::{ExportError, Scope};
use crate::model::{BasisIx, Direction, Model, OrgIx, ServiceIx};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// The most service → recipient edges a diagram draws.
pub(crate) const MAX_EDGES: usize = 2000;

/// Graphviz DOT or Mermaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiagramSyntax {
    /// Graphviz DOT (`dot -Tpng`).
    Dot,
    /// A Mermaid `flowchart LR`.
    Mermaid,
}

/// What a service's edges point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Each recipient.
    Party,
    /// Each recipient type (`party.type`), with how many recipients it stands for.
    PartyType,
}

impl Target {
    /// `--group-by` as given: none, or `party.type`.
    pub(crate) fn from_option(group_by: Option<&str>) -> Result<Self, ExportError> {
        match group_by {
            None => Ok(Target::Party),
            Some("party.type" | "party-type" | "type") => Ok(Target::PartyType),
            Some(g) => Err(ExportError::GroupBy(g.to_string())),
        }
    }
}

/// One service's outgoing edges: target → (bases, recipients).
type Edges = BTreeMap<u32, (BTreeSet<BasisIx>, BTreeSet<u32>)>;

/// The diagram's content, gathered from the flows before it is written.
struct Graph {
    /// Per organisation, per service, the edges.
    orgs: BTreeMap<OrgIx, BTreeMap<ServiceIx, Edges>>,
}

fn gather(model: &Model, scope: &Scope, target: Target) -> Result<Graph, ExportError> {
    let mut orgs: BTreeMap<OrgIx, BTreeMap<ServiceIx, Edges>> = BTreeMap::new();
    let mut edges = 0usize;
    for f in &model.flows {
        if f.direction() != Direction::To || !scope.org_in(model.flow_org(f).ix()) {
            continue;
        }
        let key = match target {
            Target::Party => f.party.0,
            Target::PartyType => model.parties[f.party.ix()].party_type.0,
        };
        let svc = orgs
            .entry(model.flow_org(f))
            .or_default()
            .entry(f.service)
            .or_default();
        if !svc.contains_key(&key) {
            edges += 1;
            if edges > MAX_EDGES {
                return Err(ExportError::TooLarge(MAX_EDGES));
            }
        }
        let e = svc.entry(key).or_default();
        e.0.extend(model.bases_of(f).iter().copied());
        e.1.insert(f.party.0);
    }
    Ok(Graph { orgs })
}

/// A basis as it reads on an edge: `Art. 9(2)(h)`, `DPA 2018 Sch. 1 Pt. 2 para. 6`.
fn short(model: &Model, b: BasisIx) -> String {
    let c = model.vocab.bases[b.ix()].citation();
    c.strip_prefix("UK GDPR ").map(str::to_string).unwrap_or(c)
}

/// The bases every edge of a service has.
fn common(edges: &Edges) -> BTreeSet<BasisIx> {
    let mut it = edges.values().map(|(b, _)| b);
    let first = it.next().cloned().unwrap_or_default();
    it.fold(first, |acc, b| acc.intersection(b).copied().collect())
}

/// A node's label and the id the syntax refers to it by.
struct Node {
    id: String,
    label: String,
    shape: &'static str,
}

/// One organisation's part of the picture: drawn as a cluster of its own, so recipients
/// (or recipient types) are per organisation and the organisations do not cross.
struct Cluster {
    id: String,
    nodes: Vec<Node>,
}

/// Every node and edge of the diagram, in a fixed order.
struct Layout {
    clusters: Vec<Cluster>,
    /// (from, to, label lines).
    edges: Vec<(String, String, Vec<String>)>,
}

fn layout(model: &Model, g: &Graph, target: Target) -> Layout {
    let mut clusters = Vec::new();
    let mut edges = Vec::new();
    for (o, services) in &g.orgs {
        let oid = format!("org_{}", o.0);
        let mut nodes = vec![Node {
            id: oid.clone(),
            label: model.orgs[o.ix()].name.clone(),
            shape: "org",
        }];
        let mut targets: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        for (s, es) in services {
            let sid = format!("service_{}", s.0);
            nodes.push(Node {
                id: sid.clone(),
                label: model.services[s.ix()].name.clone(),
                shape: "service",
            });
            let shared = common(es);
            let lines = shared.iter().map(|&b| short(model, b)).collect();
            edges.push((oid.clone(), sid.clone(), lines));
            for (t, (bases, parties)) in es {
                targets.entry(*t).or_default().extend(parties);
                let extra = bases
                    .difference(&shared)
                    .map(|&b| short(model, b))
                    .collect();
                edges.push((sid.clone(), format!("target_{}_{t}", o.0), extra));
            }
        }
        for (t, parties) in targets {
            let label = match target {
                Target::Party => model.parties[t as usize].name.clone(),
                Target::PartyType => {
                    let n = parties.len();
                    let s = if n == 1 { "" } else { "s" };
                    format!(
                        "{} ({n} recipient{s})",
                        model.vocab.party_types[t as usize].name
                    )
                }
            };
            nodes.push(Node {
                id: format!("target_{}_{t}", o.0),
                label,
                shape: "target",
            });
        }
        clusters.push(Cluster {
            id: format!("cluster_{}", o.0),
            nodes,
        });
    }
    Layout { clusters, edges }
}

/// Writes the diagram.
pub(crate) fn write_diagram<W: Write>(
    model: &Model,
    scope: &Scope,
    target: Target,
    syntax: DiagramSyntax,
    mut w: W,
) -> Result<(), ExportError> {
    let g = gather(model, scope, target)?;
    let l = layout(model, &g, target);
    match syntax {
        DiagramSyntax::Dot => dot(&l, &mut w)?,
        DiagramSyntax::Mermaid => mermaid(&l, &mut w)?,
    }
    w.flush()?;
    Ok(())
}

/// A DOT string's content: `"` and `\` escaped.
fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

fn dot(l: &Layout, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "digraph basis {{")?;
    writeln!(w, "  rankdir=LR;")?;
    writeln!(w, "  node [fontname=\"Helvetica\", fontsize=11];")?;
    writeln!(
        w,
        "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];"
    )?;
    for c in &l.clusters {
        writeln!(w, "  subgraph {} {{", c.id)?;
        writeln!(w, "    color=\"#cccccc\";")?;
        for n in &c.nodes {
            let style = match n.shape {
                "org" => "shape=box, style=\"filled,bold\", fillcolor=\"#dbe9f6\"",
                "service" => "shape=box, style=\"rounded,filled\", fillcolor=\"#fff2cc\"",
                _ => "shape=ellipse, style=filled, fillcolor=\"#eeeeee\"",
            };
            writeln!(
                w,
                "    {} [label=\"{}\", {style}];",
                n.id,
                dot_text(&n.label)
            )?;
        }
        writeln!(w, "  }}")?;
    }
    for (from, to, lines) in &l.edges {
        if lines.is_empty() {
            writeln!(w, "  {from} -> {to};")?;
        } else {
            let label: Vec<String> = lines.iter().map(|s| dot_text(s)).collect();
            writeln!(w, "  {from} -> {to} [label=\"{}\"];", label.join("\\n"))?;
        }
    }
    writeln!(w, "}}")
}

/// A Mermaid label's content: quotes and angle brackets as entities.
fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\n', " ")
}

fn mermaid(l: &Layout, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "flowchart LR")?;
    for c in &l.clusters {
        writeln!(w, "  subgraph {}[\" \"]", c.id)?;
        // Mermaid lays a subgraph top to bottom unless told, whatever the chart's direction.
        writeln!(w, "    direction LR")?;
        for n in &c.nodes {
            let label = mermaid_text(&n.label);
            match n.shape {
                "org" => writeln!(w, "    {}[\"{label}\"]", n.id)?,
                "service" => writeln!(w, "    {}(\"{label}\")", n.id)?,
                _ => writeln!(w, "    {}([\"{label}\"])", n.id)?,
            }
        }
        writeln!(w, "  end")?;
    }
    for (from, to, lines) in &l.edges {
        if lines.is_empty() {
            writeln!(w, "  {from} --> {to}")?;
        } else {
            let label: Vec<String> = lines.iter().map(|s| mermaid_text(s)).collect();
            writeln!(w, "  {from} -->|\"{}\"| {to}", label.join("<br/>"))?;
        }
    }
    Ok(())
}
