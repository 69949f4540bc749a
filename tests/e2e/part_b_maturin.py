"""Part B: the real bug with the real toolchain, and both fixes.

The project's own non-abi3 PyO3 extension (pyo3-ext/) is cross-compiled for armhf and mips64el by
maturin 1.7.1 and 1.16.0 from PyPI, driven as oe-core drives it (oe_maturin_build.py), and
installed with pypa/installer. Two builds per architecture and maturin version:
- "oe-core": pyo3.config exactly as python_pyo3.bbclass writes it (no ext_suffix). Where maturin
  gets the name wrong the import fails on the target; `maturin-fix fix` on the installed tree
  (the call maturin-fix.bbclass makes after do_install) then makes it import and work.
- "+ext_suffix": the layer's root-cause step first adds the line `ext_suffix=<output of the
  class's maturin-fix suffix call>` to pyo3.config; the wheel must carry the right name.
"""

import base64
import csv
import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import report
from maturin_fix_tool import MaturinFix
from oe_maturin_build import OeBuild, extension_modules_in_wheel
from target_python import TargetPython
from targets import MATURIN_VERSIONS, TARGETS
from tree_snapshot import differences, snapshot

PYTHON_VERSION = "3.11"  # Debian bookworm's, like ${PYTHON_BASEVERSION}
LIBDIR = "/usr/lib"  # like ${libdir}
VARIANTS = ("oe-core", "+ext_suffix")
MODULE_CALL = "(m.add(2, 40), m.compiled_arch())"


class Case:
    def __init__(self, cache, source, tool, target, maturin, variant):
        self.target, self.maturin, self.variant = target, maturin, variant
        self.name = "part B %s maturin %s %s" % (target.debian_arch, maturin, variant)
        self.sysroot = os.path.join(cache, "debian", target.debian_arch, "sysroot")
        self.tool = tool
        self.build = OeBuild(
            workdir=os.path.join(cache, "build", target.debian_arch, "maturin-" + maturin,
                                 variant.strip("+")),
            source=source,
            venv=os.path.join(cache, "venv", "requirements-maturin-" + maturin),
            cargo_bin=os.path.join(cache, "rust-debian", "bin"),
            vendored_crates=os.path.join(cache, "crates"),
            sysroot=self.sysroot,
            rust_triple=target.rust_triple,
            linker=target.linker,
            python_version=PYTHON_VERSION,
            pointer_width=target.bits,
            libdir=LIBDIR,
        )
        self.log_path = os.path.join(self.build.workdir, "build.log")
        self.wheel = None
        self.error = None  # of configure or compile

    def configure(self) -> None:
        self.build.configure(self.ext_suffix_line() if self.variant == "+ext_suffix" else "")

    def ext_suffix_line(self) -> str:
        """The line maturin-fix.bbclass's root-cause step (maturin_fix_pyo3_config) appends to
        pyo3.config: ext_suffix=<stdout of its maturin-fix suffix call>."""
        run = self.tool.class_suffix(self.sysroot, LIBDIR, PYTHON_VERSION)
        suffix = run.stdout.strip()
        if run.exit_code != 0 or not suffix or "\n" in suffix:
            raise RuntimeError("the class's suffix call failed\n" + run.describe())
        return "ext_suffix=%s\n" % suffix

    def compile(self) -> None:
        with open(self.log_path, "a") as log:
            self.wheel = self.build.compile(log)


def run(cache: str, source: str, tool: MaturinFix, table: report.Table,
        tally: report.Tally) -> None:
    cases = [Case(cache, source, tool, target, maturin, variant)
             for target in TARGETS if target.rust_triple
             for maturin in MATURIN_VERSIONS for variant in VARIANTS]
    for case in cases:
        try:
            os.makedirs(case.build.workdir, exist_ok=True)
            open(case.log_path, "w").close()  # this run's log only
            case.configure()
        except Exception as error:
            case.error = error
    # The builds dominate the run time: one thread per architecture keeps both cores busy.
    report.progress("part B: building %d wheels (logs: <cache>/build/*/*/*/build.log)"
                    % len(cases))
    chains = {}
    for case in cases:
        chains.setdefault(case.target.debian_arch, []).append(case)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for chain in chains.values():
            pool.submit(compile_chain, chain)
    for case in cases:
        report.progress(case.name)
        try:
            if case.error:
                raise case.error
            check(case, table, tally)
        except Exception as error:
            tally.error(case.name, error)
            table.add(case.target.debian_arch, case.maturin + " " + case.variant,
                      "-", "-", "-", "-", "ERROR")


def compile_chain(cases) -> None:
    """Compiles one architecture's cases in turn. A case without a cargo target directory of
    its own starts from a copy of the first one's: then only the crates that read pyo3.config
    are compiled again (cargo's fingerprints decide), not syn and the rest."""
    first = cases[0]
    for case in cases:
        if case.error:
            continue
        try:
            own, seed = case.build.cargo_target_dir, first.build.cargo_target_dir
            if case is not first and not os.path.isdir(own) and os.path.isdir(seed):
                shutil.copytree(seed, own, symlinks=True)
            case.compile()
        except Exception as error:
            case.error = error


def check(case: Case, table: report.Table, tally: report.Tally) -> None:
    target, build = case.target, case.build
    with open(case.log_path, "a") as log:
        build.install(case.wheel, log)
    site = build.site_packages
    python = TargetPython(target.qemu, case.sysroot, PYTHON_VERSION)
    modules = extension_modules_in_wheel(case.wheel)
    if len(modules) != 1:
        raise RuntimeError("expected one extension module in %s, found %s" % (case.wheel, modules))
    in_wheel = modules[0]

    request = [{"module": "e2e_ext", "call": MODULE_CALL, "path": os.path.join(site, in_wheel)}]
    probed = python.probe(request, pythonpath=site)
    ext_suffix = probed["ext_suffix"]
    before = probed["modules"][0]
    before_tree = snapshot(site)
    fix = case.tool.class_fix(site, case.sysroot, LIBDIR, PYTHON_VERSION)
    after_tree = snapshot(site)
    after = python.probe([dict(request[0], path=None)], pythonpath=site)["modules"][0]

    problems = []
    stem = in_wheel.split(".")[0]  # e2e_ext/e2e_ext
    right_name = stem + ext_suffix
    works = repr((42, target.rust_arch))
    wrong_platform = target.maturin_platform[case.maturin] if case.variant == "oe-core" else None
    if wrong_platform:
        # The bug, exactly as described: maturin's triple-derived name, which the target refuses.
        expected_name = "%s.cpython-%s-%s.so" % (stem, probed["version"].replace(".", ""),
                                                  wrong_platform)
        expect(problems, "name in the wheel", in_wheel, expected_name)
        expect(problems, "import before the fix", before["import"]["status"], "ModuleNotFoundError")
        expect(problems, "loading the file by path", before["by_path"]["status"], "ok")
        wanted = {"removed": [in_wheel], "added": [right_name],
                  "changed": [os.path.join("e2e_ext-0.1.0.dist-info", "RECORD")]}
    else:
        expect(problems, "name in the wheel", in_wheel, right_name)
        expect(problems, "import before the fix", report.import_cell(before["import"]),
               "ok " + works)
        wanted = {"removed": [], "added": [], "changed": []}
    expect(problems, "maturin-fix fix exit code", fix.exit_code, 0)
    changes = differences(before_tree, after_tree)
    if changes != wanted:
        problems.append("the fix changed %s, expected %s\n%s" % (changes, wanted, fix.describe()))
    elif wrong_platform and after_tree[right_name] != before_tree[in_wheel]:
        problems.append("the renamed module's content changed")
    expect(problems, "import after the fix", report.import_cell(after["import"]), "ok " + works)
    problems += record_problems(site)

    verdict = tally.case(case.name, problems)
    table.add(target.debian_arch, case.maturin + " " + case.variant, in_wheel, ext_suffix,
              report.import_cell(before["import"]), report.import_cell(after["import"]), verdict)


def expect(problems, what, got, wanted) -> None:
    if got != wanted:
        problems.append("%s: got %r, expected %r" % (what, got, wanted))


def record_problems(site: str) -> list:
    """Every RECORD row must name an existing file with its real hash and size, and every
    installed file must have a row (so pip can still uninstall the fixed package)."""
    problems = []
    dist_info = [d for d in os.listdir(site) if d.endswith(".dist-info")]
    record = os.path.join(site, dist_info[0], "RECORD")
    with open(record, newline="") as f:
        rows = {row[0]: row[1:] for row in csv.reader(f) if row}
    for path, (hash_field, size) in rows.items():
        full = os.path.join(site, path)
        if not os.path.isfile(full):
            problems.append("RECORD names %s, which does not exist" % path)
        elif hash_field:
            with open(full, "rb") as fh:
                data = fh.read()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            if hash_field != "sha256=" + digest or size != str(len(data)):
                problems.append("RECORD's row for %s does not match the file" % path)
    for path in snapshot(site):
        if os.path.isfile(os.path.join(site, path)) and path not in rows \
                and "__pycache__" not in path:
            problems.append("%s is installed but not in RECORD" % path)
    return problems
