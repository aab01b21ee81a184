//! Provisions cited wrongly in a way a reader can act on (BAS095): a section that only defines
//! a term cited as the authority for sharing (DPA 2018 s.31), a schedule of conditions cited as
//! where a term is defined (DPA 2018 Sch. 1 for "special category data"), a statutory
//! instrument's provision called a "section", and a UK GDPR point cited without its paragraph
//! ("Article 9(g)"). The first is decided on the encoded citation (its instrument and section)
//! and on the words of its sentence; the others on the citation's own words.

use super::instrument;
use super::notice::rule;
use super::wording::{Family, Phrasing, sentence_around};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{LegislationKind, Service};
use regex::Regex;
use std::sync::OnceLock;

rule!(
    MISCITED_PROVISION,
    "BAS095",
    Warning,
    "a provision cited for what it does not do, or in a form it does not have",
    "UK GDPR Art. 13(1)(c), 12(1); Art. 6(3)"
);

/// What a notice uses a provision for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// As the authority for the processing or the sharing (a gateway).
    Authority,
    /// As the place a term is defined.
    Definition,
}

/// A provision that does not do what notices cite it for.
struct Misread {
    /// Registry id of the instrument.
    law: &'static str,
    /// The provision, as [`key`] spells it (`s31`, `sch1`).
    provision: &'static str,
    /// The use that is wrong.
    wrong: Use,
    /// For a definition: the term the notice says it defines, and words that name it (lower
    /// case).
    term: (&'static str, &'static [&'static str]),
    /// What the provision does.
    does: &'static str,
    /// Where that comes from.
    source: &'static str,
    /// What to cite instead.
    fix: &'static str,
}

/// The table: small, each entry with its source.
const MISREAD: [Misread; 4] = [
    Misread {
        law: "data-protection-act-2018",
        provision: "s31",
        wrong: Use::Authority,
        term: ("", &[]),
        does: "defines “the law enforcement purposes” for Part 3 of the Act, which governs processing by competent authorities; it gives a controller under the UK GDPR no power to disclose",
        source: "DPA 2018 s.31 (ukpga/2018/12/section/31), ss.29–30",
        fix: "Cite what allows the disclosure: the Art. 6(1) basis with the statute that gives the task, the Art. 10 / DPA 2018 Sch. 1 condition for offence data and, if relied on, the crime exemption (DPA 2018 Sch. 2 Pt. 1 para. 2).",
    },
    Misread {
        law: "data-protection-act-2018",
        provision: "s3",
        wrong: Use::Authority,
        term: ("", &[]),
        does: "defines terms used in the Act (“personal data”, “processing”, “data subject”); it authorises nothing",
        source: "DPA 2018 s.3 (terms relating to the processing of personal data)",
        fix: "Cite the lawful basis and the statute that allows the processing.",
    },
    Misread {
        law: "data-protection-act-2018",
        provision: "s205",
        wrong: Use::Authority,
        term: ("", &[]),
        does: "is the Act's general interpretation section; it authorises nothing",
        source: "DPA 2018 s.205 (general interpretation)",
        fix: "Cite the lawful basis and the statute that allows the processing.",
    },
    Misread {
        law: "data-protection-act-2018",
        provision: "sch1",
        wrong: Use::Definition,
        term: ("special category data", &["special categor"]),
        does: "sets out conditions for processing special category and criminal-offence data (s.10); special category data is defined by UK GDPR Art. 9(1)",
        source: "UK GDPR Art. 9(1); DPA 2018 s.10, Sch. 1",
        fix: "Say that special category data is defined in UK GDPR Art. 9(1), and cite the Schedule 1 condition relied on for processing it.",
    },
];

/// Words that present a provision as the place a term is defined, not as an authority.
static DEFINING: Family = Family::new(&[
    Phrasing {
        pattern: r"\bwithin the meaning of\b",
        why: "a term used in the sense a provision gives it",
    },
    Phrasing {
        pattern: r"\b(as )?defined (in|by|under|at)\b",
        why: "the provision named as the one that defines the term",
    },
    Phrasing {
        pattern: r"\b(has|have|with|bears?) the (same )?meaning\b|\bmeaning given\b",
        why: "a term given the meaning a provision sets out",
    },
]);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_service(
        out,
        &[misread, section_of_an_instrument, point_without_paragraph],
    );
}

/// A provision's key: lower case, without spaces and full stops ("Sch. 1" is `sch1`, "s.31"
/// is `s31`, "section 31" is `s31`).
fn key(section: &str) -> String {
    let k: String = section
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if let Some(rest) = k.strip_prefix("section") {
        return format!("s{rest}");
    }
    if let Some(rest) = k.strip_prefix("schedule") {
        return format!("sch{rest}");
    }
    k
}

/// (a): a provision of the table cited for the use it does not have. One finding per provision
/// per notice.
fn misread(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let reg = &m.vocab.legislation;
    let mut done: Vec<&str> = Vec::new();
    for l in &svc.legislation {
        let Some(act) = l.value.legislation.and_then(|i| reg.get(i.ix())) else {
            continue;
        };
        let section =
            l.value.section.clone().or_else(|| {
                provision_near(&l.value.cited, Some(act)).map(|(w, n)| format!("{w}{n}"))
            });
        let Some(section) = section.map(|s| key(&s)) else {
            continue;
        };
        let Some(entry) = MISREAD
            .iter()
            .find(|e| e.law == act.id && e.provision == section)
        else {
            continue;
        };
        if done.contains(&entry.provision) {
            continue;
        }
        let quote = m.quote(&l.source);
        let text = &m.notices[l.source.notice.ix()].text;
        let sentence = sentence_around(text, quote).map_or(quote, |s| s.text);
        let defining = DEFINING.find(super::wording::Sentence {
            text: sentence,
            start: 0,
        });
        let hit = match entry.wrong {
            Use::Authority => defining.is_none(),
            Use::Definition => {
                let lower = sentence.to_lowercase();
                defining.is_some() && entry.term.1.iter().any(|t| lower.contains(t))
            }
        };
        if !hit {
            continue;
        }
        done.push(entry.provision);
        let cited = provision_words(&l.value.cited, act).unwrap_or_else(|| l.value.cited.clone());
        let message = match entry.wrong {
            Use::Authority => format!(
                "“{cited}” is cited as the authority for what the notice describes, but the provision {} ({})",
                entry.does, entry.source
            ),
            Use::Definition => format!(
                "“{cited}” is cited as the provision that defines {} (“{}”), but it {} ({})",
                entry.term.0,
                defining.as_ref().map_or("", |h| h.words()),
                entry.does,
                entry.source
            ),
        };
        out.push(ctx.finding_quoted(
            &MISCITED_PROVISION,
            Some(svc),
            l.source.notice,
            sentence.to_string(),
            message,
            entry.fix,
        ));
    }
}

/// (b): a statutory instrument's provision called a "section": regulations are divided into
/// regulations, orders into articles, rules into rules. Info: a defect of form only.
fn section_of_an_instrument(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let reg = &ctx.model.vocab.legislation;
    let mut done = Vec::new();
    for l in &svc.legislation {
        let Some((ix, act)) = l
            .value
            .legislation
            .and_then(|i| reg.get(i.ix()).map(|a| (i, a)))
        else {
            continue;
        };
        if act.kind != LegislationKind::StatutoryInstrument || done.contains(&ix) {
            continue;
        }
        let Some((word, number)) = provision_near(&l.value.cited, Some(act)) else {
            continue;
        };
        if word != "s" {
            continue;
        }
        let unit = unit_of(&act.title);
        done.push(ix);
        let cited = provision_words(&l.value.cited, act).unwrap_or_else(|| l.value.cited.clone());
        let mut finding = ctx.finding(
            &MISCITED_PROVISION,
            Some(svc),
            &l.source,
            format!(
                "“{cited}” cites a section of a statutory instrument: statutory instruments have no sections, and the provisions of the {} are {unit}s, so the citation names no provision as written (a defect of form if {unit} {number} is the one meant)",
                act.title
            ),
            format!("Cite it as “{unit} {number} of the {}”, after checking it is the provision meant.", act.title),
        );
        finding.severity = Severity::Info;
        out.push(finding);
    }
}

/// What a statutory instrument's provisions are called, from the word its title ends with.
fn unit_of(title: &str) -> &'static str {
    let last = title
        .split_whitespace()
        .rev()
        .find(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("");
    match last {
        "Order" => "article",
        "Rules" => "rule",
        _ => "regulation",
    }
}

/// The provision word and number just before an instrument's name ("section 15 of the"), and
/// just after it ("… Act 2018 Schedule 1").
fn provision_re() -> Option<&'static (Regex, Regex)> {
    static RE: OnceLock<Option<(Regex, Regex)>> = OnceLock::new();
    RE.get_or_init(|| {
        let word = r"(sections?|ss?\.|schedule|sch\.?|regulations?|regs?\.|articles?|art\.|rules?)";
        let before = Regex::new(&format!(
            r"(?i)\b{word}\s*(\d+[a-z]*)(\s*\([^)]{{1,6}}\))*(\s*,?\s*(part|paragraph|para\.?)\s*\d+[a-z]*)*\s+(of|to|in|under)\s+(the\s+)?$"
        ))
        .ok()?;
        let after = Regex::new(&format!(r"(?i)^\s*,?\s*{word}\s*(\d+[a-z]*)")).ok()?;
        Some((before, after))
    })
    .as_ref()
}

/// The provision `cited` points into in the instrument it names for `act`: ("s", "15") for
/// "section 15 of the … Regulations 2012", ("sch", "1") for "Schedule 1 to the Data Protection
/// Act 2018" or "Data Protection Act 2018 Schedule 1". The word is reduced to `s`, `sch`, `reg`,
/// `art` or `rule`.
fn provision_near(
    cited: &str,
    act: Option<&crate::model::Legislation>,
) -> Option<(&'static str, String)> {
    let named = instrument::naming(cited, act)?;
    let (before, after) = provision_re()?;
    let head = cited.get(..named.start)?;
    let tail = cited.get(named.start + named.words.len()..)?;
    let caps = before.captures(head).or_else(|| after.captures(tail))?;
    let word = caps.get(1)?.as_str().to_lowercase();
    let number = caps.get(2)?.as_str().to_string();
    let word = match word.trim_end_matches('.') {
        "section" | "sections" | "s" | "ss" => "s",
        "schedule" | "sch" => "sch",
        "regulation" | "regulations" | "reg" | "regs" => "reg",
        "article" | "articles" | "art" => "art",
        _ => "rule",
    };
    Some((word, number))
}

/// The words of `cited` from the provision to the end of the instrument's name ("section 15
/// of the Teachers’ Disciplinary (England) Regulations 2012"), when the provision comes first.
fn provision_words(cited: &str, act: &crate::model::Legislation) -> Option<String> {
    let named = instrument::naming(cited, Some(act))?;
    let (before, after) = provision_re()?;
    let end = named.start + named.words.len();
    let head = cited.get(..named.start)?;
    if let Some(m) = before.find(head) {
        return cited.get(m.start()..end).map(str::to_string);
    }
    let tail = cited.get(end..)?;
    let m = after.find(tail)?;
    cited.get(named.start..end + m.end()).map(str::to_string)
}

/// A UK GDPR Art. 6 or 9 point cited without its paragraph: "Article 9(g)", "Article 6 part e".
fn point_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:article|art\.?)\s*(6|9)(?:\s*\(\s*(ea|[a-j])\s*\)|[\s,]+(?:part|point|para(?:graph)?|sub-?paragraph)?\s*\(?(ea|[a-j])\)?)(?:[^a-z0-9(]|$)").ok()
    })
    .as_ref()
}

/// The paragraph-less forms in `cited`, each with the point it means: ("Article 9(g)",
/// "Art. 9(2)(g)").
fn points_without_paragraph(cited: &str) -> Vec<(String, String)> {
    let Some(re) = point_re() else {
        return Vec::new();
    };
    re.captures_iter(cited)
        .filter_map(|c| {
            let article = c.get(1)?.as_str();
            let point = c.get(2).or_else(|| c.get(3))?.as_str().to_lowercase();
            let paragraph = if article == "6" { 1 } else { 2 };
            let whole = c.get(0)?.as_str();
            let form = whole
                .trim_end_matches(|ch: char| !ch.is_alphanumeric() && ch != ')')
                .to_string();
            Some((form, format!("Art. {article}({paragraph})({point})")))
        })
        .collect()
}

/// (c): UK GDPR points cited without their paragraph. One finding per notice, listing them.
/// Info: the point can still be identified; only the form is wrong.
fn point_without_paragraph(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let mut forms: Vec<String> = Vec::new();
    let mut meant: Vec<String> = Vec::new();
    let mut first = None;
    for b in &svc.bases {
        // A point that does not exist is BAS030's; here only the form of a real one.
        let Some(basis) = b.value.basis.map(|i| &v.bases[i.ix()]) else {
            continue;
        };
        if !matches!(basis.article, Some(6 | 9)) {
            continue;
        }
        for (form, point) in points_without_paragraph(&b.value.cited) {
            let item = format!("“{form}” ({point})");
            if !forms.contains(&item) {
                forms.push(item);
                first.get_or_insert(b);
            }
            if !meant.contains(&point) {
                meant.push(point);
            }
        }
    }
    let Some(b) = first else { return };
    let mut finding = ctx.finding(
        &MISCITED_PROVISION,
        Some(svc),
        &b.source,
        format!(
            "UK GDPR points are cited without their paragraph: {}; Art. 6's lawful bases are points of paragraph (1) and Art. 9's conditions points of paragraph (2), so the citation names no provision as written (a defect of form: the point meant can still be told)",
            forms.join(", ")
        ),
        format!(
            "Cite each point with its paragraph: UK GDPR {}.",
            meant.join(", ")
        ),
    );
    finding.severity = Severity::Info;
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::super::wording::sentences;
    use super::*;

    fn defining(text: &str) -> bool {
        sentences(text)
            .into_iter()
            .any(|s| DEFINING.find(s).is_some())
    }

    #[test]
    fn a_provision_named_as_a_definition_or_as_an_authority() {
        assert!(DEFINING.compiles().is_ok());
        for yes in [
            // 03, and rephrasings.
            "This is classed as ‘special category’ personal data within the meaning of Schedule 1 to the Data Protection Act 2018, meaning we must state a further lawful basis for processing it.",
            "Health data is special category data as defined in Schedule 1 of the Data Protection Act 2018.",
            "“Special category data” has the meaning given in Schedule 1 to the DPA 2018.",
            "processing for the law enforcement purposes (as defined by section 31 of the Data Protection Act 2018)",
        ] {
            assert!(defining(yes), "{yes}");
        }
        for no in [
            // 01, and rephrasings: the provision as the authority for sharing.
            "This is compliant with section 31 of the Data Protection Act 2018.",
            "We share it with the police under section 31 of the Data Protection Act 2018.",
            "Section 31 of the DPA 2018 allows us to pass your details to the police.",
            "We rely on Schedule 1 to the Data Protection Act 2018, paragraph 18, for this data.",
        ] {
            assert!(!defining(no), "{no}");
        }
    }

    #[test]
    fn provision_keys() {
        assert_eq!(key("s.31"), "s31");
        assert_eq!(key("Section 31"), "s31");
        assert_eq!(key("Sch. 1"), "sch1");
        assert_eq!(key("Schedule 1"), "sch1");
        assert_ne!(key("Sch. 1 para 18"), "sch1");
        assert_eq!(key("reg. 15"), "reg15");
    }

    fn regs() -> crate::model::Legislation {
        crate::model::Legislation {
            id: "teachers-disciplinary-england-regulations-2012".into(),
            title: "Teachers’ Disciplinary (England) Regulations 2012".into(),
            year: 2012,
            kind: LegislationKind::StatutoryInstrument,
            gov_uk: None,
            supports: Vec::new(),
            aliases: Vec::new(),
            description: None,
        }
    }

    #[test]
    fn the_provision_a_citation_points_into() {
        let act = regs();
        // 01, and rephrasings.
        let s = "This is compliant with section 15 of the Teachers’ Disciplinary (England) Regulations 2012 and section 141c of the Education Act 2002 (updated).";
        assert_eq!(provision_near(s, Some(&act)), Some(("s", "15".into())));
        assert_eq!(
            provision_words(s, &act).as_deref(),
            Some("section 15 of the Teachers’ Disciplinary (England) Regulations 2012")
        );
        let s = "Decisions are published under the Teachers’ Disciplinary (England) Regulations 2012 section 15.";
        assert_eq!(provision_near(s, Some(&act)), Some(("s", "15".into())));
        let s = "Decisions are published under regulation 15 of the Teachers’ Disciplinary (England) Regulations 2012.";
        assert_eq!(provision_near(s, Some(&act)), Some(("reg", "15".into())));
        let s =
            "Decisions are published under the Teachers’ Disciplinary (England) Regulations 2012.";
        assert_eq!(provision_near(s, Some(&act)), None);
        assert_eq!(
            provision_near(
                "within the meaning of Schedule 1 to the Data Protection Act 2018",
                None
            ),
            Some(("sch", "1".into()))
        );
        assert_eq!(
            unit_of("Teachers’ Disciplinary (England) Regulations 2012"),
            "regulation"
        );
        assert_eq!(
            unit_of("Rehabilitation of Offenders Act 1974 (Exceptions) Order 1975"),
            "article"
        );
        assert_eq!(unit_of("Civil Procedure Rules 1998"), "rule");
    }

    #[test]
    fn points_cited_without_their_paragraph() {
        let forms = |s: &str| -> Vec<String> {
            points_without_paragraph(s)
                .into_iter()
                .map(|(_, m)| m)
                .collect()
        };
        // 04 and the built-in notices, and rephrasings.
        assert_eq!(
            forms(
                "The condition under which we process this data is Article 9(g) of UK GDPR – Reasons of substantial public interest."
            ),
            ["Art. 9(2)(g)"]
        );
        assert_eq!(
            forms("General Data Protection Legislation Article 6 part e"),
            ["Art. 6(1)(e)"]
        );
        assert_eq!(
            forms("General Data Protection Legislation Article 9 Part h"),
            ["Art. 9(2)(h)"]
        );
        assert_eq!(
            forms("We rely on Art. 6 (e), public task."),
            ["Art. 6(1)(e)"]
        );
        assert_eq!(forms("under article 6, point (ea)"), ["Art. 6(1)(ea)"]);
        for whole in [
            "public task, under article 6(1)(e) of the UK GDPR",
            "Public Task — Article 6 (1) (e) of the UK GDPR",
            "substantial public interest under article 9(2)(g) of the UK GDPR",
            "Article 6 of the UK GDPR",
            "Article 9 and Schedule 1",
            "Article 9 condition",
            "Article 10 of UK GDPR",
            "Article 60(g)",
        ] {
            assert_eq!(forms(whole), Vec::<String>::new(), "{whole}");
        }
    }
}
