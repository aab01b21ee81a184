//! A [`Proposal`] as an organisation file: the header, `[org]` with the `TODO`s the loader
//! rejects until they are filled in, contacts, the notice and the statements it makes once,
//! the notice's own parties, and one service with its facts, each with its quote.

use super::text::q;
use super::{Fact, LocalParty, Proposal, Proposed};
use crate::model::{CitationStatus, Contact, Period, Trigger};
use std::fmt::Write as _;

/// The proposal as TOML.
pub(super) fn toml(p: &Proposal) -> String {
    let org = p.org_prefix();
    let title = p
        .title
        .clone()
        .unwrap_or_else(|| "TODO: the notice's title".to_string());
    let slug = super::text::slug(&title, 6);
    let slug = if slug.is_empty() {
        "notice".to_string()
    } else {
        slug
    };
    let notice = format!("{org}-{slug}");
    let mut out = String::new();
    header(&mut out, p);
    org_table(&mut out, p, &notice);
    contacts(&mut out, &p.contacts, &notice);
    let _ = writeln!(
        out,
        "[[notice]]\nid = {}\nfile = {}\ntitle = {}\n",
        q(&notice),
        q(&p.file_name),
        q(&title)
    );
    let once: Vec<&Proposed> = p
        .facts
        .iter()
        .filter(|f| f.fact.once_per_notice())
        .collect();
    if !once.is_empty() {
        out.push_str("# ---- statements the notice makes once, for every service of it ----\n\n");
        for f in once {
            fact(&mut out, "notice", f);
        }
    }
    parties(&mut out, &p.parties);
    let _ = writeln!(
        out,
        "[[service]]\nid = {}\nname = {}\nnotice = {}\nquote = {}\n",
        q(&format!("{org}-service")),
        q(&title),
        q(&notice),
        q(&title)
    );
    service(&mut out, p);
    out
}

fn header(out: &mut String, p: &Proposal) {
    let _ = writeln!(
        out,
        "# Skeleton written by `basis new org` from notices/{}.\n\
         # Every proposal quotes the sentence it came from: keep what the notice says, delete\n\
         # the rest. Fill in each TODO (the loader rejects them until you do), then run\n\
         # `basis stats --data DIR` and `basis check --data DIR`. `basis help dataset-format`\n\
         # lists every field; `basis help authoring` walks through the steps.\n",
        p.file_name
    );
}

fn org_table(out: &mut String, p: &Proposal, notice: &str) {
    let org = p.org_prefix();
    let hint = p
        .controller
        .as_ref()
        .map(|c| format!("  # the notice names its controller: “{c}”"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "[org]\nid = {}\n\
         name = \"TODO: the organisation's name, as the notice gives it\"{hint}\n\
         type = \"TODO\"  # a party type of vocab/party-types.toml, e.g. local-authority",
        q(org)
    );
    if let Some(r) = &p.registration {
        let _ = writeln!(
            out,
            "ico_registration = {}\nregistration_quote = {}\nregistration_notice = {}",
            q(&r.value),
            q(&r.quote),
            q(notice)
        );
    }
    out.push('\n');
}

fn contacts(out: &mut String, cs: &[super::Quoted<Contact>], notice: &str) {
    if cs.is_empty() {
        return;
    }
    out.push_str("# ---- contact points: check each role (dpo, controller, data-protection-team, ico) ----\n\n");
    for c in cs {
        let _ = writeln!(
            out,
            "[[contact]]\nrole = {}\nkind = {}\nvalue = {}\nnotice = {}\nquote = {}\n",
            q(&c.value.role),
            q(&c.value.kind),
            q(&c.value.value),
            q(notice),
            q(&c.quote)
        );
    }
}

fn parties(out: &mut String, ps: &[LocalParty]) {
    if ps.is_empty() {
        return;
    }
    out.push_str(
        "# ---- parties of this notice's own, not among the shared parties (parties.toml) ----\n\
         # Proposed from the notice's words: check each name, id, type and `generic`; a body\n\
         # other organisations name too belongs in parties.toml.\n\n",
    );
    for x in ps {
        let _ = writeln!(
            out,
            "[[party]]\nid = {}\nname = {}\ntype = {}  # a guess from the name\ngeneric = {}\n",
            q(&x.id),
            q(&x.name),
            q(&x.party_type),
            x.generic
        );
    }
}

/// The service's facts by kind, with a `TODO` where a kind has none.
fn service(out: &mut String, p: &Proposal) {
    let kinds: [(&str, &str); 3] = [
        ("subject", "subjects"),
        ("category", "categories"),
        ("purpose", "purposes"),
    ];
    for (table, plural) in kinds {
        let facts: Vec<&Proposed> = p.facts.iter().filter(|f| f.fact.table() == table).collect();
        if facts.is_empty() {
            let _ = writeln!(
                out,
                "# TODO: no {table} of the vocabulary is named in the notice; add [[service.{table}]]\n\
                 # entries with ids from datasets/vocab/ (or extend it) and a verbatim quote.\n"
            );
            continue;
        }
        let _ = writeln!(out, "# ---- {plural} ----\n");
        for f in facts {
            fact(out, "service", f);
        }
    }
    section(
        out,
        p,
        "basis",
        "lawful bases, from citations and from the words that name them",
    );
    if !p.facts.iter().any(|f| f.fact.table() == "basis") {
        out.push_str(
            "# TODO: the notice names no lawful basis the extractor could read; read its lawful-basis\n\
             # sentences and add [[service.basis]] entries (ids in datasets/vocab/bases.toml).\n\n",
        );
    }
    todos(out, p, "[[service.basis]]");
    section(
        out,
        p,
        "legislation",
        "legislation, matched against datasets/vocab/legislation.toml",
    );
    todos(out, p, "[[service.legislation]]");
    out.push_str("# ---- recipients and sources ----\n\n");
    let flows: Vec<&Proposed> = p
        .facts
        .iter()
        .filter(|f| matches!(f.fact, Fact::Recipient(_) | Fact::Source(_)))
        .collect();
    for f in &flows {
        fact(out, "service", f);
    }
    if flows.is_empty() {
        out.push_str(
            "# TODO: no recipient or source was read; add the parties the notice names.\n\n",
        );
    }
}

fn section(out: &mut String, p: &Proposal, table: &str, title: &str) {
    let _ = writeln!(out, "# ---- {title} ----\n");
    for f in p.facts.iter().filter(|f| f.fact.table() == table) {
        fact(out, "service", f);
    }
}

fn todos(out: &mut String, p: &Proposal, table: &str) {
    for t in p.todos.iter().filter(|t| t.block.contains(table)) {
        for l in t.why.lines() {
            let _ = writeln!(out, "# TODO: {l}");
        }
        out.push_str(&t.block);
        out.push('\n');
    }
}

/// One fact as `[[<holder>.<table>]]`.
fn fact(out: &mut String, holder: &str, f: &Proposed) {
    if let Some(c) = &f.check {
        let _ = writeln!(out, "# check: {c}");
    }
    let _ = writeln!(out, "[[{holder}.{}]]", f.fact.table());
    let words = f
        .words
        .as_ref()
        .map(|w| format!("  # “{w}”"))
        .unwrap_or_default();
    match &f.fact {
        Fact::Subject(id) | Fact::Category(id) | Fact::Purpose(id) | Fact::Right(id) => {
            let _ = writeln!(out, "id = {}{words}", q(id));
        }
        Fact::Recipient(id) | Fact::Source(id) => {
            let _ = writeln!(out, "party = {}{words}", q(id));
        }
        Fact::Basis {
            id,
            words: w,
            citation,
        } => {
            let shown = citation
                .clone()
                .or_else(|| w.as_ref().map(|w| format!("“{w}”")))
                .map(|c| format!("  # {c}"))
                .unwrap_or_default();
            let _ = writeln!(out, "id = {}{shown}", q(id));
            if let Some(w) = w {
                let _ = writeln!(out, "cited = {}", q(w));
            }
        }
        Fact::Legislation { id, status, note } => {
            let status = match status {
                CitationStatus::Exact => "exact",
                CitationStatus::Corrected => "corrected",
                CitationStatus::Unresolved => "unresolved",
            };
            let _ = writeln!(out, "id = {}\nstatus = {}", q(id), q(status));
            if let Some(n) = note {
                let _ = writeln!(out, "note = {}", q(n));
            }
        }
        Fact::Retention {
            period,
            trigger,
            event,
        } => retention(out, period, *trigger, event.as_deref()),
        Fact::Transfer { stance, safeguards } => {
            let _ = writeln!(out, "stance = {}", q(stance.as_str()));
            if let Some(s) = safeguards {
                let _ = writeln!(out, "safeguards = {}", q(s));
            }
        }
        Fact::Automated(stance) => {
            let _ = writeln!(out, "stance = {}", q(stance.as_str()));
        }
    }
    let _ = writeln!(out, "quote = {}\n", q(&f.quote));
}

fn retention(out: &mut String, period: &Period, trigger: Trigger, event: Option<&str>) {
    let _ = match period {
        Period::Years(n) => writeln!(out, "years = {n}"),
        Period::Months(n) => writeln!(out, "months = {n}"),
        Period::Weeks(n) => writeln!(out, "weeks = {n}"),
        Period::Days(n) => writeln!(out, "days = {n}"),
        Period::Range { min, max } => writeln!(out, "min_years = {min}\nmax_years = {max}"),
        Period::UntilAge(n) => writeln!(out, "until_age = {n}"),
        Period::Schedule(s) => writeln!(out, "schedule = {}", q(s)),
        Period::Indefinite => writeln!(out, "indefinite = true"),
        Period::UntilEvent(e) => writeln!(out, "until = {}", q(e)),
    };
    if period.is_length() && trigger != Trigger::NotStated {
        let _ = writeln!(out, "trigger = {}", q(trigger.as_str()));
        if let (Trigger::Event, Some(e)) = (trigger, event) {
            let _ = writeln!(out, "event = {}", q(e));
        }
    }
}
