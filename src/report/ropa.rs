//! The Record of Processing Activities (UK GDPR Art. 30) in the layout of the ICO's
//! documentation template for controllers: a header (controller, DPO, representative) and one
//! row per processing activity (a service) with the template's columns in its order.
//!
//! Each cell comes from a query where one can express it (the query is in `docs/reports.md`);
//! a cell the notices do not answer says [`super::NOT_STATED`], never a guess and never a blank.

use super::ReportError;
use super::ropa_cell::Cell;
use crate::model::{Model, OrgIx};
use crate::output::Table;
use crate::output::document::{Document, Section};
use serde_json::{Value, json};

/// The ICO controller template's 30 column headings (sheet `Template`, row 9, columns A to AD),
/// in its order and wording.
pub const COLUMNS: [&str; 30] = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 Condition for processing",
    "GDPR Article 6 lawful basis for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering to policy document (if applicable)",
];

/// The template's column letters, A to AD, one per [`COLUMNS`] entry.
pub const LETTERS: [&str; 30] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S",
    "T", "U", "V", "W", "X", "Y", "Z", "AA", "AB", "AC", "AD",
];

/// The row of the template's sheet that holds [`COLUMNS`] (1-based); activities follow it.
pub const HEADING_ROW: usize = 9;

/// The key columns before [`COLUMNS`] in a register across organisations (`--org all`).
pub const KEY_COLUMNS: [&str; 2] = ["org", "service"];

pub use super::ropa_header::{HEADER_COLUMNS, ROLES};

/// Output formats of the ROPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RopaFormat {
    /// Headings and two-column tables, one per activity.
    Markdown,
    /// One self-contained HTML page, readable when printed.
    Html,
    /// The template's sheet: the contact block, then the 30 columns from row 9.
    Csv,
    /// Typed: ids with labels, arrays, `null` for not stated, evidence on every cell.
    Json,
    /// A workbook laid out like the ICO template (needs `-o FILE`).
    Xlsx,
}

impl RopaFormat {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &'static [&'static str] = &["markdown", "html", "csv", "json", "xlsx"];
}

impl std::str::FromStr for RopaFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "markdown" | "md" => Ok(RopaFormat::Markdown),
            "html" => Ok(RopaFormat::Html),
            "csv" => Ok(RopaFormat::Csv),
            "json" => Ok(RopaFormat::Json),
            "xlsx" => Ok(RopaFormat::Xlsx),
            _ => Err(format!(
                "unknown format `{s}`: use markdown, html, csv, json or xlsx"
            )),
        }
    }
}

impl std::fmt::Display for RopaFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(Self::NAMES[*self as usize])
    }
}

/// A Record of Processing Activities of one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Ropa {
    /// The organisation id.
    pub org: String,
    /// The organisation's name.
    pub name: String,
    /// Controller, DPO and representative rows ([`HEADER_COLUMNS`]).
    pub header: Table,
    /// The same as cells: for each of [`ROLES`], name, address, email and telephone.
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

/// The ROPA of the organisation `org`.
pub fn ropa(model: &Model, org: OrgIx) -> Result<Ropa, ReportError> {
    let o = &model.orgs[org.ix()];
    let mut activities = Table::new("activities", &COLUMNS);
    let mut cells = Vec::new();
    let mut sources = Vec::new();
    let mut notice_titles = Vec::new();
    for svc in model.services.iter().filter(|s| s.org == org) {
        let row = super::ropa_activity::activity(model, svc)?;
        activities
            .rows
            .push(row.iter().map(|c| Value::String(c.text.clone())).collect());
        cells.push(row);
        let notice = &model.notices[svc.notice.ix()];
        sources.push((svc.id.clone(), notice.id.clone()));
        notice_titles.push(notice.title.clone());
    }
    let contacts = super::ropa_header::header_cells(model, org);
    Ok(Ropa {
        org: o.id.clone(),
        name: o.name.clone(),
        header: super::ropa_header::header_table(&contacts),
        contacts,
        activities,
        cells,
        sources,
        notice_titles,
    })
}

/// The ROPA of every organisation, in dataset order.
pub fn ropa_all(model: &Model) -> Result<Vec<Ropa>, ReportError> {
    (0..model.orgs.len())
        .map(|i| ropa(model, OrgIx(i as u32)))
        .collect()
}

/// How a register is written: `--org all` keys its rows; `--bom` starts a CSV with U+FEFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    /// One register across organisations: `org` and `service` key columns, no contact block.
    pub keyed: bool,
    /// Start the CSV with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.
    pub bom: bool,
}

/// The records in `format`, as bytes (a workbook is binary).
pub fn write(records: &[Ropa], format: RopaFormat, opts: RenderOptions) -> Result<Vec<u8>, String> {
    let text = match (format, records) {
        (RopaFormat::Xlsx, _) => return super::ropa_xlsx::workbook(records, opts.keyed),
        (RopaFormat::Json, _) => super::ropa_json::json(records),
        (RopaFormat::Csv, [one]) if !opts.keyed => csv_grid(&one.grid()),
        (RopaFormat::Csv, _) => csv_grid(&register(records)),
        (RopaFormat::Markdown, [one]) => one.document().markdown(),
        (RopaFormat::Html, [one]) => one.document().html(),
        (RopaFormat::Markdown | RopaFormat::Html, _) => {
            let doc = Document {
                title: "Records of processing activities".into(),
                intro: records
                    .first()
                    .map(|r| r.document().intro)
                    .unwrap_or_default(),
                sections: records
                    .iter()
                    .flat_map(|r| {
                        r.document().sections.into_iter().map(|mut s| {
                            s.heading = format!("{}: {}", r.name, s.heading);
                            s
                        })
                    })
                    .collect(),
            };
            if format == RopaFormat::Html {
                doc.html()
            } else {
                doc.markdown()
            }
        }
    };
    let mut out = Vec::with_capacity(text.len() + 3);
    if opts.bom && format == RopaFormat::Csv {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    Ok(out)
}

/// One register across organisations: [`KEY_COLUMNS`] then [`COLUMNS`], a heading row first.
pub fn register(records: &[Ropa]) -> Vec<Vec<String>> {
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

/// Rows as CSV (RFC 4180 quoting).
fn csv_grid(grid: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in grid {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

impl Ropa {
    /// The record in `format` (a workbook is binary: see [`write`]).
    pub fn render(&self, format: RopaFormat) -> String {
        let bytes = write(std::slice::from_ref(self), format, RenderOptions::default());
        String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
    }

    /// The template's sheet as rows of 30 cells: the contact block in rows 1–6 (a title, a
    /// blank row, the labels Name, Address, Email, Telephone, then controller, DPO and
    /// representative), blank rows 7–8, the [`COLUMNS`] in row [`HEADING_ROW`], one activity a
    /// row after it.
    pub fn grid(&self) -> Vec<Vec<String>> {
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

    /// The record as a document: the header, then one two-column table per activity.
    pub fn document(&self) -> Document {
        let mut sections = vec![Section {
            heading: "Controller, data protection officer and representative".into(),
            table: self.header.clone(),
        }];
        for (row, (svc, notice)) in self.activities.rows.iter().zip(&self.sources) {
            let mut t = Table::new(svc, &["ICO column", "Entry"]);
            for (c, v) in COLUMNS.iter().zip(row) {
                t.rows.push(vec![json!(c), v.clone()]);
            }
            let name = row
                .first()
                .map(crate::output::cell_text)
                .unwrap_or_default();
            sections.push(Section {
                heading: format!("Processing activity: {name} ({svc}; notice {notice})"),
                table: t,
            });
        }
        Document {
            title: format!("Record of processing activities: {}", self.name),
            intro: vec![
                "UK GDPR Article 30 record in the layout of the ICO documentation template for controllers, drawn from the organisation's published privacy notices by basis. “not stated” marks what the notices do not say.".into(),
            ],
            sections,
        }
    }
}
