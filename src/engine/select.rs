//! The select operator: a listing's or a count's plan run over an evaluator — the rows the
//! filter passes (or the groups the evaluator counted), then grouping, ordering and limiting,
//! then each row's cells written to the sink as they are made.

use super::access::{Access, Rows};
use super::budget::{Ctx, EvalError};
use super::emit::{Emitter, Slots};
use super::row::{ModelView, RowRef};
use crate::model::value::Val;
use crate::model::{Direction, Model, Provenance};
use crate::query::plan::{Order, Select};
use crate::query::schema::{FieldId, has_provenance};
use crate::table::{Cell, Header, RowSink};

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
        return super::group_out::counted(s, access.view(), counted, ctx, sink);
    }
    let rows = super::filter::rows(access, s.entity, s.filter.as_ref(), None, ctx)?;
    if s.count || !s.by.is_empty() {
        let view = access.view();
        let (groups, shown) = super::group::grouped(s, view, rows.into_refs(), ctx)?;
        super::group_out::groups(s, view, groups, &shown, ctx, sink)
    } else {
        listing(s, access.view(), rows, ctx, sink)
    }
}

/// A listing: the rows ordered and cut, then written with their evidence columns.
fn listing<'m>(
    s: &Select,
    view: &ModelView<'m>,
    mut rows: Rows,
    ctx: &mut Ctx,
    sink: &mut dyn RowSink<'m>,
) -> Result<u64, EvalError> {
    // The planner allows only a field of the entity here (`count` orders groups).
    if let Some(o) = &s.order
        && let Order::Field(f) = o.key
    {
        rows = super::order::rows(view, s.entity, rows, f, o.descending, ctx)?;
    }
    if let Some(l) = s.limit {
        super::limit::rows(&mut rows, l, ctx);
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
            row_cells(s, view, row, buf);
            if evidence {
                evidence_cells(s, view, row, buf);
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

/// A row's cells of the shown columns. Each cell is made at its push from the text it
/// borrows: a cell made apart and then moved in is written to the stack in pieces and read
/// back whole, a stall per cell that cost more than the rest of the row.
#[inline]
fn row_cells<'m>(s: &Select, view: &ModelView<'m>, row: RowRef, buf: &mut Slots<'_, 'm>) {
    let m = view.model;
    let flow = match row {
        RowRef::Flow(i) => m.flows.get(i as usize),
        _ => None,
    };
    for f in &s.columns {
        match flow.map(|fl| flow_text(m, fl, *f)) {
            Some(Text::Str(t)) => buf.push_str(t),
            Some(Text::Null) => buf.push(Cell::Null),
            _ => buf.push(values_cell(view.values(s.entity, row, *f), m)),
        }
    }
}

/// A row's provenance (the weakest of the fields the query uses), notice and quote.
#[inline]
fn evidence_cells<'m>(s: &Select, view: &ModelView<'m>, row: RowRef, buf: &mut Slots<'_, 'm>) {
    let m = view.model;
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
        FieldId::Org => some(m.orgs.get(m.flow_org(flow).ix()).map(|o| o.id.as_str())),
        FieldId::Service => some(m.services.get(flow.service.ix()).map(|s| s.id.as_str())),
        FieldId::Direction => Text::Str(flow.direction().as_str()),
        FieldId::Party => Text::Str(&party.id),
        FieldId::Recipient => match flow.direction() {
            Direction::To => Text::Str(&party.id),
            Direction::From | Direction::Internal => Text::Null,
        },
        FieldId::Source => match flow.direction() {
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
