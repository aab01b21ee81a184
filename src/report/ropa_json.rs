//! The ROPA as typed JSON for scripts: ids with labels, arrays, `null` for what the notices do
//! not state, the notice sentences behind every cell, and a `schema_version` to pin.
//!
//! ```text
//! { "schema_version": 1,
//!   "columns": [ { "column": "A", "heading": "Business function" }, … ],
//!   "organisations": [ { "org": { "id", "label" },
//!       "contacts": [ { "role", "name", "address", "email", "telephone" } ],
//!       "activities": [ { "org", "service": { "id", "label" }, "notice": { "id", "label" },
//!           "columns": { "<heading>": { "column", "status", "value", "note", "text",
//!                                       "evidence": [ { "notice", "quote" } ] } } } ] } ] }
//! ```

use super::ropa_header::ROLES;
use super::ropa_layout::{COLUMNS, LETTERS, Ropa};
use serde_json::{Map, Value, json};

/// The version of this layout; raised when a field changes meaning or goes.
pub(super) const SCHEMA_VERSION: u32 = 1;

/// The records as one JSON document (one organisation or several, the same shape).
pub(super) fn json(records: &[Ropa]) -> String {
    let columns: Vec<Value> = LETTERS
        .iter()
        .zip(COLUMNS)
        .map(|(l, h)| json!({"column": l, "heading": h}))
        .collect();
    let orgs: Vec<Value> = records.iter().map(organisation).collect();
    let v = json!({
        "schema_version": SCHEMA_VERSION,
        "columns": columns,
        "organisations": orgs,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn organisation(r: &Ropa) -> Value {
    let contacts: Vec<Value> = ROLES
        .iter()
        .zip(&r.contacts)
        .map(|(role, [name, address, email, phone])| {
            json!({
                "role": role,
                "name": name.to_json("name"),
                "address": address.to_json("address"),
                "email": email.to_json("email"),
                "telephone": phone.to_json("telephone"),
            })
        })
        .collect();
    let activities: Vec<Value> = r
        .cells
        .iter()
        .zip(&r.sources)
        .zip(&r.notice_titles)
        .map(|((row, (svc, notice)), title)| {
            let label = row.first().map(|c| c.text.clone()).unwrap_or_default();
            let mut cols = Map::new();
            for ((heading, letter), cell) in COLUMNS.iter().zip(LETTERS).zip(row) {
                cols.insert((*heading).to_string(), cell.to_json(letter));
            }
            json!({
                "org": r.org,
                "service": {"id": svc, "label": label},
                "notice": {"id": notice, "label": title},
                "columns": cols,
            })
        })
        .collect();
    json!({
        "org": {"id": r.org, "label": r.name},
        "contacts": contacts,
        "activities": activities,
    })
}
