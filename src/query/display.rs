//! Prints the AST back as canonical query text: lower-case keywords, one space between words,
//! `asc` spelled out, citations as `art 9(2)(h)`, and only the parentheses precedence needs.
//! Parsing the printed text gives the same tree (spans aside); `explain` and tests rely on it.

use super::ast::*;
use std::fmt::{self, Display, Formatter, Write};

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            QueryKind::Select(q) => {
                write!(f, "{}", q.entity)?;
                write_filter(f, &q.filter)?;
                write_list(f, " show ", &q.show)?;
                write_list(f, " by ", &q.by)?;
                write_tail(f, &q.order, &q.limit)
            }
            QueryKind::Count(q) => {
                write!(f, "count {}", q.entity)?;
                write_filter(f, &q.filter)?;
                write_list(f, " by ", &q.by)?;
                write_tail(f, &q.order, &q.limit)
            }
            QueryKind::Compare(q) => {
                write!(f, "compare {}", q.field)?;
                write_list(f, " across ", &q.across)?;
                write_filter(f, &q.filter)
            }
            QueryKind::Path(q) => {
                write!(f, "path from {} to {}", q.from, q.to)?;
                write_filter(f, &q.filter)?;
                write_max(f, &q.max)
            }
            QueryKind::Reachable(q) => {
                write!(f, "{} reachable from {}", q.entity, q.from)?;
                write_filter(f, &q.filter)?;
                write_max(f, &q.max)
            }
            QueryKind::Explain(q) => write!(f, "explain {q}"),
        }
    }
}

/// `order by <field> asc|desc` and `limit N`, where the query has them.
fn write_tail(f: &mut Formatter<'_>, order: &Option<Order>, limit: &Option<Number>) -> fmt::Result {
    if let Some(order) = order {
        let dir = if order.descending { "desc" } else { "asc" };
        write!(f, " order by {} {dir}", order.field)?;
    }
    match limit {
        Some(limit) => write!(f, " limit {}", limit.value),
        None => Ok(()),
    }
}

fn write_filter(f: &mut Formatter<'_>, filter: &Option<Expr>) -> fmt::Result {
    match filter {
        Some(e) => write!(f, " where {e}"),
        None => Ok(()),
    }
}

fn write_max(f: &mut Formatter<'_>, max: &Option<Number>) -> fmt::Result {
    match max {
        Some(n) => write!(f, " max {}", n.value),
        None => Ok(()),
    }
}

fn write_list<T: Display>(f: &mut Formatter<'_>, lead: &str, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        f.write_str(if i == 0 { lead } else { ", " })?;
        write!(f, "{item}")?;
    }
    Ok(())
}

impl Display for Entity {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.word())
    }
}

impl Display for Name {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.quoted {
            write_quoted(f, &self.text)
        } else {
            f.write_str(&self.text)
        }
    }
}

fn write_quoted(f: &mut Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

impl Display for Field {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path.join("."))
    }
}

/// Binding strength, to decide where parentheses are needed: or < and < not < test.
fn strength(e: &Expr) -> u8 {
    match e.kind {
        ExprKind::Or(_) => 0,
        ExprKind::And(_) => 1,
        ExprKind::Not(_) => 2,
        ExprKind::Test { .. } | ExprKind::Missing { .. } => 3,
    }
}

fn write_operand(f: &mut Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if strength(e) < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (items, sep, min) = match &self.kind {
            ExprKind::And(items) => (items, " and ", 2),
            // `a or (b or c)` keeps its parentheses so that it reads back as the same tree.
            ExprKind::Or(items) => (items, " or ", 1),
            ExprKind::Not(e) => {
                f.write_str("not ")?;
                return write_operand(f, e, 2);
            }
            ExprKind::Test { field, test } => return write!(f, "{field} {test}"),
            ExprKind::Missing { field, test } => {
                write!(f, "missing {field}")?;
                return match test {
                    Some(t) => write!(f, " {t}"),
                    None => Ok(()),
                };
            }
        };
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(sep)?;
            }
            // The first operand of a flat chain never needs brackets for its own kind.
            let min = if i == 0 { min - 1 } else { min };
            write_operand(f, item, min)?;
        }
        Ok(())
    }
}

impl Display for Test {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TestKind::Compare { op, value } => write!(f, "{op} {value}"),
            TestKind::In { negated, values } => {
                f.write_str(if *negated { "not in " } else { "in " })?;
                match values.as_slice() {
                    [one] => write!(f, "{one}"),
                    _ => {
                        f.write_char('(')?;
                        write_list(f, "", values)?;
                        f.write_char(')')
                    }
                }
            }
            TestKind::Is { negated, flag } => {
                f.write_str(if *negated { "is not " } else { "is " })?;
                write!(f, "{flag}")
            }
        }
    }
}

impl Display for CmpOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Gt => ">",
            CmpOp::Le => "<=",
            CmpOp::Ge => ">=",
        })
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueKind::Name(n) => f.write_str(n),
            ValueKind::Quoted(s) => write_quoted(f, s),
            ValueKind::Number(n) => write!(f, "{n}"),
            ValueKind::Duration { amount, unit } => {
                let word = match unit {
                    DurationUnit::Days => "day",
                    DurationUnit::Weeks => "week",
                    DurationUnit::Months => "month",
                    DurationUnit::Years => "year",
                };
                let plural = if *amount == 1 { "" } else { "s" };
                write!(f, "{amount} {word}{plural}")
            }
            ValueKind::Citation(c) => write!(f, "{c}"),
        }
    }
}
