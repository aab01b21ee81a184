//! Steps 5 and 6: risks to individuals, from the model (special category data, children,
//! wide sharing, transfers, automated decisions, no retention period) and from `basis check`'s
//! findings about the service's notice; and a measure suggested for each from documented
//! guidance, with its source. Likelihood, severity and the measures' effect are judgements no
//! notice makes: they stay "to complete".

use super::screening::{Criterion, Screening, Status};
use super::{Answer, TO_COMPLETE};
use crate::check::{self, Finding};
use crate::model::{Category, Model, ServiceIx};
use crate::report::ReportError;
use serde::Serialize;

/// Recipients from which sharing counts as wide: each disclosure is another place the data
/// can be lost or used beyond its purpose.
pub(crate) const WIDE_SHARING: usize = 5;

/// A risk to individuals (step 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Risk {
    /// `R1`, `R2` … in order.
    pub(crate) id: String,
    /// The source of the risk and its possible impact on individuals.
    pub(crate) risk: String,
    /// `model` (from the facts) or `basis check` (a finding).
    pub(crate) origin: &'static str,
    /// The finding's code (`BAS019`), for a risk from `basis check`.
    pub(crate) code: Option<String>,
    /// The facts or finding it rests on, each with its sentence.
    pub(crate) evidence: Vec<Answer>,
    /// Remote, possible or probable: to complete.
    pub(crate) likelihood: String,
    /// Minimal, significant or severe: to complete.
    pub(crate) severity: String,
    /// Low, medium or high: to complete.
    pub(crate) overall: String,
}

/// A measure suggested for a risk (step 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Measure {
    /// The risk it answers.
    pub(crate) risk: String,
    /// What to do: a suggestion, for the author to adopt or not.
    pub(crate) suggestion: String,
    /// The guidance it comes from.
    pub(crate) source: String,
    /// Always `suggestion`: nothing here has been decided.
    pub(crate) status: &'static str,
    /// Eliminated, reduced or accepted: to complete.
    pub(crate) effect: String,
    /// Low, medium or high: to complete.
    pub(crate) residual: String,
    /// Yes or no: to complete.
    pub(crate) approved: String,
}

fn open(what: &str) -> String {
    format!("{TO_COMPLETE}: {what}")
}

/// The findings of `basis check` about the service: those of its notice naming it, and those
/// about its notice as a whole.
pub(crate) fn findings_of(model: &Model, svc: ServiceIx) -> Result<Vec<Finding>, ReportError> {
    let s = &model.services[svc.ix()];
    let notice = &model.notices[s.notice.ix()].id;
    let all = check::check(model, Some(s.org))?;
    Ok(all
        .into_iter()
        .filter(|f| match &f.service {
            Some(list) => list.split(", ").any(|x| x == s.id),
            None => &f.notice == notice,
        })
        .collect())
}

/// The risks of the service and a suggested measure for each.
pub(crate) fn risks(
    model: &Model,
    svc: ServiceIx,
    screening: &Screening,
) -> Result<(Vec<Risk>, Vec<Measure>), ReportError> {
    let mut out = data_risks(model, svc, screening);
    out.extend(sharing_risks(model, svc, screening));
    out.extend(finding_risks(model, svc)?);
    Ok(numbered(out))
}

/// A risk found, with the measure suggested for it and the measure's source.
type Found = (Risk, String, String);

/// A risk not yet numbered, its likelihood, severity and overall rating left to complete.
fn unrated(
    risk: String,
    origin: &'static str,
    code: Option<String>,
    evidence: Vec<Answer>,
) -> Risk {
    Risk {
        id: String::new(),
        risk,
        origin,
        code,
        evidence,
        likelihood: open("remote, possible or probable"),
        severity: open("minimal, significant or severe"),
        overall: open("low, medium or high"),
    }
}

/// A risk the model shows, with its suggested measure.
fn found(risk: String, evidence: Vec<Answer>, suggestion: &str, source: &str) -> Found {
    (
        unrated(risk, "model", None, evidence),
        suggestion.to_string(),
        source.to_string(),
    )
}

/// The risk `risk`, resting on the evidence of the screening criterion `id`, if it is met.
fn when_met(
    screening: &Screening,
    id: &str,
    risk: &str,
    suggestion: &str,
    source: &str,
) -> Option<Found> {
    met(screening, id).map(|c| found(risk.into(), c.evidence.clone(), suggestion, source))
}

/// The screening criterion `id`, if it is met.
fn met<'a>(screening: &'a Screening, id: &str) -> Option<&'a Criterion> {
    screening
        .criteria
        .iter()
        .find(|c| c.id == id && c.status == Status::Met)
}

/// Risks from the data itself: special category, criminal offence, vulnerable people.
fn data_risks(model: &Model, svc: ServiceIx, screening: &Screening) -> Vec<Found> {
    let mut out = Vec::new();
    let s = &model.services[svc.ix()];
    let cats = super::describe::categories(model, svc);
    // The answers of the categories that are of a kind.
    let of_kind = |kind: fn(&Category) -> bool| -> Vec<Answer> {
        s.categories
            .iter()
            .zip(&cats)
            .filter(|(c, _)| kind(&model.vocab.categories[c.value.category.ix()]))
            .map(|(_, a)| a.clone())
            .collect()
    };
    let special = of_kind(|c| c.special);
    let criminal = of_kind(|c| c.criminal);
    if !special.is_empty() {
        out.push(found(
            "Special category data is processed: its loss, disclosure or misuse could cause people serious harm, distress or discrimination".into(),
            special,
            "Rely on an Art. 9(2) condition for each use and, where it is a DPA 2018 Sch. 1 condition, keep an appropriate policy document; restrict access to those who need it and secure the data to the level of the risk",
            "UK GDPR Art. 9(2), Art. 32; DPA 2018 s.10, Sch. 1 paras. 1(1)(b), 5 and Pt. 4; ICO guidance, Special category data",
        ));
    }
    if !criminal.is_empty() {
        out.push(found(
            "Criminal offence data is processed: disclosure could cause people serious harm and stigma".into(),
            criminal,
            "Process it only under official authority or a DPA 2018 Sch. 1 condition (with an appropriate policy document), and restrict access",
            "UK GDPR Art. 10; DPA 2018 s.10(5), s.11(2), Sch. 1 Pts. 1–3; ICO guidance, Criminal offence data",
        ));
    }
    out.extend(when_met(
        screening,
        "wp248-7-vulnerable",
        "The data is about children or other vulnerable people, who are less able to understand or challenge its use and more exposed to harm",
        "Give children specific protection: consider their best interests, tell them in words they understand and set defaults that protect them",
        "UK GDPR Recital 38, Art. 12(1); ICO guidance, Children and the UK GDPR",
    ));
    out
}

/// Risks from where the data goes and how long it stays: wide sharing, transfers, automated
/// decisions, no retention period.
fn sharing_risks(model: &Model, svc: ServiceIx, screening: &Screening) -> Vec<Found> {
    let mut out = Vec::new();
    let s = &model.services[svc.ix()];
    let recipients: Vec<Answer> = model
        .recipient_flows(svc)
        .map(|f| {
            let name = model.parties[f.party.ix()].name.clone();
            Answer::new(model, name, &f.source, f.provenance())
        })
        .collect();
    if recipients.len() >= WIDE_SHARING {
        out.push(found(
            format!(
                "The data is shared with {} recipients: each disclosure is another place it can be lost or used beyond its purpose",
                recipients.len()
            ),
            recipients,
            "Agree what is shared, why and how with each recipient in a data sharing agreement, share the minimum needed and log each disclosure",
            "ICO, Data sharing code of practice (2021; statutory under DPA 2018 s.121)",
        ));
    }
    out.extend(when_met(
        screening,
        "transfers",
        "The data may leave the UK, where UK law's protection may not follow it",
        "Transfer only under UK adequacy regulations or with appropriate safeguards (the IDTA or the Addendum to the EU SCCs) after a transfer risk assessment",
        "UK GDPR Art. 45, 46 (as amended by the Data (Use and Access) Act 2025); ICO guidance, International transfers",
    ));
    out.extend(when_met(
        screening,
        "wp248-2-automated-decision",
        "Decisions may be made about people by automated means, with legal or similarly significant effects",
        "Tell people about the decisions, let them make representations, obtain human intervention and contest the decision",
        "UK GDPR Art. 22A–22D (Data (Use and Access) Act 2025); ICO guidance, Automated decision-making and profiling",
    ));
    if !model.retention.iter().any(|r| r.service == svc) {
        let about = vec![Answer::new(
            model,
            format!("{}: no retention period stated", s.name),
            &s.source,
            crate::model::Provenance::Stated,
        )];
        out.push(found(
            "The notice states no retention period: data may be kept longer than necessary".into(),
            about,
            "Set a retention period for each category of record, delete or anonymise at its end and state it in the notice",
            "UK GDPR Art. 5(1)(e), Art. 13(2)(a), 14(2)(a); ICO guidance, Storage limitation",
        ));
    }
    out
}

/// A risk for each finding of `basis check` on the service's notice.
fn finding_risks(model: &Model, svc: ServiceIx) -> Result<Vec<Found>, ReportError> {
    let mut out = Vec::new();
    for f in findings_of(model, svc)? {
        let rule = check::rule(f.code);
        let title = rule.map(|r| r.title).unwrap_or_default();
        let evidence = Answer {
            answer: format!("{} {} ({})", f.code, f.severity, f.message),
            notice: f.notice.clone(),
            quote: f.quote.clone(),
            provenance: "stated",
        };
        out.push((
            unrated(
                format!("{title}: {}", f.message),
                "basis check",
                Some(f.code.to_string()),
                vec![evidence],
            ),
            f.fix.clone(),
            format!(
                "{} (basis check {}, docs/checks.md)",
                rule.map(|r| r.article).unwrap_or_default(),
                f.code
            ),
        ));
    }
    Ok(out)
}

/// Numbers the risks R1, R2, … and pairs each with its measure.
fn numbered(out: Vec<Found>) -> (Vec<Risk>, Vec<Measure>) {
    let mut risks = Vec::new();
    let mut measures = Vec::new();
    for (i, (mut r, suggestion, source)) in out.into_iter().enumerate() {
        r.id = format!("R{}", i + 1);
        measures.push(Measure {
            risk: r.id.clone(),
            suggestion,
            source,
            status: "suggestion",
            effect: open("eliminated, reduced or accepted"),
            residual: open("low, medium or high"),
            approved: open("yes or no"),
        });
        risks.push(r);
    }
    (risks, measures)
}
