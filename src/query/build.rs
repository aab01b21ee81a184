//! From pest pairs to the AST. The grammar has already checked the shape, so a pair of an
//! unexpected rule here is a bug in this file, not in the query; it is reported as a syntax
//! error at that pair rather than a panic.

use super::ast::*;
use super::error::{MAX_NESTING, ParseError};
use super::parse::Rule;
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
        .map_primary(super::cond::primary)
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
