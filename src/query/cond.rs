//! From pest pairs to the leaves of a condition: tests, values and citation literals.

use super::ast::*;
use super::build::{expr, int, unquote};
use super::error::ParseError;
use super::parse::Rule;
use pest::iterators::Pair;

type Result<T> = std::result::Result<T, ParseError>;

fn span(pair: &Pair<'_, Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

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
                flag = Some(match p.as_str().to_lowercase().as_str() {
                    "special" => Flag::Special,
                    "criminal" => Flag::Criminal,
                    "stated" => Flag::Stated,
                    "implied" => Flag::Implied,
                    _ => return Err(bug(&p, "a flag")),
                })
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
