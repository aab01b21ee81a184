//! Recipients and sources. A party is proposed where a sentence moves data to or from it:
//! by the names and aliases of the shared parties of the loaded model wherever such a
//! sentence names them, and by structure — the items of a list introduced by "we share … with:"
//! or "we receive … from:", the object of "share … with", "work with", "is delivered by". A body
//! the shared parties lack becomes a party of the new file's own, with a suggested id and a
//! type guessed from the party-type vocabulary, marked for review.
//!
//! Never proposed: the controller itself ("DfE is the data controller", a body named in the
//! title), a party the sentence denies sharing with, a class with no kind named ("third
//! parties", "other organisations").

use super::document::{Document, Sentence};
use super::lexicon::{Haystack, Lexicon};
use super::party_name::COMPANY;
use super::party_name::{body_name, examples, guess_type, item_names, pieces, without};
use super::text::{has_contact_detail, pattern, slug};
use super::topic::{Context, Topic, intro_of};
use super::{Fact, LocalParty, Proposal, Proposed};
use crate::model::basis_words::negated;
use crate::model::{Model, Party};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The most parties of its own a proposal declares (a notice names a dozen or two).
const MAX_PARTIES: usize = 200;

/// Which way data moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// To a recipient.
    To,
    /// From a source.
    From,
}

/// Words that move data out: sharing, disclosing, passing on, processing on one's behalf.
static TO: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:shar(?:e|es|ed|ing)\b|disclos\w*|pass(?:es|ed|ing)? (?:on|it|them|this|your|the|information|data)|send(?:s|ing)? (?:it|them|this|your|the)|sent to|publish\w*|make [a-z ]{0,40}available to|transfer\w* (?:it |your |the )?(?:information|data|personal)|recipients?\b|on (?:our|its) behalf|data processors?\b|our processors?\b|we (?:also )?work with|we contract with|(?:is|are) (?:delivered|provided|hosted) by|accessible (?:by|to)|submit\w* to|forward\w* to|(?:stored|held|hosted) (?:within|with|by)|we use (?:a|an) [a-z -]{0,40}?(?:provider|supplier|processor|contractor))",
    )
});

/// Words that bring data in.
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:receiv(?:e|es|ed|ing)\b|obtain(?:s|ed)?\b|(?:get|gets|got|collect\w*|gather\w*|seek|sought|comes?|came|sourced)\b[^.;:]{0,80}?\bfrom\b|(?:information|data|details)\b[^.;:]{0,30}?\b(?:provided|supplied|given) by\b|provides? us with|(?:shared|passed|sent|given|supplied|disclosed) (?:with|to) us\b|shar\w* [^.;:]{0,40}?with us\b|tell us\b|sources?\b|where we get)",
    )
});

/// Words that make the person themselves a source.
static FROM_YOU: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:(?:directly )?from you\b|you (?:have )?(?:provide[sd]?|give|gave|given|submit\w*|enter\w*|supply|supplied|tell us)\b|(?:provided|inputted|entered|submitted|supplied|given) (?:to us )?by (?:you|the (?:\w+ )?(?:applicant|user|person|individual|data subject))\b)",
    )
});

/// A sentence naming the controller ("DfE is the data controller for …", "The data
/// controller for your personal data is …").
static CONTROLLER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:(?:is|as) the (?:data )?controller\b|the (?:data )?controller (?:for|of) [^.;]{0,80}?\bis\b|the (?:data )?controller is\b)",
    )
});

/// What introduces the bodies data goes to or comes from, in a sentence of its own.
static OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:(?:shar(?:e|es|ed|ing)|disclos\w*|pass\w*|send|sent|provide\w*|make [a-z ]{0,40}available|transfer\w*)\b[^.;:()]{0,60}?\b(?:with|to)|we (?:also )?work with|we contract with|(?:is|are) (?:delivered|provided|hosted) by|data processors? (?:is|are)|(?:receive|obtain)\w*\b[^.;:()]{0,60}?\bfrom)\s+",
    )
});

/// Proposes recipients, sources and the notice's own parties.
pub(super) fn propose(
    doc: &Document,
    m: &Model,
    shared: &HashSet<String>,
    lower: &Haystack,
    p: &mut Proposal,
) {
    let parties: Vec<&Party> = m
        .parties
        .iter()
        .filter(|x| shared.contains(&x.id))
        .collect();
    let lex = Lexicon::parties(
        parties.iter().flat_map(|x| {
            std::iter::once(x.name.as_str())
                .chain(x.aliases.iter().map(String::as_str))
                .map(move |n| (Some(x.id.as_str()), n))
        }),
        lower,
    );
    let controllers = controllers(doc, &lex, p);
    let myself = parties
        .iter()
        .find(|x| {
            m.vocab
                .party_types
                .get(x.party_type.ix())
                .is_some_and(|t| t.id == "data-subject")
        })
        .map(|x| x.id.clone());
    let cx = Reading {
        doc,
        m,
        lex: &lex,
        controllers: &controllers,
    };
    for s in &doc.sentences {
        if has_contact_detail(&s.text) || CONTROLLER.is_match(&s.text) {
            continue;
        }
        let context = Context::of(doc, s);
        if context.own.contains(&Topic::Rights) && !context.any(Topic::Recipients) {
            continue;
        }
        cx.known(s, p);
        if let Some(me) = &myself
            && let Some(f) = FROM_YOU.find(&s.text)
            && !negated(&s.text, f.start(), f.end())
            && (FROM.is_match(&s.text)
                || f.as_str().contains(" by ")
                || context.any(Topic::Sources)
                || context.any(Topic::Categories))
        {
            p.add(Fact::Source(me.clone()), &s.text, None);
        }
        cx.local(s, p);
    }
}

/// The parties named as the controller, or in the title: never proposed as recipients.
fn controllers(doc: &Document, lex: &Lexicon, p: &mut Proposal) -> HashSet<String> {
    let mut out = HashSet::new();
    if let Some(t) = &doc.title {
        for f in lex.find_in(t, &t.to_ascii_lowercase()) {
            out.insert(f.id.to_string());
        }
    }
    for s in &doc.sentences {
        let Some(m) = CONTROLLER.find(&s.text) else {
            continue;
        };
        // "X is the data controller": X before the words; "the data controller … is X":
        // after them.
        let subject_form = m.as_str().to_ascii_lowercase().starts_with(['i', 'a']);
        for f in lex.find(s).into_iter().filter(|f| {
            if subject_form {
                f.end <= m.start()
            } else {
                f.start >= m.end()
            }
        }) {
            if p.controller.is_none() {
                p.controller = Some(s.text[f.start..f.end].to_string());
            }
            out.insert(f.id.to_string());
        }
    }
    out
}

/// What reading one sentence needs.
struct Reading<'a> {
    doc: &'a Document,
    m: &'a Model,
    lex: &'a Lexicon,
    controllers: &'a HashSet<String>,
}

/// The cue words of a sentence, with where they are.
fn cues(text: &str) -> Vec<(usize, Dir)> {
    let mut out: Vec<(usize, Dir)> = TO
        .find_iter(text)
        .filter(|m| {
            // "share personal data with us": data coming in.
            let after = text[m.end()..].to_ascii_lowercase();
            let near = after.get(..40).unwrap_or(&after);
            !(near.contains("with us") || near.contains("to us"))
        })
        .filter(|m| !by_you(&text[..m.start()]))
        .map(|m| (m.start(), Dir::To))
        .chain(FROM.find_iter(text).map(|m| (m.start(), Dir::From)))
        .collect();
    out.sort_by_key(|c| c.0);
    out
}

/// Whether the words before a verb make the person its subject ("correspondence you have sent
/// to us" comes in, it does not go out).
fn by_you(before: &str) -> bool {
    let b = before.trim_end().to_ascii_lowercase();
    ["you", "you have", "you've", "you may have", "you will have"]
        .iter()
        .any(|w| {
            b.ends_with(w) && b[..b.len() - w.len()].ends_with(|c: char| !c.is_alphanumeric())
                || b == *w
        })
}

/// The one direction a sentence gives, if its cues agree (the last one otherwise).
fn overall(text: &str) -> Option<Dir> {
    cues(text).last().map(|c| c.1)
}

/// The direction of a heading's section, when it speaks of one only.
fn heading_dir(doc: &Document, s: &Sentence) -> Option<Dir> {
    let h = doc.headings.get(s.heading?)?;
    match (
        super::topic::speaks_of(&h.text, Topic::Recipients),
        super::topic::speaks_of(&h.text, Topic::Sources),
    ) {
        (true, false) => Some(Dir::To),
        (false, true) => Some(Dir::From),
        _ => None,
    }
}

impl Reading<'_> {
    /// The direction data moves for a party named at `pos` of `s`: for a list item, the
    /// introduction's; else the nearest cue before it in the sentence (or the first after); else
    /// the section's.
    fn direction(&self, s: &Sentence, pos: usize, names: &[(usize, usize)]) -> Option<Dir> {
        if s.item
            && let Some(d) = intro_of(self.doc, s).and_then(|i| overall(&i))
        {
            return Some(d);
        }
        // A cue inside a party's name ("Disclosure and Barring Service") moves nothing.
        let cs: Vec<(usize, Dir)> = cues(&s.text)
            .into_iter()
            .filter(|c| !names.iter().any(|n| n.0 <= c.0 && c.0 < n.1))
            .collect();
        let own = cs
            .iter()
            .rev()
            .find(|c| c.0 < pos)
            .or_else(|| cs.first())
            .map(|c| c.1);
        own.or_else(|| heading_dir(self.doc, s))
    }

    /// Shared parties named in `s` where data moves.
    fn known(&self, s: &Sentence, p: &mut Proposal) {
        let found = self.lex.find(s);
        // Proper names only: "Disclosure and Barring Service" moves nothing, "our data
        // processor is …" does.
        let names: Vec<(usize, usize)> = found
            .iter()
            .filter(|f| s.text[f.start..].starts_with(char::is_uppercase))
            .map(|f| (f.start, f.end))
            .collect();
        for f in found {
            if self.controllers.contains(f.id) || negated(&s.text, f.start, f.end) {
                continue;
            }
            let before = s.lower[..f.start].trim_end();
            if before.ends_with("on behalf of") || before.ends_with("employed by") {
                continue;
            }
            let fact = match self.direction(s, f.start, &names) {
                Some(Dir::To) => Fact::Recipient(f.id.to_string()),
                Some(Dir::From) => Fact::Source(f.id.to_string()),
                None => continue,
            };
            p.push(Proposed {
                fact,
                quote: s.text.clone(),
                check: None,
                words: Some(s.text[f.start..f.end].to_string()),
            });
        }
    }

    /// Bodies the shared parties lack: a list item's head, the object of a sharing verb.
    fn local(&self, s: &Sentence, p: &mut Proposal) {
        let mut names: Vec<(String, Dir)> = Vec::new();
        if s.item {
            // An item names bodies when its list is about sharing, not when it mentions
            // receiving ("details of any other services you are receiving").
            let listed = intro_of(self.doc, s)
                .and_then(|i| overall(&i))
                .or_else(|| heading_dir(self.doc, s));
            if let Some(d) = listed {
                names.extend(item_names(&s.text).into_iter().map(|n| (n, d)));
            }
        } else {
            for m in OBJECT.find_iter(&s.text) {
                if negated(&s.text, m.start(), m.end()) || by_you(&s.text[..m.start()]) {
                    continue;
                }
                let d = self.direction(s, m.end(), &[]).unwrap_or(Dir::To);
                names.extend(pieces(&s.text[m.end()..]).into_iter().map(|n| (n, d)));
                names.extend(examples(&s.text[m.end()..]).into_iter().map(|n| (n, d)));
            }
        }
        for (name, dir) in names {
            let lower = name.to_ascii_lowercase();
            let known = self.lex.find_in(&name, &lower);
            let rest = without(&name, &known);
            let Some(name) = body_name(&rest, !known.is_empty()) else {
                continue;
            };
            let Some(id) = self.add_party(&name, p) else {
                continue;
            };
            let fact = match dir {
                Dir::To => Fact::Recipient(id),
                Dir::From => Fact::Source(id),
            };
            p.add(
                fact,
                &s.text,
                Some("a party of this notice's own, proposed from its words: check the [[party]] above".to_string()),
            );
        }
    }

    /// Declares the local party `name` (once) and returns its id; `None` past
    /// [`MAX_PARTIES`].
    fn add_party(&self, name: &str, p: &mut Proposal) -> Option<String> {
        let id = format!("{}-{}", p.org_prefix(), slug(name, 6));
        if !p.parties.iter().any(|x| x.id == id) {
            if p.parties.len() >= MAX_PARTIES {
                return None;
            }
            let last = name.split_whitespace().last().unwrap_or("").to_lowercase();
            p.parties.push(LocalParty {
                id: id.clone(),
                name: name.to_string(),
                party_type: guess_type(self.m, name),
                generic: last.ends_with('s') && !COMPANY.contains(&last.as_str()),
            });
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_model;

    fn parties(text: &str) -> (Vec<String>, Vec<LocalParty>) {
        let m = test_model();
        let shared: HashSet<String> = m.parties.iter().map(|x| x.id.clone()).collect();
        let doc = crate::extract::document::read(text);
        let mut p = Proposal {
            org_id: Some("council".into()),
            ..Proposal::default()
        };
        propose(&doc, &m, &shared, &Haystack::new(text), &mut p);
        let facts = p
            .facts
            .iter()
            .filter_map(|f| match &f.fact {
                Fact::Recipient(x) => Some(format!("to {x}")),
                Fact::Source(x) => Some(format!("from {x}")),
                _ => None,
            })
            .collect();
        (facts, p.parties)
    }

    #[test]
    fn shared_parties_by_name_and_alias_in_a_sharing_sentence() {
        let (got, _) =
            parties("Privacy notice\n\nWe may pass your details to the DWP and to HMRC.\n");
        assert_eq!(
            got,
            [
                "to department-for-work-and-pensions",
                "to hm-revenue-and-customs"
            ]
        );
    }

    #[test]
    fn a_list_takes_its_direction_from_its_introduction() {
        let (got, local) = parties(
            "Privacy notice\n\nWe obtain information about you from:\n\n- the police\n- your school\n- local councils\n\nWe will share your information with:\n\n- Riverside Leisure Trust, when you join a club\n- participating pharmacies and other suppliers, so they can help you\n",
        );
        assert!(got.contains(&"from police".to_string()), "{got:?}");
        assert!(
            got.contains(&"from local-authorities".to_string()),
            "{got:?}"
        );
        let names: Vec<&str> = local.iter().map(|l| l.name.as_str()).collect();
        assert!(names.contains(&"Riverside Leisure Trust"), "{names:?}");
        assert!(
            names.contains(&"Participating pharmacies and other suppliers"),
            "{names:?}"
        );
        assert!(
            got.iter()
                .any(|g| g == "to council-riverside-leisure-trust"),
            "{got:?}"
        );
    }

    #[test]
    fn no_party_from_a_denial_the_controller_or_a_vague_class() {
        let (got, local) = parties(
            "Privacy notice of the Department for Education\n\nThe Department for Education is the data controller.\n\nWe will never share your data with the police.\n\nWe may share it with third parties and other organisations.\n\nWe do not share it with HMRC.\n",
        );
        assert!(got.is_empty(), "{got:?}");
        assert!(local.is_empty(), "{local:?}");
    }

    #[test]
    fn the_person_is_a_source_and_a_processor_a_recipient() {
        let (got, local) = parties(
            "Privacy notice\n\nWe collect the information you provide when you apply.\n\nWe also work with Methods Consulting, who help with design. Telephone support is provided by ResQ.\n",
        );
        assert!(got.contains(&"from data-subject".to_string()), "{got:?}");
        let names: Vec<&str> = local.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Methods Consulting", "ResQ"]);
    }

    #[test]
    fn data_the_person_sends_is_no_sharing_and_a_class_is_not_its_singular() {
        let (got, local) = parties(
            "Privacy notice\n\nWe keep the letters you have sent to the Riverside Trust.\n\nThe council will share your data with HMRC.\n",
        );
        assert_eq!(got, ["to hm-revenue-and-customs"]);
        assert!(local.is_empty(), "{local:?}");
    }

    #[test]
    fn a_proper_name_keeps_its_small_words() {
        let (got, local) = parties(
            "Privacy notice\n\nWe share statistics with the Office for Riverside Statistics, who publish them.\n",
        );
        let names: Vec<&str> = local.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Office for Riverside Statistics"], "{got:?}");
    }

    #[test]
    fn more_verbs_that_move_data() {
        let (got, _) = parties(
            "Privacy notice\n\nYour referral will be submitted to your local council.\n\nThe police will share the outcome with us.\n\nThe form is filled in and submitted by the applicant.\n",
        );
        assert_eq!(
            got,
            ["to local-authorities", "from police", "from data-subject"]
        );
    }
}
