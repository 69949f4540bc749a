//! Faults at every filesystem change, and inside the changes, in both modes: no module is
//! lost, each RECORD is either its old or its new text (never a torn one) and names only
//! files that exist, and a re-run converges to the tree this test expects.
//! Needs the test-only seam: `cargo test --features fault-injection`; `MATURIN_FIX_FAIL_AT`
//! is documented in src/tree/apply.rs.
#![cfg(feature = "fault-injection")]

mod common;

use std::collections::BTreeSet;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

const ARM: &str = ".cpython-312-arm-linux-gnueabihf.so";
const WRONG: &str = ".cpython-312-armv7l-linux-gnueabihf.so";
const TMP: &str = ".RECORD.maturin-fix.tmp";

/// The fixture: (directory, module name, misnamed?). Each module's content is `arm32(name)`.
const MODULES: [(&str, &str, bool); 4] = [
    ("sp/p", "a", true),
    ("sp/p/sub", "b", true),
    ("sp/p", "ok", false),
    ("sp/q", "c", true),
];
const DIRS: [&str; 6] = [
    "sp",
    "sp/p",
    "sp/p/sub",
    "sp/q",
    "sp/p-1.0.dist-info",
    "sp/q-2.0.dist-info",
];
const P_RECORD: &str = "sp/p-1.0.dist-info/RECORD";
const Q_RECORD: &str = "sp/q-2.0.dist-info/RECORD";

fn p_record_before() -> String {
    format!("p/a{WRONG},sha256=a,65\np/sub/b{WRONG},sha256=b,65\np/ok{ARM},sha256=o,66\np-1.0.dist-info/RECORD,,\n")
}

fn q_record_before() -> String {
    format!("q/c{WRONG},sha256=c,65\r\nq-2.0.dist-info/RECORD,,\r\n")
}

/// The RECORDs after a complete fix, row by row: renamed rows keep their hash and size; a
/// symlink gets a row of its own right after its module's (same hash and size).
fn records_after(mode: &str) -> [(&'static str, String); 2] {
    let p = match mode {
        "rename" => format!(
            "p/a{ARM},sha256=a,65\np/sub/b{ARM},sha256=b,65\np/ok{ARM},sha256=o,66\np-1.0.dist-info/RECORD,,\n"
        ),
        _ => format!(
            "p/a{WRONG},sha256=a,65\np/a{ARM},sha256=a,65\np/sub/b{WRONG},sha256=b,65\np/sub/b{ARM},sha256=b,65\np/ok{ARM},sha256=o,66\np-1.0.dist-info/RECORD,,\n"
        ),
    };
    let q = match mode {
        "rename" => format!("q/c{ARM},sha256=c,65\r\nq-2.0.dist-info/RECORD,,\r\n"),
        _ => format!(
            "q/c{WRONG},sha256=c,65\r\nq/c{ARM},sha256=c,65\r\nq-2.0.dist-info/RECORD,,\r\n"
        ),
    };
    [(P_RECORD, p), (Q_RECORD, q)]
}

fn populate(s: &Scratch) {
    for (dir, name, misnamed) in MODULES {
        let suffix = if misnamed { WRONG } else { ARM };
        s.write(&format!("{dir}/{name}{suffix}"), arm32(name));
    }
    s.write(P_RECORD, p_record_before());
    s.write(Q_RECORD, q_record_before());
}

/// The tree a complete fix must leave, written out from the fixture (not from a run).
fn expected_tree(mode: &str) -> Tree {
    let mut tree = Tree::default();
    for dir in DIRS {
        tree.0.insert(dir.into(), Node::Dir);
    }
    for (dir, name, misnamed) in MODULES {
        let content = Node::File(arm32(name));
        let right = PathBuf::from(format!("{dir}/{name}{ARM}"));
        if !misnamed || mode == "rename" {
            tree.0.insert(right, content);
        } else {
            tree.0
                .insert(format!("{dir}/{name}{WRONG}").into(), content);
            tree.0
                .insert(right, Node::Link(format!("{name}{WRONG}").into()));
        }
    }
    for (path, text) in records_after(mode) {
        tree.0.insert(path.into(), Node::File(text.into_bytes()));
    }
    tree
}

fn fix(s: &Scratch, mode: &str, fault: Option<&str>) -> Run {
    let args = ["fix", "--root", "sp", "--ext-suffix", ARM, "--mode", mode];
    match fault {
        Some(fault) => s.run_env(&args, &[("MATURIN_FIX_FAIL_AT", fault)]),
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
fn records_name_existing_files(s: &Scratch, records: &[&str], context: &dyn std::fmt::Display) {
    for record in records {
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
            "{record}: {}\n{context}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn is_tmp(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == TMP)
}

/// How a fault shows, and whether it may leave a temporary file (a crash cleans nothing up).
struct Fault {
    how: &'static str,
    leaves_tmp: bool,
}

const FAULTS: [Fault; 4] = [
    Fault {
        how: "before",
        leaves_tmp: false,
    },
    Fault {
        how: "short",
        leaves_tmp: false,
    },
    Fault {
        how: "torn",
        leaves_tmp: true,
    },
    Fault {
        how: "crash",
        leaves_tmp: true,
    },
];

/// What was seen over all k, so that the test knows the faults hit inside operations.
#[derive(Default)]
struct Seen {
    short_writes: usize,
    /// Temporary RECORDs left by a crash: (complete?).
    tmp_left: Vec<bool>,
    /// Runs that stopped with both names of a module present (link made, old name not gone).
    both_names: usize,
}

/// One faulty run at change k; false once k is past the last change.
fn faulty_run(mode: &str, fault: &Fault, k: usize, seen: &mut Seen) -> bool {
    let s = Scratch::new();
    populate(&s);
    let before = s.tree();
    let expected = expected_tree(mode);
    let failed = fix(&s, mode, Some(&format!("{k}:{}", fault.how)));
    if failed.code() == 0 {
        assert_eq!(failed.tree, expected, "k={k}: past the end\n{failed}");
        return false;
    }
    let ctx = format!("k={k}:{} in {mode} mode", fault.how);
    // `crash` dies after any change, `torn` only inside a file write; `short` fails inside a
    // file write; elsewhere these fail before the change.
    let crashed = failed
        .stderr()
        .contains(&format!("injected crash in change #{k}\n"));
    let short = failed
        .stderr()
        .contains(&format!("injected short write in change #{k}:"));
    if crashed {
        assert!(matches!(fault.how, "crash" | "torn"), "{ctx}\n{failed}");
        failed.expect(137);
    } else if short {
        assert_eq!(fault.how, "short", "{ctx}\n{failed}");
        failed.expect(1);
        seen.short_writes += 1;
    } else {
        assert_ne!(fault.how, "crash", "{ctx}\n{failed}");
        failed
            .expect(1)
            .stderr_has(&format!("injected failure of change #{k}\n"));
    }
    // Nothing lost: every module's content is still in its directory.
    let after = modules(&failed.tree);
    for module in modules(&before) {
        assert!(after.contains(&module), "{ctx}: lost {module:?}\n{failed}");
    }
    // Nothing but the old tree, the expected one and (after a crash) a temporary file.
    for (path, node) in &failed.tree.0 {
        let known = before.0.get(path) == Some(node) || expected.0.get(path) == Some(node);
        let tmp = is_tmp(path) && fault.leaves_tmp;
        assert!(
            known || tmp,
            "{ctx}: unexpected {}\n{failed}",
            path.display()
        );
        if tmp {
            let complete = records_after(mode).iter().any(|(_, text)| {
                failed.tree.file(&path.to_string_lossy()) == Some(text.as_bytes())
            });
            seen.tmp_left.push(complete);
        }
    }
    // Each RECORD is its old text or its new one, never a mixture or a part.
    for (record, new) in records_after(mode) {
        let text = failed.tree.text(record);
        assert!(
            text == before.text(record) || text == new,
            "{ctx}: {record} is torn: {text:?}\n{failed}"
        );
    }
    records_name_existing_files(&s, &[P_RECORD, Q_RECORD], &failed);
    seen.both_names += usize::from(
        failed.tree.has(&format!("sp/p/a{WRONG}")) && failed.tree.has(&format!("sp/p/a{ARM}")),
    );

    // The re-run finishes the job, cleaning up what a crash left, and a check finds nothing.
    let rerun = fix(&s, mode, None);
    rerun.expect(0);
    assert_eq!(
        rerun.tree, expected,
        "{ctx}: the re-run did not converge\n{rerun}"
    );
    let check = s.run(&["check", "--root", "sp", "--ext-suffix", ARM, "--mode", mode]);
    check.expect(0);
    assert_eq!(check.tree, expected, "{check}");
    true
}

fn every_fault_at_every_change_converges(mode: &str, changes: usize) {
    for fault in &FAULTS {
        let mut seen = Seen::default();
        let mut k = 1;
        while faulty_run(mode, fault, k, &mut seen) {
            k += 1;
            assert!(k < 100, "no end to the changes");
        }
        assert_eq!(k - 1, changes, "{mode}: the number of changes");
        match fault.how {
            // Two RECORDs, each written once to a temporary file.
            "short" => assert_eq!(seen.short_writes, 2, "{mode}"),
            "crash" => {
                // After each temporary RECORD was complete, before it replaced the old one.
                assert_eq!(seen.tmp_left, [true, true], "{mode}");
                assert!(seen.both_names > 0 || mode == "symlink");
            }
            "torn" => assert_eq!(seen.tmp_left, [false, false], "{mode}"),
            _ => {}
        }
    }
}

#[test]
fn rename_mode_survives_a_fault_at_and_inside_every_change() {
    // 3 links, 2 RECORDs (temporary file, rename over), 3 old names removed.
    every_fault_at_every_change_converges("rename", 3 + 2 * 2 + 3);
}

#[test]
fn symlink_mode_survives_a_fault_at_and_inside_every_change() {
    // 3 symlinks, 2 RECORDs (temporary file, rename over).
    every_fault_at_every_change_converges("symlink", 3 + 2 * 2);
}

#[test]
fn the_seam_is_counted_in_the_documented_order() {
    // Links first, RECORDs next, old names last: the first failure leaves only a link.
    let s = Scratch::new();
    populate(&s);
    let run = fix(&s, "rename", Some("2"));
    run.expect(1);
    let both = |dir: &str, stem: &str| {
        run.tree.has(&format!("{dir}/{stem}{WRONG}")) && run.tree.has(&format!("{dir}/{stem}{ARM}"))
    };
    assert!(both("sp/p", "a"), "{run}");
    assert!(!run.tree.has(&format!("sp/p/sub/b{ARM}")), "{run}");
    assert!(
        run.tree.text(P_RECORD).contains(&format!("p/a{WRONG}")),
        "{run}"
    );
}

#[test]
fn a_crash_after_the_link_leaves_one_file_under_two_names_and_an_old_record() {
    // Change 1 is the first link: a crash right after it, before anything else.
    let s = Scratch::new();
    populate(&s);
    let run = fix(&s, "rename", Some("1:crash"));
    run.expect(137);
    let ino = |rel: String| std::fs::metadata(s.path(&rel)).unwrap().ino();
    assert_eq!(
        ino(format!("sp/p/a{WRONG}")),
        ino(format!("sp/p/a{ARM}")),
        "{run}"
    );
    assert_eq!(run.tree.text(P_RECORD), p_record_before(), "{run}");
}

#[test]
fn a_crash_before_a_read_only_record_is_replaced_is_finished_by_a_re_run() {
    // A read-only RECORD gives its temporary file its mode: a crash can leave a read-only
    // temporary file, which the re-run must not trip over. Changes 4 and 6 write them.
    for k in 1..=10 {
        let s = Scratch::new();
        populate(&s);
        s.open_to_all();
        for record in [P_RECORD, Q_RECORD] {
            std::fs::set_permissions(s.path(record), std::fs::Permissions::from_mode(0o444))
                .unwrap();
        }
        let args = ["fix", "--root", "sp", "--ext-suffix", ARM];
        let fault = format!("{k}:crash");
        let failed = s.run_unprivileged(&args, &[("MATURIN_FIX_FAIL_AT", &fault)]);
        failed.expect(137);
        let rerun = s.run_unprivileged(&args, &[]);
        rerun.expect(0);
        // Modes were opened up to the unprivileged user: compare names and contents.
        let expected = expected_tree("rename");
        let names = |t: &Tree| t.0.keys().cloned().collect::<BTreeSet<_>>();
        assert_eq!(
            names(&rerun.tree),
            names(&expected),
            "k={k}\n{failed}\n{rerun}"
        );
        assert_eq!(rerun.tree, expected, "k={k}\n{rerun}");
        let mode = std::fs::metadata(s.path(P_RECORD)).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o444, "k={k}\n{rerun}");
    }
}
