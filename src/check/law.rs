//! The law a notice says it follows: the EU GDPR cited where the UK GDPR is the law in force
//! (BAS090), and provisions the Data (Use and Access) Act 2025 replaced cited as if they were
//! still in force (BAS091).
//!
//! Since 1 January 2021 the law in force is the UK GDPR (Regulation (EU) 2016/679 as it forms
//! part of UK law by the European Union (Withdrawal) Act 2018 s.3, amended by the Data
//! Protection, Privacy and Electronic Communications (Amendments etc) (EU Exit) Regulations 2019,
//! SI 2019/419) with the Data Protection Act 2018.

use super::notice::rule;
use super::wording::{Family, Phrasing, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{CitationStatus, NoticeIx, Service};

rule!(
    EU_GDPR,
    "BAS090",
    Warning,
    "the notice cites the EU GDPR as its law, never the UK GDPR",
    "UK GDPR; European Union (Withdrawal) Act 2018 s.3; DPPEC (Amendments etc) (EU Exit) Regulations 2019 (SI 2019/419)"
);

rule!(
    REPLACED_BY_DUAA,
    "BAS091",
    Info,
    "a provision the Data (Use and Access) Act 2025 replaced, cited as the law in force",
    "UK GDPR Arts. 22A–22D (DUAA 2025 s.80), Art. 6(1)(e) as amended by DUAA 2025 s.70(2)(a); SI 2026/82 reg. 2"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_notice_text(out, &[eu_gdpr, replaced]);
}

/// The day the DUAA 2025 ss.70 and 80 came into force (SI 2026/82 reg. 2(c), (j)).
const DUAA_IN_FORCE: &str = "2026-02-05";

/// Article 22 cited: replaced by Arts. 22A–22D (DUAA s.80).
static ARTICLE_22: Family = Family::new(&[Phrasing {
    pattern: r"\b(article|art\.?)\s*22\s*(\([1-4]\))?(\([a-c]\))?([^a-z0-9]|$)",
    why: "Article 22, which DUAA 2025 s.80 replaced with Arts. 22A–22D",
}]);

/// What shows that an Article 22 is the UK GDPR's on automated decisions, not another
/// instrument's.
static AUTOMATED: Family = Family::new(&[Phrasing {
    pattern: r"\b(automat\w*|profil\w*|solely)\b",
    why: "automated decision-making, the subject of the old Article 22",
}]);

/// The words of Art. 6(1)(e) before DUAA s.70(2)(a) inserted "of the controller" after "task".
static OLD_PUBLIC_TASK: Family = Family::new(&[Phrasing {
    pattern: r"\btasks? carried out in the public interest\b",
    why: "“a task carried out in the public interest”: Art. 6(1)(e) before DUAA s.70(2)(a), which now reads “a task of the controller carried out in the public interest or a task carried out in the exercise of official authority vested in the controller”",
}]);

/// Whether the words at `at..end` of `sentence` stand inside quotation marks: an opening mark
/// before them with no closing mark between, and a closing mark after.
fn quoted(sentence: &str, at: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (sentence.get(..at), sentence.get(end..)) else {
        return false;
    };
    let open = before.rfind(['‘', '“', '"', '\'']);
    let opened = open.is_some_and(|o| {
        let mark = before[o..].chars().next().unwrap_or(' ');
        // A straight apostrophe inside a word ("controller's") opens nothing.
        let word_before = before[..o]
            .chars()
            .last()
            .is_some_and(char::is_alphanumeric);
        let apostrophe = mark == '\'' && word_before;
        let closed = before[o + mark.len_utf8()..].contains(['’', '”']);
        !apostrophe && !closed
    });
    opened && after.contains(['’', '”', '"', '\''])
}

/// BAS091: one finding per notice, listing the replaced provisions it cites as the law.
fn replaced(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let found = replaced_provisions(text);
    let Some((first, _)) = found.first() else {
        return;
    };
    let listed: Vec<String> = found
        .iter()
        .map(|(s, what)| format!("{what} (“{s}”)"))
        .collect();
    let mut fixes: Vec<&str> = Vec::new();
    if found.iter().any(|(_, what)| what.contains("22A")) {
        fixes.push("cite Arts. 22A–22D for significant decisions based solely on automated processing, with the Art. 22C safeguards");
    }
    if found.iter().any(|(_, what)| what.contains("6(1)(e)")) {
        fixes.push("quote Art. 6(1)(e) as it now reads, “a task of the controller carried out in the public interest or a task carried out in the exercise of official authority vested in the controller”, and say whose task it is");
    }
    let mut fix = fixes.join("; ");
    if let Some(c) = fix.get(..1) {
        fix = format!("{}{}.", c.to_uppercase(), &fix[1..]);
    }
    out.push(ctx.finding_quoted(
        &REPLACED_BY_DUAA,
        Some(svc),
        notice,
        (*first).to_string(),
        format!(
            "the notice cites provisions in the form the Data (Use and Access) Act 2025 replaced on 5 February 2026 (SI 2026/82): {}",
            listed.join("; ")
        ),
        fix,
    ));
}

/// The sentences that cite a provision the DUAA replaced, each with what it cites. The old
/// words of Art. 6(1)(e) count only where quoted as the Article's, or in a notice dated on or
/// after 5 February 2026: before then they were the law, and a plain description of a public
/// task is not a citation.
fn replaced_provisions(text: &str) -> Vec<(&str, String)> {
    let dated_after = super::drafting::notice_date(text)
        .and_then(|(_, d)| d)
        .is_some_and(|d| d.as_str() >= DUAA_IN_FORCE);
    let mut out: Vec<(&str, String)> = Vec::new();
    for s in sentences(text) {
        let lower = s.text.to_lowercase();
        // The old rights wording is BAS028's.
        if super::review::old_adm_rights(&lower) {
            continue;
        }
        if let Some(h) = ARTICLE_22.find(s)
            && AUTOMATED.find(s).is_some()
        {
            out.push((
                s.text,
                format!(
                    "“{}” for automated decisions, replaced by Arts. 22A–22D (DUAA 2025 s.80)",
                    h.words()
                        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
                ),
            ));
        }
        if let Some(h) = OLD_PUBLIC_TASK.find(s)
            && (dated_after || quoted(s.text, h.at.0, h.at.1))
        {
            let how = if quoted(s.text, h.at.0, h.at.1) {
                "quoted as the Article"
            } else {
                "in a notice dated on or after 5 February 2026"
            };
            out.push((s.text, format!("the words of Art. 6(1)(e) before DUAA 2025 s.70(2)(a), {how}: “{}”, where the Article now reads “a task of the controller carried out in the public interest”", h.words())));
        }
    }
    out
}

/// The UK GDPR, however a notice spells it.
static UK_GDPR: Family = Family::new(&[
    Phrasing {
        pattern: r"\bU\.?K\.?\s*GDPR\b",
        why: "“UK GDPR”: the retained regulation by its usual name",
    },
    Phrasing {
        pattern: r"\b(U\.?K\.?|United Kingdom) General Data Protection Regulations?\b",
        why: "the UK General Data Protection Regulation spelled out",
    },
    Phrasing {
        pattern: r"\bretained (EU )?(law|regulation)\b|\bas (it forms|retained in|incorporated into) (part of )?(the )?(law of (England|Scotland|the United Kingdom)|(UK|domestic|United Kingdom) law)\b",
        why: "the EU regulation as it forms part of UK law",
    },
    Phrasing {
        pattern: r"\bGDPR as (retained|amended|applied|it forms part)\b|\bEU Exit\b",
        why: "the GDPR as amended for the UK's exit from the EU",
    },
]);

/// The EU's regulation, however a notice names it.
static EU_REGULATION: Family = Family::new(&[
    Phrasing {
        pattern: r"\bEuropean Union['’]?s? (new )?(General Data Protection Regulation|GDPR)\b|\bEU (GDPR|General Data Protection Regulation)\b|\bRegulation \(EU\) 2016/679\b",
        why: "the European Union's regulation, named as such",
    },
    Phrasing {
        pattern: r"\b(General Data Protection Regulations?|GDPR)\b",
        why: "“the GDPR” with no “UK”: the EU's regulation by its own name",
    },
]);

/// The Data Protection Act 2018, which applied beside the EU GDPR until 31 December 2020.
static DPA_2018: Family = Family::new(&[Phrasing {
    pattern: r"\b(Data Protection Act,? 2018|DPA,?\s*2018)\b",
    why: "the Data Protection Act 2018",
}]);

/// BAS090: the notice names the EU's regulation and never the UK GDPR. A citation the encoding
/// already records under a wrong title (BAS034 reports it) is not read again. Info, not
/// warning, where the notice also names the Data Protection Act 2018: "the GDPR" beside it may
/// be shorthand for the UK GDPR, but the Act applied beside the EU GDPR too, so the notice still
/// does not say which.
fn eu_gdpr(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    if !UK_GDPR.hits(text).is_empty() {
        return;
    }
    let m = ctx.model;
    let squash = crate::model::fold_space;
    let reported: Vec<String> = svc
        .legislation
        .iter()
        .filter(|l| l.value.status != CitationStatus::Exact)
        .filter(|l| {
            l.value
                .legislation
                .is_some_and(|x| m.vocab.legislation[x.ix()].id == "uk-gdpr")
        })
        .map(|l| squash(m.quote(&l.source)))
        .collect();
    let Some(hit) = sentences(text)
        .into_iter()
        .filter_map(|s| EU_REGULATION.find(s))
        .find(|h| {
            let s = squash(h.sentence.text);
            !reported
                .iter()
                .any(|q| s.contains(q.as_str()) || q.contains(s.as_str()))
        })
    else {
        return;
    };
    let (severity, dpa) = if DPA_2018.hits(text).is_empty() {
        (Severity::Warning, "nor the Data Protection Act 2018")
    } else {
        (
            Severity::Info,
            "(it names the Data Protection Act 2018, which applied beside the EU GDPR until 31 December 2020, so that does not tell readers which regulation it means)",
        )
    };
    let mut f = ctx.finding_quoted(&EU_GDPR, Some(svc), notice, hit.sentence.text.to_string(),
        format!("the notice cites “{}” as the law it follows, and never the UK GDPR {dpa}; since 1 January 2021 the law in force is the UK GDPR with the Data Protection Act 2018 (European Union (Withdrawal) Act 2018 s.3; SI 2019/419)", hit.words()),
        "Cite the UK GDPR and the Data Protection Act 2018 as the law the processing follows.");
    f.severity = severity;
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The severity BAS090 gives a notice, before the encoded citations are consulted.
    fn eu(text: &str) -> Option<Severity> {
        if !UK_GDPR.hits(text).is_empty() {
            return None;
        }
        sentences(text)
            .into_iter()
            .find_map(|s| EU_REGULATION.find(s))?;
        Some(if DPA_2018.hits(text).is_empty() {
            Severity::Warning
        } else {
            Severity::Info
        })
    }

    #[test]
    fn every_family_compiles() {
        for f in [
            &UK_GDPR,
            &EU_REGULATION,
            &DPA_2018,
            &ARTICLE_22,
            &AUTOMATED,
            &OLD_PUBLIC_TASK,
        ] {
            assert!(f.compiles().is_ok(), "{:?}", f.compiles());
        }
    }

    #[test]
    fn the_eu_regulation_named_as_the_law() {
        // 02: the EU's regulation, no UK law named.
        assert_eq!(
            eu(
                "In line with the European Union’s new General Data Protection Regulation (GDPR) which came into force on 25 May 2018 we have produced this Privacy Notice."
            ),
            Some(Severity::Warning)
        );
        // 03: "the GDPR" beside the Data Protection Act 2018.
        assert_eq!(
            eu(
                "Under the General Data Protection Regulation (GDPR), we are processing this information.\nThis is classed as ‘special category’ personal data within the meaning of Schedule 1 to the Data Protection Act 2018."
            ),
            Some(Severity::Info)
        );
        // Said otherwise.
        assert_eq!(
            eu("We process your data in line with the EU GDPR."),
            Some(Severity::Warning)
        );
        assert_eq!(
            eu("Our basis is Article 6(1)(e) of Regulation (EU) 2016/679."),
            Some(Severity::Warning)
        );
        assert_eq!(
            eu("Under GDPR and the DPA 2018 you have rights."),
            Some(Severity::Info)
        );
    }

    #[test]
    fn the_uk_gdpr_named_anywhere() {
        for text in [
            // 01, 05: the UK GDPR by name (05 spells it out).
            "The lawful basis we rely on is public task, under article 6(1)(e) of the UK GDPR.",
            "It is made under Articles 13 and/or 14 of the UK General Data Protection Regulation (UK GDPR).",
            // Rephrased: "GDPR" beside a UK form, the retained regulation, the 2019 Regulations.
            "Under the GDPR (the United Kingdom General Data Protection Regulation) you may object.",
            "Regulation (EU) 2016/679 as it forms part of the law of England and Wales.",
            "We follow the GDPR as amended by the Data Protection, Privacy and Electronic Communications (Amendments etc) (EU Exit) Regulations 2019.",
            // No regulation named at all (06), or a law by another name (000's BAS037).
            "Under UK data protection legislation, the GLA must have a ‘lawful basis’.",
            "General Data Protection Legislation Article 6 part e",
        ] {
            assert_eq!(eu(text), None, "{text}");
        }
    }

    fn replaced_in(text: &str) -> Vec<&str> {
        replaced_provisions(text)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn provisions_the_duaa_replaced() {
        // 04: Article 22(1), and Art. 6(1)(e)'s old words in quotation marks (undated notice).
        let art22 = "We do not use solely automated decision making within the definition of Article 22(1) of UK GDPR.";
        let quoted = "Our lawful basis is ‘the performance of a task carried out in the public interest or in the exercise of official authority’ as set out in Article 6(1)(e) of UK GDPR.";
        assert_eq!(
            replaced_in(&format!("{art22}\n{quoted}\n")),
            [art22, quoted]
        );
        // 05: the old words unquoted, in a notice dated July 2026.
        let desnz = "Processing is necessary for the performance of a task carried out in the public interest.";
        assert_eq!(
            replaced_in(&format!("{desnz}\nLast updated: 14 July 2026.\n")),
            [desnz]
        );
        // Rephrased.
        for text in [
            "You have rights in relation to automated decision making under Art. 22 of the UK GDPR.",
            "Profiling is covered by Article 22.",
            "We rely on \"a task carried out in the public interest\" (Article 6(1)(e)).",
            "Public task: tasks carried out in the public interest.\nThis notice was reviewed on 1 March 2026.",
        ] {
            assert_eq!(replaced_in(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn provisions_in_force_or_not_cited() {
        for text in [
            // The provisions in force.
            "You can contest a significant decision based solely on automated processing (Article 22C).",
            "We rely on a task of the controller carried out in the public interest (Art. 6(1)(e)).",
            // 002 (dated 2022) and 03 (2020): the old words describe the basis, unquoted, in a
            // notice dated before the amendment, or undated.
            "- tasks carried out in the public interest or in the exercise of official authority\nPage last reviewed: 25 May 2022",
            "We are processing this information on the basis that we’re carrying out a task in the public interest.",
            "Our public task is one carried out in the public interest.",
            // Another instrument's Article 22; Art. 22 rights wording (BAS028's).
            "Article 22 of the Convention protects freedom of association.",
            "You have the right not to be subject to a decision based solely on automated processing (Article 22).",
            // A contraction, not a quotation.
            "The controller's task carried out in the public interest is set out in law.",
        ] {
            assert!(
                replaced_in(text).is_empty(),
                "{text}: {:?}",
                replaced_in(text)
            );
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in [
            "",
            "GDPR",
            "UK",
            "Regulation (EU)",
            "’s GDPR",
            "DPA 2018",
            "‘task carried out in the public interest",
            "Article 22",
            "’task carried out in the public interest’",
        ] {
            let _ = eu(t);
            let _ = replaced_provisions(t);
            for i in 0..=t.len() {
                let _ = quoted(t, i, t.len());
                let _ = quoted(t, 0, i);
            }
        }
    }
}
