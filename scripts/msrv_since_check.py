#!/usr/bin/env python3
"""Fails when the crate uses a std/core/alloc item stabilised after its rust-version.

    RUSTC_BOOTSTRAP=1 msrv_since_check.py [--dir CRATE] [--features-set F]... [--docs HTML]

Why: clippy's `incompatible_msrv` lint looks at method calls and paths in expressions, but
not at every use (it missed `io::ErrorKind::NotADirectory`, Rust 1.83, in a match
pattern). This check instead reads what the compiler itself resolved, for the lib, the
bin(s), the unit tests and every integration test, once per feature set:

* `-Zunpretty=mir -Ztrim-diagnostic-paths=false -Zmir-include-spans=on`: every function,
  method (inherent and `<T as Trait>::method`), constant (`<impl i32>::MAX`) and type that
  the MIR names, printed with its *visible* (public) path and the source line it came from;
* `-Zunpretty=hir-tree`: every resolved path (`res: Def(..., DefId(.. ~ std[..]::io::error::
  ErrorKind::NotADirectory))`), which is where enum variants in patterns, trait names in
  bounds and impls, and types in signatures show up (MIR has lost the variant names);
* `-Zunpretty=expanded,hygiene`: the names of the macros the crate itself invokes.

Each std/core/alloc item is then looked up in the rustdoc HTML of the installed toolchain
(the rust-docs component), where rustdoc writes `<span class="since" title="Stable since
Rust version 1.83.0">` on items and on their variants, methods and associated consts. A
member without its own `since` is taken to share its parent's (rustdoc omits it when equal).

What the mapping cannot see (be careful trusting a pass):
* Trait *impls*: `impl From<X> for Y` has its own stability, but MIR names only the trait
  method (`<Y as From<X>>::from`), so a newly added impl of an old trait is not caught.
  The same holds for auto-deref/coercion targets and operator impls on new types.
* const-stability (`const since 1.83`): a stable fn used in a const context is not checked.
* Items whose visible path has no page (private modules, `#[doc(hidden)]`, unstable
  internals of std's macros): counted and listed as unmapped, never failed on. HIR paths
  through private modules are mapped by name within the same crate; an ambiguous name is
  left unmapped rather than guessed.
* Macros are matched by name only (a crate macro named like a std macro would be mapped to
  std's); derive and attribute macros are not checked.
* Language features (syntax, lints, inference changes) are not std items at all: only a
  real old compiler proves those (scripts/check-msrv.sh builds with Rust 1.78 too).
* The docs are those of the installed (newer) toolchain; an item whose stabilisation
  version was later corrected is judged by the newer docs.
Standard library only.
"""
import argparse
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys

CRATES = ("std", "core", "alloc")
KINDS = ("struct", "enum", "trait", "union", "type", "fn", "constant", "static", "macro",
         "traitalias", "primitive", "derive", "attr")
MEMBER_ANCHORS = ("variant", "method", "tymethod", "associatedconstant", "associatedtype",
                  "structfield")
PRIMITIVES = {
    "str": "str", "char": "char", "bool": "bool", "f16": "f16", "f32": "f32", "f64": "f64",
    "f128": "f128", "i8": "i8", "i16": "i16", "i32": "i32", "i64": "i64", "i128": "i128",
    "isize": "isize", "u8": "u8", "u16": "u16", "u32": "u32", "u64": "u64", "u128": "u128",
    "usize": "usize",
}
SINCE = re.compile(r'title="Stable since Rust version (\d+\.\d+(?:\.\d+)?)')
LOCATION = re.compile(r"(?:at|span:) ((?:[^\s:]+)):(\d+):\d+: \d+:\d+")
HIR_SPAN = re.compile(r"span: ([^\s:]+):(\d+):\d+: \d+:\d+ \(#\d+\)")
HIR_DEFID = re.compile(r"DefId\(\d+:\d+ ~ (std|core|alloc)\[[0-9a-f]+\]((?:::[^\s,)]+)*)\)")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
PATH_START = re.compile(r"(?<![\w:])(std|core|alloc)::")
MACRO = re.compile(r'^crate0::\{\{expn\d+\}\}: parent: crate0::\{\{expn0\}\}, .*kind: Macro\(Bang, "([^"]+)"\)', re.M)


def version(text):
    return tuple(int(x) for x in text.split("."))


def show(v):
    return ".".join(str(x) for x in v)


class Docs:
    """Looks up `since` versions in a rustdoc HTML tree (std, core, alloc)."""

    def __init__(self, root):
        self.root = pathlib.Path(root)
        self.pages = {}
        self.by_name = None

    def page(self, path):
        if path not in self.pages:
            try:
                text = path.read_text(errors="replace")
            except OSError:
                text = None
            if text and 'http-equiv="refresh"' in text[:600]:
                target = re.search(r'URL=([^"]+)"', text)
                text = self.page((path.parent / target.group(1)).resolve()) if target else None
            self.pages[path] = text
        return self.pages[path]

    def find_page(self, crate, module, name):
        base = self.root / crate
        for part in module:
            base = base / part
        for kind in KINDS:
            candidate = base / f"{kind}.{name}.html"
            if candidate.exists():
                return candidate
        return None

    def name_index(self):
        if self.by_name is None:
            self.by_name = {}
            for crate in CRATES:
                top = self.root / crate
                for dirpath, _, files in os.walk(top):
                    module = tuple(pathlib.Path(dirpath).relative_to(top).parts)
                    for f in files:
                        kind, _, rest = f.partition(".")
                        if kind in KINDS and rest.endswith(".html"):
                            key = (crate, rest[: -len(".html")])
                            self.by_name.setdefault(key, []).append((module, pathlib.Path(dirpath) / f))
        return self.by_name

    def item_since(self, text):
        heading = text.find('<span class="sub-heading">')
        if heading < 0:
            return None
        match = SINCE.search(text, heading, heading + 800)
        return version(match.group(1)) if match else None

    def member_since(self, text, member):
        for anchor in MEMBER_ANCHORS:
            start = text.find(f'id="{anchor}.{member}"')
            if start < 0:
                continue
            end = text.find("</section>", start)
            match = SINCE.search(text, start, end if end > 0 else start + 2000)
            return (version(match.group(1)) if match else self.item_since(text)), True
        return None, False

    def lookup(self, crate, segments, internal=False):
        """(since, page) for crate::segments, or (None, reason why not).

        A crate using std reaches core/alloc items through std, whose pages carry the
        std re-export's version (core::error::Error is 1.81, std::error::Error 1.0), so
        std is tried first and the oldest version found wins. The version on a page is
        the one of that *path* (std::ffi::os_str::OsStr is 1.87, std::ffi::OsStr 1.0).
        """
        segments = [s for s in segments if not s.startswith("{constructor")]
        if any(s.startswith("{") for s in segments):
            return None, "anonymous item (impl block, closure)"
        found, reason = [], "no page"
        for c in dict.fromkeys(("std", crate)):
            for since, info in self.lookup_in(c, segments, internal):
                if since is None:
                    reason = info
                else:
                    found.append((since, info))
        return min(found) if found else (None, reason)

    def lookup_in(self, crate, segments, internal):
        for i, seg in enumerate(segments):
            if seg.startswith("<impl "):
                prim = primitive_of(seg)
                if not prim:
                    return [(None, f"impl on {seg}")]
                return [self.since_on(self.root / crate / f"primitive.{prim}.html", segments[i + 1:])]
        if not internal:
            # A visible path: crate::a::b::Item::member, longest module path first.
            for k in range(len(segments) - 1, -1, -1):
                page = self.find_page(crate, segments[:k], segments[k])
                if page:
                    return [self.since_on(page, segments[k + 1:])]
            module = self.root.joinpath(crate, *segments, "index.html")
            if module.exists():  # a module: std::hash
                return [self.since_on(module, [])]
            return [(None, "no page")]
        # A defining path, maybe through private modules (std::io::error::ErrorKind):
        # every page of that name whose module path is a subsequence of it.
        index = self.name_index()
        for k in range(len(segments) - 1, -1, -1):
            results = [
                self.since_on(page, segments[k + 1:])
                for module, page in index.get((crate, segments[k]), [])
                if is_subsequence(module, segments[:k])
            ]
            if any(since for since, _ in results):
                return results
        module = self.root.joinpath(crate, *segments, "index.html")
        if module.exists():
            return [self.since_on(module, [])]
        return [(None, "no page")]

    def since_on(self, page, members):
        text = self.page(page)
        if text is None:
            return None, "no page"
        if not members:
            since = self.item_since(text)
            return (since, str(page)) if since else (None, "no since on page")
        since, found = self.member_since(text, members[0])
        if not found:
            return None, f"member {members[0]} not on page"
        return (since, str(page)) if since else (None, "no since on page")


def primitive_of(segment):
    inner = segment[len("<impl "):].rstrip(">").strip()
    if inner in PRIMITIVES:
        return PRIMITIVES[inner]
    if inner.startswith("[") and ";" in inner:
        return "array"
    if inner.startswith("["):
        return "slice"
    if inner.startswith("*"):
        return "pointer"
    return None


def is_subsequence(short, long):
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def skip_angles(text, i):
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def mir_paths(line):
    """Paths like std::option::Option::<i32>::inspect, <X as core::iter::Iterator>::map."""
    out = []
    for match in PATH_START.finditer(line):
        crate = match.group(1)
        i = match.end()
        segments = []
        while i < len(line):
            if line.startswith("<impl ", i):
                end = skip_angles(line, i)
                segments.append(line[i:end])
                i = end
            elif line[i] == "<":  # turbofish generics
                i = skip_angles(line, i)
            else:
                ident = re.match(r"[A-Za-z_][A-Za-z0-9_]*|\{[a-z_]+#\d+\}", line[i:])
                if not ident:
                    break
                segments.append(ident.group(0))
                i += ident.end()
            if line.startswith("::", i):
                i += 2
                continue
            break
        if not segments:
            continue
        # <Type as crate::Trait>::method: the trait path ends with ">::method".
        if line[: match.start()].endswith(" as ") and line.startswith(">::", i):
            method = re.match(r"[A-Za-z_][A-Za-z0-9_]*", line[i + 3:])
            if method:
                segments.append(method.group(0))
        out.append((crate, segments))
    return out


def in_crate(path):
    return not path.startswith("/") and ".cargo" not in path and not path.startswith("<")


def scan_mir(text, uses):
    where = None
    for line in text.splitlines():
        loc = LOCATION.search(line)
        if loc:
            where = (loc.group(1), int(loc.group(2))) if in_crate(loc.group(1)) else None
        elif "+ span: no-location" in line:
            where = None
        if where is None or "::" not in line or "\u2502" in line:  # │: a hex dump of an allocation
            continue
        code = line.split("//", 1)[0] if "// + " not in line else line.split("// + ", 1)[1]
        # String constants can hold paths ("assertion failed: std::fs::..."); MIR may
        # cut a long one short, so an unclosed quote drops the rest of the line.
        code = STRING.sub('""', code).split('"', 1)[0]
        for crate, segments in mir_paths(code):
            uses.setdefault((crate, tuple(segments), False), set()).add(where)


def scan_hir(text, uses):
    where = None
    pos = 0
    spans = [(m.start(), m.group(1), int(m.group(2))) for m in HIR_SPAN.finditer(text)]
    for m in HIR_DEFID.finditer(text):
        while pos < len(spans) and spans[pos][0] < m.start():
            _, f, line = spans[pos]
            where = (f, line) if in_crate(f) else None
            pos += 1
        if where is None:
            continue
        segments = tuple(s for s in m.group(2).split("::") if s)
        if segments:
            uses.setdefault((m.group(1), segments, True), set()).add(where)


def scan_macros(text, uses, target):
    for name in MACRO.findall(text):
        crate, _, bare = name.rpartition("::")
        if crate in ("", "std", "core", "alloc", "$crate"):
            uses.setdefault(("std", (bare,), False), set()).add((target, 0))


def cargo_targets(crate_dir, features, lib_only=False):
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1", "--locked"],
        cwd=crate_dir, check=True, capture_output=True, text=True).stdout)
    pkg = next(p for p in meta["packages"]
               if pathlib.Path(p["manifest_path"]).parent == pathlib.Path(crate_dir).resolve())
    selectors = []
    for t in pkg["targets"]:
        if not set(t.get("required-features", [])) <= set(features):
            continue
        if "lib" in t["kind"] or "rlib" in t["kind"]:
            selectors += [["--lib"]] if lib_only else [["--lib"], ["--lib", "--profile", "test"]]
        elif lib_only:
            continue
        elif "bin" in t["kind"]:
            selectors += [["--bin", t["name"]], ["--bin", t["name"], "--profile", "test"]]
        elif "test" in t["kind"]:
            selectors.append(["--test", t["name"]])
    return pkg, selectors


MODES = {
    "mir": ["-Zunpretty=mir", "-Ztrim-diagnostic-paths=false", "-Zmir-include-spans=on"],
    "hir": ["-Zunpretty=hir-tree"],
    "macros": ["-Zunpretty=expanded,hygiene"],
}


def dump(crate_dir, selector, features, mode):
    cmd = ["cargo", "rustc", "--quiet", "--locked", *selector]
    if features:
        cmd += ["--features", ",".join(features)]
    cmd += ["--", *MODES[mode]]
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    run = subprocess.run(cmd, cwd=crate_dir, env=env, capture_output=True, text=True, errors="replace")
    if run.returncode != 0:
        sys.exit(f"msrv_since_check: `{' '.join(cmd)}` failed:\n{run.stderr[-4000:]}")
    return run.stdout


def digest(crate_dir, args, docs):
    """Of everything the verdict depends on, to skip an unchanged tree that passed."""
    h = hashlib.sha256()
    h.update(pathlib.Path(__file__).read_bytes())
    h.update(repr((args.features_set, args.msrv, str(docs), args.lib_only)).encode())
    h.update(subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout.encode())
    base = pathlib.Path(crate_dir)
    files = []
    for sub in ("src", "tests", "benches", "examples", ".cargo"):
        for dirpath, _, names in os.walk(base / sub):
            files += [pathlib.Path(dirpath) / n for n in names if n.endswith((".rs", ".toml"))]
    files += [base / n for n in ("Cargo.toml", "Cargo.lock", "build.rs") if (base / n).exists()]
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=".", help="crate directory (default: .)")
    ap.add_argument("--features-set", action="append", default=None,
                    help="comma-separated features; repeat for several sets (default: one empty set)")
    ap.add_argument("--docs", help="rustdoc HTML root (default: the toolchain's rust-docs)")
    ap.add_argument("--msrv", help="default: rust-version of Cargo.toml")
    ap.add_argument("--cache", help="file remembering the digest of the last passing tree")
    ap.add_argument("--lib-only", action="store_true", help="only the library, not its tests/bins")
    ap.add_argument("--verbose", action="store_true", help="list unmapped items too")
    args = ap.parse_args()
    crate_dir = str(pathlib.Path(args.dir).resolve())
    sets = [[f for f in s.split(",") if f] for s in (args.features_set or [""])]

    if not args.msrv:
        manifest = (pathlib.Path(crate_dir) / "Cargo.toml").read_text()
        m = re.search(r'^rust-version\s*=\s*"([\d.]+)"', manifest, re.M)
        if not m:
            sys.exit("msrv_since_check: no rust-version in Cargo.toml and no --msrv")
        args.msrv = m.group(1)
    msrv = version(args.msrv)
    docs = pathlib.Path(args.docs) if args.docs else pathlib.Path(subprocess.run(
        ["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True
    ).stdout.strip()) / "share/doc/rust/html"
    if not (docs / "std" / "index.html").exists():
        sys.exit(f"msrv_since_check: no rustdoc HTML for std under {docs} "
                 "(the rust-docs component of the toolchain)")

    key = digest(crate_dir, args, docs)
    if args.cache and os.path.exists(args.cache) and open(args.cache).read().strip() == key:
        print(f"msrv_since_check: tree unchanged since it last passed (digest {key[:12]}); skipped")
        return 0

    uses = {}
    runs = 0
    for features in sets:
        _, selectors = cargo_targets(crate_dir, features, args.lib_only)
        for selector in selectors:
            label = " ".join(selector + (["--features", ",".join(features)] if features else []))
            scan_mir(dump(crate_dir, selector, features, "mir"), uses)
            scan_hir(dump(crate_dir, selector, features, "hir"), uses)
            scan_macros(dump(crate_dir, selector, features, "macros"), uses, f"<macros of {label}>")
            runs += 3

    d = Docs(docs)
    too_new, unmapped, checked = [], {}, 0
    for (crate, segments, internal), places in sorted(uses.items()):
        since, info = d.lookup(crate, list(segments), internal)
        name = f"{crate}::{'::'.join(s for s in segments if not s.startswith('{constructor'))}"
        if since is None:
            unmapped.setdefault(info, set()).add(name)
            continue
        checked += 1
        if since > msrv:
            for f, line in sorted(places):
                page = os.path.relpath(info, docs)
                too_new.append(f"{f}:{line}: {name}: stable since Rust {show(since)} ({page})")
    print(f"msrv_since_check: {runs} compiler dumps, {len(uses)} std/core/alloc uses, "
          f"{checked} with a known `since`, {sum(map(len, unmapped.values()))} unmapped "
          f"({', '.join(f'{len(v)} {k}' for k, v in sorted(unmapped.items()))})")
    if args.verbose:
        for reason, names in sorted(unmapped.items()):
            for n in sorted(names):
                print(f"  unmapped ({reason}): {n}")
    if too_new:
        print(f"msrv_since_check: FAILED: {len(too_new)} use(s) of items newer than "
              f"rust-version {args.msrv}:", file=sys.stderr)
        for entry in sorted(set(too_new)):
            print(f"  {entry}", file=sys.stderr)
        return 1
    print(f"msrv_since_check: no std/core/alloc item newer than {args.msrv}")
    if args.cache:
        pathlib.Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.cache).write_text(key + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
