//! The executor: shapes the rows an [`Access`] returns into results — listings, groups and
//! counts, `order by`, `limit` — and streams them to a [`RowSink`] in batches, so the first
//! row is printed before the last is made and a closed pipe stops the query at once.

use super::access::{Access, Counted, Rows};
use super::budget::{Ctx, EvalError, Limit};
use super::group::{combinations, count_expansion, group_bytes, listed_bytes};
use super::row::{ModelView, RowRef};
use super::sort::{SortKey, dense_ranks, drop_elsewhere, sort_by};
use crate::model::value::Val;
use crate::model::{Direction, Model, Provenance};
use crate::query::ast::EntityKind;
use crate::query::plan::{Order, Select};
use crate::query::schema::{FieldId, default_columns, has_provenance};
use crate::table::{Cell, Header, RowSink, Wanted};
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Rows handed to the sink at a time.
pub const BATCH: usize = 64;

/// Rows to a sink in batches; after the sink has all it wants, only counted.
///
/// A batch is a block of cell slots reused from batch to batch: a row's cells are written
/// into its slots where they are made, not pushed (a push that may grow the vector keeps
/// each cell on the stack first, written in pieces and read back whole: a stall per cell).
pub(crate) struct Emitter<'s, 'm> {
    sink: &'s mut dyn RowSink<'m>,
    slots: Vec<Cell<'m>>,
    width: usize,
    in_batch: usize,
    counting: bool,
    total: u64,
}

/// The slots of one row, filled in order by [`Slots::push`].
pub(crate) struct Slots<'b, 'm> {
    cells: &'b mut [Cell<'m>],
    at: usize,
}

impl<'m> Slots<'_, 'm> {
    /// The row's next cell.
    #[inline]
    pub(crate) fn push(&mut self, cell: Cell<'m>) {
        if let Some(slot) = self.cells.get_mut(self.at) {
            let old = std::mem::replace(slot, cell);
            // The last batch's cell: most own nothing and need no call to drop them.
            if old.owns_nothing() {
                std::mem::forget(old);
            }
        }
        self.at += 1;
    }

    /// The row's next cell, borrowed text: written over the slot's text in place when the
    /// slot already holds borrowed text (the same column of the last batch, as a rule), so
    /// no whole cell is made and copied.
    #[inline]
    pub(crate) fn push_str(&mut self, text: &'m str) {
        match self.cells.get_mut(self.at) {
            Some(Cell::Str(Cow::Borrowed(t))) => {
                *t = text;
                self.at += 1;
            }
            _ => self.push(Cell::str(text)),
        }
    }
}

impl<'s, 'm> Emitter<'s, 'm> {
    /// Starts a result.
    pub(crate) fn begin(sink: &'s mut dyn RowSink<'m>, header: &Header) -> Result<Self, EvalError> {
        sink.begin(header).map_err(EvalError::output)?;
        let width = header.columns.len();
        Ok(Emitter {
            slots: std::iter::repeat_with(|| Cell::Null)
                .take(BATCH * width)
                .collect(),
            width,
            sink,
            in_batch: 0,
            counting: false,
            total: 0,
        })
    }

    /// Whether the sink still wants cells (not only a count).
    pub(crate) fn wants_cells(&self) -> bool {
        !self.counting
    }

    /// One row.
    pub(crate) fn row(
        &mut self,
        cells: impl IntoIterator<Item = Cell<'m>>,
    ) -> Result<(), EvalError> {
        self.row_with(|row| cells.into_iter().for_each(|c| row.push(c)))
    }

    /// One row, its cells written by `fill` straight into the batch (one per column; a
    /// column it leaves out is empty).
    pub(crate) fn row_with(
        &mut self,
        fill: impl FnOnce(&mut Slots<'_, 'm>),
    ) -> Result<(), EvalError> {
        self.total += 1;
        if self.counting {
            return Ok(());
        }
        let at = self.in_batch * self.width;
        let Some(cells) = self.slots.get_mut(at..at + self.width) else {
            return Ok(());
        };
        let mut row = Slots { cells, at: 0 };
        fill(&mut row);
        debug_assert!(
            row.at <= self.width,
            "{} cells for {} columns",
            row.at,
            self.width
        );
        for k in row.at..self.width {
            row.at = k;
            row.push(Cell::Null);
        }
        self.in_batch += 1;
        if self.in_batch >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// `n` rows the sink wants counted only.
    pub(crate) fn skip(&mut self, n: u64) {
        self.total += n;
    }

    fn flush(&mut self) -> Result<(), EvalError> {
        if self.in_batch > 0 {
            let cells = self.slots.get(..self.in_batch * self.width).unwrap_or(&[]);
            let wanted = self.sink.rows(cells).map_err(EvalError::output)?;
            self.in_batch = 0;
            self.counting = wanted == Wanted::Count;
        }
        Ok(())
    }

    /// Ends the result: the rows in all.
    pub(crate) fn finish(mut self) -> Result<u64, EvalError> {
        self.flush()?;
        self.sink.end(self.total).map_err(EvalError::output)?;
        Ok(self.total)
    }
}

/// Runs a `select` or `count` plan.
pub(crate) fn select<'m>(
    s: &Select,
    access: &dyn Access<'m>,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    if s.count
        && !s.by.is_empty()
        && let Some(counted) = access.count_by(s.entity, s.filter.as_ref(), &s.by, ctx)?
    {
        return emit_counted(s, access.view(), counted, ctx, sink);
    }
    let rows = access.rows(s.entity, s.filter.as_ref(), None, ctx)?;
    if s.count || !s.by.is_empty() {
        grouped(s, access, rows.into_refs(), ctx, sink)
    } else {
        listing(s, access.view(), rows, ctx, sink)
    }
}

fn listing<'m>(
    s: &Select,
    view: &ModelView<'m>,
    mut rows: Rows,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    // The planner allows only a field of the entity here (`count` orders groups).
    if let Some((o, Order::Field(f))) = s.order.as_ref().map(|o| (o, o.key)) {
        ctx.need(
            Limit::Rows,
            "rows kept for `order by`",
            rows.len() as u64,
            48,
        )?;
        let mut keyed: Vec<(Option<SortKey>, RowRef)> = Vec::with_capacity(rows.len());
        for r in rows.into_refs() {
            ctx.tick()?;
            let first = view.values(s.entity, r, f).into_iter().next();
            keyed.push((first.map(|v| SortKey::of(&v, view.model)), r));
        }
        // Stable, so rows with equal keys keep model order; rows without a value go last
        // either way.
        sort_by(
            &mut keyed,
            |(a, _), (b, _)| match (a, b) {
                (Some(x), Some(y)) if o.descending => y.cmp(x),
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            ctx,
        )?;
        rows = Rows::Refs(keyed.into_iter().map(|(_, r)| r).collect());
        ctx.step(
            "order",
            || format!("{} {}", f.name(), if o.descending { "desc" } else { "asc" }),
            None,
            rows.len(),
        );
    }
    if let Some(l) = s.limit {
        rows.truncate(l);
        ctx.step("limit", || l.to_string(), None, rows.len());
    }
    let evidence = has_provenance(s.entity);
    let mut cols: Vec<&str> = s.columns.iter().map(|f| f.name()).collect();
    if evidence {
        cols.extend(["provenance", "notice", "quote"]);
    }
    let every_sentence = evidence && ctx.evidence;
    if every_sentence {
        cols.push("evidence");
    }
    let mut header = Header::new(s.entity.word(), &cols);
    header.evidence = evidence;
    let mut out = Emitter::begin(sink, &header)?;
    let m = view.model;
    for k in 0..rows.len() {
        if !out.wants_cells() {
            out.skip((rows.len() - k) as u64);
            break;
        }
        if k % TOUCH == 0
            && let Rows::Flows(fs) = &rows
        {
            touch(m, &fs[k..fs.len().min(k + TOUCH)]);
        }
        ctx.tick()?;
        let Some(row) = rows.get(k) else { break };
        out.row_with(|buf| {
            let flow = match row {
                RowRef::Flow(i) => m.flows.get(i as usize),
                _ => None,
            };
            // Each cell is made at its push from the text it borrows: a cell made apart and
            // then moved in is written to the stack in pieces and read back whole, a stall
            // per cell that cost more than the rest of the row.
            for f in &s.columns {
                match flow.map(|fl| flow_text(m, fl, *f)) {
                    Some(Text::Str(t)) => buf.push_str(t),
                    Some(Text::Null) => buf.push(Cell::Null),
                    _ => buf.push(values_cell(view.values(s.entity, row, *f), m)),
                }
            }
            if evidence {
                let prov = s
                    .used
                    .iter()
                    .map(|f| view.provenance(s.entity, row, *f))
                    .max()
                    .unwrap_or(Provenance::Stated);
                buf.push_str(prov.as_str());
                match view.source(s.entity, row) {
                    Some(src) => {
                        buf.push_str(&m.notices[src.notice.ix()].id);
                        buf.push_str(m.quote(src));
                    }
                    None => {
                        buf.push(Cell::Null);
                        buf.push(Cell::Null);
                    }
                }
            }
            if every_sentence {
                let items =
                    super::evidence::of_row(view, s.entity, row, &s.used, s.filter.as_ref());
                buf.push(super::evidence::cell(view, &items));
            }
        })?;
    }
    let n = out.finish()?;
    ctx.step(
        "output",
        || format!("{} columns", cols.len()),
        None,
        n as usize,
    );
    Ok(n)
}

/// Rows whose flows are read ahead of building their cells.
const TOUCH: usize = 64;

/// Reads the flows (and their parties and services) of `rows` in tight loops of independent
/// loads, so that their cache misses overlap instead of coming one per row while cells are
/// built: the rows a filter leaves are scattered over the whole flow table.
fn touch(m: &Model, flows: &[u32]) {
    let mut acc = 0u32;
    for &i in flows {
        if let Some(f) = m.flows.get(i as usize) {
            acc ^= f.party.0 ^ f.source.quote.0;
        }
    }
    for &i in flows {
        if let Some(f) = m.flows.get(i as usize) {
            if let Some(p) = m.parties.get(f.party.ix()) {
                acc ^= p.party_type.0;
            }
            if let Some(s) = m.services.get(f.service.ix()) {
                acc ^= s.id.len() as u32;
            }
        }
    }
    std::hint::black_box(acc);
}

/// The text of a single-valued field of a flow.
enum Text<'m> {
    /// Borrowed from the model.
    Str(&'m str),
    /// The flow has no value (a source's recipient column).
    Null,
    /// Read through [`ModelView::values`] (a list, or a party of several types).
    Values,
}

/// The text of a single-valued field of a flow, borrowed from the model without building a
/// [`Val`]; [`Text::Values`] for the fields read through [`ModelView::values`].
#[inline]
fn flow_text<'m>(m: &'m Model, flow: &'m crate::model::Flow, f: FieldId) -> Text<'m> {
    let Some(party) = m.parties.get(flow.party.ix()) else {
        return Text::Values;
    };
    let some = |t: Option<&'m str>| t.map_or(Text::Values, Text::Str);
    match f {
        FieldId::Org => some(m.orgs.get(flow.org.ix()).map(|o| o.id.as_str())),
        FieldId::Service => some(m.services.get(flow.service.ix()).map(|s| s.id.as_str())),
        FieldId::Direction => Text::Str(flow.direction.as_str()),
        FieldId::Party => Text::Str(&party.id),
        FieldId::Recipient => match flow.direction {
            Direction::To => Text::Str(&party.id),
            Direction::From | Direction::Internal => Text::Null,
        },
        FieldId::Source => match flow.direction {
            Direction::From => Text::Str(&party.id),
            Direction::To | Direction::Internal => Text::Null,
        },
        FieldId::Name => Text::Str(&party.name),
        // A party of several types is read through its values, like any list.
        FieldId::PartyType if party.also_types.is_empty() => some(
            m.vocab
                .party_types
                .get(party.party_type.ix())
                .map(|t| t.id.as_str()),
        ),
        _ => Text::Values,
    }
}

fn values_cell(vals: Vec<Val>, m: &Model) -> Cell<'_> {
    match vals.len() {
        0 => Cell::Null,
        1 => vals
            .into_iter()
            .next()
            .map_or(Cell::Null, |v| v.into_cell(m)),
        _ => Cell::List(vals.into_iter().map(|v| v.into_cell(m)).collect()),
    }
}

/// A group: its key, its count, and (for a listing by groups) the distinct values of each
/// shown column.
struct Group {
    key: Vec<Option<Val>>,
    count: u64,
    shown: Vec<Vec<Val>>,
}

/// `count …` and `… by …`: one row per group with its count (and, for a listing, the rows'
/// values of the shown columns).
fn grouped<'m>(
    s: &Select,
    access: &dyn Access<'m>,
    rows: Vec<RowRef>,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let view = access.view();
    // A listing by groups shows the chosen columns (the entity's main one by default).
    let shown: Vec<FieldId> = if s.count {
        Vec::new()
    } else if s.show_given {
        s.columns.clone()
    } else {
        vec![default_columns(s.entity)[0]]
    };
    let groups: Vec<Group> = if s.by.is_empty() {
        // One group of every row.
        vec![Group {
            key: Vec::new(),
            count: rows.len() as u64,
            shown: shown_values(view, s.entity, &rows, &shown, ctx)?,
        }]
    } else {
        group_rows(view, s, &rows, &shown, ctx)?
    };
    emit_groups(s, view, groups, &shown, ctx, sink)
}

/// Orders, limits and writes groups.
fn emit_groups<'m>(
    s: &Select,
    view: &ModelView<'m>,
    mut groups: Vec<Group>,
    shown: &[FieldId],
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let m = view.model;
    ctx.need(Limit::Groups, "groups", groups.len() as u64, 0)?;
    let width = s.by.len();
    // Default order: by the key's values as shown, case-insensitively, a missing value first.
    // Each distinct value's sort key is worked out once and ranked; groups compare ranks.
    let mut ranks: Vec<HashMap<Option<&Val>, u32>> = vec![HashMap::default(); width];
    for (col, r) in ranks.iter_mut().enumerate() {
        ctx.tick()?;
        let mut distinct: Vec<Option<&Val>> = Vec::new();
        for g in &groups {
            let v = g.key.get(col).and_then(Option::as_ref);
            if let std::collections::hash_map::Entry::Vacant(e) = r.entry(v) {
                e.insert(0);
                distinct.push(v);
            }
        }
        let keyed: Vec<(SortKey, Option<&Val>)> = distinct
            .into_iter()
            .map(|v| (v.map_or(SortKey::missing(), |v| SortKey::of(v, m)), v))
            .collect();
        for (rank, v) in dense_ranks(keyed, ctx)? {
            r.insert(v, rank);
        }
    }
    // Each group's ranks side by side in one block, `width` per group.
    let mut texts: Vec<u32> = Vec::with_capacity(groups.len() * width);
    for g in &groups {
        for (col, r) in ranks.iter().enumerate() {
            texts.push(
                r.get(&g.key.get(col).and_then(Option::as_ref))
                    .copied()
                    .unwrap_or(0),
            );
        }
    }
    drop(ranks);
    let order = group_order(
        s,
        groups.len(),
        false,
        &|g, fi| texts[g * width + fi],
        &|g| groups[g].count,
        ctx,
    )?;
    let mut cols: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    cols.push("count");
    cols.extend(shown.iter().map(|f| f.name()));
    let mut out = Emitter::begin(sink, &Header::new(s.entity.word(), &cols))?;
    for (k, &g) in order.iter().enumerate() {
        if !out.wants_cells() {
            out.skip((order.len() - k) as u64);
            break;
        }
        ctx.tick()?;
        let g = std::mem::replace(
            &mut groups[g],
            Group {
                key: Vec::new(),
                count: 0,
                shown: Vec::new(),
            },
        );
        let mut cells: Vec<Cell<'m>> = Vec::with_capacity(cols.len());
        cells.extend(
            g.key
                .into_iter()
                .map(|v| v.map_or(Cell::Null, |v| v.into_cell(m))),
        );
        cells.push(Cell::Int(g.count));
        cells.extend(
            g.shown
                .into_iter()
                .map(|vs| Cell::List(vs.into_iter().map(|v| v.into_cell(m)).collect())),
        );
        out.row(cells)?;
    }
    let n = out.finish()?;
    let by: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    ctx.step(
        "group",
        || {
            if by.is_empty() {
                "all rows".into()
            } else {
                by.join(", ")
            }
        },
        None,
        n as usize,
    );
    Ok(n)
}

/// The order groups are written in: by their keys' ranks (unless `sorted`: already so),
/// then by `order by`, then cut to `limit`. `rank(g, f)` is group `g`'s rank in `by` field
/// `f`; ties keep the groups' order.
fn group_order(
    s: &Select,
    groups: usize,
    sorted: bool,
    rank: &dyn Fn(usize, usize) -> u32,
    count: &dyn Fn(usize) -> u64,
    ctx: &mut Ctx,
) -> Result<Vec<usize>, EvalError> {
    let width = s.by.len();
    let mut order: Vec<usize> = (0..groups).collect();
    if !sorted && width > 0 {
        let by_key = |a: &usize, b: &usize| {
            (0..width)
                .map(|f| rank(*a, f))
                .cmp((0..width).map(|f| rank(*b, f)))
        };
        sort_by(&mut order, by_key, ctx)?;
    }
    if let Some(o) = &s.order {
        let desc = o.descending;
        let flip = |c: Ordering| if desc { c.reverse() } else { c };
        match o.key {
            Order::Count => sort_by(&mut order, |a, b| flip(count(*a).cmp(&count(*b))), ctx)?,
            Order::Field(f) => {
                // The planner allows only a `by` field here.
                if let Some(at) = s.by.iter().position(|b| *b == f) {
                    sort_by(
                        &mut order,
                        |a, b| flip(rank(*a, at).cmp(&rank(*b, at))),
                        ctx,
                    )?;
                }
            }
        }
        ctx.step(
            "order",
            || format!("{} {}", o.key_name(), if desc { "desc" } else { "asc" }),
            None,
            order.len(),
        );
    }
    if let Some(l) = s.limit {
        order.truncate(l);
        ctx.step("limit", || l.to_string(), None, order.len());
    }
    Ok(order)
}

/// A value's cell, made once for every group that shows it.
enum Made<'m> {
    Str(&'m str),
    Null,
    Cell(Cell<'m>),
}

/// Orders, limits and writes the groups an evaluator counted itself: each value's cell is
/// made once, and a group's row is its values' cells and its count.
fn emit_counted<'m>(
    s: &Select,
    view: &ModelView<'m>,
    c: Counted,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    let m = view.model;
    ctx.need(Limit::Groups, "groups", c.len() as u64, 0)?;
    let width = s.by.len();
    // Each field's rank of each value: the value's index when the evaluator sorted them.
    let ranks: Vec<Vec<u32>> = if c.in_key_order {
        Vec::new()
    } else {
        let mut ranks = Vec::with_capacity(width);
        for vs in &c.values {
            ctx.tick()?;
            let keyed: Vec<(SortKey, usize)> = vs
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    (
                        v.as_ref().map_or(SortKey::missing(), |v| SortKey::of(v, m)),
                        i,
                    )
                })
                .collect();
            let mut r = vec![0u32; vs.len()];
            for (rank, i) in dense_ranks(keyed, ctx)? {
                r[i] = rank;
            }
            ranks.push(r);
        }
        ranks
    };
    let index = |g: usize, f: usize| c.keys.get(g * width + f).copied().unwrap_or(0);
    let rank = |g: usize, f: usize| {
        let i = index(g, f);
        ranks
            .get(f)
            .map_or(i, |r| r.get(i as usize).copied().unwrap_or(0))
    };
    // Groups already in order, with no `order by` or `limit`, are written as they are.
    let order = if !c.in_key_order || s.order.is_some() || s.limit.is_some() {
        Some(group_order(
            s,
            c.len(),
            c.in_key_order,
            &rank,
            &|g| c.counts.get(g).copied().unwrap_or(0),
            ctx,
        )?)
    } else {
        None
    };
    let rows = order.as_ref().map_or(c.len(), Vec::len);
    // Each value's cell once; borrowed text is kept as the text, so that a group's cell is
    // made in its slot rather than cloned (a call per cell: `Cell` is recursive).
    let cells: Vec<Vec<Made<'m>>> = c
        .values
        .iter()
        .map(|vs| {
            vs.iter()
                .map(|v| match v.clone().map_or(Cell::Null, |v| v.into_cell(m)) {
                    Cell::Str(Cow::Borrowed(t)) => Made::Str(t),
                    Cell::Null => Made::Null,
                    other => Made::Cell(other),
                })
                .collect()
        })
        .collect();
    let mut cols: Vec<&str> = s.by.iter().map(|f| f.name()).collect();
    cols.push("count");
    let mut out = Emitter::begin(sink, &Header::new(s.entity.word(), &cols))?;
    for k in 0..rows {
        if !out.wants_cells() {
            out.skip((rows - k) as u64);
            break;
        }
        if k % BATCH == 0 {
            ctx.tick()?;
        }
        let g = order.as_ref().map_or(k, |o| o[k]);
        out.row_with(|buf| {
            for (f, cs) in cells.iter().enumerate() {
                match cs.get(index(g, f) as usize) {
                    Some(Made::Str(t)) => buf.push_str(t),
                    Some(Made::Cell(c)) => buf.push(c.clone()),
                    Some(Made::Null) | None => buf.push(Cell::Null),
                }
            }
            buf.push(Cell::Int(c.counts.get(g).copied().unwrap_or(0)));
        })?;
    }
    let n = out.finish()?;
    ctx.step(
        "group",
        || s.by.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
        None,
        n as usize,
    );
    Ok(n)
}

/// The distinct values of each shown field over `rows`.
fn shown_values(
    view: &ModelView,
    entity: EntityKind,
    rows: &[RowRef],
    shown: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Vec<Vec<Val>>, EvalError> {
    let mut out: Vec<Vec<Val>> = vec![Vec::new(); shown.len()];
    let mut seen: Vec<rustc_hash::FxHashSet<Val>> = vec![Default::default(); shown.len()];
    let mut kept = 0u64;
    for r in rows {
        ctx.tick()?;
        for (i, f) in shown.iter().enumerate() {
            for v in view.values(entity, *r, *f) {
                if seen[i].insert(v.clone()) {
                    kept += 1;
                    ctx.need(Limit::Rows, "values listed in groups", kept, 0)?;
                    ctx.hold("values listed in groups", listed_bytes(&v))?;
                    out[i].push(v);
                }
            }
        }
    }
    Ok(out)
}

/// Groups row by row: each row's key combinations, counted before they are built.
fn group_rows(
    view: &ModelView,
    s: &Select,
    rows: &[RowRef],
    shown: &[FieldId],
    ctx: &mut Ctx,
) -> Result<Vec<Group>, EvalError> {
    let mut index: HashMap<Vec<Option<Val>>, usize> = HashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut seen: Vec<Vec<rustc_hash::FxHashSet<Val>>> = Vec::new();
    let mut expansion = 0u64;
    let mut kept = 0u64;
    // The loop fills the tables through a closure so that, when it stops early (Ctrl-C, a
    // budget), the tables can be handed to another thread to free: millions of small
    // allocations take hundreds of milliseconds to release, and the user is waiting.
    let filled = (|| -> Result<(), EvalError> {
        for r in rows {
            ctx.tick()?;
            let vals: Vec<Vec<Val>> = s.by.iter().map(|f| view.values(s.entity, *r, *f)).collect();
            // The expansion is counted before it is built.
            count_expansion(&mut expansion, &vals, ctx)?;
            let shown_vals: Vec<Vec<Val>> = shown
                .iter()
                .map(|f| view.values(s.entity, *r, *f))
                .collect();
            for key in combinations(&vals) {
                ctx.tick()?;
                let g = match index.get(&key) {
                    Some(&g) => g,
                    None => {
                        ctx.need(Limit::Groups, "groups", groups.len() as u64 + 1, 0)?;
                        ctx.hold("groups", group_bytes(&key, shown.len()))?;
                        index.insert(key.clone(), groups.len());
                        groups.push(Group {
                            key,
                            count: 0,
                            shown: vec![Vec::new(); shown.len()],
                        });
                        seen.push(vec![Default::default(); shown.len()]);
                        groups.len() - 1
                    }
                };
                groups[g].count += 1;
                for (i, vs) in shown_vals.iter().enumerate() {
                    for v in vs {
                        if seen[g][i].insert(v.clone()) {
                            kept += 1;
                            ctx.need(Limit::Rows, "values listed in groups", kept, 0)?;
                            ctx.hold("values listed in groups", listed_bytes(v))?;
                            groups[g].shown[i].push(v.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = filled {
        drop_elsewhere((index, groups, seen));
        return Err(e);
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::{BATCH, Emitter};
    use crate::table::{Cell, Collect, Header};
    use serde_json::json;
    use std::borrow::Cow;

    /// Slots are reused from batch to batch: an owned cell, a list, a borrowed text and a
    /// short row (its missing cells empty) must each come out as given, in every batch.
    #[test]
    fn reused_slots_give_each_row_as_written() {
        let texts: Vec<String> = (0..3 * BATCH + 5).map(|i| format!("t{i}")).collect();
        let mut sink = Collect::default();
        let mut out =
            Emitter::begin(&mut sink, &Header::new("rows", &["a", "b", "c"])).expect("begins");
        let mut want = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            // The kinds shift from batch to batch, so a slot holds a different kind each time.
            match (i + i / BATCH) % 5 {
                4 => {
                    // Text over whatever the slots held: owned text, a list, borrowed text,
                    // nothing.
                    out.row_with(|r| {
                        r.push_str(t);
                        r.push_str("x");
                        r.push_str(t);
                    })
                    .expect("row");
                    want.push(vec![json!(t), json!("x"), json!(t)]);
                }
                0 => {
                    out.row([
                        Cell::Str(Cow::Owned(format!("own{i}"))),
                        Cell::List(vec![Cell::str(t), Cell::Int(i as u64)]),
                        Cell::Null,
                    ])
                    .expect("row");
                    want.push(vec![json!(format!("own{i}")), json!([t, i]), json!(null)]);
                }
                1 => {
                    out.row_with(|r| r.push(Cell::str(t))).expect("row");
                    want.push(vec![json!(t), json!(null), json!(null)]);
                }
                2 => {
                    out.row([Cell::Bool(true), Cell::str(t), Cell::Int(7)])
                        .expect("row");
                    want.push(vec![json!(true), json!(t), json!(7)]);
                }
                _ => {
                    out.row([
                        Cell::Null,
                        Cell::Str(Cow::Owned(t.to_uppercase())),
                        Cell::List(Vec::new()),
                    ])
                    .expect("row");
                    want.push(vec![json!(null), json!(t.to_uppercase()), json!([])]);
                }
            }
        }
        assert_eq!(out.finish().expect("ends"), texts.len() as u64);
        assert_eq!(sink.table.rows, want);
    }
}
