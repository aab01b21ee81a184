//! A notice that says two things that cannot both be true: that it does not share data with a
//! body it lists as a recipient, that it uses no processors while naming bodies that act on its
//! behalf, or that a disclosure depends on consent while its basis is something else.

use super::notice::rule;
use super::wording::{Family, Phrasing, Sentence, negated, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Flow, NoticeIx, Party, Service};

rule!(
    SHARING_DENIED,
    "BAS080",
    Warning,
    "the notice says it does not share data with a body it also lists as a recipient",
    "UK GDPR Art. 5(1)(a) (transparency), 12(1), 13(1)(e)"
);
rule!(
    PROCESSORS_DENIED,
    "BAS081",
    Warning,
    "the notice says no processors are used, and names bodies that process data on its behalf",
    "UK GDPR Art. 4(8), 13(1)(e), 28; ICO guidance on controllers and processors"
);
rule!(
    CONSENT_CONDITION,
    "BAS096",
    Warning,
    "a disclosure said to depend on consent, under a basis that is not consent",
    "UK GDPR Art. 6(1), 7, 13(1)(c); ICO guidance on consent"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (notice, text, svc) in ctx.notice_texts() {
        let said = Said {
            svc,
            notice,
            text,
            recipients: recipients(ctx, svc),
        };
        sharing_denied(ctx, &said, out);
        processors_denied(ctx, &said, out);
    }
    ctx.per_service(out, &[consent_condition]);
}

/// A notice's text, with the service it describes and that service's recipients: what the
/// denials of sharing are read against.
struct Said<'m> {
    svc: &'m Service,
    notice: NoticeIx,
    text: &'m str,
    recipients: Vec<&'m Flow>,
}

/// The flows to recipients of the service.
fn recipients<'m>(ctx: &Ctx<'m>, svc: &Service) -> Vec<&'m Flow> {
    let m = ctx.model;
    let Some(six) = m.service(&svc.id) else {
        return Vec::new();
    };
    m.recipient_flows(six).collect()
}

/// The names of the parties `flows` go to, a run of one party's flows named once.
fn party_names<'m>(ctx: &Ctx<'m>, flows: &[&Flow]) -> Vec<&'m str> {
    let mut names: Vec<&str> = flows
        .iter()
        .map(|f| ctx.model.parties[f.party.ix()].name.as_str())
        .collect();
    names.dedup();
    names
}

/// Whether `sentence` names `party` by its name or an alias, as whole words.
fn names(sentence: &str, party: &Party) -> bool {
    let lower = sentence.to_lowercase();
    std::iter::once(party.name.as_str())
        .chain(party.aliases.iter().map(String::as_str))
        .filter(|n| n.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .any(|n| {
            let n = n.to_lowercase();
            lower.match_indices(&n).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + n.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
}

/// Words of handing data over.
static SHARING: Family = Family::new(&[Phrasing {
    pattern: r"\b(shar(e|es|ed|ing)|disclos(e|es|ed|ing)|pass(es|ed|ing)?|sen(d|ds|t)|access)\b",
    why: "a word for another body getting the data",
}]);

/// Words that make a denial of sharing a rule with exceptions, not a flat denial.
static EXCEPTIONS: Family = Family::new(&[Phrasing {
    pattern: r"\b(unless|except|other than|apart from|without your|only (with|where|when|if)|save (for|where))\b",
    why: "the denial carries an exception, under which sharing happens",
}]);

/// Words that point back to the bodies just named ("these entities", "them").
static POINTING_BACK: Family = Family::new(&[Phrasing {
    pattern: r"\b(these|those|such) (entities|organisations|companies|processors|providers|bodies|parties)\b|\bwith them\b",
    why: "refers to the bodies named in the sentence before",
}]);

/// BAS080: a flat denial of sharing with a body the notice lists as a recipient.
fn sharing_denied(ctx: &Ctx, said: &Said, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let all = sentences(said.text);
    for (i, s) in all.iter().enumerate() {
        let Some(hit) = SHARING.find(*s) else {
            continue;
        };
        if !negated(s.text, hit.at.0) || EXCEPTIONS.find(*s).is_some() {
            continue;
        }
        // The bodies the denial is about: named in it, or in the sentence before it when it
        // points back to them.
        let about = |sentence: &Sentence| -> Vec<&Flow> {
            said.recipients
                .iter()
                .copied()
                // A class ("data processors") is named by common words: only named bodies count.
                .filter(|f| {
                    let p = &m.parties[f.party.ix()];
                    !p.generic && names(sentence.text, p)
                })
                .collect()
        };
        let mut denied = about(s);
        if denied.is_empty()
            && POINTING_BACK.find(*s).is_some()
            && let Some(prev) = i.checked_sub(1).and_then(|p| all.get(p))
        {
            denied = about(prev);
        }
        let Some(first) = denied.first() else {
            continue;
        };
        let bodies = party_names(ctx, &denied);
        out.push(ctx.finding_quoted(&SHARING_DENIED, Some(said.svc), said.notice, s.text.to_string(),
            format!("the notice says it does not share personal data with {}, and also lists {} as receiving it: “{}”", bodies.join(", "), if bodies.len() == 1 { "it" } else { "them" }, m.quote(&first.source)),
            "Describe each body as what it is: a processor that holds or handles the data on the controller's behalf receives it, and the notice should say so."));
        return;
    }
}

/// A statement that no processors are used.
static NO_PROCESSORS: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(do|does|will|shall) not (use|engage|appoint|employ|need) (any )?(data )?processors?\b",
        why: "a flat statement that no processor is used",
    },
    Phrasing {
        pattern: r"\bno (data )?processors? (are|is|will be) (used|engaged|involved)\b",
        why: "a flat statement that no processor is used",
    },
]);

/// Words of processing on the controller's behalf.
static ON_BEHALF: Family = Family::new(&[Phrasing {
    pattern: r"\b(on (our|its|the (council|department|authority)'?s?) behalf|(data )?processors?)\b",
    why: "a body that handles the data for the controller is a processor (Art. 4(8))",
}]);

/// BAS081: "we use no processors", and recipients that act on the controller's behalf.
fn processors_denied(ctx: &Ctx, said: &Said, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let Some(denial) = sentences(said.text)
        .into_iter()
        .find_map(|s| NO_PROCESSORS.find(s))
    else {
        return;
    };
    let acting: Vec<&Flow> = said
        .recipients
        .iter()
        .copied()
        .filter(|f| {
            let q = m.quote(&f.source);
            sentences(q)
                .into_iter()
                .any(|s| ON_BEHALF.find_affirmed(s).is_some())
        })
        .collect();
    let Some(first) = acting.first() else {
        return;
    };
    let bodies = party_names(ctx, &acting);
    out.push(ctx.finding_quoted(&PROCESSORS_DENIED, Some(said.svc), said.notice, denial.sentence.text.to_string(),
        format!("the notice says no processors are used, but also that {} handle the data on the controller's behalf: “{}”", bodies.join(", "), m.quote(&first.source)),
        "Say which bodies act as processors (Art. 28) and for what, and remove the statement that none are used."));
}

/// Consent as a condition of a disclosure.
static CONSENTED: Family = Family::new(&[Phrasing {
    pattern: r"\b(consented|with (your|their) consent|if you (agree|consent)|(have|has) (agreed|given (your|their)? ?consent))\b",
    why: "the disclosure is said to happen because the person consented",
}]);

/// BAS096: a flow whose condition or sentence makes it depend on consent, while the bases it
/// carries are not consent.
fn consent_condition(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    for f in recipients(ctx, svc) {
        let words = f.condition().map(|c| m.text(c)).unwrap_or("");
        let said = sentences(words)
            .into_iter()
            .chain(sentences(m.quote(&f.source)))
            .find_map(|s| CONSENTED.find_affirmed(s));
        let Some(hit) = said else { continue };
        let bases: Vec<&str> = super::bases::flow_bases(ctx, svc, f)
            .iter()
            .map(|b| v.bases[b.ix()].id.as_str())
            .collect();
        let art6: Vec<&&str> = bases.iter().filter(|b| b.starts_with("a6-")).collect();
        if art6.is_empty() || bases.iter().any(|b| matches!(*b, "a6-1-a" | "a9-2-a")) {
            continue;
        }
        let named: Vec<String> = art6
            .iter()
            .filter_map(|b| v.basis(b))
            .map(|b| v.bases[b.ix()].citation())
            .collect();
        out.push(ctx.finding(&CONSENT_CONDITION, Some(svc), &f.source,
            format!("the notice makes the sharing with {} depend on consent (“{}”), but the basis it gives for the processing is {}: if consent decides, it is the basis (with the right to withdraw it); if it does not, asking for it misleads", m.parties[f.party.ix()].name, hit.words(), named.join(", ")),
            "Settle the basis of this sharing: consent (and say how to withdraw it) or the public task, and word the notice to match."));
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_families_compile_and_read_both_ways() {
        for f in [
            &SHARING,
            &EXCEPTIONS,
            &POINTING_BACK,
            &NO_PROCESSORS,
            &ON_BEHALF,
            &CONSENTED,
        ] {
            assert!(f.compiles().is_ok());
        }
        let s = |t| Sentence { text: t, start: 0 };
        assert!(
            NO_PROCESSORS
                .find(s(
                    "We do not use any data processors for this processing activity."
                ))
                .is_some()
        );
        assert!(
            NO_PROCESSORS
                .find(s("No processors are used for this service."))
                .is_some()
        );
        assert!(
            NO_PROCESSORS
                .find(s("We use data processors to host the service."))
                .is_none()
        );
        assert!(ON_BEHALF.find_affirmed(s("legal firms we hold contracts with will process your personal data on our behalf")).is_some());
        assert!(
            CONSENTED
                .find_affirmed(s("who have consented to having their referral submitted"))
                .is_some()
        );
        assert!(
            CONSENTED
                .find_affirmed(s(
                    "we will share it without your consent where the law requires"
                ))
                .is_none()
        );
        assert!(
            EXCEPTIONS
                .find(s("We will not share your data unless the law requires it."))
                .is_some()
        );
        let x = "None of your data is shared with Mailchimp, nor can they access it.";
        let hit = SHARING.find(s(x));
        assert!(hit.is_some_and(|h| negated(x, h.at.0)));
        let x = "This does not mean we actively share your personal data with these entities";
        assert!(SHARING.find(s(x)).is_some_and(|h| negated(x, h.at.0)));
        assert!(POINTING_BACK.find(s(x)).is_some());
    }
}
