//! `basis report compare --format html`: the comparison page — a heatmap of organisations
//! against special categories, Art. 9 conditions, Art. 10 / DPA 2018 Sch. 1 conditions and
//! retention, and one flow picture per organisation — every number from a query a reader can
//! type (`docs/reports.md` lists them), every cell and edge with its sentences.
//!
//! Bounded for any dataset: at most [`TOP_MAX`] organisations (the [`TOP_DEFAULT`] with most
//! flows unless chosen with `--org`), a few sentences per cell, services and recipient types
//! beyond [`SERVICES_MAX`] and [`TYPES_MAX`] folded into one box each. The queries group over
//! the organisations shown, streaming rows through [`Grouped`], so no query result is held
//! whole except counts.

use super::grouped::{Grouped, merge};
use super::{ReportError, find_org, query};
use crate::engine::entry::Options;
use crate::model::Model;
use crate::output::page::{
    Cell, Column, ColumnGroup, ComparePage, Edge, FlowPicture, Mark, Node, Row, Sentences,
};
use crate::output::{Table, cell_text};
use std::collections::HashMap;

/// Organisations shown when none are chosen.
pub(crate) const TOP_DEFAULT: usize = 25;
/// The most organisations a page shows (its size grows with them).
pub(crate) const TOP_MAX: usize = 100;
/// Sentences kept per cell and per edge.
const KEEP: usize = 3;
/// Services drawn per organisation; the rest are one box.
pub(crate) const SERVICES_MAX: usize = 8;
/// Recipient types drawn per organisation; the rest are one box.
pub(crate) const TYPES_MAX: usize = 10;

/// Which organisations a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Choice {
    /// The N with most flows (ties by id).
    Top(usize),
    /// These ids, in this order.
    Orgs(Vec<String>),
}

/// Runs a query, streaming its rows into `sink`.
fn stream(model: &Model, text: &str, sink: &mut Grouped) -> Result<(), ReportError> {
    let fail = |message: String| ReportError::Query {
        query: text.to_string(),
        message,
    };
    crate::engine::entry::run(text, model, &Options::default(), sink)
        .map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// The rows of `text` grouped by organisation (and `more` keys).
fn grouped(model: &Model, text: &str, keys: &[&'static str]) -> Result<Grouped, ReportError> {
    let mut sink = Grouped::new(keys, KEEP);
    stream(model, text, &mut sink)?;
    Ok(sink)
}

/// The counts of a `count … by` query, keyed by its `by` columns' text.
fn counts(
    table: &Table,
    keys: &[&str],
    text: &str,
) -> Result<HashMap<Vec<String>, u64>, ReportError> {
    let ix = |name: &str| {
        table
            .columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| ReportError::Query {
                query: text.to_string(),
                message: format!("the result has no `{name}` column"),
            })
    };
    let key_ix: Vec<usize> = keys.iter().map(|k| ix(k)).collect::<Result<_, _>>()?;
    let n = ix("count")?;
    Ok(table
        .rows
        .iter()
        .map(|r| {
            let key = key_ix.iter().map(|&i| cell_text(&r[i])).collect();
            (key, r[n].as_u64().unwrap_or(0))
        })
        .collect())
}

fn count_query(
    model: &Model,
    text: &str,
    keys: &[&str],
) -> Result<HashMap<Vec<String>, u64>, ReportError> {
    counts(&query(model, text)?, keys, text)
}

/// An id as the query language reads it.
fn name(id: &str) -> String {
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if plain {
        id.to_string()
    } else {
        format!("\"{}\"", id.replace('"', ""))
    }
}

/// An organisation id and its flows.
type OrgFlows = (String, u64);

/// The organisations to show, most flows first, and a sentence on what was left out.
fn choose(model: &Model, choice: &Choice) -> Result<(Vec<OrgFlows>, Option<String>), ReportError> {
    let text = "count flows by org";
    let totals = count_query(model, text, &["org"])?;
    let flows = |id: &str| totals.get(&vec![id.to_string()]).copied().unwrap_or(0);
    match choice {
        Choice::Orgs(ids) => {
            let mut out: Vec<(String, u64)> = Vec::new();
            for id in ids {
                let ix = find_org(model, id)?;
                let id = model.orgs[ix.0 as usize].id.clone();
                if !out.iter().any(|(o, _)| *o == id) {
                    let n = flows(&id);
                    out.push((id, n));
                }
            }
            Ok((out, None))
        }
        Choice::Top(n) => {
            let mut all: Vec<(String, u64)> = model
                .orgs
                .iter()
                .map(|o| (o.id.clone(), flows(&o.id)))
                .collect();
            all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let total = all.len();
            all.truncate(*n);
            let note = (total > all.len()).then(|| {
                format!(
                    "Showing the {} organisations with most flows of {total} in the dataset; \
                     choose others with --org ID (repeated) or more with --top N (at most {TOP_MAX}).",
                    all.len()
                )
            });
            Ok((all, note))
        }
    }
}

/// What the page needs to know of the organisations shown.
struct Shown<'a> {
    model: &'a Model,
    orgs: Vec<(String, u64)>,
    /// `org in (…)` for the queries.
    filter: String,
}

impl Shown<'_> {
    fn name_of(&self, id: &str) -> String {
        self.model.org(id).map_or_else(
            || id.to_string(),
            |o| self.model.orgs[o.0 as usize].name.clone(),
        )
    }

    /// A column of flow counts: `count flows where … by org`, evidence from `evidence`.
    fn flow_column(
        &self,
        key: String,
        label: String,
        condition: &str,
        evidence: &str,
        what: &str,
    ) -> Result<(Column, Vec<Cell>), ReportError> {
        let text = format!("count flows where {} and {condition} by org", self.filter);
        let n = count_query(self.model, &text, &["org"])?;
        let ev = grouped(
            self.model,
            &format!("{evidence} where {} and {condition}", self.filter),
            &["org"],
        )?;
        let cells = self
            .orgs
            .iter()
            .map(|(org, total)| {
                let count = n.get(&vec![org.clone()]).copied().unwrap_or(0);
                let evidence = ev
                    .groups
                    .get(&vec![org.clone()])
                    .map(|g| g.sentences.clone())
                    .unwrap_or_default();
                Cell {
                    count: Some(count),
                    text: count.to_string(),
                    shade: share(count, *total),
                    mark: Mark::None,
                    note: format!("{}: {count} of {total} flows {what}", self.name_of(org)),
                    evidence,
                }
            })
            .collect();
        let column = Column {
            key,
            label,
            meaning: format!("count flows where org = X and {condition}"),
        };
        Ok((column, cells))
    }
}

fn share(n: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        n as f64 / total as f64
    }
}

/// Columns as (column, one cell per organisation), turned into groups and rows.
type Columns = Vec<(Column, Vec<Cell>)>;

/// Builds the comparison page.
pub(crate) fn compare_page(model: &Model, choice: &Choice) -> Result<ComparePage, ReportError> {
    let (orgs, left_out) = choose(model, choice)?;
    let filter = format!(
        "org in ({})",
        orgs.iter()
            .map(|(o, _)| name(o))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let shown = Shown {
        model,
        orgs,
        filter,
    };
    let mut groups: Vec<(String, Columns)> = Vec::new();
    if !shown.orgs.is_empty() {
        groups.push((
            "Special categories (Art. 9(1)) and criminal-offence data (Art. 10)".into(),
            categories(&shown)?,
        ));
        groups.push((
            "Art. 9(2) conditions".into(),
            conditions(&shown, Law::Art9)?,
        ));
        groups.push((
            "Art. 10 / DPA 2018 Sch. 1 conditions".into(),
            conditions(&shown, Law::Art10)?,
        ));
        groups.push(("Retention".into(), retention(&shown)?));
    }
    let mut rows: Vec<Row> = shown
        .orgs
        .iter()
        .map(|(org, flows)| Row {
            org: org.clone(),
            name: shown.name_of(org),
            flows: *flows,
            cells: Vec::new(),
        })
        .collect();
    let mut column_groups = Vec::new();
    for (heading, columns) in groups {
        let mut cols = Vec::new();
        for (column, cells) in columns {
            for (row, cell) in rows.iter_mut().zip(cells) {
                row.cells.push(cell);
            }
            cols.push(column);
        }
        column_groups.push(ColumnGroup {
            heading,
            columns: cols,
        });
    }
    let mut pictures = Vec::new();
    for (org, _) in &shown.orgs {
        pictures.push(picture(&shown, org)?);
    }
    let mut intro = vec![format!(
        "{} organisations compared from their privacy notices. Every number is a count of \
         flows that basis query reproduces (the heading of each column says which query); \
         every cell and band shows the sentences it rests on.",
        shown.orgs.len()
    )];
    intro.extend(left_out);
    Ok(ComparePage {
        title:
            "Comparison of organisations: special-category data, conditions, retention and sharing"
                .into(),
        intro,
        groups: column_groups,
        rows,
        pictures,
    })
}

/// The special-category roots of the vocabulary held by some organisation shown, then
/// criminal-offence data.
fn categories(shown: &Shown<'_>) -> Result<Columns, ReportError> {
    let vocab = &shown.model.vocab;
    let mut out = Vec::new();
    for (i, c) in vocab.categories.iter().enumerate() {
        // A root of special data: flagged itself, no flagged ancestor (its children inherit).
        let inherited = vocab
            .category_tree
            .ancestors(i as u32)
            .skip(1)
            .any(|a| vocab.categories.get(a as usize).is_some_and(|x| x.special));
        if !c.special || inherited {
            continue;
        }
        let col = shown.flow_column(
            format!("cat:{}", c.entry.id),
            c.entry.name.clone(),
            &format!("category in {}", name(&c.entry.id)),
            "categories",
            &format!("carry {} data", c.entry.name.to_lowercase()),
        )?;
        if col.1.iter().any(|c| c.count != Some(0)) {
            out.push(col);
        }
    }
    out.push(shown.flow_column(
        "cat:criminal".into(),
        "Criminal-offence data".into(),
        "category is criminal",
        "categories",
        "carry criminal-offence data",
    )?);
    Ok(out)
}

/// Which conditions a group of columns holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Law {
    /// Art. 9(2) conditions, and special data with none of them.
    Art9,
    /// Art. 10 and DPA 2018 Sch. 1 conditions, and criminal-offence data with none.
    Art10,
}

/// The conditions cited by some organisation shown, in vocabulary order, then the column of
/// data held with none of them, marked.
fn conditions(shown: &Shown<'_>, law: Law) -> Result<Columns, ReportError> {
    let (group, data, lack, none_key, none_label) = match law {
        Law::Art9 => (
            "art 9",
            "category is special",
            "special-category data with no Art. 9 condition cited",
            "no-art9",
            "⊘ special data, no Art. 9 condition",
        ),
        Law::Art10 => (
            "(art 10, sch 1)",
            "category is criminal",
            "criminal-offence data with no Art. 10 / Sch. 1 condition cited",
            "no-art10",
            "⊘ criminal data, no Art. 10 / Sch. 1 condition",
        ),
    };
    let text = format!(
        "count flows where {} and basis in {group} by basis",
        shown.filter
    );
    let cited = count_query(shown.model, &text, &["basis"])?;
    let mut out = Vec::new();
    for b in &shown.model.vocab.bases {
        // A flow counts under each of its bases: keep this group's own.
        let ours = match law {
            Law::Art9 => b.group() == "art9",
            Law::Art10 => b.group() == "art10" || b.group().starts_with("sch1-"),
        };
        let citation = b.citation();
        if !ours || !cited.contains_key(&vec![citation.clone()]) {
            continue;
        }
        out.push(cited_column(shown, b, &citation)?);
    }
    out.push(lacking_column(
        shown,
        data,
        group,
        lack,
        (none_key, none_label),
    )?);
    Ok(out)
}

/// The column of one cited condition: its flows per organisation, marked inferred where
/// every service that records it has it as an inference (the notice never cites it: the
/// cell says so rather than passing for a citation).
fn cited_column(
    shown: &Shown<'_>,
    b: &crate::model::Basis,
    citation: &str,
) -> Result<(Column, Vec<Cell>), ReportError> {
    let (column, mut cells) = shown.flow_column(
        format!("basis:{}", b.id),
        format!(
            "{} {}",
            citation
                .trim_start_matches("UK GDPR ")
                .trim_start_matches("DPA 2018 "),
            b.name
        ),
        &format!("basis = \"{citation}\""),
        "bases",
        &format!("cite {citation} ({})", b.name),
    )?;
    let all = count_query(
        shown.model,
        &format!(
            "count bases where {} and basis = \"{citation}\" by org",
            shown.filter
        ),
        &["org"],
    )?;
    let inferred = count_query(
        shown.model,
        &format!(
            "count bases where {} and basis = \"{citation}\" and provenance = inferred by org",
            shown.filter
        ),
        &["org"],
    )?;
    for ((org, _), cell) in shown.orgs.iter().zip(cells.iter_mut()) {
        let key = vec![org.clone()];
        let n = inferred.get(&key).copied().unwrap_or(0);
        if n > 0 && all.get(&key).copied() == Some(n) && cell.count.unwrap_or(0) > 0 {
            cell.mark = Mark::Inferred;
            cell.text = cell.count.unwrap_or(0).to_string();
            cell.note = format!(
                "{}; the notice does not cite it: the encoder inferred it from the sentence below",
                cell.note
            );
        }
    }
    Ok((column, cells))
}

/// The column of data held with none of the group's conditions, each cell naming the
/// services and quoting what they hold.
fn lacking_column(
    shown: &Shown<'_>,
    data: &str,
    group: &str,
    lack: &str,
    (none_key, none_label): (&str, &str),
) -> Result<(Column, Vec<Cell>), ReportError> {
    let missing = format!("{data} and missing basis in {group}");
    let (column, mut cells) = shown.flow_column(
        none_key.into(),
        none_label.into(),
        &missing,
        "services",
        &format!("carry {lack}"),
    )?;
    // The services' sentences say what they are; the categories' which data they hold.
    let held = grouped(
        shown.model,
        &format!("categories where {} and {data}", shown.filter),
        &["org", "service"],
    )?;
    let lacking = grouped(
        shown.model,
        &format!("services where {} and {missing}", shown.filter),
        &["org", "service"],
    )?;
    for ((org, _), cell) in shown.orgs.iter().zip(cells.iter_mut()) {
        if cell.count == Some(0) {
            continue;
        }
        cell.mark = Mark::NoCondition;
        cell.text = cell.count.unwrap_or(0).to_string();
        let mut names = Vec::new();
        for key in lacking.order.iter().filter(|k| k.first() == Some(org)) {
            let service = key.get(1).cloned().unwrap_or_default();
            let label = shown.model.service(&service).map_or(service.clone(), |s| {
                shown.model.services[s.0 as usize].name.clone()
            });
            names.push(label);
            if let Some(g) = held.groups.get(key) {
                merge(&mut cell.evidence, &g.sentences, KEEP + 2);
            }
        }
        cell.note = format!("{}; services: {}", cell.note, names.join("; "));
    }
    Ok((column, cells))
}

/// Retention: rules with a period, rules that only point to a schedule, the longest period.
fn retention(shown: &Shown<'_>) -> Result<Columns, ReportError> {
    let f = &shown.filter;
    let rule = |cond: &str| -> Result<(HashMap<Vec<String>, u64>, Grouped), ReportError> {
        let n = count_query(
            shown.model,
            &format!("count retention where {f} and {cond} by org"),
            &["org"],
        )?;
        let g = grouped(
            shown.model,
            &format!("retention where {f} and {cond}"),
            &["org"],
        )?;
        Ok((n, g))
    };
    let (periods, periods_ev) = rule("not missing duration")?;
    let (pointers, pointers_ev) = rule("missing duration")?;
    let longest = grouped(
        shown.model,
        &format!("retention where {f} and not missing duration order by duration desc"),
        &["org"],
    )?;
    let duration = longest.column("duration");
    let column = |key: &str, label: &str, meaning: &str| {
        (
            Column {
                key: key.into(),
                label: label.into(),
                meaning: meaning.into(),
            },
            Vec::new(),
        )
    };
    let mut cols: Columns = vec![
        column(
            "ret:periods",
            "Rules with a period",
            "count retention where org = X and not missing duration",
        ),
        column(
            "ret:longest",
            "Longest period",
            "retention where org = X order by duration desc limit 1",
        ),
        column(
            "ret:pointers",
            "Rules pointing to a schedule",
            "count retention where org = X and missing duration",
        ),
    ];
    for (org, _) in &shown.orgs {
        let key = vec![org.clone()];
        let name = shown.name_of(org);
        let p = periods.get(&key).copied().unwrap_or(0);
        let q = pointers.get(&key).copied().unwrap_or(0);
        let ev = |g: &Grouped| {
            g.groups
                .get(&key)
                .map(|g| g.sentences.clone())
                .unwrap_or_default()
        };
        cols[0].1.push(Cell {
            count: Some(p),
            text: p.to_string(),
            shade: 0.0,
            mark: if p == 0 { Mark::NoPeriod } else { Mark::None },
            note: if p == 0 {
                format!("{name}: no retention period stated")
            } else {
                format!("{name}: {p} retention rules state a period")
            },
            evidence: ev(&periods_ev),
        });
        cols[1]
            .1
            .push(longest_cell(&longest, duration, &key, &name));
        cols[2].1.push(Cell {
            count: Some(q),
            text: q.to_string(),
            note: format!("{name}: {q} retention rules refer to a schedule instead of a period"),
            evidence: ev(&pointers_ev),
            ..Cell::default()
        });
    }
    Ok(cols)
}

/// An organisation's longest retention period, with its sentence.
fn longest_cell(longest: &Grouped, duration: Option<usize>, key: &[String], name: &str) -> Cell {
    let top = longest.groups.get(key);
    let text = match (top, duration) {
        (Some(g), Some(i)) => g.first.get(i).cloned().unwrap_or_default(),
        _ => "—".into(),
    };
    Cell {
        count: None,
        note: format!("{name}: the longest period stated is {text}"),
        evidence: top
            .map(|g| Sentences {
                shown: g.sentences.shown.iter().take(1).cloned().collect(),
                more: false,
            })
            .unwrap_or_default(),
        text,
        ..Cell::default()
    }
}

/// The first `keep` of `ranked` as boxes, labelled, and one box for the rest.
fn boxes(
    ranked: &[(String, u64)],
    keep: usize,
    label: impl Fn(&str) -> String,
    other: &str,
) -> Vec<Node> {
    let mut nodes: Vec<Node> = ranked[..keep]
        .iter()
        .map(|(id, _)| Node {
            id: id.clone(),
            label: label(id),
        })
        .collect();
    if keep < ranked.len() {
        nodes.push(Node {
            id: "other".into(),
            label: format!("{other} ({})", ranked.len() - keep),
        });
    }
    nodes
}

/// A band per (service box, type box), with the flows and sentences of the groups in it.
fn picture_edges(
    g: &Grouped,
    services: &[(String, u64)],
    keep_s: usize,
    types: &[(String, u64)],
    keep_t: usize,
) -> Vec<Edge> {
    let index = |ranked: &[(String, u64)], keep: usize, id: &str| {
        ranked[..keep]
            .iter()
            .position(|(x, _)| x == id)
            .unwrap_or(keep)
    };
    let mut edges: Vec<Edge> = Vec::new();
    for key in &g.order {
        let Some(group) = g.groups.get(key) else {
            continue;
        };
        let s = index(services, keep_s, &key[0]);
        let t = index(types, keep_t, key[1].split(", ").next().unwrap_or(&key[1]));
        match edges.iter_mut().find(|e| e.service == s && e.to == t) {
            Some(e) => {
                e.flows += group.rows;
                merge(&mut e.evidence, &group.sentences, KEEP);
            }
            None => edges.push(Edge {
                service: s,
                to: t,
                flows: group.rows,
                evidence: group.sentences.clone(),
            }),
        }
    }
    edges
}

/// Recipient types in the order of the services that send to them (their flow-weighted
/// mean service position), so that bands cross as little as a simple rule can make them;
/// the folded box stays last. The bands are renumbered to match.
fn order_types(type_nodes: Vec<Node>, edges: &mut [Edge], keep_t: usize) -> Vec<Node> {
    let mut centre: Vec<(f64, usize)> = (0..type_nodes.len())
        .map(|t| {
            let (mut sum, mut n) = (0.0, 0u64);
            for e in edges.iter().filter(|e| e.to == t) {
                sum += e.service as f64 * e.flows as f64;
                n += e.flows;
            }
            let folded = t >= keep_t;
            let at = if folded || n == 0 {
                f64::MAX
            } else {
                sum / n as f64
            };
            (at, t)
        })
        .collect();
    centre.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut new_ix = vec![0; type_nodes.len()];
    for (new, (_, old)) in centre.iter().enumerate() {
        new_ix[*old] = new;
    }
    let mut reordered: Vec<Option<Node>> = type_nodes.into_iter().map(Some).collect();
    for e in edges.iter_mut() {
        e.to = new_ix[e.to];
    }
    centre
        .iter()
        .filter_map(|(_, old)| reordered.get_mut(*old).and_then(Option::take))
        .collect()
}

/// One organisation's picture: `recipients where org = X` grouped by service and party type.
fn picture(shown: &Shown<'_>, org: &str) -> Result<FlowPicture, ReportError> {
    let model = shown.model;
    let g = grouped(
        model,
        &format!(
            "recipients where org = {} show service, party.type",
            name(org)
        ),
        &["service", "party.type"],
    )?;
    let mut by_service: HashMap<&str, u64> = HashMap::new();
    let mut by_type: HashMap<&str, u64> = HashMap::new();
    for key in &g.order {
        let n = g.groups.get(key).map_or(0, |x| x.rows);
        *by_service.entry(&key[0]).or_default() += n;
        // A party of several types (`probation-justice, commissioned-provider`) is drawn under
        // its main type, the first, so that the bands still add up to the recipients.
        let main = key[1].split(", ").next().unwrap_or(&key[1]);
        *by_type.entry(main).or_default() += n;
    }
    let ranked = |m: &HashMap<&str, u64>| {
        let mut v: Vec<(String, u64)> = m.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let services = ranked(&by_service);
    let types = ranked(&by_type);
    let mut notes = Vec::new();
    let folded = |all: &[(String, u64)], max: usize, what: &str, notes: &mut Vec<String>| {
        if all.len() > max {
            notes.push(format!(
                "{} smaller {what} are drawn as one box “other {what}”.",
                all.len() - (max - 1)
            ));
            max - 1
        } else {
            all.len()
        }
    };
    let keep_s = folded(&services, SERVICES_MAX, "services", &mut notes);
    let keep_t = folded(&types, TYPES_MAX, "recipient types", &mut notes);
    let service_label = |id: &str| {
        model.service(id).map_or(id.to_string(), |s| {
            model.services[s.0 as usize].name.clone()
        })
    };
    let type_label = |id: &str| {
        model
            .vocab
            .party_types
            .iter()
            .find(|t| t.id == id)
            .map_or(id.to_string(), |t| t.name.clone())
    };
    let service_nodes = boxes(&services, keep_s, service_label, "other services");
    let type_nodes = boxes(&types, keep_t, type_label, "other types");
    let mut edges = picture_edges(&g, &services, keep_s, &types, keep_t);
    let type_nodes = order_types(type_nodes, &mut edges, keep_t);
    // Drawn top to bottom: by service, then by recipient type, so bands stack in box order.
    edges.sort_by_key(|e| (e.service, e.to));
    Ok(FlowPicture {
        org: org.to_string(),
        name: shown.name_of(org),
        services: service_nodes,
        types: type_nodes,
        edges,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
    })
}
