//! The cells of a register read back, column by column: labels matched to vocabulary ids,
//! parties and systems declared once, and what cannot be matched reported with its cell (the
//! reading of the sheet and the organisation file around it are in `ropa_import`).

use super::ropa_header::ROLES;
use super::ropa_layout::COLUMNS;
use crate::model::Model;
use crate::model::load::is_kebab;
use std::collections::HashSet;
use toml::{Table, Value};

/// Something the import could not carry over exactly, with its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// `Template!E10`.
    pub cell: String,
    /// What and why, with a suggestion where there is one.
    pub message: String,
    /// Whether something in the cell was left out (not only noted).
    pub lost: bool,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.lost { "unmatched" } else { "note" };
        write!(f, "{kind}: {}: {}", self.cell, self.message)
    }
}

/// A sheet: its name (the file name for a CSV) and its cells as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    /// `Template`, `Register`, or `ropa.csv`.
    pub name: String,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// The spreadsheet letter of a 0-based column: 0 → `A`, 26 → `AA`.
pub(crate) fn letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

pub(super) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `text` as an id: lower-case letters and digits joined by `-`.
fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "x".into() } else { s }
}

/// The cell's text says the notices are silent or the column cannot apply.
pub(super) fn is_gap(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t == super::NOT_STATED
        || t.starts_with("not stated (")
        || t.starts_with("not applicable (")
}

/// The entries of a list cell, trimmed, without empty ones (`a; ; b` is two).
fn list<'t>(text: &'t str, sep: &str) -> Vec<&'t str> {
    text.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// The text between the first `“` and the last `”`.
fn quoted(text: &str) -> Option<&str> {
    let a = text.find('“')? + '“'.len_utf8();
    let b = text.rfind('”')?;
    (a <= b).then(|| &text[a..b])
}

/// The state of one import: the vocabulary, the parties and systems made so far, findings.
pub(super) struct Builder<'a> {
    model: &'a Model,
    shared: &'a HashSet<String>,
    /// The sheet read: the register's, or for a moment the organisation's template sheet
    /// whose contact block the register of every organisation lacks.
    pub(super) sheet: &'a Sheet,
    org: String,
    pub(super) notice: String,
    pub(super) transcript: String,
    pub(super) findings: Vec<Finding>,
    pub(super) contact: Vec<Value>,
    /// (name, type, id) of the parties this file declares.
    local: Vec<(String, String, String)>,
    pub(super) parties: Vec<Value>,
    /// (name, id) of the systems.
    system_ids: Vec<(String, String)>,
    pub(super) systems: Vec<Value>,
    ids: HashSet<String>,
    pub(super) org_notes: Vec<String>,
}

pub(super) fn table(pairs: &[(&str, Value)]) -> Value {
    Value::Table(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

pub(super) fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        model: &'a Model,
        shared: &'a HashSet<String>,
        sheet: &'a Sheet,
        org: &str,
    ) -> Self {
        let notice = format!("{org}-register");
        let mut ids: HashSet<String> = model.parties.iter().map(|p| p.id.clone()).collect();
        ids.insert(notice.clone());
        Builder {
            model,
            shared,
            sheet,
            org: org.to_string(),
            notice,
            transcript: format!(
                "Record of processing activities of {org}, read by basis from {}; one line per cell.\n\n",
                sheet.name
            ),
            findings: Vec::new(),
            contact: Vec::new(),
            local: Vec::new(),
            parties: Vec::new(),
            system_ids: Vec::new(),
            systems: Vec::new(),
            ids,
            org_notes: Vec::new(),
        }
    }

    fn cell(&self, r: usize, c: usize) -> String {
        format!("{}!{}{}", self.sheet.name, letter(c), r + 1)
    }

    fn quote(&self, r: usize, c: usize) -> Value {
        s(&format!("[{}]", self.cell(r, c)))
    }

    fn text(&self, r: usize, c: usize) -> &str {
        self.sheet.rows[r].get(c).map_or("", |t| t.trim())
    }

    /// The `; `-separated entries of a list cell; none when the cell is a gap.
    fn entries(&self, r: usize, c: usize) -> Vec<String> {
        let text = self.text(r, c);
        if is_gap(text) {
            return Vec::new();
        }
        list(text, "; ").into_iter().map(str::to_string).collect()
    }

    /// An entry not written as its column's entries are (`form`): reported, and left out.
    fn misshapen(&mut self, r: usize, c: usize, entry: &str, form: &str) {
        self.find(r, c, true, format!("“{entry}” is not `{form}`; left out"));
    }

    fn find(&mut self, r: usize, c: usize, lost: bool, message: String) {
        self.findings.push(Finding {
            cell: self.cell(r, c),
            message,
            lost,
        });
    }

    /// A fresh id `<org>-<slug>`.
    fn fresh(&mut self, name: &str) -> String {
        let base = format!("{}-{}", self.org, slug(name));
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    /// The contact block above the headings: contact points, and the controller's name.
    pub(super) fn contacts(&mut self, head: usize) -> Option<String> {
        let mut name = None;
        for r in 0..head {
            let role = self.text(r, 0).to_string();
            let Some(i) = ROLES.iter().position(|x| norm(x) == norm(&role)) else {
                continue;
            };
            let n = self.text(r, 1).to_string();
            if i == 0 && !is_gap(&n) {
                name = Some(n.clone());
            }
            for (c, kind) in [(2, "post"), (3, "email"), (4, "phone")] {
                let text = self.text(r, c).to_string();
                if is_gap(&text) {
                    continue;
                }
                if i == 2 {
                    self.find(
                        r,
                        c,
                        false,
                        "the dataset has no representative; kept as the organisation's note".into(),
                    );
                    self.org_notes
                        .push(format!("Representative {kind}: {text}"));
                    continue;
                }
                for v in list(&text, "; ") {
                    // `value (notice a, b)` when the notices disagree: the value alone.
                    let v = match v.rfind(" (notice ") {
                        Some(k) if v.ends_with(')') => &v[..k],
                        _ => v,
                    };
                    self.contact.push(table(&[
                        ("role", s(if i == 0 { "controller" } else { "dpo" })),
                        ("kind", s(kind)),
                        ("value", s(v)),
                        ("notice", s(&self.notice)),
                        ("quote", self.quote(r, c)),
                    ]));
                }
            }
            if i == 1 && !is_gap(&n) {
                self.find(
                    r,
                    1,
                    false,
                    "the dataset keeps no DPO name; kept as the organisation's note".into(),
                );
                self.org_notes
                    .push(format!("Data Protection Officer name: {n}"));
            }
        }
        name
    }

    /// The contact block is in none of the file's sheets: something of the register is lost.
    pub(super) fn lose_contacts(&mut self, message: String) {
        self.findings.push(Finding {
            cell: self.sheet.name.clone(),
            message,
            lost: true,
        });
    }

    /// The file holds no contact block at all: nothing is lost, but the file gets no contacts.
    pub(super) fn note_no_contacts(&mut self, message: String) {
        self.findings.push(Finding {
            cell: self.sheet.name.clone(),
            message,
            lost: false,
        });
    }

    /// Matches `label` to a vocabulary entry by name or id (any case); reports it otherwise.
    fn vocab(
        &mut self,
        r: usize,
        c: usize,
        what: &str,
        label: &str,
        entries: &[(String, String)],
    ) -> Option<String> {
        let n = norm(label);
        if let Some((id, _)) = entries
            .iter()
            .find(|(id, name)| norm(name) == n || *id == n)
        {
            return Some(id.clone());
        }
        let best = entries
            .iter()
            .map(|(id, name)| (strsim::jaro_winkler(&norm(name), &n), id, name))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let hint = match best {
            Some((score, id, name)) if score > 0.8 => format!("; did you mean `{id}` ({name})?"),
            _ => format!("; add it to the {what} vocabulary or reword the cell"),
        };
        self.find(r, c, true, format!("unknown {what} “{label}”{hint}"));
        None
    }

    fn refs(&mut self, r: usize, c: usize, what: &str, entries: &[(String, String)]) -> Vec<Value> {
        let mut out = Vec::new();
        for label in &self.entries(r, c) {
            if let Some(id) = self.vocab(r, c, what, label, entries) {
                out.push(table(&[("id", s(&id)), ("quote", self.quote(r, c))]));
            }
        }
        out
    }

    /// One activity row as a `[[service]]` table.
    pub(super) fn service(&mut self, r: usize, first: usize, key: Option<&str>) -> Table {
        let model = self.model;
        let v = &model.vocab;
        let pairs = |xs: &mut dyn Iterator<Item = (String, String)>| xs.collect::<Vec<_>>();
        let subjects = pairs(&mut v.subjects.iter().map(|x| (x.id.clone(), x.name.clone())));
        let purposes = pairs(&mut v.purposes.iter().map(|x| (x.id.clone(), x.name.clone())));
        let rights = pairs(&mut v.rights.iter().map(|x| (x.id.clone(), x.name.clone())));
        let categories = pairs(
            &mut v
                .categories
                .iter()
                .map(|x| (x.entry.id.clone(), x.entry.name.clone())),
        );
        let col = |h: usize| first + h;
        let name = self.text(r, col(0)).to_string();
        let id = match key.filter(|k| is_kebab(k) && !self.ids.contains(*k)) {
            Some(k) => {
                self.ids.insert(k.to_string());
                k.to_string()
            }
            None => self.fresh(&name),
        };
        let mut t = Table::new();
        t.insert("id".into(), s(&id));
        t.insert("name".into(), s(&name));
        t.insert("notice".into(), s(&self.notice));
        t.insert("quote".into(), self.quote(r, col(0)));
        let put = |t: &mut Table, k: &str, xs: Vec<Value>| {
            if !xs.is_empty() {
                t.insert(k.into(), Value::Array(xs));
            }
        };
        let xs = self.refs(r, col(3), "subject", &subjects);
        put(&mut t, "subject", xs);
        let xs = self.categories(r, col(4), &categories);
        put(&mut t, "category", xs);
        let xs = self.refs(r, col(1), "purpose", &purposes);
        put(&mut t, "purpose", xs);
        let xs = self.bases(r, first);
        put(&mut t, "basis", xs);
        let xs = self.recipients(r, col(5));
        put(&mut t, "recipient", xs);
        let xs = self.sources(r, col(17));
        put(&mut t, "source", xs);
        let xs = self.retention(r, col(9));
        put(&mut t, "retention", xs);
        let xs = self.systems(r, col(19));
        put(&mut t, "system", xs);
        let xs = self.refs(r, col(15), "right", &rights);
        put(&mut t, "right", xs);
        let security: Vec<Value> = self
            .entries(r, col(10))
            .iter()
            .map(|m| table(&[("measure", s(m)), ("quote", self.quote(r, col(10)))]))
            .collect();
        put(&mut t, "security", security);
        let xs = self.transfer(r, col(7), col(8));
        put(&mut t, "transfer", xs);
        let xs = self.automated(r, col(16));
        put(&mut t, "automated_decision", xs);
        let xs = self.notes(r, first);
        put(&mut t, "note", xs);
        t
    }

    fn categories(&mut self, r: usize, c: usize, entries: &[(String, String)]) -> Vec<Value> {
        let mut out = Vec::new();
        for label in &self.entries(r, c) {
            let mut l = label.as_str();
            let mut special = false;
            for suffix in [" (criminal offence)", " (special category)"] {
                if let Some(x) = l.strip_suffix(suffix) {
                    l = x;
                    special |= suffix.contains("special");
                }
            }
            if let Some(id) = self.vocab(r, c, "category", l, entries) {
                let mut row = vec![("id", s(&id))];
                let vocab_special = self
                    .model
                    .vocab
                    .category(&id)
                    .is_some_and(|i| self.model.vocab.categories[i.ix()].special);
                if special && !vocab_special {
                    row.push(("declared_special", Value::Boolean(true)));
                }
                row.push(("quote", self.quote(r, c)));
                out.push(table(&row));
            }
        }
        out
    }

    /// Columns L, M, Z (and N's wording of Art. 6(1)(f)); AA is checked against L.
    fn bases(&mut self, r: usize, first: usize) -> Vec<Value> {
        let (l, m, n, z, aa) = (first + 11, first + 12, first + 13, first + 25, first + 26);
        if norm(self.text(r, aa)) != norm(self.text(r, l)) {
            self.find(
                r,
                aa,
                true,
                "differs from column L; the dataset keeps one set of Art. 6 bases, L's".into(),
            );
        }
        let li = quoted(self.text(r, n)).map(str::to_string);
        let entries: Vec<(String, String)> = self
            .model
            .vocab
            .bases
            .iter()
            .map(|b| (b.id.clone(), format!("{} ({})", b.citation(), b.name)))
            .collect();
        let mut out: Vec<Table> = Vec::new();
        let mut art9_unresolved: Vec<String> = Vec::new();
        for c in [l, m, z] {
            for label in &self.entries(r, c) {
                if let Some(cited) = label
                    .strip_prefix("as cited, matching no basis: “")
                    .and_then(|x| x.strip_suffix('”'))
                {
                    if c == m {
                        art9_unresolved.push(cited.to_string());
                    }
                    let mut t = Table::new();
                    t.insert("unresolved".into(), Value::Boolean(true));
                    t.insert("cited".into(), s(cited));
                    t.insert("note".into(), s("as the register cites it"));
                    t.insert("quote".into(), self.quote(r, c));
                    out.push(t);
                    continue;
                }
                // The record marks a basis the encoder inferred (docs/modelling.md): the
                // imported fact stays inferred, with a note to say so.
                let (label, inferred) = match label.strip_suffix(" [inferred]") {
                    Some(l) => (l, true),
                    None => (label.as_str(), false),
                };
                let Some(id) = self.vocab(r, c, "lawful basis", label, &entries) else {
                    continue;
                };
                let mut t = Table::new();
                t.insert("id".into(), s(&id));
                if inferred {
                    t.insert("provenance".into(), s("inferred"));
                    t.insert(
                        "note".into(),
                        s("marked inferred in the register: the encoder's reading of the quote"),
                    );
                }
                if id == "a6-1-f"
                    && let Some(w) = &li
                {
                    t.insert("cited".into(), s(w));
                }
                t.insert("quote".into(), self.quote(r, c));
                out.push(t);
            }
        }
        self.pair_unresolved(r, m, art9_unresolved, &mut out);
        out.into_iter().map(Value::Table).collect()
    }

    /// The record files an unresolved citation under Art. 9 when an Art. 6 basis is cited in
    /// the same words (a notice giving one wording for both); keep that pairing.
    fn pair_unresolved(
        &mut self,
        r: usize,
        m: usize,
        art9_unresolved: Vec<String>,
        out: &mut [Table],
    ) {
        for cited in art9_unresolved {
            let art6 = |t: &Table| {
                t.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|i| i.starts_with("a6-"))
            };
            let already = out
                .iter()
                .any(|t| art6(t) && t.get("cited").and_then(Value::as_str) == Some(&cited));
            let free = out
                .iter_mut()
                .find(|t| art6(t) && t.get("id").and_then(Value::as_str) != Some("a6-1-f"));
            match (already, free) {
            (true, _) => {}
            (false, Some(t)) => {
                t.insert("cited".into(), s(&cited));
            }
            (false, None) => self.find(
                r,
                m,
                false,
                format!("“{cited}” matches no basis; it will read under Art. 6 (no Art. 6 basis to pair it with)"),
            ),
        }
        }
    }

    /// A party by name and type: a shared one, one made earlier, or a new one of this file.
    fn party(&mut self, name: &str, ty: Option<&str>) -> String {
        let n = norm(name);
        if let Some(p) = self.model.parties.iter().find(|p| {
            self.shared.contains(&p.id)
                && norm(&p.name) == n
                && ty.is_none_or(|t| self.model.vocab.party_types[p.party_type.ix()].id == t)
        }) {
            return p.id.clone();
        }
        if let Some((_, _, id)) = self
            .local
            .iter()
            .find(|(nm, t, _)| norm(nm) == n && ty.is_none_or(|ty| ty == t))
        {
            return id.clone();
        }
        // A source's type is not in the register: "referrer", whoever passes data on.
        let ty = ty.unwrap_or("referrer").to_string();
        let id = self.fresh(name);
        self.parties.push(table(&[
            ("id", s(&id)),
            ("name", s(name)),
            ("type", s(&ty)),
            ("generic", Value::Boolean(false)),
        ]));
        self.local.push((name.to_string(), ty, id.clone()));
        id
    }

    /// Column F: `type: name, name; type: name`.
    fn recipients(&mut self, r: usize, c: usize) -> Vec<Value> {
        let types: Vec<(String, String)> = self
            .model
            .vocab
            .party_types
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect();
        let mut out = Vec::new();
        for group in &self.entries(r, c) {
            let Some((ty, names)) = group.split_once(": ") else {
                self.misshapen(r, c, group, "type: name, name");
                continue;
            };
            // A party of several types is grouped under all of them (`probation-justice,
            // commissioned-provider: …`): the first is its main type, the rest `also_types`.
            let tys: Vec<String> = list(ty, ", ")
                .into_iter()
                .filter_map(|t| self.vocab(r, c, "party type", t, &types))
                .collect();
            let Some((ty, also)) = tys.split_first() else {
                continue;
            };
            for name in list(names, ", ") {
                let id = self.party(name, Some(ty));
                if !also.is_empty()
                    && let Some(p) = self
                        .parties
                        .iter_mut()
                        .find(|p| p.get("id").and_then(Value::as_str) == Some(id.as_str()))
                    && let Some(p) = p.as_table_mut()
                {
                    let list = also.iter().map(|t| s(t)).collect();
                    p.insert("also_types".into(), Value::Array(list));
                }
                out.push(table(&[("party", s(&id)), ("quote", self.quote(r, c))]));
            }
        }
        out
    }

    /// Column R: names of where the data comes from.
    fn sources(&mut self, r: usize, c: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for name in &self.entries(r, c) {
            let made = self.parties.len();
            let id = self.party(name, None);
            if self.parties.len() > made {
                self.find(r, c, false, format!("source “{name}” becomes party `{id}` of type `referrer` (the register gives no type)"));
            }
            out.push(table(&[("party", s(&id)), ("quote", self.quote(r, c))]));
        }
        out
    }

    /// Column T: the systems, declared once for the organisation.
    fn systems(&mut self, r: usize, c: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for name in &self.entries(r, c) {
            let id = match self.system_ids.iter().find(|(n, _)| n == name) {
                Some((_, id)) => id.clone(),
                None => {
                    let id = self.fresh(name);
                    self.systems.push(table(&[
                        ("id", s(&id)),
                        ("name", s(name)),
                        ("notice", s(&self.notice)),
                        ("quote", self.quote(r, c)),
                    ]));
                    self.system_ids.push((name.to_string(), id.clone()));
                    id
                }
            };
            out.push(table(&[("id", s(&id)), ("quote", self.quote(r, c))]));
        }
        out
    }

    /// Column J: `scope: period[, start not stated | , from trigger]`, one rule each.
    fn retention(&mut self, r: usize, c: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for rule in &self.entries(r, c) {
            let Some((scope, period)) = rule.rsplit_once(": ") else {
                self.misshapen(r, c, rule, "scope: period");
                continue;
            };
            let mut t = Table::new();
            if scope != "all records" {
                t.insert("condition".into(), s(scope));
            }
            let (period, trigger) = match period.split_once(", ") {
                Some((p, "start not stated")) => (p, Some("not-stated")),
                Some((p, from)) => (p, from.strip_prefix("from ")),
                None => (period, None),
            };
            let num = |x: &str| x.trim().parse::<u32>().ok();
            let words: Vec<&str> = period.split_whitespace().collect();
            let ok = match words.as_slice() {
                ["until", "age", n] if num(n).is_some() => {
                    t.insert(
                        "until_age".into(),
                        Value::Integer(num(n).unwrap_or(0).into()),
                    );
                    true
                }
                [n, "year" | "years"] if num(n).is_some() => {
                    t.insert("years".into(), Value::Integer(num(n).unwrap_or(0).into()));
                    true
                }
                [range, "years"] => match range.split_once('–').map(|(a, b)| (num(a), num(b))) {
                    Some((Some(a), Some(b))) => {
                        t.insert("min_years".into(), Value::Integer(a.into()));
                        t.insert("max_years".into(), Value::Integer(b.into()));
                        true
                    }
                    _ => false,
                },
                ["indefinitely"] => {
                    t.insert("indefinite".into(), Value::Boolean(true));
                    true
                }
                ["see", ..] => {
                    // `see` is ASCII and first after trimming, so the cut is at a character boundary.
                    t.insert(
                        "schedule".into(),
                        s(period.trim_start()["see".len()..].trim()),
                    );
                    true
                }
                _ => false,
            };
            if !ok {
                self.find(r, c, true, format!("period “{period}” is not `N years`, `N–M years`, `until age N`, `indefinitely` or `see …`; left out"));
                continue;
            }
            if let Some(tr) = trigger {
                t.insert("trigger".into(), s(tr));
            }
            t.insert("quote".into(), self.quote(r, c));
            out.push(Value::Table(t));
        }
        out
    }

    /// Columns H and I.
    fn transfer(&mut self, r: usize, h: usize, i: usize) -> Vec<Value> {
        let (text, safeguards) = (self.text(r, h).to_string(), self.text(r, i).to_string());
        let mut t = Table::new();
        let q = quoted(&text).map(str::to_string);
        let stance = if text.starts_with("none (the notice: “") {
            "none"
        } else if text.starts_with("not stated (the question “") {
            "not-answered"
        } else if text.starts_with("not stated (the notice says transfers may happen: “") {
            "possible"
        } else if is_gap(&text) {
            if is_gap(&safeguards) {
                return Vec::new();
            }
            "possible"
        } else if norm(&text) == "none" || norm(&text) == "no" {
            "none"
        } else {
            t.insert("destination".into(), s(&text));
            "possible"
        };
        t.insert("stance".into(), s(stance));
        if stance != "none" && !is_gap(&safeguards) {
            t.insert("safeguards".into(), s(&safeguards));
        }
        // The sentence the record quotes, as it stands in the cell; else the cell itself.
        let quote = match q {
            Some(q) if is_gap(&text) || stance == "none" => s(&q),
            _ if is_gap(&text) => self.quote(r, i),
            _ => self.quote(r, h),
        };
        t.insert("quote".into(), quote);
        vec![Value::Table(t)]
    }

    /// Column Q.
    fn automated(&mut self, r: usize, c: usize) -> Vec<Value> {
        let text = self.text(r, c).to_string();
        let stance = match norm(&text).as_str() {
            "no" => "none",
            "yes" => "used",
            "not stated (question left unanswered)" => "not-answered",
            _ => return Vec::new(),
        };
        vec![table(&[("stance", s(stance)), ("quote", self.quote(r, c))])]
    }

    /// Columns the dataset has no field for (links, DPIA, breach, …), kept as notes when filled.
    fn notes(&mut self, r: usize, first: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for h in [2, 6, 13, 14, 18, 20, 21, 22, 23, 24, 27, 28, 29] {
            let c = first + h;
            let text = self.text(r, c).to_string();
            // Column N's wording of legitimate interests is the Art. 6(1)(f) citation.
            if is_gap(&text) || (h == 13 && text.starts_with("as the notice words it: “")) {
                continue;
            }
            self.find(
                r,
                c,
                false,
                "the dataset has no field for this column; kept as a note".into(),
            );
            out.push(table(&[
                ("text", s(&format!("{}: {text}", COLUMNS[h]))),
                ("quote", self.quote(r, c)),
            ]));
        }
        out
    }
}
