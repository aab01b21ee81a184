//! The Record of Processing Activities (UK GDPR Art. 30) in the layout of the ICO's
//! documentation template for controllers: a header (controller, DPO, representative) and one
//! row per processing activity (a service) with the template's columns in its order.
//!
//! Each cell comes from a query where one can express it (the query is in `docs/reports.md`);
//! a cell the notices do not answer says [`NOT_STATED`], never a guess and never a blank.

use super::{NOT_STATED, ReportError, or_not_stated, query, values};
use crate::engine::value::period_text;
use crate::model::{Model, OrgIx, Period, Service, Stance, Trigger};
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

/// The columns of the header: who the controller, DPO and representative are.
pub const HEADER_COLUMNS: [&str; 5] = ["Role", "Name", "Address", "Email", "Telephone"];

/// Output formats of the ROPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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
            activity(model, svc)?
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

/// The 29 cells of one activity.
fn activity(m: &Model, svc: &Service) -> Result<Vec<String>, ReportError> {
    let v = &m.vocab;
    let q = |text: &str, col: &str| values(m, &text.replace("{s}", &svc.id), col);
    let ns = || NOT_STATED.to_string();
    let na = |why: &str| format!("not applicable ({why})");
    let basis_ids: Vec<&str> = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .map(|b| v.bases[b.ix()].id.as_str())
        .collect();
    let relies = |id: &str| basis_ids.contains(&id);

    let categories = {
        let t = query(
            m,
            &format!(
                "categories where service = {} show name, special, criminal",
                svc.id
            ),
        )?;
        let mut out: Vec<String> = Vec::new();
        for r in &t.rows {
            let mut s = crate::output::cell_text(&r[0]);
            if r[1] == json!(true) {
                s.push_str(" (special category)");
            }
            if r[2] == json!(true) {
                s.push_str(" (criminal offence)");
            }
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    };
    let special = categories.iter().any(|c| c.contains("(special category)"));
    let criminal = categories.iter().any(|c| c.contains("(criminal offence)"));

    let recipients = {
        let t = query(
            m,
            &format!(
                "recipients where service = {} show party.type, name",
                svc.id
            ),
        )?;
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for r in &t.rows {
            let (ty, name) = (
                crate::output::cell_text(&r[0]),
                crate::output::cell_text(&r[1]),
            );
            match groups.iter_mut().find(|g| g.0 == ty) {
                Some(g) => {
                    if !g.1.contains(&name) {
                        g.1.push(name)
                    }
                }
                None => groups.push((ty, vec![name])),
            }
        }
        groups
            .into_iter()
            .map(|(t, ns)| format!("{t}: {}", ns.join(", ")))
            .collect::<Vec<_>>()
    };

    let cite = |col: &str| -> Result<Vec<String>, ReportError> {
        let t = query(
            m,
            &format!(
                "bases where service = {} and basis in {col} show basis, name",
                svc.id
            ),
        )?;
        Ok(t.rows
            .iter()
            .map(|r| {
                format!(
                    "{} ({})",
                    crate::output::cell_text(&r[0]),
                    crate::output::cell_text(&r[1])
                )
            })
            .collect())
    };
    let mut art6 = cite("art 6")?;
    let mut art9 = cite("art 9")?;
    for b in svc.bases.iter().filter(|b| b.value.basis.is_none()) {
        let repeats_art6 = svc.bases.iter().any(|o| {
            o.value
                .basis
                .is_some_and(|i| v.bases[i.ix()].article == Some(6))
                && o.value.cited == b.value.cited
        });
        let text = format!("as cited, matching no basis: “{}”", b.value.cited);
        if repeats_art6 && !art9.is_empty() {
            art9.push(text)
        } else {
            art6.push(text)
        }
    }
    let sch1 = cite("sch 1")?;

    let transfers = &svc.transfers;
    let countries = match transfers
        .first()
        .map(|t| (t.value.stance, &t.value.destination))
    {
        None => ns(),
        Some((Stance::None, _)) => format!("none (the notice: “{}”)", transfers[0].source.quote),
        Some((Stance::NotAnswered, _)) => format!(
            "{NOT_STATED} (the question “{}” is left unanswered)",
            transfers[0].source.quote
        ),
        Some((_, Some(d))) => d.clone(),
        Some(_) => format!(
            "{NOT_STATED} (the notice says transfers may happen: “{}”)",
            transfers[0].source.quote
        ),
    };
    let safeguards = match transfers.first() {
        Some(t) if t.value.stance == Stance::None => na("no transfers"),
        Some(t) => t.value.safeguards.clone().unwrap_or_else(ns),
        None => ns(),
    };

    let rules: Vec<_> = m
        .retention
        .iter()
        .filter(|r| m.services[r.service.ix()].id == svc.id)
        .collect();
    let retention: Vec<String> = rules
        .iter()
        .map(|r| {
            let scope = r.condition.clone().unwrap_or_else(|| "all records".into());
            let from = match (&r.period, r.trigger) {
                (Period::Schedule(_) | Period::Indefinite | Period::UntilAge(_), _) => {
                    String::new()
                }
                (_, Trigger::NotStated) => ", start not stated".into(),
                (_, t) => format!(", from {}", t.as_str()),
            };
            format!("{scope}: {}{from}", period_text(&r.period))
        })
        .collect();
    let policy = rules
        .iter()
        .find_map(|r| match &r.period {
            Period::Schedule(s) => Some(format!("{NOT_STATED} (the notice refers to its {s})")),
            _ => None,
        })
        .unwrap_or_else(ns);

    let rights: Vec<String> = svc
        .rights
        .iter()
        .map(|r| v.rights[r.value.ix()].name.clone())
        .collect();
    let automated = match svc.automated.first().map(|a| a.value) {
        Some(Stance::None) => "No".to_string(),
        Some(Stance::Used | Stance::Possible) => "Yes".to_string(),
        Some(Stance::NotAnswered) => format!("{NOT_STATED} (question left unanswered)"),
        None => ns(),
    };
    let li = if relies("a6-1-f") {
        svc.bases
            .iter()
            .find(|b| {
                b.value
                    .basis
                    .is_some_and(|i| v.bases[i.ix()].id == "a6-1-f")
            })
            .map_or_else(ns, |b| {
                format!("as the notice words it: “{}”", b.value.cited)
            })
    } else {
        na("Art. 6(1)(f) not relied on")
    };
    let lia = if relies("a6-1-f") {
        ns()
    } else {
        na("Art. 6(1)(f) not relied on")
    };
    let consent = if relies("a6-1-a") || relies("a9-2-a") {
        ns()
    } else {
        na("consent not relied on")
    };
    let art9_cell = if !art9.is_empty() {
        art9.join("; ")
    } else if special {
        ns()
    } else {
        na("no special category data")
    };
    // Schedule 1 is needed for criminal-offence data and for the Art. 9 conditions that
    // DPA 2018 s.10 ties to it; not for, say, explicit consent alone.
    let art9_needs_sch1 = svc.bases.iter().filter_map(|b| b.value.basis).any(|b| {
        let b = &v.bases[b.ix()];
        b.article == Some(9) && b.requires_one_of.is_some()
    });
    let sch1_cell = if !sch1.is_empty() {
        sch1.join("; ")
    } else if criminal || art9_needs_sch1 || (special && art9.is_empty()) {
        ns()
    } else if special {
        na("the Art. 9 conditions relied on need no Schedule 1 condition")
    } else {
        na("no special category or criminal-offence data")
    };

    Ok(vec![
        svc.name.clone(),
        or_not_stated(&q("purposes where service = {s} show name", "name")?),
        ns(),
        or_not_stated(&q("subjects where service = {s} show name", "name")?),
        or_not_stated(&categories),
        or_not_stated(&recipients),
        ns(),
        countries,
        safeguards,
        or_not_stated(&retention),
        or_not_stated(
            &svc.security
                .iter()
                .map(|s| s.value.clone())
                .collect::<Vec<_>>(),
        ),
        or_not_stated(&art6),
        art9_cell,
        li,
        lia,
        or_not_stated(&rights),
        automated,
        or_not_stated(&q("sources where service = {s} show name", "name")?),
        consent,
        or_not_stated(&q("systems where service = {s} show name", "name")?),
        ns(),
        ns(),
        ns(),
        ns(),
        ns(),
        sch1_cell,
        policy,
        ns(),
        ns(),
    ])
}
