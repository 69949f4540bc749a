//! The binary against oracles built independently of it (tests/data/*README.md says how):
//! triple vectors read from CPython's configure.ac / Misc/platform_triplet.c, real Debian and
//! Yocto-layout sysconfigdata and build-details files with the values the host Python reads
//! from them, and malformed files.

mod common;

use std::path::Path;
use std::process::Command;

use common::BIN;

fn data(rel: &str) -> String {
    format!("{}/tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// Rows of a TSV with a header line, as maps from column name to cell.
fn tsv(rel: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("MATURIN_FIX_ROOT")
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn triples_give_what_cpythons_configure_gives() {
    let rows = tsv("triplets.tsv");
    assert!(
        rows.len() > 300,
        "the vector table is incomplete: {} rows",
        rows.len()
    );
    let mut failures = Vec::new();
    for row in &rows {
        let mut args = vec![
            "suffix",
            "--target",
            &row["triple"],
            "--python",
            &row["python"],
        ];
        for (column, option) in [
            ("abiflags", "--abiflags"),
            ("float_abi", "--float-abi"),
            ("musl_build", "--musl-build"),
        ] {
            if !row[column].is_empty() {
                args.extend([option, &row[column]]);
            }
        }
        let (code, stdout, stderr) = run(&args);
        let described = format!("{} [{}]", args[1..].join(" "), row["source"]);
        if row["expected"] == "error" {
            if code != 2 {
                failures.push(format!(
                    "{described}: expected an error, got {code} {stdout:?}"
                ));
            }
            continue;
        }
        if code != 0 || stdout.trim_end() != row["expected"] {
            failures.push(format!(
                "{described}: expected {}, got {code} {stdout:?} {stderr:?}",
                row["expected"]
            ));
            continue;
        }
        let warned = stderr.contains("warning:");
        if warned != (row["decided"] == "no") {
            failures.push(format!(
                "{described}: decided={} but warnings were {stderr:?}",
                row["decided"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors fail:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn real_sysconfigdata_and_build_details_files_give_what_python_reads_from_them() {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    let rows = tsv("sysconfigdata-expected.tsv");
    assert!(rows.len() >= 20);
    for row in rows {
        let file = data(&row["path"]);
        let (code, stdout, stderr) = run(&["suffix", "--sysconfigdata", &file]);
        assert_eq!(
            (code, stdout.trim_end()),
            (0, row["EXT_SUFFIX"].as_str()),
            "{file}: {stderr}"
        );
        let (_, triplet, _) = run(&["suffix", "--sysconfigdata", &file, "--triplet"]);
        if !row["MULTIARCH"].is_empty() {
            assert_eq!(triplet.trim_end(), row["MULTIARCH"], "{file}");
        }
        let (code, json, stderr) = run(&[
            "check",
            "--root",
            root,
            "--sysconfigdata",
            &file,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{file}: {stderr}");
        for (key, column) in [("\"abiflags\": ", "ABIFLAGS"), ("\"python\": ", "VERSION")] {
            let expected = format!("{key}\"{}\"", row[column]);
            assert!(json.contains(&expected), "{file}: {expected} not in {json}");
        }
        if !row["SOABI"].is_empty() {
            assert!(
                json.contains(&format!("\"soabi\": \"{}\"", row["SOABI"])),
                "{file}: {json}"
            );
        }
    }
}

#[test]
fn every_sysroot_is_found_and_ambiguity_is_an_error_that_lists_the_choices() {
    let rows = tsv("sysconfigdata-expected.tsv");
    let mut by_sysroot: std::collections::BTreeMap<
        String,
        std::collections::BTreeSet<(String, String)>,
    > = Default::default();
    for row in &rows {
        let sysroot = row["path"].split("/usr/").next().unwrap().to_string();
        by_sysroot
            .entry(sysroot)
            .or_default()
            .insert((row["VERSION"].clone(), row["EXT_SUFFIX"].clone()));
    }
    for (sysroot, answers) in by_sysroot {
        let dir = data(&sysroot);
        let (code, stdout, stderr) = run(&["suffix", "--sysroot", &dir]);
        if answers.len() == 1 {
            let (_, suffix) = answers.iter().next().unwrap();
            assert_eq!(
                (code, stdout.trim_end()),
                (0, suffix.as_str()),
                "{sysroot}: {stderr}"
            );
        } else {
            assert_eq!(
                code, 2,
                "{sysroot}: several answers must be an error: {stdout}"
            );
            assert!(
                stderr.contains("several target interpreters disagree")
                    && stderr.contains("--python"),
                "{stderr}"
            );
            for (version, suffix) in answers {
                assert!(
                    stderr.contains(&suffix),
                    "{sysroot}: {suffix} not listed in {stderr}"
                );
                let (code, stdout, stderr) =
                    run(&["suffix", "--sysroot", &dir, "--python", &version]);
                assert_eq!(
                    (code, stdout.trim_end()),
                    (0, suffix.as_str()),
                    "{sysroot} {version}: {stderr}"
                );
            }
        }
    }
    // A multilib-style sysroot needs no hint: usr/lib64 is searched like usr/lib.
    assert!(Path::new(&data("sysroots/yocto-x86-64-lib64-3.13/usr/lib64")).is_dir());
}

#[test]
fn malformed_files_are_exit_2_naming_the_file() {
    for row in tsv("sysconfigdata-bad.tsv") {
        let file = data(&row["path"]);
        let (code, stdout, stderr) = run(&["suffix", "--sysconfigdata", &file]);
        assert_eq!(
            code, 2,
            "{} ({}): {stdout}",
            row["path"], row["what_is_wrong"]
        );
        assert!(
            stderr.contains(&file),
            "{}: the error does not name the file: {stderr}",
            row["path"]
        );
        assert!(stdout.is_empty());
    }
}
