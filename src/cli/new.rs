//! `basis new org --notice FILE`: a skeleton organisation file proposed from a notice's
//! sentences, for README's "Adding an organisation". Each proposal quotes, verbatim, the
//! sentence it came from, so the loader checks it against the notice like any fact:
//!
//! - lawful bases from the citations in a sentence (the model's citation reader, the one the
//!   loader cross-checks with), when a citation names exactly one basis;
//! - legislation from the registry's titles and years (`exact` when both match, `corrected`
//!   when the title matches with another year);
//! - categories, subjects, purposes and rights by their vocabulary names, and recipients or
//!   sources by the names and aliases of the shared parties.
//!
//! What it cannot guess is a `TODO`: values the loader rejects until they are filled in (the
//! organisation's id, name and type), and commented-out blocks with the sentences to read
//! (ambiguous or non-existent citations, Acts the registry does not know, retention).

use super::Failure;
use crate::model::citation::citations_in;
use crate::model::{Legislation, Model};
use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `basis new` writes.
#[derive(Debug, clap::Subcommand)]
pub enum NewCommand {
    /// A skeleton organisation file from a notice: proposed ids with the verbatim sentence
    /// each came from, and TODOs the loader rejects until they are filled in. Put the notice in
    /// the dataset's `notices/` directory and the file beside it, then run
    /// `basis stats --data DIR` (`basis help authoring`).
    Org {
        /// The notice, as plain text (at most 1 MiB).
        #[arg(long, value_name = "FILE")]
        notice: PathBuf,
        /// The organisation's id (lower-case words joined by `-`); without it, a TODO.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Where to write the skeleton (`-` or none: standard output). An existing file is
        /// kept unless `--force`.
        #[arg(short = 'o', long = "output", value_name = "FILE.toml")]
        output: Option<PathBuf>,
        /// Overwrite an existing output file.
        #[arg(long)]
        force: bool,
        /// The dataset whose vocabularies, parties and legislation ids are proposed (default:
        /// the built-in one).
        #[command(flatten)]
        data: super::DataArgs,
    },
}

/// The largest notice read: notices are a few thousand characters; this bounds the work.
const MAX_NOTICE: u64 = 1 << 20;

/// Runs `basis new …`.
pub fn run(cmd: NewCommand) -> Result<(), Failure> {
    let NewCommand::Org {
        notice,
        id,
        output,
        force,
        data,
    } = cmd;
    let fail = |message: String, code: u8| Failure {
        message: format!("error: {message}\n"),
        code,
    };
    if let Some(id) = &id
        && !crate::model::load::is_kebab(id)
    {
        return Err(fail(
            format!(
                "`{id}` is not an id: use lower-case words joined by `-`, e.g. `borough-council`"
            ),
            2,
        ));
    }
    let shown = notice.display();
    let len = std::fs::metadata(&notice)
        .map_err(|e| fail(format!("cannot read {shown}: {e}"), 1))?
        .len();
    if len > MAX_NOTICE {
        return Err(fail(
            format!("{shown} is {len} bytes; a notice is read up to {MAX_NOTICE}"),
            1,
        ));
    }
    let bytes = std::fs::read(&notice).map_err(|e| fail(format!("cannot read {shown}: {e}"), 1))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(
            format!(
                "{shown} is not UTF-8 text (at byte {})",
                e.utf8_error().valid_up_to()
            ),
            1,
        )
    })?;
    let model = super::load_data(&data)?;
    let file_name = notice
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shared = shared_parties(&data);
    let toml = skeleton(&model, &shared, &text, &file_name, id.as_deref());
    if let Some(out) = output.as_deref().filter(|p| p.as_os_str() != "-") {
        // A file of the user's is kept unless --force; a device or pipe is only written to.
        if std::fs::metadata(out).is_ok_and(|m| m.is_file()) && !force {
            return Err(fail(
                format!("{} exists; give --force to replace it", out.display()),
                2,
            ));
        }
        super::out::emit(Some(out), toml.as_bytes(), false)?;
        eprintln!("{}", next_steps(out, &notice));
    } else {
        super::out::emit(None, toml.as_bytes(), false)?;
    }
    Ok(())
}

/// The ids of the shared parties (`parties.toml`) of the dataset: the parties a new file may
/// name without declaring them. Parties of other organisations' files are not proposed.
fn shared_parties(data: &super::DataArgs) -> HashSet<String> {
    let Some(dir) = data.data.as_deref().filter(|p| p.is_dir()) else {
        return crate::report::ropa_import::builtin_shared_parties();
    };
    let text = std::fs::read_to_string(dir.join("parties.toml")).unwrap_or_default();
    let Ok(t) = text.parse::<toml::Table>() else {
        return HashSet::new();
    };
    t.get("party")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("id").and_then(toml::Value::as_str))
        .map(str::to_string)
        .collect()
}

/// What to do after writing `out`: where the notice must be, what to fill in, how to load.
fn next_steps(out: &Path, notice: &Path) -> String {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let in_place = notice
        .parent()
        .is_some_and(|p| p.file_name().is_some_and(|n| n == "notices"));
    let mut s = format!("wrote {}", out.display());
    if !in_place {
        let _ = write!(
            s,
            "\nthe notice must be in {}/notices/ for its quotes to be checked",
            dir.display()
        );
    }
    let _ = write!(
        s,
        "\nfill in every TODO, review each proposal, then run: basis stats --data {}",
        dir.display()
    );
    s
}

/// One sentence of the notice: a line's text without its bullet, cut at sentence ends.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line
            .trim()
            .trim_start_matches(['•', '-', '*', '·', '–'])
            .trim();
        let mut rest = line;
        while !rest.is_empty() {
            // A full stop, question or exclamation mark followed by a space and a capital.
            let cut = rest
                .char_indices()
                .find(|&(i, c)| {
                    matches!(c, '.' | '?' | '!') && {
                        let mut after = rest[i + c.len_utf8()..].chars();
                        after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase)
                    }
                })
                .map_or(rest.len(), |(i, c)| i + c.len_utf8());
            let s = rest[..cut].trim();
            if !s.is_empty() {
                out.push(s);
            }
            rest = &rest[cut..];
        }
    }
    out
}

/// Whether `name` occurs in `sentence` as a whole phrase. Acronyms and short capitalised
/// names ("DfE", "GPs") must match in case; other names of five letters or more match in any
/// case; shorter lower-case ones ("you") are too common to mean anything.
#[cfg(test)]
fn mentions(sentence: &str, name: &str) -> bool {
    mentions_in(sentence, &sentence.to_lowercase(), name)
}

/// [`mentions`] with the sentence's lower case computed once for every name tried.
fn mentions_in(sentence: &str, lowered: &str, name: &str) -> bool {
    let name = name.trim();
    let upper = name.chars().filter(|c| c.is_uppercase()).count();
    let exact_case = upper >= 2 || (upper == 1 && name.len() <= 4);
    if name.len() < 3 || (!exact_case && name.len() < 5) {
        return false;
    }
    let lower_name;
    let (hay, needle) = if exact_case {
        (sentence, name)
    } else {
        lower_name = name.to_lowercase();
        (lowered, lower_name.as_str())
    };
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A TOML basic string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Every line of `s` as a `#` comment.
fn commented(s: &str) -> String {
    s.lines().map(|l| format!("# {l}\n")).collect()
}

/// Lower case, curly apostrophes straightened, white space collapsed.
fn norm(s: &str) -> String {
    let s = s.replace(['’', '‘'], "'").to_lowercase();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A registry title without its year, normalised.
fn stem(title: &str) -> String {
    let t = norm(title);
    let t = t.strip_prefix("the ").unwrap_or(&t).to_string();
    let cut = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    t[..cut].trim().to_string()
}

/// The years of four digits in a sentence.
fn years(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1200..=2100).contains(y))
        .collect()
}

/// How a sentence names an Act of the registry: exactly (title and year), or by title with
/// other years (the notice miscites the year).
enum ActMatch<'a> {
    Exact(&'a Legislation),
    OtherYear(&'a Legislation, Vec<u32>),
}

/// The registry's acts with their title stems, most recent first (computed once per notice).
fn registry(reg: &[Legislation]) -> Vec<(String, &Legislation)> {
    let mut out: Vec<(String, &Legislation)> = reg.iter().map(|a| (stem(&a.title), a)).collect();
    out.sort_by_key(|(_, a)| std::cmp::Reverse(a.year));
    out
}

fn acts_in<'a>(sentence: &str, reg: &[(String, &'a Legislation)]) -> Vec<ActMatch<'a>> {
    // Matched in ASCII lower case on the same bytes, so that a match's position also tells
    // whether the word before it is capitalised: "Children and Social Care Act 2017" does not
    // name the Care Act, because "Social" belongs to the title.
    let kept = sentence.replace(['’', '‘'], "'");
    let kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = kept.to_ascii_lowercase();
    let ys = years(sentence);
    let named = |phrase: &str| {
        phrase.split(' ').count() >= 2
            && lower.match_indices(phrase).any(|(i, _)| {
                let after = lower[i + phrase.len()..].chars().next();
                let boundary = !kept[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric);
                let capital =
                    |w: &str| w != "The" && w.chars().next().is_some_and(char::is_uppercase);
                // "Protection of Children Act": a small word after a capitalised one is
                // inside the title too.
                let mut before = kept[..i].split_whitespace().rev();
                let in_longer_title = match (before.next(), before.next()) {
                    (Some(w), _) if capital(w) => true,
                    (Some("of" | "and" | "for" | "on" | "to" | "in"), Some(w)) => capital(w),
                    _ => false,
                };
                boundary && !in_longer_title
            })
    };
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for (st, act) in reg {
        if named(&format!("{st} {}", act.year)) {
            out.push(ActMatch::Exact(act));
            done.insert(st.as_str());
        }
    }
    // A title with a year no Act of that title has ("Equality Act 2005"): one guess per
    // title, the most recent Act of it (the registry comes most recent first).
    for (st, act) in reg {
        if !ys.is_empty() && !done.contains(st.as_str()) && named(st) {
            out.push(ActMatch::OtherYear(act, ys.clone()));
            done.insert(st.as_str());
        }
    }
    out
}

/// Words that make a sentence about data coming in rather than going out.
const SOURCE_WORDS: [&str; 6] = [
    "receive",
    "obtain",
    "collect",
    "given to us",
    "tell us",
    "from",
];

/// A kind of vocabulary entry (`category`), its plural, and each entry's id and name.
type VocabByName<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// The skeleton organisation file for the notice `text` (file `file_name` in `notices/`),
/// proposing the parties whose ids are in `shared`.
pub fn skeleton(
    m: &Model,
    shared: &HashSet<String>,
    text: &str,
    file_name: &str,
    id: Option<&str>,
) -> String {
    let v = &m.vocab;
    let sents = sentences(text);
    let lowered: Vec<String> = sents.iter().map(|s| s.to_lowercase()).collect();
    // The first sentence naming `name`, if any; a name the whole text lacks (most of them)
    // costs one search, not one per sentence.
    let whole = text.to_lowercase();
    let first_naming = |name: &str| {
        if !whole.contains(&name.trim().to_lowercase()) {
            return None;
        }
        sents
            .iter()
            .zip(&lowered)
            .find(|(s, l)| mentions_in(s, l, name))
            .map(|(s, _)| *s)
    };
    let title = sents
        .iter()
        .find(|s| s.to_lowercase().contains("privacy"))
        .or_else(|| sents.first())
        .copied()
        .unwrap_or("TODO: the notice's title");
    let org = id.unwrap_or("TODO-org-id");
    let slug: String = title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "notice".to_string()
    } else {
        slug
    };
    let notice_id = format!("{org}-{slug}");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Skeleton written by `basis new org` from notices/{file_name}.\n\
         # Every proposal quotes the sentence it came from: keep what the notice says, delete\n\
         # the rest. Fill in each TODO (the loader rejects them until you do), then run\n\
         # `basis stats --data DIR` and `basis check --data DIR`. `basis help dataset-format`\n\
         # lists every field; `basis help authoring` walks through the steps.\n"
    );
    let _ = writeln!(
        out,
        "[org]\nid = {}\n\
         name = \"TODO: the organisation's name, as the notice gives it\"\n\
         type = \"TODO\"  # a party type of vocab/party-types.toml, e.g. local-authority\n",
        q(org)
    );
    let _ = writeln!(
        out,
        "[[notice]]\nid = {}\nfile = {}\ntitle = {}\n",
        q(&notice_id),
        q(file_name),
        q(title)
    );
    let _ = writeln!(
        out,
        "[[service]]\nid = {}\nname = {}\nnotice = {}\nquote = {}\n",
        q(&format!("{org}-service")),
        q(title),
        q(&notice_id),
        q(title)
    );

    // Vocabulary entries by name: the first sentence naming each.
    let trees: [VocabByName; 4] = [
        (
            "subject",
            "subjects",
            v.subjects
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str()))
                .collect(),
        ),
        (
            "category",
            "categories",
            v.categories
                .iter()
                .map(|e| (e.entry.id.as_str(), e.entry.name.as_str()))
                .collect(),
        ),
        (
            "purpose",
            "purposes",
            v.purposes
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str()))
                .collect(),
        ),
        (
            "right",
            "rights",
            v.rights
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str()))
                .collect(),
        ),
    ];
    for (kind, kinds, entries) in &trees {
        let mut any = false;
        for (id, name) in entries {
            if let Some(s) = first_naming(name) {
                if !any {
                    let _ = writeln!(out, "# ---- {kinds} proposed by name ----\n");
                    any = true;
                }
                let _ = writeln!(
                    out,
                    "[[service.{kind}]]\nid = {}  # “{name}”\nquote = {}\n",
                    q(id),
                    q(s)
                );
            }
        }
        if !any {
            let _ = writeln!(
                out,
                "# TODO: no {kind} of the vocabulary is named in the notice; add [[service.{kind}]]\n\
                 # entries with ids from datasets/vocab/ (or extend it) and a verbatim quote.\n"
            );
        }
    }

    // Lawful bases from citations.
    let _ = writeln!(
        out,
        "# ---- lawful bases, from the citations in the notice ----\n"
    );
    let mut proposed = BTreeSet::new();
    let mut unsure = String::new();
    for s in &sents {
        for c in citations_in(s) {
            let hits: Vec<&str> = v
                .bases
                .iter()
                .filter(|b| c.denotes(b))
                .map(|b| b.id.as_str())
                .collect();
            match hits.as_slice() {
                [one] => {
                    if proposed.insert((*one).to_string()) {
                        let _ = writeln!(
                            out,
                            "[[service.basis]]\nid = {}  # {c}\nquote = {}\n",
                            q(one),
                            q(s)
                        );
                    }
                }
                // Schedules of other Acts ("Children Act 1989 schedule 2") are no basis.
                [] if matches!(c, crate::model::citation::Citation::Schedule { .. })
                    && !s.contains("Data Protection Act")
                    && !s.contains("DPA") => {}
                [] => {
                    let _ = write!(
                        unsure,
                        "# TODO: “{c}” names no lawful basis; if the notice means one, give its id\n\
                         # (status = \"corrected\", with a note); else unresolved = true with a note:\n{}\n",
                        commented(&format!(
                            "[[service.basis]]\nunresolved = true\nnote = \"TODO\"\nquote = {}",
                            q(s)
                        ))
                    );
                }
                many => {
                    let _ = write!(
                        unsure,
                        "# TODO: “{c}” could be any of {}; keep the one(s) the notice relies on:\n{}\n",
                        many.join(", "),
                        commented(&format!(
                            "[[service.basis]]\nid = \"TODO\"\nquote = {}",
                            q(s)
                        ))
                    );
                }
            }
        }
    }
    if proposed.is_empty() {
        out.push_str(
            "# TODO: the notice cites no article; read its lawful-basis sentences and add\n\
             # [[service.basis]] entries (ids in datasets/vocab/bases.toml).\n\n",
        );
    }
    out.push_str(&unsure);

    // Legislation from the registry.
    let _ = writeln!(
        out,
        "# ---- legislation, matched against datasets/vocab/legislation.toml ----\n"
    );
    let mut acts = BTreeSet::new();
    let reg = registry(&v.legislation);
    for s in &sents {
        let found = acts_in(s, &reg);
        for f in &found {
            match f {
                ActMatch::Exact(a) => {
                    if acts.insert(a.id.clone()) {
                        let _ = writeln!(
                            out,
                            "[[service.legislation]]\nid = {}\nstatus = \"exact\"\nquote = {}\n",
                            q(&a.id),
                            q(s)
                        );
                    }
                }
                ActMatch::OtherYear(a, ys) => {
                    if acts.insert(a.id.clone()) {
                        let ys: Vec<String> = ys.iter().map(u32::to_string).collect();
                        let note = if ys.contains(&a.year.to_string()) {
                            format!(
                                "The notice words the title differently; it is the {}.",
                                a.title
                            )
                        } else {
                            format!(
                                "The notice gives the year {}; the instrument of that title is the {}.",
                                ys.join(", "),
                                a.title
                            )
                        };
                        let _ = writeln!(
                            out,
                            "# check: the title matches, the year does not\n\
                             [[service.legislation]]\nid = {}\nstatus = \"corrected\"\nnote = {}\nquote = {}\n",
                            q(&a.id),
                            q(&note),
                            q(s)
                        );
                    }
                }
            }
        }
        let names_an_act =
            s.split_whitespace().any(|w| w == "Act" || w == "Act,") && !years(s).is_empty();
        if found.is_empty() && names_an_act {
            let _ = writeln!(
                out,
                "# TODO: this sentence cites legislation the registry does not match; give the id\n\
                 # of the instrument meant (datasets/vocab/legislation.toml, or add it there) with\n\
                 # status = \"corrected\" and a note, or unresolved = true:\n{}",
                commented(&format!(
                    "[[service.legislation]]\nid = \"TODO\"\nstatus = \"corrected\"\nnote = \"TODO\"\nquote = {}",
                    q(s)
                ))
            );
        }
    }

    // Recipients and sources: shared parties by name or alias.
    let _ = writeln!(
        out,
        "# ---- recipients and sources, by the names of shared parties ----\n"
    );
    let mut parties = 0;
    for p in m.parties.iter().filter(|p| shared.contains(&p.id)) {
        let names: Vec<&String> = std::iter::once(&p.name)
            .chain(&p.aliases)
            .filter(|n| whole.contains(&n.trim().to_lowercase()))
            .collect();
        if names.is_empty() {
            continue;
        }
        let Some((s, name)) = sents
            .iter()
            .zip(&lowered)
            .find_map(|(s, l)| names.iter().find(|n| mentions_in(s, l, n)).map(|n| (s, *n)))
        else {
            continue;
        };
        parties += 1;
        let lower = s.to_lowercase();
        let source = SOURCE_WORDS.iter().any(|w| lower.contains(w));
        let (table, other) = if source {
            ("source", "recipient")
        } else {
            ("recipient", "source")
        };
        let _ = writeln!(
            out,
            "[[service.{table}]]  # check: or a {other}?\nparty = {}  # “{name}”\nquote = {}\n",
            q(&p.id),
            q(s)
        );
    }
    if parties == 0 {
        out.push_str("# TODO: no shared party is named; add this organisation's own parties.\n\n");
    }
    out.push_str(
        "# TODO: recipients the notice names that are not shared parties: declare each as\n\
         # [[party]] (id, name, type) in this file, then add a [[service.recipient]] quoting it.\n\n",
    );

    // Retention: the sentences to read.
    let about_keeping: Vec<&&str> = sents
        .iter()
        .filter(|s| {
            let l = s.to_lowercase();
            ["retain", "retention", "keep", "kept", "delete", "destroy"]
                .iter()
                .any(|w| l.contains(w))
        })
        .collect();
    out.push_str("# ---- retention ----\n");
    if about_keeping.is_empty() {
        out.push_str("# The notice says nothing about how long data is kept: record nothing.\n");
    } else {
        out.push_str(
            "# TODO: a [[service.retention]] (years = N or schedule = \"…\", trigger = …) for what\n\
             # these sentences say:\n",
        );
        for s in about_keeping {
            let _ = writeln!(out, "#   {}", q(s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_and_drop_bullets() {
        let got = sentences("  • We share it. Then we keep it.\nArt. 6 applies, e.g. here.\n");
        assert_eq!(
            got,
            [
                "We share it.",
                "Then we keep it.",
                "Art. 6 applies, e.g. here."
            ]
        );
    }

    #[test]
    fn names_match_as_whole_phrases_and_acronyms_by_case() {
        assert!(mentions("We tell the DfE.", "DfE"));
        assert!(!mentions("We tell the dfe.", "DfE"));
        assert!(mentions("we ask your GP and other GPs", "GPs"));
        assert!(!mentions("your name and details", "you"));
        assert!(mentions("Physical Health records", "physical health"));
        assert!(!mentions("unhealthy", "health"));
    }
}
