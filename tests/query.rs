//! The brief's example queries against the built-in datasets, with answers derived by hand from
//! the notices (each test says how), plus golden snapshots of every `tests/cases/query/*.q`.

use basis::model::Model;
use basis::output::{Format, Table, cell_text, render};
use std::collections::BTreeSet;

/// The three real organisations, by id: the datasets may hold more.
const THREE_IDS: [&str; 3] = ["cheshire-west", "cheshire-east", "achieving-for-children"];
/// The condition that selects them.
const THREE: &str = "org in (cheshire-west, cheshire-east, achieving-for-children)";

/// The three real organisations alone (see [`crate::fourth_org::three_orgs_model`]): every
/// expectation of this module is about them, so an organisation added to `datasets/` changes
/// none of them.
fn model() -> &'static Model {
    crate::fourth_org::three_orgs_model()
}

/// Runs a query that must succeed and returns its one table.
pub(crate) fn run(q: &str) -> Table {
    let m = model();
    let query = basis::parse(q).unwrap_or_else(|e| panic!("{q}: {}", e.render(q, false)));
    let plan = basis::plan(&query, m).unwrap_or_else(|e| panic!("{q}: {}", e.render(q, false)));
    let mut tables = basis::execute(&plan, m).expect("executes");
    assert_eq!(tables.len(), 1);
    tables.remove(0)
}

/// The cells of column `name`, as text.
fn col(t: &Table, name: &str) -> Vec<String> {
    let i = t
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", t.columns));
    t.rows.iter().map(|r| cell_text(&r[i])).collect()
}

pub(crate) fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn col_set(t: &Table, name: &str) -> BTreeSet<String> {
    col(t, name).into_iter().collect()
}

/// Notice 000 ("Who will my information be shared with?") lists 13 bullets naming 28 recipients
/// (classes and each organisation they name); it cites "Article 9 Part h" for the service as a
/// whole. Notice 003 (corporate) cites "We need it to deliver health or social care services"
/// among its Art. 9 conditions, collects "Physical or mental health details" and shares with
/// fraud prevention agencies. 001, 002 and 004 cite no Art. 9(2)(h).
///
/// 000's first bullet, "Cheshire West and Chester Council services, including: education,
/// children’s social care, housing solutions, adult social care", names the controller's own
/// services: sharing within the controller, not with a recipient (UK GDPR Art. 4(9)), so those
/// five are not here (`flows where direction = internal` lists them).
const HEALTH_9_2_H: &[&str] = &[
    "cheshire-police",
    "department-for-work-and-pensions",
    "cheshire-and-wirral-partnership-nhs-foundation-trust",
    "cwac-local-clinical-commissioning-groups",
    "gps",
    // "local hospitals, including the Countess of Chester and Leighton"
    "cwac-local-hospitals",
    "countess-of-chester-hospital",
    "leighton-hospital",
    // "121 midwives"
    "one-to-one-midwives",
    // "commissioned services including – drug and alcohol services, Cheshire and Greater
    // Manchester Community Rehabilitation Company National Probation service housing agencies,
    // including - Muir Housing, Sanctuary Housing, Weaver Vale Housing Trust, ForFutures"
    "cwac-commissioned-services",
    "cwac-drug-and-alcohol-services",
    "cheshire-and-greater-manchester-community-rehabilitation-company",
    "national-probation-service",
    "cwac-housing-agencies",
    "muir-housing",
    "sanctuary-housing",
    "weaver-vale-housing-trust",
    "forfutures",
    // "services commissioned by Early Help and Prevention including Core Assets"
    "cwac-early-help-commissioned-services",
    "core-assets",
    // "charity and voluntary agencies e.g. - Cheshire without abuse"
    "cwac-charity-and-voluntary-agencies",
    "cheshire-without-abuse",
    "department-for-communities-and-local-government",
    // 003: "shared with fraud prevention agencies"
    "fraud-prevention-agencies",
    // 003: "We use a range of organisations to either store personal information or help
    // deliver our services to you"
    "cwac-processors-and-contractors",
];

#[test]
fn partners_getting_health_data_under_art_9_2_h() {
    let t = run(&format!(
        "recipients where category in health and basis = art 9(2)(h) and {THREE}"
    ));
    assert_eq!(col_set(&t, "recipient"), set(HEALTH_9_2_H));
    assert_eq!(
        t.rows.len(),
        HEALTH_9_2_H.len(),
        "one row per recipient flow"
    );
    // The notices cite 9(2)(h) for the service as a whole, never for a recipient; "121
    // midwives" is One to One (North West) Ltd only on the encoder's reading (inferred).
    let recipients = col(&t, "recipient");
    for (r, p) in recipients.iter().zip(col(&t, "provenance")) {
        let want = if r == "one-to-one-midwives" {
            "inferred"
        } else {
            "implied"
        };
        assert_eq!(p, want, "{r}");
    }
    // No recipient of a notice that cites no Art. 9(2)(h).
    let orgs = col_set(&t, "org");
    assert_eq!(orgs, set(&["cheshire-west"]));
    assert_eq!(
        col_set(&t, "notice"),
        set(&["cwac-early-help", "cwac-privacy-policy"])
    );
}

#[test]
fn citation_spellings_mean_the_same_basis() {
    let expected = col_set(&run("recipients where basis = art 9(2)(h)"), "recipient");
    for spelling in [
        "Article 9(2)(h)",
        "Art. 9(2)(h)",
        "A9-2-h",
        "\"Article 9 Part h\"",
        "a9-2-h",
    ] {
        let t = run(&format!("recipients where basis = {spelling}"));
        assert_eq!(col_set(&t, "recipient"), expected, "{spelling}");
    }
}

#[test]
fn special_category_recipients_of_cheshire_west_with_reasons() {
    // Every CWaC service collects special category data (000 and 001 list "physical or mental
    // health details" and "racial or ethnic origin" under "special category data"; 003 lists
    // "Physical or mental health details"), so every CWaC recipient flow qualifies: 23 in 000 (28 bodies
    // named, less the council's own five services of the first bullet, which are internal
    // sharing, not recipients),
    // 18 in 001 (15 bullets, "police and fire services" and "probation and HM Prison services"
    // naming two each, plus fraud prevention agencies), 2 in 003 (fraud prevention agencies, and
    // the "range of organisations" that store data or help deliver services).
    let t = run(
        "recipients where org = cheshire-west and category is special show recipient, party.type, service, basis",
    );
    assert_eq!(
        t.columns,
        [
            "recipient",
            "party.type",
            "service",
            "basis",
            "provenance",
            "notice",
            "quote"
        ]
    );
    assert_eq!(t.rows.len(), 43);
    let services = col(&t, "service");
    assert_eq!(
        services
            .iter()
            .filter(|s| *s == "cwac-early-help-and-prevention")
            .count(),
        23
    );
    assert_eq!(
        services
            .iter()
            .filter(|s| *s == "cwac-supporting-families")
            .count(),
        18
    );
    assert_eq!(
        services
            .iter()
            .filter(|s| *s == "cwac-council-services")
            .count(),
        2
    );
    // 000 cites Art. 6(1)(e), Art. 9(2)(h) and Sch. 1 para 36 for the service as a whole.
    let police = t
        .rows
        .iter()
        .find(|r| cell_text(&r[0]) == "cheshire-police")
        .expect("Cheshire police");
    assert_eq!(
        cell_text(&police[3]),
        "UK GDPR Art. 6(1)(e), UK GDPR Art. 9(2)(h), DPA 2018 Sch. 1 Pt. 3 para. 36"
    );
}

#[test]
fn special_category_sharing_per_org_and_partner_type() {
    // Every service of the three notices collects special category data (002: "physical or
    // mental health"; 004: "Special category data (such as ethnicity, physical and mental health
    // information)"), so every flow counts: CWaC 48 + 11, CE 27 + 10 (002's "third party" is
    // a source), AfC 12 + 3 (004's statistical returns go to "Government departments"). A flow
    // counts once in each type of its party: three of 000's recipients (the CRC, the National
    // Probation Service, drug and alcohol services) are also commissioned providers, so CWaC's
    // groups add up to 59 + 3.
    let t = run("count flows where category is special by org, party.type");
    assert_eq!(t.columns, ["org", "party.type", "count"]);
    let mut per_org = std::collections::BTreeMap::new();
    for r in &t.rows {
        *per_org.entry(cell_text(&r[0])).or_insert(0) += r[2].as_u64().expect("count");
    }
    per_org.retain(|org, _| THREE_IDS.contains(&org.as_str()));
    let expected: std::collections::BTreeMap<String, u64> = [
        ("achieving-for-children", 15),
        ("cheshire-east", 37),
        ("cheshire-west", 62),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(per_org, expected);
}

#[test]
fn kinds_of_partner_each_org_names() {
    let t = run("compare party.type across cheshire-west, cheshire-east, achieving-for-children");
    assert_eq!(
        t.columns,
        [
            "party.type",
            "cheshire-west",
            "cheshire-east",
            "achieving-for-children"
        ]
    );
    let row = |ty: &str| -> Vec<u64> {
        let r = t
            .rows
            .iter()
            .find(|r| cell_text(&r[0]) == ty)
            .unwrap_or_else(|| panic!("no row {ty}"));
        r[1..].iter().map(|v| v.as_u64().expect("count")).collect()
    };
    // Police: CWaC 000 "Cheshire police", 001 "police and fire services" (recipient) and
    // "Police and probation services" (source); CE "police" as recipient and as source;
    // AfC "Thames Valley Police".
    assert_eq!(row("police"), [3, 2, 1]);
    // Fraud prevention agencies: CWaC 001 and 003 only.
    assert_eq!(row("fraud-prevention"), [2, 0, 0]);
    // Foreign authorities: only CE ("liaise with foreign authorities").
    assert_eq!(row("foreign-authority"), [0, 1, 0]);
}

#[test]
fn retention_for_childrens_records_longest_first() {
    // 001: looked after children 75 years, special education needs 31 years, "all other issues
    // relating to children" 25 years; 000: collected before 18, until age 25. Rules of 002, 003
    // and 004 point to schedules and name no subject.
    let t = run("retention where subject in children order by duration desc");
    assert_eq!(
        col(&t, "duration"),
        ["75 years", "31 years", "25 years", "until age 25"]
    );
    assert_eq!(
        col(&t, "subject"),
        [
            "looked-after-children",
            "children-with-send",
            "children",
            "children"
        ]
    );
}

#[test]
fn special_category_processing_without_an_art_9_condition() {
    // 002 collects "physical or mental health, religious or political beliefs" and cites only
    // Art. 6 bases; 001 lists special category data and cites Art. 6(1)(e), a non-existent
    // "Article 6 Part g" and Sch. 1 para 36, no Art. 9 condition. 000 cites 9(2)(h), 003 lists
    // Art. 9 conditions, 004 relies on explicit consent (9(2)(a)).
    let t = run("services where category is special and missing basis in art 9");
    assert_eq!(
        col_set(&t, "service"),
        set(&["ce-children-and-families", "cwac-supporting-families"])
    );
}

#[test]
fn where_cheshire_west_gets_its_data() {
    // 001: "We get most of this information from you, but we may also get some of this data
    // from:" seven bullets, two of which name two kinds of body; 003: "When you fill in a form …".
    let t = run("sources where org = cheshire-west");
    assert_eq!(t.rows.len(), 11);
    assert_eq!(
        col_set(&t, "source"),
        set(&[
            "data-subject",
            "cwac-central-government-agencies",
            "cwac-other-local-authorities",
            "cwac-health",
            "cwac-social-care-providers",
            "cwac-police-services",
            "cwac-probation-services",
            "members-of-the-public",
            "cwac-commissioned-services",
            "family-members",
        ])
    );
}

#[test]
fn acts_cheshire_east_relies_on() {
    // 002 names one Act: "Section 10 of the Children Act 2004".
    let t = run("legislation where org = cheshire-east");
    assert_eq!(col(&t, "legislation"), ["children-act-2004"]);
    assert_eq!(col(&t, "section"), ["s.10"]);
    assert_eq!(col(&t, "status"), ["exact"]);
}

#[test]
fn how_data_travels_from_cheshire_west_to_the_dfe() {
    // 001 lists "The Department for Education" among the partners of Supporting Families.
    let t = run("path from cheshire-west to \"Department for Education\"");
    assert_eq!(
        col(&t, "path")[0],
        "cheshire-west → cwac-supporting-families → department-for-education"
    );
    assert_eq!(col(&t, "flows")[0], "1");
    // With one flow at most, only the direct path is left.
    let t = run("path from cheshire-west to department-for-education max 1");
    assert_eq!(
        col(&t, "path"),
        ["cheshire-west → cwac-supporting-families → department-for-education"]
    );
}

#[test]
fn a_route_as_short_as_another_comes_from_the_smaller_id() {
    // The DWP is named by 000 (Early Help and Prevention, line 64) and 001 (Supporting
    // Families, line 70); fraud prevention agencies by 001 (line 79) and 003 (the council's
    // privacy policy, line 106): one flow from Cheshire West either way, so the step before is
    // the service whose id comes first in byte order (docs/language.md, "Paths").
    let t = run("recipients reachable from cheshire-west max 1");
    let via = |node: &str| -> String {
        let at = col(&t, "node").iter().position(|n| n == node);
        at.map(|i| col(&t, "via")[i].clone()).unwrap_or_default()
    };
    assert_eq!(
        via("department-for-work-and-pensions"),
        "cheshire-west → cwac-early-help-and-prevention → department-for-work-and-pensions"
    );
    assert_eq!(
        via("fraud-prevention-agencies"),
        "cheshire-west → cwac-council-services → fraud-prevention-agencies"
    );
}

#[test]
fn explain_shows_the_plan_with_estimated_and_actual_rows() {
    let q =
        &format!("explain recipients where category in health and basis = art 9(2)(h) and {THREE}");
    // The default (indexed) engine: every condition's lists hold more than one flow in 32 of
    // the 109, so they are intersected as bitmaps, the rarest first, then the direction.
    let t = run(q);
    assert_eq!(
        t.columns,
        ["step", "detail", "estimated_rows", "actual_rows"]
    );
    assert_eq!(
        col(&t, "step"),
        ["bitmap", "bitmap", "bitmap", "direction", "output"]
    );
    assert!(col(&t, "detail")[0].contains("UK GDPR Art. 9(2)(h)"));
    let actual = col(&t, "actual_rows");
    assert_eq!(actual[actual.len() - 1], HEALTH_9_2_H.len().to_string());
    // The scanning reference engine scans every recipient and filters.
    let m = model();
    let plan = basis::plan(&basis::parse(q).expect("parses"), m).expect("plans");
    let naive = basis::engine::execute_with(&plan, m, basis::engine::Engine::Naive).expect("runs");
    assert_eq!(col(&naive[0], "step"), ["scan", "filter", "output"]);
    assert_eq!(
        col(&naive[0], "actual_rows")[1],
        HEALTH_9_2_H.len().to_string()
    );
}

#[test]
fn golden_queries() {
    insta::glob!("cases/query/*.q", |path| {
        let text = std::fs::read_to_string(path).expect("case file");
        let t = run(&text);
        insta::assert_snapshot!(render(&[t], Format::Csv, None));
    });
}

/// Queries that parse but do not make sense against the model: each error, rendered without
/// colour, is pinned. Reviewed by eye: the caret is under the offending word, the message says
/// what is wrong and the help gives the nearest valid word or what exists.
#[test]
fn plan_errors() {
    let m = model();
    insta::glob!("cases/plan_errors/*.q", |path| {
        let text = std::fs::read_to_string(path).expect("case file");
        let text = text.trim_end();
        let query = basis::parse(text)
            .unwrap_or_else(|e| panic!("{text} must parse: {}", e.render(text, false)));
        let err = basis::plan(&query, m).expect_err("planning must fail");
        insta::assert_snapshot!(err.render(text, false));
    });
}

/// Thousands of generated queries (deterministic, seeded) go through parse, plan and execute:
/// conditions built from fields, operators and values of every kind, with junk tokens mixed
/// in. Each either answers or fails with an error; none panics or hangs.
#[test]
fn generated_queries_never_panic() {
    const HEADS: &[&str] = &[
        "recipients",
        "sources",
        "flows",
        "services",
        "categories",
        "bases",
        "legislation",
        "retention",
        "orgs",
        "parties",
        "count flows",
        "explain recipients",
    ];
    const FIELDS: &[&str] = &[
        "category",
        "basis",
        "org",
        "party.type",
        "duration",
        "subject",
        "provenance",
        "status",
        "direction",
        "recipient",
        "name",
    ];
    const OPS: &[&str] = &["=", "!=", "<", ">", "in", "not in", "is"];
    const VALUES: &[&str] = &[
        "health",
        "special",
        "stated",
        "cheshire-west",
        "\"Cheshire Police\"",
        "art 9(2)(h)",
        "art 9",
        "art 6(1)(g)",
        "sch1 para36",
        "20 years",
        "3",
        "(health, housing)",
        "to",
        "corrected",
        "police",
        "children",
        "\"\"",
        "é",
    ];
    const JUNK: &[&str] = &[
        "(",
        ")",
        ",",
        "and",
        "or",
        "not",
        "missing",
        "--",
        "\"",
        "99999999999999999999999",
        "order by",
    ];
    const TAILS: &[&str] = &[
        "",
        " show org, category",
        " by org",
        " order by duration desc",
        " limit 2",
        " by party.type",
    ];
    let m = model();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut planned, mut failed) = (0, 0);
    for _ in 0..5000 {
        let mut q = format!("{} where ", HEADS[next(HEADS.len())]);
        for c in 0..next(3) + 1 {
            if c > 0 {
                q.push_str([" and ", " or ", " and not "][next(3)]);
            }
            if next(8) == 0 {
                q.push_str("missing ");
            }
            q.push_str(&format!(
                "{} {} {}",
                FIELDS[next(FIELDS.len())],
                OPS[next(OPS.len())],
                VALUES[next(VALUES.len())]
            ));
            if next(6) == 0 {
                q.push_str(&format!(" {}", JUNK[next(JUNK.len())]));
            }
        }
        q.push_str(TAILS[next(TAILS.len())]);
        match basis::parse(&q).map(|query| basis::plan(&query, m)) {
            Ok(Ok(plan)) => {
                planned += 1;
                let _ = basis::execute(&plan, m);
            }
            _ => failed += 1,
        }
    }
    // Both paths are exercised: many queries run, many are rejected with an error.
    assert!(
        planned > 50 && failed > 500,
        "planned {planned}, failed {failed}"
    );
}

#[test]
fn a_display_name_several_parties_share_means_all_of_them() {
    // 001 lists "health" (cwac-health, "Health services") and 004 "Health services"
    // (afc-health-services): the name is both's, so the condition matches both.
    let t = run(&format!(
        "recipients where party = \"Health services\" and {THREE}"
    ));
    assert_eq!(
        col_set(&t, "recipient"),
        set(&["afc-health-services", "cwac-health"])
    );
    let t = run(&format!(
        "count recipients where party != \"Health services\" and {THREE}"
    ));
    let all = run(&format!("count recipients where {THREE}"));
    let n = |t: &Table| t.rows[0][0].as_u64().unwrap_or(0);
    assert_eq!(n(&t) + 2, n(&all));
}
