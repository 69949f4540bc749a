#!/usr/bin/env python3
"""Check tests/data/triplets.tsv against CPython's real detection code and configure.

  check.py cpp TABLE SOURCES.json WORK [--configure RESULTS.json]
      For every row whose Python version has a Debian source (SOURCES.json, written
      by sources.py), run that version's real detection code -- the shell fragment
      of its `configure` that writes/preprocesses the conftest (<= 3.12) or runs
      $CPP on Misc/platform_triplet.c (>= 3.13), cut out of the unpacked source at
      run time -- with $CPP set to a real preprocessor for the row's target, form
      EXT_SUFFIX and compare it with the row's `expected`. With --configure, also
      compare the x86_64 musl rows with what real ./configure runs said.
      Prints every disagreement and a summary; exits 1 on any disagreement.
  check.py configure TABLE SOURCES.json WORK OUT.json
      Run CPython's real ./configure with CC=musl-gcc, native and cross from glibc,
      for the table's x86_64 musl rows, and write what it produced to OUT.json.

Nothing of CPython is copied into the repository: the code is read from the
Debian source package in the cache each run. See tests/data/triplets-README.md.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

CLANG = "clang-16"
# Debian bookworm cross preprocessors (package cpp-12-<triple>)
GCC = {a: "%s-linux-gnu-cpp-12" % a for a in
       ("alpha", "hppa", "sh4", "s390x", "powerpc", "aarch64")}
# CPUs no compiler here knows (clang 16 has no backend, Debian ships no cross gcc)
NO_COMPILER = {
    "ia64": "IA-64: no clang target, no Debian cross gcc since gcc 10",
    "or1k": "OpenRISC: no clang target, no Debian cross gcc",
    "microblaze": "MicroBlaze: no clang target, no Debian cross gcc",
    "microblazeel": "MicroBlaze: no clang target, no Debian cross gcc",
    "nios2": "Nios II: no clang target, no Debian cross gcc",
    "xtensa": "Xtensa: no clang 16 target, no Debian cross gcc",
}


class NotRepresentable(Exception):
    pass


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------
def read_table(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        if line and not line.startswith("#"):
            r = dict(zip(header, line.split("\t")))
            r["line"] = n
            rows.append(r)
    return rows


def describe(r):
    opts = "".join(" --%s %s" % (k.replace("_", "-"), r[k])
                   for k in ("abiflags", "float_abi", "musl_build") if r[k])
    return "line %d: %s %s%s" % (r["line"], r["triple"], r["python"], opts)


# ---------------------------------------------------------------------------
# Row -> a real preprocessor for that target
# ---------------------------------------------------------------------------
def split_triple(triple):
    parts = triple.split("-")
    if "linux" not in parts:
        return None
    i = parts.index("linux")
    return parts[0], parts[1:i], "-".join(parts[i + 1:])


def libc_of(env):
    for prefix, libc in (("android", "android"), ("musl", "musl"), ("uclibc", "uclibc")):
        if env.startswith(prefix):
            return libc
    return "gnu"  # '' (GNU style 'aarch64-poky-linux') or gnu*


def _model():
    """tests/data/make-triplets.py, for the facts the table takes as inputs (not its rules)."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "make-triplets.py")
    spec = importlib.util.spec_from_file_location("make_triplets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Rust's built-in targets that rustc builds soft-float (their target spec adds
# "+soft-float"): an input of the table, like the triple reading, so the compiler is told.
RUST_SOFT = _model().RUST_SOFT


def target(triple, float_abi):
    """(argv of a preprocessor, libc, how) for the row's target.

    The triple is read the GNU way (triplets-README.md, "Triple reading"): that
    reading is an input here, not something this check proves. Everything else --
    which macros the target predefines -- comes from the real compiler.
    """
    arch, vendor, env = split_triple(triple)
    libc = libc_of(env)
    if arch in NO_COMPILER:
        raise NotRepresentable(NO_COMPILER[arch])
    # float ABI / sub-ABI stated by the environment suffix, as flags
    flags = []
    base = env
    if arch.startswith("mips"):
        if base.endswith("sf"):
            base, flags = base[:-2], flags + ["-msoft-float"]
        if base in ("gnun32", "musln32"):  # Yocto / musl spelling of n32
            base, flags = ("gnuabin32" if base == "gnun32" else "musl"), flags + ["-mabi=n32"]
        if float_abi:
            flags.append({"hard": "-mhard-float", "soft": "-msoft-float"}[float_abi])
        elif triple in RUST_SOFT:
            flags.append("-msoft-float")  # rustc's target spec: "+soft-float"
    elif arch == "loongarch64":
        abi = "lp64d"
        for suffix, a in (("sf", "lp64s"), ("f32", "lp64f"), ("f64", "lp64d")):
            if base.endswith(suffix):
                base, abi = base[:-len(suffix)], a
        if float_abi:
            abi = {"hard": "lp64d", "single": "lp64f", "soft": "lp64s"}[float_abi]
        flags.append("-mabi=" + abi)
    elif arch.startswith(("arm", "thumb")) and float_abi:
        flags.append("-mfloat-abi=" + float_abi)
    elif arch == "powerpc":
        if base.endswith("spe"):
            base, flags = base[:-3], flags + ["-mspe"]  # clang's triple parser ignores 'spe'
        if float_abi:
            flags.append({"hard": "-mhard-float", "soft": "-msoft-float"}[float_abi])

    # CPUs clang 16 cannot represent (or not correctly): Debian's cross gcc
    if arch == "alpha":
        return [GCC["alpha"]] + flags, libc, GCC["alpha"]
    if arch.startswith("hppa"):
        return [GCC["hppa"]] + flags, libc, GCC["hppa"]
    if arch in ("sh4", "sh4eb"):
        f = ["-mb"] if arch == "sh4eb" else ["-ml"]
        return [GCC["sh4"]] + f, libc, GCC["sh4"] + " " + f[0]
    if arch == "s390":
        return [GCC["s390x"], "-m31"], libc, GCC["s390x"] + " -m31"
    if arch.startswith("aarch64") and env.endswith("_ilp32"):
        # clang 16 accepts gnu_ilp32 but predefines neither __ILP32__ nor _ILP32
        f = ["-mabi=ilp32"] + (["-mbig-endian"] if arch == "aarch64_be" else [])
        return [GCC["aarch64"]] + f, libc, GCC["aarch64"] + " " + " ".join(f)
    if arch == "powerpc" and "-mspe" not in flags:
        # clang 16's -msoft-float on powerpc predefines neither _SOFT_FLOAT nor __NO_FPRS__
        return [GCC["powerpc"]] + flags, libc, " ".join([GCC["powerpc"]] + flags)

    carch = {"riscv64gc": "riscv64", "riscv32gc": "riscv32"}.get(arch, arch)
    ctriple = "-".join([carch] + vendor + ["linux"] + ([base] if base else []))
    argv = [CLANG, "--target=" + ctriple] + flags
    return argv, libc, " ".join(argv[:1] + argv[1:])


# ---------------------------------------------------------------------------
# Libc headers for <features.h> / <stdarg.h> (read only by 3.13+)
# ---------------------------------------------------------------------------
def make_headers(work):
    """Write the include directories; return {libc: [dir, ...]}.

    glibc: the real glibc <features.h> and <stdc-predef.h> of the host's libc6-dev;
      the three arch-specific headers they include (features-time64.h,
      sys/cdefs.h, gnu/stubs.h) are empty here, as they define nothing the
      detection code reads. __GLIBC__ thus comes from glibc's own file.
    musl: Debian musl-dev's real headers (/usr/include/x86_64-linux-musl) placed
      before the compiler's own include directory, as musl-gcc does; <features.h>
      and <stdarg.h> are arch-independent, bits/alltypes.h is x86_64's, whose only
      part read here (the va_list typedef, __DEFINED_va_list) is the same in
      every musl arch.
    uClibc: no uClibc headers in Debian; a one-file <features.h> stand-in with what
      uClibc-ng's defines for this purpose: __UCLIBC__ 1 (from its
      bits/uClibc_config.h) and __GLIBC__ 2 / __GLIBC_MINOR__ 2.
    Android: no header is read (the __ANDROID__ branch comes first).
    """
    inc = os.path.join(work, "include")
    shutil.rmtree(inc, ignore_errors=True)
    g = os.path.join(inc, "glibc")
    for d in ("sys", "gnu"):
        os.makedirs(os.path.join(g, d))
    for name in ("features.h", "stdc-predef.h"):
        shutil.copy(os.path.join("/usr/include", name), os.path.join(g, name))
    for name in ("features-time64.h", "sys/cdefs.h", "gnu/stubs.h"):
        open(os.path.join(g, name), "w").close()
    u = os.path.join(inc, "uclibc")
    os.makedirs(u)
    with open(os.path.join(u, "features.h"), "w") as f:
        f.write("#define __UCLIBC__ 1\n#define __GLIBC__ 2\n#define __GLIBC_MINOR__ 2\n")
    a = os.path.join(inc, "android")
    os.makedirs(a)
    musl = "/usr/include/x86_64-linux-musl"
    if not os.path.exists(os.path.join(musl, "bits/alltypes.h")):
        raise SystemExit("musl-dev's headers are missing (%s)" % musl)
    return {"gnu": [g], "uclibc": [u], "android": [a], "musl": [musl]}


def include_flags(argv, libc, headers, musl_first=True):
    """-nostdinc, then the libc dirs and the compiler's own include dir, in order."""
    if argv[0] == CLANG:
        builtin = subprocess.check_output([CLANG, "-print-resource-dir"], text=True).strip() + "/include"
    else:
        builtin = subprocess.check_output([argv[0], "-print-file-name=include"], text=True).strip()
    # Debian's cpp-12-<triple> packages ship no include dir of their own (it is in
    # gcc-12-<triple>); the glibc branch never reads <stdarg.h>, so none is needed.
    builtins = [builtin] if os.path.isdir(builtin) else []
    dirs = headers[libc] + builtins if musl_first else builtins + headers[libc]
    out = ["-nostdinc"]
    for d in dirs:
        out += ["-isystem", d]
    return out


# ---------------------------------------------------------------------------
# CPython's detection code, cut out of the real configure
# ---------------------------------------------------------------------------
PREAMBLE = r"""as_me=configure
as_echo='printf %s\n'
as_echo_n='printf %s'
exec 5>/dev/null 6>/dev/null
PLATFORM_TRIPLET=
"""


def fragment(srcdir):
    """The lines of srcdir/configure that compute PLATFORM_TRIPLET."""
    with open(os.path.join(srcdir, "configure"), encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    start = [i for i, l in enumerate(lines)
             if "checking for the platform triplet based on compiler characteristics" in l]
    if not start:
        raise SystemExit("%s/configure: no platform triplet check found" % srcdir)
    i = start[0]
    end = next(j for j in range(i, len(lines)) if lines[j].startswith("rm -f conftest"))
    text = "\n".join(lines[i:end + 1]) + "\n"
    if "$CPP $CPPFLAGS" not in text or "PLATFORM_TRIPLET=" not in text:
        raise SystemExit("%s/configure: the platform triplet check changed shape" % srcdir)
    kind = "Misc/platform_triplet.c" if "Misc/platform_triplet.c" in text else "configure conftest.c"
    return text, kind


def run_detection(frag, srcdir, cpp_argv, build_os):
    """Run the real fragment with /bin/sh; return the PLATFORM_TRIPLET it sets."""
    with tempfile.TemporaryDirectory(prefix="triplet-") as d:
        script = PREAMBLE + frag + 'printf "RESULT=%s\\n" "$PLATFORM_TRIPLET"\n'
        env = dict(os.environ, CPP=" ".join(cpp_argv[:1] + ["-E"] + cpp_argv[1:]),
                   CPPFLAGS="", srcdir=srcdir, build_os=build_os, LC_ALL="C")
        p = subprocess.run(["/bin/sh", "-c", script], cwd=d, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        m = re.search(r"^RESULT=(.*)$", p.stdout, re.M)
        if p.returncode != 0 or not m:
            raise RuntimeError("fragment failed: %s %s" % (p.stdout, p.stderr))
        return m.group(1)


def ext_suffix(python, abiflags, triplet):
    # configure: SOABI='cpython-'`echo $VERSION | tr -d .`${ABIFLAGS}${PLATFORM_TRIPLET:+-$PLATFORM_TRIPLET}
    #            EXT_SUFFIX=.${SOABI}${SHLIB_SUFFIX}   (.so on Linux)
    return ".cpython-%s%s%s.so" % (python.replace(".", ""), abiflags,
                                   "-" + triplet if triplet else "")


def newest(srcs):
    return max(srcs, key=lambda s: tuple(int(x) for x in s["upstream"].split(".")))


# ---------------------------------------------------------------------------
# cpp: every row through the real detection code
# ---------------------------------------------------------------------------
def cmd_cpp(table, sources_json, work, configure_json=None):
    t0 = time.time()
    rows = read_table(table)
    sources = json.load(open(sources_json))
    avail, unavail = sources["available"], sources["unavailable"]
    headers = make_headers(work)
    frags = {}
    for py, srcs in avail.items():
        for s in srcs:
            frags[s["upstream"]] = fragment(s["dir"])

    jobs = {}        # (upstream, argv, libc, build_os, musl_first) -> future
    plan = []        # (row, [(source, key)], how)
    skipped = {}     # reason -> [row]
    inc_cache = {}

    def key_for(s, argv, libc, build_os, musl_first=True):
        k = (s["upstream"], tuple(argv), libc, build_os, musl_first)
        if k not in jobs:
            ik = (argv[0], libc, musl_first)
            if ik not in inc_cache:
                inc_cache[ik] = include_flags(argv, libc, headers, musl_first)
            full = list(argv) + inc_cache[ik]
            jobs[k] = pool.submit(run_detection, frags[s["upstream"]][0], s["dir"], full, build_os)
        return k

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, 2 * (os.cpu_count() or 1))) as pool:
        for r in rows:
            py = r["python"]
            if r["expected"] == "error":
                skipped.setdefault("expected=error: maturin-fix must refuse (version outside 3.8-3.14, "
                                   "'t' before 3.13, or not a Linux triple / unknown CPU); there is no "
                                   "CPython answer to compare", []).append(r)
                continue
            if py not in avail:
                why = "; ".join(unavail.get(py, ["no source"]))
                skipped.setdefault("CPython %s: %s" % (py, why), []).append(r)
                continue
            try:
                argv, libc, how = target(r["triple"], r["float_abi"])
            except NotRepresentable as e:
                skipped.setdefault("no preprocessor for the target: " + str(e), []).append(r)
                continue
            build_os = "linux-musl" if r["musl_build"] == "native" else "linux-gnu"
            keys = [(s, key_for(s, argv, libc, build_os)) for s in avail[py]]
            extra = None
            if libc == "musl" and argv[0] == CLANG and frags[avail[py][0]["upstream"]][1] == "Misc/platform_triplet.c":
                extra = [(s, key_for(s, argv, libc, build_os, musl_first=False)) for s in avail[py]]
            plan.append((r, keys, how, extra))

        bad, good, musl_order = [], 0, []
        for r, keys, how, extra in plan:
            answers = []
            for s, k in keys:
                trip = jobs[k].result()
                answers.append((s, trip, ext_suffix(r["python"], r["abiflags"], trip)))
            wrong = [(s, t, e) for s, t, e in answers if e != r["expected"]]
            if wrong:
                bad.append((r, how, wrong))
            else:
                good += 1
            if extra:
                musl_order.append((r, [jobs[k].result() for _, k in extra]))

    checked = good + len(bad)
    print("== Real CPython detection code through real preprocessors")
    for py in sorted(avail, key=lambda v: tuple(map(int, v.split(".")))):
        for s in avail[py]:
            print("  CPython %s: Debian %s %s (%s), %s, %s" % (
                py, s["package"], s["version"], s["suite"], s["orig"], frags[s["upstream"]][1]))
    for r, how, wrong in bad:
        for s, trip, got in wrong:
            print("DISAGREE %s: expected %s, CPython %s's code via `%s` gives %s (triplet %r)"
                  % (describe(r), r["expected"], s["upstream"], how, got, trip))
    if musl_order:
        none = sum(1 for _, t in musl_order if all(x == "" for x in t))
        print("  info: %d musl rows (3.13+, clang) with clang's <stdarg.h> before musl's: "
              "%d give no triplet (triplets-README 'Surprises')" % (len(musl_order), none))
    print("  %d rows checked, %d agree, %d disagree (%d preprocessor runs, %.0f s)"
          % (checked, good, len(bad), len(jobs), time.time() - t0))
    nskip = sum(len(v) for v in skipped.values())
    print("  %d rows not checked:" % nskip)
    for why, rs in sorted(skipped.items(), key=lambda kv: -len(kv[1])):
        if why.startswith("no preprocessor"):
            print("    %3d  %s: %s" % (len(rs), why, ", ".join(
                "%s %s" % (r["triple"], r["python"]) for r in rs)))
        else:
            print("    %3d  %s" % (len(rs), why))

    cbad = 0
    if configure_json:
        cbad = compare_configure(rows, json.load(open(configure_json)))
    total_bad = len(bad) + cbad
    print("\nSUMMARY: %d rows checked against real CPython code, %d agree, %d disagree; "
          "%d not checkable; %d configure comparisons disagree"
          % (checked, good, len(bad), nskip, cbad))
    print("%d passed, %d failed" % (good, total_bad))
    return 1 if total_bad else 0


# ---------------------------------------------------------------------------
# configure: CPython's real ./configure with musl-gcc
# ---------------------------------------------------------------------------
MUSL_CC_WRAPPER = """#!/bin/sh
# musl-gcc as a musl-native gcc (Alpine, musl-cross-make, Yocto's) answers
# --print-multiarch: with nothing. Everything else goes to Debian's musl-gcc.
for a; do [ "$a" = --print-multiarch ] && exit 0; done
exec musl-gcc "$@"
"""

VERSION_SHIM = """#!/bin/sh
# Stand-in build Python: answers configure's version question with %(v)s, runs
# the host python3 otherwise. configure only asks it its version; it does not
# take part in PLATFORM_TRIPLET / SOABI / EXT_SUFFIX.
case "$2" in *sys.version_info*) [ "$1" = -c ] && { echo %(v)s; exit 0; } ;; esac
exec python3 "$@"
"""


def build_python(py, work):
    """A real pythonX.Y for configure's cross mode, else a documented shim."""
    cands = [shutil.which("python" + py), "/usr/bin/python" + py]
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    vdir = os.path.join(root, "versions")
    if os.path.isdir(vdir):
        for v in sorted(os.listdir(vdir)):
            if v.startswith(py + "."):
                cands.append(os.path.join(vdir, v, "bin", "python" + py))
    for c in cands:
        if c and os.access(c, os.X_OK):
            try:
                out = subprocess.check_output(
                    [c, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                    text=True, stderr=subprocess.DEVNULL).strip()
            except (OSError, subprocess.CalledProcessError):
                continue
            if out == py:
                return c, "real"
    shim = os.path.join(work, "build-python" + py)
    with open(shim, "w") as f:
        f.write(VERSION_SHIM % {"v": py})
    os.chmod(shim, 0o755)
    return shim, "shim"


def configure_jobs(rows, avail):
    """The configure runs the table's x86_64 musl rows need (newest source each)."""
    jobs = {}
    for r in rows:
        if r["triple"] != "x86_64-unknown-linux-musl" or r["abiflags"] not in ("", "t"):
            continue
        if r["python"] not in ("3.11", "3.13") or r["python"] not in avail:
            continue
        src = newest([s for s in avail[r["python"]] if s["full"]])
        mode = "native" if r["musl_build"] == "native" else "cross"
        host = None if mode == "native" else r["triple"]
        jobs.setdefault((src["upstream"], mode, host, r["abiflags"]), src)
    return jobs


def run_configure(src, mode, host, abiflags, cc, work, tag, stop_after_multiarch=False):
    bdir = os.path.join(work, "configure", tag)
    shutil.rmtree(bdir, ignore_errors=True)
    os.makedirs(bdir)
    args = [os.path.join(src["dir"], "configure")]
    env = dict(os.environ, CONFIG_SITE="/dev/null", LC_ALL="C")
    env.pop("CFLAGS", None)
    env.pop("CPPFLAGS", None)
    bp = None
    if mode == "native":
        env["CC"] = cc  # config.guess then finds the build (= host) machine through it
    else:
        bp, bpkind = build_python(src["upstream"].rsplit(".", 1)[0], work)
        args += ["--build=x86_64-pc-linux-gnu", "--host=" + host, "CC=" + cc,
                 # configure refuses a bare 'readelf' when cross compiling: give the path
                 "READELF=" + shutil.which("readelf"),
                 # what configure cannot find out without running host programs
                 "ac_cv_file__dev_ptmx=yes", "ac_cv_file__dev_ptc=no",
                 "ac_cv_buggy_getaddrinfo=no", "--with-build-python=" + bp]
    if "t" in abiflags:
        args.append("--disable-gil")
    if "d" in abiflags:
        args.append("--with-pydebug")
    t0 = time.time()
    log = open(os.path.join(bdir, "configure.out"), "w")
    p = subprocess.Popen(args, cwd=bdir, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    res = {"source": "%s %s (%s)" % (src["package"], src["version"], src["suite"]),
           "mode": mode, "host": host, "abiflags": abiflags, "cc": cc,
           "args": args[1:], "dir": bdir}
    if bp:
        res["build_python"] = "%s (%s)" % (bp, bpkind)
    seen_multiarch = False
    for line in p.stdout:
        log.write(line)
        m = re.match(r"checking (build|host) system type\.\.\. (\S+)", line)
        if m:
            res[m.group(1)] = m.group(2)
        m = re.match(r"checking for the platform triplet based on compiler characteristics\.\.\. (.*)", line)
        if m:
            res["triplet_check"] = m.group(1).strip()
        if "checking for multiarch..." in line:
            seen_multiarch = True
        if "configure: error:" in line:
            res["error"] = line.split("configure: error:", 1)[1].strip()
        elif seen_multiarch and stop_after_multiarch and "checking for multiarch" not in line:
            p.terminate()
            res["stopped"] = "after the multiarch check passed"
            break
    p.wait()
    log.close()
    res["rc"] = p.returncode
    res["print_multiarch"] = subprocess.run([cc, "--print-multiarch"], stdout=subprocess.PIPE,
                                            text=True).stdout.strip()
    res["seconds"] = round(time.time() - t0, 1)
    if p.returncode == 0:
        mk = open(os.path.join(bdir, "Makefile"), encoding="utf-8").read()
        for var in ("SOABI", "EXT_SUFFIX", "MULTIARCH", "ABIFLAGS"):
            m = re.search(r"^%s=[ \t]*(.*)$" % var, mk, re.M)
            res[var] = m.group(1).strip() if m else None
        st = open(os.path.join(bdir, "config.status"), encoding="utf-8").read()
        m = re.search(r'S\["PLATFORM_TRIPLET"\]="([^"]*)"', st)
        res["PLATFORM_TRIPLET"] = m.group(1) if m else None
    return res


def cmd_configure(table, sources_json, work, out_json):
    t0 = time.time()
    rows = read_table(table)
    avail = json.load(open(sources_json))["available"]
    for tool in ("musl-gcc", "readelf", "make"):
        if not shutil.which(tool):
            raise SystemExit("configure check needs %s" % tool)
    wrapper = os.path.join(work, "musl-cc")
    with open(wrapper, "w") as f:
        f.write(MUSL_CC_WRAPPER)
    os.chmod(wrapper, 0o755)
    jobs = configure_jobs(rows, avail)
    results = {"as_shipped": [], "runs": []}
    # configure mostly waits on many tiny compiler runs: more runs than cores helps
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1) + 1) as pool:
        futs = []
        # 1. Debian's musl-gcc as shipped: only up to the triplet/multiarch checks
        for (up, mode, host, abif), src in sorted(jobs.items(), key=str):
            if abif == "":
                tag = "shipped-%s-%s-%s" % (up, mode, host or "native")
                futs.append(("as_shipped", pool.submit(run_configure, src, mode, host, abif,
                                                       "musl-gcc", work, tag, True)))
        # 2. complete runs with the non-multiarch wrapper
        for (up, mode, host, abif), src in sorted(jobs.items(), key=str):
            tag = "%s-%s-%s%s" % (up, mode, host or "native", "-" + abif if abif else "")
            futs.append(("runs", pool.submit(run_configure, src, mode, host, abif, wrapper, work, tag)))
        for kind, f in futs:
            results[kind].append(f.result())
    results["seconds"] = round(time.time() - t0, 1)
    with open(out_json, "w") as f:
        json.dump(results, f, indent=1)
    return 0


def compare_configure(rows, results):
    print("\n== CPython's real ./configure with CC=musl-gcc (x86_64 musl rows)")
    for r in results["as_shipped"]:
        what = "native (build=host=%s)" % r.get("build") if r["mode"] == "native" else \
            "cross (--build=%s --host=%s)" % (r.get("build"), r.get("host"))
        print("  Debian's musl-gcc as shipped, %s %s: triplet check says %r, `musl-gcc "
              "--print-multiarch` %r -> %s" % (r["source"], what, r.get("triplet_check"),
                                              r.get("print_multiarch"),
                                              "configure: error: " + r["error"] if r.get("error")
                                              else "configure goes on"))
    bad = failed = 0
    by_key = {}
    for r in results["runs"]:
        by_key[(r["source"].split()[1].split("-")[0], r["mode"], r["host"], r["abiflags"])] = r
        what = "native, build=host=%s" % r.get("build") if r["mode"] == "native" else \
            "cross, --build=%s --host=%s" % (r.get("build"), r.get("host"))
        extra = (", --with-build-python=" + r["build_python"]) if r.get("build_python") else ""
        if r["rc"] != 0:
            print("  FAILED configure %s (%s%s%s): rc %s %s" % (
                r["source"], what, ", " + r["abiflags"] if r["abiflags"] else "", extra, r["rc"], r.get("error")))
            failed += 1
            continue
        print("  %s (%s%s%s, %.0f s): PLATFORM_TRIPLET=%s MULTIARCH=%s SOABI=%s EXT_SUFFIX=%s" % (
            r["source"], what, ", --disable-gil" if "t" in r["abiflags"] else "", extra,
            r["seconds"], r["PLATFORM_TRIPLET"], r["MULTIARCH"], r["SOABI"], r["EXT_SUFFIX"]))
    n = 0
    for row in rows:
        if row["triple"] != "x86_64-unknown-linux-musl" or row["python"] not in ("3.11", "3.13"):
            continue
        mode = "native" if row["musl_build"] == "native" else "cross"
        hits = [r for (up, m, h, a), r in by_key.items()
                if up.rsplit(".", 1)[0] == row["python"] and m == mode
                and (h == row["triple"] or mode == "native") and a == row["abiflags"]]
        for r in hits:
            n += 1
            if r["rc"] != 0:
                continue
            got = r.get("EXT_SUFFIX")
            if got != row["expected"]:
                bad += 1
                print("DISAGREE %s: expected %s, real configure (%s, %s) gives %s"
                      % (describe(row), row["expected"], r["source"], mode, got))
            else:
                print("  agree   %s: %s" % (describe(row), got))
    print("  %d table rows compared with real configure, %d disagree; %d configure runs failed"
          % (n, bad, failed))
    return bad + failed


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "cpp" and len(sys.argv) in (5, 7):
        conf = sys.argv[6] if len(sys.argv) == 7 and sys.argv[5] == "--configure" else None
        sys.exit(cmd_cpp(sys.argv[2], sys.argv[3], sys.argv[4], conf))
    if cmd == "configure" and len(sys.argv) == 6:
        sys.exit(cmd_configure(*sys.argv[2:6]))
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
