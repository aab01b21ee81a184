//! Grammar rules in words, for "expected …" lists, and the word found at an error.

use super::ast::Span;
use super::grammar::Rule;
use crate::diagnostic::did_you_mean;

/// What a rule is called in an error message; `None` for rules too internal to name (their
/// parent is named instead).
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "end of query",
        entity => "an entity (flows, recipients, sources, …)",
        select_query | count_query | compare_query | path_query | reachable_query | query => {
            "a query"
        }
        expr | group | field_cond | missing_cond => "a condition",
        test | cmp_test => "a test (`=`, `!=`, `<`, `>`, `<=`, `>=`, `in`, `is`)",
        in_test => "`in`",
        is_test => "`is`",
        flag => "a flag (`special`, `criminal`, `stated`, `implied` or `inferred`)",
        value | value_name => "a value (name, \"quoted name\", number, duration or citation)",
        name | bare_name => "a name (an id or a \"quoted name\")",
        field | field_part => "a field",
        number | digits => "a number",
        duration => "a duration",
        duration_unit => "a unit (`years`, `months`, `weeks` or `days`)",
        quoted | quoted_text | curly_text => "a \"quoted name\"",
        citation | gdpr_citation | short_citation | schedule_citation => "a citation",
        cite_number => "the number of a citation (as in `art 9(2)(h)`, `sch 1 para 36`)",
        cite_point => "a point letter, as in `art 9(2)(h)`",
        art_word => "`art`",
        sch_word => "`sch`",
        part_word => "`part`",
        para_word => "`para`",
        kw_explain => "`explain`",
        kw_count => "`count`",
        kw_compare => "`compare`",
        kw_across => "`across`",
        kw_path => "`path`",
        kw_reachable => "`reachable`",
        kw_from => "`from`",
        kw_to => "`to`",
        kw_where => "`where`",
        kw_show => "`show`",
        kw_by => "`by`",
        kw_order => "`order by`",
        kw_asc => "`asc`",
        kw_desc => "`desc`",
        kw_limit => "`limit`",
        kw_max => "`max`",
        kw_and => "`and`",
        kw_or => "`or`",
        kw_not => "`not`",
        kw_in => "`in`",
        kw_is => "`is`",
        kw_missing => "`missing`",
        op_eq => "`=`",
        op_ne => "`!=`",
        op_lt => "`<`",
        op_gt => "`>`",
        op_le => "`<=`",
        op_ge => "`>=`",
        open_paren => "`(`",
        close_paren => "`)`",
        comma => "`,`",
        _ => return None,
    })
}

/// The expected set at an error, in grammar order with end of query last.
#[derive(Default)]
pub(super) struct Expected {
    rules: Vec<Rule>,
}

/// How a query can start: pest folds these into `query` when all fail at the first word.
const QUERY_START: [Rule; 5] = [
    Rule::entity,
    Rule::kw_count,
    Rule::kw_compare,
    Rule::kw_path,
    Rule::kw_explain,
];

impl Expected {
    /// The expected set from pest's positive attempts.
    pub(super) fn new(positives: &[Rule]) -> Expected {
        let mut rules: Vec<Rule> = Vec::new();
        for &r in positives {
            let more: &[Rule] = if r == Rule::query { &QUERY_START } else { &[r] };
            rules.extend(more.iter().filter(|&&r| describe(r).is_some()));
        }
        // Where a condition may start pest lists its first tokens; one word says it better.
        let starts = [Rule::field_part, Rule::kw_missing, Rule::open_paren];
        if starts.iter().all(|r| rules.contains(r)) {
            rules.retain(|r| !starts.contains(r) && *r != Rule::kw_not);
            rules.push(Rule::expr);
        }
        rules.sort_by_key(|&r| (r == Rule::EOI, r));
        rules.dedup();
        Expected { rules }
    }

    pub(super) fn wants_entity(&self) -> bool {
        self.rules.contains(&Rule::entity)
    }

    /// The words that would have been accepted as typed (`where`, `special`), for did-you-mean.
    pub(super) fn keywords(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for &r in &self.rules {
            match r {
                Rule::flag => out.extend(FLAGS),
                Rule::duration_unit => out.extend(["years", "months", "weeks", "days"]),
                Rule::entity => {}
                // Keywords are described as the keyword in backticks.
                _ => out.extend(
                    describe(r)
                        .filter(|w| w.starts_with('`'))
                        .and_then(|w| w.trim_matches('`').split(' ').next()),
                ),
            }
        }
        out
    }

    /// Whether `word` is one of the keywords of the language.
    pub(super) fn is_keyword(word: &str) -> bool {
        KEYWORDS.contains(&word.to_lowercase().as_str())
    }

    /// A did-you-mean for the word found, or a fix for a common slip.
    pub(super) fn suggest(&self, text: &str, pos: usize, word: Option<&str>) -> Option<String> {
        let before = text.get(..pos).unwrap_or("").trim_end();
        let rest = text.get(pos..).unwrap_or("");
        match word {
            Some(word) => self.suggest_word(word, before),
            None => suggest_symbol(before, rest),
        }
    }

    fn suggest_word(&self, word: &str, before: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let expected = self.keywords();
        if Self::is_keyword(&lower) && !expected.contains(&lower.as_str()) {
            if before.ends_with(',') {
                return Some(format!("remove the `,` before `{word}`"));
            }
            if lower == "explain" {
                return Some("write `explain` once, before the query".into());
            }
            let clause = ["where", "show", "by", "order", "limit", "max"];
            let at_clause = self
                .rules
                .iter()
                .any(|r| matches!(r, Rule::EOI | Rule::kw_where | Rule::kw_show | Rule::kw_by));
            if at_clause && clause.contains(&lower.as_str()) {
                return Some(
                    "clauses go in this order: `where`, `show`, `by`, `order by`, `limit`".into(),
                );
            }
            return None;
        }
        // One- and two-letter words are a letter away from too many keywords.
        if word.chars().count() < 3 {
            return None;
        }
        did_you_mean(word, expected).map(|k| format!("did you mean `{k}`?"))
    }
}

fn suggest_symbol(before: &str, rest: &str) -> Option<String> {
    const NOT_EQUAL: &str = "write `!=` for \"not equal\"";
    let slips = [
        ("=", "=", "compare with a single `=`"),
        ("", "==", "compare with a single `=`"),
        ("<", ">", NOT_EQUAL),
        ("", "≠", NOT_EQUAL),
        ("", "≤", "write `<=`"),
        ("", "≥", "write `>=`"),
        ("", "&&", "write `and`"),
        ("", "||", "write `or`"),
        ("", "!", "write `not`, or `!=` for \"not equal\""),
        ("", "'", "quote names with double quotes: `\"…\"`"),
    ];
    if rest.starts_with(')') && before.matches('(').count() <= before.matches(')').count() {
        return Some("this `)` has no matching `(`".into());
    }
    slips
        .iter()
        .find(|(b, r, _)| before.ends_with(b) && rest.starts_with(r))
        .map(|(_, _, s)| s.to_string())
}

impl Expected {
    /// The words, deduplicated, grammar order, end of query last.
    pub(super) fn into_words(self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for w in self.rules.into_iter().filter_map(describe) {
            if !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        words
    }
}

/// What is at byte `pos`: its span, its description, and the word if it is one.
pub(super) fn found_at(text: &str, pos: usize) -> (Span, String, Option<&str>) {
    let rest = text.get(pos..).unwrap_or("");
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    let Some(first) = rest.chars().next() else {
        return (Span::new(pos, pos), "end of query".into(), None);
    };
    if is_word(first) {
        let len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        let word = &rest[..len];
        return (Span::new(pos, pos + len), format!("`{word}`"), Some(word));
    }
    let symbols = "=!<>&|";
    let len = if symbols.contains(first) {
        rest.find(|c: char| !symbols.contains(c))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    let found = &rest[..len];
    (Span::new(pos, pos + len), format!("`{found}`"), None)
}

/// Every keyword of the language, lower-case (shared with the REPL's highlighting and
/// completion so that the three never disagree). The REPL reads them by position, so they
/// stand in groups: the 4 that start a query, `missing`, `asc` and `desc`, and last the
/// words after which a query cannot end.
pub const KEYWORDS: [&str; 22] = [
    // Start a query.
    "explain",
    "count",
    "compare",
    "path",
    // Inside a condition only.
    "missing",
    // End a query.
    "asc",
    "desc",
    // Need something after them.
    "where",
    "and",
    "or",
    "not",
    "in",
    "is",
    "by",
    "show",
    "order",
    "limit",
    "max",
    "across",
    "from",
    "to",
    "reachable",
];

/// The flags `is` takes.
pub(crate) const FLAGS: [&str; 5] = super::schema::Flag::WORDS;
