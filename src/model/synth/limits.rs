//! What `basis gen` agrees to build: sizes whose work and memory stay in proportion to
//! `--flows`, checked before anything is generated.
//!
//! Every organisation costs a fixed amount whatever its flows (its services, retention
//! rules, notice, party and internal-teams party, and its share of the area's providers), so
//! organisations are limited by flows; flows are limited by the memory a run needs, which is
//! estimated from the measured cost of a flow and of an organisation (BENCHMARKS.md).

use super::GenOptions;
use thiserror::Error;

/// The most flows `basis gen` makes. Flow numbers are `u32` (4.29 billion), but memory binds
/// long before: 100M flows need about 10 GB to generate and 8.8 GB to load and index
/// (88 B a flow, BENCHMARKS.md, "A 36-byte flow"), which is what a 16 GB machine can still
/// query.
pub(crate) const MAX_FLOWS: usize = 100_000_000;

/// Organisations allowed whatever `--flows` is, so that tiny hand-readable datasets (and the
/// property tests' random ones) may have more organisations than flows; ten cost about 130 kB.
pub(crate) const ORGS_ALWAYS_ALLOWED: usize = 10;

/// Peak memory of `basis gen` per flow, rounded up: measured 65 B at 10M flows and 4
/// organisations (646 MB peak RSS), 74 B with 2,500 organisations (742 MB); it was 72 and 85 B
/// before a flow shrank from 48 to 36 bytes, and the bound is kept for both.
pub(crate) const BYTES_PER_FLOW: u64 = 100;

/// Peak memory of `basis gen` per organisation, whatever its flows, rounded up: 12.3 KiB
/// measured between 20,000 organisations (250 MB peak RSS) and 100,000 (1.23 GB), at 10
/// flows each time.
pub(crate) const BYTES_PER_ORG: u64 = 13_000;

/// The most memory a run may be estimated to need: 100M flows with the default 2,500
/// organisations fit (10 GB), half a million organisations with them do not.
pub(crate) const MAX_BYTES: u64 = 16_000_000_000;

/// Why `basis gen` refuses its options: a dataset it cannot build in proportion to `--flows`.
/// Each says how to change the command.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GenError {
    /// No organisation, when every flow needs one: `basis gen --orgs 0`.
    #[error("--orgs 0 makes no organisation, and every flow needs one")]
    NoOrgs,
    /// More flows than `MAX_FLOWS`: `basis gen --flows 200000000`.
    #[error(
        "--flows {flows} is more than basis gen makes (at most {MAX_FLOWS} flows): it would need about {} of memory",
        gb(*.bytes)
    )]
    TooManyFlows {
        /// As given.
        flows: usize,
        /// The estimated peak memory.
        bytes: u64,
    },
    /// More organisations than flows (beyond `ORGS_ALWAYS_ALLOWED`), whose fixed cost would
    /// dwarf the flows: `basis gen --orgs 1000000 --flows 10`.
    #[error(
        "--orgs {orgs} is more than --flows {flows} allows: basis gen makes at most one organisation per flow (or {ORGS_ALWAYS_ALLOWED} whatever the flows); it would need about {} of memory for {flows} flows",
        gb(*.bytes)
    )]
    TooManyOrgs {
        /// As given.
        orgs: usize,
        /// As given.
        flows: usize,
        /// The estimated peak memory.
        bytes: u64,
    },
    /// Both within their limits, but together estimated beyond `MAX_BYTES`:
    /// `basis gen --orgs 1000000 --flows 100000000`.
    #[error(
        "--orgs {orgs} --flows {flows} would need about {} of memory, more than basis gen allows itself ({})",
        gb(*.bytes),
        gb(MAX_BYTES)
    )]
    TooMuchMemory {
        /// As given.
        orgs: usize,
        /// As given.
        flows: usize,
        /// The estimated peak memory.
        bytes: u64,
    },
}

impl GenError {
    /// How to change the command so that it is accepted.
    pub(crate) fn help(&self) -> String {
        match self {
            GenError::NoOrgs => "use --orgs 1 or more".to_string(),
            GenError::TooManyFlows { .. } => {
                format!("use --flows {MAX_FLOWS} or fewer")
            }
            GenError::TooManyOrgs { orgs, flows, .. } => {
                let most = (*flows).max(ORGS_ALWAYS_ALLOWED);
                if *orgs <= MAX_FLOWS {
                    format!("lower --orgs to {most} or fewer, or raise --flows to {orgs} or more")
                } else {
                    format!("lower --orgs to {most} or fewer")
                }
            }
            GenError::TooMuchMemory { flows, .. } => {
                let room = MAX_BYTES.saturating_sub(flow_bytes(*flows));
                format!(
                    "lower --orgs to {} or fewer, or lower --flows",
                    room / BYTES_PER_ORG
                )
            }
        }
    }
}

impl GenOptions {
    /// The estimated peak memory of generating these options, in bytes.
    pub(crate) fn estimated_bytes(&self) -> u64 {
        flow_bytes(self.flows).saturating_add((self.orgs as u64).saturating_mul(BYTES_PER_ORG))
    }

    /// Whether `basis gen` builds these options: flows at most [`MAX_FLOWS`], organisations
    /// at least one and at most the flows (or [`ORGS_ALWAYS_ALLOWED`]), and the estimated memory at most
    /// [`MAX_BYTES`].
    pub(crate) fn check(&self) -> Result<(), GenError> {
        let GenOptions { orgs, flows, .. } = *self;
        let bytes = self.estimated_bytes();
        if orgs == 0 {
            return Err(GenError::NoOrgs);
        }
        if flows > MAX_FLOWS {
            return Err(GenError::TooManyFlows { flows, bytes });
        }
        if orgs > flows.max(ORGS_ALWAYS_ALLOWED) {
            return Err(GenError::TooManyOrgs { orgs, flows, bytes });
        }
        if bytes > MAX_BYTES {
            return Err(GenError::TooMuchMemory { orgs, flows, bytes });
        }
        Ok(())
    }
}

fn flow_bytes(flows: usize) -> u64 {
    (flows as u64).saturating_mul(BYTES_PER_FLOW)
}

/// Bytes as a person reads them: `1.2 GB`, `740 MB`.
fn gb(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else {
        format!("{} MB", bytes.div_ceil(1_000_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(orgs: usize, flows: usize) -> GenOptions {
        GenOptions {
            orgs,
            flows,
            seed: 1,
        }
    }

    #[test]
    fn the_documented_sizes_are_accepted() {
        for (orgs, flows) in [(2500, 1_000_000), (2500, 100_000_000), (25_000, 10_000_000)] {
            assert_eq!(
                opts(orgs, flows).check(),
                Ok(()),
                "{orgs} orgs, {flows} flows"
            );
        }
        assert_eq!(opts(ORGS_ALWAYS_ALLOWED, 0).check(), Ok(()));
        assert_eq!(opts(7, 7).check(), Ok(()));
    }

    #[test]
    fn each_limit_has_its_error() {
        assert_eq!(opts(0, 100).check(), Err(GenError::NoOrgs));
        assert!(matches!(
            opts(2500, MAX_FLOWS + 1).check(),
            Err(GenError::TooManyFlows { .. })
        ));
        assert!(matches!(
            opts(1_000_000, 10).check(),
            Err(GenError::TooManyOrgs { .. })
        ));
        assert!(matches!(
            opts(1_000_000, MAX_FLOWS).check(),
            Err(GenError::TooMuchMemory { .. })
        ));
    }

    #[test]
    fn the_suggested_orgs_are_accepted() {
        let e = opts(1_000_000, MAX_FLOWS)
            .check()
            .expect_err("a million organisations with 100M flows");
        let most: usize = e
            .help()
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .expect("a number in the help");
        assert_eq!(opts(most, MAX_FLOWS).check(), Ok(()));
        assert!(opts(most + 1, MAX_FLOWS).check().is_err());
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let e = opts(usize::MAX, usize::MAX)
            .check()
            .expect_err("usize::MAX flows");
        assert!(matches!(e, GenError::TooManyFlows { .. }));
        assert!(e.to_string().contains("GB"), "{e}");
    }
}
