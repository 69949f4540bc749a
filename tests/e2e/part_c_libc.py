"""Part C: real PyPI wheels for the other C library, on Debian's own amd64 CPython 3.11 (glibc).

rpds-py 0.18.1 ships a musllinux and a manylinux wheel for CPython 3.11 x86_64. Unpacked as
`installer` unpacks a wheel (files and dist-info with its RECORD):
- the musllinux module (`…-x86_64-linux-musl.so`, needs musl's `libc.so`) is another ABI for a
  glibc python: maturin-fix must report it and change nothing (exit 0). The import fails the
  same way before and after (ModuleNotFoundError). Renaming it to the glibc name — what an ELF
  check of class, byte order and machine alone allows — is shown to make it worse: the loader
  then fails on musl's libc (ImportError), which is why it must never happen.
- the manylinux module (needs glibc's `libc.so.6`), given the musl name as a mis-named build
  would, is this python's ABI: maturin-fix renames it, keeps RECORD right, and it imports and works.
"""

import json
import os
import shutil
import subprocess
import tempfile
import zipfile

import report
from maturin_fix_tool import MaturinFix
from tree_snapshot import differences, snapshot

PYTHON = "/usr/bin/python3.11"  # Debian's CPython, its own sysconfigdata beside it
SYSCONFIGDATA = "/usr/lib/python3.11/_sysconfigdata__x86_64-linux-gnu.py"
MUSL_WHEEL = "rpds_py-0.18.1-cp311-cp311-musllinux_1_2_x86_64.whl"
GLIBC_WHEEL = "rpds_py-0.18.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
GNU = "rpds/rpds.cpython-311-x86_64-linux-gnu.so"
MUSL = "rpds/rpds.cpython-311-x86_64-linux-musl.so"
RECORD = "rpds_py-0.18.1.dist-info/RECORD"
CALL = "sorted(m.HashTrieSet([3, 1, 2]))"
PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "probe_imports.py")


def run(cache: str, tool: MaturinFix, table: report.Table, tally: report.Tally) -> None:
    wheels = os.path.join(cache, "libc-wheels")
    for name, case in (("musllinux module in a glibc tree", musl_module_left_alone),
                       ("manylinux module with the musl name", glibc_module_renamed)):
        report.progress("part C: %s" % name)
        try:
            case(wheels, tool, table, tally)
        except Exception as error:  # one broken case must not hide the other
            tally.error("part C %s" % name, error)
            table.add("amd64", "-", name, "-", "-", "-", "ERROR")


def musl_module_left_alone(wheels, tool, table, tally) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = unpack(os.path.join(wheels, MUSL_WHEEL), tmp)
        before_tree = snapshot(site)
        before = probe(site)
        fix = tool.run("fix", "--format", "json", "--root", site, "--sysconfigdata", SYSCONFIGDATA)
        after_tree = snapshot(site)
        after = probe(site)

        problems = []
        expect(problems, "import before", before["status"], "ModuleNotFoundError")
        expect(problems, "maturin-fix exit code", fix.exit_code, 0)
        expect(problems, "the tree after maturin-fix fix", differences(before_tree, after_tree),
               {"removed": [], "added": [], "changed": []})
        expect(problems, "the module's verdict", verdict(fix, site, MUSL),
               ("other-abi", False, None))
        expect(problems, "import after", after["status"], "ModuleNotFoundError")
        # What a rename would have done: the loader now reaches musl's libc.so and fails.
        if os.path.exists(os.path.join(site, MUSL)):
            os.rename(os.path.join(site, MUSL), os.path.join(site, GNU))
        renamed = probe(site)
        expect(problems, "import after a rename to the glibc name", renamed["status"],
               "ImportError")
        if "libc.so" not in renamed["value"]:
            problems.append("the renamed module's ImportError does not name libc.so: %s"
                            % renamed["value"])
        table.add("amd64", "PyPI musllinux wheel", os.path.basename(MUSL), suffix(),
                  report.import_cell(before), report.import_cell(after),
                  tally.case("part C musllinux module left alone", problems))


def glibc_module_renamed(wheels, tool, table, tally) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = unpack(os.path.join(wheels, GLIBC_WHEEL), tmp)
        # A mis-named build: the glibc module under the musl name, RECORD saying so.
        os.rename(os.path.join(site, GNU), os.path.join(site, MUSL))
        record = os.path.join(site, RECORD)
        with open(record) as f:
            rows = f.read()
        with open(record, "w") as f:
            f.write(rows.replace(GNU + ",", MUSL + ","))
        before = probe(site)
        fix = tool.run("fix", "--format", "json", "--root", site, "--sysconfigdata", SYSCONFIGDATA)
        after = probe(site)

        problems = []
        expect(problems, "import before", before["status"], "ModuleNotFoundError")
        expect(problems, "maturin-fix exit code", fix.exit_code, 0)
        expect(problems, "the module's verdict", verdict(fix, site, MUSL),
               ("misnamed", True, "rename"))
        expect(problems, "import after", after["status"], "ok")
        expect(problems, "what the module computes", after.get("value"), repr([1, 2, 3]))
        with open(record) as f:
            rows = f.read()
        if GNU + "," not in rows or MUSL in rows:
            problems.append("RECORD does not follow the rename:\n" + rows)
        table.add("amd64", "PyPI manylinux wheel, musl name", os.path.basename(MUSL), suffix(),
                  report.import_cell(before), report.import_cell(after),
                  tally.case("part C manylinux module renamed", problems))


def unpack(wheel: str, tmp: str) -> str:
    """The wheel's files under site-packages, as `installer` lays them out (RECORD included)."""
    site = os.path.join(tmp, "site-packages")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    shutil.rmtree(os.path.join(tmp, "__pycache__"), ignore_errors=True)
    return site


def probe(site: str) -> dict:
    """Debian's python imports rpds from `site` and calls it: the outcome of the import."""
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONPATH": site,
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}
    request = json.dumps([{"module": "rpds", "call": CALL}])
    proc = subprocess.run([PYTHON, "-s", PROBE, request], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (PYTHON, proc.returncode, proc.stderr))
    return json.loads(proc.stdout)["modules"][0]["import"]


def verdict(fix, site: str, rel: str):
    entries = [f for f in (fix.report or {}).get("files", [])
               if f.get("path") == os.path.join(site, rel)]
    if len(entries) != 1:
        return ("not reported", fix.describe())
    e = entries[0]
    return (e.get("status"), e.get("importable"), e.get("action"))


def suffix() -> str:
    code = "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"
    proc = subprocess.run([PYTHON, "-c", code], stdout=subprocess.PIPE, universal_newlines=True,
                          check=True)
    return proc.stdout.strip()


def expect(problems, what, got, wanted) -> None:
    if got != wanted:
        problems.append("%s: got %r, expected %r" % (what, got, wanted))
