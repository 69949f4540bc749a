//! Replays saved fuzz inputs through the fuzz targets' own property checks.
//!
//! - tests/data/fuzz-regressions/<target>/*: minimized inputs that once broke a property
//!   (each is named after the bug; see docs/fuzzing.md);
//! - fuzz/corpus/<target>/*: the committed seeds (real sysconfigdata, build-details.json,
//!   the triples of tests/data/triplets.tsv, hand-written edge cases).
//!
//! The checks live in fuzz/src/checks/ and are compiled here unchanged, so a failure here is
//! exactly what `cargo fuzz run <target> <file>` reports, without needing libFuzzer.

#[allow(dead_code)]
#[path = "../fuzz/src/checks/mod.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_of(target: &str) -> checks::Check {
    checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, check)| *check)
        .unwrap_or_else(|| panic!("no fuzz target named {target}"))
}

/// Whole real files of tests/data that seed `target`, as fuzz/real-seeds.tsv names them.
fn real_seeds(target: &str) -> Vec<PathBuf> {
    let list =
        std::fs::read_to_string(root().join("fuzz/real-seeds.tsv")).expect("fuzz/real-seeds.tsv");
    list.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .filter(|(t, _)| *t == target)
        .map(|(_, path)| {
            let file = root().join("tests/data").join(path);
            assert!(
                file.is_file(),
                "fuzz/real-seeds.tsv names a missing file: {}",
                file.display()
            );
            file
        })
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("read directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every saved input of `target`; fails listing each input whose check panicked.
fn replay(target: &str) {
    let check = check_of(target);
    let regressions = files_in(&root().join("tests/data/fuzz-regressions").join(target));
    let mut seeds = files_in(&root().join("fuzz/corpus").join(target));
    seeds.extend(real_seeds(target));
    assert!(
        !seeds.is_empty(),
        "fuzz/corpus/{target} has no seeds: the fuzz crate is missing from this checkout"
    );
    let mut failed = Vec::new();
    for file in regressions.iter().chain(&seeds) {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            let relative = file.strip_prefix(root()).unwrap_or(file);
            failed.push(format!("{}: {message}", relative.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} saved {target} inputs break a property:\n{}",
        failed.len(),
        regressions.len() + seeds.len(),
        failed.join("\n")
    );
}

#[test]
fn sysconfigdata_inputs() {
    replay("sysconfigdata");
}

#[test]
fn build_details_inputs() {
    replay("build_details");
}

#[test]
fn record_inputs() {
    replay("record");
}

#[test]
fn record_rows_inputs() {
    replay("record_rows");
}

#[test]
fn ext_filename_inputs() {
    replay("ext_filename");
}

#[test]
fn triple_inputs() {
    replay("triple");
}

#[test]
fn every_regression_directory_names_a_target() {
    let dir = root().join("tests/data/fuzz-regressions");
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz-regressions exists") {
        let path = entry.expect("read directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            check_of(&name);
        }
    }
}
