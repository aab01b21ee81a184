//! The terminal views of a result: a table fitted to the terminal's width, as duckdb's box
//! mode fits one, or one field per line.
//!
//! A table wider than the terminal has its widest text columns shortened with "…", the widest
//! first, until it fits (numbers and headings are never cut; the whole value stays in the
//! other formats, `.save` and `.source`). Only when even shortened columns do not fit is it
//! printed one field per line. The wrapped layout (`--format wrap`, `.mode wrap`) wraps long
//! cells onto several lines at spaces instead of shortening them. No layout breaks a word.

use comfy_table::{ContentArrangement, Table as Comfy, presets};

/// How a terminal view lays out its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A table, its widest text columns shortened to fit the terminal.
    Fit,
    /// A table, its long cells wrapped at spaces to fit the terminal.
    Wrap,
    /// One field per line.
    Vertical,
}

/// The narrowest a shortened column becomes (its heading may keep it wider).
const MIN_COLUMN: usize = 8;

/// The rows of a terminal view as text, and which columns hold only numbers.
pub(crate) struct TextRows<'a> {
    /// Column names.
    pub columns: &'a [String],
    /// The cells' text.
    pub rows: &'a [Vec<String>],
    /// Per column: every value is a number (or missing), so it is right-aligned.
    pub numeric: &'a [bool],
}

/// The rows laid out: a table fitted to `width` by `layout`, or one field per line when
/// the layout asks for it or even shortened columns do not fit. Without a width (not a
/// terminal), a table at its natural width.
pub(crate) fn body(t: &TextRows<'_>, width: Option<u16>, layout: Layout) -> String {
    if layout == Layout::Vertical {
        return line_text(t, width);
    }
    let Some(w) = width else {
        return table_text(t, None, layout);
    };
    let natural = natural_widths(t);
    let mins = min_widths(t, &natural, layout);
    match fit(&natural, &mins, usize::from(w)) {
        Some(widths) if widths == natural => table_text(t, None, layout),
        Some(widths) => table_text(t, Some(&widths), layout),
        None => line_text(t, width),
    }
}

/// The width of text in terminal columns (comfy-table measures the same way for the
/// characters basis prints).
pub(crate) fn display_width(text: &str) -> usize {
    text.chars().count()
}

/// Each column as wide as its heading or its widest line of text.
fn natural_widths(t: &TextRows<'_>) -> Vec<usize> {
    t.columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = t.rows.iter().filter_map(|r| r.get(i));
            let widest = cells
                .flat_map(|v| v.split('\n'))
                .map(display_width)
                .max()
                .unwrap_or(0);
            widest.max(display_width(c))
        })
        .collect()
}

/// How narrow each column may become: numbers never; text to [`MIN_COLUMN`] or its heading
/// when shortened, to its longest word (or part of a hyphenated one) when wrapped.
fn min_widths(t: &TextRows<'_>, natural: &[usize], layout: Layout) -> Vec<usize> {
    natural
        .iter()
        .enumerate()
        .map(|(i, &nat)| {
            if t.numeric.get(i).copied().unwrap_or(false) {
                return nat;
            }
            let heading = t.columns.get(i).map_or(0, |c| display_width(c));
            let floor = match layout {
                Layout::Wrap => t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .flat_map(|v| v.split_whitespace())
                    .flat_map(pieces)
                    .map(display_width)
                    .max()
                    .unwrap_or(0)
                    .max(heading),
                _ => heading.max(MIN_COLUMN),
            };
            floor.min(nat)
        })
        .collect()
}

/// Column widths within `width`: the widest columns brought down to one level, as high as
/// fits, none below its minimum; `None` when even the minimums do not fit.
fn fit(natural: &[usize], mins: &[usize], width: usize) -> Option<Vec<usize>> {
    // `│ a ┆ b │`: two spaces and a rule per column, and the closing rule.
    let frame = 3 * natural.len() + 1;
    let at = |level: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(mins)
            .map(|(&n, &m)| n.min(level).max(m))
            .collect()
    };
    let total = |ws: &[usize]| ws.iter().sum::<usize>() + frame;
    let widest = natural.iter().copied().max().unwrap_or(0);
    if total(natural) <= width {
        return Some(natural.to_vec());
    }
    if total(&at(0)) > width {
        return None;
    }
    // The highest level that fits: total(at(level)) grows with level.
    let (mut lo, mut hi) = (0, widest);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if total(&at(mid)) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(at(lo))
}

/// A table; with `widths`, each cell shortened (or, wrapped) to its column's width.
fn table_text(t: &TextRows<'_>, widths: Option<&[usize]>, layout: Layout) -> String {
    let mut table = Comfy::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.force_no_tty();
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(t.columns.to_vec());
    for r in t.rows {
        let cells: Vec<String> = match widths {
            None => r.clone(),
            Some(ws) => r
                .iter()
                .zip(ws)
                .map(|(v, &w)| match layout {
                    Layout::Wrap => wrap_hyphenated(v, w).join("\n"),
                    _ => shorten(v, w),
                })
                .collect(),
        };
        table.add_row(cells);
    }
    for (i, numeric) in t.numeric.iter().enumerate() {
        if *numeric && let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table.to_string()
}

/// `text` on one line, cut to `width` columns with "…" when longer.
fn shorten(text: &str, width: usize) -> String {
    let line = if text.contains('\n') {
        text.replace('\n', " ")
    } else {
        text.to_string()
    };
    if display_width(&line) <= width {
        return line;
    }
    let cut: String = line.chars().take(width.saturating_sub(1)).collect();
    // At the last space when that keeps most of the room, so the last word shown is whole.
    let at_space = cut
        .rfind(' ')
        .filter(|&i| display_width(&cut[..i]) * 3 >= width * 2);
    let kept = at_space.map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", kept.trim_end())
}

/// One field per line, names right-aligned, values wrapped at spaces to `width` (a word
/// longer than the line is left whole); a blank line between rows.
fn line_text(t: &TextRows<'_>, width: Option<u16>) -> String {
    let label = t
        .columns
        .iter()
        .map(|c| display_width(c))
        .max()
        .unwrap_or(0);
    let avail = width.map(|w| usize::from(w).saturating_sub(label + 3).max(20));
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (name, value) in t.columns.iter().zip(row) {
            let lines = wrap(value, avail);
            for (j, l) in lines.iter().enumerate() {
                if j == 0 {
                    out.push_str(&format!("{name:>label$} = {l}\n"));
                } else {
                    out.push_str(&format!("{:label$}   {l}\n", ""));
                }
            }
        }
    }
    // The caller adds its own line break before the row count.
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

/// `text` in lines of at most `width` characters, broken at white space only.
pub(crate) fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let Some(w) = width else {
            lines.push(para.to_string());
            continue;
        };
        let mut line = String::new();
        for word in para.split_whitespace() {
            let n = display_width(&line);
            if n > 0 && n + 1 + display_width(word) > w {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A word in the parts a line may end after: `cheshire-`, `west` (a hyphen stays with the
/// part before it, as in typeset text).
fn pieces(word: &str) -> impl Iterator<Item = &str> {
    word.split_inclusive('-')
}

/// `text` in lines of at most `width` characters, broken at white space or after a hyphen
/// (`cheshire-and-wirral-` / `partnership`), never inside a word; a part longer than the line
/// is left whole.
fn wrap_hyphenated(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            for (j, piece) in pieces(word).enumerate() {
                let gap = usize::from(j == 0 && !line.is_empty());
                let n = display_width(&line);
                if n > 0 && n + gap + display_width(piece) > width {
                    lines.push(std::mem::take(&mut line));
                } else if gap == 1 {
                    line.push(' ');
                }
                line.push_str(piece);
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> (Vec<String>, Vec<Vec<String>>, Vec<bool>) {
        let columns = vec!["id".to_string(), "quote".to_string(), "n".to_string()];
        let rows = vec![
            vec![
                "cheshire-west".to_string(),
                "we share information with the police and other partners".to_string(),
                "12".to_string(),
            ],
            vec!["x".to_string(), "short".to_string(), "3".to_string()],
        ];
        (columns, rows, vec![false, false, true])
    }

    #[test]
    fn the_widest_text_column_is_shortened_first_and_numbers_never() {
        let (columns, rows, numeric) = rows();
        let t = TextRows {
            columns: &columns,
            rows: &rows,
            numeric: &numeric,
        };
        let text = body(&t, Some(50), Layout::Fit);
        for line in text.lines() {
            assert!(display_width(line) <= 50, "{line}\n{text}");
        }
        assert!(
            text.contains("│ cheshire-west ┆ we share information… ┆ 12 │"),
            "{text}"
        );
        // Wrapped: the whole quote, over several lines, no word broken.
        let text = body(&t, Some(50), Layout::Wrap);
        assert!(
            text.contains("┆ we share information with ┆ 12 │\n│               ┆ the police and other      ┆    │"),
            "{text}"
        );
        assert!(text.lines().all(|l| display_width(l) <= 50), "{text}");
        // Too narrow even shortened: one field per line.
        let text = body(&t, Some(20), Layout::Fit);
        assert!(text.starts_with("   id = cheshire-west\n"), "{text}");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_after_hyphens_only() {
        assert_eq!(
            wrap_hyphenated("cheshire-and-wirral-partnership trust", 20),
            ["cheshire-and-wirral-", "partnership trust"]
        );
        assert_eq!(wrap_hyphenated("a b c", 3), ["a b", "c"]);
        assert_eq!(wrap_hyphenated("unbreakable", 4), ["unbreakable"]);
    }

    #[test]
    fn fit_brings_the_widest_down_to_one_level() {
        assert_eq!(fit(&[10, 40, 30], &[8, 8, 8], 200), Some(vec![10, 40, 30]));
        // 10 + 2 * 25 + 10 (frame) = 70.
        assert_eq!(fit(&[10, 40, 30], &[8, 8, 8], 70), Some(vec![10, 25, 25]));
        assert_eq!(fit(&[10, 40, 30], &[8, 8, 8], 30), None);
    }
}
