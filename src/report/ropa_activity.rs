//! The cells of one processing activity of the ROPA: [`ACTIVITY`] is the ICO template's 30
//! columns as one table of (heading, cell function), so a heading and the cell written under
//! it are one row of code, not two lists matched by position. Cells come from queries where
//! one can say it, from the service's statements otherwise, and [`super::NOT_STATED`] or
//! `not applicable (why)` where the notice says nothing.

use super::ReportError;
use super::ropa_cell::{Cell, Evidence, Item, Status, add_evidence, evidence, query_items};
use crate::model::value::period_text;
use crate::model::{Model, Period, RetentionRule, Service, Stance};
use crate::output::cell_text;
use crate::query::schema::FieldId;
use serde_json::json;

/// One column of the template: its heading, in the template's wording, and how its cell is
/// made for an activity.
pub(super) struct Column {
    /// The heading.
    pub heading: &'static str,
    /// The cell under it.
    pub cell: fn(&Activity) -> Result<Cell, ReportError>,
}

/// Makes the cell of a column the notices never fill in.
fn not_stated(_: &Activity) -> Result<Cell, ReportError> {
    Ok(Cell::not_stated())
}

/// The ICO controller template's 30 columns (sheet `Template`, row 9, columns A to AD), in
/// its order and wording, each with its cell.
pub(super) const ACTIVITY: [Column; 30] = [
    Column {
        heading: "Business function",
        cell: |a| {
            let s = a.svc;
            Ok(Cell::stated(
                s.name.clone(),
                vec![Item::with_id(&s.id, &s.name)],
                vec![evidence(a.m, &s.source)],
            ))
        },
    },
    Column {
        heading: "Purpose of processing",
        cell: |a| a.list("purposes where service = {s} show purpose, name", "purpose"),
    },
    Column {
        heading: "Name and contact details of joint controller (if applicable)",
        cell: not_stated,
    },
    Column {
        heading: "Categories of individuals",
        cell: |a| a.list("subjects where service = {s} show subject, name", "subject"),
    },
    Column {
        heading: "Categories of personal data",
        cell: |a| Ok(Cell::list(a.categories.clone(), a.categories_ev.clone())),
    },
    Column {
        heading: "Categories of recipients",
        cell: recipients,
    },
    Column {
        heading: "Link to contract with processor",
        cell: not_stated,
    },
    Column {
        heading: "Names of third countries or international organisations that personal data are transferred to (if applicable)",
        cell: countries,
    },
    Column {
        heading: "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
        cell: safeguards,
    },
    Column {
        heading: "Retention schedule (if possible)",
        cell: retention,
    },
    Column {
        heading: "General description of technical and organisational security measures (if possible)",
        cell: |a| {
            let s = &a.svc.security;
            Ok(Cell::list(
                s.iter().map(|x| Item::text(&x.value)).collect(),
                s.iter().map(|x| evidence(a.m, &x.source)).collect(),
            ))
        },
    },
    Column {
        heading: "Article 6 lawful basis for processing personal data",
        cell: |a| Ok(a.art6()),
    },
    Column {
        heading: "Article 9 condition for processing special category data",
        cell: |a| Ok(a.art9()),
    },
    Column {
        heading: "Legitimate interests for the processing (if applicable)",
        cell: legitimate_interests,
    },
    Column {
        heading: "Link to record of legitimate interests assessment (if applicable)",
        cell: |a| {
            Ok(if a.relies("a6-1-f") {
                Cell::not_stated()
            } else {
                Cell::not_applicable("Art. 6(1)(f) not relied on")
            })
        },
    },
    Column {
        heading: "Rights available to individuals",
        cell: rights,
    },
    Column {
        heading: "Existence of automated decision-making, including profiling (if applicable)",
        cell: automated,
    },
    Column {
        heading: "The source of the personal data (if applicable)",
        cell: |a| a.list("sources where service = {s} show source, name", "source"),
    },
    Column {
        heading: "Link to record of consent",
        cell: |a| {
            Ok(if a.relies("a6-1-a") || a.relies("a9-2-a") {
                Cell::not_stated()
            } else {
                Cell::not_applicable("consent not relied on")
            })
        },
    },
    Column {
        heading: "Location of personal data",
        cell: |a| a.list("systems where service = {s} show system, name", "system"),
    },
    Column {
        heading: "Data Protection Impact Assessment required?",
        cell: not_stated,
    },
    Column {
        heading: "Data Protection Impact Assessment progress",
        cell: not_stated,
    },
    Column {
        heading: "Link to Data Protection Impact Assessment",
        cell: not_stated,
    },
    Column {
        heading: "Has a personal data breach occurred?",
        cell: not_stated,
    },
    Column {
        heading: "Link to record of personal data breach",
        cell: not_stated,
    },
    Column {
        heading: "Data Protection Act 2018 Schedule 1 Condition for processing",
        cell: schedule_1,
    },
    Column {
        heading: "GDPR Article 6 lawful basis for processing",
        // Repeats the Art. 6 basis for the Schedule 1 policy-document record.
        cell: |a| Ok(a.art6()),
    },
    Column {
        heading: "Link to retention and erasure policy document",
        cell: policy,
    },
    Column {
        heading: "Is personal data retained and erased in accordance with the policy document?",
        cell: not_stated,
    },
    Column {
        heading: "Reasons for not adhering to policy document (if applicable)",
        cell: not_stated,
    },
];

/// The 30 cells of one activity, in the template's order.
pub(super) fn activity(m: &Model, svc: &Service) -> Result<Vec<Cell>, ReportError> {
    let a = Activity::new(m, svc)?;
    ACTIVITY.iter().map(|c| (c.cell)(&a)).collect()
}

/// What several columns of one activity read: its categories (with their flags) and the
/// bases it cites, by article.
pub(super) struct Activity<'m> {
    m: &'m Model,
    svc: &'m Service,
    basis_ids: Vec<&'m str>,
    categories: Vec<Item>,
    categories_ev: Vec<Evidence>,
    special: bool,
    criminal: bool,
    art6: (Vec<Item>, Vec<Evidence>),
    art9: (Vec<Item>, Vec<Evidence>),
    sch1: (Vec<Item>, Vec<Evidence>),
}

impl<'m> Activity<'m> {
    fn new(m: &'m Model, svc: &'m Service) -> Result<Self, ReportError> {
        let basis_ids = svc
            .bases
            .iter()
            .filter_map(|b| b.value.basis)
            .map(|b| m.vocab.bases[b.ix()].id.as_str())
            .collect();
        let (categories, categories_ev) = categories(m, svc)?;
        let flagged = |f: FieldId| {
            categories
                .iter()
                .any(|c| c.extra.get(f.name()) == Some(&json!(true)))
        };
        let (special, criminal) = (flagged(FieldId::Special), flagged(FieldId::Criminal));
        let mut a = Activity {
            m,
            svc,
            basis_ids,
            categories,
            categories_ev,
            special,
            criminal,
            art6: cited(m, svc, "art 6")?,
            art9: cited(m, svc, "art 9")?,
            sch1: cited(m, svc, "sch 1")?,
        };
        a.add_unresolved();
        Ok(a)
    }

    /// Whether the service relies on the basis with this vocabulary id.
    fn relies(&self, id: &str) -> bool {
        self.basis_ids.contains(&id)
    }

    /// A list cell from a query (`{s}` is the service's id) of ids and names.
    fn list(&self, text: &str, id: &str) -> Result<Cell, ReportError> {
        let text = text.replace("{s}", &self.svc.id);
        let (items, ev) = query_items(self.m, &text, id, "name", &[])?;
        Ok(Cell::list(items, ev))
    }

    /// A citation that names no basis goes under Art. 9 when the same words also cite an
    /// Art. 6 basis (and Art. 9 has conditions), under Art. 6 otherwise: as cited.
    fn add_unresolved(&mut self) {
        let (m, svc) = (self.m, self.svc);
        for b in svc.bases.iter().filter(|b| b.value.basis.is_none()) {
            let repeats_art6 = svc.bases.iter().any(|o| {
                o.value
                    .basis
                    .is_some_and(|i| m.vocab.bases[i.ix()].article == Some(6))
                    && o.value.cited == b.value.cited
            });
            let mut item = Item::text(format!("as cited, matching no basis: “{}”", b.value.cited));
            item.extra.insert("cited".into(), json!(b.value.cited));
            let (to, ev) = if repeats_art6 && !self.art9.0.is_empty() {
                (&mut self.art9.0, &mut self.art9.1)
            } else {
                (&mut self.art6.0, &mut self.art6.1)
            };
            to.push(item);
            add_evidence(ev, evidence(m, &b.source));
        }
    }

    fn art6(&self) -> Cell {
        Cell::list(self.art6.0.clone(), self.art6.1.clone())
    }

    fn art9(&self) -> Cell {
        if !self.art9.0.is_empty() {
            Cell::list(self.art9.0.clone(), self.art9.1.clone())
        } else if self.special {
            Cell::not_stated()
        } else {
            Cell::not_applicable("no special category data")
        }
    }
}

/// The service's categories, each once, marked special or criminal.
fn categories(m: &Model, svc: &Service) -> Result<(Vec<Item>, Vec<Evidence>), ReportError> {
    let (special, criminal) = (FieldId::Special.name(), FieldId::Criminal.name());
    let (mut categories, ev) = query_items(
        m,
        &format!(
            "categories where service = {} show category, name, {special}, {criminal}",
            svc.id
        ),
        "category",
        "name",
        &[(special, special), (criminal, criminal)],
    )?;
    for c in &mut categories {
        if c.extra.get(special) == Some(&json!(true)) {
            c.label.push_str(" (special category)");
        }
        if c.extra.get(criminal) == Some(&json!(true)) {
            c.label.push_str(" (criminal offence)");
        }
    }
    // The same category stated in several sentences is one entry.
    let mut seen = Vec::new();
    categories.retain(|c| {
        let new = !seen.contains(&c.label);
        seen.push(c.label.clone());
        new
    });
    Ok((categories, ev))
}

/// The service's bases `in group` (`art 6`, `art 9`, `sch 1`), each as its citation and name,
/// marked when inferred.
fn cited(m: &Model, svc: &Service, group: &str) -> Result<(Vec<Item>, Vec<Evidence>), ReportError> {
    let (mut items, ev) = query_items(
        m,
        &format!(
            "bases where service = {} and basis in {group} show basis, name, note",
            svc.id
        ),
        "basis",
        "name",
        &[],
    )?;
    for i in &mut items {
        // The query shows the citation (`UK GDPR Art. 6(1)(e)`); the id is the vocabulary's.
        let citation = i.id.clone().unwrap_or_default();
        i.id = m
            .vocab
            .bases
            .iter()
            .find(|b| b.citation() == citation)
            .map(|b| b.id.clone());
        i.extra.insert("citation".into(), json!(citation));
        i.extra.insert("name".into(), json!(i.label));
        // An inferred basis is not the notice's own citation: the record says so.
        let inferred = i.extra.contains_key("provenance");
        i.label = format!(
            "{citation} ({}){}",
            i.label,
            if inferred { " [inferred]" } else { "" }
        );
    }
    Ok((items, ev))
}

/// The recipients by party type: `police: a, b; health: c`.
fn recipients(a: &Activity) -> Result<Cell, ReportError> {
    let (items, ev) = query_items(
        a.m,
        &format!(
            "recipients where service = {} show party, party.type, name",
            a.svc.id
        ),
        "party",
        "name",
        &[("party.type", "type")],
    )?;
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for i in &items {
        let ty = i.extra.get("type").map(cell_text).unwrap_or_default();
        match groups.iter_mut().find(|g| g.0 == ty) {
            Some(g) => {
                if !g.1.contains(&i.label) {
                    g.1.push(i.label.clone())
                }
            }
            None => groups.push((ty, vec![i.label.clone()])),
        }
    }
    let text = groups
        .into_iter()
        .map(|(t, ns)| format!("{t}: {}", ns.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(Cell::stated(text, items, ev))
}

/// The sentence of the service's first statement on transfers abroad.
fn transfer_ev(a: &Activity) -> Vec<Evidence> {
    a.svc
        .transfers
        .first()
        .map(|t| vec![evidence(a.m, &t.source)])
        .unwrap_or_default()
}

fn countries(a: &Activity) -> Result<Cell, ReportError> {
    let Some(t) = a.svc.transfers.first() else {
        return Ok(Cell::not_stated());
    };
    let quote = a.m.quote(&t.source);
    Ok(match (t.value.stance, &t.value.destination) {
        (Stance::None, _) => Cell {
            text: format!("none (the notice: “{quote}”)"),
            status: Status::Stated,
            items: Vec::new(),
            note: None,
            evidence: transfer_ev(a),
        },
        (Stance::NotAnswered, _) => Cell::not_stated_because(
            format!("the question “{quote}” is left unanswered"),
            transfer_ev(a),
        ),
        (_, Some(d)) => Cell::stated(d.clone(), vec![Item::text(d)], transfer_ev(a)),
        _ => Cell::not_stated_because(
            format!("the notice says transfers may happen: “{quote}”"),
            transfer_ev(a),
        ),
    })
}

fn safeguards(a: &Activity) -> Result<Cell, ReportError> {
    Ok(match a.svc.transfers.first() {
        Some(t) if t.value.stance == Stance::None => Cell::not_applicable("no transfers"),
        Some(t) => match &t.value.safeguards {
            Some(s) => Cell::stated(s.clone(), vec![Item::text(s)], transfer_ev(a)),
            None => Cell::not_stated(),
        },
        None => Cell::not_stated(),
    })
}

/// The retention rules of the activity's service, in model order, from the index (not a scan
/// of every rule for each activity: a register of thousands of activities took their square).
fn rules_of<'m>(a: &Activity<'m>) -> impl Iterator<Item = &'m RetentionRule> + 'm {
    let m = a.m;
    m.service(&a.svc.id)
        .into_iter()
        .flat_map(move |six| m.service_retention(six))
}

/// The retention rules of the service: scope, period and start.
fn retention(a: &Activity) -> Result<Cell, ReportError> {
    let m = a.m;
    let mut ev = Vec::new();
    let items: Vec<Item> = rules_of(a)
        .map(|r| {
            let scope = r.condition.clone().unwrap_or_else(|| "all records".into());
            let from = match (r.period.is_length(), r.start()) {
                (false, _) => String::new(),
                (true, None) => ", start not stated".into(),
                (true, Some(t)) => format!(", from {t}"),
            };
            add_evidence(&mut ev, evidence(m, &r.source));
            let mut item = Item::text(format!("{scope}: {}{from}", period_text(&r.period)));
            item.extra.insert("applies_to".into(), json!(scope));
            item.extra
                .insert("period".into(), json!(period_text(&r.period)));
            item.extra
                .insert("trigger".into(), json!(r.trigger.as_str()));
            item
        })
        .collect();
    Ok(Cell::list(items, ev))
}

/// A retention schedule the notice refers to, as the policy document's place.
fn policy(a: &Activity) -> Result<Cell, ReportError> {
    let m = a.m;
    Ok(rules_of(a)
        .find_map(|r| match &r.period {
            Period::Schedule(s) => Some(Cell::not_stated_because(
                format!("the notice refers to its {s}"),
                vec![evidence(m, &r.source)],
            )),
            _ => None,
        })
        .unwrap_or_else(Cell::not_stated))
}

fn rights(a: &Activity) -> Result<Cell, ReportError> {
    let mut ev = Vec::new();
    let items: Vec<Item> = a
        .svc
        .rights
        .iter()
        .map(|r| {
            add_evidence(&mut ev, evidence(a.m, &r.source));
            let right = &a.m.vocab.rights[r.value.ix()];
            Item::with_id(&right.id, &right.name)
        })
        .collect();
    Ok(Cell::list(items, ev))
}

fn automated(a: &Activity) -> Result<Cell, ReportError> {
    let Some(d) = a.svc.automated.first() else {
        return Ok(Cell::not_stated());
    };
    let ev = vec![evidence(a.m, &d.source)];
    let label = match d.value {
        Stance::None => "No",
        Stance::Used | Stance::Possible => "Yes",
        Stance::NotAnswered => {
            return Ok(Cell::not_stated_because(
                "question left unanswered".into(),
                ev,
            ));
        }
    };
    Ok(Cell::stated(
        label.into(),
        vec![Item::with_id(d.value.as_str(), label)],
        ev,
    ))
}

fn legitimate_interests(a: &Activity) -> Result<Cell, ReportError> {
    if !a.relies("a6-1-f") {
        return Ok(Cell::not_applicable("Art. 6(1)(f) not relied on"));
    }
    let v = &a.m.vocab;
    Ok(a.svc
        .bases
        .iter()
        .find(|b| {
            b.value
                .basis
                .is_some_and(|i| v.bases[i.ix()].id == "a6-1-f")
        })
        .map_or_else(Cell::not_stated, |b| {
            Cell::stated(
                format!("as the notice words it: “{}”", b.value.cited),
                vec![Item::text(&b.value.cited)],
                vec![evidence(a.m, &b.source)],
            )
        }))
}

/// Schedule 1 is needed for criminal-offence data and for the Art. 9 conditions that DPA
/// 2018 s.10 ties to it; not for, say, explicit consent alone.
fn schedule_1(a: &Activity) -> Result<Cell, ReportError> {
    let v = &a.m.vocab;
    if !a.sch1.0.is_empty() {
        return Ok(Cell::list(a.sch1.0.clone(), a.sch1.1.clone()));
    }
    let art9_needs_sch1 = a.svc.bases.iter().filter_map(|b| b.value.basis).any(|b| {
        let b = &v.bases[b.ix()];
        b.article == Some(9) && b.requires_one_of.is_some()
    });
    let no_art9 = a.art9().status != Status::Stated;
    Ok(if a.criminal || art9_needs_sch1 || (a.special && no_art9) {
        Cell::not_stated()
    } else if a.special {
        Cell::not_applicable("the Art. 9 conditions relied on need no Schedule 1 condition")
    } else {
        Cell::not_applicable("no special category or criminal-offence data")
    })
}
