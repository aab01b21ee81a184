//! The cells of one processing activity of the ROPA, column by column in the ICO template's
//! order: from queries where one can say it, from the service's statements otherwise, and
//! [`NOT_STATED`] or `not applicable (why)` where the notice says nothing.

use super::{NOT_STATED, ReportError, or_not_stated, query, values};
use crate::model::value::period_text;
use crate::model::{Model, Period, Service, Stance, Trigger};
use serde_json::json;

/// The 29 cells of one activity.
pub(super) fn activity(m: &Model, svc: &Service) -> Result<Vec<String>, ReportError> {
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
        Some((Stance::None, _)) => {
            format!("none (the notice: “{}”)", m.quote(&transfers[0].source))
        }
        Some((Stance::NotAnswered, _)) => format!(
            "{NOT_STATED} (the question “{}” is left unanswered)",
            m.quote(&transfers[0].source)
        ),
        Some((_, Some(d))) => d.clone(),
        Some(_) => format!(
            "{NOT_STATED} (the notice says transfers may happen: “{}”)",
            m.quote(&transfers[0].source)
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
