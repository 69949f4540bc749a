//! What the options decide, and what their errors name: an option that decides decides for
//! every command, a disagreement is an error naming both sides, bad input names the option
//! and the path, and `--format json` always prints a JSON object.

mod common;

use common::*;

const SC: &str = "sysroot/usr/lib/python3.13/_sysconfigdata__linux_arm-linux-gnueabihf.py";

fn sysconfigdata_313(s: &Scratch) {
    s.write(
        SC,
        sysconfigdata(
            ".cpython-313-arm-linux-gnueabihf.so",
            "3.13",
            "",
            "arm-linux-gnueabihf",
        ),
    );
}

#[test]
fn python_and_abiflags_must_agree_with_the_sysconfigdata() {
    let s = Scratch::new();
    sysconfigdata_313(&s);
    let run = s.run(&["suffix", "--sysconfigdata", SC, "--python", "3.12"]);
    run.expect(2)
        .stderr_has("--python 3.12 disagrees with the target")
        .stderr_has(SC)
        .stderr_has("Python 3.13");
    s.run(&["suffix", "--sysconfigdata", SC, "--python", "3.13"])
        .expect(0)
        .stdout_has(".cpython-313-arm-linux-gnueabihf.so");
    s.run(&["suffix", "--sysconfigdata", SC, "--abiflags", "t"])
        .expect(2)
        .stderr_has("--abiflags \"t\" disagrees with the target");
    // From the environment, the message names the variable.
    s.run_env(
        &["suffix", "--sysconfigdata", SC],
        &[("MATURIN_FIX_PYTHON", "3.11")],
    )
    .expect(2)
    .stderr_has("MATURIN_FIX_PYTHON 3.11 disagrees");
    // A malformed version is named where it was given, too.
    s.run(&["suffix", "--sysconfigdata", SC, "--python", "313"])
        .expect(2)
        .stderr_has("--python \"313\": expected X.Y");
    let from_env = s.run_env(
        &["suffix", "--sysconfigdata", SC],
        &[("MATURIN_FIX_PYTHON", "313")],
    );
    from_env
        .expect(2)
        .stderr_has("MATURIN_FIX_PYTHON=\"313\": expected X.Y");
    assert!(
        !from_env.stderr().contains("--python"),
        "{}",
        from_env.stderr()
    );
    s.run(&[
        "suffix",
        "--ext-suffix",
        ".cpython-312-arm-linux-gnueabihf.so",
        "--python",
        "3.13",
    ])
    .expect(2)
    .stderr_has("--python 3.13 disagrees");
}

#[test]
fn a_missing_root_names_the_option_and_the_path() {
    let s = Scratch::new();
    let args = [
        "check",
        "--root",
        "no/such/dir",
        "--ext-suffix",
        ".cpython-312.so",
    ];
    s.run(&args)
        .expect(2)
        .stderr_has("no/such/dir: --root: cannot use this tree: No such file or directory");
    s.run_env(
        &["check", "--ext-suffix", ".cpython-312.so"],
        &[("MATURIN_FIX_ROOT", "gone")],
    )
    .expect(2)
    .stderr_has("gone: MATURIN_FIX_ROOT: cannot use this tree");
}

#[test]
fn json_is_printed_for_unusable_input_too() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    let run = s.run(&[
        "check",
        "--root",
        "sp",
        "--sysconfigdata",
        "missing.py",
        "--format",
        "json",
    ]);
    run.expect(2);
    assert_eq!(
        run.json("(d['exit_code'], d['error']['path'])"),
        "[2, \"missing.py\"]"
    );
    // A problem found while resolving the options, before the target is read.
    let run = s.run_env(
        &["check", "--root", "sp", "--format", "json"],
        &[
            ("MATURIN_FIX_MODE", "copy"),
            ("MATURIN_FIX_EXT_SUFFIX", ".cpython-312.so"),
        ],
    );
    run.expect(2);
    assert!(run
        .json("d['error']['message']")
        .contains("MATURIN_FIX_MODE"));
}

#[test]
fn suffix_speaks_json() {
    let s = Scratch::new();
    sysconfigdata_313(&s);
    let run = s.run(&["suffix", "--sysconfigdata", SC, "--format", "json"]);
    run.expect(0);
    assert_eq!(
        run.json("(d['target']['ext_suffix'], d['target']['triplet'], d['target']['libc'], d['certain'])"),
        "[\".cpython-313-arm-linux-gnueabihf.so\", \"arm-linux-gnueabihf\", \"glibc\", true]"
    );
    let run = s.run(&[
        "suffix",
        "--target",
        "mips64-poky-linux-gnuabi64",
        "--python",
        "3.13",
        "--format",
        "json",
    ]);
    run.expect(0);
    assert_eq!(
        run.json("(d['certain'], len(d['target']['undecided']))"),
        "[false, 1]"
    );
}

#[test]
fn rusts_own_mips_targets_have_a_known_float_abi() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    // Rust's glibc MIPS targets are hard-float: nothing to ask.
    s.run(&[
        "check",
        "--root",
        "sp",
        "--target",
        "mips64el-unknown-linux-gnuabi64",
        "--python",
        "3.13",
    ])
    .expect(0);
    let run = s.run(&[
        "suffix",
        "--target",
        "mips64el-unknown-linux-gnuabi64",
        "--python",
        "3.13",
    ]);
    run.expect(0)
        .stdout_has(".cpython-313-mips64el-linux-gnuabi64.so");
    assert_eq!(run.stderr(), "", "{run}");
    // A Yocto or GNU spelling does not say: still asked.
    s.run(&[
        "check",
        "--root",
        "sp",
        "--target",
        "mips64el-poky-linux-gnuabi64",
        "--python",
        "3.13",
    ])
    .expect(2)
    .stderr_has("--float-abi hard|soft decides");
}

#[test]
fn musl_build_decides_for_check_as_for_suffix() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path("sp")).unwrap();
    let args = [
        "--target",
        "x86_64-unknown-linux-musl",
        "--python",
        "3.11",
        "--musl-build",
        "native",
    ];
    let mut check = vec!["check", "--root", "sp"];
    check.extend(args);
    s.run(&check).expect(0);
    let mut suffix = vec!["suffix"];
    suffix.extend(args);
    s.run(&suffix)
        .expect(0)
        .stdout_has(".cpython-311-x86_64-linux-musl.so");
}
