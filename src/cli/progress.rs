//! Feedback on slow work: a labelled spinner on standard error for a load or a write that is
//! still going after a second, and a line saying what it did once it is done. Nothing for a
//! quick step, and nothing at all when standard error is not a terminal (scripts and logs).

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long work may take before a spinner appears: a second, or `BASIS_PROGRESS_DELAY_MS`
/// (the tests set 0 to see the spinner on small data).
fn quiet() -> Duration {
    std::env::var("BASIS_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// A spinner that appears only if the work outlasts [`quiet`].
pub(super) struct Progress {
    done: Option<Sender<()>>,
    thread: Option<JoinHandle<bool>>,
    started: Instant,
}

impl Progress {
    /// Starts timing work described by `label` (`loading national.basis  1.2 GB`).
    pub(super) fn start(label: String) -> Progress {
        let started = Instant::now();
        if !std::io::stderr().is_terminal() {
            return Progress {
                done: None,
                thread: None,
                started,
            };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let delay = quiet();
        let thread = std::thread::spawn(move || {
            if rx.recv_timeout(delay) != Err(RecvTimeoutError::Timeout) {
                return false;
            }
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}  {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            spinner.set_message(label);
            spinner.enable_steady_tick(Duration::from_millis(100));
            // Until the work says it is done (or is dropped).
            let _ = rx.recv();
            spinner.finish_and_clear();
            true
        });
        Progress {
            done: Some(tx),
            thread: Some(thread),
            started,
        }
    }

    /// Ends the spinner; when it was shown, prints `summary` and the time taken, so the
    /// screen says what the wait was for.
    pub(super) fn finish(mut self, summary: &str) {
        let shown = self.stop();
        if shown {
            eprintln!("{summary}  {:.1} s", self.started.elapsed().as_secs_f64());
        }
    }

    fn stop(&mut self) -> bool {
        drop(self.done.take());
        self.thread
            .take()
            .is_some_and(|t| t.join().unwrap_or(false))
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Work that failed still clears its spinner before the error is printed.
        self.stop();
    }
}

/// `1.2 GB`, `340 KB`, `512 bytes`: a size for people (powers of 1000, as file managers).
pub(super) fn human_size(bytes: u64) -> String {
    let units = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
    for (unit, size) in units {
        if bytes as f64 >= size {
            return format!("{:.1} {unit}", bytes as f64 / size);
        }
    }
    format!("{bytes} bytes")
}

/// What a load is labelled with: the path and, for a file, its size.
pub(super) fn load_label(path: Option<&std::path::Path>) -> String {
    match path {
        None => "loading the built-in datasets".to_string(),
        Some(p) => match std::fs::metadata(p) {
            Ok(m) if m.is_file() => format!("loading {}  {}", p.display(), human_size(m.len())),
            _ => format!("loading {}", p.display()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(1_234_000), "1.2 MB");
        assert_eq!(human_size(1_200_000_000), "1.2 GB");
    }
}
