//! Where a recipient is: outside the UK or not. Decided on the encoded facts (a party's
//! `country`), unless the notice says the body processes the data in the UK only ("hosted on
//! servers located within the UK"). BAS084 reports recipients abroad in a notice silent on
//! transfers; BAS008 and BAS010 leave that silence to it.

use super::Ctx;
use super::wording::{Family, Phrasing, Sentence, sentences};
use crate::model::Service;

/// Words that say a body processes the data in the UK only.
static IN_UK: Family = Family::new(&[Phrasing {
    pattern: r"\b(in|within) the (uk|united kingdom)\b|\buk[- ]based\b|\buk data cent(re|er)s?\b",
    why: "processing said to stay in the UK",
}]);

/// The European Economic Area: the EU's member states with Iceland, Liechtenstein and Norway.
/// Transfers to them are treated as approved by regulations under Art. 45A (DPA 2018 Sch. 21
/// para. 4, as amended by the Data (Use and Access) Act 2025 Sch. 9 para. 25).
const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Names of the countries a notice's recipients are most often in; other codes are shown as
/// they are.
const COUNTRIES: [(&str, &str); 12] = [
    ("IE", "Ireland"),
    ("US", "the United States"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("NL", "the Netherlands"),
    ("ES", "Spain"),
    ("IN", "India"),
    ("PH", "the Philippines"),
    ("AU", "Australia"),
    ("CA", "Canada"),
    ("CH", "Switzerland"),
    ("RO", "Romania"),
];

/// A country code as a reader knows it ("IE" is Ireland); an unlisted code as it is.
pub(super) fn country_name(code: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, n)| n)
}

/// The recipients of `svc` that the dataset places outside the UK and the notice does not say
/// process the data in the UK: (party name, country code, the flow's quote), in notice order,
/// one per party.
pub(super) fn abroad(ctx: &Ctx, svc: &Service) -> Vec<(String, String, String)> {
    let m = ctx.model;
    let Some(six) = m.service(&svc.id) else {
        return Vec::new();
    };
    let text = &m.notices[svc.notice.ix()].text;
    let mut out: Vec<(String, String, String)> = Vec::new();
    for f in m.recipient_flows(six) {
        let party = &m.parties[f.party.ix()];
        let Some(country) = party.country.as_deref().filter(|c| *c != "GB") else {
            continue;
        };
        if out.iter().any(|(n, _, _)| *n == party.name) {
            continue;
        }
        let quote = m.quote(&f.source);
        // A body named as processing in the UK only (hosting "in the UK") makes no transfer.
        let names: Vec<String> = std::iter::once(&party.name)
            .chain(&party.aliases)
            .map(|n| n.to_lowercase())
            .collect();
        let in_uk = |s: Sentence<'_>| {
            let lower = s.text.to_lowercase();
            names.iter().any(|n| lower.contains(n)) && IN_UK.find_affirmed(s).is_some()
        };
        let says_uk = in_uk(Sentence {
            text: quote,
            start: 0,
        }) || sentences(text).into_iter().any(in_uk);
        if says_uk {
            continue;
        }
        out.push((party.name.clone(), country.to_string(), quote.to_string()));
    }
    out
}

/// Whether `code` is a state of the European Economic Area.
pub(super) fn in_eea(code: &str) -> bool {
    EEA.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentence<'_> {
        Sentence { text, start: 0 }
    }

    #[test]
    fn processing_said_to_stay_in_the_uk() {
        for yes in [
            "Data for London and all information collected through it is hosted on servers located within the UK.",
            "Mailchimp stores your data in the United Kingdom.",
            "We use a UK-based provider.",
        ] {
            assert!(IN_UK.find_affirmed(s(yes)).is_some(), "{yes}");
        }
        for no in [
            "Mailchimp stores your data in the United States.",
            "Your data is not kept in the UK.",
        ] {
            assert!(IN_UK.find_affirmed(s(no)).is_none(), "{no}");
        }
    }

    #[test]
    fn countries_by_name_and_the_eea() {
        assert!(IN_UK.compiles().is_ok());
        assert_eq!(country_name("IE"), "Ireland");
        assert_eq!(country_name("ZZ"), "ZZ");
        assert!(in_eea("IE") && in_eea("NO") && !in_eea("US") && !in_eea("GB"));
    }
}
