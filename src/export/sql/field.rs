//! Where each flow field is in the exported tables: one value on the flow row (or beside it),
//! or a list in a link table; and how firmly the notice gives it (its provenance), as SQL on
//! the flow `f`.

use super::{Dialect, SqlError, lit};
use crate::model::Model;
use crate::model::value::Val;
use crate::query::schema::FieldId;

/// How a field's values are read for the flow `f`.
pub(super) enum Access {
    /// At most one value: an expression on `f`, NULL when the flow has none.
    One {
        /// The expression (a scalar subquery for a party's name).
        expr: String,
        /// Compared ignoring case (`name`, `condition`, `quote`).
        text: bool,
        /// `true`/`false` rather than text (`generic`).
        boolean: bool,
    },
    /// A list: the rows of `from` whose `key` equals `on`, each value `v`, shown as `shown`.
    Many {
        /// The table (and joins) the values are in, with the alias `x`.
        from: String,
        /// The column of `x` that names the flow, service or party.
        key: &'static str,
        /// What `key` is compared with on the flow.
        on: &'static str,
        /// A further condition on the rows (`x.legislation IS NOT NULL`).
        filter: Option<&'static str>,
        /// The value compared with a query's values (an id).
        v: String,
        /// The value a result shows (a basis's citation).
        shown: String,
        /// The tree `in` follows (`category` for `category_closure`).
        tree: Option<&'static str>,
    },
}

impl Access {
    /// The condition that picks the flow's rows of a list, `x` its alias.
    pub(super) fn rows(key: &str, on: &str, filter: Option<&str>) -> String {
        match filter {
            Some(x) => format!("{key} = {on} AND {x}"),
            None => format!("{key} = {on}"),
        }
    }
}

fn one(expr: &str) -> Access {
    Access::One {
        expr: expr.to_string(),
        text: false,
        boolean: false,
    }
}

fn many(
    from: &str,
    key: &'static str,
    on: &'static str,
    v: String,
    tree: Option<&'static str>,
) -> Access {
    Access::Many {
        from: from.to_string(),
        key,
        on,
        filter: None,
        shown: v.clone(),
        v,
        tree,
    }
}

/// Where `f` is, for a flow; an error for a field the translation does not cover.
pub(super) fn access(f: FieldId, d: Dialect) -> Result<Access, SqlError> {
    let cond = d.ident("condition");
    Ok(match f {
        FieldId::Org => one("f.org"),
        FieldId::Service => one("f.service"),
        FieldId::Notice => one("f.notice"),
        FieldId::Direction => one("f.direction"),
        FieldId::Party => one("f.party"),
        FieldId::Recipient => one("CASE WHEN f.direction = 'to' THEN f.party END"),
        FieldId::Source => one("CASE WHEN f.direction = 'from' THEN f.party END"),
        FieldId::Provenance => one("f.provenance"),
        FieldId::Name => Access::One {
            expr: d.scalar("p.name", "party p WHERE p.id = f.party"),
            text: true,
            boolean: false,
        },
        FieldId::Generic => Access::One {
            expr: d.scalar("p.generic", "party p WHERE p.id = f.party"),
            text: false,
            boolean: true,
        },
        FieldId::Condition => Access::One {
            expr: format!("f.{cond}"),
            text: true,
            boolean: false,
        },
        FieldId::Quote => Access::One {
            expr: "f.quote".into(),
            text: true,
            boolean: false,
        },
        FieldId::PartyType => many(
            "party_party_type x",
            "x.party",
            "f.party",
            "x.party_type".into(),
            Some("party_type"),
        ),
        FieldId::Category => many(
            "flow_category x",
            "x.flow",
            "f.id",
            "x.category".into(),
            Some("category"),
        ),
        FieldId::Purpose => many(
            "flow_purpose x",
            "x.flow",
            "f.id",
            "x.purpose".into(),
            Some("purpose"),
        ),
        FieldId::Basis => Access::Many {
            from: "flow_basis x JOIN basis b ON b.id = x.basis".into(),
            key: "x.flow",
            on: "f.id",
            filter: None,
            v: "x.basis".into(),
            shown: "b.citation".into(),
            tree: None,
        },
        // A flow's subjects, Acts and systems are its service's.
        FieldId::Subject => many(
            "service_subject x",
            "x.service",
            "f.service",
            "x.subject".into(),
            Some("subject"),
        ),
        FieldId::Legislation => Access::Many {
            from: "service_legislation x".into(),
            key: "x.service",
            on: "f.service",
            filter: Some("x.legislation IS NOT NULL"),
            v: "x.legislation".into(),
            shown: "x.legislation".into(),
            tree: None,
        },
        FieldId::System => many(
            "service_system x",
            "x.service",
            "f.service",
            format!("x.{}", d.ident("system")),
            None,
        ),
        other => {
            return Err(SqlError::Field {
                field: other.name(),
                why: "it is not a field of a flow's row in the export",
            });
        }
    })
}

/// The SQL literal of a query value, as the `v` of its field holds it (ids; a basis by id).
pub(super) fn value(m: &Model, v: &Val) -> Result<String, SqlError> {
    let vo = &m.vocab;
    Ok(match v {
        Val::Org(i) => lit(&m.orgs[i.ix()].id),
        Val::Service(i) => lit(&m.services[i.ix()].id),
        Val::Notice(i) => lit(&m.notices[i.ix()].id),
        Val::Party(i) => lit(&m.parties[i.ix()].id),
        Val::PartyType(i) => lit(&vo.party_types[i.ix()].id),
        Val::Category(i) => lit(&vo.categories[i.ix()].entry.id),
        Val::Subject(i) => lit(&vo.subjects[i.ix()].id),
        Val::Purpose(i) => lit(&vo.purposes[i.ix()].id),
        Val::Basis(i) => lit(&vo.bases[i.ix()].id),
        Val::Legislation(i) => lit(&vo.legislation[i.ix()].id),
        Val::System(i) => lit(&m.systems[i.ix()].id),
        Val::Right(i) => lit(&vo.rights[i.ix()].id),
        Val::Direction(d) => lit(d.as_str()),
        Val::Provenance(p) => lit(p.as_str()),
        Val::Text(t) => lit(&t.to_lowercase()),
        Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Val::Duration(..) => {
            return Err(SqlError::Field {
                field: "duration",
                why: "retention periods are compared as intervals of days",
            });
        }
    })
}

/// SQL that holds when field `f` of the flow is at provenance `level`: the lists their own,
/// the party's fields the party's, `provenance` the flow's, a service's carried lists implied
/// (inferred when the encoder inferred one of them), everything else stated.
pub(super) fn provenance(f: FieldId, level: &str) -> String {
    let carried = |table: &str| {
        format!(
            "(CASE WHEN EXISTS (SELECT 1 FROM {table} c WHERE c.service = f.service AND c.provenance = 'inferred') THEN 'inferred' ELSE 'implied' END = '{level}')"
        )
    };
    match f {
        FieldId::Category => format!("(f.categories_provenance = '{level}')"),
        FieldId::Basis => format!("(f.bases_provenance = '{level}')"),
        FieldId::Purpose => format!("(f.purposes_provenance = '{level}')"),
        FieldId::Provenance => format!("(f.provenance = '{level}')"),
        FieldId::Party
        | FieldId::Recipient
        | FieldId::Source
        | FieldId::PartyType
        | FieldId::Name => format!("(f.party_provenance = '{level}')"),
        FieldId::Subject => carried("service_subject"),
        FieldId::Legislation => carried("service_legislation"),
        FieldId::System => carried("service_system"),
        _ => if level == "stated" { "TRUE" } else { "FALSE" }.into(),
    }
}
