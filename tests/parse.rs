//! Parsing queries: golden ASTs, pinned error messages, limits, and the citation reader.
//!
//! `tests/cases/parse/*.q` hold one valid query each; their snapshot is the canonical text
//! followed by the AST. `tests/cases/parse_errors/*.q` hold one malformed query each; their
//! snapshot is the rendered error as a user sees it (no colour).

use basis::query::{Citation, ParseError, parse, parse_citation};

/// The limits docs/language.md ("Limits") gives a user: 64 KiB of query text, and 64 levels of
/// parentheses or `not`s.
const QUERY_BYTES: usize = 64 * 1024;
const NESTING: usize = 64;
use std::fs;
use std::path::Path;

/// The query in a case file, without the file's final newline.
fn read_case(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.strip_suffix('\n').unwrap_or(&text).to_string()
}

#[test]
fn golden_queries() {
    insta::glob!("cases/parse/*.q", |path| {
        let text = read_case(path);
        let query = parse(&text)
            .unwrap_or_else(|e| panic!("{}:\n{}", path.display(), e.render(&text, false)));
        // The canonical text reads back as the same query.
        let canonical = query.to_string();
        let again = parse(&canonical).unwrap_or_else(|e| panic!("{canonical}: {e}"));
        assert_eq!(again.to_string(), canonical, "{}", path.display());
        insta::assert_snapshot!(format!("{text}\n=> {canonical}\n\n{query:#?}"));
    });
}

#[test]
fn malformed_queries() {
    insta::glob!("cases/parse_errors/*.q", |path| {
        let text = read_case(path);
        let error = match parse(&text) {
            Ok(q) => panic!("{}: parsed as {q}", path.display()),
            Err(e) => e,
        };
        let span = error.span();
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{error:?}"
        );
        insta::assert_snapshot!(error.render(&text, false));
    });
}

#[test]
fn hundred_thousand_parentheses_are_an_error_not_a_crash() {
    // Over the length limit as well; both limits are checked before pest recurses.
    let text = format!(
        "flows where {}a = 1{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(parse(&text).is_err());
    let unclosed = format!("flows where {}a = 1", "(".repeat(100_000));
    assert!(parse(&unclosed).is_err());
}

#[test]
fn deep_parentheses_within_the_length_limit_are_too_deep() {
    let text = format!(
        "flows where {}a = 1{}",
        "(".repeat(30_000),
        ")".repeat(30_000)
    );
    let error = parse(&text).expect_err("too deep");
    assert!(matches!(error, ParseError::TooDeep { .. }), "{error:?}");
    let rendered = error.render(&text, false);
    assert!(rendered.contains("nested too deeply"), "{rendered}");
}

#[test]
fn a_long_run_of_nots_is_an_error_not_a_crash() {
    let text = format!("flows where {}a = 1", "not ".repeat(10_000));
    assert!(matches!(parse(&text), Err(ParseError::TooDeep { .. })));
}

#[test]
fn nesting_up_to_the_limit_parses_and_one_more_is_refused() {
    let nested = |depth: usize| {
        format!(
            "flows where {}a = 1{}",
            "(".repeat(depth),
            ")".repeat(depth)
        )
    };
    let query = parse(&nested(NESTING)).expect("within the limit");
    assert_eq!(query.to_string(), "flows where a = 1");
    assert!(matches!(
        parse(&nested(NESTING + 1)),
        Err(ParseError::TooDeep { .. })
    ));
}

#[test]
fn a_70_kib_query_is_refused_with_its_length() {
    let text = format!("flows where a in ({})", vec!["abcdefg"; 9_000].join(", "));
    assert!(text.len() > 70 * 1024 - 1024);
    let error = parse(&text).expect_err("too long");
    assert!(matches!(error, ParseError::TooLong { len, .. } if len == text.len()));
    assert!(error.to_string().contains("65536"), "{error}");
}

#[test]
fn a_query_just_under_the_limit_parses() {
    // Many values and many conditions: the call budget must not trip on honest queries.
    let values = vec!["abcdefg"; 4_000].join(", ");
    let conds = vec!["n >= 20 years"; 1_500].join(" and ");
    let text = format!("flows where a in ({values}) or {conds}");
    assert!(text.len() <= QUERY_BYTES && text.len() > 50 * 1024);
    parse(&text).expect("within the limits");
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "\u{0}",
        "((((",
        "))))",
        "\"",
        "\u{201c}",
        "--",
        "art",
        "a9-",
        "flows where a = 9(",
        "flows where a = \"\\",
        "flows where a in ()",
        "flows limit 1 limit 2",
        "\u{feff}flows",
        "flows where a = 1 -- \u{1F600}\n and b = 2",
        "é",
        "flows where é",
    ];
    for text in samples {
        if let Err(e) = parse(text) {
            let span = e.span();
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let _ = e.render(text, false);
        }
    }
}

fn gdpr(article: u32, paragraph: Option<u32>, point: Option<&str>) -> Option<Citation> {
    Some(Citation::Gdpr {
        article,
        paragraph,
        point: point.map(String::from),
    })
}

fn sch(schedule: u32, part: Option<u32>, paragraph: Option<u32>) -> Option<Citation> {
    Some(Citation::Schedule {
        schedule,
        part,
        paragraph,
    })
}

#[test]
fn parse_citation_reads_every_spelling() {
    let art9h = gdpr(9, Some(2), Some("h"));
    let art6e = gdpr(6, Some(1), Some("e"));
    let sch136 = sch(1, Some(3), Some(36));
    let cases = [
        ("Article 9(2)(h)", &art9h),
        ("Article 9 Part h", &art9h),
        ("Art 9 2 h", &art9h),
        ("A9-2-h", &art9h),
        ("a9-2-h", &art9h),
        ("art 9(2)(h)", &art9h),
        ("Art. 9(2)(h)", &art9h),
        ("UK GDPR Art. 9(2)(h)", &art9h),
        ("art. 6(1)(e)", &art6e),
        ("GDPR Article 6 part e", &art6e),
        ("article 6(1)(e)", &art6e),
        ("Schedule 1 Part 3 paragraph 36", &sch136),
        ("Sch. 1 Pt. 3 para. 36", &sch136),
        ("sch1 pt3 para36", &sch136),
        ("DPA 2018 Sch 1 Pt 3 para 36", &sch136),
    ];
    for (text, want) in cases {
        assert_eq!(&parse_citation(text), want, "{text}");
    }
    assert_eq!(parse_citation("sch1 para36"), sch(1, None, Some(36)));
    assert_eq!(parse_citation("art 9"), gdpr(9, None, None));
    assert_eq!(parse_citation("art 10"), gdpr(10, None, None));
    assert_eq!(parse_citation("art 6(1)"), gdpr(6, Some(1), None));
    assert_eq!(
        parse_citation("Article 6(1)(EA)"),
        gdpr(6, Some(1), Some("ea"))
    );
    // Not validated: the vocabulary decides whether Art. 99 exists.
    assert_eq!(parse_citation("art 99(7)(z)"), gdpr(99, Some(7), Some("z")));
}

#[test]
fn parse_citation_rejects_garbage_without_panicking() {
    for text in [
        "",
        "art",
        "article",
        "health",
        "Article nine",
        "sch",
        "schedule one",
        "9(2)(h)",
        "art 9(2)(h) and more",
        "art 99999999999",
        "sch 1 part",
        "sch 1 pt 3 pt 4",
        "Article 9 Part hello",
        "\u{0}",
        "((((",
        "a9-x-h",
    ] {
        assert_eq!(parse_citation(text), None, "{text}");
    }
}

#[test]
fn parse_citation_agrees_with_the_grammar() {
    // Every literal the grammar reads means what parse_citation reads from the same text.
    for literal in [
        "art 9(2)(h)",
        "Art. 9(2)(h)",
        "Article 9(2)(h)",
        "article 6(1)(e)",
        "A9-2-h",
        "art 9",
        "art 10",
        "art 6(1)",
        "sch1 para36",
        "sch1 pt3 para36",
        "sch 1 part 3 para 36",
        "schedule 1 part 3 paragraph 36",
        "art 6(e)",
        "Sch. 1 Pt. 3 para. 36",
    ] {
        let query = parse(&format!("bases where basis = {literal}")).expect(literal);
        let from_text = parse_citation(literal).expect(literal);
        let shown = query.to_string();
        assert!(
            shown.ends_with(&from_text.to_string()),
            "{literal}: {shown}"
        );
        assert_eq!(
            parse_citation(&from_text.to_string()),
            Some(from_text),
            "{literal}"
        );
    }
}
