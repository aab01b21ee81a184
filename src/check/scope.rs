//! What a notice leaves outside the reach of its own lawful bases: sharing on the controller's
//! own sense of a "good reason", a basis given for some purposes and not the others, special
//! categories left out of the list the Art. 9 conditions are said to cover, criminal-offence data
//! the notice's partners and laws imply but the notice never declares, a requirement to provide
//! data without saying whether it is statutory or contractual, and "ownership" of data in place
//! of the controller.

use super::notice::rule;
use super::wording::{Family, Phrasing};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{NoticeIx, Service};

rule!(
    DISCRETIONARY_SHARING,
    "BAS029",
    Warning,
    "sharing when the controller feels there is \"a good reason\", with no lawful basis or condition named",
    "UK GDPR Art. 6(1), 13(1)(c), (e); DPA 2018 Sch. 1 para. 18 (safeguarding of children and individuals at risk)"
);
rule!(
    OWNERSHIP,
    "BAS039",
    Info,
    "the notice says the council \"owns\" the data instead of naming it as controller",
    "UK GDPR Art. 4(7), 13(1)(a); ICO guidance on controllers and processors"
);
rule!(
    CRIMINAL_UNDECLARED,
    "BAS047",
    Info,
    "criminal-offence data implied by the notice's partners and laws but not declared",
    "UK GDPR Art. 10, 13(1)(c), 14(1)(d); DPA 2018 s.10(5), Sch. 1 Parts 1–3"
);
rule!(
    ART9_LIST_INCOMPLETE,
    "BAS048",
    Warning,
    "a special category the notice collects is left out of its own list of the data its Art. 9 conditions cover",
    "UK GDPR Art. 9(1)–(2), 13(1)(c); Art. 12(1)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_service(out, &[criminal_undeclared, requirement_kind]);
    ctx.per_notice_text(out, &[discretionary, wording]);
}

/// The controller's own weighing offered as the ground for sharing.
static JUDGEMENT: Family = Family::new(&[
    Phrasing {
        pattern: r"\bgood reasons?\b",
        why: "\"when we feel there's a good reason\": the controller's opinion, not a basis",
    },
    Phrasing {
        pattern: r"\b(pressing|compelling|overriding|serious|strong)( and \w+)? (legal )?reasons?\b",
        why: "\"a pressing and legal reason\": a reason the controller weighs, with no basis named",
    },
    Phrasing {
        pattern: r"\b(more important than|outweighs?|overrides?) (protecting |keeping |respecting )?(your |the )?(privacy|confidentiality|rights?|interests)\b",
        why: "a balance struck by the controller against the person's privacy",
    },
]);

/// Words of disclosing.
static DISCLOSING: Family = Family::new(&[Phrasing {
    pattern: r"\b(shar(e|es|ed|ing)|disclos(e|es|ed|ing|ure)|pass(es|ed|ing)? (it |this |your \w+ )?(on|to)|releas(e|ed|ing)|giv(e|en|ing) (it|your \w+) to)\b",
    why: "a word for handing personal data to someone else",
}]);

/// BAS029: a sentence that lets the controller share when it judges there is reason to,
/// without naming a lawful basis or condition. One finding per notice.
fn discretionary(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let Some(hit) = JUDGEMENT
        .hits(text)
        .into_iter()
        .find(|h| DISCLOSING.find_affirmed(h.sentence).is_some())
    else {
        return;
    };
    out.push(ctx.finding_quoted(&DISCRETIONARY_SHARING, Some(svc), notice, hit.sentence.text.to_string(),
        format!("the notice says data may be shared when the controller judges there is reason to (“{}”: {}), without naming the lawful basis or the Art. 9 / Schedule 1 condition that allows it", hit.words(), hit.phrasing.why),
        "Name the basis for sharing to protect people at risk: Art. 6(1)(e) or (d), with Art. 9(2)(g) and DPA 2018 Sch. 1 para. 18 (safeguarding of children and individuals at risk) for special category data."));
}

/// Party types whose work is criminal justice: data shared with or received from them is
/// likely to be about offences (Art. 10).
const JUSTICE_TYPES: [&str; 2] = ["police", "probation-justice"];

/// Words in the title of an Act about crimes, offenders or policing.
const CRIMINAL_LAW: [&str; 6] = [
    "crime",
    "criminal",
    "offences",
    "offender",
    "police and criminal evidence",
    "youth justice",
];

/// A service that declares no criminal-offence data, but exchanges data with the police or
/// probation and cites an Act about crime: the notice implies Art. 10 data it never declares.
fn criminal_undeclared(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    if svc
        .categories
        .iter()
        .any(|c| v.categories[c.value.category.ix()].criminal)
    {
        return;
    }
    let Some(six) = m.service(&svc.id) else {
        return;
    };
    let justice = |t: crate::model::PartyTypeIx| {
        JUSTICE_TYPES.iter().any(|j| {
            v.party_type(j)
                .is_some_and(|p| v.party_type_tree.within(t.0, p.0))
        })
    };
    let partners: Vec<&str> = m
        .service_flows(six)
        .filter(|f| justice(m.parties[f.party.ix()].party_type))
        .map(|f| m.parties[f.party.ix()].name.as_str())
        .collect();
    // The Acts about crime the notice relies on, as the notice words them (a notice that
    // cites the "Criminal Justice Act 2002" is told about that, not the 2003 Act it meant).
    let criminal_law = |l: &crate::model::LegislationCitation| {
        l.legislation.is_some_and(|x| {
            let t = v.legislation[x.ix()].title.to_lowercase();
            CRIMINAL_LAW.iter().any(|w| t.contains(w))
        })
    };
    let laws: Vec<&crate::model::Fact<crate::model::LegislationCitation>> = svc
        .legislation
        .iter()
        .filter(|l| criminal_law(&l.value))
        .collect();
    let (Some(law), false) = (laws.first(), partners.is_empty()) else {
        return;
    };
    let mut partners = partners;
    partners.sort_unstable();
    partners.dedup();
    let mut named: Vec<String> = laws
        .iter()
        .map(|l| super::citation::act_as_cited(&l.value, &v.legislation))
        .collect();
    named.sort_unstable();
    named.dedup();
    // A Schedule 1 condition cited (para. 36 extends Part 2 to criminal-offence data) is an
    // Art. 10 condition the notice does give.
    let condition = svc.bases.iter().any(|b| {
        b.value.basis.is_some_and(|i| {
            v.bases[i.ix()].article == Some(10) || v.bases[i.ix()].schedule == Some(1)
        })
    });
    let lacks = if condition {
        "but lists no such data"
    } else {
        "but lists no such data and no Art. 10 condition"
    };
    out.push(ctx.finding(&CRIMINAL_UNDECLARED, Some(svc), &law.source,
        format!("the notice exchanges data with {} and relies on {}, so it is likely to process personal data about offences or convictions (Art. 10), {lacks}", partners.join(", "), named.join(", ")),
        "Say whether criminal-offence data is processed; if it is, list it and give the DPA 2018 Schedule 1 condition (and the appropriate policy document, Sch. 1 para. 39) that allows it."));
}

/// A requirement to provide data whose kind (statutory, contractual, needed for a contract) is
/// not said: Art. 13(2)(e) asks for both the kind and the consequence.
fn requirement_kind(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let Some(r) = svc.requirements.first() else {
        return;
    };
    if svc.requirements.iter().any(|r| r.value.statutory.is_some()) {
        return;
    }
    out.push(ctx.finding(&super::notice::REQUIREMENT, Some(svc), &r.source,
        "the notice says what happens if people do not provide their data, but not whether providing it is a statutory or contractual requirement, or a requirement to enter into a contract, nor whether they are obliged to".into(),
        "Say whether the law requires the data (and which law), whether a contract does, or whether giving it is up to the person."));
}

/// Special categories as a notice names them, for finding one in its own Art. 9 list.
pub(super) const SPECIAL_WORDS: [(&str, &[&str]); 8] = [
    ("racial-ethnic-origin", &["race", "racial", "ethnic"]),
    ("political-opinions", &["politic"]),
    ("religion", &["religio", "belief"]),
    ("trade-union", &["trade union"]),
    ("genetic", &["genetic"]),
    ("biometric", &["biometric"]),
    ("health", &["health"]),
    ("sexuality", &["sex life", "sexual", "sexuality"]),
];

fn wording(ctx: &Ctx, svc: &Service, notice: NoticeIx, text: &str, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let push = |out: &mut Vec<Finding>, rule: &Rule, quote: &str, message: String, fix: &str| {
        out.push(ctx.finding_quoted(
            rule,
            Some(svc),
            notice,
            quote.trim().to_string(),
            message,
            fix,
        ));
    };
    for line in text.lines().map(str::trim) {
        let lower = line.to_lowercase();
        if lower.contains("own your data") || lower.contains("own the data") {
            push(out, &OWNERSHIP, line,
                "the notice speaks of owning the data; data protection law knows no owner of personal data, only the controller who decides why and how it is processed (Art. 4(7)), who must be named with contact details".into(),
                "Say \"<council> is the controller of your personal data\" and give its contact details.");
        }
        // The sentence that introduces the Art. 9 conditions names the data they cover.
        if (lower.contains("we also rely on") || lower.contains("special category"))
            && lower.contains("rely on")
        {
            let named = |id: &str| {
                SPECIAL_WORDS
                    .iter()
                    .find(|(c, _)| *c == id)
                    .is_some_and(|(_, words)| words.iter().any(|w| lower.contains(w)))
            };
            let listed = SPECIAL_WORDS.iter().filter(|(c, _)| named(c)).count();
            if listed < 2 {
                continue;
            }
            let mut missing: Vec<&str> = Vec::new();
            for c in &svc.categories {
                let cat = &v.categories[c.value.category.ix()];
                if !cat.special {
                    continue;
                }
                // The category or the nearest ancestor with a name in the table.
                let key = v
                    .category_tree
                    .ancestors(c.value.category.0)
                    .map(|a| v.categories[a as usize].entry.id.as_str())
                    .find(|id| SPECIAL_WORDS.iter().any(|(k, _)| k == id));
                if let Some(key) = key
                    && !named(key)
                    && !missing.contains(&cat.entry.name.as_str())
                {
                    missing.push(cat.entry.name.as_str());
                }
            }
            if !missing.is_empty() {
                push(
                    out,
                    &ART9_LIST_INCOMPLETE,
                    line,
                    format!(
                        "the notice collects {} but leaves it out of the list of data its Art. 9 conditions are said to cover, so people cannot tell which condition applies to it",
                        missing.join(", ")
                    ),
                    "List every special category the notice collects where it introduces the Art. 9 conditions, in Art. 9(1)'s terms.",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::wording::sentences;
    use super::*;

    fn fires(text: &str) -> bool {
        sentences(text)
            .into_iter()
            .any(|s| JUDGEMENT.find_affirmed(s).is_some() && DISCLOSING.find_affirmed(s).is_some())
    }

    #[test]
    fn the_controllers_judgement_in_any_words() {
        assert!(JUDGEMENT.compiles().is_ok() && DISCLOSING.compiles().is_ok());
        // 003's words, and the same thing said otherwise.
        for yes in [
            "We may also share your personal information when we feel there’s a good reason that’s more important than protecting your privacy.",
            "We may disclose information where there is a pressing and legal reason to do so which is more important than protecting your confidentiality.",
            "Information may be passed to other agencies if we believe the public interest outweighs your right to privacy.",
            "We will release your details where there are compelling reasons.",
        ] {
            assert!(fires(yes), "{yes}");
        }
        for no in [
            "We share your information with the police under Article 6(1)(e).",
            "There is no good reason for us to keep it, so we delete it.",
            "We will never share your data because of a good reason of our own.",
            "Good reasons to contact us include a change of address.",
        ] {
            assert!(!fires(no), "{no}");
        }
    }
}
