//! What a notice says about its data that the law does not bear out: data called de-identified
//! or pseudonymised said not to identify anyone (BAS093), and analytics cookies described with
//! no consent and no way to object (BAS094).

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
rule!(
    STATISTICAL_COOKIES,
    "BAS094",
    Info,
    "analytics or tracking cookies described with no consent, no choice and no way to object",
    "PECR reg. 6 and Sch. A1, as substituted and inserted by DUAA 2025 s.112 and Sch. 12 (in force 5 February 2026, SI 2026/82)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_notice_text(out, &[pseudonymised_as_anonymous, statistical_cookies]);
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

/// Cookies or similar technologies used to measure or test how the service is used.
static ANALYTICS: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(analytics?|statistical|statistics|performance|measurement|a/?b[- ]?test\w*|tracking) (cookies?|tools?|technolog\w*|tags?|pixels?|software|scripts?)\b",
        why: "analytics, statistical, A/B-testing or tracking cookies or tools",
    },
    Phrasing {
        pattern: r"\bcookies?\b[^.;]{0,80}?\b(analytics?|statistic\w*|a/?b[- ]?test\w*|measure\w*|track\w*|understand how (you|people|visitors|users)|how (the|our|this) (site|website|service) is used)\b",
        why: "cookies set to measure or test how the site is used",
    },
    Phrasing {
        pattern: r"\b(google analytics|matomo|hotjar|adobe analytics|microsoft clarity|plausible analytics)\b",
        why: "a named analytics service, which stores or reads information on the device",
    },
]);

/// The controller's own use, not cookies described in general ("cookies are generally used").
static OWN_USE: Family = Family::new(&[Phrasing {
    pattern: r"\b(we|our|us)\b|\buses\b",
    why: "the controller speaks of its own site",
}]);

/// Words of cookies and similar technologies.
static COOKIE_WORDS: Family = Family::new(&[Phrasing {
    pattern: r"\b(cookies?|analytics|tracking|similar technolog\w*|storage and access technolog\w*)\b",
    why: "cookies or similar technologies",
}]);

/// Consent asked for (or said to be needed) for cookies: read with or without a negation,
/// since "not without your consent" is consent too.
static COOKIE_CONSENT: Family = Family::new(&[Phrasing {
    pattern: r"\bconsent\w*\b|\b(accept|agree to) (all |our |analytics |optional )?cookies\b|\baccept or reject\b",
    why: "consent to cookies",
}]);

/// A way to refuse, turn off or object to cookies.
static COOKIE_CHOICE: Family = Family::new(&[Phrasing {
    pattern: r"\bopt[- ]?(out|in)\b|\bobject\w*\b|\brefus\w*|\breject\w*|\bdeclin\w*|\bdisabl\w*|\bturn(ed)? (them |it |these |cookies |analytics )?off\b|\bswitch(ed)? (them |it |these )?off\b|\bblock\w*|\bwithdraw\w*|\b(cookie|privacy) (settings|preferences|controls|banner|choices)\b|\b(change|manage|update|set|adjust) (your )?(cookie |browser )?(settings|preferences|choices)\b|\bbanner\b|\bchoose (whether|which)\b",
    why: "a way to refuse, turn off or object to cookies",
}]);

/// The analytics sentences of a notice that says nothing of consent or choice about cookies.
fn unconsented_analytics(text: &str) -> Vec<Sentence<'_>> {
    let all = sentences(text);
    let choice = all.iter().any(|s| {
        COOKIE_WORDS.find(*s).is_some()
            && (COOKIE_CONSENT.find(*s).is_some() || COOKIE_CHOICE.find_affirmed(*s).is_some())
    });
    if choice {
        return Vec::new();
    }
    all.into_iter()
        .filter(|s| ANALYTICS.find_affirmed(*s).is_some() && OWN_USE.find(*s).is_some())
        .collect()
}

/// BAS094: one finding per notice, quoting the first analytics sentence.
fn statistical_cookies(
    ctx: &Ctx,
    svc: &Service,
    notice: NoticeIx,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let found = unconsented_analytics(text);
    let Some(first) = found.first() else {
        return;
    };
    out.push(ctx.finding_quoted(&STATISTICAL_COOKIES, Some(svc), notice, first.text.to_string(),
        "the notice says the site uses analytics, statistical, A/B-testing or tracking cookies (or similar technologies) and says nothing of consent to them, of a choice, or of a way to object; since 5 February 2026 PECR allows such storage without consent only within the exceptions of its Sch. A1 (for statistical purposes: with clear and comprehensive information and a simple way to object), and A/B testing may go beyond them".into(),
        "Ask for consent to these cookies, or, where a Sch. A1 exception applies, describe them clearly and give a simple, free way to object (a cookie settings page or banner), and say so in the notice."));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudonyms(text: &str) -> usize {
        anonymous_pseudonyms(text).len()
    }

    fn cookies(text: &str) -> usize {
        unconsented_analytics(text).len()
    }

    #[test]
    fn every_family_compiles() {
        for f in [
            &DEIDENTIFIED,
            &NOT_IDENTIFYING,
            &STILL_PERSONAL,
            &ANALYTICS,
            &OWN_USE,
            &COOKIE_WORDS,
            &COOKIE_CONSENT,
            &COOKIE_CHOICE,
        ] {
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
    fn analytics_cookies_with_no_choice() {
        // 06 as published (its cookie paragraphs).
        let gla = "Cookies are small pieces of data that are downloaded to your computer. Cookies are generally used to monitor how a website is used and improve your online experience. They do not give us access to the rest of your computer and are not used to identify you personally.\n\nData for London uses cookies which are required to operate our website, or to help us remember your preferred settings, such as font size and screen width.\n\nWe also use statistical cookies, which allow us to use analytics tools in order to better understand the experience of using the website, as well as carry out A/B test improvements to the website.\n\nRead more about how we use cookies.\n";
        assert_eq!(cookies(gla), 1);
        // Rephrased.
        for text in [
            "We use Google Analytics to see which pages are visited most.",
            "Our website sets cookies to measure how the site is used.",
            "This site uses tracking pixels in our emails.",
        ] {
            assert_eq!(cookies(text), 1, "{text}");
        }
    }

    #[test]
    fn cookies_with_consent_a_choice_or_none_for_analytics() {
        for text in [
            // 003: the cookies page says how to disable them (and names no analytics).
            "Details of our cookie usage policy, including how to disable them is available on the cookies page of this website.",
            // Consent, a banner, settings, an objection.
            "We use analytics cookies only if you consent to them.",
            "We will not set analytics cookies without your consent.",
            "We use Google Analytics. You can accept or reject analytics cookies in our cookie banner.",
            "We use statistical cookies to improve the site; you can object at any time on our cookie settings page.",
            "We use analytics cookies. You can opt out of analytics cookies using the link below.",
            // Only strictly necessary cookies; analytics denied; cookies in general.
            "We only use cookies that are strictly necessary to make the site work.",
            "We do not use analytics cookies.",
            "Cookies are generally used to monitor how a website is used.",
        ] {
            assert_eq!(cookies(text), 0, "{text}");
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
            let _ = unconsented_analytics(t);
            let _ = passages(t);
        }
    }
}
