//! Writing what `-o`, `.save`, `.once`, `.output` and snapshots name, without ever destroying
//! what is there. What the path holds decides how it is written:
//!
//! - nothing, or a regular file: a temporary file in the same directory, renamed over the
//!   target once complete, so a reader never sees half a file and a failure leaves the old one
//!   intact. The replacement keeps what a person set on the file it replaces: its permission
//!   bits (a 0600 ROPA stays private), its owner and group where the system lets us, and a
//!   symlink (the link's target is rewritten, the link stays). A read-only file is refused, as
//!   `cp` refuses it: its mode says it is not to be overwritten.
//! - a character or block device (`/dev/null`, a terminal), a FIFO, or an open file descriptor
//!   (`/dev/stdout`, `/dev/fd/N`, a shell's `>(…)`): opened and written where it is. A
//!   temporary file and a rename would replace the device node or the FIFO with a regular
//!   file (and, run as root, `/dev/null` for the whole system).
//! - a directory or a socket: refused, with the reason.
//!
//! A directory of files (`basis export --to csv -o DIR`) is replaced whole by [`replace_dir`]:
//! the new set is written beside it and swapped in. A file-size limit (`ulimit -f`) or a full
//! disk is an error that removes the temporary file or directory, never a death by SIGXFSZ.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How [`write_file`] wrote its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// A new regular file, renamed over the path.
    Replaced,
    /// The device, FIFO or file descriptor itself, written where it is.
    InPlace,
}

/// Writes `bytes` to `path` by the rules of this module: atomically for a regular file (or
/// none yet), in place for a device, FIFO or file descriptor. The error's message says what is
/// wrong in words: a directory, a missing or read-only directory, a read-only file, a
/// file-size limit, a full disk.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> io::Result<Written> {
    write_file_with(path, |w| w.write_all(bytes))
}

/// As [`write_file`], for output made as it is written (an export or a result streamed in
/// bounded memory): `write` gets the file; a regular file is renamed into place only if it
/// returns `Ok`. Its write errors reach it already explained (a full disk, a file-size limit).
pub(crate) fn write_file_with<E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<Written, E> {
    let mut out = OutputFile::create(path)?;
    write(&mut out)?;
    Ok(out.commit()?)
}

/// An output being written: a temporary file that [`OutputFile::commit`] renames over its
/// target, or the device, FIFO or descriptor itself. Dropped without a commit, the temporary
/// file is removed and the old file stays as it was.
#[derive(Debug)]
pub(crate) struct OutputFile {
    file: Option<File>,
    /// The temporary file and the path it replaces; `None` when written in place.
    replace: Option<(PathBuf, PathBuf)>,
}

impl OutputFile {
    /// Opens `path` for writing by the rules of this module.
    pub(crate) fn create(path: &Path) -> io::Result<OutputFile> {
        ignore_file_size_signal();
        match destination(path)? {
            Destination::Replace { target, existing } => {
                let (file, tmp) = create_temporary(&target, existing.as_ref())?;
                Ok(OutputFile {
                    file: Some(file),
                    replace: Some((tmp, target)),
                })
            }
            Destination::InPlace { path, append } => {
                let file = OpenOptions::new()
                    .write(true)
                    .append(append)
                    .open(&path)
                    .map_err(|e| explain_in_place(e, &path))?;
                Ok(OutputFile {
                    file: Some(file),
                    replace: None,
                })
            }
        }
    }

    /// How the output is being written.
    pub(crate) fn written(&self) -> Written {
        if self.replace.is_some() {
            Written::Replaced
        } else {
            Written::InPlace
        }
    }

    /// Finishes the output: a temporary file is synced and renamed over its target.
    pub(crate) fn commit(mut self) -> io::Result<Written> {
        let how = self.written();
        let Some(file) = self.file.take() else {
            return Ok(how);
        };
        match &self.replace {
            Some((tmp, target)) => {
                file.sync_all().map_err(explain)?;
                drop(file);
                fs::rename(tmp, target).map_err(explain)?;
                self.replace = None;
            }
            // A device or a pipe has nothing to sync (fsync on a pipe is an error).
            None => drop(file),
        }
        Ok(how)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let replacing = self.replace.is_some();
        match &mut self.file {
            Some(f) => f.write(buf).map_err(|e| words(e, replacing)),
            None => Err(io::Error::other("the output is already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        let replacing = self.replace.is_some();
        match &mut self.file {
            Some(f) => f.flush().map_err(|e| words(e, replacing)),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.replace.take() {
            drop(self.file.take());
            let _ = fs::remove_file(tmp);
        }
    }
}

/// How a path will be written.
enum Destination {
    /// A regular file, or none yet: through a temporary file renamed over `target` (the path
    /// with its symlinks followed).
    Replace {
        target: PathBuf,
        existing: Option<fs::Metadata>,
    },
    /// A device, FIFO or descriptor: opened where it is; `append` for a regular file reached
    /// through a descriptor (`-o /dev/stdout >> log`), so that it is not written over.
    InPlace { path: PathBuf, append: bool },
}

/// Decides how `path` is written, following symlinks one at a time: a link into
/// `/proc/self/fd` or `/dev/fd` (what `/dev/stdout` and `>(…)` are) is opened, not resolved,
/// for its target (`pipe:[123]`) names no file.
fn destination(path: &Path) -> io::Result<Destination> {
    if path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "it ends in `/`, as a directory does: give a file name",
        ));
    }
    let mut p = path.to_path_buf();
    // The kernel's own limit on a chain of links (ELOOP beyond it).
    for _ in 0..40 {
        if is_descriptor(&p) {
            return descriptor(p);
        }
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                check_directory(&p)?;
                return Ok(Destination::Replace {
                    target: p,
                    existing: None,
                });
            }
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            p = follow(&p)?;
        } else if kind.is_file() {
            check_writable(&p, &meta)?;
            return Ok(Destination::Replace {
                target: p,
                existing: Some(meta),
            });
        } else if kind.is_dir() {
            return Err(is_a_directory());
        } else if is_socket(&kind) {
            return Err(io::Error::new(
                ErrorKind::InvalidInput,
                "it is a socket: basis writes to files, devices and FIFOs",
            ));
        } else {
            return Ok(Destination::InPlace {
                path: p,
                append: false,
            });
        }
    }
    Err(io::Error::new(
        ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

fn is_a_directory() -> io::Error {
    io::Error::new(
        ErrorKind::IsADirectory,
        "it is a directory: give a file name inside it",
    )
}

/// Whether `p` names an open file descriptor: its directory is `/proc/…/fd` or `/dev/fd`.
fn is_descriptor(p: &Path) -> bool {
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => return false,
    };
    fs::canonicalize(dir).is_ok_and(|d| d.starts_with("/proc") || d.starts_with("/dev/fd"))
}

/// How an open file descriptor is written: in place, appending to a regular file.
fn descriptor(p: PathBuf) -> io::Result<Destination> {
    match fs::metadata(&p) {
        Ok(m) if m.is_dir() => Err(is_a_directory()),
        Ok(m) => Ok(Destination::InPlace {
            path: p,
            append: m.is_file(),
        }),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(io::Error::new(
            ErrorKind::NotFound,
            "no such open file descriptor in this process",
        )),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn is_socket(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_socket()
}

#[cfg(not(unix))]
fn is_socket(_: &fs::FileType) -> bool {
    false
}

/// The path a symlink points at, relative to the link's directory.
fn follow(link: &Path) -> io::Result<PathBuf> {
    let target = fs::read_link(link)?;
    Ok(match link.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target,
    })
}

/// Refuses a regular file its mode or its owner protects, as `cp` does: read-only for
/// everyone (even for root, who could write it anyway), or not writable by this user.
fn check_writable(p: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.permissions().readonly() {
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::PermissionsExt;
            format!(" (mode {:04o})", meta.permissions().mode() & 0o7777)
        };
        #[cfg(not(unix))]
        let mode = String::new();
        return Err(io::Error::new(
            ErrorKind::PermissionDenied,
            format!(
                "it is read-only{mode}: basis does not replace a read-only file; make it \
                 writable (chmod u+w) or remove it first"
            ),
        ));
    }
    #[cfg(unix)]
    if nix::unistd::access(p, nix::unistd::AccessFlags::W_OK).is_err() {
        return Err(io::Error::new(
            ErrorKind::PermissionDenied,
            "you may not write it (permission denied)",
        ));
    }
    #[cfg(not(unix))]
    let _ = p;
    Ok(())
}

/// The directory a new file `p` goes in, which must exist.
fn parent_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks that the directory `p` would be made in exists, and says so in words otherwise.
fn check_directory(p: &Path) -> io::Result<()> {
    let dir = parent_dir(p);
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(io::Error::new(
            ErrorKind::NotADirectory,
            format!("`{}` is not a directory", dir.display()),
        )),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(io::Error::new(
            ErrorKind::NotFound,
            format!(
                "directory `{}` does not exist (create it first: mkdir -p {})",
                dir.display(),
                dir.display()
            ),
        )),
        Err(e) => Err(e),
    }
}

/// A name of our own beside `target` (`.NAME.PID.N.tmp`): the rename stays within one file
/// system, and two writes of one process never share one.
fn beside(target: &Path, suffix: &str) -> io::Result<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp = std::ffi::OsString::from(".");
    tmp.push(name);
    tmp.push(format!(
        ".{}.{}.{suffix}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    Ok(parent_dir(target).join(tmp))
}

/// Turns a permission error on making something in `dir` into words.
fn read_only_dir(e: io::Error, dir: &Path) -> io::Error {
    if e.kind() == ErrorKind::PermissionDenied {
        io::Error::new(
            ErrorKind::PermissionDenied,
            format!(
                "directory `{}` is read-only to you (permission denied)",
                dir.display()
            ),
        )
    } else {
        e
    }
}

/// Creates the temporary file beside `target`, with the old file's mode and owner.
fn create_temporary(target: &Path, existing: Option<&fs::Metadata>) -> io::Result<(File, PathBuf)> {
    // A stale name of a crashed run with the same process id: take the next.
    let mut last = None;
    for _ in 0..16 {
        let tmp = beside(target, "tmp")?;
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                if let Some(m) = existing
                    && let Err(e) = keep_owner_and_mode(&f, m)
                {
                    drop(f);
                    let _ = fs::remove_file(&tmp);
                    return Err(explain(e));
                }
                return Ok((f, tmp));
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(read_only_dir(e, &parent_dir(target))),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name free")))
}

/// Gives the new file the old one's permission bits, and its owner and group when allowed
/// (only root may give a file away; anyone may keep their own).
#[cfg(unix)]
fn keep_owner_and_mode(f: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Not permitted is fine: the file then belongs to whoever wrote it, as `cp` does.
    let _ = std::os::unix::fs::fchown(f, Some(old.uid()), Some(old.gid()));
    f.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(f: &File, old: &fs::Metadata) -> io::Result<()> {
    f.set_permissions(old.permissions())
}

/// Says in words what a failed write of a replacement means: the old file (or directory), if
/// any, is unchanged.
pub(crate) fn explain(e: io::Error) -> io::Error {
    words(e, true)
}

/// A failed write in words (a full disk, a file-size limit, a quota); `replacing`: the write
/// went to a temporary file, so nothing reached the target.
pub(crate) fn words(e: io::Error, replacing: bool) -> io::Error {
    let what = match e.kind() {
        ErrorKind::FileTooLarge => "file too large: the file-size limit (ulimit -f) was reached",
        ErrorKind::StorageFull => "no space left on the device",
        ErrorKind::QuotaExceeded => "disk quota exceeded",
        _ => return e,
    };
    let tail = if replacing {
        "; nothing was written"
    } else {
        ""
    };
    io::Error::new(e.kind(), format!("{what}{tail}"))
}

/// Opening a device, FIFO or descriptor failed: the reason in words.
fn explain_in_place(e: io::Error, path: &Path) -> io::Error {
    match e.kind() {
        ErrorKind::PermissionDenied => io::Error::new(
            ErrorKind::PermissionDenied,
            format!("you may not write {} (permission denied)", path.display()),
        ),
        _ => words(e, false),
    }
}

/// Turns SIGXFSZ (sent when a write passes `ulimit -f`) into a no-op, so that the write
/// fails with EFBIG and is reported, instead of the process dying with a half-written
/// temporary file left behind. Idempotent.
pub(crate) fn ignore_file_size_signal() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // A handler that only sets a flag replaces the default action (terminate); the
            // flag is never read: the write's EFBIG is what we act on.
            let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
        });
    }
}

/// Replaces the directory `dir` with one that `fill` writes, whole or not at all: `fill` gets
/// a new directory beside it (`.NAME.PID.N.tmp`, with the old one's mode and owner); once it
/// returns `Ok`, the old directory is renamed aside, the new one renamed in, and the old one
/// removed. On any failure the new directory is removed and the old one is untouched.
///
/// A symlink to a directory stays a link: its target is replaced. `dir` may not exist yet (its
/// parent must). It is refused when it is not a directory, when it is the working directory
/// (or holds it), and when it holds anything `ours` does not accept by its path in `dir`
/// (`flow.csv`; a directory as `flow/`, whose entries are then asked as `flow/…`, three
/// levels down at most) — files of the user's would go with the old directory.
pub(crate) fn replace_dir<T, E: From<io::Error>>(
    dir: &Path,
    ours: impl Fn(&str) -> bool,
    fill: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    ignore_file_size_signal();
    let (target, existing) = directory_to_replace(dir, &ours)?;
    let tmp = beside(&target, "tmp")?;
    fs::create_dir(&tmp).map_err(|e| read_only_dir(e, &parent_dir(&target)))?;
    let made = (|| {
        if let Some(m) = &existing {
            keep_dir_owner_and_mode(&tmp, m)?;
        }
        Ok::<(), io::Error>(())
    })();
    let filled = made.map_err(E::from).and_then(|()| fill(&tmp));
    let result = filled.and_then(|value| {
        swap_in(&tmp, &target, existing.is_some())
            .map(|()| value)
            .map_err(E::from)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Where [`replace_dir`] puts the new directory (absolute, symlinks followed) and the old
/// one's metadata, after checking what it holds.
fn directory_to_replace(
    dir: &Path,
    ours: &impl Fn(&str) -> bool,
) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
    let mut p = dir.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => p = follow(&p)?,
            Ok(m) if m.is_dir() => {
                let abs = fs::canonicalize(&p)?;
                if abs.parent().is_none() {
                    return Err(io::Error::new(
                        ErrorKind::InvalidInput,
                        "it is the root directory: give a directory of its own",
                    ));
                }
                if let Ok(here) = std::env::current_dir().and_then(fs::canonicalize)
                    && here.starts_with(&abs)
                {
                    return Err(io::Error::new(
                        ErrorKind::InvalidInput,
                        "it is the working directory (or holds it), which basis would replace \
                         under you: run basis from outside it",
                    ));
                }
                check_only_ours(&abs, ours)?;
                return Ok((abs, Some(m)));
            }
            Ok(_) => {
                return Err(io::Error::new(
                    ErrorKind::NotADirectory,
                    "it is not a directory: give a directory (new, or an earlier export)",
                ));
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                check_directory(&p)?;
                let parent = fs::canonicalize(parent_dir(&p))?;
                let name = p
                    .file_name()
                    .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "not a name"))?;
                return Ok((parent.join(name), None));
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// How deep [`check_only_ours`] looks into the directories `ours` accepts (a partitioned
/// Parquet export is `flow/org=ID/part-0.parquet`).
const OURS_DEPTH: usize = 3;

/// Refuses a directory holding anything but regular files and directories `ours` accepts by
/// their path in it (`/`-separated, a directory's ending in `/`), looking into the
/// directories it accepts.
fn check_only_ours(dir: &Path, ours: &impl Fn(&str) -> bool) -> io::Result<()> {
    let mut foreign = Vec::new();
    let mut todo = vec![(dir.to_path_buf(), String::new())];
    while let Some((here, prefix)) = todo.pop() {
        for entry in fs::read_dir(&here)? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().ok();
            if kind.is_some_and(|t| t.is_file()) && ours(&name) {
                continue;
            }
            let sub = format!("{name}/");
            let depth = sub.matches('/').count();
            if kind.is_some_and(|t| t.is_dir()) && depth < OURS_DEPTH && ours(&sub) {
                todo.push((entry.path(), sub));
            } else {
                foreign.push(name);
            }
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let n = foreign.len();
    let mut shown: Vec<String> = foreign
        .into_iter()
        .take(5)
        .map(|f| format!("`{f}`"))
        .collect();
    if n > shown.len() {
        shown.push(format!("and {} more", n - shown.len()));
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        format!(
            "it holds {} basis did not write ({}), which replacing it would delete: move {} \
             away or give another directory",
            if n == 1 { "a file" } else { "files" },
            shown.join(", "),
            if n == 1 { "it" } else { "them" }
        ),
    ))
}

/// Above this many files and directories in it, [`sync_new`] syncs a new directory's file
/// system at once (Linux): a partitioned Parquet export holds thousands of files, and one
/// `fsync` each took 26 s of 31 for 10,000 files, the disk idle between them.
const SYNC_ONE_BY_ONE: usize = 256;

/// Syncs what [`replace_dir`]'s `fill` made in `dir` before it is swapped in: file by file,
/// or for a large tree on Linux the whole file system with one `syncfs`.
fn sync_new(dir: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let mut walked = 0usize;
        let mut todo = vec![(dir.to_path_buf(), OURS_DEPTH)];
        while let Some((d, depth)) = todo.pop() {
            for entry in fs::read_dir(&d)? {
                let entry = entry?;
                walked += 1;
                if depth > 1 && entry.file_type()?.is_dir() {
                    todo.push((entry.path(), depth - 1));
                }
            }
            if walked > SYNC_ONE_BY_ONE {
                let f = File::open(dir)?;
                return nix::unistd::syncfs(&f)
                    .map_err(|e| explain(io::Error::from_raw_os_error(e as i32)));
            }
        }
    }
    sync_tree(dir, OURS_DEPTH)
}

/// Syncs every file and directory in `dir`, `depth` levels down (what [`replace_dir`]'s
/// `fill` made).
fn sync_tree(dir: &Path, depth: usize) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if depth > 1 && entry.file_type()?.is_dir() {
            sync_tree(&path, depth - 1)?;
        }
        File::open(&path)?.sync_all().map_err(explain)?;
    }
    Ok(())
}

/// Gives a new directory the old one's permission bits, and its owner where allowed.
fn keep_dir_owner_and_mode(dir: &Path, old: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(dir, Some(old.uid()), Some(old.gid()));
    }
    fs::set_permissions(dir, old.permissions())
}

/// Syncs the files of `tmp` and swaps it in for `target`: the old directory (if `existed`)
/// renamed aside, the new one renamed in, the old one removed. If the second rename fails the
/// old directory is put back.
fn swap_in(tmp: &Path, target: &Path, existed: bool) -> io::Result<()> {
    sync_new(tmp)?;
    if !existed {
        return fs::rename(tmp, target);
    }
    let old = beside(target, "old")?;
    fs::rename(target, &old)?;
    if let Err(e) = fs::rename(tmp, target) {
        let _ = fs::rename(&old, target);
        return Err(e);
    }
    // The new set is in place; an old copy left behind is only clutter.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("basis-save-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        let _ = fs::create_dir_all(&d);
        d
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = dir("failed");
        let target = dir.join("out.txt");
        assert!(write_file(&target, b"one").is_ok());
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("one"));
        // A directory in the way: refused, and no temporary file is left.
        let blocked = dir.join("sub");
        let _ = fs::create_dir_all(blocked.join("x"));
        let e = write_file(&blocked, b"two").err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("is a directory")),
            "{e:?}"
        );
        // A write that fails half way: the old file stays, the temporary one goes.
        let failed: Result<Written, io::Error> = write_file_with(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("one"));
        let left: Vec<_> = fs::read_dir(&dir).map_or(Vec::new(), |d| d.flatten().collect());
        assert_eq!(left.len(), 2, "{left:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = dir("missing");
        let e = write_file(&dir.join("no/such/out.txt"), b"x")
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("does not exist")
                && e.contains("no/such")
                && e.contains("mkdir -p")),
            "{e:?}"
        );
        assert!(!dir.join("no").exists(), "no directory is created");
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn mode_and_symlinks_survive_and_read_only_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = dir("mode");
        let target = dir.join("secret.md");
        assert!(fs::write(&target, "old").is_ok());
        assert!(fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).is_ok());
        assert_eq!(write_file(&target, b"new").ok(), Some(Written::Replaced));
        let mode = fs::metadata(&target).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        let link = dir.join("link.md");
        assert!(std::os::unix::fs::symlink("secret.md", &link).is_ok());
        assert!(write_file(&link, b"through").is_ok());
        assert_eq!(fs::read_link(&link).ok(), Some(PathBuf::from("secret.md")));
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("through"));
        // 0444 in a writable directory: refused (even for root), and left as it was.
        assert!(fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).is_ok());
        let e = write_file(&link, b"again").err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("read-only (mode 0444)")),
            "{e:?}"
        );
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("through"));
        let _ = fs::set_permissions(&target, fs::Permissions::from_mode(0o644));
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn dev_null_is_written_in_place() {
        assert_eq!(
            write_file(Path::new("/dev/null"), b"x").ok(),
            Some(Written::InPlace)
        );
        assert!(
            fs::symlink_metadata("/dev/null").is_ok_and(|m| !m.is_file()),
            "still a device"
        );
    }

    #[test]
    fn a_directory_is_swapped_whole_or_left_alone() {
        let base = dir("swap");
        let out = base.join("out");
        let ours = |n: &str| n.ends_with(".csv");
        let fill = |text: &'static str| {
            move |d: &Path| -> io::Result<()> {
                fs::write(d.join("a.csv"), text)?;
                fs::write(d.join("b.csv"), text)
            }
        };
        assert!(replace_dir(&out, ours, fill("one")).is_ok());
        assert_eq!(
            fs::read_to_string(out.join("b.csv")).ok().as_deref(),
            Some("one")
        );
        // A failure half way leaves the old set whole and nothing beside it.
        let failed: io::Result<()> = replace_dir(&out, ours, |d| {
            fs::write(d.join("a.csv"), "two")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(
            fs::read_to_string(out.join("a.csv")).ok().as_deref(),
            Some("one")
        );
        let names = |d: &Path| {
            let mut v: Vec<String> = fs::read_dir(d).map_or(Vec::new(), |r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            });
            v.sort();
            v
        };
        assert_eq!(names(&base), ["out"]);
        // A file of the user's in it: refused, named, kept.
        assert!(fs::write(out.join("notes.txt"), "mine").is_ok());
        let e = replace_dir(&out, ours, fill("three"))
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("`notes.txt`")),
            "{e:?}"
        );
        assert_eq!(names(&out), ["a.csv", "b.csv", "notes.txt"]);
        // A file where the directory should be: refused.
        let e = replace_dir(&out.join("a.csv"), ours, fill("four"))
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("not a directory")),
            "{e:?}"
        );
        let _ = fs::remove_dir_all(&base);
    }
}
