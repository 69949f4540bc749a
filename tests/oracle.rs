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
}

/// The tool's answer for a sysroot (`check --format json`), checked by the host's Python
/// against the file the tool says it read: its EXT_SUFFIX (the `.py` executed, the `.json`
/// loaded), its import list, and that no better file was passed over (a build-details.json
/// beside a sysconfigdata, the target's own file beside Yocto's staging copy).
const JUDGE: &str = r#"
import json, os, runpy, sys
t = json.load(sys.stdin)["target"]
path = t["source_path"]
problems = []
if path.endswith(".json"):
    exts = json.load(open(path))["suffixes"]["extensions"]
    doc = json.load(open(path))
    want = (doc.get("abi", {}).get("extension_suffix") or exts[0], exts, "build-details")
else:
    want = (runpy.run_path(path)["build_time_vars"]["EXT_SUFFIX"], None, "sysconfigdata")
    here = os.path.dirname(path)
    if any(n.startswith("build-details") and n.endswith(".json") for n in os.listdir(here)):
        problems.append("a build-details.json beside it was passed over")
    if os.path.basename(here) == "python-sysconfigdata":
        lib = os.path.dirname(here)
        for d in os.listdir(lib):
            if d == "python" + t["python"] and any(
                n.startswith("_sysconfigdata_") for n in os.listdir(os.path.join(lib, d))
            ):
                problems.append("Yocto's staging copy was preferred to " + d)
if (t["ext_suffix"], t["source"]) != (want[0], want[2]):
    problems.append("tool: %r, Python: %r" % ((t["ext_suffix"], t["source"]), (want[0], want[2])))
if want[1] is not None and t["import_suffixes"] != want[1]:
    problems.append("import list: tool %r, file %r" % (t["import_suffixes"], want[1]))
print(path)
sys.exit("; ".join(problems) or None)
"#;

/// Runs the tool's JSON through [`JUDGE`]: the file the tool read, or what is wrong.
fn judged(json: &str) -> Result<String, String> {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", JUDGE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
    match out.status.success() {
        true => Ok(stdout),
        false => Err(format!(
            "{stdout}: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn sysroot_json(sysroot: &str, python: &str) -> String {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    let dir = data(sysroot);
    let args = [
        "check",
        "--root",
        root,
        "--sysroot",
        &dir,
        "--python",
        python,
        "--format",
        "json",
    ];
    let (code, json, stderr) = run(&args);
    assert_eq!(code, 0, "{sysroot} {python}: {stderr}");
    json
}

#[test]
fn every_sysroot_answer_is_what_python_reads_from_the_best_file_there() {
    let mut seen = std::collections::BTreeSet::new();
    for row in tsv("sysconfigdata-expected.tsv") {
        let sysroot = row["path"].split("/usr/").next().unwrap().to_string();
        if !seen.insert((sysroot.clone(), row["VERSION"].clone())) {
            continue;
        }
        let json = sysroot_json(&sysroot, &row["VERSION"]);
        if let Err(why) = judged(&json) {
            panic!("{sysroot} (Python {}): {why}\n{json}", row["VERSION"]);
        }
    }
    assert!(seen.len() >= 10, "{seen:?}");
}

#[test]
fn a_lib64_sysroot_is_read_from_usr_lib64_not_from_the_staging_copy() {
    // A multilib-style sysroot needs no hint: usr/lib64 is searched like usr/lib, and the
    // target's own file wins over Yocto's python-sysconfigdata/ copy.
    let sysroot = "sysroots/yocto-x86-64-lib64-3.13";
    assert!(!Path::new(&data(&format!("{sysroot}/usr/lib"))).exists());
    let read = judged(&sysroot_json(sysroot, "3.13")).unwrap();
    assert_eq!(
        read,
        data(&format!(
            "{sysroot}/usr/lib64/python3.13/_sysconfigdata__linux_x86_64-linux-gnu.py"
        ))
    );
}

#[test]
fn on_3_14_build_details_json_wins_over_a_sysconfigdata_that_agrees_on_the_suffix() {
    // Debian's 3.14: _sysconfigdata_*.py and build-details.json beside it agree on
    // EXT_SUFFIX, but only build-details carries the import list, with .abi3-<triplet>.so.
    for (sysroot, triplet) in [
        ("sysroots/debian-sid-arm64", "aarch64-linux-gnu"),
        ("sysroots/debian-sid-amd64", "x86_64-linux-gnu"),
    ] {
        let dir = format!("{sysroot}/usr/lib/python3.14");
        let from_py = file_json(&format!("{dir}/_sysconfigdata__{triplet}.py"));
        let json = sysroot_json(sysroot, "3.14");
        let read = judged(&json).unwrap_or_else(|why| panic!("{sysroot}: {why}"));
        assert_eq!(
            read,
            data(&format!("{dir}/build-details..{triplet}.json")),
            "{json}"
        );
        assert!(json.contains("\"source\": \"build-details\""), "{json}");
        let abi3 = format!("\".abi3-{triplet}.so\"");
        assert!(json.contains(&abi3), "{json}");
        // What makes the difference: the sysconfigdata alone gives a shorter import list.
        let suffix = format!("\"ext_suffix\": \".cpython-314-{triplet}.so\"");
        assert!(
            json.contains(&suffix) && from_py.contains(&suffix),
            "{from_py}"
        );
        assert!(!from_py.contains(&abi3), "{from_py}");
    }
}

/// `check --format json` with `--sysconfigdata FILE` (a path under tests/data, or absolute).
fn file_json(file: &str) -> String {
    let file = if file.starts_with('/') {
        file.to_string()
    } else {
        data(file)
    };
    let empty = tempfile::tempdir().unwrap();
    let args = [
        "check",
        "--root",
        empty.path().to_str().unwrap(),
        "--sysconfigdata",
        &file,
        "--format",
        "json",
    ];
    let (code, json, stderr) = run(&args);
    assert_eq!(code, 0, "{file}: {stderr}");
    json
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
