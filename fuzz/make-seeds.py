#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (committed; rerun after changing this).

Seeds come from the real files in tests/data (Debian/Yocto sysconfigdata, PEP 739
build-details.json, the triple vectors of triplets.tsv) plus hand-written edge cases. Whole
real files are not copied: fuzz/real-seeds.tsv names them, run.sh feeds them to libFuzzer
and tests/fuzz_regressions.rs replays them, from tests/data. The
input format of each target is described at the top of fuzz/src/checks/<target>.rs.
"""

import ast
import csv
import pathlib
import pprint
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
DATA = FUZZ.parent / "tests" / "data"
CORPUS = FUZZ / "corpus"


def real(relative):
    return (DATA / relative).read_bytes()


def trimmed(text, keep=25, wanted=("EXT_SUFFIX", "SOABI", "VERSION", "MULTIARCH", "ABIFLAGS")):
    """The dict's first `keep` entries plus the keys the tool reads, printed in the file's layout
    (upstream pprint for <= 3.12, one key per line for 3.13+)."""
    tree = ast.parse(text)
    values = ast.literal_eval(tree.body[-1].value)
    small = {k: v for i, (k, v) in enumerate(values.items()) if i < keep or k in wanted}
    if "\n    '" in text:
        return "build_time_vars = {\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in small.items()) + "}\n"
    return "build_time_vars = " + pprint.pformat(small) + "\n"


SYSCONFIGDATA_REAL = {
    "debian-bookworm-armhf-3.11-pprint.py": "sysroots/debian-bookworm-armhf/usr/lib/python3.11/_sysconfigdata__arm-linux-gnueabihf.py",
    "debian-sid-arm64-3.14-per-line.py": "sysroots/debian-sid-arm64/usr/lib/python3.14/_sysconfigdata__linux_aarch64-linux-gnu.py",
    "yocto-armhf-3.13-width1.py": "sysroots/yocto-armhf-3.13/usr/lib/python-sysconfigdata/_sysconfigdata.py",
}
SYSCONFIGDATA_TRIMMED = {
    "trimmed-bookworm-mips64el-3.11.py": "sysroots/debian-bookworm-mips64el/usr/lib/python3.11/_sysconfigdata__mips64el-linux-gnuabi64.py",
    "trimmed-sid-amd64-dbg-3.13.py": "sysroots/debian-sid-amd64-dbg/usr/lib/python3.13/_sysconfigdata_d_linux_x86_64-linux-gnu.py",
    "trimmed-bookworm-amd64-3.11.py": "sysroots/debian-bookworm-amd64/usr/lib/python3.11/_sysconfigdata__x86_64-linux-gnu.py",
}
SYSCONFIGDATA_HAND = {
    "escapes.py": r"""build_time_vars = {'A': 'it\'s \\ \x41\u00e9\U0001F600\101\n\q\
', "B": r'\d+' u"x" '' "y", 'C': ('paren' 'cat'), 'D': -12, 'E': None, 'F': '''tri'ple''',
 'G': True, 'H': +1_000, 'EXT_SUFFIX': '.cpython-312-arm-linux-gnueabihf.so'}
""",
    "bom-crlf-comments.py": "\ufeff# comment\r\nbuild_time_vars = { # trailing\r\n 'EXT_SUFFIX': \\\r\n '.cpython-313t-aarch64-linux-gnu.so',\r\n 'VERSION': '3.13', 'ABIFLAGS': 't',\r\n}\r\n",
    "debug-with-multiarch.py": "build_time_vars = {'ABIFLAGS': 'd', 'EXT_SUFFIX': '.cpython-311d-x86_64-linux-gnu.so',\n 'MULTIARCH': 'x86_64-linux-gnu', 'SOABI': 'cpython-311d-x86_64-linux-gnu', 'VERSION': '3.11'}\n",
    "no-triplet.py": "build_time_vars = {'EXT_SUFFIX': '.cpython-38.so', 'SOABI': 'cpython-38', 'MULTIARCH': '', 'VERSION': '3.8'}\n",
    "duplicates.py": "build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'CC': 1, 'CC': 'gcc',\n 'EXT_SUFFIX': '.cpython-312.so', 'SOABI': 'x', 'MULTIARCH': 'mipsel-linux-gnu'}\n",
    "nested-parens.py": "build_time_vars = {'A': ((('x'\n 'y'))), 'B': (1), 'EXT_SUFFIX': ('.cpython-314-'\n                 'riscv64-linux-gnu.so')}\n",
    "empty-dict.py": "build_time_vars = {}\n",
    "named-escape.py": "build_time_vars = {'I': '\\N{BULLET}', 'EXT_SUFFIX': '.cpython-39.so'}\n",
}

BUILD_DETAILS_REAL = {
    "debian-sid-arm64-3.14.json": "sysroots/debian-sid-arm64/usr/lib/python3.14/build-details..aarch64-linux-gnu.json",
    "debian-sid-amd64-3.14.json": "sysroots/debian-sid-amd64/usr/lib/python3.14/build-details..x86_64-linux-gnu.json",
    "shared-libpython-arm64-3.14.json": "sysroots/shared-libpython-arm64-3.14/usr/lib/python3.14/build-details.json",
}
BUILD_DETAILS_HAND = {
    "free-threaded.json": '{"schema_version": "1.0", "language": {"version": "3.14"},\n "implementation": {"name": "cpython"},\n "abi": {"flags": ["t"], "extension_suffix": ".cpython-314t-aarch64-linux-gnu.so",\n "stable_abi_suffix": ".abi3.so"},\n "suffixes": {"extensions": [".cpython-314t-aarch64-linux-gnu.so", ".abi3.so", ".so"]}}\n',
    "escapes-numbers.json": '\ufeff [1, -0, -2.5e+3, 0.1E-9, true, false, null, "\\u00e9\\ud83d\\ude00\\n\\/\\"\\\\\\b\\f\\r\\t", {}, [], {"a": {"a": 1}, "a": 2}]',
    "duplicate-keys.json": '{"abi": {"extension_suffix": ".cpython-39.so"}, "abi": {"extension_suffix": ".cpython-314-x86_64-linux-gnu.so"}, "language": {"version": "3.14.0"}}',
    "pypy.json": '{"implementation": {"name": "pypy"}, "abi": {"extension_suffix": ".pypy311-pp73-x86_64-linux-gnu.so"}}',
    "deep.json": "[" * 70 + "]" * 70,
}

RECORD_HAND = {
    "maturin-wheel.RECORD": "rpds/__init__.py,sha256=AbCdEf0123456789AbCdEf0123456789AbCdEf01234,1234\n"
    "rpds/rpds.cpython-312-armv7l-linux-gnueabihf.so,sha256=ZyXwVu9876543210ZyXwVu9876543210ZyXwVu98765,987654\n"
    "rpds/py.typed,,\n"
    "rpds_py-0.18.0.dist-info/METADATA,sha256=Qq,4096\n"
    "rpds_py-0.18.0.dist-info/WHEEL,sha256=Ww,104\n"
    "rpds_py-0.18.0.dist-info/RECORD,,\n",
    "crlf-quoted.RECORD": 'x.py,sha256=1,1\r\n"we,ird ""name"".cpython-312-x86_64-linux-gnu.so",sha256=2,2\r\n"new\nline.py",,\r\n\r\nRECORD,,\r\n',
    "no-final-newline.RECORD": "a.cpython-311-mips64el-linux-gnuabi64.so,sha256=x,3\nb,,",
    "lone-cr.RECORD": "a,,\rb,,\r\n\nc,,\n",
    "single-empty-field.RECORD": '""\n,\n"",""\n',
}
# Text, then 0xFF, then an edit script: (op, row, field count, (length, characters…)…)…
RECORD_SCRIPTED = {
    "maturin-wheel-edits.RECORD": (RECORD_HAND["maturin-wheel.RECORD"], bytes([0, 1, 3, 5, 0, 7, 8, 9, 0, 1, 2, 0, 0, 1, 5, 2, 5, 4, 2, 2, 2, 3, 3])),
    "crlf-edits.RECORD": (RECORD_HAND["crlf-quoted.RECORD"], bytes([1, 3, 2, 3, 1, 2, 3, 0, 2, 1, 2, 1, 6])),
}

RECORD_ROWS = {
    "typical": b"rpds/rpds.cpython-312-arm-linux-gnueabihf.so\xfdsha256=abc\xfd12\xferpds_py-0.1.dist-info/RECORD\xfd\xfd",
    "quoting": b'com,ma\xfdqu"ote\xfdnew\nline\xfdcr\rlf\xfe\xfc\xfe a \xfd\xc3\xa9\xfe\xfd',
}

EXT_FILENAME = {
    "arm-target": "\x03\x0c\x00.cpython-312-arm-linux-gnueabihf.so\narm-linux-gnueabihf\nrpds.cpython-312-armv7l-linux-gnueabihf.so\nm.cpython-312.so\nm.abi3.so\nm.so\nm.cpython-311-arm-linux-gnueabihf.so\nm.cpython-312d-arm-linux-gnueabihf.so\nlibz-1.2.so\nm.pypy39-pp73-arm-linux-gnu.so\n",
    "debug-target": "\x03\x0b\x02.cpython-311d-x86_64-linux-gnu.so\nx86_64-linux-gnu\nm.cpython-311-x86_64-linux-gnu.so\nm.cpython-311d-i386-linux-gnu.so\nm.abi3-x86_64-linux-gnu.so\n3.11.4\n3.11\n",
    "free-threaded-target": "\x03\x0e\x01.cpython-314t-riscv64-linux-gnu.so\nriscv64-linux-gnu\n\u00f1and\u00fa.cpython-314t-x86_64-linux-musl.so\n_x.cpython-314-riscv64-linux-gnu.so\n.cpython-314t.so\n1abc.so\nfoo.so.1\n",
    "no-triplet-target": "\x03\x08\x00.cpython-38.so\n\nm.cpython-38-x86_64-linux-gnu.so\nm.cpython-3012-arm.so\nm.cpython-312-a--.so\nm.abi3t.so\n",
}


def triple_seeds():
    """One seed per distinct row of triplets.tsv: triple, python, abiflags, float ABI, musl build."""
    seeds = {}
    with open(DATA / "triplets.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text = "\n".join(row[k] for k in ("triple", "python", "abiflags", "float_abi", "musl_build"))
            name = "-".join(v for v in (row["triple"], row["python"], row["abiflags"], row["float_abi"], row["musl_build"]) if v)
            seeds[name] = text.rstrip("\n")
    for text in ("arm-unknown-linux-gnueabi\n3.12\n\nhard", "x86_64-pc-linux", "mips64-poky-linux-gnuabin32sf\n3.13",
                 "csky-unknown-linux-gnuabiv2\n3.12", "x86_64-apple-darwin\n3.12", "armv7-poky-linux-gnueabihf\n3.12\nd"):
        seeds["hand-" + text.split("\n")[0] + "-" + str(len(text))] = text
    return seeds


def write(target, files):
    directory = CORPUS / target
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode()
        (directory / name).write_bytes(data)


def write_real_seeds():
    """fuzz/real-seeds.tsv: target and tests/data path of each whole real file used as a seed."""
    rows = [("sysconfigdata", path) for path in SYSCONFIGDATA_REAL.values()]
    rows += [("build_details", path) for path in BUILD_DETAILS_REAL.values()]
    for _, path in rows:
        real(path)  # must exist
    text = "# target\tpath under tests/data (written by make-seeds.py)\n"
    (FUZZ / "real-seeds.tsv").write_text(text + "".join(f"{t}\t{p}\n" for t, p in rows))


def main():
    write_real_seeds()
    sysconfigdata = {name: trimmed(real(path).decode()) for name, path in SYSCONFIGDATA_TRIMMED.items()}
    sysconfigdata.update(SYSCONFIGDATA_HAND)
    write("sysconfigdata", sysconfigdata)

    build_details = dict(BUILD_DETAILS_HAND)
    write("build_details", build_details)

    record = dict(RECORD_HAND)
    record.update({name: text.encode() + b"\xff" + script for name, (text, script) in RECORD_SCRIPTED.items()})
    write("record", record)
    write("record_rows", RECORD_ROWS)
    write("ext_filename", EXT_FILENAME)
    write("triple", triple_seeds())


if __name__ == "__main__":
    main()
