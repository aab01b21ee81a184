//! The tables of the CSV export: names, columns and column types, in the order they are
//! written. One list, read by the writer (headers), by `schema.sql` (the DDL written beside the
//! files), by `basis sql` (which names only tables and columns listed here) and by the tests.

/// What a column holds. Every file is CSV, so this is what a loader should read the text as:
/// an empty cell is NULL (what DuckDB's `read_csv` does; SQLite's `.import` keeps `''`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (ids are text).
    Text,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
}

impl ColumnType {
    /// The standard SQL name of the type.
    pub(crate) fn sql(self) -> &'static str {
        match self {
            ColumnType::Text => "TEXT",
            ColumnType::Integer => "BIGINT",
            ColumnType::Boolean => "BOOLEAN",
        }
    }
}

/// A column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in the header.
    pub name: &'static str,
    /// What it holds.
    pub ty: ColumnType,
}

/// A table: one CSV file `<name>.csv`.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// The file's name without `.csv`, and the table's name in `schema.sql`.
    pub name: &'static str,
    /// The columns before the provenance columns.
    pub columns: &'static [Column],
}

const fn t(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::Text,
    }
}
const fn int(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::Integer,
    }
}
const fn flag(name: &'static str) -> Column {
    Column {
        name,
        ty: ColumnType::Boolean,
    }
}

/// The three columns every table ends with: `stated`, `implied` or `inferred` with the notice
/// id and its verbatim quote for a fact from a notice; `dataset` or `vocabulary` with the other
/// two empty for what basis's own files define.
pub const PROVENANCE: [&str; 3] = ["provenance", "notice", "quote"];

/// The last column of the tables whose rows are rows of a query's entity: the row's place in
/// its table (0, 1, …), which is model order (a service's facts in the order its notice gives
/// them), so `ORDER BY seq` lists them as basis does (`basis sql`).
pub(crate) const SEQ: &str = "seq";

const CLOSURE: &[Column] = &[t("ancestor"), t("descendant"), int("depth")];

/// Every table, in the order the files are written.
pub const TABLES: &[TableDef] = &[
    // ---- what the dataset files define --------------------------------------------------
    TableDef {
        name: "org",
        columns: &[
            t("id"),
            t("name"),
            t("type"),
            t("ico_registration"),
            t("file"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "org_contact",
        columns: &[t("org"), t("role"), t("kind"), t("value"), int(SEQ)],
    },
    TableDef {
        name: "notice",
        columns: &[t("id"), t("org"), t("title"), t("file"), t("url"), int(SEQ)],
    },
    TableDef {
        name: "party",
        columns: &[
            t("id"),
            t("name"),
            t("type"),
            flag("generic"),
            t("org"),
            t("country"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "party_party_type",
        columns: &[t("party"), t("party_type"), flag("main")],
    },
    TableDef {
        name: "party_alias",
        columns: &[t("party"), t("alias")],
    },
    TableDef {
        name: "system",
        columns: &[t("id"), t("name"), t("org"), int(SEQ)],
    },
    // ---- the vocabularies ---------------------------------------------------------------
    TableDef {
        name: "category",
        columns: &[
            t("id"),
            t("name"),
            t("parent"),
            flag("special"),
            flag("criminal"),
        ],
    },
    TableDef {
        name: "category_dpv",
        columns: &[t("category"), t("dpv")],
    },
    TableDef {
        name: "category_closure",
        columns: CLOSURE,
    },
    TableDef {
        name: "subject",
        columns: &[t("id"), t("name"), t("parent")],
    },
    TableDef {
        name: "subject_dpv",
        columns: &[t("subject"), t("dpv")],
    },
    TableDef {
        name: "subject_closure",
        columns: CLOSURE,
    },
    TableDef {
        name: "purpose",
        columns: &[t("id"), t("name"), t("parent")],
    },
    TableDef {
        name: "purpose_dpv",
        columns: &[t("purpose"), t("dpv")],
    },
    TableDef {
        name: "purpose_closure",
        columns: CLOSURE,
    },
    TableDef {
        name: "party_type",
        columns: &[t("id"), t("name"), t("parent")],
    },
    TableDef {
        name: "party_type_dpv",
        columns: &[t("party_type"), t("dpv")],
    },
    TableDef {
        name: "party_type_closure",
        columns: CLOSURE,
    },
    TableDef {
        name: "basis",
        columns: &[
            t("id"),
            t("name"),
            t("citation"),
            t("iri"),
            t("law"),
            int("article"),
            int("paragraph"),
            t("point"),
            int("schedule"),
            int("part"),
            t("dpv"),
            t("requires_one_of"),
        ],
    },
    TableDef {
        name: "legislation",
        columns: &[t("id"), t("title"), int("year"), t("kind"), t("iri")],
    },
    TableDef {
        name: "legislation_basis",
        columns: &[t("legislation"), t("basis")],
    },
    TableDef {
        name: "right",
        columns: &[t("id"), t("name"), t("article")],
    },
    // ---- services and what their notices state ------------------------------------------
    TableDef {
        name: "service",
        columns: &[t("id"), t("name"), t("org"), t("description"), int(SEQ)],
    },
    TableDef {
        name: "service_subject",
        columns: &[t("service"), t("subject"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_category",
        columns: &[
            t("service"),
            t("category"),
            flag("declared_special"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "service_purpose",
        columns: &[t("service"), t("purpose"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_basis",
        columns: &[t("service"), t("basis"), t("cited"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_basis_purpose",
        columns: &[t("service"), t("basis"), t("cited"), t("purpose")],
    },
    TableDef {
        name: "service_legislation",
        columns: &[
            t("service"),
            t("legislation"),
            t("cited"),
            t("status"),
            t("section"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "service_system",
        columns: &[t("service"), t("system"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_right",
        columns: &[t("service"), t("right"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_security",
        columns: &[t("service"), t("measure"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_transfer",
        columns: &[
            t("service"),
            t("stance"),
            t("safeguards"),
            t("destination"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "service_automated",
        columns: &[t("service"), t("stance"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "service_requirement",
        columns: &[
            t("service"),
            flag("statutory"),
            t("consequence"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "service_research",
        columns: &[
            t("service"),
            t("form"),
            flag("archive"),
            t("note"),
            int(SEQ),
        ],
    },
    TableDef {
        name: "service_note",
        columns: &[t("service"), t("text"), t("note"), int(SEQ)],
    },
    TableDef {
        name: "retention",
        columns: &[
            t("id"),
            t("org"),
            t("service"),
            t("condition"),
            t("period"),
            int("years"),
            t("duration"),
            t("trigger"),
            t("event"),
            t("note"),
        ],
    },
    TableDef {
        name: "retention_subject",
        columns: &[t("retention"), t("subject")],
    },
    TableDef {
        name: "retention_category",
        columns: &[t("retention"), t("category")],
    },
    // ---- flows --------------------------------------------------------------------------
    TableDef {
        name: "flow",
        columns: &[
            t("id"),
            t("org"),
            t("service"),
            t("party"),
            t("direction"),
            t("condition"),
            t("categories_provenance"),
            t("bases_provenance"),
            t("purposes_provenance"),
            t("party_provenance"),
        ],
    },
    TableDef {
        name: "flow_category",
        columns: &[t("flow"), t("category")],
    },
    TableDef {
        name: "flow_basis",
        columns: &[t("flow"), t("basis")],
    },
    TableDef {
        name: "flow_purpose",
        columns: &[t("flow"), t("purpose")],
    },
];

/// The table called `name`.
pub(crate) fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name)
}

/// Standard SQL DDL for every table (`schema.sql`): the columns with their types, then the
/// provenance columns as text. Table names are quoted where SQL reserves them (`right`).
pub(crate) fn ddl() -> String {
    let mut out = String::from(
        "-- The tables of `basis export --to csv` (docs/interop.md). An empty CSV cell is NULL.\n",
    );
    for tb in TABLES {
        out.push_str(&format!("CREATE TABLE {} (\n", quoted(tb.name)));
        let cols: Vec<String> = tb
            .columns
            .iter()
            .map(|c| format!("  {} {}", quoted(c.name), c.ty.sql()))
            .chain(PROVENANCE.iter().map(|p| format!("  {p} TEXT")))
            .collect();
        out.push_str(&cols.join(",\n"));
        out.push_str("\n);\n");
    }
    out
}

/// Names SQL reserves that the export uses, which every dialect takes in double quotes
/// (Spark in backticks: `sql::Dialect` rewrites them).
const RESERVED: &[&str] = &["right", "system", "trigger", "condition", "text", "value"];

/// `name`, in double quotes when SQL reserves it.
pub(crate) fn quoted(name: &str) -> String {
    if RESERVED.contains(&name) {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_plain() {
        let mut seen = std::collections::HashSet::new();
        for tb in TABLES {
            assert!(seen.insert(tb.name), "{} twice", tb.name);
            let mut cols = std::collections::HashSet::new();
            for c in tb.columns.iter().map(|c| c.name).chain(PROVENANCE) {
                assert!(cols.insert(c), "{}.{c} twice", tb.name);
                assert!(c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            }
        }
    }
}
