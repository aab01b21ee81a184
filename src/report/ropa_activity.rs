//! The cells of one processing activity of the ROPA, column by column in the ICO template's
//! order: from queries where one can say it, from the service's statements otherwise, and
//! [`super::NOT_STATED`] or `not applicable (why)` where the notice says nothing.

use super::ReportError;
use super::ropa_cell::{Cell, Evidence, Item, add_evidence, evidence, query_items};
use crate::model::value::period_text;
use crate::model::{Model, Period, Service, Stance};
use crate::output::cell_text;
use serde_json::json;

/// The 30 cells of one activity, in the template's order.
pub(super) fn activity(m: &Model, svc: &Service) -> Result<Vec<Cell>, ReportError> {
    let v = &m.vocab;
    let list = |text: &str, id: &str| -> Result<Cell, ReportError> {
        let (items, ev) = query_items(m, &text.replace("{s}", &svc.id), id, "name", &[])?;
        Ok(Cell::list(items, ev))
    };
    let ns = Cell::not_stated;
    let na = Cell::not_applicable;
    let basis_ids: Vec<&str> = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .map(|b| v.bases[b.ix()].id.as_str())
        .collect();
    let relies = |id: &str| basis_ids.contains(&id);

    let (mut categories, categories_ev) = query_items(
        m,
        &format!(
            "categories where service = {} show category, name, special, criminal",
            svc.id
        ),
        "category",
        "name",
        &[("special", "special"), ("criminal", "criminal")],
    )?;
    for c in &mut categories {
        if c.extra.get("special") == Some(&json!(true)) {
            c.label.push_str(" (special category)");
        }
        if c.extra.get("criminal") == Some(&json!(true)) {
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
    let special = categories
        .iter()
        .any(|c| c.extra.get("special") == Some(&json!(true)));
    let criminal = categories
        .iter()
        .any(|c| c.extra.get("criminal") == Some(&json!(true)));

    let recipients = {
        let (items, ev) = query_items(
            m,
            &format!(
                "recipients where service = {} show party, party.type, name",
                svc.id
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
        Cell::stated(text, items, ev)
    };

    let cite = |col: &str| -> Result<(Vec<Item>, Vec<Evidence>), ReportError> {
        let (mut items, ev) = query_items(
            m,
            &format!(
                "bases where service = {} and basis in {col} show basis, name, note",
                svc.id
            ),
            "basis",
            "name",
            &[],
        )?;
        for i in &mut items {
            // The query shows the citation (`UK GDPR Art. 6(1)(e)`); the id is the vocabulary's.
            let citation = i.id.clone().unwrap_or_default();
            i.id = v
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
    };
    let (mut art6, mut art6_ev) = cite("art 6")?;
    let (mut art9, mut art9_ev) = cite("art 9")?;
    for b in svc.bases.iter().filter(|b| b.value.basis.is_none()) {
        let repeats_art6 = svc.bases.iter().any(|o| {
            o.value
                .basis
                .is_some_and(|i| v.bases[i.ix()].article == Some(6))
                && o.value.cited == b.value.cited
        });
        let mut item = Item::text(format!("as cited, matching no basis: “{}”", b.value.cited));
        item.extra.insert("cited".into(), json!(b.value.cited));
        let (to, ev) = if repeats_art6 && !art9.is_empty() {
            (&mut art9, &mut art9_ev)
        } else {
            (&mut art6, &mut art6_ev)
        };
        to.push(item);
        add_evidence(ev, evidence(m, &b.source));
    }
    let (sch1, sch1_ev) = cite("sch 1")?;

    let transfers = &svc.transfers;
    let first = transfers.first();
    let transfer_ev = || {
        first
            .map(|t| vec![evidence(m, &t.source)])
            .unwrap_or_default()
    };
    let countries = match first.map(|t| (t.value.stance, &t.value.destination)) {
        None => ns(),
        Some((Stance::None, _)) => Cell {
            text: format!("none (the notice: “{}”)", m.quote(&transfers[0].source)),
            status: super::ropa_cell::Status::Stated,
            items: Vec::new(),
            note: None,
            evidence: transfer_ev(),
        },
        Some((Stance::NotAnswered, _)) => Cell::not_stated_because(
            format!(
                "the question “{}” is left unanswered",
                m.quote(&transfers[0].source)
            ),
            transfer_ev(),
        ),
        Some((_, Some(d))) => Cell::stated(d.clone(), vec![Item::text(d)], transfer_ev()),
        Some(_) => Cell::not_stated_because(
            format!(
                "the notice says transfers may happen: “{}”",
                m.quote(&transfers[0].source)
            ),
            transfer_ev(),
        ),
    };
    let safeguards = match first {
        Some(t) if t.value.stance == Stance::None => na("no transfers"),
        Some(t) => match &t.value.safeguards {
            Some(s) => Cell::stated(s.clone(), vec![Item::text(s)], transfer_ev()),
            None => ns(),
        },
        None => ns(),
    };

    let rules: Vec<_> = m
        .retention
        .iter()
        .filter(|r| m.services[r.service.ix()].id == svc.id)
        .collect();
    let mut retention_ev = Vec::new();
    let retention: Vec<Item> = rules
        .iter()
        .map(|r| {
            let scope = r.condition.clone().unwrap_or_else(|| "all records".into());
            let from = match (r.period.is_length(), r.start()) {
                (false, _) => String::new(),
                (true, None) => ", start not stated".into(),
                (true, Some(t)) => format!(", from {t}"),
            };
            add_evidence(&mut retention_ev, evidence(m, &r.source));
            let mut item = Item::text(format!("{scope}: {}{from}", period_text(&r.period)));
            item.extra.insert("applies_to".into(), json!(scope));
            item.extra
                .insert("period".into(), json!(period_text(&r.period)));
            item.extra
                .insert("trigger".into(), json!(r.trigger.as_str()));
            item
        })
        .collect();
    let policy = rules
        .iter()
        .find_map(|r| match &r.period {
            Period::Schedule(s) => Some(Cell::not_stated_because(
                format!("the notice refers to its {s}"),
                vec![evidence(m, &r.source)],
            )),
            _ => None,
        })
        .unwrap_or_else(ns);

    let mut rights_ev = Vec::new();
    let rights: Vec<Item> = svc
        .rights
        .iter()
        .map(|r| {
            add_evidence(&mut rights_ev, evidence(m, &r.source));
            let right = &v.rights[r.value.ix()];
            Item::with_id(&right.id, &right.name)
        })
        .collect();
    let automated = match svc.automated.first() {
        Some(a) => {
            let ev = vec![evidence(m, &a.source)];
            let label = match a.value {
                Stance::None => "No",
                Stance::Used | Stance::Possible => "Yes",
                Stance::NotAnswered => "",
            };
            if label.is_empty() {
                Cell::not_stated_because("question left unanswered".into(), ev)
            } else {
                Cell::stated(
                    label.into(),
                    vec![Item::with_id(a.value.as_str(), label)],
                    ev,
                )
            }
        }
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
                Cell::stated(
                    format!("as the notice words it: “{}”", b.value.cited),
                    vec![Item::text(&b.value.cited)],
                    vec![evidence(m, &b.source)],
                )
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
        Cell::list(art9, art9_ev)
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
    let no_art9 = art9_cell.status != super::ropa_cell::Status::Stated;
    let sch1_cell = if !sch1.is_empty() {
        Cell::list(sch1, sch1_ev)
    } else if criminal || art9_needs_sch1 || (special && no_art9) {
        ns()
    } else if special {
        na("the Art. 9 conditions relied on need no Schedule 1 condition")
    } else {
        na("no special category or criminal-offence data")
    };
    let art6_cell = Cell::list(art6, art6_ev);
    let security: Vec<Item> = svc.security.iter().map(|s| Item::text(&s.value)).collect();
    let security_ev = svc
        .security
        .iter()
        .map(|s| evidence(m, &s.source))
        .collect();

    Ok(vec![
        Cell::stated(
            svc.name.clone(),
            vec![Item::with_id(&svc.id, &svc.name)],
            vec![evidence(m, &svc.source)],
        ),
        list("purposes where service = {s} show purpose, name", "purpose")?,
        ns(),
        list("subjects where service = {s} show subject, name", "subject")?,
        Cell::list(categories, categories_ev),
        recipients,
        ns(),
        countries,
        safeguards,
        Cell::list(retention, retention_ev),
        Cell::list(security, security_ev),
        art6_cell.clone(),
        art9_cell,
        li,
        lia,
        Cell::list(rights, rights_ev),
        automated,
        list("sources where service = {s} show source, name", "source")?,
        consent,
        list("systems where service = {s} show system, name", "system")?,
        ns(),
        ns(),
        ns(),
        ns(),
        ns(),
        sch1_cell,
        // Column AA repeats the Art. 6 basis for the Schedule 1 policy-document record.
        art6_cell,
        policy,
        ns(),
        ns(),
    ])
}
