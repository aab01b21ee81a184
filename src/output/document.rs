//! Documents: a title, a few lines of introduction and titled tables, rendered as Markdown or
//! as one self-contained HTML page (inline CSS, readable on screen and when printed).

use super::{Table, cell_text};

/// A titled document of tables (a report such as the ROPA).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Document {
    /// The title (`# …`, `<h1>`).
    pub title: String,
    /// Paragraphs under the title.
    pub intro: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A heading and its table.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Section {
    /// The heading (`## …`, `<h2>`).
    pub heading: String,
    /// The table under it.
    pub table: Table,
}

/// Cells with this text (or "to complete", a DPIA's open question) are shown as a gap in the
/// record (italic, grey) in HTML.
const NOT_STATED: &str = "not stated";

impl Document {
    /// The document as GitHub Markdown.
    pub(crate) fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        for p in &self.intro {
            out.push_str(p);
            out.push_str("\n\n");
        }
        for s in &self.sections {
            out.push_str(&format!("## {}\n\n", s.heading));
            out.push_str(&super::markdown(&s.table));
            out.push('\n');
        }
        out
    }

    /// The document as one HTML page with its style inline.
    pub(crate) fn html(&self) -> String {
        let mut out = String::from(
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n",
        );
        out.push_str(&format!(
            "<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
            esc(&self.title)
        ));
        out.push_str(&format!("<h1>{}</h1>\n", esc(&self.title)));
        for p in &self.intro {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        for s in &self.sections {
            out.push_str(&format!(
                "<section>\n<h2>{}</h2>\n<table>\n<thead><tr>",
                esc(&s.heading)
            ));
            for c in &crate::table::unique_names(&s.table.columns) {
                out.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for r in &s.table.rows {
                out.push_str("<tr>");
                for (i, v) in r.iter().enumerate() {
                    let text = cell_text(v);
                    let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
                    let close = if i == 0 { "th" } else { "td" };
                    let class = if text.starts_with(NOT_STATED) || text.starts_with("to complete") {
                        " class=\"gap\""
                    } else {
                        ""
                    };
                    out.push_str(&format!("<{tag}{class}>{}</{close}>", esc(&text)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Text made safe for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Screen and print style: full-width tables, row headings in the first column, sections kept
/// on one page where they fit, colours kept when printed.
const CSS: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; margin: 2rem; color: #111; line-height: 1.35; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid #1d4f91; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #9aa5b1; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #1d4f91; color: #fff; }
tbody th { background: #eef2f7; width: 28%; font-weight: 600; }
td.gap, th.gap { color: #6b7280; font-style: italic; }
@media print {
  body { margin: 0; font-size: 9pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  thead th, tbody th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4; margin: 14mm; }
}
";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn html_escapes_and_marks_gaps() {
        let mut t = Table::new("t", &["column", "value"]);
        t.rows.push(vec![json!("a<b"), json!("not stated")]);
        let d = Document {
            title: "R & D".into(),
            intro: vec![],
            sections: vec![Section {
                heading: "S".into(),
                table: t,
            }],
        };
        let h = d.html();
        assert!(h.contains("<title>R &amp; D</title>"));
        assert!(h.contains("<th scope=\"row\">a&lt;b</th><td class=\"gap\">not stated</td>"));
        assert!(h.contains("@media print"));
    }
}
