//! `basis stats`: counts of each node kind, and flows per organisation and per notice.

use crate::model::{Direction, Model};
use crate::output::Table;
use serde_json::json;

/// The three tables of `basis stats`: node counts, per organisation, per notice.
pub fn stats(m: &Model) -> Vec<Table> {
    let v = &m.vocab;
    let mut nodes = Table::new("nodes", &["kind", "count"]);
    let counts = [
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
    for (k, n) in counts {
        nodes.rows.push(vec![json!(k), json!(n)]);
    }

    let mut orgs = Table::new(
        "orgs",
        &[
            "org",
            "name",
            "notices",
            "services",
            "recipient_flows",
            "source_flows",
            "internal_flows",
            "retention_rules",
        ],
    );
    for (i, o) in m.orgs.iter().enumerate() {
        let mine = |f: &crate::model::Flow, d| f.org.ix() == i && f.direction == d;
        orgs.rows.push(vec![
            json!(o.id),
            json!(o.name),
            json!(m.notices.iter().filter(|n| n.org.ix() == i).count()),
            json!(m.services.iter().filter(|s| s.org.ix() == i).count()),
            json!(m.flows.iter().filter(|f| mine(f, Direction::To)).count()),
            json!(m.flows.iter().filter(|f| mine(f, Direction::From)).count()),
            json!(
                m.flows
                    .iter()
                    .filter(|f| mine(f, Direction::Internal))
                    .count()
            ),
            json!(m.retention.iter().filter(|r| r.org.ix() == i).count()),
        ]);
    }

    let mut notices = Table::new(
        "notices",
        &[
            "notice",
            "org",
            "file",
            "title",
            "recipient_flows",
            "source_flows",
            "internal_flows",
            "retention_rules",
        ],
    );
    for (i, n) in m.notices.iter().enumerate() {
        let of = |f: &crate::model::Flow, d| f.source.notice.ix() == i && f.direction == d;
        notices.rows.push(vec![
            json!(n.id),
            json!(m.orgs[n.org.ix()].id),
            json!(n.file),
            json!(n.title),
            json!(m.flows.iter().filter(|f| of(f, Direction::To)).count()),
            json!(m.flows.iter().filter(|f| of(f, Direction::From)).count()),
            json!(
                m.flows
                    .iter()
                    .filter(|f| of(f, Direction::Internal))
                    .count()
            ),
            json!(
                m.retention
                    .iter()
                    .filter(|r| r.source.notice.ix() == i)
                    .count()
            ),
        ]);
    }
    vec![nodes, orgs, notices]
}
