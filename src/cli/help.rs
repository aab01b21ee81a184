//! `basis help TOPIC` (the reference documents, embedded in the binary so that an installed
//! basis carries them), `basis completions SHELL` and `basis man`.

use super::terminal::stdout_width;
use super::{Cli, Failure, out};
use clap::CommandFactory;
use std::path::Path;

/// The documents `basis help` prints: a topic name, a line about it, and its text.
pub(super) const TOPICS: &[(&str, &str, &str)] = &[
    (
        "language",
        "the query language: entities, fields, operators, citations",
        include_str!("../../docs/language.md"),
    ),
    (
        "checks",
        "every rule of `basis check`, with its code and source",
        include_str!("../../docs/checks.md"),
    ),
    (
        "reports",
        "the ROPA, compare and retention reports",
        include_str!("../../docs/reports.md"),
    ),
    (
        "dataset-format",
        "how organisations, notices and flows are written (TOML)",
        include_str!("../../docs/dataset-format.md"),
    ),
    (
        "authoring",
        "a skeleton from a notice, the loader's cross-checks, `basis diff`",
        include_str!("../../docs/authoring.md"),
    ),
    (
        "repl",
        "the interactive shell: meta-commands and keys",
        include_str!("../../docs/repl.md"),
    ),
    (
        "scale",
        "synthetic national datasets and snapshots (`basis gen`)",
        include_str!("../../docs/scale.md"),
    ),
    (
        "interop",
        "RDF with DPV, graph CSV and diagrams (`basis export`)",
        include_str!("../../docs/interop.md"),
    ),
];

/// The topics, for the end of `basis --help`.
pub(super) const TOPICS_HELP: &str = "\
Reference (printed by `basis help TOPIC`):
  language        the query language: entities, fields, operators, citations
  checks          every rule of `basis check`, with its code and source
  reports         the ROPA, compare and retention reports
  dataset-format  how organisations, notices and flows are written (TOML)
  authoring       a skeleton from a notice, the loader's cross-checks, `basis diff`
  repl            the interactive shell: meta-commands and keys
  scale           synthetic national datasets and snapshots (`basis gen`)
  interop         RDF with DPV, graph CSV and diagrams (`basis export`)";

/// Writes help text where `-o` says: standard output (through the pager when `paged` and
/// allowed) or a file.
fn emit(text: &str, file: Option<&Path>, paged: bool) -> Result<(), Failure> {
    out::emit(file, text.as_bytes(), paged).map(|_| ())
}

/// `basis help [TOPIC | COMMAND…]`. A topic goes through the pager at a terminal, its lines
/// wrapped at spaces to the terminal's width, so that no word is broken across two lines.
pub(super) fn run_help(words: &[String], file: Option<&Path>) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let Some(first) = words.first() else {
        return emit(&cmd.render_long_help().to_string(), file, true);
    };
    if let Some((_, _, text)) = TOPICS.iter().find(|(name, _, _)| name == first) {
        let width = if file.is_none() { stdout_width() } else { None };
        let text = match width {
            Some(w) => wrap_document(text, usize::from(w)),
            None => (*text).to_string(),
        };
        return emit(&text, file, true);
    }
    // A command (and subcommands): its own --help.
    let mut sub = &mut cmd;
    for w in words {
        match sub.find_subcommand_mut(w) {
            Some(s) => sub = s,
            None => {
                let topics: Vec<&str> = TOPICS.iter().map(|t| t.0).collect();
                let commands: Vec<String> = Cli::command()
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                return Err(Failure {
                    message: format!(
                        "error: no help on `{}`\n  = help: topics: {}\n  = help: commands: {}\n",
                        words.join(" "),
                        topics.join(", "),
                        commands.join(", ")
                    ),
                    code: 2,
                });
            }
        }
    }
    let name = format!("basis {}", words.join(" "));
    let mut sub = sub.clone().bin_name(name);
    emit(&sub.render_long_help().to_string(), file, true)
}

/// A Markdown document with every line longer than `width` broken at spaces, never inside a
/// word (a word longer than the line stays whole). A continued line keeps its indentation,
/// and under a list item, quote or table row lines up with the item's text.
pub(crate) fn wrap_document(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = hanging_indent(line, width);
        // What comes before the indent is kept as written (a marker, an aligned first
        // column); the rest is wrapped under it.
        let head: String = line.chars().take(indent).collect();
        let body: String = line.chars().skip(indent).collect();
        let mut current = head;
        let mut len = indent;
        for word in body.split_whitespace() {
            let n = word.chars().count();
            if len > indent && len + 1 + n > width {
                out.push_str(current.trim_end());
                out.push('\n');
                current = " ".repeat(indent);
                len = indent;
            } else if len > indent {
                current.push(' ');
                len += 1;
            }
            current.push_str(word);
            len += n;
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    out
}

/// Where a wrapped line's continuations start, in characters: under the text of a list item
/// (`- `, `1. `), quote (`> `) or table row (`| `); under the second column of a two-column
/// line (`  .save FILE    the last result…`) when that leaves half the width; else at the
/// line's own indentation.
fn hanging_indent(line: &str, width: usize) -> usize {
    let lead = line.chars().take_while(|c| *c == ' ').count();
    let rest: String = line.chars().skip(lead).collect();
    let marker = ["- ", "* ", "> ", "| "]
        .iter()
        .find(|m| rest.starts_with(*m))
        .map(|m| m.len())
        .or_else(|| {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && rest[digits..].starts_with(". ")).then_some(digits + 2)
        });
    if let Some(m) = marker {
        return lead + m;
    }
    let column = rest.find("  ").map(|gap| {
        let after = rest[gap..].len() - rest[gap..].trim_start().len();
        lead + rest[..gap + after].chars().count()
    });
    match column {
        Some(c) if c * 2 <= width && c < line.chars().count() => c,
        _ => lead,
    }
}

/// `basis completions SHELL`: the completion script.
pub(super) fn run_completions(
    shell: clap_complete::Shell,
    file: Option<&Path>,
) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "basis", &mut script);
    emit(&String::from_utf8_lossy(&script), file, false)
}

/// `basis man`: the manual page (roff), for `man -l -` or a `man1` directory. One page: its
/// COMMANDS section gives each command's synopsis and purpose, and refers to `basis help
/// COMMAND` for its options — not to `basis-query(1)` and the like, which are not installed.
pub(super) fn run_man(file: Option<&Path>) -> Result<(), Failure> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    let rendered = (|| {
        man.render_title(&mut page)?;
        man.render_name_section(&mut page)?;
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
        page.extend_from_slice(commands_section(&cmd).as_bytes());
        man.render_extra_section(&mut page)?;
        man.render_version_section(&mut page)
    })();
    rendered.map_err(|e| Failure {
        message: format!("error: cannot render the manual page: {e}\n"),
        code: 1,
    })?;
    emit(&String::from_utf8_lossy(&page), file, false)
}

/// The manual's COMMANDS section: every command and subcommand with its usage and purpose.
fn commands_section(cmd: &clap::Command) -> String {
    let mut roff = String::from(".SH COMMANDS\n");
    let mut add = |sub: &clap::Command, name: &str| {
        let mut sub = sub.clone().bin_name(name);
        let usage = sub.render_usage().to_string();
        let usage = usage.trim_start_matches("Usage:").trim();
        roff.push_str(&format!(".TP\n\\fB{}\\fR\n", roman(usage)));
        if let Some(about) = sub.get_about() {
            for line in about.to_string().lines() {
                roff.push_str(&roman(line));
                roff.push('\n');
            }
        }
    };
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("basis {}", sub.get_name());
        if sub.has_subcommands() {
            for leaf in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
                add(leaf, &format!("{name} {}", leaf.get_name()));
            }
        } else {
            add(sub, &name);
        }
    }
    roff.push_str(".PP\nEach command's options: \\fBbasis help\\fR \\fICOMMAND\\fR (or \\fBbasis\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR).\n");
    roff
}

/// Text escaped for roff: backslashes, hyphens, and a leading `.` or `'` (which would start
/// a request).
fn roman(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command's long help, recursively.
    fn helps(cmd: &mut clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((path.to_string(), cmd.render_long_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            let p = format!("{path} {}", sub.get_name());
            helps(sub, &p, out);
        }
    }

    #[test]
    fn help_has_no_rustdoc_links_and_no_paths_to_docs() {
        let mut all = Vec::new();
        helps(&mut Cli::command(), "basis", &mut all);
        assert!(all.len() > 8, "every command is visited");
        for (path, text) in all {
            assert!(
                !text.contains("[`"),
                "{path} --help has a rustdoc link:\n{text}"
            );
            assert!(
                !text.contains("docs/"),
                "{path} --help names docs/:\n{text}"
            );
            assert!(!text.contains("crate::"), "{path} --help:\n{text}");
        }
    }

    #[test]
    fn documents_wrap_at_spaces_under_their_items() {
        let doc =
            "short\n- a list item whose words go past the edge\n  indented words that go on\n";
        assert_eq!(
            wrap_document(doc, 20),
            "short\n- a list item whose\n  words go past the\n  edge\n  indented words\n  that go on\n"
        );
        // A word longer than the line stays whole.
        assert_eq!(
            wrap_document("a abcdefghijklmnop b", 8),
            "a\nabcdefghijklmnop\nb\n"
        );
        assert_eq!(
            wrap_document("12. one two three", 10),
            "12. one\n    two\n    three\n"
        );
        // A two-column line keeps its first column and wraps under the second.
        assert_eq!(
            wrap_document("  .save FILE   the last result in a file", 30),
            "  .save FILE   the last result\n               in a file\n"
        );
    }

    #[test]
    fn topics_help_lists_every_topic() {
        for (name, line, _) in TOPICS {
            assert!(TOPICS_HELP.contains(&format!("{name:<16}{line}")), "{name}");
        }
    }
}
