//! `basis help TOPIC` (the reference documents, embedded in the binary so that an installed
//! basis carries them), `basis completions SHELL` and `basis man`.

use super::{Cli, Failure};
use clap::CommandFactory;
use std::io::Write;

/// The documents `basis help` prints: a topic name, a line about it, and its text.
pub const TOPICS: &[(&str, &str, &str)] = &[
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
pub const TOPICS_HELP: &str = "\
Reference (printed by `basis help TOPIC`):
  language        the query language: entities, fields, operators, citations
  checks          every rule of `basis check`, with its code and source
  reports         the ROPA, compare and retention reports
  dataset-format  how organisations, notices and flows are written (TOML)
  authoring       a skeleton from a notice, the loader's cross-checks, `basis diff`
  repl            the interactive shell: meta-commands and keys
  scale           synthetic national datasets and snapshots (`basis gen`)
  interop         RDF with DPV, graph CSV and diagrams (`basis export`)";

fn print(text: &str) {
    // A closed pipe (`basis help language | head`) is not an error worth a message.
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// `basis help [TOPIC | COMMAND…]`.
pub fn run_help(words: &[String]) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let Some(first) = words.first() else {
        print(&cmd.render_long_help().to_string());
        return Ok(());
    };
    if let Some((_, _, text)) = TOPICS.iter().find(|(name, _, _)| name == first) {
        print(text);
        return Ok(());
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
    print(&sub.render_long_help().to_string());
    Ok(())
}

/// `basis completions SHELL`: the completion script on standard output.
pub fn run_completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "basis", &mut out);
    print(&String::from_utf8_lossy(&out));
    Ok(())
}

/// `basis man`: the manual page (roff) on standard output, for `man -l -` or a `man1`
/// directory.
pub fn run_man() -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure {
            message: format!("error: cannot render the manual page: {e}\n"),
            code: 1,
        })?;
    print(&String::from_utf8_lossy(&out));
    Ok(())
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
    fn topics_help_lists_every_topic() {
        for (name, line, _) in TOPICS {
            assert!(TOPICS_HELP.contains(&format!("{name:<16}{line}")), "{name}");
        }
    }
}
