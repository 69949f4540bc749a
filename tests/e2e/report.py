"""Result tables and the pass/fail tally of the end-to-end tests."""

import sys
from typing import List, Sequence

COLUMNS = ("architecture", "maturin", "name in the wheel", "target EXT_SUFFIX",
           "import before", "after", "case")


class Table:
    def __init__(self, title: str):
        self.title = title
        self.rows: List[Sequence[str]] = []

    def add(self, *cells: str) -> None:
        self.rows.append(cells)

    def print(self, out=sys.stdout) -> None:
        widths = [max(len(str(row[i])) for row in [COLUMNS] + self.rows)
                  for i in range(len(COLUMNS))]
        line = lambda row: "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()
        print("\n" + self.title, file=out)
        print(line(COLUMNS), file=out)
        print(line(["-" * w for w in widths]), file=out)
        for row in self.rows:
            print(line(row), file=out)


class Tally:
    """One case per table row; a case fails when any of its expectations does not hold."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def case(self, name: str, problems: List[str]) -> str:
        if problems:
            self.failed += 1
            print("FAIL %s" % name, file=sys.stderr)
            for problem in problems:
                print("  - " + problem.replace("\n", "\n    "), file=sys.stderr)
            return "FAIL"
        self.passed += 1
        return "pass"

    def error(self, name: str, error: BaseException) -> None:
        """A case that could not even run (a build, the tool or the interpreter broke)."""
        self.failed += 1
        print("FAIL %s: %s" % (name, error), file=sys.stderr)


def progress(message: str) -> None:
    print("-- " + message, file=sys.stderr, flush=True)


def import_cell(outcome: dict) -> str:
    """How a probe_imports.py outcome reads in the table."""
    if outcome["status"] == "ok":
        return "ok " + outcome["value"]
    return outcome["status"]
