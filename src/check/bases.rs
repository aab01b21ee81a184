//! Lawful bases read with what they are for: the law behind a legal obligation or public task,
//! which purposes each basis covers, consent relied on by a public authority for what it does
//! anyway or spoken of without being relied on, purposes left with no basis, and special
//! category conditions that are empty without the Schedule 1 condition they need or are named
//! only in words. Decided on the encoded facts: a basis's `purposes`, and flows that state
//! their bases.

use super::notice::rule;
use super::wording::{Family, Phrasing, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::citation::citations_in;
use crate::model::{BasisCitation, BasisIx, Fact, Law, NoticeIx, Provenance, PurposeIx, Service};
use std::collections::BTreeMap;

rule!(
    NO_BASIS_IN_LAW,
    "BAS072",
    Warning,
    "a legal obligation or public task relied on with no law named that sets it",
    "UK GDPR Art. 6(3) (the basis \"shall be laid down by\" domestic law), Art. 13(1)(c); ICO guidance on public task and legal obligation"
);
rule!(
    BASES_UNTIED,
    "BAS073",
    Warning,
    "several lawful bases given without saying which purposes each covers",
    "UK GDPR Art. 13(1)(c) (\"the purposes … as well as the legal basis for the processing\"); ICO guidance on lawful basis: a basis for each purpose"
);
rule!(
    CONSENT_AND_TASK,
    "BAS074",
    Warning,
    "a public authority gives consent and a public task or legal obligation as bases of the same purpose",
    "UK GDPR Art. 4(11), 7(4), Recital 43; ICO guidance on consent (public authorities; \"if you would still process the data without consent, asking for consent is misleading\")"
);
rule!(
    BASIS_FOR_SOME_PURPOSES,
    "BAS049",
    Warning,
    "the lawful basis is stated for some purposes only; the others have none",
    "UK GDPR Art. 6(1), 13(1)(c) (\"the purposes … as well as the legal basis for the processing\")"
);
rule!(
    SPC_WITHOUT_PART_2,
    "BAS075",
    Warning,
    "Art. 9(2)(g) substantial public interest relied on with no DPA 2018 Schedule 1 Part 2 condition named",
    "UK GDPR Art. 9(2)(g), 13(1)(c); DPA 2018 s.10(3), Sch. 1 Part 2 (paras. 6–28) and Part 4 (appropriate policy document)"
);
rule!(
    EQUALITY_WITHOUT_PARA_8,
    "BAS097",
    Warning,
    "equality monitoring of special category data with no DPA 2018 Sch. 1 para. 8 condition",
    "UK GDPR Art. 9(2)(g), 13(1)(c), 13(2)(e); DPA 2018 Sch. 1 para. 8 (equality of opportunity or treatment); Equality Act 2010 s.149"
);
rule!(
    CONSENT_NOT_RELIED_ON,
    "BAS079",
    Info,
    "consent spoken of, but no processing the notice describes is based on it",
    "UK GDPR Art. 13(1)(c), 13(2)(c); Art. 7; ICO guidance on consent (do not offer a choice that does not exist)"
);
rule!(
    CONDITION_IN_WORDS,
    "BAS098",
    Info,
    "a special category or criminal-offence condition named only in words, not by article or paragraph",
    "UK GDPR Art. 9(2), 10, 13(1)(c); DPA 2018 Sch. 1"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    ctx.per_service(
        out,
        &[
            basis_in_law,
            ties,
            purposes_without_basis,
            part_2,
            equality,
            in_words,
        ],
    );
    ctx.per_notice_text(out, &[consent_spoken_of]);
}

/// The id of a cited basis (`""` when unresolved).
fn id<'m>(ctx: &Ctx<'m>, b: &Fact<BasisCitation>) -> &'m str {
    b.value
        .basis
        .map_or("", |i| ctx.model.vocab.bases[i.ix()].id.as_str())
}

/// Whether the fact is the notice's own statement (stated or implied), not the encoder's
/// reading of it.
fn cited(b: &Fact<BasisCitation>) -> bool {
    b.provenance != Provenance::Inferred
}

/// BAS072: Art. 6(1)(c) or (e) relied on, and no law of any kind named by the notice.
fn basis_in_law(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    if !svc.legislation.is_empty() {
        return;
    }
    let Some(b) = svc
        .bases
        .iter()
        .find(|b| matches!(id(ctx, b), "a6-1-c" | "a6-1-e"))
    else {
        return;
    };
    let what = if id(ctx, b) == "a6-1-c" {
        "a legal obligation"
    } else {
        "a task carried out in the public interest or in the exercise of official authority"
    };
    out.push(ctx.finding(&NO_BASIS_IN_LAW, Some(svc), &b.source,
        format!("the notice relies on {what} ({}) but names no law that sets it: Art. 6(3) requires the obligation or task to be laid down by law, and people cannot check it", ctx.model.vocab.bases[b.value.basis.map_or(0, |i| i.ix())].citation()),
        "Name the Act and section (or statutory instrument) that sets the obligation or gives the task, for each purpose."));
}

/// The Art. 6 bases of the service's purposes: the purposes each basis is tied to, by its
/// own `purposes` or by a flow that states its bases and purposes.
fn tied(ctx: &Ctx, svc: &Service) -> BTreeMap<PurposeIx, Vec<BasisIx>> {
    let m = ctx.model;
    let v = &m.vocab;
    let mut out: BTreeMap<PurposeIx, Vec<BasisIx>> = BTreeMap::new();
    let mut add = |p: PurposeIx, b: BasisIx| {
        let list = out.entry(p).or_default();
        if !list.contains(&b) {
            list.push(b);
        }
    };
    for b in &svc.bases {
        let Some(ix) = b.value.basis.filter(|i| v.bases[i.ix()].article == Some(6)) else {
            continue;
        };
        for &p in &b.value.purposes {
            add(p, ix);
        }
    }
    if let Some(six) = m.service(&svc.id) {
        for f in m.service_flows(six).filter(|f| {
            f.bases_provenance() == Provenance::Stated
                && f.purposes_provenance() == Provenance::Stated
        }) {
            for &b in m.bases_of(f) {
                if v.bases[b.ix()].article == Some(6) {
                    for &p in m.purposes_of(f) {
                        add(p, b);
                    }
                }
            }
        }
    }
    out
}

/// The lawful bases the notice gives for a flow: those it states of the flow; else, where the
/// notice ties bases to purposes, those tied to the flow's purposes; else all of the service's.
pub(super) fn flow_bases(ctx: &Ctx, svc: &Service, f: &crate::model::Flow) -> Vec<BasisIx> {
    let m = ctx.model;
    let all = m.bases_of(f).to_vec();
    if f.bases_provenance() == Provenance::Stated {
        return all;
    }
    let tied = tied(ctx, svc);
    if tied.is_empty() {
        return all;
    }
    let v = &m.vocab;
    let mut out: Vec<BasisIx> = Vec::new();
    for p in m.purposes_of(f) {
        for b in tied.get(p).into_iter().flatten() {
            if !out.contains(b) {
                out.push(*b);
            }
        }
    }
    // Conditions (Art. 9, 10, Schedule 1) are not tied to purposes: keep them.
    out.extend(
        all.iter()
            .filter(|b| v.bases[b.ix()].article != Some(6))
            .copied(),
    );
    if out.iter().any(|b| v.bases[b.ix()].article == Some(6)) {
        out
    } else {
        all
    }
}

/// BAS073 and BAS074: which purposes each Art. 6 basis covers.
fn ties(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let art6: Vec<&Fact<BasisCitation>> = svc
        .bases
        .iter()
        .filter(|b| {
            cited(b)
                && b.value
                    .basis
                    .is_some_and(|i| v.bases[i.ix()].article == Some(6))
        })
        .collect();
    let mut distinct: Vec<BasisIx> = art6.iter().filter_map(|b| b.value.basis).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let tied = tied(ctx, svc);
    let tied_bases: Vec<BasisIx> = tied.values().flatten().copied().collect();
    let untied: Vec<&&Fact<BasisCitation>> = art6
        .iter()
        .filter(|b| b.value.basis.is_some_and(|i| !tied_bases.contains(&i)))
        .collect();
    if distinct.len() >= 2 && !untied.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for b in &untied {
            let name = b
                .value
                .basis
                .map_or(String::new(), |i| v.bases[i.ix()].citation());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        out.push(ctx.finding(&BASES_UNTIED, Some(svc), &untied[0].source,
            format!("the notice gives {} lawful bases and does not say which of its purposes {} covers: {}", distinct.len(), if names.len() == 1 { "this one" } else { "each of these" }, names.join(", ")),
            "Give the lawful basis of each purpose (e.g. \"we use your details to assess eligibility under Art. 6(1)(e) …; we send you news of future schemes only with your consent, Art. 6(1)(a)\")."));
    }
    // Consent and a public task or legal obligation for one purpose, by a public authority.
    if !ctx.public_authority() {
        return;
    }
    let consent = v.basis("a6-1-a");
    let task: Vec<BasisIx> = ["a6-1-c", "a6-1-e"]
        .iter()
        .filter_map(|b| v.basis(b))
        .collect();
    let both: Vec<&str> = tied
        .iter()
        .filter(|(_, bs)| {
            consent.is_some_and(|c| bs.contains(&c)) && bs.iter().any(|b| task.contains(b))
        })
        .map(|(p, _)| v.purposes[p.ix()].name.as_str())
        .collect();
    if let (false, Some(c)) = (both.is_empty(), consent) {
        let src = art6
            .iter()
            .find(|b| b.value.basis == Some(c))
            .map_or(&svc.source, |b| &b.source);
        let org = &m.orgs[ctx.org.ix()].name;
        out.push(ctx.finding(&CONSENT_AND_TASK, Some(svc), src,
            format!("{org} gives both consent and a public task or legal obligation as the basis of: {}. A public authority that would process the data anyway cannot offer consent as the basis (Recital 43: consent is not freely given where there is a clear imbalance, and asking is misleading if the answer changes nothing); the rights also differ (withdrawal under consent, objection under public task)", both.join(", ")),
            "Give one basis per purpose: public task (with its law) for what the authority must or may do as part of its functions; consent only for what people can refuse without losing the service."));
    }
}

/// BAS049: the notice ties its bases to purposes, and some purposes get none.
fn purposes_without_basis(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let tied = tied(ctx, svc);
    if tied.is_empty() {
        // Bases given for the processing as a whole: BAS073 speaks of them.
        return;
    }
    let mut missing: Vec<&str> = Vec::new();
    let mut first = None;
    for p in &svc.purposes {
        let name = v.purposes[p.value.ix()].name.as_str();
        if !tied.contains_key(&p.value) && !missing.contains(&name) {
            missing.push(name);
            first.get_or_insert(&p.source);
        }
    }
    let Some(src) = first else { return };
    // The sentence that ties a basis to its purpose is where the notice stops short.
    let basis_src = svc
        .bases
        .iter()
        .find(|b| !b.value.purposes.is_empty())
        .map_or(src, |b| &b.source);
    out.push(ctx.finding(&BASIS_FOR_SOME_PURPOSES, Some(svc), basis_src,
        format!("the lawful basis is given for some uses of the data only; the notice gives no basis for its other purposes: {}", missing.join("; ")),
        "Give the lawful basis for every purpose (Art. 13(1)(c)), e.g. Art. 6(1)(e) public task for service evaluation, statutory returns and complaints, with the statute behind each."));
}

/// BAS075: Art. 9(2)(g) with no Part 2 condition (one named by the notice, not inferred).
fn part_2(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let Some(g) = svc
        .bases
        .iter()
        .find(|b| cited(b) && id(ctx, b) == "a9-2-g")
    else {
        return;
    };
    let part2 = svc.bases.iter().any(|b| {
        cited(b)
            && b.value.basis.is_some_and(|i| {
                let basis = &v.bases[i.ix()];
                basis.law == Law::Dpa2018 && basis.part == Some(2)
            })
    });
    if part2 {
        return;
    }
    let equality = svc
        .purposes
        .iter()
        .any(|p| v.purposes[p.value.ix()].id.contains("equality"));
    let example = if equality {
        "para. 8 (equality of opportunity or treatment) for equality monitoring, para. 6 (statutory and government purposes) or para. 18 (safeguarding)"
    } else {
        "para. 6 (statutory and government purposes), para. 10 (preventing or detecting unlawful acts) or para. 18 (safeguarding of children and individuals at risk)"
    };
    out.push(ctx.finding(&SPC_WITHOUT_PART_2, Some(svc), &g.source,
        format!("the notice relies on Art. 9(2)(g) (reasons of substantial public interest) but names no DPA 2018 Schedule 1 Part 2 condition; the substantial public interest is only defined by one of them (DPA 2018 s.10(3)), e.g. {example}, and most need an appropriate policy document"),
        "Name the Schedule 1 Part 2 paragraph relied on for each kind of special category data, and say where the appropriate policy document can be read."));
}

/// BAS097: the notice monitors equality with special category data (or diversity monitoring
/// answers, which ask for it), and cites no Sch. 1 para. 8, the condition made for it. When the
/// notice also calls giving that data a legal requirement, the finding says what the duty is.
fn equality(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let Some(purpose) = ctx.purpose(svc, "equality-monitoring") else {
        return;
    };
    let special = svc.categories.iter().any(|c| {
        let cat = &v.categories[c.value.category.ix()];
        cat.special || cat.entry.id == "equality-monitoring"
    });
    let para8 = svc.bases.iter().any(|b| id(ctx, b) == "sch1-para8");
    if !special || para8 {
        return;
    }
    let quote = ctx.model.quote(&purpose.source).to_lowercase();
    let required = [
        "legal requirement",
        "required by law",
        "must provide",
        "legally required",
    ]
    .iter()
    .any(|w| quote.contains(w));
    let duty = if required {
        "; and the notice calls it a legal requirement, though the public sector equality duty (Equality Act 2010 s.149) binds the authority, not the person: answering monitoring questions is voluntary, which Art. 13(2)(e) asks the notice to say"
    } else {
        ""
    };
    out.push(ctx.finding(&EQUALITY_WITHOUT_PARA_8, Some(svc), &purpose.source,
        format!("the notice monitors equality with special category data (ethnicity, religion, health, sexual orientation) but cites no DPA 2018 Sch. 1 para. 8, the condition for identifying or keeping under review equality of opportunity or treatment{duty}"),
        "Cite Art. 9(2)(g) with DPA 2018 Sch. 1 para. 8 for equality monitoring, and say that answering is optional."));
}

/// BAS098: Art. 9, Art. 10 or Schedule 1 conditions that the notice words without an article
/// or paragraph number ("substantial public interest and governmental purpose").
fn in_words(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let mut first = None;
    let mut names: Vec<String> = Vec::new();
    for b in svc.bases.iter().filter(|b| cited(b)) {
        let Some(i) = b.value.basis else { continue };
        let basis = &v.bases[i.ix()];
        let condition = basis.law == Law::Dpa2018 || matches!(basis.article, Some(9 | 10));
        let numbered = !citations_in(&b.value.cited).is_empty()
            || !citations_in(ctx.model.quote(&b.source)).is_empty();
        if condition && !numbered {
            first.get_or_insert(&b.source);
            let name = basis.citation();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if let Some(src) = first {
        out.push(ctx.finding(&CONDITION_IN_WORDS, Some(svc), src,
            format!("the notice names its special category or criminal-offence conditions in words only, so people cannot look them up: read as {}", names.join(", ")),
            "Cite each condition by article and paragraph (e.g. \"UK GDPR Art. 9(2)(g) with DPA 2018 Sch. 1 Pt. 2 para. 6\")."));
    }
}

/// Consent as the notice speaks of it.
static CONSENT: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(with|without|give|given|giving|withdraw|withdrawing|withdrawn|ask(ed)? for|based on|rely on|your) (your )?(explicit )?consent\b",
        why: "consent offered, asked for, relied on or withdrawable",
    },
    Phrasing {
        pattern: r"\bconsent (form|to (us|our|the)|at any time)\b",
        why: "consent to be given or withdrawn",
    },
]);

/// BAS079: the notice speaks of consent, and relies on it for nothing.
fn consent_spoken_of(
    ctx: &Ctx,
    svc: &Service,
    notice: NoticeIx,
    text: &str,
    out: &mut Vec<Finding>,
) {
    let m = ctx.model;
    let v = &m.vocab;
    let consent = ["a6-1-a", "a9-2-a"];
    let on_facts = svc.bases.iter().any(|b| consent.contains(&id(ctx, b)));
    let on_flows = m.service(&svc.id).is_some_and(|six| {
        m.service_flows(six).any(|f| {
            m.bases_of(f)
                .iter()
                .any(|b| consent.contains(&v.bases[b.ix()].id.as_str()))
        })
    });
    if on_facts || on_flows {
        return;
    }
    let Some(hit) = sentences(text)
        .into_iter()
        .find_map(|s| CONSENT.find_affirmed(s))
    else {
        return;
    };
    out.push(ctx.finding_quoted(&CONSENT_NOT_RELIED_ON, Some(svc), notice, hit.sentence.text.to_string(),
        format!("the notice speaks of consent (“{}”), but none of the processing it describes is based on consent: people may think they have a choice they do not have, or the consent-based processing and its basis are missing", hit.words()),
        "Say which processing, if any, is based on consent and how to withdraw it; otherwise remove the references to consent."));
}
