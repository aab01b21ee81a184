//! The syntax tree of a query: what the user wrote, typed, with the byte span of every node.
//!
//! Nothing here is checked against a model: field names, ids and citations are resolved by the
//! planner, which points its errors at these spans. `Display` (in `display.rs`) prints a tree back
//! as canonical query text that parses to the same tree.

use std::fmt;
use std::ops::Range;

/// The most flows a `path` or `reachable` may follow.
pub(crate) const MAX_HOPS: u64 = 10;
/// Flows followed when a `path` or `reachable` query gives no `max`.
pub(crate) const DEFAULT_HOPS: u64 = 4;

pub(crate) use super::citation::Citation;
pub(crate) use super::schema::{EntityKind, Flag};

/// A byte range `start..end` of the query text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

// Compact, so that snapshots of the Debug tree stay readable.
impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Range<usize> {
        span.start..span.end
    }
}

/// A whole query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Which form of query.
    pub(crate) kind: QueryKind,
    /// The query text, without surrounding whitespace and comments.
    pub(crate) span: Span,
}

/// The forms of query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum QueryKind {
    /// `<entity> [where …] [show …] [by …] [order by …] [limit N]`
    Select(Select),
    /// `count <entity> [where …] [by …]`
    Count(Count),
    /// `compare <field> across <name>, … [where …]`
    Compare(Compare),
    /// `path from <name> to <name> [where …] [max N]`
    Path(PathQuery),
    /// `<entity> reachable from <name> [where …] [max N]`
    Reachable(Reachable),
    /// `explain <query>` (the inner query is never itself an `explain`).
    Explain(Box<Query>),
}

/// `<entity> [where …] [show …] [by …] [order by …] [limit N]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Select {
    /// What to list.
    pub(crate) entity: Entity,
    /// The `where` condition.
    pub(crate) filter: Option<Expr>,
    /// The `show` fields, in order (empty: the entity's default columns).
    pub(crate) show: Vec<Field>,
    /// The `by` fields (empty: no grouping).
    pub(crate) by: Vec<Field>,
    /// The `order by` clause.
    pub(crate) order: Option<Order>,
    /// The `limit` clause.
    pub(crate) limit: Option<Number>,
}

/// `count <entity> [where …] [by …]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Count {
    /// What to count.
    pub(crate) entity: Entity,
    /// The `where` condition.
    pub(crate) filter: Option<Expr>,
    /// The `by` fields (empty: one total).
    pub(crate) by: Vec<Field>,
    /// `order by count|<by field> [asc|desc]`.
    pub(crate) order: Option<Order>,
    /// `limit N`: the first N groups.
    pub(crate) limit: Option<Number>,
}

/// `compare <field> across <name>, … [where …]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compare {
    /// The field whose values make the rows of the matrix.
    pub(crate) field: Field,
    /// The organisations that make its columns.
    pub(crate) across: Vec<Name>,
    /// The `where` condition.
    pub(crate) filter: Option<Expr>,
}

/// `path from <name> to <name> [where …] [max N]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PathQuery {
    /// Where paths start.
    pub(crate) from: Name,
    /// Where paths end.
    pub(crate) to: Name,
    /// A condition every flow on the path must meet.
    pub(crate) filter: Option<Expr>,
    /// The most flows on a path.
    pub(crate) max: Option<Number>,
}

/// `<entity> reachable from <name> [where …] [max N]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reachable {
    /// What to list among the nodes reached.
    pub(crate) entity: Entity,
    /// Where to start.
    pub(crate) from: Name,
    /// A condition every flow followed must meet.
    pub(crate) filter: Option<Expr>,
    /// The most flows to follow.
    pub(crate) max: Option<Number>,
}

/// An entity word with its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entity {
    /// Which entity.
    pub(crate) kind: EntityKind,
    /// Where it was written.
    pub(crate) span: Span,
}

/// `order by <field> [asc|desc]`
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Order {
    /// The field to sort on.
    pub(crate) field: Field,
    /// `true` for `desc`.
    pub(crate) descending: bool,
    /// From `order` to the end of the clause.
    pub(crate) span: Span,
}

/// A count written in the query (`limit 10`, `max 3`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// Its value.
    pub(crate) value: u64,
    /// Where it was written.
    pub(crate) span: Span,
}

/// An organisation or node name: an id or a quoted display name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Name {
    /// The id, or the display name without quotes and escapes.
    pub(crate) text: String,
    /// Whether it was quoted (a display name) rather than an id.
    pub(crate) quoted: bool,
    /// Where it was written, quotes included.
    pub(crate) span: Span,
}

/// A field, dotted for sub-fields (`party.type`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The segments, as written.
    pub(crate) path: Vec<String>,
    /// Where it was written.
    pub(crate) span: Span,
}

/// A condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    /// Its shape.
    pub(crate) kind: ExprKind,
    /// Where it was written (parentheses included for a group).
    pub(crate) span: Span,
}

/// The shapes of a condition. `and`/`or` chains are flat: `a and b and c` is one `And`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    /// All of these hold (two or more).
    And(Vec<Expr>),
    /// Any of these holds (two or more).
    Or(Vec<Expr>),
    /// `not <condition>`.
    Not(Box<Expr>),
    /// `<field> <test>`: some value of the field passes the test.
    Test {
        /// The field tested.
        field: Field,
        /// The test.
        test: Test,
    },
    /// `missing <field> [<test>]`: no value of the field (passing the test, if given).
    Missing {
        /// The field.
        field: Field,
        /// The test the missing values would pass.
        test: Option<Test>,
    },
}

/// What a condition asks of a field's values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Test {
    /// Its shape.
    pub(crate) kind: TestKind,
    /// From the operator to the end of the test.
    pub(crate) span: Span,
}

/// The shapes of a test.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TestKind {
    /// `= value`, `!= value`, `< value`, …
    Compare {
        /// The operator.
        op: CmpOp,
        /// The value compared with.
        value: Value,
    },
    /// `in value`, `not in (value, …)`: hierarchy-aware membership.
    In {
        /// `true` for `not in`.
        negated: bool,
        /// The values (one or more).
        values: Vec<Value>,
    },
    /// `is special`, `is not stated`, …
    Is {
        /// `true` for `is not`.
        negated: bool,
        /// The flag.
        flag: Flag,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    /// Its kind and content.
    pub(crate) kind: ValueKind,
    /// Where it was written.
    pub(crate) span: Span,
}

/// The kinds of literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueKind {
    /// A bare id: `cheshire-west`, `health`.
    Name(String),
    /// A quoted string, unescaped: `"Cheshire Police"`.
    Quoted(String),
    /// An integer.
    Number(u64),
    /// A length of time: `20 years`.
    Duration {
        /// How many units.
        amount: u64,
        /// The unit.
        unit: DurationUnit,
    },
    /// A legal citation: `art 9(2)(h)`.
    Citation(Citation),
}

/// The unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the names say it
pub(crate) enum DurationUnit {
    Days,
    Weeks,
    Months,
    Years,
}
