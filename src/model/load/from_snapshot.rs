//! Reading a binary snapshot ([`crate::model::snapshot`]) into a model with the built-in
//! vocabularies: the loader's door to snapshots, so that the snapshot format itself depends on
//! nothing of the loader.

use super::{LoadError, LoadErrorKind, LoadErrors, load_builtin};
use crate::model::snapshot;
use crate::model::{Model, Vocab};
use std::path::Path;

/// Reads the snapshot at `path` with the built-in vocabularies.
pub fn read_snapshot(path: &Path) -> Result<Model, LoadError> {
    let fail = |kind| LoadError {
        file: path.display().to_string(),
        span: None,
        kind,
    };
    let io = |e: std::io::Error| {
        fail(LoadErrorKind::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    };
    // The built-in vocabularies load (from their TOML) on a second thread while this one
    // reads and decodes the snapshot: the two do not depend on each other until the end. The
    // file is decoded as it is read, never held whole beside the model.
    let (decoded, vocab) = std::thread::scope(|scope| {
        let vocab = scope.spawn(builtin_vocab);
        let decoded = std::fs::File::open(path)
            .and_then(|f| Ok((f.metadata()?.len(), f)))
            .map_err(snapshot::Unpack::Io)
            .and_then(|(size, f)| snapshot::unpack_from(f, size));
        // A panic while loading the vocabularies is a bug; load them here rather than lose it.
        let vocab = vocab.join().unwrap_or_else(|_| builtin_vocab());
        (decoded, vocab)
    });
    let unpacked = match decoded {
        Ok(u) => Ok(u),
        Err(snapshot::Unpack::Io(e)) => return Err(io(e)),
        Err(snapshot::Unpack::Problem(p)) => Err(p),
    };
    let vocab = vocab.map_err(|e| {
        fail(LoadErrorKind::Invalid {
            message: format!("the built-in vocabularies do not load: {e}"),
            help: None,
        })
    })?;
    unpacked
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
