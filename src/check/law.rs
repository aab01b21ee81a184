//! The law a notice says it follows: the EU GDPR cited where the UK GDPR is the law in force
//! (BAS090).
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

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (n, text, svc) in ctx.notice_texts() {
        eu_gdpr(ctx, svc, n, text, out);
    }
}

/// The UK GDPR, however a notice spells it.
static UK_GDPR: Family = Family::new(&[
    Phrasing {
        pattern: r"\bU\.?K\.? ?GDPR\b",
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
    pattern: r"\b(Data Protection Act,? 2018|DPA,? ?2018)\b",
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
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
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
        for f in [&UK_GDPR, &EU_REGULATION, &DPA_2018] {
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

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in ["", "GDPR", "UK", "Regulation (EU)", "’s GDPR", "DPA 2018"] {
            let _ = eu(t);
        }
    }
}
