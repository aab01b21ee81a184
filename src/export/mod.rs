//! `basis export`: the model out of the terminal, for other tools.
//!
//! - `rdf`: RDF (Turtle, N-Triples, JSON-LD) in W3C DPV 2.3 terms with legislation.gov.uk
//!   ids and every fact's provenance, streamed triple by triple, for a SPARQL store;
//! - `graph_csv`: node and edge CSV files with provenance columns, for SQLite, DuckDB or
//!   a graph database's bulk import;
//! - `parquet_files`: the same tables as typed Parquet files (optionally partitioned by
//!   organisation) with DuckDB views, for DuckDB, Spark or Trino;
//! - `diagram`: organisation → service → recipient (or recipient type) as Graphviz DOT or
//!   Mermaid, the bases on the edges.
//!
//! Every export reads the model directly, in model order, and writes as it goes; none
//! builds a copy of the graph. docs/interop.md describes the formats.

pub(crate) mod bv;
pub(crate) mod diagram;
pub(crate) mod graph_csv;
pub(crate) mod iri;
pub(crate) mod parquet_files;
pub(crate) mod rdf;
pub(crate) mod sql;

// The export's public surface: the tables of the CSV and Parquet exports, and SQL from a plan.
pub use self::{
    graph_csv::schema::{Column, ColumnType, PROVENANCE, TABLES, TableDef},
    graph_csv::write_csv,
    sql::{Dialect, SqlError, to_sql},
};

use crate::model::{Model, Org, OrgIx, Party};
use crate::query::names::Lookup;
use crate::query::schema::ValueType;
use strum::{Display, EnumString, VariantNames};
use thiserror::Error;

/// What `basis export --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase")]
#[strum(parse_err_ty = String, parse_err_fn = unknown_format)]
pub(crate) enum ExportFormat {
    /// RDF Turtle.
    Turtle,
    /// RDF N-Triples.
    NTriples,
    /// JSON-LD.
    JsonLd,
    /// Node and edge CSV files in a directory.
    Csv,
    /// The same tables as Parquet files in a directory.
    Parquet,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

fn unknown_format(s: &str) -> String {
    crate::diagnostic::unknown_word("export format", s, ExportFormat::VARIANTS)
}

/// An export that could not be made.
#[derive(Debug, Error)]
pub enum ExportError {
    /// `--org nowhere`: no organisation has that id.
    #[error("unknown organisation `{id}`")]
    UnknownOrg {
        /// As given.
        id: String,
        /// The nearest organisation id.
        suggestion: Option<String>,
    },
    /// `--group-by colour`: diagrams group recipients by `party.type` only.
    #[error("cannot group a diagram by `{0}`: use `party.type` (or leave --group-by out)")]
    GroupBy(String),
    /// A diagram with more than `diagram::MAX_EDGES` edges (a national snapshot, ungrouped).
    #[error("the diagram would have more than {0} service → recipient edges")]
    TooLarge(usize),
    /// Writing failed (a full disk, a closed pipe, a directory that cannot be made).
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Which part of the model an export covers: every organisation, or one and the parties its
/// flows name.
#[derive(Debug, Clone)]
pub struct Scope {
    org: Option<OrgIx>,
    /// Parties named by a flow in scope (one bit a party; all set without `--org`).
    parties: Vec<bool>,
}

impl Scope {
    /// The whole model.
    pub fn all(model: &Model) -> Self {
        Scope {
            org: None,
            parties: vec![true; model.parties.len()],
        }
    }

    /// One organisation, by id; an unknown id is an error with the nearest id.
    pub fn org(model: &Model, id: &str) -> Result<Self, ExportError> {
        let o = model.org(id).ok_or_else(|| ExportError::UnknownOrg {
            id: id.to_string(),
            suggestion: Lookup::new(model).suggest(ValueType::Org, id),
        })?;
        let mut parties = vec![false; model.parties.len()];
        for f in model.flows.iter().filter(|f| model.flow_org(f) == o) {
            parties[f.party.ix()] = true;
        }
        Ok(Scope {
            org: Some(o),
            parties,
        })
    }

    /// `--org ID` when given, else the whole model.
    pub(crate) fn from_option(model: &Model, id: Option<&str>) -> Result<Self, ExportError> {
        match id {
            Some(id) => Self::org(model, id),
            None => Ok(Self::all(model)),
        }
    }

    /// The items of `all` (notices, services, systems, retention rules) whose organisation is
    /// in scope, each with its number in the model.
    pub(crate) fn owned<'a, T>(
        &'a self,
        all: &'a [T],
        org: fn(&T) -> OrgIx,
    ) -> impl Iterator<Item = (usize, &'a T)> + 'a {
        all.iter()
            .enumerate()
            .filter(move |(_, x)| self.org_in(org(x).ix()))
    }

    /// The organisations in scope.
    pub(crate) fn orgs<'a>(&'a self, all: &'a [Org]) -> impl Iterator<Item = &'a Org> + 'a {
        all.iter()
            .enumerate()
            .filter(|(i, _)| self.org_in(*i))
            .map(|(_, o)| o)
    }

    /// The parties in scope.
    pub(crate) fn parties<'a>(&'a self, all: &'a [Party]) -> impl Iterator<Item = &'a Party> + 'a {
        all.iter()
            .enumerate()
            .filter(|(i, _)| self.party_in(*i))
            .map(|(_, p)| p)
    }

    /// Whether organisation number `i` is in scope.
    pub(crate) fn org_in(&self, i: usize) -> bool {
        self.org.is_none_or(|o| o.ix() == i)
    }

    /// Whether party number `i` is named by a flow in scope.
    pub(crate) fn party_in(&self, i: usize) -> bool {
        self.parties.get(i).copied().unwrap_or(false)
    }
}
