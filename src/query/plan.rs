//! The planner: AST → [`Plan`]. Resolves field names per entity, names and citations against
//! the model, checks operators against field types, and reports each problem at its span with
//! the nearest valid word.

use super::ast::{self, CmpOp, EntityKind, Flag, Query, QueryKind, Span, TestKind, ValueKind};
use super::citation::{Citation, parse_citation};
use super::plan_error::PlanError;
use super::schema::{FieldId, ValueType, compare_entity, default_columns, fields_of};
use crate::model::graph::GraphNode;
use crate::model::value::{Val, YEAR_DAYS};
use crate::model::*;

pub(crate) use super::ast::{DEFAULT_HOPS, MAX_HOPS};

/// A planned query, ready to execute.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// What to compute.
    pub(crate) kind: PlanKind,
    /// `explain`: print the plan and row counts instead of the rows.
    pub explain: bool,
    /// Add an `evidence` column to listings, paths and walks: every sentence each row rests
    /// on. Off unless the caller asks (`basis query --evidence`, the REPL), so that the keys
    /// of JSON output stay as they were.
    pub(crate) evidence: bool,
}

/// The forms of plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PlanKind {
    /// List (or, with `count`, count) rows of an entity.
    Select(Select),
    /// A matrix of a field's values against organisations.
    Compare(Compare),
    /// Paths of flows between two nodes.
    Path(PathPlan),
    /// Nodes reachable from a node.
    Reachable(ReachPlan),
}

/// `<entity> where … show … by … order by … limit …` and `count …`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Select {
    /// The entity scanned.
    pub(crate) entity: EntityKind,
    /// The condition.
    pub(crate) filter: Option<Pred>,
    /// Output columns (before provenance, notice, quote).
    pub(crate) columns: Vec<FieldId>,
    /// Grouping fields.
    pub(crate) by: Vec<FieldId>,
    /// `order by`: a field, or the count of a grouped result.
    pub(crate) order: Option<OrderBy>,
    /// Row limit (groups, for a grouped result).
    pub(crate) limit: Option<usize>,
    /// Whether `show` chose the columns (a listing by groups then lists them per group).
    pub(crate) show_given: bool,
    /// `count` rather than list.
    pub(crate) count: bool,
    /// Fields whose provenance decides each row's provenance.
    pub(crate) used: Vec<FieldId>,
}

/// `order by <key> [asc|desc]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OrderBy {
    /// What to sort on.
    pub(crate) key: Order,
    /// Largest first.
    pub(crate) descending: bool,
}

impl OrderBy {
    /// The key as written in a query.
    pub(crate) fn key_name(&self) -> &'static str {
        match self.key {
            Order::Count => "count",
            Order::Field(f) => f.name(),
        }
    }
}

/// What a result is ordered by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Order {
    /// The count of each group.
    Count,
    /// A field: of the entity (listings) or one of the `by` fields (groups).
    Field(FieldId),
}

/// `compare <field> across <org>, …`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compare {
    /// The field whose values are the matrix rows.
    pub(crate) field: FieldId,
    /// The entity counted in each cell.
    pub(crate) entity: EntityKind,
    /// The organisations (columns).
    pub(crate) orgs: Vec<OrgIx>,
    /// The condition on counted rows.
    pub(crate) filter: Option<Pred>,
}

/// `path from … to … [where …] [max N]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathPlan {
    /// Start node.
    pub(crate) from: GraphNode,
    /// End node.
    pub(crate) to: GraphNode,
    /// Condition on each flow followed (evaluated as a `flows` row).
    pub(crate) filter: Option<Pred>,
    /// Most flows on a path.
    pub(crate) max: u64,
}

/// `<entity> reachable from … [where …] [max N]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReachPlan {
    /// What to list: parties, orgs or services.
    pub(crate) entity: EntityKind,
    /// Start node.
    pub(crate) from: GraphNode,
    /// Condition on each flow followed.
    pub(crate) filter: Option<Pred>,
    /// Most flows followed.
    pub(crate) max: u64,
}

/// A resolved condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pred {
    /// All hold.
    And(Vec<Pred>),
    /// Any holds.
    Or(Vec<Pred>),
    /// Does not hold.
    Not(Box<Pred>),
    /// Some value of the field passes the test.
    Test(FieldId, Test),
    /// No value of the field (passing the test, if any).
    Missing(FieldId, Option<Test>),
}

/// A resolved test on one value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Test {
    /// Equal to one of these.
    AnyOf(Vec<Val>),
    /// Within one of these in its hierarchy (categories, subjects, purposes, party types).
    Within(Vec<Val>),
    /// A duration comparison against this many days.
    Duration(CmpOp, f64),
    /// A flag.
    Flag(Flag),
}

/// A `limit`, as a row count.
fn limit(n: Option<&ast::Number>) -> Option<usize> {
    n.map(|n| usize::try_from(n.value).unwrap_or(usize::MAX))
}

/// Plans a parsed query against a model.
pub fn plan(query: &Query, model: &Model) -> Result<Plan, PlanError> {
    let p = Planner { m: model };
    match &query.kind {
        QueryKind::Explain(inner) => Ok(Plan {
            explain: true,
            evidence: false,
            ..p.plan_kind(inner)?
        }),
        _ => p.plan_kind(query),
    }
}

struct Planner<'m> {
    m: &'m Model,
}

impl Planner<'_> {
    fn plan_kind(&self, q: &Query) -> Result<Plan, PlanError> {
        let kind = match &q.kind {
            QueryKind::Select(s) => PlanKind::Select(self.select(s)?),
            QueryKind::Count(c) => PlanKind::Select(self.count(c)?),
            QueryKind::Compare(c) => PlanKind::Compare(self.compare(c)?),
            QueryKind::Path(p) => PlanKind::Path(PathPlan {
                from: self.node(&p.from)?,
                to: self.node(&p.to)?,
                filter: self.filter(EntityKind::Flows, p.filter.as_ref())?,
                max: hops(p.max.as_ref())?,
            }),
            QueryKind::Reachable(r) => {
                if !r.entity.kind.is_reachable() {
                    return Err(PlanError::NotReachable {
                        entity: r.entity.kind.word(),
                        span: r.entity.span,
                    });
                }
                PlanKind::Reachable(ReachPlan {
                    entity: r.entity.kind,
                    from: self.node(&r.from)?,
                    filter: self.filter(EntityKind::Flows, r.filter.as_ref())?,
                    max: hops(r.max.as_ref())?,
                })
            }
            QueryKind::Explain(inner) => {
                return Err(PlanError::NestedExplain { span: inner.span });
            }
        };
        Ok(Plan {
            kind,
            explain: false,
            evidence: false,
        })
    }

    /// `<entity> [where …] [show …] [by …] [order by …] [limit N]`.
    fn select(&self, s: &ast::Select) -> Result<Select, PlanError> {
        let entity = s.entity.kind;
        let filter = self.filter(entity, s.filter.as_ref())?;
        let show = self.fields(entity, &s.show)?;
        let by = self.by_fields(entity, &s.by)?;
        let order = self.order(entity, &by, false, s.order.as_ref())?;
        let columns = if show.is_empty() {
            default_columns(entity).to_vec()
        } else {
            show.clone()
        };
        let mut used = filter.as_ref().map(pred_fields).unwrap_or_default();
        used.extend(show.iter().chain(by.iter()).copied());
        // A row of flows is about its party: how firmly the notice names it (stated, implied,
        // the encoder's reading) is part of every answer.
        match entity {
            EntityKind::Flows => used.push(FieldId::Party),
            EntityKind::Recipients => used.push(FieldId::Recipient),
            EntityKind::Sources => used.push(FieldId::Source),
            _ => {}
        }
        Ok(Select {
            entity,
            filter,
            columns,
            by,
            order,
            limit: limit(s.limit.as_ref()),
            count: false,
            used,
            show_given: !show.is_empty(),
        })
    }

    /// `count <entity> [where …] [by …] [order by …] [limit N]`.
    fn count(&self, c: &ast::Count) -> Result<Select, PlanError> {
        let entity = c.entity.kind;
        let filter = self.filter(entity, c.filter.as_ref())?;
        let by = self.by_fields(entity, &c.by)?;
        let order = self.order(entity, &by, true, c.order.as_ref())?;
        Ok(Select {
            entity,
            filter,
            columns: Vec::new(),
            by,
            order,
            limit: limit(c.limit.as_ref()),
            count: true,
            used: Vec::new(),
            show_given: false,
        })
    }

    /// `compare <field> across <org>, … [where …]`: counted on the entity whose rows the
    /// field's values are.
    fn compare(&self, c: &ast::Compare) -> Result<Compare, PlanError> {
        let field =
            FieldId::parse(&c.field.path).ok_or_else(|| self.unknown_field(&c.field, None))?;
        let entity = compare_entity(field);
        if !fields_of(entity).contains(&field) {
            return Err(PlanError::FieldNotOnEntity {
                field: field.name().into(),
                entity: entity.word(),
                span: c.field.span,
                suggestion: None,
                valid: fields_of(entity).iter().map(|f| f.name()).collect(),
            });
        }
        let orgs = c
            .across
            .iter()
            .map(|n| self.org(n))
            .collect::<Result<Vec<_>, _>>()?;
        let filter = self.filter(entity, c.filter.as_ref())?;
        Ok(Compare {
            field,
            entity,
            orgs,
            filter,
        })
    }

    fn unknown_field(&self, f: &ast::Field, entity: Option<EntityKind>) -> PlanError {
        let written = f.path.join(".");
        let valid: Vec<&'static str> = match entity {
            Some(e) => fields_of(e).iter().map(|f| f.name()).collect(),
            None => FieldId::all().map(|f| f.name()).collect(),
        };
        // Aliases count as near words too, but the suggestion is the field's own name.
        let words = valid
            .iter()
            .copied()
            .chain(FieldId::aliases().map(|(a, _)| a));
        let suggestion = crate::diagnostic::did_you_mean(&written, words)
            .and_then(|w| FieldId::parse(&[w.to_string()]))
            .map(|f| f.name().to_string());
        PlanError::UnknownField {
            field: written,
            span: f.span,
            suggestion,
            valid,
        }
    }

    fn field(&self, entity: EntityKind, f: &ast::Field) -> Result<FieldId, PlanError> {
        let id = FieldId::parse(&f.path).ok_or_else(|| self.unknown_field(f, Some(entity)))?;
        if !fields_of(entity).contains(&id) {
            let valid: Vec<&'static str> = fields_of(entity).iter().map(|f| f.name()).collect();
            return Err(PlanError::FieldNotOnEntity {
                field: id.name().into(),
                entity: entity.word(),
                span: f.span,
                suggestion: crate::diagnostic::did_you_mean(id.name(), valid.iter().copied())
                    .map(str::to_string),
                valid,
            });
        }
        Ok(id)
    }

    fn fields(&self, entity: EntityKind, fs: &[ast::Field]) -> Result<Vec<FieldId>, PlanError> {
        fs.iter().map(|f| self.field(entity, f)).collect()
    }

    /// `by` fields, each once.
    fn by_fields(&self, entity: EntityKind, fs: &[ast::Field]) -> Result<Vec<FieldId>, PlanError> {
        let mut out: Vec<FieldId> = Vec::with_capacity(fs.len());
        for f in fs {
            let id = self.field(entity, f)?;
            if out.contains(&id) {
                return Err(PlanError::RepeatedBy {
                    field: id.name().into(),
                    span: f.span,
                });
            }
            out.push(id);
        }
        Ok(out)
    }

    /// `order by`: on a grouped result (`count`, or `by` fields) the count or a `by` field;
    /// on a listing any field of the entity.
    fn order(
        &self,
        entity: EntityKind,
        by: &[FieldId],
        count: bool,
        o: Option<&ast::Order>,
    ) -> Result<Option<OrderBy>, PlanError> {
        let Some(o) = o else { return Ok(None) };
        let grouped = count || !by.is_empty();
        let is_count = o.field.path.len() == 1 && o.field.path[0].eq_ignore_ascii_case("count");
        let key = match (grouped, is_count) {
            (true, true) => Order::Count,
            (true, false) => {
                let f = self.field(entity, &o.field)?;
                if !by.contains(&f) {
                    let mut valid: Vec<String> = by.iter().map(|b| b.name().to_string()).collect();
                    valid.push("count".into());
                    return Err(PlanError::OrderNotInResult {
                        field: f.name().into(),
                        span: o.field.span,
                        valid,
                        hint: "order a grouped result by its count or one of its `by` fields",
                    });
                }
                Order::Field(f)
            }
            (false, true) => {
                return Err(PlanError::OrderNotInResult {
                    field: "count".into(),
                    span: o.field.span,
                    valid: fields_of(entity)
                        .iter()
                        .map(|f| f.name().to_string())
                        .collect(),
                    hint: "a listing has no count: add `by <field>` to count rows per group",
                });
            }
            (false, false) => Order::Field(self.field(entity, &o.field)?),
        };
        Ok(Some(OrderBy {
            key,
            descending: o.descending,
        }))
    }

    fn filter(&self, entity: EntityKind, e: Option<&ast::Expr>) -> Result<Option<Pred>, PlanError> {
        e.map(|e| self.expr(entity, e)).transpose()
    }

    fn expr(&self, entity: EntityKind, e: &ast::Expr) -> Result<Pred, PlanError> {
        Ok(match &e.kind {
            ast::ExprKind::And(xs) => and(xs
                .iter()
                .map(|x| self.expr(entity, x))
                .collect::<Result<_, _>>()?),
            ast::ExprKind::Or(xs) => Pred::Or(
                xs.iter()
                    .map(|x| self.expr(entity, x))
                    .collect::<Result<_, _>>()?,
            ),
            ast::ExprKind::Not(x) => Pred::Not(Box::new(self.expr(entity, x)?)),
            ast::ExprKind::Test { field, test } => {
                let f = self.field(entity, field)?;
                let (t, negated) = self.test(f, test)?;
                let p = Pred::Test(f, t);
                if negated { Pred::Not(Box::new(p)) } else { p }
            }
            ast::ExprKind::Missing { field, test } => {
                let f = self.field(entity, field)?;
                match test {
                    None => Pred::Missing(f, None),
                    Some(t) => {
                        let (t, negated) = self.test(f, t)?;
                        if negated {
                            return Err(PlanError::NegatedMissing { span: e.span });
                        }
                        Pred::Missing(f, Some(t))
                    }
                }
            }
        })
    }

    /// A test and whether it is negated (`!=`, `not in`, `is not`).
    fn test(&self, f: FieldId, t: &ast::Test) -> Result<(Test, bool), PlanError> {
        let vt = f.value_type();
        match &t.kind {
            TestKind::Is { negated, flag } => {
                if !flag.applies_to(vt) {
                    return Err(PlanError::BadOperator {
                        op: format!("is {}", flag.word()),
                        field: f.name().into(),
                        reason:
                            "only categories are special or criminal; try `category is special`"
                                .into(),
                        span: t.span,
                    });
                }
                Ok((Test::Flag(*flag), *negated))
            }
            TestKind::In { negated, values } => {
                let mut vals = Vec::new();
                for v in values {
                    vals.extend(self.value(f, v)?);
                }
                Ok((
                    if vt.is_tree() {
                        Test::Within(vals)
                    } else {
                        Test::AnyOf(vals)
                    },
                    *negated,
                ))
            }
            TestKind::Compare { op, value } => match op {
                _ if vt.is_ordered() => {
                    let days = self.duration(f, value)?;
                    match op {
                        CmpOp::Ne => Ok((Test::Duration(CmpOp::Eq, days), true)),
                        op => Ok((Test::Duration(*op, days), false)),
                    }
                }
                CmpOp::Eq => Ok((Test::AnyOf(self.value(f, value)?), false)),
                CmpOp::Ne => Ok((Test::AnyOf(self.value(f, value)?), true)),
                op => Err(PlanError::BadOperator {
                    op: op.to_string(),
                    field: f.name().into(),
                    reason: "only durations are ordered; use `=`, `!=` or `in`".into(),
                    span: t.span,
                }),
            },
        }
    }

    fn duration(&self, f: FieldId, v: &ast::Value) -> Result<f64, PlanError> {
        match &v.kind {
            ValueKind::Duration { amount, unit } => {
                let per = match unit {
                    ast::DurationUnit::Days => 1.0,
                    ast::DurationUnit::Weeks => 7.0,
                    ast::DurationUnit::Months => YEAR_DAYS / 12.0,
                    ast::DurationUnit::Years => YEAR_DAYS,
                };
                Ok(*amount as f64 * per)
            }
            _ => Err(PlanError::BadValue {
                field: f.name().into(),
                expected: "a duration such as `20 years` or `6 months`".into(),
                span: v.span,
            }),
        }
    }

    /// The values a literal stands for in field `f` (several for a group of bases).
    fn value(&self, f: FieldId, v: &ast::Value) -> Result<Vec<Val>, PlanError> {
        let vt = f.value_type();
        let text = match &v.kind {
            ValueKind::Name(s) | ValueKind::Quoted(s) => s.as_str(),
            ValueKind::Citation(c) if vt == ValueType::Basis => return self.citation(c, v.span),
            ValueKind::Number(n) if vt == ValueType::Text => {
                return Ok(vec![Val::Text(n.to_string())]);
            }
            _ => {
                return Err(PlanError::BadValue {
                    field: f.name().into(),
                    expected: vt.expected().into(),
                    span: v.span,
                });
            }
        };
        let lookup = super::names::Lookup::new(self.m);
        let found = match vt {
            ValueType::Text => return Ok(vec![Val::Text(text.to_string())]),
            ValueType::Bool => match text.to_lowercase().as_str() {
                "true" | "yes" => Some(Val::Bool(true)),
                "false" | "no" => Some(Val::Bool(false)),
                _ => None,
            },
            ValueType::Direction => match text.to_lowercase().as_str() {
                "to" => Some(Val::Direction(Direction::To)),
                "from" => Some(Val::Direction(Direction::From)),
                "internal" => Some(Val::Direction(Direction::Internal)),
                _ => None,
            },
            ValueType::Provenance => Provenance::parse(&text.to_lowercase()).map(Val::Provenance),
            ValueType::Basis => {
                if let Some(b) = lookup.find(vt, text) {
                    Some(b)
                } else if let Some(c) = parse_citation(text) {
                    return self.citation(&c, v.span);
                } else {
                    None
                }
            }
            ValueType::Duration => None,
            // A display name shared by several things means all of them.
            _ => {
                let all = lookup.find_all(vt, text);
                if all.len() > 1 {
                    return Ok(all);
                }
                all.into_iter().next()
            }
        };
        match found {
            Some(val) => Ok(vec![val]),
            None if matches!(
                vt,
                ValueType::Direction | ValueType::Provenance | ValueType::Bool
            ) =>
            {
                Err(PlanError::BadValue {
                    field: f.name().into(),
                    expected: vt.expected().into(),
                    span: v.span,
                })
            }
            None => Err(PlanError::UnknownName {
                kind: vt.word(),
                name: text.to_string(),
                suggestion: lookup.suggest(vt, text),
                span: v.span,
            }),
        }
    }

    /// The bases a citation denotes; an error for a citation of something that does not exist.
    fn citation(&self, c: &Citation, span: Span) -> Result<Vec<Val>, PlanError> {
        let bases = &self.m.vocab.bases;
        let hits: Vec<Val> = bases
            .iter()
            .enumerate()
            .filter(|(_, b)| c.denotes(b))
            .map(|(i, _)| Val::Basis(BasisIx(i as u32)))
            .collect();
        if !hits.is_empty() {
            return Ok(hits);
        }
        Err(PlanError::NoSuchCitation {
            citation: c.to_string(),
            reason: citation_reason(c, bases),
            span,
        })
    }

    fn org(&self, n: &ast::Name) -> Result<OrgIx, PlanError> {
        let lookup = super::names::Lookup::new(self.m);
        match lookup.find(ValueType::Org, &n.text) {
            Some(Val::Org(o)) => Ok(o),
            _ => Err(PlanError::UnknownName {
                kind: "organisation",
                name: n.text.clone(),
                suggestion: lookup.suggest(ValueType::Org, &n.text),
                span: n.span,
            }),
        }
    }

    /// An org, party or service, by id or display name.
    fn node(&self, n: &ast::Name) -> Result<GraphNode, PlanError> {
        let lookup = super::names::Lookup::new(self.m);
        for vt in [ValueType::Org, ValueType::Party, ValueType::Service] {
            let all = lookup.find_all(vt, &n.text);
            // A walk starts or ends at one node: a shared display name must be made precise.
            if all.len() > 1 {
                return Err(PlanError::AmbiguousName {
                    name: n.text.clone(),
                    count: all.len(),
                    ids: all.iter().take(8).map(|v| lookup.id_of(v)).collect(),
                    span: n.span,
                });
            }
            match all.into_iter().next() {
                Some(Val::Org(o)) => return Ok(GraphNode::Org(o)),
                Some(Val::Party(p)) => return Ok(GraphNode::Party(p)),
                Some(Val::Service(s)) => return Ok(GraphNode::Service(s)),
                _ => {}
            }
        }
        Err(PlanError::UnknownName {
            kind: "organisation, party or service",
            name: n.text.clone(),
            suggestion: lookup.suggest_any(
                &[ValueType::Org, ValueType::Party, ValueType::Service],
                &n.text,
            ),
            span: n.span,
        })
    }
}

fn hops(n: Option<&ast::Number>) -> Result<u64, PlanError> {
    match n {
        None => Ok(DEFAULT_HOPS),
        Some(n) if n.value >= 1 && n.value <= MAX_HOPS => Ok(n.value),
        Some(n) => Err(PlanError::BadMax { span: n.span }),
    }
}

/// All of `xs`, with every `f != a and f != b …` (or `f not in …`) on one field planned as
/// one `f not in (a, b, …)`: no value equals `a` and none equals `b` is no value in the set,
/// and one set is one pass over the rows, where a chain of thousands of terms was a pass each.
fn and(xs: Vec<Pred>) -> Pred {
    let mut out: Vec<Pred> = Vec::with_capacity(xs.len());
    for x in xs {
        let merged = match &x {
            Pred::Not(inner) => match inner.as_ref() {
                Pred::Test(f, t @ (Test::AnyOf(vals) | Test::Within(vals))) => out
                    .iter_mut()
                    .find_map(|o| match o {
                        Pred::Not(o) => match o.as_mut() {
                            Pred::Test(g, Test::AnyOf(into))
                                if g == f && matches!(t, Test::AnyOf(_)) =>
                            {
                                Some(into)
                            }
                            Pred::Test(g, Test::Within(into))
                                if g == f && matches!(t, Test::Within(_)) =>
                            {
                                Some(into)
                            }
                            _ => None,
                        },
                        _ => None,
                    })
                    .map(|into| {
                        for v in vals {
                            if !into.contains(v) {
                                into.push(v.clone());
                            }
                        }
                    }),
                _ => None,
            },
            _ => None,
        };
        if merged.is_none() {
            out.push(x);
        }
    }
    if out.len() == 1 {
        out.pop().unwrap_or(Pred::And(Vec::new()))
    } else {
        Pred::And(out)
    }
}

/// Every field a condition mentions.
pub(crate) fn pred_fields(p: &Pred) -> Vec<FieldId> {
    match p {
        Pred::And(xs) | Pred::Or(xs) => xs.iter().flat_map(pred_fields).collect(),
        Pred::Not(x) => pred_fields(x),
        Pred::Test(f, _) | Pred::Missing(f, _) => vec![*f],
    }
}

fn citation_reason(c: &Citation, bases: &[Basis]) -> String {
    match c {
        Citation::Gdpr {
            article,
            paragraph,
            point,
        } => {
            let of_article: Vec<&Basis> = bases
                .iter()
                .filter(|b| b.law == Law::UkGdpr && b.article == Some(*article))
                .collect();
            if of_article.is_empty() {
                return format!(
                    "Art. {article} is not a lawful basis; bases are in UK GDPR Art. 6(1), Art. 9(2) and Art. 10, or DPA 2018 Sch. 1"
                );
            }
            let para = of_article[0].paragraph;
            if paragraph.is_some() && *paragraph != para {
                return format!(
                    "Art. {article} lists its conditions in paragraph ({})",
                    para.unwrap_or(0)
                );
            }
            let points: Vec<&str> = of_article
                .iter()
                .filter_map(|b| b.point.as_deref())
                .collect();
            format!(
                "Art. {article}({}) has no point ({}); its points are {}",
                para.unwrap_or(0),
                point.as_deref().unwrap_or(""),
                points.join(", ")
            )
        }
        Citation::Schedule {
            schedule,
            part,
            paragraph,
        } => {
            let paras: Vec<u32> = bases
                .iter()
                .filter(|b| {
                    b.law == Law::Dpa2018
                        && b.schedule == Some(*schedule)
                        && part.is_none_or(|p| b.part == Some(p))
                })
                .filter_map(|b| b.paragraph)
                .collect();
            match (paras.first(), paras.last(), paragraph) {
                (Some(lo), Some(hi), Some(p)) => {
                    format!(
                        "DPA 2018 Sch. {schedule} has no condition paragraph {p} there; its condition paragraphs run {lo}–{hi}"
                    )
                }
                _ => format!(
                    "DPA 2018 Schedule {schedule} has no such part; conditions are in Sch. 1 Parts 1–3"
                ),
            }
        }
    }
}
