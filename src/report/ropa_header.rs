//! The header of the ROPA: name, address, email and telephone of the controller, its data
//! protection officer and its representative, from the contact points the notices give.
//!
//! No query entity holds contact points, so they are read from the model's public
//! [`Org::contacts`](crate::model::Org); each value names the notices that give it when the
//! notices disagree.

use super::ropa_cell::{Cell, Evidence, Item, add_evidence, evidence};
use crate::model::{Model, OrgIx};
use crate::output::Table;
use serde_json::json;

/// The columns of the header: who the controller, DPO and representative are.
pub(crate) const HEADER_COLUMNS: [&str; 5] = ["Role", "Name", "Address", "Email", "Telephone"];

/// The roles of the header's rows, in order.
pub(crate) const ROLES: [&str; 3] = ["Controller", "Data Protection Officer", "Representative"];

/// The header: for each of [`ROLES`], the name, address, email and telephone cells.
pub(super) fn header_cells(model: &Model, org: OrgIx) -> Vec<[Cell; 4]> {
    let o = &model.orgs[org.ix()];
    let contact = |role: &str, kind: &str| -> Cell {
        // value -> notices, first-seen order
        let mut seen: Vec<(String, Vec<String>)> = Vec::new();
        let mut ev: Vec<Evidence> = Vec::new();
        for c in o
            .contacts
            .iter()
            .filter(|c| c.value.role == role && c.value.kind == kind)
        {
            add_evidence(&mut ev, evidence(model, &c.source));
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
        let items = seen.iter().map(|(v, _)| Item::text(v)).collect();
        let text = match seen.len() {
            0 => String::new(),
            1 => seen.remove(0).0,
            // Labels tell notices apart; values all from the same notices need none (an
            // imported register is one notice).
            _ if seen.iter().all(|(_, ns)| *ns == seen[0].1) => seen
                .into_iter()
                .map(|(v, _)| v)
                .collect::<Vec<_>>()
                .join("; "),
            _ => seen
                .into_iter()
                .map(|(v, ns)| format!("{v} (notice {})", ns.join(", ")))
                .collect::<Vec<_>>()
                .join("; "),
        };
        Cell::stated(text, items, ev)
    };
    vec![
        [
            Cell::stated(
                o.name.clone(),
                vec![Item::with_id(&o.id, &o.name)],
                Vec::new(),
            ),
            contact("controller", "post"),
            contact("controller", "email"),
            contact("controller", "phone"),
        ],
        [
            // The notices address "the Data Protection Officer" by title, never by name.
            Cell::not_stated(),
            contact("dpo", "post"),
            contact("dpo", "email"),
            contact("dpo", "phone"),
        ],
        [
            Cell::not_stated(),
            Cell::not_stated(),
            Cell::not_stated(),
            Cell::not_stated(),
        ],
    ]
}

/// The header as a table ([`HEADER_COLUMNS`]).
pub(super) fn header_table(cells: &[[Cell; 4]]) -> Table {
    let mut t = Table::new("controller", &HEADER_COLUMNS);
    for (role, row) in ROLES.iter().zip(cells) {
        let mut r = vec![json!(role)];
        r.extend(row.iter().map(|c| json!(c.text)));
        t.rows.push(r);
    }
    t
}
