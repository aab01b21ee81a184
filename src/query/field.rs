//! The fields of the language: their names, the type of their values, and which entity has
//! which fields (with its default columns).

use super::ast::EntityKind;

/// A field a query can test, show, group or sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // each variant is the field word given by `name`
pub enum FieldId {
    Org,
    Service,
    Notice,
    Direction,
    Party,
    PartyType,
    Recipient,
    Source,
    Category,
    Subject,
    Purpose,
    Basis,
    Legislation,
    System,
    Right,
    Duration,
    Provenance,
    Condition,
    Quote,
    Name,
    Special,
    Criminal,
    Status,
    Cited,
    Section,
    Trigger,
    File,
    Title,
    Generic,
    Stance,
    Destination,
    Safeguard,
    Role,
    Kind,
    Value,
    Measure,
    Requirement,
    Consequence,
    Form,
    Archive,
    Text,
    Transfer,
    Automated,
    Note,
}

/// The type of a field's values, which decides how names in a query are resolved.
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

impl FieldId {
    /// Every field.
    pub const ALL: [FieldId; 44] = [
        FieldId::Org,
        FieldId::Service,
        FieldId::Notice,
        FieldId::Direction,
        FieldId::Party,
        FieldId::PartyType,
        FieldId::Recipient,
        FieldId::Source,
        FieldId::Category,
        FieldId::Subject,
        FieldId::Purpose,
        FieldId::Basis,
        FieldId::Legislation,
        FieldId::System,
        FieldId::Right,
        FieldId::Duration,
        FieldId::Provenance,
        FieldId::Condition,
        FieldId::Quote,
        FieldId::Name,
        FieldId::Special,
        FieldId::Criminal,
        FieldId::Status,
        FieldId::Cited,
        FieldId::Section,
        FieldId::Trigger,
        FieldId::File,
        FieldId::Title,
        FieldId::Generic,
        FieldId::Stance,
        FieldId::Destination,
        FieldId::Safeguard,
        FieldId::Role,
        FieldId::Kind,
        FieldId::Value,
        FieldId::Measure,
        FieldId::Requirement,
        FieldId::Consequence,
        FieldId::Form,
        FieldId::Archive,
        FieldId::Text,
        FieldId::Transfer,
        FieldId::Automated,
        FieldId::Note,
    ];

    /// The field's name in queries and column headers.
    pub fn name(self) -> &'static str {
        match self {
            FieldId::Org => "org",
            FieldId::Service => "service",
            FieldId::Notice => "notice",
            FieldId::Direction => "direction",
            FieldId::Party => "party",
            FieldId::PartyType => "party.type",
            FieldId::Recipient => "recipient",
            FieldId::Source => "source",
            FieldId::Category => "category",
            FieldId::Subject => "subject",
            FieldId::Purpose => "purpose",
            FieldId::Basis => "basis",
            FieldId::Legislation => "legislation",
            FieldId::System => "system",
            FieldId::Right => "right",
            FieldId::Duration => "duration",
            FieldId::Provenance => "provenance",
            FieldId::Condition => "condition",
            FieldId::Quote => "quote",
            FieldId::Name => "name",
            FieldId::Special => "special",
            FieldId::Criminal => "criminal",
            FieldId::Status => "status",
            FieldId::Cited => "cited",
            FieldId::Section => "section",
            FieldId::Trigger => "trigger",
            FieldId::File => "file",
            FieldId::Title => "title",
            FieldId::Generic => "generic",
            FieldId::Stance => "stance",
            FieldId::Destination => "destination",
            FieldId::Safeguard => "safeguard",
            FieldId::Role => "role",
            FieldId::Kind => "kind",
            FieldId::Value => "value",
            FieldId::Measure => "measure",
            FieldId::Requirement => "requirement",
            FieldId::Consequence => "consequence",
            FieldId::Form => "form",
            FieldId::Archive => "archive",
            FieldId::Text => "text",
            FieldId::Transfer => "transfer",
            FieldId::Automated => "automated",
            FieldId::Note => "note",
        }
    }

    /// Other words accepted for fields: `type` and `recipient.type` for `party.type`,
    /// `retention` for `duration`, `organisation` for `org`, plurals.
    pub const ALIASES: [(&'static str, FieldId); 26] = [
        ("type", FieldId::PartyType),
        ("recipient.type", FieldId::PartyType),
        ("source.type", FieldId::PartyType),
        ("party_type", FieldId::PartyType),
        ("retention", FieldId::Duration),
        ("period", FieldId::Duration),
        ("length", FieldId::Duration),
        ("organisation", FieldId::Org),
        ("organization", FieldId::Org),
        ("controller", FieldId::Org),
        ("partner", FieldId::Party),
        ("recipients", FieldId::Recipient),
        ("sources", FieldId::Source),
        ("categories", FieldId::Category),
        ("bases", FieldId::Basis),
        ("purposes", FieldId::Purpose),
        ("subjects", FieldId::Subject),
        ("safeguards", FieldId::Safeguard),
        ("channel", FieldId::Kind),
        ("address", FieldId::Value),
        ("security", FieldId::Measure),
        ("research", FieldId::Form),
        ("notes", FieldId::Text),
        ("transfers", FieldId::Transfer),
        ("profiling", FieldId::Automated),
        ("consequences", FieldId::Consequence),
    ];

    /// The field for a dotted path (any case), by name or alias.
    pub fn parse(path: &[String]) -> Option<FieldId> {
        let joined = path.join(".").to_lowercase();
        FieldId::ALL
            .into_iter()
            .find(|f| f.name() == joined)
            .or_else(|| {
                FieldId::ALIASES
                    .iter()
                    .find(|(a, _)| *a == joined)
                    .map(|(_, f)| *f)
            })
    }

    /// The type of the field's values.
    pub fn value_type(self) -> ValueType {
        match self {
            FieldId::Org => ValueType::Org,
            FieldId::Service => ValueType::Service,
            FieldId::Notice => ValueType::Notice,
            FieldId::Direction => ValueType::Direction,
            FieldId::Party | FieldId::Recipient | FieldId::Source => ValueType::Party,
            FieldId::PartyType => ValueType::PartyType,
            FieldId::Category => ValueType::Category,
            FieldId::Subject => ValueType::Subject,
            FieldId::Purpose => ValueType::Purpose,
            FieldId::Basis => ValueType::Basis,
            FieldId::Legislation => ValueType::Legislation,
            FieldId::System => ValueType::System,
            FieldId::Right => ValueType::Right,
            FieldId::Duration => ValueType::Duration,
            FieldId::Provenance => ValueType::Provenance,
            FieldId::Special | FieldId::Criminal | FieldId::Generic | FieldId::Archive => {
                ValueType::Bool
            }
            FieldId::Condition
            | FieldId::Quote
            | FieldId::Name
            | FieldId::Status
            | FieldId::Cited
            | FieldId::Section
            | FieldId::Trigger
            | FieldId::File
            | FieldId::Title
            | FieldId::Stance
            | FieldId::Destination
            | FieldId::Safeguard
            | FieldId::Role
            | FieldId::Kind
            | FieldId::Value
            | FieldId::Measure
            | FieldId::Requirement
            | FieldId::Consequence
            | FieldId::Form
            | FieldId::Text
            | FieldId::Transfer
            | FieldId::Automated
            | FieldId::Note => ValueType::Text,
        }
    }
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
const SERVICE_FIELDS: &[FieldId] = &[
    F::Org,
    F::Service,
    F::Notice,
    F::Name,
    F::Category,
    F::Subject,
    F::Purpose,
    F::Basis,
    F::Legislation,
    F::System,
    F::Right,
    F::Party,
    F::PartyType,
    F::Recipient,
    F::Source,
    F::Duration,
    F::Transfer,
    F::Automated,
    F::Requirement,
    F::Form,
    F::Measure,
    F::Provenance,
    F::Quote,
];
const CATEGORY_FIELDS: &[FieldId] = &[
    F::Category,
    F::Name,
    F::Special,
    F::Criminal,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
    F::Note,
];
const BASIS_FIELDS: &[FieldId] = &[
    F::Basis,
    F::Name,
    F::Cited,
    F::Status,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
    F::Note,
];
const LEGISLATION_FIELDS: &[FieldId] = &[
    F::Legislation,
    F::Title,
    F::Section,
    F::Cited,
    F::Status,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
    F::Note,
];
const RETENTION_FIELDS: &[FieldId] = &[
    F::Org,
    F::Service,
    F::Notice,
    F::Subject,
    F::Category,
    F::Condition,
    F::Duration,
    F::Trigger,
    F::Provenance,
    F::Quote,
];
const ORG_FIELDS: &[FieldId] = &[F::Org, F::Name, F::PartyType];
const NOTICE_FIELDS: &[FieldId] = &[F::Notice, F::Org, F::File, F::Title];
const SYSTEM_FIELDS: &[FieldId] = &[
    F::System,
    F::Name,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
];
const PARTY_FIELDS: &[FieldId] = &[
    F::Party,
    F::Name,
    F::PartyType,
    F::Generic,
    F::Org,
    F::Direction,
];
/// The fields every statement about a service carries besides its own.
macro_rules! service_fact {
    ($($f:expr),* $(,)?) => {
        &[$($f,)* F::Org, F::Service, F::Notice, F::Provenance, F::Quote]
    };
}
const TRANSFER_FIELDS: &[FieldId] = service_fact![F::Stance, F::Destination, F::Safeguard];
const CONTACT_FIELDS: &[FieldId] = &[
    F::Role,
    F::Kind,
    F::Value,
    F::Org,
    F::Notice,
    F::Provenance,
    F::Quote,
];
const DECISION_FIELDS: &[FieldId] = service_fact![F::Stance];
const SECURITY_FIELDS: &[FieldId] = service_fact![F::Measure];
const REQUIREMENT_FIELDS: &[FieldId] = service_fact![F::Requirement, F::Consequence];
const RESEARCH_FIELDS: &[FieldId] = service_fact![F::Form, F::Archive];
// `note` on a note is its text: the field every other fact uses for the encoder's remark.
const NOTE_FIELDS: &[FieldId] = service_fact![F::Text, F::Note];
const SUBJECT_FIELDS: &[FieldId] = &[
    F::Subject,
    F::Name,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
    F::Note,
];
const PURPOSE_FIELDS: &[FieldId] = &[
    F::Purpose,
    F::Name,
    F::Org,
    F::Service,
    F::Notice,
    F::Provenance,
    F::Quote,
    F::Note,
];

/// The fields rows of `entity` have.
pub fn fields_of(entity: EntityKind) -> &'static [FieldId] {
    match entity {
        EntityKind::Flows | EntityKind::Recipients | EntityKind::Sources => FLOW_FIELDS,
        EntityKind::Services => SERVICE_FIELDS,
        EntityKind::Categories => CATEGORY_FIELDS,
        EntityKind::Bases => BASIS_FIELDS,
        EntityKind::Legislation => LEGISLATION_FIELDS,
        EntityKind::Retention => RETENTION_FIELDS,
        EntityKind::Orgs => ORG_FIELDS,
        EntityKind::Notices => NOTICE_FIELDS,
        EntityKind::Systems => SYSTEM_FIELDS,
        EntityKind::Parties => PARTY_FIELDS,
        EntityKind::Subjects => SUBJECT_FIELDS,
        EntityKind::Purposes => PURPOSE_FIELDS,
        EntityKind::Transfers => TRANSFER_FIELDS,
        EntityKind::Contacts => CONTACT_FIELDS,
        EntityKind::Decisions => DECISION_FIELDS,
        EntityKind::Security => SECURITY_FIELDS,
        EntityKind::Requirements => REQUIREMENT_FIELDS,
        EntityKind::Research => RESEARCH_FIELDS,
        EntityKind::Notes => NOTE_FIELDS,
    }
}

/// The columns shown when a query has no `show`. Rows with provenance also get `provenance`,
/// `notice` and `quote` appended.
pub fn default_columns(entity: EntityKind) -> &'static [FieldId] {
    match entity {
        EntityKind::Flows => &[F::Org, F::Service, F::Direction, F::Party, F::PartyType],
        EntityKind::Recipients => &[F::Recipient, F::Name, F::PartyType, F::Org, F::Service],
        EntityKind::Sources => &[F::Source, F::Name, F::PartyType, F::Org, F::Service],
        EntityKind::Services => &[F::Service, F::Name, F::Org],
        EntityKind::Categories => &[F::Category, F::Special, F::Criminal, F::Org, F::Service],
        EntityKind::Bases => &[F::Basis, F::Name, F::Cited, F::Status, F::Org, F::Service],
        EntityKind::Legislation => &[
            F::Legislation,
            F::Section,
            F::Status,
            F::Cited,
            F::Org,
            F::Service,
        ],
        EntityKind::Retention => &[
            F::Org,
            F::Service,
            F::Subject,
            F::Category,
            F::Condition,
            F::Duration,
            F::Trigger,
        ],
        EntityKind::Orgs => &[F::Org, F::Name, F::PartyType],
        EntityKind::Notices => &[F::Notice, F::Org, F::File, F::Title],
        EntityKind::Systems => &[F::System, F::Name, F::Org],
        EntityKind::Parties => &[F::Party, F::Name, F::PartyType, F::Org],
        EntityKind::Subjects => &[F::Subject, F::Name, F::Org, F::Service],
        EntityKind::Purposes => &[F::Purpose, F::Name, F::Org, F::Service],
        EntityKind::Transfers => &[F::Org, F::Service, F::Stance, F::Destination, F::Safeguard],
        EntityKind::Contacts => &[F::Org, F::Role, F::Kind, F::Value],
        EntityKind::Decisions => &[F::Org, F::Service, F::Stance],
        EntityKind::Security => &[F::Org, F::Service, F::Measure],
        EntityKind::Requirements => &[F::Org, F::Service, F::Requirement, F::Consequence],
        EntityKind::Research => &[F::Org, F::Service, F::Form, F::Archive],
        EntityKind::Notes => &[F::Org, F::Service, F::Text],
    }
}

/// Whether rows of `entity` carry provenance and a source quote.
pub fn has_provenance(entity: EntityKind) -> bool {
    fields_of(entity).contains(&FieldId::Provenance)
}
