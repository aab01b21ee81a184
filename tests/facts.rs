//! The facts of the five built-in notices, pinned against the notice text.
//!
//! How the expected values were derived: BY HAND, by reading each notice in
//! `datasets/notices/` (line numbers below are those of the `.txt` files), not by reading the
//! datasets back. The datasets were consulted only for the ids they chose for a party, category,
//! basis, legislation entry or right, and for the formatting of sections (`s.17`). The expected
//! SET comes from the notice: every organisation or class of bodies the notice names must be
//! there and nothing it does not name. Where no id exists yet for something the notice names,
//! the test uses a proposed id (marked "not in the dataset") and fails until the dataset has it.
//!
//! Each expected entry carries a fragment of the notice's wording that names it; the test checks
//! that the fragment is in the notice (so the expectation itself is sound) and in the quote (or
//! the `cited` wording) of the matching fact (so the fact points at the right line).
//!
//! Rules applied throughout:
//! - A class of bodies counts when the notice names a kind of body (by sector, function or
//!   relationship: "local hospitals", "partner agencies from across the education, health,
//!   justice and care services"); a bare "other organisations" / "others" / "partners" does not.
//!   A class named with examples ("local hospitals, including the Countess of Chester and
//!   Leighton") gives the class and each example.
//! - Legislation status: `exact` when the notice's words (ignoring a leading "The") give the
//!   registry's title and year; otherwise `corrected` when the instrument is still clear (wrong
//!   title, year or kind, an abbreviated title, a missing year), else `unresolved`.
//! - Retention rules are written `(subjects / categories, Period)`; none of the notices says
//!   from when a period runs, so every trigger is `not-stated`.
//!
//! 000 CWaC Early help and prevention (`cwac-early-help-and-prevention`)
//!   categories ll. 24–32, special category data ll. 36–38; bases ll. 44, 54, 55 (and l. 38);
//!   legislation ll. 45–53, 56; recipients ll. 62–74 (no source is named); retention l. 82;
//!   rights ll. 92–95 and l. 108; automated decisions ll. 110–112 "No."; transfers ll. 114–116
//!   "No."; DPO by post l. 106 (The Portal … CH65 0BA).
//! 001 CWaC Supporting Families (`cwac-supporting-families`)
//!   categories ll. 18–25, special ll. 29–30; sources ll. 32–40; recipients ll. 59–73 and l. 79
//!   (fraud prevention agencies, with their purposes); bases ll. 85–87 ("Article 6 Part g" names
//!   no basis); legislation ll. 88–103; retention ll. 113–118 and l. 120 (public archives
//!   indefinitely); transfers: heading l. 122 with no answer; no automated-decision statement;
//!   rights: only the complaint to the ICO l. 134 (the others are a pointer, l. 127); DPO by post
//!   l. 131 (4 Civic Way … CH65 0BE).
//! 002 Cheshire East Children and Families (`ce-children-and-families`)
//!   categories ll. 4–14 ("more sensitive information", never called special category data);
//!   bases ll. 22–25 (Art. 6 only: no Art. 9 or Art. 10 condition although ethnicity, health,
//!   religious and political beliefs and criminal offences are collected); legislation l. 26;
//!   recipients ll. 33–39 and 41–46 (internal teams), l. 47 (partner agencies and examples),
//!   l. 48, l. 49, l. 22 ("disclosure is required by the Police or other statutory bodies"), l. 67
//!   (foreign authorities); sources l. 13, l. 55, l. 62 ("all those people and organisations
//!   known to you"); retention l. 57 (information asset register); systems l. 59; automated
//!   decisions l. 64 none; transfers l. 67 possible with safeguards; rights l. 69.
//! 003 CWaC corporate Privacy policy (`cwac-council-services`)
//!   categories ll. 19–33 and the special-category list l. 62; source l. 17; bases ll. 55–60
//!   (Art. 6) and ll. 64–73 (Art. 9; l. 67 repeats legitimate interests, which Art. 9 does not
//!   have); recipients l. 94 (organisations that store data or help deliver services) and l. 106
//!   (fraud prevention agencies); retention l. 140 (Retention Schedules); legislation ll. 142–144;
//!   transfers ll. 130–136 possible, with protections; no automated-decision statement; rights
//!   ll. 79–84 (no right to complain to the ICO: l. 150 is "independent advice"); DPO l. 13.
//! 004 Achieving for Children Early Help Hub (`afc-early-help-hub`)
//!   ICO registration l. 9; categories ll. 17–21 and l. 27 (referral information); sources l. 25;
//!   bases l. 39 (consent; "explicit consent", the Art. 9(2)(a) wording); legislation l. 43;
//!   recipients l. 45 (other teams), ll. 47–55, l. 57; retention l. 61 (retention schedule);
//!   rights ll. 73, 77–81; no transfer and no automated-decision statement (l. 80 is the right,
//!   not a statement); DPO email ll. 83, 87.

use basis::model::{
    CitationStatus, Direction, Model, Period, Provenance, Service, Stance, Trigger, load_builtin,
};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

const N000: &str = "cwac-early-help-and-prevention";
const N001: &str = "cwac-supporting-families";
const N002: &str = "ce-children-and-families";
const N003: &str = "cwac-council-services";
const N004: &str = "afc-early-help-hub";

// ---- shared helpers -----------------------------------------------------------------------------

/// The built-in model, loaded once for all tests.
fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| load_builtin().expect("the built-in datasets load"))
}

/// The service with this id.
fn service(id: &str) -> &'static Service {
    let m = model();
    let ix = m.service(id).unwrap_or_else(|| panic!("no service `{id}`"));
    &m.services[ix.ix()]
}

/// White-space runs collapsed to one space, as the dataset format compares quotes.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a notice, read from `datasets/notices/` on disk (not from the loader).
fn notice_text(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/notices")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sorted, de-duplicated.
fn sorted<I: IntoIterator<Item = String>>(items: I) -> Vec<String> {
    items
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// What a test compares: for each fact of a service, a key (its id, or a rendering of its value)
/// and the notice wording it rests on.
#[derive(Debug, Clone, Copy)]
enum Aspect {
    Recipients,
    /// Sharing within the controller: the notice lists its own teams among recipients, but a
    /// team is not a recipient (UK GDPR Art. 4(9)).
    Internal,
    Sources,
    Categories,
    DeclaredSpecial,
    Bases,
    Legislation,
    Retention,
    Rights,
    Systems,
}

impl Aspect {
    fn facts(self, svc: &Service) -> Vec<(String, String)> {
        let m = model();
        let six = m.service(&svc.id).expect("service id");
        let flows = |dir: Direction| {
            m.flows
                .iter()
                .filter(|f| f.service == six && f.direction() == dir)
                .map(|f| {
                    (
                        m.parties[f.party.ix()].id.clone(),
                        model().quote(&f.source).to_string(),
                    )
                })
                .collect()
        };
        let cat = |ix: basis::model::CategoryIx| m.vocab.categories[ix.ix()].entry.id.clone();
        match self {
            Aspect::Recipients => flows(Direction::To),
            Aspect::Internal => flows(Direction::Internal),
            Aspect::Sources => flows(Direction::From),
            Aspect::Categories => svc
                .categories
                .iter()
                .map(|f| (cat(f.value.category), model().quote(&f.source).to_string()))
                .collect(),
            Aspect::DeclaredSpecial => svc
                .categories
                .iter()
                .filter(|f| f.value.declared_special)
                .map(|f| (cat(f.value.category), model().quote(&f.source).to_string()))
                .collect(),
            Aspect::Bases => svc
                .bases
                .iter()
                .map(|f| {
                    let key = match f.value.basis {
                        Some(b) => m.vocab.bases[b.ix()].id.clone(),
                        None => format!("unresolved: {}", f.value.cited),
                    };
                    (key, f.value.cited.clone())
                })
                .collect(),
            Aspect::Legislation => svc
                .legislation
                .iter()
                .map(|f| {
                    let c = &f.value;
                    let id = c
                        .legislation
                        .map_or("unresolved", |l| &m.vocab.legislation[l.ix()].id);
                    let section = c.section.as_deref().unwrap_or("");
                    let key = format!("{id} [{section}] {}", c.status);
                    (key, c.cited.clone())
                })
                .collect(),
            Aspect::Retention => m
                .retention
                .iter()
                .filter(|r| r.service == six)
                .map(|r| {
                    let subjects: Vec<&str> = r
                        .subjects
                        .iter()
                        .map(|s| m.vocab.subjects[s.ix()].id.as_str())
                        .collect();
                    let categories: Vec<String> = r.categories.iter().map(|&c| cat(c)).collect();
                    let key = retention_key(&subjects.join(" "), &categories.join(" "), &r.period);
                    (key, model().quote(&r.source).to_string())
                })
                .collect(),
            Aspect::Rights => svc
                .rights
                .iter()
                .map(|f| {
                    (
                        m.vocab.rights[f.value.ix()].id.clone(),
                        model().quote(&f.source).to_string(),
                    )
                })
                .collect(),
            Aspect::Systems => svc
                .systems
                .iter()
                .map(|f| {
                    (
                        m.systems[f.value.ix()].id.clone(),
                        model().quote(&f.source).to_string(),
                    )
                })
                .collect(),
        }
    }
}

/// `children / - UntilAge(25)`: subjects, categories (space-separated, `-` when none), period.
fn retention_key(subjects: &str, categories: &str, period: &Period) -> String {
    let or_dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    format!("{} / {} {period:?}", or_dash(subjects), or_dash(categories))
}

/// Compares the service's facts of one aspect with the expected `(key, fragment)` pairs: the
/// fragments must be in the notice, the key sets must be equal, and for each expected key some
/// fact with that key must quote (or cite) the fragment.
fn check<K: AsRef<str>>(service_id: &str, aspect: Aspect, expected: &[(K, &str)]) {
    let svc = service(service_id);
    let m = model();
    let file = &m.notices[svc.notice.ix()].file;
    let text = norm(&notice_text(file));
    let what = format!("{service_id} ({file}) {aspect:?}");

    let not_in_notice: Vec<&str> = expected
        .iter()
        .map(|(_, frag)| *frag)
        .filter(|frag| !text.contains(&norm(frag)))
        .collect();
    assert!(
        not_in_notice.is_empty(),
        "{what}: expected wording not found in the notice: {not_in_notice:?}"
    );

    let actual = aspect.facts(svc);
    let got = sorted(actual.iter().map(|(k, _)| k.clone()));
    let want = sorted(expected.iter().map(|(k, _)| k.as_ref().to_string()));
    let missing: Vec<&String> = want.iter().filter(|k| !got.contains(k)).collect();
    let extra: Vec<&String> = got.iter().filter(|k| !want.contains(k)).collect();
    assert_eq!(
        got, want,
        "{what}: missing (named by the notice) {missing:?}; not named by the notice {extra:?}"
    );

    let wrong_quote: Vec<String> = expected
        .iter()
        .filter(|(key, frag)| {
            !actual
                .iter()
                .any(|(k, q)| k == key.as_ref() && norm(q).contains(&norm(frag)))
        })
        .map(|(key, frag)| format!("{}: expected wording {frag:?}", key.as_ref()))
        .collect();
    assert!(
        wrong_quote.is_empty(),
        "{what}: facts that do not quote the notice line naming them: {wrong_quote:#?}"
    );
}

/// [`check`] for retention rules written as `(subjects, categories, Period, fragment)`, the
/// subjects and categories space-separated, empty when the rule is not restricted by them.
fn check_retention(service_id: &str, expected: &[(&str, &str, Period, &str)]) {
    let expected: Vec<(String, &str)> = expected
        .iter()
        .map(|(subjects, categories, period, frag)| {
            (retention_key(subjects, categories, period), *frag)
        })
        .collect();
    check(service_id, Aspect::Retention, &expected);
    let triggers: Vec<Trigger> = model()
        .retention
        .iter()
        .filter(|r| r.service == model().service(service_id).expect("service"))
        .map(|r| r.trigger)
        .filter(|&t| t != Trigger::NotStated)
        .collect();
    assert!(
        triggers.is_empty(),
        "{service_id}: the notice never says from when a period runs, got {triggers:?}"
    );
}

/// The transfer and automated-decision stances of a service.
fn stances(service_id: &str) -> (Vec<Stance>, Vec<Stance>) {
    let svc = service(service_id);
    (
        svc.transfers.iter().map(|f| f.value.stance).collect(),
        svc.automated.iter().map(|f| f.value).collect(),
    )
}

/// Ids of the resolved lawful bases of a service.
fn basis_ids(svc: &Service) -> Vec<String> {
    let m = model();
    sorted(
        svc.bases
            .iter()
            .filter_map(|f| f.value.basis)
            .map(|b| m.vocab.bases[b.ix()].id.clone()),
    )
}

// ---- every service is the one of its notice ----------------------------------------------------

#[test]
fn each_service_comes_from_its_notice() {
    let m = model();
    for (id, file) in [
        (N000, "000_58085d3b1e97ac82.txt"),
        (N001, "001_0764cacbdc86aeca.txt"),
        (N002, "002_c542209e9805e897.txt"),
        (N003, "003_95c6fa0d20dafaf5.txt"),
        (N004, "004_a643f75bf518eedc.txt"),
    ] {
        assert_eq!(m.notices[service(id).notice.ix()].file, file, "{id}");
    }
}

// ---- 000 CWaC Early help and prevention --------------------------------------------------------

#[test]
fn notice_000_recipients() {
    check(
        N000,
        Aspect::Internal,
        &[
            // l. 62: the council's own services, shared within the controller
            (
                "cwac-services",
                "Cheshire West and Chester Council services, including",
            ),
            ("cwac-education", "including: education"),
            ("cwac-childrens-social-care", "children’s social care"),
            ("cwac-housing-solutions", "housing solutions"),
            ("cwac-adult-social-care", "adult social care"),
        ],
    );
    check(
        N000,
        Aspect::Recipients,
        &[
            // ll. 63–69
            ("cheshire-police", "Cheshire police"),
            (
                "department-for-work-and-pensions",
                "Department for Work and Pensions",
            ),
            (
                "cheshire-and-wirral-partnership-nhs-foundation-trust",
                "Cheshire and Wirral Partnership NHS Foundation Trust",
            ),
            (
                "cwac-local-clinical-commissioning-groups",
                "local clinical commissioning groups",
            ),
            ("gps", "GPs"),
            ("cwac-local-hospitals", "local hospitals"),
            ("countess-of-chester-hospital", "the Countess of Chester"),
            ("leighton-hospital", "Leighton"),
            ("one-to-one-midwives", "121 midwives"),
            // l. 70
            (
                "cwac-commissioned-services",
                "commissioned services including",
            ),
            (
                "cwac-drug-and-alcohol-services",
                "drug and alcohol services",
            ),
            (
                "cheshire-and-greater-manchester-community-rehabilitation-company",
                "Cheshire and Greater Manchester Community Rehabilitation Company",
            ),
            ("national-probation-service", "National Probation service"),
            // l. 71
            ("cwac-housing-agencies", "housing agencies, including"),
            ("muir-housing", "Muir Housing"),
            ("sanctuary-housing", "Sanctuary Housing"),
            ("weaver-vale-housing-trust", "Weaver Vale Housing Trust"),
            ("forfutures", "ForFutures"),
            // ll. 72–74
            (
                "cwac-early-help-commissioned-services",
                "services commissioned by Early Help and Prevention",
            ),
            ("core-assets", "Core Assets"),
            (
                "cwac-charity-and-voluntary-agencies",
                "charity and voluntary agencies",
            ),
            ("cheshire-without-abuse", "Cheshire without abuse"),
            (
                "department-for-communities-and-local-government",
                "Department for Communities and Local Government",
            ),
        ],
    );
}

#[test]
fn notice_000_sources() {
    // The notice never says where the information comes from.
    check::<&str>(N000, Aspect::Sources, &[]);
}

#[test]
fn notice_000_recipients_have_implied_categories_and_bases() {
    // The notice lists bases (ll. 44–56) and categories (ll. 24–38) apart from the recipients
    // (ll. 62–74): no flow states its own, each inherits the service's.
    let m = model();
    let svc = service(N000);
    let six = m.service(N000).expect("service");
    let service_categories = sorted(
        svc.categories
            .iter()
            .map(|f| format!("{:?}", f.value.category)),
    );
    let service_bases = sorted(
        svc.bases
            .iter()
            .filter_map(|f| f.value.basis)
            .map(|b| format!("{b:?}")),
    );
    let flows: Vec<_> = m
        .flows
        .iter()
        .filter(|f| f.service == six && f.direction() == Direction::To)
        .collect();
    assert!(!flows.is_empty());
    for f in flows {
        let party = &m.parties[f.party.ix()].id;
        // "121 midwives" is One to One (North West) Ltd on the encoder's reading: the party
        // is inferred, and so the flow; its lists are carried from the service like the others.
        let want = if party == "one-to-one-midwives" {
            Provenance::Inferred
        } else {
            Provenance::Stated
        };
        assert_eq!(f.provenances().party, want, "{party}");
        assert_eq!(f.provenances().categories, Provenance::Implied, "{party}");
        assert_eq!(f.provenances().bases, Provenance::Implied, "{party}");
        assert_eq!(f.provenances().purposes, Provenance::Implied, "{party}");
        assert_eq!(f.provenance(), want.max(Provenance::Implied), "{party}");
        let categories = sorted(m.categories_of(f).iter().map(|c| format!("{c:?}")));
        let bases = sorted(m.bases_of(f).iter().map(|b| format!("{b:?}")));
        assert_eq!(categories, service_categories, "{party}");
        assert_eq!(bases, service_bases, "{party}");
    }
}

#[test]
fn notice_000_categories() {
    check(
        N000,
        Aspect::Categories,
        &[
            ("name", "your name, address and date of birth"),
            ("address", "your name, address and date of birth"),
            ("date-of-birth", "your name, address and date of birth"),
            ("nhs-number", "NHS number"),
            ("household", "who you live with"),
            ("family", "who is part of your family"),
            ("lifestyle-social", "lifestyle and social circumstances"),
            ("employment", "employment and education details"),
            ("education", "employment and education details"),
            ("housing", "details about your housing needs"),
            (
                "service-involvement",
                "involvement with our partner agencies",
            ),
            ("assessment", "an assessment of what support you need"),
            ("physical-health", "physical or mental health details"),
            ("mental-health", "physical or mental health details"),
            ("racial-ethnic-origin", "racial or ethnic origin"),
            ("sexuality", "sexuality"),
            ("gender", "gender"),
            ("disability", "disability"),
            ("criminal-offences", "criminal offence data"),
        ],
    );
}

#[test]
fn notice_000_declared_special() {
    // ll. 34–38: "Special category data is defined as:" (gender wrongly included).
    check(
        N000,
        Aspect::DeclaredSpecial,
        &[
            ("physical-health", "physical or mental health details"),
            ("mental-health", "physical or mental health details"),
            ("racial-ethnic-origin", "racial or ethnic origin"),
            ("sexuality", "sexuality"),
            ("gender", "gender"),
            ("disability", "disability"),
            ("criminal-offences", "criminal offence data"),
        ],
    );
}

#[test]
fn notice_000_bases() {
    check(
        N000,
        Aspect::Bases,
        &[
            (
                "a6-1-e",
                "General Data Protection Legislation Article 6 part e",
            ),
            (
                "a9-2-h",
                "General Data Protection Legislation Article 9 Part h",
            ),
            (
                "sch1-para36",
                "Data Protection Act 2018 Schedule 1, Part 3, Paragraph 36",
            ),
        ],
    );
}

#[test]
fn notice_000_legislation() {
    check(
        N000,
        Aspect::Legislation,
        &[
            // No "Children and Social Care Act 2017" exists.
            (
                "children-and-social-work-act-2017 [] corrected",
                "Children and Social Care Act 2017",
            ),
            (
                "crime-and-disorder-act-1998 [s.115] exact",
                "The Crime and Disorder Act 1998 section 115",
            ),
            // "Children’s Act" for the Children Act.
            (
                "children-act-1989 [s.17] corrected",
                "The Children’s Act 1989 section 17",
            ),
            (
                "children-act-1989 [s.47] corrected",
                "The Children’s Act 1989 section 47",
            ),
            (
                "children-act-1989 [sch.2 pt.1] corrected",
                "The Children’s Act 1989 schedule 2 part 1",
            ),
            (
                "criminal-justice-and-court-services-act-2000 [] exact",
                "Criminal Justice and Court Services Act 2000",
            ),
            (
                "children-act-2004 [s.10] exact",
                "Children Act 2004 section 10",
            ),
            (
                "children-act-2004 [s.11] exact",
                "Children Act 2004 section 11",
            ),
            (
                "welfare-reform-act-2012 [] exact",
                "Welfare Reform Act 2012",
            ),
            // No Equality Act 2005 exists; the 2010 Act (duties of public bodies) is meant.
            ("equality-act-2010 [] corrected", "Equality Act 2005"),
        ],
    );
}

#[test]
fn notice_000_retention() {
    check_retention(
        N000,
        &[
            (
                "children",
                "",
                Period::UntilAge(25),
                "If we collect your information before you turn 18 we will keep your data until you have reached the age of 25.",
            ),
            (
                "adults",
                "",
                Period::Years(6),
                "If you are over 18 we will keep any information you share with us for six years.",
            ),
        ],
    );
}

#[test]
fn notice_000_rights() {
    check(
        N000,
        Aspect::Rights,
        &[
            ("access", "your right of access"),
            ("rectification", "your right to rectification"),
            ("restriction", "your right to restriction of processing"),
            ("objection", "your right to object to processing"),
            (
                "complain-to-ico",
                "You also have the right to complain to the Information Commissioner’s Office",
            ),
        ],
    );
}

#[test]
fn notice_000_stances() {
    // ll. 110–116: both questions answered "No."
    assert_eq!(stances(N000), (vec![Stance::None], vec![Stance::None]));
    let svc = service(N000);
    assert!(
        model()
            .quote(&svc.transfers[0].source)
            .contains("transferred abroad")
    );
    assert!(
        model()
            .quote(&svc.automated[0].source)
            .contains("automated decisions")
    );
}

// ---- 001 CWaC Supporting Families --------------------------------------------------------------

#[test]
fn notice_001_recipients() {
    check(
        N001,
        Aspect::Recipients,
        &[
            ("cwac-health", "health"),
            ("cwac-social-services", "social services"),
            (
                "cwac-housing-services-and-providers",
                "housing services and providers",
            ),
            ("cwac-police-services", "police and fire services"),
            ("cwac-fire-services", "police and fire services"),
            ("cwac-domestic-abuse-services", "domestic abuse services"),
            // Not 000's commissioned drug and alcohol services: 001 does not say these are
            // commissioned, so they are a party of their own.
            (
                "cwac-substance-misuse-services",
                "substance misuse services",
            ),
            ("cwac-young-peoples-services", "young peoples services"),
            (
                "cwac-probation-services",
                "probation and HM Prison services",
            ),
            ("hm-prison-service", "probation and HM Prison services"),
            ("cwac-youth-justice-service", "youth justice service"),
            (
                "cwac-health-visiting-and-school-nursing-services",
                "health visiting and school nursing services",
            ),
            ("cwac-education-services", "education Services"),
            (
                "department-for-work-and-pensions",
                "The Department for Work & Pensions",
            ),
            ("department-for-education", "The Department for Education"),
            (
                "department-for-levelling-up-housing-and-communities",
                "The Department for Levelling Up, Housing & Communities",
            ),
            ("cwac-public-health", "Public Health"),
            // l. 79
            (
                "fraud-prevention-agencies",
                "will be shared with fraud prevention agencies",
            ),
        ],
    );
}

#[test]
fn notice_001_sources() {
    check(
        N001,
        Aspect::Sources,
        &[
            ("data-subject", "We get most of this information from you"),
            (
                "cwac-central-government-agencies",
                "Central Government Agencies",
            ),
            ("cwac-other-local-authorities", "other Local Authorities"),
            ("cwac-health", "Health and social care provider"),
            (
                "cwac-social-care-providers",
                "Health and social care provider",
            ),
            ("cwac-police-services", "Police and probation services"),
            ("cwac-probation-services", "Police and probation services"),
            ("members-of-the-public", "members of the public (referrer)"),
            ("cwac-commissioned-services", "commissioned partners"),
            ("family-members", "family members"),
        ],
    );
}

#[test]
fn fraud_prevention_agencies_have_stated_purposes() {
    // 001 l. 79 and 003 l. 106: "… shared with fraud prevention agencies who will use it to
    // prevent fraud and money-laundering and to verify your identity." The purposes are stated
    // for this recipient; categories and bases are not.
    let m = model();
    let fraud = m.party("fraud-prevention-agencies").expect("party");
    for id in [N001, N003] {
        let six = m.service(id).expect("service");
        let flows: Vec<_> = m
            .flows
            .iter()
            .filter(|f| f.service == six && f.party == fraud && f.direction() == Direction::To)
            .collect();
        assert_eq!(
            flows.len(),
            1,
            "{id}: one flow to fraud prevention agencies"
        );
        let f = flows[0];
        assert_eq!(f.provenances().purposes, Provenance::Stated, "{id}");
        let purposes = sorted(
            m.purposes_of(f)
                .iter()
                .map(|p| m.vocab.purposes[p.ix()].id.clone()),
        );
        assert_eq!(
            purposes,
            ["fraud-prevention", "identity-verification"],
            "{id}"
        );
        assert_eq!(f.provenances().categories, Provenance::Implied, "{id}");
        assert_eq!(f.provenances().bases, Provenance::Implied, "{id}");
    }
}

#[test]
fn notice_001_categories() {
    check(
        N001,
        Aspect::Categories,
        &[
            ("name", "your name, address, picture or date of birth"),
            ("address", "your name, address, picture or date of birth"),
            ("visual-image", "picture"),
            ("date-of-birth", "date of birth"),
            ("identifiers", "national identifiers"),
            ("nhs-number", "NHS number"),
            ("upn", "Unique Pupil Number"),
            ("family", "information about your family"),
            ("lifestyle-social", "lifestyle and social circumstances"),
            ("financial", "financial details"),
            ("employment", "employment and education details"),
            ("education", "employment and education details"),
            ("housing", "details about your housing needs"),
            ("referral", "intervention status and reason(s) for referral"),
            ("physical-health", "physical or mental health details"),
            ("mental-health", "physical or mental health details"),
            ("racial-ethnic-origin", "racial or ethnic origin"),
        ],
    );
}

#[test]
fn notice_001_declared_special() {
    check(
        N001,
        Aspect::DeclaredSpecial,
        &[
            ("physical-health", "physical or mental health details"),
            ("mental-health", "physical or mental health details"),
            ("racial-ethnic-origin", "racial or ethnic origin"),
        ],
    );
}

#[test]
fn notice_001_bases() {
    check(
        N001,
        Aspect::Bases,
        &[
            (
                "a6-1-e",
                "General Data Protection Legislation Article 6 part e",
            ),
            // Art. 6(1) has no point (g).
            (
                "unresolved: General Data Protection Legislation Article 6 Part g",
                "Article 6 Part g",
            ),
            (
                "sch1-para36",
                "Data Protection Act 2018 Schedule 1 Part 3 Paragraph 36",
            ),
        ],
    );
}

#[test]
fn notice_001_legislation() {
    check(
        N001,
        Aspect::Legislation,
        &[
            (
                "digital-economy-act-2017 [] exact",
                "The Digital Economy Act 2017",
            ),
            ("children-act-2004 [] corrected", "The Children’s Act 2004"),
            // An abbreviated title: not the registry's "National Health Service Act 2006".
            (
                "national-health-service-act-2006 [] corrected",
                "The NHS Act 2006",
            ),
            (
                "children-and-families-act-2014 [] corrected",
                "The Children’s and Families Act 2014",
            ),
            (
                "crime-and-disorder-act-1998 [] exact",
                "The Crime and Disorder Act 1998",
            ),
            ("education-act-2002 [] exact", "The Education Act 2002"),
            ("localism-act-2011 [] exact", "The Localism Act 2011"),
            (
                "local-government-act-2000 [] exact",
                "Local Government Act 2000",
            ),
            // No Criminal Justice Act 2002 exists.
            (
                "criminal-justice-act-2003 [] corrected",
                "Criminal Justice Act 2002",
            ),
            (
                "sexual-offences-act-2003 [] exact",
                "Sexual Offences Act 2003",
            ),
            (
                "police-and-criminal-evidence-act-1984 [] exact",
                "Police and Criminal Evidence Act 1984",
            ),
            (
                "children-leaving-care-act-2000 [] exact",
                "The Children (Leaving Care) Act 2000",
            ),
            // A statutory instrument, not an Act.
            (
                "special-educational-needs-and-disability-regulations-2014 [] corrected",
                "Special Educational Needs and Disability Regulations Act 2014",
            ),
            (
                "immigration-and-asylum-act-1999 [] exact",
                "Immigration and Asylum Act 1999",
            ),
            (
                "education-and-skills-act-2008 [] exact",
                "Education and Skills Act 2008",
            ),
            // No Protection of Children Act 1998 exists.
            (
                "protection-of-children-act-1999 [] corrected",
                "Protection of Children Act 1998",
            ),
        ],
    );
}

#[test]
fn notice_001_legislation_corrections_point_at_real_instruments() {
    // The SEND Regulations are a statutory instrument although the notice calls them an Act.
    let m = model();
    let svc = service(N001);
    let send = svc
        .legislation
        .iter()
        .find(|f| f.value.cited.contains("Special Educational Needs"))
        .expect("the SEND citation");
    let l = &m.vocab.legislation[send.value.legislation.expect("resolved").ix()];
    assert_eq!(l.kind, basis::model::LegislationKind::StatutoryInstrument);
    assert_eq!(
        (l.title.as_str(), l.year),
        (
            "Special Educational Needs and Disability Regulations 2014",
            2014
        )
    );
    assert_eq!(send.value.status, CitationStatus::Corrected);
}

#[test]
fn notice_001_retention() {
    check_retention(
        N001,
        &[
            (
                "adult-social-care-users",
                "",
                Period::Years(6),
                "data relating to adult social care will be kept for six years",
            ),
            (
                "looked-after-children",
                "",
                Period::Years(75),
                "data relating to looked after children will be kept for 75 years",
            ),
            (
                "children-with-send",
                "sen",
                Period::Years(31),
                "data relating to special education needs will be kept for 31 years",
            ),
            (
                "children",
                "",
                Period::Years(25),
                "data relating to all other issues relating to children will be kept for 25 years",
            ),
            (
                "vulnerable-adults",
                "",
                Period::Range { min: 10, max: 30 },
                "data relating to the protection of vulnerable adults will be kept between 10 years to 30 years",
            ),
            (
                "",
                "mental-health",
                Period::Years(20),
                "data relating to mental health support will be kept for 20 years",
            ),
            (
                "",
                "",
                Period::Indefinite,
                "may be held in public archives indefinitely",
            ),
        ],
    );
}

#[test]
fn notice_001_rights() {
    // l. 127 only points to the council's pages; l. 134 states the complaint to the ICO.
    check(
        N001,
        Aspect::Rights,
        &[(
            "complain-to-ico",
            "You also have the right to complain to the Information Commissioner’s Office",
        )],
    );
}

#[test]
fn notice_001_stances() {
    // l. 122: the heading "Will my data be transferred abroad?" with nothing under it; nothing on
    // automated decisions.
    assert_eq!(stances(N001), (vec![Stance::NotAnswered], vec![]));
    assert_eq!(
        norm(model().quote(&service(N001).transfers[0].source)),
        "Will my data be transferred abroad?"
    );
}

// ---- 002 Cheshire East Children and Families ---------------------------------------------------

/// l. 47 and l. 55 name a class of partners wider than their examples ("care services" has no
/// example at all). Not in the dataset: proposed id.
const CE_PARTNER_AGENCIES: &str = "ce-partner-agencies";

#[test]
fn notice_002_recipients() {
    check(
        N002,
        Aspect::Internal,
        &[
            // ll. 33–39 "Our main teams include:"
            (
                "ce-preventative-services",
                "preventative Services (Family Service",
            ),
            ("ce-send", "special Education Needs and Disabilities (SEND)"),
            (
                "ce-childrens-social-care",
                "children’s Social Care (including",
            ),
            ("ce-youth-offending-service", "youth Offending Service"),
            (
                "ce-education-support-teams",
                "teams supporting the education function",
            ),
            ("ce-commissioning", "commissioning"),
            (
                "ce-other-internal-teams",
                "other internal teams who provide service to children and young people",
            ),
            // ll. 40–46 "the following teams may also have access to information:"
            ("ce-complaints-team", "complaints Team"),
            ("ce-legal-services", "legal services"),
            ("ce-business-intelligence", "business Intelligence"),
            (
                "ce-information-governance-team",
                "Information Governance Team",
            ),
            ("ce-finance-teams", "finance teams"),
            (
                "ce-supporting-families-data-team",
                "Supporting Families Data Team",
            ),
        ],
    );
    check(
        N002,
        Aspect::Recipients,
        &[
            // l. 47
            (
                CE_PARTNER_AGENCIES,
                "partner agencies from across the education, health, justice and care services",
            ),
            ("ce-schools", "schools"),
            ("ce-colleges", "colleges"),
            ("ce-police", "police"),
            ("ce-health-visitors", "health visitors"),
            ("ce-school-nurses", "school nurses"),
            // l. 48
            (
                "ce-commissioned-providers",
                "providers that we commission to deliver services on our behalf",
            ),
            ("catch-22", "Catch 22"),
            ("ce-childcare-providers", "childcare providers"),
            // l. 49
            ("ce-other-local-authorities", "other local authorities"),
            ("ce-local-government-agencies", "local government agencies"),
            ("ce-central-government", "central government"),
            // l. 22: disclosure to "the Police or other statutory bodies". Not in the dataset:
            // proposed id.
            (
                "ce-statutory-bodies",
                "disclosure is required by the Police or other statutory bodies",
            ),
            // l. 67
            ("ce-foreign-authorities", "liaise with foreign authorities"),
        ],
    );
}

#[test]
fn notice_002_sources() {
    check(
        N002,
        Aspect::Sources,
        &[
            // l. 55: the person themselves, the shared `data-subject` party
            ("data-subject", "information that you have provided us with"),
            // l. 6: "third party - information which doesn't come directly from the person it
            // is about"
            (
                "ce-third-parties",
                "third party - information which doesn't come directly from the person it is about",
            ),
            (
                CE_PARTNER_AGENCIES,
                "seek information partner agencies from across the education, health, justice and care services",
            ),
            ("ce-schools", "schools"),
            ("ce-colleges", "colleges"),
            ("ce-police", "police"),
            ("ce-health-visitors", "health visitors"),
            ("ce-school-nurses", "school nurses"),
            // l. 13
            (
                "ce-health-organisations",
                "things that other organisations (such as health or schools) tell us",
            ),
            // l. 62. Not in the dataset: proposed id.
            (
                "ce-people-and-organisations-known-to-you",
                "seek information related to you from all those people and organisations known to you",
            ),
        ],
    );
}

#[test]
fn notice_002_categories() {
    check(
        N002,
        Aspect::Categories,
        &[
            // l. 4
            ("name", "name"),
            ("date-of-birth", "date of birth"),
            ("gender", "gender"),
            ("upn", "unique pupil number"),
            ("nhs-number", "NHS number"),
            ("ni-number", "National Insurance number"),
            ("address", "address and contact details"),
            ("contact", "address and contact details"),
            ("sen", "special educational needs or disabilities"),
            // l. 4 again: disability is data concerning health
            ("disability", "special educational needs or disabilities"),
            // l. 5
            ("racial-ethnic-origin", "ethnicity"),
            ("language", "language"),
            ("physical-health", "physical or mental health"),
            ("mental-health", "physical or mental health"),
            ("religion", "religious or political beliefs"),
            ("political-opinions", "religious or political beliefs"),
            ("criminal-offences", "criminal offences"),
            (
                "benefits",
                "free school meal eligibility and eligibility to other state benefits",
            ),
            // ll. 6, 9–14
            (
                "third-party-information",
                "information which doesn't come directly from the person it is about",
            ),
            ("assessment", "details about your needs"),
            ("family", "details of family relationships"),
            ("relatives-and-carers", "your close relatives and or carers"),
            (
                "service-involvement",
                "details of any other services you are receiving",
            ),
            (
                "contact-records",
                "recordings of any visits or contact you have made or we have made with you",
            ),
            ("legal-status", "your legal status"),
        ],
    );
}

#[test]
fn notice_002_declared_special() {
    // l. 5 says "more sensitive information", never "special category data".
    check::<&str>(N002, Aspect::DeclaredSpecial, &[]);
}

#[test]
fn notice_002_bases() {
    check(
        N002,
        Aspect::Bases,
        &[
            ("a6-1-c", "compliance with a legal obligation"),
            (
                "a6-1-e",
                "tasks carried out in the public interest or in the exercise of official authority",
            ),
            ("a6-1-b", "contract for the supply of services"),
            ("a6-1-a", "consent"),
        ],
    );
}

#[test]
fn notice_002_collects_special_category_data_without_an_art9_condition() {
    // l. 5 collects ethnicity, health, religious and political beliefs and criminal offences
    // (and l. 4 disabilities, which are health data);
    // ll. 21–29 give Art. 6 bases only.
    let m = model();
    let svc = service(N002);
    let special = sorted(
        svc.categories
            .iter()
            .map(|f| &m.vocab.categories[f.value.category.ix()])
            .filter(|c| c.special)
            .map(|c| c.entry.id.clone()),
    );
    assert_eq!(
        special,
        [
            "disability",
            "mental-health",
            "physical-health",
            "political-opinions",
            "racial-ethnic-origin",
            "religion"
        ]
    );
    assert!(
        svc.categories
            .iter()
            .any(|f| m.vocab.categories[f.value.category.ix()].criminal)
    );
    let groups = sorted(
        svc.bases
            .iter()
            .filter_map(|f| f.value.basis)
            .map(|b| m.vocab.bases[b.ix()].group()),
    );
    assert_eq!(
        groups,
        ["art6"],
        "no Art. 9, Art. 10 or Schedule 1 condition"
    );
    assert_eq!(basis_ids(svc), ["a6-1-a", "a6-1-b", "a6-1-c", "a6-1-e"]);
}

#[test]
fn notice_002_legislation() {
    check(
        N002,
        Aspect::Legislation,
        &[(
            "children-act-2004 [s.10] exact",
            "Section 10 of the Children Act 2004",
        )],
    );
}

#[test]
fn notice_002_retention() {
    check_retention(
        N002,
        &[(
            "",
            "",
            Period::Schedule("information asset register".into()),
            "This information is set out in our information asset register",
        )],
    );
}

#[test]
fn notice_002_rights() {
    check(
        N002,
        Aspect::Rights,
        &[
            ("withdraw-consent", "withdrawing your consent"),
            (
                "access",
                "ask for a copy of the information we hold about you",
            ),
            ("rectification", "ask us to correct anything that is wrong"),
        ],
    );
}

#[test]
fn notice_002_stances() {
    // l. 64: no automated decisions; l. 67: transfers may happen, "but safeguards are in place".
    assert_eq!(stances(N002), (vec![Stance::Possible], vec![Stance::None]));
    let t = &service(N002).transfers[0];
    assert!(t.value.safeguards.is_some(), "l. 67 states safeguards");
    assert!(model().quote(&t.source).contains("safeguards are in place"));
}

#[test]
fn storage_systems() {
    // 002 names systems (l. 59); 000, 001 and 003 say where data is kept without naming a
    // system: "within our IT network" (000, l. 86), "securely stored on our network" (001,
    // l. 107) and "stored on systems in the UK" (003, l. 130).
    check(
        N002,
        Aspect::Systems,
        &[
            ("liquid-logic", "Liquid Logic"),
            ("servelec-synergy", "Servelec Synergy"),
            (
                "ce-children-and-young-peoples-database",
                "Children and Young People’s Database",
            ),
        ],
    );
    check(
        N000,
        Aspect::Systems,
        &[(
            "cwac-it-network",
            "Your information will be secured securely within our IT network.",
        )],
    );
    check(
        N003,
        Aspect::Systems,
        &[(
            "cwac-uk-systems",
            "The majority of personal information is stored on systems in the UK",
        )],
    );
    // 001 l. 107 "Your information will be securely stored on our network."
    check(
        N001,
        Aspect::Systems,
        &[(
            "cwac-it-network",
            "Your information will be securely stored on our network.",
        )],
    );
    check::<&str>(N004, Aspect::Systems, &[]);
}

// ---- 003 CWaC corporate Privacy policy ---------------------------------------------------------

#[test]
fn notice_003_recipients() {
    check(
        N003,
        Aspect::Recipients,
        &[
            // l. 94: processors and contractors. Not in the dataset: proposed id.
            (
                "cwac-processors-and-contractors",
                "We use a range of organisations to either store personal information or help deliver our services to you",
            ),
            // l. 106
            (
                "fraud-prevention-agencies",
                "will be shared with fraud prevention agencies",
            ),
        ],
    );
}

#[test]
fn notice_003_sources() {
    check(
        N003,
        Aspect::Sources,
        &[(
            "data-subject",
            "When you fill in a form, register online, contact us, apply for a service or interact with us in any way",
        )],
    );
}

#[test]
fn notice_003_categories() {
    check(
        N003,
        Aspect::Categories,
        &[
            // ll. 19–33
            ("name", "your name, address, date of birth"),
            ("address", "your name, address, date of birth"),
            ("date-of-birth", "your name, address, date of birth"),
            ("visual-image", "Visual images, personal appearance"),
            ("behaviour", "personal appearance and behaviour"),
            ("identifiers", "National identifiers"),
            ("nhs-number", "NHS number"),
            ("ni-number", "National Insurance number"),
            ("family", "Information about your family."),
            ("lifestyle-social", "lifestyle and social circumstances"),
            ("financial", "Financial details"),
            ("employment", "Employment and education details."),
            ("education", "Employment and education details."),
            ("housing", "Details about your housing needs."),
            ("ip-address", "The IP address"),
            ("case-records", "Case file information"),
            (
                "criminal-proceedings",
                "Criminal proceedings, outcomes and sentences",
            ),
            ("physical-health", "Physical or mental health details"),
            ("mental-health", "Physical or mental health details"),
            ("racial-ethnic-origin", "Racial or ethnic origin"),
            ("criminal-offences", "Offences (including alleged offences)"),
            ("alleged-offences", "Offences (including alleged offences)"),
            ("religion", "Religious or other beliefs of a similar nature"),
            // l. 62
            ("health", "health (including biometric or genetic data)"),
            ("biometric", "biometric"),
            ("genetic", "genetic data"),
            ("sexuality", "sex life, sexual orientation"),
            ("political-opinions", "politics"),
            ("trade-union", "trade union membership"),
        ],
    );
}

#[test]
fn notice_003_declared_special() {
    // l. 62 lists the special category data ("your special category information", l. 64):
    // race and ethnic origin are on it beside health, sex life and the rest.
    let l62 = "When we collect data about your race, health (including biometric or genetic data), sex life, sexual orientation, ethnic origin, politics or trade union membership";
    check(
        N003,
        Aspect::DeclaredSpecial,
        &[
            ("racial-ethnic-origin", l62),
            ("health", l62),
            ("biometric", l62),
            ("genetic", l62),
            ("sexuality", l62),
            ("political-opinions", l62),
            ("trade-union", l62),
        ],
    );
}

#[test]
fn notice_003_bases() {
    check(
        N003,
        Aspect::Bases,
        &[
            // ll. 55–60, Art. 6
            ("a6-1-a", "have given consent"),
            ("a6-1-b", "you have entered into a contract with us"),
            ("a6-1-c", "to perform our legal obligations"),
            ("a6-1-d", "(Vital Interests)"),
            ("a6-1-e", "(Public Task)"),
            ("a6-1-f", "(Legitimate Interests)"),
            // ll. 64–73, Art. 9
            ("a9-2-a", "your explicit consent"),
            ("a9-2-b", "employment, social security or social protection"),
            ("a9-2-c", "protect your vital interests"),
            // l. 67: Art. 9 has no legitimate-interests condition.
            (
                "unresolved: Is necessary for us to have the information to conduct our legitimate business for non-statutory services (Legitimate Interests)",
                "(Legitimate Interests)",
            ),
            ("a9-2-e", "(In the Public Domain)"),
            ("a9-2-f", "defend a legal claim"),
            ("a9-2-g", "(Substantial Public Interest)"),
            ("a9-2-h", "health or social care services"),
            ("a9-2-i", "protect public health"),
            ("a9-2-j", "archiving, research, or statistical purposes"),
        ],
    );
}

#[test]
fn notice_003_legislation() {
    check(
        N003,
        Aspect::Legislation,
        &[
            // "the General Data Protection Regulation": in the UK, the UK GDPR.
            (
                "uk-gdpr [art.5(1)(e)] corrected",
                "Principle (e) of the General Data Protection Regulation",
            ),
            // No year: not the registry's title "Freedom of Information Act 2000".
            (
                "freedom-of-information-act-2000 [s.46] corrected",
                "Section 46 of the Freedom of Information Act",
            ),
            // No year and several Local Government Acts.
            (
                "unresolved [s.22] unresolved",
                "Section 22 of the Local Government Act",
            ),
        ],
    );
}

#[test]
fn notice_003_retention() {
    check_retention(
        N003,
        &[(
            "",
            "",
            Period::Schedule("Retention Schedules".into()),
            "Information on this is stored in our Retention Schedules",
        )],
    );
}

#[test]
fn notice_003_rights() {
    check(
        N003,
        Aspect::Rights,
        &[
            ("access", "Your right of access"),
            ("rectification", "Your right to rectification"),
            ("erasure", "Your right to erasure"),
            ("restriction", "Your right to restriction of processing"),
            ("objection", "Your right to object to processing"),
            ("portability", "Your right to data portability"),
        ],
    );
}

#[test]
fn notice_003_stances() {
    // ll. 130–136: information "may leave the UK", with additional protections; nothing on
    // automated decisions.
    assert_eq!(stances(N003), (vec![Stance::Possible], vec![]));
    let t = &service(N003).transfers[0];
    assert!(
        t.value.safeguards.is_some(),
        "ll. 132–136 state protections"
    );
    assert!(model().quote(&t.source).contains("may leave the UK"));
}

// ---- 004 Achieving for Children Early Help Hub -------------------------------------------------

#[test]
fn notice_004_recipients() {
    check(
        N004,
        Aspect::Internal,
        &[(
            "afc-other-teams",
            "other teams within Achieving for Children",
        )],
    );
    check(
        N004,
        Aspect::Recipients,
        &[
            ("afc-social-care-services", "Social Care Services"),
            ("thames-valley-police", "Thames Valley Police"),
            ("afc-health-services", "Health services"),
            ("afc-probation-services", "Probation services"),
            ("afc-education-and-schools", "Education and schools"),
            ("afc-housing-services", "Housing services"),
            (
                "afc-camhs",
                "Child and Adolescent Mental Health Services (CAMHS)",
            ),
            ("afc-targeted-support-services", "Targeted Support services"),
            ("afc-youth-offending-services", "Youth Offending services"),
            // l. 33: the statistical returns go to them
            (
                "afc-government-departments",
                "Complete statistical returns to Government departments",
            ),
            (
                "royal-borough-of-windsor-and-maidenhead",
                "our Commissioners (Windsor and Maidenhead Council)",
            ),
        ],
    );
}

#[test]
fn notice_004_sources() {
    check(
        N004,
        Aspect::Sources,
        &[
            (
                "afc-referrers",
                "We collect personal information from referrals",
            ),
            ("afc-parents-and-carers", "parents/carers"),
            ("data-subject", "where possible young people"),
        ],
    );
}

#[test]
fn notice_004_categories() {
    check(
        N004,
        Aspect::Categories,
        &[
            // l. 17
            (
                "name",
                "names of children in the household, parent and guardian names",
            ),
            ("household", "names of children in the household"),
            ("relatives-and-carers", "parent and guardian names"),
            ("private-fostering", "private fostering arrangements"),
            ("telephone", "telephone numbers"),
            ("email", "email addresses"),
            ("address", "home addresses"),
            // l. 18
            ("racial-ethnic-origin", "ethnicity"),
            ("physical-health", "physical and mental health information"),
            ("mental-health", "physical and mental health information"),
            // ll. 19–21, 27
            ("safeguarding", "Safeguarding information"),
            ("school-attendance", "School Attendance information"),
            ("behaviour", "Behavioural information"),
            ("referral", "referral information"),
        ],
    );
}

#[test]
fn notice_004_declared_special() {
    check(
        N004,
        Aspect::DeclaredSpecial,
        &[
            (
                "racial-ethnic-origin",
                "Special category data (such as ethnicity",
            ),
            ("physical-health", "physical and mental health information"),
            ("mental-health", "physical and mental health information"),
        ],
    );
}

#[test]
fn notice_004_bases() {
    check(
        N004,
        Aspect::Bases,
        &[
            ("a6-1-a", "We rely on your consent"),
            // "explicit consent" in the lawful-basis section: the Art. 9(2)(a) condition.
            ("a9-2-a", "explicit consent"),
        ],
    );
}

#[test]
fn notice_004_legislation() {
    check(
        N004,
        Aspect::Legislation,
        &[(
            "data-protection-act-2018 [] exact",
            "Data Protection Act 2018",
        )],
    );
}

#[test]
fn notice_004_retention() {
    check_retention(
        N004,
        &[(
            "",
            "",
            Period::Schedule("retention schedule".into()),
            "in accordance with our retention schedule",
        )],
    );
}

#[test]
fn notice_004_rights() {
    check(
        N004,
        Aspect::Rights,
        &[
            ("access", "the right to request access"),
            (
                "objection",
                "object to processing of personal data that is likely to cause, or is causing, damage or distress",
            ),
            ("rectification", "rectified"),
            ("restriction", "blocked"),
            ("erasure", "erased"),
            (
                "direct-marketing-objection",
                "prevent processing for the purpose of direct marketing",
            ),
            (
                "automated-decision",
                "object to decisions being taken by automated means",
            ),
            ("complain-to-ico", "through the ICO"),
            ("judicial-remedy", "through the courts"),
        ],
    );
}

#[test]
fn notice_004_stances() {
    // Silent on transfers; l. 80 is a right, not a statement about automated decisions.
    assert_eq!(stances(N004), (vec![], vec![]));
}

// ---- organisations -----------------------------------------------------------------------------

#[test]
fn ico_registration_only_where_stated() {
    // Only 004 (l. 9) states a registration number.
    let m = model();
    let org = |id: &str| &m.orgs[m.org(id).expect("org").ix()];
    let afc = org("achieving-for-children")
        .ico_registration
        .as_ref()
        .expect("004 l. 9 states the registration");
    assert_eq!(afc.value, "ZA045069");
    assert_eq!(m.notices[afc.source.notice.ix()].id, "afc-early-help-hub");
    assert!(
        model()
            .quote(&afc.source)
            .contains("Registration number ZA045069")
    );
    assert!(org("cheshire-west").ico_registration.is_none());
    assert!(org("cheshire-east").ico_registration.is_none());
}

#[test]
fn org_contacts() {
    // CWaC gives two DPO postal addresses: The Portal (000 l. 106, 003 l. 13) and 4 Civic Way
    // (001 l. 131). 003 also gives a phone number (l. 148). AfC gives an email (004 ll. 83, 87).
    // Cheshire East gives no contact (002). The ICO's details, given for complaints by 001
    // (ll. 136–137) and 003 (ll. 152–154), are contacts with role `ico`.
    let m = model();
    let contacts = |org: &str| {
        let o = &m.orgs[m.org(org).expect("org").ix()];
        sorted(o.contacts.iter().map(|f| {
            let c = &f.value;
            let notice = &m.notices[f.source.notice.ix()].id;
            format!("{notice} {} {}: {}", c.role, c.kind, c.value)
        }))
    };
    const PORTAL: &str =
        "Data Protection Officer, The Portal, Wellington Road, Ellesmere Port, CH65 0BA";
    const CIVIC_WAY: &str = "Data Protection Officer, 4 Civic Way, Ellesmere Port, CH65 0BE";
    assert_eq!(
        contacts("cheshire-west"),
        sorted([
            "cwac-early-help dpo online: Contact the DPO".to_string(),
            format!("cwac-early-help dpo post: {PORTAL}"),
            "cwac-supporting-families dpo online: Contact the DPO".to_string(),
            format!("cwac-supporting-families dpo post: {CIVIC_WAY}"),
            "cwac-privacy-policy dpo online: Contact the DPO".to_string(),
            format!("cwac-privacy-policy dpo post: {PORTAL}"),
            "cwac-privacy-policy dpo phone: 0752 3515 474".to_string(),
            "cwac-supporting-families ico post: The Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF".to_string(),
            "cwac-supporting-families ico phone: 0303 123 1113".to_string(),
            "cwac-privacy-policy ico post: Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF".to_string(),
            "cwac-privacy-policy ico phone: 0303 123 1113 (local rate) or 01625 545 745 (national rate)".to_string(),
            "cwac-privacy-policy ico email: casework@ico.org.uk".to_string(),
        ])
    );
    assert_eq!(
        contacts("achieving-for-children"),
        [
            "afc-early-help-hub dpo email: dpo@achievingforchildren.org.uk",
            "afc-early-help-hub ico online: https://ico.org.uk/concerns/",
        ]
    );
    assert!(contacts("cheshire-east").is_empty());
}

// ---- every quote, checked without the loader ---------------------------------------------------

#[test]
fn every_quote_is_verbatim_in_its_notice() {
    let m = model();
    let texts: Vec<String> = m
        .notices
        .iter()
        .map(|n| norm(&notice_text(&n.file)))
        .collect();
    // (what, notice, wording)
    let mut quotes: Vec<(String, basis::model::NoticeIx, &str)> = Vec::new();
    let mut add = |what: String, source: &'static basis::model::Source| {
        quotes.push((what, source.notice, model().quote(source)));
    };
    for o in &m.orgs {
        if let Some(r) = &o.ico_registration {
            add(format!("{} registration", o.id), &r.source);
        }
        for c in &o.contacts {
            add(format!("{} contact {}", o.id, c.value.value), &c.source);
        }
    }
    for s in &m.services {
        let id = &s.id;
        add(id.clone(), &s.source);
        macro_rules! each {
            ($($field:ident),*) => {$(
                for (i, f) in s.$field.iter().enumerate() {
                    add(format!("{id} {}[{i}]", stringify!($field)), &f.source);
                }
            )*};
        }
        each!(
            subjects,
            categories,
            purposes,
            bases,
            legislation,
            systems,
            rights,
            security,
            transfers,
            automated,
            requirements,
            research,
            notes
        );
    }
    for (i, f) in m.flows.iter().enumerate() {
        add(
            format!("flow[{i}] {}", m.parties[f.party.ix()].id),
            &f.source,
        );
    }
    for (i, r) in m.retention.iter().enumerate() {
        add(format!("retention[{i}]"), &r.source);
    }
    for sys in &m.systems {
        add(format!("system {}", sys.id), &sys.source);
    }
    // The `cited` wording of bases and legislation is the notice's too.
    for s in &m.services {
        for (i, f) in s.bases.iter().enumerate() {
            let what = format!("{} bases[{i}] cited", s.id);
            quotes.push((what, f.source.notice, &f.value.cited));
        }
        for (i, f) in s.legislation.iter().enumerate() {
            let what = format!("{} legislation[{i}] cited", s.id);
            quotes.push((what, f.source.notice, &f.value.cited));
        }
    }

    assert!(quotes.len() > 500, "walked {} quotes", quotes.len());
    let bad: Vec<String> = quotes
        .iter()
        .filter(|(_, notice, q)| {
            let q = norm(q);
            q.is_empty() || !texts[notice.ix()].contains(&q)
        })
        .map(|(what, notice, q)| format!("{what} ({}): {q:?}", m.notices[notice.ix()].file))
        .collect();
    assert!(bad.is_empty(), "quotes not in their notice: {bad:#?}");
}

// ---- issue 10: corrections, each pinned to the notice's words ---------------------------------

/// Runs a query on the built-in data and returns the values of `column`, sorted and distinct.
fn column(query: &str, column: &str) -> Vec<String> {
    let m = model();
    let p = basis::plan(&basis::parse(query).expect("parses"), m).expect("plans");
    let t = &basis::execute(&p, m).expect("runs")[0];
    let i = t
        .columns
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", t.columns));
    sorted(t.rows.iter().map(|r| match &r[i] {
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    }))
}

#[test]
fn notice_002_disability_is_special_category_health_data() {
    // l. 4: "any special educational needs or disabilities". Disability is data concerning
    // health (UK GDPR Art. 9(1)), so special, beside the educational need.
    let frag = "any special educational needs or disabilities";
    assert!(norm(&notice_text("002_c542209e9805e897.txt")).contains(&norm(frag)));
    let svc = service(N002);
    let m = model();
    let f = svc
        .categories
        .iter()
        .find(|f| m.vocab.categories[f.value.category.ix()].entry.id == "disability")
        .expect("002 collects disability");
    assert!(m.quote(&f.source).contains(frag));
    assert!(m.vocab.categories[f.value.category.ix()].special);
    assert_eq!(
        column(
            "categories where service = ce-children-and-families and category in health show category",
            "category"
        ),
        ["disability", "mental-health", "physical-health"]
    );
}

#[test]
fn notice_002_subjects_stated_and_inferred() {
    // l. 22 states "Cheshire East children including those children placed out of authority";
    // l. 35 names teams for "Children in Need or Child Protection, Children with Disabilities,
    // Cared for Children and Care Leavers": the children they serve are the encoder's reading.
    let text = norm(&notice_text("002_c542209e9805e897.txt"));
    for frag in [
        "children placed out of authority",
        "Children in Need or Child Protection, Children with Disabilities, Cared for Children and Care Leavers",
    ] {
        assert!(text.contains(&norm(frag)), "{frag}");
    }
    let q = |prov: &str| {
        column(
            &format!(
                "subjects where service = ce-children-and-families and provenance = {prov} and subject in children show subject"
            ),
            "subject",
        )
    };
    assert_eq!(q("stated"), ["children", "children-placed-out-of-area"]);
    assert_eq!(
        q("inferred"),
        [
            "care-leavers",
            "children-in-need",
            "children-with-send",
            "looked-after-children"
        ]
    );
    // Every inferred subject says why.
    let svc = service(N002);
    for f in svc
        .subjects
        .iter()
        .filter(|f| f.provenance == Provenance::Inferred)
    {
        assert!(f.note.as_deref().is_some_and(|n| n.contains("team")));
    }
    // `subject in looked-after-children` now finds 002.
    assert!(
        column(
            "subjects where subject in looked-after-children show org",
            "org"
        )
        .contains(&"cheshire-east".to_string())
    );
}

#[test]
fn notice_004_art_9_2_a_is_inferred_with_its_reason() {
    // l. 39: "There may be a delay in accessing services without your explicit consent." The
    // notice cites no Art. 9 condition; explicit consent is the Art. 9(2)(a) wording.
    let frag = "There may be a delay in accessing services without your explicit consent.";
    assert!(norm(&notice_text("004_a643f75bf518eedc.txt")).contains(&norm(frag)));
    assert_eq!(
        column(
            "bases where org = achieving-for-children and provenance = inferred show basis",
            "basis"
        ),
        ["UK GDPR Art. 9(2)(a)"]
    );
    assert_eq!(
        column(
            "bases where org = achieving-for-children and basis is stated show basis",
            "basis"
        ),
        ["UK GDPR Art. 6(1)(a)"]
    );
    let notes = column(
        "bases where org = achieving-for-children and basis is inferred show note",
        "note",
    );
    assert!(notes[0].contains("explicit consent"), "{notes:?}");
    // Flows that carry the service's bases carry the inference with them.
    assert_eq!(
        column(
            "recipients where org = achieving-for-children and basis = art 9(2)(a) and basis is implied",
            "recipient"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn internal_teams_are_not_recipients() {
    // 002 ll. 32–46 lists the council's own teams ("Our main teams include", "the following
    // teams may also have access"): 13 of them. A team is part of the controller, not a
    // recipient (UK GDPR Art. 4(9)).
    let internal = column(
        "flows where org = cheshire-east and direction = internal show party",
        "party",
    );
    assert_eq!(internal.len(), 13);
    assert!(internal.contains(&"ce-legal-services".to_string()));
    let recipients = column(
        "recipients where org = cheshire-east show recipient",
        "recipient",
    );
    assert!(recipients.iter().all(|r| !internal.contains(r)));
    assert!(recipients.contains(&"catch-22".to_string()));
    let types = column(
        "recipients where org in (cheshire-east, cheshire-west, achieving-for-children) show party.type",
        "party.type",
    );
    assert!(
        !types.iter().any(|t| t.contains("internal-team")),
        "{types:?}"
    );
    // The ROPA's recipients column follows.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_basis"))
        .args([
            "report",
            "ropa",
            "--org",
            "cheshire-east",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&o.stdout);
    assert!(csv.contains("Catch 22"));
    assert!(!csv.contains("Legal services"), "{csv}");
}

#[test]
fn commissioned_means_what_the_notices_call_commissioned() {
    // 000 l. 70 "commissioned services including – drug and alcohol services, Cheshire and
    // Greater Manchester Community Rehabilitation Company National Probation service"; l. 72
    // "services commissioned by Early Help and Prevention including Core Assets"; 002 l. 48
    // "providers that we commission … eg, Catch 22, or contract with to deliver government
    // funded services, eg. childcare providers"; 003 l. 94 organisations that "help deliver our
    // services". 001's "substance misuse services" (l. 66) are not said to be commissioned.
    let text = norm(&notice_text("000_58085d3b1e97ac82.txt"));
    assert!(text.contains(&norm(
        "commissioned services including – drug and alcohol services"
    )));
    assert_eq!(
        column(
            "parties where party.type in commissioned-provider show party",
            "party"
        ),
        [
            "catch-22",
            "ce-childcare-providers",
            "ce-commissioned-providers",
            "cheshire-and-greater-manchester-community-rehabilitation-company",
            "core-assets",
            "cwac-commissioned-services",
            "cwac-drug-and-alcohol-services",
            "cwac-early-help-commissioned-services",
            "cwac-processors-and-contractors",
            "national-probation-service",
        ]
        .into_iter()
        // The shared vocabulary of common bodies (issue 22) holds one such class, which no
        // built-in notice names.
        .chain(["contractors-and-processors"])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // The probation bodies keep their own type too.
    assert!(
        column(
            "recipients where party.type in probation-justice and party.type in commissioned-provider show recipient",
            "recipient"
        )
        .contains(&"national-probation-service".to_string())
    );
    assert_eq!(
        column(
            "recipients where service = cwac-supporting-families and party.type in substance-misuse show recipient",
            "recipient"
        ),
        ["cwac-substance-misuse-services"]
    );
}

#[test]
fn the_person_themselves_is_one_party_for_every_organisation() {
    // 000 l. 17 "We get most of this information from you", 002 l. 55 "information that you
    // have provided us with", 004 l. 25 "where possible young people".
    assert_eq!(
        column(
            "sources where party = data-subject and org in (cheshire-west, cheshire-east, achieving-for-children) show org",
            "org"
        ),
        ["achieving-for-children", "cheshire-east", "cheshire-west"]
    );
}

#[test]
fn an_unresolved_citation_groups_under_its_own_words() {
    // 003 l. 144 "Section 22 of the Local Government Act" names no year: unresolved, and a
    // `by legislation` group keeps its words instead of a blank.
    let groups = column("count legislation by legislation", "legislation");
    assert!(
        groups
            .iter()
            .all(|g| !g.is_empty() && g != "null" && g != "∅"),
        "{groups:?}"
    );
    assert!(groups.contains(&"unresolved: Section 22 of the Local Government Act".to_string()));
}

#[test]
fn a_guessed_instrument_is_inferred() {
    // 000 l. 56 cites the "Equality Act 2005" and 001 l. 96 the "Criminal Justice Act 2002":
    // neither exists, so which Act was meant (2010, 2003) is the encoder's reading. A wrong
    // title with the instrument still clear ("Children's Act 1989") stays stated.
    for (file, frag) in [
        ("000_58085d3b1e97ac82.txt", "Equality Act 2005"),
        ("001_0764cacbdc86aeca.txt", "Criminal Justice Act 2002"),
    ] {
        assert!(norm(&notice_text(file)).contains(&norm(frag)), "{frag}");
    }
    assert_eq!(
        column(
            "legislation where org = cheshire-west and provenance = inferred show legislation",
            "legislation"
        ),
        [
            "criminal-justice-act-2003",
            "equality-act-2010",
            // 001's "Protection of Children Act 1998": two Acts have the title, none the year.
            "protection-of-children-act-1999",
        ]
    );
}

#[test]
fn listings_name_each_value_once_and_never_blank() {
    // One of Cheshire West's services lists `service-involvement` twice (issue 9); 003 l. 144
    // cites "Section 22 of the Local Government Act" with no year (unresolved).
    let m = model();
    let p = basis::plan(
        &basis::parse("services where org = cheshire-west show service, category").expect("parses"),
        m,
    )
    .expect("plans");
    let t = &basis::execute(&p, m).expect("runs")[0];
    let cat = t
        .columns
        .iter()
        .position(|c| c == "category")
        .expect("category");
    for r in &t.rows {
        let values: Vec<String> = match &r[cat] {
            serde_json::Value::Array(a) => a.iter().map(|v| v.to_string()).collect(),
            v => vec![v.to_string()],
        };
        assert_eq!(sorted(values.clone()).len(), values.len(), "{r:?}");
    }
    let p = basis::plan(
        &basis::parse("legislation where org = cheshire-west by org").expect("parses"),
        m,
    )
    .expect("plans");
    let t = &basis::execute(&p, m).expect("runs")[0];
    let l = t
        .columns
        .iter()
        .position(|c| c == "legislation")
        .expect("legislation");
    let serde_json::Value::Array(list) = &t.rows[0][l] else {
        panic!("a list: {:?}", t.rows[0][l]);
    };
    assert!(
        list.iter()
            .all(|v| v.as_str().is_some_and(|s| !s.is_empty())),
        "{list:?}"
    );
    assert!(list.contains(&serde_json::json!(
        "unresolved: Section 22 of the Local Government Act"
    )));
}
