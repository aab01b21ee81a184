//! Citations: lawful bases that name no real article point, an Art. 6 basis repeated among the
//! Art. 9 conditions, and Acts whose title, year or kind does not match the legislation
//! registry (with the real instrument suggested).

use super::instrument;
use super::notice::rule;
use super::{Ctx, Finding, Rule, Severity};
use crate::model::citation::years_in;
use crate::model::{CitationStatus, Legislation, LegislationKind, Service};
use crate::query::{PlanError, parse, parse_citation, plan};
use crate::report::ReportError;

rule!(
    NO_SUCH_POINT,
    "BAS030",
    Error,
    "a lawful basis cites an article point that does not exist",
    "UK GDPR Art. 6(1), 9(2); Art. 13(1)(c)"
);
rule!(
    ART6_AS_ART9,
    "BAS031",
    Error,
    "an Art. 6 basis is listed among the Art. 9 special-category conditions",
    "UK GDPR Art. 9(2); Art. 13(1)(c)"
);
rule!(
    UNRESOLVED_BASIS,
    "BAS032",
    Error,
    "a lawful basis that matches no basis of UK GDPR or DPA 2018",
    "UK GDPR Art. 13(1)(c)"
);
rule!(
    NO_SUCH_ACT,
    "BAS033",
    Error,
    "an Act cited with a year in which no Act of that title was passed",
    "UK GDPR Art. 13(1)(c); Art. 6(3)"
);
rule!(
    WRONG_TITLE,
    "BAS034",
    Warning,
    "an Act cited under a title it does not have",
    "UK GDPR Art. 13(1)(c); Art. 6(3)"
);
rule!(
    WRONG_KIND,
    "BAS035",
    Warning,
    "a statutory instrument cited as an Act (or the reverse)",
    "UK GDPR Art. 13(1)(c); Art. 6(3)"
);
rule!(
    UNRESOLVED_ACT,
    "BAS036",
    Warning,
    "legislation that cannot be identified",
    "UK GDPR Art. 13(1)(c); Art. 6(3)"
);

pub(super) fn check(ctx: &Ctx, out: &mut Vec<Finding>) -> Result<(), ReportError> {
    ctx.per_service(out, &[bases, legislation]);
    Ok(())
}

fn bases(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let m = ctx.model;
    let v = &m.vocab;
    let has_art9 = svc
        .bases
        .iter()
        .filter_map(|b| b.value.basis)
        .any(|b| v.bases[b.ix()].article == Some(9));
    for b in svc.bases.iter().filter(|b| b.value.basis.is_none()) {
        let cited = &b.value.cited;
        // The planner knows which points exist: ask it, as a user would with a query.
        if let Some(reason) = citation_in(cited).and_then(|c| no_such(m, &c.to_string())) {
            out.push(ctx.finding(&NO_SUCH_POINT, Some(svc), &b.source,
                format!("“{cited}” names no lawful basis: {reason}"),
                "Cite the basis meant, e.g. Art. 6(1)(e), or Art. 9(2)(g) with its Schedule 1 Part 2 condition."));
            continue;
        }
        let repeated = svc.bases.iter().find(|o| {
            o.value
                .basis
                .is_some_and(|i| v.bases[i.ix()].article == Some(6))
                && (o.value.cited == *cited || ctx.model.quote(&o.source) == cited.as_str())
        });
        if let (Some(o), true) = (repeated, has_art9) {
            let basis = o
                .value
                .basis
                .map_or(String::new(), |i| v.bases[i.ix()].citation());
            out.push(ctx.finding(&ART6_AS_ART9, Some(svc), &b.source,
                format!("the wording of {basis} is repeated among the special-category conditions; Art. 9(2) has no such condition"),
                "Remove it from the Art. 9 list; special-category data needs one of the conditions of Art. 9(2)(a)–(j)."));
            continue;
        }
        let note = b
            .value
            .note
            .as_deref()
            .unwrap_or("no basis of that description exists");
        out.push(ctx.finding(
            &UNRESOLVED_BASIS,
            Some(svc),
            &b.source,
            format!("“{cited}” matches no lawful basis: {note}"),
            "Cite the basis by article and point.",
        ));
    }
}

/// The citation in a basis as a notice words it, reading from its first "Article" or
/// "Schedule" so that a misnamed law before it ("General Data Protection Legislation
/// Article 6 Part g") does not hide the article.
fn citation_in(cited: &str) -> Option<crate::query::Citation> {
    parse_citation(cited).or_else(|| {
        let lower = cited.to_lowercase();
        ["article", "art ", "art.", "schedule", "sch "]
            .iter()
            .filter_map(|w| lower.find(w))
            .min()
            .and_then(|i| cited.get(i..))
            .and_then(parse_citation)
    })
}

/// Why `citation` (canonical spelling) names no basis, if it names none.
fn no_such(m: &crate::model::Model, citation: &str) -> Option<String> {
    let q = parse(&format!("bases where basis = {citation}")).ok()?;
    match plan(&q, m) {
        Err(PlanError::NoSuchCitation { reason, .. }) => Some(reason),
        _ => None,
    }
}

fn legislation(ctx: &Ctx, svc: &Service, out: &mut Vec<Finding>) {
    let reg = &ctx.model.vocab.legislation;
    let mut wrong_titles = Vec::new();
    for l in &svc.legislation {
        let c = &l.value;
        let cited = &c.cited;
        let Some(ix) = c.legislation else {
            let cands = candidates(reg, cited);
            let name = instrument::as_worded(cited, None);
            let msg = if cands.is_empty() {
                format!("“{name}” matches no instrument of the registry")
            } else {
                format!("“{name}” could be any of: {}", cands.join(", "))
            };
            let note = c
                .note
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            out.push(ctx.finding(
                &UNRESOLVED_ACT,
                Some(svc),
                &l.source,
                format!("{msg}.{note}"),
                "Cite the instrument by its full title and year.",
            ));
            continue;
        };
        let act = &reg[ix.ix()];
        // The instrument as the notice names it inside its sentence.
        let named = instrument::naming(cited, Some(act));
        let years = named
            .as_ref()
            .map_or_else(|| years_in(cited), |n| n.years.clone());
        if !years.is_empty() && !years.contains(&act.year) {
            let stem = named
                .as_ref()
                .and_then(|n| n.names().into_iter().next())
                .map_or_else(|| strip_years(cited), |n| strip_years(&n));
            let base = title_stem(&act.title);
            let same_name: Vec<&str> = reg
                .iter()
                .filter(|r| {
                    title_stem(&r.title) == title_stem(&stem) || title_stem(&r.title) == base
                })
                .map(|r| r.title.as_str())
                .collect();
            let years = years
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            out.push(ctx.finding(&NO_SUCH_ACT, Some(svc), &l.source,
                format!("no “{stem}” of {years} exists; in the registry, Acts of that title: {}; the one meant is probably the {}",
                    same_name.join(", "), act.title),
                format!("Cite the {}.", act.title)));
        } else if let Some(wrong) = wrong_kind(named.as_ref(), cited, act) {
            let worded = instrument::as_worded(cited, Some(act));
            out.push(ctx.finding(
                &WRONG_KIND,
                Some(svc),
                &l.source,
                format!(
                    "“{worded}” is {wrong}: the {} ({})",
                    act.title,
                    act.gov_uk.as_deref().unwrap_or("no legislation.gov.uk id")
                ),
                format!("Cite it as the {}.", act.title),
            ));
        } else if c.status != CitationStatus::Exact
            && !abbreviation_of(cited, &act.title)
            && !alias_of(cited, act)
            && !named.as_ref().is_some_and(|n| n.is_title_of(act))
        {
            wrong_titles.push((ix, l));
        }
    }
    // One finding per instrument cited by a wrong title, however many sections cite it so.
    let mut done: Vec<crate::model::LegislationIx> = Vec::new();
    for (ix, first) in &wrong_titles {
        if done.contains(ix) {
            continue;
        }
        done.push(*ix);
        let act = &reg[ix.ix()];
        let mut forms: Vec<String> = Vec::new();
        for (_, l) in wrong_titles.iter().filter(|(i, _)| i == ix) {
            let form = instrument::as_worded(&l.value.cited, Some(act));
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
        let forms: Vec<String> = forms.iter().map(|f| format!("“{f}”")).collect();
        out.push(ctx.finding(
            &WRONG_TITLE,
            Some(svc),
            &first.source,
            format!("{}: the title is {}", forms.join(", "), title_of(act)),
            format!("Cite it as the {}.", act.title),
        ));
    }
}

/// What is wrong with the kind of instrument `cited` names, if anything: an Act's word for a
/// statutory instrument ("Special Educational Needs and Disability Regulations Act 2014"), or
/// the reverse.
fn wrong_kind(
    named: Option<&instrument::Named>,
    cited: &str,
    act: &Legislation,
) -> Option<&'static str> {
    use instrument::Kind;
    let kind = match named {
        Some(n) => n.kind,
        None if has_word(cited, "act") => Kind::Act,
        None => return None,
    };
    match (kind, act.kind) {
        (Kind::Act, LegislationKind::StatutoryInstrument) => {
            Some("a statutory instrument, not an Act")
        }
        (Kind::Regulations | Kind::Order | Kind::Rules, LegislationKind::Act) => {
            Some("an Act, not a statutory instrument")
        }
        _ => None,
    }
}

/// An Act as the notice cites it, without the section: its name as the notice words it in the
/// sentence the citation sits in ("Criminal Justice Act 2002", not the 2003 Act it meant).
pub(super) fn act_as_cited(c: &crate::model::LegislationCitation, reg: &[Legislation]) -> String {
    let act = c.legislation.and_then(|i| reg.get(i.ix()));
    instrument::as_worded(&c.cited, act)
}

/// Whether `cited` names `act` by one of the registry's aliases for it ("DPA 2018", "United
/// Kingdom General Data Protection Regulation"): a right name, not a wrong title.
fn alias_of(cited: &str, act: &Legislation) -> bool {
    let norm = |s: &str| {
        s.replace(['’', '‘'], "'")
            .to_lowercase()
            .trim_start_matches("the ")
            .trim()
            .to_string()
    };
    let text = norm(cited);
    act.aliases.iter().any(|a| {
        let a = norm(a);
        text.match_indices(&a).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + a.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Abbreviations of words in short titles that every reader expands the same way.
const ABBREVIATIONS: [(&str, &str); 1] = [("nhs", "national health service")];

/// Whether `cited` is `title` with a standard abbreviation ("The NHS Act 2006" for the National
/// Health Service Act 2006): not a slip worth a finding.
fn abbreviation_of(cited: &str, title: &str) -> bool {
    let norm = |s: &str| {
        let mut s = s.replace(['’', '‘'], "'").to_lowercase();
        if let Some(rest) = s.strip_prefix("the ") {
            s = rest.to_string();
        }
        s
    };
    let mut c = norm(cited);
    for (short, long) in ABBREVIATIONS {
        c = c
            .split(' ')
            .map(|w| if w == short { long } else { w })
            .collect::<Vec<_>>()
            .join(" ");
    }
    c != norm(cited) && c == norm(title)
}

fn title_of(l: &Legislation) -> String {
    format!("“{}”", l.title)
}

fn strip_years(s: &str) -> String {
    let cut = s.find(|c: char| c.is_ascii_digit()).map_or(s, |i| &s[..i]);
    cut.trim().trim_start_matches("The ").to_string()
}

/// A title without its year, lower case, apostrophes straightened.
fn title_stem(t: &str) -> String {
    strip_years(t).replace(['’', '‘'], "'").to_lowercase()
}

fn has_word(s: &str, w: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|x| x.eq_ignore_ascii_case(w))
}

/// Registry instruments whose title without the year appears in the citation.
fn candidates(reg: &[Legislation], cited: &str) -> Vec<String> {
    let c = cited.replace(['’', '‘'], "'").to_lowercase();
    reg.iter()
        .filter(|r| c.contains(&title_stem(&r.title)))
        .map(|r| r.title.clone())
        .collect()
}
