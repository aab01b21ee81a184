//! Shared by the benches and `examples/measure.rs`: generated datasets cached under the
//! target directory, and the scale queries of `tests/cases/scale/`.

use basis::model::write_snapshot;
use basis::model::{GenOptions, generate};
use std::path::{Path, PathBuf};

/// Flows per organisation in the generated datasets: constant, so that the answer of a
/// query about one organisation stays the same size as the dataset grows.
pub const FLOWS_PER_ORG: usize = 400;

/// Dataset sizes: 10k, 100k and 1M flows; 10M too when `BASIS_BENCH_10M=1`.
pub fn sizes() -> Vec<usize> {
    let mut s = vec![10_000, 100_000, 1_000_000];
    if std::env::var("BASIS_BENCH_10M").is_ok_and(|v| v == "1") {
        s.push(10_000_000);
    }
    s
}

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("basis-bench")
}

/// The snapshot of `flows` flows (seed 1), generated on first use, and again when the cached
/// file cannot be read (one written by an older basis, whose format has since changed).
pub fn dataset(flows: usize) -> PathBuf {
    let dir = cache_dir();
    let path = dir.join(format!("national-{flows}.basis"));
    if !path.exists() || basis::model::read_snapshot(&path).is_err() {
        std::fs::create_dir_all(&dir).expect("cache directory");
        let vocab = basis::model::builtin_vocab().expect("built-in vocabularies");
        let opts = GenOptions {
            orgs: (flows / FLOWS_PER_ORG).max(4),
            flows,
            seed: 1,
        };
        let model = generate(opts, vocab, &mut |_| {}).expect("options within the limits");
        write_snapshot(&model, &path).expect("snapshot written");
    }
    path
}

/// `(name, text)` of each query in `tests/cases/scale/`.
pub fn queries() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/scale");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("tests/cases/scale")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "q"))
        .map(|p| {
            let name = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&p).expect("query file");
            (name, text.trim_end().to_string())
        })
        .collect();
    out.sort();
    out
}
