//! A notice's text as a document: its title, its headings, its lists with the sentence that
//! introduces each, its sentences, and the lines that are no prose of the notice — a `source:`
//! line, page furniture above the title, navigation and link lists, postal addresses.
//!
//! Notices come as plain text with one paragraph, heading or list item per line (list items
//! start with a bullet); some put blank lines between blocks, some none. Nothing here reads
//! what a sentence means: the readers of each kind of fact do, with the context this module
//! gives every sentence (the heading of its section, the sentence introducing its list).

use super::text::{has_contact_detail, has_postcode};
use crate::model::fold_space;

/// What a line of the notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Nothing on it.
    Blank,
    /// Not the notice's prose: a `source:` line, page furniture above the title.
    Skipped,
    /// The document's title.
    Title,
    /// A heading: short, no closing punctuation, or a question.
    Heading,
    /// A link or navigation label ("Read more about …", a list of page names).
    Navigation,
    /// A line of a postal address.
    Address,
    /// A list item (it started with a bullet).
    Item,
    /// The rest of the list item above it, wrapped onto its own line.
    Continuation,
    /// A paragraph.
    Text,
}

/// One line, trimmed, without its bullet.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// The text.
    pub text: String,
    /// What it is.
    pub kind: LineKind,
}

/// A heading, and whether anything stands under it before the next heading.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    /// The heading's words.
    pub text: String,
    /// Whether the section has content (a question left unanswered has none).
    pub answered: bool,
}

/// One sentence of prose, with its place in the document.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// The sentence as the notice words it, white space collapsed.
    pub text: String,
    /// `text` in ASCII lower case: byte offsets are the same in both.
    pub lower: String,
    /// The heading of its section (in [`Document::headings`]).
    pub heading: Option<usize>,
    /// For a list item: the sentence introducing the list (in [`Document::sentences`]).
    pub intro: Option<usize>,
    /// Whether it is (part of) a list item.
    pub item: bool,
    /// Its paragraph or item: sentences with the same number follow each other in the text.
    pub block: usize,
}

/// The notice read as a document.
#[derive(Debug, Clone, Default)]
pub(super) struct Document {
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// Every line, classified.
    pub lines: Vec<Line>,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// The sentences of prose, in order.
    pub sentences: Vec<Sentence>,
    /// The whole text, white space collapsed: what a quote is checked against.
    collapsed: String,
}

impl Document {
    /// Whether `quote` occurs in the notice as the loader compares quotes (white space
    /// loosely), for a quote made of two sentences.
    pub(crate) fn verbatim(&self, quote: &str) -> bool {
        self.collapsed.contains(&fold_space(quote))
    }
}

/// Bullets that open a list item.
const BULLETS: [char; 10] = ['-', '•', '*', '·', '–', '—', '▪', '◦', '●', '‣'];

/// The line without its bullet, and whether it had one. A number ("1. ", "2) ") counts as a
/// bullet only where the rest is not a heading (numbered headings are common).
fn strip_bullet(line: &str) -> (bool, &str) {
    let mut chars = line.chars();
    if let Some(c) = chars.next()
        && BULLETS.contains(&c)
    {
        let rest = chars.as_str();
        // "-" glued to a word is a hyphen ("-based"), not a bullet; a bullet sign alone is one.
        if c == '•' || c == '●' || c == '▪' || rest.starts_with(char::is_whitespace) {
            return (true, rest.trim_start());
        }
    }
    (false, line)
}

/// The rest of a line after a number such as "1. " or "2) ", if it has one.
fn after_number(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with(' ').then(|| rest.trim_start())
}

/// Words that mark page furniture rather than a notice's title.
const FURNITURE: [&str; 12] = [
    "skip to",
    "live chat",
    "cookie",
    "javascript",
    "sign in",
    "log in",
    "menu",
    "breadcrumb",
    "you are here",
    "search",
    "accessibility",
    "back to",
];

/// Words that open a navigation line ("Read more about how we use cookies").
const NAVIGATION: [&str; 17] = [
    "read more",
    "find out more",
    "learn more",
    "see also",
    "see our",
    "see the",
    "click here",
    "click on",
    "visit our",
    "go to",
    "back to",
    "skip to",
    "share this",
    "print this",
    "related ",
    "was this page",
    "thank you for your feedback",
];

/// Words a notice's title usually holds.
const TITLE_WORDS: [&str; 7] = [
    "privacy",
    "notice",
    "policy",
    "data protection",
    "personal information",
    "your information",
    "your data",
];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Short, opening with a capital or a number, no closing punctuation unless a question mark,
/// no contact details: the shape of a heading.
fn heading_shaped(s: &str) -> bool {
    let words = word_count(s);
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_ascii_digit() || "‘'\"“".contains(first)) {
        return false;
    }
    if s.chars().count() > 160 || has_contact_detail(s) || split_sentences(s).len() > 1 {
        return false;
    }
    if s.ends_with('?') {
        return words <= 20;
    }
    let last = s.chars().last().unwrap_or(' ');
    !".,;:".contains(last) && words <= 10
}

/// A label of a link list: a few capitalised words ("Troubled Families Evaluation").
fn title_cased(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && !s.ends_with(['.', ',', ';', ':'])
        && words
            .iter()
            .all(|w| w.chars().count() < 4 || w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

fn is_navigation(s: &str) -> bool {
    let lower = s.to_lowercase();
    word_count(s) <= 15 && NAVIGATION.iter().any(|n| lower.starts_with(n))
}

/// Reads `text` as a document.
pub(crate) fn read(text: &str) -> Document {
    let raw: Vec<(bool, String)> = text
        .lines()
        .map(|l| {
            let (bullet, rest) = strip_bullet(l.trim());
            (bullet, rest.trim().to_string())
        })
        .collect();
    let mut kinds = classify(&raw);
    let title = find_title(&raw, &mut kinds);
    mark_link_lists(&raw, &mut kinds);
    let lines: Vec<Line> = raw
        .into_iter()
        .zip(kinds)
        .map(|((_, text), kind)| Line { text, kind })
        .collect();
    let (headings, sentences) = prose(&lines);
    Document {
        title,
        lines,
        headings,
        sentences,
        collapsed: fold_space(text),
    }
}

/// The kind of every line, before the title and link lists are known.
fn classify(raw: &[(bool, String)]) -> Vec<LineKind> {
    let blank = |i: usize| raw.get(i).is_none_or(|(_, t)| t.is_empty());
    let non_blank = raw.iter().filter(|(_, t)| !t.is_empty()).count();
    // Notices without blank lines between blocks: a heading cannot be told by them.
    let dense = raw.len() - non_blank < non_blank / 10 + 1;
    let mut kinds = vec![LineKind::Text; raw.len()];
    let mut seen_text = false;
    for (i, (bullet, t)) in raw.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| kinds[p]);
        kinds[i] = if t.is_empty() {
            LineKind::Blank
        } else if !seen_text && t.to_lowercase().starts_with("source:") {
            LineKind::Skipped
        } else if *bullet {
            LineKind::Item
        } else if matches!(prev, Some(LineKind::Item | LineKind::Continuation))
            && (raw[i - 1].1.ends_with([',', '–', '-'])
                || t.starts_with(|c: char| c.is_lowercase()))
        {
            LineKind::Continuation
        } else if is_navigation(t) {
            LineKind::Navigation
        } else if let Some(rest) = after_number(t) {
            if heading_shaped(rest) {
                LineKind::Heading
            } else {
                LineKind::Item
            }
        } else if heading_shaped(t)
            && (dense || t.ends_with('?') || i == 0 || blank(i - 1) || blank(i + 1))
        {
            LineKind::Heading
        } else {
            LineKind::Text
        };
        seen_text |= !t.is_empty();
    }
    mark_addresses(raw, &mut kinds);
    kinds
}

/// Marks the lines of postal addresses: the line with a postcode and the short lines just
/// above it ("The Data Protection Officer,", "102 Petty France", "London").
fn mark_addresses(raw: &[(bool, String)], kinds: &mut [LineKind]) {
    for i in 0..raw.len() {
        let t = &raw[i].1;
        if !has_postcode(t) || word_count(t) > 25 {
            continue;
        }
        kinds[i] = LineKind::Address;
        // An address written on one line ("Post: Data Protection Officer, The Portal, …").
        if t.matches(',').count() >= 2 || raw[i].0 {
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 7 {
            let (bullet, above) = &raw[j - 1];
            let opens = above.ends_with([':', '.', '?']) || above.is_empty();
            if opens || word_count(above) > 8 {
                break;
            }
            j -= 1;
            kinds[j] = LineKind::Address;
            if *bullet {
                break;
            }
        }
    }
}

/// Finds the title among the first lines: the first that reads like one ("… privacy
/// notice"), else the first heading-shaped line that is no page furniture. The lines above it
/// are skipped.
fn find_title(raw: &[(bool, String)], kinds: &mut [LineKind]) -> Option<String> {
    let candidates: Vec<usize> = (0..raw.len())
        .filter(|&i| !matches!(kinds[i], LineKind::Blank | LineKind::Skipped))
        .take(12)
        .filter(|&i| {
            let (bullet, t) = &raw[i];
            let lower = t.to_lowercase();
            !bullet
                && word_count(t) <= 20
                && !t.ends_with(['.', ',', ';', ':'])
                && !has_contact_detail(t)
                && !FURNITURE.iter().any(|f| lower.contains(f))
        })
        .collect();
    let named = candidates.iter().copied().find(|&i| {
        let lower = raw[i].1.to_lowercase();
        TITLE_WORDS.iter().any(|w| lower.contains(w))
    });
    let first_prose = (0..raw.len())
        .find(|&i| matches!(kinds[i], LineKind::Text | LineKind::Item))
        .unwrap_or(raw.len());
    let chosen = named.or_else(|| {
        candidates
            .iter()
            .copied()
            .find(|&i| i < first_prose && heading_shaped(&raw[i].1))
    })?;
    for k in kinds.iter_mut().take(chosen) {
        if *k != LineKind::Blank {
            *k = LineKind::Skipped;
        }
    }
    kinds[chosen] = LineKind::Title;
    Some(fold_space(&raw[chosen].1))
}

/// Marks lists of link labels: items after a heading (not after a sentence that introduces
/// them), each a few capitalised words ("Adults", "Troubled Families Evaluation").
fn mark_link_lists(raw: &[(bool, String)], kinds: &mut [LineKind]) {
    let mut i = 0;
    while i < raw.len() {
        if kinds[i] != LineKind::Item {
            i += 1;
            continue;
        }
        let start = i;
        while i < raw.len() && matches!(kinds[i], LineKind::Item | LineKind::Continuation) {
            i += 1;
        }
        let introduced = (0..start)
            .rev()
            .find(|&j| kinds[j] != LineKind::Blank)
            .is_some_and(|j| kinds[j] == LineKind::Text);
        let labels = (start..i).all(|j| kinds[j] == LineKind::Item && title_cased(&raw[j].1));
        if !introduced && labels && i - start >= 2 {
            for k in &mut kinds[start..i] {
                *k = LineKind::Navigation;
            }
        }
    }
}

/// The headings and sentences of the classified lines.
fn prose(lines: &[Line]) -> (Vec<Heading>, Vec<Sentence>) {
    let mut headings: Vec<Heading> = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut intro: Option<usize> = None;
    let mut last_text: Option<usize> = None;
    let mut block = 0;
    let mut i = 0;
    while i < lines.len() {
        let kind = lines[i].kind;
        match kind {
            LineKind::Heading => {
                headings.push(Heading {
                    text: fold_space(&lines[i].text),
                    answered: false,
                });
                last_text = None;
                intro = None;
            }
            LineKind::Text | LineKind::Item | LineKind::Continuation => {
                if let Some(h) = headings.last_mut() {
                    h.answered = true;
                }
                let item = kind != LineKind::Text;
                let mut text = lines[i].text.clone();
                while item
                    && lines
                        .get(i + 1)
                        .is_some_and(|l| l.kind == LineKind::Continuation)
                {
                    i += 1;
                    text.push(' ');
                    text.push_str(&lines[i].text);
                }
                if item && intro.is_none() {
                    intro = last_text;
                }
                if !item {
                    intro = None;
                }
                block += 1;
                let first = sentences.len();
                for s in split_sentences(&fold_space(&text)) {
                    sentences.push(Sentence {
                        lower: s.to_ascii_lowercase(),
                        text: s,
                        heading: headings.len().checked_sub(1),
                        intro: if item { intro } else { None },
                        item,
                        block,
                    });
                }
                if !item && sentences.len() > first {
                    last_text = Some(sentences.len() - 1);
                }
            }
            LineKind::Address => {
                if let Some(h) = headings.last_mut() {
                    h.answered = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (headings, sentences)
}

/// The longest sentence read, in bytes: a notice's sentences are far shorter; a longer run
/// without a full stop (a page that lost its punctuation, junk) is cut at a space, so that the
/// work on any sentence is bounded.
const MAX_SENTENCE: usize = 1500;

/// Cuts a paragraph into sentences: after `.`, `?` or `!` followed by a space (or nothing) and
/// a capital letter, and after a full stop glued to the next sentence ("profession.We keep").
pub(crate) fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let window = {
            let mut w = MAX_SENTENCE.min(rest.len());
            while !rest.is_char_boundary(w) {
                w -= 1;
            }
            w
        };
        let cut = rest[..window]
            .char_indices()
            .find(|&(i, c)| {
                if !matches!(c, '.' | '?' | '!') {
                    return false;
                }
                let before = rest[..i].chars().next_back();
                let mut after = rest[i + c.len_utf8()..].chars();
                match after.next() {
                    Some(' ') => after.next().is_some_and(char::is_uppercase),
                    Some(n) => {
                        c == '.'
                            && n.is_uppercase()
                            && before.is_some_and(char::is_lowercase)
                            && after.next().is_some_and(char::is_lowercase)
                    }
                    None => false,
                }
            })
            .map_or_else(
                || {
                    if window == rest.len() {
                        window
                    } else {
                        rest[..window]
                            .rfind(' ')
                            .filter(|&i| i > 0)
                            .unwrap_or(window)
                    }
                },
                |(i, c)| i + c.len_utf8(),
            );
        let cut = cut.max(1).min(rest.len());
        let cut = (cut..=rest.len())
            .find(|&i| rest.is_char_boundary(i))
            .unwrap_or(rest.len());
        let s = rest[..cut].trim();
        if !s.is_empty() {
            out.push(s.to_string());
        }
        rest = &rest[cut..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<(LineKind, &str)> {
        doc.lines
            .iter()
            .filter(|l| l.kind != LineKind::Blank)
            .map(|l| (l.kind, l.text.as_str()))
            .collect()
    }

    #[test]
    fn sentences_split_at_full_stops_and_keep_abbreviations() {
        assert_eq!(
            split_sentences("We share it. Then we keep it. Art. 6 applies, e.g. here."),
            [
                "We share it.",
                "Then we keep it.",
                "Art. 6 applies, e.g. here."
            ]
        );
        assert_eq!(
            split_sentences("the teaching profession.We keep it on GOV.UK for you."),
            ["the teaching profession.", "We keep it on GOV.UK for you."]
        );
    }

    #[test]
    fn the_title_is_below_a_source_line_and_page_furniture() {
        let doc = read(
            "source: some/repo/privacy.html (commit 1234)\n\nSkip to main content\n\nLive chat software\n\nPrivacy notice for the Early Help Hub\n\nWe collect your name.\n",
        );
        assert_eq!(
            doc.title.as_deref(),
            Some("Privacy notice for the Early Help Hub")
        );
        assert_eq!(doc.lines[0].kind, LineKind::Skipped);
        assert_eq!(doc.sentences.len(), 1);
    }

    #[test]
    fn without_a_notice_word_the_first_heading_is_the_title() {
        let doc = read("Children's services\n\nWe collect your name.\n");
        assert_eq!(doc.title.as_deref(), Some("Children's services"));
        let doc = read("We collect your name and keep it.\n");
        assert_eq!(doc.title, None);
    }

    #[test]
    fn headings_lists_and_their_introductions() {
        let doc = read(
            "Privacy notice\n\nWho we share with\n\nWe share your information with:\n\n- the police\n- local councils, who help\nwith housing\n\nHow long we keep it\n\nWe keep it for six years.\n",
        );
        assert_eq!(doc.headings.len(), 2);
        let items: Vec<&Sentence> = doc.sentences.iter().filter(|s| s.item).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].text, "local councils, who help with housing");
        let intro = items[0].intro.map(|i| doc.sentences[i].text.as_str());
        assert_eq!(intro, Some("We share your information with:"));
        assert_eq!(items[0].heading, Some(0));
        assert_eq!(doc.sentences.last().and_then(|s| s.heading), Some(1));
    }

    #[test]
    fn a_list_of_link_labels_is_navigation_and_read_more_lines_too() {
        let doc = read(
            "Privacy notice\n\nRelated pages\n\n- Adults\n- Troubled Families Evaluation\n- Children\n\nRead more about how we use cookies.\n\nWhere we get information from\n\n- Directly from you\n",
        );
        let k = kinds(&doc);
        assert!(k.contains(&(LineKind::Navigation, "Adults")));
        assert!(k.contains(&(LineKind::Navigation, "Troubled Families Evaluation")));
        assert!(k.contains(&(LineKind::Navigation, "Read more about how we use cookies.")));
        assert!(k.contains(&(LineKind::Item, "Directly from you")));
    }

    #[test]
    fn address_lines_are_not_prose() {
        let doc = read(
            "Privacy notice\n\nContact our DPO at:\n\nThe Data Protection Officer\n102 Petty France\nLondon\nSW1H 9AJ\n\nPost: Data Protection Officer, The Portal, Wellington Road, Ellesmere Port, CH65 0BA\n",
        );
        let k = kinds(&doc);
        assert!(k.contains(&(LineKind::Address, "The Data Protection Officer")));
        assert!(k.contains(&(LineKind::Address, "SW1H 9AJ")));
        assert!(k.contains(&(LineKind::Text, "Contact our DPO at:")));
        assert_eq!(doc.sentences.len(), 1);
    }

    #[test]
    fn an_unanswered_question_is_a_heading_with_nothing_under_it() {
        let doc = read(
            "Privacy notice\n\nWill my data be transferred abroad?\n\n\nYour rights\n\nYou may ask for a copy.\n",
        );
        assert_eq!(doc.headings.len(), 2);
        assert!(!doc.headings[0].answered);
        assert!(doc.headings[1].answered);
    }

    #[test]
    fn numbered_headings_and_dense_notices() {
        let doc = read(
            "Privacy Notice\n1. Your data\nWe process the following personal data:\n- Name\n2. Purpose\nWe use it to help you.\n",
        );
        let k = kinds(&doc);
        assert!(k.contains(&(LineKind::Heading, "1. Your data")));
        assert!(k.contains(&(LineKind::Heading, "2. Purpose")));
        assert!(k.contains(&(LineKind::Item, "Name")));
    }
}
