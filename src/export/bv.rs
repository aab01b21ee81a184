//! The terms basis mints where W3C DPV 2.3 has none (`bv:`), each declared in the export as an
//! `rdf:Property` or `rdfs:Class` with a label and a definition, so that a reader of the RDF
//! (or a SHACL or OWL tool) finds every term it meets described in the same file.

/// What a minted term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TermKind {
    /// An `rdf:Property`.
    Property,
    /// An `rdfs:Class`, with its superclass when it has one (a full IRI).
    Class(Option<&'static str>),
    /// An individual of `bv:Provenance`.
    Provenance,
}

/// A minted term: its local name under [`super::iri::BV`], kind, label and definition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Term {
    /// `quote`.
    pub local: &'static str,
    /// Property, class or individual.
    pub kind: TermKind,
    /// `rdfs:label`.
    pub label: &'static str,
    /// `rdfs:comment`.
    pub comment: &'static str,
}

const fn p(local: &'static str, label: &'static str, comment: &'static str) -> Term {
    Term {
        local,
        kind: TermKind::Property,
        label,
        comment,
    }
}

/// Every `bv:` term the export writes (a test requires each one it writes to be here).
pub(crate) const TERMS: &[Term] = &[
    Term {
        local: "Provenance",
        kind: TermKind::Class(None),
        label: "provenance",
        comment: "How firmly a notice gives a fact: stated of it, implied by what is stated of its service, or inferred by the encoder.",
    },
    Term {
        local: "stated",
        kind: TermKind::Provenance,
        label: "stated",
        comment: "The notice states the fact of this thing.",
    },
    Term {
        local: "implied",
        kind: TermKind::Provenance,
        label: "implied",
        comment: "The notice states the fact of the service as a whole, so of each of its flows.",
    },
    Term {
        local: "inferred",
        kind: TermKind::Provenance,
        label: "inferred",
        comment: "The fact rests on the encoder's reading of the notice, with a note saying why.",
    },
    Term {
        local: "CriminalOffenceData",
        kind: TermKind::Class(Some("https://w3id.org/dpv#PersonalData")),
        label: "criminal offence data",
        comment: "Personal data relating to criminal convictions and offences or related security measures (UK GDPR Art. 10; DPA 2018 s.11(2)).",
    },
    Term {
        local: "ContactPoint",
        kind: TermKind::Class(None),
        label: "contact point",
        comment: "A postal address, email address, telephone number or web page a notice gives to reach an entity; its value is rdf:value.",
    },
    p(
        "quote",
        "quote",
        "The notice's own words the fact rests on, verbatim.",
    ),
    p(
        "provenance",
        "provenance",
        "Whether the fact is stated, implied or inferred (a bv:Provenance).",
    ),
    p(
        "categoriesProvenance",
        "categories provenance",
        "The provenance of a flow's personal-data categories.",
    ),
    p(
        "basesProvenance",
        "bases provenance",
        "The provenance of a flow's legal bases.",
    ),
    p(
        "purposesProvenance",
        "purposes provenance",
        "The provenance of a flow's purposes.",
    ),
    p(
        "partyProvenance",
        "party provenance",
        "The provenance of a flow's recipient or source.",
    ),
    p(
        "note",
        "note",
        "The encoder's reason for an inferred fact, or a remark the notice makes.",
    ),
    p(
        "service",
        "service",
        "The service a flow or retention rule belongs to.",
    ),
    p(
        "sharedWithinControllerWith",
        "shared within the controller with",
        "A team of the controller itself that data is shared with: not a recipient (UK GDPR Art. 4(9)).",
    ),
    p(
        "condition",
        "condition",
        "The condition the notice puts on a flow or retention rule, in its words.",
    ),
    p(
        "cited",
        "cited as",
        "The notice's wording of a cited legal basis or Act.",
    ),
    p(
        "citationStatus",
        "citation status",
        "Whether a citation is exact, corrected by the encoder, or names nothing real.",
    ),
    p(
        "section",
        "section",
        "The section of an Act a notice cites.",
    ),
    p(
        "citation",
        "citation",
        "A legal basis's citation in UK form (`UK GDPR Art. 6(1)(e)`, `DPA 2018 Sch. 1 Pt. 2 para. 6`).",
    ),
    p(
        "article",
        "article",
        "The UK GDPR article (or other provision) a data-subject right is in.",
    ),
    p(
        "partyType",
        "party type",
        "The kind of organisation a party or controller is (a basis party-type concept).",
    ),
    p(
        "generic",
        "generic",
        "The party stands for a kind of recipient (`schools`), not one named organisation.",
    ),
    p(
        "isOrganisation",
        "is organisation",
        "The party is this controller of the dataset.",
    ),
    p(
        "file",
        "file",
        "The file of a notice's text in the dataset.",
    ),
    p(
        "icoRegistration",
        "ICO registration",
        "The controller's registration number with the Information Commissioner (data protection fee).",
    ),
    p(
        "contactKind",
        "contact kind",
        "What a contact point is: post, email, phone or online.",
    ),
    p(
        "contactRole",
        "contact role",
        "Whose contact point it is, as the notice gives it: controller, dpo, data-protection-team or ico.",
    ),
    p(
        "storedIn",
        "stored in",
        "A system the service's personal data is held in.",
    ),
    p("usedBy", "used by", "The controller that uses a system."),
    p(
        "declaredSpecial",
        "declared special",
        "The notice declares this category special category data though the vocabulary does not hold it so.",
    ),
    p(
        "unresolvedBasis",
        "unresolved basis",
        "A legal basis the notice cites that names no real provision, in the notice's words.",
    ),
    p(
        "unresolvedLegislation",
        "unresolved legislation",
        "An Act the notice cites that names no real instrument, in the notice's words.",
    ),
    p(
        "security",
        "security measure",
        "A technical or organisational security measure the notice describes.",
    ),
    p(
        "transfersAbroad",
        "transfers abroad",
        "What the notice says of transfers outside the UK: none, possible, used or not answered.",
    ),
    p(
        "automatedDecisions",
        "automated decisions",
        "What the notice says of decisions based solely on automated processing.",
    ),
    p(
        "period",
        "period",
        "A retention period in words, as the notice gives it.",
    ),
    p(
        "trigger",
        "trigger",
        "The event a retention period runs from.",
    ),
];
