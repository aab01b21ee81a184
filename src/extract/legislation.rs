//! Legislation: the Acts and instruments of the registry (`vocab/legislation.toml`) a sentence
//! names. `exact` when title and year both match; `corrected`, with a note, when the title
//! matches with another year ("Equality Act 2005"), or the notice words the title otherwise
//! ("The Children’s Act 1989", "the Education Acts of 2002 and 2011"). A sentence that cites an
//! Act the registry lacks is left to the reader as a commented-out block.

use super::document::Document;
use super::text::{commented, q};
use super::{Fact, Proposal, Todo};
use crate::model::citation::years_in;
use crate::model::{CitationStatus, Legislation, Model};
use crate::model::{fold_name, fold_space};
use std::collections::BTreeSet;

/// Proposes legislation.
pub(super) fn propose(doc: &Document, m: &Model, p: &mut Proposal) {
    legislation(doc, &m.vocab.legislation, p);
}

/// A registry title without its year, normalised.
fn stem(title: &str) -> String {
    let t = fold_name(title);
    let t = t.strip_prefix("the ").unwrap_or(&t).to_string();
    let cut = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    t[..cut].trim().to_string()
}

/// How a sentence names an Act of the registry: exactly (title and year), by title with
/// other years (the notice miscites the year), or by its year and a title worded otherwise
/// ("The Children’s Act 1989", "the Education Acts of 2002 and 2011").
enum ActMatch<'a> {
    Exact(&'a Legislation),
    OtherYear(&'a Legislation, Vec<u32>),
    Worded(&'a Legislation),
}

/// A title's words compared loosely: lower case, possessives and "and"/"the" dropped, each
/// with whether the notice capitalised it.
fn loose_words(s: &str) -> Vec<(String, bool)> {
    s.replace(['’', '‘'], "'")
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_end_matches("'s").trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_lowercase(), w.starts_with(char::is_uppercase)))
        .filter(|(w, _)| w != "and" && w != "the")
        .collect()
}

/// The Acts `sentence` names by a loosely worded title and a year the registry has for it
/// ("Acts" in the plural names one Act per year given: "Education Acts of 2002 and 2011").
fn worded<'a>(
    sentence: &str,
    reg: &[(String, &'a Legislation)],
    done: &BTreeSet<&str>,
) -> Vec<&'a Legislation> {
    let words = loose_words(sentence);
    let mut out: Vec<&Legislation> = Vec::new();
    for (st, act) in reg {
        if done.contains(st.as_str()) || out.iter().any(|a| a.id == act.id) {
            continue;
        }
        let title: Vec<String> = loose_words(st).into_iter().map(|(w, _)| w).collect();
        let Some(last) = title.last() else { continue };
        if title.len() < 2 {
            continue;
        }
        for i in 0..words.len().saturating_sub(title.len() - 1) {
            let here = &words[i..i + title.len()];
            let same = here[..title.len() - 1]
                .iter()
                .zip(&title)
                .all(|(w, t)| w.0 == *t);
            let tail = &here[title.len() - 1].0;
            if !same || !(tail == last || *tail == format!("{last}s")) {
                continue;
            }
            // A capitalised word before it belongs to a longer title.
            if i > 0 && words[i - 1].1 {
                continue;
            }
            let years: Vec<u32> = words[i + title.len()..]
                .iter()
                .take_while(|(w, _)| {
                    w == "of" || w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())
                })
                .filter_map(|(w, _)| w.parse().ok())
                .collect();
            if years.contains(&act.year) {
                out.push(act);
                break;
            }
        }
    }
    out
}

/// The registry's acts with their title stems, most recent first.
fn registry(reg: &[Legislation]) -> Vec<(String, &Legislation)> {
    let mut out: Vec<(String, &Legislation)> = reg.iter().map(|a| (stem(&a.title), a)).collect();
    out.sort_by_key(|(_, a)| std::cmp::Reverse(a.year));
    out
}

/// Whether `phrase` (lower case) is named in `kept` (`lower` its ASCII lower case) as a title
/// of its own: "Children and Social Care Act 2017" does not name the Care Act, because
/// "Social" belongs to the title.
fn names_title(kept: &str, lower: &str, phrase: &str) -> bool {
    phrase.split(' ').count() >= 2
        && lower.match_indices(phrase).any(|(i, _)| {
            let after = lower[i + phrase.len()..].chars().next();
            let boundary = !kept[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric);
            let capital = |w: &str| w != "The" && w.chars().next().is_some_and(char::is_uppercase);
            // "Protection of Children Act": a small word after a capitalised one is inside
            // the title too.
            let mut before = kept[..i].split_whitespace().rev();
            let in_longer_title = match (before.next(), before.next()) {
                (Some(w), _) if capital(w) => true,
                (Some("of" | "and" | "for" | "on" | "to" | "in"), Some(w)) => capital(w),
                _ => false,
            };
            boundary && !in_longer_title
        })
}

fn acts_in<'a>(sentence: &str, reg: &[(String, &'a Legislation)]) -> Vec<ActMatch<'a>> {
    let kept = fold_space(&sentence.replace(['’', '‘'], "'"));
    let lower = kept.to_ascii_lowercase();
    let ys = years_in(sentence);
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for (st, act) in reg {
        if names_title(&kept, &lower, &format!("{st} {}", act.year)) {
            out.push(ActMatch::Exact(act));
            done.insert(st.as_str());
        }
    }
    for act in worded(sentence, reg, &done) {
        out.push(ActMatch::Worded(act));
    }
    for m in &out {
        if let ActMatch::Worded(a) = m
            && let Some((st, _)) = reg.iter().find(|(_, x)| x.id == a.id)
        {
            done.insert(st.as_str());
        }
    }
    // A title with a year no Act of that title has ("Equality Act 2005"): one guess per
    // title, the most recent Act of it (the registry comes most recent first).
    for (st, act) in reg {
        if !ys.is_empty() && !done.contains(st.as_str()) && names_title(&kept, &lower, st) {
            out.push(ActMatch::OtherYear(act, ys.clone()));
            done.insert(st.as_str());
        }
    }
    out
}

/// The fact a match proposes, and what to check about it.
fn fact_of(m: &ActMatch) -> (Fact, Option<String>) {
    let (a, note, check) = match m {
        ActMatch::Exact(a) => {
            return (
                Fact::Legislation {
                    id: a.id.clone(),
                    status: CitationStatus::Exact,
                    note: None,
                },
                None,
            );
        }
        ActMatch::Worded(a) => (
            a,
            format!(
                "The notice words the title differently; it is the {}.",
                a.title
            ),
            "the year matches, the title is worded otherwise",
        ),
        ActMatch::OtherYear(a, ys) => {
            let ys: Vec<String> = ys.iter().map(u32::to_string).collect();
            let note = if ys.contains(&a.year.to_string()) {
                format!(
                    "The notice words the title differently; it is the {}.",
                    a.title
                )
            } else {
                format!(
                    "The notice gives the year {}; the instrument of that title is the {}.",
                    ys.join(", "),
                    a.title
                )
            };
            (a, note, "the title matches, the year does not")
        }
    };
    (
        Fact::Legislation {
            id: a.id.clone(),
            status: CitationStatus::Corrected,
            note: Some(note),
        },
        Some(check.to_string()),
    )
}

/// The clause of `sentence` that names the Act of match `m`, from the separator before its
/// title to its year, if that clause names no other Act exactly (the loader would reject it).
fn clause_naming<'a>(
    sentence: &'a str,
    m: &ActMatch,
    reg: &[(String, &Legislation)],
) -> Option<&'a str> {
    let lower = sentence.to_ascii_lowercase();
    let (title_at, year) = match m {
        ActMatch::Exact(_) => return None,
        ActMatch::Worded(a) => {
            let y = a.year.to_string();
            (lower.find(&y)?, y)
        }
        ActMatch::OtherYear(a, _) => {
            let at = lower.find(&stem(&a.title))?;
            let y = years_in(&sentence[at..]).first()?.to_string();
            (at, y)
        }
    };
    let end = title_at + lower[title_at..].find(&year)? + year.len();
    let before = &sentence[..title_at];
    let start = [", ", "; ", " and ", ": ", "("]
        .iter()
        .filter_map(|sep| before.rfind(sep).map(|i| i + sep.len()))
        .max()
        .unwrap_or(0);
    let clause = sentence.get(start..end)?.trim();
    let clean = acts_in(clause, reg)
        .iter()
        .all(|x| !matches!(x, ActMatch::Exact(_)));
    // A title and its year at least ("2011" alone, after "… 2002 and", is no quote).
    (clean && clause.split_whitespace().count() >= 3).then_some(clause)
}

/// The id of an Act a match names.
fn id_of<'a>(m: &ActMatch<'a>) -> &'a str {
    match m {
        ActMatch::Exact(a) | ActMatch::Worded(a) | ActMatch::OtherYear(a, _) => &a.id,
    }
}

fn legislation(doc: &Document, reg: &[Legislation], p: &mut Proposal) {
    let reg = registry(reg);
    for s in &doc.sentences {
        // Every way of naming an Act read here gives a year.
        if years_in(&s.text).is_empty() {
            continue;
        }
        let found = acts_in(&s.text, &reg);
        // Beside an Act named exactly, a guess from the same sentence would contradict its
        // quote (the loader's cross-check): left to the reader.
        let exact_beside = found.iter().any(|x| matches!(x, ActMatch::Exact(_)));
        for f in &found {
            let id = id_of(f);
            let (fact, check) = fact_of(f);
            // Beside an Act named exactly, a guess is quoted by its own clause ("Section 35
            // of the Digital Economy Act 2012"), which names no other Act.
            if exact_beside
                && !matches!(f, ActMatch::Exact(_))
                && let Some(clause) = clause_naming(&s.text, f, &reg)
            {
                p.add(fact, clause, check);
                continue;
            }
            if exact_beside && !matches!(f, ActMatch::Exact(_)) {
                p.todos.push(Todo {
                    why: format!(
                        "this sentence also seems to name the {id} (by a title or year worded\notherwise); the loader cannot check it beside an Act named exactly, so decide here:"
                    ),
                    block: commented(&format!(
                        "[[service.legislation]]\nid = {}\nstatus = \"corrected\"\nnote = \"TODO\"\ncited = \"TODO: the notice's words for it\"\nquote = {}",
                        q(id),
                        q(&s.text)
                    )),
                });
                continue;
            }
            p.add(fact, &s.text, check);
        }
        let names_an_act = s
            .text
            .split_whitespace()
            .any(|w| w.trim_end_matches([',', '.', ';']) == "Act");
        if found.is_empty() && names_an_act {
            p.todos.push(Todo {
                why: "this sentence cites legislation the registry does not match; give the id\nof the instrument meant (datasets/vocab/legislation.toml, or add it there) with\nstatus = \"corrected\" and a note, or unresolved = true:".to_string(),
                block: commented(&format!(
                    "[[service.legislation]]\nid = \"TODO\"\nstatus = \"corrected\"\nnote = \"TODO\"\nquote = {}",
                    q(&s.text)
                )),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{proposal_over_model, proposed};

    fn acts(text: &str) -> Vec<String> {
        proposed(text, propose, |f| match f {
            Fact::Legislation { id, status, .. } => Some(format!("{id} {}", status.as_str())),
            _ => None,
        })
    }

    #[test]
    fn exact_a_wrong_year_and_a_title_worded_otherwise() {
        assert_eq!(
            acts(
                "Privacy notice\n\nWe act under the Children Act 2004. We follow the Equality Act 2005.\n"
            ),
            ["children-act-2004 exact", "equality-act-2010 corrected"]
        );
        // Beside an Act named exactly, a guess whose clause cannot be quoted alone is left to
        // the reader: the loader would find the quote naming another Act.
        assert_eq!(
            acts("Privacy notice\n\nUnder the Children Act 2004/Equality Act 2005.\n"),
            ["children-act-2004 exact"]
        );
        assert_eq!(
            acts("Privacy notice\n\nOur duty comes from The Children’s Act 1989 section 17.\n"),
            ["children-act-1989 corrected"]
        );
        assert_eq!(
            acts("Privacy notice\n\nThe Children Acts of 1989 and 2004 allow this.\n"),
            ["children-act-2004 corrected", "children-act-1989 corrected"]
        );
    }

    #[test]
    fn a_guess_beside_an_exact_act_is_quoted_by_its_own_clause() {
        let text = "Privacy notice\n\nWe act under the Children Act 2004 and section 3 of the Equality Act 2005.\n";
        let p = proposal_over_model(text, propose);
        let quotes: Vec<(&str, &str)> = p
            .facts
            .iter()
            .filter_map(|f| match &f.fact {
                Fact::Legislation { id, .. } => Some((id.as_str(), f.quote.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            quotes,
            [
                (
                    "children-act-2004",
                    "We act under the Children Act 2004 and section 3 of the Equality Act 2005."
                ),
                ("equality-act-2010", "section 3 of the Equality Act 2005"),
            ]
        );
    }

    #[test]
    fn a_longer_title_is_not_a_shorter_act() {
        assert!(
            acts("Privacy notice\n\nUnder the Children and Social Care Act 2017.\n").is_empty()
        );
    }
}
