//! Lawful bases named in plain words ("public task", "a legal duty", "substantial public
//! interest"), beside the citation reader of [`super::citation`], which reads them by number.
//!
//! [`bases_named_in`] is the one reading of those words: `basis new org` proposes bases from
//! it, and the loader can cross-check a basis id against the words of its quote with it. Each
//! family of phrasings names one basis by its conventional id (docs/dataset-format.md: `a6-1-e`,
//! `a9-2-g`, `sch1-para6`); a caller keeps only the ids its vocabulary has. Words a sentence
//! denies ("we do not rely on consent", "without your consent") name nothing: [`negated`]
//! decides, and the other readers of notices use it too.

use regex::Regex;
use std::sync::LazyLock;

/// One family of phrasings: the basis it names and a case-insensitive pattern.
struct Family {
    id: &'static str,
    pattern: &'static str,
}

/// The families, most specific first where one phrase holds another ("explicit consent"
/// before "consent"): of overlapping matches the longest is kept.
const FAMILIES: &[Family] = &[
    // Art. 9(2): the conditions for special category data.
    Family {
        id: "a9-2-a",
        pattern: r"\bexplicit (?:written )?consent\b",
    },
    Family {
        id: "a9-2-b",
        pattern: r"\b(?:employment,? social security(?:,? (?:and|or) social protection)?|social security (?:and|or) social protection|employment (?:and social security )?law)\b",
    },
    Family {
        id: "a9-2-c",
        pattern: r"\bvital interests?\b[^.;:]{0,80}?\b(?:incapable|unable)\b[^.;:]{0,30}?\bconsent\b",
    },
    Family {
        id: "a9-2-d",
        pattern: r"\bnot[- ]for[- ]profit bod(?:y|ies)\b",
    },
    Family {
        id: "a9-2-e",
        pattern: r"\b(?:manifestly made public|made [a-z ]{0,30}?publicly available|in the public domain)\b",
    },
    Family {
        id: "a9-2-f",
        pattern: r"\b(?:legal claims?|judicial capacity)\b",
    },
    Family {
        id: "a9-2-g",
        pattern: r"\bsubstantial public interest\b",
    },
    Family {
        id: "a9-2-h",
        pattern: r"\b(?:health (?:or|and) social care|medical diagnosis|(?:preventive|occupational) medicine)\b",
    },
    Family {
        id: "a9-2-i",
        pattern: r"\bpublic health\b(?:[^.;:]{0,40}?\bin the public interest\b)?",
    },
    Family {
        id: "a9-2-j",
        pattern: r"\b(?:archiving\b(?:[^.;:]{0,40}?\bin the public interest\b)?|scientific or historical research)",
    },
    // Art. 6(1).
    Family {
        id: "a6-1-a",
        pattern: r"\bconsent(?:s|ed)?\b",
    },
    Family {
        id: "a6-1-b",
        pattern: r"(?:\b(?:performance of|perform(?:ing)?|enter(?:ed|ing)? into|necessary for|party to) (?:a|the|your|our) contract\b|\bcontract (?:with you|for the (?:supply|provision))\b|\bcontractual (?:obligation|necessity|basis)\b|^\W*contract\b|\(contract\))",
    },
    Family {
        id: "a6-1-c",
        pattern: r"\b(?:legal(?:ly)? (?:obligations?|duty|duties|requirements?)|statutory (?:obligations?|duty|duties)|required (?:to [a-z ]{1,30}?)?by (?:the )?law|the law requires|obliged by law|obligations? under (?:the )?law)\b",
    },
    Family {
        id: "a6-1-d",
        pattern: r"\bvital interests?\b",
    },
    Family {
        id: "a6-1-e",
        pattern: r"\b(?:public task|task (?:carried out )?in the public interest|(?:exercise|exercising) (?:of )?(?:our |its |the )?official authority|official authority|act(?:ing)? in the public interest|in the public interest)\b",
    },
    Family {
        id: "a6-1-ea",
        pattern: r"\brecognised legitimate interests?\b",
    },
    Family {
        id: "a6-1-f",
        pattern: r"\blegitimate interests?\b",
    },
    // DPA 2018 Sch. 1 conditions, by the names of their paragraphs.
    Family {
        id: "sch1-para6",
        pattern: r"\b(?:statutory (?:etc\.? )?(?:and|or) government(?:al)? purposes?|government(?:al)? purposes?)\b",
    },
    Family {
        id: "sch1-para7",
        pattern: r"\badministration of justice\b",
    },
    Family {
        id: "sch1-para8",
        pattern: r"\bequality of opportunity or treatment\b",
    },
    Family {
        id: "sch1-para10",
        pattern: r"\bpreventing or detecting unlawful acts\b",
    },
    Family {
        id: "sch1-para18",
        pattern: r"\bsafeguarding of children and (?:of )?individuals at risk\b",
    },
];

/// The families compiled once. A pattern that does not compile is a programming error caught
/// by the unit tests; it is skipped rather than panicking on a user's input.
static COMPILED: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    FAMILIES
        .iter()
        .filter_map(|f| {
            Regex::new(&format!("(?i){}", ascii_words(f.pattern)))
                .ok()
                .map(|r| (f.id, r))
        })
        .collect()
});

/// `pattern` with ASCII word boundaries and word characters: the words read are English, and
/// Unicode ones make the matcher build far larger automata (seconds, in a debug build, for
/// one notice).
pub(crate) fn ascii_words(pattern: &str) -> String {
    pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", "[0-9A-Za-z_]")
}

/// The lawful bases `text` names in plain words, each once, in the order they appear: the
/// basis id (`a6-1-e`) and the words that name it (a slice of `text`).
///
/// Of overlapping phrasings the longest wins ("substantial public interest" is Art. 9(2)(g),
/// not the "public interest" of Art. 6(1)(e)); words the sentence denies name nothing ("we do
/// not rely on consent"); "withdraw your consent" is the right, not the basis.
pub(crate) fn bases_named_in(text: &str) -> Vec<(&'static str, &str)> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for (id, re) in COMPILED.iter() {
        for m in re.find_iter(text) {
            if *id == "a6-1-a" && withdrawn(&text[..m.start()]) {
                continue;
            }
            found.push((m.start(), m.end(), id));
        }
    }
    // Longest first at each start, then drop whatever lies inside a longer match kept.
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, &'static str)> = Vec::new();
    for m in found {
        if kept.iter().any(|k| k.0 <= m.0 && m.1 <= k.1) {
            continue;
        }
        kept.push(m);
    }
    let mut out: Vec<(&'static str, &str)> = Vec::new();
    for (s, e, id) in kept {
        if negated(text, s, e) || out.iter().any(|(i, _)| *i == id) {
            continue;
        }
        out.push((id, &text[s..e]));
    }
    out
}

/// Whether the words just before a "consent" withdraw it ("you may withdraw your consent").
fn withdrawn(before: &str) -> bool {
    tail(before, 30).to_lowercase().contains("withdraw")
}

/// Words that deny what follows them in their clause.
const NEGATORS: [&str; 8] = [
    "not", "never", "no", "nor", "neither", "without", "none", "cannot",
];

/// Words after which a new clause starts, so that a denial before them does not reach past.
const CLAUSE_WORDS: [&str; 10] = [
    "but",
    "however",
    "unless",
    "except",
    "instead",
    "rather",
    "although",
    "whereas",
    "though",
    "otherwise",
];

/// Verbs that may stand between a phrase and a "not" after it ("consent is not required").
const AUXILIARIES: [&str; 14] = [
    "is", "are", "was", "were", "will", "would", "does", "do", "did", "has", "have", "can",
    "could", "may",
];

/// How far, in bytes, a clause is read before and after the words in question.
const WINDOW: usize = 300;

/// The last `n` bytes of `s` or fewer, cut at a character boundary.
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// The first `n` bytes of `s` or fewer, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut i = n.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Whether the words at `start..end` of `text` are denied in their clause: a negator before
/// them since the clause began ("we do not share …", "(e.g. not your name or address)",
/// "without your consent"), or straight after them behind auxiliaries ("consent is not
/// needed"). A clause ends at punctuation (`. , ; : ! ? ( )`, dashes) or at a word such as
/// "but" or "unless".
pub(crate) fn negated(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    // A clause is read within a window, so that a line of any length costs the same.
    let before = tail(before, WINDOW);
    let after = head(after, WINDOW);
    let is_break = |c: char| ".,;:!?()[]–—".contains(c);
    let clause = before.rsplit(is_break).next().unwrap_or(before);
    let words: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    let since = words
        .iter()
        .rposition(|w| CLAUSE_WORDS.contains(&w.as_str()))
        .map_or(0, |i| i + 1);
    let denies = |w: &str| NEGATORS.contains(&w) || w.ends_with("n't");
    if words[since..].iter().any(|w| denies(w)) {
        return true;
    }
    let next = after.split(is_break).next().unwrap_or("");
    for w in next
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .take(3)
    {
        let w = w.to_lowercase().replace('’', "'");
        if denies(&w) {
            return true;
        }
        if !AUXILIARIES.contains(&w.as_str()) {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        bases_named_in(text).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(COMPILED.len(), FAMILIES.len());
    }

    #[test]
    fn public_task_in_its_many_phrasings() {
        for s in [
            "The lawful basis we rely on is public task.",
            "Processing is necessary for the performance of a task carried out in the public interest.",
            "we are carrying out a task in the public interest",
            "in the exercise of official authority vested in us",
            "We process it because we are acting in the public interest.",
        ] {
            assert_eq!(ids(s), ["a6-1-e"], "{s}");
        }
    }

    #[test]
    fn legal_obligation_by_duty_requirement_or_law() {
        for s in [
            "The Council has a legal obligation to deliver an effective education service.",
            "Sometimes we have a legal duty to provide personal information to others.",
            "We are required by law to keep these records.",
            "We must share it when we are required to do so by law.",
            "We process it to meet our statutory obligations.",
        ] {
            assert_eq!(ids(s), ["a6-1-c"], "{s}");
        }
    }

    #[test]
    fn the_other_article_6_bases() {
        assert_eq!(ids("You have given consent to the processing."), ["a6-1-a"]);
        assert_eq!(
            ids("We need it to protect your vital interests."),
            ["a6-1-d"]
        );
        assert_eq!(
            ids("It is necessary for the performance of a contract with you."),
            ["a6-1-b"]
        );
        assert_eq!(ids("Contract - you have signed up with us."), ["a6-1-b"]);
        assert_eq!(ids("It is in our legitimate interests."), ["a6-1-f"]);
        assert_eq!(
            ids("We rely on a recognised legitimate interest."),
            ["a6-1-ea"]
        );
    }

    #[test]
    fn article_9_conditions_by_their_words() {
        assert_eq!(ids("You gave us your explicit consent."), ["a9-2-a"]);
        assert_eq!(
            ids("We need it for employment, social security or social protection checks."),
            ["a9-2-b"]
        );
        assert_eq!(
            ids("to protect your vital interests where you are incapable of giving consent"),
            ["a9-2-c"]
        );
        assert_eq!(
            ids("We rely on reasons of substantial public interest."),
            ["a9-2-g"]
        );
        assert_eq!(
            ids("We need it to deliver health or social care services to you."),
            ["a9-2-h"]
        );
        assert_eq!(
            ids("We need it to protect public health in the public interest."),
            ["a9-2-i"]
        );
        assert_eq!(
            ids("It is necessary for archiving purposes in the public interest."),
            ["a9-2-j"]
        );
        assert_eq!(ids("We need to defend a legal claim."), ["a9-2-f"]);
        assert_eq!(
            ids("You have made your information publicly available."),
            ["a9-2-e"]
        );
    }

    #[test]
    fn schedule_1_conditions_by_their_names() {
        assert_eq!(
            ids("We rely on substantial public interest and governmental purpose."),
            ["a9-2-g", "sch1-para6"]
        );
        assert_eq!(
            ids("Our Schedule 1 condition is Statutory and Government purposes."),
            ["sch1-para6"]
        );
        assert_eq!(
            ids("for the safeguarding of children and of individuals at risk"),
            ["sch1-para18"]
        );
    }

    #[test]
    fn several_bases_in_one_sentence_in_order_each_once() {
        assert_eq!(
            ids("We rely on public task, and on a legal obligation; also public task again."),
            ["a6-1-e", "a6-1-c"]
        );
        let found = bases_named_in(
            "on the basis that we’re carrying out a task in the public interest and to protect the vital interests of people",
        );
        assert_eq!(
            found,
            [
                ("a6-1-e", "task in the public interest"),
                ("a6-1-d", "vital interests")
            ]
        );
    }

    #[test]
    fn denied_or_withdrawn_words_name_nothing() {
        for s in [
            "We do not rely on consent.",
            "We never rely on your consent for this.",
            "We will not ask for your consent",
            "This is not a public task.",
            "Consent is not needed for this processing.",
            "There may be a delay without your explicit consent.",
            "We don't rely on legitimate interests.",
            "You may withdraw your consent at any time.",
        ] {
            assert!(ids(s).is_empty(), "{s}: {:?}", ids(s));
        }
        // A denial does not reach past its clause.
        assert_eq!(
            ids("We do not rely on consent, but on public task."),
            ["a6-1-e"]
        );
    }

    #[test]
    fn words_that_only_look_like_bases() {
        for s in [
            "We contract with Acme Ltd as a data processor.",
            "Transfers are governed by model contract clauses.",
            "There are legitimate reasons why we may refuse your request.",
            "Public Health England",
        ] {
            assert!(
                ids(s).iter().all(|i| !i.starts_with("a6")),
                "{s}: {:?}",
                ids(s)
            );
        }
    }

    #[test]
    fn negation_is_read_within_the_clause() {
        let s = "We collect your postcode (e.g. not your name or address).";
        let at = s.find("address").unwrap_or(0);
        assert!(negated(s, at, at + 7));
        let s = "We collect your name and address.";
        let at = s.find("address").unwrap_or(0);
        assert!(!negated(s, at, at + 7));
        let s = "We do not share it. We collect your address.";
        let at = s.find("address").unwrap_or(0);
        assert!(!negated(s, at, at + 7));
        // Out of range or inside a character: no panic, no denial.
        assert!(!negated("é", 1, 2));
        assert!(!negated("abc", 5, 9));
    }
}
