//! The k-th filesystem change fails, for every k: no module is lost, RECORD stays valid and
//! names only files that exist, and a re-run converges to the tree a clean run gives.
//! Needs the test-only seam: `cargo test --features fault-injection`.
#![cfg(feature = "fault-injection")]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

const ARM: &str = ".cpython-312-arm-linux-gnueabihf.so";
const WRONG: &str = ".cpython-312-armv7l-linux-gnueabihf.so";

/// Two packages, three mis-suffixed modules, one already right, two RECORDs.
fn populate(s: &Scratch) {
    s.write(&format!("sp/p/a{WRONG}"), arm32("a"));
    s.write(&format!("sp/p/sub/b{WRONG}"), arm32("b"));
    s.write(&format!("sp/p/ok{ARM}"), arm32("ok"));
    s.write(&format!("sp/q/c{WRONG}"), arm32("c"));
    s.write(
        "sp/p-1.0.dist-info/RECORD",
        format!("p/a{WRONG},sha256=a,65\np/sub/b{WRONG},sha256=b,65\np/ok{ARM},sha256=o,66\np-1.0.dist-info/RECORD,,\n"),
    );
    s.write(
        "sp/q-2.0.dist-info/RECORD",
        format!("q/c{WRONG},sha256=c,65\r\nq-2.0.dist-info/RECORD,,\r\n"),
    );
}

fn fix(s: &Scratch, mode: &str, fail_at: Option<usize>) -> Run {
    let args = ["fix", "--root", "sp", "--ext-suffix", ARM, "--mode", mode];
    match fail_at {
        Some(k) => s.run_env(&args, &[("MATURIN_FIX_FAIL_AT", &k.to_string())]),
        None => s.run(&args),
    }
}

/// Module contents by directory: what must never be lost.
fn modules(tree: &Tree) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found: Vec<(PathBuf, Vec<u8>)> = tree
        .0
        .iter()
        .filter_map(|(path, node)| match node {
            Node::File(content) if path.extension().is_some_and(|e| e == "so") => {
                Some((path.parent().unwrap().to_path_buf(), content.clone()))
            }
            _ => None,
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Every RECORD parses as CSV (Python's own reader) and names only existing paths.
fn records_consistent(s: &Scratch, run: &Run) {
    for record in ["sp/p-1.0.dist-info/RECORD", "sp/q-2.0.dist-info/RECORD"] {
        let script = "import csv,os,sys\n\
            base=os.path.dirname(os.path.dirname(sys.argv[1]))\n\
            rows=list(csv.reader(open(sys.argv[1],newline='')))\n\
            missing=[r[0] for r in rows if not os.path.lexists(os.path.join(base,r[0]))]\n\
            sys.exit('missing: %r' % missing if missing else 0)";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(s.path(record))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{record}: {}\n{run}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn every_failure_point_converges(mode: &str) {
    let clean = Scratch::new();
    populate(&clean);
    let original = modules(&clean.tree());
    let reference = fix(&clean, mode, None);
    reference.expect(0);

    let mut k = 1;
    loop {
        let s = Scratch::new();
        populate(&s);
        let failed = fix(&s, mode, Some(k));
        if failed.code() == 0 {
            // k is past the last change: the run was complete.
            assert_eq!(failed.tree, reference.tree, "{failed}");
            assert!(k > 3, "too few changes were made: {k}");
            break;
        }
        failed
            .expect(1)
            .stderr_has(&format!("injected failure of change #{k}"));
        let modules_after: Vec<(PathBuf, Vec<u8>)> = modules(&failed.tree);
        for module in &original {
            assert!(
                modules_after.contains(module),
                "k={k}: lost {} in {:?}\n{failed}",
                module.0.display(),
                module.1
            );
        }
        assert!(
            !failed
                .tree
                .0
                .keys()
                .any(|p| p.to_string_lossy().contains(".maturin-fix.tmp")),
            "k={k}: a temporary file was left\n{failed}"
        );
        records_consistent(&s, &failed);

        let rerun = fix(&s, mode, None);
        rerun.expect(0);
        assert_eq!(
            rerun.tree, reference.tree,
            "k={k}: the re-run did not converge\n{rerun}\nclean run:\n{reference}"
        );
        fix(&s, mode, None)
            .expect(0)
            .stdout_has("0 fixed, 0 to fix");
        k += 1;
    }
}

#[test]
fn rename_mode_survives_a_failure_at_every_change() {
    every_failure_point_converges("rename");
}

#[test]
fn symlink_mode_survives_a_failure_at_every_change() {
    every_failure_point_converges("symlink");
}

#[test]
fn the_seam_is_counted_in_the_documented_order() {
    // Links first, RECORDs next, old names last: the first failure leaves only a link.
    let s = Scratch::new();
    populate(&s);
    let run = fix(&s, "rename", Some(2));
    run.expect(1);
    let both = |dir: &str, stem: &str| {
        run.tree.has(&format!("{dir}/{stem}{WRONG}")) && run.tree.has(&format!("{dir}/{stem}{ARM}"))
    };
    assert!(both("sp/p", "a"), "{run}");
    assert!(!run.tree.has(&format!("sp/p/sub/b{ARM}")), "{run}");
    assert!(
        run.tree
            .text("sp/p-1.0.dist-info/RECORD")
            .contains(&format!("p/a{WRONG}")),
        "{run}"
    );
}
