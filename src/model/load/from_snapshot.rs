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

#[cfg(test)]
mod tests {
    use crate::model::snapshot::{self, MAGIC, SnapshotProblem, Unpack, VERSION};

    /// Every chunk size, down to one byte, so that texts, varints and the pools' long strings
    /// all straddle chunk boundaries, reads back the very snapshot that was written.
    #[test]
    fn a_snapshot_read_in_chunks_of_any_size_is_the_one_written() {
        let m = super::load_builtin().expect("built-in data");
        let bytes = snapshot::encode(&m).expect("encodes");
        for chunk in [1, 2, 3, 7, 64, 4099, 1 << 20] {
            let Ok(u) = snapshot::unpack_chunked(&bytes[..], bytes.len() as u64, chunk) else {
                panic!("chunk {chunk}: does not unpack");
            };
            let back =
                snapshot::assemble(u, super::builtin_vocab().expect("vocab")).expect("reads back");
            assert_eq!(
                snapshot::encode(&back).expect("encodes"),
                bytes,
                "chunk {chunk}"
            );
        }
    }

    /// A length prefix beyond the payload (a checksum-valid file from a buggy writer) is
    /// refused as malformed, and nothing is allocated for it.
    #[test]
    fn a_length_beyond_the_payload_is_refused() {
        // One organisation whose id is "2^62 bytes" long: a varint of nine bytes.
        let mut body = vec![1u8];
        body.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]);
        body.extend_from_slice(b"only these bytes follow");
        let vocab = super::builtin_vocab().expect("vocab");
        let mut bytes = Vec::new();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&snapshot::vocab_fingerprint(&vocab).to_le_bytes());
        bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        match snapshot::unpack_chunked(&bytes[..], bytes.len() as u64, 4) {
            Ok(u) => match snapshot::assemble(u, vocab) {
                Err(SnapshotProblem::Malformed(_)) => {}
                other => panic!("{:?}", other.map(|m| m.orgs.len())),
            },
            Err(Unpack::Problem(p)) => panic!("{p}"),
            Err(Unpack::Io(e)) => panic!("{e}"),
        }
    }

    /// A checksum-valid snapshot whose flow has a direction of 3 (no such direction), or a
    /// provenance of 3, is refused, naming the flow and saying why, rather than read as some
    /// direction.
    #[test]
    fn a_flow_with_marks_out_of_range_is_refused() {
        let m = crate::model::load::load_builtin().expect("built-in data");
        let vocab = m.vocab.clone();
        let encode = |m: &crate::model::Model| snapshot::encode(m).expect("encodes");
        assert!(snapshot::decode(&encode(&m), vocab.clone()).is_ok());
        for bad in [3u16, 3 << 6, 1 << 12] {
            let mut broken = m.clone();
            broken.flows[0].marks = crate::model::Marks(bad);
            match snapshot::decode(&encode(&broken), vocab.clone()) {
                Err(SnapshotProblem::Inconsistent(why)) => assert!(
                    why.starts_with("flow 0: ") && why.contains("direction and provenances"),
                    "{why}"
                ),
                other => panic!("{bad:#x}: {other:?}"),
            }
        }
    }

    /// A flow's condition pointing past the texts is named, not followed.
    #[test]
    fn a_flow_condition_past_the_texts_is_inconsistent() {
        let m = crate::model::load::load_builtin().expect("built-in data");
        let mut broken = m.clone();
        broken.flows[0].condition = crate::model::Condition(m.texts.len() as u32);
        let bytes = snapshot::encode(&broken).expect("encodes");
        match snapshot::decode(&bytes, m.vocab.clone()) {
            Err(SnapshotProblem::Inconsistent(why)) => {
                assert!(why.starts_with("flow 0: ") && why.contains("text"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }
}
