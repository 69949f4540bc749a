//! A module for the other C library is another ABI: reported, never renamed. The module
//! says which C library it needs (`DT_NEEDED`); the target's python says which it uses
//! (`HOST_GNU_TYPE`, or the triplet). The modules here are real shared objects built by
//! gcc and musl-gcc (`tests/data/make-elf-fixtures.sh`).

mod common;

use common::*;

const SP: &str = "sp";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/elf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_status(run: &Run, file: &str) -> String {
    run.json(&format!(
        "[(f['status'], f['importable'], f['action']) for f in d['files'] if f['path'].endswith('/{file}')]"
    ))
}

#[test]
fn a_musl_module_in_a_glibc_tree_is_never_renamed() {
    // What a musllinux wheel from PyPI puts in a glibc tree.
    let s = Scratch::new();
    let name = "rpds.cpython-311-x86_64-linux-musl.so";
    s.write(&format!("{SP}/rpds/{name}"), fixture("musl-x86_64.so"));
    let before = s.tree();
    let args = [
        "fix",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-311-x86_64-linux-gnu.so",
        "--format",
        "json",
    ];
    let run = s.run(&args);
    run.expect(0);
    assert_eq!(run.tree, before, "{run}");
    assert_eq!(
        json_status(&run, name),
        "[[\"other-abi\", false, null]]",
        "{run}"
    );
    assert!(
        run.json("d['notes'][0]['message']")
            .contains("built for musl (it needs libc.so); the target's python uses glibc"),
        "{run}"
    );
}

#[test]
fn a_glibc_module_in_a_musl_tree_is_never_renamed() {
    let s = Scratch::new();
    let name = "m.cpython-312-x86_64-linux-gnu.so";
    s.write(&format!("{SP}/{name}"), fixture("glibc-x86_64.so"));
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--target",
        "x86_64-unknown-linux-musl",
        "--python",
        "3.12",
        "--musl-build",
        "native",
        "--format",
        "json",
    ]);
    run.expect(0);
    assert_eq!(run.tree, before, "{run}");
    assert_eq!(
        json_status(&run, name),
        "[[\"other-abi\", false, null]]",
        "{run}"
    );
}

#[test]
fn modules_for_the_targets_own_c_library_are_renamed() {
    for (module, suffix, built) in [
        (
            "glibc-x86_64.so",
            ".cpython-312-x86_64-linux-gnu.so",
            "m.cpython-312.so",
        ),
        (
            "musl-x86_64.so",
            ".cpython-313-x86_64-linux-musl.so",
            "m.cpython-313-x86_64-unknown-linux-musl.so",
        ),
        // No C library named: nothing to compare, the machine check alone decides.
        (
            "nolibc-x86_64.so",
            ".cpython-312-x86_64-linux-gnu.so",
            "m.cpython-312-x86_64-unknown-linux-gnu.so",
        ),
    ] {
        let s = Scratch::new();
        s.write(&format!("{SP}/{built}"), fixture(module));
        let run = s.run(&["fix", "--root", SP, "--ext-suffix", suffix]);
        run.expect(0);
        assert!(run.tree.has(&format!("{SP}/m{suffix}")), "{module}\n{run}");
    }
}

#[test]
fn a_musl_target_whose_suffix_says_gnu_is_known_by_its_host_triple() {
    // CPython 3.11 configured on glibc for musl (Yocto, Buildroot) spells the triplet `gnu`;
    // its sysconfigdata's HOST_GNU_TYPE still says musl.
    let s = Scratch::new();
    s.write(
        "sysroot/usr/lib/python3.11/_sysconfigdata__linux_x86_64-linux-gnu.py",
        "build_time_vars = {'EXT_SUFFIX': '.cpython-311-x86_64-linux-gnu.so',\n \
         'HOST_GNU_TYPE': 'x86_64-poky-linux-musl',\n 'VERSION': '3.11'}\n",
    );
    s.write(
        &format!("{SP}/a.cpython-311-x86_64-linux-musl.so"),
        fixture("musl-x86_64.so"),
    );
    s.write(
        &format!("{SP}/b.cpython-311-x86_64-linux-musl.so"),
        fixture("glibc-x86_64.so"),
    );
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--sysroot",
        "sysroot",
        "--format",
        "json",
    ]);
    run.expect(0);
    assert!(
        run.tree
            .has(&format!("{SP}/a.cpython-311-x86_64-linux-gnu.so")),
        "{run}"
    );
    assert!(
        run.tree
            .has(&format!("{SP}/b.cpython-311-x86_64-linux-musl.so")),
        "{run}"
    );
}

#[test]
fn an_unknown_target_c_library_is_said_not_guessed() {
    let s = Scratch::new();
    let name = "m.cpython-313-x86_64-linux-musl.so";
    s.write(&format!("{SP}/{name}"), fixture("musl-x86_64.so"));
    let before = s.tree();
    let run = s.run(&["fix", "--root", SP, "--ext-suffix", ".cpython-313.so"]);
    run.expect(1)
        .stderr_has("it needs libc.so (musl), and the target's C library is not known");
    assert_eq!(run.tree, before, "{run}");
}

#[test]
fn elf32_modules_of_either_byte_order_name_their_c_library() {
    // Real armhf (ELF32 LSB) and mips (ELF32 MSB) glibc modules: renamed for a glibc target,
    // left alone for a musl one, so the 32-bit dynamic section was read in both byte orders.
    for (module, built, glibc, musl) in [
        (
            "glibc-armhf.so",
            "m.cpython-313-armv7l-linux-gnueabihf.so",
            ".cpython-313-arm-linux-gnueabihf.so",
            ".cpython-313-arm-linux-musleabihf.so",
        ),
        (
            "glibc-mips.so",
            "m.cpython-313-mips-unknown-linux-gnu.so",
            ".cpython-313-mips-linux-gnu.so",
            ".cpython-313-mips-linux-musl.so",
        ),
    ] {
        let s = Scratch::new();
        s.write(&format!("{SP}/{built}"), fixture(module));
        let before = s.tree();
        let run = s.run(&[
            "fix",
            "--root",
            SP,
            "--ext-suffix",
            musl,
            "--format",
            "json",
        ]);
        run.expect(0);
        assert_eq!(run.tree, before, "{module}\n{run}");
        assert_eq!(
            json_status(&run, built),
            "[[\"other-abi\", false, null]]",
            "{run}"
        );
        let run = s.run(&["fix", "--root", SP, "--ext-suffix", glibc]);
        run.expect(0);
        assert!(run.tree.has(&format!("{SP}/m{glibc}")), "{module}\n{run}");
    }
}

#[test]
fn a_program_interpreter_names_the_c_library_too() {
    // No DT_NEEDED at all, only PT_INTERP /lib/ld-musl-x86_64.so.1 (a real linker-made PIE).
    let s = Scratch::new();
    let name = "m.cpython-312-x86_64-linux-musl.so";
    s.write(&format!("{SP}/{name}"), fixture("interp-musl-x86_64.so"));
    let before = s.tree();
    let run = s.run(&[
        "fix",
        "--root",
        SP,
        "--ext-suffix",
        ".cpython-312-x86_64-linux-gnu.so",
        "--format",
        "json",
    ]);
    run.expect(0);
    assert_eq!(run.tree, before, "{run}");
    assert!(
        run.json("d['files'][0]['message']")
            .contains("it needs /lib/ld-musl-x86_64.so.1"),
        "{run}"
    );
}
