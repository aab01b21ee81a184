//! Reading a binary snapshot ([`crate::model::snapshot`]) into a model with the built-in
//! vocabularies: the loader's door to snapshots, so that the snapshot format itself depends on
//! nothing of the loader.

use super::{LoadError, LoadErrorKind, LoadErrors, load_builtin};
use crate::model::snapshot::{self, SnapshotProblem};
use crate::model::{Model, Vocab};
use std::path::Path;

/// Reads the snapshot at `path` with the built-in vocabularies.
pub fn read_snapshot(path: &Path) -> Result<Model, LoadError> {
    let fail = |kind| LoadError {
        file: path.display().to_string(),
        span: None,
        kind,
    };
    // The built-in vocabularies load (from their TOML) on a second thread while this one
    // reads and decodes the snapshot: the two do not depend on each other until the end.
    let (bytes, decoded, vocab) = std::thread::scope(|scope| {
        let vocab = scope.spawn(builtin_vocab);
        let bytes = std::fs::read(path);
        let decoded = bytes.as_ref().ok().map(|b| snapshot::unpack(b));
        // A panic while loading the vocabularies is a bug; load them here rather than lose it.
        let vocab = vocab.join().unwrap_or_else(|_| builtin_vocab());
        (bytes, decoded, vocab)
    });
    if let Err(e) = bytes {
        return Err(fail(LoadErrorKind::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }));
    }
    let vocab = vocab.map_err(|e| {
        fail(LoadErrorKind::Invalid {
            message: format!("the built-in vocabularies do not load: {e}"),
            help: None,
        })
    })?;
    decoded
        .unwrap_or(Err(SnapshotProblem::Malformed("no bytes".into())))
        .and_then(|unpacked| snapshot::assemble(unpacked, vocab))
        .map_err(|problem| {
            fail(LoadErrorKind::Snapshot {
                path: path.display().to_string(),
                problem,
            })
        })
}

/// The built-in vocabularies (the ones `basis gen` uses).
pub fn builtin_vocab() -> Result<Vocab, LoadErrors> {
    load_builtin().map(|m| m.vocab)
}
