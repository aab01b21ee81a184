//! How a notice words an instrument inside a sentence, so that a citation message quotes the
//! name the notice gives and not the sentence around it.
//!
//! "The sharing … is conducted in accordance with Section 35 of the Digital Economy Act 2012 and
//! the Digital Government (Disclosure of Information) Regulations 2018" names two instruments:
//! "Digital Economy Act 2012" and "Digital Government (Disclosure of Information) Regulations
//! 2018". "The Education Acts of 2002 and 2011" names two Acts under one plural. A name is the
//! run of capitalised words that ends in a word of kind ("Act", "Acts", "Regulations",
//! "Regulation", "Order", "Orders", "Rules"), with the year or years after it. Joining words in
//! lower case ("and", "of", "the") and bracketed words ("(England)", "(Disclosure of
//! Information)") inside the run belong to it; a number, another lower-case word, or a word that
//! introduces a citation ("Section", "Under") ends it.

use crate::model::fold_title;
use crate::model::{Legislation, LegislationKind};

/// The kind of instrument the last word of a name gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// "Act", "Acts".
    Act,
    /// "Regulations": a statutory instrument.
    Regulations,
    /// "Order", "Orders": a statutory instrument.
    Order,
    /// "Rules": a statutory instrument.
    Rules,
    /// "Regulation": an EU regulation (the General Data Protection Regulation).
    Regulation,
}

impl Kind {
    fn of(word: &str) -> Option<(Kind, bool)> {
        Some(match word {
            "Act" => (Kind::Act, false),
            "Acts" => (Kind::Act, true),
            "Regulations" => (Kind::Regulations, false),
            "Regulation" => (Kind::Regulation, false),
            "Order" => (Kind::Order, false),
            "Orders" => (Kind::Order, true),
            "Rules" => (Kind::Rules, false),
            _ => return None,
        })
    }

    /// Whether the registry's kind is the one this word names (an Act is not a statutory
    /// instrument; "Regulation" is the EU's).
    pub(super) fn fits(self, kind: LegislationKind) -> bool {
        match self {
            Kind::Act => kind == LegislationKind::Act,
            Kind::Regulations | Kind::Order | Kind::Rules => {
                kind == LegislationKind::StatutoryInstrument
            }
            Kind::Regulation => kind == LegislationKind::EuRegulation,
        }
    }
}

/// An instrument as a notice names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named<'t> {
    /// The name with its years, verbatim, without a leading "The" ("Education Acts of 2002
    /// and 2011").
    pub words: &'t str,
    /// The name without its years ("Education Acts").
    pub stem: &'t str,
    /// What its last word makes it.
    pub kind: Kind,
    /// A plural ("Acts of 2002 and 2011"): one name for several instruments.
    pub plural: bool,
    /// The years given after it, in order.
    pub years: Vec<u32>,
    /// Byte offset of `words` in the text it was read from.
    pub start: usize,
}

impl Named<'_> {
    /// Each instrument the name stands for, singular, with its year: "Education Act 2002",
    /// "Education Act 2011"; the stem alone when no year is given.
    pub(super) fn names(&self) -> Vec<String> {
        let stem = if self.plural {
            let cut = self.stem.len() - 1;
            self.stem.get(..cut).unwrap_or(self.stem)
        } else {
            self.stem
        };
        if self.years.is_empty() {
            return vec![stem.to_string()];
        }
        self.years.iter().map(|y| format!("{stem} {y}")).collect()
    }

    /// Whether the notice gives `act` its title: one of [`names`](Self::names) is the title
    /// (letter case, curly apostrophes and a leading "the" aside).
    pub(super) fn is_title_of(&self, act: &Legislation) -> bool {
        let title = fold_title(&act.title);
        self.kind.fits(act.kind) && self.names().iter().any(|n| fold_title(n) == title)
    }
}

/// A word, number or mark of a text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word(usize, usize),
    Num(usize, usize),
    Open(usize),
    Close(usize),
    Comma(usize),
    Other(usize),
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '&' {
            out.push(Tok::Word(i, i + 1));
            continue;
        }
        if word_char(c) && c != '\'' && c != '’' && c != '-' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(if c.is_ascii_digit() {
                Tok::Num(i, end)
            } else {
                Tok::Word(i, end)
            });
            continue;
        }
        out.push(match c {
            '(' => Tok::Open(i),
            ')' => Tok::Close(i),
            ',' => Tok::Comma(i),
            _ => Tok::Other(i),
        });
    }
    out
}

/// Lower-case words that join the words of a title ("Children and Families", "Rehabilitation
/// of Offenders", "Standards in Scotland's Schools etc.").
const JOINING: [&str; 8] = ["and", "of", "for", "the", "to", "in", "on", "etc"];

/// Capitalised words that open a sentence or a citation rather than a title: "Under the
/// Children Act 1989", "Section 17 of …".
const OPENING: [&str; 32] = [
    "Under",
    "In",
    "As",
    "By",
    "With",
    "Within",
    "Through",
    "Pursuant",
    "Per",
    "Using",
    "Via",
    "And",
    "Or",
    "Also",
    "This",
    "That",
    "These",
    "Our",
    "We",
    "It",
    "See",
    "Section",
    "Sections",
    "Schedule",
    "Part",
    "Paragraph",
    "Article",
    "Principle",
    "Chapter",
    "Regulation",
    "Following",
    "According",
];

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Every instrument named in `text`, in order; a name inside a longer one ("Special
/// Educational Needs and Disability Regulations" in "… Regulations Act 2014") is the longer one.
pub(super) fn instruments(text: &str) -> Vec<Named<'_>> {
    let toks = tokens(text);
    let word = |t: &Tok| match *t {
        Tok::Word(a, b) => text.get(a..b),
        _ => None,
    };
    let mut found: Vec<Named> = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        let Some((kind, plural)) = word(t).and_then(Kind::of) else {
            continue;
        };
        let Tok::Word(_, kw_end) = *t else { continue };
        // A kind word inside a longer name is no instrument's end: "Teaching Regulation
        // Agency", "Regulations Act" (whose "Act" ends it).
        if word(&toks.get(k + 1).copied().unwrap_or(Tok::Other(0)))
            .is_some_and(|w| is_capitalised(w) && !OPENING.contains(&w))
        {
            continue;
        }
        let Some(first) = title_start(text, &toks, k) else {
            continue;
        };
        let Tok::Word(start, _) = toks[first] else {
            continue;
        };
        let (years, end) = years_after(text, &toks, k + 1, kw_end);
        let stem = text.get(start..kw_end).unwrap_or("");
        let words = text.get(start..end).unwrap_or("");
        found.push(Named {
            words,
            stem,
            kind,
            plural,
            years,
            start,
        });
    }
    // Keep the longest of names that overlap (the later keyword's run contains the earlier).
    let mut out: Vec<Named> = Vec::new();
    for n in found {
        let end = n.start + n.words.len();
        out.retain(|o| !(o.start >= n.start && o.start + o.words.len() <= end));
        if !out
            .iter()
            .any(|o| n.start >= o.start && end <= o.start + o.words.len())
        {
            out.push(n);
        }
    }
    out
}

/// The token that starts the title whose kind word is token `k`: the run of capitalised and
/// joining words (and bracketed groups) before it, less the joining words it opens with.
fn title_start(text: &str, toks: &[Tok], k: usize) -> Option<usize> {
    let word = |i: usize| match toks.get(i) {
        Some(Tok::Word(a, b)) => text.get(*a..*b),
        _ => None,
    };
    let mut first = k;
    let mut i = k;
    while i > 0 {
        i -= 1;
        match toks[i] {
            Tok::Word(..) => {
                let w = word(i).unwrap_or("");
                if OPENING.contains(&w) {
                    break;
                }
                if w == "the" || w == "The" {
                    // "the" belongs inside a title only after "of" or "for" ("Representation of
                    // the People Act"); otherwise it is the article before it.
                    let inner = i > 0 && matches!(word(i - 1), Some("of" | "for"));
                    if !inner {
                        break;
                    }
                    continue;
                }
                if JOINING.contains(&w) || w == "&" {
                    continue;
                }
                if is_capitalised(w) {
                    first = i;
                    continue;
                }
                break;
            }
            Tok::Close(_) => {
                // A bracketed group of title words: "(Disclosure of Information)".
                let Some(open) = (0..i).rev().find(|&j| matches!(toks[j], Tok::Open(_))) else {
                    break;
                };
                let inside_ok = (open + 1..i)
                    .all(|j| word(j).is_some_and(|w| is_capitalised(w) || JOINING.contains(&w)));
                if !inside_ok || open == i - 1 {
                    break;
                }
                i = open;
            }
            Tok::Comma(_) => {
                // "Legal Aid, Sentencing and Punishment of Offenders Act": a comma between two
                // title words, never before "the".
                let next_ok = word(i + 1).is_some_and(|w| is_capitalised(w) && w != "The");
                let prev_ok = i > 0 && word(i - 1).is_some_and(is_capitalised);
                if !(next_ok && prev_ok) {
                    break;
                }
            }
            Tok::Other(p) => {
                // "Schools etc. Act": the full stop of "etc." only.
                let after_etc =
                    text.get(p..p + 1) == Some(".") && i > 0 && word(i - 1) == Some("etc");
                if !after_etc {
                    break;
                }
            }
            Tok::Num(..) | Tok::Open(_) => break,
        }
    }
    (first < k).then_some(first)
}

/// The years after the kind word (token `from` on): "2012", "of 2002 and 2011", "(Northern
/// Ireland) 2016"; with the byte end of the name.
fn years_after(text: &str, toks: &[Tok], from: usize, mut end: usize) -> (Vec<u32>, usize) {
    let year = |i: usize| match toks.get(i) {
        Some(Tok::Num(a, b)) if b - a == 4 => text
            .get(*a..*b)
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|y| (1200..=2100).contains(y))
            .map(|y| (y, *b)),
        _ => None,
    };
    let word = |i: usize| match toks.get(i) {
        Some(Tok::Word(a, b)) => text.get(*a..*b),
        _ => None,
    };
    let mut i = from;
    // "Act (Northern Ireland) 2016".
    if matches!(toks.get(i), Some(Tok::Open(_)))
        && let Some(close) = (i + 1..toks.len()).find(|&j| matches!(toks[j], Tok::Close(_)))
        && year(close + 1).is_some()
    {
        i = close + 1;
    }
    if word(i) == Some("of") && year(i + 1).is_some() {
        i += 1;
    }
    let mut years = Vec::new();
    let Some((y, e)) = year(i) else {
        return (years, end);
    };
    years.push(y);
    end = e;
    i += 1;
    loop {
        let joined =
            matches!(toks.get(i), Some(Tok::Comma(_))) || matches!(word(i), Some("and" | "&"));
        let Some((y, e)) = year(i + 1).filter(|_| joined) else {
            break;
        };
        years.push(y);
        end = e;
        i += 2;
    }
    (years, end)
}

/// A word of a title for comparison: lower case, without a possessive ("Children’s" is
/// "children").
fn word_key(w: &str) -> String {
    let w = w.replace('’', "'").to_lowercase();
    w.trim_end_matches("'s").trim_end_matches('\'').to_string()
}

/// The instrument in `cited` that names `act`: of the names in it, the one sharing most words
/// with the registry's title (and its year); its start moved past words before the first one
/// the title has ("UK GDPR and Data Protection Act 2018" names the "Data Protection Act 2018").
pub(super) fn naming<'t>(cited: &'t str, act: Option<&Legislation>) -> Option<Named<'t>> {
    let mut all = instruments(cited);
    let Some(act) = act else {
        return (!all.is_empty()).then(|| all.remove(0));
    };
    let title: Vec<String> = act.title.split_whitespace().map(word_key).collect();
    let score = |n: &Named| {
        let shared = n
            .stem
            .split_whitespace()
            .filter(|w| !JOINING.contains(w) && title.contains(&word_key(w)))
            .count();
        shared * 2 + usize::from(n.years.contains(&act.year))
    };
    let best = all
        .into_iter()
        .enumerate()
        .max_by_key(|(i, n)| (score(n), usize::MAX - i))
        .map(|(_, n)| n)?;
    if score(&best) == 0 {
        return None;
    }
    Some(trim_to_title(best, &title))
}

/// `n` from its first word that the title has, when words before it are not the title's.
fn trim_to_title<'t>(n: Named<'t>, title: &[String]) -> Named<'t> {
    let base = n.stem.as_ptr() as usize;
    let words: Vec<&str> = n.stem.split_whitespace().collect();
    // The kind word is always shared: only the words before it decide ("NHS Act 2006" keeps
    // its "NHS").
    let before = &words[..words.len().saturating_sub(1)];
    let Some(k) = before
        .iter()
        .position(|w| !JOINING.contains(w) && title.contains(&word_key(w)))
    else {
        return n;
    };
    let offset = before[k].as_ptr() as usize - base;
    if offset == 0 || offset > n.stem.len() {
        return n;
    }
    Named {
        words: n.words.get(offset..).unwrap_or(n.words),
        stem: n.stem.get(offset..).unwrap_or(n.stem),
        start: n.start + offset,
        ..n
    }
}

/// The name in `cited` for `act` as the notice words it, for messages: the instrument's name
/// ("Digital Economy Act 2012") when one is found, else `cited` without the provision it points
/// into.
pub(super) fn as_worded(cited: &str, act: Option<&Legislation>) -> String {
    naming(cited, act).map_or_else(|| without_provision(cited), |n| n.words.to_string())
}

/// A citation with no instrument name in it ("DPA 2018", "Schedule 2 of the Data Protection
/// Law"): without a leading "Section … of the" and what follows a comma or bracket.
fn without_provision(cited: &str) -> String {
    let lead = [
        "section",
        "principle",
        "article",
        "schedule",
        "part",
        "paragraph",
        "regulation",
    ];
    let lower = cited.to_lowercase();
    let title = match lower.find(" of the ") {
        Some(i) if lead.iter().any(|w| lower.starts_with(w)) => cited.get(i + 8..).unwrap_or(cited),
        _ => cited,
    };
    let lower = title.to_lowercase();
    let cut = [" section", " s.", " schedule", " sch.", ",", " ("]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .unwrap_or(title.len());
    let t = title.get(..cut).unwrap_or(title).trim();
    t.strip_prefix("The ")
        .or_else(|| t.strip_prefix("the "))
        .unwrap_or(t)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        instruments(text).into_iter().map(|n| n.words).collect()
    }

    #[test]
    fn names_in_the_corpus_sentences() {
        for (text, want) in [
            (
                "The sharing of your data contained within the Energy Performance Certificate (EPC) is conducted in accordance with Section 35 of the Digital Economy Act 2012 and the Digital Government (Disclosure of Information) Regulations 2018, thereby facilitating the achievement of goals related to fuel poverty reduction.",
                vec![
                    "Digital Economy Act 2012",
                    "Digital Government (Disclosure of Information) Regulations 2018",
                ],
            ),
            (
                "This is compliant with Section 45 of the Safeguarding and Vulnerable Groups Act 2006.",
                vec!["Safeguarding and Vulnerable Groups Act 2006"],
            ),
            (
                "The Education Acts of 2002 and 2011 allows this.",
                vec!["Education Acts of 2002 and 2011"],
            ),
            (
                "This is compliant with section 15 of the Teachers’ Disciplinary (England) Regulations 2012 and section 141c of the Education Act 2002 (updated).",
                vec![
                    "Teachers’ Disciplinary (England) Regulations 2012",
                    "Education Act 2002",
                ],
            ),
            (
                "The tasks are those set out in the Legal Aid, Sentencing and Punishment of Offenders Act 2012.",
                vec!["Legal Aid, Sentencing and Punishment of Offenders Act 2012"],
            ),
            (
                "This is compliant with Schedule 2 Paragraph 6 of the Data Protection Act.",
                vec!["Data Protection Act"],
            ),
            (
                "within the meaning of Schedule 1 to the Data Protection Act 2018",
                vec!["Data Protection Act 2018"],
            ),
            (
                "Specifically, for the purpose of executing functions under Section 31 of the Local Government Act 2003, ensuring the responsible use of public funds",
                vec!["Local Government Act 2003"],
            ),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn names_in_the_built_in_notices() {
        for (text, want) in [
            (
                "The Children’s Act 1989 section 17",
                vec!["Children’s Act 1989"],
            ),
            (
                "Children and Social Care Act 2017",
                vec!["Children and Social Care Act 2017"],
            ),
            (
                "Special Educational Needs and Disability Regulations Act 2014",
                vec!["Special Educational Needs and Disability Regulations Act 2014"],
            ),
            (
                "Principle (e) of the General Data Protection Regulation",
                vec!["General Data Protection Regulation"],
            ),
            (
                "Section 46 of the Freedom of Information Act",
                vec!["Freedom of Information Act"],
            ),
            (
                "Data Protection Act 2018 Schedule 1, Part 3, Paragraph 36",
                vec!["Data Protection Act 2018"],
            ),
            (
                "The Children (Leaving Care) Act 2000",
                vec!["Children (Leaving Care) Act 2000"],
            ),
            ("The NHS Act 2006", vec!["NHS Act 2006"]),
            (
                "Section 10 of the Children Act 2004 places a duty",
                vec!["Children Act 2004"],
            ),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn names_said_otherwise() {
        for (text, want) in [
            // Rephrasings: the name ends where the sentence's own words start.
            (
                "Under the Children Act 1989 we must assess need.",
                vec!["Children Act 1989"],
            ),
            (
                "We rely on the UK GDPR and the Data Protection Act 2018.",
                vec!["Data Protection Act 2018"],
            ),
            (
                "Under the Representation of the People Act 1983, the register is public.",
                vec!["Representation of the People Act 1983"],
            ),
            (
                "Justice Act (Northern Ireland) 2016 applies.",
                vec!["Justice Act (Northern Ireland) 2016"],
            ),
            (
                "the Children Acts 1989, 2004 and 2014 give us duties",
                vec!["Children Acts 1989, 2004 and 2014"],
            ),
            (
                "Standards in Scotland's Schools etc. Act 2000",
                vec!["Standards in Scotland's Schools etc. Act 2000"],
            ),
            (
                "The Adoption Agencies Regulations 2005 and the Care Act 2014",
                vec!["Adoption Agencies Regulations 2005", "Care Act 2014"],
            ),
            (
                "Data Protection Act Schedule 1 applies",
                vec!["Data Protection Act"],
            ),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
        // No name: a verb, the Act referred back to, a year first, a kind word inside a body's
        // name.
        for text in [
            "We act according to NHS Digital’s instructions.",
            "Refer serious misconduct is run by the Teaching Regulation Agency (TRA).",
            "Section 17 of the Act applies.",
            "the 2006 Act",
            "Regulation 15 applies.",
            "",
            "Act",
            "(Act)",
        ] {
            assert_eq!(words(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn a_plural_names_each_act_with_its_year() {
        let n = instruments("The Education Acts of 2002 and 2011 allows this.");
        assert_eq!(n[0].names(), ["Education Act 2002", "Education Act 2011"]);
        let n = instruments("the Data Protection Act");
        assert_eq!(n[0].names(), ["Data Protection Act"]);
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in [
            "(",
            ")",
            "( Act",
            "A ( B ) Act",
            "’Act",
            "é Act 2012",
            "Act 99999",
            ", Act",
            "etc. Act",
        ] {
            let _ = instruments(t);
            let _ = as_worded(t, None);
        }
    }

    fn act(title: &str, year: u32, kind: LegislationKind) -> Legislation {
        Legislation {
            id: String::new(),
            title: title.into(),
            year,
            kind,
            gov_uk: None,
            supports: Vec::new(),
            aliases: Vec::new(),
            description: None,
        }
    }

    #[test]
    fn the_name_for_an_act_is_picked_and_trimmed_to_its_title() {
        let dga = act(
            "Digital Government (Disclosure of Information) Regulations 2018",
            2018,
            LegislationKind::StatutoryInstrument,
        );
        let s = "The sharing of your data contained within the Energy Performance Certificate (EPC) is conducted in accordance with Section 35 of the Digital Economy Act 2012 and the Digital Government (Disclosure of Information) Regulations 2018, thereby facilitating the achievement of goals related to fuel poverty reduction.";
        let n = naming(s, Some(&dga));
        assert!(n.as_ref().is_some_and(|n| n.is_title_of(&dga)), "{n:?}");
        let dea = act("Digital Economy Act 2017", 2017, LegislationKind::Act);
        assert_eq!(as_worded(s, Some(&dea)), "Digital Economy Act 2012");
        let dpa = act("Data Protection Act 2018", 2018, LegislationKind::Act);
        assert_eq!(
            as_worded("UK GDPR and Data Protection Act 2018", Some(&dpa)),
            "Data Protection Act 2018"
        );
        let nhs = act(
            "National Health Service Act 2006",
            2006,
            LegislationKind::Act,
        );
        assert_eq!(as_worded("The NHS Act 2006", Some(&nhs)), "NHS Act 2006");
        // No name in it: the citation without its provision.
        assert_eq!(as_worded("DPA 2018", Some(&dpa)), "DPA 2018");
    }

    #[test]
    fn a_title_is_the_registry_title_or_not() {
        let e2002 = act("Education Act 2002", 2002, LegislationKind::Act);
        let e2011 = act("Education Act 2011", 2011, LegislationKind::Act);
        let n = naming(
            "The Education Acts of 2002 and 2011 allows this.",
            Some(&e2011),
        );
        assert!(
            n.as_ref()
                .is_some_and(|n| n.is_title_of(&e2002) && n.is_title_of(&e2011))
        );
        let svga = act(
            "Safeguarding Vulnerable Groups Act 2006",
            2006,
            LegislationKind::Act,
        );
        let n = naming(
            "This is compliant with Section 45 of the Safeguarding and Vulnerable Groups Act 2006.",
            Some(&svga),
        );
        assert!(n.as_ref().is_some_and(|n| !n.is_title_of(&svga)), "{n:?}");
        let ca = act("Children Act 1989", 1989, LegislationKind::Act);
        let n = naming("The Children’s Act 1989 section 17", Some(&ca));
        assert!(n.as_ref().is_some_and(|n| !n.is_title_of(&ca)), "{n:?}");
        let n = naming("Under the Children Act 1989 we assess need", Some(&ca));
        assert!(n.as_ref().is_some_and(|n| n.is_title_of(&ca)), "{n:?}");
        // A statutory instrument's title with an Act's word is not its title.
        let send = act(
            "Special Educational Needs and Disability Regulations 2014",
            2014,
            LegislationKind::StatutoryInstrument,
        );
        let n = naming(
            "Special Educational Needs and Disability Regulations Act 2014",
            Some(&send),
        );
        assert!(
            n.as_ref()
                .is_some_and(|n| n.kind == Kind::Act && !n.is_title_of(&send))
        );
    }
}
