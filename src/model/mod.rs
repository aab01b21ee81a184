//! The model: vocabularies, organisations, notices, services, parties, flows and retention
//! rules, each fact with its provenance.
//!
//! Entities live in plain tables indexed by typed indices (`ix`); the entity graph
//! ([`graph::EntityGraph`], adjacency arrays) links organisations, services and parties for path
//! questions. Flows are the central fact: `(org, service, party, direction, categories, bases,
//! purposes, condition, provenance)`.

pub(crate) mod basis_words;
pub(crate) mod builtin;
pub(crate) mod citation;
pub(crate) mod graph;
pub(crate) mod index;
pub(crate) mod ix;
pub(crate) mod load;
pub(crate) mod pool;
pub(crate) mod raw;
pub(crate) mod snapshot;
pub(crate) mod synth;
pub(crate) mod value;
pub(crate) mod vocab;

// The model's public surface: its types, the loaders, the snapshot writer and the generator.
pub use self::{
    graph::EntityGraph,
    index::FlowIndex,
    ix::*,
    load::error::{LoadError, LoadErrorKind, LoadErrors, Nearby},
    load::from_snapshot::{builtin_vocab, read_snapshot},
    load::{DataSource, load, load_builtin},
    pool::{SetPool, TextPool},
    snapshot::{SnapshotProblem, write as write_snapshot},
    synth::limits::GenError,
    synth::{GenOptions, generate},
    vocab::{
        Basis, Category, Hierarchy, Law, Legislation, LegislationKind, Right, TreeEntry, Vocab,
    },
};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How firmly a notice supports a fact, from firmest to weakest (so `max` is the weakest of
/// several, which is what a fact resting on all of them is worth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Provenance {
    /// The notice states it of this fact.
    Stated,
    /// The notice states it for the service as a whole (e.g. lists bases and recipients apart).
    Implied,
    /// The encoder's reading of the notice, which does not say it in so many words; the fact
    /// carries a note saying why (docs/modelling.md, "When to infer").
    Inferred,
}

display_as_word!(
    Provenance => as_str,
    CitationStatus => as_str,
    Stance => as_str,
    Direction => as_str,
    Trigger => as_str,
);

impl Provenance {
    /// Every level, firmest first.
    pub(crate) const ALL: [Provenance; 3] = [
        Provenance::Stated,
        Provenance::Implied,
        Provenance::Inferred,
    ];

    /// `stated` / `implied` / `inferred`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Provenance::Stated => "stated",
            Provenance::Implied => "implied",
            Provenance::Inferred => "inferred",
        }
    }

    /// The level a dataset or a query spells this way.
    pub(crate) fn parse(s: &str) -> Option<Provenance> {
        Provenance::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where a fact comes from: a notice and a verbatim quote of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The notice.
    pub notice: NoticeIx,
    /// The verbatim extract (in [`Model::texts`]).
    pub quote: TextIx,
}

/// A fact about a service with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact<T> {
    /// What is stated.
    pub value: T,
    /// Where it is stated.
    pub source: Source,
    /// Stated, or inferred by the encoder (a service's own facts are never implied).
    pub provenance: Provenance,
    /// Why the encoder inferred it (always present on an inferred fact), or other remarks.
    pub note: Option<String>,
}

impl<T> Fact<T> {
    /// A fact the notice states, with no remark.
    pub(crate) fn stated(value: T, source: Source) -> Fact<T> {
        Fact {
            value,
            source,
            provenance: Provenance::Stated,
            note: None,
        }
    }
}

/// An organisation (data controller).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Org {
    /// Stable id (`cheshire-west`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Party type of the organisation itself (`local-authority`).
    pub org_type: PartyTypeIx,
    /// ICO registration number, when a notice states it.
    pub ico_registration: Option<Fact<String>>,
    /// Contact points of the controller and its DPO.
    pub contacts: Vec<Fact<Contact>>,
    /// The dataset file it was loaded from.
    pub file: String,
    /// Remarks about the organisation.
    pub note: Option<String>,
}

/// A contact point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// `dpo`, `controller`, `data-protection-team`, or `ico` (the Information Commissioner's
    /// Office, where a notice gives its details for complaints: not a contact of the
    /// controller).
    pub role: String,
    /// `post`, `email`, `phone` or `online`.
    pub kind: String,
    /// The address, email, number or page.
    pub value: String,
}

/// A source document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notice {
    /// Stable id.
    pub id: String,
    /// File name under `notices/`.
    pub file: String,
    /// Title.
    pub title: String,
    /// Where it is published, when known.
    pub url: Option<String>,
    /// The organisation that published it.
    pub org: OrgIx,
    /// The full text.
    pub text: String,
}

/// An external party, internal team or class of bodies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Party {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Type from the party-type vocabulary (the one shown when a single type is shown).
    pub party_type: PartyTypeIx,
    /// Further types the notices give it (the National Probation Service is
    /// `probation-justice`, and 000 lists it among "commissioned services"): `party.type` tests
    /// and groups see every type.
    pub also_types: Vec<PartyTypeIx>,
    /// A class of bodies ("GPs") rather than one named body.
    pub generic: bool,
    /// The organisation this party is, when it is also a controller in the dataset.
    pub org: Option<OrgIx>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Where the body is: an ISO 3166-1 alpha-2 code (`IE`, `US`; the UK is `GB`), when the
    /// dataset says. `basis check` reads a recipient whose country is not `GB` as outside the
    /// UK (BAS084).
    pub country: Option<String>,
    /// Notes (e.g. renamed bodies).
    pub note: Option<String>,
}

impl Party {
    /// Every type of the party, the main one first.
    pub fn types(&self) -> impl Iterator<Item = PartyTypeIx> + '_ {
        std::iter::once(self.party_type).chain(self.also_types.iter().copied())
    }
}

/// A storage system.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct System {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The organisation that uses it.
    pub org: OrgIx,
    /// Where it is named.
    pub source: Source,
}

/// A cited lawful basis: the notice's wording and the vocabulary entry it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasisCitation {
    /// The basis, or `None` when the citation names no real basis.
    pub basis: Option<BasisIx>,
    /// The notice's wording.
    pub cited: String,
    /// Why it is unresolved, or other remarks.
    pub note: Option<String>,
    /// The purposes the notice says this basis covers (empty: the notice does not tie it to
    /// any purpose of its own).
    pub purposes: Vec<PurposeIx>,
}

/// How a legislation citation relates to the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CitationStatus {
    /// Title and year as the registry has them.
    Exact,
    /// The notice's wording is wrong (title, year or kind) but the instrument is clear.
    Corrected,
    /// No instrument can be identified.
    Unresolved,
}

impl CitationStatus {
    /// `exact` / `corrected` / `unresolved`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CitationStatus::Exact => "exact",
            CitationStatus::Corrected => "corrected",
            CitationStatus::Unresolved => "unresolved",
        }
    }
}

/// A cited Act or instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegislationCitation {
    /// The instrument, when it can be identified.
    pub legislation: Option<LegislationIx>,
    /// Section or schedule part (`s.17`).
    pub section: Option<String>,
    /// The notice's wording.
    pub cited: String,
    /// Exact, corrected or unresolved.
    pub status: CitationStatus,
    /// What was wrong, or other remarks.
    pub note: Option<String>,
}

/// A category collected by a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryUse {
    /// The category.
    pub category: CategoryIx,
    /// The notice lists it under "special category data".
    pub declared_special: bool,
}

/// A statement about transfers abroad or automated decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    /// The notice says it does not happen.
    None,
    /// The notice says it may happen.
    Possible,
    /// The notice says it happens.
    Used,
    /// The notice asks the question and leaves it unanswered.
    NotAnswered,
}

impl Stance {
    /// The dataset spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Stance::None => "none",
            Stance::Possible => "possible",
            Stance::Used => "used",
            Stance::NotAnswered => "not-answered",
        }
    }
}

/// Transfers outside the UK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    /// What the notice says.
    pub stance: Stance,
    /// Safeguards described.
    pub safeguards: Option<String>,
    /// Where to.
    pub destination: Option<String>,
}

/// Whether the data must be provided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// Statutory (`Some(true)`), optional (`Some(false)`), or not said.
    pub statutory: Option<bool>,
    /// What happens if it is not provided.
    pub consequence: Option<String>,
}

/// Research or statistical use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Research {
    /// `anonymised`, `pseudonymised` or `identifiable-with-consent`.
    pub form: String,
    /// Kept in archives.
    pub archive: bool,
}

/// A service (processing activity) and everything its notices state about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Service {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The organisation that runs it.
    pub org: OrgIx,
    /// The notice describing it.
    pub notice: NoticeIx,
    /// Where the service is described.
    pub source: Source,
    /// A summary of what the service does.
    pub description: Option<String>,
    /// Data subjects.
    pub subjects: Vec<Fact<SubjectIx>>,
    /// Categories collected.
    pub categories: Vec<Fact<CategoryUse>>,
    /// Purposes.
    pub purposes: Vec<Fact<PurposeIx>>,
    /// Lawful bases.
    pub bases: Vec<Fact<BasisCitation>>,
    /// Statutory gateways.
    pub legislation: Vec<Fact<LegislationCitation>>,
    /// Storage systems.
    pub systems: Vec<Fact<SystemIx>>,
    /// Rights the notice lists.
    pub rights: Vec<Fact<RightIx>>,
    /// Security measures.
    pub security: Vec<Fact<String>>,
    /// Transfers abroad.
    pub transfers: Vec<Fact<Transfer>>,
    /// Automated decision-making.
    pub automated: Vec<Fact<Stance>>,
    /// Requirement to provide the data.
    pub requirements: Vec<Fact<Requirement>>,
    /// Research use.
    pub research: Vec<Fact<Research>>,
    /// Other statements.
    pub notes: Vec<Fact<String>>,
}

/// Outgoing (`to` a recipient), incoming (`from` a source), or shared within the controller
/// (`internal`: with one of its own teams).
///
/// A team of the controller is not a recipient: UK GDPR Art. 4(9) defines a recipient as "a
/// natural or legal person, public authority, agency or another body, to which the personal
/// data are disclosed", and a team is part of the controller, not another body
/// (docs/modelling.md, "Internal and external sharing").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Direction {
    /// Data goes to the party.
    To,
    /// Data comes from the party.
    From,
    /// Data is shared with a team of the controller itself (a party of type `internal-team`).
    Internal,
}

impl Direction {
    /// `to` / `from`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::To => "to",
            Direction::From => "from",
            Direction::Internal => "internal",
        }
    }
}

/// A flow of personal data between a service and a party.
///
/// Compact (36 bytes) because there are millions: its sets and texts are interned in the
/// model's pools, its organisation is its service's ([`Model::flow_org`]), and its direction
/// and four provenances share two bytes (`Marks`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[repr(C)]
pub struct Flow {
    /// The service.
    pub service: ServiceIx,
    /// The recipient or source.
    pub party: PartyIx,
    /// The direction and the four provenances ([`Flow::direction`], [`Flow::party_provenance`]
    /// and the others). With the service, the party and the source, what a listing reads of
    /// every row, so the four sit together at the start (`repr(C)`), in one cache line.
    marks: Marks,
    /// Where the party is named for this service.
    pub source: Source,
    /// Categories that flow (in [`Model::sets`]; read them with [`Model::categories_of`]).
    pub categories: CategorySet,
    /// Lawful bases ([`Model::bases_of`]).
    pub bases: BasisSet,
    /// Purposes ([`Model::purposes_of`]).
    pub purposes: PurposeSet,
    /// A condition on the flow, in the notice's words (in [`Model::texts`]): read it with
    /// [`Flow::condition`].
    condition: Condition,
}

/// A flow's condition: a text's index, or [`Condition::NONE`] for a flow without one (4 bytes
/// where an `Option<TextIx>` takes 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
struct Condition(u32);

impl Condition {
    const NONE: Condition = Condition(u32::MAX);

    fn new(text: Option<TextIx>) -> Condition {
        text.map_or(Condition::NONE, |t| Condition(t.0))
    }

    fn get(self) -> Option<TextIx> {
        (self != Condition::NONE).then_some(TextIx(self.0))
    }
}

/// A flow's direction and its four provenances, two bits each in one `u16`: the direction in
/// bits 0–1, then the party's, the categories', the bases' and the purposes' provenance. A
/// snapshot holding another value is refused when its tables are checked ([`Marks::check`]; the
/// error names the flow); until then a field of 3 reads as the last value, never a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
struct Marks(u16);

/// How firmly the notice states a flow's party and each of its three lists ([`Flow::provenances`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowProvenance {
    /// How firmly the notice names the party for this service: stated; implied when the
    /// notice names it once for all its services; inferred when which body the words mean is
    /// the encoder's reading ("121 midwives").
    pub party: Provenance,
    /// Provenance of the categories.
    pub categories: Provenance,
    /// Provenance of the bases.
    pub bases: Provenance,
    /// Provenance of the purposes.
    pub purposes: Provenance,
}

impl Marks {
    /// The marks of a flow in `direction` with these provenances.
    fn new(direction: Direction, p: FlowProvenance) -> Marks {
        let d = match direction {
            Direction::To => 0,
            Direction::From => 1,
            Direction::Internal => 2,
        };
        let at = |p: Provenance, shift: u16| (p as u16) << shift;
        Marks(d | at(p.party, 2) | at(p.categories, 4) | at(p.bases, 6) | at(p.purposes, 8))
    }

    fn direction(self) -> Direction {
        match self.0 & 3 {
            0 => Direction::To,
            1 => Direction::From,
            _ => Direction::Internal,
        }
    }

    fn provenance(self, shift: u16) -> Provenance {
        match (self.0 >> shift) & 3 {
            0 => Provenance::Stated,
            1 => Provenance::Implied,
            _ => Provenance::Inferred,
        }
    }

    /// Refuses a direction or a provenance of 3, and any bit above the ten used (a snapshot's
    /// marks are read as they are and checked with the other tables).
    pub(crate) fn check(self) -> Result<(), String> {
        let bits = self.0;
        let fields_valid = (0..5).all(|i| (bits >> (2 * i)) & 3 != 3);
        if bits >> 10 == 0 && fields_valid {
            Ok(())
        } else {
            Err(format!(
                "a flow's direction and provenances are not valid ({bits:#x})"
            ))
        }
    }
}

impl Flow {
    /// A flow of `service` (whose organisation is the flow's) with `party`, in `direction`.
    pub(crate) fn new(
        service: ServiceIx,
        party: PartyIx,
        direction: Direction,
        lists: (CategorySet, BasisSet, PurposeSet),
        condition: Option<TextIx>,
        source: Source,
        provenance: FlowProvenance,
    ) -> Flow {
        Flow {
            service,
            party,
            categories: lists.0,
            bases: lists.1,
            purposes: lists.2,
            condition: Condition::new(condition),
            source,
            marks: Marks::new(direction, provenance),
        }
    }

    /// To or from the party, or within the controller.
    pub fn direction(&self) -> Direction {
        self.marks.direction()
    }

    /// A condition on the flow, in the notice's words (in [`Model::texts`]).
    pub fn condition(&self) -> Option<TextIx> {
        self.condition.get()
    }

    /// How firmly the notice names the party for this service: stated; implied when the notice
    /// names it once for all its services; inferred when which body the words mean is the
    /// encoder's reading ("121 midwives").
    pub(crate) fn party_provenance(&self) -> Provenance {
        self.marks.provenance(2)
    }

    /// Provenance of `categories`.
    pub(crate) fn categories_provenance(&self) -> Provenance {
        self.marks.provenance(4)
    }

    /// Provenance of `bases`.
    pub(crate) fn bases_provenance(&self) -> Provenance {
        self.marks.provenance(6)
    }

    /// Provenance of `purposes`.
    pub(crate) fn purposes_provenance(&self) -> Provenance {
        self.marks.provenance(8)
    }

    /// How firmly the notice states the party, the categories, the bases and the purposes of
    /// this flow, each on its own ([`provenance`](Self::provenance) is the flow's as a whole).
    pub fn provenances(&self) -> FlowProvenance {
        FlowProvenance {
            party: self.party_provenance(),
            categories: self.categories_provenance(),
            bases: self.bases_provenance(),
            purposes: self.purposes_provenance(),
        }
    }

    /// The same flow in another direction (the walk reads a team's flow as internal).
    #[cfg(test)]
    pub(crate) fn with_direction(&self, direction: Direction) -> Flow {
        Flow {
            marks: Marks::new(direction, self.provenances()),
            ..self.clone()
        }
    }

    /// The provenance of the flow as a whole: stated only if the notice states the party,
    /// categories, bases and purposes of this very flow; implied when it carries lists the
    /// notice states for the service as a whole; inferred only when the party itself is the
    /// encoder's reading. A carried list that rests on an inference (an inferred basis of the
    /// service) makes that field inferred (`bases_provenance`), not every flow that carries it:
    /// a recipient named word for word is not relabelled by an inference about its basis.
    pub fn provenance(&self) -> Provenance {
        let carried = |p: Provenance| p.min(Provenance::Implied);
        self.party_provenance()
            .max(carried(self.categories_provenance()))
            .max(carried(self.bases_provenance()))
            .max(carried(self.purposes_provenance()))
    }
}

/// How long a retention rule keeps data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Period {
    /// A fixed number of years.
    Years(u32),
    /// A fixed number of months ("26 months").
    Months(u32),
    /// A fixed number of weeks.
    Weeks(u32),
    /// A fixed number of days ("30 days").
    Days(u32),
    /// Between two numbers of years.
    Range {
        /// Lower bound.
        min: u32,
        /// Upper bound.
        max: u32,
    },
    /// Until the person reaches an age.
    UntilAge(u32),
    /// Set out in a document the notice does not reproduce.
    Schedule(String),
    /// Kept indefinitely.
    Indefinite,
    /// Until an event, in the notice's words ("you close your account"): no length can be
    /// given.
    UntilEvent(String),
}

impl Period {
    /// A length of time from a starting point (years, months, weeks, days or a range of years),
    /// as opposed to an age, an event, a schedule or no end.
    pub(crate) fn is_length(&self) -> bool {
        matches!(
            self,
            Period::Years(_)
                | Period::Months(_)
                | Period::Weeks(_)
                | Period::Days(_)
                | Period::Range { .. }
        )
    }
}

/// When a retention period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// From collection.
    Collection,
    /// From the end of the service.
    EndOfService,
    /// From the closure of the case or record.
    Closure,
    /// From birth.
    Birth,
    /// From an event the rule names ([`RetentionRule::event`]: "Parliament is dissolved").
    Event,
    /// The notice does not say.
    NotStated,
}

impl Trigger {
    /// The dataset spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Trigger::Collection => "collection",
            Trigger::EndOfService => "end-of-service",
            Trigger::Closure => "closure",
            Trigger::Birth => "birth",
            Trigger::Event => "event",
            Trigger::NotStated => "not-stated",
        }
    }
}

/// A retention rule of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RetentionRule {
    /// The controller.
    pub org: OrgIx,
    /// The service.
    pub service: ServiceIx,
    /// Subjects in scope (empty: not restricted by subject).
    pub subjects: Vec<SubjectIx>,
    /// Categories in scope (empty: not restricted by category).
    pub categories: Vec<CategoryIx>,
    /// The notice's wording of the scope.
    pub condition: Option<String>,
    /// How long.
    pub period: Period,
    /// From when.
    pub trigger: Trigger,
    /// The event the period runs from, when `trigger` is [`Trigger::Event`].
    pub event: Option<String>,
    /// Remarks.
    pub note: Option<String>,
    /// Where it is stated.
    pub source: Source,
    /// Stated of this service, implied (stated once by its notice for all its services), or
    /// inferred by the encoder.
    pub provenance: Provenance,
}

impl RetentionRule {
    /// When the period starts, in words (`closure`, `Parliament is dissolved`); `None` when the
    /// notice does not say.
    pub(crate) fn start(&self) -> Option<&str> {
        match self.trigger {
            Trigger::NotStated => None,
            Trigger::Event => self.event.as_deref(),
            t => Some(t.as_str()),
        }
    }
}

/// The whole model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Shared vocabularies.
    pub vocab: Vocab,
    /// Organisations.
    pub orgs: Vec<Org>,
    /// Notices.
    pub notices: Vec<Notice>,
    /// Services.
    pub services: Vec<Service>,
    /// Parties.
    pub parties: Vec<Party>,
    /// Storage systems.
    pub systems: Vec<System>,
    /// Flows.
    pub flows: Vec<Flow>,
    /// Retention rules.
    pub retention: Vec<RetentionRule>,
    /// Quotes and conditions, each distinct text once.
    pub texts: pool::TextPool,
    /// The category, basis and purpose sets of flows, each distinct set once.
    pub sets: FlowSets,
    /// The entity graph, built on first use ([`Model::graph`]): only `path` and `reachable`
    /// walk it, so loading a national dataset does not pay for it.
    pub(crate) graph: OnceLock<graph::EntityGraph>,
    pub(crate) index: ModelIndex,
    /// The posting lists beside the flow columns, built on first use ([`Model::flow_index`]):
    /// every query on this model shares them; a model is not changed once loaded.
    pub(crate) flow_index: OnceLock<index::FlowIndex>,
}

/// The interned sets of flows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FlowSets {
    /// Category sets.
    pub categories: pool::SetPool<CategoryIx>,
    /// Basis sets.
    pub bases: pool::SetPool<BasisIx>,
    /// Purpose sets.
    pub purposes: pool::SetPool<PurposeIx>,
}

/// Id → index maps of the entities.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModelIndex {
    pub orgs: HashMap<String, u32>,
    pub notices: HashMap<String, u32>,
    pub services: HashMap<String, u32>,
    pub parties: HashMap<String, u32>,
    pub systems: HashMap<String, u32>,
    /// Each service's organisation, as a column ([`Model::flow_org`]): a listing reads a
    /// flow's organisation for each row, and 4 bytes a service stay in cache where the
    /// services' rows (400 bytes each) do not.
    pub service_orgs: Vec<OrgIx>,
}

impl Model {
    /// The flows of service `svc`, in model order: read from the flow index's list for the
    /// service, so a check of every service is not a scan of every flow for each.
    pub(crate) fn service_flows(&self, svc: ServiceIx) -> impl Iterator<Item = &Flow> + '_ {
        self.posted(index::PostingKind::Service, svc.0)
    }

    /// The flows of organisation `org`'s services, in model order, from the flow index's list.
    pub(crate) fn org_flows(&self, org: OrgIx) -> impl Iterator<Item = &Flow> + '_ {
        self.posted(index::PostingKind::Org, org.0)
    }

    /// The retention rules of service `svc`, in model order, from the flow index's list.
    pub(crate) fn service_retention(
        &self,
        svc: ServiceIx,
    ) -> impl Iterator<Item = &RetentionRule> + '_ {
        self.flow_index()
            .service_retention
            .get(svc.ix())
            .into_iter()
            .flatten()
            .map(|&r| &self.retention[r as usize])
    }

    /// The flows of the flow index's list `key` of `kind`.
    fn posted(&self, kind: index::PostingKind, key: u32) -> impl Iterator<Item = &Flow> + '_ {
        self.flow_index()
            .postings(kind)
            .get(key)
            .iter()
            .map(|&f| &self.flows[f as usize])
    }

    /// The flows of service `svc` to its recipients (direction `to`), in model order.
    pub(crate) fn recipient_flows(&self, svc: ServiceIx) -> impl Iterator<Item = &Flow> + '_ {
        self.service_flows(svc)
            .filter(|f| f.direction() == Direction::To)
    }

    /// The services of organisation `org`, in model order, from the flow index's list.
    pub(crate) fn org_services(&self, org: OrgIx) -> impl Iterator<Item = &Service> + '_ {
        self.flow_index()
            .org_services
            .get(org.ix())
            .into_iter()
            .flatten()
            .map(|&s| &self.services[s as usize])
    }

    /// The organisation whose flow `f` is: its service's.
    pub fn flow_org(&self, f: &Flow) -> OrgIx {
        match self.index.service_orgs.get(f.service.ix()) {
            Some(&o) => o,
            // A service added after the column was built (before `reindex`).
            None => self.services[f.service.ix()].org,
        }
    }

    /// The entity graph (organisations, services, parties), built on first use.
    pub(crate) fn graph(&self) -> &graph::EntityGraph {
        self.graph.get_or_init(|| graph::EntityGraph::build(self))
    }

    /// The posting lists of the flows, built on first use and kept with the model.
    pub fn flow_index(&self) -> &index::FlowIndex {
        self.flow_index
            .get_or_init(|| index::FlowIndex::build(self))
    }

    /// The categories of a flow.
    pub fn categories_of(&self, f: &Flow) -> &[CategoryIx] {
        self.sets.categories.get(f.categories.0)
    }
    /// The lawful bases of a flow.
    pub fn bases_of(&self, f: &Flow) -> &[BasisIx] {
        self.sets.bases.get(f.bases.0)
    }
    /// The purposes of a flow.
    pub fn purposes_of(&self, f: &Flow) -> &[PurposeIx] {
        self.sets.purposes.get(f.purposes.0)
    }
    /// An interned text (a quote or a condition).
    pub fn text(&self, t: TextIx) -> &str {
        self.texts.get(t.0)
    }
    /// The quote of a source.
    pub fn quote(&self, s: &Source) -> &str {
        self.texts.get(s.quote.0)
    }

    /// Rebuilds the id maps and the entity graph from the tables (after a snapshot is read).
    pub(crate) fn reindex(&mut self) {
        fn ids<'a>(it: impl Iterator<Item = &'a String>) -> HashMap<String, u32> {
            it.enumerate()
                .map(|(i, id)| (id.clone(), i as u32))
                .collect()
        }
        self.index = ModelIndex {
            orgs: ids(self.orgs.iter().map(|x| &x.id)),
            notices: ids(self.notices.iter().map(|x| &x.id)),
            services: ids(self.services.iter().map(|x| &x.id)),
            parties: ids(self.parties.iter().map(|x| &x.id)),
            systems: ids(self.systems.iter().map(|x| &x.id)),
            service_orgs: self.services.iter().map(|s| s.org).collect(),
        };
        self.graph = OnceLock::new();
        self.flow_index = OnceLock::new();
    }

    /// The organisation with this id.
    pub fn org(&self, id: &str) -> Option<OrgIx> {
        self.index.orgs.get(id).map(|&i| OrgIx(i))
    }
    /// The notice with this id.
    pub fn notice(&self, id: &str) -> Option<NoticeIx> {
        self.index.notices.get(id).map(|&i| NoticeIx(i))
    }
    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<ServiceIx> {
        self.index.services.get(id).map(|&i| ServiceIx(i))
    }
    /// The party with this id.
    pub fn party(&self, id: &str) -> Option<PartyIx> {
        self.index.parties.get(id).map(|&i| PartyIx(i))
    }
    /// The system with this id.
    pub fn system(&self, id: &str) -> Option<SystemIx> {
        self.index.systems.get(id).map(|&i| SystemIx(i))
    }
}

/// White space folded to single spaces: how the loader matches a quote to its notice's text,
/// and how text is compared loosely everywhere else.
pub(crate) fn fold_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name or title for comparing: lower case, curly apostrophes straightened, white space
/// folded.
pub(crate) fn fold_name(s: &str) -> String {
    fold_space(&s.replace(['’', '‘'], "'").to_lowercase())
}

/// An Act's title for comparing: [`fold_name`] without a leading "the" ("the children act
/// 1989" and "Children Act 1989" are one title).
pub(crate) fn fold_title(s: &str) -> String {
    let s = fold_name(s);
    s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
}

/// True for `kebab-case` ids (how names are told apart from display names in messages).
pub(crate) fn load_is_kebab(s: &str) -> bool {
    load::is_kebab(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/scale.md gives this size; 10M flows are 360 MB at 36 bytes (480 MB at 48).
    #[test]
    fn a_flow_is_36_bytes() {
        assert_eq!(std::mem::size_of::<Flow>(), 36);
    }

    /// What a listing reads of every row (service, party, marks, source) is in the first 20
    /// bytes. With the marks after the sets and the condition (offset 32, where the compiler
    /// put them), `recipients where category in health and basis = art 9(2)(h)` took 8.6 ms
    /// at 1M flows against 6.5 ms: a second cache line read for most rows.
    #[test]
    fn a_flows_row_fields_come_first() {
        use std::mem::offset_of;
        assert_eq!(offset_of!(Flow, service), 0);
        assert_eq!(offset_of!(Flow, party), 4);
        assert_eq!(offset_of!(Flow, marks), 8);
        assert_eq!(offset_of!(Flow, source), 12);
    }

    /// Every direction with every provenance in every place reads back as it was written, and
    /// each of the 3^5 combinations has its own bits.
    #[test]
    fn marks_keep_the_direction_and_each_provenance() {
        let dirs = [Direction::To, Direction::From, Direction::Internal];
        let mut seen = std::collections::HashSet::new();
        for d in dirs {
            for party in Provenance::ALL {
                for categories in Provenance::ALL {
                    for bases in Provenance::ALL {
                        for purposes in Provenance::ALL {
                            let p = FlowProvenance {
                                party,
                                categories,
                                bases,
                                purposes,
                            };
                            let m = Marks::new(d, p);
                            assert_eq!(m.direction(), d);
                            let f = Flow::new(
                                ServiceIx(0),
                                PartyIx(0),
                                d,
                                (CategorySet(0), BasisSet(0), PurposeSet(0)),
                                None,
                                Source {
                                    notice: NoticeIx(0),
                                    quote: TextIx(0),
                                },
                                p,
                            );
                            assert_eq!((f.direction(), f.provenances()), (d, p));
                            assert_eq!(m.check(), Ok(()));
                            assert!(seen.insert(m.0));
                        }
                    }
                }
            }
        }
        assert_eq!(seen.len(), 243);
    }

    /// A snapshot's marks with a two-bit field of 3, or a bit above the ten used, are refused
    /// rather than read as some direction.
    #[test]
    fn marks_out_of_range_are_refused() {
        for bad in [
            3u16,
            3 << 2,
            3 << 4,
            3 << 6,
            3 << 8,
            1 << 10,
            1 << 15,
            u16::MAX,
        ] {
            let e = Marks(bad).check().expect_err("refused");
            assert!(e.contains("not valid"), "{e}");
        }
    }

    /// A condition keeps its text; no condition is the sentinel, and a flow's with a text is
    /// never mistaken for none.
    #[test]
    fn a_condition_is_its_text_or_none() {
        for t in [
            None,
            Some(TextIx(0)),
            Some(TextIx(7)),
            Some(TextIx(u32::MAX - 1)),
        ] {
            assert_eq!(Condition::new(t).get(), t);
        }
    }
}

#[cfg(test)]
mod fold_tests {
    use super::{fold_name, fold_space, fold_title};

    /// Runs of any white space (tabs, line breaks, no-break spaces from a web page) are one
    /// space, none at the ends; names also lose case and curly apostrophes; titles a leading
    /// "the" (only a whole word, and only at the start).
    #[test]
    fn text_is_folded_as_quotes_names_and_titles_are_compared() {
        assert_eq!(fold_space("  a\tb\n\nc\u{a0}d  "), "a b c d");
        assert_eq!(fold_space(""), "");
        assert_eq!(fold_space(" \n\t"), "");
        assert_eq!(fold_name("Children’s  Services"), "children's services");
        assert_eq!(fold_name("‘Early Help’"), "'early help'");
        assert_eq!(fold_title("The Children  Act 1989"), "children act 1989");
        assert_eq!(fold_title("Theft Act 1968"), "theft act 1968");
        assert_eq!(fold_title("the"), "the");
        assert_eq!(
            fold_title("Education (the Schools) Act"),
            "education (the schools) act"
        );
    }
}
