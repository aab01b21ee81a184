//! Reading words in a sentence: whole-phrase matches with the case rules of names, the longest
//! of overlapping matches, and the shapes of contact details (e-mail addresses, telephone
//! numbers, web addresses, postcodes) that must not be read as anything else.

use crate::model::fold_space;
use regex::Regex;
use std::sync::LazyLock;

/// Compiles one of the extractor's fixed patterns (never user input; each is exercised by the
/// unit tests, so a typo fails them rather than a user's run).
pub(crate) fn pattern(p: &str) -> Regex {
    Regex::new(&crate::model::basis_words::ascii_words(p))
        .expect("the extractor's fixed patterns compile")
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b"));
static URL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r#"(?i)\b(?:https?://|www\.)[^\s<>"()]+[^\s<>"().,;:]"#));
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}\b"));

/// The e-mail addresses in `s`.
pub(crate) fn emails(s: &str) -> impl Iterator<Item = &str> {
    EMAIL.find_iter(s).map(|m| m.as_str())
}

/// The telephone numbers in `s`.
pub(crate) fn phones(s: &str) -> impl Iterator<Item = &str> {
    PHONE.find_iter(s).map(|m| m.as_str().trim())
}

/// The web addresses in `s`.
pub(crate) fn urls(s: &str) -> impl Iterator<Item = &str> {
    URL.find_iter(s).map(|m| m.as_str())
}

/// Whether `s` holds a UK postcode ("SW1A 0AA").
pub(crate) fn has_postcode(s: &str) -> bool {
    POSTCODE.is_match(s)
}

/// Whether `s` holds a contact detail: an e-mail address, a telephone number, a web address or
/// a postcode. Such a sentence is an address, not a statement of what data is collected
/// ("email address", "SW1A 0AA" are no category and no citation there).
pub(crate) fn has_contact_detail(s: &str) -> bool {
    EMAIL.is_match(s) || PHONE.is_match(s) || URL.is_match(s) || has_postcode(s)
}

/// A TOML basic string.
pub(crate) fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Every line of `s` as a `#` comment.
pub(crate) fn commented(s: &str) -> String {
    s.lines().map(|l| format!("# {l}\n")).collect()
}

/// Whether a name must match in its own case: acronyms and short capitalised names ("DfE",
/// "GPs", "NHS number"), which in lower case are other words.
fn exact_case(name: &str) -> bool {
    let upper = name.chars().filter(|c| c.is_uppercase()).count();
    let first_word = name.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_uppercase()).count() >= 2;
    upper >= 2 && acronym || (upper == 1 && name.len() <= 4)
}

/// A phrase to look for, prepared once: its text in the case it must match in, and whether
/// the sentence is searched in lower case.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    needle: String,
    exact: bool,
}

impl Phrase {
    /// `name` as a phrase; `None` when it is too short to mean anything alone ("you", "s").
    pub(super) fn new(name: &str) -> Option<Phrase> {
        let name = fold_space(name.trim());
        let exact = exact_case(&name);
        if name.chars().count() < 2 || (!exact && name.chars().count() < 3) {
            return None;
        }
        let needle = if exact {
            name
        } else {
            name.to_ascii_lowercase()
        };
        Some(Phrase { needle, exact })
    }

    /// Whether the phrase must match in its own case.
    pub(crate) fn exact(&self) -> bool {
        self.exact
    }

    /// The byte ranges where the phrase occurs in `s` as whole words (`lower` is
    /// `s.to_ascii_lowercase()`, computed once per sentence).
    pub(crate) fn find_in(&self, s: &str, lower: &str) -> Vec<(usize, usize)> {
        let hay = if self.exact { s } else { lower };
        hay.match_indices(&self.needle)
            .filter(|(i, _)| {
                let end = i + self.needle.len();
                let before = hay[..*i].chars().next_back();
                let after = hay[end..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|(i, _)| (i, i + self.needle.len()))
            .collect()
    }
}

/// A name and the forms it is also written in: singular and plural of its last word, and
/// straight and curly apostrophes. A one-word plural keeps no singular when `one_word_singular`
/// is false: the class "councils" or "schools" is not "the council" or "school meals".
pub(crate) fn variants(name: &str, one_word_singular: bool) -> Vec<String> {
    let name = fold_space(name.trim());
    let mut out = vec![name.clone()];
    let lower = name.to_ascii_lowercase();
    let plural_only = !one_word_singular && !name.contains(' ') && lower.ends_with('s');
    if let Some(other) = other_number(&name, &lower).filter(|_| !plural_only) {
        out.push(other);
    }
    let mut all = out.clone();
    for v in &out {
        if v.contains('\'') {
            all.push(v.replace('\'', "’"));
        }
        if v.contains('’') {
            all.push(v.replace('’', "'"));
        }
    }
    all.dedup();
    all
}

/// The name with its last word in the other number: "agencies" and "agency", "teachers" and
/// "teacher", "witness" and "witnesses".
fn other_number(name: &str, lower: &str) -> Option<String> {
    if let Some(stem) = lower.strip_suffix("ies") {
        Some(format!("{}y", &name[..stem.len()]))
    } else if lower.ends_with('s') && !lower.ends_with("ss") && name.len() > 4 {
        Some(name[..name.len() - 1].to_string())
    } else if lower.ends_with('y') && !lower.ends_with("ey") && name.len() > 3 {
        Some(format!("{}ies", &name[..name.len() - 1]))
    } else if lower.ends_with(['s', 'x']) || lower.ends_with("ch") || lower.ends_with("sh") {
        Some(format!("{name}es"))
    } else if lower.chars().last().is_some_and(char::is_alphabetic) {
        Some(format!("{name}s"))
    } else {
        None
    }
}

/// Of matches `(start, end, payload)`, the longest at each place: a match inside a longer one
/// is dropped ("email address" hides its "address").
pub(crate) fn longest<T>(mut found: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, T)> = Vec::new();
    for m in found {
        // Inside a longer match: dropped; the same words twice (one phrase naming two ids,
        // "physical or mental health"): both kept.
        if kept
            .iter()
            .any(|k| k.0 <= m.0 && m.1 <= k.1 && (k.0, k.1) != (m.0, m.1))
        {
            continue;
        }
        kept.push(m);
    }
    kept
}

/// A kebab-case id made of the first `n` words of `s`.
pub(crate) fn slug(s: &str, n: usize) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(n)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(sentence: &str, name: &str) -> bool {
        Phrase::new(name).is_some_and(|p| {
            !p.find_in(sentence, &sentence.to_ascii_lowercase())
                .is_empty()
        })
    }

    #[test]
    fn names_match_as_whole_phrases_and_acronyms_by_case() {
        assert!(finds("We tell the DfE.", "DfE"));
        assert!(!finds("We tell the dfe.", "DfE"));
        assert!(finds("we ask your GP and other GPs", "GPs"));
        assert!(finds("your NHS number", "NHS number"));
        assert!(!finds("your nhs number", "NHS number"));
        assert!(finds("Physical Health records", "physical health"));
        assert!(!finds("unhealthy", "health"));
        assert!(Phrase::new("s").is_none());
    }

    #[test]
    fn variants_are_singular_plural_and_both_apostrophes() {
        assert!(variants("teachers", true).contains(&"teacher".to_string()));
        assert!(variants("witness", true).contains(&"witnesses".to_string()));
        assert!(variants("local authority", false).contains(&"local authorities".to_string()));
        assert!(variants("local authorities", false).contains(&"local authority".to_string()));
        assert!(variants("agencies", true).contains(&"agency".to_string()));
        assert_eq!(variants("councils", false), ["councils"]);
        assert!(
            variants("Information Commissioner's Office", true)
                .contains(&"Information Commissioner’s Office".to_string())
        );
    }

    #[test]
    fn the_longest_of_overlapping_matches_wins() {
        let kept = longest(vec![
            (0, 7, "address"),
            (0, 13, "email address"),
            (20, 25, "x"),
        ]);
        let names: Vec<&str> = kept.iter().map(|k| k.2).collect();
        assert_eq!(names, ["email address", "x"]);
    }

    #[test]
    fn contact_details_are_recognised() {
        assert!(has_contact_detail("Email: dpo@example.gov.uk"));
        assert!(has_contact_detail("Telephone: 0303 123 1113"));
        assert!(has_contact_detail("London SW1A 0AA"));
        assert!(has_contact_detail("see https://ico.org.uk/concerns/"));
        assert!(!has_contact_detail(
            "We collect your email address and phone number."
        ));
        assert_eq!(
            urls("at https://ico.org.uk/concerns/.").collect::<Vec<_>>(),
            ["https://ico.org.uk/concerns/"]
        );
        assert_eq!(
            phones("Phone 0303 123 1015").collect::<Vec<_>>(),
            ["0303 123 1015"]
        );
    }
}
