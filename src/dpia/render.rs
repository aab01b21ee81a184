//! The draft as a [`Document`] of the template's steps, which the output layer writes as
//! Markdown, HTML or a Word document: one table per step (step 2 one per box), every
//! pre-filled answer beside its notice, sentence and provenance.

use super::proposal::Changes;
use super::risk::{Measure, Risk};
use super::screening::Screening;
use super::{Answer, Dpia, Question};
use crate::output::Table;
use crate::output::document::{Document, Section};
use serde_json::{Value, json};

/// The headings of the ICO template's seven steps, in order.
pub(crate) const STEP_HEADINGS: [&str; 7] = [
    "Step 1: Identify the need for a DPIA",
    "Step 2: Describe the processing",
    "Step 3: Consultation process",
    "Step 4: Assess necessity and proportionality",
    "Step 5: Identify and assess risks",
    "Step 6: Identify measures to reduce risk",
    "Step 7: Sign off and record outcomes",
];

/// One answer's sentence, for a cell: `answer: “quote” (notice)`.
fn cited(a: &Answer) -> String {
    format!(
        "{}: “{}” ({}, {})",
        a.answer, a.quote, a.notice, a.provenance
    )
}

/// The sentences of a criterion's or a risk's evidence, for one cell.
fn evidence_cell(evidence: &[Answer]) -> Value {
    let cited: Vec<String> = evidence.iter().map(cited).collect();
    json!(cited.join(" · "))
}

/// A table of questions: one row per answer, the question on its first; "to complete" last.
fn questions(name: &str, qs: &[Question]) -> Table {
    let mut t = Table::new(
        name,
        &["question", "answer", "notice", "quote", "provenance"],
    );
    for q in qs {
        let mut first = true;
        let mut ask = || {
            let cell = if first {
                q.question.clone()
            } else {
                String::new()
            };
            first = false;
            json!(cell)
        };
        for a in &q.answers {
            t.rows.push(vec![
                ask(),
                json!(a.answer),
                json!(a.notice),
                json!(a.quote),
                json!(a.provenance),
            ]);
        }
        if let Some(open) = &q.to_complete {
            t.rows
                .push(vec![ask(), json!(open), json!(""), json!(""), json!("")]);
        }
    }
    t
}

fn section(heading: &str, table: Table) -> Section {
    Section {
        heading: heading.to_string(),
        table,
    }
}

fn opt(v: &Option<String>) -> Value {
    json!(v.clone().unwrap_or_default())
}

/// The draft as a document of titled tables.
pub(crate) fn document(d: &Dpia) -> Document {
    let a = &d.about;
    let mut intro = vec![
        format!(
            "Draft DPIA of “{}” ({}), a processing activity of {} ({}), pre-filled from its privacy notice “{}” ({}){}.",
            a.service_name,
            a.service,
            a.org_name,
            a.org,
            a.notice_title,
            a.notice,
            a.notice_url
                .as_ref()
                .map(|u| format!(", {u}"))
                .unwrap_or_default()
        ),
        "Every pre-filled answer gives the notice and the sentence it rests on; “to complete” marks what no notice can know. Measures are suggestions from the guidance cited, not decisions. Template: ICO, Sample DPIA template; law: UK GDPR Art. 35.".into(),
    ];
    let mut sections = Vec::new();
    if let Some(p) = &d.proposal {
        intro.push(format!(
            "This draft is of a proposal ({}), laid over the published notices: its changes come first.",
            p.file
        ));
        sections.extend(proposal_sections(p));
    }
    sections.extend(screening_sections(&d.screening));
    for p in &d.processing {
        let heading = format!("{}: {}", STEP_HEADINGS[1], p.title.to_lowercase());
        sections.push(section(&heading, questions("processing", &p.questions)));
    }
    sections.push(section(
        STEP_HEADINGS[2],
        questions("consultation", &d.consultation),
    ));
    sections.push(section(
        STEP_HEADINGS[3],
        questions("necessity", &d.necessity),
    ));
    sections.push(section(STEP_HEADINGS[4], risks_table(&d.risks)));
    sections.push(section(STEP_HEADINGS[5], measures_table(&d.measures)));
    sections.push(section(
        STEP_HEADINGS[6],
        questions("sign-off", &d.sign_off),
    ));
    Document {
        title: format!(
            "Data protection impact assessment (draft): {}",
            a.service_name
        ),
        intro,
        sections,
    }
}

/// The sections showing what a proposal changes: facts, ROPA rows and check findings.
fn proposal_sections(p: &Changes) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut t = Table::new(
        "facts",
        &[
            "change", "org", "service", "kind", "fact", "was", "now", "quote",
        ],
    );
    for f in &p.facts {
        t.rows.push(vec![
            json!(f.change),
            json!(f.org),
            json!(f.service),
            json!(f.kind),
            json!(f.fact),
            opt(&f.was),
            opt(&f.now),
            json!(f.quote),
        ]);
    }
    sections.push(section("Proposal: facts added, removed or changed", t));
    let mut t = Table::new("ropa", &["change", "service", "column", "was", "now"]);
    for r in &p.ropa {
        t.rows.push(vec![
            json!(r.change),
            json!(r.service),
            json!(r.column),
            opt(&r.was),
            json!(r.now),
        ]);
    }
    sections.push(section("Proposal: ROPA rows added or changed", t));
    let mut t = Table::new(
        "findings",
        &["change", "code", "severity", "notice", "message", "quote"],
    );
    for f in &p.findings {
        t.rows.push(vec![
            json!(f.change),
            json!(f.code),
            json!(f.severity),
            json!(f.notice),
            json!(f.message),
            json!(f.quote),
        ]);
    }
    sections.push(section("Proposal: check findings added or cleared", t));
    sections
}

/// Step 1: the criteria, then the conclusion.
fn screening_sections(screening: &Screening) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut t = Table::new(
        "screening",
        &["criterion", "source", "status", "why", "evidence"],
    );
    for c in &screening.criteria {
        let mut source = c.source.to_string();
        if c.with_wp248 {
            source.push_str(" (with a WP248 criterion)");
        }
        t.rows.push(vec![
            json!(c.name),
            json!(source),
            json!(c.status.as_str()),
            json!(c.reason),
            evidence_cell(&c.evidence),
        ]);
    }
    sections.push(section(STEP_HEADINGS[0], t));
    let mut t = Table::new("conclusion", &["DPIA", "why"]);
    for r in &screening.conclusion.reasons {
        t.rows
            .push(vec![json!(screening.conclusion.decision), json!(r)]);
    }
    sections.push(section("Step 1: Is a DPIA required?", t));
    sections
}

/// Step 5: the risks, with the judgements left to the author.
fn risks_table(risks: &[Risk]) -> Table {
    let mut t = Table::new(
        "risks",
        &[
            "risk",
            "source of risk and impact on individuals",
            "origin",
            "evidence",
            "likelihood of harm",
            "severity of harm",
            "overall risk",
        ],
    );
    for r in risks {
        let origin = match &r.code {
            Some(c) => format!("{} {c}", r.origin),
            None => r.origin.to_string(),
        };
        t.rows.push(vec![
            json!(r.id),
            json!(r.risk),
            json!(origin),
            evidence_cell(&r.evidence),
            json!(r.likelihood),
            json!(r.severity),
            json!(r.overall),
        ]);
    }
    t
}

/// Step 6: the measures suggested, each with its source.
fn measures_table(measures: &[Measure]) -> Table {
    let mut t = Table::new(
        "measures",
        &[
            "risk",
            "options to reduce or eliminate risk",
            "source",
            "status",
            "effect on risk",
            "residual risk",
            "measure approved",
        ],
    );
    for m in measures {
        t.rows.push(vec![
            json!(m.risk),
            json!(m.suggestion),
            json!(m.source),
            json!(m.status),
            json!(m.effect),
            json!(m.residual),
            json!(m.approved),
        ]);
    }
    t
}
