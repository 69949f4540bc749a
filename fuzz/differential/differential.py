#!/usr/bin/env python3
"""Differential check: maturin-fix's parsers against the Python modules they imitate.

    fuzz/differential/run.sh [PYTHON]

Inputs: the fuzz corpora (fuzz/corpus/<target>/ and, if a fuzz run left one,
fuzz/grown/<target>/) plus random rows and names drawn here from a fixed seed. For each input
the Rust answer (differential/answer.rs) is compared with the oracle:

- pyliteral: `ast.parse` + `ast.literal_eval` of `build_time_vars = {...}`
- json:      `json.loads` (order and duplicate keys kept, numbers as written)
- record:    `csv.reader` (blank rows dropped, as Record::parse does)
- write_row: `csv.writer(lineterminator="\\n")`, and `csv.reader` reading write_row's output
- split:     `str.isidentifier()` on the part before the first dot

Every disagreement is put in a category; categories listed in EXPECTED are documented
choices (e.g. maturin-fix reads only str/int/None/bool values). Exit status 1 if any other
category occurs; each is printed with up to 3 examples.
"""

import ast
import collections
import csv
import io
import json
import pathlib
import random
import subprocess
import sys

FUZZ = pathlib.Path(__file__).resolve().parent.parent
SEED = 20240601

# Differences that are deliberate, with the reason (docs/fuzzing.md repeats them).
EXPECTED = {
    "pyliteral: python accepts a value type maturin-fix does not read":
        "only str, int, None, True, False occur in sysconfigdata",
    "pyliteral: python accepts an expression form maturin-fix does not":
        "e.g. `--1`, `1 + 2`, `-(1)`: never written by CPython",
    "pyliteral: maturin-fix accepts an integer python rejects":
        "leading zeros / misplaced `_` in unused integer values",
    "pyliteral: python accepts \\N{name} escapes":
        "needs the Unicode name table; never in real files",
    "json: python accepts NaN/Infinity":
        "not JSON (RFC 8259)",
    "json: python accepts a lone surrogate escape":
        "not representable in a Rust string; rejected",
    "json: python rejects a leading BOM":
        "maturin-fix skips a UTF-8 BOM on purpose",
    "json: maturin-fix limits nesting to 64":
        "recursion guard; build-details.json nests 3 deep",
    "write_row: CR quoted as csv.writer does from 3.13 on":
        "older csv.writer leaves a lone CR unquoted with lineterminator='\\n' and cannot read it back",
    "record: maturin-fix rejects a quote python's non-strict reader accepts":
        "a RECORD with a stray quote is reported, nothing is changed",
    "record: maturin-fix rejects an unterminated quoted field python accepts":
        "same: reported, nothing changed",
}


class Rust:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8")

    def ask(self, kind, text=None, fields=None):
        request = {"kind": kind, "text": text}
        if fields is not None:
            request["fields"] = fields
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())


class Findings:
    def __init__(self):
        self.counts = collections.Counter()
        self.examples = collections.defaultdict(list)
        self.compared = collections.Counter()
        self.both_accept = collections.Counter()

    def add(self, category, example):
        self.counts[category] += 1
        if len(self.examples[category]) < 3:
            self.examples[category].append(example)


def corpus_texts(target, cut_at=None):
    """The corpus inputs as the checks see them (invalid UTF-8 replaced by U+FFFD), cut at
    the first byte `cut_at` if given (RECORD inputs: the edit script follows 0xFF)."""
    for directory in (FUZZ / "corpus" / target, FUZZ / "grown" / target):
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.is_file():
                    data = path.read_bytes()
                    if cut_at is not None:
                        data = data.split(bytes([cut_at]))[0]
                    yield data.decode("utf-8", "replace")


# --- sysconfigdata -----------------------------------------------------------------------

def python_build_time_vars(text):
    """[(key, kind, value)] as Python reads the file without running it, or an error string."""
    try:
        # As bytes, like Python importing the file: the tokenizer handles BOM and CRLF.
        tree = ast.parse(text.encode("utf-8"))
    except (SyntaxError, ValueError) as e:
        return f"syntax: {e}"
    if (len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign)
            or len(tree.body[0].targets) != 1
            or not isinstance(tree.body[0].targets[0], ast.Name)
            or tree.body[0].targets[0].id != "build_time_vars"
            or not isinstance(tree.body[0].value, ast.Dict)):
        return "shape: not a single `build_time_vars = {...}`"
    entries = []
    for key_node, value_node in zip(tree.body[0].value.keys, tree.body[0].value.values):
        if key_node is None:
            return "shape: ** in dict"
        try:
            key, value = ast.literal_eval(key_node), ast.literal_eval(value_node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as e:
            return f"literal: {e}"
        if not isinstance(key, str):
            return f"type: key {type(key).__name__}"
        if isinstance(value, bool) or value is None:
            entries.append((key, "const", repr(value)))
        elif isinstance(value, int):
            # pprint writes -1 as `-1`: a unary minus on a constant, which maturin-fix reads too.
            node = value_node.operand if isinstance(value_node, ast.UnaryOp) else value_node
            if not isinstance(node, ast.Constant):
                return "expression: integer written as an expression"
            entries.append((key, "int", value))
        elif isinstance(value, str):
            entries.append((key, "str", value))
        else:
            return f"type: value {type(value).__name__}"
    return entries


def agree_without_lone_cr(rust, text):
    """True if both sides agree once every lone CR becomes \\x01 (a character neither
    treats as a line end): the disagreement was about CR alone."""
    text = text.replace("\r\n", "\n").replace("\r", "\x01")
    answer, python = rust.ask("pyliteral", text), python_build_time_vars(text)
    if answer["ok"] != isinstance(python, list):
        return False
    return not answer["ok"] or [(k, kind, int(v) if kind == "int" else v)
                                for k, kind, v in answer["entries"]] == python


def compare_pyliteral(rust, findings, text):
    # Python's tokenizer refuses NUL anywhere in a file; fuzzers love NUL. Both sides get
    # the same text with NUL replaced, so the comparison still says something.
    text = text.replace("\0", "\x01")
    answer = rust.ask("pyliteral", text)
    python = python_build_time_vars(text)
    findings.compared["pyliteral"] += 1
    example = {"text": text[:300], "rust": str(answer)[:300], "python": str(python)[:300]}
    if answer["ok"] and isinstance(python, list):
        findings.both_accept["pyliteral"] += 1
        ours = [(k, kind, int(v) if kind == "int" else v) for k, kind, v in answer["entries"]]
        if ours != python:
            findings.add("pyliteral: both accept, values differ", example)
    elif answer["ok"]:
        if "\r" in text.replace("\r\n", "") and agree_without_lone_cr(rust, text):
            findings.add("pyliteral: a lone CR, which python's tokenizer reads as a line end", example)
        elif any(kind == "int" for _, kind, _ in answer["entries"]) and (
                "leading zeros" in python or "invalid decimal literal" in python):
            findings.add("pyliteral: maturin-fix accepts an integer python rejects", example)
        else:
            findings.add("pyliteral: maturin-fix accepts what python rejects", example)
    elif isinstance(python, list):
        if "N{...}" in answer["error"]:
            findings.add("pyliteral: python accepts \\N{name} escapes", example)
        else:
            findings.add("pyliteral: python accepts what maturin-fix rejects", example)
    elif python.startswith("type:"):
        findings.add("pyliteral: python accepts a value type maturin-fix does not read", example)
    elif python.startswith("expression:") or python.startswith("literal:"):
        findings.add("pyliteral: python accepts an expression form maturin-fix does not", example)


# --- build-details.json ------------------------------------------------------------------

def python_json(text):
    def constant(name):
        raise ValueError(f"constant {name}")

    def tag(v):
        if v is None:
            return {"t": "null"}
        if isinstance(v, bool):
            return {"t": "bool", "v": v}
        if isinstance(v, tuple) and v[0] == "num":
            return {"t": "num", "v": v[1]}
        if isinstance(v, str):
            return {"t": "str", "v": v}
        if isinstance(v, list):
            return {"t": "arr", "v": [tag(x) for x in v]}
        if isinstance(v, tuple) and v[0] == "obj":
            return {"t": "obj", "v": [[k, tag(x)] for k, x in v[1]]}
        raise AssertionError(v)

    value = json.loads(text, object_pairs_hook=lambda pairs: ("obj", pairs),
                       parse_int=lambda s: ("num", s), parse_float=lambda s: ("num", s),
                       parse_constant=constant)
    return tag(value)


def has_lone_surrogate(value):
    if value["t"] == "str":
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value["v"])
    if value["t"] == "arr":
        return any(has_lone_surrogate(v) for v in value["v"])
    if value["t"] == "obj":
        return any(any(0xD800 <= ord(c) <= 0xDFFF for c in k) or has_lone_surrogate(v) for k, v in value["v"])
    return False


def compare_json(rust, findings, text):
    answer = rust.ask("json", text)
    findings.compared["json"] += 1
    try:
        python = python_json(text)
    except (ValueError, RecursionError) as e:
        python = e
    example = {"text": text[:300], "rust": str(answer)[:300], "python": str(python)[:300]}
    if answer["ok"] and isinstance(python, dict):
        findings.both_accept["json"] += 1
        if answer["value"] != python:
            findings.add("json: both accept, values differ", example)
    elif answer["ok"]:
        if text.startswith("\ufeff"):
            findings.add("json: python rejects a leading BOM", example)
        else:
            findings.add("json: maturin-fix accepts what python rejects", example)
    elif isinstance(python, dict):
        if has_lone_surrogate(python):
            findings.add("json: python accepts a lone surrogate escape", example)
        elif "nested too deeply" in answer["error"]:
            findings.add("json: maturin-fix limits nesting to 64", example)
        else:
            findings.add("json: python accepts what maturin-fix rejects", example)
    elif "constant" in str(python):
        findings.add("json: python accepts NaN/Infinity", example)


# --- RECORD ------------------------------------------------------------------------------

def python_rows(text):
    return [row for row in csv.reader(io.StringIO(text, newline="")) if row]


def compare_record(rust, findings, text):
    answer = rust.ask("record", text)
    findings.compared["record"] += 1
    try:
        python = python_rows(text)
    except csv.Error as e:
        python = e
    example = {"text": text[:300], "rust": str(answer)[:300], "python": str(python)[:300]}
    if answer["ok"] and isinstance(python, list):
        findings.both_accept["record"] += 1
        if answer["rows"] != python:
            findings.add("record: both accept, rows differ", example)
    elif answer["ok"]:
        findings.add("record: maturin-fix accepts what python rejects", example)
    elif isinstance(python, list):
        if "quote" in answer["error"]:
            findings.add("record: maturin-fix rejects a quote python's non-strict reader accepts", example)
        elif "unterminated" in answer["error"]:
            findings.add("record: maturin-fix rejects an unterminated quoted field python accepts", example)
        else:
            findings.add("record: python accepts what maturin-fix rejects", example)


def random_rows(rng, count):
    alphabet = ["a", "b", ",", '"', "\n", "\r", " ", "\t", "\0", "é", "/", ".", "=", "\u2028", "\x0c"]
    for _ in range(count):
        width = rng.choice([0, 1, 1, 2, 3, 3, 3, 5])
        yield ["".join(rng.choice(alphabet) for _ in range(rng.choice([0, 0, 1, 2, 4, 8])))
               for _ in range(width)]


def compare_write_row(rust, findings, fields):
    ours = rust.ask("write_row", fields=fields)["text"] + "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    theirs = out.getvalue()
    findings.compared["write_row"] += 1
    example = {"fields": fields, "rust": ours, "python": theirs}
    if ours != theirs:
        # Before 3.13, csv.writer quotes CR only if it is in lineterminator; with "\r\n" it
        # applies the 3.13 rule (quote CR and LF), which write_row follows.
        crlf = io.StringIO()
        csv.writer(crlf, lineterminator="\r\n").writerow(fields)
        if fields == [""]:
            findings.add("write_row: [''] written differently from csv.writer", example)
        elif sys.version_info < (3, 13) and ours == crlf.getvalue()[:-2] + "\n":
            findings.add("write_row: CR quoted as csv.writer does from 3.13 on", example)
        else:
            findings.add("write_row: written differently from csv.writer", example)
    expected = [fields] if fields else []
    if python_rows(ours) != expected:
        findings.add("write_row: csv.reader reads write_row's output differently", example)


# --- module names ------------------------------------------------------------------------

def random_names(rng, count):
    pools = ["abcXYZ_", "0123456789", "éñßΩж", "²³¹", "\u0301\u0308", "\u00b7\u0387",
             "℘℮", "\u2160\u3007", "ﬁＡ", "-. @", "\u200c\u200d", "𝔘𝟘"]
    for _ in range(count):
        stem = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(1, 4)))
        yield stem + rng.choice([".cpython-312-x86_64-linux-gnu.so", ".abi3.so", ".so"])


def compare_split(rust, findings, name):
    answer = rust.ask("split", name)
    findings.compared["split"] += 1
    dot = name.find(".")
    python = name.endswith(".so") and dot > 0 and name[:dot].isidentifier()
    example = {"name": name, "rust": answer, "python_isidentifier": python}
    if python and answer is None:
        findings.add("split: rejects a module name str.isidentifier() accepts", example)
    elif answer is not None and not python:
        findings.add("split: accepts a module name str.isidentifier() rejects", example)


def main():
    binary = sys.argv[1]
    rust = Rust(binary)
    findings = Findings()
    rng = random.Random(SEED)
    for text in corpus_texts("sysconfigdata"):
        compare_pyliteral(rust, findings, text)
    for text in corpus_texts("build_details"):
        compare_json(rust, findings, text)
    for text in corpus_texts("record", cut_at=0xFF):
        compare_record(rust, findings, text)
    for fields in random_rows(rng, 20000):
        compare_write_row(rust, findings, fields)
    for text in corpus_texts("ext_filename"):
        for line in text.split("\n"):
            compare_split(rust, findings, line)
    for name in random_names(rng, 20000):
        compare_split(rust, findings, name)

    print(f"python {sys.version.split()[0]}; inputs compared (of which both sides accepted): "
          + ", ".join(f"{k} {v}" + (f" ({findings.both_accept[k]})" if k in findings.both_accept else "")
                      for k, v in sorted(findings.compared.items())))
    unexpected = 0
    for category, count in sorted(findings.counts.items()):
        known = EXPECTED.get(category)
        if known is None:
            unexpected += 1
        print(f"\n{'expected' if known else 'UNEXPECTED'}: {category}: {count}"
              + (f"  ({known})" if known else ""))
        for example in findings.examples[category]:
            print("   ", json.dumps(example, ensure_ascii=True)[:600])
    if not findings.counts:
        print("no disagreements")
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
