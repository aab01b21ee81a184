//! Where every command's result goes: standard output, the pager, or the file `-o` names.
//!
//! All of basis's standard output passes through [`Stdout`] (clippy's `disallowed_methods`
//! and `disallowed_macros` in `clippy.toml` keep `print!` and `io::stdout` out of the rest of
//! the crate). A write that fails is recorded there, and [`super::run`] reports it once, with
//! a non-zero exit, whatever the command did with the error — so no command can lose its
//! output silently (`basis stats > /dev/full`). A reader that closes the pipe early
//! (`basis … | head`) is not a failure: the command stops quietly and exits as it would have.

use super::Failure;
use crate::file::{OutputFile, Written, words};
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// `-o FILE|-`: where a command writes its result.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct OutputArg {
    /// Write the result to FILE: a regular file is replaced atomically (a temporary file
    /// renamed; its mode, owner and symlink kept) and a read-only one refused; a device, FIFO
    /// or /dev/stdout is written in place. `-` (the default) is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE|-")]
    pub(crate) output: Option<PathBuf>,
}

impl OutputArg {
    /// The file named, or `None` for standard output (no `-o`, or `-o -`).
    pub(crate) fn file(&self) -> Option<&Path> {
        file_of(self.output.as_deref())
    }
}

/// `path` unless it is `-` (standard output).
pub(super) fn file_of(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| p.as_os_str() != "-")
}

/// The first failed write to standard output, in words.
static FAILED: Mutex<Option<String>> = Mutex::new(None);
/// Whether the reader of standard output went away.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Standard output as a writer whose failures are recorded for [`finish`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stdout;

// The one place that writes to standard output.
#[allow(clippy::disallowed_methods)]
impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::stdout().write(buf).inspect_err(record)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush().inspect_err(record)
    }
}

fn record(e: &io::Error) {
    if e.kind() == ErrorKind::BrokenPipe {
        CLOSED.store(true, Ordering::Relaxed);
        return;
    }
    let mut failed = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    if failed.is_none() {
        let e = words(io::Error::new(e.kind(), e.to_string()), false);
        *failed = Some(e.to_string());
    }
}

/// Whether a write to standard output has failed (other than by a closed pipe).
pub(super) fn failed() -> bool {
    FAILED.lock().map_or(true, |f| f.is_some())
}

/// Whether the reader of standard output has closed it (`| head`).
pub(super) fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Whether nothing more can reach standard output: failed, or closed by its reader.
pub(super) fn gone() -> bool {
    closed() || failed()
}

/// Flushes standard output and says what failed, if anything did: the message for the end
/// of the command.
pub(super) fn finish() -> Option<String> {
    let _ = Stdout.flush();
    let failed = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    failed
        .as_ref()
        .map(|e| format!("error: cannot write to standard output: {e}\n"))
}

/// Writes `text` on standard output, whole; a failure is recorded for [`finish`].
pub(super) fn print(text: &str) {
    let mut out = Stdout;
    if out.write_all(text.as_bytes()).is_ok() {
        let _ = out.flush();
    }
}

/// The failure of writing `path`.
pub(super) fn cannot_write(path: &Path, e: &io::Error) -> Failure {
    Failure {
        message: format!("error: cannot write {}: {e}\n", path.display()),
        code: 1,
    }
}

/// Writes a whole result where `-o` says: the file (by `file.rs`'s rules), or standard
/// output, through the pager when `paged` and it is allowed. Returns how a file was written.
pub(super) fn emit(
    file: Option<&Path>,
    bytes: &[u8],
    paged: bool,
) -> Result<Option<Written>, Failure> {
    stream(file, paged, |w| match (w.write_all(bytes), file) {
        // Standard output's failures are recorded by `Stdout` and reported at the end.
        (Err(e), Some(path)) if e.kind() != ErrorKind::BrokenPipe => Err(cannot_write(path, &e)),
        _ => Ok(()),
    })
    .map(|(_, how)| how)
}

/// Streams a result where `-o` says: `write` gets a buffered writer to the file (renamed into
/// place only if `write` succeeds) or to standard output (held for the pager when `paged`).
/// Returns what `write` returned and how a file was written.
pub(super) fn stream<T>(
    file: Option<&Path>,
    paged: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<T, Failure>,
) -> Result<(T, Option<Written>), Failure> {
    let Some(path) = file else {
        let mut screen = Screen::new(paged);
        let value = {
            let mut w = BufWriter::new(&mut screen);
            let value = write(&mut w)?;
            // A failure is recorded by `Stdout` and reported at the end.
            let _ = w.flush();
            value
        };
        let _ = screen.finish();
        return Ok((value, None));
    };
    let mut f = OutputFile::create(path).map_err(|e| cannot_write(path, &e))?;
    let value = {
        let mut w = BufWriter::new(&mut f);
        let value = write(&mut w)?;
        match w.flush() {
            Err(e) if e.kind() != ErrorKind::BrokenPipe => return Err(cannot_write(path, &e)),
            _ => {}
        }
        value
    };
    let how = f.commit().map_err(|e| cannot_write(path, &e))?;
    Ok((value, Some(how)))
}

/// Standard output for a result a person may read at the terminal: with paging allowed
/// (`paged`, standard output a terminal, no `--no-pager`), what is written is held until it
/// is taller than the screen, then everything goes through `$PAGER` (run by `sh -c`, so it
/// may have arguments), else `less -FRX`; a short result is printed directly when it ends.
/// So the first screen of a long streamed result shows as soon as it is made.
pub(super) struct Screen {
    /// Text held while it may still fit the screen; `None` once it is passed on.
    held: Option<Vec<u8>>,
    lines: usize,
    rows: usize,
    pager: Option<Child>,
}

impl Screen {
    /// A screen; `paged`: the caller allows the pager for this output.
    pub(super) fn new(paged: bool) -> Screen {
        let paging = paged && super::terminal::pager_allowed();
        let rows = terminal_size::terminal_size().map_or(24, |(_, h)| usize::from(h.0));
        Screen {
            held: paging.then(Vec::new),
            lines: 0,
            rows,
            pager: None,
        }
    }

    /// Ends the output: prints what is held, or waits for the pager to be quit.
    pub(super) fn finish(mut self) -> io::Result<()> {
        if let Some(held) = self.held.take() {
            Stdout.write_all(&held)?;
            return Stdout.flush();
        }
        if let Some(mut child) = self.pager.take() {
            drop(child.stdin.take());
            child.wait()?;
        }
        Stdout.flush()
    }

    /// Starts the pager with what is held; if it cannot start, prints it directly.
    fn start_pager(&mut self) -> io::Result<()> {
        let held = self.held.take().unwrap_or_default();
        match spawn_pager() {
            Ok(mut child) => {
                if let Some(stdin) = child.stdin.as_mut() {
                    stdin.write_all(&held)?;
                }
                self.pager = Some(child);
                Ok(())
            }
            Err(_) => Stdout.write_all(&held),
        }
    }
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(held) = &mut self.held {
            held.extend_from_slice(buf);
            self.lines += buf.iter().filter(|b| **b == b'\n').count();
            if self.lines + 1 >= self.rows {
                self.start_pager()?;
            }
            return Ok(buf.len());
        }
        match self.pager.as_mut().and_then(|c| c.stdin.as_mut()) {
            // The reader quitting (`q` in less) closes the pipe: the writer stops quietly.
            Some(stdin) => stdin.write(buf),
            None => Stdout.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.pager.as_mut().and_then(|c| c.stdin.as_mut()) {
            Some(stdin) => stdin.flush(),
            None if self.held.is_some() => Ok(()),
            None => Stdout.flush(),
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if let Some(held) = self.held.take() {
            let _ = Stdout.write_all(&held);
        }
        if let Some(mut child) = self.pager.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

fn spawn_pager() -> io::Result<Child> {
    let mut cmd = match std::env::var("PAGER") {
        Ok(p) if !p.trim().is_empty() => {
            let mut c = Command::new("sh");
            c.args(["-c", &p]);
            c
        }
        _ => {
            let mut c = Command::new("less");
            c.arg("-FRX");
            c
        }
    };
    // Ctrl-C in the pager belongs to the pager (less ignores it): basis must not die under
    // it and leave the terminal to an orphan. A handler that only sets a flag replaces the
    // default action; one already installed (the REPL's) is still called after it.
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let flag = std::sync::Arc::new(AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, flag);
    });
    cmd.stdin(Stdio::piped()).spawn()
}
