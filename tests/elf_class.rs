//! The ELF class decides as much as the machine: MIPS n32 (ELF32) and n64 (ELF64) are both
//! EM_MIPS, x32 (ELF32) and x86-64 (ELF64) are both EM_X86_64. A module of the other class
//! is reported and never given the target's name; one of the right class is renamed.
//! x32/x86-64: real shared objects (tests/data/make-elf-class-fixtures.sh); MIPS: complete
//! ELF headers with the e_flags a MIPS toolchain writes (no MIPS linker here).

mod common;

use common::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/elf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const EF_MIPS_NOREORDER_PIC_CPIC: u32 = 0x7;
const EF_MIPS_ABI2: u32 = 0x20; // n32
const EF_MIPS_ARCH_64: u32 = 0x6000_0000;

/// A complete little-endian MIPS64 ELF header of a shared object: n32 is ELF32 with
/// EF_MIPS_ABI2, n64 is ELF64 without it. `tag` follows, so that files differ.
fn mips64el(n32: bool, tag: &str) -> Vec<u8> {
    let mut h = b"\x7fELF".to_vec();
    h.extend([if n32 { 1 } else { 2 }, 1, 1, 0]); // class, LSB, EV_CURRENT, System V
    h.resize(16, 0);
    h.extend(3u16.to_le_bytes()); // ET_DYN
    h.extend(EM_MIPS.to_le_bytes());
    h.extend(1u32.to_le_bytes()); // e_version
    let flags = EF_MIPS_ARCH_64 | EF_MIPS_NOREORDER_PIC_CPIC | if n32 { EF_MIPS_ABI2 } else { 0 };
    let (ehsize, phentsize, shentsize): (u16, u16, u16) =
        if n32 { (52, 32, 40) } else { (64, 56, 64) };
    if n32 {
        h.extend(0u32.to_le_bytes()); // e_entry
        h.extend(u32::from(ehsize).to_le_bytes()); // e_phoff
        h.extend(0u32.to_le_bytes()); // e_shoff
    } else {
        h.extend(0u64.to_le_bytes());
        h.extend(u64::from(ehsize).to_le_bytes());
        h.extend(0u64.to_le_bytes());
    }
    h.extend(flags.to_le_bytes());
    for half in [ehsize, phentsize, 0, shentsize, 0, 0] {
        h.extend(half.to_le_bytes());
    }
    assert_eq!(h.len(), usize::from(ehsize));
    h.extend(tag.as_bytes());
    h
}

/// One tree per target: `m` has the other class (never renamed), `n` the target's class
/// (renamed); both carry the other ABI's name.
struct Case {
    target: &'static str,
    other_name: &'static str,
    wrong_class: Vec<u8>,
    right_class: Vec<u8>,
    needs: &'static str,
}

fn x32() -> Case {
    Case {
        target: ".cpython-312-x86_64-linux-gnux32.so",
        other_name: ".cpython-312-x86_64-linux-gnu.so",
        wrong_class: fixture("class-x86_64.so"),
        right_class: fixture("class-x32.so"),
        needs: "built for ELF64 LSB, machine x86-64; the target needs ELF32 LSB, machine x86-64",
    }
}

fn x86_64() -> Case {
    Case {
        target: ".cpython-312-x86_64-linux-gnu.so",
        other_name: ".cpython-312-x86_64-linux-gnux32.so",
        wrong_class: fixture("class-x32.so"),
        right_class: fixture("class-x86_64.so"),
        needs: "built for ELF32 LSB, machine x86-64; the target needs ELF64 LSB, machine x86-64",
    }
}

fn mips_n32() -> Case {
    Case {
        target: ".cpython-312-mips64el-linux-gnuabin32.so",
        other_name: ".cpython-312-mips64el-linux-gnuabi64.so",
        wrong_class: mips64el(false, "n64"),
        right_class: mips64el(true, "n32"),
        needs: "built for ELF64 LSB, machine MIPS; the target needs ELF32 LSB, machine MIPS",
    }
}

fn mips_n64() -> Case {
    Case {
        target: ".cpython-312-mips64el-linux-gnuabi64.so",
        other_name: ".cpython-312-mips64el-linux-gnuabin32.so",
        wrong_class: mips64el(true, "n32"),
        right_class: mips64el(false, "n64"),
        needs: "built for ELF32 LSB, machine MIPS; the target needs ELF64 LSB, machine MIPS",
    }
}

/// (status, action, done, destination's file name) of one file in the JSON report.
fn verdict(run: &Run, name: &str) -> String {
    run.json(&format!(
        "[(f['status'], f['action'], f['done'], (f['destination'] or '').split('/')[-1]) \
         for f in d['files'] if f['path'].endswith('/{name}')]"
    ))
}

fn the_other_class_is_reported_and_never_renamed(case: Case) {
    let s = Scratch::new();
    let (m, n) = (
        format!("m{}", case.other_name),
        format!("n{}", case.other_name),
    );
    s.write(&format!("sp/{m}"), &case.wrong_class);
    s.write(&format!("sp/{n}"), &case.right_class);
    s.write("sp/p-1.dist-info/RECORD", format!("{m},,\n{n},,\n"));
    let run = s.run(&[
        "fix",
        "--root",
        "sp",
        "--ext-suffix",
        case.target,
        "--format",
        "json",
    ]);
    let renamed = format!("n{}", case.target);
    // Reported, not acted on (its destination is what it would have been named).
    assert_eq!(
            run.json(&format!(
                "[(f['status'], f['action'], f['done']) for f in d['files'] if f['path'].endswith('/{m}')]"
            )),
            "[[\"error\", null, false]]",
            "{}\n{run}",
            case.target
        );
    assert_eq!(
        verdict(&run, &n),
        format!("[[\"misnamed\", \"rename\", true, \"{renamed}\"]]"),
        "{}\n{run}",
        case.target
    );
    let message = run.json(&format!(
        "[f['message'] for f in d['files'] if f['path'].endswith('/{m}')][0]"
    ));
    assert!(message.contains(case.needs), "{message}\n{run}");
    // The exact tree: m as it was, n renamed, RECORD following n only.
    let mut expected = Tree::default();
    expected.0.insert("sp".into(), Node::Dir);
    expected.0.insert("sp/p-1.dist-info".into(), Node::Dir);
    expected.0.insert(
        format!("sp/{m}").into(),
        Node::File(case.wrong_class.clone()),
    );
    expected.0.insert(
        format!("sp/{renamed}").into(),
        Node::File(case.right_class.clone()),
    );
    expected.0.insert(
        "sp/p-1.dist-info/RECORD".into(),
        Node::File(format!("{m},,\n{renamed},,\n").into_bytes()),
    );
    assert_eq!(run.tree, expected, "{}\n{run}", case.target);
}

#[test]
fn an_x86_64_module_is_not_renamed_for_an_x32_target() {
    the_other_class_is_reported_and_never_renamed(x32());
}

#[test]
fn an_x32_module_is_not_renamed_for_an_x86_64_target() {
    the_other_class_is_reported_and_never_renamed(x86_64());
}

#[test]
fn a_mips_n64_module_is_not_renamed_for_an_n32_target() {
    the_other_class_is_reported_and_never_renamed(mips_n32());
}

#[test]
fn a_mips_n32_module_is_not_renamed_for_an_n64_target() {
    the_other_class_is_reported_and_never_renamed(mips_n64());
}

#[test]
fn the_fixtures_are_what_they_claim() {
    // The bytes the tool reads: class (e_ident[4]), data (e_ident[5]), type, machine.
    let head = |b: &[u8]| {
        (
            b[4],
            b[5],
            u16::from_le_bytes([b[16], b[17]]),
            u16::from_le_bytes([b[18], b[19]]),
        )
    };
    assert_eq!(head(&fixture("class-x32.so")), (1, 1, 3, EM_X86_64));
    assert_eq!(head(&fixture("class-x86_64.so")), (2, 1, 3, EM_X86_64));
    assert_eq!(head(&mips64el(true, "")), (1, 1, 3, EM_MIPS));
    assert_eq!(head(&mips64el(false, "")), (2, 1, 3, EM_MIPS));
}
