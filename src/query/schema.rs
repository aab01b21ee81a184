//! The schema of the language: every entity a query can name, every field with the type of its
//! values and the other words it goes by, the flags `is` tests, and which tests each type of
//! value takes. It is the one definition the planner, the evaluators' row access, the REPL's
//! completion and help, the docs' tables (`docs/language.md`, generated and tested) and the
//! tests' query generators all read; the grammar's word lists are tested against it.
//!
//! A leaf: it uses nothing of the crate but the model's [`Provenance`] levels.

use crate::model::Provenance;

/// Declares [`FieldId`] and [`FIELDS`] from one list, so a field's name, type, aliases and
/// documentation cannot drift from its variant.
macro_rules! fields {
    ($($(#[$doc:meta])* $id:ident $name:expr, $vt:ident, [$($alias:literal),*], $notes:literal;)*) => {
        /// A field a query can test, show, group or sort by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FieldId {
            $($(#[$doc])* $id,)*
        }

        /// Every field, in the order of [`FieldId`].
        pub(crate) const FIELDS: &[FieldInfo] = &[
            $(FieldInfo {
                id: FieldId::$id,
                name: $name,
                value_type: ValueType::$vt,
                aliases: &[$($alias),*],
                notes: $notes,
            },)*
        ];
    };
}

fields! {
    /// The organisation (controller).
    Org "org", Org, ["organisation", "organization", "controller"], "";
    /// The service (processing activity).
    Service "service", Service, [], "";
    /// The notice a row comes from.
    Notice "notice", Notice, [], "";
    /// Which way data goes.
    Direction "direction", Direction, [],
        "`internal`: shared with a team of the controller itself, which is not a recipient (see [Internal sharing](#internal-sharing))";
    /// The party of a flow.
    Party "party", Party, ["partner"],
        "the flow's party; of a service, every party of its flows";
    /// The party's types.
    PartyType "party.type", PartyType, ["type", "recipient.type", "source.type", "party_type"],
        "`in` follows the tree: `party.type in health` includes `nhs-trust`, `primary-care`, …; a party may have several types (the National Probation Service is `probation-justice` and `commissioned-provider`), and a test holds when one of them passes";
    /// The party of an outgoing flow.
    Recipient "recipient", Party, ["recipients"], "only for `to` flows";
    /// The party of an incoming flow.
    Source "source", Party, ["sources"], "only for `from` flows";
    /// A personal-data category.
    Category "category", Category, ["categories"], "`in` follows the tree; `is special`, `is criminal`";
    /// A data-subject category.
    Subject "subject", Subject, ["subjects"],
        "`in` follows the tree: `subject in children` includes looked-after children";
    /// A purpose.
    Purpose "purpose", Purpose, ["purposes"], "`in` follows the tree";
    /// A lawful basis.
    Basis "basis", Basis, ["bases"],
        "citations in any spelling; `in art 9` is any Art. 9(2) condition";
    /// An Act or instrument.
    Legislation "legislation", Legislation, [], "by id (`children-act-1989`) or title";
    /// A storage system.
    System "system", System, [], "";
    /// A data-subject right.
    Right "right", Right, [], "`access`, `rectification`, `erasure`, …";
    /// A retention period.
    Duration "duration", Duration, ["retention", "period", "length"],
        "compared with `<`, `>`, `<=`, `>=`, `=` (the period includes it), `!=`";
    /// Stated, implied or inferred.
    Provenance "provenance", Provenance, [], "see [Provenance](#provenance)";
    /// The notice's wording of a condition or scope.
    Condition "condition", Text, [], "the notice's wording of a condition or scope";
    /// The sentence a row comes from.
    Quote "quote", Text, [], "";
    /// The display name of the row's main thing.
    Name "name", Text, [], "the display name of the row's main thing";
    /// Whether a category is special-category data (Art. 9).
    Special Flag::Special.word(), Bool, [], "";
    /// Whether a category is criminal-offence data (Art. 10).
    Criminal Flag::Criminal.word(), Bool, [], "";
    /// Whether a citation resolved.
    Status "status", Text, [],
        "bases: `resolved`, `unresolved`; legislation: `exact`, `corrected`, `unresolved`";
    /// The notice's own wording of a citation.
    Cited "cited", Text, [], "the notice's own wording";
    /// The section of an Act cited.
    Section "section", Text, [], "";
    /// What starts a retention period.
    Trigger "trigger", Text, [], "`collection`, `end-of-service`, `closure`, `birth`, `event` (an event the notice names: its words are in the quote), `not-stated`";
    /// A notice's file.
    File "file", Text, [], "";
    /// A title (of an Act, of a notice).
    Title "title", Text, [], "";
    /// Whether a party is a class of bodies.
    Generic "generic", Bool, [],
        "the party is a class of bodies (\"GPs\", \"schools\") rather than one named body";
    /// What a notice says of transfers abroad or automated decisions.
    Stance "stance", Text, [],
        "transfers: `none`, `possible`, `not-answered`; decisions: `none`, `used`, `not-answered` (the notice asks the question and leaves it unanswered)";
    /// Where data is transferred.
    Destination "destination", Text, [], "";
    /// The safeguards of a transfer.
    Safeguard "safeguard", Text, ["safeguards"], "";
    /// A contact's role.
    Role "role", Text, [], "`controller`, `dpo`, `data-protection-team`, `ico`";
    /// A contact's kind.
    Kind "kind", Text, ["channel"], "`post`, `email`, `phone`, `online`";
    /// A contact's address, number or link.
    Value "value", Text, ["address"], "";
    /// A security measure.
    Measure "measure", Text, ["security"], "";
    /// Whether providing data is a statutory requirement.
    Requirement "requirement", Text, [],
        "`statutory`, `not-statutory`, or `not-stated` (the notice gives only the consequence)";
    /// What follows if data is not provided.
    Consequence "consequence", Text, ["consequences"], "what follows if the data is not provided";
    /// The form of a research use.
    Form "form", Text, ["research"],
        "`anonymised`, `pseudonymised`, `identifiable-with-consent`";
    /// Whether data is kept in archives.
    Archive "archive", Bool, [], "kept in archives";
    /// The encoder's summary of a note.
    Text "text", Text, ["notes"], "the encoder's summary";
    /// The stance of each transfer statement of a service.
    Transfer "transfer", Text, ["transfers"], "the stance of each `transfers` row of the service";
    /// The stance of each automated-decision statement of a service.
    Automated "automated", Text, ["profiling"], "the stance of each `decisions` row of the service";
    /// The encoder's remark.
    Note "note", Text, [],
        "the encoder's remark; on an inferred fact, why it is inferred; on a note, its text";
}

/// One field: its name, the type of its values, other words for it and what the docs add.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldInfo {
    /// The field.
    pub id: FieldId,
    /// Its name in queries and column headers.
    pub name: &'static str,
    /// The type of its values.
    pub value_type: ValueType,
    /// Other words accepted for it.
    pub aliases: &'static [&'static str],
    /// What the docs' table says of it beyond its type.
    pub notes: &'static str,
}

impl FieldId {
    /// Every field.
    pub fn all() -> impl Iterator<Item = FieldId> {
        FIELDS.iter().map(|f| f.id)
    }

    /// The field's row of [`FIELDS`].
    pub(crate) fn info(self) -> &'static FieldInfo {
        &FIELDS[self as usize]
    }

    /// The field's name in queries and column headers.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Every other word accepted for a field, with its field.
    pub(crate) fn aliases() -> impl Iterator<Item = (&'static str, FieldId)> {
        FIELDS
            .iter()
            .flat_map(|f| f.aliases.iter().map(move |a| (*a, f.id)))
    }

    /// The field for a dotted path (any case), by name or alias.
    pub fn parse(path: &[String]) -> Option<FieldId> {
        let joined = path.join(".").to_lowercase();
        FIELDS
            .iter()
            .find(|f| f.name == joined || f.aliases.contains(&joined.as_str()))
            .map(|f| f.id)
    }

    /// The type of the field's values.
    pub fn value_type(self) -> ValueType {
        self.info().value_type
    }
}

/// The type of a field's values, which decides how names in a query are resolved and which
/// tests the field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub enum ValueType {
    Org,
    Service,
    Notice,
    Direction,
    Party,
    PartyType,
    Category,
    Subject,
    Purpose,
    Basis,
    Legislation,
    System,
    Right,
    Duration,
    Provenance,
    Text,
    Bool,
}

display_as_word!(ValueType => word, EntityKind => word, Flag => word);

impl ValueType {
    /// The word for the type in messages (`unknown party type …`).
    pub(crate) fn word(self) -> &'static str {
        match self {
            ValueType::Org => "organisation",
            ValueType::Service => "service",
            ValueType::Notice => "notice",
            ValueType::Direction => "direction",
            ValueType::Party => "party",
            ValueType::PartyType => "party type",
            ValueType::Category => "category",
            ValueType::Subject => "subject",
            ValueType::Purpose => "purpose",
            ValueType::Basis => "basis",
            ValueType::Legislation => "legislation",
            ValueType::System => "system",
            ValueType::Right => "right",
            ValueType::Duration => "duration",
            ValueType::Provenance => "provenance",
            ValueType::Text => "text",
            ValueType::Bool => "yes/no value",
        }
    }

    /// What the docs' table says the values are.
    pub(crate) fn described(self) -> &'static str {
        match self {
            ValueType::Org => "organisation",
            ValueType::Direction => "`to` / `from` / `internal`",
            ValueType::PartyType => "party type (a tree)",
            ValueType::Category => "category (a tree)",
            ValueType::Subject => "data-subject category (a tree)",
            ValueType::Purpose => "purpose (a tree)",
            ValueType::Basis => "lawful basis",
            ValueType::Legislation => "Act or instrument",
            ValueType::System => "storage system",
            ValueType::Right => "data-subject right",
            ValueType::Duration => "retention period",
            ValueType::Provenance => "`stated` / `implied` / `inferred`",
            ValueType::Bool => "yes / no",
            other => other.word(),
        }
    }

    /// What a value of this type is written as, for an error about a wrong one.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            ValueType::Basis => {
                "a basis: a citation (`art 9(2)(h)`), a basis id or a quoted citation"
            }
            ValueType::Duration => "a duration such as `20 years`",
            ValueType::Text => "a quoted string",
            ValueType::Direction => "`to`, `from` or `internal`",
            ValueType::Provenance => "`stated`, `implied` or `inferred`",
            ValueType::Bool => "`yes` or `no`",
            _ => "an id or a quoted display name",
        }
    }

    /// The words that are all its values, for a type with a fixed few (the REPL offers them).
    pub fn fixed_words(self) -> &'static [&'static str] {
        match self {
            ValueType::Direction => &["to", "from", "internal"],
            ValueType::Provenance => &["stated", "implied", "inferred"],
            ValueType::Bool => &["yes", "no"],
            _ => &[],
        }
    }

    /// Whether `in` follows a hierarchy (`category in health` includes mental health).
    pub fn is_tree(self) -> bool {
        matches!(
            self,
            ValueType::Category | ValueType::Subject | ValueType::Purpose | ValueType::PartyType
        )
    }

    /// Whether `<`, `>`, `<=` and `>=` compare its values.
    pub fn is_ordered(self) -> bool {
        self == ValueType::Duration
    }
}

/// A flag tested by `is`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Special-category data (UK GDPR Art. 9).
    Special,
    /// Criminal-offence data (UK GDPR Art. 10).
    Criminal,
    /// Stated by the notice of that flow.
    Stated,
    /// Implied from what the notice states for the service as a whole.
    Implied,
    /// The encoder's reading, marked with a note saying why.
    Inferred,
}

impl Flag {
    /// Every flag, in the order the grammar and the docs list them.
    pub const ALL: [Flag; 5] = [
        Flag::Special,
        Flag::Criminal,
        Flag::Stated,
        Flag::Implied,
        Flag::Inferred,
    ];

    /// Every flag's word, as `is` takes it.
    pub(crate) const WORDS: [&'static str; 5] = [
        Flag::Special.word(),
        Flag::Criminal.word(),
        Flag::Stated.word(),
        Flag::Implied.word(),
        Flag::Inferred.word(),
    ];

    /// The word after `is`.
    pub(crate) const fn word(self) -> &'static str {
        match self {
            Flag::Special => "special",
            Flag::Criminal => "criminal",
            Flag::Stated => "stated",
            Flag::Implied => "implied",
            Flag::Inferred => "inferred",
        }
    }

    /// The flag for `word`, in any case.
    pub(crate) fn from_word(word: &str) -> Option<Flag> {
        Flag::ALL
            .into_iter()
            .find(|f| f.word().eq_ignore_ascii_case(word))
    }

    /// The provenance level a flag of provenance tests; `None` for a flag of a value.
    pub fn provenance(self) -> Option<Provenance> {
        match self {
            Flag::Stated => Some(Provenance::Stated),
            Flag::Implied => Some(Provenance::Implied),
            Flag::Inferred => Some(Provenance::Inferred),
            Flag::Special | Flag::Criminal => None,
        }
    }

    /// Whether a field of type `vt` can carry the flag: a flag of a value (`special`,
    /// `criminal`) only categories; a flag of provenance every field.
    pub fn applies_to(self, vt: ValueType) -> bool {
        self.provenance().is_some() || vt == ValueType::Category
    }
}

/// Declares [`EntityKind`] and [`ENTITIES`] from one list.
macro_rules! entities {
    ($($(#[$doc:meta])* $kind:ident $word:literal, $fields:expr, [$($default:ident),*], $row:literal;)*) => {
        /// What a query lists or counts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EntityKind {
            $($(#[$doc])* $kind,)*
        }

        /// Every entity, in the order of [`EntityKind`] (the order the docs list them).
        pub(crate) const ENTITIES: &[EntityInfo] = &[
            $(EntityInfo {
                kind: EntityKind::$kind,
                word: $word,
                fields: $fields,
                default: &[$(FieldId::$default),*],
                row: $row,
            },)*
        ];
    };
}

use FieldId as F;

const FLOW_FIELDS: &[FieldId] = &[
    F::Org,
    F::Service,
    F::Notice,
    F::Direction,
    F::Party,
    F::PartyType,
    F::Generic,
    F::Recipient,
    F::Source,
    F::Name,
    F::Category,
    F::Subject,
    F::Purpose,
    F::Basis,
    F::Legislation,
    F::System,
    F::Condition,
    F::Provenance,
    F::Quote,
];

/// The fields every statement about a service carries besides its own (and, after `;`, the
/// encoder's remark).
macro_rules! service_fact {
    ($($f:ident),* $(,)?) => {
        &[$(F::$f,)* F::Org, F::Service, F::Notice, F::Provenance, F::Quote]
    };
    ($($f:ident),*; $note:ident) => {
        &[$(F::$f,)* F::Org, F::Service, F::Notice, F::Provenance, F::Quote, F::$note]
    };
}

entities! {
    /// Flows of data between a service and a party.
    Flows "flows", FLOW_FIELDS, [Org, Service, Direction, Party, PartyType],
        "flow: a service sending data to a party, receiving it from one, or sharing it with one of the controller's own teams";
    /// Outgoing flows.
    Recipients "recipients", FLOW_FIELDS, [Recipient, Name, PartyType, Org, Service],
        "outgoing flow to another body (`direction = to`)";
    /// Incoming flows.
    Sources "sources", FLOW_FIELDS, [Source, Name, PartyType, Org, Service],
        "incoming flow (`direction = from`)";
    /// Services (processing activities).
    Services "services", &[
        F::Org, F::Service, F::Notice, F::Name, F::Category, F::Subject, F::Purpose, F::Basis,
        F::Legislation, F::System, F::Right, F::Party, F::PartyType, F::Recipient, F::Source,
        F::Duration, F::Transfer, F::Automated, F::Requirement, F::Form, F::Measure,
        F::Provenance, F::Quote,
    ], [Service, Name, Org], "service (processing activity)";
    /// Categories a service's notice says it collects.
    Categories "categories", service_fact![Category, Name, Special, Criminal; Note],
        [Category, Special, Criminal, Org, Service],
        "category a service's notice says it collects";
    /// Lawful bases a service's notice cites.
    Bases "bases", service_fact![Basis, Name, Cited, Status; Note],
        [Basis, Name, Cited, Status, Org, Service],
        "lawful basis a service's notice cites (also citations that name no real basis)";
    /// Acts a service's notice cites.
    Legislation "legislation", service_fact![Legislation, Title, Section, Cited, Status; Note],
        [Legislation, Section, Status, Cited, Org, Service],
        "Act or instrument a service's notice cites";
    /// Retention rules.
    Retention "retention", &[
        F::Org, F::Service, F::Notice, F::Subject, F::Category, F::Condition, F::Duration,
        F::Trigger, F::Provenance, F::Quote,
    ], [Org, Service, Subject, Category, Condition, Duration, Trigger], "retention rule";
    /// Organisations.
    Orgs "orgs", &[F::Org, F::Name, F::PartyType], [Org, Name, PartyType],
        "organisation (controller)";
    /// Notices.
    Notices "notices", &[F::Notice, F::Org, F::File, F::Title], [Notice, Org, File, Title],
        "notice";
    /// Storage systems.
    Systems "systems", &[F::System, F::Name, F::Org, F::Service, F::Notice, F::Provenance, F::Quote],
        [System, Name, Org], "storage system";
    /// Parties (recipients and sources).
    Parties "parties", &[F::Party, F::Name, F::PartyType, F::Generic, F::Org, F::Direction],
        [Party, Name, PartyType, Org], "party (recipient or source)";
    /// Data-subject categories a service's notice states.
    Subjects "subjects", service_fact![Subject, Name; Note], [Subject, Name, Org, Service],
        "data-subject category a service's notice states";
    /// Purposes a service's notice states.
    Purposes "purposes", service_fact![Purpose, Name; Note], [Purpose, Name, Org, Service],
        "purpose a service's notice states";
    /// Statements about transfers outside the UK.
    Transfers "transfers", service_fact![Stance, Destination, Safeguard],
        [Org, Service, Stance, Destination, Safeguard],
        "statement about transfers outside the UK";
    /// Contact points of a controller.
    Contacts "contacts", &[F::Role, F::Kind, F::Value, F::Org, F::Notice, F::Provenance, F::Quote],
        [Org, Role, Kind, Value],
        "contact point of a controller (its DPO, its data-protection team)";
    /// Statements about automated decision-making.
    Decisions "decisions", service_fact![Stance], [Org, Service, Stance],
        "statement about automated decision-making and profiling";
    /// Security measures.
    Security "security", service_fact![Measure], [Org, Service, Measure], "security measure";
    /// Statements on whether data must be provided.
    Requirements "requirements", service_fact![Requirement, Consequence],
        [Org, Service, Requirement, Consequence],
        "statement on whether data must be provided, and what follows if not";
    /// Research, statistical or anonymised uses.
    Research "research", service_fact![Form, Archive], [Org, Service, Form, Archive],
        "research, statistical or anonymised/pseudonymised use";
    /// Any other statement the encoder recorded.
    // `note` on a note is its text: the field every other fact uses for the encoder's remark.
    Notes "notes", service_fact![Text, Note], [Org, Service, Text],
        "any other statement the encoder recorded (including consequences such as 003's \"If fraud is detected, you could be refused certain services\")";
}

/// One entity: its word, its fields, the columns it shows by default and what a row is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntityInfo {
    /// The entity.
    pub kind: EntityKind,
    /// Its word in queries.
    pub word: &'static str,
    /// The fields its rows have.
    pub fields: &'static [FieldId],
    /// The columns shown when a query has no `show`.
    pub default: &'static [FieldId],
    /// What one row is, for the docs.
    pub row: &'static str,
}

impl EntityKind {
    /// Every entity, in the order the docs list them.
    pub fn all() -> impl Iterator<Item = EntityKind> {
        ENTITIES.iter().map(|e| e.kind)
    }

    /// The entity's row of [`ENTITIES`].
    pub(crate) fn info(self) -> &'static EntityInfo {
        &ENTITIES[self as usize]
    }

    /// The word for this entity in a query.
    pub(crate) fn word(self) -> &'static str {
        self.info().word
    }

    /// The entity for `word`, in any case.
    pub(crate) fn from_word(word: &str) -> Option<EntityKind> {
        ENTITIES
            .iter()
            .find(|e| e.word.eq_ignore_ascii_case(word))
            .map(|e| e.kind)
    }

    /// Whether `reachable` can list it: the nodes a walk reaches.
    pub(crate) fn is_reachable(self) -> bool {
        matches!(
            self,
            EntityKind::Parties | EntityKind::Recipients | EntityKind::Orgs | EntityKind::Services
        )
    }
}

/// The fields rows of `entity` have.
pub fn fields_of(entity: EntityKind) -> &'static [FieldId] {
    entity.info().fields
}

/// The columns shown when a query has no `show`. Rows with provenance also get `provenance`,
/// `notice` and `quote` appended.
pub(crate) fn default_columns(entity: EntityKind) -> &'static [FieldId] {
    entity.info().default
}

/// Whether rows of `entity` carry provenance and a source quote.
pub(crate) fn has_provenance(entity: EntityKind) -> bool {
    fields_of(entity).contains(&FieldId::Provenance)
}

/// The entity a `compare` counts for a field: the one whose rows the field's values are.
pub fn compare_entity(f: FieldId) -> EntityKind {
    match f {
        FieldId::Category => EntityKind::Categories,
        FieldId::Subject => EntityKind::Subjects,
        FieldId::Purpose => EntityKind::Purposes,
        FieldId::Basis => EntityKind::Bases,
        FieldId::Legislation => EntityKind::Legislation,
        FieldId::Duration => EntityKind::Retention,
        FieldId::System => EntityKind::Systems,
        FieldId::Right | FieldId::Transfer | FieldId::Automated => EntityKind::Services,
        FieldId::Stance | FieldId::Destination | FieldId::Safeguard => EntityKind::Transfers,
        FieldId::Role | FieldId::Kind | FieldId::Value => EntityKind::Contacts,
        FieldId::Measure => EntityKind::Security,
        FieldId::Requirement | FieldId::Consequence => EntityKind::Requirements,
        FieldId::Form | FieldId::Archive => EntityKind::Research,
        FieldId::Text => EntityKind::Notes,
        _ => EntityKind::Flows,
    }
}

/// The docs' tables of entities and fields, as `docs/language.md` holds them between its
/// markers (the test `the_language_reference_lists_the_schema` keeps them equal).
#[cfg(test)]
fn reference_tables() -> (String, String) {
    let names = |fs: &[FieldId]| fs.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
    let mut entities = String::from("| entity | one row per | default columns |\n|---|---|---|\n");
    for e in ENTITIES {
        entities.push_str(&format!(
            "| `{}` | {} | {} |\n",
            e.word,
            e.row,
            names(e.default)
        ));
    }
    let mut fields = String::from("| field | values | entities | notes |\n|---|---|---|---|\n");
    for f in FIELDS {
        let of: Vec<&str> = ENTITIES
            .iter()
            .filter(|e| e.fields.contains(&f.id))
            .map(|e| e.word)
            .collect();
        let of = if of.len() == ENTITIES.len() {
            "every entity".to_string()
        } else {
            of.join(", ")
        };
        let mut notes = f.notes.to_string();
        if !f.aliases.is_empty() {
            let also: Vec<String> = f.aliases.iter().map(|a| format!("`{a}`")).collect();
            if !notes.is_empty() {
                notes.push_str("; ");
            }
            notes.push_str(&format!("also written {}", also.join(", ")));
        }
        fields.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            f.name,
            f.value_type.described(),
            of,
            notes
        ));
    }
    (entities, fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables index by variant: each row must sit at its variant's place.
    #[test]
    fn the_tables_are_in_variant_order() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{}", f.name);
        }
        for (i, e) in ENTITIES.iter().enumerate() {
            assert_eq!(e.kind as usize, i, "{}", e.word);
        }
    }

    /// A word means one field: no alias is another field's name or alias, and every default
    /// column is a field of its entity.
    #[test]
    fn every_word_means_one_thing() {
        let mut words: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        words.extend(FieldId::aliases().map(|(a, _)| a));
        let n = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), n, "a word names two fields");
        for e in ENTITIES {
            for d in e.default {
                assert!(e.fields.contains(d), "{}: default {}", e.word, d.name());
            }
        }
    }

    /// A flag of provenance is named as its level is stored.
    #[test]
    fn provenance_flags_are_the_levels() {
        for f in Flag::ALL {
            if let Some(p) = f.provenance() {
                assert_eq!(f.word(), p.as_str());
            }
        }
        let levels: Vec<&str> = Provenance::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(ValueType::Provenance.fixed_words(), levels);
    }

    /// The grammar's word lists are the schema's: entities, flags.
    #[test]
    fn the_grammar_spells_the_schema() {
        let grammar = include_str!("../../grammar/query.pest");
        let words_of = |rule: &str| -> Vec<String> {
            let start = grammar
                .find(&format!("\n{rule} = "))
                .unwrap_or_else(|| panic!("no rule {rule}"));
            let body = &grammar[start..];
            let body = &body[..body.find("~ !ident_char").unwrap_or(body.len())];
            body.split("^\"")
                .skip(1)
                .filter_map(|w| w.split('"').next())
                .map(str::to_string)
                .collect()
        };
        let entities: Vec<&str> = ENTITIES.iter().map(|e| e.word).collect();
        assert_eq!(words_of("entity"), entities);
        assert_eq!(words_of("flag"), Flag::WORDS);
    }

    /// `docs/language.md`'s tables of entities and fields are the schema's, generated:
    /// `BASIS_DOCS_BLESS=1 cargo test --lib` writes them.
    #[test]
    fn the_language_reference_lists_the_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md");
        let mut doc = std::fs::read_to_string(path).unwrap_or_default();
        let (entities, fields) = reference_tables();
        let mut stale = Vec::new();
        for (name, want) in [("entities", entities), ("fields", fields)] {
            let start = format!("<!-- {name}: generated from src/query/schema.rs -->\n");
            let end = format!("<!-- end of {name} -->");
            let (Some(a), Some(b)) = (doc.find(&start), doc.find(&end)) else {
                panic!("docs/language.md lacks the markers of the {name} table");
            };
            let at = a + start.len();
            if doc[at..b] != want {
                stale.push(name);
                doc.replace_range(at..b, &want);
            }
        }
        if !stale.is_empty() && std::env::var_os("BASIS_DOCS_BLESS").is_some() {
            std::fs::write(path, doc).unwrap_or_default();
            return;
        }
        assert!(
            stale.is_empty(),
            "docs/language.md's {stale:?} differ from the schema: regenerate with BASIS_DOCS_BLESS=1 cargo test --lib"
        );
    }
}
