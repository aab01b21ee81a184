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
use std::io::Read;
use std::path::Path;
use thiserror::Error;

/// The first bytes of every snapshot.
pub(crate) const MAGIC: &[u8; 8] = b"BASISNAP";
/// The format version this build writes and reads.
pub(crate) const VERSION: u32 = 7;
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
    /// The payload decodes but refers to something it does not hold (flow 7's party 9000
    /// of 3).
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
pub(crate) fn encode(model: &Model) -> Result<Vec<u8>, String> {
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

/// A model from snapshot bytes, checked against `vocab` (the tests' reader: `basis` reads
/// snapshots as streams, [`unpack_from`]).
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8], vocab: Vocab) -> Result<Model, SnapshotProblem> {
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
#[cfg(test)]
pub(crate) fn unpack(bytes: &[u8]) -> Result<Unpacked, SnapshotProblem> {
    unpack_from(bytes, bytes.len() as u64).map_err(|e| match e {
        Unpack::Problem(p) => p,
        // Reading a slice fails only where it ends, and the lengths were checked first.
        Unpack::Io(e) => SnapshotProblem::Malformed(e.to_string()),
    })
}

/// Why [`unpack_from`] stopped: the snapshot is wrong, or reading it failed.
pub(crate) enum Unpack {
    /// The bytes are not a whole, valid snapshot.
    Problem(SnapshotProblem),
    /// The reader failed (a disk error, a file cut while being read).
    Io(std::io::Error),
}

impl From<SnapshotProblem> for Unpack {
    fn from(p: SnapshotProblem) -> Self {
        Unpack::Problem(p)
    }
}

/// [`unpack`] of a snapshot read as a stream of `size` bytes: the payload is decoded as it is
/// read, a chunk at a time, so the file is never held in memory beside the model it becomes
/// (at 10M flows that was 190 MB of a 700 MB peak). The checksum is computed on the way and
/// compared before the payload is used; a payload that does not decode is still read to its
/// end, so that a corrupt file says "checksum", as it does when read whole.
pub(crate) fn unpack_from(reader: impl Read, size: u64) -> Result<Unpacked, Unpack> {
    unpack_chunked(reader, size, CHUNK)
}

/// [`unpack_from`], reading `chunk` bytes at a time (the tests try every size down to one).
pub(crate) fn unpack_chunked(
    mut reader: impl Read,
    size: u64,
    chunk: usize,
) -> Result<Unpacked, Unpack> {
    let mut head = Vec::with_capacity(HEADER);
    (&mut reader)
        .take(HEADER as u64)
        .read_to_end(&mut head)
        .map_err(Unpack::Io)?;
    if head.len() < HEADER {
        // A file cut inside its header: say so, unless it is not a snapshot at all.
        if head.len() >= 8 && &head[..8] != MAGIC {
            return Err(SnapshotProblem::Malformed("no snapshot header".into()).into());
        }
        return Err(SnapshotProblem::Truncated {
            expected: HEADER as u64,
            found: head.len() as u64,
        }
        .into());
    }
    if &head[..8] != MAGIC {
        return Err(SnapshotProblem::Malformed("no snapshot header".into()).into());
    }
    let version = u32::from_le_bytes(le(&head, 8));
    if version != VERSION {
        return Err(SnapshotProblem::Version {
            found: version,
            supported: VERSION,
        }
        .into());
    }
    let fingerprint = u32::from_le_bytes(le(&head, 12));
    let len = u64::from_le_bytes(le(&head, 16));
    let crc = u32::from_le_bytes(le(&head, 24));
    if size.checked_sub(HEADER as u64) != Some(len) {
        return Err(SnapshotProblem::Truncated {
            expected: (HEADER as u64).saturating_add(len),
            found: size,
        }
        .into());
    }
    let mut de = postcard::Deserializer::from_flavor(Stream::new(reader, len, chunk));
    let payload = Payload::deserialize(&mut de);
    // `Stream::finalize` never fails; the match keeps that a type's promise, not a panic.
    let mut stream = de
        .finalize()
        .map_err(|e| SnapshotProblem::Malformed(e.to_string()))?;
    stream.drain();
    if let Some(e) = stream.failed.take() {
        return Err(Unpack::Io(e));
    }
    if stream.crc.finalize() != crc {
        return Err(SnapshotProblem::Checksum.into());
    }
    Ok(Unpacked {
        fingerprint,
        payload: payload.map_err(|e| SnapshotProblem::Malformed(e.to_string())),
    })
}

/// How much of the payload is read at a time.
const CHUNK: usize = 1 << 20;

/// The payload as a postcard input read a chunk at a time, with its CRC-32 on the way. Every
/// value of a snapshot is owned, so nothing is borrowed from the input: a text or a byte string
/// comes from the chunk, or from `scratch` when it spans chunks.
struct Stream<R> {
    reader: R,
    /// Bytes read at a time.
    chunk_size: usize,
    /// Payload bytes not yet read into `chunk`.
    left: u64,
    chunk: Vec<u8>,
    at: usize,
    scratch: Vec<u8>,
    crc: crc32fast::Hasher,
    /// The reader's error, when it failed (the decoder sees only "unexpected end").
    failed: Option<std::io::Error>,
}

impl<R: Read> Stream<R> {
    fn new(reader: R, len: u64, chunk_size: usize) -> Self {
        Stream {
            reader,
            chunk_size: chunk_size.max(1),
            left: len,
            chunk: Vec::new(),
            at: 0,
            scratch: Vec::new(),
            crc: crc32fast::Hasher::new(),
            failed: None,
        }
    }

    /// Reads the next chunk; false at the payload's end or when the reader fails.
    fn refill(&mut self) -> bool {
        if self.left == 0 || self.failed.is_some() {
            return false;
        }
        let n = self.left.min(self.chunk_size as u64) as usize;
        self.chunk.resize(n, 0);
        self.at = 0;
        match self.reader.read_exact(&mut self.chunk) {
            Ok(()) => {
                self.crc.update(&self.chunk);
                self.left -= n as u64;
                true
            }
            Err(e) => {
                self.chunk.clear();
                self.failed = Some(e);
                false
            }
        }
    }

    /// Reads the rest of the payload, for its checksum.
    fn drain(&mut self) {
        while self.refill() {}
    }

    fn buffered(&self) -> usize {
        self.chunk.len() - self.at
    }
}

impl<'de, R: Read + 'de> postcard::de_flavors::Flavor<'de> for Stream<R> {
    type Remainder = Self;
    type Source = ();

    fn pop(&mut self) -> postcard::Result<u8> {
        if self.at == self.chunk.len() && !self.refill() {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        let b = self.chunk[self.at];
        self.at += 1;
        Ok(b)
    }

    fn try_take_n(&mut self, _ct: usize) -> postcard::Result<&'de [u8]> {
        // A snapshot holds no borrowed value (`Payload` owns everything).
        Err(postcard::Error::DeserializeBadEncoding)
    }

    fn try_take_n_temp<'a>(&'a mut self, ct: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        // A length beyond the payload is corruption: refuse it before allocating for it.
        if ct as u64 > self.buffered() as u64 + self.left {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        if ct <= self.buffered() {
            let at = self.at;
            self.at += ct;
            return Ok(&self.chunk[at..at + ct]);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        while scratch.len() < ct {
            if self.at == self.chunk.len() && !self.refill() {
                self.scratch = scratch;
                return Err(postcard::Error::DeserializeUnexpectedEnd);
            }
            let k = (ct - scratch.len()).min(self.buffered());
            scratch.extend_from_slice(&self.chunk[self.at..self.at + k]);
            self.at += k;
        }
        self.scratch = scratch;
        Ok(&self.scratch[..ct])
    }

    fn finalize(self) -> postcard::Result<Self> {
        Ok(self)
    }
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

/// Each fact's value (`what`, when `ix` finds an index in it) lies within a table of `len`
/// rows, and its source within theirs.
fn check_facts<T>(
    m: &Model,
    facts: &[Fact<T>],
    what: &str,
    len: usize,
    ix: impl Fn(&T) -> Option<u32>,
) -> Result<(), String> {
    facts.iter().try_for_each(|f| {
        ix(&f.value).map_or(Ok(()), |i| within(what, i, len))?;
        check_source(m, &f.source)
    })
}

/// Every fact of a service points inside the tables.
fn check_service(m: &Model, s: &Service) -> Result<(), String> {
    let v = &m.vocab;
    let source = |s: &Source| check_source(m, s);
    within("organisation", s.org.0, m.orgs.len())?;
    within("notice", s.notice.0, m.notices.len())?;
    source(&s.source)?;
    check_facts(m, &s.subjects, "subject", v.subjects.len(), |x| Some(x.0))?;
    check_facts(m, &s.categories, "category", v.categories.len(), |x| {
        Some(x.category.0)
    })?;
    check_facts(m, &s.purposes, "purpose", v.purposes.len(), |x| Some(x.0))?;
    check_facts(m, &s.bases, "basis", v.bases.len(), |x| {
        x.basis.map(|b| b.0)
    })?;
    check_facts(m, &s.legislation, "legislation", v.legislation.len(), |x| {
        x.legislation.map(|l| l.0)
    })?;
    check_facts(m, &s.systems, "system", m.systems.len(), |x| Some(x.0))?;
    check_facts(m, &s.rights, "right", v.rights.len(), |x| Some(x.0))?;
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
        within("service", f.service.0, m.services.len()).map_err(flow)?;
        within("party", f.party.0, m.parties.len()).map_err(flow)?;
        within("category set", f.categories.0, m.sets.categories.len()).map_err(flow)?;
        within("basis set", f.bases.0, m.sets.bases.len()).map_err(flow)?;
        within("purpose set", f.purposes.0, m.sets.purposes.len()).map_err(flow)?;
        f.condition()
            .iter()
            .try_for_each(|c| within("text", c.0, m.texts.len()))
            .map_err(flow)?;
        check_source(m, &f.source).map_err(flow)?;
        f.marks.check().map_err(flow)?;
    }
    Ok(())
}
