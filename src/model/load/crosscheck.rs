//! Cross-checks of an id against its own quote: a basis id against the citation the quote
//! reads as (`id = "a9-2-g"` quoting "Article 9.2 h"), a legislation id and `status = "exact"`
//! against the title and year the quote names. An encoder's slip here loads silently
//! otherwise, and every query on the basis or Act then answers wrongly.
//!
//! Done in the loader, not as a `basis check` rule, so that it stops a wrong file at the first
//! `basis stats --data DIR` of README's "Adding an organisation", with file:line:column, like
//! every other encoding error; the citation reader it needs lives in the model for that reason.

use super::ctx::Ctx;
use crate::model::basis_words::bases_named_in;
use crate::model::citation::{citations_in, years_in};
use crate::model::fold_title;
use crate::model::raw::RawCitation;
use crate::model::{Basis, Legislation};

/// The notice's words for a citation: `cited` (when given) and the quote.
fn words(raw: &RawCitation) -> String {
    match &raw.cited {
        Some(c) => format!("{c}\n{}", raw.quote.get_ref()),
        None => raw.quote.get_ref().clone(),
    }
}

/// The most citations or years a message lists.
const SHOWN: usize = 5;

fn corrected(raw: &RawCitation) -> bool {
    raw.status
        .as_ref()
        .is_some_and(|s| s.get_ref() == "corrected")
}

/// Reports a basis whose id denotes none of the citations its quote (or `cited`) reads as, or,
/// when the quote cites no article, whose quote names other bases in plain words
/// ([`plain_words`]). A basis marked `status = "corrected"` is not checked (the notice
/// miscites, or the encoder reads it deliberately; the note says why).
pub(super) fn basis(cx: &mut Ctx, bases: &[Basis], ix: u32, raw: &RawCitation) {
    let Some(b) = bases.get(ix as usize) else {
        return;
    };
    // A basis entry without the fields of its law is reported in the vocabulary already;
    // comparing with it would only add a knock-on error.
    let shaped = match b.law {
        crate::model::Law::UkGdpr => b.article.is_some() && b.schedule.is_none(),
        crate::model::Law::Dpa2018 => {
            b.schedule.is_some() && b.part.is_some() && b.paragraph.is_some()
        }
    };
    if !shaped {
        return;
    }
    if corrected(raw) {
        return;
    }
    let text = words(raw);
    let cites = citations_in(&text);
    if cites.is_empty() {
        plain_words(cx, bases, b, raw, &text);
        return;
    }
    if cites.iter().any(|c| c.denotes(b)) {
        return;
    }
    // A few are enough to see the slip; a quote full of citations must not flood the message.
    let mut read: Vec<String> = cites.iter().take(SHOWN).map(ToString::to_string).collect();
    if cites.len() > SHOWN {
        read.push(format!("and {} more", cites.len() - SHOWN));
    }
    let meant: Vec<&str> = bases
        .iter()
        .filter(|o| cites.iter().any(|c| c.denotes(o)))
        .map(|o| o.id.as_str())
        .take(4)
        .collect();
    let span = raw.id.as_ref().map_or(raw.quote.span(), |i| i.span());
    let help = if meant.is_empty() {
        "cite the basis the quote names, or mark a deliberate difference with `status = \"corrected\"` and a `note`".to_string()
    } else {
        format!(
            "the quote names {}; use that id, or mark a deliberate difference with `status = \"corrected\"` and a `note`",
            meant
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    cx.invalid(
        Some(span),
        format!(
            "basis `{}` is {}, but its quote cites {}",
            b.id,
            b.citation(),
            read.join(", ")
        ),
        Some(&help),
    );
}

/// The block a basis id belongs to: `a6` for Art. 6(1), `a9` for Art. 9(2), `sch1` for the
/// DPA 2018 Sch. 1 conditions. Plain words are compared only within one block: a quote that
/// says "consent" names Art. 6(1)(a), and says nothing against an Art. 9(2) condition.
fn block(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// Reports a basis whose quote cites no article but names, in plain words, other bases of
/// the same block and not this one: `a6-1-e` quoting "Sometimes we have a legal duty to
/// share" (the words of Art. 6(1)(c)). Which id an encoder picks for such a sentence decides
/// what the queries and `basis check` say (BAS005 reads a public authority's Art. 6(1)(c) and
/// (e) differently), so the choice must be the words' or said to be deliberate.
fn plain_words(cx: &mut Ctx, bases: &[Basis], b: &Basis, raw: &RawCitation, text: &str) {
    let named: Vec<(&str, &str)> = bases_named_in(text)
        .into_iter()
        .filter(|(id, _)| block(id) == block(&b.id) && bases.iter().any(|o| o.id == *id))
        .collect();
    if named.is_empty() || named.iter().any(|(id, _)| *id == b.id) {
        return;
    }
    let read: Vec<String> = named
        .iter()
        .take(SHOWN)
        .map(|(id, w)| format!("\"{w}\" (`{id}`)"))
        .collect();
    let meant: Vec<String> = named
        .iter()
        .take(4)
        .map(|(id, _)| format!("`{id}`"))
        .collect();
    let span = raw.id.as_ref().map_or(raw.quote.span(), |i| i.span());
    cx.invalid(
        Some(span),
        format!(
            "basis `{}` is {}, but its quote names in plain words {}",
            b.id,
            b.citation(),
            read.join(", ")
        ),
        Some(&format!(
            "use {}, or mark a deliberate reading with `status = \"corrected\"` and a `note` saying why",
            meant.join(" or ")
        )),
    );
}

/// A title without its year ("children act").
fn stem(title: &str) -> String {
    let t = fold_title(title);
    let cut = t
        .find(|c: char| c.is_ascii_digit())
        .map_or(t.as_str(), |i| &t[..i]);
    cut.trim().to_string()
}

/// Whether `text` (normalised) names `act` by its title and year, or by one of its aliases,
/// as a whole phrase.
fn names(text: &str, act: &Legislation) -> bool {
    let full = format!("{} {}", stem(&act.title), act.year);
    std::iter::once(full)
        .chain(act.aliases.iter().map(|a| fold_title(a)))
        .any(|name| phrase_in(text, &name))
}

/// Whether `name` occurs in `text` as a whole phrase (not inside a longer word).
fn phrase_in(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + name.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Reports a legislation id whose quote names another Act of the registry by title and year
/// (and not this one), and a `status = "exact"` whose quote does not carry this Act's title
/// or names another year.
pub(super) fn legislation(
    cx: &mut Ctx,
    reg: &[Legislation],
    ix: u32,
    raw: &RawCitation,
    exact: bool,
) {
    let Some(act) = reg.get(ix as usize) else {
        return;
    };
    let text = fold_title(&words(raw));
    let span = raw.id.as_ref().map_or(raw.quote.span(), |i| i.span());
    if !names(&text, act)
        && let Some(other) = reg.iter().find(|o| o.id != act.id && names(&text, o))
    {
        cx.invalid(
            Some(span),
            format!(
                "legislation `{}` is the {}, but its quote names the {}",
                act.id, act.title, other.title
            ),
            Some(&format!("use `id = \"{}\"`", other.id)),
        );
        return;
    }
    if !exact {
        return;
    }
    let own = stem(&act.title);
    let stated = years_in(&text);
    let by_alias = act.aliases.iter().any(|a| phrase_in(&text, &fold_title(a)));
    let problem = if by_alias {
        None
    } else if !text.contains(&own) {
        Some(format!("does not name the {}", act.title))
    } else if !stated.is_empty() && !stated.contains(&act.year) {
        let mut ys: Vec<String> = stated.iter().take(SHOWN).map(u32::to_string).collect();
        if stated.len() > SHOWN {
            ys.push(format!("and {} more", stated.len() - SHOWN));
        }
        Some(format!("names {}, not {}", ys.join(", "), act.year))
    } else {
        None
    };
    if let Some(problem) = problem {
        let at = raw.status.as_ref().map_or(span, |s| s.span());
        cx.invalid(
            Some(at),
            format!(
                "legislation `{}` has `status = \"exact\"`, but its quote {problem}",
                act.id
            ),
            Some("if the notice misnames the Act, write `status = \"corrected\"` with a `note`; otherwise fix the id"),
        );
    }
}

/// The mark `basis new org` leaves in values it cannot guess.
pub(crate) const TODO: &str = "TODO";

/// Reports an organisation name still holding the skeleton's `TODO` (its id and type are
/// rejected as ids already): a skeleton never loads half filled in.
pub(super) fn unfilled_org(cx: &mut Ctx, org: &crate::model::raw::RawOrg) {
    if org.name.trim_start().starts_with(TODO) {
        cx.invalid(
            Some(org.id.span()),
            format!("the name of `{}` is still a TODO", org.id.get_ref()),
            Some("write the organisation's name as its notice gives it in `name = \"…\"`"),
        );
    }
}
