//! Tab completion that knows where it is in a query: an entity or query keyword at the start,
//! a field of the query's entity after `where`, `and`, `or`, `show` or `by`, the ids of the
//! field's type after `=` or `in` (its quoted display names once a quote is open), and
//! keywords elsewhere. Candidates come in natural order (`para2` before `para10`), each with
//! its kind and display name for the list the shell shows.

use super::lex::{TokKind, Token, lex};
use crate::model::Model;
use crate::query::names::Lookup;
use crate::query::schema::{FieldId, ValueType, fields_of};
use crate::query::{EntityKind, FLAGS, KEYWORDS};

/// The words that start a query besides the entities: the first group of [`KEYWORDS`].
const QUERY_WORDS: &[&str] = KEYWORDS.split_at(4).0;
/// Words that may follow an entity.
const CLAUSE_WORDS: &[&str] = &["where", "show", "by", "order", "limit", "reachable"];
/// Words that may follow a field inside a condition.
const TEST_WORDS: &[&str] = &["in", "is", "not"];
/// Words that may follow `is`.
const IS_WORDS: [&str; 6] = {
    let mut w = ["not"; 6];
    let mut i = 0;
    while i < FLAGS.len() {
        w[i + 1] = FLAGS[i];
        i += 1;
    }
    w
};
/// Words that may follow a value.
const AFTER_VALUE_WORDS: &[&str] = &["and", "or", "show", "by", "order", "limit", "max"];
/// The keywords that can follow something inside a query, for when the context says nothing
/// more precise: [`KEYWORDS`] without the ones that only start a query (`explain`,
/// `count`, `compare`, `path`).
const ALL_WORDS: &[&str] = KEYWORDS.split_at(4).1;
/// The meta-commands, for completion after a leading `.`.
pub(crate) const META_WORDS: &[&str] = &[
    ".help",
    ".format",
    ".mode",
    ".data",
    ".proposal",
    ".explain",
    ".timing",
    ".timeout",
    ".limit",
    ".maxrows",
    ".evidence",
    ".bail",
    ".source",
    ".save",
    ".read",
    ".once",
    ".output",
    ".quit",
    ".exit",
];

/// One completion: what replaces the word, and what the list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The text that replaces the word being completed.
    pub text: String,
    /// What it is: `party`, `category`, `field`, `keyword`, `entity`, …
    pub kind: &'static str,
    /// The display name, for an id (empty otherwise).
    pub name: String,
}

/// The names completion offers, taken from a model once (and again after `.data`).
#[derive(Debug, Default, Clone)]
pub(crate) struct Vocabulary {
    names: Vec<(ValueType, Vec<(String, String)>)>,
}

/// The value types whose ids and display names come from the model.
const NAMED_TYPES: [ValueType; 12] = [
    ValueType::Org,
    ValueType::Service,
    ValueType::Notice,
    ValueType::Party,
    ValueType::PartyType,
    ValueType::Category,
    ValueType::Subject,
    ValueType::Purpose,
    ValueType::Basis,
    ValueType::Legislation,
    ValueType::System,
    ValueType::Right,
];

impl Vocabulary {
    /// The ids and display names of everything in `model`.
    pub(crate) fn new(model: &Model) -> Self {
        let lookup = Lookup::new(model);
        let names = NAMED_TYPES
            .into_iter()
            .map(|vt| {
                let pairs = lookup
                    .candidates(vt)
                    .into_iter()
                    .filter_map(|(names, _)| {
                        let id = names.first()?.to_string();
                        let name = names.get(1).map_or_else(String::new, |n| n.to_string());
                        Some((id, name))
                    })
                    .collect();
                (vt, pairs)
            })
            .collect();
        Vocabulary { names }
    }

    /// The ids of `vt` that start with `prefix` (ignoring case), with their display names;
    /// once a quote is open (`"Ches`), the quoted display names instead. Ids come first
    /// because every id has a name twin: offering both would leave no unique prefix.
    fn values(&self, vt: ValueType, prefix: &str) -> Vec<Candidate> {
        let fixed = vt.fixed_words();
        let kind = type_name(vt);
        if !fixed.is_empty() {
            return plain(starting_with(fixed.iter().copied(), prefix), kind);
        }
        let pairs = self
            .names
            .iter()
            .find(|(t, _)| *t == vt)
            .map_or(&[][..], |(_, p)| p.as_slice());
        let quoted = prefix.strip_prefix(['"', '“']);
        if quoted.is_none() {
            let p = prefix.to_lowercase();
            let mut ids: Vec<Candidate> = pairs
                .iter()
                .filter(|(id, _)| id.to_lowercase().starts_with(&p))
                .map(|(id, name)| Candidate {
                    text: id.clone(),
                    kind,
                    name: name.clone(),
                })
                .collect();
            natural_sort(&mut ids);
            if !ids.is_empty() {
                return ids;
            }
        }
        self.names_of(&[vt], quoted.unwrap_or(prefix))
    }

    /// The quoted display names of these types that start with `prefix` (ignoring case).
    fn names_of(&self, types: &[ValueType], prefix: &str) -> Vec<Candidate> {
        let p = prefix.to_lowercase();
        let mut out: Vec<Candidate> = self
            .names
            .iter()
            .filter(|(t, _)| types.contains(t))
            .flat_map(|(t, pairs)| pairs.iter().map(move |(id, name)| (*t, id, name)))
            .filter(|(_, id, name)| !name.is_empty() && name.to_lowercase() != **id)
            .filter(|(_, _, name)| name.to_lowercase().starts_with(&p))
            .map(|(t, id, name)| Candidate {
                text: quote(name),
                kind: type_name(t),
                name: id.clone(),
            })
            .collect();
        natural_sort(&mut out);
        out
    }
}

/// The word a value type goes by in the candidate list: the planner's word, shortened where
/// the column of kinds would otherwise be wide.
fn type_name(vt: ValueType) -> &'static str {
    match vt {
        ValueType::Org => "org",
        ValueType::Bool => "flag",
        other => other.word(),
    }
}

/// Words as candidates of one kind, without names.
fn plain(words: Vec<String>, kind: &'static str) -> Vec<Candidate> {
    words
        .into_iter()
        .map(|text| Candidate {
            text,
            kind,
            name: String::new(),
        })
        .collect()
}

/// Sorts candidates so that runs of digits compare as numbers (`para2` before `para10`),
/// then removes repeats.
fn natural_sort(c: &mut Vec<Candidate>) {
    c.sort_by(|a, b| natural_cmp(&a.text, &b.text).then_with(|| a.kind.cmp(b.kind)));
    c.dedup_by(|a, b| a.text == b.text);
}

/// Compares text with runs of ASCII digits taken as numbers, ignoring case otherwise.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = x.iter().take_while(|b| b.is_ascii_digit()).count();
                let m = y.iter().take_while(|b| b.is_ascii_digit()).count();
                let (dx, dy) = (&x[..n], &y[..m]);
                // Without leading zeros, a longer run is a larger number.
                let strip = |d: &[u8]| -> usize { d.iter().take_while(|b| **b == b'0').count() };
                let (tx, ty) = (&dx[strip(dx)..], &dy[strip(dy)..]);
                let ord = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[n..];
                y = &y[m..];
            }
            (Some(c), Some(d)) => {
                let ord = c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

/// `name` as a quoted name of the language.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The words that start with `prefix`, ignoring case, sorted and without repeats.
fn starting_with<'a>(words: impl Iterator<Item = &'a str>, prefix: &str) -> Vec<String> {
    let p = prefix.to_lowercase();
    let mut out: Vec<String> = words
        .filter(|w| w.to_lowercase().starts_with(&p))
        .map(str::to_string)
        .collect();
    out.sort_by(|a, b| natural_cmp(a, b));
    out.dedup();
    out
}

/// What the cursor position asks for.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    /// The start of a query: entities and query keywords.
    Start { after_count: bool },
    /// A field of the entity, and these keywords.
    Fields(EntityKind, &'static [&'static str]),
    /// A value of this type.
    Values(ValueType),
    /// An organisation or party.
    Nodes,
    /// A display name of an organisation or party (`name = "Ches`).
    Names,
    /// These keywords.
    Words(&'static [&'static str]),
}

/// Completes `line` at byte `pos`: where the replaced word starts and the candidates for it
/// (the words alone, for the tests; the shell shows [`complete_described`]'s).
#[cfg(test)]
pub(crate) fn complete(vocab: &Vocabulary, line: &str, pos: usize) -> (usize, Vec<String>) {
    let (start, c) = complete_described(vocab, line, pos);
    (start, c.into_iter().map(|c| c.text).collect())
}

/// As [`complete`], with each candidate's kind and display name.
pub(crate) fn complete_described(
    vocab: &Vocabulary,
    line: &str,
    pos: usize,
) -> (usize, Vec<Candidate>) {
    let before = line.get(..pos).unwrap_or(line);
    if before.trim_start().starts_with('.') {
        let (start, words) = complete_meta(before);
        return (start, plain(words, "command"));
    }
    let mut tokens = lex(before);
    // Only the query the cursor is in counts.
    if let Some(i) = tokens
        .iter()
        .rposition(|t| t.kind == TokKind::Punct && t.text(before) == ";")
    {
        tokens.drain(..=i);
    }
    tokens.retain(|t| t.kind != TokKind::Comment);
    let (start, prefix) = match tokens.last() {
        Some(t)
            if t.end == before.len()
                && matches!(
                    t.kind,
                    TokKind::Word | TokKind::Number | TokKind::Quoted { closed: false }
                ) =>
        {
            let t = *t;
            tokens.pop();
            (t.start, t.text(before))
        }
        // Inside a comment or right after a closed quote: nothing to offer.
        Some(t) if t.end == before.len() && t.kind != TokKind::Punct => return (pos, Vec::new()),
        _ => (pos, ""),
    };
    let words: Vec<String> = tokens
        .iter()
        .map(|t| t.text(before).to_lowercase())
        .collect();
    let cands = match want(&tokens, &words, before) {
        Want::Start { after_count } => {
            let entities = EntityKind::all().map(|e| e.word());
            let mut c = plain(starting_with(entities, prefix), "entity");
            if !after_count {
                c.extend(plain(
                    starting_with(QUERY_WORDS.iter().copied(), prefix),
                    "keyword",
                ));
            }
            c
        }
        Want::Fields(entity, extra) => {
            let fields = fields_of(entity).iter().map(|f| f.name());
            let mut c = plain(starting_with(fields, prefix), "field");
            c.extend(plain(
                starting_with(extra.iter().copied(), prefix),
                "keyword",
            ));
            c
        }
        Want::Values(vt) => vocab.values(vt, prefix),
        Want::Nodes => {
            let mut c = vocab.values(ValueType::Org, prefix);
            c.extend(vocab.values(ValueType::Party, prefix));
            natural_sort(&mut c);
            c
        }
        Want::Names => vocab.names_of(
            &[ValueType::Org, ValueType::Party],
            prefix.trim_start_matches(['"', '“']),
        ),
        Want::Words(list) => plain(starting_with(list.iter().copied(), prefix), "keyword"),
    };
    (start, cands)
}

fn complete_meta(before: &str) -> (usize, Vec<String>) {
    let trimmed = before.trim_start();
    let offset = before.len() - trimmed.len();
    match trimmed.split_once(char::is_whitespace) {
        None => (offset, starting_with(META_WORDS.iter().copied(), trimmed)),
        Some((cmd, arg)) => {
            let arg = arg.trim_start();
            let options: &[&str] = match cmd {
                ".format" | ".mode" => &[
                    "table", "auto", "wrap", "line", "json", "csv", "markdown", "jsonl",
                ],
                ".explain" | ".timing" | ".bail" | ".evidence" => &["on", "off"],
                ".help" => super::help::TOPICS,
                _ => &[],
            };
            (
                before.len() - arg.len(),
                starting_with(options.iter().copied(), arg),
            )
        }
    }
}

/// The query's entity: the first entity word (after `explain`/`count`); flows otherwise.
fn entity_of(words: &[String]) -> EntityKind {
    words
        .iter()
        .take(3)
        .find_map(|w| EntityKind::from_word(w))
        .unwrap_or(EntityKind::Flows)
}

fn is_cmp(w: &str) -> bool {
    matches!(w, "=" | "!=" | "<" | ">" | "<=" | ">=" | "==" | "<>")
}

/// The type of the field named by `word`, if it is one.
fn field_type(word: &str) -> Option<ValueType> {
    let path: Vec<String> = word.split('.').map(str::to_string).collect();
    FieldId::parse(&path).map(FieldId::value_type)
}

fn want(tokens: &[Token], words: &[String], src: &str) -> Want {
    let entity = entity_of(words);
    let n = words.len();
    let at = |back: usize| -> &str { n.checked_sub(back).map_or("", |i| words[i].as_str()) };
    let prev = at(1);
    let before_prev = at(2);
    let cond_start = |w: &str| matches!(w, "where" | "and" | "or" | "not" | "(");
    match prev {
        "" => Want::Start { after_count: false },
        "explain" if n == 1 => Want::Start { after_count: false },
        "count" => Want::Start { after_count: true },
        "where" | "and" | "or" => Want::Fields(entity, &["not", "missing"]),
        "show" | "by" | "missing" | "compare" => Want::Fields(entity, &[]),
        "order" => Want::Words(&["by"]),
        "is" => Want::Words(&IS_WORDS),
        "not" if before_prev == "is" => Want::Words(&FLAGS),
        "not" if cond_start(before_prev) => Want::Fields(entity, &["missing"]),
        "not" => Want::Words(&["in"]),
        "in" => value_of(before_prev, at(3)),
        w if is_cmp(w) => value_of(before_prev, ""),
        "across" | "from" | "to" => Want::Nodes,
        "(" => match before_prev {
            "in" => value_of(at(3), at(4)),
            _ => Want::Fields(entity, &["not", "missing"]),
        },
        "," => after_comma(tokens, words, entity),
        w if n == 1 && EntityKind::from_word(w).is_some() => Want::Words(CLAUSE_WORDS),
        w if cond_start(before_prev) && field_type(w).is_some() => Want::Words(TEST_WORDS),
        _ if tokens
            .last()
            .is_some_and(|t| t.kind != TokKind::Punct || t.text(src) == ")") =>
        {
            Want::Words(AFTER_VALUE_WORDS)
        }
        _ => Want::Words(ALL_WORDS),
    }
}

/// Values of the field `field` (the word before `in`, or before `not in` when `field` is
/// `not` and `before` is the field).
fn value_of(field: &str, before: &str) -> Want {
    let word = if field == "not" { before } else { field };
    match field_type(word) {
        Some(ValueType::Text) if word == "name" => Want::Names,
        Some(vt) => Want::Values(vt),
        None => Want::Words(ALL_WORDS),
    }
}

/// After a comma: the list it belongs to decides (`show a, b`, `in (a, b`, `across a, b`).
fn after_comma(tokens: &[Token], words: &[String], entity: EntityKind) -> Want {
    let mut depth = 0usize;
    for i in (0..words.len()).rev() {
        match words[i].as_str() {
            ")" => depth += 1,
            "(" if depth > 0 => depth -= 1,
            "(" => {
                let field = i.checked_sub(2).map_or("", |j| words[j].as_str());
                let before = i.checked_sub(3).map_or("", |j| words[j].as_str());
                return match i.checked_sub(1).map(|j| words[j].as_str()) {
                    Some("in") => value_of(field, before),
                    _ => Want::Words(ALL_WORDS),
                };
            }
            "show" | "by" => return Want::Fields(entity, &[]),
            "across" => return Want::Nodes,
            w if tokens[i].kind == TokKind::Word && ALL_WORDS.contains(&w) => break,
            _ => {}
        }
    }
    Want::Words(ALL_WORDS)
}

#[cfg(test)]
mod keyword_tests {
    use super::ALL_WORDS;
    use crate::query::KEYWORDS;

    #[test]
    fn mid_query_words_are_the_keywords_that_do_not_start_a_query() {
        let starters = ["explain", "count", "compare", "path"];
        let mut expected: Vec<&str> = KEYWORDS
            .iter()
            .copied()
            .filter(|k| !starters.contains(k))
            .collect();
        let mut got = ALL_WORDS.to_vec();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected);
    }
}

/// The candidates the completer offers on the built-in data, as a person typing sees them.
#[cfg(test)]
mod candidate_tests {
    use super::{Vocabulary, complete};

    /// docs/repl.md and `.help meta` list every meta-command the shell knows.
    #[test]
    fn docs_and_help_list_every_meta_command() {
        let doc = include_str!("../../../docs/repl.md");
        let help = super::super::help::help("meta");
        for word in super::META_WORDS {
            assert!(
                doc.contains(&format!("`{word}")),
                "docs/repl.md lacks {word}"
            );
            assert!(
                help.contains(&format!("  {word}")) || help.contains(&format!(", {word}")),
                ".help meta lacks {word}"
            );
        }
    }

    fn candidates(line: &str) -> (usize, Vec<String>) {
        let model = crate::model::load::load_builtin().expect("the built-in data loads");
        complete(&Vocabulary::new(&model), line, line.len())
    }

    #[test]
    fn completes_an_entity_at_the_start() {
        assert_eq!(candidates("recip"), (0, vec!["recipients".to_string()]));
        let (_, c) = candidates("c");
        assert!(c.contains(&"categories".to_string()) && c.contains(&"count".to_string()));
        assert_eq!(candidates("count f").1, ["flows"]);
    }

    #[test]
    fn completes_a_field_of_the_entity_after_where_show_and_by() {
        assert_eq!(
            candidates("recipients where categ"),
            (17, vec!["category".into()])
        );
        assert_eq!(
            candidates("recipients where org = a and par").1,
            ["party", "party.type"]
        );
        assert_eq!(candidates("count flows by party.t").1, ["party.type"]);
        assert_eq!(candidates("orgs show na").1, ["name"]);
        assert_eq!(candidates("recipients show recipient, na").1, ["name"]);
        // Fields of retention rules, not of flows.
        assert_eq!(candidates("retention where dur").1, ["duration"]);
        assert!(candidates("orgs where dur").1.is_empty());
    }

    #[test]
    fn completes_ids_and_display_names_of_the_fields_type() {
        let (start, c) = candidates("recipients where category in he");
        assert_eq!(start, 29);
        assert!(c.contains(&"health".to_string()), "{c:?}");
        assert!(
            c.iter()
                .all(|w| w.to_lowercase().trim_start_matches('"').starts_with("he"))
        );

        // Ids only, so that a unique prefix completes; display names once a quote is open.
        let (start, c) = candidates("recipients where org = ches");
        assert_eq!(start, 23);
        assert_eq!(c, ["cheshire-east", "cheshire-west"], "orgs only, ids only");
        let (start, c) = candidates("recipients where org = \"ches");
        assert_eq!(start, 23);
        assert_eq!(
            c,
            [
                "\"Cheshire East Council\"",
                "\"Cheshire West and Chester Council\""
            ]
        );
        assert_eq!(
            candidates("recipients where party = thames").1,
            ["thames-valley-police"]
        );
        // A `name` is a display name: inside the quote, names of organisations and parties.
        let c = candidates("recipients where name = \"Cheshire P").1;
        assert!(c.contains(&"\"Cheshire Police\"".to_string()), "{c:?}");

        // Inside a list, after `not in`, and inside an opened quote.
        assert!(
            candidates("flows where category in (health, ment")
                .1
                .contains(&"mental-health".into())
        );
        assert!(
            candidates("flows where org not in ches")
                .1
                .contains(&"cheshire-east".into())
        );
        assert_eq!(
            candidates("flows where org = \"Cheshire E").1,
            ["\"Cheshire East Council\""]
        );
    }

    #[test]
    fn completes_keywords_elsewhere() {
        assert_eq!(candidates("recipients wh").1, ["where"]);
        assert_eq!(
            candidates("recipients where org = cheshire-west an").1,
            ["and"]
        );
        assert_eq!(candidates("retention order ").1, ["by"]);
        assert_eq!(candidates("flows where category is sp").1, ["special"]);
        assert_eq!(candidates(".for").1, [".format"]);
        assert_eq!(candidates(".format js").1, ["json", "jsonl"]);
        // The query after the last `;` is the one completed.
        assert_eq!(candidates("orgs; recip").1, ["recipients"]);
    }

    // ---- The binary, fed from a pipe ----
}
