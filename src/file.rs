//! Writing files atomically (`.save`, `report -o`, `export -o`, snapshots): a temporary file in the same directory, renamed over the target
//! once complete, so a reader never sees half a file and a failure leaves the old one intact.
//!
//! The replacement keeps what a person set on the file it replaces: its permission bits (a
//! 0600 ROPA stays private), its owner and group where the system lets us, and a symlink (the
//! link's target is rewritten, the link stays). A file-size limit (`ulimit -f`) or a full disk
//! is an error that removes the temporary file, never a death by SIGXFSZ.

use std::fs::{self, OpenOptions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. `path` may be a symlink: its final target is replaced.
/// The error's message says what is wrong in words: a directory, a missing directory, a
/// read-only directory, a file-size limit, a full disk.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomic`], for output made as it is written (an export streamed in bounded
/// memory): `write` gets the temporary file; the rename happens only if it returns `Ok`.
/// Its write errors reach it already explained (a full disk, a file-size limit).
pub fn write_atomic_with<E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let (mut f, tmp, path) = create_temporary(path)?;
    let written = write(&mut Explained(&mut f));
    let result = written.and_then(|()| {
        (|| {
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, &path)
        })()
        .map_err(|e| E::from(explain(e)))
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A file whose write errors are put in words by [`explain`].
struct Explained<'a>(&'a mut fs::File);

impl Write for Explained<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(explain)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(explain)
    }
}

/// Checks where `path` may be written and creates the temporary file beside it, with the
/// old file's mode and owner: (the open file, its path, the path the rename will replace).
fn create_temporary(path: &Path) -> io::Result<(fs::File, PathBuf, PathBuf)> {
    ignore_file_size_signal();
    let path = resolve_symlinks(path)?;
    if path.is_dir() {
        return Err(io::Error::new(
            ErrorKind::IsADirectory,
            "it is a directory: give a file name inside it",
        ));
    }
    if path.as_os_str().to_string_lossy().ends_with('/') {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "it ends in `/`, as a directory does: give a file name",
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(io::Error::new(
                ErrorKind::NotADirectory,
                format!("`{}` is not a directory", dir.display()),
            ));
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(io::Error::new(
                ErrorKind::NotFound,
                format!(
                    "directory `{}` does not exist (create it first: mkdir -p {})",
                    dir.display(),
                    dir.display()
                ),
            ));
        }
        Err(e) => return Err(e),
    }
    let existing = fs::metadata(&path).ok();
    // A name of our own in the target's directory: the rename stays within one file system.
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let f = match OpenOptions::new().write(true).create_new(true).open(&tmp) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            return Err(io::Error::new(
                ErrorKind::PermissionDenied,
                format!(
                    "directory `{}` is read-only to you (permission denied)",
                    dir.display()
                ),
            ));
        }
        Err(e) => return Err(e),
    };
    if let Some(m) = &existing
        && let Err(e) = keep_owner_and_mode(&f, m)
    {
        drop(f);
        let _ = fs::remove_file(&tmp);
        return Err(explain(e));
    }
    Ok((f, tmp, path))
}

/// Gives the new file the old one's permission bits, and its owner and group when allowed
/// (only root may give a file away; anyone may keep their own).
#[cfg(unix)]
fn keep_owner_and_mode(f: &fs::File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Not permitted is fine: the file then belongs to whoever wrote it, as `cp` does.
    let _ = std::os::unix::fs::fchown(f, Some(old.uid()), Some(old.gid()));
    f.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(f: &fs::File, old: &fs::Metadata) -> io::Result<()> {
    f.set_permissions(old.permissions())
}

/// Follows a chain of symlinks to the path that will really be written, so that the link
/// itself survives. A dangling link gives the path it points at (created by the write).
fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // The kernel's own limit on a chain of links (ELOOP beyond it).
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::new(
        ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// Says in words what a failed write means; the old file, if any, is unchanged.
fn explain(e: io::Error) -> io::Error {
    let words = match e.kind() {
        ErrorKind::FileTooLarge => {
            "file too large: the file-size limit (ulimit -f) was reached; nothing was written"
        }
        ErrorKind::StorageFull => "no space left on the device; nothing was written",
        ErrorKind::QuotaExceeded => "disk quota exceeded; nothing was written",
        _ => return e,
    };
    io::Error::new(e.kind(), words)
}

/// Turns SIGXFSZ (sent when a write passes `ulimit -f`) into a no-op, so that the write
/// fails with EFBIG and is reported, instead of the process dying with a half-written
/// temporary file left behind. Idempotent.
pub fn ignore_file_size_signal() {
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

/// Where `-o` sends output: `-` (or no path) is standard output, anything else a file
/// written by [`write_atomic`].
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, bytes),
        _ => {
            let mut out = io::stdout().lock();
            // A closed pipe (`basis … | head`) is not an error worth a message.
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
                r => r,
            }
        }
    }
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
        assert!(write_atomic(&target, b"one").is_ok());
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("one"));
        // A directory in the way: refused, and no temporary file is left.
        let blocked = dir.join("sub");
        let _ = fs::create_dir_all(blocked.join("x"));
        let e = write_atomic(&blocked, b"two").err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("is a directory")),
            "{e:?}"
        );
        let left: Vec<_> = fs::read_dir(&dir).map_or(Vec::new(), |d| d.flatten().collect());
        assert_eq!(left.len(), 2, "{left:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = dir("missing");
        let e = write_atomic(&dir.join("no/such/out.txt"), b"x")
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
    fn mode_and_symlinks_survive() {
        use std::os::unix::fs::PermissionsExt;
        let dir = dir("mode");
        let target = dir.join("secret.md");
        assert!(fs::write(&target, "old").is_ok());
        assert!(fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).is_ok());
        assert!(write_atomic(&target, b"new").is_ok());
        let mode = fs::metadata(&target).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        let link = dir.join("link.md");
        assert!(std::os::unix::fs::symlink("secret.md", &link).is_ok());
        assert!(write_atomic(&link, b"through").is_ok());
        assert_eq!(fs::read_link(&link).ok(), Some(PathBuf::from("secret.md")));
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("through"));
        let _ = fs::remove_dir_all(&dir);
    }
}
