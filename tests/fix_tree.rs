//! `fix` and `check` on install trees, run through the real binary.

mod common;

use common::*;

const SP: &str = "image/usr/lib/python3.12/site-packages";

/// A package as python_pep517 + installer leave it: module, __init__, dist-info with RECORD.
fn install(s: &Scratch, module_file: &str, content: Vec<u8>) {
    s.write(&format!("{SP}/rpds/{module_file}"), &content);
    s.write(&format!("{SP}/rpds/__init__.py"), "from .rpds import *\n");
    s.write(
        &format!("{SP}/rpds_py-0.18.1.dist-info/RECORD"),
        format!(
            "rpds/__init__.py,sha256=abc,20\nrpds/{module_file},sha256=def,{}\nrpds_py-0.18.1.dist-info/RECORD,,\n",
            content.len()
        ),
    );
}

/// One row per machine of the original bug report (maturin ≤ 1.7.1 names), plus current
/// maturin's mips64el name: (built name, target EXT_SUFFIX, multiarch, module bytes).
fn misnamed_machines() -> Vec<(&'static str, &'static str, &'static str, Vec<u8>)> {
    vec![
        (
            "rpds.cpython-312-armv7l-linux-gnueabihf.so",
            ".cpython-312-arm-linux-gnueabihf.so",
            "arm-linux-gnueabihf",
            arm32("qemuarm"),
        ),
        (
            "rpds.cpython-312-mips64-linux-gnu.so",
            ".cpython-312-mips64-linux-gnuabi64.so",
            "mips64-linux-gnuabi64",
            elf(64, true, EM_MIPS, "qemumips64"),
        ),
        (
            "rpds.cpython-312-ppc-linux-gnu.so",
            ".cpython-312-powerpc-linux-gnu.so",
            "powerpc-linux-gnu",
            elf(32, true, EM_PPC, "qemuppc"),
        ),
        (
            "rpds.cpython-312-mips64-linux-gnuabi64.so",
            ".cpython-312-mips64el-linux-gnuabi64.so",
            "mips64el-linux-gnuabi64",
            elf(64, false, EM_MIPS, "mips64el"),
        ),
    ]
}

#[test]
fn renames_the_modules_of_the_original_bug_and_their_record_rows() {
    for (built, ext_suffix, multiarch, content) in misnamed_machines() {
        let s = Scratch::new();
        install(&s, built, content.clone());
        s.sysroot(ext_suffix, "3.12", "", multiarch);
        let fixed = format!("rpds{ext_suffix}");

        let check = s.run(&["check", "--root", SP, "--sysroot", "sysroot"]);
        check
            .expect(1)
            .stdout_has(&format!("would rename: {SP}/rpds/{built} -> {fixed}"));
        assert!(
            check.tree.has(&format!("{SP}/rpds/{built}")),
            "check changed the tree\n{check}"
        );

        let run = s.run(&["fix", "--root", SP, "--sysroot", "sysroot"]);
        run.expect(0)
            .stdout_has(&format!("renamed: {SP}/rpds/{built} -> {fixed}"));
        assert_eq!(
            run.tree.file(&format!("{SP}/rpds/{fixed}")),
            Some(&content[..]),
            "{run}"
        );
        assert!(!run.tree.has(&format!("{SP}/rpds/{built}")), "{run}");
        assert_eq!(
            run.tree.text(&format!("{SP}/rpds_py-0.18.1.dist-info/RECORD")),
            format!(
                "rpds/__init__.py,sha256=abc,20\nrpds/{fixed},sha256=def,{}\nrpds_py-0.18.1.dist-info/RECORD,,\n",
                content.len()
            ),
            "{run}"
        );

        let again = s.run(&["fix", "--root", SP, "--sysroot", "sysroot"]);
        again.expect(0).stdout_has("0 fixed, 0 to fix");
        assert_eq!(
            again.tree, run.tree,
            "the second run changed something\n{again}"
        );
        s.run(&["check", "--root", SP, "--sysroot", "sysroot"])
            .expect(0);
    }
}

#[test]
fn correct_trees_are_left_untouched() {
    let cases = [
        (
            ".cpython-312-aarch64-linux-gnu.so",
            "aarch64-linux-gnu",
            elf(64, false, EM_AARCH64, "a"),
        ),
        (
            ".cpython-312-mips-linux-gnu.so",
            "mips-linux-gnu",
            elf(32, true, EM_MIPS, "m"),
        ),
        (
            ".cpython-312-i386-linux-gnu.so",
            "i386-linux-gnu",
            elf(32, false, EM_386, "x"),
        ),
        (
            ".cpython-312-x86_64-linux-gnu.so",
            "x86_64-linux-gnu",
            elf(64, false, EM_X86_64, "y"),
        ),
    ];
    for (ext_suffix, multiarch, content) in cases {
        let s = Scratch::new();
        install(&s, &format!("rpds{ext_suffix}"), content);
        s.write(
            &format!("{SP}/other/_speedups.abi3.so"),
            b"not even ELF: abi3 is left alone",
        );
        s.write(&format!("{SP}/other/_plain.so"), b"plain .so is left alone");
        s.sysroot(ext_suffix, "3.12", "", multiarch);
        let before = s.tree();
        s.run(&["check", "--root", SP, "--sysroot", "sysroot"])
            .expect(0)
            .stdout_has("3 .so file(s): 3 ok");
        let run = s.run(&["fix", "--root", SP, "--sysroot", "sysroot"]);
        run.expect(0);
        assert_eq!(run.tree, before, "{run}");
    }
}

#[test]
fn modules_for_another_python_are_reported_and_never_renamed() {
    let s = Scratch::new();
    install(
        &s,
        "rpds.cpython-311-armv7l-linux-gnueabihf.so",
        arm32("311"),
    );
    s.write(
        &format!("{SP}/x/m.cpython-312t-arm-linux-gnueabihf.so"),
        arm32("ft"),
    );
    s.write(
        &format!("{SP}/x/n.cpython-312-armv7l-linux-gnueabihf.so"),
        arm32("fixable"),
    );
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(0)
        .stderr_has("rpds.cpython-311-armv7l-linux-gnueabihf.so: built for CPython 3.11; the target is 3.12: never renamed")
        .stderr_has("m.cpython-312t-arm-linux-gnueabihf.so: built for CPython 3.12 (ABI flags \"t\")")
        .stdout_has("renamed: ");
    // Only the module for this Python moved.
    assert!(
        run.tree.has(&format!(
            "{SP}/rpds/rpds.cpython-311-armv7l-linux-gnueabihf.so"
        )),
        "{run}"
    );
    assert!(
        run.tree
            .has(&format!("{SP}/x/m.cpython-312t-arm-linux-gnueabihf.so")),
        "{run}"
    );
    assert!(
        run.tree
            .has(&format!("{SP}/x/n.cpython-312-arm-linux-gnueabihf.so")),
        "{run}"
    );
    assert_eq!(run.tree.0.len(), before.0.len(), "{run}");
}

#[test]
fn debug_targets_import_release_modules_and_free_threaded_targets_their_own() {
    let s = Scratch::new();
    s.write(
        "sp/a.cpython-312-x86_64-linux-gnu.so",
        elf(64, false, EM_X86_64, "rel"),
    );
    s.write(
        "sp/b.cpython-312d-x86_64-linux-gnu.so",
        elf(64, false, EM_X86_64, "dbg"),
    );
    s.write(
        "sp/c.cpython-312d-i686-linux-gnu.so",
        elf(64, false, EM_X86_64, "dbg2"),
    );
    s.sysroot(
        ".cpython-312d-x86_64-linux-gnu.so",
        "3.12",
        "d",
        "x86_64-linux-gnu",
    );
    let run = s.run(&["fix", "--root", "sp", "--sysroot", "sysroot"]);
    run.expect(0).stdout_has("1 fixed");
    assert!(
        run.tree.has("sp/a.cpython-312-x86_64-linux-gnu.so")
            && run.tree.has("sp/c.cpython-312d-x86_64-linux-gnu.so"),
        "{run}"
    );

    let s = Scratch::new();
    s.write(
        "sp/a.cpython-313t-x86_64-unknown-linux-gnu.so",
        elf(64, false, EM_X86_64, "ft"),
    );
    s.write(
        "sp/b.cpython-313-x86_64-linux-gnu.so",
        elf(64, false, EM_X86_64, "gil"),
    );
    s.sysroot(
        ".cpython-313t-x86_64-linux-gnu.so",
        "3.13",
        "t",
        "x86_64-linux-gnu",
    );
    let run = s.run(&["fix", "--root", "sp", "--sysroot", "sysroot"]);
    run.expect(0).stderr_has("note: sp/b.cpython-313-x86_64-linux-gnu.so: built for CPython 3.13; the target is 3.13 (ABI flags \"t\")");
    assert!(
        run.tree.has("sp/a.cpython-313t-x86_64-linux-gnu.so"),
        "{run}"
    );
}

#[test]
fn a_conflict_changes_nothing_at_all() {
    let s = Scratch::new();
    install(
        &s,
        "rpds.cpython-312-armv7l-linux-gnueabihf.so",
        arm32("new build"),
    );
    s.write(
        &format!("{SP}/rpds/rpds.cpython-312-arm-linux-gnueabihf.so"),
        arm32("older, different"),
    );
    s.write(
        &format!("{SP}/other/o.cpython-312-armv7l-linux-gnueabihf.so"),
        arm32("fixable elsewhere"),
    );
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(1)
        .stderr_has("rpds.cpython-312-armv7l-linux-gnueabihf.so: conflict: rpds.cpython-312-arm-linux-gnueabihf.so exists with different content")
        .stderr_has("nothing was changed");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn two_modules_claiming_one_name_conflict() {
    let s = Scratch::new();
    s.write("sp/m.cpython-312-armv7l-linux-gnueabihf.so", arm32("one"));
    s.write("sp/m.cpython-312.so", arm32("two"));
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        "sp",
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(1)
        .stderr_has("would all become m.cpython-312-arm-linux-gnueabihf.so");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn an_identical_module_under_the_right_name_is_reported_and_kept() {
    let s = Scratch::new();
    s.write("sp/m.cpython-312-armv7l-linux-gnueabihf.so", arm32("same"));
    s.write("sp/m.cpython-312-arm-linux-gnueabihf.so", arm32("same"));
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        "sp",
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
        "-v",
    ]);
    run.expect(0)
        .stdout_has("duplicate: sp/m.cpython-312-armv7l-linux-gnueabihf.so: an identical module");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn symlink_mode_adds_a_relative_link_and_its_record_row() {
    let s = Scratch::new();
    let content = arm32("linked");
    install(
        &s,
        "rpds.cpython-312-armv7l-linux-gnueabihf.so",
        content.clone(),
    );
    s.sysroot(
        ".cpython-312-arm-linux-gnueabihf.so",
        "3.12",
        "",
        "arm-linux-gnueabihf",
    );
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--sysroot",
        "sysroot",
        "--mode",
        "symlink",
    ]);
    run.expect(0).stdout_has("symlinked: ");
    assert_eq!(
        run.tree.link(&format!(
            "{SP}/rpds/rpds.cpython-312-arm-linux-gnueabihf.so"
        )),
        Some(std::path::Path::new(
            "rpds.cpython-312-armv7l-linux-gnueabihf.so"
        )),
        "{run}"
    );
    assert_eq!(
        run.tree.file(&format!(
            "{SP}/rpds/rpds.cpython-312-armv7l-linux-gnueabihf.so"
        )),
        Some(&content[..])
    );
    let record = run
        .tree
        .text(&format!("{SP}/rpds_py-0.18.1.dist-info/RECORD"));
    let n = content.len();
    assert_eq!(
        record,
        format!(
            "rpds/__init__.py,sha256=abc,20\nrpds/rpds.cpython-312-armv7l-linux-gnueabihf.so,sha256=def,{n}\n\
             rpds/rpds.cpython-312-arm-linux-gnueabihf.so,sha256=def,{n}\nrpds_py-0.18.1.dist-info/RECORD,,\n"
        ),
        "{run}"
    );
    let again = s.run(&[
        "fix",
        "--root",
        SP,
        "--sysroot",
        "sysroot",
        "--mode",
        "symlink",
    ]);
    again.expect(0);
    assert_eq!(again.tree, run.tree, "{again}");
    // A tree fixed with symlinks passes a check in either mode.
    s.run(&["check", "--root", SP, "--sysroot", "sysroot"])
        .expect(0);
}

#[test]
fn wrong_machine_and_non_elf_files_are_reported_not_renamed() {
    let s = Scratch::new();
    s.write(
        "sp/x86.cpython-312-armv7l-linux-gnueabihf.so",
        elf(64, false, EM_X86_64, "x"),
    );
    s.write(
        "sp/be.cpython-312-armv7l-linux-gnueabihf.so",
        elf(32, true, EM_ARM, "armeb"),
    );
    s.write(
        "sp/text.cpython-312-armv7l-linux-gnueabihf.so",
        "#!/bin/sh\necho not a module\n",
    );
    s.write("sp/ok.cpython-312-armv7l-linux-gnueabihf.so", arm32("fine"));
    let run = s.run(&[
        "fix",
        "--root",
        "sp",
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(1)
        .stderr_has("x86.cpython-312-armv7l-linux-gnueabihf.so: built for ELF64 LSB, machine x86-64; the target needs ELF32 LSB, machine ARM; not renamed")
        .stderr_has("be.cpython-312-armv7l-linux-gnueabihf.so: built for ELF32 MSB")
        .stderr_has("text.cpython-312-armv7l-linux-gnueabihf.so: not an ELF file; not renamed");
    assert!(
        run.tree.has("sp/ok.cpython-312-arm-linux-gnueabihf.so"),
        "{run}"
    );
    for name in ["x86", "be", "text"] {
        assert!(
            run.tree
                .has(&format!("sp/{name}.cpython-312-armv7l-linux-gnueabihf.so")),
            "{run}"
        );
    }
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let s = Scratch::new();
    install(&s, "rpds.cpython-312-armv7l-linux-gnueabihf.so", arm32("x"));
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--dry-run",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(1).stdout_has("would rename: ").stdout_has(
        "would update: image/usr/lib/python3.12/site-packages/rpds_py-0.18.1.dist-info/RECORD",
    );
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn json_report_lists_every_file_with_its_verdict() {
    let s = Scratch::new();
    install(&s, "rpds.cpython-312-armv7l-linux-gnueabihf.so", arm32("x"));
    s.write(&format!("{SP}/a/m.abi3.so"), "abi3");
    s.write(
        &format!("{SP}/a/old.cpython-311-arm-linux-gnueabihf.so"),
        arm32("311"),
    );
    let run = s.run(&[
        "check",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
        "--format",
        "json",
    ]);
    run.expect(1);
    assert_eq!(run.json("[(f['path'].split('/')[-1], f['status'], f['importable'], f['action']) for f in d['files']]"),
        "[[\"m.abi3.so\", \"abi3\", true, null], [\"old.cpython-311-arm-linux-gnueabihf.so\", \"other-abi\", false, null], \
         [\"rpds.cpython-312-armv7l-linux-gnueabihf.so\", \"misnamed\", false, \"rename\"]]");
    assert_eq!(
        run.json("[d['summary'][k] for k in ('files','ok','to_fix','left_alone','problems')]"),
        "[3, 1, 1, 1, 0]"
    );
    assert_eq!(
        run.json("(d['target']['triplet'], d['target']['source'], d['exit_code'])"),
        "[\"arm-linux-gnueabihf\", \"ext-suffix\", 1]"
    );
}

#[test]
fn environment_defaults_make_a_bare_check_work() {
    let s = Scratch::new();
    install(&s, "rpds.cpython-312-armv7l-linux-gnueabihf.so", arm32("x"));
    let sc = s.sysroot(
        ".cpython-312-arm-linux-gnueabihf.so",
        "3.12",
        "",
        "arm-linux-gnueabihf",
    );
    let env = [
        ("MATURIN_FIX_ROOT", SP),
        ("MATURIN_FIX_SYSCONFIGDATA", sc.to_str().unwrap()),
    ];
    s.run_env(&["check"], &env)
        .expect(1)
        .stdout_has("would rename");
    s.run_env(&["fix"], &env).expect(0).stdout_has("1 fixed");
    s.run_env(&["check"], &env).expect(0);
}

#[test]
fn several_roots_are_fixed_in_one_run() {
    let s = Scratch::new();
    s.write("a/m.cpython-312-armv7l-linux-gnueabihf.so", arm32("a"));
    s.write("b/n.cpython-312-armv7l-linux-gnueabihf.so", arm32("b"));
    let run = s.run(&[
        "fix",
        "--root",
        "a",
        "--root",
        "b",
        "--root",
        "a",
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
    ]);
    run.expect(0).stdout_has("2 fixed");
    assert!(
        run.tree.has("a/m.cpython-312-arm-linux-gnueabihf.so")
            && run.tree.has("b/n.cpython-312-arm-linux-gnueabihf.so"),
        "{run}"
    );
}

#[test]
fn bad_input_is_exit_2_naming_the_file_and_nothing_changes() {
    let s = Scratch::new();
    install(&s, "rpds.cpython-312-armv7l-linux-gnueabihf.so", arm32("x"));
    s.write(
        "bad.py",
        "build_time_vars = {'EXT_SUFFIX': '.cpython-312-arm-linux-gnueabihf.so',\n 'SOABI': 'x'",
    );
    let before = s.tree();
    let run = s.run(&["fix", "--root", SP, "--sysconfigdata", "bad.py"]);
    run.expect(2)
        .stderr_has("bad.py: line 2, column 14: expected `,` or `}` after the value of `SOABI`");
    assert_eq!(run.tree, before);
    s.run(&["fix", "--root", "missing", "--sysconfigdata", "bad.py"])
        .expect(2);
    s.run(&[
        "fix",
        "--root",
        SP,
        "--target",
        "arm-poky-linux-gnueabi",
        "--python",
        "3.12",
    ])
    .expect(2)
    .stderr_has("--float-abi hard|soft decides");
    s.run(&[
        "fix",
        "--root",
        SP,
        "--target",
        "sparc-sun-solaris",
        "--python",
        "3.12",
    ])
    .expect(2)
    .stderr_has("not a Linux triple");
    assert_eq!(s.tree(), before);
    // Deciding the float ABI makes the triple usable.
    s.run(&[
        "fix",
        "--root",
        SP,
        "--target",
        "arm-poky-linux-gnueabi",
        "--python",
        "3.12",
        "--float-abi",
        "hard",
    ])
    .expect(0)
    .stdout_has("1 fixed");
}
