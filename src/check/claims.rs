//! What a notice says about its data that the law does not bear out: data called de-identified
//! or pseudonymised said not to identify anyone (BAS093).

use super::notice::rule;
use super::wording::{Family, Phrasing, Sentence, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{NoticeIx, Service};

rule!(
    PSEUDONYMISED_AS_ANONYMOUS,
    "BAS093",
    Warning,
    "data called de-identified or pseudonymised is said not to identify anyone",
    "UK GDPR Art. 4(1), 4(5), Recital 26; ICO guidance on anonymisation and pseudonymisation"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (n, text, svc) in ctx.notice_texts() {
        pseudonymised_as_anonymous(ctx, svc, n, text, out);
    }
}

/// Data said to have had identifiers removed or replaced, in a form that can be linked back.
static DEIDENTIFIED: Family = Family::new(&[
    Phrasing {
        pattern: r"\bde-?identifi(ed|cation)\b",
        why: "“de-identified”: identifiers removed, which may leave the data linkable",
    },
    Phrasing {
        pattern: r"\bpseudonymi[sz](ed|ation|e|es|ing)\b|\bpseudonymous\b",
        why: "pseudonymised data, which is personal data (Art. 4(5), Recital 26)",
    },
    Phrasing {
        pattern: r"\bre-?identifi\w*",
        why: "data that can be re-identified, which is personal data",
    },
    Phrasing {
        pattern: r"\b(key-?coded|tokeni[sz]ed|hashed) (data|information|identifiers?|email)",
        why: "identifiers replaced by codes or hashes: pseudonymisation",
    },
]);

/// A statement that data does not identify anyone.
static NOT_IDENTIFYING: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(won['’]t|will not|does not|doesn['’]t|do not|don['’]t|cannot|can['’]t|can not|will never|would not|wouldn['’]t|is not able to|are not able to) (be used to )?(personally )?identify (you|anyone|any individual|individuals|people|a person|the individual)",
        why: "“won’t identify you”: the data is said not to identify anyone",
    },
    Phrasing {
        pattern: r"\b(cannot|can['’]t|can not|will not|won['’]t|could not) be (used to )?(identified|linked|traced|attributed) (back )?(to )?(you|anyone|individuals)",
        why: "the data is said not to be linkable to anyone",
    },
    Phrasing {
        pattern: r"\b(is|are|will be|remains?|becomes?|kept) (completely |fully |entirely |totally )?anonymous\b|\banonymous (form|format|data|information)\b",
        why: "the data is called anonymous",
    },
    Phrasing {
        pattern: r"\bnot (be )?(personal data|personally identifiable)\b|\bno longer personal (data|information)\b|\bnon-identifiable\b",
        why: "the data is said not to be personal data",
    },
]);

/// The passage says the data stays personal data: then it is accurate.
static STILL_PERSONAL: Family = Family::new(&[Phrasing {
    pattern: r"\b(still|remains?|continues? to be|is still|treated as) (classed as |treated as )?personal (data|information)\b",
    why: "pseudonymised data acknowledged to be personal data",
}]);

/// The sentences of each line (a notice's paragraph) of `text`.
fn passages(text: &str) -> Vec<Vec<Sentence<'_>>> {
    let all = sentences(text);
    let mut out: Vec<Vec<Sentence<'_>>> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        out.push(
            all.iter()
                .filter(|s| s.start >= at && s.start < end)
                .copied()
                .collect(),
        );
        at = end;
    }
    out
}

/// The passages that call data de-identified or pseudonymised and say it does not identify
/// anyone: the sentence that says so, with the words of each claim.
fn anonymous_pseudonyms(text: &str) -> Vec<(&str, String, String)> {
    let mut out = Vec::new();
    for passage in passages(text) {
        let deid = passage.iter().find_map(|s| DEIDENTIFIED.find_affirmed(*s));
        let claim = passage.iter().find_map(|s| NOT_IDENTIFYING.find(*s));
        let owned = passage
            .iter()
            .any(|s| STILL_PERSONAL.find_affirmed(*s).is_some());
        if let (Some(d), Some(c), false) = (deid, claim, owned) {
            out.push((
                c.sentence.text,
                d.words().to_string(),
                c.words().to_string(),
            ));
        }
    }
    out
}

/// BAS093: one finding per notice, quoting the first such claim.
fn pseudonymised_as_anonymous(
    ctx: &Ctx,
    svc: &Service,
    notice: NoticeIx,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let found = anonymous_pseudonyms(text);
    let Some((quote, deid, claim)) = found.first() else {
        return;
    };
    out.push(ctx.finding_quoted(&PSEUDONYMISED_AS_ANONYMOUS, Some(svc), notice, (*quote).to_string(),
        format!("the notice calls data “{deid}” and says in the same passage that it does not identify anyone (“{claim}”); data from which identifiers are removed or replaced but which can be linked back to a person is pseudonymised, and pseudonymised data is personal data (Art. 4(5), Recital 26)"),
        "Say whether the data is anonymised (no one, with means reasonably likely to be used, can identify anyone) or pseudonymised; if pseudonymised, say it is still personal data, who holds the key, and the controls on re-identification."));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudonyms(text: &str) -> usize {
        anonymous_pseudonyms(text).len()
    }

    #[test]
    fn every_family_compiles() {
        for f in [&DEIDENTIFIED, &NOT_IDENTIFYING, &STILL_PERSONAL] {
            assert!(f.compiles().is_ok(), "{:?}", f.compiles());
        }
    }

    #[test]
    fn pseudonymised_data_said_not_to_identify() {
        // 03 as published.
        assert_eq!(
            pseudonyms(
                "We may use your information to produce de-identified data and share this data with other government departments to improve services. Any data we share for this purpose won’t identify you personally."
            ),
            1
        );
        // Rephrased.
        for text in [
            "Research data is pseudonymised, so it is anonymous.",
            "We replace your name with a code (pseudonymisation); the data cannot be traced back to you.",
            "Records are key-coded data and will not identify any individual.",
            "The de-identified extract is not personal data.",
        ] {
            assert_eq!(pseudonyms(text), 1, "{text}");
        }
    }

    #[test]
    fn anonymised_data_or_pseudonyms_described_truly() {
        for text in [
            // 04, 06, 002: anonymous or aggregated data, not called de-identified.
            "In producing statistics and information on our processes. This information is collated in an anonymous format, it will not be used to identify you.",
            "We will share aggregate anonymous information relating to the overall results of our surveys.",
            "We may also use your information in an anonymous form (with any identifiable data relating to you removed), for performance monitoring.",
            // 003: pseudonymisation as a security measure, with no claim that it identifies no one.
            "Pseudonymisation meaning that we’ll use a different name so we can hide parts of your personal information from view. This means that someone outside of the Council could work on your information for us without ever knowing it was yours.",
            // Pseudonymised data said to remain personal data; claims in different paragraphs.
            "Pseudonymised data will not identify you to the researchers, but it is still personal data and we protect it as such.",
            "We pseudonymise records before analysis.\nPublished statistics will not identify you.",
            // Anonymised so it cannot be re-identified: a claim of anonymisation, not of a pseudonym.
            "Data is anonymised so that it cannot be re-identified, and it will not identify you.",
        ] {
            assert_eq!(pseudonyms(text), 0, "{text}");
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in [
            "",
            "\n",
            "pseudonymised\nanonymous",
            "cookies",
            "é cookies analytics é",
            "won’t identify you",
        ] {
            let _ = anonymous_pseudonyms(t);
            let _ = passages(t);
        }
    }
}
