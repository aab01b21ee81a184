//! Lawful bases, from citations in any spelling (the model's citation reader, the one the
//! loader cross-checks with) and from plain words ("public task", "substantial public
//! interest": [`bases_named_in`]) where the notice speaks of its lawful basis. A citation that
//! names no basis or several is left to the reader as a commented-out block.

use super::document::Document;
use super::text::{commented, has_postcode, q};
use super::topic::{Context, Topic};
use super::{Fact, Proposal, Todo};
use crate::model::basis_words::bases_named_in;
use crate::model::citation::{Citation, citations_in};
use crate::model::{Basis, Model};

/// Proposes lawful bases.
pub(super) fn propose(doc: &Document, m: &Model, p: &mut Proposal) {
    cited_bases(doc, &m.vocab.bases, p);
    worded_bases(doc, &m.vocab.bases, p);
}

/// Whether the notice speaks of the DPA 2018 in `s` (a schedule of another Act is no basis).
fn names_dpa(s: &str) -> bool {
    s.contains("Data Protection Act") || s.contains("DPA")
}

fn cited_bases(doc: &Document, bases: &[Basis], p: &mut Proposal) {
    for s in &doc.sentences {
        // "SW1A 0AA" would read as "art 0": an address cites nothing.
        if has_postcode(&s.text) {
            continue;
        }
        for c in citations_in(&s.text) {
            let hits: Vec<&str> = bases
                .iter()
                .filter(|b| c.denotes(b))
                .map(|b| b.id.as_str())
                .collect();
            match hits.as_slice() {
                [one] => p.add(
                    Fact::Basis {
                        id: (*one).to_string(),
                        words: None,
                        citation: Some(c.to_string()),
                    },
                    &s.text,
                    None,
                ),
                // Schedules of other Acts ("Children Act 1989 schedule 2") are no basis.
                [] if matches!(c, Citation::Schedule { .. }) && !names_dpa(&s.text) => {}
                // A bare "Article 6" or "Article 13" says which law, not which basis.
                [] | [_, _, ..]
                    if matches!(&c, Citation::Gdpr { point: None, .. })
                        && !matches!(&c, Citation::Gdpr { article: 10, .. }) => {}
                [] => p.todos.push(Todo {
                    why: format!(
                        "“{c}” names no lawful basis; if the notice means one, give its id\n(status = \"corrected\", with a note); else unresolved = true with a note:"
                    ),
                    block: commented(&format!(
                        "[[service.basis]]\nunresolved = true\nnote = \"TODO\"\nquote = {}",
                        q(&s.text)
                    )),
                }),
                many => p.todos.push(Todo {
                    why: format!(
                        "“{c}” could be any of {}; keep the one(s) the notice relies on:",
                        many.join(", ")
                    ),
                    block: commented(&format!(
                        "[[service.basis]]\nid = \"TODO\"\nquote = {}",
                        q(&s.text)
                    )),
                }),
            }
        }
    }
}

/// Words that name a basis wherever they stand ("the Council has a legal obligation to …");
/// other words ("consent", "a contract", "public health") name one only in a sentence about
/// the lawful basis.
fn unmistakable(id: &str, words: &str) -> bool {
    let w = words.to_ascii_lowercase();
    match id {
        "a6-1-c" => w.contains("obligation"),
        "a6-1-e" => !w.starts_with("in the public interest"),
        "a6-1-d" | "a6-1-ea" | "a6-1-f" | "a9-2-a" | "a9-2-g" => true,
        _ => false,
    }
}

/// Bases named in words, in sentences about the lawful basis (their own words, their list's
/// introduction or their section's heading), unless a citation in the same sentence says
/// otherwise: the loader would reject an id its quote's citation contradicts.
fn worded_bases(doc: &Document, bases: &[Basis], p: &mut Proposal) {
    let mut schedule_named = false;
    let mut needs_schedule: Option<String> = None;
    for s in &doc.sentences {
        let cx = Context::of(doc, s);
        let about_bases = cx.any(Topic::Bases);
        let cites = citations_in(&s.text);
        for (id, words) in bases_named_in(&s.text) {
            if !about_bases && !unmistakable(id, words) {
                continue;
            }
            let Some(b) = bases.iter().find(|b| b.id == id) else {
                continue;
            };
            if !cites.is_empty() && !cites.iter().any(|c| c.denotes(b)) {
                continue;
            }
            schedule_named |= id.starts_with("sch1");
            if id == "a9-2-g" && needs_schedule.is_none() {
                needs_schedule = Some(s.text.clone());
            }
            p.add(
                Fact::Basis {
                    id: id.to_string(),
                    words: Some(words.to_string()),
                    citation: None,
                },
                &s.text,
                None,
            );
        }
    }
    // Art. 9(2)(g) works only with a DPA 2018 Sch. 1 Part 2 condition; say so where the
    // notice names none.
    let cited_schedule = p.facts.iter().any(|f| {
        matches!(&f.fact, Fact::Basis { id, .. } if id.starts_with("sch1-para") && id != "sch1-para36")
    });
    if let Some(quote) = needs_schedule
        && !schedule_named
        && !cited_schedule
        && let Some(f) = p.facts.iter_mut().find(|f| {
            f.quote == quote && matches!(&f.fact, Fact::Basis { id, .. } if id == "a9-2-g")
        })
    {
        f.check = Some(
            "Art. 9(2)(g) needs a DPA 2018 Sch. 1 Part 2 condition; the notice names none here"
                .to_string(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{proposal_over_model, proposed};

    fn bases(text: &str) -> Vec<String> {
        proposed(text, propose, |f| match f {
            Fact::Basis { id, .. } => Some(id.clone()),
            _ => None,
        })
    }

    #[test]
    fn citations_in_any_spelling_and_words_where_the_basis_is_spoken_of() {
        let got = bases(
            "Privacy notice\n\nOur lawful basis\n\nWe rely on Article 6(1)(e) and on Art. 9.2 h.\n\nThe legal bases are:\n\n- a legal obligation\n- consent\n",
        );
        assert_eq!(got, ["a6-1-e", "a9-2-h", "a6-1-c", "a6-1-a"]);
    }

    #[test]
    fn words_outside_a_basis_sentence_or_denied_propose_nothing() {
        let got = bases(
            "Privacy notice\n\nSharing\n\nWe will only share it with your consent.\n\nLawful basis\n\nWe do not rely on consent. We rely on public task.\n",
        );
        assert_eq!(got, ["a6-1-e"]);
    }

    #[test]
    fn a_postcode_is_no_citation() {
        let got = bases("Privacy notice\n\nWrite to: 1 Horse Guards, London SW1A 0AA.\n");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn substantial_public_interest_asks_for_its_schedule_1_condition() {
        let text = "Privacy notice\n\nLawful basis\n\nFor health data we rely on substantial public interest.\n";
        let p = proposal_over_model(text, propose);
        assert_eq!(p.facts.len(), 1);
        assert!(
            p.facts[0]
                .check
                .as_deref()
                .is_some_and(|c| c.contains("Sch. 1"))
        );
        let text = "Privacy notice\n\nLawful basis\n\nWe rely on substantial public interest and statutory and government purposes.\n";
        let p = proposal_over_model(text, propose);
        assert_eq!(p.facts.len(), 2);
        assert!(p.facts.iter().all(|f| f.check.is_none()));
    }
}
