#!/usr/bin/env python3
"""Write the malformed fixtures under sysconfigdata-bad/ and sysconfigdata-bad.tsv.

Each case is a directory holding one file with the name a real file would have,
so a tool cannot reject it by its name alone. Truncated cases are cut from the
real Debian fixtures under sysroots/ (deterministic: cut at fixed text markers).
Run from anywhere; rewrites the files.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "sysconfigdata-bad")
SID_ARMHF = os.path.join(HERE, "sysroots/debian-sid-armhf/usr/lib/python3.13/"
                         "_sysconfigdata__linux_arm-linux-gnueabihf.py")
BOOKWORM_ARMHF = os.path.join(HERE, "sysroots/debian-bookworm-armhf/usr/lib/python3.11/"
                              "_sysconfigdata__arm-linux-gnueabihf.py")
SID_ARM64_DETAILS = os.path.join(HERE, "sysroots/debian-sid-arm64/usr/lib/python3.14/"
                                 "build-details..aarch64-linux-gnu.json")
PY313 = "_sysconfigdata__linux_arm-linux-gnueabihf.py"
PY311 = "_sysconfigdata__arm-linux-gnueabihf.py"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def cut_after(text, marker, extra=0):
    i = text.index(marker) + len(marker) + extra
    return text[:i]


def small_dict(ext_suffix_lines):
    return ("# system configuration generated and used by the sysconfig module\n"
            "build_time_vars = {\n"
            "    'ABIFLAGS': '',\n"
            + ext_suffix_lines +
            "    'MULTIARCH': 'arm-linux-gnueabihf',\n"
            "    'SOABI': 'cpython-313-arm-linux-gnueabihf',\n"
            "    'VERSION': '3.13',\n"
            "}\n")


def details_with(change):
    details = json.loads(read(SID_ARM64_DETAILS))
    change(details)
    return json.dumps(details, indent=2) + "\n"


def drop_suffix_info(d):
    d["abi"].pop("extension_suffix", None)
    d.pop("suffixes", None)


sid = read(SID_ARMHF)
bookworm = read(BOOKWORM_ARMHF)
CASES = [
    ("truncated-mid-dict", PY313,
     cut_after(sid, "    'EXT_SUFFIX': '.cpython-313-arm-linux-gnueabihf.so',\n"),
     "3.13 one-key-per-line file cut right after the EXT_SUFFIX line: the dict is never closed"),
    ("truncated-mid-string", PY311,
     cut_after(bookworm, " 'EXT_SUFFIX': '.cpython-311-arm-li"),
     "3.11 pprint file cut inside the EXT_SUFFIX string literal"),
    ("duplicate-ext-suffix", PY313,
     small_dict("    'EXT_SUFFIX': '.cpython-313-arm-linux-gnueabihf.so',\n"
                "    'EXT_SUFFIX': '.cpython-313-armv7l-linux-gnueabihf.so',\n"),
     "EXT_SUFFIX twice with different values (exec would silently keep the last one)"),
    ("ext-suffix-int", PY313,
     small_dict("    'EXT_SUFFIX': 313,\n"),
     "EXT_SUFFIX is an int, not a string"),
    ("ext-suffix-missing", PY313,
     small_dict(""),
     "valid dict literal without an EXT_SUFFIX key"),
    ("no-build-time-vars", PY313,
     small_dict("    'EXT_SUFFIX': '.cpython-313-arm-linux-gnueabihf.so',\n")
     .replace("build_time_vars = ", "build_vars = "),
     "no build_time_vars assignment (the dict is bound to another name)"),
    ("not-a-literal", PY313,
     "import os\n"
     "build_time_vars = dict(EXT_SUFFIX='.cpython-313-' + os.uname().machine + '-linux-gnueabihf.so')\n",
     "build_time_vars is computed by code, not a literal: must be rejected, never executed"),
    ("empty-file", PY313, "", "zero-byte file"),
    ("garbage-bytes", PY313,
     bytes(range(256)) * 4,
     "1 KiB of binary bytes 0x00-0xff (not UTF-8, not Python)"),
    ("build-details-no-extension-suffix", "build-details.json",
     details_with(drop_suffix_info),
     "3.14 build-details.json without abi.extension_suffix and without suffixes (no way to get the suffix)"),
    ("build-details-suffix-not-string", "build-details.json",
     details_with(lambda d: d["abi"].__setitem__("extension_suffix",
                                                 [".cpython-314-aarch64-linux-gnu.so"])),
     "abi.extension_suffix is a list, not a string"),
    ("build-details-invalid-json", "build-details.json",
     cut_after(details_with(lambda d: d["abi"].__setitem__(
         "extension_suffix", ".cpython-314-aarch64-linux-gnu.so")), '"extension_suffix": '),
     "JSON cut after the extension_suffix key (invalid JSON)"),
]


def main():
    shutil.rmtree(BAD, ignore_errors=True)
    lines = ["path\twhat_is_wrong"]
    for case, name, content, what in CASES:
        os.makedirs(os.path.join(BAD, case))
        path = os.path.join(BAD, case, name)
        if isinstance(content, bytes):
            with open(path, "wb") as f:
                f.write(content)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)
        lines.append("%s\t%s" % (os.path.relpath(path, HERE), what))
    with open(os.path.join(HERE, "sysconfigdata-bad.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
