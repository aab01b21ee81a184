//! The header of the ROPA: name, address, email and telephone of the controller, its data
//! protection officer and its representative, from the contact points the notices give.
//!
//! No query entity holds contact points, so they are read from the model's public
//! [`Org::contacts`](crate::model::Org); each value names the notices that give it when the
//! notices disagree.

use super::NOT_STATED;
use crate::model::{Model, OrgIx};
use crate::output::Table;
use serde_json::json;

/// The columns of the header: who the controller, DPO and representative are.
pub const HEADER_COLUMNS: [&str; 5] = ["Role", "Name", "Address", "Email", "Telephone"];

/// The header table ([`HEADER_COLUMNS`]).
pub fn header(model: &Model, org: OrgIx) -> Table {
    let o = &model.orgs[org.ix()];
    let mut t = Table::new("controller", &HEADER_COLUMNS);
    let contact = |roles: &[&str], kind: &str| -> String {
        // value -> notices, first-seen order
        let mut seen: Vec<(String, Vec<String>)> = Vec::new();
        for c in o
            .contacts
            .iter()
            .filter(|c| roles.contains(&c.value.role.as_str()) && c.value.kind == kind)
        {
            let notice = model.notices[c.source.notice.ix()].id.clone();
            match seen.iter_mut().find(|(v, _)| *v == c.value.value) {
                Some((_, ns)) => {
                    if !ns.contains(&notice) {
                        ns.push(notice)
                    }
                }
                None => seen.push((c.value.value.clone(), vec![notice])),
            }
        }
        match seen.len() {
            0 => NOT_STATED.to_string(),
            1 => seen.remove(0).0,
            _ => seen
                .into_iter()
                .map(|(v, ns)| format!("{v} (notice {})", ns.join(", ")))
                .collect::<Vec<_>>()
                .join("; "),
        }
    };
    let controller = ["controller"];
    t.rows.push(vec![
        json!("Controller"),
        json!(o.name),
        json!(contact(&controller, "post")),
        json!(contact(&controller, "email")),
        json!(contact(&controller, "phone")),
    ]);
    let dpo = ["dpo"];
    t.rows.push(vec![
        json!("Data Protection Officer"),
        // The notices address "the Data Protection Officer" by title, never by name.
        json!(NOT_STATED),
        json!(contact(&dpo, "post")),
        json!(contact(&dpo, "email")),
        json!(contact(&dpo, "phone")),
    ]);
    t.rows.push(vec![
        json!("Representative"),
        json!(NOT_STATED),
        json!(NOT_STATED),
        json!(NOT_STATED),
        json!(NOT_STATED),
    ]);
    t
}
