//! Retention rules. A sentence proposes one when it has a verb of keeping (keep, retain, hold,
//! store, delete, destroy) and, in the same sentence, a duration ("six years", "26 months",
//! "between 10 and 30 years"), an age ("until you reach 25"), an event ("until you close your
//! account") or a pointer to a schedule ("our retention schedule"). So "keep track of
//! spending", a heading, or a bullet about something else propose nothing. The start of a
//! period is read from "after …", "following …", "from …": the closure of a case, the end of
//! the service, birth, collection, or another event in the notice's words.

use super::document::Document;
use super::text::pattern;
use super::topic::{Context, Topic};
use super::{Fact, Proposal};
use crate::model::basis_words::negated;
use crate::model::{Period, Trigger};
use regex::Regex;
use std::sync::LazyLock;

/// Verbs of keeping and disposing.
static KEEPING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:keep|keeps|kept|keeping|retain|retains|retained|retaining|retention|hold|holds|held|store|stores|stored|delete|deleted|destroy|destroyed|dispose|disposed|erase|erased)\b",
    )
});

/// Numbers in words, for "six years", "twenty-five years".
const NUMBERS: [(&str, u32); 28] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
];

/// A number as written: digits, a word, or two words ("twenty-five", "seventy five").
const NUMBER: &str = r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|hundred)";

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?i)\b(?P<n>{NUMBER})(?:\s*\(\d+\))?[- ](?P<unit>year|month|week|day)s?\b"
    ))
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?i)\bbetween (?P<a>{NUMBER})(?: years?)? (?:to|and) (?P<b>{NUMBER}) years?\b"
    ))
});

static AGE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?i)\b(?:age of|aged?|turn(?:s|ed)?|reach(?:es|ed)?(?: the age of)?|until (?:your|their|the child's|the child’s) )\s*(?P<n>{NUMBER})(?:th birthday)?\b"
    ))
});

static UNTIL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\buntil (?P<event>[^.;:,()]{4,80})"));

/// Deleting when something happens ("We may delete your account when you have unsubscribed"):
/// kept until then.
static DELETE_WHEN: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:delete|deleted|destroy|destroyed|erase|erased|dispose of)\b[^.;]{0,80}?\b(?:when|once|as soon as) (?P<event>[^.;:()]{4,120})",
    )
});

static START: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\b(?:after|following|from) (?P<event>[^.;:()]{4,100}?)(?:[.;:()]|,| or | and |$)")
});

static SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:(?:records? )?retention (?:and dispos\w+ )?(?:schedules?|polic(?:y|ies))|(?:set|published|our) retention periods|dispos(?:al|ition) schedules?|information asset register|records management polic(?:y|ies))\b",
    )
});

/// Words that point to where a schedule is ("set out in", "in accordance with", "can be
/// accessed").
static POINTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:set out in|in accordance with|in line with|accessed|available|see our|published|copy of|stored in|listed in|detailed in)\b",
    )
});

/// The value of a number as written.
fn number(s: &str) -> Option<u32> {
    let s = s.to_lowercase();
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let s = s.strip_prefix("a ").unwrap_or(&s);
    let mut total = 0;
    for w in s.split(['-', ' ']).filter(|w| !w.is_empty()) {
        total += NUMBERS.iter().find(|(n, _)| *n == w)?.1;
    }
    (total > 0).then_some(total)
}

/// When a period starts, from the words after "after", "following" or "from".
fn trigger(event: &str) -> (Trigger, Option<String>) {
    let e = event.trim();
    let l = e.to_lowercase();
    if l.contains("clos") {
        (Trigger::Closure, None)
    } else if l.contains("end of") && (l.contains("service") || l.contains("support"))
        || l.contains("service ends")
        || l.contains("stop receiving")
        || l.contains("we stop providing")
    {
        (Trigger::EndOfService, None)
    } else if l.contains("birth") {
        (Trigger::Birth, None)
    } else if l.starts_with("when we collect")
        || l.starts_with("collection")
        || l.contains("we received")
        || l.contains("we receive")
    {
        (Trigger::Collection, None)
    } else {
        let e = e.strip_prefix("the date of ").unwrap_or(e);
        (Trigger::Event, Some(e.to_string()))
    }
}

/// The period a sentence states, and where it starts.
fn period(text: &str) -> Option<(Period, Trigger, Option<String>)> {
    if let Some(c) = RANGE.captures(text)
        && let (Some(a), Some(b)) = (number(&c["a"]), number(&c["b"]))
    {
        return Some((Period::Range { min: a, max: b }, Trigger::NotStated, None));
    }
    // "two year olds" are children, not a period.
    let duration = DURATION.captures_iter(text).find(|c| {
        c.get(0).is_some_and(|m| {
            !text[m.end()..]
                .trim_start_matches(['-', ' '])
                .to_ascii_lowercase()
                .starts_with("old")
        })
    });
    if let Some(c) = duration
        && let Some(n) = number(&c["n"])
        && let Some(whole) = c.get(0)
    {
        let p = match c["unit"].to_lowercase().as_str() {
            "year" => Period::Years(n),
            "month" => Period::Months(n),
            "week" => Period::Weeks(n),
            _ => Period::Days(n),
        };
        let after = &text[whole.end()..];
        let (t, e) = START
            .captures(after)
            .filter(|s| s.get(0).is_some_and(|m| m.start() < 40))
            .map_or((Trigger::NotStated, None), |s| trigger(&s["event"]));
        return Some((p, t, e));
    }
    // The age after "until" ("before you turn 18 we will keep it until you reach 25").
    let until = text.to_ascii_lowercase().find("until");
    if let Some(u) = until
        && let Some(c) = AGE.captures(&text[u..])
        && let Some(n) = number(&c["n"])
        && (10..=120).contains(&n)
    {
        return Some((Period::UntilAge(n), Trigger::NotStated, None));
    }
    if let Some(c) = UNTIL.captures(text).or_else(|| DELETE_WHEN.captures(text)) {
        let event = c["event"].trim().to_string();
        return Some((Period::UntilEvent(event), Trigger::NotStated, None));
    }
    None
}

/// Proposes retention rules, as statements of the notice.
pub(super) fn propose(doc: &Document, p: &mut Proposal) {
    // The periods proposed, with their paragraph: "… up to 50 years after the closure of a
    // case. After 50 years it will be destroyed." is one rule.
    let mut seen: Vec<(Period, usize)> = Vec::new();
    for s in &doc.sentences {
        let cx = Context::of(doc, s);
        let in_section = cx.around(Topic::Retention);
        let Some(k) = KEEPING.find(&s.text) else {
            // "This information is set out in our information asset register", in a section
            // about retention.
            if in_section
                && POINTER.is_match(&s.text)
                && let Some(m) = SCHEDULE.find(&s.text)
            {
                propose_schedule(p, m.as_str(), &s.text);
            }
            continue;
        };
        if negated(&s.text, k.start(), k.end()) {
            continue;
        }
        if let Some((period, trigger, event)) = period(&s.text) {
            // "Keep you informed until …": an event needs the sentence to be about records.
            if matches!(period, Period::UntilEvent(_))
                && !in_section
                && !cx.own.contains(&Topic::Retention)
            {
                continue;
            }
            if trigger == Trigger::NotStated && seen.contains(&(period.clone(), s.block)) {
                continue;
            }
            seen.push((period.clone(), s.block));
            p.add(
                Fact::Retention {
                    period,
                    trigger,
                    event,
                },
                &s.text,
                None,
            );
        } else if let Some(m) = SCHEDULE.find(&s.text)
            && (POINTER.is_match(&s.text)
                || KEEPING
                    .find_iter(&s.text)
                    .any(|k| !k.as_str().eq_ignore_ascii_case("retention")))
        {
            propose_schedule(p, m.as_str(), &s.text);
        }
    }
}

/// Proposes the rule "kept as the schedule `name` says", stated by `sentence`.
fn propose_schedule(p: &mut Proposal, name: &str, sentence: &str) {
    p.add(
        Fact::Retention {
            period: Period::Schedule(name.to_string()),
            trigger: Trigger::NotStated,
            event: None,
        },
        sentence,
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<String> {
        crate::extract::proposed_alone(text, propose, |f| match f {
            Fact::Retention {
                period,
                trigger,
                event,
            } => Some(format!(
                "{period:?} {} {}",
                trigger.as_str(),
                event.as_deref().unwrap_or("")
            )),
            _ => None,
        })
    }

    #[test]
    fn durations_in_digits_and_words_with_their_start() {
        assert_eq!(
            rules("Privacy notice\n\nWe keep case files for six years after the case is closed.\n"),
            ["Years(6) closure "]
        );
        assert_eq!(
            rules("Privacy notice\n\nAnalytics data is retained for 26 months.\n"),
            ["Months(26) not-stated "]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nRecords are held for twenty-five years from the date of birth.\n"
            ),
            ["Years(25) birth "]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nYour details will be kept for a period of up to six months following the date of your last email to us.\n"
            ),
            ["Months(6) event your last email to us"]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nData about vulnerable adults is kept between 10 years to 30 years.\n"
            ),
            ["Range { min: 10, max: 30 } not-stated "]
        );
    }

    #[test]
    fn ages_events_and_schedules() {
        assert_eq!(
            rules(
                "Privacy notice\n\nWe will keep your data until you have reached the age of 25.\n"
            ),
            ["UntilAge(25) not-stated "]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nHow long we keep it\n\nWe keep your account details until you close your account.\n"
            ),
            ["UntilEvent(\"you close your account\") not-stated "]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nWe only keep your data in accordance with our retention schedule.\n"
            ),
            ["Schedule(\"retention schedule\") not-stated "]
        );
    }

    #[test]
    fn no_rule_from_noise() {
        for text in [
            "Privacy notice\n\nHow long we keep your data for 6 years\n\nWe collect your name.\n",
            "Privacy notice\n\nWe use it to:\n\n- keep track of spending on services\n",
            "Privacy notice\n\nWe will contact you within 10 working days.\n",
            "Privacy notice\n\nWe will not keep your data for more than a year.\n",
            "Privacy notice\n\nWe call this our data retention policy.\n",
            "Privacy notice\n\nWe will keep you informed until your case is decided.\n",
        ] {
            assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
        }
    }

    #[test]
    fn deleting_when_something_happens_keeps_until_then() {
        assert_eq!(
            rules(
                "Privacy notice\n\nWe may delete your account when you have been inactive for two years.\n"
            ),
            ["Years(2) not-stated "]
        );
        assert_eq!(
            rules(
                "Privacy notice\n\nWe may delete your account once you have unsubscribed from all our lists.\n"
            ),
            ["UntilEvent(\"you have unsubscribed from all our lists\") not-stated "]
        );
    }
}
