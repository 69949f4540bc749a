#!/usr/bin/env python3
"""Re-print a real _sysconfigdata_*.py the way OpenEmbedded-Core's python3 recipe
leaves it in a target recipe sysroot, and place both copies Yocto stages:

  <sysroot><libdir>/python<X.Y>/<name of the input file>
  <sysroot><libdir>/python-sysconfigdata/_sysconfigdata.py   (same data)

oe-core runs its reformat_sysconfig.py over the installed file in do_install:
the module is executed and every top-level name is written back, sorted, as
`name = <pprint of the value with width=1>` followed by an empty line. With
width 1 pprint puts each (key-sorted) item of the dict on a line of its own,
long strings split over several lines, and the generator's comment header is
gone. tests/oe/test_sysconfigdata_layout.py checks the output against the
real reformat_sysconfig.py of oe-core master and scarthgap. The python-sysconfigdata copy is the same
file after sed edits that only touch build-directory paths.

Usage: make-yocto-sysconfigdata.py SOURCE.py SYSROOT LIBDIR PYVER
   e.g. make-yocto-sysconfigdata.py sysroots/debian-sid-armhf/usr/lib/python3.13/\
_sysconfigdata__linux_arm-linux-gnueabihf.py sysroots/yocto-armhf-3.13 /usr/lib 3.13
"""
import os
import pprint
import sys


def reprint(source_text):
    namespace = {}
    exec(compile(source_text, "<sysconfigdata>", "exec"), {}, namespace)
    out = []
    for name in sorted(namespace):
        out.append("%s = %s\n\n" % (name, pprint.pformat(namespace[name], width=1)))
    return "".join(out)


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    source, sysroot, libdir, pyver = argv[1:]
    with open(source, encoding="utf-8") as f:
        text = reprint(f.read())
    base = os.path.join(sysroot, libdir.strip("/"))
    targets = [
        os.path.join(base, "python" + pyver, os.path.basename(source)),
        os.path.join(base, "python-sysconfigdata", "_sysconfigdata.py"),
    ]
    for path in targets:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(path)


if __name__ == "__main__":
    main(sys.argv)
