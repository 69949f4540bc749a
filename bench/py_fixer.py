#!/usr/bin/env python3
"""What a pure-Python (bbclass) maturin-fix would do, written as the benchmark's yardstick.

It walks the roots with os.walk, classifies every `*.so` name against the target's
sysconfigdata with the same rules as maturin-fix (module name = up to the first dot; the
rest is the suffix; a CPython suffix with the target's version and ABI flags but another
platform is mis-named; another version or ABI is reported, never renamed), checks the ELF
header of every module it would rename, looks for clashes with existing names, and plans
the RECORD rows that would follow the renames. It only plans: --check and --dry-run differ
in wording, not in work, exactly as `maturin-fix check` and `maturin-fix fix --dry-run`.

It is written to be fast the obvious Python way (one os.walk, one regex, dict lookups),
not to be slow: its time is what a bbclass implementation would cost.

Exit status: 0 nothing to do, 1 work, work it cannot do or problems found, 2 unusable input.
"""

import argparse
import ast
import csv
import io
import json
import os
import re
import sys

# ELF class/byte order/machines per platform-triplet prefix (enough for the benchmark's targets).
ELF_BY_TRIPLET_PREFIX = (
    ("aarch64_be-", (2, 2, {183})),
    ("aarch64-", (2, 1, {183})),
    ("armeb-", (1, 2, {40})),
    ("arm-", (1, 1, {40})),
    ("x86_64-", (2, 1, {62})),
    ("i386-", (1, 1, {3})),
    ("riscv64-", (2, 1, {243})),
    ("powerpc64le-", (2, 1, {21})),
    ("mipsel-", (1, 1, {8})),
    ("mips64el-", (2, 1, {8})),
)

CPYTHON_TAG = re.compile(r"cpython-(\d)(\d{1,3})([a-z]*)(?:-(.+))?\Z")


class Target:
    def __init__(self, sysconfigdata):
        with open(sysconfigdata, encoding="utf-8") as f:
            text = f.read()
        start = text.find("build_time_vars")
        if start < 0:
            raise ValueError("no build_time_vars")
        values = ast.literal_eval(text[text.index("=", start) + 1 :].strip())
        self.ext_suffix = values["EXT_SUFFIX"]
        self.abiflags = values.get("ABIFLAGS", "")
        major, minor = values["VERSION"].split(".")[:2]
        self.version = (major, minor)
        self.import_suffixes = [self.ext_suffix, ".abi3.so", ".so"]
        if "d" in self.abiflags:
            self.import_suffixes.insert(1, self.ext_suffix.replace(self.abiflags + "-", self.abiflags.replace("d", "") + "-", 1))
        platform = values.get("MULTIARCH") or ""
        self.elf = next((e for p, e in ELF_BY_TRIPLET_PREFIX if platform.startswith(p)), None)


def classify(name, target):
    """(status, rename_to or message) for a *.so file name."""
    dot = name.find(".")
    stem, suffix = name[:dot], name[dot:]
    if not stem.isidentifier():
        return "not-extension", "not a Python module name"
    if suffix in target.import_suffixes:
        return {".abi3.so": "abi3", ".so": "plain"}.get(suffix, "ok"), None
    tag = suffix[1:-3]
    if tag in ("abi3", "abi3t") or tag.startswith(("abi3-", "abi3t-")):
        return "abi3", None
    match = CPYTHON_TAG.match(tag)
    if not match or (len(match.group(2)) > 1 and match.group(2).startswith("0")):
        return "not-extension", f"{suffix} is not a CPython extension suffix"
    major, minor, flags, _platform = match.groups()
    if (major, minor) != target.version or flags != target.abiflags:
        return "other-abi", f"built for CPython {major}.{minor}{flags}; never renamed"
    return "misnamed", stem + target.ext_suffix


def elf_problem(path, expected):
    with open(path, "rb") as f:
        head = f.read(64)
    if len(head) < 20 or head[:4] != b"\x7fELF" or head[4] not in (1, 2) or head[5] not in (1, 2):
        return "not an ELF file"
    order = "little" if head[5] == 1 else "big"
    if int.from_bytes(head[16:18], order) != 3:
        return "not a shared object"
    machine = int.from_bytes(head[18:20], order)
    if expected and ((head[4], head[5]) != expected[:2] or machine not in expected[2]):
        return f"built for ELF machine {machine}"
    return None


class Planner:
    def __init__(self, roots, target):
        self.target = target
        self.roots = [os.path.realpath(r) for r in roots]
        self.files = []  # dicts: path, status, action, destination, message
        self.records = []  # (path, rows changed)
        self.problems = []  # (path, message)
        self.blocked = False

    def walk(self):
        so_paths, record_paths = [], []
        for root in self.roots:
            for dirpath, dirnames, filenames in os.walk(root, onerror=self.walk_error):
                for name in filenames:
                    if name.endswith(".so"):
                        so_paths.append(os.path.join(dirpath, name))
                    elif name == "RECORD" and dirpath.endswith(".dist-info"):
                        record_paths.append(os.path.join(dirpath, name))
                for name in dirnames:
                    if name.endswith(".so"):
                        path = os.path.join(dirpath, name)
                        if not os.path.islink(path):
                            self.add(path, "not-extension", message="a directory, not a module")
                        else:
                            so_paths.append(path)
        return so_paths, record_paths

    def walk_error(self, error):
        self.problems.append((error.filename, error.strerror))

    def add(self, path, status, action=None, destination=None, message=None):
        entry = {"path": path, "status": status, "action": action,
                 "destination": destination, "message": message}
        self.files.append(entry)
        if status == "error":  # other-abi is left alone: reported, not a problem
            self.problems.append((path, message))
        return entry

    def root_of(self, path):
        return next(r for r in self.roots if path.startswith(r + os.sep))

    def resolve(self, path):
        real = os.path.realpath(path)
        if not real.startswith(self.root_of(path) + os.sep):
            return None, "symbolic link leads outside the root"
        if not os.path.exists(real):
            return None, "dangling symbolic link"
        return real, None

    def plan_file(self, path):
        directory, name = os.path.split(path)
        status, detail = classify(name, self.target)
        if status in ("ok", "abi3", "plain"):
            if status == "ok" and os.path.islink(path):
                _real, why = self.resolve(path)
                if why:
                    return self.add(path, "error", message=why)
            return self.add(path, status)
        if status != "misnamed":
            return self.add(path, status, message=detail)
        destination = os.path.join(directory, detail)
        content = path
        if os.path.islink(path):
            content, why = self.resolve(path)
            if why:
                return self.add(path, "error", message=why)
        try:
            why = elf_problem(content, self.target.elf)
        except OSError as e:
            why = f"cannot read: {e.strerror}"
        if why:
            return self.add(path, "error", message=why + "; not renamed")
        if not os.path.lexists(destination):
            return self.add(path, "misnamed", "rename", destination)
        if os.path.samefile(destination, path) and not os.path.islink(destination):
            return self.add(path, "misnamed", "finish", destination)
        if os.path.islink(destination):
            if os.path.realpath(destination) == os.path.realpath(content):
                return self.add(path, "linked", message="imported through the symlink")
            return self.conflict(path, destination, "a symlink to something else")
        with open(content, "rb") as a, open(destination, "rb") as b:
            if a.read() == b.read():
                return self.add(path, "duplicate", message="an identical module has the name")
        return self.conflict(path, destination, "exists with different content")

    def conflict(self, path, destination, why):
        self.blocked = True
        return self.add(path, "error", message=f"conflict: {os.path.basename(destination)} {why}")

    def plan(self):
        so_paths, record_paths = self.walk()
        so_paths.sort()
        for path in so_paths:
            self.plan_file(path)
        claims = {}
        for entry in self.files:
            if entry["action"] == "rename":
                claims.setdefault(entry["destination"], []).append(entry)
        for claimants in claims.values():
            if len(claimants) > 1:
                for entry in claimants:
                    entry.update(status="error", action=None, message="conflict: same new name")
                    self.problems.append((entry["path"], entry["message"]))
                self.blocked = True
        moves = {e["path"]: e["destination"] for e in self.files if e["action"]}
        if moves:
            self.plan_records(sorted(record_paths), moves)

    def plan_records(self, record_paths, moves):
        # A row can only be about a moved file if it ends in its old or new name: only
        # those rows are resolved (normpath per row would dominate the run).
        names = {os.path.basename(p) for p in moves} | {os.path.basename(d) for d in moves.values()}
        for record in record_paths:
            base = os.path.dirname(os.path.dirname(record))
            prefix = base + os.sep
            if not any(path.startswith(prefix) for path in moves):
                continue
            try:
                with open(record, encoding="utf-8", newline="") as f:
                    rows = list(csv.reader(f))
            except (OSError, UnicodeDecodeError, csv.Error) as e:
                self.problems.append((record, f"cannot read: {e}"))
                self.blocked = True
                continue
            named = {}  # resolved path -> row indices, for the rows that can matter
            for i, row in enumerate(rows):
                if row and row[0].rpartition("/")[2] in names:
                    named.setdefault(os.path.normpath(os.path.join(base, row[0])), []).append(i)
            changed, drop = 0, set()
            for path, destination in moves.items():
                for i in named.get(path, ()):
                    if destination in named:
                        drop.add(i)  # the new name is listed already
                    else:
                        rows[i][0] = os.path.join(os.path.dirname(rows[i][0]), os.path.basename(destination))
                    changed += 1
            if changed:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(r for i, r in enumerate(rows) if i not in drop)
                self.records.append((record, changed, out.getvalue()))

    def summary(self):
        s = {"files": len(self.files), "ok": 0, "fixed": 0, "to_fix": 0, "cannot_fix": 0,
             "left_alone": 0, "problems": len(self.problems)}
        for entry in self.files:
            if entry["action"]:
                s["to_fix"] += 1
            elif entry["status"] in ("ok", "abi3", "plain", "linked", "duplicate"):
                s["ok"] += 1
            elif entry["status"] in ("not-extension", "other-abi"):
                s["left_alone"] += 1
            else:
                s["cannot_fix"] += 1
        return s


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", action="append", required=True, help="tree to walk (repeatable)")
    parser.add_argument("--sysconfigdata", required=True, help="the target's _sysconfigdata_*.py")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="report what the target could not import")
    mode.add_argument("--dry-run", action="store_true", help="print the renames that would be made")
    parser.add_argument("--json", action="store_true", help="print only the summary, as JSON")
    args = parser.parse_args()
    try:
        target = Target(args.sysconfigdata)
    except (OSError, ValueError, SyntaxError, KeyError) as e:
        print(f"py_fixer: {args.sysconfigdata}: {e}", file=sys.stderr)
        return 2
    planner = Planner(args.root, target)
    planner.plan()
    summary = planner.summary()
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        out = []
        for entry in planner.files:
            if entry["action"]:
                out.append(f"would rename: {entry['path']} -> {os.path.basename(entry['destination'])}")
        for record, changed, _text in planner.records:
            out.append(f"would update: {record} ({changed} row(s) changed)")
        out.append("{files} .so file(s): {ok} ok, {fixed} fixed, {to_fix} to fix, {cannot_fix} cannot "
                   "fix, {left_alone} left alone; {problems} problem(s)".format(**summary))
        print("\n".join(out))
        for path, message in planner.problems:
            print(f"py_fixer: {path}: {message}", file=sys.stderr)
    return 1 if summary["to_fix"] or summary["cannot_fix"] or summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
