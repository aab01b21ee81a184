//! `basis stats`: how many of each kind of node the model holds, and the flows and retention
//! rules of each organisation and each notice.
//!
//! Counted in one pass over the flows and one over the retention rules, so the work grows with
//! the data, not with organisations × flows.

use crate::model::{Direction, Model};
use crate::output::Table;
use serde_json::json;

/// The flows of one organisation or notice, by direction, and its retention rules.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FlowCounts {
    /// Flows to a recipient.
    pub recipient: usize,
    /// Flows from a source.
    pub source: usize,
    /// Flows between the organisation's own teams.
    pub internal: usize,
    /// Retention rules.
    pub retention: usize,
}

impl FlowCounts {
    fn add(&mut self, d: Direction) {
        match d {
            Direction::To => self.recipient += 1,
            Direction::From => self.source += 1,
            Direction::Internal => self.internal += 1,
        }
    }
}

/// What `basis stats` reports, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stats {
    /// (kind, count) for each kind of node, in the order `basis stats` prints them.
    pub nodes: Vec<(&'static str, usize)>,
    /// Per organisation, in model order: its notices, its services and its counts.
    pub orgs: Vec<(usize, usize, FlowCounts)>,
    /// Per notice, in model order: the counts of the facts it states.
    pub notices: Vec<FlowCounts>,
}

/// Counts the model.
pub(crate) fn count(m: &Model) -> Stats {
    let v = &m.vocab;
    let nodes = vec![
        ("org", m.orgs.len()),
        ("notice", m.notices.len()),
        ("service", m.services.len()),
        ("party", m.parties.len()),
        ("system", m.systems.len()),
        ("flow", m.flows.len()),
        ("retention", m.retention.len()),
        ("category", v.categories.len()),
        ("subject", v.subjects.len()),
        ("purpose", v.purposes.len()),
        ("basis", v.bases.len()),
        ("legislation", v.legislation.len()),
        ("party-type", v.party_types.len()),
        ("right", v.rights.len()),
    ];
    let mut orgs = vec![(0, 0, FlowCounts::default()); m.orgs.len()];
    let mut notices = vec![FlowCounts::default(); m.notices.len()];
    for n in &m.notices {
        if let Some(o) = orgs.get_mut(n.org.ix()) {
            o.0 += 1;
        }
    }
    for s in &m.services {
        if let Some(o) = orgs.get_mut(s.org.ix()) {
            o.1 += 1;
        }
    }
    for f in &m.flows {
        if let Some(o) = orgs.get_mut(m.flow_org(f).ix()) {
            o.2.add(f.direction());
        }
        if let Some(n) = notices.get_mut(f.source.notice.ix()) {
            n.add(f.direction());
        }
    }
    for r in &m.retention {
        if let Some(o) = orgs.get_mut(r.org.ix()) {
            o.2.retention += 1;
        }
        if let Some(n) = notices.get_mut(r.source.notice.ix()) {
            n.retention += 1;
        }
    }
    Stats {
        nodes,
        orgs,
        notices,
    }
}

/// The three tables of `basis stats`: node counts, per organisation, per notice.
pub(crate) fn tables(m: &Model) -> Vec<Table> {
    let s = count(m);
    let mut nodes = Table::new("nodes", &["kind", "count"]);
    for (k, n) in &s.nodes {
        nodes.rows.push(vec![json!(k), json!(n)]);
    }
    let counts = [
        "recipient_flows",
        "source_flows",
        "internal_flows",
        "retention_rules",
    ];
    let cells = |c: &FlowCounts| {
        [c.recipient, c.source, c.internal, c.retention]
            .into_iter()
            .map(|n| json!(n))
    };
    let mut head = vec!["org", "name", "notices", "services"];
    head.extend(counts);
    let mut orgs = Table::new("orgs", &head);
    for (o, (notices, services, c)) in m.orgs.iter().zip(&s.orgs) {
        let mut row = vec![json!(o.id), json!(o.name), json!(notices), json!(services)];
        row.extend(cells(c));
        orgs.rows.push(row);
    }
    let mut head = vec!["notice", "org", "file", "title"];
    head.extend(counts);
    let mut notices = Table::new("notices", &head);
    for (n, c) in m.notices.iter().zip(&s.notices) {
        let org = m.orgs.get(n.org.ix()).map_or("", |o| o.id.as_str());
        let mut row = vec![json!(n.id), json!(org), json!(n.file), json!(n.title)];
        row.extend(cells(c));
        notices.rows.push(row);
    }
    vec![nodes, orgs, notices]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass counts equal a direct count of each organisation's and notice's facts.
    #[test]
    fn one_pass_counts_equal_direct_counts() {
        let m = crate::model::load::load_builtin().expect("built-in datasets load");
        let s = count(&m);
        for (i, (notices, services, c)) in s.orgs.iter().enumerate() {
            let n = |d| {
                m.flows
                    .iter()
                    .filter(|f| m.flow_org(f).ix() == i && f.direction() == d)
                    .count()
            };
            assert_eq!(
                *notices,
                m.notices.iter().filter(|n| n.org.ix() == i).count()
            );
            assert_eq!(
                *services,
                m.services.iter().filter(|s| s.org.ix() == i).count()
            );
            assert_eq!(c.recipient, n(Direction::To));
            assert_eq!(c.source, n(Direction::From));
            assert_eq!(c.internal, n(Direction::Internal));
            assert_eq!(
                c.retention,
                m.retention.iter().filter(|r| r.org.ix() == i).count()
            );
        }
        let total: usize = s
            .notices
            .iter()
            .map(|c| c.recipient + c.source + c.internal)
            .sum();
        assert_eq!(total, m.flows.len());
        assert!(s.orgs.iter().any(|(_, _, c)| c.recipient > 0));
    }
}
