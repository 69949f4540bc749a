#!/usr/bin/env python3
"""Oracle for the sysconfigdata fixtures: writes sysconfigdata-expected.tsv.

It asks Python itself, not a parser: every _sysconfigdata*.py under sysroots/ is
exec'd (that is how CPython's sysconfig loads it) and build_time_vars is read;
every build-details*.json is json.load'ed (abi.extension_suffix, language.version,
abi.flags joined, implementation._multiarch). abi.extension_suffix is only written for a
shared libpython; without it the suffix is the first entry of suffixes.extensions, which
is the interpreter's own importlib.machinery.EXTENSION_SUFFIXES. A key the file does not have gives an
empty cell. Symlinks are listed too (they resolve to the same data).

Usage (from anywhere):  make-expected.py           rewrite the TSV
                        make-expected.py --check   exit 1 if the TSV is stale
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "sysconfigdata-expected.tsv")
COLUMNS = ["path", "EXT_SUFFIX", "SOABI", "MULTIARCH", "ABIFLAGS", "VERSION", "Py_GIL_DISABLED"]


def cell(value):
    return "" if value is None else str(value)


def from_sysconfigdata(path):
    namespace = {}
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), {}, namespace)
    build_vars = namespace["build_time_vars"]
    return [cell(build_vars.get(k)) for k in COLUMNS[1:]]


def from_build_details(path):
    with open(path, encoding="utf-8") as f:
        details = json.load(f)
    abi = details.get("abi", {})
    extensions = details.get("suffixes", {}).get("extensions") or [None]
    return [
        cell(abi.get("extension_suffix", extensions[0])),
        "",  # PEP 739 has no SOABI
        cell(details.get("implementation", {}).get("_multiarch")),
        "".join(abi.get("flags", [])),
        cell(details.get("language", {}).get("version")),
        "",  # no Py_GIL_DISABLED either ('t' in abi.flags says it)
    ]


def rows():
    found = []
    for top, dirs, files in os.walk(os.path.join(HERE, "sysroots")):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            rel = os.path.relpath(path, HERE)
            if name.startswith("_sysconfigdata") and name.endswith(".py"):
                found.append([rel] + from_sysconfigdata(path))
            elif name.startswith("build-details") and name.endswith(".json"):
                found.append([rel] + from_build_details(path))
    return sorted(found)


def render():
    lines = ["\t".join(COLUMNS)] + ["\t".join(r) for r in rows()]
    return "\n".join(lines) + "\n"


def main(argv):
    text = render()
    if argv[1:] == ["--check"]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("sysconfigdata-expected.tsv is stale: run make-expected.py")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv)
