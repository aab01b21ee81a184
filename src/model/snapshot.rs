//! Binary snapshots: a whole model (less its vocabularies, which are the built-in ones) in one
//! compact file that loads in a fraction of the time TOML takes at national scale.
//!
//! Layout, little-endian:
//!
//! ```text
//!   magic "BASISNAP" (8) | format version u32 | vocabulary fingerprint u32
//!   | payload length u64 | CRC-32 of the payload u32 | payload (postcard)
//! ```
//!
//! Every failure is a [`SnapshotProblem`], never a panic: the header and checksum catch cut
//! and corrupted files, and the decoded tables are checked for references they do not hold
//! before anything indexes with them.

use super::pool::{SetPool, TextPool};
use super::*;
use std::hash::Hash;
use std::path::Path;
use thiserror::Error;

/// The first bytes of every snapshot.
pub(crate) const MAGIC: &[u8; 8] = b"BASISNAP";
/// The format version this build writes and reads.
pub const VERSION: u32 = 6;
const HEADER: usize = 8 + 4 + 4 + 8 + 4;

/// What is wrong with a binary snapshot (`basis gen -o FILE`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SnapshotProblem {
    /// The file ends before its header or payload does (a copy cut short).
    #[error("the file is truncated: {found} bytes where {expected} were expected")]
    Truncated {
        /// Bytes the header promises.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The payload's checksum does not match (a flipped bit, a file edited by hand).
    #[error("the checksum does not match: the file is corrupt")]
    Checksum,
    /// A snapshot written by another version of the format.
    #[error("format version {found} is not supported (this basis reads version {supported})")]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The snapshot was made with other vocabularies than the built-in ones.
    #[error("it was made with other vocabularies than this basis has")]
    Vocabulary,
    /// The payload does not decode (a checksum-valid file from a buggy writer).
    #[error("the payload does not decode: {0}")]
    Malformed(String),
    /// The payload decodes but refers to something it does not hold (flow 7's organisation
    /// 9000 of 3).
    #[error("the payload is inconsistent: {0}")]
    Inconsistent(String),
}

/// The tables a snapshot holds, as written (borrowed: a 10M-flow model is not copied).
#[derive(Serialize)]
struct PayloadRef<'a> {
    orgs: &'a [Org],
    notices: &'a [Notice],
    services: &'a [Service],
    parties: &'a [Party],
    systems: &'a [System],
    flows: &'a [Flow],
    retention: &'a [RetentionRule],
    texts: &'a TextPool,
    sets: &'a FlowSets,
}

/// The tables a snapshot holds, as read (the same fields as [`PayloadRef`]).
#[derive(Deserialize)]
struct Payload {
    orgs: Vec<Org>,
    notices: Vec<Notice>,
    services: Vec<Service>,
    parties: Vec<Party>,
    systems: Vec<System>,
    flows: Vec<Flow>,
    retention: Vec<RetentionRule>,
    texts: TextPool,
    sets: FlowSets,
}

/// True when the file at `path` starts with the snapshot magic.
pub(crate) fn is_snapshot(path: &Path) -> bool {
    let mut buf = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf))
        .is_ok()
        && &buf == MAGIC
}

/// A fingerprint of the vocabularies' ids, in order: flows store vocabulary numbers, so a
/// snapshot only makes sense with the vocabularies it was written with.
pub(crate) fn vocab_fingerprint(v: &Vocab) -> u32 {
    let mut h = crc32fast::Hasher::new();
    let mut add = |ids: &mut dyn Iterator<Item = &str>| {
        for id in ids {
            h.update(id.as_bytes());
            h.update(b"\n");
        }
        h.update(b"--\n");
    };
    add(&mut v.categories.iter().map(|c| c.entry.id.as_str()));
    add(&mut v.subjects.iter().map(|c| c.id.as_str()));
    add(&mut v.purposes.iter().map(|c| c.id.as_str()));
    add(&mut v.party_types.iter().map(|c| c.id.as_str()));
    add(&mut v.bases.iter().map(|c| c.id.as_str()));
    add(&mut v.legislation.iter().map(|c| c.id.as_str()));
    add(&mut v.rights.iter().map(|c| c.id.as_str()));
    h.finalize()
}

/// The snapshot bytes of `model`.
pub fn encode(model: &Model) -> Result<Vec<u8>, String> {
    let payload = PayloadRef {
        orgs: &model.orgs,
        notices: &model.notices,
        services: &model.services,
        parties: &model.parties,
        systems: &model.systems,
        flows: &model.flows,
        retention: &model.retention,
        texts: &model.texts,
        sets: &model.sets,
    };
    let body = postcard::to_allocvec(&payload).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&vocab_fingerprint(&model.vocab).to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Writes `model` to `path` atomically: to a temporary file beside it, then renamed, so a
/// reader never sees half a snapshot.
pub fn write(model: &Model, path: &Path) -> std::io::Result<()> {
    let bytes = encode(model).map_err(std::io::Error::other)?;
    crate::file::write_file(path, &bytes).map(|_| ())
}

fn le<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if let Some(s) = b.get(at..at + N) {
        out.copy_from_slice(s);
    }
    out
}

/// A model from snapshot bytes, checked against `vocab`.
pub fn decode(bytes: &[u8], vocab: Vocab) -> Result<Model, SnapshotProblem> {
    assemble(unpack(bytes)?, vocab)
}

/// A snapshot's payload and the fingerprint of the vocabularies it was written with; the
/// payload's own decoding error is kept until the fingerprint has been compared, so that a
/// snapshot of other vocabularies says so first.
pub(crate) struct Unpacked {
    fingerprint: u32,
    payload: Result<Payload, SnapshotProblem>,
}

/// The header checks (size, magic, version, length, checksum) and the decoded payload.
pub(crate) fn unpack(bytes: &[u8]) -> Result<Unpacked, SnapshotProblem> {
    if bytes.len() < HEADER {
        // A file cut inside its header: say so, unless it is not a snapshot at all.
        if bytes.len() >= 8 && &bytes[..8] != MAGIC {
            return Err(SnapshotProblem::Malformed("no snapshot header".into()));
        }
        return Err(SnapshotProblem::Truncated {
            expected: HEADER as u64,
            found: bytes.len() as u64,
        });
    }
    if &bytes[..8] != MAGIC {
        return Err(SnapshotProblem::Malformed("no snapshot header".into()));
    }
    let version = u32::from_le_bytes(le(bytes, 8));
    if version != VERSION {
        return Err(SnapshotProblem::Version {
            found: version,
            supported: VERSION,
        });
    }
    let fingerprint = u32::from_le_bytes(le(bytes, 12));
    let len = u64::from_le_bytes(le(bytes, 16));
    let crc = u32::from_le_bytes(le(bytes, 24));
    let body = &bytes[HEADER..];
    if body.len() as u64 != len {
        return Err(SnapshotProblem::Truncated {
            expected: HEADER as u64 + len,
            found: bytes.len() as u64,
        });
    }
    if crc32fast::hash(body) != crc {
        return Err(SnapshotProblem::Checksum);
    }
    Ok(Unpacked {
        fingerprint,
        payload: postcard::from_bytes(body).map_err(|e| SnapshotProblem::Malformed(e.to_string())),
    })
}

/// The model of an unpacked snapshot, checked against `vocab`.
pub(crate) fn assemble(u: Unpacked, vocab: Vocab) -> Result<Model, SnapshotProblem> {
    if u.fingerprint != vocab_fingerprint(&vocab) {
        return Err(SnapshotProblem::Vocabulary);
    }
    let p = u.payload?;
    let mut model = Model {
        vocab,
        orgs: p.orgs,
        notices: p.notices,
        services: p.services,
        parties: p.parties,
        systems: p.systems,
        flows: p.flows,
        retention: p.retention,
        texts: p.texts,
        sets: p.sets,
        ..Model::default()
    };
    check(&model).map_err(SnapshotProblem::Inconsistent)?;
    model.reindex();
    Ok(model)
}

/// Checks that every reference of the tables points inside them.
fn check(m: &Model) -> Result<(), String> {
    let v = &m.vocab;
    let source = |s: &Source| check_source(m, s);
    if !m.texts.is_valid() {
        return Err("texts are out of order".into());
    }
    check_set(&m.sets.categories, "category", v.categories.len(), |x| x.0)?;
    check_set(&m.sets.bases, "basis", v.bases.len(), |x| x.0)?;
    check_set(&m.sets.purposes, "purpose", v.purposes.len(), |x| x.0)?;
    for o in &m.orgs {
        within("party type", o.org_type.0, v.party_types.len())?;
        o.contacts.iter().try_for_each(|c| source(&c.source))?;
        o.ico_registration
            .iter()
            .try_for_each(|c| source(&c.source))?;
    }
    for n in &m.notices {
        within("organisation", n.org.0, m.orgs.len())?;
    }
    for p in &m.parties {
        for t in p.types() {
            within("party type", t.0, v.party_types.len())?;
        }
        p.org
            .iter()
            .try_for_each(|o| within("organisation", o.0, m.orgs.len()))?;
    }
    for s in &m.systems {
        within("organisation", s.org.0, m.orgs.len())?;
        source(&s.source)?;
    }
    m.services.iter().try_for_each(|s| check_service(m, s))?;
    check_flows(m)?;
    for r in &m.retention {
        within("organisation", r.org.0, m.orgs.len())?;
        within("service", r.service.0, m.services.len())?;
        r.subjects
            .iter()
            .try_for_each(|s| within("subject", s.0, v.subjects.len()))?;
        r.categories
            .iter()
            .try_for_each(|c| within("category", c.0, v.categories.len()))?;
        source(&r.source)?;
    }
    Ok(())
}

/// `Ok` when index `i` lies within a table of `len` rows.
fn within(what: &str, i: u32, len: usize) -> Result<(), String> {
    if (i as usize) < len {
        Ok(())
    } else {
        Err(format!("{what} {i} of {len}"))
    }
}

/// A source's notice and quote lie within their tables.
fn check_source(m: &Model, s: &Source) -> Result<(), String> {
    within("notice", s.notice.0, m.notices.len())?;
    within("text", s.quote.0, m.texts.len())
}

/// A pool of sets is sorted without repeats and every value lies within its table.
fn check_set<T: Copy + Eq + Hash>(
    pool: &SetPool<T>,
    what: &str,
    len: usize,
    ix: impl Fn(T) -> u32,
) -> Result<(), String> {
    if !pool.is_valid() {
        return Err(format!("{what} sets are out of order or repeat a value"));
    }
    match pool.items().iter().find(|x| ix(**x) as usize >= len) {
        Some(x) => Err(format!("{what} {} of {len}", ix(*x))),
        None => Ok(()),
    }
}

/// Every fact of a service points inside the tables.
fn check_service(m: &Model, s: &Service) -> Result<(), String> {
    let v = &m.vocab;
    let source = |s: &Source| check_source(m, s);
    within("organisation", s.org.0, m.orgs.len())?;
    within("notice", s.notice.0, m.notices.len())?;
    source(&s.source)?;
    for f in &s.subjects {
        within("subject", f.value.0, v.subjects.len())?;
        source(&f.source)?;
    }
    for f in &s.categories {
        within("category", f.value.category.0, v.categories.len())?;
        source(&f.source)?;
    }
    for f in &s.purposes {
        within("purpose", f.value.0, v.purposes.len())?;
        source(&f.source)?;
    }
    for f in &s.bases {
        f.value
            .basis
            .iter()
            .try_for_each(|b| within("basis", b.0, v.bases.len()))?;
        source(&f.source)?;
    }
    for f in &s.legislation {
        f.value
            .legislation
            .iter()
            .try_for_each(|l| within("legislation", l.0, v.legislation.len()))?;
        source(&f.source)?;
    }
    for f in &s.systems {
        within("system", f.value.0, m.systems.len())?;
        source(&f.source)?;
    }
    for f in &s.rights {
        within("right", f.value.0, v.rights.len())?;
        source(&f.source)?;
    }
    s.security.iter().try_for_each(|f| source(&f.source))?;
    s.transfers.iter().try_for_each(|f| source(&f.source))?;
    s.automated.iter().try_for_each(|f| source(&f.source))?;
    s.requirements.iter().try_for_each(|f| source(&f.source))?;
    s.research.iter().try_for_each(|f| source(&f.source))?;
    s.notes.iter().try_for_each(|f| source(&f.source))
}

/// Every flow points inside the tables; an error names the flow.
fn check_flows(m: &Model) -> Result<(), String> {
    for (i, f) in m.flows.iter().enumerate() {
        let flow = |e: String| format!("flow {i}: {e}");
        within("organisation", f.org.0, m.orgs.len()).map_err(flow)?;
        within("service", f.service.0, m.services.len()).map_err(flow)?;
        within("party", f.party.0, m.parties.len()).map_err(flow)?;
        within("category set", f.categories.0, m.sets.categories.len()).map_err(flow)?;
        within("basis set", f.bases.0, m.sets.bases.len()).map_err(flow)?;
        within("purpose set", f.purposes.0, m.sets.purposes.len()).map_err(flow)?;
        f.condition
            .iter()
            .try_for_each(|c| within("text", c.0, m.texts.len()))
            .map_err(flow)?;
        check_source(m, &f.source).map_err(flow)?;
    }
    Ok(())
}
