//! The Record of Processing Activities (UK GDPR Art. 30) in the layout of the ICO's
//! documentation template for controllers: a header (controller, DPO, representative) and one
//! row per processing activity (a service) with the template's columns in its order.
//!
//! Each cell comes from a query where one can express it (the query is in `docs/reports.md`);
//! a cell the notices do not answer says [`super::NOT_STATED`], never a guess and never a blank.

use super::ReportError;
use crate::model::{Model, OrgIx};
use crate::output::document::{Document, Section};
use crate::output::{Format, Table, render};
use serde_json::{Value, json};

/// The ICO template's columns for one processing activity, in its order.
pub const COLUMNS: [&str; 29] = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations",
    "Retention schedule",
    "General description of technical and organisational security measures",
    "Article 6 lawful basis for processing personal data",
    "Article 9 basis for processing special category data",
    "Legitimate interests for the processing",
    "Link to record of legitimate interests assessment",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "Source of the personal data",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 condition for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "If not, reason for not adhering to policy document",
];

pub use super::ropa_header::HEADER_COLUMNS;

/// Output formats of the ROPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RopaFormat {
    /// Headings and two-column tables, one per activity.
    Markdown,
    /// One self-contained HTML page, readable when printed.
    Html,
    /// One row per activity, the ICO columns in order (pastes into the template).
    Csv,
    /// `{ "org", "controller": [...], "activities": [...] }`.
    Json,
}

impl RopaFormat {
    /// Every format's name, as `--format` takes it.
    pub const NAMES: &'static [&'static str] = &["markdown", "html", "csv", "json"];
}

impl std::str::FromStr for RopaFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "markdown" | "md" => Ok(RopaFormat::Markdown),
            "html" => Ok(RopaFormat::Html),
            "csv" => Ok(RopaFormat::Csv),
            "json" => Ok(RopaFormat::Json),
            _ => Err(format!(
                "unknown format `{s}`: use markdown, html, csv or json"
            )),
        }
    }
}

impl std::fmt::Display for RopaFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(Self::NAMES[*self as usize])
    }
}

/// A Record of Processing Activities.
#[derive(Debug, Clone, PartialEq)]
pub struct Ropa {
    /// The organisation id.
    pub org: String,
    /// The organisation's name.
    pub name: String,
    /// Controller, DPO and representative rows ([`HEADER_COLUMNS`]).
    pub header: Table,
    /// One row per processing activity ([`COLUMNS`]).
    pub activities: Table,
    /// The service id and notice id of each activity row.
    pub sources: Vec<(String, String)>,
}

/// The ROPA of the organisation `org`.
pub fn ropa(model: &Model, org: OrgIx) -> Result<Ropa, ReportError> {
    let o = &model.orgs[org.ix()];
    let mut activities = Table::new("activities", &COLUMNS);
    let mut sources = Vec::new();
    for svc in model.services.iter().filter(|s| s.org == org) {
        activities.rows.push(
            super::ropa_activity::activity(model, svc)?
                .into_iter()
                .map(Value::String)
                .collect(),
        );
        sources.push((svc.id.clone(), model.notices[svc.notice.ix()].id.clone()));
    }
    Ok(Ropa {
        org: o.id.clone(),
        name: o.name.clone(),
        header: super::ropa_header::header(model, org),
        activities,
        sources,
    })
}

impl Ropa {
    /// The record in `format`.
    pub fn render(&self, format: RopaFormat) -> String {
        match format {
            RopaFormat::Csv => render(std::slice::from_ref(&self.activities), Format::Csv, None),
            RopaFormat::Json => {
                let acts: Vec<Value> = self
                    .activities
                    .to_json()
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .zip(&self.sources)
                    .map(|(row, (s, n))| json!({"service": s, "notice": n, "columns": row}))
                    .collect();
                let v = json!({
                    "org": self.org,
                    "name": self.name,
                    "controller": self.header.to_json(),
                    "activities": acts,
                });
                serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
            }
            RopaFormat::Markdown => self.document().markdown(),
            RopaFormat::Html => self.document().html(),
        }
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
