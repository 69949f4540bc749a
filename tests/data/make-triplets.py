#!/usr/bin/env python3
"""Write triplets.tsv: target triple + CPython version -> EXT_SUFFIX.

This is an independent model of CPython's platform-triplet detection, written
by reading CPython's configure.ac (3.8-3.12) and Misc/platform_triplet.c
(3.13, 3.14); see triplets-README.md. It is NOT derived from maturin-fix.
Usage: make-triplets.py > triplets.tsv   (deterministic output)
"""
import sys

VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]

# Rust's built-in targets whose float ABI their target specification fixes (rustc's
# compiler/rustc_target/src/spec/targets/<triple>.rs: "+soft-float" in the features, or not).
# For these triples, without --float-abi, the float ABI is known, not assumed.
RUST_SOFT = {
    "mips-unknown-linux-musl", "mipsel-unknown-linux-musl", "mips-unknown-linux-uclibc",
    "mipsel-unknown-linux-uclibc", "arm-unknown-linux-gnueabi", "armeb-unknown-linux-gnueabi",
    "armv4t-unknown-linux-gnueabi", "armv5te-unknown-linux-gnueabi",
    "armv7-unknown-linux-gnueabi", "arm-unknown-linux-musleabi", "armv5te-unknown-linux-musleabi",
    "armv7-unknown-linux-musleabi", "armv5te-unknown-linux-uclibceabi",
    "armv7-unknown-linux-uclibceabi",
}
RUST_HARD = {
    "mips-unknown-linux-gnu", "mipsel-unknown-linux-gnu", "mips64-unknown-linux-gnuabi64",
    "mips64el-unknown-linux-gnuabi64", "mipsisa32r6-unknown-linux-gnu",
    "mipsisa32r6el-unknown-linux-gnu", "mipsisa64r6-unknown-linux-gnuabi64",
    "mipsisa64r6el-unknown-linux-gnuabi64", "mips64-unknown-linux-muslabi64",
    "mips64el-unknown-linux-muslabi64", "mips64-openwrt-linux-musl",
}
NO_TRIPLET = ""  # detection fails -> SOABI has no platform part


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------------------
# 1. What a triple says about the target (what the C compiler would predefine)
# ---------------------------------------------------------------------------
def parse(triple):
    """Return a dict describing the target, or raise Unsupported."""
    parts = triple.split("-")
    if "linux" not in parts:
        raise Unsupported("not a Linux triple")
    i = parts.index("linux")
    arch = parts[0]
    env = "-".join(parts[i + 1:])  # '' for GNU style 'aarch64-poky-linux'
    t = {"arch": arch, "env": env}

    # libc from the environment part (GNU convention: bare 'linux' = glibc)
    if env.startswith("android"):
        t["libc"] = "android"
    elif env.startswith("musl"):
        t["libc"] = "musl"
    elif env.startswith("uclibc"):
        t["libc"] = "uclibc"
    elif env == "" or env.startswith("gnu"):
        t["libc"] = "gnu"
    else:
        raise Unsupported("unknown environment " + env)

    a = arch
    if a == "x86_64":
        t["cpu"] = "x32" if env.endswith("x32") else "x86_64"
    elif a in ("i386", "i486", "i586", "i686"):
        t["cpu"] = "i386"
    elif a in ("aarch64", "aarch64_be"):
        t["cpu"] = a
        t["ilp32"] = "ilp32" in env
    elif a.startswith(("arm", "thumb")):
        # every Linux ARM triple used today is EABI ('...eabi', '...eabihf', androideabi);
        # old-ABI 'arm-linux-gnu' has no __ARM_EABI__, so CPython finds no triplet for it
        if "eabi" not in env:
            t["cpu"] = "other"
            return t
        t["cpu"] = "arm"
        t["big_endian"] = a.startswith(("armeb", "thumbeb"))
        # the float ABI is stated only by an 'hf' suffix
        t["float"] = "hard" if env.endswith("hf") else None
        if t["libc"] == "android":
            t["float"] = "soft"  # Android ARM is always softfp; triplet ignores it anyway
    elif a in ("mips", "mipsel", "mips64", "mips64el",
               "mipsisa32r6", "mipsisa32r6el", "mipsisa64r6", "mipsisa64r6el"):
        t["cpu"] = "mips"
        t["el"] = a.endswith("el")
        t["r6"] = "r6" in a
        t["bits"] = 64 if "64" in a else 32
        if t["bits"] == 32:
            t["abi"] = "o32"
        elif "n32" in env:  # gnuabin32 (GNU/Debian), gnun32 (Yocto), musln32
            t["abi"] = "n32"
        else:  # gnuabi64, muslabi64 and plain gnu/musl (Yocto mips64-poky-linux) = n64
            t["abi"] = "n64"
        t["float"] = "soft" if env.endswith("sf") else None
    elif a in ("powerpc", "powerpc64", "powerpc64le"):
        t["cpu"] = a
        t["spe"] = "spe" in env
        t["float"] = "soft" if env.endswith("sf") else None
    elif a in ("s390", "s390x", "sparc", "sparc64", "m68k", "alpha", "ia64", "or1k", "sh4"):
        t["cpu"] = a
    elif a == "sparcv9":
        t["cpu"] = "sparc64"
    elif a.startswith("hppa"):
        t["cpu"] = "hppa"
    elif a.startswith("riscv32"):
        t["cpu"] = "riscv32"
    elif a.startswith("riscv64"):
        t["cpu"] = "riscv64"
    elif a == "loongarch64":
        t["cpu"] = "loongarch64"
        if env.endswith("sf"):
            t["float"] = "soft"
        elif env.endswith("f32"):
            t["float"] = "single"
        else:
            t["float"] = "double"  # gnu / gnuf64 / musl = lp64d
    elif a in ("csky", "arc", "microblaze", "microblazeel", "nios2", "xtensa",
               "hexagon", "sh4eb"):
        t["cpu"] = "other"  # Linux targets CPython's detection does not know
    else:
        raise Unsupported("unknown architecture " + a)
    return t


# ---------------------------------------------------------------------------
# 2. CPython's detection, per version
# ---------------------------------------------------------------------------
def triplet_configure_ac(t, version, musl_build):
    """3.8-3.12: conftest.c in configure.ac; glibc spellings for every libc."""
    cpu = t["cpu"]
    if t["libc"] == "android":
        return NO_TRIPLET, "__ANDROID__: no triplet ('Android is not a multiarch system')"
    if cpu == "x86_64":
        r, why = "x86_64-linux-gnu", "__x86_64__ && __LP64__"
    elif cpu == "x32":
        r, why = "x86_64-linux-gnux32", "__x86_64__ && __ILP32__"
    elif cpu == "i386":
        r, why = "i386-linux-gnu", "__i386__"
    elif cpu in ("aarch64", "aarch64_be"):
        r = cpu + ("_ilp32" if t["ilp32"] else "") + "-linux-gnu"
        why = "__aarch64__ && " + ("__AARCH64EB__" if cpu == "aarch64_be" else "__AARCH64EL__") + \
            (" && __ILP32__" if t["ilp32"] else "")
    elif cpu == "arm":
        r = ("armeb" if t["big_endian"] else "arm") + "-linux-gnueabi" + \
            ("hf" if t["float"] == "hard" else "")
        why = "__ARM_EABI__ && " + ("__ARM_PCS_VFP" if t["float"] == "hard" else "!__ARM_PCS_VFP") + \
            (" && !__ARMEL__" if t["big_endian"] else " && __ARMEL__")
    elif cpu == "mips":
        if t["float"] != "hard":
            return NO_TRIPLET, "MIPS branches all require __mips_hard_float; soft-float falls to '#error unknown platform triplet' -> none"
        if t["r6"]:
            m = "mipsisa32r6" if t["abi"] == "o32" else "mipsisa64r6"
        else:
            m = "mips" if t["abi"] == "o32" else "mips64"
        m += "el" if t["el"] else ""
        r = m + {"o32": "-linux-gnu", "n32": "-linux-gnuabin32", "n64": "-linux-gnuabi64"}[t["abi"]]
        why = "__mips_hard_float" + (" && __mips_isa_rev>=6" if t["r6"] else "") + \
            (" && _MIPSEL" if t["el"] else "") + " && _MIPS_SIM==" + \
            {"o32": "_ABIO32", "n32": "_ABIN32", "n64": "_ABI64"}[t["abi"]]
    elif cpu == "powerpc":
        r = "powerpc-linux-gnuspe" if t["spe"] else "powerpc-linux-gnu"
        why = "__powerpc__ && __SPE__" if t["spe"] else "__powerpc__ (float ABI not tested)"
    elif cpu in ("powerpc64", "powerpc64le", "s390", "s390x", "sparc", "sparc64",
                 "m68k", "alpha", "hppa", "ia64", "or1k", "sh4", "riscv32", "riscv64"):
        r = cpu + "-linux-gnu"
        why = MACRO[cpu]
    elif cpu == "loongarch64":
        if version < (3, 12):
            return NO_TRIPLET, "no __loongarch__ branch before 3.12 -> '#error unknown platform triplet' -> none"
        r = "loongarch64-linux-" + {"double": "gnu", "single": "gnuf32", "soft": "gnusf"}[t["float"]]
        why = "__loongarch__ && __loongarch_lp64 && __loongarch_" + t["float"] + "_float"
    else:
        return NO_TRIPLET, "no branch for this CPU -> '#error unknown platform triplet' -> none"
    # 3.11/3.12: text substitution when configure runs on a musl *build* machine
    if version >= (3, 11) and t["libc"] == "musl" and musl_build == "native":
        r = r.replace("linux-gnu", "linux-musl")
        why += "; then build_os=linux-musl* (native musl build): sed s/linux-gnu/linux-musl/"
    elif version >= (3, 11) and t["libc"] == "musl":
        why += "; build_os is glibc (cross build): no linux-musl substitution"
    elif t["libc"] in ("musl", "uclibc"):
        why += "; libc is not tested (gnu spelling for any libc)"
    return r, why


def triplet_platform_triplet_c(t):
    """3.13+: Misc/platform_triplet.c; libc detected from the target headers."""
    cpu, libc = t["cpu"], t["libc"]
    if libc == "android":
        r = {"x86_64": "x86_64-linux-android", "i386": "i686-linux-android",
             "aarch64": "aarch64-linux-android", "arm": "arm-linux-androideabi"}.get(cpu, NO_TRIPLET)
        return r, ("__ANDROID__ && " + MACRO.get(cpu, cpu)) if r else \
            "__ANDROID__ with another CPU: '#error unknown Android platform' -> none"
    if libc == "uclibc":
        return NO_TRIPLET, "__UCLIBC__: '#error uclibc not supported' -> none"
    L = "gnu" if libc == "gnu" else "musl"
    lib = "__GLIBC__" if libc == "gnu" else "musl (__DEFINED_va_list from <stdarg.h>)"
    if cpu == "x86_64":
        return "x86_64-linux-" + L, lib + ", __x86_64__ && __LP64__ -> LIBC"
    if cpu == "x32":
        return "x86_64-linux-" + L + "x32", lib + ", __x86_64__ && __ILP32__ -> LIBC_X32"
    if cpu == "i386":
        return "i386-linux-" + L, lib + ", __i386__ -> LIBC"
    if cpu in ("aarch64", "aarch64_be"):
        return cpu + ("_ilp32" if t["ilp32"] else "") + "-linux-" + L, \
            lib + ", __aarch64__ && " + ("__AARCH64EB__" if cpu == "aarch64_be" else "__AARCH64EL__") + \
            (" && __ILP32__" if t["ilp32"] else "") + " -> LIBC"
    if cpu == "arm":
        hf = t["float"] == "hard"
        return ("armeb" if t["big_endian"] else "arm") + "-linux-" + L + "eabi" + ("hf" if hf else ""), \
            lib + ", __ARM_EABI__ && " + ("!" if t["big_endian"] else "") + "__ARMEL__, " + \
            ("" if hf else "!") + "__ARM_PCS_VFP -> LIBC_ARM"
    if cpu == "loongarch64":
        return "loongarch64-linux-" + L + {"double": "", "single": "f32", "soft": "sf"}[t["float"]], \
            lib + ", __loongarch_lp64 && __loongarch_" + t["float"] + "_float -> LIBC_LA"
    if cpu == "mips":
        soft = t["float"] == "soft"
        sf = "sf" if soft else ""
        if libc == "gnu":
            suffix = {"o32": "gnu", "n32": "gnuabin32", "n64": "gnuabi64"}[t["abi"]]
            suffix = "gnusf" if (soft and t["abi"] == "o32") else suffix + sf
        else:  # musl: n64 is plain 'musl', n32 'musln32'
            suffix = {"o32": "musl", "n32": "musln32", "n64": "musl"}[t["abi"]] + sf
        if t["r6"]:
            m = "mipsisa64r6" if t["bits"] == 64 else "mipsisa32r6"
        else:
            m = "mips64" if t["bits"] == 64 else "mips"
        return m + ("el" if t["el"] else "") + "-linux-" + suffix, \
            lib + ", __mips__" + (" && __mips_isa_rev>=6" if t["r6"] else "") + \
            (" && _MIPSEL" if t["el"] else "") + (" && __mips64" if t["bits"] == 64 else "") + \
            ", _MIPS_SIM==" + {"o32": "_ABIO32", "n32": "_ABIN32", "n64": "_ABI64"}[t["abi"]] + \
            (" && !__mips_hard_float" if soft else " && __mips_hard_float") + " -> LIBC_MIPS"
    if cpu == "powerpc":
        if libc == "gnu":
            return ("powerpc-linux-gnuspe" if t["spe"] else "powerpc-linux-gnu"), \
                lib + ", __powerpc__, " + ("" if t["spe"] else "!") + "__SPE__ -> LIBC_PPC"
        soft = t["float"] == "soft" or t["spe"]
        return ("powerpc-linux-muslsf" if soft else "powerpc-linux-musl"), \
            lib + ", __powerpc__, " + ("_SOFT_FLOAT || __NO_FPRS__ (SPE has no FPRs)" if soft
                                       else "!_SOFT_FLOAT && !__NO_FPRS__") + " -> LIBC_PPC"
    if cpu in ("powerpc64", "powerpc64le", "s390", "s390x", "sparc", "sparc64",
               "m68k", "alpha", "hppa", "ia64", "or1k", "sh4", "riscv32", "riscv64"):
        return cpu + "-linux-" + L, lib + ", " + MACRO[cpu] + " -> LIBC"
    return NO_TRIPLET, "no branch for this CPU -> '#error unknown platform triplet' -> none"


MACRO = {
    "x86_64": "__x86_64__", "i386": "__i386__", "aarch64": "__aarch64__", "arm": "__arm__",
    "powerpc64": "__powerpc64__ && !__LITTLE_ENDIAN__", "powerpc64le": "__powerpc64__ && __LITTLE_ENDIAN__",
    "s390": "__s390__ && !__s390x__", "s390x": "__s390x__", "sparc": "__sparc__ && !__arch64__",
    "sparc64": "__sparc__ && __arch64__", "m68k": "__m68k__ && !__mcoldfire__", "alpha": "__alpha__",
    "hppa": "__hppa__", "ia64": "__ia64__", "or1k": "__or1k__", "sh4": "__sh__ && __LITTLE_ENDIAN__",
    "riscv32": "__riscv && __riscv_xlen==32", "riscv64": "__riscv && __riscv_xlen==64",
}

SOURCE_FILE = {
    (3, 8): "3.8.16 configure.ac conftest.c", (3, 9): "3.9.2 configure.ac conftest.c",
    (3, 10): "3.10.5 configure.ac conftest.c", (3, 11): "3.11.2 configure.ac conftest.c",
    (3, 12): "3.12.5 configure.ac conftest.c", (3, 13): "3.13.15 Misc/platform_triplet.c",
    (3, 14): "3.14.7 Misc/platform_triplet.c",
}


def ext_suffix(triple, python, abiflags, float_abi, musl_build):
    """Return (expected, decided, source) following the defaults in triplets-README.md."""
    if python not in VERSIONS:
        return "error", "yes", "CPython %s is outside 3.8-3.14 (3.7 still had 'm' ABI flag; 3.15 unreleased)" % python
    ver = tuple(int(x) for x in python.split("."))
    if abiflags not in ("", "d", "t", "td"):
        return "error", "yes", "ABIFLAGS is '' / d / t / td"
    if "t" in abiflags and ver < (3, 13):
        return "error", "yes", "'t' (--disable-gil) exists only from 3.13 configure.ac"
    try:
        t = parse(triple)
    except Unsupported as e:
        return "error", "yes", "not a Linux target CPython names modules for: " + str(e)

    # Inputs the triple may not carry: (value used, alternatives CPython could see)
    hidden_float = None
    rust_float = "soft" if triple in RUST_SOFT else "hard" if triple in RUST_HARD else None
    if float_abi:
        if t["cpu"] == "loongarch64":
            t["float"] = {"hard": "double"}.get(float_abi, float_abi)  # lp64d / lp64f / lp64s
        elif t["cpu"] in ("arm", "mips", "powerpc") and t["libc"] != "android":
            t["float"] = float_abi
    elif rust_float and t["cpu"] in ("arm", "mips") and t["float"] is None:
        t["float"] = rust_float  # rustc's target spec says it
    elif t["cpu"] == "arm" and t["float"] is None:
        t["float"], hidden_float = "soft", ["soft", "hard"]  # what '...eabi' literally says
    elif t["cpu"] in ("mips", "powerpc") and t["float"] is None:
        t["float"], hidden_float = "hard", ["hard", "soft"]
    mb = musl_build or "cross"

    def compute(tt, mbuild):
        if ver >= (3, 13):
            trip, why = triplet_platform_triplet_c(tt)
        else:
            trip, why = triplet_configure_ac(tt, ver, mbuild)
        soabi = "cpython-%d%d%s" % (ver[0], ver[1], abiflags) + ("-" + trip if trip else "")
        return "." + soabi + ".so", why, trip

    expected, why, trip = compute(t, mb)
    alternatives = set()
    for f in hidden_float or [t.get("float")]:
        for b in (["cross", "native"] if (not musl_build and t["libc"] == "musl") else [mb]):
            tt = dict(t)
            tt["float"] = f
            alternatives.add(compute(tt, b)[0])
    decided = "yes" if len(alternatives) == 1 else "no"
    notes = []
    if decided == "no":
        notes.append("other answers possible: " + " / ".join(sorted(alternatives - {expected})))
    if rust_float and not float_abi and t["cpu"] in ("arm", "mips"):
        notes.append("float ABI %s from rustc's target spec" % rust_float)
    # --musl-build says CPython was configured as upstream configures it (3.11/3.12, where
    # it matters); 3.13+ musl answers still depend on Yocto and the compiler's header order.
    if t["libc"] == "musl" and not (musl_build and ver < (3, 13)):
        decided = "no"
        notes.append("musl: Yocto overrides the triplet (see yocto.md)")
        if ver >= (3, 13):
            notes.append("musl detection needs musl's <stdarg.h> before the compiler's, else none")
    source = "%s: %s -> %s" % (SOURCE_FILE[ver], why, trip or "no triplet")
    if abiflags:
        source += "; ABIFLAGS '%s' (%s)" % (abiflags, "t=--disable-gil then d=--with-pydebug")
    if notes:
        source += " [" + "; ".join(notes) + "]"
    return expected, decided, source


# ---------------------------------------------------------------------------
# 3. The rows: (triple, versions, abiflags, float_abi, musl_build)
# ---------------------------------------------------------------------------
ALL = VERSIONS
EDGE = ["3.8", "3.12", "3.13", "3.14"]
CASES = [
    # glibc, stable rules on both sides of the 3.12/3.13 rewrite
    ("x86_64-unknown-linux-gnu", ALL + ["3.7", "3.15"], "", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.8", "3.12"], "d", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.12"], "t", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.12"], "td", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.13", "3.14"], "t", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.13", "3.14"], "td", "", ""),
    ("x86_64-unknown-linux-gnu", ["3.13"], "d", "", ""),
        ("x86_64-unknown-linux-gnux32", ["3.8", "3.13"], "", "", ""),
    ("i686-unknown-linux-gnu", ["3.9", "3.13"], "", "", ""),
    ("i586-unknown-linux-gnu", ["3.12"], "", "", ""),
    ("i386-pc-linux-gnu", ["3.14"], "", "", ""),
    ("aarch64-unknown-linux-gnu", EDGE, "", "", ""),
    ("aarch64-unknown-linux-gnu", ["3.14"], "t", "", ""),
    ("aarch64_be-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("aarch64-unknown-linux-gnu_ilp32", ["3.10", "3.13"], "", "", ""),
    ("aarch64_be-unknown-linux-gnu_ilp32", ["3.12", "3.14"], "", "", ""),
    # ARM EABI
    ("armv7-unknown-linux-gnueabihf", ALL, "", "", ""),
    ("armv7-unknown-linux-gnueabihf", ["3.12"], "d", "", ""),
    ("armv7-unknown-linux-gnueabihf", ["3.13"], "t", "", ""),
    ("armv7-unknown-linux-gnueabihf", ["3.14"], "td", "", ""),
    ("thumbv7neon-unknown-linux-gnueabihf", ["3.12", "3.13"], "", "", ""),
    ("arm-unknown-linux-gnueabihf", ["3.11", "3.14"], "", "", ""),
    ("armv6-unknown-linux-gnueabihf", ["3.13"], "", "", ""),
    ("arm-unknown-linux-gnueabi", ["3.8", "3.12", "3.13"], "", "", ""),
    ("arm-unknown-linux-gnueabi", ["3.12", "3.13"], "", "hard", ""),
    ("arm-unknown-linux-gnueabi", ["3.12", "3.13"], "", "soft", ""),
    ("armv5te-unknown-linux-gnueabi", ["3.10", "3.14"], "", "", ""),
    ("armv7-unknown-linux-gnueabi", ["3.13"], "", "", ""),
    ("armv7-unknown-linux-gnueabi", ["3.13"], "", "hard", ""),
    ("thumbv7neon-unknown-linux-gnueabi", ["3.12"], "", "", ""),
    ("armeb-unknown-linux-gnueabi", ["3.12", "3.13"], "", "", ""),
    ("armeb-unknown-linux-gnueabi", ["3.13"], "", "hard", ""),
    ("armeb-linux-gnueabihf", ["3.9", "3.14"], "", "", ""),
    # MIPS
    ("mips-unknown-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("mips-unknown-linux-gnu", ["3.12", "3.13"], "", "hard", ""),
    ("mips-unknown-linux-gnu", ["3.12", "3.13"], "", "soft", ""),
    ("mipsel-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("mipsel-unknown-linux-gnu", ["3.11", "3.13"], "", "soft", ""),
    ("mips64-unknown-linux-gnuabi64", ["3.12", "3.13"], "", "", ""),
    ("mips64el-unknown-linux-gnuabi64", ["3.8", "3.12", "3.13"], "", "", ""),
    ("mips64el-unknown-linux-gnuabi64", ["3.12", "3.13", "3.14"], "", "soft", ""),
    ("mips64el-unknown-linux-gnuabi64", ["3.13"], "", "hard", ""),
    ("mips64el-linux-gnuabin32", ["3.12", "3.13"], "", "", ""),
    ("mips64-linux-gnuabin32", ["3.12", "3.13"], "", "soft", ""),
    ("mips64-linux-gnuabi64sf", ["3.12", "3.13"], "", "", ""),
    ("mipsel-linux-gnusf", ["3.12", "3.13"], "", "", ""),
    ("mipsisa32r6-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("mipsisa32r6el-unknown-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("mipsisa32r6el-unknown-linux-gnu", ["3.12", "3.13"], "", "soft", ""),
    ("mipsisa64r6-unknown-linux-gnuabi64", ["3.9", "3.14"], "", "", ""),
    ("mipsisa64r6el-unknown-linux-gnuabi64", ["3.12", "3.13"], "", "", ""),
    ("mipsisa64r6el-linux-gnuabin32", ["3.12", "3.13"], "", "", ""),
    ("mipsisa64r6el-unknown-linux-gnuabi64", ["3.13"], "", "soft", ""),
    # PowerPC
    ("powerpc-unknown-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("powerpc-unknown-linux-gnu", ["3.13"], "", "soft", ""),
    ("powerpc-unknown-linux-gnuspe", ["3.12", "3.13"], "", "", ""),
    ("powerpc64-unknown-linux-gnu", ["3.10", "3.13"], "", "", ""),
    ("powerpc64le-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("powerpc64le-unknown-linux-gnu", ["3.13"], "t", "", ""),
    # s390, RISC-V, LoongArch, SPARC and the rest
    ("s390x-unknown-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("s390-linux-gnu", ["3.11", "3.13"], "", "", ""),
    ("riscv64gc-unknown-linux-gnu", ["3.8", "3.12", "3.13"], "", "", ""),
    ("riscv64-linux-gnu", ["3.12"], "d", "", ""),
    ("riscv32gc-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("loongarch64-unknown-linux-gnu", ["3.8", "3.11", "3.12", "3.13", "3.14"], "", "", ""),
    ("loongarch64-unknown-linux-gnu", ["3.11", "3.12", "3.13"], "", "single", ""),
    ("loongarch64-unknown-linux-gnu", ["3.11", "3.12", "3.14"], "", "soft", ""),
    ("loongarch64-unknown-linux-gnu", ["3.12"], "", "hard", ""),
    ("loongarch64-linux-gnusf", ["3.11", "3.12", "3.13"], "", "", ""),
    ("loongarch64-linux-gnuf32", ["3.12", "3.13"], "", "", ""),
    ("loongarch64-linux-gnuf64", ["3.13"], "", "", ""),
    ("sparc64-unknown-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("sparc-unknown-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("sh4-linux-gnu", ["3.8", "3.13"], "", "", ""),
    ("sh4eb-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("m68k-unknown-linux-gnu", ["3.9", "3.13"], "", "", ""),
    ("alpha-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("hppa-linux-gnu", ["3.12", "3.14"], "", "", ""),
    ("hppa1.1-unknown-linux-gnu", ["3.13"], "", "", ""),
    ("ia64-linux-gnu", ["3.10", "3.13"], "", "", ""),
    ("or1k-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("csky-unknown-linux-gnuabiv2", ["3.12", "3.13"], "", "", ""),
    ("csky-unknown-linux-gnuabiv2hf", ["3.13"], "t", "", ""),
    ("arc-linux-gnu", ["3.12", "3.14"], "", "", ""),
    ("microblaze-linux-gnu", ["3.12", "3.13"], "", "", ""),
    ("nios2-linux-gnu", ["3.13"], "", "", ""),
    ("xtensa-linux-gnu", ["3.12"], "", "", ""),
    ("hexagon-unknown-linux-musl", ["3.13"], "", "", ""),
    # musl: gnu spellings <= 3.10, build-machine dependent 3.11/3.12, detected 3.13+
    ("x86_64-unknown-linux-musl", ["3.10", "3.11", "3.12", "3.13", "3.14"], "", "", ""),
    ("x86_64-unknown-linux-musl", ["3.10", "3.11", "3.12", "3.13"], "", "", "native"),
    ("x86_64-unknown-linux-musl", ["3.11", "3.12"], "", "", "cross"),
    ("x86_64-unknown-linux-musl", ["3.13"], "t", "", ""),
    ("i686-unknown-linux-musl", ["3.10", "3.12", "3.13"], "", "", ""),
    ("i686-unknown-linux-musl", ["3.12"], "", "", "native"),
    ("aarch64-unknown-linux-musl", ["3.11", "3.13"], "", "", ""),
    ("aarch64-unknown-linux-musl", ["3.11"], "", "", "native"),
    ("armv7-unknown-linux-musleabihf", ["3.10", "3.12", "3.13"], "", "", ""),
    ("armv7-unknown-linux-musleabihf", ["3.12"], "", "", "native"),
    ("arm-unknown-linux-musleabi", ["3.12", "3.13"], "", "", ""),
    ("arm-unknown-linux-musleabi", ["3.13"], "", "hard", ""),
    ("arm-unknown-linux-musleabi", ["3.12"], "", "hard", "native"),
    ("mips-unknown-linux-musl", ["3.10", "3.12", "3.13"], "", "", ""),
    ("mips-unknown-linux-musl", ["3.12", "3.13"], "", "soft", ""),
    ("mipsel-unknown-linux-musl", ["3.13"], "", "", ""),
    ("mipsel-unknown-linux-musl", ["3.12"], "", "hard", "native"),
    ("mips64-unknown-linux-muslabi64", ["3.12", "3.13"], "", "", ""),
    ("mips64el-unknown-linux-muslabi64", ["3.12", "3.13", "3.14"], "", "hard", "native"),
    ("mips64el-unknown-linux-muslabi64", ["3.13"], "", "soft", ""),
    ("mips64-linux-musln32", ["3.12", "3.13"], "", "hard", ""),
    ("mips64el-linux-musln32sf", ["3.13"], "", "", ""),
    ("powerpc-unknown-linux-musl", ["3.12", "3.13"], "", "", ""),
    ("powerpc-unknown-linux-musl", ["3.13"], "", "soft", ""),
    ("powerpc-unknown-linux-musl", ["3.13"], "", "hard", ""),
    ("powerpc-unknown-linux-muslspe", ["3.10", "3.12", "3.13"], "", "", ""),
    ("powerpc-unknown-linux-muslspe", ["3.12"], "", "", "native"),
    ("powerpc64le-unknown-linux-musl", ["3.12", "3.13"], "", "", ""),
    ("s390x-unknown-linux-musl", ["3.13"], "", "", ""),
    ("riscv64gc-unknown-linux-musl", ["3.11", "3.13"], "", "", "native"),
    ("loongarch64-unknown-linux-musl", ["3.11", "3.12", "3.13"], "", "", ""),
    ("loongarch64-unknown-linux-musl", ["3.12"], "", "single", "native"),
    ("loongarch64-unknown-linux-musl", ["3.13"], "", "soft", ""),
    ("x86_64-linux-muslx32", ["3.11", "3.13"], "", "", "native"),
    # uClibc: gnu spellings <= 3.12, unsupported (no triplet) 3.13+
    ("armv7-unknown-linux-uclibceabihf", ["3.8", "3.12", "3.13"], "", "", ""),
    ("armv5te-unknown-linux-uclibceabi", ["3.12", "3.13"], "", "", ""),
    ("mipsel-unknown-linux-uclibc", ["3.12", "3.13"], "", "", ""),
    ("mipsel-unknown-linux-uclibc", ["3.12"], "", "soft", ""),
    ("x86_64-buildroot-linux-uclibc", ["3.11", "3.14"], "", "", ""),
    # Android: no triplet <= 3.12, 3.13+ knows four CPUs
    ("aarch64-linux-android", ["3.12", "3.13"], "", "", ""),
    ("armv7-linux-androideabi", ["3.12", "3.13"], "", "", ""),
    ("thumbv7neon-linux-androideabi", ["3.13"], "", "", ""),
    ("arm-linux-androideabi", ["3.14"], "", "", ""),
    ("x86_64-linux-android", ["3.12", "3.13"], "", "", ""),
    ("i686-linux-android", ["3.11", "3.13"], "", "", ""),
    ("riscv64-linux-android", ["3.13"], "", "", ""),
    ("aarch64-linux-android", ["3.13"], "t", "", ""),
    # Yocto vendor triples beyond the MACHINE table
    ("x86_64-oe-linux-musl", ["3.12", "3.13"], "", "", ""),
    ("x86_64-poky-linux-gnux32", ["3.12", "3.13"], "", "", ""),
    ("mips64-poky-linux-gnun32", ["3.12", "3.13"], "", "", ""),
    ("mips64el-poky-linux-gnun32", ["3.13"], "", "hard", ""),
    ("powerpc-poky-linux-gnuspe", ["3.12", "3.13"], "", "", ""),
    ("arm-poky-linux-musleabi", ["3.12", "3.13"], "", "hard", ""),
    ("armv7-poky-linux-musleabihf", ["3.13"], "", "", ""),
    ("aarch64_be-poky-linux", ["3.13"], "", "", ""),
    ("armeb-poky-linux-gnueabi", ["3.12"], "", "hard", ""),
    ("riscv32-poky-linux", ["3.13"], "", "", ""),
    ("arm-poky-linux-gnueabi", ["3.12", "3.13", "3.14"], "", "hard", ""),
    ("arm-poky-linux-gnueabi", ["3.13"], "", "soft", ""),
    ("mips-poky-linux", ["3.13"], "", "soft", ""),
    ("loongarch64-poky-linux", ["3.11"], "", "", ""),
    # not Linux, or not a triple
    ("x86_64-apple-darwin", ["3.12"], "", "", ""),
    ("x86_64-pc-windows-msvc", ["3.13"], "", "", ""),
    ("wasm32-wasip1", ["3.13"], "", "", ""),
    ("armebv7r-none-eabihf", ["3.13"], "", "", ""),
    ("foo-unknown-linux-gnu", ["3.13"], "", "", ""),
    ("arm-unknown-linux-gnu", ["3.12"], "", "", ""),
    ("linux", ["3.12"], "", "", ""),
]

# yocto.md MACHINE table: (MACHINE, TARGET_SYS, RUST_TARGET_SYS)
YOCTO_MACHINES = [
    ("qemuarm", "arm-poky-linux-gnueabi", "armv7-poky-linux-gnueabihf"),
    ("qemuarmv5", "arm-poky-linux-gnueabi", "arm-poky-linux-gnueabi"),
    ("qemuarm64", "aarch64-poky-linux", "aarch64-poky-linux-gnu"),
    ("qemumips", "mips-poky-linux", "mips-poky-linux-gnu"),
    ("qemumips64", "mips64-poky-linux", "mips64-poky-linux-gnu"),
    ("qemuppc", "powerpc-poky-linux", "powerpc-poky-linux-gnu"),
    ("qemuppc64", "powerpc64le-poky-linux", "powerpc64le-poky-linux-gnu"),
    ("qemux86", "i686-poky-linux", "i686-poky-linux-gnu"),
    ("qemux86-64", "x86_64-poky-linux", "x86_64-poky-linux-gnu"),
    ("qemuriscv64", "riscv64-poky-linux", "riscv64-poky-linux-gnu"),
    ("qemuloongarch64", "loongarch64-poky-linux", "loongarch64-poky-linux-gnu"),
]


def rows():
    seen = set()
    out = []

    def add(triple, py, abiflags, float_abi, musl_build, note=""):
        key = (triple, py, abiflags, float_abi, musl_build)
        if key in seen:
            return
        seen.add(key)
        expected, decided, source = ext_suffix(triple, py, abiflags, float_abi, musl_build)
        out.append((triple, py, abiflags, float_abi, musl_build, expected, decided, note + source))

    for triple, versions, abiflags, float_abi, musl_build in CASES:
        for py in versions:
            add(triple, py, abiflags, float_abi, musl_build)
    # Every Rust built-in target whose float ABI the model takes from rustc's spec, so that
    # each entry of RUST_SOFT/RUST_HARD (and of the tool's own list) is exercised.
    for triple in sorted(RUST_SOFT | RUST_HARD):
        for py in ("3.12", "3.13"):
            add(triple, py, "", "", "", "rustc target; ")
    for machine, target_sys, rust_sys in YOCTO_MACHINES:
        for py in ("3.12", "3.13"):
            add(rust_sys, py, "", "", "", "yocto.md %s RUST_TARGET_SYS; " % machine)
            add(target_sys, py, "", "", "", "yocto.md %s TARGET_SYS; " % machine)
    return out


def main():
    w = sys.stdout.write
    w("triple\tpython\tabiflags\tfloat_abi\tmusl_build\texpected\tdecided\tsource\n")
    for r in rows():
        assert all("\t" not in c and "\n" not in c for c in r)
        w("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
