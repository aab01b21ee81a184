//! Documents as Word files (`.docx`, Office Open XML), written with docx-rs: the title and
//! section headings in Word's own heading styles (so the navigation pane lists them), each
//! table with a shaded heading row, on landscape A4 pages. A DPIA author edits the draft in
//! Word, as the ICO's template is a Word document.

use super::cell_text;
use super::document::Document;
use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, Shading, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};

/// A4 in twentieths of a point, landscape: the DPIA's tables are wide.
const A4_LONG: u32 = 16838;
const A4_SHORT: u32 = 11906;
/// The text width between 14 mm margins on landscape A4, in twips.
const TEXT_WIDTH: usize = 16838 - 2 * 794;

/// Paragraphs of a cell: one per line of its text.
fn lines(text: &str, bold: bool) -> Vec<Paragraph> {
    text.split('\n')
        .map(|l| {
            let run = Run::new().add_text(l).size(18);
            let run = if bold { run.bold() } else { run };
            Paragraph::new().add_run(run)
        })
        .collect()
}

fn cell(text: &str, heading: bool) -> TableCell {
    let mut c = TableCell::new();
    for p in lines(text, heading) {
        c = c.add_paragraph(p);
    }
    if heading {
        c = c.shading(Shading::new().fill("DCE4F0"));
    }
    c
}

/// The document as the bytes of a `.docx` file.
pub(crate) fn docx(doc: &Document) -> Result<Vec<u8>, String> {
    let mut d = Docx::new()
        .page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin::new().top(794).bottom(794).left(794).right(794))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(36)
                .bold(),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(28)
                .bold()
                .color("1D4F91")
                .outline_lvl(0),
        );
    d = d.add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(&doc.title))
            .style("Title")
            .align(AlignmentType::Left),
    );
    for p in &doc.intro {
        d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(p)));
    }
    for s in &doc.sections {
        d = d.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&s.heading))
                .style("Heading1"),
        );
        let mut rows = vec![TableRow::new(
            s.table.columns.iter().map(|c| cell(c, true)).collect(),
        )];
        for r in &s.table.rows {
            rows.push(TableRow::new(
                r.iter().map(|v| cell(&cell_text(v), false)).collect(),
            ));
        }
        let n = s.table.columns.len().max(1);
        let table = Table::new(rows)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .set_grid(vec![TEXT_WIDTH / n; n]);
        d = d.add_table(table).add_paragraph(Paragraph::new());
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| format!("cannot make the Word document: {e}"))?;
    Ok(out.into_inner())
}
