//! A draft Data Protection Impact Assessment (UK GDPR Art. 35) of one service, following the
//! seven steps of the ICO's sample DPIA template: screening, the processing described, the
//! consultation, necessity and proportionality, risks, measures, sign-off.
//!
//! Every pre-filled answer is an [`Answer`]: the text, the notice and the verbatim sentence it
//! rests on, and how firmly the notice says it. What no notice can know (the consultation, the
//! judgements of likelihood and severity, who signs off) is a question whose `to_complete` says
//! what the author must add, never a guess. Screening ([`screening`]) tests each criterion of
//! the ICO's list of processing likely to result in high risk and the nine criteria of WP248
//! rev.01 against the facts; risks come from the model and from `basis check`'s findings
//! ([`risk`]); a proposal's changes are in [`proposal`].

mod describe;
pub(crate) mod proposal;
mod render;
pub(crate) mod risk;
pub(crate) mod screening;

pub(crate) use render::document;

use crate::model::{Model, Provenance, ServiceIx, Source};
use crate::query::names::Lookup;
use crate::query::schema::ValueType;
use crate::report::ReportError;
use serde::Serialize;
use strum::{Display, EnumString, VariantNames};

/// The version of the JSON layout (`schema_version`), raised when a field changes meaning.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// What an answer no notice can give says.
pub(crate) const TO_COMPLETE: &str = "to complete";

/// A pre-filled answer and the sentence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Answer {
    /// The answer, in words.
    pub(crate) answer: String,
    /// The notice id.
    pub(crate) notice: String,
    /// The verbatim sentence of the notice.
    pub(crate) quote: String,
    /// `stated`, `implied` (stated once for the whole notice) or `inferred` (the encoder's
    /// reading).
    pub(crate) provenance: &'static str,
}

impl Answer {
    /// The answer `text` resting on `source`.
    pub(crate) fn new(
        model: &Model,
        text: String,
        source: &Source,
        provenance: Provenance,
    ) -> Answer {
        Answer {
            answer: text,
            notice: model.notices[source.notice.ix()].id.clone(),
            quote: model.quote(source).to_string(),
            provenance: provenance.as_str(),
        }
    }
}

/// A question of the template, its pre-filled answers and what the author must add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Question {
    /// The question as the template asks it.
    pub(crate) question: String,
    /// What the notices say, each with its sentence.
    pub(crate) answers: Vec<Answer>,
    /// What is left for the author ("to complete: …"), or `None` when the notices answer it
    /// as far as a notice can.
    pub(crate) to_complete: Option<String>,
}

impl Question {
    /// A question answered by `answers`; when there are none, `missing` says what to complete.
    pub(crate) fn filled(question: &str, answers: Vec<Answer>, missing: &str) -> Question {
        let to_complete = answers
            .is_empty()
            .then(|| format!("{TO_COMPLETE}: {missing}"));
        Question {
            question: question.into(),
            answers,
            to_complete,
        }
    }

    /// A question no notice can answer.
    pub(crate) fn open(question: &str, what: &str) -> Question {
        Question {
            question: question.into(),
            answers: Vec::new(),
            to_complete: Some(format!("{TO_COMPLETE}: {what}")),
        }
    }
}

/// A titled group of questions (the template's boxes in step 2: nature, scope, context,
/// purposes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Part {
    /// The box's title.
    pub(crate) title: String,
    /// Its questions.
    pub(crate) questions: Vec<Question>,
}

/// Who and what the draft is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Subject {
    /// The organisation (controller) id and name.
    pub(crate) org: String,
    /// Its name.
    pub(crate) org_name: String,
    /// The service (processing activity) id.
    pub(crate) service: String,
    /// Its name.
    pub(crate) service_name: String,
    /// The notice describing it: id, title and where published.
    pub(crate) notice: String,
    /// The notice's title.
    pub(crate) notice_title: String,
    /// Where it is published, when known.
    pub(crate) notice_url: Option<String>,
}

/// A DPIA draft of one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Dpia {
    /// [`SCHEMA_VERSION`].
    pub(crate) schema_version: u32,
    /// The controller, service and notice.
    pub(crate) about: Subject,
    /// What a proposal changes, when the draft is of one.
    pub(crate) proposal: Option<proposal::Changes>,
    /// Step 1: screening.
    pub(crate) screening: screening::Screening,
    /// Step 2: the processing described (nature, scope, context, purposes).
    pub(crate) processing: Vec<Part>,
    /// Step 3: consultation.
    pub(crate) consultation: Vec<Question>,
    /// Step 4: necessity and proportionality.
    pub(crate) necessity: Vec<Question>,
    /// Step 5: risks.
    pub(crate) risks: Vec<risk::Risk>,
    /// Step 6: measures suggested for them.
    pub(crate) measures: Vec<risk::Measure>,
    /// Step 7: sign-off and outcomes.
    pub(crate) sign_off: Vec<Question>,
}

/// The service `id` of the organisation `org` (any case), or an error with the nearest id.
pub(crate) fn find_service(model: &Model, org: &str, id: &str) -> Result<ServiceIx, ReportError> {
    let o = crate::report::find_org(model, org)?;
    let of_org = |i: &usize| model.services[*i].org == o;
    let found = (0..model.services.len())
        .filter(of_org)
        .find(|i| model.services[*i].id.eq_ignore_ascii_case(id));
    if let Some(i) = found {
        return Ok(ServiceIx(i as u32));
    }
    let mut ids: Vec<&str> = (0..model.services.len())
        .filter(of_org)
        .map(|i| model.services[i].id.as_str())
        .collect();
    ids.sort();
    let near = ids
        .iter()
        .map(|k| (strsim::levenshtein(k, &id.to_lowercase()), *k))
        .min()
        .map(|(_, k)| k.to_string())
        .or_else(|| Lookup::new(model).suggest(ValueType::Service, &id.to_lowercase()));
    Err(ReportError::UnknownService {
        id: id.to_string(),
        org: model.orgs[o.ix()].id.clone(),
        suggestion: near,
    })
}

/// The DPIA draft of the service `svc`.
pub(crate) fn draft(model: &Model, svc: ServiceIx) -> Result<Dpia, ReportError> {
    let s = &model.services[svc.ix()];
    let o = &model.orgs[s.org.ix()];
    let n = &model.notices[s.notice.ix()];
    let screening = screening::screen(model, svc);
    let (risks, measures) = risk::risks(model, svc, &screening)?;
    Ok(Dpia {
        schema_version: SCHEMA_VERSION,
        about: Subject {
            org: o.id.clone(),
            org_name: o.name.clone(),
            service: s.id.clone(),
            service_name: s.name.clone(),
            notice: n.id.clone(),
            notice_title: n.title.clone(),
            notice_url: n.url.clone(),
        },
        proposal: None,
        screening,
        processing: describe::processing(model, svc),
        consultation: describe::consultation(),
        necessity: describe::necessity(model, svc),
        risks,
        measures,
        sign_off: describe::sign_off(),
    })
}

/// The draft as JSON (pretty, with `schema_version`).
pub(crate) fn json(dpia: &Dpia) -> String {
    serde_json::to_string_pretty(dpia).unwrap_or_default() + "\n"
}

/// Output formats of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[strum(parse_err_ty = String, parse_err_fn = unknown_format)]
pub(crate) enum DpiaFormat {
    /// Headings and tables, for reading and for pasting into a document.
    #[strum(to_string = "markdown", serialize = "md")]
    Markdown,
    /// One self-contained HTML page, readable when printed.
    Html,
    /// Typed, with `schema_version`, for scripts.
    Json,
    /// A Word document (needs `-o FILE`), to edit as the ICO's template is edited.
    Docx,
}

fn unknown_format(s: &str) -> String {
    crate::diagnostic::unknown_word("format", s, DpiaFormat::VARIANTS)
}

/// The draft in `format`, as bytes (a Word document is binary).
pub(crate) fn write(dpia: &Dpia, format: DpiaFormat) -> Result<Vec<u8>, String> {
    Ok(match format {
        DpiaFormat::Markdown => document(dpia).markdown().into_bytes(),
        DpiaFormat::Html => document(dpia).html().into_bytes(),
        DpiaFormat::Json => json(dpia).into_bytes(),
        DpiaFormat::Docx => crate::output::docx::docx(&document(dpia))?,
    })
}
