//! From pest pairs to the AST. The grammar has already checked the shape, so a pair of an
//! unexpected rule here is a bug in this file, not in the query; it is reported as a syntax
//! error at that pair rather than a panic.

use super::ast::*;
use super::error::{MAX_NESTING, ParseError};
use super::grammar::Rule;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

type Result<T> = std::result::Result<T, ParseError>;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::kw_or, Assoc::Left))
        .op(Op::infix(Rule::kw_and, Assoc::Left))
        .op(Op::prefix(Rule::kw_not))
});

fn span(pair: &Pair<'_, Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

fn unexpected(pair: &Pair<'_, Rule>) -> ParseError {
    ParseError::Syntax {
        span: span(pair),
        expected: Vec::new(),
        found: format!("`{}`", pair.as_str()),
        suggestion: None,
    }
}

/// Builds the query from the pair of a `*_query` rule.
pub(super) fn query(pair: Pair<'_, Rule>) -> Result<Query> {
    let span = span(&pair);
    let rule = pair.as_rule();
    let mut c = Clauses::default();
    let mut head = Vec::new();
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::entity => c.entity = Some(entity(&p)?),
            Rule::where_clause => c.filter = p.into_inner().nth(1).map(expr).transpose()?,
            Rule::show_clause => c.show = fields(p.into_inner())?,
            Rule::by_clause => c.by = fields(p.into_inner())?,
            Rule::order_clause => c.order = Some(order(p)?),
            Rule::limit_clause => c.limit = last_number(p)?,
            Rule::max_clause => c.max = last_number(p)?,
            Rule::field => c.field = Some(field(p)?),
            Rule::name => head.push(name(p)?),
            Rule::select_query
            | Rule::count_query
            | Rule::compare_query
            | Rule::path_query
            | Rule::reachable_query => c.inner = Some(Box::new(query(p)?)),
            _ => {} // keywords and commas
        }
    }
    let missing = || unexpected(&pair);
    let kind = match rule {
        Rule::explain_query => QueryKind::Explain(c.inner.ok_or_else(missing)?),
        Rule::select_query => QueryKind::Select(Select {
            entity: c.entity.ok_or_else(missing)?,
            filter: c.filter,
            show: c.show,
            by: c.by,
            order: c.order,
            limit: c.limit,
        }),
        Rule::count_query => QueryKind::Count(Count {
            entity: c.entity.ok_or_else(missing)?,
            filter: c.filter,
            by: c.by,
            order: c.order,
            limit: c.limit,
        }),
        Rule::compare_query => QueryKind::Compare(Compare {
            field: c.field.ok_or_else(missing)?,
            across: head,
            filter: c.filter,
        }),
        Rule::path_query => {
            let mut names = head.into_iter();
            let (Some(from), Some(to)) = (names.next(), names.next()) else {
                return Err(missing());
            };
            QueryKind::Path(PathQuery {
                from,
                to,
                filter: c.filter,
                max: c.max,
            })
        }
        Rule::reachable_query => QueryKind::Reachable(Reachable {
            entity: c.entity.ok_or_else(missing)?,
            from: head.into_iter().next().ok_or_else(missing)?,
            filter: c.filter,
            max: c.max,
        }),
        _ => return Err(missing()),
    };
    Ok(Query { kind, span })
}

/// The parts a query may have, gathered before choosing its form.
#[derive(Default)]
struct Clauses {
    entity: Option<Entity>,
    field: Option<Field>,
    filter: Option<Expr>,
    show: Vec<Field>,
    by: Vec<Field>,
    order: Option<Order>,
    limit: Option<Number>,
    max: Option<Number>,
    inner: Option<Box<Query>>,
}

fn entity(pair: &Pair<'_, Rule>) -> Result<Entity> {
    let kind = EntityKind::from_word(pair.as_str()).ok_or_else(|| unexpected(pair))?;
    Ok(Entity {
        kind,
        span: span(pair),
    })
}

fn fields(pairs: Pairs<'_, Rule>) -> Result<Vec<Field>> {
    pairs
        .filter(|p| p.as_rule() == Rule::field)
        .map(field)
        .collect()
}

fn field(pair: Pair<'_, Rule>) -> Result<Field> {
    Ok(Field {
        span: span(&pair),
        path: pair.into_inner().map(|p| p.as_str().to_string()).collect(),
    })
}

fn order(pair: Pair<'_, Rule>) -> Result<Order> {
    let span = span(&pair);
    let mut f = None;
    let mut descending = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::field => f = Some(field(p)?),
            Rule::kw_desc => descending = true,
            _ => {}
        }
    }
    let field = f.ok_or(ParseError::Syntax {
        span,
        expected: vec!["a field".into()],
        found: String::new(),
        suggestion: None,
    })?;
    Ok(Order {
        field,
        descending,
        span,
    })
}

fn last_number(pair: Pair<'_, Rule>) -> Result<Option<Number>> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::number)
        .map(|p| {
            Ok(Number {
                value: int(&p)?,
                span: span(&p),
            })
        })
        .next()
        .transpose()
}

/// The integer in `pair`'s text; too many digits is an error, not a panic.
pub(super) fn int<T: std::str::FromStr>(pair: &Pair<'_, Rule>) -> Result<T> {
    pair.as_str()
        .trim()
        .parse()
        .map_err(|_| ParseError::NumberTooLarge { span: span(pair) })
}

fn name(pair: Pair<'_, Rule>) -> Result<Name> {
    let span = span(&pair);
    let inner = pair.into_inner().next().ok_or_else(|| ParseError::Syntax {
        span,
        expected: vec!["a name".into()],
        found: String::new(),
        suggestion: None,
    })?;
    Ok(match inner.as_rule() {
        Rule::quoted => Name {
            text: unquote(inner),
            quoted: true,
            span,
        },
        _ => Name {
            text: inner.as_str().to_string(),
            quoted: false,
            span,
        },
    })
}

/// The text of a `quoted` pair without its quotes, `\` escapes resolved.
pub(super) fn unquote(pair: Pair<'_, Rule>) -> String {
    let Some(inner) = pair.into_inner().next() else {
        return String::new();
    };
    let raw = inner.as_str();
    if inner.as_rule() == Rule::curly_text {
        return raw.to_string(); // typographic quotes have no escapes
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Builds a condition from an `expr` pair: operators by precedence, flat `and`/`or` chains.
pub(super) fn expr(pair: Pair<'_, Rule>) -> Result<Expr> {
    // A long run of `not`s would recurse once per `not` in the Pratt parser and in every later
    // walk of the tree; parentheses are bounded before parsing, `not`s here.
    let mut run = 0;
    for p in pair.clone().into_inner() {
        run = if p.as_rule() == Rule::kw_not {
            run + 1
        } else {
            0
        };
        if run > MAX_NESTING {
            return Err(ParseError::TooDeep { span: span(&p) });
        }
    }
    PRATT
        .map_primary(primary)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            Ok(Expr {
                span: Span::new(op.as_span().start(), rhs.span.end),
                kind: ExprKind::Not(Box::new(rhs)),
            })
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let span = Span::new(lhs.span.start, rhs.span.end);
            let is_and = op.as_rule() == Rule::kw_and;
            let kind = match (lhs.kind, is_and) {
                (ExprKind::And(mut items), true) => {
                    items.push(rhs);
                    ExprKind::And(items)
                }
                (ExprKind::Or(mut items), false) => {
                    items.push(rhs);
                    ExprKind::Or(items)
                }
                (kind, _) => {
                    let lhs = Expr {
                        kind,
                        span: lhs.span,
                    };
                    if is_and {
                        ExprKind::And(vec![lhs, rhs])
                    } else {
                        ExprKind::Or(vec![lhs, rhs])
                    }
                }
            };
            Ok(Expr { kind, span })
        })
        .parse(pair.into_inner())
}

// ---- Conditions: the leaves of the condition tree (tests, values, citation literals) ----

/// A pair the grammar should not have produced here.
fn bug(pair: &Pair<'_, Rule>, what: &str) -> ParseError {
    ParseError::Syntax {
        span: span(pair),
        expected: vec![what.to_string()],
        found: format!("`{}`", pair.as_str()),
        suggestion: None,
    }
}

/// A `group`, `missing_cond` or `field_cond` pair.
pub(super) fn primary(pair: Pair<'_, Rule>) -> Result<Expr> {
    let whole = span(&pair);
    let rule = pair.as_rule();
    let mut field = None;
    let mut test_ = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::expr => {
                let inner = expr(p)?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: whole,
                });
            }
            Rule::field => {
                field = Some(Field {
                    span: span(&p),
                    path: p.into_inner().map(|s| s.as_str().to_string()).collect(),
                })
            }
            Rule::test => test_ = Some(test(p)?),
            _ => {}
        }
    }
    let field = field.ok_or_else(|| bug(&pair, "a field"))?;
    let kind = match (rule, test_) {
        (Rule::missing_cond, test) => ExprKind::Missing { field, test },
        (_, Some(test)) => ExprKind::Test { field, test },
        (_, None) => return Err(bug(&pair, "a test")),
    };
    Ok(Expr { kind, span: whole })
}

fn test(pair: Pair<'_, Rule>) -> Result<Test> {
    let whole = span(&pair);
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .ok_or_else(|| bug(&pair, "a test"))?;
    let mut negated = false;
    let mut op = None;
    let mut flag = None;
    let mut values = Vec::new();
    let rule = inner.as_rule();
    for p in inner.into_inner() {
        match p.as_rule() {
            Rule::kw_not => negated = true,
            Rule::op_eq => op = Some(CmpOp::Eq),
            Rule::op_ne => op = Some(CmpOp::Ne),
            Rule::op_lt => op = Some(CmpOp::Lt),
            Rule::op_gt => op = Some(CmpOp::Gt),
            Rule::op_le => op = Some(CmpOp::Le),
            Rule::op_ge => op = Some(CmpOp::Ge),
            Rule::value => values.push(value(p)?),
            Rule::flag => {
                flag = Some(Flag::from_word(p.as_str()).ok_or_else(|| bug(&p, "a flag"))?)
            }
            _ => {}
        }
    }
    let kind = match (rule, op, flag) {
        (Rule::cmp_test, Some(op), _) if values.len() == 1 => TestKind::Compare {
            op,
            value: values.remove(0),
        },
        (Rule::in_test, _, _) if !values.is_empty() => TestKind::In { negated, values },
        (Rule::is_test, _, Some(flag)) => TestKind::Is { negated, flag },
        _ => return Err(bug(&pair, "a test")),
    };
    Ok(Test { kind, span: whole })
}

fn value(pair: Pair<'_, Rule>) -> Result<Value> {
    let whole = span(&pair);
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .ok_or_else(|| bug(&pair, "a value"))?;
    let kind = match inner.as_rule() {
        Rule::value_name => ValueKind::Name(inner.as_str().to_string()),
        Rule::quoted => ValueKind::Quoted(unquote(inner)),
        Rule::number => ValueKind::Number(int(&inner)?),
        Rule::duration => duration(inner)?,
        Rule::citation => ValueKind::Citation(citation(inner)?),
        _ => return Err(bug(&inner, "a value")),
    };
    Ok(Value { kind, span: whole })
}

fn duration(pair: Pair<'_, Rule>) -> Result<ValueKind> {
    let mut amount = None;
    let mut unit = None;
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::digits => amount = Some(int(&p)?),
            Rule::duration_unit => {
                let u = p.as_str().to_lowercase();
                unit = Some(match u.chars().next() {
                    Some('y') => DurationUnit::Years,
                    Some('m') => DurationUnit::Months,
                    Some('w') => DurationUnit::Weeks,
                    _ => DurationUnit::Days,
                });
            }
            _ => {}
        }
    }
    match (amount, unit) {
        (Some(amount), Some(unit)) => Ok(ValueKind::Duration { amount, unit }),
        _ => Err(bug(&pair, "a duration")),
    }
}

/// A `citation` pair. Built from the pairs (not re-read from text) so that each number's
/// span is at hand when it overflows.
fn citation(pair: Pair<'_, Rule>) -> Result<Citation> {
    let inner = pair
        .clone()
        .into_inner()
        .next()
        .ok_or_else(|| bug(&pair, "a citation"))?;
    match inner.as_rule() {
        Rule::short_citation => {
            // `A9-2-h`: the grammar fixed its shape; read the parts between the dashes.
            let text = inner.as_str();
            let mut parts = text.get(1..).unwrap_or("").split('-');
            let num = |s: Option<&str>| -> Result<u32> {
                s.unwrap_or("")
                    .parse()
                    .map_err(|_| ParseError::NumberTooLarge { span: span(&inner) })
            };
            let article = num(parts.next())?;
            let paragraph = num(parts.next())?;
            Ok(Citation::gdpr(article, Some(paragraph), parts.next()))
        }
        Rule::gdpr_citation => {
            let mut numbers = Vec::new();
            let mut point = None;
            for p in inner.into_inner() {
                match p.as_rule() {
                    Rule::cite_number => numbers.push(int::<u32>(&p)?),
                    Rule::cite_point => point = Some(p.as_str().to_string()),
                    _ => {}
                }
            }
            let article = *numbers.first().ok_or_else(|| bug(&pair, "a citation"))?;
            Ok(Citation::gdpr(
                article,
                numbers.get(1).copied(),
                point.as_deref(),
            ))
        }
        Rule::schedule_citation => {
            let (mut schedule, mut part, mut paragraph) = (None, None, None);
            let mut slot = 0;
            for p in inner.into_inner() {
                match p.as_rule() {
                    Rule::part_word => slot = 1,
                    Rule::para_word => slot = 2,
                    Rule::cite_number => {
                        let n = Some(int::<u32>(&p)?);
                        match slot {
                            0 => schedule = n,
                            1 => part = n,
                            _ => paragraph = n,
                        }
                    }
                    _ => {}
                }
            }
            let schedule = schedule.ok_or_else(|| bug(&pair, "a citation"))?;
            Ok(Citation::Schedule {
                schedule,
                part,
                paragraph,
            })
        }
        _ => Err(bug(&inner, "a citation")),
    }
}
