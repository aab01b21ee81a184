//! The W3C DPV concepts the vocabularies name exist in DPV 2.3: checked against the project's
//! copy of the term lists (`tests/fixtures/dpv-2.3/`, from the DPV 2.3 release), so a
//! misspelt or retired term (`pd:DateOfBirth`, `pd:CriminalOffense`) fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The full IRIs of every term of DPV 2.3 in the project's copy (dpv, pd, eu-gdpr, legal-gb).
pub fn dpv_23_iris() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dpv-2.3");
    let mut out = BTreeSet::new();
    for f in ["dpv.csv", "pd.csv", "eu-gdpr.csv", "legal-gb.csv"] {
        let mut r = csv::Reader::from_path(dir.join(f)).expect("DPV term list");
        let iri = r
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "iri")
            .expect("iri column");
        for rec in r.records() {
            out.insert(rec.expect("row")[iri].to_string());
        }
    }
    out
}

/// The full IRI of a vocabulary's `dpv` value: `pd:X`, `dpv:X`, or a bare eu-gdpr legal-basis
/// id (`A9-2-h`) in `bases.toml`.
fn iri(term: &str) -> String {
    match term.split_once(':') {
        Some(("pd", t)) => format!("https://w3id.org/dpv/pd#{t}"),
        Some(("dpv", t)) => format!("https://w3id.org/dpv#{t}"),
        Some((p, _)) => panic!("unknown DPV prefix `{p}:` in `{term}`"),
        None => format!("https://w3id.org/dpv/legal/eu/gdpr#{term}"),
    }
}

/// Every `dpv` value of every entry of every vocabulary file, with where it is.
fn vocab_terms() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("vocab dir").flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(e.path()).expect("vocab file");
        let doc: toml::Table = toml::from_str(&text).expect("vocab toml");
        for (kind, list) in &doc {
            for entry in list.as_array().into_iter().flatten() {
                let id = entry.get("id").and_then(|v| v.as_str()).unwrap_or("?");
                let at = format!("{file}: {kind} `{id}`");
                match entry.get("dpv") {
                    Some(toml::Value::String(s)) => out.push((at, s.clone())),
                    Some(toml::Value::Array(a)) => out.extend(
                        a.iter()
                            .map(|v| (at.clone(), v.as_str().expect("string").to_string())),
                    ),
                    Some(v) => panic!("{at}: dpv is neither a string nor a list: {v}"),
                    None => {}
                }
            }
        }
    }
    out
}

#[test]
fn every_dpv_term_of_the_vocabularies_is_in_dpv_2_3() {
    let known = dpv_23_iris();
    // The copy is the real release, not an empty file that would make every lookup fail
    // silently the other way: a few terms DPV 2.3 is known to have, and one it dropped.
    for t in [
        "pd:BirthDate",
        "pd:OfficialID",
        "pd:CriminalOffence",
        "dpv:User",
        "A9-2-h",
    ] {
        assert!(known.contains(&iri(t)), "{t} missing from the copy");
    }
    assert!(!known.contains(&iri("pd:CriminalOffense")));
    let terms = vocab_terms();
    assert!(terms.len() > 40, "found only {} dpv values", terms.len());
    let missing: Vec<String> = terms
        .iter()
        .filter(|(_, t)| !known.contains(&iri(t)))
        .map(|(at, t)| format!("{at}: {t}"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in DPV 2.3:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_corrected_mappings_are_the_ones_the_review_named() {
    let terms = vocab_terms();
    let of = |at: &str| -> Vec<&str> {
        terms
            .iter()
            .filter(|(a, _)| a.ends_with(&format!("`{at}`")))
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(of("date-of-birth"), ["pd:BirthDate"]);
    assert_eq!(of("ni-number"), ["pd:OfficialID"]);
    assert_eq!(of("nhs-number"), ["pd:OfficialID"]);
    assert_eq!(of("criminal-offences"), ["pd:CriminalOffence"]);
    assert_eq!(of("education"), ["pd:Education"]);
    assert_eq!(of("religion"), ["pd:Religion", "pd:PhilosophicalBelief"]);
    assert_eq!(of("racial-ethnic-origin"), ["pd:EthnicOrigin", "pd:Race"]);
    assert_eq!(of("service-users"), ["dpv:User"]);
    assert_eq!(of("statistics"), ["dpv:ProvideOfficialStatistics"]);
    assert_eq!(of("service-management"), ["dpv:ServiceManagement"]);
    assert_eq!(of("public-protection"), ["dpv:ProtectionOfPublicSecurity"]);
    // DPV's GDPR extension has no Art. 10 concept: the export mints one instead.
    assert!(of("a10").is_empty());
}

#[test]
fn every_vocabulary_with_dpv_mappings_says_when_they_were_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/vocab");
    for f in ["bases", "categories", "purposes", "subjects"] {
        let text = std::fs::read_to_string(dir.join(format!("{f}.toml"))).expect("vocab");
        assert!(
            text.contains("# DPV mappings checked 2026-11-30 against W3C DPV 2.3"),
            "{f}.toml does not say when its DPV mappings were checked"
        );
    }
}

#[test]
fn a_dpv_list_loads_and_a_single_string_still_does() {
    let m = basis::model::load_builtin().expect("built-in data");
    let cat = |id: &str| {
        m.vocab
            .categories
            .iter()
            .find(|c| c.entry.id == id)
            .expect("category")
            .entry
            .dpv
            .clone()
    };
    assert_eq!(cat("religion"), ["pd:Religion", "pd:PhilosophicalBelief"]);
    assert_eq!(cat("name"), ["pd:Name"]);
    assert!(cat("upn").is_empty());
}

#[test]
fn acts_before_1963_have_their_regnal_year_ids() {
    // legislation.gov.uk numbers Acts before 1963 by regnal year: the Children and Young
    // Persons Act 1933 is 23 & 24 Geo. 5 c. 12.
    let m = basis::model::load_builtin().expect("built-in data");
    let act = m
        .vocab
        .legislation
        .iter()
        .find(|l| l.id == "children-and-young-persons-act-1933")
        .expect("the 1933 Act");
    assert_eq!(act.gov_uk.as_deref(), Some("ukpga/Geo5/23-24/12"));
    for l in m.vocab.legislation.iter().filter(|l| l.year < 1963) {
        let id = l.gov_uk.as_deref().unwrap_or("");
        assert!(
            !id.contains(&format!("/{}/", l.year)),
            "{}: {id} uses a calendar year before 1963",
            l.id
        );
    }
}

#[test]
fn a_dpv_field_of_the_wrong_type_says_what_to_write() {
    use crate::load::{edit, minimal_dataset, only_error};
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "special = true",
        "special = true\ndpv = 5",
    );
    let e = only_error(dir.path());
    assert!(
        e.rendered
            .contains(r#"expected a DPV concept such as "pd:Name", or a list of them"#),
        "{}",
        e.rendered
    );
    assert_eq!(e.loc, "vocab/categories.toml:5:7");
    // A list with the two forms side by side loads.
    let dir = minimal_dataset();
    edit(
        dir.path(),
        "vocab/categories.toml",
        "special = true",
        "special = true\ndpv = [\"pd:Health\", \"pd:MedicalHealth\"]",
    );
    let m = basis::model::load(&basis::model::DataSource::Path(dir.path().to_path_buf()))
        .expect("loads");
    assert_eq!(
        m.vocab.categories[0].entry.dpv,
        ["pd:Health", "pd:MedicalHealth"]
    );
}
