//! Transfers outside the UK: a mechanism named as the safeguard that no longer exists or is not
//! a UK one (BAS082), a derogation of Art. 49 that a public authority cannot use for its public
//! functions (BAS083), a recipient abroad in a notice that says nothing of transfers or says
//! there are none (BAS084), and transfers said to rest on Art. 45 or an "adequacy decision",
//! which UK law no longer has (BAS087).
//!
//! BAS084 is decided on the encoded facts (a recipient's `country`, the notice's transfer
//! statements); the others read the notice's sentences and its transfer statements with
//! families of phrasings, each with its reason.

use super::location;
use super::notice::rule;
use super::wording::{Family, Hit, Phrasing, Sentence, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{NoticeIx, Service, Stance};

rule!(
    DEAD_MECHANISM,
    "BAS082",
    Error,
    "a transfer mechanism that no longer exists, or is not a UK one, named as the safeguard",
    "UK GDPR Art. 13(1)(f), 14(1)(f); Arts. 44A, 45A, 46 (Data (Use and Access) Act 2025 Sch. 7)"
);
rule!(
    PUBLIC_DEROGATION,
    "BAS083",
    Warning,
    "an Art. 49 derogation that does not apply to a public authority in the exercise of its public powers",
    "UK GDPR Art. 49(1) (points (a)–(c) and the second subparagraph), Art. 49(3)"
);
rule!(
    UNDISCLOSED_TRANSFER,
    "BAS084",
    Warning,
    "a recipient outside the UK, and the notice says nothing of transfers or says there are none",
    "UK GDPR Art. 13(1)(f), 14(1)(f) (as amended by the Data (Use and Access) Act 2025 Sch. 9); Arts. 45A, 46"
);
rule!(
    OLD_ADEQUACY,
    "BAS087",
    Info,
    "transfers said to rest on Art. 45 or an adequacy decision, which UK law no longer has",
    "UK GDPR Art. 45A (Data (Use and Access) Act 2025 Sch. 7 paras. 3–4, in force 5 February 2026: SI 2026/82 reg. 2(m)); DPA 2018 Sch. 21 para. 4"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let public = ctx.public_authority();
    for (n, text, svc) in ctx.notice_texts() {
        dead_mechanisms(ctx, svc, n, text, out);
        if public {
            derogation(ctx, svc, n, text, out);
        }
        old_adequacy(ctx, svc, n, text, out);
    }
    ctx.per_service(out, &[undisclosed]);
}

// ---- BAS082 --------------------------------------------------------------------------------

/// A transfer mechanism that no longer exists or is not a UK one.
struct Dead {
    /// How the mechanism is named.
    family: Family,
    /// Only in a sentence that also speaks of transfers: the words have other senses ("safe
    /// harbour" of an online host).
    in_transfer_sentence: bool,
    /// The severity where it is named for a transfer: error where it cannot be relied on at
    /// all, warning where it may be one part of a valid mechanism the notice leaves out.
    severity: Severity,
    /// What happened to it, with the source.
    why: &'static str,
    /// Clauses of the EU that work for the UK only with the UK's Addendum: no finding where the
    /// notice names the Addendum or the IDTA.
    unless_uk_clauses: bool,
}

static DEAD: [Dead; 4] = [
    Dead {
        family: Family::new(&[Phrasing {
            pattern: r"\bprivacy[- ]shield\b",
            why: "the EU–US or Swiss–US Privacy Shield, by name",
        }]),
        in_transfer_sentence: false,
        severity: Severity::Error,
        why: "the EU–US Privacy Shield was invalidated by the Court of Justice in Data Protection Commissioner v Facebook Ireland and Schrems (C-311/18, 16 July 2020), and no Privacy Shield is a UK transfer mechanism; for a recipient in the US, the UK mechanism is the UK Extension to the EU–US Data Privacy Framework (Data Protection (Adequacy) (United States of America) Regulations 2023, SI 2023/1028, in force 12 October 2023) where the recipient is certified to it, or Art. 46 safeguards",
        unless_uk_clauses: false,
    },
    Dead {
        family: Family::new(&[Phrasing {
            pattern: r"\bsafe[- ]harbou?r\b",
            why: "the US Safe Harbor privacy principles, by name",
        }]),
        in_transfer_sentence: true,
        severity: Severity::Error,
        why: "the Safe Harbour scheme was invalidated by the Court of Justice in Schrems (C-362/14, 6 October 2015)",
        unless_uk_clauses: false,
    },
    Dead {
        family: Family::new(&[Phrasing {
            pattern: r"\bmodel (contract(ual)? |data protection )?clauses\b",
            why: "the European Commission's model clauses of 2001–2010, by their common name",
        }]),
        in_transfer_sentence: false,
        severity: Severity::Error,
        why: "“model clauses” are the European Commission's old standard contractual clauses (Decisions 2001/497/EC, 2004/915/EC, 2010/87/EU); for transfers from the UK they could be relied on only under contracts made by 21 September 2022, and not after 21 March 2024, when the International Data Transfer Agreement (IDTA) or the Addendum, issued by the Commissioner under DPA 2018 s.119A, took their place (Art. 46(2)(d))",
        unless_uk_clauses: false,
    },
    Dead {
        family: Family::new(&[
            Phrasing {
                pattern: r"\b(eu|european (commission|union)(['’]s)?|commission['’]s) standard contractual clauses\b",
                why: "the European Commission's standard contractual clauses, by their maker",
            },
            Phrasing {
                pattern: r"\bstandard contractual clauses (approved|adopted|issued|published) by the european commission\b",
                why: "the same, said the other way round",
            },
        ]),
        in_transfer_sentence: false,
        severity: Severity::Warning,
        why: "the European Commission's standard contractual clauses are not a UK transfer mechanism on their own: for a transfer from the UK they need the International Data Transfer Addendum issued by the Commissioner under DPA 2018 s.119A (Art. 46(2)(d)), or the IDTA is used instead",
        unless_uk_clauses: true,
    },
];

/// Words that say a mechanism is past: the notice tells of its end, it does not rely on it.
static PAST: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(invalidat\w*|struck down|annulled|no longer|ceased|withdrawn)\b",
        why: "the mechanism said to have ended",
    },
    Phrasing {
        pattern: r"\b(formerly|previously|former)\b",
        why: "the mechanism named as what came before (\"the Data Privacy Framework, formerly Privacy Shield\")",
    },
    Phrasing {
        pattern: r"\b(replac(ed|es|ing)|succeeded|superseded) (by|with)\b|\bsuccessor\b",
        why: "the mechanism said to have been replaced",
    },
    Phrasing {
        pattern: r"\bschrems\b",
        why: "the judgment that ended it, named",
    },
]);

/// Words that say a sentence is about sending data abroad.
static ABROAD: Family = Family::new(&[
    Phrasing {
        pattern: r"\btransfer",
        why: "a transfer of data",
    },
    Phrasing {
        pattern: r"\b(outside|beyond) (of )?(the )?(uk|united kingdom|eea|european economic area|eu|european union)\b|\babroad\b|\boverseas\b|\bthird countr",
        why: "somewhere other than the UK",
    },
    Phrasing {
        pattern: r"\b(united states|usa|u\.s\.|us-based|eu-us|swiss-us)\b",
        why: "a country abroad, by name",
    },
]);

/// Words that say a sentence is about a processor's contract rather than a transfer.
static PROCESSOR: Family = Family::new(&[Phrasing {
    pattern: r"\b(data )?processors?\b|\bon our behalf\b",
    why: "a processor, which acts on the controller's behalf (Art. 28)",
}]);

/// Words that name the UK's own clauses (the Addendum, the IDTA).
static UK_CLAUSES: Family = Family::new(&[Phrasing {
    pattern: r"\baddendum\b|\bidta\b|\binternational data transfer agreement\b",
    why: "the UK's clauses, issued under DPA 2018 s.119A",
}]);

/// Whether `safeguards` (a transfer statement's safeguards) name a mechanism that no longer
/// exists or is not a UK one: BAS082 reports it, so BAS025 ("no mechanism named") does not.
pub(super) fn names_dead_mechanism(safeguards: &str) -> bool {
    let s = Sentence {
        text: safeguards,
        start: 0,
    };
    PAST.find(s).is_none() && DEAD.iter().any(|d| d.family.find_affirmed(s).is_some())
}

/// BAS082: each dead mechanism the notice names as a safeguard, once, quoting the first
/// sentence that names it (or the transfer statement whose safeguards name it).
fn dead_mechanisms(ctx: &Ctx, svc: &Service, n: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let all = sentences(text);
    let uk_clauses = all.iter().any(|s| UK_CLAUSES.find(*s).is_some());
    for dead in &DEAD {
        if dead.unless_uk_clauses && uk_clauses {
            continue;
        }
        let named = |s: Sentence<'_>| {
            let hit = dead.family.find_affirmed(s)?;
            let abroad = ABROAD.find(s).is_some();
            (PAST.find(s).is_none() && (abroad || !dead.in_transfer_sentence))
                .then_some((hit.words().to_string(), abroad))
        };
        let from_text = all
            .iter()
            .find_map(|s| named(*s).map(|(w, a)| (s.text.to_string(), w, a)));
        // The encoder's reading of a transfer statement, where no sentence names it as such.
        let from_fact = || {
            svc.transfers.iter().find_map(|t| {
                let words = t.value.safeguards.as_deref()?;
                let (w, _) = named(Sentence {
                    text: words,
                    start: 0,
                })?;
                Some((ctx.model.quote(&t.source).to_string(), w, true))
            })
        };
        let Some((quote, words, abroad)) = from_text.or_else(from_fact) else {
            continue;
        };
        let processor_only = !abroad
            && PROCESSOR
                .find(Sentence {
                    text: &quote,
                    start: 0,
                })
                .is_some();
        let (severity, context, fix) = if processor_only {
            (
                Severity::Warning,
                "; the sentence is about processors, whose contract is an Art. 28(3) contract whatever the transfer tool, and a transfer abroad needs a UK mechanism",
                "Say that processors act under a contract that meets Art. 28(3); where a processor's work sends data outside the UK, name the UK mechanism (the IDTA or the Addendum, Art. 46(2)(d)) and how to obtain a copy.",
            )
        } else {
            (
                dead.severity,
                "",
                "Name the mechanism actually relied on for each transfer — UK regulations under Art. 45A (e.g. the UK Extension to the EU–US Data Privacy Framework), or Art. 46 safeguards such as the IDTA or the Addendum — and say how to obtain a copy (Art. 13(1)(f)).",
            )
        };
        let mut f = ctx.finding_quoted(
            &DEAD_MECHANISM,
            Some(svc),
            n,
            quote,
            format!(
                "the notice names “{words}” as a safeguard for personal data: {}{context}",
                dead.why
            ),
            fix,
        );
        f.severity = severity;
        out.push(f);
    }
}

// ---- BAS083 --------------------------------------------------------------------------------

/// Words that invoke Art. 49.
static ART49: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(article|art\.?) ?49\b",
        why: "Art. 49 (derogations for specific situations), by number",
    },
    Phrasing {
        pattern: r"\bderogations? (for specific situations|from the (general )?(rule|prohibition))\b",
        why: "Art. 49's derogations, by their heading",
    },
]);

/// The derogations of Art. 49(1) that Art. 49(3) withholds from public authorities in the
/// exercise of their public powers, as a notice names them.
static BARRED: Family = Family::new(&[
    Phrasing {
        pattern: r"\blegitimate interests?\b",
        why: "the compelling legitimate interests of the controller (Art. 49(1), second subparagraph)",
    },
    Phrasing {
        pattern: r"\b(explicit )?consent(ed)?\b",
        why: "the data subject's explicit consent (Art. 49(1)(a))",
    },
    Phrasing {
        pattern: r"\b(performance|conclusion) of a contract\b|\bcontract (with|between)\b",
        why: "a contract with or in the interest of the data subject (Art. 49(1)(b), (c))",
    },
]);

/// The barred derogation a sentence relies on under Art. 49, if any.
fn barred(s: Sentence<'_>) -> Option<Hit<'_>> {
    ART49.find_affirmed(s)?;
    BARRED.find_affirmed(s)
}

/// BAS083: a public authority relies on a derogation Art. 49(3) withholds from it. One finding
/// per notice, quoting the first sentence (or transfer statement) that does.
fn derogation(ctx: &Ctx, svc: &Service, n: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let from_text = sentences(text).into_iter().find_map(|s| {
        barred(s).map(|h| (s.text.to_string(), h.words().to_string(), h.phrasing.why))
    });
    let from_fact = || {
        svc.transfers.iter().find_map(|t| {
            let words = t.value.safeguards.as_deref()?;
            let h = barred(Sentence {
                text: words,
                start: 0,
            })?;
            Some((
                ctx.model.quote(&t.source).to_string(),
                h.words().to_string(),
                h.phrasing.why,
            ))
        })
    };
    let Some((quote, words, which)) = from_text.or_else(from_fact) else {
        return;
    };
    let org = &ctx.model.orgs[ctx.org.ix()].name;
    out.push(ctx.finding_quoted(
        &PUBLIC_DEROGATION,
        Some(svc),
        n,
        quote,
        format!(
            "the notice relies on an Art. 49 derogation for transfers, on “{words}”: {which}; {org} is a public authority, and Art. 49(3) says that derogation does not apply to activities carried out by public authorities in the exercise of their public powers (the derogations are also for specific situations, not for regular transfers)"
        ),
        "Transfer under UK regulations approving the destination (Art. 45A) or with Art. 46 safeguards (the IDTA or the Addendum), name the mechanism and say how to obtain a copy; keep Art. 49 for occasional transfers on a derogation open to a public authority (e.g. Art. 49(1)(d), important reasons of public interest).",
    ));
}

// ---- BAS084 --------------------------------------------------------------------------------

/// BAS084: recipients abroad in a notice that says nothing of transfers, says there are none,
/// or leaves the question unanswered. One finding per notice, naming them all.
fn undisclosed(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    if svc
        .transfers
        .iter()
        .any(|t| matches!(t.value.stance, Stance::Possible | Stance::Used))
    {
        return;
    }
    let bodies = location::abroad(ctx, svc);
    let Some((_, _, quote)) = bodies.first() else {
        return;
    };
    let says = if svc.transfers.iter().any(|t| t.value.stance == Stance::None) {
        "says data is not transferred outside the UK"
    } else if svc.transfers.is_empty() {
        "says nothing about transfers outside the UK"
    } else {
        "asks whether data is transferred abroad and leaves the question unanswered"
    };
    let named: Vec<String> = bodies
        .iter()
        .map(|(name, code, _)| {
            let country = location::country_name(code);
            if name.contains(country.trim_start_matches("the ")) {
                name.clone()
            } else {
                format!("{name} ({country})")
            }
        })
        .collect();
    let eea = bodies.iter().all(|(_, c, _)| location::in_eea(c));
    let mechanism = if eea {
        "for the EEA, transfers treated as approved by regulations under Art. 45A: DPA 2018 Sch. 21 para. 4, as amended by the Data (Use and Access) Act 2025 Sch. 9 para. 25"
    } else {
        "regulations under Art. 45A approving the destination, or Art. 46 safeguards"
    };
    let recipients = if named.len() == 1 {
        "a recipient"
    } else {
        "recipients"
    };
    out.push(ctx.finding_quoted(
        &UNDISCLOSED_TRANSFER,
        Some(svc),
        svc.notice,
        quote.clone(),
        format!(
            "the notice names {recipients} outside the UK — {} — and {says}: Art. 13(1)(f) and 14(1)(f) ask a notice to say that data is transferred to a third country and on what basis ({mechanism})",
            named.join(", ")
        ),
        "Say that data is transferred outside the UK, to whom and where, and name the mechanism relied on with how to obtain a copy of the safeguards.",
    ));
}

// ---- BAS087 --------------------------------------------------------------------------------

/// Words that name the pre-2026 basis of a transfer.
static ADEQUACY: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(article|art\.?) ?45(\s*\(\d\))?([^a-z0-9(]|$)",
        why: "which the Data (Use and Access) Act 2025 Sch. 7 para. 3 omitted from 5 February 2026 (SI 2026/82 reg. 2(m))",
    },
    Phrasing {
        pattern: r"\badequacy decisions?\b",
        why: "which the European Commission makes for the EU; UK law has no adequacy decisions (before 2026 it had adequacy regulations, DPA 2018 s.17A)",
    },
]);

/// Words that speak of the EU's decision about the UK, not of the UK's own mechanism.
static EU_DECISION: Family = Family::new(&[Phrasing {
    pattern: r"\beuropean commission\b|\beu['’]s adequacy\b|\badequacy decisions? (for|on|about|in respect of|in favour of|granted to) the (uk|united kingdom)\b",
    why: "the European Commission's decision about the UK, a real thing, but about data coming in",
}]);

/// The words of a sentence that rest transfers abroad on Art. 45 or an adequacy decision, not
/// speaking of the EU's decision about the UK.
fn old_reference(s: Sentence<'_>) -> Option<Hit<'_>> {
    let hit = ADEQUACY.find_affirmed(s)?;
    (ABROAD.find(s).is_some() && EU_DECISION.find(s).is_none()).then_some(hit)
}

/// BAS087: transfers said to rest on Art. 45 or an adequacy decision. One finding per notice.
fn old_adequacy(ctx: &Ctx, svc: &Service, n: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let Some((s, hit)) = sentences(text)
        .into_iter()
        .find_map(|s| Some((s, old_reference(s)?)))
    else {
        return;
    };
    let mut f = ctx.finding_quoted(
        &OLD_ADEQUACY,
        Some(svc),
        n,
        s.text.to_string(),
        format!(
            "the notice rests transfers on “{}”, {}: since 5 February 2026 the UK mechanism is regulations under Art. 45A approving transfers (Data (Use and Access) Act 2025 Sch. 7 para. 4), and transfers to the EEA are treated as approved by them (DPA 2018 Sch. 21 para. 4). The transfers themselves may be sound: only the reference is out of date",
            hit.words().trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')'),
            hit.phrasing.why
        ),
        "Refer to “regulations under Article 45A of the UK GDPR” (for the EEA, DPA 2018 Sch. 21 para. 4) instead of Art. 45 or an adequacy decision.",
    );
    f.severity = Severity::Info;
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentence<'_> {
        Sentence { text, start: 0 }
    }

    fn names_dead(text: &str) -> Option<usize> {
        sentences(text).into_iter().find_map(|x| {
            DEAD.iter().position(|d| {
                d.family.find_affirmed(x).is_some()
                    && PAST.find(x).is_none()
                    && (!d.in_transfer_sentence || ABROAD.find(x).is_some())
            })
        })
    }

    #[test]
    fn every_family_compiles() {
        for f in DEAD.iter().map(|d| &d.family).chain([
            &PAST,
            &ABROAD,
            &PROCESSOR,
            &UK_CLAUSES,
            &ART49,
            &BARRED,
            &ADEQUACY,
            &EU_DECISION,
        ]) {
            assert!(f.compiles().is_ok());
        }
    }

    #[test]
    fn dead_mechanisms_in_any_words() {
        for (yes, which) in [
            // 06 and 04, and rephrasings.
            (
                "Mailchimp has certified its compliance to both the EU-US Privacy Shield Framework and the Swiss-US Privacy Shield Framework since 2016.",
                0,
            ),
            ("Our US supplier is certified under Privacy Shield.", 0),
            (
                "Transfers to the US are protected by the Safe Harbor principles.",
                1,
            ),
            (
                "Any personal data shared with a data processor for this purpose will be governed by model contract clauses under data protection law.",
                2,
            ),
            ("Transfers outside the EEA use model clauses.", 2),
            (
                "We transfer data to India under the EU standard contractual clauses.",
                3,
            ),
            (
                "Transfers use standard contractual clauses approved by the European Commission.",
                3,
            ),
        ] {
            assert_eq!(names_dead(yes), Some(which), "{yes}");
        }
        for no in [
            "Following the invalidation of the Privacy Shield we use the IDTA.",
            "We do not rely on Privacy Shield.",
            "The Privacy Shield was struck down in Schrems II, so we moved to the Addendum.",
            "Our host benefits from the safe harbour for hosting providers.",
            "We use standard contractual clauses with the UK Addendum.",
            "Transfers are covered by UK adequacy regulations.",
            "Our US host is certified to the Data Privacy Framework (formerly the Privacy Shield) and its UK Extension.",
        ] {
            assert_eq!(names_dead(no), None, "{no}");
        }
        // The EU's clauses with the UK's Addendum named anywhere in the notice: no finding.
        assert!(
            UK_CLAUSES
                .find(s(
                    "We use the EU standard contractual clauses with the UK Addendum."
                ))
                .is_some()
        );
    }

    fn barred_in(text: &str) -> bool {
        sentences(text).into_iter().any(|x| barred(x).is_some())
    }

    #[test]
    fn derogations_a_public_authority_cannot_use() {
        for yes in [
            // 04, and rephrasings.
            "Where transfers for this purpose are made to locations without Adequacy decisions the transfer is made on the basis of exceptions under Article 49 of UK GDPR and is required for the legitimate interests of the Ministry of Justice.",
            "We rely on Art. 49 and your explicit consent for transfers to our overseas partner.",
            "Transfers are necessary for the performance of a contract with you (Article 49).",
        ] {
            assert!(barred_in(yes), "{yes}");
        }
        for no in [
            "Transfers are necessary for important reasons of public interest under Article 49(1)(d).",
            "We do not rely on Article 49 for any transfer.",
            "We rely on our legitimate interests to improve the website.",
            "Transfers are made under Article 46 with the IDTA.",
        ] {
            assert!(!barred_in(no), "{no}");
        }
    }

    fn old_ref(text: &str) -> bool {
        sentences(text)
            .into_iter()
            .any(|x| old_reference(x).is_some())
    }

    #[test]
    fn transfers_resting_on_article_45() {
        for yes in [
            // 04, and rephrasings.
            "Such transfers are made on the basis of Adequacy decisions between the UK and EEA in accordance with Article 45 of UK GDPR.",
            "Transfers to Japan rely on an adequacy decision.",
            "We transfer data to Canada under Article 45(3) of the UK GDPR.",
        ] {
            assert!(old_ref(yes), "{yes}");
        }
        for no in [
            "Where transfers for this purpose are made to locations without Adequacy decisions the transfer is made on the basis of exceptions under Article 49 of UK GDPR.",
            "Your data receives the same level of protection in the EEA as it does in the UK through the safeguard of the UK Adequacy Regulations.",
            "Transfers are approved by regulations under Article 45A.",
            "The European Commission's adequacy decision for the UK lets data flow to us from the EU, and we transfer none abroad.",
            "Article 45 of the Children Act 1989 applies.",
        ] {
            assert!(!old_ref(no), "{no}");
        }
    }
}
