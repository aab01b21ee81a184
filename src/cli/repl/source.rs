//! `.source N`: the whole notice sentence(s) behind row N of the last result, found by looking
//! the row's quote up in the text of its notice.

use crate::model::Model;
use crate::output::{Table, cell_text};
use nu_ansi_term::Style;

/// One sentence shown, with what of the row it backs and its notice.
type Shown<'m> = (Vec<String>, &'m crate::model::Notice, String);

/// The text `.source N` prints for `tables` (the last result), or why it cannot.
pub(super) fn source(
    tables: Option<&[Table]>,
    arg: &str,
    model: &Model,
    color: bool,
) -> Result<String, String> {
    let usage = "usage: .source N — the notice sentence behind row N (from 1) of the last result";
    let n: usize = match arg.trim().parse() {
        Ok(n) => n,
        Err(_) => return Err(usage.to_string()),
    };
    let Some(tables) = tables else {
        return Err("no result yet: run a query, then `.source N` for one of its rows".into());
    };
    let (table, row) = row_of(tables, n)?;
    let items = evidence(table, row);
    if items.is_empty() {
        return Err(format!("row {n} has no source quote"));
    }
    let shown = sentences(&items, model, n, color)?;
    Ok(print(&shown, n))
}

/// Row `n` (from 1) of the table of `tables` that has evidence columns.
fn row_of(tables: &[Table], n: usize) -> Result<(&Table, &Vec<serde_json::Value>), String> {
    let evidence = tables.iter().find(|t| {
        t.columns.iter().any(|c| c == "notice") && t.columns.iter().any(|c| c == "quote")
    });
    let Some(table) = evidence else {
        return Err(
            "the last result has no evidence columns (notice, quote): `.source` works on \
             rows of flows, recipients, services, bases, … — not on counts, comparisons, paths \
             or plans"
                .into(),
        );
    };
    let rows = table.rows.len();
    let Some(row) = n.checked_sub(1).and_then(|i| table.rows.get(i)) else {
        return Err(match rows {
            0 => "the last result has no rows".to_string(),
            1 => format!("row {n} is out of range: the last result has 1 row"),
            _ => format!("row {n} is out of range: the last result has rows 1 to {rows}"),
        });
    };
    Ok((table, row))
}

/// Every sentence the row rests on, as (what it backs, notice, quote).
fn evidence(table: &Table, row: &[serde_json::Value]) -> Vec<(String, String, String)> {
    let cell = |name: &str| {
        table
            .columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| row.get(i))
    };
    // Every sentence the row rests on: the `evidence` column when the result has one (the
    // session asks for it), else the row's notice and quote — one pair per hop of a path.
    let mut items: Vec<(String, String, String)> = Vec::new();
    if let Some(serde_json::Value::Array(ev)) = cell("evidence") {
        for e in ev {
            let field = |k: &str| e.get(k).map(cell_text).unwrap_or_default();
            items.push((field("about"), field("notice"), field("quote")));
        }
    }
    if items.is_empty() {
        match (cell("notice"), cell("quote")) {
            (Some(serde_json::Value::Array(ns)), Some(serde_json::Value::Array(qs))) => {
                for (k, (n, q)) in ns.iter().zip(qs).enumerate() {
                    items.push((format!("hop {}", k + 1), cell_text(n), cell_text(q)));
                }
            }
            (Some(n), Some(q)) => items.push((String::new(), cell_text(n), cell_text(q))),
            _ => {}
        }
    }
    items.retain(|(_, n, q)| !n.is_empty() && !q.is_empty());
    items
}

/// The sentences of `items` in their notices, each shown once.
fn sentences<'m>(
    items: &[(String, String, String)],
    model: &'m Model,
    n: usize,
    color: bool,
) -> Result<Vec<Shown<'m>>, String> {
    // Quotes of one sentence (two categories quoted from one list item) are shown once.
    let mut shown: Vec<Shown<'m>> = Vec::new();
    for (about, notice_id, quote) in items {
        let Some(notice) = model.notices.iter().find(|x| &x.id == notice_id) else {
            return Err(format!(
                "notice `{notice_id}` of row {n} is not in the loaded data (was other data \
                 loaded with .data since?)"
            ));
        };
        let text = sentence(&notice.text, quote, color);
        match shown
            .iter_mut()
            .find(|(_, m, t)| m.id == notice.id && *t == text)
        {
            Some((abouts, _, _)) => {
                if !about.is_empty() && !abouts.contains(about) {
                    abouts.push(about.clone());
                }
            }
            None => shown.push((
                [about.clone()]
                    .into_iter()
                    .filter(|a| !a.is_empty())
                    .collect(),
                notice,
                text,
            )),
        }
    }
    Ok(shown)
}

/// The text of the sentences shown for row `n`.
fn print(shown: &[Shown<'_>], n: usize) -> String {
    let mut out = String::new();
    let several = shown.len() > 1;
    if several {
        out.push_str(&format!("row {n} rests on {} sentences:\n\n", shown.len()));
    }
    for (k, (abouts, notice, text)) in shown.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if several {
            let what = if abouts.is_empty() {
                String::new()
            } else {
                format!(" [{}]", abouts.join(", "))
            };
            out.push_str(&format!(
                "{}.{what} {} — {} (notices/{})\n\n",
                k + 1,
                notice.id,
                notice.title,
                notice.file
            ));
        } else {
            out.push_str(&format!(
                "row {n}: {} — {} (notices/{})\n\n",
                notice.id, notice.title, notice.file
            ));
        }
        out.push_str(text);
    }
    out
}

/// The notice sentence(s) holding `quote`, the quote in bold, as `.source` prints them.
fn sentence(text: &str, quote: &str, color: bool) -> String {
    let mut out = String::new();
    match find_quote(text, quote) {
        Some((qs, qe)) => {
            let (ss, se) = sentence_around(text, qs, qe);
            let intro = list_intro(text, ss);
            if let Some(intro) = &intro {
                out.push_str(&format!("  {intro}\n  …\n"));
            }
            let bullet = if intro.is_some() { "• " } else { "" };
            let bold = |s: &str| {
                if color {
                    Style::new().bold().paint(s).to_string()
                } else {
                    s.to_string()
                }
            };
            let sentence = format!("{}{}{}", &text[ss..qs], bold(&text[qs..qe]), &text[qe..se]);
            out.push_str(&format!("  {bullet}{}\n", sentence.trim()));
        }
        None => out.push_str(&format!(
            "  “{quote}”\n  (this quote is not found word for word in the notice text)\n"
        )),
    }
    out
}

/// The byte range of `quote` in `text`, matching white space loosely (as the loader does).
pub(super) fn find_quote(text: &str, quote: &str) -> Option<(usize, usize)> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let wanted = words.join(" ");
    // The text with white space collapsed, and where each of its bytes came from.
    let mut norm = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space && !norm.is_empty() {
                norm.push(' ');
                from.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        norm.push(c);
        from.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    let at = norm.find(&wanted)?;
    let last = *from.get(at + wanted.len() - 1)?;
    let last_len = text[last..].chars().next().map_or(1, char::len_utf8);
    Some((*from.get(at)?, last + last_len))
}

/// The sentence(s) holding `start..end`: from the previous sentence end or line break to the
/// next one. Bullet marks at the start are left out.
pub(super) fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut s = 0;
    let before = &text[..start];
    for (i, c) in before.char_indices().rev() {
        let next_is_space = before[i + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        if c == '\n' || (matches!(c, '.' | '!' | '?') && next_is_space) {
            s = i + c.len_utf8();
            break;
        }
    }
    let lead = text[s..start].len() - text[s..start].trim_start_matches(is_bullet_or_space).len();
    s += lead;
    let mut e = text.len();
    let ends_sentence = text[..end].ends_with(['.', '!', '?']);
    if ends_sentence {
        e = end;
    } else {
        let after = &text[end..];
        for (i, c) in after.char_indices() {
            let next_is_space = after[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
            if c == '\n' {
                e = end + i;
                break;
            }
            if matches!(c, '.' | '!' | '?') && next_is_space {
                e = end + i + c.len_utf8();
                break;
            }
        }
    }
    (s, e.max(s))
}

fn is_bullet_or_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '•' | '·' | '*' | '-' | '–' | '◦' | '▪')
}

/// When the sentence at `at` is an item of a bulleted list, the last sentence of the line that
/// introduces the list, so that the item reads in context.
fn list_intro(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let head = &text[line_start..at];
    if !head.trim().starts_with(['•', '·', '*', '◦', '▪']) {
        return None;
    }
    let intro = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .find(|l| !l.starts_with(['•', '·', '*', '◦', '▪']))?;
    let trimmed = intro.trim_end_matches(['.', ':']);
    let from = trimmed.rfind(". ").map_or(0, |i| i + 2);
    Some(intro[from..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Intro line.\n\nWe share it. Some partners may share your information\n  with others when the law says so. Next one.\n\nIt goes to:\n\n  • Cheshire police\n  • GPs\n";

    #[test]
    fn finds_quotes_across_line_breaks_and_expands_to_sentences() {
        let (s, e) = find_quote(TEXT, "share your information with others").unwrap_or_default();
        let (ss, se) = sentence_around(TEXT, s, e);
        assert_eq!(
            TEXT[ss..se]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            "Some partners may share your information with others when the law says so."
        );
    }

    #[test]
    fn list_items_come_with_their_introduction() {
        let (s, e) = find_quote(TEXT, "Cheshire police").unwrap_or_default();
        let (ss, se) = sentence_around(TEXT, s, e);
        assert_eq!(&TEXT[ss..se], "Cheshire police");
        assert_eq!(list_intro(TEXT, ss).as_deref(), Some("It goes to:"));
    }
}
