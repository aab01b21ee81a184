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
    for q in [
        "The Children’s Act 1989 section 17",
        "The Children’s Act 1989 section 47",
        "The Children’s Act 1989 schedule 2 part 1",
    ] {
        assert!(
            find("BAS034", EH, q)
                .message
                .contains("“Children Act 1989”")
        );
    }
    find("BAS034", SF, "The Children’s Act 2004");
    find("BAS034", SF, "The Children’s and Families Act 2014");
    // "The NHS Act 2006" abbreviates the short title "National Health Service Act 2006": the
    // dataset marks it corrected, so it is reported (as a warning, like every title slip).
    let nhs = find("BAS034", SF, "The NHS Act 2006");
    assert!(
        nhs.message.contains("National Health Service Act 2006"),
        "{}",
        nhs.message
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

// ---- special category and criminal-offence data ----------------------------------------------

#[test]
fn cheshire_east_collects_special_and_criminal_data_with_no_condition() {
    find(
        "BAS040",
        CE,
        "more sensitive information (such as ethnicity",
    );
    find("BAS040", CE, "physical or mental health");
    find("BAS040", CE, "religious or political beliefs");
    find("BAS041", CE, "criminal offences");
}

#[test]
fn supporting_families_collects_special_data_with_no_art_9_condition() {
    find("BAS040", SF, "physical or mental health details");
    find("BAS040", SF, "racial or ethnic origin");
}

#[test]
fn privacy_policy_collects_offence_data_with_no_art_10_condition() {
    find("BAS041", PP, "Criminal proceedings, outcomes and sentences");
    find("BAS041", PP, "Offences (including alleged offences)");
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
fn art_9_conditions_that_need_a_schedule_1_condition() {
    find(
        "BAS044",
        EH,
        "General Data Protection Legislation Article 9 Part h",
    );
    find(
        "BAS044",
        PP,
        "We need it to deliver health or social care services to you",
    );
    find(
        "BAS044",
        PP,
        "It is to the benefit of society as a whole (Substantial Public Interest) or we need to comply with UK Legislation",
    );
    // Explicit consent needs no Schedule 1 condition.
    absent("BAS044", AFC);
}

// ---- Art. 13/14 completeness --------------------------------------------------------------------

#[test]
fn cheshire_east_gives_no_controller_or_dpo_contact() {
    let svc = "The Children and Families Service collects personally identifiable information whenever you access or sign up to any of our services";
    find("BAS002", CE, svc);
    find("BAS003", CE, svc);
    absent("BAS002", EH);
    absent("BAS003", AFC);
}

#[test]
fn notices_that_never_name_their_controller() {
    find(
        "BAS001",
        SF,
        "This privacy notice explains how personal information is collected as part of the Children & Families process",
    );
    absent("BAS001", EH);
    absent("BAS001", AFC);
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
    find(
        "BAS012",
        PP,
        "Cheshire West and Chester Council is committed to protecting your privacy when you use our services.",
    );
    find(
        "BAS013",
        EH,
        "When we collect and use your personal information for the early help and prevention service",
    );
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
    assert!(
        find("BAS020", EH, rights)
            .message
            .starts_with("Right to erasure")
    );
    // Portability does not apply to public-task processing: noted, not a warning.
    assert!(
        find("BAS021", EH, rights)
            .message
            .starts_with("Right to data portability")
    );
}

#[test]
fn supporting_families_lists_no_rights_but_the_complaint() {
    let q = "You also have the right to complain to the Information Commissioner’s Office";
    let n = findings()
        .iter()
        .filter(|f| f.notice == SF && f.code == "BAS020" && f.quote == q)
        .count();
    assert_eq!(
        n, 5,
        "access, rectification, erasure, restriction, objection"
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
    find(
        "BAS051",
        PP,
        "Information on this is stored in our Retention Schedules.",
    );
}

#[test]
fn retention_periods_with_no_starting_point() {
    find(
        "BAS052",
        EH,
        "If you are over 18 we will keep any information you share with us for six years.",
    );
    find(
        "BAS052",
        SF,
        "data relating to looked after children will be kept for 75 years",
    );
    find(
        "BAS052",
        SF,
        "data relating to the protection of vulnerable adults will be kept between 10 years to 30 years",
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
    let f = find(
        "BAS054",
        SF,
        "data relating to the protection of vulnerable adults will be kept between 10 years to 30 years",
    );
    assert!(f.message.contains("6 years"), "{}", f.message);
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
        assert!(rule.is_some_and(|r| r.severity == f.severity), "{f:?}");
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
