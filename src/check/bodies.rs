//! Bodies and mailboxes that no longer exist under the name a notice gives them (BAS038): a
//! dated registry of public bodies abolished, merged, renamed or moved, and of retired email
//! domains, so that `basis check` can tell a notice that a name stopped being right on a given
//! day. Each entry cites where the change comes from; the registry was checked on [`CHECKED`].
//!
//! A notice names a body as a recipient or source (its flows), in its contact details, or in
//! its sentences ("NHS Digital is the data controller for …"); a sentence that itself says the
//! body was renamed or replaced ("formerly", "now part of") is the notice being right, and is
//! not read. One finding per body per notice, quoting the first place that names it.

use super::notice::rule;
use super::wording::{Family, Phrasing, Sentence, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Direction, PartyIx, Service, Source, TextIx};
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

rule!(
    ENDED_BODY,
    "BAS038",
    Warning,
    "a body or mailbox the notice names that was abolished, merged, renamed or retired",
    "UK GDPR Art. 13(1)(a), (e), 14(1)(e); Art. 5(1)(d); the dated registry in src/check/bodies.rs"
);

/// The day the registry was last checked: a change after it is not known.
pub(super) const CHECKED: &str = "2026-12-06";

/// A body that no longer exists under the name a notice gives it.
pub(super) struct Ended {
    /// Lower-case words that name the body (matched in party names, aliases and quotes).
    pub names: &'static [&'static str],
    /// The body as a reader knows it.
    pub body: &'static str,
    /// When it stopped (ISO date).
    pub ended: &'static str,
    /// What happened, and who does its work now.
    pub what: &'static str,
    /// Where that comes from.
    pub source: &'static str,
}

/// The registry, by date.
pub(super) const ENDED: &[Ended] = &[
    Ended {
        names: &["criminal records bureau"],
        body: "Criminal Records Bureau",
        ended: "2012-12-01",
        what: "merged with the Independent Safeguarding Authority into the Disclosure and Barring Service on 1 December 2012",
        source: "Protection of Freedoms Act 2012 s.87 (ukpga/2012/9); Protection of Freedoms Act 2012 (Disclosure and Barring Service Transfer of Functions) Order 2012 (SI 2012/3006), in force 1 December 2012",
    },
    Ended {
        names: &["independent safeguarding authority"],
        body: "Independent Safeguarding Authority",
        ended: "2012-12-01",
        what: "merged with the Criminal Records Bureau into the Disclosure and Barring Service on 1 December 2012",
        source: "Protection of Freedoms Act 2012 s.87 (ukpga/2012/9); SI 2012/3006, in force 1 December 2012",
    },
    Ended {
        names: &["primary care trust", "pct"],
        body: "primary care trusts",
        ended: "2013-04-01",
        what: "abolished from 1 April 2013; their commissioning passed to clinical commissioning groups (since 2022 integrated care boards) and their public health duties to local authorities",
        source: "Health and Social Care Act 2012 s.34 (ukpga/2012/7)",
    },
    Ended {
        names: &["strategic health authority", "strategic health authorities"],
        body: "strategic health authorities",
        ended: "2013-04-01",
        what: "abolished from 1 April 2013",
        source: "Health and Social Care Act 2012 s.33 (ukpga/2012/7)",
    },
    Ended {
        names: &["uk border agency", "united kingdom border agency", "ukba"],
        body: "UK Border Agency",
        ended: "2013-04-01",
        what: "split on 1 April 2013 into UK Visas and Immigration and Immigration Enforcement within the Home Office (Border Force had left it in 2012)",
        source: "Home Secretary's statement to the House of Commons, 26 March 2013",
    },
    Ended {
        names: &[
            "department for business, innovation and skills",
            "department for business innovation and skills",
        ],
        body: "Department for Business, Innovation and Skills",
        ended: "2016-07-14",
        what: "merged with the Department of Energy and Climate Change into the Department for Business, Energy and Industrial Strategy on 14 July 2016 (itself split on 7 February 2023)",
        source: "machinery-of-government change of 14 July 2016 (Prime Minister's Office)",
    },
    Ended {
        names: &["department of energy and climate change", "decc"],
        body: "Department of Energy and Climate Change",
        ended: "2016-07-14",
        what: "merged into the Department for Business, Energy and Industrial Strategy on 14 July 2016; energy is now the Department for Energy Security and Net Zero's (7 February 2023)",
        source: "machinery-of-government changes of 14 July 2016 and 7 February 2023 (Prime Minister's Office)",
    },
    Ended {
        names: &["department for communities and local government", "dclg"],
        body: "Department for Communities and Local Government",
        ended: "2018-01-08",
        what: "renamed Ministry of Housing, Communities and Local Government (MHCLG) on 8 January 2018, Department for Levelling Up, Housing and Communities on 19 September 2021, and MHCLG again on 8 July 2024",
        source: "machinery-of-government changes announced by the Prime Minister's Office (GOV.UK)",
    },
    Ended {
        names: &[
            "one to one midwives",
            "121 midwives",
            "one to one (north west)",
        ],
        body: "One to One (North West) Ltd (\"121 midwives\")",
        ended: "2019-07-31",
        what: "ceased trading on 31 July 2019; its caseload returned to the NHS trusts' maternity services",
        source: "the company's administration, July 2019 (datasets/parties.toml records it)",
    },
    Ended {
        names: &["local safeguarding children board"],
        body: "Local Safeguarding Children Boards",
        ended: "2019-09-29",
        what: "replaced by the local safeguarding partners (local authority, integrated care board, chief officer of police)",
        source: "Children and Social Work Act 2017 s.30 (ukpga/2017/16), inserting Children Act 2004 ss.16E–16K",
    },
    Ended {
        names: &["department for international development", "dfid"],
        body: "Department for International Development",
        ended: "2020-09-02",
        what: "merged with the Foreign and Commonwealth Office into the Foreign, Commonwealth and Development Office on 2 September 2020",
        source: "machinery-of-government change announced by the Prime Minister on 16 June 2020; the FCDO was established on 2 September 2020",
    },
    Ended {
        names: &["foreign and commonwealth office", "fco"],
        body: "Foreign and Commonwealth Office",
        ended: "2020-09-02",
        what: "merged with the Department for International Development into the Foreign, Commonwealth and Development Office on 2 September 2020",
        source: "machinery-of-government change announced by the Prime Minister on 16 June 2020; the FCDO was established on 2 September 2020",
    },
    Ended {
        names: &[
            "community rehabilitation company",
            "community rehabilitation companies",
        ],
        body: "community rehabilitation companies",
        ended: "2021-06-26",
        what: "their contracts ended on 26 June 2021 and their work passed to the Probation Service (HM Prison and Probation Service)",
        source: "Ministry of Justice, the unification of probation services, 26 June 2021",
    },
    Ended {
        names: &["national probation service"],
        body: "National Probation Service",
        ended: "2021-06-26",
        what: "unified with the community rehabilitation companies into the Probation Service (HM Prison and Probation Service) on 26 June 2021",
        source: "Ministry of Justice, the unification of probation services, 26 June 2021",
    },
    Ended {
        names: &["highways england"],
        body: "Highways England",
        ended: "2021-08-19",
        what: "renamed National Highways in August 2021",
        source: "Department for Transport announcement of 19 August 2021; Strategic Highways Company (Name Change and Consequential Amendments) Regulations 2023",
    },
    Ended {
        names: &["public health england"],
        body: "Public Health England",
        ended: "2021-10-01",
        what: "abolished on 1 October 2021; its functions passed to the UK Health Security Agency and the Office for Health Improvement and Disparities",
        source: "Department of Health and Social Care, transition from Public Health England, 1 October 2021",
    },
    Ended {
        names: &["clinical commissioning group"],
        body: "clinical commissioning groups",
        ended: "2022-07-01",
        what: "abolished on 1 July 2022; their functions passed to integrated care boards",
        source: "Health and Care Act 2022 (ukpga/2022/31) Part 1, in force 1 July 2022",
    },
    Ended {
        names: &["nhs improvement", "nhsi", "nhs trust development authority"],
        body: "NHS Improvement (Monitor and the NHS Trust Development Authority)",
        ended: "2022-07-01",
        what: "Monitor and the NHS Trust Development Authority, which worked as NHS Improvement, were abolished on 1 July 2022 and their functions passed to NHS England",
        source: "Health and Care Act 2022 ss.33 and 36 (ukpga/2022/31), in force 1 July 2022",
    },
    Ended {
        names: &[
            "nhs digital",
            "health and social care information centre",
            "hscic",
        ],
        body: "NHS Digital (the Health and Social Care Information Centre)",
        ended: "2023-02-01",
        what: "abolished on 1 February 2023; its functions, NHS login among them, passed to NHS England",
        source: "Health and Social Care Information Centre (Transfer of Functions, Abolition and Transitional Provisions) Regulations 2023, made under the Health and Care Act 2022",
    },
    Ended {
        names: &[
            "department for business, energy and industrial strategy",
            "department for business energy and industrial strategy",
            "beis",
        ],
        body: "Department for Business, Energy and Industrial Strategy",
        ended: "2023-02-07",
        what: "split on 7 February 2023 between the Department for Energy Security and Net Zero, the Department for Business and Trade and the Department for Science, Innovation and Technology",
        source: "Prime Minister's written statement on government department reorganisation, 7 February 2023",
    },
    Ended {
        names: &["department for international trade"],
        body: "Department for International Trade",
        ended: "2023-02-07",
        what: "merged into the Department for Business and Trade on 7 February 2023",
        source: "Prime Minister's written statement on government department reorganisation, 7 February 2023",
    },
    Ended {
        names: &["department for digital, culture, media and sport"],
        body: "Department for Digital, Culture, Media and Sport",
        ended: "2023-02-07",
        what: "renamed the Department for Culture, Media and Sport on 7 February 2023, its digital work moving to the Department for Science, Innovation and Technology",
        source: "Prime Minister's written statement on government department reorganisation, 7 February 2023",
    },
    Ended {
        names: &["health education england"],
        body: "Health Education England",
        ended: "2023-04-01",
        what: "abolished on 1 April 2023; its functions passed to NHS England",
        source: "Health Education England (Transfer of Functions, Abolition and Transitional Provisions) Regulations 2023 (SI 2023/368) reg. 4(3)",
    },
    Ended {
        names: &[
            "department for levelling up, housing",
            "department for levelling up housing",
            "dluhc",
        ],
        body: "Department for Levelling Up, Housing and Communities",
        ended: "2024-07-08",
        what: "renamed Ministry of Housing, Communities and Local Government on 8 July 2024",
        source: "machinery-of-government change announced on GOV.UK, 8 July 2024",
    },
    Ended {
        names: &[
            "cabinet office (government digital service)",
            "cabinet office, government digital service",
            "government digital service (cabinet office)",
            "government digital service, cabinet office",
            "cabinet office's government digital service",
            "cabinet office’s government digital service",
        ],
        body: "the Government Digital Service as part of the Cabinet Office",
        ended: "2024-07-24",
        what: "the Government Digital Service moved from the Cabinet Office to the Department for Science, Innovation and Technology, and is no longer part of the Cabinet Office",
        source: "Prime Minister's written statement on machinery of government changes, 24 July 2024 (HCWS19)",
    },
    Ended {
        names: &["education and skills funding agency", "esfa"],
        body: "Education and Skills Funding Agency",
        ended: "2025-03-31",
        what: "closed on 31 March 2025; its functions moved into the Department for Education",
        source: "Secretary of State for Education's statement of 11 September 2024",
    },
    Ended {
        names: &["scottish qualifications authority"],
        body: "Scottish Qualifications Authority",
        ended: "2026-02-01",
        what: "replaced by Qualifications Scotland, which took over the SQA's functions; the SQA is dissolved",
        source: "Education (Scotland) Act 2025 (asp 11) s.1 (Qualifications Scotland established) and s.60 (the SQA dissolved); transfer of functions on 1 February 2026 per the Scottish Government's programme papers and SSI 2026/2 (the commencement of s.60 itself not confirmed from the SSI's text)",
    },
];

/// The entry naming `text` (a party's name or a flow's quote), if any: a name anywhere in it,
/// short names ("dclg", five letters or fewer) as whole words.
///
/// `basis check` asks this of every flow's quote, so the registry is one automaton, built once:
/// entry `i` is pattern `i` of a [`RegexSet`](regex::RegexSet), and the first entry that
/// matches wins, as in the registry's order. A word is a run of alphanumeric characters
/// (`char::is_alphanumeric`, that is `\p{Alphabetic}` or `\p{N}`).
pub(super) fn ended(text: &str) -> Option<&'static Ended> {
    static SET: OnceLock<Option<regex::RegexSet>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        let edge = r"[^\p{Alphabetic}\p{N}]";
        let patterns = ENDED.iter().map(|e| {
            let names: Vec<String> = e
                .names
                .iter()
                .map(|n| {
                    // Short by the name's own length, as the scan reads it, not the escaped one.
                    let n = n.replace('&', "and");
                    let escaped = regex::escape(&n);
                    if n.len() <= 5 {
                        format!("(?:^|{edge}){escaped}(?:{edge}|$)")
                    } else {
                        escaped
                    }
                })
                .collect();
            names.join("|")
        });
        regex::RegexSet::new(patterns).ok()
    });
    let text = text.to_lowercase().replace('&', "and");
    let first = set.as_ref()?.matches(&text).into_iter().next()?;
    ENDED.get(first)
}

/// The entry a sentence or a contact names as a proper name, if any: the words of a full name,
/// each capitalised but for joining words ("NHS Digital", "Department for International
/// Development"), so that "NHS improvement work" or "PCT" in passing is not read as a body.
pub(super) fn ended_by_name(text: &str) -> Option<&'static Ended> {
    let split = |s: &str| -> Vec<String> {
        s.replace('&', " and ")
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let words = split(text);
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let proper = |w: &str| {
        matches!(w, "and" | "of" | "for" | "the" | "to" | "on" | "in")
            || w.chars().next().is_some_and(char::is_uppercase)
    };
    ENDED.iter().find(|e| {
        e.names.iter().filter(|n| n.len() > 5).any(|n| {
            let want = split(n);
            !want.is_empty()
                && (0..lower.len().saturating_sub(want.len() - 1)).any(|i| {
                    lower
                        .get(i..i + want.len())
                        .is_some_and(|run| run == want.as_slice())
                        && words[i..i + want.len()].iter().all(|w| proper(w))
                })
        })
    })
}

/// A family of email domains that no longer delivers.
pub(super) struct Retired {
    /// The domains, lower case.
    pub domains: &'static [&'static str],
    /// The family as a reader knows it.
    pub what: &'static str,
    /// When it had to stop being used (ISO date).
    pub ended: &'static str,
    /// What happened.
    pub why: &'static str,
    /// Where that comes from.
    pub source: &'static str,
}

/// Retired mailboxes.
pub(super) const RETIRED: &[Retired] = &[Retired {
    domains: &["gsi.gov.uk", "gsx.gov.uk", "gse.gov.uk", "gcsx.gov.uk"],
    what: "the GSi family of government email domains (gsi, gsx, gse, gcsx .gov.uk)",
    ended: "2019-03-31",
    why: "public bodies had to stop using them by March 2019, and the domains were removed by 31 March 2023, so mail to such an address is not delivered",
    source: "GOV.UK, Naming and registering government websites (updated 28 November 2017: GSI-family domain names must no longer be used by March 2019); Central Digital and Data Office, removal of the gsi-family domains by 31 March 2023",
}];

/// The first email address in `text` on a retired domain, with its family.
pub(super) fn retired_mailbox(text: &str) -> Option<(&'static Retired, &str)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").ok())
        .as_ref()?;
    re.find_iter(text).find_map(|m| {
        let domain = m.as_str().rsplit('@').next()?.to_lowercase();
        let family = RETIRED.iter().find(|r| {
            r.domains
                .iter()
                .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        })?;
        Some((family, m.as_str()))
    })
}

/// Words that say the body's name has changed: the notice is right about it.
static RENAMED: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(formerly|previously|former)\b|\bused to be\b|\bwhat (was|were)\b",
        why: "the old name given as the old name",
    },
    Phrasing {
        pattern: r"\bnow (part of|known as|called|named|within|merged|replaced|run by|the responsibility of|held by)\b",
        why: "the body said to be something else now",
    },
    Phrasing {
        pattern: r"\b(renamed|rebranded|replac(ed|es|ing)|succeed(ed|s)|successor|merged|became|abolished|dissolved|took over|taken over|transferred to)\b",
        why: "the change itself described",
    },
]);

/// Where a notice names something that ended.
enum Place<'a> {
    /// A recipient or source: its flow's source, the role, and the party's name when which
    /// body the words mean is the encoder's reading (the party is inferred).
    Flow(&'a Source, &'static str, Option<&'a str>),
    /// A contact of the controller.
    Contact(&'a Source),
    /// A sentence of the notice.
    Sentence(Sentence<'a>),
}

/// What ended: a body of the registry, or a retired mailbox with the address.
#[derive(Clone, Copy, PartialEq)]
enum Gone {
    Body(&'static str),
    Mailbox(&'static str),
}

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut flows_read = FlowsRead::default();
    for svc in ctx.services() {
        let mut seen: Vec<Gone> = Vec::new();
        for (gone, place, text) in named(ctx, svc, &mut flows_read) {
            if seen.contains(&gone) {
                continue;
            }
            seen.push(gone);
            out.push(finding(ctx, svc, gone, &place, &text));
        }
    }
}

/// The ended body each (quote, party) of a flow names, read once: a national dataset's flows
/// quote a few thousand sentences and name a few hundred parties between a million of them.
type FlowsRead = HashMap<(TextIx, PartyIx), Option<&'static Ended>>;

/// Every place the notice of `svc` names an ended body or a retired mailbox, in the order
/// recipients and sources, contacts, sentences; with the text matched (for the address).
fn named<'m>(
    ctx: &Ctx<'m>,
    svc: &'m Service,
    flows_read: &mut FlowsRead,
) -> Vec<(Gone, Place<'m>, String)> {
    let m = ctx.model;
    let mut found = Vec::new();
    if let Some(six) = m.service(&svc.id) {
        for f in m.service_flows(six) {
            let party = &m.parties[f.party.ix()];
            let hit = *flows_read
                .entry((f.source.quote, f.party))
                .or_insert_with(|| {
                    let quote = m.quote(&f.source);
                    ended(quote).or_else(|| {
                        // The party's own name only counts when the notice names it that way.
                        ended(&party.name)
                            .filter(|_| quote.to_lowercase().contains(&party.name.to_lowercase()))
                    })
                });
            let role = match f.direction() {
                Direction::To => "recipient",
                Direction::From => "source",
                Direction::Internal => "team",
            };
            if let Some(e) = hit {
                let reading = (f.party_provenance() == crate::model::Provenance::Inferred)
                    .then_some(party.name.as_str());
                found.push((
                    Gone::Body(e.body),
                    Place::Flow(&f.source, role, reading),
                    String::new(),
                ));
            }
        }
    }
    let org = &m.orgs[ctx.org.ix()];
    for c in org
        .contacts
        .iter()
        .filter(|c| c.source.notice == svc.notice && c.value.role != "ico")
    {
        if let Some(e) = ended_by_name(&c.value.value) {
            found.push((Gone::Body(e.body), Place::Contact(&c.source), String::new()));
        }
        if let Some((r, address)) = retired_mailbox(&c.value.value) {
            found.push((
                Gone::Mailbox(r.what),
                Place::Contact(&c.source),
                address.to_string(),
            ));
        }
    }
    let text = &m.notices[svc.notice.ix()].text;
    for s in sentences(text) {
        if RENAMED.find(s).is_some() {
            continue;
        }
        if let Some(e) = ended_by_name(s.text) {
            found.push((Gone::Body(e.body), Place::Sentence(s), String::new()));
        }
        if let Some((r, address)) = retired_mailbox(s.text) {
            found.push((
                Gone::Mailbox(r.what),
                Place::Sentence(s),
                address.to_string(),
            ));
        }
    }
    found
}

fn finding(ctx: &Ctx, svc: &Service, gone: Gone, place: &Place, text: &str) -> Finding {
    let (what, quote_src): (&str, Option<&Source>) = match place {
        Place::Flow(src, role, _) => (role, Some(*src)),
        Place::Contact(src) => ("contact", Some(*src)),
        Place::Sentence(_) => ("body the notice names", None),
    };
    let quote = match (place, quote_src) {
        (Place::Sentence(s), _) => s.text.to_string(),
        (_, Some(src)) => ctx.model.quote(src).to_string(),
        _ => String::new(),
    };
    let (message, fix) = match gone {
        Gone::Body(body) => {
            let e = ENDED.iter().find(|e| e.body == body);
            let (ended, what_happened, source) =
                e.map_or(("", "", ""), |e| (e.ended, e.what, e.source));
            let fix = if matches!(place, Place::Contact(_)) {
                "Give the contact details of the body that holds the data today, and check which body is now the controller."
            } else {
                "Name the body that does the work today, or remove it if data is no longer shared with it."
            };
            // A body the notice only names in words the encoder read as it: the finding says
            // so, rather than stating the reading as a fact about the notice.
            let lead = match place {
                Place::Flow(_, _, Some(reading)) => format!(
                    "this {what}, if “{quote}” is {reading} (the encoder's reading; the notice does not name it), is out of date since {ended}"
                ),
                _ => format!("this {what} is out of date since {ended}"),
            };
            (
                format!("{lead}: {body} — {what_happened} ({source}; registry checked {CHECKED})"),
                fix,
            )
        }
        Gone::Mailbox(family) => {
            let r = RETIRED.iter().find(|r| r.what == family);
            let (ended, why, source) = r.map_or(("", "", ""), |r| (r.ended, r.why, r.source));
            (
                format!(
                    "the notice gives the address {text}, on {family}, out of use since {ended}: {why} ({source}; registry checked {CHECKED})"
                ),
                "Give an address that works, on the organisation's own domain.",
            )
        }
    };
    ctx.finding_quoted(&ENDED_BODY, Some(svc), svc.notice, quote, message, fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry read name by name: what [`ended`]'s automaton must agree with.
    fn ended_by_scan(text: &str) -> Option<&'static Ended> {
        let text = text.to_lowercase().replace('&', "and");
        ENDED.iter().find(|e| {
            e.names.iter().any(|n| {
                let n = n.replace('&', "and");
                if n.len() <= 5 {
                    text.split(|c: char| !c.is_alphanumeric()).any(|w| w == n)
                } else {
                    text.contains(&n)
                }
            })
        })
    }

    #[test]
    fn the_automaton_finds_what_the_scan_finds() {
        let body = |e: Option<&Ended>| e.map(|e| e.body);
        // Every name, alone, at either end, between other characters (letters, digits,
        // accented letters, `_`, punctuation, `&`), upper-cased, and with its first or last
        // character cut.
        let mut texts: Vec<String> = Vec::new();
        for e in ENDED {
            for n in e.names {
                let cut_head: String = n.chars().skip(1).collect();
                let cut_tail: String = n.chars().take(n.chars().count() - 1).collect();
                for (a, b) in [
                    ("", ""),
                    (" ", " "),
                    ("x", ""),
                    ("", "x"),
                    ("1", " "),
                    (" ", "2"),
                    ("é", " "),
                    (" ", "é"),
                    ("_", " "),
                    (" ", "_"),
                    ("(", ")"),
                    ("&", "&"),
                    ("the ", "'s"),
                    ("ex-", "-led"),
                ] {
                    for name in [
                        n.to_string(),
                        n.to_uppercase(),
                        cut_head.clone(),
                        cut_tail.clone(),
                    ] {
                        texts.push(format!("{a}{name}{b}"));
                        texts.push(format!("data shared with {a}{name}{b} and others"));
                    }
                }
                texts.push(n.replace(" and ", " & "));
            }
        }
        // And every line of the seeds and of the corpus notices.
        for dir in ["datasets/notices", "tests/corpus/notices"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for f in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(f.path()).unwrap_or_default();
                texts.extend(text.lines().map(str::to_string));
            }
        }
        let mut hits = 0;
        for t in &texts {
            assert_eq!(body(ended(t)), body(ended_by_scan(t)), "{t:?}");
            hits += usize::from(ended(t).is_some());
        }
        // The test reads texts that name bodies and texts that do not.
        assert!(
            hits > 100 && hits < texts.len(),
            "{hits} of {}",
            texts.len()
        );
    }

    #[test]
    fn the_registry_is_by_date_and_every_entry_has_its_source() {
        assert!(ENDED.windows(2).all(|w| w[0].ended <= w[1].ended));
        for e in ENDED {
            assert!(!e.source.is_empty() && !e.names.is_empty(), "{}", e.body);
            assert!(e.ended < CHECKED, "{}", e.body);
        }
        assert!(RENAMED.compiles().is_ok());
    }

    #[test]
    fn bodies_named_in_any_words() {
        // The corpus's sentences and contacts, and rephrasings.
        for (text, body) in [
            (
                "NHS Digital is the data controller for any personal information you provide to create or access your NHS login.",
                "NHS Digital",
            ),
            (
                "Cabinet Office (Government Digital Service), The White Chapel Building, 10 Whitechapel High Street, London, E1 8QS",
                "Government Digital Service",
            ),
            (
                "We share data with the Health and Social Care Information Centre.",
                "NHS Digital",
            ),
            (
                "Referrals are checked with the Criminal Records Bureau.",
                "Criminal Records Bureau",
            ),
            (
                "Funding data goes to the Education and Skills Funding Agency.",
                "Education and Skills Funding Agency",
            ),
            (
                "We report to the Department for Business, Energy & Industrial Strategy.",
                "Department for Business, Energy and Industrial Strategy",
            ),
        ] {
            let e = ended_by_name(text);
            assert!(
                e.is_some_and(|e| e.body.contains(body)),
                "{text}: {:?}",
                e.map(|e| e.body)
            );
        }
        for text in [
            "We share data with NHS England.",
            "The Government Digital Service runs GOV.UK Notify.",
            "Achieving for Children’s email service has been configured to Government Digital Service.",
            "We work with the Department for Business and Trade.",
            // Short names, and a name's words in lower case, are not read in sentences.
            "Our PCT number is on the form.",
            "We use data for NHS improvement work.",
            "Highways england",
        ] {
            assert!(ended_by_name(text).is_none(), "{text}");
        }
        assert!(ended("DCLG").is_some() && ended_by_name("DCLG").is_none());
    }

    #[test]
    fn a_sentence_that_tells_of_the_change_is_not_read() {
        for yes in [
            "NHS login is run by NHS England (formerly NHS Digital).",
            "NHS Digital, now part of NHS England, runs NHS login.",
            "Public Health England was abolished in 2021.",
            "The Criminal Records Bureau became the Disclosure and Barring Service.",
            "The UK Health Security Agency, which replaced Public Health England, receives test results.",
        ] {
            let s = Sentence {
                text: yes,
                start: 0,
            };
            assert!(RENAMED.find(s).is_some(), "{yes}");
        }
        let s = Sentence {
            text: "NHS Digital is the data controller for your NHS login.",
            start: 0,
        };
        assert!(RENAMED.find(s).is_none());
    }

    #[test]
    fn retired_mailboxes() {
        for (text, address) in [
            (
                "Email dpo@council.gsi.gov.uk for help.",
                "dpo@council.gsi.gov.uk",
            ),
            (
                "data.protection@x.gsi.gov.uk",
                "data.protection@x.gsi.gov.uk",
            ),
            (
                "Contact: info@ourcouncil.gcsx.gov.uk",
                "info@ourcouncil.gcsx.gov.uk",
            ),
            ("foi@scotland.gsx.gov.uk", "foi@scotland.gsx.gov.uk"),
        ] {
            assert_eq!(
                retired_mailbox(text).map(|(_, a)| a),
                Some(address),
                "{text}"
            );
        }
        for text in [
            "gds-privacy-office@digital.cabinet-office.gov.uk",
            "dpo@cabinetoffice.gov.uk",
            "the gsi.gov.uk domains were retired in 2019",
            "dpo@notgsi.gov.uk",
        ] {
            assert!(retired_mailbox(text).is_none(), "{text}");
        }
    }
}
