//! What the terminal wants: colours (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`) and the width
//! of standard output, decided once for the whole process.

use std::io::IsTerminal;
use std::sync::OnceLock;
use strum::{Display, EnumString, VariantNames};

/// `--color`: when to colour messages, highlighting and prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Display, EnumString, VariantNames)]
#[strum(serialize_all = "lowercase")]
#[strum(parse_err_ty = String, parse_err_fn = unknown_color)]
pub(crate) enum ColorChoice {
    /// At a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` (not `0`) forces colours.
    #[default]
    Auto,
    /// Always, even into a pipe or file.
    Always,
    /// Never.
    Never,
}

fn unknown_color(s: &str) -> String {
    crate::diagnostic::unknown_word("colour choice", s, ColorChoice::VARIANTS)
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();
static NO_PAGER: OnceLock<bool> = OnceLock::new();

/// Whether standard output is a terminal.
#[allow(clippy::disallowed_methods)] // asks, writes nothing: the writer is `out::Stdout`
pub(crate) fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Records `--no-pager` for the process (the first call wins).
pub(crate) fn set_no_pager(no_pager: bool) {
    let _ = NO_PAGER.set(no_pager);
}

/// Whether long results may go through a pager: standard output is a terminal and
/// `--no-pager` was not given.
pub(crate) fn pager_allowed() -> bool {
    !NO_PAGER.get().copied().unwrap_or(false) && stdout_is_terminal()
}

/// Records `--color` for the process (the first call wins).
pub(crate) fn set_color(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether a stream that is (or is not) a terminal gets colours, by `--color` and the
/// environment conventions (<https://no-color.org>, <https://bixense.com/clicolors/>):
/// `--color` beats both; `NO_COLOR` beats `CLICOLOR_FORCE`.
pub(crate) fn color_for(is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match CHOICE.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => {
            std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
        }
        ColorChoice::Auto => is_terminal,
    }
}

/// Whether standard error gets colours.
pub(crate) fn stderr_color() -> bool {
    color_for(std::io::stderr().is_terminal())
}

/// The terminal's width when standard output is one.
pub(crate) fn stdout_width() -> Option<u16> {
    if stdout_is_terminal() {
        terminal_size::terminal_size().map(|(w, _)| w.0)
    } else {
        None
    }
}
