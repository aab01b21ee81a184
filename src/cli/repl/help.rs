//! `.help [topic]`: the language reference, short enough to read at the prompt.
//! `basis help language` is the long form.

use crate::diagnostic::did_you_mean;
use crate::query::EntityKind;
use crate::query::schema::{FieldId, Flag, default_columns, fields_of};

/// The topics of `.help`, besides an entity word (which lists that entity's fields).
pub(super) const TOPICS: &[&str] = &[
    "queries",
    "fields",
    "operators",
    "citations",
    "meta",
    "keys",
];

const OVERVIEW: &str = "\
Type a query and press Enter; end it with `;` to put several on a line.
A query that cannot end yet (an open `(` or quote, a last `where`, `and`,
`by`, `=`, …), or an entity alone (`recipients`, `count flows`), continues
on a `...>` line. A statement of several lines runs at `;` or an empty
line, so a clause a line (`where …`, `and …`, `by …`) works as in SQL.

  recipients where category in health and basis = art 9(2)(h)
  count flows where category is special by org, party.type
  retention where subject in children order by duration desc

Help on a topic: .help queries | fields | operators | citations | meta | keys
Fields of one entity: .help recipients (or any entity)
";

const QUERIES: &str = "\
Query forms (keywords are case-insensitive):

  <entity> [where <condition>] [show <field>, …] [by <field>, …]
           [order by <field> [asc|desc]] [limit N]
  count <entity> [where …] [by <field>, …]
  compare <field> across <org>, <org>, … [where …]
  path from <node> to <node> [where …] [max N]
  <entity> reachable from <node> [where …] [max N]
  explain <query>

Names are ids (cheshire-west) or quoted display names (\"Cheshire Police\").
Comments run from `--` to the end of the line.
";

const OPERATORS: &str = "\
Conditions:

  field = v, field != v        some value equals (does not equal) v
  field < v, >, <=, >=         ordering, e.g. duration > 20 years
  field in v, in (v1, v2, …)   hierarchy-aware: category in health
                               includes mental-health
  field not in …               the negation of in
  field is special             also {flags};
                               `is not …`
  missing field [<test>]       no value (that passes the test): missing
                               basis in art 9
  a and b, a or b, not a, (…)  precedence: not, and, or

Values: ids, \"quoted names\", numbers, durations (20 years, 6 months,
25y), citations.
";

const CITATIONS: &str = "\
Citations mean lawful bases; every spelling on a line means the same:

  UK GDPR Art. 9(2)(h)    art 9(2)(h), Article 9(2)(h), Art 9 (2) (h),
                          A9-2-h
  UK GDPR Art. 6(1)(e)    article 6(1)(e), art 6(e)
  any Art. 9(2) condition art 9
  DPA 2018 Sch. 1 Pt. 3 para. 36
                          sch1 pt3 para36, schedule 1 part 3 paragraph 36

Where the field is `basis`, quoted text is read as a citation too:
\"Article 9 Part h\".
";

const META: &str = "\
Meta-commands:

  .help [topic], help, \\?       this help; topics: queries fields operators
                                citations meta keys
  .format FORMAT, .mode FORMAT  table (= auto: widest columns shortened
                                with … to fit, one field per line when
                                even that is too wide), wrap (long cells
                                wrapped instead), line, json, jsonl, csv,
                                markdown
  .maxrows N|off                print at most N rows of a result
  .evidence on|off              show or hide the provenance, notice and
                                quote columns
  .data PATH                    load another dataset (a bad one keeps the
                                current data)
  .proposal FILE                lay a DPIA proposal over the data, so later
                                queries see it
  .explain on|off               show the plan of each query, not its rows
  .timing on|off                print parse, plan, execute and total times
  .timeout SECONDS|off          stop each query after this long (Ctrl-C
                                stops one at once)
  .limit rows|groups|memory N   what each query may hold (`.limit` shows
                                them)
  .bail on|off                  stop a script or .read file at its first
                                error
  .source N                     the notice sentence(s) behind row N of the
                                last result
  .save FILE                    the last result, whole, in the format of
                                FILE's extension (.csv .json .jsonl .md
                                .txt .html .xlsx); ~ is your home
  .read FILE                    run the queries and commands in FILE
  .output [FILE]                results to FILE from now on, in the format
                                of its extension (alone: to the screen)
  .once FILE                    the next result to FILE, as .save chooses
  .quit, .exit, exit, quit, \\q  leave (so does Ctrl-D)
";

const KEYS: &str = "\
Keys:

  Tab          complete an entity, keyword, field, id, or inside a quote a
               \"display name\"
  →, End       accept the grey hint from history
  ↑, ↓         earlier and later history entries
  Ctrl-R       search the history backwards
  Ctrl-C       stop the running query; at the prompt, drop the line (or the
               statement being continued)
  Ctrl-D       leave (on an empty line)
  Enter        run the statement; on an empty `...>` line, run the
               statement continued
";

/// The help text for `topic` (the overview when empty), in lines of at most 80 columns.
pub(super) fn help(topic: &str) -> String {
    // The lists made from the field table run long: wrapped under their second column.
    crate::cli::help::wrap_document(&topic_text(topic), 80)
}

fn topic_text(topic: &str) -> String {
    let topic = topic.trim().to_lowercase();
    match topic.as_str() {
        "" => OVERVIEW.to_string(),
        "queries" | "forms" | "query" => QUERIES.to_string(),
        "fields" => fields(),
        "operators" | "conditions" => OPERATORS.replace("{flags}", &Flag::WORDS[1..].join(", ")),
        "citations" | "citation" | "bases" => CITATIONS.to_string(),
        "meta" | "commands" => META.to_string(),
        "keys" => KEYS.to_string(),
        word => match EntityKind::from_word(word) {
            Some(e) => entity_fields(e),
            None => {
                let entities = EntityKind::all().map(|e| e.word());
                let near = did_you_mean(word, TOPICS.iter().copied().chain(entities));
                let hint = near.map_or(String::new(), |n| format!(" — did you mean `{n}`?"));
                format!(
                    "no help on `{word}`{hint}\ntopics: {}, or an entity\n",
                    TOPICS.join(", ")
                )
            }
        },
    }
}

fn fields() -> String {
    let mut out = String::from("Fields of each entity (the first ones are shown by default):\n\n");
    for e in EntityKind::all() {
        let names: Vec<&str> = fields_of(e).iter().map(|f| f.name()).collect();
        out.push_str(&format!("  {:<12} {}\n", e.word(), names.join(", ")));
    }
    let aliases: Vec<String> = FieldId::aliases()
        .map(|(a, f)| format!("{a} = {}", f.name()))
        .collect();
    out.push_str(&format!("\nAlso written: {}.\n", aliases.join(", ")));
    out
}

/// Markdown of the docs' table as plain text: no backticks, a link as its text.
fn plain(markdown: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("a valid pattern")
    });
    LINK.replace_all(&markdown.replace('`', ""), "$1")
        .into_owned()
}

fn entity_fields(e: EntityKind) -> String {
    let all: Vec<&str> = fields_of(e).iter().map(|f| f.name()).collect();
    let shown: Vec<&str> = default_columns(e).iter().map(|f| f.name()).collect();
    let mut out = format!(
        "{}: fields {}\n  one row per {}\n  shown without `show`: {}\n\n",
        e.word(),
        all.join(", "),
        e.info().row,
        shown.join(", ")
    );
    // Each field's values and notes, from the schema table the docs' table is made from.
    for f in fields_of(e) {
        let info = f.info();
        let mut about = info.value_type.described().replace('`', "");
        if !info.notes.is_empty() {
            about.push_str("; ");
            about.push_str(&plain(info.notes));
        }
        let lines = crate::output::terminal::wrap(&about, Some(80 - 18));
        for (i, line) in lines.iter().enumerate() {
            let name = if i == 0 { info.name } else { "" };
            out.push_str(&format!("  {name:<15} {line}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_fits_80_columns() {
        let topics = TOPICS.iter().copied().chain(["", "recipients"]);
        for t in topics {
            for line in help(t).lines() {
                assert!(line.chars().count() <= 80, ".help {t}: {line}");
            }
        }
    }
}
