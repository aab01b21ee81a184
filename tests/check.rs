//! `basis check` on the built-in datasets: every real problem of the five notices, named by rule
//! code and quote. Each quote was checked by hand against `shared/seeds/*.txt` (the notices as
//! published); the test also checks it is verbatim in the notice text the model holds.

use basis::check::{Finding, RULES, Severity, check, fails};
use basis::model::{Model, load_builtin};
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| load_builtin().unwrap_or_else(|e| panic!("{e:?}")))
}

fn findings() -> &'static [Finding] {
    static F: OnceLock<Vec<Finding>> = OnceLock::new();
    F.get_or_init(|| check(model(), None).unwrap_or_else(|e| panic!("{e}")))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The finding of `code` in `notice` quoting exactly `quote`; fails with the notice's findings.
fn find(code: &str, notice: &str, quote: &str) -> &'static Finding {
    let m = model();
    let n = m
        .notice(notice)
        .unwrap_or_else(|| panic!("no notice {notice}"));
    assert!(
        squash(&m.notices[n.ix()].text).contains(&squash(quote)),
        "not verbatim in {notice}: {quote}"
    );
    findings()
        .iter()
        .find(|f| f.code == code && f.notice == notice && f.quote == quote)
        .unwrap_or_else(|| {
            let here: Vec<String> = findings()
                .iter()
                .filter(|f| f.notice == notice)
                .map(|f| format!("{} {:?}", f.code, f.quote))
                .collect();
            panic!(
                "no {code} quoting {quote:?} in {notice}; found:\n{}",
                here.join("\n")
            )
        })
}

fn absent(code: &str, notice: &str) {
    let hit = findings()
        .iter()
        .find(|f| f.code == code && f.notice == notice);
    assert!(hit.is_none(), "unexpected {hit:?}");
}

const EH: &str = "cwac-early-help"; // 000
const SF: &str = "cwac-supporting-families"; // 001
const CE: &str = "ce-children-families"; // 002
const PP: &str = "cwac-privacy-policy"; // 003
const AFC: &str = "afc-early-help-hub"; // 004

// ---- citations ------------------------------------------------------------------------------

#[test]
fn article_6_has_no_point_g() {
    let f = find(
        "BAS030",
        SF,
        "General Data Protection Legislation Article 6 Part g",
    );
    assert!(
        f.message.contains("Art. 6(1) has no point (g)"),
        "{}",
        f.message
    );
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn legitimate_interests_listed_among_art_9_conditions() {
    let f = find(
        "BAS031",
        PP,
        "We need to protect your vital interests in situations where you are incapable for giving consent • Is necessary for us to have the information to conduct our legitimate business for non-statutory services (Legitimate Interests)",
    );
    assert!(f.message.contains("Art. 6(1)(f)"), "{}", f.message);
}

#[test]
fn acts_that_do_not_exist_get_the_real_one_suggested() {
    let f = find("BAS033", EH, "Equality Act 2005");
    assert!(f.message.contains("Equality Act 2010"), "{}", f.message);
    let f = find("BAS033", SF, "Criminal Justice Act 2002");
    assert!(
        f.message.contains("Criminal Justice Act 2003"),
        "{}",
        f.message
    );
    let f = find("BAS033", SF, "Protection of Children Act 1998");
    assert!(
        f.message.contains("Protection of Children Act 1999"),
        "{}",
        f.message
    );
}

#[test]
fn acts_cited_under_wrong_titles() {
    let f = find("BAS034", EH, "Children and Social Care Act 2017");
    assert!(
        f.message.contains("Children and Social Work Act 2017"),
        "{}",
        f.message
    );
    // Three sections cited under one wrong title are one finding: one slip, one fix.
    let f = find("BAS034", EH, "The Children’s Act 1989 section 17");
    assert_eq!(
        f.message,
        "“Children’s Act 1989”: the title is “Children Act 1989”"
    );
    let same: Vec<&Finding> = findings()
        .iter()
        .filter(|f| f.code == "BAS034" && f.notice == EH && f.message.contains("Children’s Act"))
        .collect();
    assert_eq!(same.len(), 1, "{same:#?}");
    find("BAS034", SF, "The Children’s Act 2004");
    find("BAS034", SF, "The Children’s and Families Act 2014");
    // "The NHS Act 2006" abbreviates the short title "National Health Service Act 2006" the
    // way every reader does: not a finding.
    assert!(
        !findings()
            .iter()
            .any(|f| f.code == "BAS034" && f.quote == "The NHS Act 2006")
    );
}

#[test]
fn regulations_cited_as_an_act() {
    let f = find(
        "BAS035",
        SF,
        "Special Educational Needs and Disability Regulations Act 2014",
    );
    assert!(f.message.contains("statutory instrument"), "{}", f.message);
    assert!(f.message.contains("uksi/2014/1530"), "{}", f.message);
}

#[test]
fn local_government_act_without_a_year_is_unresolved() {
    let f = find("BAS036", PP, "Section 22 of the Local Government Act");
    assert!(
        f.message.contains("Local Government Act 1972"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("Local Government Act 2000"),
        "{}",
        f.message
    );
}

// ---- the corpus: notices basis was not built from --------------------------------------------

fn corpus_findings() -> &'static [Finding] {
    static F: OnceLock<Vec<Finding>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let m = basis::model::load(&basis::model::DataSource::Path(dir))
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        check(&m, None).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The corpus finding of `code` in `notice` quoting exactly `quote`.
fn corpus_find(code: &str, notice: &str, quote: &str) -> &'static Finding {
    corpus_findings()
        .iter()
        .find(|f| f.code == code && f.notice == notice && f.quote == quote)
        .unwrap_or_else(|| {
            let here: Vec<String> = corpus_findings()
                .iter()
                .filter(|f| f.notice == notice)
                .map(|f| format!("{} {:?}", f.code, f.quote))
                .collect();
            panic!(
                "no {code} quoting {quote:?} in {notice}; found:\n{}",
                here.join("\n")
            )
        })
}

fn corpus_codes(notice: &str) -> Vec<&'static str> {
    corpus_findings()
        .iter()
        .filter(|f| f.notice == notice)
        .map(|f| f.code)
        .collect()
}

const TRA: &str = "dfe-tra-refer-serious-misconduct"; // 01
const LAA: &str = "moj-laa-cla-privacy"; // 04
const WHLG: &str = "desnz-whlg-privacy"; // 05
const GLA: &str = "gla-data-for-london-privacy"; // 06

#[test]
fn corpus_citation_messages_quote_the_instrument_as_the_notice_names_it() {
    // Point 05-01: the Act's name inside the sentence, not the word before it.
    let f = corpus_find(
        "BAS033",
        WHLG,
        "The sharing of your data contained within the Energy Performance Certificate (EPC) is conducted in accordance with Section 35 of the Digital Economy Act 2012",
    );
    assert!(
        f.message
            .starts_with("no “Digital Economy Act” of 2012 exists")
            && f.message.contains("Digital Economy Act 2017"),
        "{}",
        f.message
    );
    // The Regulations cited beside it are cited as Regulations: no "cited as an Act".
    assert!(!corpus_codes(WHLG).contains(&"BAS035"));
    // "The Education Acts of 2002 and 2011" names both Acts by their titles.
    let tra: Vec<&Finding> = corpus_findings()
        .iter()
        .filter(|f| f.notice == TRA && f.code == "BAS034")
        .collect();
    assert_eq!(tra.len(), 1, "{tra:#?}");
    assert_eq!(
        tra[0].message,
        "“Safeguarding and Vulnerable Groups Act 2006”: the title is “Safeguarding Vulnerable Groups Act 2006”"
    );
}

// ---- special category and criminal-offence data ----------------------------------------------

#[test]
fn cheshire_east_collects_special_and_criminal_data_with_no_condition() {
    // One omission, one error, listing every special category it covers (002 names them in
    // four places), quoting the first.
    let f = find(
        "BAS040",
        CE,
        "any special educational needs or disabilities",
    );
    for c in [
        "racial-ethnic-origin",
        "physical-health",
        "mental-health",
        "religion",
        "political-opinions",
        "disability",
    ] {
        assert!(f.message.contains(c), "{c}: {}", f.message);
    }
    let n = findings()
        .iter()
        .filter(|f| f.notice == CE && f.code == "BAS040")
        .count();
    assert_eq!(n, 1);
    find("BAS041", CE, "criminal offences");
}

#[test]
fn supporting_families_collects_special_data_with_no_art_9_condition() {
    let f = find("BAS040", SF, "physical or mental health details");
    assert!(f.message.contains("racial-ethnic-origin"), "{}", f.message);
    assert_eq!(f.severity, Severity::Error);
}

#[test]
fn privacy_policy_collects_offence_data_with_no_art_10_condition() {
    let f = find("BAS041", PP, "Criminal proceedings, outcomes and sentences");
    assert!(
        f.message.contains("criminal-offences")
            && f.message.contains("alleged-offences")
            && f.message.contains("criminal-proceedings"),
        "{}",
        f.message
    );
    // It does cite Art. 9 conditions.
    absent("BAS040", PP);
}

#[test]
fn early_help_relies_on_para_36_without_a_part_2_condition() {
    let f = find(
        "BAS043",
        EH,
        "Data Protection Act 2018 Schedule 1, Part 3, Paragraph 36",
    );
    assert!(f.message.contains("Part 2"), "{}", f.message);
    find(
        "BAS043",
        SF,
        "Data Protection Act 2018 Schedule 1 Part 3 Paragraph 36",
    );
    // Para 36 is a Schedule 1 condition, so 000's offence data is not BAS041.
    absent("BAS041", EH);
}

#[test]
fn gender_and_offence_data_are_not_special_category_data() {
    let f = find(
        "BAS042",
        EH,
        "racial or ethnic origin, sexuality, gender and disability",
    );
    assert!(f.message.starts_with("gender"), "{}", f.message);
    let f = find(
        "BAS042",
        EH,
        "criminal offence data under the Data Protection Act 2018, Schedule 1, Part 3, Paragraph 36",
    );
    assert!(f.message.contains("Art. 10"), "{}", f.message);
}

#[test]
fn art_9_conditions_that_need_a_schedule_1_condition_are_not_findings() {
    // DPA 2018 s.10 makes the Schedule 1 condition a requirement of the processing, not of the
    // notice: there is nothing for the notice to do, so nothing is reported (BAS044 retired).
    assert!(!findings().iter().any(|f| f.code == "BAS044"));
    assert!(!basis::check::RULES.iter().any(|r| r.code == "BAS044"));
}

// ---- Art. 13/14 completeness --------------------------------------------------------------------

#[test]
fn cheshire_east_gives_no_controller_or_dpo_contact() {
    // A silence quotes the line that gives the notice's title.
    let title = "Children and Families Privacy Notice";
    find("BAS002", CE, title);
    find("BAS003", CE, title);
    absent("BAS002", EH);
    absent("BAS003", AFC);
}

#[test]
fn notices_that_never_name_their_controller() {
    find("BAS001", SF, "Supporting Families Privacy Notice");
    // 000 names the council only as a recipient ("Cheshire West and Chester Council services,
    // including: …"), which does not say who the controller is.
    find("BAS001", EH, "Early help and prevention privacy notice");
    absent("BAS001", AFC);
    absent("BAS001", PP);
}

#[test]
fn legitimate_interests_by_a_council() {
    find(
        "BAS006",
        PP,
        "Is necessary for us to have the information to conduct our legitimate business for non-statutory services (Legitimate Interests)",
    );
}

#[test]
fn transfers_question_left_unanswered() {
    find("BAS008", SF, "Will my data be transferred abroad?");
    find("BAS010", AFC, "Privacy notice for Early Help Hub");
}

#[test]
fn silences_on_requirement_automated_decisions_and_sources() {
    find("BAS011", AFC, "Privacy notice for Early Help Hub");
    find("BAS012", AFC, "Privacy notice for Early Help Hub");
    find("BAS012", PP, "Privacy policy");
    find("BAS013", EH, "Early help and prevention privacy notice");
    absent("BAS012", EH);
    absent("BAS012", CE);
}

// ---- rights ---------------------------------------------------------------------------------------

#[test]
fn early_help_lists_four_rights_without_erasure_or_portability() {
    let rights = "your right of access - you have the right to ask us for copies of your personal information";
    let missing: Vec<&str> = findings()
        .iter()
        .filter(|f| f.notice == EH && f.code == "BAS020")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    let m = &find("BAS020", EH, rights).message;
    assert!(
        m.contains("it does not mention the right to erasure;") && !m.contains("portability"),
        "{m}"
    );
    // Portability does not apply to public-task processing: nothing to do, no finding.
    assert!(!findings().iter().any(|f| f.code == "BAS021"));
}

#[test]
fn supporting_families_lists_no_rights_but_the_complaint() {
    let q = "You also have the right to complain to the Information Commissioner’s Office";
    let f = find("BAS020", SF, q);
    assert!(
        f.message.contains(
            "the right of access, the right to rectification, the right to erasure, the right to restriction of processing, the right to object"
        ),
        "{}",
        f.message
    );
}

#[test]
fn complaint_to_the_ico_and_withdrawal_of_consent() {
    find(
        "BAS023",
        CE,
        "You have a number of rights regarding your personal data, including withdrawing your consent where we have asked for it.",
    );
    find(
        "BAS023",
        PP,
        "Your right of access - You have the right to ask us for copies of your personal information.",
    );
    find(
        "BAS022",
        AFC,
        "We rely on your consent to enable us to progress referrals to the weekly Early Help Hub meetings and allocate an appropriate service.",
    );
    find(
        "BAS022",
        PP,
        "You, or your legal representative, have given consent for us to use your personal information.",
    );
    absent("BAS022", CE);
    // AfC relies on consent, so portability applies and is missing.
    let f = find(
        "BAS020",
        AFC,
        "Under data protection legislation you have the right to request access to the information that we hold about you.",
    );
    assert!(f.message.contains("portability"), "{}", f.message);
}

// ---- retention ------------------------------------------------------------------------------------

#[test]
fn retention_only_by_pointer_to_a_schedule() {
    find(
        "BAS051",
        AFC,
        "We only keep your personal data for as long as is required by law and in accordance with our retention schedule.",
    );
    find(
        "BAS051",
        CE,
        "We are required by law to keep records for varying lengths of time depending on individual circumstances. This information is set out in our information asset register",
    );
    // 003 points at its schedules but gives the criteria (legislation, guidelines, codes of
    // practice; the service decides where none exists): Art. 13(2)(a) accepts criteria.
    absent("BAS051", PP);
}

#[test]
fn retention_periods_with_no_starting_point() {
    find(
        "BAS052",
        EH,
        "If you are over 18 we will keep any information you share with us for six years.",
    );
    // One finding for the six periods of 001, in notice order, quoting the first.
    let f = find(
        "BAS052",
        SF,
        "data relating to adult social care will be kept for six years",
    );
    assert!(
        f.message.ends_with("6 years (data relating to adult social care); 75 years (data relating to looked after children); 31 years (data relating to special education needs); 25 years (data relating to all other issues relating to children); 10–30 years (data relating to the protection of vulnerable adults); 20 years (data relating to mental health support)"),
        "{}",
        f.message
    );
    // "until you have reached the age of 25" has its start: birth.
    assert!(!findings().iter().any(|f| {
        f.code == "BAS052"
            && f.quote
                .starts_with("If we collect your information before you turn 18")
    }));
}

#[test]
fn families_have_no_retention_rule_in_supporting_families() {
    let f = find(
        "BAS053",
        SF,
        "Services covered within this privacy notice Children and families.",
    );
    assert!(f.message.contains("families"), "{}", f.message);
}

#[test]
fn cheshire_west_notices_disagree_on_childrens_records() {
    let f = find(
        "BAS054",
        SF,
        "data relating to all other issues relating to children will be kept for 25 years",
    );
    assert!(f.message.contains("until age 25"), "{}", f.message);
    // Rules for narrower records (looked-after children, SEN, vulnerable adults, mental-health
    // support) are more specific rules, not contradictions of 000's general ones.
    for q in [
        "data relating to the protection of vulnerable adults will be kept between 10 years to 30 years",
        "data relating to looked after children will be kept for 75 years",
        "data relating to special education needs will be kept for 31 years",
    ] {
        assert!(
            !findings()
                .iter()
                .any(|f| f.code == "BAS054" && f.quote == q),
            "{q}"
        );
    }
    // Same period in both notices: no disagreement.
    assert!(!findings().iter().any(|f| f.code == "BAS054"
        && f.quote == "data relating to adult social care will be kept for six years"));
}

// ---- consistency ----------------------------------------------------------------------------------

#[test]
fn two_dpo_addresses_for_cheshire_west() {
    let f = find(
        "BAS060",
        SF,
        "By post: Data Protection Officer, 4 Civic Way, Ellesmere Port, CH65 0BE",
    );
    assert!(f.message.contains("The Portal"), "{}", f.message);
    assert!(
        f.message.contains("cwac-early-help, cwac-privacy-policy"),
        "{}",
        f.message
    );
}

#[test]
fn early_help_rules_out_transfers_the_corporate_policy_allows() {
    let f = find(
        "BAS061",
        EH,
        "Will my data be transferred abroad and why? No.",
    );
    assert!(f.message.contains(PP), "{}", f.message);
}

// ---- the rule set ---------------------------------------------------------------------------------

#[test]
fn every_finding_has_a_documented_rule_and_a_verbatim_quote() {
    let docs = include_str!("../docs/checks.md");
    for r in RULES {
        assert!(
            docs.contains(&format!("### {}", r.code)),
            "{} undocumented",
            r.code
        );
    }
    let m = model();
    for f in findings() {
        let rule = RULES.iter().find(|r| r.code == f.code);
        // A rule may lower its severity case by case (BAS040 for an inferred condition, as
        // docs/checks.md says), never raise it.
        assert!(rule.is_some_and(|r| r.severity <= f.severity), "{f:?}");
        let n = m.notice(&f.notice).unwrap_or_else(|| panic!("{f:?}"));
        assert!(
            squash(&m.notices[n.ix()].text).contains(&squash(&f.quote)),
            "{f:?}"
        );
        assert!(!f.fix.is_empty() && !f.message.is_empty());
    }
}

#[test]
fn check_of_one_org_and_exit_status() {
    let m = model();
    let afc = check(m, m.org("achieving-for-children")).unwrap_or_default();
    assert!(afc.iter().all(|f| f.org == "achieving-for-children"));
    // AfC has warnings and no error: it fails only with --deny warnings.
    assert!(!fails(&afc, false));
    assert!(fails(&afc, true));
    assert!(fails(findings(), false));
}

// ---- fixtures: each rule both ways on a small dataset -----------------------------------------
//
// A complete notice of a fictitious council that no rule finds fault with; each test changes one
// thing and checks the rule fires, and that on the complete notice it does not.

const NOTICE: &str = "Fixture Council is the controller for the fixture service.
Contact us at Fixture Council, 1 High Street, Town, AB1 2CD.
Data Protection Officer: dpo@fx.example
We use your name to provide the service.
We rely on Article 6(1)(e) public task.
We share your information with Fixture Health Trust.
We get information from referrers.
If someone else tells us about you, we will tell you within one month of receiving it.
Your information is not transferred outside the UK.
We do not make automated decisions about you.
You must provide this information; without it we cannot help you.
We keep records for six years from the closure of the case.
You have the right of access, rectification, erasure, restriction and to object.
You can complain to the Information Commissioner's Office.
Our duty to help comes from the Children Act 1989.
If you are unhappy with how we use your data, complain to us using our online form.
Last updated: 6 February 2026
";

/// The line that dates the fixture notice (BAS085 reports a notice with none).
const DATED: &str = "Last updated: 6 February 2026\n";

const TOML: &str = r#"
[org]
id = "fixture"
name = "Fixture Council"
type = "local-authority"

[[contact]]
role = "controller"
kind = "post"
value = "Fixture Council, 1 High Street, Town, AB1 2CD"
notice = "fx-notice"
quote = "Contact us at Fixture Council, 1 High Street, Town, AB1 2CD."

[[contact]]
role = "dpo"
kind = "email"
value = "dpo@fx.example"
notice = "fx-notice"
quote = "Data Protection Officer: dpo@fx.example"

[[notice]]
id = "fx-notice"
file = "fx.txt"
title = "Fixture notice"

[[party]]
id = "fx-health"
name = "Fixture Health Trust"
type = "nhs-trust"

[[party]]
id = "fx-referrers"
name = "Referrers"
type = "referrer"
generic = true

[[service]]
id = "fx-service"
name = "Fixture service"
notice = "fx-notice"
quote = "Fixture Council is the controller for the fixture service."

[[service.subject]]
id = "children"
quote = "Fixture Council is the controller for the fixture service."

[[service.category]]
id = "name"
quote = "We use your name to provide the service."

[[service.purpose]]
id = "early-help"
quote = "We use your name to provide the service."

[[service.basis]]
id = "a6-1-e"
quote = "We rely on Article 6(1)(e) public task."

[[service.recipient]]
party = "fx-health"
quote = "We share your information with Fixture Health Trust."

[[service.source]]
party = "fx-referrers"
quote = "We get information from referrers."

[[service.transfer]]
stance = "none"
quote = "Your information is not transferred outside the UK."

[[service.automated_decision]]
stance = "none"
quote = "We do not make automated decisions about you."

[[service.requirement]]
statutory = true
consequence = "without it we cannot help you"
quote = "You must provide this information; without it we cannot help you."

[[service.retention]]
years = 6
trigger = "closure"
quote = "We keep records for six years from the closure of the case."

[[service.right]]
id = "access"
quote = "You have the right of access, rectification, erasure, restriction and to object."

[[service.right]]
id = "rectification"
quote = "You have the right of access, rectification, erasure, restriction and to object."

[[service.right]]
id = "erasure"
quote = "You have the right of access, rectification, erasure, restriction and to object."

[[service.right]]
id = "restriction"
quote = "You have the right of access, rectification, erasure, restriction and to object."

[[service.right]]
id = "objection"
quote = "You have the right of access, rectification, erasure, restriction and to object."

[[service.right]]
id = "complain-to-ico"
quote = "You can complain to the Information Commissioner's Office."

[[service.right]]
id = "complain-controller"
quote = "If you are unhappy with how we use your data, complain to us using our online form."

[[service.legislation]]
id = "children-act-1989"
quote = "Our duty to help comes from the Children Act 1989."
"#;

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
    }
}

/// The findings on the fixture with `edits` (from, to) applied to its TOML, `more` TOML appended
/// and `text` appended to its notice.
fn fixture(edits: &[(&str, &str)], more: &str, text: &str) -> Vec<Finding> {
    fixture_notice(&format!("{NOTICE}{text}"), edits, more)
}

/// A dataset directory with the built-in vocabularies and parties, and an empty `notices/`.
fn dataset_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
    copy_dir(&root.join("vocab"), &dir.path().join("vocab"));
    std::fs::copy(root.join("parties.toml"), dir.path().join("parties.toml")).expect("copy");
    std::fs::create_dir_all(dir.path().join("notices")).expect("dir");
    dir
}

/// As [`fixture`], with the whole notice text given.
fn fixture_notice(notice: &str, edits: &[(&str, &str)], more: &str) -> Vec<Finding> {
    let dir = dataset_dir();
    std::fs::write(dir.path().join("notices/fx.txt"), notice).expect("write");
    let mut toml = TOML.to_string();
    for (from, to) in edits {
        assert!(toml.contains(from), "fixture has no {from:?}");
        toml = toml.replacen(from, to, 1);
    }
    toml.push_str(more);
    std::fs::write(dir.path().join("fixture.toml"), toml).expect("write");
    let m = basis::model::load(&basis::model::DataSource::Path(dir.path().to_path_buf()))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let org = m.org("fixture");
    check(&m, org).unwrap_or_else(|e| panic!("{e}"))
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

fn has(f: &[Finding], code: &str) -> bool {
    f.iter().any(|x| x.code == code)
}

#[test]
fn the_complete_fixture_notice_has_no_finding() {
    // Portability does not apply to its public-task processing: nothing to do, no finding.
    let f = fixture(&[], "", "");
    assert_eq!(codes(&f), Vec::<&str>::new(), "{f:#?}");
}

#[test]
fn fixture_undated_notice_bas085() {
    let undated = NOTICE.replace(DATED, "");
    let f = fixture_notice(&undated, &[], "");
    assert_eq!(codes(&f), ["BAS085"], "{f:#?}");
    assert_eq!(
        f[0].quote,
        "Fixture Council is the controller for the fixture service."
    );
    // A notice dated otherwise: by a version number, by a date on a line of its own.
    for date in [
        "Version 3.2\n",
        "12 March 2026\n",
        "This notice was reviewed on 2 March 2026.\n",
    ] {
        let f = fixture_notice(&format!("{undated}{date}"), &[], "");
        assert!(!has(&f, "BAS085"), "{date}: {:?}", codes(&f));
    }
}

#[test]
fn fixture_acceptance_by_use_and_immediate_changes_are_one_finding_bas086() {
    let f = fixture(
        &[],
        "",
        "By using this service you agree to this notice.\nChanges to this notice take effect immediately.\n",
    );
    let found: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS086").collect();
    assert_eq!(found.len(), 1, "{f:#?}");
    assert_eq!(
        found[0].quote,
        "By using this service you agree to this notice."
    );
    assert!(
        found[0]
            .message
            .contains("Changes to this notice take effect immediately.")
    );
    let f = fixture(
        &[],
        "",
        "If this notice changes in a way that affects you, we will tell you before the change takes effect.\n",
    );
    assert!(!has(&f, "BAS086"), "{:?}", codes(&f));
}

#[test]
fn fixture_a_section_referred_to_and_missing_bas018() {
    let see = "See the Complaints section for how to complain.\n";
    let f = fixture(&[], "", see);
    assert!(
        f.iter()
            .any(|x| x.code == "BAS018" && x.quote == see.trim()),
        "{:?}",
        codes(&f)
    );
    let f = fixture(&[], "", &format!("{see}Complaints\nWrite to the DPO.\n"));
    assert!(!has(&f, "BAS018"), "{:?}", codes(&f));
}

#[test]
fn fixture_a_paragraph_copied_under_another_heading_bas088() {
    let para = "We check every referral with the family before we act on it. We write down what we decided and why.";
    let f = fixture(&[], "", &format!("Referrals\n{para}\nComplaints\n{para}\n"));
    let found: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS088").collect();
    assert_eq!(found.len(), 1, "{f:#?}");
    assert_eq!(found[0].quote, para);
    let f = fixture(&[], "", &format!("Referrals\n{para}\n"));
    assert!(!has(&f, "BAS088"), "{:?}", codes(&f));
}

#[test]
fn fixture_a_list_cut_off_bas089() {
    let list = "We share your information with:\n- Fixture Health Trust;\n- Fixture Police and\n";
    let f = fixture(&[], "", &format!("{list}\nYour rights\n"));
    assert!(
        f.iter()
            .any(|x| x.code == "BAS089" && x.quote == "Fixture Police and"),
        "{:?}",
        codes(&f)
    );
    let f = fixture(
        &[],
        "",
        &format!("{list}- Fixture Schools.\n\nYour rights\n"),
    );
    assert!(!has(&f, "BAS089"), "{:?}", codes(&f));
}

#[test]
fn fixture_the_eu_gdpr_cited_as_the_law_bas090() {
    let eu = "We process your data under the General Data Protection Regulation (GDPR).\n";
    let f = fixture(&[], "", eu);
    let found: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS090").collect();
    assert_eq!(found.len(), 1, "{f:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    // Beside the Data Protection Act 2018: info; beside the UK GDPR: nothing.
    let f = fixture(
        &[],
        "",
        &format!("{eu}The Data Protection Act 2018 also applies.\n"),
    );
    assert!(
        f.iter()
            .any(|x| x.code == "BAS090" && x.severity == Severity::Info),
        "{f:#?}"
    );
    let f = fixture(&[], "", &format!("{eu}By the GDPR we mean the UK GDPR.\n"));
    assert!(!has(&f, "BAS090"), "{:?}", codes(&f));
}

#[test]
fn fixture_old_public_task_words_in_a_notice_dated_after_the_duaa_bas091() {
    let words = "Our basis is a task carried out in the public interest.\n";
    // The fixture notice is dated 6 February 2026.
    let f = fixture(&[], "", words);
    assert!(has(&f, "BAS091"), "{:?}", codes(&f));
    let older = NOTICE.replace(DATED, "Last updated: 6 February 2025\n");
    let f = fixture_notice(&format!("{older}{words}"), &[], "");
    assert!(!has(&f, "BAS091"), "{:?}", codes(&f));
    // Quoted as the Article: whatever the date.
    let f = fixture_notice(
        &format!("{older}Art. 6(1)(e): “a task carried out in the public interest”.\n"),
        &[],
        "",
    );
    assert!(has(&f, "BAS091"), "{:?}", codes(&f));
}

#[test]
fn fixture_art_9_1_reproduced_under_a_may_bas092() {
    let list = "We may collect the following special category data:\n- your ethnic origin\n- your political opinions\n- your religious beliefs\n- your trade union membership\n- your health\n";
    let special = |id: &str, quote: &str| {
        format!(
            "\n[[service.category]]\nid = \"{id}\"\ndeclared_special = true\nquote = \"{quote}\"\n"
        )
    };
    let mut more = [
        ("racial-ethnic-origin", "your ethnic origin"),
        ("political-opinions", "your political opinions"),
        ("religion", "your religious beliefs"),
        ("trade-union", "your trade union membership"),
        ("health", "your health"),
    ]
    .iter()
    .map(|(id, q)| special(id, q))
    .collect::<String>();
    more.push_str("\n[[service.basis]]\nid = \"a9-2-g\"\nquote = \"We may collect the following special category data:\"\n");
    // Five kinds: not yet the Article's list.
    let f = fixture(&[], &more, list);
    assert!(!has(&f, "BAS092"), "{:?}", codes(&f));
    // Six, the sixth from the encoding (the item's words name no kind a word list knows).
    let more6 = format!("{more}{}", special("sexuality", "who you love"));
    let f = fixture(&[], &more6, &format!("{list}- who you love\n"));
    assert!(has(&f, "BAS092"), "{:?}", codes(&f));
}

#[test]
fn fixture_pseudonymised_data_called_anonymous_bas093() {
    let f = fixture(
        &[],
        "",
        "We share pseudonymised records with researchers. The records are anonymous.\n",
    );
    assert!(
        f.iter()
            .any(|x| x.code == "BAS093" && x.quote == "The records are anonymous."),
        "{:?}",
        codes(&f)
    );
    let f = fixture(
        &[],
        "",
        "We share pseudonymised records with researchers. They are still personal data.\n",
    );
    assert!(!has(&f, "BAS093"), "{:?}", codes(&f));
}

#[test]
fn fixture_analytics_cookies_with_no_choice_bas094() {
    let uses = "We use analytics cookies to see how our website is used.\n";
    let f = fixture(&[], "", uses);
    assert!(has(&f, "BAS094"), "{:?}", codes(&f));
    // The way to object may be anywhere in the notice.
    let f = fixture(
        &[],
        "",
        &format!("{uses}Your rights\nYou can turn analytics cookies off in our cookie settings.\n"),
    );
    assert!(!has(&f, "BAS094"), "{:?}", codes(&f));
}

#[test]
fn fixture_no_purpose_bas004() {
    let f = fixture(
        &[(
            "[[service.purpose]]\nid = \"early-help\"\nquote = \"We use your name to provide the service.\"\n",
            "",
        )],
        "",
        "",
    );
    assert!(has(&f, "BAS004"), "{:?}", codes(&f));
}

#[test]
fn fixture_no_art6_basis_bas005_and_no_recipient_bas007() {
    let f = fixture(
        &[
            (
                "[[service.basis]]\nid = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"\n",
                "",
            ),
            (
                "[[service.recipient]]\nparty = \"fx-health\"\nquote = \"We share your information with Fixture Health Trust.\"\n",
                "",
            ),
        ],
        "",
        "",
    );
    assert!(has(&f, "BAS005") && has(&f, "BAS007"), "{:?}", codes(&f));
}

#[test]
fn fixture_transfers_without_safeguards_bas009_and_unnamed_safeguards_bas025() {
    let possible =
        "[[service.transfer]]\nstance = \"possible\"\nquote = \"We may send data abroad.\"\n";
    let f = fixture(
        &[(
            "stance = \"none\"\nquote = \"Your information is not transferred outside the UK.\"",
            "stance = \"none\"\nquote = \"Your information is not transferred outside the UK.\"\n\n[[service.transfer]]\nstance = \"possible\"\nquote = \"We may send data abroad.\"",
        )],
        "",
        "We may send data abroad.\n",
    );
    assert!(
        has(&f, "BAS009") && !has(&f, "BAS025"),
        "{:?} {possible}",
        codes(&f)
    );
    let vague = fixture(
        &[(
            "[[service.automated_decision]]",
            "[[service.transfer]]\nstance = \"possible\"\nsafeguards = \"safeguards are in place\"\nquote = \"We may send data abroad, but safeguards are in place.\"\n\n[[service.automated_decision]]",
        )],
        "",
        "We may send data abroad, but safeguards are in place.\n",
    );
    assert!(
        has(&vague, "BAS025") && !has(&vague, "BAS009"),
        "{:?}",
        codes(&vague)
    );
    let named = fixture(
        &[(
            "[[service.automated_decision]]",
            "[[service.transfer]]\nstance = \"possible\"\nsafeguards = \"the IDTA; ask the DPO for a copy\"\nquote = \"We may send data abroad under the IDTA; ask the DPO for a copy.\"\n\n[[service.automated_decision]]",
        )],
        "",
        "We may send data abroad under the IDTA; ask the DPO for a copy.\n",
    );
    assert!(!has(&named, "BAS025"), "{:?}", codes(&named));
}

#[test]
fn fixture_unresolved_basis_bas032() {
    let f = fixture(
        &[],
        "\n[[service.basis]]\nunresolved = true\nnote = \"no such basis\"\nquote = \"We rely on the common good.\"\n",
        "We rely on the common good.\n",
    );
    assert!(has(&f, "BAS032"), "{:?}", codes(&f));
}

#[test]
fn fixture_no_retention_bas050_and_a_range_bas055() {
    let rule = "[[service.retention]]\nyears = 6\ntrigger = \"closure\"\nquote = \"We keep records for six years from the closure of the case.\"\n";
    let f = fixture(&[(rule, "")], "", "");
    assert!(has(&f, "BAS050"), "{:?}", codes(&f));
    let f = fixture(
        &[(
            rule,
            "[[service.retention]]\nmin_years = 10\nmax_years = 30\ntrigger = \"closure\"\nquote = \"We keep records for between 10 and 30 years from closure.\"\n",
        )],
        "",
        "We keep records for between 10 and 30 years from closure.\n",
    );
    assert!(has(&f, "BAS055") && !has(&f, "BAS050"), "{:?}", codes(&f));
}

#[test]
fn fixture_contradicting_automated_decisions_bas062() {
    let more = r#"
[[notice]]
id = "fx-other"
file = "fx.txt"
title = "Another fixture notice"

[[service]]
id = "fx-other"
name = "Other service"
notice = "fx-other"
quote = "We use automated decisions to allocate places."

[[service.automated_decision]]
stance = "used"
quote = "We use automated decisions to allocate places."
"#;
    let f = fixture(
        &[],
        more,
        "We use automated decisions to allocate places.\n",
    );
    assert!(has(&f, "BAS062"), "{:?}", codes(&f));
}

#[test]
fn fixture_legitimate_interests_by_a_public_authority_bas014_but_not_by_a_company() {
    let li = [(
        "id = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"",
        "id = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"\n\n[[service.basis]]\nid = \"a6-1-ea\"\nquote = \"We rely on recognised legitimate interests.\"",
    )];
    let f = fixture(&li, "", "We rely on recognised legitimate interests.\n");
    let hit = f.iter().find(|x| x.code == "BAS014").expect("BAS014");
    assert!(hit.message.contains("Art. 6(1)(ea)"), "{}", hit.message);
    let company = [
        li[0],
        ("type = \"local-authority\"", "type = \"voluntary\""),
    ];
    let f = fixture(
        &company,
        "",
        "We rely on recognised legitimate interests.\n",
    );
    assert!(!has(&f, "BAS014"), "{:?}", codes(&f));
}

#[test]
fn fixture_consent_as_the_only_basis_bas015() {
    // Consent quoted from its own sentence: a consent basis quoting "Article 6(1)(e)" is now a
    // load error (the id contradicts the citation in its quote).
    let consent = [(
        "id = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"",
        "id = \"a6-1-a\"\nquote = \"We rely on your consent.\"",
    )];
    let f = fixture(&consent, "", "We rely on your consent.\n");
    assert!(has(&f, "BAS015"), "{:?}", codes(&f));
    // Consent beside public task is not "consent alone".
    let both = fixture(
        &[],
        "\n[[service.basis]]\nid = \"a6-1-a\"\nquote = \"We rely on your consent.\"\n",
        "We rely on your consent.\n",
    );
    assert!(!has(&both, "BAS015"), "{:?}", codes(&both));
}

#[test]
fn fixture_flow_level_consent_needs_withdrawal_and_portability_bas022() {
    let f = fixture(
        &[(
            "party = \"fx-health\"\nquote",
            "party = \"fx-health\"\nbases = [\"a6-1-a\"]\nquote",
        )],
        "",
        "",
    );
    let withdraw = f.iter().find(|x| x.code == "BAS022").expect("BAS022");
    assert_eq!(
        withdraw.quote,
        "We share your information with Fixture Health Trust."
    );
    // Consent on the flow makes portability apply: a warning, not the "does not apply" note.
    assert!(!has(&f, "BAS021"), "{:?}", codes(&f));
    assert!(
        f.iter()
            .any(|x| x.code == "BAS020" && x.message.contains("portability"))
    );
}

#[test]
fn fixture_basis_in_another_basis_words_bas016() {
    let f = fixture(
        &[(
            "quote = \"We rely on Article 6(1)(e) public task.\"",
            "quote = \"We are required by law to do this (Public Task).\"",
        )],
        "",
        "We are required by law to do this (Public Task).\n",
    );
    assert!(has(&f, "BAS016"), "{:?}", codes(&f));
}

#[test]
fn fixture_open_ended_list_bas017_promise_bas018_stale_review_bas019() {
    let f = fixture(
        &[],
        "",
        "The laws we rely on include but are not limited to:\nYou can contact the ICO using the following details:\nWill my data be transferred abroad?\nPage last reviewed: 25 May 2022\n",
    );
    for c in ["BAS017", "BAS018", "BAS019"] {
        assert!(has(&f, c), "{c}: {:?}", codes(&f));
    }
    let kept = fixture(
        &[],
        "",
        "You can contact the ICO using the following details:\n• Telephone: 0303 123 1113\nPage last reviewed: 6 February 2026\n",
    );
    assert!(
        !has(&kept, "BAS018") && !has(&kept, "BAS019"),
        "{:?}",
        codes(&kept)
    );
}

#[test]
fn fixture_rights_in_the_words_of_the_1998_act_bas024_and_old_adm_rights_bas028() {
    let f = fixture(
        &[],
        "",
        "You can object to processing that is likely to cause damage or distress.\nYou can object to decisions being taken by automated means.\n",
    );
    assert!(has(&f, "BAS024") && has(&f, "BAS028"), "{:?}", codes(&f));
    let f = fixture(
        &[],
        "",
        "You can object to processing on grounds relating to your situation.\nYou can contest a decision taken solely by automated means.\n",
    );
    assert!(!has(&f, "BAS024") && !has(&f, "BAS028"), "{:?}", codes(&f));
}

#[test]
fn fixture_no_such_law_bas037_and_ended_body_bas038() {
    let f = fixture(
        &[],
        "\n[[service.recipient]]\nparty = \"department-for-communities-and-local-government\"\nquote = \"Department for Communities and Local Government\"\n",
        "General Data Protection Legislation Article 6 part e\nDepartment for Communities and Local Government\n",
    );
    assert!(has(&f, "BAS037") && has(&f, "BAS038"), "{:?}", codes(&f));
    let f = fixture(
        &[],
        "\n[[service.recipient]]\nparty = \"department-for-work-and-pensions\"\nquote = \"Department for Work and Pensions\"\n",
        "Department for Work and Pensions\n",
    );
    assert!(!has(&f, "BAS038"), "{:?}", codes(&f));
}

#[test]
fn fixture_art_9_2_h_for_the_police_and_ethnicity_bas045() {
    let h = "\n[[service.basis]]\nid = \"a9-2-h\"\nquote = \"We rely on Article 9(2)(h).\"\n\n[[service.category]]\nid = \"physical-health\"\nquote = \"We rely on Article 9(2)(h).\"\n";
    let clean = fixture(&[], h, "We rely on Article 9(2)(h).\n");
    assert!(!has(&clean, "BAS045"), "{:?}", codes(&clean));
    assert!(
        !has(&clean, "BAS044"),
        "the Schedule 1 note is not a finding"
    );
    let more = format!(
        "{h}\n[[service.category]]\nid = \"racial-ethnic-origin\"\nquote = \"We rely on Article 9(2)(h).\"\n\n[[service.recipient]]\nparty = \"department-for-work-and-pensions\"\nquote = \"Department for Work and Pensions\"\n"
    );
    let f = fixture(
        &[],
        &more,
        "We rely on Article 9(2)(h).\nDepartment for Work and Pensions\n",
    );
    let n = f.iter().filter(|x| x.code == "BAS045").count();
    assert_eq!(n, 2, "recipients and categories: {:?}", codes(&f));
}

#[test]
fn fixture_controller_named_only_as_a_recipient_bas001() {
    let named = "Fixture Council is the controller for the fixture service.";
    let notice = NOTICE
        .replace(named, "We run the fixture service.")
        .replace(
            "Contact us at Fixture Council, 1 High",
            "Contact us at 1 High",
        )
        .replace(
            "We share your information with Fixture Health Trust.",
            "We share your information with Fixture Council services.",
        );
    let edits = [
        (named, "We run the fixture service."),
        (named, "We run the fixture service."),
        (
            "Contact us at Fixture Council, 1 High",
            "Contact us at 1 High",
        ),
        (
            "We share your information with Fixture Health Trust.",
            "We share your information with Fixture Council services.",
        ),
    ];
    let f = fixture_notice(&notice, &edits, "");
    assert!(has(&f, "BAS001"), "{:?}", codes(&f));
    assert!(!has(&fixture(&[], "", ""), "BAS001"));
}

#[test]
fn fixture_refused_after_sharing_bas026_genetic_as_health_bas046() {
    let f = fixture(
        &[],
        "",
        "If fraud is detected, you could be refused certain services.\nWe collect data about your health (including biometric data).\n",
    );
    assert!(has(&f, "BAS026") && has(&f, "BAS046"), "{:?}", codes(&f));
    let f = fixture(
        &[],
        "",
        "We collect data about your health and, separately, biometric data.\n",
    );
    assert!(!has(&f, "BAS026") && !has(&f, "BAS046"), "{:?}", codes(&f));
}

#[test]
fn fixture_profiling_after_no_automated_decisions_bas027() {
    let target = "\n[[service.purpose]]\nid = \"targeting-services\"\nquote = \"We use benefits data to target services.\"\n";
    let f = fixture(&[], target, "We use benefits data to target services.\n");
    assert!(has(&f, "BAS027"), "{:?}", codes(&f));
    // Without the statement ruling automated decisions out there is no contradiction to note.
    let f = fixture(
        &[(
            "[[service.automated_decision]]\nstance = \"none\"\nquote = \"We do not make automated decisions about you.\"\n",
            "",
        )],
        target,
        "We use benefits data to target services.\n",
    );
    assert!(!has(&f, "BAS027") && has(&f, "BAS012"), "{:?}", codes(&f));
}

// ---- what a reviewer finds in the five notices --------------------------------------------------

#[test]
fn reviewer_findings_on_the_notices() {
    // 003: legitimate interests by a council; public task worded as a legal requirement.
    find(
        "BAS014",
        PP,
        "Is necessary for us to have the information to conduct our legitimate business for non-statutory services (Legitimate Interests)",
    );
    find(
        "BAS016",
        PP,
        "We are required by law to do something and we need information about you in order to do this (Public Task)",
    );
    // 002: an emergency given as an example of legal obligation.
    let f = find(
        "BAS016",
        CE,
        "compliance with a legal obligation (e.g. safeguarding and promoting the welfare of Cheshire East children including those children placed out of authority, or if necessary to protect someone in an emergency, or if disclosure is required by the Police or other statutory bodies).",
    );
    assert!(f.message.contains("6(1)(d)"), "{}", f.message);
    // 004: consent as the only basis of a public service, rights in DPA 1998 words.
    find(
        "BAS015",
        AFC,
        "We rely on your consent to enable us to progress referrals to the weekly Early Help Hub meetings and allocate an appropriate service.",
    );
    find(
        "BAS024",
        AFC,
        "object to processing of personal data that is likely to cause, or is causing, damage or distress",
    );
    find(
        "BAS024",
        AFC,
        "in certain circumstances, have inaccurate personal data rectified, blocked, erased or destroyed",
    );
    find(
        "BAS028",
        AFC,
        "object to decisions being taken by automated means",
    );
    // 000: the ICO's details promised and absent; 9(2)(h) cited for the police and ethnicity.
    find(
        "BAS018",
        EH,
        "You also have the right to complain to the Information Commissioner’s Office using the following details:",
    );
    absent("BAS018", SF); // 001 gives the details after the same sentence
    let scope: Vec<&Finding> = findings()
        .iter()
        .filter(|f| f.code == "BAS045" && f.notice == EH)
        .collect();
    assert_eq!(scope.len(), 2, "{scope:?}");
    assert!(scope.iter().any(|f| f.message.contains("Cheshire Police")
        && f.message.contains("Department for Work and Pensions")));
    assert!(
        scope
            .iter()
            .any(|f| f.message.contains("racial-ethnic-origin"))
    );
    // Bodies abolished or renamed.
    for q in [
        "local clinical commissioning groups",
        "Cheshire and Greater Manchester Community Rehabilitation Company",
        "National Probation service",
        "Department for Communities and Local Government",
        "121 midwives",
    ] {
        find("BAS038", EH, q);
    }
    find(
        "BAS038",
        SF,
        "The Department for Levelling Up, Housing & Communities",
    );
    // Transfer safeguards not identified (002, 003); 002 last reviewed in 2022.
    find(
        "BAS025",
        CE,
        "There may be cases where we need to liaise with foreign authorities, eg, when a child with links to a foreign country becomes the subject of a child protection plan, has required immediate protection, or is made subject to care proceedings, but safeguards are in place to protect your data.",
    );
    find("BAS019", CE, "Page last reviewed: 25 May 2022");
    find(
        "BAS037",
        SF,
        "General Data Protection Legislation Article 6 part e",
    );
    find(
        "BAS055",
        SF,
        "data relating to the protection of vulnerable adults will be kept between 10 years to 30 years",
    );
    // Fraud-prevention boilerplate (001, 003); profiling after "no automated decisions" (002).
    for n in [SF, PP] {
        find(
            "BAS026",
            n,
            "If fraud is detected, you could be refused certain services, finance, or employment.",
        );
    }
    find(
        "BAS027",
        CE,
        "We may use some of your information to better target services to your needs",
    );
    // BAS044 is a note for the DPIA author, not a defect of the notice.
    assert!(
        findings()
            .iter()
            .filter(|f| f.code == "BAS044")
            .all(|f| f.severity == Severity::Info)
    );
}

// ---- the vocabularies and the law in force on 5 February 2026 ---------------------------------

#[test]
fn vocabularies_follow_the_data_use_and_access_act_2025() {
    let v = &model().vocab;
    let basis = |id: &str| {
        let ix = v.basis(id).unwrap_or_else(|| panic!("no basis {id}"));
        &v.bases[ix.ix()]
    };
    // s.70: (ea) exists and is barred to public authorities, like (f).
    let desc = |id: &str| basis(id).description.clone().unwrap_or_default();
    let ea = desc("a6-1-ea");
    assert!(
        ea.contains("s.70") && ea.contains("public authority"),
        "{ea}"
    );
    assert!(desc("a6-1-f").contains("Points (ea) and (f)"));
    // s.87: Art. 84B replaces "Art. 89(1) (as supplemented by section 19)".
    for id in ["a9-2-j", "sch1-para4"] {
        let d = desc(id);
        assert!(d.contains("Art. 84B") && d.contains("s.87"), "{id}: {d}");
    }
    // DPA 2018 s.10(4)–(5): only authorisation by law needs a Schedule 1 condition.
    assert!(basis("a10").requires_one_of.is_none());
    // s.80: Arts. 22A–22D replace Art. 22.
    let adm = v.right("automated-decision").expect("right");
    assert_eq!(v.rights[adm.ix()].article, "22A–22D");
    // Every vocabulary says when it was checked against the law.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab");
    for e in std::fs::read_dir(dir).expect("vocab dir") {
        let p = e.expect("entry").path();
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(
            text.contains("Checked against the law in force on 2026-11-30"),
            "{}",
            p.display()
        );
    }
}

#[test]
fn pre_1963_acts_use_regnal_year_ids() {
    let reg = &model().vocab.legislation;
    let cypa = reg
        .iter()
        .find(|l| l.title == "Children and Young Persons Act 1933")
        .expect("CYPA 1933");
    assert_eq!(cypa.gov_uk.as_deref(), Some("ukpga/Geo5/23-24/12"));
    // legislation.gov.uk numbers public general Acts by calendar year only from 1963.
    for l in reg.iter().filter(|l| l.year < 1963) {
        let id = l.gov_uk.as_deref().unwrap_or("");
        assert!(
            !id.starts_with(&format!("ukpga/{}/", l.year)),
            "{}: {id}",
            l.title
        );
    }
}

// ---- the whole output, pinned ----------------------------------------------------------------------

/// Every finding on the built-in data, as `basis check --format csv` prints it. A change to any
/// rule shows here; review the diff against the notices before accepting it (`cargo insta`).
#[test]
fn full_output_is_pinned() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_basis"))
        .args(["check", "--format", "csv"])
        .output()
        .expect("run basis");
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(out.status.code(), Some(1), "errors make the check fail");
    insta::assert_snapshot!("full_output", csv);
}

// ---- what a second reading of the notices found: BAS029, 039, 047, 048, 049 and the wider
// BAS011 and BAS017 ------------------------------------------------------------------------------

#[test]
fn fixture_sharing_for_a_good_reason_bas029_and_ownership_bas039() {
    let f = fixture(
        &[],
        "",
        "We may share your information when we feel there's a good reason.\nWe own the data.\n",
    );
    assert!(has(&f, "BAS029") && has(&f, "BAS039"), "{:?}", codes(&f));
    // A stated basis for protective sharing, and the controller named as such: neither.
    let f = fixture(
        &[],
        "",
        "We share information to protect a child at risk, relying on Article 6(1)(e).\n",
    );
    assert!(!has(&f, "BAS029") && !has(&f, "BAS039"), "{:?}", codes(&f));
}

const POLICE_AND_CRIME: &str = "
[[service.recipient]]
party = \"cheshire-police\"
quote = \"We share your information with Cheshire Police.\"

[[service.legislation]]
id = \"crime-and-disorder-act-1998\"
status = \"exact\"
quote = \"the Crime and Disorder Act 1998\"
";

#[test]
fn fixture_criminal_data_implied_but_undeclared_bas047() {
    let text = "We share your information with Cheshire Police.\nWe act under the Crime and Disorder Act 1998.\n";
    let f = fixture(&[], POLICE_AND_CRIME, text);
    assert!(has(&f, "BAS047"), "{:?}", codes(&f));
    // Declared as criminal-offence data: then BAS041 (no condition) speaks, not BAS047.
    let declared = format!(
        "{POLICE_AND_CRIME}\n[[service.category]]\nid = \"criminal-offences\"\nquote = \"We share your information with Cheshire Police.\"\n"
    );
    let f = fixture(&[], &declared, text);
    assert!(!has(&f, "BAS047"), "{:?}", codes(&f));
    // The police without an Act about crime, or the Act without the police: not enough.
    let police_only = POLICE_AND_CRIME
        .split("\n[[service.legislation]]")
        .next()
        .unwrap_or("");
    let f = fixture(&[], police_only, text);
    assert!(!has(&f, "BAS047"), "{:?}", codes(&f));
}

#[test]
fn fixture_special_category_left_out_of_the_art_9_list_bas048() {
    let line = "When we collect data about your race, health or sex life, we also rely on the following lawful basis:\n";
    let religion = "\n[[service.category]]\nid = \"religion\"\nquote = \"your religion\"\n";
    let f = fixture(&[], religion, &format!("We record your religion.\n{line}"));
    assert!(has(&f, "BAS048"), "{:?}", codes(&f));
    let named = "When we collect data about your race, religion, health or sex life, we also rely on the following lawful basis:\n";
    let f = fixture(&[], religion, &format!("We record your religion.\n{named}"));
    assert!(!has(&f, "BAS048"), "{:?}", codes(&f));
}

#[test]
fn fixture_basis_for_one_purpose_only_bas049() {
    // The basis is tied to one purpose; the notice has another, with no basis.
    let tied = [(
        "[[service.basis]]\nid = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"",
        "[[service.basis]]\nid = \"a6-1-e\"\npurposes = [\"early-help\"]\nquote = \"We rely on Article 6(1)(e) public task.\"",
    )];
    let more =
        "\n[[service.purpose]]\nid = \"statistics\"\nquote = \"We also use it for statistics.\"\n";
    let f = fixture(&tied, more, "We also use it for statistics.\n");
    let hit: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS049").collect();
    assert_eq!(hit.len(), 1, "{:?}", codes(&f));
    assert!(
        hit[0].message.ends_with("Statistics and statutory returns"),
        "{}",
        hit[0].message
    );
    // Both purposes tied: none is left without a basis.
    let both = [(
        tied[0].0,
        "[[service.basis]]\nid = \"a6-1-e\"\npurposes = [\"early-help\", \"statistics\"]\nquote = \"We rely on Article 6(1)(e) public task.\"",
    )];
    let f = fixture(&both, more, "We also use it for statistics.\n");
    assert!(!has(&f, "BAS049"), "{:?}", codes(&f));
    // A basis given for the processing as a whole covers every purpose.
    let f = fixture(&[], more, "We also use it for statistics.\n");
    assert!(!has(&f, "BAS049"), "{:?}", codes(&f));
}

#[test]
fn fixture_requirement_of_unknown_kind_bas011_and_reserved_bases_bas017() {
    let f = fixture(&[("statutory = true\n", "")], "", "");
    let found: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS011").collect();
    assert_eq!(found.len(), 1, "{:?}", codes(&f));
    assert!(
        found[0]
            .message
            .contains("not whether providing it is a statutory or contractual requirement")
    );
    assert_eq!(
        found[0].quote,
        "You must provide this information; without it we cannot help you."
    );
    let f = fixture(
        &[],
        "",
        "If we believe there is another legal basis for processing your data we will advise you.\n",
    );
    assert!(has(&f, "BAS017"), "{:?}", codes(&f));
}

#[test]
fn second_reading_findings_on_the_notices() {
    // 003: sharing "when we feel there's a good reason", and religion left out of the Art. 9 list.
    find(
        "BAS029",
        PP,
        "We may also share your personal information when we feel there’s a good reason that’s more important than protecting your privacy.",
    );
    let f = find(
        "BAS048",
        PP,
        "When we collect data about your race, health (including biometric or genetic data), sex life, sexual orientation, ethnic origin, politics or trade union membership, we also rely on the following lawful basis:",
    );
    assert!(
        f.message.contains("Religious or philosophical beliefs"),
        "{}",
        f.message
    );
    // 000 and 001: "own" the data.
    find(
        "BAS039",
        EH,
        "We will own your data once it has been submitted.",
    );
    find(
        "BAS039",
        SF,
        "We own the data and are the Data Controller for this processing.",
    );
    // 001: police and probation partners, Acts about crime, no criminal-offence data declared.
    let f = findings()
        .iter()
        .find(|f| f.code == "BAS047" && f.notice == SF)
        .unwrap_or_else(|| panic!("no BAS047 on {SF}"));
    for w in [
        "Police services",
        "Probation services",
        "Crime and Disorder Act 1998",
    ] {
        assert!(f.message.contains(w), "{w}: {}", f.message);
    }
    // 004: consent given only for referrals; statistics, audit, complaints, training have none.
    let f = findings()
        .iter()
        .find(|f| f.code == "BAS049" && f.notice == AFC)
        .unwrap_or_else(|| panic!("no BAS049 on {AFC}"));
    assert!(
        f.message.contains("Statistics and statutory returns"),
        "{}",
        f.message
    );
    assert!(
        !f.message.contains("Early help"),
        "the referral work is covered: {}",
        f.message
    );
    // 000: what happens is said, not whether the data is a statutory or contractual requirement.
    let f = find(
        "BAS011",
        EH,
        "If you do not provide us with your information we will be unable to provide you with the support you require.",
    );
    assert!(
        f.message.contains("statutory or contractual"),
        "{}",
        f.message
    );
    // 002 reserves bases it does not name.
    find(
        "BAS017",
        CE,
        "If we believe there is another legal basis for processing your personal data we will advise you of this at the time we collect the data from you.",
    );
}

#[test]
fn fixture_the_icos_address_is_no_contact_of_the_controller_bas002() {
    // Only the regulator's details: the controller still gives no contact point of its own.
    let only_ico = [
        (
            "role = \"controller\"\nkind = \"post\"",
            "role = \"ico\"\nkind = \"post\"",
        ),
        (
            "role = \"dpo\"\nkind = \"email\"",
            "role = \"ico\"\nkind = \"email\"",
        ),
    ];
    let f = fixture(&only_ico, "", "");
    assert!(has(&f, "BAS002") && has(&f, "BAS003"), "{:?}", codes(&f));
}

#[test]
fn fixture_an_art_9_condition_only_inferred_is_still_none_cited_bas040() {
    let health = "\n[[service.category]]\nid = \"health\"\nquote = \"We use your name to provide the service.\"\n";
    let basis = |provenance: &str| {
        format!(
            "{health}\n[[service.basis]]\nid = \"a9-2-a\"\ncited = \"explicit consent\"\n{provenance}quote = \"We ask for your explicit consent.\"\n"
        )
    };
    let inferred = basis(
        "provenance = \"inferred\"\nnote = \"read as Art. 9(2)(a) from the words explicit consent\"\n",
    );
    let f = fixture(&[], &inferred, "We ask for your explicit consent.\n");
    let hit: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS040").collect();
    assert_eq!(hit.len(), 1, "{:?}", codes(&f));
    assert_eq!(hit[0].severity, Severity::Warning);
    assert!(
        hit[0].message.contains("encoder's reading"),
        "{}",
        hit[0].message
    );
    // Cited by the notice: no finding.
    let f = fixture(&[], &basis(""), "We ask for your explicit consent.\n");
    assert!(!has(&f, "BAS040"), "{:?}", codes(&f));
}

#[test]
fn an_act_cited_by_its_alias_is_exact_not_a_wrong_title_bas034() {
    // "DPA 2018" and the spelled-out "United Kingdom General Data Protection Regulation" are
    // the instruments' own names: the loader accepts them as exact, and check is silent.
    for (id, words) in [
        (
            "data-protection-act-2018",
            "We process it under the DPA 2018 and its schedules.",
        ),
        (
            "uk-gdpr",
            "We follow the United Kingdom General Data Protection Regulation.",
        ),
    ] {
        let more = format!(
            "\n[[service.legislation]]\nid = \"{id}\"\nstatus = \"exact\"\nquote = \"{words}\"\n"
        );
        let f = fixture(&[], &more, &format!("{words}\n"));
        assert!(!has(&f, "BAS034"), "{id}: {:?}", codes(&f));
        // Marked corrected, it is still not a wrong title.
        let more = more.replace("status = \"exact\"", "status = \"corrected\"");
        let f = fixture(&[], &more, &format!("{words}\n"));
        assert!(!has(&f, "BAS034"), "{id} corrected: {:?}", codes(&f));
    }
    // The bare "General Data Protection Regulation" is the EU Regulation: still a finding.
    let words = "Principle (e) of the General Data Protection Regulation";
    let more = format!(
        "\n[[service.legislation]]\nid = \"uk-gdpr\"\nstatus = \"corrected\"\nquote = \"{words}\"\n"
    );
    let f = fixture(&[], &more, &format!("{words}\n"));
    assert!(has(&f, "BAS034"), "{:?}", codes(&f));
}

#[test]
fn fixture_retention_by_kind_of_data_covers_everyone_bas053() {
    // Periods set by kind of data cover whoever the data is about.
    let parents = "\n[[service.subject]]\nid = \"parents-and-carers\"\nquote = \"We keep contact details for two years.\"\n";
    let by_data = (
        "years = 6\ntrigger = \"closure\"\n",
        "years = 2\ncategories = [\"name\"]\ntrigger = \"closure\"\n",
    );
    let f = fixture(
        &[by_data],
        parents,
        "We keep contact details for two years.\n",
    );
    assert!(!has(&f, "BAS053"), "{:?}", codes(&f));
    // Periods set by the people the records are about leave the parents out: one finding.
    let by_people = (
        "years = 6\ntrigger = \"closure\"\n",
        "years = 6\nsubjects = [\"children\"]\ntrigger = \"closure\"\n",
    );
    let f = fixture(
        &[by_people],
        parents,
        "We keep contact details for two years.\n",
    );
    let hits: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS053").collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(
        hits[0].message.contains("parents-and-carers"),
        "{}",
        hits[0].message
    );
}

// ---- bases, purposes, rights, vague and contradictory statements (issue 22) -------------------
//
// Each rule both ways, on sentences written for the fixture (the corpus's own sentences are in
// the rules' unit tests and in `corpus_review`).

/// The fixture with `toml` appended and `text` added to its notice.
fn with(toml: &str, text: &str) -> Vec<Finding> {
    fixture(&[], toml, text)
}

#[test]
fn fixture_basis_in_law_bas072() {
    let no_law = [(
        "\n[[service.legislation]]\nid = \"children-act-1989\"\nquote = \"Our duty to help comes from the Children Act 1989.\"\n",
        "\n",
    )];
    let f = fixture(&no_law, "", "");
    let hit: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS072").collect();
    assert_eq!(hit.len(), 1, "{:?}", codes(&f));
    assert_eq!(hit[0].quote, "We rely on Article 6(1)(e) public task.");
    // The complete fixture names the Children Act 1989.
    assert!(!has(&fixture(&[], "", ""), "BAS072"));
}

#[test]
fn fixture_several_bases_bas073_and_consent_beside_a_task_bas074() {
    let consent = "\n[[service.basis]]\nid = \"a6-1-a\"\nquote = \"Sometimes we ask for your consent instead.\"\n\n[[service.right]]\nid = \"withdraw-consent\"\nquote = \"You can withdraw your consent at any time.\"\n";
    let text =
        "Sometimes we ask for your consent instead.\nYou can withdraw your consent at any time.\n";
    let f = with(consent, text);
    assert!(has(&f, "BAS073") && !has(&f, "BAS074"), "{:?}", codes(&f));
    // Each basis tied to its purpose: nothing to report.
    let tied = consent.replace(
        "id = \"a6-1-a\"\n",
        "id = \"a6-1-a\"\npurposes = [\"statistics\"]\n",
    ) + "\n[[service.purpose]]\nid = \"statistics\"\nquote = \"Sometimes we ask for your consent instead.\"\n";
    let edits = [(
        "[[service.basis]]\nid = \"a6-1-e\"\n",
        "[[service.basis]]\nid = \"a6-1-e\"\npurposes = [\"early-help\"]\n",
    )];
    let f = fixture(&edits, &tied, text);
    assert!(
        !has(&f, "BAS073") && !has(&f, "BAS074") && !has(&f, "BAS049"),
        "{:?}",
        codes(&f)
    );
    // Consent and the public task both given for one purpose, by a council.
    let both = consent.replace(
        "id = \"a6-1-a\"\n",
        "id = \"a6-1-a\"\npurposes = [\"early-help\"]\n",
    );
    let f = fixture(&edits, &both, text);
    let hit: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS074").collect();
    assert_eq!(hit.len(), 1, "{:?}", codes(&f));
    assert!(hit[0].message.contains("Early help"), "{}", hit[0].message);
}

#[test]
fn fixture_substantial_public_interest_without_part_2_bas075_and_in_words_bas098() {
    let g = "\n[[service.category]]\nid = \"physical-health\"\nquote = \"We also hold details of your health.\"\n\n[[service.basis]]\nid = \"a9-2-g\"\nquote = \"For your health details we rely on Article 9(2)(g) of the UK GDPR.\"\n";
    let text = "We also hold details of your health.\nFor your health details we rely on Article 9(2)(g) of the UK GDPR.\n";
    let f = with(g, text);
    assert!(has(&f, "BAS075") && !has(&f, "BAS098"), "{:?}", codes(&f));
    // With its Part 2 condition, by number: nothing.
    let para6 = format!(
        "{g}\n[[service.basis]]\nid = \"sch1-para6\"\nquote = \"We also rely on the Data Protection Act 2018 Schedule 1 paragraph 6.\"\n"
    );
    let f = with(
        &para6,
        &format!("{text}We also rely on the Data Protection Act 2018 Schedule 1 paragraph 6.\n"),
    );
    assert!(!has(&f, "BAS075") && !has(&f, "BAS098"), "{:?}", codes(&f));
    // The same conditions in words only.
    let words = "\n[[service.category]]\nid = \"physical-health\"\nquote = \"We also hold details of your health.\"\n\n[[service.basis]]\nid = \"a9-2-g\"\nquote = \"We rely on substantial public interest for statutory and government purposes.\"\n\n[[service.basis]]\nid = \"sch1-para6\"\nquote = \"We rely on substantial public interest for statutory and government purposes.\"\n";
    let f = with(
        words,
        "We also hold details of your health.\nWe rely on substantial public interest for statutory and government purposes.\n",
    );
    assert!(has(&f, "BAS098") && !has(&f, "BAS075"), "{:?}", codes(&f));
}

#[test]
fn fixture_consent_spoken_of_but_not_relied_on_bas079() {
    let text = "We will only pass your details on where the law allows it or with your consent.\n";
    assert!(has(&with("", text), "BAS079"));
    // Relied on (with its withdrawal): the words describe it.
    let consent = "\n[[service.basis]]\nid = \"a6-1-a\"\npurposes = [\"early-help\"]\nquote = \"We will only pass your details on where the law allows it or with your consent.\"\n\n[[service.right]]\nid = \"withdraw-consent\"\nquote = \"We will only pass your details on where the law allows it or with your consent.\"\n";
    assert!(!has(&with(consent, text), "BAS079"));
    // "We do not rely on consent" is not speaking of consent as a choice.
    assert!(!has(&with("", "We do not ask for consent.\n"), "BAS079"));
}

#[test]
fn fixture_complaint_to_the_controller_bas070() {
    let edit = [(
        "\n[[service.right]]\nid = \"complain-controller\"\nquote = \"If you are unhappy with how we use your data, complain to us using our online form.\"\n",
        "\n",
    )];
    let f = fixture(&edit, "", "");
    let hit: Vec<&Finding> = f.iter().filter(|x| x.code == "BAS070").collect();
    assert_eq!(hit.len(), 1, "{:?}", codes(&f));
    assert!(hit[0].message.contains("s.164A"), "{}", hit[0].message);
    assert!(!has(&fixture(&[], "", ""), "BAS070"));
}

#[test]
fn fixture_rights_described_wrongly_bas071() {
    let restriction = [(
        "id = \"restriction\"\nquote = \"You have the right of access, rectification, erasure, restriction and to object.\"",
        "id = \"restriction\"\nquote = \"You can ask us to stop processing your data (restriction).\"",
    )];
    let f = fixture(
        &restriction,
        "",
        "You can ask us to stop processing your data (restriction).\n",
    );
    assert!(has(&f, "BAS071"), "{:?}", codes(&f));
    let fine = [(
        restriction[0].0,
        "id = \"restriction\"\nquote = \"You can ask us to limit how we use your data while a complaint about its accuracy is settled.\"",
    )];
    let f = fixture(
        &fine,
        "",
        "You can ask us to limit how we use your data while a complaint about its accuracy is settled.\n",
    );
    assert!(!has(&f, "BAS071"), "{:?}", codes(&f));
    // Objection stated for everything, beside a legal obligation (no right to object there).
    let legal =
        "\n[[service.basis]]\nid = \"a6-1-c\"\nquote = \"Some of it we must collect by law.\"\n";
    let objection = [(
        "id = \"objection\"\nquote = \"You have the right of access, rectification, erasure, restriction and to object.\"",
        "id = \"objection\"\nquote = \"You can ask us to stop using any or all of your information.\"",
    )];
    let f = fixture(
        &objection,
        legal,
        "Some of it we must collect by law.\nYou can ask us to stop using any or all of your information.\n",
    );
    assert!(has(&f, "BAS071"), "{:?}", codes(&f));
    // Under public task alone the right to object applies to all of it: no finding.
    let f = fixture(
        &objection,
        "",
        "You can ask us to stop using any or all of your information.\n",
    );
    assert!(!has(&f, "BAS071"), "{:?}", codes(&f));
}

#[test]
fn fixture_vague_recipients_bas078() {
    let vague = "\n[[party]]\nid = \"fx-others\"\nname = \"Other organisations we work with\"\ntype = \"unidentified\"\ngeneric = true\n\n[[service.recipient]]\nparty = \"fx-others\"\nquote = \"We may also share it with other organisations we work with.\"\n";
    // `[[party]]` must come before the services: put it at the top of the appended text.
    let f = fixture(
        &[(
            "[[service]]\nid = \"fx-service\"",
            &format!(
                "{}\n[[service]]\nid = \"fx-service\"",
                vague.split("\n[[service.recipient]]").next().unwrap_or("")
            ),
        )],
        &format!(
            "\n[[service.recipient]]{}",
            vague.split("\n[[service.recipient]]").nth(1).unwrap_or("")
        ),
        "We may also share it with other organisations we work with.\n",
    );
    assert!(has(&f, "BAS078"), "{:?}", codes(&f));
    // The fixture's own recipient is a named trust and its source "Referrers", a kind.
    assert!(!has(&fixture(&[], "", ""), "BAS078"));
}

#[test]
fn fixture_vague_retention_bas056() {
    let until = [(
        "years = 6\ntrigger = \"closure\"\n",
        "until = \"it is no longer needed\"\n",
    )];
    let f = fixture(&until, "", "We keep it until it is no longer needed.\n");
    // The quote still says six years: the rule reads the encoded end.
    assert!(has(&f, "BAS056"), "{:?}", codes(&f));
    let dated = [(
        "years = 6\ntrigger = \"closure\"\n",
        "until = \"you close your account\"\n",
    )];
    let f = fixture(&dated, "", "");
    assert!(!has(&f, "BAS056"), "{:?}", codes(&f));
    let forever = [("years = 6\ntrigger = \"closure\"\n", "indefinite = true\n")];
    assert!(has(&fixture(&forever, "", ""), "BAS056"));
    let archive = [(
        "years = 6\ntrigger = \"closure\"\nquote = \"We keep records for six years from the closure of the case.\"",
        "indefinite = true\nquote = \"Anonymised statistics are kept indefinitely.\"",
    )];
    assert!(!has(
        &fixture(
            &archive,
            "",
            "Anonymised statistics are kept indefinitely.\n"
        ),
        "BAS056"
    ));
}

#[test]
fn fixture_contradictions_bas080_bas081_bas096() {
    // A recipient the notice says it does not share with.
    let f = with(
        "",
        "None of your data is shared with Fixture Health Trust.\n",
    );
    assert!(has(&f, "BAS080"), "{:?}", codes(&f));
    let f = with(
        "",
        "We do not share your data with Fixture Health Trust unless you are at risk.\n",
    );
    assert!(!has(&f, "BAS080"), "{:?}", codes(&f));
    // "No processors", and a recipient acting on our behalf.
    let edits = [(
        "quote = \"We share your information with Fixture Health Trust.\"",
        "quote = \"Fixture Health Trust runs the service on our behalf.\"",
    )];
    let f = fixture(
        &edits,
        "",
        "Fixture Health Trust runs the service on our behalf.\nWe do not use any data processors.\n",
    );
    assert!(has(&f, "BAS081"), "{:?}", codes(&f));
    let f = fixture(
        &edits,
        "",
        "Fixture Health Trust runs the service on our behalf.\n",
    );
    assert!(!has(&f, "BAS081"), "{:?}", codes(&f));
    // Sharing that depends on consent, under the public task.
    let edits = [(
        "quote = \"We share your information with Fixture Health Trust.\"",
        "condition = \"if you have consented\"\nquote = \"We share your information with Fixture Health Trust.\"",
    )];
    let f = fixture(&edits, "", "");
    assert!(has(&f, "BAS096"), "{:?}", codes(&f));
    assert!(!has(&fixture(&[], "", ""), "BAS096"));
}

#[test]
fn fixture_checks_that_return_data_bas077() {
    let fraud = "\n[[service.recipient]]\nparty = \"fraud-prevention-agencies\"\nquote = \"We check your details with fraud prevention agencies.\"\n";
    // The fixture gets data from referrers: data from others is already described.
    assert!(!has(
        &with(
            fraud,
            "We check your details with fraud prevention agencies.\n"
        ),
        "BAS077"
    ));
    let edits = [(
        "\n[[service.source]]\nparty = \"fx-referrers\"\nquote = \"We get information from referrers.\"\n",
        "\n",
    )];
    let f = fixture(
        &edits,
        fraud,
        "We check your details with fraud prevention agencies.\n",
    );
    assert!(has(&f, "BAS077"), "{:?}", codes(&f));
}

/// BAS099: data from referrers, and nothing says when the people referred are told. The
/// fixture says it ("within one month"); other ways of saying it, and an exemption, also
/// answer; a request's deadline does not.
#[test]
fn fixture_when_people_whose_data_comes_from_others_are_told_bas099() {
    const TELL: &str =
        "If someone else tells us about you, we will tell you within one month of receiving it.\n";
    let untold = NOTICE.replace(TELL, "");
    let f = fixture_notice(&untold, &[], "");
    assert_eq!(codes(&f), ["BAS099"], "{f:#?}");
    assert_eq!(f[0].quote, "We get information from referrers.");
    assert!(f[0].message.contains("Referrers"), "{}", f[0].message);
    for said in [
        "We will let you know that we hold your information when we first contact you.\n",
        "You will be informed at our first contact with you.\n",
        "Telling everyone referred would involve disproportionate effort (Article 14(5)(b)).\n",
        "We are exempt from telling you where that would prejudice an investigation.\n",
    ] {
        let f = fixture_notice(&format!("{untold}{said}"), &[], "");
        assert!(!has(&f, "BAS099"), "{said}: {:?}", codes(&f));
    }
    for unsaid in [
        "If you make a request, we will respond within one month.\n",
        "When we share your information we do so to deliver services.\n",
    ] {
        let f = fixture_notice(&format!("{untold}{unsaid}"), &[], "");
        assert!(has(&f, "BAS099"), "{unsaid}: {:?}", codes(&f));
    }
    // Parents giving their child's data are the notice's readers: no finding for them alone.
    let parents = [("type = \"referrer\"", "type = \"family\"")];
    assert!(!has(&fixture_notice(&untold, &parents, ""), "BAS099"));
}

#[test]
fn fixture_equality_monitoring_without_para_8_bas097() {
    let eq = "\n[[service.purpose]]\nid = \"equality-monitoring\"\nquote = \"We ask about your ethnicity to monitor equality; the law requires us to.\"\n\n[[service.category]]\nid = \"racial-ethnic-origin\"\nquote = \"We ask about your ethnicity to monitor equality; the law requires us to.\"\n\n[[service.basis]]\nid = \"a9-2-g\"\nquote = \"We rely on Article 9(2)(g) and the Data Protection Act 2018 Schedule 1 paragraph 6.\"\n\n[[service.basis]]\nid = \"sch1-para6\"\nquote = \"We rely on Article 9(2)(g) and the Data Protection Act 2018 Schedule 1 paragraph 6.\"\n";
    let text = "We ask about your ethnicity to monitor equality; the law requires us to.\nWe rely on Article 9(2)(g) and the Data Protection Act 2018 Schedule 1 paragraph 6.\n";
    let f = with(eq, text);
    assert!(has(&f, "BAS097"), "{:?}", codes(&f));
    let para8 = eq
        .replace("sch1-para6", "sch1-para8")
        .replace("paragraph 6", "paragraph 8");
    let f = with(&para8, &text.replace("paragraph 6", "paragraph 8"));
    assert!(!has(&f, "BAS097"), "{:?}", codes(&f));
}

// ---- drafting: BAS085 and after --------------------------------------------------------------

#[test]
fn drafting_findings_on_the_notices() {
    // BAS085: four notices give no date; 002 is dated ("Page last reviewed: 25 May 2022").
    find("BAS085", EH, "Early help and prevention privacy notice");
    find("BAS085", SF, "Supporting Families Privacy Notice");
    find("BAS085", PP, "Privacy policy");
    find("BAS085", AFC, "Privacy notice for Early Help Hub");
    absent("BAS085", CE);
    // BAS090: 003's only mention of the GDPR is the citation BAS034 reports under its wrong
    // title; it is not reported twice.
    find(
        "BAS034",
        PP,
        "Principle (e) of the General Data Protection Regulation",
    );
    absent("BAS090", PP);
    // BAS091: 002 describes public task in the old words, unquoted, last reviewed in 2022.
    absent("BAS091", CE);
    // BAS092: 003 names seven kinds of Art. 9(1) where it introduces its conditions, with no
    // "may"; its list of what it collects names three.
    absent("BAS092", PP);
}

// ---- provisions cited wrongly (BAS095) -------------------------------------------------------------

/// The fixture with one legislation citation quoting `sentence`, which the notice says.
fn with_citation(id: &str, section: &str, sentence: &str) -> Vec<Finding> {
    let more = format!(
        "\n[[service.legislation]]\nid = \"{id}\"\nsection = \"{section}\"\nstatus = \"exact\"\nquote = \"{sentence}\"\n"
    );
    fixture(&[], &more, &format!("{sentence}\n"))
}

fn bas095(f: &[Finding]) -> Vec<&Finding> {
    f.iter().filter(|x| x.code == "BAS095").collect()
}

#[test]
fn fixture_a_definition_cited_as_the_authority_for_sharing_bas095() {
    // 01's words, and the same said otherwise.
    for sentence in [
        "This is compliant with section 31 of the Data Protection Act 2018.",
        "We pass details to the police under section 31 of the Data Protection Act 2018.",
    ] {
        let f = with_citation("data-protection-act-2018", "s.31", sentence);
        let hits = bas095(&f);
        assert_eq!(hits.len(), 1, "{sentence}: {:?}", codes(&f));
        assert_eq!(hits[0].severity, Severity::Warning);
        assert!(
            hits[0].message.contains("law enforcement purposes"),
            "{}",
            hits[0].message
        );
    }
    // Named as the definition it is: no finding; another section of the Act: none.
    let f = with_citation(
        "data-protection-act-2018",
        "s.31",
        "Processing for the law enforcement purposes as defined in section 31 of the Data Protection Act 2018 is covered by the police's own notice.",
    );
    assert!(bas095(&f).is_empty(), "{:?}", codes(&f));
    let f = with_citation(
        "data-protection-act-2018",
        "s.8",
        "Section 8 of the Data Protection Act 2018 says public task includes the administration of justice.",
    );
    assert!(bas095(&f).is_empty(), "{:?}", codes(&f));
}

#[test]
fn fixture_conditions_cited_as_a_definition_bas095() {
    // 03's words, and the same said otherwise.
    for sentence in [
        "This is classed as special category personal data within the meaning of Schedule 1 to the Data Protection Act 2018.",
        "Health data is special category data as defined in Schedule 1 of the Data Protection Act 2018.",
    ] {
        let f = with_citation("data-protection-act-2018", "Sch. 1", sentence);
        let hits = bas095(&f);
        assert_eq!(hits.len(), 1, "{sentence}: {:?}", codes(&f));
        assert!(hits[0].message.contains("Art. 9(1)"), "{}", hits[0].message);
    }
    // Schedule 1 cited for its conditions: right.
    let f = with_citation(
        "data-protection-act-2018",
        "Sch. 1",
        "We process special category data under a condition in Schedule 1 to the Data Protection Act 2018.",
    );
    assert!(bas095(&f).is_empty(), "{:?}", codes(&f));
}

#[test]
fn fixture_a_section_of_regulations_bas095() {
    let f = with_citation(
        "teachers-disciplinary-england-regulations-2012",
        "reg. 15",
        "We publish decisions under section 15 of the Teachers’ Disciplinary (England) Regulations 2012.",
    );
    let hits = bas095(&f);
    assert_eq!(hits.len(), 1, "{:?}", codes(&f));
    assert_eq!(hits[0].severity, Severity::Info);
    assert!(
        hits[0].message.contains("regulation 15"),
        "{}",
        hits[0].message
    );
    let f = with_citation(
        "teachers-disciplinary-england-regulations-2012",
        "reg. 15",
        "We publish decisions under regulation 15 of the Teachers’ Disciplinary (England) Regulations 2012.",
    );
    assert!(bas095(&f).is_empty(), "{:?}", codes(&f));
}

#[test]
fn fixture_a_point_without_its_paragraph_bas095() {
    let basis = |cited: &str| {
        (
            "[[service.basis]]\nid = \"a6-1-e\"\nquote = \"We rely on Article 6(1)(e) public task.\"\n",
            format!(
                "[[service.basis]]\nid = \"a6-1-e\"\ncited = \"{cited}\"\nquote = \"We rely on Article 6(1)(e) public task.\"\n"
            ),
        )
    };
    for (cited, hit) in [
        ("Article 6(e)", true),
        ("Article 6 part e", true),
        ("Article 6(1)(e)", false),
        ("Article 6 (1) (e)", false),
    ] {
        let (from, to) = basis(cited);
        let f = fixture(&[(from, to.as_str())], "", "");
        assert_eq!(!bas095(&f).is_empty(), hit, "{cited}: {:?}", codes(&f));
        if hit {
            assert_eq!(bas095(&f)[0].severity, Severity::Info);
        }
    }
}

#[test]
fn corpus_provisions_cited_wrongly_bas095() {
    // Point 01-08: s.31 defines the law enforcement purposes.
    let f = corpus_find(
        "BAS095",
        TRA,
        "This is compliant with section 31 of the Data Protection Act 2018.",
    );
    assert_eq!(f.severity, Severity::Warning);
    // Point 01-10: a section of regulations.
    let f = corpus_find(
        "BAS095",
        TRA,
        "This is compliant with section 15 of the Teachers’ Disciplinary (England) Regulations 2012 and section 141c of the Education Act 2002 (updated).",
    );
    assert_eq!(f.severity, Severity::Info);
    // Point 03-04: Schedule 1 named as where special category data is defined.
    corpus_find(
        "BAS095",
        "co-shielding-privacy",
        "This is classed as ‘special category’ personal data within the meaning of Schedule 1 to the Data Protection Act 2018, meaning we must state a further lawful basis for processing it.",
    );
    // Point 04-06: "Article 9(g)".
    let f = corpus_find(
        "BAS095",
        "moj-laa-cla-privacy",
        "The condition under which we process this data is Article 9(g) of UK GDPR – Reasons of substantial public interest.",
    );
    assert!(f.message.contains("Art. 9(2)(g)"), "{}", f.message);
}

#[test]
fn built_in_points_without_their_paragraph_bas095() {
    // 000 and 001 cite "Article 6 part e" (and 000 "Article 9 Part h"): the same defect of form
    // as the corpus's "Article 9(g)", an info.
    let f = find(
        "BAS095",
        EH,
        "General Data Protection Legislation Article 6 part e",
    );
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("Art. 9(2)(h)"), "{}", f.message);
    find(
        "BAS095",
        SF,
        "General Data Protection Legislation Article 6 part e",
    );
}

// ---- transfers outside the UK (BAS082–BAS084, BAS087) ----------------------------------------------

/// The fixture with its "no transfers" statement replaced by a possible transfer quoting
/// `sentence` with `safeguards`, which the notice says.
fn with_transfer(sentence: &str, safeguards: &str, edits: &[(&str, &str)]) -> Vec<Finding> {
    let notice = NOTICE.replace(
        "Your information is not transferred outside the UK.\n",
        &format!("{sentence}\n"),
    );
    let mut all: Vec<(&str, String)> = vec![(
        "stance = \"none\"\nquote = \"Your information is not transferred outside the UK.\"",
        format!("stance = \"possible\"\nsafeguards = \"{safeguards}\"\nquote = \"{sentence}\""),
    )];
    all.extend(edits.iter().map(|(a, b)| (*a, b.to_string())));
    let edits: Vec<(&str, &str)> = all.iter().map(|(a, b)| (*a, b.as_str())).collect();
    fixture_notice(&notice, &edits, "")
}

fn of(f: &[Finding], code: &str) -> Vec<Finding> {
    f.iter().filter(|x| x.code == code).cloned().collect()
}

#[test]
fn fixture_a_dead_transfer_mechanism_bas082() {
    // 06's words, and the same said otherwise.
    for (sentence, severity) in [
        (
            "Our email provider has certified its compliance to the EU-US Privacy Shield Framework.",
            Severity::Error,
        ),
        (
            "Transfers to our US host rely on the Safe Harbour principles.",
            Severity::Error,
        ),
        (
            "Data sent to our supplier in India is protected by model clauses.",
            Severity::Error,
        ),
        (
            "We transfer data abroad under the EU standard contractual clauses.",
            Severity::Warning,
        ),
    ] {
        let f = with_transfer(sentence, "as the notice says", &[]);
        let hits = of(&f, "BAS082");
        assert_eq!(hits.len(), 1, "{sentence}: {:?}", codes(&f));
        assert_eq!(hits[0].severity, severity, "{sentence}");
        assert!(!has(&f, "BAS025"), "{sentence}: {:?}", codes(&f));
    }
    // 04's processors: model clauses named for a processor's contract, a warning.
    let f = fixture(
        &[],
        "",
        "Data shared with our data processors is governed by model contract clauses.\n",
    );
    let hits = of(&f, "BAS082");
    assert_eq!(hits.len(), 1, "{:?}", codes(&f));
    assert_eq!(hits[0].severity, Severity::Warning);
    // A UK mechanism, the Addendum beside the EU's clauses, or a past mechanism: none.
    for sentence in [
        "We may send data abroad under the IDTA; ask the DPO for a copy.",
        "We transfer data abroad under the EU standard contractual clauses with the UK Addendum.",
        "Since the Privacy Shield was invalidated we transfer data to the US under the IDTA.",
    ] {
        let f = with_transfer(sentence, "as the notice says", &[]);
        assert!(!has(&f, "BAS082"), "{sentence}: {:?}", codes(&f));
    }
}

#[test]
fn fixture_a_derogation_a_public_authority_cannot_use_bas083() {
    let sentence =
        "We may transfer data abroad under Article 49 where it is in our legitimate interests.";
    let f = with_transfer(sentence, "Article 49, legitimate interests", &[]);
    assert_eq!(of(&f, "BAS083").len(), 1, "{:?}", codes(&f));
    // Not a public authority, or a derogation open to one: no finding.
    let f = with_transfer(
        sentence,
        "Article 49, legitimate interests",
        &[("type = \"local-authority\"", "type = \"voluntary\"")],
    );
    assert!(!has(&f, "BAS083"), "{:?}", codes(&f));
    let f = with_transfer(
        "We may transfer data abroad under Article 49(1)(d), for important reasons of public interest.",
        "Article 49(1)(d)",
        &[],
    );
    assert!(!has(&f, "BAS083"), "{:?}", codes(&f));
}

#[test]
fn fixture_a_recipient_abroad_and_no_word_of_transfers_bas084() {
    let irish = "\n[[service.recipient]]\nparty = \"teaching-council-ireland\"\nquote = \"We share findings with the Teaching Council Ireland.\"\n";
    let text = "We share findings with the Teaching Council Ireland.\n";
    // The fixture says nothing is transferred abroad.
    let f = fixture(&[], irish, text);
    let hits = of(&f, "BAS084");
    assert_eq!(hits.len(), 1, "{:?}", codes(&f));
    assert!(
        hits[0].message.contains("says data is not transferred"),
        "{}",
        hits[0].message
    );
    // Silent on transfers: BAS084, and not BAS010 besides (one omission, one finding).
    let silent = (
        "[[service.transfer]]\nstance = \"none\"\nquote = \"Your information is not transferred outside the UK.\"\n",
        "",
    );
    let f = fixture(&[silent], irish, text);
    assert!(has(&f, "BAS084") && !has(&f, "BAS010"), "{:?}", codes(&f));
    // A US processor said to host the data in the UK makes no transfer.
    let f = fixture(
        &[],
        "\n[[service.recipient]]\nparty = \"mailchimp\"\nquote = \"We send emails with Mailchimp, which stores your data in the UK.\"\n",
        "We send emails with Mailchimp, which stores your data in the UK.\n",
    );
    assert!(!has(&f, "BAS084"), "{:?}", codes(&f));
    // A recipient in the UK: none.
    let f = fixture(&[], "", "");
    assert!(!has(&f, "BAS084"), "{:?}", codes(&f));
}

#[test]
fn fixture_transfers_resting_on_article_45_bas085() {
    let f = with_transfer(
        "We transfer data to the EEA on the basis of adequacy decisions under Article 45.",
        "adequacy decisions",
        &[],
    );
    let hits = of(&f, "BAS087");
    assert_eq!(hits.len(), 1, "{:?}", codes(&f));
    assert_eq!(hits[0].severity, Severity::Info);
    let f = with_transfer(
        "We transfer data to the EEA, approved by regulations under Article 45A.",
        "regulations under Article 45A",
        &[],
    );
    assert!(!has(&f, "BAS087"), "{:?}", codes(&f));
}

#[test]
fn corpus_transfers_bas082_to_bas085() {
    // 06-01: Privacy Shield named as the safeguard, an error; BAS025 does not repeat it.
    let f = corpus_find(
        "BAS082",
        GLA,
        "Mailchimp has certified its compliance to both the EU-US Privacy Shield Framework and the Swiss-US Privacy Shield Framework since 2016.",
    );
    assert_eq!(f.severity, Severity::Error);
    assert!(!corpus_codes(GLA).contains(&"BAS025"));
    // 04-15: model contract clauses for processors, a warning.
    let f = corpus_find(
        "BAS082",
        LAA,
        "Any personal data shared with a data processor for this purpose will be governed by model contract clauses under data protection law.",
    );
    assert_eq!(f.severity, Severity::Warning);
    // 04-01: the compelling-legitimate-interests derogation, by a government department.
    corpus_find(
        "BAS083",
        LAA,
        "Where transfers for this purpose are made to locations without Adequacy decisions the transfer is made on the basis of exceptions under Article 49 of UK GDPR and is required for the legitimate interests of the Ministry of Justice.",
    );
    // 04-02: "Adequacy decisions … in accordance with Article 45".
    corpus_find(
        "BAS087",
        LAA,
        "Such transfers are made on the basis of Adequacy decisions between the UK and EEA in accordance with Article 45 of UK GDPR.",
    );
    // 01-14: the Irish regulator, and no word of transfers; BAS010 does not repeat it.
    let f = corpus_find("BAS084", TRA, "Teaching Council Ireland (TCI)");
    assert!(
        f.message.contains("Teaching Council (Ireland)"),
        "{}",
        f.message
    );
    assert!(!corpus_codes(TRA).contains(&"BAS010"));
    // 05: GOV.UK Notify in the EEA "through the safeguard of the UK Adequacy Regulations": the
    // right instrument; AWS and Microsoft "in the UK": no transfer finding.
    for code in ["BAS082", "BAS083", "BAS084", "BAS087"] {
        assert!(!corpus_codes(WHLG).contains(&code), "{code}");
    }
}

// ---- bodies and mailboxes that ended (BAS038) ----------------------------------------------------

#[test]
fn fixture_a_retired_mailbox_and_a_body_named_in_a_sentence_bas038() {
    // A DPO mailbox on the GSi family.
    let gsi = [(
        "value = \"dpo@fx.example\"\nnotice = \"fx-notice\"\nquote = \"Data Protection Officer: dpo@fx.example\"",
        "value = \"dpo@fx.gsi.gov.uk\"\nnotice = \"fx-notice\"\nquote = \"Data Protection Officer: dpo@fx.gsi.gov.uk\"",
    )];
    let notice = NOTICE.replace("dpo@fx.example", "dpo@fx.gsi.gov.uk");
    let f = fixture_notice(&notice, &gsi, "");
    let hits = of(&f, "BAS038");
    assert_eq!(hits.len(), 1, "{:?}", codes(&f));
    assert!(
        hits[0].message.contains("dpo@fx.gsi.gov.uk"),
        "{}",
        hits[0].message
    );
    // 03's words, and the same said otherwise: a controller named in a sentence.
    for sentence in [
        "NHS Digital is the data controller for any personal information you provide to create or access your NHS login.",
        "Your login details are held by NHS Digital.",
    ] {
        let f = fixture(&[], "", &format!("{sentence}\n"));
        assert_eq!(of(&f, "BAS038").len(), 1, "{sentence}: {:?}", codes(&f));
    }
    // A sentence that tells of the change is the notice being right.
    for sentence in [
        "NHS login is run by NHS England (formerly NHS Digital).",
        "NHS Digital, now part of NHS England, runs NHS login.",
    ] {
        let f = fixture(&[], "", &format!("{sentence}\n"));
        assert!(!has(&f, "BAS038"), "{sentence}: {:?}", codes(&f));
    }
    // One finding per body, however often the notice names it.
    let f = fixture(
        &[],
        "",
        "NHS Digital runs NHS login.\nWe act on NHS Digital's instructions.\n",
    );
    assert_eq!(of(&f, "BAS038").len(), 1, "{:?}", codes(&f));
}

#[test]
fn corpus_bodies_that_ended_bas038() {
    // 03-17: NHS Digital, named as the controller of NHS login.
    let f = corpus_find(
        "BAS038",
        "co-shielding-privacy",
        "If you create and use an NHS login, you will be providing personal information to NHS Digital.",
    );
    assert!(f.message.contains("NHS England"), "{}", f.message);
    // 03-18: the controller's contact, the Cabinet Office's Government Digital Service.
    let f = corpus_find(
        "BAS038",
        "co-shielding-privacy",
        "Cabinet Office (Government Digital Service), The White Chapel Building, 10 Whitechapel High Street, London, E1 8QS",
    );
    assert!(
        f.message.contains("Science, Innovation and Technology"),
        "{}",
        f.message
    );
    // 05 names the Ministry of Housing, Communities and Local Government, today's name.
    assert!(!corpus_codes(WHLG).contains(&"BAS038"));
}

#[test]
fn rule_codes_are_unique_and_in_code_order() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "RULES must list each code once, in code order"
    );
}

// ---- one organisation at a time ----------------------------------------------------------------

/// `check --org X` (and `dpia`, which reads it) merges X's services alone: it must find for X
/// exactly what the whole run finds for X, on the built-in data, the corpus, and generated
/// sets whose organisations share parties and whose flows interleave.
#[test]
fn one_organisation_checked_alone_gets_what_the_whole_run_gives_it() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let corpus = basis::model::load(&basis::model::DataSource::Path(corpus))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let vocab = || model().vocab.clone();
    let synth = |orgs, flows, seed| {
        let opts = basis::model::GenOptions { orgs, flows, seed };
        basis::model::generate(opts, vocab(), &mut |_| {}).expect("generates")
    };
    let sets = [
        ("built-in", model().clone()),
        ("corpus", corpus),
        ("gen 12/900", synth(12, 900, 5)),
        ("gen 3/2000", synth(3, 2000, 11)),
    ];
    for (name, m) in &sets {
        let all = check(m, None).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = 0;
        for (o, org) in m.orgs.iter().enumerate() {
            let alone =
                check(m, Some(basis::model::OrgIx(o as u32))).unwrap_or_else(|e| panic!("{e}"));
            let among: Vec<&Finding> = all.iter().filter(|f| f.org == org.id).collect();
            assert_eq!(
                alone.iter().collect::<Vec<_>>(),
                among,
                "{name}: {}",
                org.id
            );
            seen += alone.len();
        }
        assert_eq!(
            seen,
            all.len(),
            "{name}: every finding belongs to one organisation"
        );
        assert!(!all.is_empty(), "{name}");
    }
}

/// The BAS054 findings of an organisation whose notices `n0`, `n1`, … each state one rule for
/// the same records (names), kept for `years[i]` years.
fn overlap_findings(years: &[u32]) -> Vec<Finding> {
    let dir = dataset_dir();
    let mut toml =
        "[org]\nid = \"ov\"\nname = \"Overlap Council\"\ntype = \"local-authority\"\n".to_string();
    for (i, y) in years.iter().enumerate() {
        let keep = format!("We keep your name for {y} years.");
        let text = format!("Overlap Council privacy notice {i}\n\nWe use your name. {keep}\n");
        std::fs::write(dir.path().join(format!("notices/n{i}.txt")), text).expect("write");
        toml.push_str(&format!(
            "\n[[notice]]\nid = \"n{i}\"\nfile = \"n{i}.txt\"\ntitle = \"Overlap Council privacy notice {i}\"\n\
             \n[[service]]\nid = \"s{i}\"\nname = \"Service {i}\"\nnotice = \"n{i}\"\nquote = \"We use your name.\"\n\
             \n[[service.retention]]\ncategories = [\"name\"]\nyears = {y}\nquote = \"{keep}\"\n"
        ));
    }
    std::fs::write(dir.path().join("ov.toml"), toml).expect("write");
    let m = basis::model::load(&basis::model::DataSource::Path(dir.path().to_path_buf()))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    check(&m, m.org("ov"))
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|f| f.code == "BAS054")
        .collect()
}

/// A rule that disagrees with several earlier rules is one finding that names the first and
/// counts the others (their notices, the first three named), not one finding a pair: a finding
/// a pair grew with the square of an organisation's rules.
#[test]
fn a_rule_disagreeing_with_several_is_one_finding_naming_the_first() {
    let f = overlap_findings(&[6, 10, 6, 12]);
    let on = |n: &str| -> Vec<&str> {
        f.iter()
            .filter(|x| x.notice == n)
            .map(|x| x.message.as_str())
            .collect()
    };
    assert!(on("n0").is_empty(), "{f:#?}");
    assert_eq!(
        on("n1"),
        [
            "10 years (all records) here, but 6 years (all records) in n0: “We keep your name for 6 years.” — both can apply to the same person's records"
        ]
    );
    // n2 agrees with n0 (6 years) and disagrees with n1 alone.
    assert_eq!(
        on("n2"),
        [
            "6 years (all records) here, but 10 years (all records) in n1: “We keep your name for 10 years.” — both can apply to the same person's records"
        ]
    );
    assert_eq!(
        on("n3"),
        [
            "12 years (all records) here, but 6 years (all records) in n0: “We keep your name for 6 years.”, and 2 other rules of the same records in n1, n2 — each can apply to the same person's records"
        ]
    );
    assert_eq!(f.len(), 3, "{f:#?}");
    // Many: one finding a rule, and the notices past the third are not listed.
    let years: Vec<u32> = (1..=40).collect();
    let f = overlap_findings(&years);
    assert_eq!(f.len(), 39);
    let last = f.iter().find(|x| x.notice == "n39").expect("n39");
    assert!(
        last.message
            .contains("in n0: “We keep your name for 1 years.”, and 38 other rules of the same records in n1, n2, n3, … — each"),
        "{}",
        last.message
    );
}
