#!/usr/bin/env python3
"""Generate a site-packages-like install tree for benchmarking maturin-fix.

The tree is a pure function of (--files, --seed): the same arguments always give the same
names, contents, symlinks and RECORD files. It imitates what a Yocto image's
${PYTHON_SITEPACKAGES_DIR} holds for an armhf CPython 3.12 target:

- pure-Python distributions: packages nested a few levels deep, .py files with their
  __pycache__/*.cpython-312.pyc, stubs, data files, an occasional .py symlink;
- C-extension distributions: mostly correctly named `.cpython-312-arm-linux-gnueabihf.so`
  modules, some stable-ABI `.abi3.so` ones, a few stale `cpython-311` modules (another
  Python version), vendored libraries in `<name>.libs/` (names that are not modules), some
  behind a symlink;
- maturin (Rust) distributions: one or two modules, about half of them named from the Rust
  triple (`.cpython-312-armv7l-linux-gnueabihf.so`), the mis-named kind maturin-fix renames;
- every distribution has `<name>-<version>.dist-info/{METADATA,WHEEL,RECORD,...}`, and RECORD
  has one row for every file of the distribution.

Every .so starts with a valid ELF32 LSB ARM ET_DYN header. Next to the root the generator
writes the target's sysconfigdata (oe-core's one-key-per-line layout) and manifest.json,
which counts what was generated so that the benchmark can check every fixer's verdict.

Output layout (OUT must not exist; it is written under OUT.tmp and renamed when complete):
    OUT/site-packages/...                       the tree (the --root to give the fixers)
    OUT/_sysconfigdata__linux_arm-linux-gnueabihf.py
    OUT/manifest.json
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import struct
import sys

EXT_SUFFIX = ".cpython-312-arm-linux-gnueabihf.so"
# The name maturin gives the same module when it derives the suffix from the Rust triple.
MISNAMED_SUFFIX = ".cpython-312-armv7l-linux-gnueabihf.so"
ABI3_SUFFIX = ".abi3.so"
OTHER_VERSION_SUFFIX = ".cpython-311-arm-linux-gnueabihf.so"
PYC_TAG = ".cpython-312.pyc"

SYSCONFIGDATA_NAME = "_sysconfigdata__linux_arm-linux-gnueabihf.py"
SYSCONFIGDATA = (
    "# system configuration generated and used by the sysconfig module\n"
    "build_time_vars = {'ABIFLAGS': '',\n"
    " 'EXT_SUFFIX': '.cpython-312-arm-linux-gnueabihf.so',\n"
    " 'MACHDEP': 'linux',\n"
    " 'MULTIARCH': 'arm-linux-gnueabihf',\n"
    " 'SHLIB_SUFFIX': '.so',\n"
    " 'SOABI': 'cpython-312-arm-linux-gnueabihf',\n"
    " 'VERSION': '3.12'}\n"
)

SYLLABLES = (
    "py ra ko ma ne to lu si ve da qu ix ar zo fe li no ca pe ru mi ta bo gra pro "
    "net http json yaml xml sql attr cert url req async io core util data num sci img"
).split()
WORDS = (
    "core util base api client server model view types errors config parse render "
    "cache compat helpers schema fields codec stream pool session auth tokens crypto "
    "hashing formats io events loop tasks signals logging metrics plugins registry "
    "markers tags version specifiers requirements wheel build backend frontend"
).split()


def elf_header(rng):
    """An ELF32 LSB ARM shared-object header (52 bytes, padded to 64) plus a body."""
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)  # ELFCLASS32, LSB, EV_CURRENT, SYSV
    header = ident + struct.pack(
        "<HHIIIIIHHHHHH",
        3,  # e_type ET_DYN
        40,  # e_machine EM_ARM
        1,  # e_version
        0,  # e_entry
        52,  # e_phoff
        0,  # e_shoff
        0x05000400,  # e_flags: EABI5, hard-float
        52,  # e_ehsize
        32,  # e_phentsize
        0,  # e_phnum
        40,  # e_shentsize
        0,  # e_shnum
        0,  # e_shstrndx
    )
    header += bytes(64 - len(header))
    return header + rng.randbytes(rng.randint(256, 8192))


class Generator:
    def __init__(self, total_files, seed, root):
        self.rng = random.Random(seed)
        self.remaining = total_files
        self.root = root
        self.names = set()
        self.counts = {
            "files": 0,  # every non-directory entry under the root
            "symlinks": 0,
            "directories": 0,
            "distributions": 0,
            "records": 0,
            "so_files": 0,
            "so_correct": 0,
            "so_misnamed": 0,
            "so_abi3": 0,
            "so_other_version": 0,
            "so_not_extension": 0,
            "so_symlinks": 0,
        }
        # Text to slice .py and data contents from: fixed once, so sizes vary cheaply.
        self.text = "".join(
            f"def {self.rng.choice(WORDS)}_{i}(value, *args):\n"
            f"    return _{self.rng.choice(WORDS)}(value, {i}, *args)\n\n"
            for i in range(4000)
        )

    # -- naming -----------------------------------------------------------------

    def unique_name(self):
        while True:
            parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 3))]
            name = "".join(parts)
            if self.rng.random() < 0.3:
                name += "_" + self.rng.choice(WORDS)
            if name not in self.names and name.isidentifier():
                self.names.add(name)
                return name
            if self.rng.random() < 0.2:
                name = f"{name}{len(self.names)}"
                if name not in self.names:
                    self.names.add(name)
                    return name

    def module_name(self, taken):
        while True:
            name = self.rng.choice(WORDS)
            if self.rng.random() < 0.5:
                name = f"{name}_{self.rng.choice(WORDS)}"
            if name in taken:
                name = f"{name}{len(taken)}"
            if name not in taken:
                taken.add(name)
                return name

    # -- writing ----------------------------------------------------------------

    def mkdir(self, path):
        os.mkdir(path)
        self.counts["directories"] += 1

    def write(self, dist, path, data):
        """Writes a file of distribution `dist` and remembers its RECORD row."""
        if isinstance(data, str):
            data = data.encode()
        with open(path, "wb") as f:
            f.write(data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        dist["rows"].append((path, f"sha256={digest.decode()}", str(len(data))))
        self.counts["files"] += 1
        self.remaining -= 1

    def symlink(self, dist, target_name, path):
        os.symlink(target_name, path)
        dist["rows"].append((path, "", ""))
        self.counts["files"] += 1
        self.counts["symlinks"] += 1
        self.remaining -= 1

    def py_text(self):
        size = int(min(40000, self.rng.lognormvariate(7.3, 1.0)))  # median ~1.5 kB
        start = self.rng.randrange(0, len(self.text) - size - 1)
        return '"""Generated module."""\nimport os\n\n' + self.text[start : start + size]

    # -- a distribution ---------------------------------------------------------

    def distribution(self):
        kind = self.rng.choices(["pure", "cext", "rust"], weights=[60, 30, 10])[0]
        name = self.unique_name()
        version = f"{self.rng.randint(0, 30)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 9)}"
        dist = {"name": name, "rows": [], "kind": kind}
        # Distribution sizes are heavy-tailed: many small ones, a few numpy-sized ones.
        budget = int(min(6000, max(6, self.rng.lognormvariate(4.2, 1.2))))
        # A package can overshoot its budget (extensions, data, dist-info): keep a margin
        # so that the tree never exceeds the requested size.
        budget = min(budget, (self.remaining - 40) // 3)
        self.counts["distributions"] += 1

        if budget < 8 or self.rng.random() < 0.08:
            self.single_module(dist)
        else:
            package = os.path.join(self.root, name)
            self.mkdir(package)
            self.package(dist, package, budget, depth=0, top=True)
            if kind == "cext" and self.rng.random() < 0.15 and self.remaining > 8:
                self.vendored_libs(dist, name)
        self.dist_info(dist, name, version)

    def single_module(self, dist):
        """A one-file distribution (six.py style), with its pyc at the top level."""
        name = dist["name"]
        self.write(dist, os.path.join(self.root, name + ".py"), self.py_text())
        cache = os.path.join(self.root, "__pycache__")
        if not os.path.isdir(cache):
            self.mkdir(cache)
        self.write(dist, os.path.join(cache, name + PYC_TAG), self.rng.randbytes(200))

    def package(self, dist, path, budget, depth, top=False):
        """A package directory with modules, pycs, extension modules and subpackages."""
        taken = set()
        kind = dist["kind"]
        # About a third of a package's budget goes to subpackages when it is big enough.
        sub_budget = 0
        if budget > 30 and depth < 4:
            sub_budget = int(budget * self.rng.uniform(0.3, 0.8))
        own = max(2, budget - sub_budget)
        modules = ["__init__"] + [self.module_name(taken) for _ in range(max(0, own // 2 - 1))]
        cache = os.path.join(path, "__pycache__")
        self.mkdir(cache)
        for module in modules:
            self.write(dist, os.path.join(path, module + ".py"), self.py_text())
            self.write(dist, os.path.join(cache, module + PYC_TAG), self.rng.randbytes(300))
        if self.rng.random() < 0.04 and len(modules) > 1:
            self.symlink(dist, modules[1] + ".py", os.path.join(path, self.module_name(taken) + ".py"))
        if top and self.rng.random() < 0.3:
            self.write(dist, os.path.join(path, "py.typed"), "")
        if self.rng.random() < 0.2:
            data = os.path.join(path, "data")
            self.mkdir(data)
            for i in range(self.rng.randint(1, 6)):
                self.write(dist, os.path.join(data, f"table{i}.json"), self.py_text())

        if kind == "cext" and (top or self.rng.random() < 0.5):
            self.c_extensions(dist, path, taken, len(modules))
        elif kind == "rust" and top:
            self.rust_extensions(dist, path, taken)

        remaining = sub_budget
        while remaining > 6 and self.remaining > 8:
            share = min(remaining, max(6, int(remaining * self.rng.uniform(0.2, 0.7))))
            sub = os.path.join(path, self.module_name(taken))
            self.mkdir(sub)
            self.package(dist, sub, share, depth + 1)
            remaining -= share

    def extension(self, dist, path, stem, suffix, key):
        self.write(dist, os.path.join(path, stem + suffix), elf_header(self.rng))
        self.counts["so_files"] += 1
        self.counts[key] += 1
        self.write(dist, os.path.join(path, stem + ".pyi"), f"def {stem}() -> None: ...\n")

    def c_extensions(self, dist, path, taken, modules):
        abi3 = self.rng.random() < 0.2  # a whole distribution built for the stable ABI
        for _ in range(max(1, int(modules * self.rng.uniform(0.02, 0.15)))):
            stem = "_" + self.module_name(taken)
            draw = self.rng.random()
            if abi3:
                self.extension(dist, path, stem, ABI3_SUFFIX, "so_abi3")
            elif draw < 0.03:
                # Left over from an install for another Python: reported, never renamed.
                self.extension(dist, path, stem, OTHER_VERSION_SUFFIX, "so_other_version")
            else:
                self.extension(dist, path, stem, EXT_SUFFIX, "so_correct")
                if draw > 0.98:
                    # A second importable name for the same module.
                    alias = "_" + self.module_name(taken) + EXT_SUFFIX
                    self.symlink(dist, stem + EXT_SUFFIX, os.path.join(path, alias))
                    self.counts["so_files"] += 1
                    self.counts["so_correct"] += 1
                    self.counts["so_symlinks"] += 1

    def rust_extensions(self, dist, path, taken):
        for _ in range(self.rng.choice([1, 1, 1, 2])):
            stem = "_" + self.module_name(taken)
            draw = self.rng.random()
            if draw < 0.5:
                self.extension(dist, path, stem, MISNAMED_SUFFIX, "so_misnamed")
            elif draw < 0.8:
                self.extension(dist, path, stem, ABI3_SUFFIX, "so_abi3")
            else:
                self.extension(dist, path, stem, EXT_SUFFIX, "so_correct")

    def vendored_libs(self, dist, name):
        """auditwheel-style `<name>.libs/`: shared libraries whose names are not modules."""
        libs = os.path.join(self.root, name + ".libs")
        self.mkdir(libs)
        for _ in range(self.rng.randint(1, 3)):
            lib = f"lib{self.rng.choice(WORDS)}-{self.rng.getrandbits(32):08x}"
            self.write(dist, os.path.join(libs, lib + ".so.1.2.0"), elf_header(self.rng))
            self.symlink(dist, lib + ".so.1.2.0", os.path.join(libs, lib + ".so"))
            self.counts["so_files"] += 1
            self.counts["so_not_extension"] += 1
            self.counts["so_symlinks"] += 1

    def dist_info(self, dist, name, version):
        info = os.path.join(self.root, f"{name}-{version}.dist-info")
        self.mkdir(info)
        self.write(
            dist,
            os.path.join(info, "METADATA"),
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            f"Summary: generated for the maturin-fix benchmark\n",
        )
        tag = "cp312-cp312-linux_armv7l" if dist["kind"] != "pure" else "py3-none-any"
        root_is_purelib = "true" if dist["kind"] == "pure" else "false"
        self.write(
            dist,
            os.path.join(info, "WHEEL"),
            f"Wheel-Version: 1.0\nGenerator: gen_tree\nRoot-Is-Purelib: {root_is_purelib}\nTag: {tag}\n",
        )
        self.write(dist, os.path.join(info, "INSTALLER"), "pypa/installer\n")
        self.write(dist, os.path.join(info, "top_level.txt"), name + "\n")
        record = os.path.join(info, "RECORD")
        lines = [f"{os.path.relpath(p, self.root)},{h},{s}\n" for p, h, s in dist["rows"]]
        lines.append(f"{os.path.relpath(record, self.root)},,\n")
        with open(record, "w") as f:
            f.writelines(lines)
        self.counts["files"] += 1
        self.counts["records"] += 1
        self.remaining -= 1

    def run(self):
        while self.remaining >= 60:
            self.distribution()
        # Fill up exactly: one-module distributions (7 files each), then .pth files.
        while self.remaining >= 7:
            dist = {"name": self.unique_name(), "rows": [], "kind": "pure"}
            self.counts["distributions"] += 1
            self.single_module(dist)
            self.dist_info(dist, dist["name"], "1.0")
        while self.remaining > 0:
            path = os.path.join(self.root, f"zz_extra_{self.remaining}.pth")
            with open(path, "w") as f:
                f.write("import os\n")
            self.counts["files"] += 1
            self.remaining -= 1
        return self.counts


def parse_size(text):
    text = text.strip().lower()
    scale = 1
    if text.endswith("k"):
        scale, text = 1000, text[:-1]
    elif text.endswith("m"):
        scale, text = 1000000, text[:-1]
    value = int(float(text) * scale)
    if value < 100:
        raise argparse.ArgumentTypeError("a tree needs at least 100 files")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=parse_size, required=True, help="file count: 1000, 10k, 300k ...")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="directory to create")
    args = parser.parse_args()

    if os.path.exists(args.out):
        sys.exit(f"gen_tree: {args.out} exists; remove it first")
    work = args.out + ".tmp"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "site-packages"))
    with open(os.path.join(work, SYSCONFIGDATA_NAME), "w") as f:
        f.write(SYSCONFIGDATA)

    generator = Generator(args.files, args.seed, os.path.join(work, "site-packages"))
    counts = generator.run()
    assert counts["files"] == args.files, counts
    manifest = {
        "seed": args.seed,
        "requested_files": args.files,
        "ext_suffix": EXT_SUFFIX,
        "sysconfigdata": SYSCONFIGDATA_NAME,
        "counts": counts,
    }
    with open(os.path.join(work, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    os.rename(work, args.out)
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
