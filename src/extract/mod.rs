//! The notice extractor behind `basis new org`: a privacy notice's text in, a proposed
//! organisation file out, every proposal quoting the sentence it came from.
//!
//! ```text
//!   notice text ──document──▶ title, headings, lists, sentences (navigation, headings,
//!                             addresses set apart)
//!                ──readers───▶ one per kind of fact: data (categories, subjects, purposes),
//!                             parties (recipients, sources, local parties), bases and
//!                             legislation, rights, retention, contacts, statements
//!                             (transfers, automated decisions)
//!                ──Proposal──▶ to_toml(): a skeleton the loader checks like any file
//! ```
//!
//! Every reader works from the words of the loaded [`Model`] (its vocabularies, its shared
//! parties and their aliases) and from the structure of the sentence: what it is about, the
//! sentence introducing its list, the heading of its section. None reads a heading, a
//! navigation line or an address as a fact, and none proposes what a sentence denies ("we do
//! not share …", "(e.g. not your name or address)"). What cannot be proposed is a `TODO` the
//! loader rejects, or a commented-out block to read.

mod basis;
mod contact;
mod data;
mod document;
mod legislation;
mod lexicon;
mod party;
mod party_name;
mod retention;
mod rights;
mod statement;
mod synonyms;
mod text;
mod topic;
mod write;

use crate::model::{CitationStatus, Contact, Model, Period, Stance, Trigger};
use std::collections::HashSet;

/// The most facts, contacts or parties of its own one proposal holds: a notice states a few
/// dozen; a text that would give thousands is not a notice, and the bound keeps the work and
/// the file in proportion.
const MAX_FACTS: usize = 2000;

/// What [`propose`] needs besides the notice and the model.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    /// The organisation's id; without it, ids that start with it are `TODO`s.
    pub org_id: Option<&'a str>,
    /// The notice's file name in the dataset's `notices/` directory.
    pub file_name: &'a str,
    /// The ids of the shared parties (`parties.toml`) a new file may name without declaring
    /// them; parties of other organisations' files are never proposed.
    pub shared_parties: &'a HashSet<String>,
}

/// A value and the sentence of the notice it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quoted<T> {
    /// What is proposed.
    pub value: T,
    /// The sentence, verbatim (white space collapsed, as the loader compares quotes).
    pub quote: String,
}

/// A party the notice names that the shared parties do not hold: proposed as a `[[party]]` of
/// the new file, to review.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalParty {
    /// A suggested id (the organisation's id, then the name's words).
    pub id: String,
    /// The name, as the notice words it.
    pub name: String,
    /// A party type guessed from the name's words (`vocab/party-types.toml`).
    pub party_type: String,
    /// Whether the name is of a class of bodies (a plural) rather than one body.
    pub generic: bool,
}

/// One kind of fact proposed, with its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fact {
    /// A data subject (`[[service.subject]]`).
    Subject(String),
    /// A category of personal data.
    Category(String),
    /// A purpose.
    Purpose(String),
    /// A lawful basis: its id, the words that name it when they are not a citation, and a
    /// remark for the reader.
    Basis {
        /// The basis id.
        id: String,
        /// The notice's words, when it names the basis in words rather than by number.
        words: Option<String>,
        /// The citation read, shown beside the id.
        citation: Option<String>,
    },
    /// An Act or instrument of the registry.
    Legislation {
        /// The legislation id.
        id: String,
        /// `exact`, or `corrected` when the notice gives another year.
        status: CitationStatus,
        /// Why it was corrected.
        note: Option<String>,
    },
    /// A party the data goes to.
    Recipient(String),
    /// A party the data comes from.
    Source(String),
    /// A right the notice tells people they have.
    Right(String),
    /// A retention rule.
    Retention {
        /// How long.
        period: Period,
        /// From when.
        trigger: Trigger,
        /// The event, in the notice's words, when `trigger` is an event.
        event: Option<String>,
    },
    /// Transfers outside the UK.
    Transfer {
        /// What the notice says (`none`, `possible`, `not-answered`).
        stance: Stance,
        /// The safeguards it names.
        safeguards: Option<String>,
    },
    /// Automated decision-making.
    Automated(Stance),
}

impl Fact {
    /// The TOML table it is written as (`category`, `automated_decision`).
    pub(crate) fn table(&self) -> &'static str {
        match self {
            Fact::Subject(_) => "subject",
            Fact::Category(_) => "category",
            Fact::Purpose(_) => "purpose",
            Fact::Basis { .. } => "basis",
            Fact::Legislation { .. } => "legislation",
            Fact::Recipient(_) => "recipient",
            Fact::Source(_) => "source",
            Fact::Right(_) => "right",
            Fact::Retention { .. } => "retention",
            Fact::Transfer { .. } => "transfer",
            Fact::Automated(_) => "automated_decision",
        }
    }

    /// What makes two proposals the same fact: the kind and id (a basis cited by number and
    /// named in words is one basis; a party is one block per direction, as the loader wants).
    fn key(&self) -> String {
        let id = match self {
            Fact::Subject(x)
            | Fact::Category(x)
            | Fact::Purpose(x)
            | Fact::Recipient(x)
            | Fact::Source(x)
            | Fact::Right(x) => x.clone(),
            Fact::Basis { id, .. } | Fact::Legislation { id, .. } => id.clone(),
            Fact::Retention {
                period,
                trigger,
                event,
            } => format!("{period:?} {trigger:?} {event:?}"),
            Fact::Transfer { stance, safeguards } => format!("{stance:?} {safeguards:?}"),
            Fact::Automated(s) => format!("{s:?}"),
        };
        format!("{}:{id}", self.table())
    }

    /// Whether a notice usually states it once for everything it describes, so that it is
    /// proposed as `[[notice.…]]` (docs/dataset-format.md, "Statements a notice makes once").
    pub(crate) fn once_per_notice(&self) -> bool {
        matches!(
            self,
            Fact::Right(_) | Fact::Retention { .. } | Fact::Transfer { .. } | Fact::Automated(_)
        )
    }
}

/// A proposed fact: what, from which sentence, and a remark for the reviewer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proposed {
    /// The fact.
    pub fact: Fact,
    /// The sentence it was read from.
    pub quote: String,
    /// What to check (written as a comment).
    pub check: Option<String>,
    /// The notice's words that name the value, when they are not the vocabulary's own.
    pub words: Option<String>,
}

/// Something the extractor saw but could not propose: a comment and a commented-out block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Todo {
    /// Why it is left to the reader.
    pub why: String,
    /// The TOML to complete, commented out.
    pub block: String,
}

/// What [`propose`] reads from a notice.
#[derive(Debug, Clone, Default)]
pub(crate) struct Proposal {
    /// The organisation's id, when given.
    pub org_id: Option<String>,
    /// The notice's file name.
    pub file_name: String,
    /// The document's title.
    pub title: Option<String>,
    /// The name the notice gives its controller ("X is the data controller"), a hint.
    pub controller: Option<String>,
    /// The ICO registration number.
    pub registration: Option<Quoted<String>>,
    /// Contact points: the DPO's, the controller's, the ICO's.
    pub contacts: Vec<Quoted<Contact>>,
    /// Parties the notice names that the shared parties lack.
    pub parties: Vec<LocalParty>,
    /// The facts, in the order of the file.
    pub facts: Vec<Proposed>,
    /// What is left to the reader.
    pub todos: Vec<Todo>,
    /// The keys of the facts proposed, so that a fact is proposed once.
    keys: HashSet<String>,
}

impl Proposal {
    /// The proposal as an organisation file (`<org>.toml`): values the loader rejects until
    /// they are filled in for what cannot be read, every proposal with its quote.
    pub(crate) fn to_toml(&self) -> String {
        write::toml(self)
    }

    /// Adds a fact unless one with the same key is already proposed (the first sentence
    /// stating a fact is its quote).
    fn add(&mut self, fact: Fact, quote: &str, check: Option<String>) {
        self.push(Proposed {
            fact,
            quote: quote.to_string(),
            check,
            words: None,
        });
    }

    /// [`Proposal::add`] for a proposal made whole.
    fn push(&mut self, p: Proposed) {
        if self.facts.len() < MAX_FACTS && self.keys.insert(p.fact.key()) {
            self.facts.push(p);
        }
    }

    /// The organisation id, or the `TODO` that stands for it.
    fn org_prefix(&self) -> &str {
        self.org_id.as_deref().unwrap_or("TODO-org-id")
    }
}

/// Proposes an organisation file for the notice `text`, from the vocabularies and shared
/// parties of `model`.
pub(crate) fn propose(text: &str, model: &Model, options: &Options) -> Proposal {
    let doc = document::read(text);
    let mut p = Proposal {
        org_id: options.org_id.map(str::to_string),
        file_name: options.file_name.to_string(),
        title: doc.title.clone(),
        ..Proposal::default()
    };
    let lower = lexicon::Haystack::new(text);
    data::propose(&doc, model, &lower, &mut p);
    basis::propose(&doc, model, &mut p);
    legislation::propose(&doc, model, &mut p);
    party::propose(&doc, model, options.shared_parties, &lower, &mut p);
    rights::propose(&doc, model, &mut p);
    retention::propose(&doc, &mut p);
    statement::propose(&doc, &mut p);
    contact::propose(&doc, &mut p);
    p
}

#[cfg(test)]
mod fixture;
#[cfg(test)]
pub(crate) use fixture::test_model;
#[cfg(test)]
use fixture::{proposal, proposal_over_model, proposed, proposed_alone};

#[cfg(test)]
mod tests {
    //! Any text in, a skeleton out: no panic, valid TOML, every quote in the notice, in
    //! bounded time.
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    fn model() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(test_model)
    }

    /// Proposes for `text` and checks what any proposal must be.
    fn check(text: &str) {
        let m = model();
        let shared: HashSet<String> = m.parties.iter().map(|x| x.id.clone()).collect();
        let options = Options {
            org_id: Some("riverside"),
            file_name: "notice.txt",
            shared_parties: &shared,
        };
        let p = propose(text, m, &options);
        let toml = p.to_toml();
        if let Err(e) = toml.parse::<toml::Table>() {
            panic!("not TOML: {e}\n{toml}");
        }
        let whole = crate::model::fold_space(text);
        let quotes = p
            .facts
            .iter()
            .map(|f| f.quote.as_str())
            .chain(p.contacts.iter().map(|c| c.quote.as_str()))
            .chain(p.registration.iter().map(|r| r.quote.as_str()))
            .chain(p.title.iter().map(String::as_str));
        for q in quotes {
            assert!(
                whole.contains(&crate::model::fold_space(q)),
                "quote not in the notice: {q:?}"
            );
        }
    }

    /// Pieces of notices, for texts that look like one.
    const PIECES: [&str; 24] = [
        "Privacy notice",
        "source: a/b/c.html (commit 123)",
        "We share your information with the police and HMRC.",
        "- local councils, so they can help",
        "• Thames Valley Police",
        "We keep records for six years after the case closes.",
        "Will my data be transferred abroad?",
        "No.",
        "You have the right to ask for a copy of your data.",
        "Our lawful basis is public task under Article 6(1)(e).",
        "Data Protection Officer, 1 High Street, London SW1A 0AA",
        "dpo@example.gov.uk",
        "Telephone: 0303 123 1113",
        "We do not rely on consent (e.g. not your name or address).",
        "Read more about cookies",
        "1. Your data",
        "such as: including, e.g.",
        "Registration number ZA045069",
        "the Children’s Act 1989 and the Education Acts of 2002 and 2011",
        "until you close your account",
        "",
        "   ",
        "ÿ\u{0}\u{202e}é\u{301}",
        "(((((;;;;::::----",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn any_arrangement_of_notice_pieces(
            picks in prop::collection::vec((0..PIECES.len(), 0..4usize), 0..40)
        ) {
            let seps = ["\n", "\n\n", " ", ""];
            let text: String = picks
                .iter()
                .map(|(i, s)| format!("{}{}", PIECES[*i], seps[*s]))
                .collect();
            check(&text);
        }

        #[test]
        fn any_text_at_all(text in "\\PC{0,400}") {
            check(&text);
        }

        #[test]
        fn any_bytes_read_as_text(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            check(&String::from_utf8_lossy(&bytes));
        }
    }

    /// Inputs that have broken readers of text: one huge line, no line breaks, many lines,
    /// long words, only punctuation. Each must finish in bounded time (generous for a debug
    /// build on a shared machine).
    #[test]
    fn pathological_texts_finish_in_bounded_time() {
        let sentence = "We share your data with the police, HMRC and local councils, and keep it for six years; ";
        let cases = [
            sentence.repeat(1500),
            "- share with the police; keep it for 6 years\n".repeat(3000),
            "a".repeat(200_000),
            "( ".repeat(50_000),
            "Article 6 ".repeat(10_000),
            "dpo@example.gov.uk 0303 123 1113 SW1A 0AA\n".repeat(2000),
            "\n".repeat(100_000),
        ];
        for text in cases {
            let started = Instant::now();
            check(&text);
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{} bytes took {:?}",
                text.len(),
                started.elapsed()
            );
        }
    }
}
