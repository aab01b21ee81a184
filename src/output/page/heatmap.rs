//! The heatmap: an HTML table, one row per organisation, one column per special category,
//! condition and retention measure; shaded by share, flagged by symbol, evidence on hover.

use super::{Cell, ComparePage, Mark, esc, sentence_list};

/// A column heading longer than this is cut (the whole is its title).
const LABEL_CHARS: usize = 30;

/// Writes the heatmap section.
pub(super) fn write(out: &mut String, page: &ComparePage) {
    out.push_str(
        "<section id=\"heatmap\">\n<h2>Special-category data, conditions and retention</h2>\n",
    );
    out.push_str(
        "<p class=\"legend\">Each number counts the organisation’s flows (a service sending data to, \
         or getting it from, a party) with that category or condition; the darker the cell, the \
         larger its share of the organisation’s flows. \
         <span class=\"key nocond\">⊘</span> special-category or criminal-offence data with no \
         condition cited; <span class=\"key inferred\">≈</span> a condition the notice does not \
         cite, inferred by the encoder from its words; <span class=\"key noperiod\">○</span> no \
         retention period stated, only a schedule referred to. Hover over or focus (Tab) a cell for the sentences behind \
         it.</p>\n",
    );
    out.push_str(
        "<p class=\"legend\"><em>Flows in all</em> counts flows both ways — data sent to \
         recipients and data got from sources — while the flow pictures below draw the flows \
         out, to recipients, only.</p>\n",
    );
    out.push_str("<div class=\"scroll\">\n<table class=\"heat\">\n");
    out.push_str(
        "<caption>Organisations (rows) against special categories, Art. 9 conditions, Art. 10 \
         and DPA 2018 Sch. 1 conditions, and retention (columns)</caption>\n",
    );
    head(out, page);
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let columns: Vec<_> = page.groups.iter().flat_map(|g| &g.columns).collect();
    let half = columns.len() / 2;
    for row in &page.rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\" class=\"org\" data-org=\"{}\">{}<br><code>{}</code></th>",
            esc(&row.org),
            esc(&row.name),
            esc(&row.org)
        ));
        out.push_str(&format!(
            "<td class=\"total\" data-org=\"{}\" data-col=\"flows\" data-count=\"{}\">{}</td>",
            esc(&row.org),
            row.flows,
            row.flows
        ));
        for (i, (cell, col)) in row.cells.iter().zip(&columns).enumerate() {
            cell_html(out, &row.org, cell, &col.key, i >= half);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// The two heading rows: the groups, then their columns (cut to [`LABEL_CHARS`], the whole
/// label and its meaning in the title).
fn head(out: &mut String, page: &ComparePage) {
    out.push_str("<thead>\n<tr><th rowspan=\"2\" scope=\"col\" class=\"org\">Organisation</th>");
    out.push_str(
        "<th rowspan=\"2\" scope=\"col\" class=\"rot\" title=\"Flows in all: to recipients and \
         from sources\"><span>Flows in all (in and out)</span></th>",
    );
    for g in &page.groups {
        out.push_str(&format!(
            "<th colspan=\"{}\" scope=\"colgroup\" class=\"group\">{}</th>",
            g.columns.len().max(1),
            esc(&g.heading)
        ));
    }
    out.push_str("</tr>\n<tr>");
    for g in &page.groups {
        for c in &g.columns {
            out.push_str(&format!(
                "<th scope=\"col\" class=\"rot\" data-col=\"{}\" title=\"{}&#10;{}\"><span>{}</span></th>",
                esc(&c.key),
                esc(&c.label),
                esc(&c.meaning),
                esc(&super::super::abbreviate(&c.label, LABEL_CHARS))
            ));
        }
    }
}

/// One cell: shaded by its share, marked by its symbol, its sentences in a tooltip (opening
/// leftwards in the right half of the table).
fn cell_html(out: &mut String, org: &str, cell: &Cell, key: &str, right_half: bool) {
    let mut class = vec!["c"];
    match cell.mark {
        Mark::NoCondition => class.push("nocond"),
        Mark::NoPeriod => class.push("noperiod"),
        Mark::Inferred => class.push("inferred"),
        Mark::None => {}
    }
    if cell.count == Some(0) {
        class.push("zero");
    }
    if right_half {
        class.push("left");
    }
    let style = if cell.mark == Mark::None && cell.shade > 0.0 {
        let (bg, fg) = shade(cell.shade);
        format!(" style=\"background:{bg};color:{fg}\"")
    } else {
        String::new()
    };
    let count = cell
        .count
        .map(|n| format!(" data-count=\"{n}\""))
        .unwrap_or_default();
    let symbol = match cell.mark {
        Mark::None => String::new(),
        m => format!(
            "<span class=\"sym\" aria-hidden=\"true\">{}</span> ",
            m.symbol()
        ),
    };
    out.push_str(&format!(
        "<td class=\"{}\" data-org=\"{}\" data-col=\"{}\"{count}{style} tabindex=\"0\">\
         {symbol}<span class=\"v\">{}</span>\
         <div class=\"tip\" role=\"tooltip\"><strong>{}</strong>{}</div></td>",
        class.join(" "),
        esc(org),
        esc(key),
        esc(&cell.text),
        esc(&cell.note),
        sentence_list(&cell.evidence)
    ));
}

/// The background and text colour of a share `s` (0–1): pale to a deep blue, with whichever
/// text colour, black or white, contrasts more with it (WCAG 2 relative luminance).
fn shade(s: f64) -> (String, &'static str) {
    let s = s.clamp(0.0, 1.0);
    // Never quite white, so that a small share is still visibly not zero.
    let t = 0.12 + 0.88 * s;
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    let (r, g, b) = (mix(244.0, 29.0), mix(247.0, 79.0), mix(251.0, 145.0));
    let bg = luminance(r, g, b);
    let dark = 0.0;
    let fg = if contrast(1.0, bg) > contrast(bg, dark) {
        "#fff"
    } else {
        "#000"
    };
    (format!("#{r:02x}{g:02x}{b:02x}"), fg)
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance(r: u8, g: u8, b: u8) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of a lighter and a darker luminance.
fn contrast(light: f64, dark: f64) -> f64 {
    (light + 0.05) / (dark + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_light_to_dark_with_readable_text() {
        assert_eq!(shade(0.0), ("#dae3ee".to_string(), "#000"));
        assert_eq!(shade(1.0), ("#1d4f91".to_string(), "#fff"));
        // Every shade keeps its text at WCAG AA contrast (4.5:1) or better.
        for i in 0..=100 {
            let (bg, fg) = shade(f64::from(i) / 100.0);
            let hex = |k: usize| u8::from_str_radix(&bg[k..k + 2], 16).unwrap_or(0);
            let l = luminance(hex(1), hex(3), hex(5));
            let ratio = if fg == "#fff" {
                contrast(1.0, l)
            } else {
                contrast(l, 0.0)
            };
            assert!(ratio >= 4.5, "{bg} with {fg}: {ratio:.2}");
        }
    }
}
