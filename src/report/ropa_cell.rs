//! One cell of the ROPA as data: what it states (items with ids and labels), whether the
//! notices state it at all, and the notice sentences it rests on — the typed JSON, the CSV text
//! and the workbook are all drawn from it.

use super::{NOT_STATED, ReportError, query};
use crate::model::{Model, Source};
use crate::output::cell_text;
use serde_json::{Map, Value, json};

/// Whether the notices answer a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The notices state it (possibly that there is none: no items).
    Stated,
    /// The notices do not say.
    NotStated,
    /// The column cannot apply (legitimate interests when Art. 6(1)(f) is not relied on, …).
    NotApplicable,
}

display_as_word!(Status => as_str);

impl Status {
    /// `stated`, `not stated`, `not applicable`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Stated => "stated",
            Status::NotStated => "not stated",
            Status::NotApplicable => "not applicable",
        }
    }
}

/// A sentence of a notice that a cell rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The notice id.
    pub notice: String,
    /// The verbatim sentence.
    pub quote: String,
    /// When the fact is the encoder's reading of the sentence rather than what it says: the
    /// note saying why (the JSON then has `"provenance": "inferred"` and `"note"`).
    pub inferred: Option<String>,
}

impl Evidence {
    /// The JSON object: notice and quote, and for an inferred fact its provenance and note.
    fn to_json(&self) -> Value {
        match &self.inferred {
            None => json!({"notice": self.notice, "quote": self.quote}),
            Some(note) => json!({
                "notice": self.notice,
                "quote": self.quote,
                "provenance": "inferred",
                "note": note,
            }),
        }
    }
}

/// One thing a cell states: a vocabulary or dataset id (when there is one) and its label,
/// with fields of its own (`special`, `type`, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The id (`health`, `a6-1-e`, `cheshire-police`), `None` for free text.
    pub id: Option<String>,
    /// What the record shows.
    pub label: String,
    /// Further typed fields.
    pub extra: Map<String, Value>,
}

impl Item {
    /// A free-text item with no id.
    pub(crate) fn text(label: impl Into<String>) -> Item {
        Item {
            id: None,
            label: label.into(),
            extra: Map::new(),
        }
    }

    /// An item with an id.
    pub(crate) fn with_id(id: impl Into<String>, label: impl Into<String>) -> Item {
        Item {
            id: Some(id.into()),
            label: label.into(),
            extra: Map::new(),
        }
    }
}

/// A cell of the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The text the CSV, Markdown, HTML and workbook show.
    pub text: String,
    /// Stated, not stated or not applicable.
    pub status: Status,
    /// What is stated; empty when not stated, not applicable, or stated to be none.
    pub items: Vec<Item>,
    /// Why a cell is not stated or not applicable, when the notices say something close.
    pub note: Option<String>,
    /// The notice sentences behind it, first-seen order, without repeats.
    pub evidence: Vec<Evidence>,
}

impl Cell {
    /// A cell stating `items`, shown as `text`; [`NOT_STATED`] when there are none.
    pub(crate) fn stated(text: String, items: Vec<Item>, evidence: Vec<Evidence>) -> Cell {
        if items.is_empty() {
            return Cell::not_stated();
        }
        Cell {
            text,
            status: Status::Stated,
            items,
            note: None,
            evidence,
        }
    }

    /// A cell listing `items` by label, joined with `; `.
    pub(crate) fn list(items: Vec<Item>, evidence: Vec<Evidence>) -> Cell {
        let text = items
            .iter()
            .map(|i| i.label.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Cell::stated(text, items, evidence)
    }

    /// `not stated`.
    pub(crate) fn not_stated() -> Cell {
        Cell {
            text: NOT_STATED.to_string(),
            status: Status::NotStated,
            items: Vec::new(),
            note: None,
            evidence: Vec::new(),
        }
    }

    /// `not stated (why)`, with the sentence that comes close.
    pub(crate) fn not_stated_because(why: String, evidence: Vec<Evidence>) -> Cell {
        Cell {
            text: format!("{NOT_STATED} ({why})"),
            status: Status::NotStated,
            items: Vec::new(),
            note: Some(why),
            evidence,
        }
    }

    /// `not applicable (why)`.
    pub(crate) fn not_applicable(why: &str) -> Cell {
        Cell {
            text: format!("not applicable ({why})"),
            status: Status::NotApplicable,
            items: Vec::new(),
            note: Some(why.to_string()),
            evidence: Vec::new(),
        }
    }

    /// The cell as typed JSON: `value` is `null` unless stated (then an array, empty when the
    /// notice states there is none), and `evidence` the sentences.
    pub(crate) fn to_json(&self, column: &str) -> Value {
        let value = match self.status {
            Status::Stated => Value::Array(
                self.items
                    .iter()
                    .map(|i| {
                        let mut o = Map::new();
                        o.insert("id".into(), json!(i.id));
                        o.insert("label".into(), json!(i.label));
                        o.extend(i.extra.clone());
                        Value::Object(o)
                    })
                    .collect(),
            ),
            _ => Value::Null,
        };
        json!({
            "column": column,
            "status": self.status.as_str(),
            "value": value,
            "note": self.note,
            "text": self.text,
            "evidence": self.evidence.iter().map(Evidence::to_json).collect::<Vec<_>>(),
        })
    }
}

/// Adds `e` unless it is there already.
pub(crate) fn add_evidence(to: &mut Vec<Evidence>, e: Evidence) {
    if !to.contains(&e) {
        to.push(e);
    }
}

/// The evidence of a model [`Source`].
pub(crate) fn evidence(m: &Model, s: &Source) -> Evidence {
    Evidence {
        notice: m.notices[s.notice.ix()].id.clone(),
        quote: m.quote(s).to_string(),
        inferred: None,
    }
}

/// The rows of a query as items: one per distinct `id_col` value (the label from `label_col`,
/// the `(column, key)` pairs of `extra` copied as typed fields), with the evidence of every row.
pub(crate) fn query_items(
    m: &Model,
    text: &str,
    id_col: &str,
    label_col: &str,
    extra: &[(&str, &str)],
) -> Result<(Vec<Item>, Vec<Evidence>), ReportError> {
    let t = query(m, text)?;
    let at = |name: &str| t.columns.iter().position(|c| c == name);
    let (id_i, label_i) = (at(id_col), at(label_col));
    let (notice_i, quote_i) = (at("notice"), at("quote"));
    let (prov_i, note_i) = (at("provenance"), at("note"));
    let mut items: Vec<Item> = Vec::new();
    let mut ev = Vec::new();
    for r in &t.rows {
        let get = |i: Option<usize>| i.and_then(|i| r.get(i)).map(cell_text);
        let id = get(id_i).filter(|s| !s.is_empty());
        let label = get(label_i).unwrap_or_default();
        // An inferred row says so, with the encoder's note when the query shows it.
        let inferred =
            (get(prov_i).as_deref() == Some("inferred")).then(|| get(note_i).unwrap_or_default());
        if let (Some(n), Some(q)) = (get(notice_i), get(quote_i)) {
            add_evidence(
                &mut ev,
                Evidence {
                    notice: n,
                    quote: q,
                    inferred: inferred.clone(),
                },
            );
        }
        if items.iter().any(|i| i.id == id && i.label == label) {
            continue;
        }
        let mut item = Item {
            id,
            label,
            extra: Map::new(),
        };
        for (col, key) in extra {
            if let Some(v) = at(col).and_then(|i| r.get(i)) {
                item.extra.insert((*key).to_string(), v.clone());
            }
        }
        if let Some(note) = inferred {
            item.extra.insert("provenance".into(), json!("inferred"));
            item.extra.insert("note".into(), json!(note));
        }
        items.push(item);
    }
    Ok((items, ev))
}
