//! The model the extractor's unit tests read: the built-in data, with the vocabulary entries
//! and shared parties they name added where the built-in data lacks them (the shared
//! vocabulary grows on other branches; these tests must not depend on when).

use super::document::{Document, read};
use super::{Fact, Proposal};
use crate::model::{Category, Model, Party, PartyTypeIx, Right, TreeEntry};

fn entry(id: &str, name: &str, description: Option<&str>) -> TreeEntry {
    TreeEntry {
        id: id.to_string(),
        name: name.to_string(),
        dpv: Vec::new(),
        description: description.map(str::to_string),
    }
}

/// The test model.
pub(crate) fn test_model() -> Model {
    let mut m = crate::model::load_builtin().expect("the built-in data loads");
    vocabulary(&mut m);
    parties(&mut m);
    m
}

/// The facts one extractor (`propose`) finds in `text` over the test model, as `pick` shows
/// them (facts of other kinds are left out).
pub(super) fn proposed<T>(
    text: &str,
    propose: fn(&Document, &Model, &mut Proposal),
    pick: impl Fn(&Fact) -> Option<T>,
) -> Vec<T> {
    let p = proposal_over_model(text, propose);
    p.facts.iter().filter_map(|f| pick(&f.fact)).collect()
}

/// What one extractor that reads the vocabulary (`propose`) proposes for `text` over the
/// test model.
pub(super) fn proposal_over_model(
    text: &str,
    propose: fn(&Document, &Model, &mut Proposal),
) -> Proposal {
    let mut p = Proposal::default();
    propose(&read(text), &test_model(), &mut p);
    p
}

/// The facts one extractor that needs no model (`propose`) finds in `text`, as `pick` shows
/// them (facts it leaves out are left out).
pub(super) fn proposed_alone<T>(
    text: &str,
    propose: fn(&Document, &mut Proposal),
    pick: impl Fn(&Fact) -> Option<T>,
) -> Vec<T> {
    let p = proposal(text, propose);
    p.facts.iter().filter_map(|f| pick(&f.fact)).collect()
}

/// What one extractor that needs no model (`propose`) proposes for `text`.
pub(super) fn proposal(text: &str, propose: fn(&Document, &mut Proposal)) -> Proposal {
    let mut p = Proposal::default();
    propose(&read(text), &mut p);
    p
}

fn vocabulary(m: &mut Model) {
    let v = &mut m.vocab;
    for (id, name) in [
        ("email", "Email address"),
        ("telephone", "Telephone number"),
    ] {
        if !v.categories.iter().any(|c| c.entry.id == id) {
            v.categories.push(Category {
                entry: entry(id, name, None),
                special: false,
                criminal: false,
            });
        }
    }
    for (id, name) in [
        (
            "eligibility-assessment",
            "Deciding whether a person is eligible",
        ),
        ("statistics", "Statistics and statutory returns"),
        ("crime-prevention", "Preventing and detecting crime"),
        (
            "service-improvement",
            "Service improvement, quality assurance and audit",
        ),
    ] {
        if !v.purposes.iter().any(|c| c.id == id) {
            v.purposes.push(entry(id, name, None));
        }
    }
    for (id, name, description) in [
        (
            "retailer",
            "Retailer or supplier",
            "A shop, supermarket or other supplier of goods.",
        ),
        (
            "internal-team",
            "Internal team or service of the controller",
            "",
        ),
        ("unidentified", "Unidentified third parties", ""),
        ("police", "Police", ""),
        ("local-authority", "Local authority", ""),
        ("central-government", "Central government", ""),
        ("data-subject", "The data subject", ""),
    ] {
        if !v.party_types.iter().any(|t| t.id == id) {
            v.party_types.push(entry(id, name, Some(description)));
        }
    }
    for (id, name, article) in [
        (
            "complain-to-ico",
            "Right to complain to the Information Commissioner",
            "77",
        ),
        (
            "judicial-remedy",
            "Right to an effective judicial remedy",
            "79",
        ),
        ("withdraw-consent", "Right to withdraw consent", "7(3)"),
        (
            "complain-controller",
            "Right to complain to the controller",
            "DPA 2018 s.164A",
        ),
    ] {
        if !v.rights.iter().any(|r| r.id == id) {
            v.rights.push(Right {
                id: id.to_string(),
                name: name.to_string(),
                article: article.to_string(),
                description: None,
            });
        }
    }
}

fn parties(m: &mut Model) {
    for (id, name, kind, aliases) in [
        (
            "police",
            "Police forces",
            "police",
            &["the police", "police forces"][..],
        ),
        (
            "local-authorities",
            "Local authorities",
            "local-authority",
            &["local councils", "councils"][..],
        ),
        (
            "hm-revenue-and-customs",
            "HM Revenue and Customs",
            "central-government",
            &["HMRC"][..],
        ),
        (
            "department-for-education",
            "Department for Education",
            "central-government",
            &["DfE"][..],
        ),
        (
            "data-subject",
            "The data subject",
            "data-subject",
            &["you"][..],
        ),
    ] {
        if m.parties.iter().any(|x| x.id == id) {
            continue;
        }
        let at = m
            .vocab
            .party_types
            .iter()
            .position(|t| t.id == kind)
            .unwrap_or(0);
        m.parties.push(Party {
            id: id.to_string(),
            name: name.to_string(),
            party_type: PartyTypeIx(at as u32),
            also_types: Vec::new(),
            generic: true,
            org: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            note: None,
            country: None,
        });
    }
}
