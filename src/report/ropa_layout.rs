//! The ICO controller template's layout — its 30 headings and their letters, the row they sit
//! in, the contact block above them — and the record laid out in it, as rows of text that the
//! CSV and the workbook both write.

use super::ropa_cell::Cell;
use super::ropa_header::{HEADER_COLUMNS, ROLES};
use crate::output::Table;

/// The ICO controller template's 30 column headings (sheet `Template`, row 9, columns A to AD),
/// in its order and wording: the headings of `super::ropa_activity::ACTIVITY`, where each
/// stands beside the function that makes its cell.
pub const COLUMNS: [&str; 30] = headings();

const fn headings() -> [&'static str; 30] {
    let mut out = [""; 30];
    let mut i = 0;
    while i < out.len() {
        out[i] = super::ropa_activity::ACTIVITY[i].heading;
        i += 1;
    }
    out
}

/// The template's column letters, A to AD, one per [`COLUMNS`] entry.
pub(crate) const LETTERS: [&str; 30] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U", "V", "W", "X", "Y", "Z", "AA", "AB", "AC", "AD",
];

/// The row of the template's sheet that holds [`COLUMNS`] (1-based); activities follow it.
pub const HEADING_ROW: usize = 9;

/// The key columns before [`COLUMNS`] in a register across organisations (`--org all`).
pub(crate) const KEY_COLUMNS: [&str; 2] = ["org", "service"];

/// A Record of Processing Activities of one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Ropa {
    /// The organisation id.
    pub org: String,
    /// The organisation's name.
    pub name: String,
    /// Controller, DPO and representative rows (`HEADER_COLUMNS`).
    pub header: Table,
    /// The same as cells: for each of `ROLES`, name, address, email and telephone.
    pub contacts: Vec<[Cell; 4]>,
    /// One row per processing activity ([`COLUMNS`]), the cells' texts.
    pub activities: Table,
    /// One row per processing activity, the cells themselves.
    pub cells: Vec<Vec<Cell>>,
    /// The service id and notice id of each activity row.
    pub sources: Vec<(String, String)>,
    /// The title of each activity's notice.
    pub notice_titles: Vec<String>,
}

/// One register across organisations: [`KEY_COLUMNS`] then [`COLUMNS`], a heading row first.
pub(crate) fn register(records: &[Ropa]) -> Vec<Vec<String>> {
    let mut grid = vec![
        KEY_COLUMNS
            .iter()
            .chain(COLUMNS.iter())
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    ];
    for r in records {
        for (row, (svc, _)) in r.cells.iter().zip(&r.sources) {
            let mut line = vec![r.org.clone(), svc.clone()];
            line.extend(row.iter().map(|c| c.text.clone()));
            grid.push(line);
        }
    }
    grid
}

impl Ropa {
    /// The template's sheet as rows of 30 cells: the contact block in rows 1–6 (a title, a
    /// blank row, the labels Name, Address, Email, Telephone, then controller, DPO and
    /// representative), blank rows 7–8, the [`COLUMNS`] in row [`HEADING_ROW`], one activity a
    /// row after it.
    pub(crate) fn grid(&self) -> Vec<Vec<String>> {
        let pad = |mut r: Vec<String>| {
            r.resize(COLUMNS.len(), String::new());
            r
        };
        let mut g = vec![
            pad(vec![
                "Record of processing activities (UK GDPR Art. 30)".into(),
                self.name.clone(),
            ]),
            pad(Vec::new()),
            pad(HEADER_COLUMNS.iter().map(|s| s.to_string()).collect()),
        ];
        for (role, row) in ROLES.iter().zip(&self.contacts) {
            let mut r = vec![role.to_string()];
            r.extend(row.iter().map(|c| c.text.clone()));
            g.push(pad(r));
        }
        while g.len() < HEADING_ROW - 1 {
            g.push(pad(Vec::new()));
        }
        g.push(COLUMNS.iter().map(|s| s.to_string()).collect());
        for row in &self.cells {
            g.push(row.iter().map(|c| c.text.clone()).collect());
        }
        g
    }
}
