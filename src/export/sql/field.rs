//! How a field's values are read from the exported tables — one value on the row (or beside
//! it), or a list in a link table — and where each field of a flow `f` is, with how firmly the
//! notice gives it (its provenance). The other entities' rows are in [`super::entity`].

use super::{Dialect, SqlError, lit};
use crate::model::Model;
use crate::model::value::Val;
use crate::query::schema::FieldId;

/// How a field's values are read for a row.
pub(super) enum Access {
    /// At most one value.
    One(One),
    /// A list.
    Many(Many),
}

/// At most one value: an expression on the row, NULL when the row has none.
pub(super) struct One {
    /// What a query's values are compared with (an id).
    pub(super) expr: String,
    /// What a result shows, groups and sorts on (a basis's citation); NULL exactly when the
    /// row has no value.
    pub(super) shown: String,
    /// Compared ignoring case (`name`, `condition`, `quote`).
    pub(super) text: bool,
    /// `true`/`false` rather than text (`generic`).
    pub(super) boolean: bool,
    /// The tree `in` follows (`category` for `category_closure`).
    pub(super) tree: Option<&'static str>,
    /// For a retention period, its shortest and longest length in days.
    pub(super) span: Option<Span>,
}

/// A retention period's shortest and longest length in days, as SQL numbers.
#[derive(Clone)]
pub(super) struct Span {
    /// The shortest.
    pub(super) lo: String,
    /// The longest.
    pub(super) hi: String,
}

/// A list: the rows of `from` whose `key` equals `on`, each value `v`, shown as `shown`.
pub(super) struct Many {
    /// The table (and joins) the values are in, with the alias `x`.
    pub(super) from: String,
    /// The column of `x` that names the row.
    pub(super) key: String,
    /// What `key` is compared with on the row.
    pub(super) on: String,
    /// A further condition on the rows (`x.legislation IS NOT NULL`).
    pub(super) filter: Option<String>,
    /// The value compared with a query's values (an id).
    pub(super) v: String,
    /// The value a result shows (a basis's citation).
    pub(super) shown: String,
    /// Compared ignoring case (a transfer's stance).
    pub(super) text: bool,
    /// The tree `in` follows (`category` for `category_closure`).
    pub(super) tree: Option<&'static str>,
    /// What puts the list in the notice's order (`x.seq`), for `order by` on its first
    /// value; `None` when the tables do not keep it.
    pub(super) first: Option<String>,
    /// For retention periods, each value's shortest and longest length in days.
    pub(super) span: Option<Span>,
}

impl Many {
    /// The condition that picks the row's values, `x` their alias.
    pub(super) fn rows(&self) -> String {
        match &self.filter {
            Some(x) => format!("{} = {} AND {x}", self.key, self.on),
            None => format!("{} = {}", self.key, self.on),
        }
    }
}

impl Access {
    /// One value, compared as it is shown.
    pub(super) fn one(expr: &str) -> Access {
        Access::One(one(expr))
    }

    /// One value compared as `expr`, shown as `shown`.
    pub(super) fn shown(expr: &str, shown: String) -> Access {
        Access::One(One { shown, ..one(expr) })
    }

    /// One text, compared ignoring case.
    pub(super) fn text(expr: &str) -> Access {
        Access::One(One {
            text: true,
            ..one(expr)
        })
    }

    /// One `true`/`false`.
    pub(super) fn boolean(expr: &str) -> Access {
        Access::One(One {
            boolean: true,
            ..one(expr)
        })
    }

    /// One node of `tree`.
    pub(super) fn node(expr: &str, tree: &'static str) -> Access {
        Access::One(One {
            tree: Some(tree),
            ..one(expr)
        })
    }

    /// A list of ids in `from` (alias `x`), the rows with `key = on`.
    pub(super) fn list(from: &str, key: &str, on: &str, v: &str) -> Access {
        Access::Many(Many {
            from: from.to_string(),
            key: key.to_string(),
            on: on.to_string(),
            filter: None,
            v: v.to_string(),
            shown: v.to_string(),
            text: false,
            tree: None,
            first: None,
            span: None,
        })
    }

    fn with_many(mut self, f: impl FnOnce(&mut Many)) -> Access {
        if let Access::Many(m) = &mut self {
            f(m);
        }
        self
    }

    /// The list with `in` following `tree`.
    pub(super) fn in_tree(self, t: &'static str) -> Access {
        self.with_many(|m| m.tree = Some(t))
    }

    /// The list ordered as the notice gives it by `order` (an expression on `x`).
    pub(super) fn ordered(self, order: &str) -> Access {
        self.with_many(|m| m.first = Some(order.to_string()))
    }

    /// The list with its rows limited by `filter`.
    pub(super) fn only(self, filter: &str) -> Access {
        self.with_many(|m| m.filter = Some(filter.to_string()))
    }

    /// The list compared ignoring case.
    pub(super) fn texts(self) -> Access {
        self.with_many(|m| m.text = true)
    }

    /// Retention periods, `span` their lengths.
    pub(super) fn period(shown: String, span: Span) -> Access {
        Access::One(One {
            span: Some(span),
            ..one(&shown)
        })
    }

    /// The list's values are retention periods, `span` their lengths.
    pub(super) fn spanning(self, span: Span) -> Access {
        self.with_many(|m| m.span = Some(span))
    }

    /// The list shown as `s` (an expression on `x` and its joins).
    pub(super) fn showing(self, s: &str) -> Access {
        self.with_many(|m| m.shown = s.to_string())
    }
}

fn one(expr: &str) -> One {
    One {
        expr: expr.to_string(),
        shown: expr.to_string(),
        text: false,
        boolean: false,
        tree: None,
        span: None,
    }
}

/// The fields of a flow `f`; `None` for a field flows lack.
pub(super) fn flow(f: FieldId, d: Dialect) -> Option<Access> {
    let party_type = || {
        Access::list("party_party_type x", "x.party", "f.party", "x.party_type")
            .in_tree("party_type")
            // The main type is a party's first.
            .ordered("(NOT x.main)")
    };
    Some(match f {
        FieldId::Org => Access::one("f.org"),
        FieldId::Service => Access::one("f.service"),
        FieldId::Notice => Access::one("f.notice"),
        FieldId::Direction => Access::one("f.direction"),
        FieldId::Party => Access::one("f.party"),
        FieldId::Recipient => Access::one("CASE WHEN f.direction = 'to' THEN f.party END"),
        FieldId::Source => Access::one("CASE WHEN f.direction = 'from' THEN f.party END"),
        FieldId::Provenance => Access::one("f.provenance"),
        FieldId::Name => Access::text(&d.scalar("p.name", "party p WHERE p.id = f.party")),
        FieldId::Generic => Access::boolean(&d.scalar("p.generic", "party p WHERE p.id = f.party")),
        FieldId::Condition => Access::text(&format!("f.{}", d.ident("condition"))),
        FieldId::Quote => Access::text("f.quote"),
        FieldId::PartyType => party_type(),
        FieldId::Category => {
            Access::list("flow_category x", "x.flow", "f.id", "x.category").in_tree("category")
        }
        FieldId::Purpose => {
            Access::list("flow_purpose x", "x.flow", "f.id", "x.purpose").in_tree("purpose")
        }
        FieldId::Basis => Access::list(
            "flow_basis x JOIN basis b ON b.id = x.basis",
            "x.flow",
            "f.id",
            "x.basis",
        )
        .showing("b.citation"),
        // A flow's subjects, Acts and systems are its service's.
        FieldId::Subject => {
            Access::list("service_subject x", "x.service", "f.service", "x.subject")
                .in_tree("subject")
        }
        FieldId::Legislation => Access::list(
            "service_legislation x",
            "x.service",
            "f.service",
            "x.legislation",
        )
        .only("x.legislation IS NOT NULL"),
        FieldId::System => Access::list(
            "service_system x",
            "x.service",
            "f.service",
            &format!("x.{}", d.ident("system")),
        ),
        _ => return None,
    })
}

/// The SQL literal of a query value, as the `v` of its field holds it (ids; a basis by id;
/// a text lower-cased, as it is compared).
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

/// Of a flow: the lists their own, the party's fields the party's, `provenance` the flow's,
/// a service's carried lists implied (inferred when the encoder inferred one of them),
/// everything else stated.
pub(super) fn flow_provenance(f: FieldId, level: &str) -> String {
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
        | FieldId::Generic
        | FieldId::Name => format!("(f.party_provenance = '{level}')"),
        FieldId::Subject => carried("service_subject"),
        FieldId::Legislation => carried("service_legislation"),
        FieldId::System => carried("service_system"),
        _ => if level == "stated" { "TRUE" } else { "FALSE" }.into(),
    }
}
