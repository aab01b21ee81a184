//! Writing files atomically (`.save`, `report -o`, snapshots): a temporary file in the same directory, renamed over the target
//! once complete, so a reader never sees half a file and a failure leaves the old one intact.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A name of our own in the target's directory: the rename stays within one file system.
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("basis-save-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        let target = dir.join("out.txt");
        assert!(write_atomic(&target, b"one").is_ok());
        assert_eq!(fs::read_to_string(&target).ok().as_deref(), Some("one"));
        // A directory in the way: the rename fails and the temporary file is removed.
        let blocked = dir.join("sub");
        let _ = fs::create_dir_all(blocked.join("x"));
        assert!(write_atomic(&blocked, b"two").is_err());
        let left: Vec<_> = fs::read_dir(&dir).map_or(Vec::new(), |d| d.flatten().collect());
        assert_eq!(left.len(), 2, "{left:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}
