//! The rows of each entity in the exported tables — the table a row is, the order basis lists
//! them in, their provenance — and where each field of a row is ([`access`]: a flow's in
//! [`super::field`], any other's here, as SQL on the row `r`). Read with the engine's row readers (src/engine/row/read.rs) beside it: each
//! case here is the SQL of one of theirs.

use super::field::{self, Access, Span};
use super::{Dialect, SqlError};
use crate::model::{Model, Period};
use crate::query::ast::EntityKind;
use crate::query::schema::FieldId;

/// The rows of an entity: `FROM {from} WHERE {filter} ORDER BY {order}`.
pub(super) struct Base {
    /// The table with its alias (`flow f`, `service r`).
    pub(super) from: &'static str,
    /// The alias.
    pub(super) alias: &'static str,
    /// Which rows of the table are the entity's (`f.direction = 'to'`).
    pub(super) filter: &'static str,
    /// Model order.
    pub(super) order: &'static str,
}

/// The table of `e`'s rows.
pub(super) fn base(e: EntityKind) -> Base {
    use EntityKind as E;
    let fact = |from| Base {
        from,
        alias: "r",
        filter: "TRUE",
        order: "r.seq",
    };
    let flows = |filter| Base {
        from: "flow f",
        alias: "f",
        filter,
        // `flow-<n>`'s `n`.
        order: "CAST(SUBSTR(f.id, 6) AS BIGINT)",
    };
    match e {
        E::Flows => flows("TRUE"),
        E::Recipients => flows("f.direction = 'to'"),
        E::Sources => flows("f.direction = 'from'"),
        E::Services => fact("service r"),
        E::Categories => fact("service_category r"),
        E::Bases => fact("service_basis r"),
        E::Legislation => fact("service_legislation r"),
        E::Subjects => fact("service_subject r"),
        E::Purposes => fact("service_purpose r"),
        E::Transfers => fact("service_transfer r"),
        E::Decisions => fact("service_automated r"),
        E::Security => fact("service_security r"),
        E::Requirements => fact("service_requirement r"),
        E::Research => fact("service_research r"),
        E::Notes => fact("service_note r"),
        E::Orgs => fact("org r"),
        E::Notices => fact("notice r"),
        E::Systems => fact("system r"),
        E::Parties => fact("party r"),
        E::Contacts => fact("org_contact r"),
        E::Retention => Base {
            // `retention-<n>`'s `n`.
            order: "CAST(SUBSTR(r.id, 11) AS BIGINT)",
            ..fact("retention r")
        },
    }
}

/// SQL that holds when field `f` of a row of `e` is at provenance `level`.
pub(super) fn provenance(e: EntityKind, f: FieldId, level: &str) -> String {
    match e {
        EntityKind::Flows | EntityKind::Recipients | EntityKind::Sources => {
            field::flow_provenance(f, level)
        }
        other => format!("({} = '{level}')", row_provenance(other)),
    }
}

/// The provenance of a row of `e` other than a flow, whichever field is asked: a service
/// fact's or retention rule's own, stated for everything else (as the engine's
/// `fact_provenance`).
pub(super) fn row_provenance(e: EntityKind) -> &'static str {
    use EntityKind as E;
    match e {
        E::Categories | E::Bases | E::Legislation | E::Subjects | E::Purposes | E::Retention => {
            "r.provenance"
        }
        _ => "'stated'",
    }
}

/// Where `f` is on a row of `e` of model `m`; an error for a field the translation does not
/// cover.
pub(super) fn access(m: &Model, e: EntityKind, f: FieldId, d: Dialect) -> Result<Access, SqlError> {
    if f == FieldId::Duration && m.retention.iter().any(|r| misread(&r.period)) {
        return Err(SqlError::Field {
            field: f.name(),
            why: "a period is read from the words of `retention.period`, and a rule of this model kept until an event that starts with \"age\" would read as `until age N`",
        });
    }
    if f == FieldId::Note && matches!(e, EntityKind::Bases | EntityKind::Legislation) {
        return Err(SqlError::Field {
            field: f.name(),
            why: "a citation's own remark is not in the tables (`service_basis.note` and `service_legislation.note` are the fact's)",
        });
    }
    match e {
        EntityKind::Flows | EntityKind::Recipients | EntityKind::Sources => field::flow(f, d),
        other => of_row(other, f, d),
    }
    .ok_or(SqlError::Field {
        field: f.name(),
        why: "it is not a field of the entity's rows in the export",
    })
}

/// Where `f` is on a row `r` of `e` (not a flow); `None` for a field the entity lacks.
fn of_row(e: EntityKind, f: FieldId, d: Dialect) -> Option<Access> {
    use EntityKind as E;
    match e {
        E::Services => service(f, d),
        E::Retention => retention(f, d),
        E::Orgs => org(f),
        E::Notices => notice(f),
        E::Systems => system(f, d),
        E::Parties => party(f),
        E::Contacts => contact(f, d),
        E::Categories => category(f, d).or_else(|| statement(e, f, d)),
        E::Bases => basis(f, d).or_else(|| statement(e, f, d)),
        E::Legislation => legislation(f, d).or_else(|| statement(e, f, d)),
        E::Subjects => tree_fact(f, FieldId::Subject, "subject", d).or_else(|| statement(e, f, d)),
        E::Purposes => tree_fact(f, FieldId::Purpose, "purpose", d).or_else(|| statement(e, f, d)),
        E::Transfers => match f {
            FieldId::Stance => Some(Access::text("r.stance")),
            FieldId::Destination => Some(Access::text("r.destination")),
            FieldId::Safeguard => Some(Access::text("r.safeguards")),
            _ => statement(e, f, d),
        },
        E::Decisions => match f {
            FieldId::Stance => Some(Access::text("r.stance")),
            _ => statement(e, f, d),
        },
        E::Security => match f {
            FieldId::Measure => Some(Access::text("r.measure")),
            _ => statement(e, f, d),
        },
        E::Requirements => match f {
            FieldId::Requirement => Some(Access::text(&requirement("r"))),
            FieldId::Consequence => Some(Access::text("r.consequence")),
            _ => statement(e, f, d),
        },
        E::Research => match f {
            FieldId::Form => Some(Access::text("r.form")),
            FieldId::Archive => Some(Access::boolean("r.archive")),
            _ => statement(e, f, d),
        },
        E::Notes => match f {
            // A note's `note` is its text, the field every other fact uses for the remark.
            FieldId::Text | FieldId::Note => Some(Access::text(&format!("r.{}", d.ident("text")))),
            _ => statement(e, f, d),
        },
        E::Flows | E::Recipients | E::Sources => None,
    }
}

/// `statutory`, `not-statutory` or `not-stated`, from a `service_requirement` row `x`.
fn requirement(x: &str) -> String {
    format!(
        "CASE WHEN {x}.statutory THEN 'statutory' WHEN NOT {x}.statutory THEN 'not-statutory' ELSE 'not-stated' END"
    )
}

/// The fields every statement of a service has: its service's organisation, its service,
/// notice, provenance and quote, and the encoder's remark.
fn statement(e: EntityKind, f: FieldId, d: Dialect) -> Option<Access> {
    Some(match f {
        FieldId::Org => Access::one(&d.scalar("s.org", "service s WHERE s.id = r.service")),
        FieldId::Service => Access::one("r.service"),
        FieldId::Notice => Access::one("r.notice"),
        FieldId::Provenance => Access::one(row_provenance(e)),
        FieldId::Quote => Access::text("r.quote"),
        FieldId::Note => Access::text("r.note"),
        _ => return None,
    })
}

/// A fact naming one node of a tree (a subject, a purpose): the node and its name.
fn tree_fact(f: FieldId, field: FieldId, tree: &'static str, d: Dialect) -> Option<Access> {
    if f == field {
        Some(Access::node(&format!("r.{tree}"), tree))
    } else if f == FieldId::Name {
        Some(Access::text(&d.scalar(
            "t.name",
            &format!("{tree} t WHERE t.id = r.{tree}"),
        )))
    } else {
        None
    }
}

fn category(f: FieldId, d: Dialect) -> Option<Access> {
    let of = |col: &str| d.scalar(&format!("c.{col}"), "category c WHERE c.id = r.category");
    Some(match f {
        FieldId::Category => Access::node("r.category", "category"),
        FieldId::Name => Access::text(&of("name")),
        FieldId::Special => Access::boolean(&of("special")),
        FieldId::Criminal => Access::boolean(&of("criminal")),
        _ => return None,
    })
}

/// A citation that names nothing shows and groups as the notice's words.
fn cited(id: &str, shown: &str) -> String {
    format!("CASE WHEN {id} IS NULL THEN 'unresolved: ' || r.cited ELSE {shown} END")
}

fn basis(f: FieldId, d: Dialect) -> Option<Access> {
    let of = |col: &str| d.scalar(&format!("b.{col}"), "basis b WHERE b.id = r.basis");
    Some(match f {
        FieldId::Basis => Access::shown("r.basis", cited("r.basis", &of("citation"))),
        FieldId::Name => Access::text(&of("name")),
        FieldId::Cited => Access::text("r.cited"),
        FieldId::Status => {
            Access::text("CASE WHEN r.basis IS NULL THEN 'unresolved' ELSE 'resolved' END")
        }
        _ => return None,
    })
}

fn legislation(f: FieldId, d: Dialect) -> Option<Access> {
    Some(match f {
        FieldId::Legislation => {
            Access::shown("r.legislation", cited("r.legislation", "r.legislation"))
        }
        FieldId::Title => {
            Access::text(&d.scalar("l.title", "legislation l WHERE l.id = r.legislation"))
        }
        FieldId::Section => Access::text("r.section"),
        FieldId::Cited => Access::text("r.cited"),
        FieldId::Status => Access::text("r.status"),
        _ => return None,
    })
}

/// The fields of a service `r`: its own, its lists, the parties of its flows.
fn service(f: FieldId, d: Dialect) -> Option<Access> {
    let fact = |table: &str, col: &str| {
        Access::list(
            &format!("{table} x"),
            "x.service",
            "r.id",
            &format!("x.{}", d.ident(col)),
        )
        .ordered("x.seq")
    };
    // The parties of its flows, in flow order.
    let dealing = |filter: Option<&str>| {
        let l = Access::list("flow x", "x.service", "r.id", "x.party")
            .ordered("CAST(SUBSTR(x.id, 6) AS BIGINT)");
        match filter {
            Some(w) => l.only(w),
            None => l,
        }
    };
    Some(match f {
        FieldId::Org => Access::one("r.org"),
        FieldId::Service => Access::one("r.id"),
        FieldId::Notice => Access::one("r.notice"),
        FieldId::Name => Access::text("r.name"),
        FieldId::Provenance => Access::one("'stated'"),
        FieldId::Quote => Access::text("r.quote"),
        FieldId::Category => fact("service_category", "category").in_tree("category"),
        FieldId::Subject => fact("service_subject", "subject").in_tree("subject"),
        FieldId::Purpose => fact("service_purpose", "purpose").in_tree("purpose"),
        FieldId::Basis => Access::list(
            "service_basis x JOIN basis b ON b.id = x.basis",
            "x.service",
            "r.id",
            "x.basis",
        )
        .showing("b.citation")
        .ordered("x.seq"),
        FieldId::Legislation => {
            fact("service_legislation", "legislation").only("x.legislation IS NOT NULL")
        }
        FieldId::System => fact("service_system", "system"),
        FieldId::Right => fact("service_right", "right"),
        FieldId::Transfer => fact("service_transfer", "stance").texts(),
        FieldId::Automated => fact("service_automated", "stance").texts(),
        FieldId::Measure => fact("service_security", "measure").texts(),
        FieldId::Form => fact("service_research", "form").texts(),
        FieldId::Requirement => Access::list(
            "service_requirement x",
            "x.service",
            "r.id",
            &requirement("x"),
        )
        .ordered("x.seq")
        .texts(),
        // The periods of its retention rules, in model order.
        FieldId::Duration => Access::list("retention x", "x.service", "r.id", &period_shown("x"))
            .ordered("CAST(SUBSTR(x.id, 11) AS BIGINT)")
            .only(&format!("({}) IS NOT NULL", period_shown("x")))
            .spanning(period_span("x", d)),
        FieldId::Party => dealing(None),
        FieldId::Recipient => dealing(Some("x.direction = 'to'")),
        FieldId::Source => dealing(Some("x.direction = 'from'")),
        // The main type of each party, the parties in flow order (a service's party types
        // are its parties' main types, where a flow's are all its party's).
        FieldId::PartyType => Access::list(
            "flow x JOIN party_party_type y ON y.party = x.party",
            "x.service",
            "r.id",
            "y.party_type",
        )
        .only("y.main")
        .in_tree("party_type")
        .ordered("CAST(SUBSTR(x.id, 6) AS BIGINT)"),
        _ => return None,
    })
}

/// Whether the words of `p` in `retention.period` read as another kind of period.
fn misread(p: &Period) -> bool {
    matches!(p, Period::UntilEvent(e) if e.to_lowercase().starts_with("age "))
}

/// How basis shows the period of a `retention` row `t` (`1 year`, `10–30 years`, `until age
/// 25`, `indefinitely`), NULL for one with no length (a schedule, until an event), from the
/// words the export writes (`1 years`, `10 to 30 years`, `as set out in …`, `until …`).
fn period_shown(t: &str) -> String {
    format!(
        "CASE WHEN {t}.period LIKE 'as set out in %' THEN NULL \
         WHEN {t}.period = 'indefinitely' THEN {t}.period \
         WHEN {t}.period LIKE 'until age %' THEN {t}.period \
         WHEN {t}.period LIKE 'until %' THEN NULL \
         WHEN {t}.duration IS NOT NULL AND {t}.period LIKE '1 %' THEN SUBSTR({t}.period, 1, LENGTH({t}.period) - 1) \
         WHEN {t}.duration IS NOT NULL THEN {t}.period \
         WHEN {t}.period LIKE '% to % years' THEN REPLACE({t}.period, ' to ', '–') END"
    )
}

/// The shortest and longest length in days of the period of a `retention` row `t`, as basis
/// compares them: a year 365.25 days, a month a twelfth of it, `until age N` from 0 to N
/// years, `indefinitely` longer than any (1e300).
fn period_span(t: &str, d: Dialect) -> Span {
    let n = format!("CAST(SUBSTR({t}.duration, 2, LENGTH({t}.duration) - 2) AS BIGINT)");
    let unit = format!("SUBSTR({t}.duration, LENGTH({t}.duration), 1)");
    let exact = format!(
        "CASE {unit} WHEN 'Y' THEN {n} * 365.25 WHEN 'M' THEN {n} * 30.4375 WHEN 'W' THEN {n} * 7 ELSE {n} * 1 END"
    );
    let to = d.find(&format!("{t}.period"), "' to '");
    let min = format!("CAST(SUBSTR({t}.period, 1, {to} - 1) AS BIGINT) * 365.25");
    let max = format!(
        "CAST(SUBSTR({t}.period, {to} + 4, LENGTH({t}.period) - {to} - 9) AS BIGINT) * 365.25"
    );
    let age = format!("CAST(SUBSTR({t}.period, 11) AS BIGINT) * 365.25");
    let side = |range: &str, until_age: &str| {
        format!(
            "CASE WHEN {t}.period LIKE 'as set out in %' THEN NULL \
             WHEN {t}.period = 'indefinitely' THEN 1e300 \
             WHEN {t}.period LIKE 'until age %' THEN {until_age} \
             WHEN {t}.period LIKE 'until %' THEN NULL \
             WHEN {t}.duration IS NOT NULL THEN {exact} \
             WHEN {t}.period LIKE '% to % years' THEN {range} END"
        )
    };
    Span {
        lo: side(&min, "0"),
        hi: side(&max, &age),
    }
}

fn retention(f: FieldId, d: Dialect) -> Option<Access> {
    let scope = |table: &str, col: &str| {
        Access::list(
            &format!("{table} x"),
            "x.retention",
            "r.id",
            &format!("x.{col}"),
        )
        .in_tree(if col == "subject" {
            "subject"
        } else {
            "category"
        })
    };
    Some(match f {
        FieldId::Org => Access::one("r.org"),
        FieldId::Service => Access::one("r.service"),
        FieldId::Notice => Access::one("r.notice"),
        FieldId::Provenance => Access::one("r.provenance"),
        FieldId::Quote => Access::text("r.quote"),
        FieldId::Subject => scope("retention_subject", "subject"),
        FieldId::Category => scope("retention_category", "category"),
        FieldId::Condition => Access::text(&format!("r.{}", d.ident("condition"))),
        FieldId::Trigger => Access::text(&format!("r.{}", d.ident("trigger"))),
        FieldId::Duration => Access::period(period_shown("r"), period_span("r", d)),
        _ => return None,
    })
}

fn org(f: FieldId) -> Option<Access> {
    Some(match f {
        FieldId::Org => Access::one("r.id"),
        FieldId::Name => Access::text("r.name"),
        FieldId::PartyType => Access::node("r.type", "party_type"),
        _ => return None,
    })
}

fn notice(f: FieldId) -> Option<Access> {
    Some(match f {
        FieldId::Notice => Access::one("r.id"),
        FieldId::Org => Access::one("r.org"),
        FieldId::File => Access::text("r.file"),
        FieldId::Title => Access::text("r.title"),
        _ => return None,
    })
}

fn system(f: FieldId, d: Dialect) -> Option<Access> {
    Some(match f {
        FieldId::System => Access::one("r.id"),
        FieldId::Name => Access::text("r.name"),
        FieldId::Org => Access::one("r.org"),
        FieldId::Notice => Access::one("r.notice"),
        FieldId::Provenance => Access::one("'stated'"),
        FieldId::Quote => Access::text("r.quote"),
        // The services that keep data in it, in model order.
        FieldId::Service => Access::list(
            "service_system x",
            &format!("x.{}", d.ident("system")),
            "r.id",
            "x.service",
        )
        .ordered("(SELECT s.seq FROM service s WHERE s.id = x.service)"),
        _ => return None,
    })
}

fn party(f: FieldId) -> Option<Access> {
    let dealing = |v: &str| Access::list("flow x", "x.party", "r.id", v);
    Some(match f {
        FieldId::Party => Access::one("r.id"),
        FieldId::Name => Access::text("r.name"),
        FieldId::Generic => Access::boolean("r.generic"),
        FieldId::PartyType => Access::list("party_party_type x", "x.party", "r.id", "x.party_type")
            .in_tree("party_type")
            .ordered("(NOT x.main)"),
        // The organisations and directions of its flows, each once, in model order.
        FieldId::Org => dealing("x.org").ordered("(SELECT o.seq FROM org o WHERE o.id = x.org)"),
        FieldId::Direction => dealing("x.direction")
            .ordered("CASE x.direction WHEN 'to' THEN 0 WHEN 'from' THEN 1 ELSE 2 END"),
        _ => return None,
    })
}

fn contact(f: FieldId, d: Dialect) -> Option<Access> {
    Some(match f {
        FieldId::Org => Access::one("r.org"),
        FieldId::Role => Access::text("r.role"),
        FieldId::Kind => Access::text("r.kind"),
        FieldId::Value => Access::text(&format!("r.{}", d.ident("value"))),
        FieldId::Notice => Access::one("r.notice"),
        FieldId::Provenance => Access::one("'stated'"),
        FieldId::Quote => Access::text("r.quote"),
        _ => return None,
    })
}
