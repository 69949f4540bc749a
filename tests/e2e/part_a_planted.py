"""Part A: Debian's own compiled extension module under a wrong name, on every Debian architecture.

For each architecture: python3-markupsafe's `_speedups` module (C, built by Debian for that
architecture) is unpacked into the sysroot's dist-packages and renamed to a realistic wrong name;
copies named for the stable ABI (`.abi3.so`) and for another Python version (`cpython-310`) sit
beside it. The target CPython, under qemu, shows what it imports before and after
`maturin-fix fix --root <dist-packages> --sysroot <sysroot>`, and a second run must change nothing.
"""

import os
import shutil
import subprocess

import report
from maturin_fix_tool import MaturinFix
from target_python import TargetPython
from targets import TARGETS, Target
from tree_snapshot import differences, snapshot

ESCAPE_CALL = "str(m.escape('<&>'))"
ESCAPED = repr("&lt;&amp;&gt;")


def run(cache: str, tool: MaturinFix, table: report.Table, tally: report.Tally) -> None:
    for target in TARGETS:
        report.progress("part A: %s" % target.debian_arch)
        try:
            check_architecture(cache, target, tool, table, tally)
        except Exception as error:  # one broken architecture must not hide the others
            tally.error("part A %s" % target.debian_arch, error)
            table.add(target.debian_arch, "-", "-", "-", "-", "-", "ERROR")


def check_architecture(cache: str, target: Target, tool: MaturinFix, table, tally) -> None:
    arch_dir = os.path.join(cache, "debian", target.debian_arch)
    sysroot = os.path.join(arch_dir, "sysroot")
    site = os.path.join(sysroot, "usr", "lib", "python3", "dist-packages")
    # Afresh on every run: the previous run renamed things in there.
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(["dpkg-deb", "-x", os.path.join(arch_dir, "python3-markupsafe.deb"), sysroot],
                   check=True)
    python = TargetPython(target.qemu, sysroot)

    interpreter = python.probe([])  # the target's truth, from the target itself
    ext_suffix = interpreter["ext_suffix"]
    tag = ".cpython-" + interpreter["version"].replace(".", "")
    debian_name = os.path.join("markupsafe", "_speedups" + ext_suffix)
    if not os.path.isfile(os.path.join(site, debian_name)):
        raise RuntimeError("%s has no %s: Debian's module does not carry the target's "
                           "EXT_SUFFIX" % (site, debian_name))

    # The planted tree.
    misnamed = os.path.join("markupsafe", "_speedups%s-%s.so" % (tag, target.planted_platform))
    os.rename(os.path.join(site, debian_name), os.path.join(site, misnamed))
    abi3 = os.path.join("markupsafe_abi3", "_speedups.abi3.so")
    other_version = os.path.join("markupsafe_py310",
                                 "_speedups" + ext_suffix.replace(tag, ".cpython-310", 1))
    for planted in (abi3, other_version):
        os.makedirs(os.path.join(site, os.path.dirname(planted)))
        open(os.path.join(site, os.path.dirname(planted), "__init__.py"), "w").close()
        shutil.copyfile(os.path.join(site, misnamed), os.path.join(site, planted))

    def probe(with_paths: bool) -> list:
        requests = [{"module": module, "call": ESCAPE_CALL} for module in
                    ("markupsafe._speedups", "markupsafe_abi3._speedups",
                     "markupsafe_py310._speedups")]
        if with_paths:
            requests[0]["path"] = os.path.join(site, misnamed)
        return python.probe(requests)["modules"]

    before_tree = snapshot(site)
    before = probe(with_paths=True)
    first = tool.fix(site, sysroot)
    fixed_tree = snapshot(site)
    after = probe(with_paths=False)
    second = tool.fix(site, sysroot)
    second_tree = snapshot(site)

    # The misnamed module: renamed to the target's suffix, same content, then imports and works.
    problems = []
    expect_outcome(problems, "before the fix, import", before[0]["import"], "ModuleNotFoundError")
    expect_outcome(problems, "before the fix, loading the file by path", before[0]["by_path"],
                   "ok")
    expect_outcome(problems, "after the fix, import", after[0]["import"], "ok", ESCAPED)
    # Exit 0: the cpython-310 module is reported (another Python's ABI) and left alone, which
    # is not the tool's to change, so it does not make the exit status 1.
    expect_exit(problems, "first run", first, 0)
    expect_exit(problems, "second run", second, 0)
    changes = differences(before_tree, fixed_tree)
    wanted = {"removed": [misnamed], "added": [debian_name], "changed": []}
    if changes != wanted:
        problems.append("the fix changed %s, expected %s\n%s" % (changes, wanted, first.describe()))
    elif fixed_tree[debian_name] != before_tree[misnamed]:
        problems.append("the renamed module's content changed")
    if second_tree != fixed_tree:
        problems.append("the second run changed %s\n%s"
                        % (differences(fixed_tree, second_tree), second.describe()))
    name = os.path.basename(misnamed)
    verdict = tally.case("part A %s %s" % (target.debian_arch, name), problems)
    table.add(target.debian_arch, "planted: " + target.planted_origin, name, ext_suffix,
              report.import_cell(before[0]["import"]), report.import_cell(after[0]["import"]),
              verdict)

    # The modules to leave alone: untouched, and importable exactly as before.
    left_alone = [
        (abi3, "planted: abi3", before[1], after[1], "ok", "abi3"),
        (other_version, "planted: other Python", before[2], after[2], "ModuleNotFoundError",
         "other-abi"),
    ]
    for path, origin, was, now, outcome, status in left_alone:
        problems = []
        expect_outcome(problems, "before the fix, import", was["import"], outcome,
                       ESCAPED if outcome == "ok" else None)
        expect_outcome(problems, "after the fix, import", now["import"], outcome,
                       ESCAPED if outcome == "ok" else None)
        if fixed_tree.get(path) != before_tree[path] or second_tree.get(path) != before_tree[path]:
            problems.append("%s was changed" % path)
        expect_file_status(problems, first, os.path.join(site, path), status)
        name = os.path.basename(path)
        verdict = tally.case("part A %s %s" % (target.debian_arch, name), problems)
        table.add(target.debian_arch, origin, name, ext_suffix, report.import_cell(was["import"]),
                  report.import_cell(now["import"]), verdict)


def expect_outcome(problems, what, outcome, status, value=None) -> None:
    if outcome["status"] != status or (value is not None and outcome["value"] != value):
        problems.append("%s: got %s %s, expected %s %s"
                        % (what, outcome["status"], outcome["value"], status, value or ""))


def expect_exit(problems, what, run, code) -> None:
    if run.exit_code != code:
        problems.append("%s: exit %d, expected %d\n%s" % (what, run.exit_code, code,
                                                           run.describe()))


def expect_file_status(problems, run, path, status) -> None:
    """The tool's JSON report must classify the file as the brief's contract says."""
    entries = [f for f in (run.report or {}).get("files", []) if f.get("path") == path]
    if len(entries) != 1 or entries[0].get("status") != status:
        problems.append("maturin-fix reported %s for %s, expected status %r"
                        % (entries or "nothing", path, status))
