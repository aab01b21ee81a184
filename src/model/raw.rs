//! The TOML file format as serde structs (see `docs/dataset-format.md`). Ids are `Spanned` so
//! that every validation error can point at the exact place in the file.

use serde::Deserialize;
use toml::Spanned;

/// A spanned string: an id or a quote, with its byte range in the file.
pub(crate) type SStr = Spanned<String>;

/// Any vocabulary or dataset file: every section is optional, so one struct reads them all and
/// the loader checks which sections a file of each role may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub category: Vec<RawTreeEntry>,
    #[serde(default)]
    pub subject: Vec<RawTreeEntry>,
    #[serde(default)]
    pub purpose: Vec<RawTreeEntry>,
    #[serde(default)]
    pub party_type: Vec<RawTreeEntry>,
    #[serde(default)]
    pub right: Vec<RawRight>,
    #[serde(default)]
    pub basis: Vec<RawBasis>,
    #[serde(default)]
    pub legislation: Vec<RawLegislation>,
    #[serde(default)]
    pub party: Vec<RawParty>,
    pub org: Option<RawOrg>,
    #[serde(default)]
    pub contact: Vec<RawContact>,
    #[serde(default)]
    pub notice: Vec<RawNotice>,
    #[serde(default)]
    pub system: Vec<RawSystem>,
    #[serde(default)]
    pub service: Vec<RawService>,
}

/// A category, subject, purpose or party type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTreeEntry {
    pub id: SStr,
    pub name: String,
    pub parent: Option<SStr>,
    #[serde(default)]
    pub special: bool,
    #[serde(default)]
    pub criminal: bool,
    pub dpv: Option<RawDpv>,
    pub description: Option<String>,
}

/// A `dpv` field: one concept (`dpv = "pd:Name"`, the form older files use) or a list of
/// them, for an entry that spans several DPV concepts (`dpv = ["pd:Religion",
/// "pd:PhilosophicalBelief"]`).
#[derive(Debug)]
pub(crate) enum RawDpv {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for RawDpv {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // By hand rather than `untagged`, whose error ("did not match any variant") does
        // not say what to write.
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawDpv;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a DPV concept such as "pd:Name", or a list of them"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawDpv, E> {
                Ok(RawDpv::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<RawDpv, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = a.next_element::<String>()? {
                    v.push(s);
                }
                Ok(RawDpv::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl RawDpv {
    /// The concepts, in the order written.
    pub(crate) fn to_vec(&self) -> Vec<String> {
        match self {
            RawDpv::One(s) => vec![s.clone()],
            RawDpv::Many(v) => v.clone(),
        }
    }
}

/// A data-subject right.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRight {
    pub id: SStr,
    pub name: String,
    pub article: String,
    pub description: Option<String>,
}

/// A lawful basis or condition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBasis {
    pub id: SStr,
    pub name: String,
    pub law: SStr,
    pub article: Option<u32>,
    pub paragraph: Option<u32>,
    pub point: Option<String>,
    pub schedule: Option<u32>,
    pub part: Option<u32>,
    pub dpv: Option<String>,
    pub requires_one_of: Option<SStr>,
    pub description: Option<String>,
}

/// An Act or instrument of the legislation registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLegislation {
    pub id: SStr,
    pub title: String,
    pub year: u32,
    pub kind: SStr,
    pub legislation_gov_uk: Option<String>,
    #[serde(default)]
    pub supports: Vec<SStr>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub description: Option<String>,
}

/// An external party (or an internal team).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParty {
    pub id: SStr,
    pub name: String,
    #[serde(rename = "type")]
    pub party_type: SStr,
    #[serde(default)]
    pub also_types: Vec<SStr>,
    #[serde(default)]
    pub generic: bool,
    pub org: Option<SStr>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of the country the body is in, where it is outside the UK or
    /// known to be in it (`IE`, `US`, `GB`).
    pub country: Option<SStr>,
    pub note: Option<String>,
}

/// The controller of an organisation file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOrg {
    pub id: SStr,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: SStr,
    pub ico_registration: Option<String>,
    pub registration_quote: Option<SStr>,
    pub registration_notice: Option<SStr>,
    pub note: Option<String>,
}

/// A contact point of the controller or its DPO.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawContact {
    pub role: SStr,
    pub kind: SStr,
    pub value: String,
    pub notice: SStr,
    pub quote: SStr,
}

/// A storage system.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSystem {
    pub id: SStr,
    pub name: String,
    pub notice: SStr,
    pub quote: SStr,
}

/// Declares a table that holds the fact lists of a service (`[[service.basis]]`, …) beside its
/// own fields. Services and notices share them: what a notice states once
/// (`[[notice.right]]`) every service it describes inherits. serde's `flatten` would say this
/// once too, but it loses the spans of `Spanned` fields and does not work with
/// `deny_unknown_fields`.
macro_rules! with_fact_lists {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            #[serde(default)]
            pub subject: Vec<RawRef>,
            #[serde(default)]
            pub category: Vec<RawCategoryRef>,
            #[serde(default)]
            pub purpose: Vec<RawRef>,
            #[serde(default)]
            pub basis: Vec<RawCitation>,
            #[serde(default)]
            pub legislation: Vec<RawCitation>,
            #[serde(default)]
            pub recipient: Vec<RawFlow>,
            #[serde(default)]
            pub source: Vec<RawFlow>,
            #[serde(default)]
            pub retention: Vec<RawRetention>,
            #[serde(default)]
            pub system: Vec<RawRef>,
            #[serde(default)]
            pub right: Vec<RawRef>,
            #[serde(default)]
            pub security: Vec<RawSecurity>,
            #[serde(default)]
            pub transfer: Vec<RawTransfer>,
            #[serde(default)]
            pub automated_decision: Vec<RawAutomated>,
            #[serde(default)]
            pub requirement: Vec<RawRequirement>,
            #[serde(default)]
            pub research: Vec<RawResearch>,
            #[serde(default)]
            pub note: Vec<RawNote>,
        }

        impl $name {
            /// The fact lists, borrowed.
            pub(crate) fn facts(&self) -> FactLists<'_> {
                FactLists {
                    subject: &self.subject,
                    category: &self.category,
                    purpose: &self.purpose,
                    basis: &self.basis,
                    legislation: &self.legislation,
                    recipient: &self.recipient,
                    source: &self.source,
                    retention: &self.retention,
                    system: &self.system,
                    right: &self.right,
                    security: &self.security,
                    transfer: &self.transfer,
                    automated_decision: &self.automated_decision,
                    requirement: &self.requirement,
                    research: &self.research,
                    note: &self.note,
                }
            }
        }
    };
}

/// The fact lists of a service or a notice, borrowed (see [`with_fact_lists`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactLists<'a> {
    pub subject: &'a [RawRef],
    pub category: &'a [RawCategoryRef],
    pub purpose: &'a [RawRef],
    pub basis: &'a [RawCitation],
    pub legislation: &'a [RawCitation],
    pub recipient: &'a [RawFlow],
    pub source: &'a [RawFlow],
    pub retention: &'a [RawRetention],
    pub system: &'a [RawRef],
    pub right: &'a [RawRef],
    pub security: &'a [RawSecurity],
    pub transfer: &'a [RawTransfer],
    pub automated_decision: &'a [RawAutomated],
    pub requirement: &'a [RawRequirement],
    pub research: &'a [RawResearch],
    pub note: &'a [RawNote],
}

impl FactLists<'_> {
    /// The span of the first statement, for errors about the lists as a whole; `None` when
    /// they are all empty.
    pub(crate) fn first_span(&self) -> Option<std::ops::Range<usize>> {
        [
            self.subject.first().map(|r| r.quote.span()),
            self.category.first().map(|r| r.quote.span()),
            self.purpose.first().map(|r| r.quote.span()),
            self.basis.first().map(|r| r.quote.span()),
            self.legislation.first().map(|r| r.quote.span()),
            self.recipient.first().map(|r| r.quote.span()),
            self.source.first().map(|r| r.quote.span()),
            self.retention.first().map(|r| r.quote.span()),
            self.system.first().map(|r| r.quote.span()),
            self.right.first().map(|r| r.quote.span()),
            self.security.first().map(|r| r.quote.span()),
            self.transfer.first().map(|r| r.quote.span()),
            self.automated_decision.first().map(|r| r.quote.span()),
            self.requirement.first().map(|r| r.quote.span()),
            self.research.first().map(|r| r.quote.span()),
            self.note.first().map(|r| r.quote.span()),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|s| s.start)
    }
}

with_fact_lists! {
    /// A source notice, and the statements it makes once for every service it describes
    /// (rights, retention, complaints, transfers, …): each of its services inherits them.
    pub struct RawNotice {
        pub id: SStr,
        pub file: SStr,
        pub title: String,
        pub url: Option<String>,
    }
}

with_fact_lists! {
    /// A service (processing activity) and every fact stated about it.
    pub struct RawService {
        pub id: SStr,
        pub name: String,
        pub notice: SStr,
        pub quote: SStr,
        pub description: Option<String>,
    }
}

/// A reference to a vocabulary entry, with provenance.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRef {
    pub id: SStr,
    pub provenance: Option<SStr>,
    pub note: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A category the service collects.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategoryRef {
    pub id: SStr,
    #[serde(default)]
    pub declared_special: bool,
    pub provenance: Option<SStr>,
    pub note: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A cited basis or piece of legislation, in the notice's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCitation {
    pub id: Option<SStr>,
    pub purposes: Option<Vec<SStr>>,
    #[serde(default)]
    pub unresolved: bool,
    pub section: Option<String>,
    pub cited: Option<String>,
    pub status: Option<SStr>,
    pub provenance: Option<SStr>,
    pub note: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A recipient or a source of the service's data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFlow {
    pub party: SStr,
    pub categories: Option<Vec<SStr>>,
    pub bases: Option<Vec<SStr>>,
    pub purposes: Option<Vec<SStr>>,
    pub condition: Option<String>,
    /// `inferred` (with `note`) when which party the quote names is the encoder's reading.
    pub provenance: Option<SStr>,
    pub note: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A retention rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRetention {
    #[serde(default)]
    pub subjects: Vec<SStr>,
    #[serde(default)]
    pub categories: Vec<SStr>,
    pub condition: Option<String>,
    pub years: Option<u32>,
    pub months: Option<u32>,
    pub weeks: Option<u32>,
    pub days: Option<u32>,
    pub min_years: Option<u32>,
    pub max_years: Option<u32>,
    pub until_age: Option<u32>,
    pub until: Option<SStr>,
    pub schedule: Option<String>,
    #[serde(default)]
    pub indefinite: bool,
    pub trigger: Option<SStr>,
    pub event: Option<SStr>,
    pub provenance: Option<SStr>,
    pub note: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A security measure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSecurity {
    pub measure: String,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A statement about transfers outside the UK.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransfer {
    pub stance: SStr,
    pub safeguards: Option<String>,
    pub destination: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// A statement about automated decision-making.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAutomated {
    pub stance: SStr,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// Whether providing the data is a requirement, and the consequence of not providing it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequirement {
    pub statutory: Option<bool>,
    pub consequence: Option<String>,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// Use of the data for research or statistics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawResearch {
    pub form: SStr,
    #[serde(default)]
    pub archive: bool,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// Anything else the notice states.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNote {
    pub text: String,
    pub notice: Option<SStr>,
    pub quote: SStr,
}

/// The string `field` of each `[[key]]` table in `t` that has one (the `file` of every
/// `[[notice]]`, the `id` of every `[[party]]`), for a caller that reads a file as plain TOML
/// before, or instead of, loading it.
pub(crate) fn table_strings<'a>(
    t: &'a toml::Table,
    key: &str,
    field: &'a str,
) -> impl Iterator<Item = &'a str> {
    t.get(key)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(move |item| item.get(field).and_then(toml::Value::as_str))
}

#[cfg(test)]
mod tests {
    use super::RawFile;

    /// The fact lists of a service, each a table `[[service.<list>]]`.
    const SERVICE_LISTS: [&str; 16] = [
        "subject",
        "category",
        "purpose",
        "basis",
        "legislation",
        "recipient",
        "source",
        "retention",
        "system",
        "right",
        "security",
        "transfer",
        "automated_decision",
        "requirement",
        "research",
        "note",
    ];

    /// Each table of the format, in the reference's order, with the TOML that opens it (a
    /// service's fact list opens inside a service); an unknown field `zzz` is put after it.
    fn tables() -> Vec<(String, String)> {
        let own = |t: &str| (t.to_string(), format!("{t}\n"));
        let top = [
            "[org]",
            "[[contact]]",
            "[[notice]]",
            "[[party]]",
            "[[system]]",
            "[[service]]",
        ];
        let mut out = top.map(own).to_vec();
        out.extend(SERVICE_LISTS.map(|l| {
            let t = format!("[[service.{l}]]");
            (t.clone(), format!("[[service]]\n{t}\n"))
        }));
        out.push((
            "[[category]], [[subject]], [[purpose]], [[party_type]]".into(),
            "[[category]]\n".into(),
        ));
        out.extend(["[[right]]", "[[basis]]", "[[legislation]]"].map(own));
        out.push(("a file's top level".into(), String::new()));
        out
    }

    /// The fields serde accepts in each table, read from its own "unknown field" message, so
    /// the reference cannot miss a field the loader takes.
    fn reference() -> String {
        let mut out = String::from("| table | accepted fields |\n|---|---|\n");
        for (table, opener) in tables() {
            let message = match toml::from_str::<RawFile>(&format!("{opener}zzz = 1\n")) {
                Ok(_) => panic!("{table}: `zzz` was accepted"),
                Err(e) => e.message().to_string(),
            };
            assert!(
                message.starts_with("unknown field `zzz`"),
                "{table}: {message}"
            );
            let fields: Vec<String> = message
                .split('`')
                .skip(3)
                .step_by(2)
                .map(|f| format!("`{f}`"))
                .collect();
            out.push_str(&format!("| `{table}` | {} |\n", fields.join(", ")).replace(
                "`[[category]], [[subject]], [[purpose]], [[party_type]]`",
                "`[[category]]`, `[[subject]]`, `[[purpose]]`, `[[party_type]]`",
            ));
        }
        out
    }

    #[test]
    fn the_format_reference_lists_every_accepted_field() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/dataset-format.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        let start =
            "<!-- fields: generated by the_format_reference_lists_every_accepted_field -->\n";
        let end = "<!-- end of fields -->";
        let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
            panic!("docs/dataset-format.md lacks the generated field reference markers");
        };
        let want = reference();
        let have = &doc[a + start.len()..b];
        if have != want && std::env::var_os("BASIS_DOCS_BLESS").is_some() {
            let new = format!("{}{want}{}", &doc[..a + start.len()], &doc[b..]);
            std::fs::write(path, new).unwrap_or_default();
            return;
        }
        assert_eq!(
            have, want,
            "regenerate with BASIS_DOCS_BLESS=1 cargo test --lib"
        );
    }
}
