//! Steps 2, 3, 4 and 7 of the template: the processing described from the service's facts,
//! and the questions of consultation and sign-off, which no notice can answer.

use super::{Answer, Part, Question};
use crate::model::value::period_text;
use crate::model::{Direction, Fact, Model, Provenance, ServiceIx, Stance, SubjectIx};

/// Each fact of a list as an answer, in the words `text` gives its value, with its sentence.
fn answers<'f, T: 'f>(
    model: &Model,
    facts: impl IntoIterator<Item = &'f Fact<T>>,
    text: impl Fn(&T) -> String,
) -> Vec<Answer> {
    facts
        .into_iter()
        .map(|f| Answer::new(model, text(&f.value), &f.source, f.provenance))
        .collect()
}

/// The recipients (or sources) of the service, one answer each.
fn flows(model: &Model, svc: ServiceIx, direction: Direction) -> Vec<Answer> {
    let v = &model.vocab;
    model
        .flows
        .iter()
        .filter(|f| f.service == svc && f.direction() == direction)
        .map(|f| {
            let mut text = model.parties[f.party.ix()].name.clone();
            if let Some(c) = f.condition() {
                text.push_str(&format!(" (when {})", model.text(c)));
            }
            if f.categories_provenance() == Provenance::Stated && !model.categories_of(f).is_empty()
            {
                let names: Vec<&str> = model
                    .categories_of(f)
                    .iter()
                    .map(|c| v.categories[c.ix()].entry.name.as_str())
                    .collect();
                text.push_str(&format!(": {}", names.join(", ")));
            }
            Answer::new(model, text, &f.source, f.provenance())
        })
        .collect()
}

/// The categories of the service, special and criminal-offence data marked.
pub(super) fn categories(model: &Model, svc: ServiceIx) -> Vec<Answer> {
    let s = &model.services[svc.ix()];
    answers(model, &s.categories, |u| {
        let c = &model.vocab.categories[u.category.ix()];
        let mark = match (c.special, c.criminal) {
            (true, _) => " (special category data, Art. 9)",
            (_, true) => " (criminal offence data, Art. 10)",
            _ => "",
        };
        format!("{}{mark}", c.entry.name)
    })
}

fn retention(model: &Model, svc: ServiceIx) -> Vec<Answer> {
    model
        .retention
        .iter()
        .filter(|r| r.service == svc)
        .map(|r| {
            let mut text = period_text(&r.period);
            if let Some(start) = r.start() {
                text.push_str(&format!(" from {start}"));
            }
            if let Some(c) = &r.condition {
                text.push_str(&format!(" ({c})"));
            }
            Answer::new(model, text, &r.source, r.provenance)
        })
        .collect()
}

/// The lawful bases and conditions, then the statutory gateways.
pub(super) fn bases(model: &Model, svc: ServiceIx) -> Vec<Answer> {
    let s = &model.services[svc.ix()];
    let v = &model.vocab;
    let mut out = answers(model, &s.bases, |c| match c.basis {
        Some(b) => format!("{} — {}", v.bases[b.ix()].citation(), v.bases[b.ix()].name),
        None => format!("“{}” (names no real basis)", c.cited),
    });
    out.extend(answers(model, &s.legislation, |c| {
        let mut text = match c.legislation {
            Some(l) => v.legislation[l.ix()].title.clone(),
            None => format!("“{}” (unresolved)", c.cited),
        };
        if let Some(sec) = &c.section {
            text.push_str(&format!(" {sec}"));
        }
        text
    }));
    out
}

/// The service's subjects who are children or otherwise vulnerable.
pub(super) fn vulnerable_subjects(model: &Model, svc: ServiceIx) -> Vec<Answer> {
    let subjects = &model.services[svc.ix()].subjects;
    answers(
        model,
        subjects.iter().filter(|f| vulnerable(model, f.value)),
        |s| model.vocab.subjects[s.ix()].name.clone(),
    )
}

/// Step 2: nature, scope, context and purposes.
pub(super) fn processing(model: &Model, svc: ServiceIx) -> Vec<Part> {
    vec![
        nature(model, svc),
        scope(model, svc),
        context(model, svc),
        purposes_part(model, svc),
    ]
}

/// Nature: how the data is collected, shared, stored and deleted.
fn nature(model: &Model, svc: ServiceIx) -> Part {
    let s = &model.services[svc.ix()];
    let mut storage = answers(model, &s.systems, |i| model.systems[i.ix()].name.clone());
    storage.extend(answers(model, &s.security, String::clone));
    Part {
        title: "Nature of the processing".into(),
        questions: vec![
            Question::filled(
                "How will you collect the data (where does it come from)?",
                flows(model, svc, Direction::From),
                "the notice names no source; say whether the data comes from the individuals themselves",
            ),
            Question::filled(
                "Who will you share it with?",
                flows(model, svc, Direction::To),
                "the notice names no recipient",
            ),
            Question::filled(
                "Which teams of your own organisation will see it?",
                flows(model, svc, Direction::Internal),
                "the notice names no internal sharing",
            ),
            Question::filled(
                "How will you store it and keep it secure?",
                storage,
                "the notice names no system or security measure",
            ),
            Question::filled(
                "How will you delete it (how long is it kept)?",
                retention(model, svc),
                "the notice states no retention period",
            ),
        ],
    }
}

/// Scope: what data, how much, how many people, where.
fn scope(model: &Model, svc: ServiceIx) -> Part {
    Part {
        title: "Scope of the processing".into(),
        questions: vec![
            Question::filled(
                "What is the nature of the data; does it include special category or criminal offence data?",
                categories(model, svc),
                "the notice lists no categories of data",
            ),
            Question::open(
                "How much data will you collect and use, and how often?",
                "volumes and frequency (no notice states them)",
            ),
            Question::open(
                "How many individuals are affected?",
                "the number of people (no notice states it)",
            ),
            Question::open("What geographical area does it cover?", "the area served"),
        ],
    }
}

/// Context: whom the data is about and what they can expect.
fn context(model: &Model, svc: ServiceIx) -> Part {
    let s = &model.services[svc.ix()];
    let v = &model.vocab;
    let subjects = answers(model, &s.subjects, |i| v.subjects[i.ix()].name.clone());
    let vulnerable = vulnerable_subjects(model, svc);
    let control = answers(model, &s.requirements, |r| {
        let mut text = match r.statutory {
            Some(true) => "providing the data is a statutory requirement".to_string(),
            Some(false) => "providing the data is optional".to_string(),
            None => "whether the data must be provided is not said".to_string(),
        };
        if let Some(c) = &r.consequence {
            text.push_str(&format!("; if not provided: {c}"));
        }
        text
    });
    Part {
        title: "Context of the processing".into(),
        questions: vec![
            Question::filled(
                "Whom is the data about (your relationship with the individuals)?",
                subjects,
                "the notice does not say whom the data is about",
            ),
            Question::filled(
                "Do they include children or other vulnerable groups?",
                vulnerable,
                "the notice names no children or vulnerable group; confirm",
            ),
            Question::filled(
                "How much control will they have (must they provide the data)?",
                control,
                "the notice does not say whether the data must be provided",
            ),
            Question::open(
                "Would they expect you to use their data in this way?",
                "the individuals' reasonable expectations",
            ),
            Question::open(
                "Are there prior concerns over this type of processing, or security flaws; is it novel in any way?",
                "known concerns, the technology used and what is new about it",
            ),
            Question::open(
                "Are you signed up to any approved code of conduct or certification scheme?",
                "codes of conduct or certifications (Art. 40, 42)",
            ),
        ],
    }
}

/// Purposes: what the processing is for.
fn purposes_part(model: &Model, svc: ServiceIx) -> Part {
    let s = &model.services[svc.ix()];
    let v = &model.vocab;
    let purposes = answers(model, &s.purposes, |i| v.purposes[i.ix()].name.clone());
    Part {
        title: "Purposes of the processing".into(),
        questions: vec![
            Question::filled(
                "What do you want to achieve?",
                purposes,
                "the notice states no purpose",
            ),
            Question::open(
                "What is the intended effect on individuals, and what are the benefits?",
                "the effect on individuals and the benefits to them, the organisation and others",
            ),
        ],
    }
}

/// Step 3: whom the organisation consults; no notice says.
pub(super) fn consultation() -> Vec<Question> {
    vec![
        Question::open(
            "How will you seek individuals' views, or why is it not appropriate to do so?",
            "when and how individuals or their representatives are consulted (Art. 35(9))",
        ),
        Question::open(
            "Who else do you need to involve within your organisation?",
            "the teams consulted",
        ),
        Question::open(
            "Do you need to ask your processors to assist?",
            "processors' part (Art. 28(3)(f))",
        ),
        Question::open(
            "Do you plan to consult information security experts, or any other experts?",
            "experts consulted",
        ),
    ]
}

/// Step 4: the lawful basis, information and rights from the notice; the judgements open.
pub(super) fn necessity(model: &Model, svc: ServiceIx) -> Vec<Question> {
    let s = &model.services[svc.ix()];
    let n = &model.notices[s.notice.ix()];
    let information = vec![Answer::new(
        model,
        format!("the privacy notice “{}”", n.title),
        &s.source,
        Provenance::Stated,
    )];
    let mut rights = answers(model, &s.rights, |i| {
        let r = &model.vocab.rights[i.ix()];
        format!("{} (Art. {})", r.name, r.article)
    });
    rights.extend(answers(model, &s.automated, |stance| {
        match stance {
            Stance::None => "no automated decision-making",
            Stance::Possible => "automated decision-making may be used",
            Stance::Used => "automated decision-making is used",
            Stance::NotAnswered => "automated decision-making: the notice leaves it unanswered",
        }
        .into()
    }));
    let transfers = answers(model, &s.transfers, |t| {
        let mut text = format!("transfers outside the UK: {}", t.stance.as_str());
        if let Some(d) = &t.destination {
            text.push_str(&format!("; to {d}"));
        }
        if let Some(g) = &t.safeguards {
            text.push_str(&format!("; safeguards: {g}"));
        }
        text
    });
    vec![
        Question::filled(
            "What is your lawful basis for processing (and condition for special category or criminal offence data)?",
            bases(model, svc),
            "the notice states no lawful basis (Art. 6, 9, 10)",
        ),
        Question::open(
            "Does the processing actually achieve your purpose? Is there another way to achieve the same outcome?",
            "why this processing is necessary and proportionate",
        ),
        Question::open(
            "How will you prevent function creep?",
            "the controls that keep the use to its purposes",
        ),
        Question::open(
            "How will you ensure data quality and data minimisation?",
            "how only the data needed is collected and kept accurate (Art. 5(1)(c), (d))",
        ),
        Question::filled(
            "What information will you give individuals?",
            information,
            "the privacy information given",
        ),
        Question::filled(
            "How will you help to support their rights?",
            rights,
            "the notice lists no rights",
        ),
        Question::open(
            "What measures do you take to ensure processors comply?",
            "contracts with processors (Art. 28)",
        ),
        Question::filled(
            "How do you safeguard any international transfers?",
            transfers,
            "the notice says nothing of transfers outside the UK",
        ),
    ]
}

/// Step 7: the template's sign-off table; only the organisation can fill it.
pub(super) fn sign_off() -> Vec<Question> {
    [
        ("Measures approved by", "name, date; integrate the actions into the project plan"),
        ("Residual risks approved by", "name, date; if a high risk remains, consult the ICO before going ahead (Art. 36)"),
        ("DPO advice provided", "name, date; the DPO advises on compliance, step 6 measures and whether processing can proceed (Art. 35(2), 39(1)(c))"),
        ("Summary of DPO advice", "the advice"),
        ("DPO advice accepted or overruled by", "name, date; if overruled, the reasons"),
        ("Consultation responses reviewed by", "name, date; if the decision departs from individuals' views, the reasons"),
        ("This DPIA will be kept under review by", "name; the DPO should also review ongoing compliance"),
    ]
    .into_iter()
    .map(|(q, what)| Question::open(q, what))
    .collect()
}

/// Whether a subject is a child or another vulnerable group (WP248 criterion 7: "children …
/// employees … more vulnerable segments of the population requiring special protection
/// (mentally ill persons, asylum seekers, or the elderly, patients …)").
pub(super) fn vulnerable(model: &Model, s: SubjectIx) -> bool {
    let v = &model.vocab;
    let under = |id: &str| {
        v.subject(id)
            .is_some_and(|root| v.subject_tree.within(s.0, root.0))
    };
    under("children")
        || [
            "looked-after-children",
            "care-leavers",
            "children-in-need",
            "children-placed-out-of-area",
            "children-with-send",
            "pupils",
            "vulnerable-adults",
            "adult-social-care-users",
            "clinically-extremely-vulnerable",
            "employees",
        ]
        .into_iter()
        .any(under)
}
