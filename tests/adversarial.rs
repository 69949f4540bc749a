//! Hostile and broken trees: every case asserts the exact tree afterwards. Nothing may be
//! lost, changed without reason, or created outside the root.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::*;

const ARM: &str = ".cpython-312-arm-linux-gnueabihf.so";
const WRONG: &str = ".cpython-312-armv7l-linux-gnueabihf.so";

fn fix(s: &Scratch, root: &str) -> Run {
    s.run(&["fix", "--root", root, "--ext-suffix", ARM])
}

/// The tree with `from` renamed to `to` (and nothing else changed).
fn renamed(mut tree: Tree, from: &str, to: &str) -> Tree {
    let node = tree
        .0
        .remove(Path::new(from))
        .unwrap_or_else(|| panic!("{from} not in\n{tree}"));
    tree.0.insert(to.into(), node);
    tree
}

#[test]
fn a_self_looping_module_link_is_reported() {
    let s = Scratch::new();
    s.symlink(&format!("m{WRONG}"), &format!("sp/m{WRONG}"));
    s.write(&format!("sp/ok{WRONG}"), arm32("ok"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(1).stderr_has("symbolic link loop");
    assert_eq!(
        run.tree,
        renamed(before, &format!("sp/ok{WRONG}"), &format!("sp/ok{ARM}")),
        "{run}"
    );
}

#[test]
fn directory_link_loops_are_not_followed() {
    let s = Scratch::new();
    s.symlink(".", "sp/loop");
    s.symlink("../sp", "sp/sub/up");
    s.write(&format!("sp/m{WRONG}"), arm32("m"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0).stdout_has("1 .so file(s)");
    assert_eq!(
        run.tree,
        renamed(before, &format!("sp/m{WRONG}"), &format!("sp/m{ARM}")),
        "{run}"
    );
}

#[test]
fn a_module_link_leading_outside_the_root_is_not_followed() {
    let s = Scratch::new();
    s.write(&format!("outside/m{WRONG}"), arm32("outside"));
    s.symlink(&format!("../outside/m{WRONG}"), &format!("sp/m{WRONG}"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(1)
        .stderr_has("symbolic link leads outside the root");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn a_directory_link_leading_outside_the_root_is_not_entered() {
    let s = Scratch::new();
    s.write(&format!("outside/pkg/m{WRONG}"), arm32("outside"));
    s.symlink("../outside/pkg", "sp/pkg");
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0).stdout_has("0 .so file(s)");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn dangling_module_links_are_reported_whatever_their_name() {
    let s = Scratch::new();
    s.symlink("gone.so", &format!("sp/a{WRONG}"));
    s.symlink("gone.so", &format!("sp/b{ARM}"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(1)
        .stderr_has(&format!("sp/a{WRONG}: dangling symbolic link"))
        .stderr_has(&format!("sp/b{ARM}: dangling symbolic link"));
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn a_module_that_is_a_link_inside_the_root_is_renamed_as_a_link() {
    let s = Scratch::new();
    s.write("sp/.libs/real.so", arm32("real"));
    s.symlink(".libs/real.so", &format!("sp/m{WRONG}"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree,
        renamed(before, &format!("sp/m{WRONG}"), &format!("sp/m{ARM}")),
        "{run}"
    );
}

#[test]
fn a_directory_named_like_a_module_is_left_alone() {
    let s = Scratch::new();
    s.write(
        &format!("sp/m{WRONG}/inside.txt"),
        "a directory, not a module",
    );
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn a_fifo_named_like_a_module_is_never_opened() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    let fifo = s.path(&format!("sp/m{WRONG}"));
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let run = fix(&s, "sp");
    run.expect(0).stdout_has("1 left alone");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo_like());
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}
impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
}

#[test]
fn read_only_files_and_records_are_fixed_keeping_their_modes() {
    let s = Scratch::new();
    let module = s.write(&format!("sp/p/m{WRONG}"), arm32("ro"));
    let record = s.write(
        "sp/p-1.dist-info/RECORD",
        format!("p/m{WRONG},sha256=x,1\n"),
    );
    for path in [&module, &record] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let run = fix(&s, "sp");
    run.expect(0);
    let mode = |rel: &str| std::fs::metadata(s.path(rel)).unwrap().mode() & 0o777;
    assert_eq!(mode(&format!("sp/p/m{ARM}")), 0o444, "{run}");
    assert_eq!(mode("sp/p-1.dist-info/RECORD"), 0o444, "{run}");
    assert_eq!(
        run.tree.text("sp/p-1.dist-info/RECORD"),
        format!("p/m{ARM},sha256=x,1\n")
    );
}

#[test]
fn an_unreadable_directory_is_reported_and_the_walk_goes_on() {
    let s = Scratch::new();
    s.write(&format!("sp/locked/m{WRONG}"), arm32("locked"));
    s.write(&format!("sp/open/n{WRONG}"), arm32("open"));
    let before = s.tree();
    let locked = s.path("sp/locked");
    s.open_to_all();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = s.run_unprivileged(&["fix", "--root", "sp", "--ext-suffix", ARM], &[]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let after = s.tree();
    run.expect(1).stderr_has("sp/locked: Permission denied");
    assert_eq!(
        after,
        renamed(
            before,
            &format!("sp/open/n{WRONG}"),
            &format!("sp/open/n{ARM}")
        ),
        "{run}"
    );
}

#[test]
fn a_read_only_directory_stops_the_fix_without_losing_anything() {
    let s = Scratch::new();
    s.write(&format!("sp/ro/m{WRONG}"), arm32("ro"));
    let before = s.tree();
    s.open_to_all();
    let ro = s.path("sp/ro");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = s.run_unprivileged(&["fix", "--root", "sp", "--ext-suffix", ARM], &[]);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Reported on the directory that refused the new name, not on the module.
    run.expect(1).stderr_has(&format!(
        "maturin-fix: sp/ro: cannot add m{ARM} here: Permission denied"
    ));
    assert_eq!(s.tree(), before, "{run}");
}

#[test]
fn non_utf8_names_are_reported_and_left_alone() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    let mut name = b"m\xff".to_vec();
    name.extend_from_slice(WRONG.as_bytes());
    let bad = s.path("sp").join(OsStr::from_bytes(&name));
    std::fs::write(&bad, arm32("bad")).unwrap();
    std::fs::write(
        s.path("sp").join(OsStr::from_bytes(b"notes\xfe.txt")),
        "ignored",
    )
    .unwrap();
    let before = s.tree();
    let run = fix(&s, "sp");
    // No Python imports such a name: reported, not the tool's to change, not punished.
    run.expect(0)
        .stderr_has("note: ")
        .stderr_has("file name is not UTF-8");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn directory_names_with_commas_quotes_and_newlines_keep_record_valid() {
    let s = Scratch::new();
    let dir = "we,ird \"pkg\"\nname";
    s.write(&format!("sp/{dir}/m{WRONG}"), arm32("odd"));
    // As Python's csv module writes such a row: quoted, quotes doubled.
    let row = |name: &str| format!("\"we,ird \"\"pkg\"\"\nname/m{name}\",sha256=x,9\n");
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("{}p-1.dist-info/RECORD,,\n", row(WRONG)),
    );
    let run = fix(&s, "sp");
    run.expect(0);
    assert!(run.tree.has(&format!("sp/{dir}/m{ARM}")), "{run}");
    assert_eq!(
        run.tree.text("sp/p-1.dist-info/RECORD"),
        format!("{}p-1.dist-info/RECORD,,\n", row(ARM))
    );
}

#[test]
fn the_same_module_for_two_pythons_only_this_one_is_renamed() {
    let s = Scratch::new();
    s.write("sp/m.cpython-311-armv7l-linux-gnueabihf.so", arm32("311"));
    s.write(&format!("sp/m{WRONG}"), arm32("312"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0).stderr_has("built for CPython 3.11");
    assert_eq!(
        run.tree,
        renamed(before, &format!("sp/m{WRONG}"), &format!("sp/m{ARM}")),
        "{run}"
    );
}

#[test]
fn hard_links_elsewhere_keep_their_names() {
    let s = Scratch::new();
    let original = s.write(&format!("sp/a/m{WRONG}"), arm32("shared"));
    std::fs::create_dir_all(s.path("sp/b")).unwrap();
    std::fs::hard_link(&original, s.path("sp/b/copy.bin")).unwrap();
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree,
        renamed(before, &format!("sp/a/m{WRONG}"), &format!("sp/a/m{ARM}")),
        "{run}"
    );
    let ino = |rel: &str| std::fs::metadata(s.path(rel)).unwrap().ino();
    assert_eq!(ino(&format!("sp/a/m{ARM}")), ino("sp/b/copy.bin"));
}

#[test]
fn an_interrupted_rename_is_finished() {
    // Both names are one file, as after a crash between link and unlink.
    let s = Scratch::new();
    let old = s.write(&format!("sp/p/m{WRONG}"), arm32("half"));
    std::fs::hard_link(&old, s.path(&format!("sp/p/m{ARM}"))).unwrap();
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("p/m{WRONG},sha256=x,1\n"),
    );
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0).stdout_has("renamed: ");
    let mut expected = before.clone();
    expected.0.remove(Path::new(&format!("sp/p/m{WRONG}")));
    expected.0.insert(
        "sp/p-1.dist-info/RECORD".into(),
        Node::File(format!("p/m{ARM},sha256=x,1\n").into_bytes()),
    );
    assert_eq!(run.tree, expected, "{run}");
}

#[test]
fn a_destination_that_is_a_directory_or_a_foreign_link_conflicts() {
    for make in [
        |s: &Scratch| {
            std::fs::create_dir_all(s.path(&format!("sp/m{ARM}"))).unwrap();
        },
        |s: &Scratch| {
            s.write("sp/other.so", arm32("other"));
            s.symlink("other.so", &format!("sp/m{ARM}"));
        },
    ] {
        let s = Scratch::new();
        s.write(&format!("sp/m{WRONG}"), arm32("m"));
        make(&s);
        let before = s.tree();
        let run = fix(&s, "sp");
        run.expect(1).stderr_has("conflict: ");
        assert_eq!(run.tree, before, "{run}");
    }
}

#[test]
fn a_deep_tree_is_walked() {
    let s = Scratch::new();
    let deep: String = (0..300).map(|i| format!("d{}/", i % 10)).collect();
    s.write(&format!("sp/{deep}m{WRONG}"), arm32("deep"));
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree,
        renamed(
            before,
            &format!("sp/{deep}m{WRONG}"),
            &format!("sp/{deep}m{ARM}")
        )
    );
}

#[test]
fn a_path_longer_than_path_max_is_reported_and_nothing_is_lost() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    // 25 levels of 200-character names: 5,000+ bytes, beyond PATH_MAX (4,096); made with
    // relative steps, which is the only way to make such a tree.
    let script = format!(
        "d=$(printf 'd%.0s' $(seq 1 200)); for i in $(seq 1 25); do mkdir $d && cd $d; done; \
         printf '\\177ELF' > m{WRONG}"
    );
    let made = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(s.path("sp"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = fix(&s, "sp");
    run.expect(1).stderr_has("File name too long");
    let found = Command::new("find")
        .args(["sp", "-name", "*.so"])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&found.stdout).into_owned();
    assert!(
        found.trim_end().ends_with(&format!("/m{WRONG}")),
        "the module moved or vanished: {found}\n{run}"
    );
}

#[test]
fn a_name_that_would_become_too_long_is_reported() {
    let s = Scratch::new();
    let wrong = ".cpython-312-mips64-linux-gnuabi64.so";
    let stem = "m".repeat(255 - wrong.len());
    s.write(
        &format!("sp/{stem}{wrong}"),
        elf(64, false, EM_MIPS, "long"),
    );
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        "sp",
        "--ext-suffix",
        ".cpython-312-mips64el-linux-gnuabi64.so",
    ]);
    run.expect(1).stderr_has("File name too long");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn an_empty_tree_is_fine() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    fix(&s, "sp").expect(0).stdout_has("0 .so file(s)");
}

#[test]
fn a_root_that_is_a_symlink_is_fixed_where_it_leads() {
    let s = Scratch::new();
    s.write(&format!("real/m{WRONG}"), arm32("r"));
    s.symlink("real", "sp");
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(0).stdout_has(&format!("renamed: sp/m{WRONG}"));
    assert_eq!(
        run.tree,
        renamed(before, &format!("real/m{WRONG}"), &format!("real/m{ARM}")),
        "{run}"
    );
}

#[test]
fn a_root_that_is_a_file_is_bad_input() {
    let s = Scratch::new();
    s.write("file", "x");
    fix(&s, "file")
        .expect(2)
        .stderr_has("file: --root: not a directory");
}

#[test]
fn a_malformed_record_blocks_the_fix() {
    let s = Scratch::new();
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("p/m{WRONG},sha256=x,1\n\"unterminated,,\n"),
    );
    let before = s.tree();
    let run = fix(&s, "sp");
    run.expect(1)
        .stderr_has("RECORD: malformed RECORD at line 2: unterminated quoted field");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn a_malformed_record_that_names_no_changed_module_does_not_block() {
    let s = Scratch::new();
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("p/m{WRONG},sha256=x,1\n"),
    );
    let broken = "other/x.py,sha256=y,2\nother/y.py,sha2\"56,3\n";
    s.write("sp/other-1.dist-info/RECORD", broken);
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree.text("sp/p-1.dist-info/RECORD"),
        format!("p/m{ARM},sha256=x,1\n")
    );
    assert_eq!(
        run.tree.text("sp/other-1.dist-info/RECORD"),
        broken,
        "{run}"
    );
}

#[test]
fn a_record_without_the_row_is_left_as_it_is() {
    let s = Scratch::new();
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    let record = "p/__init__.py,sha256=x,1\nmissing/file.py,sha256=y,2\r\n";
    s.write("sp/p-1.dist-info/RECORD", record);
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(run.tree.text("sp/p-1.dist-info/RECORD"), record);
}

#[test]
fn extra_rows_and_crlf_line_ends_survive_byte_for_byte() {
    let s = Scratch::new();
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("gone.py,sha256=a,1\r\np/m{WRONG},sha256=b,2\r\n../../../bin/tool,sha256=c,3\r\n"),
    );
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree.text("sp/p-1.dist-info/RECORD"),
        format!("gone.py,sha256=a,1\r\np/m{ARM},sha256=b,2\r\n../../../bin/tool,sha256=c,3\r\n")
    );
}

#[test]
fn every_record_listing_the_module_is_updated() {
    let s = Scratch::new();
    s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
    s.write(
        "sp/p-1.dist-info/RECORD",
        format!("p/m{WRONG},sha256=x,1\n"),
    );
    s.write(
        "sp/q-2.dist-info/RECORD",
        format!("./p/../p/m{WRONG},sha256=x,1\n"),
    );
    let run = fix(&s, "sp");
    run.expect(0);
    assert_eq!(
        run.tree.text("sp/p-1.dist-info/RECORD"),
        format!("p/m{ARM},sha256=x,1\n")
    );
    assert_eq!(
        run.tree.text("sp/q-2.dist-info/RECORD"),
        format!("./p/../p/m{ARM},sha256=x,1\n")
    );
}

#[test]
fn broken_sysconfigdata_is_bad_input_and_nothing_changes() {
    let cases = [
        ("truncated.py", "build_time_vars = {'EXT_SUFFIX': '.cpython-312-arm-linux-gnu", "unterminated string"),
        (
            "duplicate.py",
            "build_time_vars = {'EXT_SUFFIX': '.cpython-312-arm-linux-gnueabihf.so',\n 'EXT_SUFFIX': '.cpython-312-armv7l-linux-gnueabihf.so'}",
            "EXT_SUFFIX is defined twice with different values (lines 1 and 2)",
        ),
        ("int.py", "build_time_vars = {'EXT_SUFFIX': 312}", "EXT_SUFFIX must be a string, found an integer"),
        ("empty.py", "", "expected `build_time_vars = {`"),
        ("binary.py", "\u{0}\u{1}garbage", "expected `build_time_vars = {`"),
    ];
    for (file, text, message) in cases {
        let s = Scratch::new();
        s.write(&format!("sp/m{WRONG}"), arm32("m"));
        s.write(file, text);
        let before = s.tree();
        let run = s.run(&["fix", "--root", "sp", "--sysconfigdata", file]);
        run.expect(2)
            .stderr_has(&format!("{file}: "))
            .stderr_has(message);
        assert_eq!(run.tree, before, "{run}");
    }
}

#[test]
fn nothing_is_ever_created_outside_the_root() {
    // Each mode on its own unfixed tree, whose RECORD has a row leading out of the root.
    for mode in ["rename", "symlink"] {
        let s = Scratch::new();
        s.write(&format!("sp/p/m{WRONG}"), arm32("m"));
        s.write(
            "sp/p-1.dist-info/RECORD",
            format!("p/m{WRONG},sha256=x,1\n../escape/x.py,,\n"),
        );
        s.write("outside/keep.txt", "keep");
        let before = s.tree();
        let run = s.run(&["fix", "--root", "sp", "--ext-suffix", ARM, "--mode", mode]);
        run.expect(0);
        let (mut expected, record) = match mode {
            "rename" => (
                renamed(before, &format!("sp/p/m{WRONG}"), &format!("sp/p/m{ARM}")),
                format!("p/m{ARM},sha256=x,1\n../escape/x.py,,\n"),
            ),
            _ => {
                let mut tree = before;
                tree.0.insert(
                    format!("sp/p/m{ARM}").into(),
                    Node::Link(format!("m{WRONG}").into()),
                );
                let rows =
                    format!("p/m{WRONG},sha256=x,1\np/m{ARM},sha256=x,1\n../escape/x.py,,\n");
                (tree, rows)
            }
        };
        expected.0.insert(
            "sp/p-1.dist-info/RECORD".into(),
            Node::File(record.into_bytes()),
        );
        assert_eq!(run.tree, expected, "{mode}\n{run}");
    }
}
