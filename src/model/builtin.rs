//! The datasets compiled into the binary, so that basis works from any directory.

use include_dir::{Dir, include_dir};

static DATASETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/datasets");

/// A file of the built-in datasets: its path as shown in messages and its text.
pub(crate) struct BuiltinFile {
    /// `datasets/<relative path>`.
    pub name: String,
    /// The file's text.
    pub text: &'static str,
}

/// Files directly under `datasets/<sub>` (or `datasets/` for `""`) with the given extension,
/// sorted by name.
pub(crate) fn files(sub: &str, ext: &str) -> Vec<BuiltinFile> {
    let dir = if sub.is_empty() {
        Some(&DATASETS)
    } else {
        DATASETS.get_dir(sub)
    };
    let mut out: Vec<BuiltinFile> = dir
        .into_iter()
        .flat_map(|d| d.files())
        .filter(|f| f.path().extension().and_then(|e| e.to_str()) == Some(ext))
        .filter_map(|f| {
            Some(BuiltinFile {
                name: format!("datasets/{}", f.path().display()),
                text: f.contents_utf8()?,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
