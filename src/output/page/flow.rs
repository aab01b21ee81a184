//! A flow picture as inline SVG, laid out here (no script, no layout library): three columns —
//! the organisation, its services, the recipient types — with a band per edge whose width is
//! proportional to its flows, stacked along each box as in a Sankey diagram.

use super::{FlowPicture, esc, sentence_lines, sentence_list};

/// The drawing's width in SVG units (it scales down to the page).
const WIDTH: f64 = 1200.0;
/// The columns: organisation box, service boxes, recipient-type boxes (left edge, width).
const ORG: (f64, f64) = (0.0, 180.0);
const SERVICE: (f64, f64) = (400.0, 280.0);
const TYPE: (f64, f64) = (900.0, 300.0);
/// The smallest box (one line of text) and the gap between boxes.
const MIN_BOX: f64 = 24.0;
const GAP: f64 = 10.0;
/// The height the widest column aims at, and the thinnest band drawn.
const TARGET: f64 = 360.0;
const MIN_BAND: f64 = 1.5;
/// Band colours by service: the Okabe–Ito palette, distinguishable with colour-vision
/// deficiencies (and never the only way to tell bands apart: each has its label and title).
const PALETTE: [&str; 7] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999",
];

/// A box of the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    y: f64,
    h: f64,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    unit: f64,
    org: Rect,
    services: Vec<Rect>,
    types: Vec<Rect>,
    /// Per edge: its band width and its top at the service and at the type.
    bands: Vec<(f64, f64, f64)>,
    /// Per service: its band from the organisation (width, top at the organisation).
    feeds: Vec<(f64, f64)>,
    height: f64,
}

fn sum_by(p: &FlowPicture, n: usize, key: impl Fn(&super::Edge) -> usize) -> Vec<u64> {
    let mut totals = vec![0u64; n];
    for e in &p.edges {
        if let Some(t) = totals.get_mut(key(e)) {
            *t += e.flows;
        }
    }
    totals
}

/// Stacks boxes of the given band totals down a column, each at least [`MIN_BOX`] high.
fn stack(totals: &[u64], unit: f64, top: f64) -> Vec<Rect> {
    let mut y = top;
    totals
        .iter()
        .map(|&t| {
            let h = (t as f64 * unit).max(MIN_BOX);
            let r = Rect { y, h };
            y += h + GAP;
            r
        })
        .collect()
}

fn layout(p: &FlowPicture) -> Layout {
    let by_service = sum_by(p, p.services.len(), |e| e.service);
    let by_type = sum_by(p, p.types.len(), |e| e.to);
    let total: u64 = by_service.iter().sum();
    let unit = if total == 0 {
        1.0
    } else {
        (TARGET / total as f64).clamp(0.02, 8.0)
    };
    let top = 28.0;
    let services = stack(&by_service, unit, top);
    let types = stack(&by_type, unit, top);
    let org_h = (total as f64 * unit).max(MIN_BOX);
    let col_h = |rs: &[Rect]| rs.last().map_or(0.0, |r| r.y + r.h - top);
    let tallest = col_h(&services).max(col_h(&types)).max(org_h);
    let org = Rect {
        y: top + (tallest - org_h) / 2.0,
        h: org_h,
    };
    // Bands leave the organisation in service order and enter each box centred in it.
    let width = |n: u64| (n as f64 * unit).max(MIN_BAND);
    let mut feeds = Vec::with_capacity(services.len());
    let mut y = org.y;
    for &t in &by_service {
        feeds.push((width(t), y));
        y += t as f64 * unit;
    }
    let start = |r: &Rect, t: u64| r.y + (r.h - t as f64 * unit) / 2.0;
    let mut out_y: Vec<f64> = services
        .iter()
        .zip(&by_service)
        .map(|(r, &t)| start(r, t))
        .collect();
    let mut in_y: Vec<f64> = types
        .iter()
        .zip(&by_type)
        .map(|(r, &t)| start(r, t))
        .collect();
    let mut bands = Vec::with_capacity(p.edges.len());
    for e in &p.edges {
        let w = width(e.flows);
        let (Some(oy), Some(iy)) = (out_y.get_mut(e.service), in_y.get_mut(e.to)) else {
            bands.push((w, 0.0, 0.0));
            continue;
        };
        bands.push((w, *oy, *iy));
        *oy += e.flows as f64 * unit;
        *iy += e.flows as f64 * unit;
    }
    Layout {
        unit,
        org,
        services,
        types,
        bands,
        feeds,
        height: top + tallest + 12.0,
    }
}

/// A horizontal band from `(x0, y0)` to `(x1, y1)` (tops), `w` wide: a cubic curve stroked.
fn band(x0: f64, y0: f64, x1: f64, y1: f64, w: f64) -> String {
    let (a, b) = (y0 + w / 2.0, y1 + w / 2.0);
    let mid = (x0 + x1) / 2.0;
    format!(
        "M{x0:.1},{a:.1} C{mid:.1},{a:.1} {mid:.1},{b:.1} {x1:.1},{b:.1}\" stroke-width=\"{w:.1}"
    )
}

/// `s` in at most `lines` lines of at most `max` characters, broken at spaces; what does not
/// fit is cut with an ellipsis (the whole text is the box's title).
fn wrap(s: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let n = line.chars().count();
        if n > 0 && n + 1 + word.chars().count() > max {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    if out.len() > lines {
        let rest = out.split_off(lines.max(1) - 1).join(" ");
        out.push(super::super::abbreviate(&rest, max));
    }
    out.into_iter()
        .map(|l| super::super::abbreviate(&l, max))
        .collect()
}

/// A box with its label inside, vertically centred, and its full name as its title; `count`
/// is its flows, and `outward` says they are the flows out (the organisation's box).
fn label_box(
    out: &mut String,
    x: (f64, f64),
    r: Rect,
    label: &str,
    class: &str,
    (count, outward): (u64, bool),
) {
    // About 7 units a character at 13 px; a line is 16 units.
    let max = ((x.1 - 16.0) / 7.2).max(4.0) as usize;
    let lines = ((r.h - 4.0) / 16.0).floor().max(1.0) as usize;
    // The count always shows: the label gives way to it on the last line.
    let way = if outward { " out" } else { "" };
    let suffix = format!(" · {count}{way}");
    let lines = lines.min(4);
    let mut text = wrap(label, max, lines);
    let room = max.saturating_sub(suffix.chars().count()).max(4);
    let fits = text.last().is_some_and(|l| l.chars().count() <= room);
    if !fits && text.len() < lines {
        text.push(String::new());
    }
    if let Some(last) = text.last_mut() {
        *last = if last.is_empty() {
            suffix.trim_start().to_string()
        } else {
            super::super::abbreviate(last, room) + &suffix
        };
    }
    let first = r.y + r.h / 2.0 - (text.len() as f64 - 1.0) * 8.0;
    out.push_str(&format!(
        "<g class=\"{class}\"><title>{} ({count} flows{way})</title>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\"/>\
         <text y=\"{first:.1}\" dominant-baseline=\"middle\">",
        esc(label),
        x.0,
        r.y,
        x.1,
        r.h,
    ));
    for (i, l) in text.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { 16.0 };
        out.push_str(&format!(
            "<tspan x=\"{:.1}\" dy=\"{dy}\">{}</tspan>",
            x.0 + 8.0,
            esc(l)
        ));
    }
    out.push_str("</text></g>\n");
}

/// Writes one organisation's picture: a heading, a caption saying what it counts (the flows
/// out, of `all` flows in the heatmap), the SVG, and its edges as a table.
pub(super) fn write(out: &mut String, p: &FlowPicture, index: usize, all: Option<u64>) {
    let l = layout(p);
    let id = format!("flow-{index}");
    let by_service = sum_by(p, p.services.len(), |e| e.service);
    let by_type = sum_by(p, p.types.len(), |e| e.to);
    let total: u64 = by_service.iter().sum();
    out.push_str(&format!(
        "<article class=\"flow\" data-org=\"{}\">\n<h3>{} <code>{}</code></h3>\n",
        esc(&p.org),
        esc(&p.name),
        esc(&p.org)
    ));
    if let Some(n) = &p.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(n)));
    }
    if p.edges.is_empty() {
        out.push_str("<p>No recipients are named.</p>\n</article>\n");
        return;
    }
    let rest = match all {
        Some(all) if all > total => format!(
            "; the other {} of its {all} flows in all come from sources or stay within it",
            all - total
        ),
        _ => String::new(),
    };
    out.push_str(&format!(
        "<p class=\"caption\">The {total} flows out, to recipients, are drawn{rest}.</p>\n"
    ));
    let desc = format!(
        "{} sends data to recipients in {total} flows through {} services to {} types of recipient.",
        p.name,
        p.services.len(),
        p.types.len()
    );
    out.push_str("<div class=\"picture\">\n");
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {WIDTH} {:.0}\" \
         aria-labelledby=\"{id}-t {id}-d\" data-unit=\"{:.4}\">\n\
         <title id=\"{id}-t\">Flows out of {}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        l.height,
        l.unit,
        esc(&p.name),
        esc(&desc)
    ));
    out.push_str(&format!(
        "<text class=\"colhead\" x=\"{:.1}\" y=\"16\">Organisation</text>\
         <text class=\"colhead\" x=\"{:.1}\" y=\"16\">Services</text>\
         <text class=\"colhead\" x=\"{:.1}\" y=\"16\">Recipient types (flows out)</text>\n",
        ORG.0, SERVICE.0, TYPE.0
    ));
    // Bands first, so that the boxes and their labels are drawn over them.
    bands(out, p, &l, &by_service);
    label_box(out, ORG, l.org, &p.name, "node org", (total, true));
    for ((node, r), n) in p.services.iter().zip(&l.services).zip(&by_service) {
        label_box(out, SERVICE, *r, &node.label, "node service", (*n, false));
    }
    for ((node, r), n) in p.types.iter().zip(&l.types).zip(&by_type) {
        label_box(out, TYPE, *r, &node.label, "node type", (*n, false));
    }
    out.push_str("</svg>\n</div>\n");
    edge_table(out, p);
    out.push_str("</article>\n");
}

/// The bands: the organisation to each service, then each service to each recipient type.
fn bands(out: &mut String, p: &FlowPicture, l: &Layout, by_service: &[u64]) {
    for (s, ((w, y), node)) in l.feeds.iter().zip(&p.services).enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        let flows = by_service.get(s).copied().unwrap_or(0);
        out.push_str(&format!(
            "<path class=\"band\" data-from=\"{}\" data-to=\"{}\" data-flows=\"{flows}\" stroke=\"{colour}\" d=\"{}\"><title>{} → {}: {flows} flows to recipients</title></path>\n",
            esc(&p.org),
            esc(&node.id),
            band(ORG.0 + ORG.1, *y, SERVICE.0, l.services[s].y + (l.services[s].h - flows as f64 * l.unit) / 2.0, *w),
            esc(&p.name),
            esc(&node.label)
        ));
    }
    for (e, (w, y0, y1)) in p.edges.iter().zip(&l.bands) {
        let (Some(s), Some(t)) = (p.services.get(e.service), p.types.get(e.to)) else {
            continue;
        };
        let colour = PALETTE[e.service % PALETTE.len()];
        out.push_str(&format!(
            "<path class=\"band\" data-from=\"{}\" data-to=\"{}\" data-flows=\"{}\" stroke=\"{colour}\" tabindex=\"0\" d=\"{}\"><title>{} → {}: {} flows{}</title></path>\n",
            esc(&s.id),
            esc(&t.id),
            e.flows,
            band(SERVICE.0 + SERVICE.1, *y0, TYPE.0, *y1, *w),
            esc(&s.label),
            esc(&t.label),
            e.flows,
            esc(&sentence_lines(&e.evidence))
        ));
    }
}

/// The picture's edges as a table: its text alternative, with every edge's sentences.
fn edge_table(out: &mut String, p: &FlowPicture) {
    out.push_str(
        "<details><summary>The flows of this picture as a table, with their sentences</summary>\n\
         <table class=\"edges\"><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Recipient type</th>\
         <th scope=\"col\">Flows</th><th scope=\"col\">Sentences</th></tr></thead><tbody>\n",
    );
    for e in &p.edges {
        let (Some(s), Some(t)) = (p.services.get(e.service), p.types.get(e.to)) else {
            continue;
        };
        out.push_str(&format!(
            "<tr data-from=\"{}\" data-to=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            esc(&s.id),
            esc(&t.id),
            esc(&s.label),
            esc(&t.label),
            e.flows,
            sentence_list(&e.evidence)
        ));
    }
    out.push_str("</tbody></table></details>\n");
}

#[cfg(test)]
mod tests {
    use super::super::{Edge, Node, Sentences};
    use super::*;

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            label: id.into(),
        }
    }

    fn edge(service: usize, to: usize, flows: u64) -> Edge {
        Edge {
            service,
            to,
            flows,
            evidence: Sentences::default(),
        }
    }

    #[test]
    fn labels_wrap_at_spaces_and_cut_what_does_not_fit() {
        assert_eq!(
            wrap("Cheshire West and Chester Council", 20, 2),
            ["Cheshire West and", "Chester Council"]
        );
        assert_eq!(
            wrap("Cheshire West and Chester Council", 20, 1),
            ["Cheshire West and C…"]
        );
    }

    #[test]
    fn bands_stack_without_overlap_and_widths_follow_flows() {
        let p = FlowPicture {
            org: "o".into(),
            name: "O".into(),
            services: vec![node("a"), node("b")],
            types: vec![node("x"), node("y")],
            edges: vec![edge(0, 0, 30), edge(0, 1, 10), edge(1, 0, 20)],
            note: None,
        };
        let l = layout(&p);
        // 60 flows over the 360-unit target: 6 units a flow.
        assert_eq!(l.unit, 6.0);
        assert_eq!(l.bands[0].0, 180.0);
        assert_eq!(l.bands[1].0, 60.0);
        // The two bands out of service a are stacked: the second starts where the first ends.
        assert_eq!(l.bands[1].1, l.bands[0].1 + 180.0);
        // Into type x, a's band comes first and b's right under it.
        assert_eq!(l.bands[2].2, l.bands[0].2 + 180.0);
        // Boxes do not overlap and keep their gap.
        assert!(l.services[1].y >= l.services[0].y + l.services[0].h + GAP);
        assert!(l.height >= l.services[1].y + l.services[1].h);
    }
}
