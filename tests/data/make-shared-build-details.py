#!/usr/bin/env python3
"""Derive an upstream-style build-details.json (PEP 739) for a --enable-shared build
from a real Debian one.

Debian's python3.14 binary is linked statically against libpython, and CPython's
Tools/build/generate-build-details.py writes abi.extension_suffix and
abi.stable_abi_suffix only when the interpreter uses a shared libpython, so the
real Debian file has neither key. Yocto configures python3 with --enable-shared,
so its file has them. This script adds them the way the generator does for a
shared build: extension_suffix = EXT_SUFFIX of the same build (read from the
sibling _sysconfigdata file), stable_abi_suffix = first '.abi…' entry of
suffixes.extensions, libpython.dynamic = LIBDIR/LDLIBRARY.

Usage: make-shared-build-details.py DEBIAN_BUILD_DETAILS SYSCONFIGDATA OUT_JSON
"""
import json
import os
import sys


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    details_path, sysconfig_path, out_path = argv[1:]
    with open(details_path, encoding="utf-8") as f:
        details = json.load(f)
    namespace = {}
    with open(sysconfig_path, encoding="utf-8") as f:
        exec(compile(f.read(), sysconfig_path, "exec"), {}, namespace)
    build_vars = namespace["build_time_vars"]

    details["abi"]["extension_suffix"] = build_vars["EXT_SUFFIX"]
    for suffix in details["suffixes"]["extensions"]:
        if suffix.startswith(".abi"):
            details["abi"]["stable_abi_suffix"] = suffix
            break
    details["libpython"]["dynamic"] = os.path.join(build_vars["LIBDIR"], build_vars["INSTSONAME"])

    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(details, f, indent=2)
        f.write("\n")
    print(out_path)


if __name__ == "__main__":
    main(sys.argv)
