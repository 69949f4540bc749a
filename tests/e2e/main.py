"""End-to-end proof on real target interpreters; see README.md. Run through run.sh, which
provisions the cache this program expects."""

import argparse
import os
import sys
import time

import part_a_planted
import part_b_maturin
import part_c_libc
import report
from maturin_fix_tool import MaturinFix


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", required=True, help="the provisioned cache directory")
    parser.add_argument("--tool", required=True, help="the maturin-fix binary under test")
    parser.add_argument("--part", choices=("a", "b", "c", "all"), default="all")
    args = parser.parse_args()

    started = time.monotonic()
    tool = MaturinFix(os.path.abspath(args.tool))
    tally = report.Tally()
    tables = []
    if args.part in ("a", "all"):
        table = report.Table("Part A: Debian's compiled markupsafe._speedups planted under "
                             "wrong names, fixed with maturin-fix fix")
        part_a_planted.run(args.cache, tool, table, tally)
        tables.append(table)
    if args.part in ("b", "all"):
        table = report.Table("Part B: the project's PyO3 extension built by maturin as oe-core "
                             "drives it; 'after' = after maturin-fix fix on the installed tree")
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyo3-ext")
        part_b_maturin.run(args.cache, source, tool, table, tally)
        tables.append(table)

    if args.part in ("c", "all"):
        table = report.Table("Part C: real PyPI wheels for each C library on Debian's amd64 "
                             "CPython 3.11 (glibc)")
        part_c_libc.run(args.cache, tool, table, tally)
        tables.append(table)

    sys.stderr.flush()
    for table in tables:
        table.print()
    print("\ntests took %d s" % (time.monotonic() - started))
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed or not tally.passed else 0


if __name__ == "__main__":
    sys.exit(main())
