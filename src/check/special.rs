//! Special-category and criminal-offence data: an Art. 9(2) condition for the one, an Art. 10 /
//! DPA 2018 Schedule 1 condition for the other, categories wrongly called special, and
//! conditions that only work with another beside them (DPA 2018 s.10, Sch. 1 para. 36), and a
//! special category list that reproduces Art. 9(1) under a "may" (BAS092).

use super::notice::rule;
use super::scope::SPECIAL_WORDS;
use super::wording::{Family, Phrasing, sentences};
use super::{Ctx, Finding, Rule, Severity};
use crate::model::{Law, Service};
use crate::report::ReportError;

rule!(
    NO_ART9,
    "BAS040",
    Error,
    "special category data with no Art. 9 condition",
    "UK GDPR Art. 9(1)–(2); Art. 13(1)(c)"
);
rule!(
    NO_ART10,
    "BAS041",
    Error,
    "criminal-offence data with no Art. 10 / DPA 2018 Schedule 1 condition",
    "UK GDPR Art. 10; DPA 2018 s.10(5), Sch. 1"
);
rule!(
    NOT_SPECIAL,
    "BAS042",
    Warning,
    "a category called special category data that is not",
    "UK GDPR Art. 9(1), Art. 10"
);
rule!(
    NEEDS_COMPANION,
    "BAS043",
    Error,
    "a Schedule 1 condition relied on without the condition it extends",
    "DPA 2018 Sch. 1 para. 36; s.10"
);
rule!(
    CONDITION_SCOPE,
    "BAS045",
    Warning,
    "an Art. 9(2)(h) condition cited for recipients or categories it does not cover",
    "UK GDPR Art. 9(2)(h), 9(3); DPA 2018 s.11(1), Sch. 1 para. 2"
);

rule!(
    ART9_REPRODUCED,
    "BAS092",
    Info,
    "the special category list reproduces Art. 9(1) under a \"may\" instead of saying what is processed",
    "UK GDPR Art. 5(1)(c), 13(1)(c), 14(1)(d); ICO guidance on the right to be informed"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    let org = ctx.org_id();
    let no_art9 = crate::report::values(
        ctx.model,
        &format!("services where org = {org} and category is special and missing basis in art 9"),
        "service",
    )?;
    let no_art10 = crate::report::values(
        ctx.model,
        &format!(
            "services where org = {org} and category is criminal and missing basis in art 10 and missing basis in sch 1"
        ),
        "service",
    )?;
    for svc in ctx.services() {
        if no_art9.contains(&svc.id) {
            per_quote(
                ctx,
                svc,
                "special",
                &NO_ART9,
                out,
                "special category data ({}) is collected but no Art. 9(2) condition is cited",
                "Cite the Art. 9(2) condition relied on, e.g. Art. 9(2)(g) with DPA 2018 Sch. 1 para. 18 (safeguarding), or Art. 9(2)(h) with Sch. 1 para. 2.",
            )?;
        }
        if no_art10.contains(&svc.id) {
            per_quote(
                ctx,
                svc,
                "criminal",
                &NO_ART10,
                out,
                "criminal-offence data ({}) is collected but no Art. 10 basis or DPA 2018 Schedule 1 condition is cited",
                "Cite the Schedule 1 condition relied on for criminal-offence data (e.g. Sch. 1 para. 6, 10 or 18, with para. 36 where Part 2 is extended).",
            )?;
        }
        not_special(ctx, svc, out);
        companions(ctx, svc, out);
        scope(ctx, svc, out);
        inferred_art9(ctx, svc, out);
        reproduced(ctx, svc, out);
    }
    Ok(())
}

/// A sentence that introduces special category data as what may, not what will, be processed.
static SPECIAL_HEDGE: Family = Family::new(&[
    Phrasing {
        pattern: r"\b(may|might|could|can) (also )?(collect|include|process|hold|use|record|ask for|obtain|receive|request)\b[^.;]{0,60}?\b(special categor\w*|sensitive)\b",
        why: "“we may collect … special category data”: what might be processed, not what is",
    },
    Phrasing {
        pattern: r"\b(special categor\w*|sensitive (personal )?(data|information))\b[^.;]{0,60}?\b(may|might|could|can|is likely to) (also )?(include|be|cover|involve)\b",
        why: "“special category data may include …”: a list of possibilities",
    },
]);

/// How many of the kinds of Art. 9(1) a hedged list must name to reproduce the Article rather
/// than describe a service: six of its eight (racial or ethnic origin, political opinions,
/// religious or philosophical beliefs, trade union membership, genetic, biometric, health, sex
/// life or sexual orientation).
const REPRODUCED_KINDS: usize = 6;

/// The hedged sentence and the list that follows it (the next lines that are items, across a
/// blank line), as byte range of `text`.
fn hedged_span(text: &str, start: usize, len: usize) -> (usize, usize) {
    let line_end = text
        .get(start..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| start + i);
    let mut end = line_end.max(start + len).min(text.len());
    let mut at = (line_end + 1).min(text.len());
    for line in text.get(at..).unwrap_or("").split_inclusive('\n') {
        let here = at;
        at += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if !t.starts_with(['•', '-', '*', '·', '–', '◦', '▪']) {
            break;
        }
        end = here + line.trim_end().len();
    }
    (start, end)
}

/// BAS092: the kinds of Art. 9(1) named under a hedge, from the categories the notice declares
/// special (the encoded `declared_special` facts quoted in the hedged list) and from the list's
/// words; one finding per notice when they reach [`REPRODUCED_KINDS`].
fn reproduced(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let text = m.notices[svc.notice.ix()].text.as_str();
    for s in sentences(text) {
        if SPECIAL_HEDGE.find_affirmed(s).is_none() {
            continue;
        }
        let (from, to) = hedged_span(text, s.start, s.text.len());
        let span = text.get(from..to).unwrap_or("");
        let mut kinds: Vec<&str> = kinds_named(span);
        for c in svc.categories.iter().filter(|c| c.value.declared_special) {
            if !span.contains(m.quote(&c.source)) {
                continue;
            }
            let kind = v
                .category_tree
                .ancestors(c.value.category.0)
                .map(|a| v.categories[a as usize].entry.id.as_str())
                .find_map(|id| {
                    SPECIAL_WORDS
                        .iter()
                        .find(|(k, _)| *k == id)
                        .map(|(k, _)| *k)
                });
            if let Some(k) = kind.filter(|k| !kinds.contains(k)) {
                kinds.push(k);
            }
        }
        if kinds.len() < REPRODUCED_KINDS {
            continue;
        }
        let names: Vec<String> = SPECIAL_WORDS
            .iter()
            .filter(|(k, _)| kinds.contains(k))
            .map(|(k, _)| {
                v.category(k).map_or((*k).to_string(), |c| {
                    v.categories[c.ix()].entry.name.to_lowercase()
                })
            })
            .collect();
        out.push(ctx.finding_quoted(&ART9_REPRODUCED, Some(svc), svc.notice, s.text.to_string(),
            format!("the notice lists {} of the eight kinds of special category data in Art. 9(1) ({}) as data it may process, rather than saying which it processes and why", names.len(), names.join(", ")),
            "Say which special categories the service processes, about whom and for what, and remove those it does not (Art. 5(1)(c), 13(1)(c))."));
        return;
    }
}

/// The kinds of Art. 9(1) that words of `span` name.
fn kinds_named(span: &str) -> Vec<&'static str> {
    let lower = span.to_lowercase();
    SPECIAL_WORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(k, _)| *k)
        .collect()
}

/// Special category data whose only Art. 9 conditions are the encoder's inference: the
/// notice cites none, so BAS040's defect stands, as a warning, since the notice's words point
/// at one (004: "without your explicit consent" read as Art. 9(2)(a)).
fn inferred_art9(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    if !svc
        .categories
        .iter()
        .any(|c| v.categories[c.value.category.ix()].special)
    {
        return;
    }
    let art9 = art9_bases(v, svc);
    if art9.is_empty()
        || art9
            .iter()
            .any(|b| b.provenance != crate::model::Provenance::Inferred)
    {
        return;
    }
    let named: Vec<String> = art9
        .iter()
        .filter_map(|b| b.value.basis.map(|i| v.bases[i.ix()].citation()))
        .collect();
    let mut f = ctx.finding(
        &NO_ART9,
        Some(svc),
        &art9[0].source,
        format!(
            "special category data is collected and the notice cites no Art. 9(2) condition; the only one recorded, {}, is the encoder's reading of this sentence, not a citation",
            named.join(", ")
        ),
        "Name the Art. 9(2) condition for each special category (and its DPA 2018 Schedule 1 condition where one is needed); if it is explicit consent, say so and how it is given and withdrawn.",
    );
    f.severity = Severity::Warning;
    out.push(f);
}

/// One finding for the notice's categories with `flag` (`special`, `criminal`): one omission,
/// listing every category it covers and quoting where the first is named.
#[allow(clippy::too_many_arguments)] // a rule's wording travels with it
fn per_quote(
    ctx: &Ctx,
    svc: &Service,
    flag: &str,
    rule: &Rule,
    out: &mut Vec<Finding>,
    message: &str,
    fix: &str,
) -> Result<(), ReportError> {
    let t = ctx.query(
        &format!("categories where service = {{service}} and category is {flag}"),
        svc,
    )?;
    let (ci, qi, ni) = (col(&t, "category"), col(&t, "quote"), col(&t, "notice"));
    let mut cats: Vec<String> = Vec::new();
    let mut first: Option<(String, String)> = None;
    for r in &t.rows {
        let text = |i: usize| crate::output::cell_text(&r[i]);
        let cat = text(ci);
        if !cats.contains(&cat) {
            cats.push(cat);
        }
        first.get_or_insert_with(|| (text(qi), text(ni)));
    }
    let Some((quote, notice)) = first else {
        return Ok(());
    };
    let notice = ctx.model.notice(&notice).unwrap_or(svc.notice);
    out.push(ctx.finding_quoted(
        rule,
        Some(svc),
        notice,
        quote,
        message.replace("{}", &cats.join(", ")),
        fix,
    ));
    Ok(())
}

fn col(t: &crate::output::Table, name: &str) -> usize {
    t.columns.iter().position(|c| c == name).unwrap_or(0)
}

fn not_special(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    for c in svc.categories.iter().filter(|c| c.value.declared_special) {
        let cat = &v.categories[c.value.category.ix()];
        if cat.special {
            continue;
        }
        let msg = if cat.criminal {
            format!(
                "{} is listed as special category data; criminal-offence data is not special category data but Art. 10 data, with its own conditions",
                cat.entry.id
            )
        } else {
            format!(
                "{} is listed as special category data, which it is not under Art. 9(1)",
                cat.entry.id
            )
        };
        out.push(ctx.finding(&NOT_SPECIAL, Some(svc), &c.source, msg,
            "List only the Art. 9(1) categories as special category data; describe criminal-offence data separately."));
    }
}

/// Conditions with `requires_one_of` and none of that group beside them.
fn companions(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let v = &ctx.model.vocab;
    let relied: Vec<&crate::model::Basis> = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .map(|b| &v.bases[b.ix()])
        .collect();
    let in_group = |g: &str| {
        relied.iter().any(|b| match g {
            "sch1" => b.law == Law::Dpa2018,
            g => b.group() == g,
        })
    };
    for b in &svc.bases {
        let Some(ix) = b.value.basis else { continue };
        let basis = &v.bases[ix.ix()];
        let Some(group) = basis.requires_one_of.as_deref() else {
            continue;
        };
        if in_group(group) {
            continue;
        }
        let need = match group {
            "sch1-part1" => "a condition in DPA 2018 Schedule 1 Part 1 (paras. 1–4)",
            "sch1-part2" => {
                "a substantial-public-interest condition in DPA 2018 Schedule 1 Part 2 (paras. 6–28)"
            }
            _ => "a condition in DPA 2018 Schedule 1",
        };
        // An Art. 9 condition that needs a Schedule 1 condition (DPA 2018 s.10(2)–(3)) is met
        // by the controller, and Art. 13 does not require the notice to name which: nothing
        // for the notice to do, so no finding. A Schedule 1 condition that extends another
        // (para. 36) is cited without what it extends: that is a defect of the notice.
        if basis.law != Law::Dpa2018 {
            continue;
        }
        let (rule, fix, message) = (
            &NEEDS_COMPANION,
            "Name the Part 2 condition that para. 36 extends (e.g. para. 18 safeguarding of children and individuals at risk).",
            format!(
                "{} ({}) works only with {need}, and the notice names none",
                basis.citation(),
                basis.name
            ),
        );
        out.push(ctx.finding(rule, Some(svc), &b.source, message, fix));
    }
}

/// Party types whose work is not health or social care: Art. 9(2)(h) (with 9(3), processing by
/// or under a professional under a duty of secrecy, for health or social care) does not cover
/// sharing with them.
const NOT_CARE: [&str; 5] = [
    "police",
    "central-government",
    "probation-justice",
    "housing",
    "fraud-prevention",
];

/// Special categories that are not health data; Art. 9(2)(h) is cited for health or social
/// care, and a notice that gives it as the only condition for these is stretching it.
const NOT_HEALTH: [&str; 6] = [
    "racial-ethnic-origin",
    "religion",
    "political-opinions",
    "trade-union",
    "sexuality",
    "genetic",
];

/// Art. 9(2)(h) as the only Art. 9 condition: the recipients and categories it cannot cover.
fn scope(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let art9 = art9_bases(v, svc);
    let only_h = !art9.is_empty()
        && art9.iter().all(|b| {
            b.value
                .basis
                .is_some_and(|i| v.bases[i.ix()].id == "a9-2-h")
        });
    let Some(h) = art9.first().filter(|_| only_h) else {
        return;
    };
    let has_special = svc
        .categories
        .iter()
        .any(|c| v.categories[c.value.category.ix()].special);
    if !has_special {
        return;
    }
    let Some(six) = m.service(&svc.id) else {
        return;
    };
    let types: Vec<crate::model::PartyTypeIx> =
        NOT_CARE.iter().filter_map(|t| v.party_type(t)).collect();
    let mut names: Vec<String> = Vec::new();
    for f in m.recipient_flows(six) {
        let p = &m.parties[f.party.ix()];
        if types
            .iter()
            .any(|t| p.types().any(|pt| v.party_type_tree.within(pt.0, t.0)))
            && !names.contains(&p.name)
        {
            names.push(p.name.clone());
        }
    }
    if !names.is_empty() {
        out.push(ctx.finding(&CONDITION_SCOPE, Some(svc), &h.source,
            format!("Art. 9(2)(h) is the only special-category condition cited, but it covers processing for health or social care by or under professionals bound by secrecy (Art. 9(3)); it does not cover sharing with {}", names.join(", ")),
            "Cite the condition that covers each sharing, e.g. Art. 9(2)(g) with DPA 2018 Sch. 1 para. 10 (preventing or detecting unlawful acts) or para. 18 (safeguarding), and say which sharing each covers."));
    }
    let mut cats: Vec<&str> = Vec::new();
    for c in &svc.categories {
        let id = v.categories[c.value.category.ix()].entry.id.as_str();
        if NOT_HEALTH.contains(&id) && !cats.contains(&id) {
            cats.push(id);
        }
    }
    if !cats.is_empty() {
        out.push(ctx.finding(&CONDITION_SCOPE, Some(svc), &h.source,
            format!("Art. 9(2)(h) (health or social care) is the only special-category condition cited, but the notice also collects {}, which it does not explain under that condition", cats.join(", ")),
            "Say which Art. 9(2) condition covers each special category, e.g. Art. 9(2)(g) with DPA 2018 Sch. 1 para. 8 (equality of opportunity) for ethnicity monitoring."));
    }
}

/// The service's bases that are Art. 9 conditions.
fn art9_bases<'s>(
    v: &crate::model::Vocab,
    svc: &'s Service,
) -> Vec<&'s crate::model::Fact<crate::model::BasisCitation>> {
    svc.bases
        .iter()
        .filter(|b| {
            b.value
                .basis
                .is_some_and(|i| v.bases.get(i.ix()).is_some_and(|d| d.article == Some(9)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kinds a hedged list names, for the first hedged sentence of `text`.
    fn hedged_kinds(text: &str) -> Option<usize> {
        let s = sentences(text)
            .into_iter()
            .find(|s| SPECIAL_HEDGE.find_affirmed(*s).is_some())?;
        let (from, to) = hedged_span(text, s.start, s.text.len());
        Some(kinds_named(text.get(from..to)?).len())
    }

    fn fires(text: &str) -> bool {
        hedged_kinds(text).is_some_and(|k| k >= REPRODUCED_KINDS)
    }

    #[test]
    fn the_family_compiles() {
        assert!(SPECIAL_HEDGE.compiles().is_ok());
    }

    #[test]
    fn art_9_1_reproduced_under_a_may() {
        // 01 as published.
        let dfe = "We may collect and use the following special category data:\n\n- your racial or ethnic origin\n- your political opinions\n- your religious beliefs or other beliefs of a similar nature\n- whether you are a member of a trade union\n- your physical or mental health\n- your sexual orientation\n- the commission or alleged commission of any offence by you\n\nFull details are given in DfE’s appropriate policy document.\n";
        assert!(fires(dfe));
        // Rephrased: in one sentence, and with the hedge after the words.
        assert!(fires(
            "Sensitive information we hold could include your race, religion, health, genetic data, biometric data and sexual orientation."
        ));
        assert!(fires(
            "Special category data may include:\n• ethnic origin\n• political views\n• religious belief\n• trade union membership\n• health\n• sex life\n"
        ));
    }

    #[test]
    fn lists_that_say_what_is_processed() {
        for text in [
            // 003: the Art. 9 conditions introduced by the kinds they cover, with no hedge (its
            // list of what it collects names three special categories).
            "When we collect data about your race, health (including biometric or genetic data), sex life, sexual orientation, ethnic origin, politics or trade union membership, we also rely on the following lawful basis:\n\n  • You provided us with your explicit consent.\n",
            // 002: a hedged list, but of four kinds only.
            "- more sensitive information (such as ethnicity, language, physical or mental health, religious or political beliefs, criminal offences) may be included",
            // A hedge, then a different list after a paragraph.
            "We may collect special category data about you.\n\nWe also hold your race, religion, politics, union membership, health and sexuality.\n",
            // Denied.
            "We will not collect special category data such as your race, religion, politics, union membership, health, genetic data or sexuality.",
        ] {
            assert!(!fires(text), "{text}");
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in [
            "",
            "may collect sensitive",
            "may collect sensitive\n-",
            "é may collect special categories\n\n- é",
        ] {
            let _ = hedged_kinds(t);
            for i in 0..t.len() {
                if t.is_char_boundary(i) {
                    let _ = hedged_span(t, i, t.len() - i);
                }
            }
        }
    }
}
