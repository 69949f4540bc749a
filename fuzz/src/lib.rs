//! Property checks for maturin-fix, driven by libFuzzer (fuzz_targets/) and replayed on the
//! saved crash inputs by the main crate's tests/fuzz_regressions.rs.

pub mod checks;
