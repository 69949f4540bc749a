//! The exit status follows the work: 1 means `check`/`fix --dry-run` found something `fix`
//! would change, or `fix` could not do work it should do, or part of the tree could not be
//! seen. Modules that are not the tool's to change are listed, never punished.

mod common;

use common::*;

const SP: &str = "sp";
const ARM: &str = ".cpython-312-arm-linux-gnueabihf.so";
const WRONG: &str = ".cpython-312-armv7l-linux-gnueabihf.so";
const DECOY: &str = "foo.cpython-311-arm-linux-gnueabihf.so";

fn run(s: &Scratch, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--root", SP, "--ext-suffix", ARM]);
    s.run(&all)
}

/// The JSON summary's counters: each file is in exactly one, so they add up.
fn counters(run: &Run) -> [usize; 6] {
    let text = run.json(
        "[d['summary'][k] for k in ('files','ok','fixed','to_fix','cannot_fix','left_alone')]",
    );
    let n: Vec<usize> = text
        .trim_matches(|c| c == '[' || c == ']')
        .split(", ")
        .map(|n| n.parse().unwrap())
        .collect();
    let c = [n[0], n[1], n[2], n[3], n[4], n[5]];
    assert_eq!(c[0], c[1..].iter().sum::<usize>(), "counters {c:?}\n{run}");
    c
}

#[test]
fn a_module_for_another_python_does_not_fail_a_correct_tree() {
    let s = Scratch::new();
    s.write(&format!("{SP}/m{ARM}"), arm32("ok"));
    s.write(&format!("{SP}/{DECOY}"), arm32("311"));
    let before = s.tree();
    let checked = run(&s, &["check"]);
    checked
        .expect(0)
        .stderr_has(&format!("note: {SP}/{DECOY}: built for CPython 3.11"));
    assert_eq!(checked.tree, before);
    let json = run(&s, &["check", "--format", "json"]);
    json.expect(0);
    assert_eq!(
        json.json("[(f['status'], f['importable']) for f in d['files'] if f['path'].endswith('foo.cpython-311-arm-linux-gnueabihf.so')]"),
        "[[\"other-abi\", false]]"
    );
    assert_eq!(json.json("d['exit_code']"), "0");
    assert_eq!(counters(&json), [2, 1, 0, 0, 0, 1]);
}

#[test]
fn fix_exits_0_once_everything_it_should_fix_is_fixed() {
    let s = Scratch::new();
    s.write(&format!("{SP}/m{WRONG}"), arm32("m"));
    s.write(&format!("{SP}/{DECOY}"), arm32("311"));
    s.write(&format!("{SP}/a.abi3.so"), "abi3");
    s.write(&format!("{SP}/plain.so"), "plain");
    s.write(&format!("{SP}/libfoo-1.2.so"), "a library");
    let fixed = run(&s, &["fix", "--format", "json"]);
    fixed.expect(0);
    assert!(fixed.tree.has(&format!("{SP}/m{ARM}")), "{fixed}");
    assert!(fixed.tree.has(&format!("{SP}/{DECOY}")), "{fixed}");
    assert_eq!(counters(&fixed), [5, 2, 1, 0, 0, 2]);
    // Not a module at all: the JSON says so plainly, it is neither importable nor not.
    assert_eq!(
        fixed.json("{f['path'].split('/')[-1]: f['importable'] for f in d['files']}"),
        format!(
            "{{\"a.abi3.so\": true, \"{DECOY}\": false, \"libfoo-1.2.so\": null, \"m{ARM}\": true, \"plain.so\": true}}"
        )
        .replace(&format!("m{ARM}"), &format!("m{WRONG}"))
    );
    run(&s, &["check"]).expect(0);
}

#[test]
fn check_and_dry_run_exit_1_when_there_is_work() {
    let s = Scratch::new();
    s.write(&format!("{SP}/m{WRONG}"), arm32("m"));
    s.write(&format!("{SP}/{DECOY}"), arm32("311"));
    let before = s.tree();
    let checked = run(&s, &["check", "--format", "json"]);
    checked.expect(1);
    assert_eq!(counters(&checked), [2, 0, 0, 1, 0, 1]);
    run(&s, &["fix", "--dry-run"])
        .expect(1)
        .stdout_has("would rename: ");
    assert_eq!(s.tree(), before);
}

#[test]
fn fix_exits_1_for_work_it_could_not_do() {
    // A mis-named module for another machine: fix should but cannot give it the name.
    let s = Scratch::new();
    s.write(&format!("{SP}/x86{WRONG}"), elf(64, false, EM_X86_64, "x"));
    s.write(&format!("{SP}/m{WRONG}"), arm32("m"));
    let fixed = run(&s, &["fix", "--format", "json"]);
    fixed.expect(1);
    assert!(fixed.tree.has(&format!("{SP}/m{ARM}")), "{fixed}");
    assert!(fixed.tree.has(&format!("{SP}/x86{WRONG}")), "{fixed}");
    assert_eq!(counters(&fixed), [2, 0, 1, 0, 1, 0]);
    // Nothing may say what fix would name a module it cannot fix.
    assert_eq!(
        fixed.json("[(f['status'], f['destination']) for f in d['files'] if 'x86' in f['path']]"),
        "[[\"error\", null]]"
    );

    // A conflict blocks everything: the other module is not renamed either.
    let s = Scratch::new();
    s.write(&format!("{SP}/c{WRONG}"), arm32("one"));
    s.write(&format!("{SP}/c{ARM}"), arm32("another"));
    s.write(&format!("{SP}/m{WRONG}"), arm32("m"));
    let before = s.tree();
    let blocked = run(&s, &["fix", "--format", "json"]);
    blocked.expect(1);
    assert_eq!(blocked.tree, before, "{blocked}");
    assert_eq!(counters(&blocked), [3, 1, 0, 0, 2, 0]);
}

#[test]
fn the_text_summary_has_one_category_per_file() {
    let s = Scratch::new();
    s.write(&format!("{SP}/ok{ARM}"), arm32("ok"));
    s.write(&format!("{SP}/m{WRONG}"), arm32("m"));
    s.write(&format!("{SP}/x86{WRONG}"), elf(64, false, EM_X86_64, "x"));
    s.write(&format!("{SP}/{DECOY}"), arm32("311"));
    run(&s, &["check"]).expect(1).stdout_has(
        "4 .so file(s): 1 ok, 0 fixed, 1 to fix, 1 cannot fix, 1 left alone; 1 problem(s)",
    );
}

#[test]
fn a_root_without_any_so_file_says_so() {
    let s = Scratch::new();
    s.write(&format!("{SP}/pkg/__init__.py"), "");
    run(&s, &["check"])
        .expect(0)
        .stderr_has(&format!("note: {SP}: no .so file here"));
}
