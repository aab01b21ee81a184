//! Drafting defects a reviewer marks in any notice, whatever it is about: no date of issue or
//! review (BAS085), and terms-of-use wording that treats using a service as accepting the
//! processing, or changes to the notice as applying at once (BAS086), and a reference to a
//! section the notice does not hold (BAS018, whose other half is in `review`), and a passage
//! that appears twice (BAS088), and a list or sentence cut off (BAS089).
//!
//! Each rule reads the notice's wording through a [`Family`] of phrasings and decides per
//! notice.

use super::notice::rule;
use super::wording::{Family, Hit, Phrasing, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{NoticeIx, Service};

rule!(
    UNDATED,
    "BAS085",
    Info,
    "the notice gives no date of issue, last update or review",
    "UK GDPR Art. 12(1), 13; ICO guidance on the right to be informed (review privacy information and date it)"
);

rule!(
    ACCEPTANCE_BY_USE,
    "BAS086",
    Warning,
    "use of the service treated as acceptance of the processing, or changes to the notice said to apply at once",
    "UK GDPR Art. 4(11), 7(1), 13(3), 14(4), Recital 32; ICO guidance on the right to be informed"
);

rule!(
    REPEATED,
    "BAS088",
    Info,
    "a passage repeated word for word",
    "UK GDPR Art. 12(1) (concise, transparent, intelligible); ICO guidance on the right to be informed"
);

rule!(
    CUT_OFF,
    "BAS089",
    Info,
    "a list or sentence cut off",
    "UK GDPR Art. 12(1) (concise, transparent, intelligible); Art. 13(1)–(2)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (n, text, svc) in ctx.notice_texts() {
        undated(ctx, svc, text, out);
        acceptance_by_use(ctx, svc, n, text, out);
        missing_sections(ctx, svc, n, text, out);
        repeated(ctx, svc, n, text, out);
        cut_off(ctx, svc, n, text, out);
    }
}

/// How a line can stop before it has said what it started to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dangling {
    /// "and", "or": the list's last item is still to come.
    Conjunction,
    /// "including", "such as", "e.g.": the examples are still to come.
    Lead,
    /// A comma: the sentence goes on.
    Comma,
    /// A colon: what it introduces is still to come.
    Colon,
}

/// The words a line ends on, and how they leave it hanging.
fn dangling(line: &str) -> Option<(Dangling, &str)> {
    let lower = line.to_lowercase();
    let t = lower.trim_end();
    for (words, kind) in [
        ("and/or", Dangling::Conjunction),
        ("and", Dangling::Conjunction),
        ("or", Dangling::Conjunction),
        ("including", Dangling::Lead),
        ("include", Dangling::Lead),
        ("includes", Dangling::Lead),
        ("such as", Dangling::Lead),
        ("for example", Dangling::Lead),
        ("e.g.", Dangling::Lead),
        ("e.g", Dangling::Lead),
        ("eg", Dangling::Lead),
    ] {
        let before = t.len().checked_sub(words.len()).and_then(|i| t.get(..i));
        let at_word = before.is_some_and(|b| b.is_empty() || b.ends_with(' '));
        if t.ends_with(words) && at_word {
            let start = line.len() - words.len();
            return Some((kind, line.get(start..).unwrap_or(words)));
        }
    }
    if t.ends_with(',') {
        return Some((Dangling::Comma, ","));
    }
    (t.ends_with(':') || t.ends_with(":-")).then_some((Dangling::Colon, ":"))
}

/// Whether a line reads as a heading: a question, or a few words that start with a capital
/// and end without punctuation.
fn heading(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    t.ends_with('?')
        || (words <= 8
            && t.chars().next().is_some_and(char::is_uppercase)
            && t.chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == ')'))
}

/// The lines that stop short, each with the words it stops on and what follows, first first.
fn cut_lines(text: &str) -> Vec<(&str, &'static str, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let clean = |l: &'_ str| -> String {
        l.trim()
            .trim_start_matches(['•', '-', '*', '·', '–', '◦', '▪'])
            .trim()
            .to_string()
    };
    let mut out = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let body = raw
            .trim()
            .trim_start_matches(['•', '-', '*', '·', '–', '◦', '▪'])
            .trim();
        let Some((kind, words)) = dangling(body) else {
            continue;
        };
        let mut j = i + 1;
        while lines.get(j).is_some_and(|l| l.trim().is_empty()) {
            j += 1;
        }
        let blank = j > i + 1;
        let next = lines.get(j).copied();
        let what: Option<&'static str> = match next {
            None => Some("the end of the notice"),
            Some(n) if is_item(n) => {
                // An item that ends with "and" must be the last but one of its list, unless
                // every item but the last ends so (a style, not a cut).
                let after: Vec<&str> = lines[j..]
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .take_while(|l| is_item(l))
                    .copied()
                    .collect();
                let before = lines[..i]
                    .iter()
                    .rev()
                    .filter(|l| !l.trim().is_empty())
                    .take_while(|l| is_item(l));
                let joined =
                    |l: &&str| dangling(&clean(l)).is_some_and(|(k, _)| k == Dangling::Conjunction);
                let style = before
                    .chain(after.iter().take(after.len().saturating_sub(1)))
                    .all(joined);
                (kind == Dangling::Conjunction && is_item(raw) && after.len() >= 2 && !style)
                    .then_some("more items that do not complete it")
            }
            Some(n) => match kind {
                // A colon may introduce an address or a paragraph after a blank line; a
                // question after it is a new section ("the following details:" followed by a
                // question is BAS018's).
                Dangling::Colon => (n.trim().ends_with('?')
                    && !body.to_lowercase().contains("following"))
                .then_some("a new heading"),
                Dangling::Comma => blank.then_some("a blank line"),
                Dangling::Conjunction | Dangling::Lead => {
                    if blank {
                        Some("a blank line")
                    } else {
                        heading(n).then_some("a new heading")
                    }
                }
            },
        };
        if let Some(what) = what {
            let words: &'static str = match kind {
                Dangling::Comma => "a comma",
                Dangling::Colon => "a colon",
                Dangling::Conjunction if words.eq_ignore_ascii_case("or") => "“or”",
                Dangling::Conjunction => "“and”",
                Dangling::Lead => "a word that introduces examples",
            };
            out.push((body, words, what.to_string()));
        }
    }
    out
}

/// BAS089: one finding per notice, listing the lines cut off and quoting the first.
fn cut_off(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let cut = cut_lines(text);
    let Some((first, _, _)) = cut.first() else {
        return;
    };
    let listed: Vec<String> = cut
        .iter()
        .map(|(line, words, what)| format!("“{line}” ends with {words} and is followed by {what}"))
        .collect();
    out.push(ctx.finding_quoted(&CUT_OFF, Some(svc), notice, (*first).to_string(),
        format!("a list or sentence of the notice is cut off: {}", listed.join("; ")),
        "Complete the list or sentence (or remove the dangling word), and check that nothing the notice meant to say was lost."));
}

/// Whether a line of the notice is a list item.
fn is_item(line: &str) -> bool {
    line.trim_start()
        .starts_with(['•', '-', '*', '·', '–', '◦', '▪'])
}

/// The lines of `text` with the byte offset each starts at.
fn lines_at(text: &str) -> Vec<(usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n')
        .map(|l| {
            let here = at;
            at += l.len();
            (here, l.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// The words a passage needs to count as copied: shorter sentences ("This is compliant with
/// Education Acts 2002 and 2011.") recur by design, as do list items (the same basis listed
/// for each purpose, "name" in two lists of data).
const REPEAT_WORDS: usize = 15;

/// The passages of prose that appear more than once word for word (ignoring case, white space
/// and punctuation): sentences of [`REPEAT_WORDS`] words or more, and paragraphs (lines) of as
/// many words. Each is given by its first occurrence, in the order of the notice; a sentence
/// is not listed again inside a repeated paragraph.
fn repeated_passages(text: &str) -> Vec<&str> {
    let lines = lines_at(text);
    let item_at = |at: usize| {
        lines
            .iter()
            .rev()
            .find(|(start, _)| *start <= at)
            .is_some_and(|(_, l)| is_item(l))
    };
    // (words, passage, where): sentences, then paragraphs of more than one sentence.
    let mut units: Vec<(String, &str, usize)> = Vec::new();
    for s in sentences(text) {
        let words = words_of(s.text);
        if words.len() >= REPEAT_WORDS && !item_at(s.start) {
            units.push((words.join(" "), s.text, s.start));
        }
    }
    for (at, line) in &lines {
        let trimmed = line.trim();
        let words = words_of(trimmed);
        if words.len() >= REPEAT_WORDS && !is_item(line) && sentences(trimmed).len() > 1 {
            let lead = line.len() - line.trim_start().len();
            units.push((words.join(" "), trimmed, at + lead));
        }
    }
    let mut found: Vec<(&str, usize)> = Vec::new();
    for (i, (words, passage, at)) in units.iter().enumerate() {
        let first = units.iter().position(|u| u.0 == *words) == Some(i);
        let again = units.iter().filter(|u| u.0 == *words && u.2 != *at).count() > 0;
        if first && again {
            found.push((passage, *at));
        }
    }
    found.sort_by_key(|(_, at)| *at);
    let mut out: Vec<(&str, usize)> = Vec::new();
    for (passage, at) in found {
        let inside = out
            .iter()
            .any(|(p, a)| *a <= at && at + passage.len() <= a + p.len());
        if !inside {
            out.push((passage, at));
        }
    }
    out.into_iter().map(|(p, _)| p).collect()
}

/// BAS088: one finding per notice, listing the repeated passages and quoting the first.
fn repeated(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let passages = repeated_passages(text);
    let Some(first) = passages.first() else {
        return;
    };
    let listed: Vec<String> = passages.iter().map(|p| format!("“{p}”")).collect();
    out.push(ctx.finding_quoted(&REPEATED, Some(svc), notice, (*first).to_string(),
        format!("the notice gives {} twice, word for word: {}", if passages.len() == 1 { "this passage" } else { "these passages" }, listed.join("; ")),
        "Keep each passage once, in the section it belongs to; where a copy stands in for text that should say something else, write that text."));
}

/// A part of the notice referred to by its heading (the quoted forms first: "under the heading
/// ‘X’" is not a heading called "the").
static SECTION_REFERENCE: Family = Family::new(&[
    Phrasing {
        pattern: r#"\bthe (section|part|heading) (on|about|called|headed|entitled|titled|named) ['‘“"](?P<name>[^'‘’“”"]{2,80})['’”"]"#,
        why: "“the section called ‘X’”: a heading named in quotation marks",
    },
    Phrasing {
        pattern: r#"\bunder the (heading|title) ['‘“"](?P<name>[^'‘’“”"]{2,80})['’”"]"#,
        why: "“under the heading ‘X’”: a heading named in quotation marks",
    },
    Phrasing {
        pattern: r#"\b(see|read|in|under|at) (the |our )?['‘“"]?(?P<name>[a-z][^.;:!?'‘’“”"]{2,80}?)['’”"]? (section|heading)\b"#,
        why: "“see the X section”: a part of the notice named by its heading",
    },
]);

/// A reference that leads out of the notice (a web page, another document), or to a section
/// of an Act: not a promise about this notice's headings.
static ELSEWHERE: Family = Family::new(&[
    Phrasing {
        pattern: r"(\bwebsite|\bweb ?site|\bweb ?page|\bhttps?:|\bwww\.|\.gov\b|\.uk\b|\.org\b|\.com\b|\bintranet|\bportal\b|\bonline\b)",
        why: "a page on the web, not a part of the notice",
    },
    Phrasing {
        pattern: r"\b(section|heading) (of|in|on) (our|the|their|its|a|an|your) ",
        why: "a section of another document",
    },
    Phrasing {
        pattern: r"\b(section|heading) \d",
        why: "a numbered section of an Act or regulation",
    },
]);

/// Words that do not name a heading: "see the relevant section", "in this section".
const NOT_A_NAME: [&str; 34] = [
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "our",
    "your",
    "its",
    "each",
    "every",
    "next",
    "previous",
    "following",
    "above",
    "below",
    "relevant",
    "appropriate",
    "same",
    "other",
    "last",
    "first",
    "later",
    "earlier",
    "specific",
    "particular",
    "separate",
    "further",
    "more",
    "of",
    "and",
    "or",
    "on",
];

/// Words that make a name a law's ("the Children Act 1989 section"), not a heading's.
const LAW_WORDS: [&str; 10] = [
    "act",
    "acts",
    "regulation",
    "regulations",
    "order",
    "rules",
    "code",
    "schedule",
    "article",
    "gdpr",
];

/// The lower-case words of `s`, letters and digits only.
fn words_of(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a line of the notice is the heading `name`: the same words, or (for a short line,
/// as headings are) every word of the name that names something.
fn holds_heading(text: &str, name: &str, except: &str) -> bool {
    let wanted = words_of(name);
    let content: Vec<&String> = wanted
        .iter()
        .filter(|w| !NOT_A_NAME.contains(&w.as_str()))
        .collect();
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['•', '-', '*', '·', '–'])
                .trim()
        })
        .filter(|l| !l.is_empty() && !l.contains(except))
        .any(|l| {
            let mut have = words_of(l);
            // "7. Your rights" is the heading "Your rights".
            while have
                .first()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            {
                have.remove(0);
            }
            have == wanted || (have.len() <= 12 && content.iter().all(|w| have.contains(w)))
        })
}

/// The headings a notice refers to and does not hold, each with the sentence that refers to
/// it, first reference first.
fn absent_sections(text: &str) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for hit in SECTION_REFERENCE.hits(text) {
        let sentence = hit.sentence.text;
        if ELSEWHERE.find(hit.sentence).is_some() {
            continue;
        }
        let Some(name) = hit.group("name").map(str::trim) else {
            continue;
        };
        let words = words_of(name);
        if words.iter().all(|w| NOT_A_NAME.contains(&w.as_str()))
            || words.iter().any(|w| LAW_WORDS.contains(&w.as_str()))
            || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        {
            continue;
        }
        if !holds_heading(text, name, sentence)
            && !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            out.push((name.to_string(), sentence));
        }
    }
    out
}

/// BAS018, second half: a reference to a section by its heading where no line of the notice
/// is that heading.
fn missing_sections(
    ctx: &Ctx,
    svc: &Service,
    notice: NoticeIx,
    text: &str,
    out: &mut Vec<Finding>,
) {
    for (name, sentence) in absent_sections(text) {
        out.push(ctx.finding_quoted(&super::review::PROMISED_ABSENT, Some(svc), notice, sentence.to_string(),
            format!("the notice refers readers to a section “{name}” that it does not contain: what the reference promises is not in the notice"),
            "Add the section to the notice, or point to the document that holds it by its title and where to find it."));
    }
}

/// Using the service read as agreeing to the processing.
static USE_AS_ACCEPTANCE: Family = Family::new(&[
    Phrasing {
        pattern: r"\bby (\w+ (and|or) )?(using|visiting|accessing|browsing|joining|registering|signing up|continuing to (use|browse|access|visit))\b[^.;]{0,120}?\byou(['’]re| are)? (hereby )?(agree|accept|consent|acknowledge)\w*",
        why: "an act of using the service is read as agreement to the processing",
    },
    Phrasing {
        pattern: r"\b(continued|continuing|further) use of (the|this|our) (site|website|service|app|application|platform|portal)\b[^.;]{0,80}?\b(mean|means|constitutes?|signif(y|ies)|indicates?|shows?|is deemed|will be deemed|shall be deemed|will be taken)\b[^.;]{0,40}?\b(accept|agree|consent)\w*",
        why: "continued use is read as accepting the notice or its changes",
    },
    Phrasing {
        pattern: r"\bif you (continue to )?(use|visit|browse|access) (the|this|our) (site|website|service|app|application|platform|portal)\b[^.;]{0,60}?\byou (are )?(agree|accept|consent)\w*",
        why: "using the service is made the condition of agreement",
    },
    Phrasing {
        pattern: r"\b(use|using) of (the|this|our) (site|website|service|app|application|platform|portal) (constitutes|means|signifies|indicates|is deemed to be) (your )?(acceptance|agreement|consent)\b",
        why: "use of the service is called acceptance or consent",
    },
]);

/// Changes to the notice said to apply without telling people first.
static IMMEDIATE_CHANGES: Family = Family::new(&[
    Phrasing {
        pattern: r"\bchanges?\b[^.;]{0,80}?\b(apply|applies|take effect|takes effect|become effective|becomes effective|be effective|are effective|come into (force|effect))\b[^.;]{0,60}?\b(immediately|at once|straight away|without notice|as soon as (they are|it is) (posted|published)|on (posting|publication)|when (they are|it is) (posted|published))",
        why: "a change to the notice is said to bind people as soon as it is made",
    },
    Phrasing {
        pattern: r"\b(effective|in effect|in force) (immediately )?(up)?on (posting|publication)\b",
        why: "a new version is said to take effect when posted",
    },
]);

/// BAS086: one finding per notice, naming each kind of wording found and quoting the first.
fn acceptance_by_use(
    ctx: &Ctx,
    svc: &Service,
    notice: NoticeIx,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let by_use = USE_AS_ACCEPTANCE.asserted(text);
    let changes = IMMEDIATE_CHANGES.asserted(text);
    // The sentences of a kind of wording, in quotation marks.
    let quotes = |hits: &[Hit]| {
        let quoted: Vec<String> = hits
            .iter()
            .map(|h| format!("“{}”", h.sentence.text))
            .collect();
        quoted.join("; ")
    };
    let mut said: Vec<String> = Vec::new();
    if !by_use.is_empty() {
        said.push(format!(
            "it treats using the service as accepting the processing ({}), but consent is a specific, informed and unambiguous indication given by a clear affirmative act (Art. 4(11), Recital 32), which using a website is not, and a notice informs people, it does not bind them",
            quotes(&by_use)
        ));
    }
    if !changes.is_empty() {
        said.push(format!(
            "it says changes to the notice apply at once ({}), but people must be told of a new purpose before the processing for it starts (Art. 13(3), 14(4))",
            quotes(&changes)
        ));
    }
    let Some(first) = by_use
        .iter()
        .chain(&changes)
        .min_by_key(|h| h.sentence.start)
    else {
        return;
    };
    out.push(ctx.finding_quoted(&ACCEPTANCE_BY_USE, Some(svc), notice, first.sentence.text.to_string(),
        format!("the notice reads as terms of use: {}", said.join("; and ")),
        "Remove the acceptance-by-use and immediate-change wording: say which lawful basis applies to each purpose, and that people will be told of changes that affect them before they take effect."));
}

/// A date as notices write it: "7 February 2024", "7th Feb 2024", "February 7, 2024",
/// "September 2020", "07/02/2024" (day first, as in the UK) or "2024-02-07". A macro, so that
/// the phrasings below can `concat!` it into their patterns.
macro_rules! date {
    () => {
        r"\b(\d{1,2}(st|nd|rd|th)? (of )?(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?,? \d{4}|(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.? (\d{1,2}(st|nd|rd|th)?,? )?\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\b"
    };
}

/// A date, wherever it stands (to read the date out of a dating sentence).
static A_DATE: Family = Family::new(&[Phrasing {
    pattern: date!(),
    why: "a calendar date",
}]);

/// The ways a notice dates itself.
static DATED: Family = Family::new(&[
    Phrasing {
        pattern: concat!(
            r"\b(last|latest) (updated|reviewed|revised|modified|amended|changed|edited)\b[^.?!]{0,30}?",
            date!()
        ),
        why: "a “last updated” or “last reviewed” date: when the notice was last brought up to date",
    },
    Phrasing {
        pattern: concat!(
            r"^(this )?(page |notice |policy |version )?(was )?(first )?(updated|reviewed|revised|amended|published|issued|created)( on| in)?:? ",
            date!()
        ),
        why: "a line that opens with the date the notice was updated, reviewed or published",
    },
    Phrasing {
        pattern: concat!(
            r"\b(notice|policy|page|statement|document|charter)\b[^.?!]{0,60}?\b(updated|reviewed|revised|amended|published|issued)( on| in| from)?:? ",
            date!()
        ),
        why: "the notice said to have been updated, reviewed or published on a date",
    },
    Phrasing {
        pattern: concat!(
            r"\b(date of (issue|publication|review|last (update|review))|(issue|publication|review|effective|revision) date)\b:?[^.?!]{0,20}?",
            date!()
        ),
        why: "a date of issue, publication or review",
    },
    Phrasing {
        pattern: concat!(
            r"\b(effective|valid|in force) (from|as of|since):? ",
            date!()
        ),
        why: "the date from which this version of the notice applies",
    },
    Phrasing {
        pattern: r"\bversion:?\s*\d+(\.\d+)*\b",
        why: "a version number, which places the notice among its other versions",
    },
    Phrasing {
        pattern: concat!(r"^", date!(), r"\.?$"),
        why: "a date on a line of its own, as notices print their date of issue",
    },
]);

/// The date a notice gives for itself (the latest, if it gives several), as `YYYY-MM-DD`,
/// with the sentence that gives it; `None` for an undated notice. A version number dates a
/// notice without a calendar date: its date is then `None` inside `Some`.
pub(super) fn notice_date(text: &str) -> Option<(Hit<'_>, Option<String>)> {
    let mut best: Option<(Hit<'_>, Option<String>)> = None;
    for hit in DATED.hits(text) {
        let date = A_DATE.find(hit.sentence).and_then(|d| iso_date(d.words()));
        let later = match (&best, &date) {
            (None, _) => true,
            (Some((_, None)), Some(_)) => true,
            (Some((_, Some(b))), Some(d)) => d > b,
            _ => false,
        };
        if later {
            best = Some((hit, date));
        }
    }
    best
}

/// A date written as [`date!`] reads it, as `YYYY-MM-DD`; a month with no day is read as its
/// first day (so that "February 2026" is not taken for a date after 5 February 2026).
fn iso_date(words: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = words.to_lowercase();
    let numbers: Vec<u32> = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (y, m, d) = if lower.contains('-') && !lower.contains('/') {
        (*numbers.first()?, *numbers.get(1)?, *numbers.get(2)?)
    } else if lower.contains('/') {
        (*numbers.get(2)?, *numbers.get(1)?, *numbers.first()?)
    } else {
        let month = lower
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() >= 3)
            .find_map(|w| MONTHS.iter().position(|m| w.starts_with(m)))?;
        let year = *numbers.iter().find(|n| **n >= 1000)?;
        let day = numbers.iter().find(|n| **n < 1000).copied().unwrap_or(1);
        (year, month as u32 + 1, day)
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// BAS085: no sentence of the notice dates it.
fn undated(ctx: &Ctx, svc: &Service, text: &str, out: &mut Vec<Finding>) {
    if notice_date(text).is_some() {
        return;
    }
    out.push(ctx.omission(&UNDATED, svc,
        "the notice gives no date of issue, last update or review: readers cannot tell how current it is",
        "Date the notice (\"Last updated: <date>\") and review it, and its date, whenever the processing or the law changes."));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(text: &str) -> Option<Option<String>> {
        notice_date(text).map(|(_, d)| d)
    }

    #[test]
    fn every_family_compiles() {
        for f in [
            &A_DATE,
            &DATED,
            &USE_AS_ACCEPTANCE,
            &IMMEDIATE_CHANGES,
            &SECTION_REFERENCE,
            &ELSEWHERE,
        ] {
            assert!(f.compiles().is_ok(), "{:?}", f.compiles());
        }
    }

    #[test]
    fn a_notice_dates_itself_in_many_ways() {
        for (text, date) in [
            // The corpus's words (01, 03, 05, 06) and the built-in 002's.
            ("Last updated: 7 February 2024", "2024-02-07"),
            ("Last updated: 14 July 2026.", "2026-07-14"),
            ("This page was updated on 28 August 2024.", "2024-08-28"),
            ("Page last reviewed: 25 May 2022", "2022-05-25"),
            // Said otherwise.
            (
                "This notice was last revised on 3rd March 2025.",
                "2025-03-03",
            ),
            ("Published: 12/05/2023", "2023-05-12"),
            ("Date of issue: 2025-11-30", "2025-11-30"),
            ("Review date: September 2026", "2026-09-01"),
            ("Effective from 1 April 2026", "2026-04-01"),
            ("June 2025", "2025-06-01"),
            ("Updated February 7, 2024", "2024-02-07"),
        ] {
            assert_eq!(dated(text), Some(Some(date.to_string())), "{text}");
        }
        assert_eq!(dated("Privacy notice version 2.1"), Some(None));
        // The latest of several dates.
        assert_eq!(
            dated("First published: 1 May 2020\nLast updated: 2 June 2025").flatten(),
            Some("2025-06-02".into())
        );
    }

    #[test]
    fn dates_that_do_not_date_the_notice() {
        for text in [
            // 02: a date in the notice that is not the notice's (the law's commencement).
            "In line with the European Union’s new General Data Protection Regulation (GDPR) which came into force on 25 May 2018 we have produced this Privacy Notice.",
            // 01 promises a date but (in this sentence) gives none.
            "When we make changes to this notice, the 'last updated' date at the bottom of this page will also change.",
            // 03: a date about the service, and a version that is not numbered.
            "the previous version of the online service (both of which took registrations up to 17 July 2020)",
            "We keep records for six years from 1 April after the case closes.",
            "Research papers published in March 2020 used anonymised data.",
            "This notice has not been updated since it was written.",
        ] {
            assert_eq!(dated(text), None, "{text}");
        }
    }

    fn terms_of_use(text: &str) -> bool {
        !USE_AS_ACCEPTANCE.asserted(text).is_empty() || !IMMEDIATE_CHANGES.asserted(text).is_empty()
    }

    #[test]
    fn use_as_acceptance_and_changes_that_apply_at_once() {
        for yes in [
            // 06, 01 and 03 as published.
            "By joining and using the Data for London website, you are accepting that your personal data will be processed as set out in this privacy notice.",
            "Your continued use of the site will mean that you accept those revisions.",
            "Any changes to this privacy notice will apply to you and your data immediately.",
            "Any changes to this privacy notice will apply to you and your information immediately.",
            // Said otherwise.
            "By using this website you agree to the processing described below.",
            "Continued use of our app constitutes your acceptance of this policy.",
            "If you continue to use this site you consent to our use of your data.",
            "Use of this service signifies your agreement to these terms.",
            "Changes take effect as soon as they are posted on this page.",
            "The revised notice is effective upon posting.",
        ] {
            assert!(terms_of_use(yes), "{yes}");
        }
        for no in [
            // 05 and 06: telling people of changes is what the law asks.
            "If these changes affect how your personal data is processed, we will take reasonable steps to let you know.",
            "If this privacy notice changes in any way, we will place an updated version on this page.",
            // Consent asked for, not inferred; changes that wait.
            "By ticking the box you give your consent to receive our newsletter.",
            "You can withdraw your consent at any time by emailing us.",
            "Changes to this notice will not apply to you until we have told you about them.",
            "By using this service you are not agreeing to anything beyond what the law allows.",
            "We will not treat your continued use of the site as acceptance of any change.",
            "The right to object applies immediately when you tell us.",
            // Denied, before the words or among them.
            "Changes to this notice will not take effect immediately.",
            "We do not say that by using this website you agree to anything.",
        ] {
            assert!(!terms_of_use(no), "{no}");
        }
    }

    fn absent(text: &str) -> Vec<String> {
        absent_sections(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn a_section_referred_to_that_the_notice_does_not_hold() {
        // 01: the section does not exist; the same reference where it does.
        let dfe = "See the Request your personal information section for more on what you’re entitled to ask us or any of our executive agencies, and your rights about how your information is collected and used.";
        assert_eq!(absent(dfe), ["Request your personal information"]);
        assert!(
            absent(&format!(
                "{dfe}\n\nRequest your personal information\n\nWrite to us."
            ))
            .is_empty()
        );
        // Said otherwise: quoted names, a numbered heading, a heading with other punctuation.
        assert_eq!(
            absent("How long we keep it is set out under the heading ‘Retention’.\nYour rights\n"),
            ["Retention"]
        );
        assert_eq!(
            absent("Read the section called \"Sharing with the police\"."),
            ["Sharing with the police"]
        );
        assert!(
            absent("See the Your rights section below.\n\n7. Your rights\n\nYou may ask.")
                .is_empty()
        );
        assert!(
            absent("See the “How we use your data” section.\nHow we use your data:\n").is_empty()
        );
        // A short name that a longer heading holds.
        assert!(absent("See the rights section.\nYour rights\n").is_empty());
    }

    #[test]
    fn references_that_are_not_to_a_heading_of_the_notice() {
        for text in [
            "For more detail, see below.",
            "See the relevant section for your service.",
            "Details are in the following section.",
            "You can find out more in this section.",
            // Other documents: the web, another notice, an Act.
            "To make a request follow the instructions on the data protection for you section on the Cheshire West and Chester website below.",
            "See the Your rights section of our corporate privacy notice.",
            "See the cookies section on our website.",
            "See the Privacy section at www.example.gov.uk/privacy.",
            "We share it under the Children Act 1989 section 17.",
            "This is compliant with section 31 of the Data Protection Act 2018.",
            "see section 7 for details",
        ] {
            assert!(absent(text).is_empty(), "{text}: {:?}", absent(text));
        }
    }

    #[test]
    fn a_passage_given_twice() {
        // 01: the sources paragraph's last sentence, repeated at the end of "What we do with
        // the data".
        let dfe = "We receive your personal data from you when you use this service.\n\nWe process this information to regulate the teaching profession by investigating allegations of serious misconduct.\n\nWhat we do with the data\n\nAs a teacher, witness or potential witness, we receive your personal data from you. We process this information to regulate the teaching profession by investigating allegations of serious misconduct.\n";
        assert_eq!(
            repeated_passages(dfe),
            [
                "We process this information to regulate the teaching profession by investigating allegations of serious misconduct."
            ]
        );
        // Rephrased: a paragraph of short sentences copied under another heading, with other
        // white space and capitals; listed once, not once per sentence.
        let para = "We keep it safe. Only our staff see it. We delete it after two years.";
        let twice = format!(
            "Security\n{para}\nRetention\n{}\n",
            para.to_uppercase().replace(". ", ".  ")
        );
        assert_eq!(repeated_passages(&twice), [para]);
    }

    #[test]
    fn repeats_that_are_structure_not_copying() {
        for text in [
            // 06: the same basis listed for each purpose (list items).
            "Our lawful bases for contact us queries are:\n- Consent - we have permission from you, for example, you have asked to sign up to the Data for London site.\nOur lawful bases for your login account are:\n- Consent - we have permission from you, for example, you have asked to sign up to the Data for London site.\n",
            // 01: a short sentence that closes every sharing paragraph.
            "We tell the employer. This is compliant with Education Acts 2002 and 2011.\nWe tell the panel. This is compliant with Education Acts 2002 and 2011.\n",
            // Long sentences that differ by a word.
            "We share your information with the police when the law requires us to do so for a stated purpose.\nWe share your information with the courts when the law requires us to do so for a stated purpose.\n",
        ] {
            assert!(repeated_passages(text).is_empty(), "{text}");
        }
    }

    fn cut(text: &str) -> Vec<&str> {
        cut_lines(text).into_iter().map(|(l, _, _)| l).collect()
    }

    #[test]
    fn a_list_or_sentence_cut_off() {
        // 04: "and" on an item that two more items follow.
        let laa = "The organisations we may share your personal information include:\n\n- Public authorities such as: HMRC, DWP and HM Land Registry;\n- Non-public authorities such as: Credit reference agencies;\n- Hinduja Global Solutions UK Ltd and\n- If false or inaccurate information is provided, we can share it with fraud prevention agencies.\n- Where a debt is owed, we may share your data with HMRC.\n\nYou can contact our DPO.\n";
        assert_eq!(cut(laa), ["Hinduja Global Solutions UK Ltd and"]);
        // Rephrased: a paragraph, an item and a last line left hanging in other ways.
        for text in [
            "We share your data with schools, health visitors and\n\nHow long we keep your data\n",
            "We may share data with partners including\nYour rights\nYou may ask for a copy.\n",
            "- the police\n- the courts, such as\n\nRetention\n",
            "We collect your name, address,\n\nWe keep it for a year.\n",
            "You can contact the Information Commissioner at:",
            "Write to us at:\n\nWill my data be sent abroad?\n\nNo.\n",
        ] {
            assert_eq!(cut(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn lines_that_end_so_and_are_complete() {
        for text in [
            // 02, 04: "and" on the last item but one; 003: "or" likewise.
            "- to delete or destroy your personal information (the right to erasure); and\n- stop using your personal information until we can look into it.\n",
            "- That we don’t keep it longer than is necessary;\n- That we will not make your personal data available for commercial use without your consent; and\n- That we will consider your request.\n",
            "  • to protect a child; or\n  • to protect adults who are thought to be at risk.\n",
            // A list introduced by a colon, after a blank line; an address after a colon.
            "We receive your personal data from third parties including:\n\n- employers\n- police forces\n",
            "The Commissioner’s contact details are:\n\nInformation Commissioner's Office Wycliffe House,\nWater Lane Wilmslow,\nCheshire SK9 5AF\n",
            "Or by email to:\ndp@southlanarkshire.gov.uk\n",
            // Address lines that end with commas, one under another.
            "The Data Protection Officer,\nFloor 11,\nCouncil Offices,\nAlmada Street,\nHamilton\nML3 0AA\n",
            // Every item but the last ends with "and": a style, not a cut.
            "- your name; and\n- your address; and\n- your date of birth.\n",
            // "the following details:" before a question is BAS018's.
            "You can complain using the following details:\n\nWill my data be sent abroad?\n",
            // Ends with a word that only looks like one.
            "We use Brand and\n- a further item\n",
            "Sandra and Gregor\n",
        ] {
            assert!(cut(text).is_empty(), "{text}: {:?}", cut(text));
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        // Odd texts, and every cut of one that holds every rule's words with multi-byte
        // letters between them.
        let all = "Last updated: é 2024\n- İ and\n\nSee the ‘é’ section.\nBy using this site you agree, \nChanges apply immediately:\n\né? ".repeat(2);
        let mut texts = vec![
            "".to_string(),
            "and".into(),
            "- and".into(),
            ":".into(),
            ",\n\n".into(),
            "e.g".into(),
            "see the ‘’ section".into(),
            "under the heading \"".into(),
            "Last updated: 99/99/9999".into(),
            "version 99999999999999999999".into(),
            "31 February 2026".into(),
            "0/0/0000".into(),
        ];
        texts.extend(
            (0..=all.len())
                .filter(|i| all.is_char_boundary(*i))
                .flat_map(|i| [all[..i].to_string(), all[i..].to_string()]),
        );
        for t in &texts {
            let _ = notice_date(t);
            let _ = terms_of_use(t);
            let _ = absent_sections(t);
            let _ = repeated_passages(t);
            let _ = cut_lines(t);
            let _ = iso_date(t);
        }
        assert_eq!(iso_date("99/99/9999"), None);
    }
}
