//! The comparison page of `basis report compare --format html`: one self-contained HTML page
//! (inline CSS and SVG, no script, no external file) with a heatmap of organisations against
//! special categories, Art. 9 conditions, Art. 10 / DPA 2018 Sch. 1 conditions and retention,
//! and a flow picture per organisation whose layout basis computes itself ([`flow`]).
//!
//! The report stage fills these types from queries; this module only draws them. Every cell and
//! edge carries the sentences it rests on, shown on hover or keyboard focus (a CSS panel in the
//! table, an SVG `<title>` on edges) and listed in a table under each picture, so that nothing
//! is told by colour or pointer alone.

mod flow;
mod heatmap;

use super::document::esc;

/// A sentence of a notice: the evidence behind a cell or an edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// The notice id.
    pub notice: String,
    /// The sentence as the notice words it.
    pub quote: String,
}

/// The sentences behind a cell or an edge: the first few distinct ones, and whether there are
/// more than those shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Sentences {
    /// The sentences shown.
    pub shown: Vec<Sentence>,
    /// Some sentences were left out to keep the page bounded.
    pub more: bool,
}

/// How a heatmap cell is marked besides its colour, with a symbol that says it in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mark {
    /// Nothing to flag.
    #[default]
    None,
    /// Special-category or criminal-offence data with no condition cited (`⊘`).
    NoCondition,
    /// No retention period stated, only a pointer to a schedule (`○`).
    NoPeriod,
    /// A condition the notice does not cite: every service recording it has it as the
    /// encoder's inference (`≈`).
    Inferred,
}

impl Mark {
    /// The symbol shown in the cell and the legend.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Mark::None => "",
            Mark::NoCondition => "⊘",
            Mark::NoPeriod => "○",
            Mark::Inferred => "≈",
        }
    }
}

/// One column of the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// A stable key, written as `data-col` (`cat:health`, `basis:a9-2-h`, `no-art9`).
    pub key: String,
    /// The heading.
    pub label: String,
    /// What a cell counts, as the query that gives it for one organisation `X`.
    pub meaning: String,
}

/// A group of columns under one heading (`Art. 9 conditions`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ColumnGroup {
    /// The group's heading.
    pub heading: String,
    /// Its columns, in order.
    pub columns: Vec<Column>,
}

/// One heatmap cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Cell {
    /// The count, when the cell counts (written as `data-count`).
    pub count: Option<u64>,
    /// The text shown (the count, or a period such as `75 years`).
    pub text: String,
    /// How dark the cell is, 0 to 1 (a share of the organisation's flows).
    pub shade: f64,
    /// A flag shown by a symbol as well as a colour.
    pub mark: Mark,
    /// One line saying what the cell means for this organisation.
    pub note: String,
    /// The sentences behind it.
    pub evidence: Sentences,
}

/// One organisation's row of the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The organisation id (`data-org`).
    pub org: String,
    /// Its display name.
    pub name: String,
    /// Its flows in all.
    pub flows: u64,
    /// One cell per column, groups in order.
    pub cells: Vec<Cell>,
}

/// A node of a flow picture: a service or a recipient type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// Its id (a service id, a party-type id, or `other`).
    pub id: String,
    /// The label drawn.
    pub label: String,
}

/// An edge of a flow picture from a service to a recipient type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edge {
    /// Index into [`FlowPicture::services`].
    pub service: usize,
    /// Index into [`FlowPicture::types`].
    pub to: usize,
    /// Flows along it.
    pub flows: u64,
    /// The sentences of those flows.
    pub evidence: Sentences,
}

/// One organisation's flows: organisation → services → recipient types, widths by flows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FlowPicture {
    /// The organisation id.
    pub org: String,
    /// Its display name.
    pub name: String,
    /// Its services, in drawing order (top to bottom).
    pub services: Vec<Node>,
    /// The recipient types, in drawing order.
    pub types: Vec<Node>,
    /// The edges.
    pub edges: Vec<Edge>,
    /// What was folded to keep the picture small, if anything.
    pub note: Option<String>,
}

/// The whole page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComparePage {
    /// The title.
    pub title: String,
    /// Paragraphs under it (what was left out, how to choose organisations).
    pub intro: Vec<String>,
    /// The heatmap's column groups.
    pub groups: Vec<ColumnGroup>,
    /// The heatmap's rows.
    pub rows: Vec<Row>,
    /// One picture per organisation shown.
    pub pictures: Vec<FlowPicture>,
}

impl ComparePage {
    /// The page as one HTML document.
    pub(crate) fn html(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(&format!(
            "<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
            esc(&self.title),
            esc(&self.title)
        ));
        for p in &self.intro {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        heatmap::write(&mut out, self);
        out.push_str("<section id=\"flows\">\n<h2>Who each organisation shares with</h2>\n");
        out.push_str(
            "<p>Organisation → its services → the types of recipient they name; a band's width is \
             the number of flows. The pictures count the flows out only — data sent to recipients \
             — so an organisation's number here is below its <em>Flows in all</em> in the \
             heatmap, which counts the data it gets from sources too. Hover over or focus a band \
             for its sentences; the table under each picture lists them all.</p>\n",
        );
        for (i, p) in self.pictures.iter().enumerate() {
            let all = self.rows.iter().find(|r| r.org == p.org).map(|r| r.flows);
            flow::write(&mut out, p, i, all);
        }
        out.push_str("</section>\n</main>\n</body>\n</html>\n");
        out
    }
}

/// The sentences as lines of plain text (for an SVG `<title>`), unescaped.
fn sentence_lines(s: &Sentences) -> String {
    let mut out = String::new();
    for x in &s.shown {
        out.push_str(&format!("\n[{}] “{}”", x.notice, x.quote));
    }
    if s.more {
        out.push_str("\n…");
    }
    out
}

/// The sentences as an HTML list.
fn sentence_list(s: &Sentences) -> String {
    if s.shown.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul class=\"quotes\">");
    for x in &s.shown {
        out.push_str(&format!(
            "<li><q>{}</q> <cite>{}</cite></li>",
            esc(&x.quote),
            esc(&x.notice)
        ));
    }
    if s.more {
        out.push_str("<li class=\"more\">… more sentences in the data (<code>basis query</code> lists them)</li>");
    }
    out.push_str("</ul>");
    out
}

/// Screen style: a 1280 px page reads without horizontal scrolling; hover panels for cells.
const CSS: &str = include_str!("page.css");
