//! The Record of Processing Activities (UK GDPR Art. 30) in the layout of the ICO's
//! documentation template for controllers: a header (controller, DPO, representative) and one
//! row per processing activity (a service) with the template's columns in its order.
//!
//! Each cell comes from a query where one can express it (the query is in `docs/reports.md`);
//! a cell the notices do not answer says [`super::NOT_STATED`], never a guess and never a blank.

use super::ReportError;
use crate::model::{Model, OrgIx};
use crate::output::Table;
use crate::output::document::{Document, Section};
use serde_json::{Value, json};
use strum::{Display, EnumString, VariantNames};

pub(crate) use super::ropa_layout::{COLUMNS, Ropa, register};

/// Output formats of the ROPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[strum(parse_err_ty = String, parse_err_fn = unknown_format)]
pub enum RopaFormat {
    /// Headings and two-column tables, one per activity.
    #[strum(to_string = "markdown", serialize = "md")]
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

fn unknown_format(s: &str) -> String {
    crate::diagnostic::unknown_word("format", s, RopaFormat::VARIANTS)
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
pub(crate) fn ropa_all(model: &Model) -> Result<Vec<Ropa>, ReportError> {
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
    /// The record in `format` (a workbook is binary: see `write`).
    pub fn render(&self, format: RopaFormat) -> String {
        let bytes = write(std::slice::from_ref(self), format, RenderOptions::default());
        String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
    }

    /// The record as a document: the header, then one two-column table per activity.
    pub(crate) fn document(&self) -> Document {
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
