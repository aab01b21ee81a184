//! Step 1: does the processing need a DPIA? Each criterion of UK GDPR Art. 35(3), of the ICO's
//! list of processing likely to result in high risk (made under Art. 35(4)) and of the nine
//! criteria of the Article 29 Working Party's DPIA guidelines (WP248 rev.01, endorsed by the
//! EDPB) is met, not met or unknown, with the facts and sentences that decide it.
//!
//! A criterion is *not met* only where the notice's facts settle it (it lists the categories
//! collected and none is special; it says no automated decisions are made); silence is
//! *unknown*, for the author to decide.

use super::Answer;
use super::describe::vulnerable_subjects;
use crate::model::{Direction, Model, ServiceIx, Stance};
use serde::Serialize;

/// Where a criterion comes from.
pub(crate) const ART_35_3: &str = "UK GDPR Art. 35(3)";
/// The ICO's list of processing operations likely to result in high risk (Art. 35(4)).
pub(crate) const ICO_LIST: &str = "ICO list of processing likely to result in high risk";
/// The nine criteria of WP248 rev.01 (Article 29 Working Party, Guidelines on DPIA, endorsed
/// by the EDPB on 25 May 2018), section III.B.a.
pub(crate) const WP248: &str = "WP248 rev.01";

/// Whether the facts meet a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Status {
    /// The facts meet it.
    #[serde(rename = "met")]
    Met,
    /// The facts settle that it is not met.
    #[serde(rename = "not met")]
    NotMet,
    /// The notice does not say: the author decides.
    #[serde(rename = "unknown")]
    Unknown,
}

impl Status {
    /// `met`, `not met`, `unknown`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::Unknown => "unknown",
        }
    }
}

/// One screening criterion and how the facts answer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Criterion {
    /// [`ART_35_3`], [`ICO_LIST`] or [`WP248`].
    pub(crate) source: &'static str,
    /// A stable id (`wp248-4-sensitive`).
    pub(crate) id: &'static str,
    /// Its name as the source words it.
    pub(crate) name: &'static str,
    /// Met, not met or unknown.
    pub(crate) status: Status,
    /// Why, in words.
    pub(crate) reason: String,
    /// The facts that decide it, each with its sentence.
    pub(crate) evidence: Vec<Answer>,
    /// For an ICO list item: a DPIA is required only in combination with a WP248 criterion.
    pub(crate) with_wp248: bool,
}

/// Whether a DPIA is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Conclusion {
    /// `required`, or `to decide` when no rule settles it.
    pub(crate) decision: &'static str,
    /// The rules that decide it, each with its source.
    pub(crate) reasons: Vec<String>,
}

/// Step 1 of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Screening {
    /// Every criterion, Art. 35(3) first, then the ICO list, then WP248.
    pub(crate) criteria: Vec<Criterion>,
    /// Whether a DPIA is required.
    pub(crate) conclusion: Conclusion,
}

/// The facts screening reads.
struct Facts {
    special: Vec<Answer>,
    criminal: Vec<Answer>,
    genetic: Vec<Answer>,
    biometric: Vec<Answer>,
    /// Whether the notice lists any categories (so a missing one is "not met").
    lists_categories: bool,
    vulnerable: Vec<Answer>,
    sources: Vec<Answer>,
    source_parties: usize,
    automated: Vec<(Stance, Answer)>,
    transfers: Vec<(Stance, Answer)>,
    denial: Vec<Answer>,
    tracking: Vec<Answer>,
}

fn facts(model: &Model, svc: ServiceIx) -> Facts {
    let s = &model.services[svc.ix()];
    let v = &model.vocab;
    let cats = super::describe::categories(model, svc);
    let pick = |f: &dyn Fn(&crate::model::Category) -> bool| -> Vec<Answer> {
        s.categories
            .iter()
            .zip(&cats)
            .filter(|(c, _)| f(&v.categories[c.value.category.ix()]))
            .map(|(_, a)| a.clone())
            .collect()
    };
    let within = |c: &crate::model::Category, id: &str| {
        let (Some(root), Some(me)) = (v.category(id), v.category(&c.entry.id)) else {
            return false;
        };
        v.category_tree.within(me.0, root.0)
    };
    let (sources, source_parties) = sources(model, svc);
    Facts {
        special: pick(&|c| c.special),
        criminal: pick(&|c| c.criminal),
        genetic: pick(&|c| within(c, "genetic")),
        biometric: pick(&|c| within(c, "biometric")),
        lists_categories: !s.categories.is_empty(),
        vulnerable: vulnerable_subjects(model, svc),
        sources,
        source_parties,
        automated: s
            .automated
            .iter()
            .map(|f| {
                let text = format!("automated decision-making: {}", f.value.as_str());
                (f.value, Answer::new(model, text, &f.source, f.provenance))
            })
            .collect(),
        transfers: s
            .transfers
            .iter()
            .map(|f| {
                let text = format!("transfers outside the UK: {}", f.value.stance.as_str());
                (
                    f.value.stance,
                    Answer::new(model, text, &f.source, f.provenance),
                )
            })
            .collect(),
        denial: s
            .requirements
            .iter()
            .filter_map(|f| {
                let c = f.value.consequence.as_ref()?;
                Some(Answer::new(
                    model,
                    format!("if the data is not provided: {c}"),
                    &f.source,
                    f.provenance,
                ))
            })
            .collect(),
        tracking: pick(&|c| ["online-activity", "ip-address"].contains(&c.entry.id.as_str())),
    }
}

/// The sources the notice names for the service, and how many parties they are.
fn sources(model: &Model, svc: ServiceIx) -> (Vec<Answer>, usize) {
    let from: Vec<_> = model
        .flows
        .iter()
        .filter(|f| f.service == svc && f.direction() == Direction::From)
        .collect();
    let mut parties: Vec<_> = from.iter().map(|f| f.party).collect();
    parties.sort();
    parties.dedup();
    let answers = from
        .iter()
        .map(|f| {
            let name = model.parties[f.party.ix()].name.clone();
            Answer::new(model, name, &f.source, f.provenance())
        })
        .collect();
    (answers, parties.len())
}

/// A criterion builder, given its status and the reason for it as one verdict.
fn crit(
    source: &'static str,
    id: &'static str,
    name: &'static str,
    (status, reason): (Status, String),
    evidence: Vec<Answer>,
) -> Criterion {
    Criterion {
        source,
        id,
        name,
        status,
        reason,
        evidence,
        with_wp248: false,
    }
}

/// The stance facts' status: used or possible is met, none not met, otherwise unknown.
fn by_stance(stances: &[(Stance, Answer)]) -> (Status, Vec<Answer>) {
    let ev: Vec<Answer> = stances.iter().map(|(_, a)| a.clone()).collect();
    let status = if stances
        .iter()
        .any(|(s, _)| matches!(s, Stance::Used | Stance::Possible))
    {
        Status::Met
    } else if stances.iter().any(|(s, _)| *s == Stance::None) {
        Status::NotMet
    } else {
        Status::Unknown
    };
    (status, ev)
}

/// What the criteria are decided from: the service's facts and what follows from them.
struct Seen {
    f: Facts,
    /// The notice lists categories of data, so a category not listed is not processed.
    listed: bool,
    /// Special category and criminal offence data.
    sensitive: Vec<Answer>,
    /// Whether automated decisions are made, and the sentences that say so.
    auto: Status,
    auto_ev: Vec<Answer>,
    /// Data comes from two or more named sources.
    matching: bool,
}

impl Seen {
    /// A criterion about a kind of data, decided by the categories listed (`ev`, those of that
    /// kind): met when there are some; otherwise not met where the notice lists its categories,
    /// else unknown.
    fn by_category(&self, what: &str, ev: &[Answer]) -> (Status, String) {
        let status = match (ev.is_empty(), self.listed) {
            (false, _) => Status::Met,
            (true, true) => Status::NotMet,
            (true, false) => Status::Unknown,
        };
        (status, self.cat_reason(what, ev))
    }

    /// Why a criterion about a kind of data is decided as it is.
    fn cat_reason(&self, what: &str, ev: &[Answer]) -> String {
        if !ev.is_empty() {
            format!("the notice lists {what}")
        } else if self.listed {
            format!("none of the categories the notice lists is {what}")
        } else {
            "the notice lists no categories of data".to_string()
        }
    }

    /// Not met where the notice says no automated decisions are made, else unknown: the
    /// notice is silent on `whether`.
    fn unless_no_automation(&self, whether: &str) -> (Status, String) {
        decided(
            self.auto == Status::NotMet,
            Status::NotMet,
            "the notice says no automated decisions are made",
            whether,
        )
    }
}

/// The reason of a criterion the notice says nothing about.
fn silent(what: &str) -> String {
    format!("the notice does not say whether {what}")
}

/// `status` for `reason` where the notice's facts `settle` a criterion; otherwise unknown, as
/// the notice does not say `whether`.
fn decided(
    settle: bool,
    status: Status,
    reason: impl Into<String>,
    whether: &str,
) -> (Status, String) {
    if settle {
        (status, reason.into())
    } else {
        (Status::Unknown, silent(whether))
    }
}

/// A criterion no notice decides: unknown, as the notice does not say `whether`.
fn open(whether: &str) -> (Status, String) {
    (Status::Unknown, silent(whether))
}

/// Screens the service `svc`.
pub(crate) fn screen(model: &Model, svc: ServiceIx) -> Screening {
    let f = facts(model, svc);
    let (auto, auto_ev) = by_stance(&f.automated);
    let (abroad, abroad_ev) = by_stance(&f.transfers);
    let seen = Seen {
        listed: f.lists_categories,
        sensitive: f.special.iter().chain(&f.criminal).cloned().collect(),
        auto,
        auto_ev,
        matching: f.source_parties >= 2,
        f,
    };
    let mut criteria = art35(&seen);
    criteria.extend(ico_decisions(&seen));
    criteria.extend(ico_data(&seen));
    criteria.extend(wp248(&seen));
    criteria.push(transfers(abroad, abroad_ev));
    let conclusion = conclude(&criteria);
    Screening {
        criteria,
        conclusion,
    }
}

/// The three kinds of processing Art. 35(3) names.
fn art35(s: &Seen) -> Vec<Criterion> {
    vec![
        crit(
            ART_35_3,
            "art35-3-a-evaluation",
            "Systematic and extensive evaluation based on automated processing, including profiling, with legal or similarly significant effects",
            s.unless_no_automation(
                "people are evaluated by automated means with significant effects",
            ),
            s.auto_ev.clone(),
        ),
        crit(
            ART_35_3,
            "art35-3-b-large-scale-sensitive",
            "Processing on a large scale of special category or criminal offence data",
            (
                if s.sensitive.is_empty() && s.listed {
                    Status::NotMet
                } else {
                    Status::Unknown
                },
                if s.sensitive.is_empty() {
                    s.cat_reason("special category or criminal offence data", &s.sensitive)
                } else {
                    "special category or criminal offence data is processed; whether on a large scale is for the author (no notice states volumes)".into()
                },
            ),
            s.sensitive.clone(),
        ),
        crit(
            ART_35_3,
            "art35-3-c-public-monitoring",
            "Systematic monitoring of a publicly accessible area on a large scale",
            open("publicly accessible areas are monitored"),
            Vec::new(),
        ),
    ]
}

/// An item of the ICO's list.
fn ico(
    id: &'static str,
    name: &'static str,
    verdict: (Status, String),
    evidence: Vec<Answer>,
    with_wp248: bool,
) -> Criterion {
    Criterion {
        with_wp248,
        ..crit(ICO_LIST, id, name, verdict, evidence)
    }
}

/// The ICO list's items about technology and decisions.
fn ico_decisions(s: &Seen) -> Vec<Criterion> {
    vec![
        ico(
            "ico-innovative-technology",
            "Innovative technology",
            open("new technology or a novel use of existing technology is involved"),
            Vec::new(),
            true,
        ),
        ico(
            "ico-denial-of-service",
            "Denial of service: decisions about access to a service based on automated decision-making or special category data",
            (
                if !s.f.special.is_empty() && !s.f.denial.is_empty() {
                    Status::Met
                } else {
                    Status::Unknown
                },
                if s.f.denial.is_empty() {
                    silent("access to the service depends on the data")
                } else if s.f.special.is_empty() {
                    "the notice says the service may not be given without the data, and lists no special category data".into()
                } else {
                    "the notice says the service may not be given without the data, and special category data is processed".into()
                },
            ),
            s.f.denial.iter().chain(&s.f.special).cloned().collect(),
            false,
        ),
        ico(
            "ico-large-scale-profiling",
            "Large-scale profiling",
            s.unless_no_automation("individuals are profiled on a large scale"),
            s.auto_ev.clone(),
            false,
        ),
    ]
}

/// The ICO list's items about the data and the people.
fn ico_data(s: &Seen) -> Vec<Criterion> {
    vec![
        ico(
            "ico-biometrics",
            "Biometric data",
            s.by_category("biometric data", &s.f.biometric),
            s.f.biometric.clone(),
            true,
        ),
        ico(
            "ico-genetic-data",
            "Genetic data",
            s.by_category("genetic data", &s.f.genetic),
            s.f.genetic.clone(),
            true,
        ),
        ico(
            "ico-data-matching",
            "Data matching: combining, comparing or matching personal data from multiple sources",
            decided(
                s.matching,
                Status::Met,
                format!("the notice names {} sources of the data", s.f.source_parties),
                "data from several sources is combined",
            ),
            s.f.sources.clone(),
            true,
        ),
        ico(
            "ico-invisible-processing",
            "Invisible processing: data not obtained from the individual, without privacy information",
            decided(
                !s.f.sources.is_empty(),
                Status::NotMet,
                "data comes from others, and the notice tells people so (Art. 14)",
                "data is obtained from others without telling the individuals",
            ),
            s.f.sources.clone(),
            true,
        ),
        ico(
            "ico-tracking",
            "Tracking: processing that involves tracking an individual's geolocation or behaviour",
            decided(
                !s.f.tracking.is_empty(),
                Status::Met,
                "the notice lists online activity data",
                "location or behaviour is tracked",
            ),
            s.f.tracking.clone(),
            true,
        ),
        ico(
            "ico-targeting-children",
            "Targeting of children or other vulnerable individuals (marketing, profiling, automated decisions, online services offered to children)",
            (
                if s.f.vulnerable.is_empty() || s.auto != Status::Met { Status::Unknown } else { Status::Met },
                if s.f.vulnerable.is_empty() {
                    silent("children or other vulnerable people are targeted")
                } else if s.auto == Status::Met {
                    "children or vulnerable people, and automated decisions".into()
                } else {
                    "the data is about children or vulnerable people; whether it is used for marketing, profiling, automated decisions or an online service offered to children is for the author".into()
                },
            ),
            s.f.vulnerable.iter().chain(&s.auto_ev).cloned().collect(),
            true,
        ),
        ico(
            "ico-risk-of-physical-harm",
            "Risk of physical harm: where a breach could jeopardise the physical health or safety of individuals",
            (
                Status::Unknown,
                "a judgement no notice makes: consider what a breach of this data could do to the people it is about".into(),
            ),
            Vec::new(),
            true,
        ),
    ]
}

/// The nine criteria of WP248 rev.01 (III.B.a).
fn wp248(s: &Seen) -> Vec<Criterion> {
    let mut out = wp248_processing(s);
    out.extend(wp248_context(s));
    out
}

/// WP248 criteria 1–4: evaluation, automated decisions, monitoring, sensitive data.
fn wp248_processing(s: &Seen) -> Vec<Criterion> {
    let wp = |id, name, verdict, evidence| crit(WP248, id, name, verdict, evidence);
    vec![
        wp(
            "wp248-1-evaluation",
            "Evaluation or scoring, including profiling and predicting",
            open("people are evaluated, scored or profiled"),
            Vec::new(),
        ),
        wp(
            "wp248-2-automated-decision",
            "Automated decision-making with legal or similar significant effect",
            (
                s.auto,
                match s.auto {
                    Status::Met => "the notice says automated decisions are or may be made".into(),
                    Status::NotMet => "the notice says no automated decisions are made".into(),
                    Status::Unknown => silent("automated decisions are made"),
                },
            ),
            s.auto_ev.clone(),
        ),
        wp(
            "wp248-3-systematic-monitoring",
            "Systematic monitoring",
            decided(
                !s.f.tracking.is_empty(),
                Status::Met,
                "the notice lists online activity data",
                "people are systematically monitored",
            ),
            s.f.tracking.clone(),
        ),
        wp(
            "wp248-4-sensitive",
            "Sensitive data or data of a highly personal nature (special categories, criminal offence data)",
            s.by_category("special category or criminal offence data", &s.sensitive),
            s.sensitive.clone(),
        ),
    ]
}

/// WP248 criteria 5–9: scale, matching, vulnerable people, innovation, denial of a right or
/// service.
fn wp248_context(s: &Seen) -> Vec<Criterion> {
    let wp = |id, name, verdict, evidence| crit(WP248, id, name, verdict, evidence);
    vec![
        wp(
            "wp248-5-large-scale",
            "Data processed on a large scale",
            (
                Status::Unknown,
                "the number of people, the volume of data, the duration and the area are for the author (no notice states them)".into(),
            ),
            Vec::new(),
        ),
        wp(
            "wp248-6-matching",
            "Matching or combining datasets",
            decided(
                s.matching,
                Status::Met,
                format!("the notice names {} sources of the data", s.f.source_parties),
                "datasets are matched or combined",
            ),
            s.f.sources.clone(),
        ),
        wp(
            "wp248-7-vulnerable",
            "Data concerning vulnerable data subjects (children, employees, patients, the elderly …)",
            decided(
                !s.f.vulnerable.is_empty(),
                Status::Met,
                "the notice says the data is about children or other vulnerable people",
                "the people are children or otherwise vulnerable",
            ),
            s.f.vulnerable.clone(),
        ),
        wp(
            "wp248-8-innovative",
            "Innovative use or applying new technological or organisational solutions",
            open("new technological or organisational solutions are used"),
            Vec::new(),
        ),
        wp(
            "wp248-9-prevents-rights",
            "Processing that prevents data subjects from exercising a right or using a service or a contract",
            decided(
                !s.f.denial.is_empty(),
                Status::Met,
                "the notice says the service may not be given without the data",
                "the processing decides access to a service",
            ),
            s.f.denial.clone(),
        ),
    ]
}

/// Transfers are not a screening criterion of either list, but the template asks about them
/// (step 4) and they raise the risk: shown with their own source.
fn transfers(abroad: Status, evidence: Vec<Answer>) -> Criterion {
    crit(
        "UK GDPR Art. 44–49",
        "transfers",
        "Transfers outside the UK",
        (
            abroad,
            match abroad {
                Status::Met => {
                    "the notice says data is or may be transferred outside the UK".into()
                }
                Status::NotMet => "the notice says data is not transferred outside the UK".into(),
                Status::Unknown => silent("data leaves the UK"),
            },
        ),
        evidence,
    )
}

/// Whether a DPIA is required, from the criteria met.
fn conclude(criteria: &[Criterion]) -> Conclusion {
    let met = |c: &&Criterion| c.status == Status::Met;
    let wp: Vec<&str> = criteria
        .iter()
        .filter(|c| c.source == WP248)
        .filter(met)
        .map(|c| c.name)
        .collect();
    let mut reasons = Vec::new();
    for c in criteria.iter().filter(met).filter(|c| c.source == ART_35_3) {
        reasons.push(format!(
            "{} is met: a DPIA is required ({ART_35_3})",
            c.name
        ));
    }
    for c in criteria.iter().filter(met).filter(|c| c.source == ICO_LIST) {
        if !c.with_wp248 {
            reasons.push(format!(
                "“{}” on the ICO's list is met: a DPIA is required (UK GDPR Art. 35(4); ICO, Examples of processing likely to result in high risk)",
                c.name
            ));
        } else if !wp.is_empty() {
            reasons.push(format!(
                "“{}” on the ICO's list is met with a WP248 criterion: a DPIA is required (UK GDPR Art. 35(4); ICO, Examples of processing likely to result in high risk)",
                c.name
            ));
        }
    }
    if wp.len() >= 2 {
        reasons.push(format!(
            "{} WP248 criteria are met ({}): processing meeting two or more is likely to result in a high risk, and a DPIA is required (UK GDPR Art. 35(1); WP248 rev.01, III.B.a)",
            wp.len(),
            wp.join("; ")
        ));
    } else if wp.len() == 1 {
        reasons.push(format!(
            "one WP248 criterion is met ({}): a DPIA may still be required; decide with the unknown criteria (WP248 rev.01, III.B.a)",
            wp[0]
        ));
    }
    let required = reasons.iter().any(|r| r.contains("a DPIA is required"));
    if !required {
        reasons.push("no criterion settles it from the notice alone: decide with the criteria marked unknown, and record why if no DPIA is done (ICO, DPIA guidance)".into());
    }
    Conclusion {
        decision: if required { "required" } else { "to decide" },
        reasons,
    }
}
