//! `basis new org --notice FILE`: the command line of the notice extractor
//! ([`crate::extract`]), for README's "Adding an organisation". It reads the arguments and the
//! notice, asks the library for a proposal, and writes it; what is proposed, and how, is the
//! library's.

use super::Failure;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `basis new` writes.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum NewCommand {
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
pub(super) fn run(cmd: NewCommand) -> Result<(), Failure> {
    let NewCommand::Org {
        notice,
        id,
        output,
        force,
        data,
    } = cmd;
    let fail = Failure::error;
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
    let options = crate::extract::Options {
        org_id: id.as_deref(),
        file_name: &file_name,
        shared_parties: &shared,
    };
    let toml = crate::extract::propose(&text, &model, &options).to_toml();
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
    // A directory without parties.toml loads the built-in shared parties, as the loader does.
    let Some(dir) = data
        .data
        .as_deref()
        .filter(|p| p.is_dir() && p.join("parties.toml").is_file())
    else {
        return crate::report::ropa_import::builtin_shared_parties();
    };
    let text = std::fs::read_to_string(dir.join("parties.toml")).unwrap_or_default();
    let Ok(t) = text.parse::<toml::Table>() else {
        return HashSet::new();
    };
    crate::model::raw::table_strings(&t, "party", "id")
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
