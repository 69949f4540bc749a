# nooelint: oelint.bbclass.underscores - recipes use `inherit maturin-fix`, like cargo-update-recipe-crates
#
# SPDX-License-Identifier: MIT
#
# maturin-fix.bbclass: give the Python extension modules of a maturin/PyO3
# recipe the file name that the target CPython imports.
#
# Usage, in a recipe (after python_maturin or python_setuptools3_rust):
#
#   inherit python_maturin maturin-fix
#
# maturin names cross-built modules from the Rust target triple, e.g.
# foo.cpython-312-armv7l-linux-gnueabihf.so on qemuarm, while the target
# CPython only imports foo.cpython-312-arm-linux-gnueabihf.so. This class
#  1. (root cause) adds the target's ext_suffix= to ${PYO3_CONFIG_FILE} after
#     do_configure, so that maturin names the module right in the wheel;
#  2. (safety net) runs `maturin-fix fix` on ${D} after do_install;
#  3. adds the QA check "python-ext-suffix" (in WARN_QA for this recipe).
# The target python's sysconfigdata in the recipe sysroot is the source of
# truth; RUST_HOST_SYS + PYTHON_BASEVERSION is only a fallback.

DEPENDS:append = " maturin-fix-native"

# "1": run the fixes below; "0": do nothing but the QA check.
MATURIN_FIX_ENABLED ??= "1"

# rename: rename each mis-named module in place (and its RECORD rows).
# symlink: keep the file, add a correctly named relative symlink next to it.
MATURIN_FIX_MODE ??= "rename"

# Directories inside ${D} to fix (space-separated target paths).
MATURIN_FIX_PATHS ??= "${PYTHON_SITEPACKAGES_DIR}"

# Overrides of the target's truth; the first one set wins. Leave both empty
# to read the sysconfigdata of the python3 in the recipe sysroot.
MATURIN_FIX_EXT_SUFFIX ??= ""
MATURIN_FIX_SYSCONFIGDATA ??= ""

# Extra arguments for `maturin-fix fix`, e.g. "-v". Do not pass --format.
MATURIN_FIX_EXTRA_ARGS ??= ""

# Root cause: write ext_suffix=<target EXT_SUFFIX> into ${PYO3_CONFIG_FILE}.
# auto: only when every pyo3-build-config in the Cargo.lock files under ${S}
#       is 0.18.1 or newer (older ones reject unknown keys in that file);
# 1: always; 0: never.
MATURIN_FIX_PYO3_CONFIG ??= "auto"

# Where the target python lives: its sysroot, libdir and version. These are
# also the tool's environment defaults, exported for `bitbake -c devshell`.
MATURIN_FIX_SYSROOT ??= "${STAGING_DIR_HOST}"
MATURIN_FIX_LIBDIR ??= "${libdir}"
# Native recipes install into the native sysroot by absolute path (empty
# STAGING_DIR_HOST); their python is python3-native there.
MATURIN_FIX_SYSROOT:class-native = "${STAGING_DIR_NATIVE}"
MATURIN_FIX_LIBDIR:class-native = "${libdir_native}"
MATURIN_FIX_PYTHON ??= "${PYTHON_BASEVERSION}"
# nooelint: oelint.vars.mispell.unknown - the tool's own environment variable
MATURIN_FIX_ROOT ??= "${@':'.join(d.getVar('D') + p for p in (d.getVar('MATURIN_FIX_PATHS') or '').split())}"

QAPKGTEST[python-ext-suffix] = "maturin_fix_qa_check_ext_suffix"
WARN_QA:append = " ${@maturin_fix_warn_qa(d)}"

do_configure[postfuncs] += "maturin_fix_pyo3_config"
do_install[postfuncs] += "maturin_fix_install"

def maturin_fix_warn_qa(d):
    """Add python-ext-suffix to WARN_QA unless it was promoted to ERROR_QA."""
    if "python-ext-suffix" in (d.getVar("ERROR_QA") or "").split():
        return ""
    return "python-ext-suffix"

def maturin_fix_python_dirs(d):
    """The directories where the target python's build data can be."""
    import os
    sysroot = d.getVar("MATURIN_FIX_SYSROOT") or ""
    libdir = sysroot + (d.getVar("MATURIN_FIX_LIBDIR") or "")
    return [os.path.join(libdir, "python" + (d.getVar("MATURIN_FIX_PYTHON") or "")),
            os.path.join(libdir, "python-sysconfigdata")]

def maturin_fix_sysroot_has_python(d):
    import glob, os
    for pydir in maturin_fix_python_dirs(d):
        if glob.glob(os.path.join(pydir, "_sysconfigdata*.py")) or \
           os.path.exists(os.path.join(pydir, "build-details.json")):
            return True
    return False

def maturin_fix_source_args(d, warn=True):
    """Arguments telling maturin-fix what the target python imports."""
    import os
    suffix = d.getVar("MATURIN_FIX_EXT_SUFFIX")
    if suffix:
        return ["--ext-suffix", suffix]
    sysconfigdata = d.getVar("MATURIN_FIX_SYSCONFIGDATA")
    if sysconfigdata:
        return ["--sysconfigdata", sysconfigdata]
    python = d.getVar("MATURIN_FIX_PYTHON")
    sysroot = d.getVar("MATURIN_FIX_SYSROOT") or ""
    # The build host's own python is never the target's: a sysroot that
    # would make the class read it (or something relative to the cwd) stops.
    why = ("it is empty" if not sysroot else
           "it is not an absolute path" if not os.path.isabs(sysroot) else
           "it is the build host's own /" if os.path.realpath(sysroot) == "/" else None)
    if why:
        bb.fatal("maturin-fix: MATURIN_FIX_SYSROOT = \"%s\" cannot hold the target python: %s. "
                 "Set MATURIN_FIX_SYSROOT to the sysroot that holds it (STAGING_DIR_HOST, or "
                 "STAGING_DIR_NATIVE for native recipes), or set MATURIN_FIX_SYSCONFIGDATA or "
                 "MATURIN_FIX_EXT_SUFFIX" % (sysroot, why))
    if maturin_fix_sysroot_has_python(d):
        return ["--sysroot", d.getVar("MATURIN_FIX_SYSROOT"),
                "--libdir", d.getVar("MATURIN_FIX_LIBDIR"),
                "--python", python]
    msg = ("maturin-fix: no sysconfigdata of python %s in %s; deriving the "
           "suffix from RUST_HOST_SYS=%s instead (set MATURIN_FIX_SYSCONFIGDATA "
           "or MATURIN_FIX_EXT_SUFFIX to be exact)"
           % (python, " or ".join(maturin_fix_python_dirs(d)), d.getVar("RUST_HOST_SYS")))
    if warn:
        bb.warn(msg)
    else:
        bb.note(msg)
    return ["--target", d.getVar("RUST_HOST_SYS"), "--python", python]

def maturin_fix_run(d, args):
    """Run maturin-fix from the recipe's PATH; return (exit code, stdout, stderr)."""
    import os, subprocess
    path = d.getVar("PATH")
    tool = bb.utils.which(path, "maturin-fix")
    if not tool:
        bb.fatal("maturin-fix is not in PATH; is maturin-fix-native in DEPENDS?")
    # Only the arguments decide; the exported devshell defaults must not.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATURIN_FIX_")}
    env["PATH"] = path
    proc = subprocess.run([tool] + args, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    return proc.returncode, proc.stdout, proc.stderr

def maturin_fix_report(stdout):
    """The tool's --format json report, or None when stdout is not one."""
    import json
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None

def maturin_fix_problems(report, stderr):
    """The tool's own words about what went wrong."""
    lines = []
    for problem in (report or {}).get("problems") or []:
        lines.append("%s: %s" % (problem.get("path"), problem.get("message")))
    if stderr.strip():
        lines.append(stderr.strip())
    return "\n".join(lines) or "(maturin-fix gave no message)"

python maturin_fix_install() {
    import os, shlex
    if not bb.utils.to_boolean(d.getVar("MATURIN_FIX_ENABLED")):
        return
    dest = d.getVar("D")
    roots = []
    for path in (d.getVar("MATURIN_FIX_PATHS") or "").split():
        root = dest + path
        if os.path.isdir(root):
            roots.append(root)
        else:
            bb.note("maturin-fix: %s is not installed, nothing to fix there" % path)
    if not roots:
        return
    args = ["fix", "--format", "json", "--mode", d.getVar("MATURIN_FIX_MODE")]
    for root in roots:
        args += ["--root", root]
    args += maturin_fix_source_args(d)
    args += shlex.split(d.getVar("MATURIN_FIX_EXTRA_ARGS") or "")
    bb.note("Running maturin-fix %s" % " ".join(shlex.quote(a) for a in args))
    code, out, err = maturin_fix_run(d, args)
    report = maturin_fix_report(out)
    if code != 0:
        bb.fatal("maturin-fix could not fix the extension modules in %s (exit %d):\n%s"
                 % (" ".join(roots), code, maturin_fix_problems(report, err)))
    for line in err.splitlines():
        bb.note("maturin-fix: %s" % line)
    if report is None:
        for line in out.splitlines():
            bb.note("maturin-fix: %s" % line)
        return
    for entry in report.get("files") or []:
        if entry.get("action") and entry.get("done", True):
            bb.note("maturin-fix: %s %s -> %s" % (entry["action"],
                    os.path.relpath(entry["path"], dest),
                    os.path.relpath(entry.get("destination") or entry["path"], dest)))
        elif entry.get("importable") is False:
            # Not the tool's to change (e.g. built for another Python): kept
            # as it is; the QA check python-ext-suffix reports it.
            bb.note("maturin-fix: left %s alone: %s" % (os.path.relpath(entry["path"], dest),
                    entry.get("message") or entry.get("status")))
    for record in report.get("records") or []:
        if record.get("done", True):
            bb.note("maturin-fix: updated %s (%s rows changed, %s added)" % (
                    os.path.relpath(record["path"], dest),
                    record.get("rows_changed"), record.get("rows_added")))
}
maturin_fix_install[doc] = "do_install postfunc: give mis-named extension modules in ${D} the target's suffix"
maturin_fix_install[vardepsexclude] += "PATH"

def maturin_fix_pyo3_build_config_versions(d):
    """Versions of pyo3-build-config in the Cargo.lock files under ${S}."""
    import os, re
    versions = []
    package = re.compile(r'^\[\[package\]\]\s*$')
    field = re.compile(r'^(name|version)\s*=\s*"([^"]*)"\s*$')
    for top, dirs, files in os.walk(d.getVar("S")):
        dirs[:] = [x for x in dirs if x not in (".git", ".pc", "target")]
        if "Cargo.lock" not in files:
            continue
        current = {}
        with open(os.path.join(top, "Cargo.lock")) as lock:
            for line in list(lock) + ["[[package]]"]:
                if package.match(line):
                    if current.get("name") == "pyo3-build-config":
                        versions.append(current.get("version", ""))
                    current = {}
                else:
                    m = field.match(line.strip())
                    if m:
                        current[m.group(1)] = m.group(2)
    return versions

def maturin_fix_version_tuple(version):
    import re
    return tuple(int(x) for x in re.findall(r"\d+", version.split("-")[0])[:3])

python maturin_fix_pyo3_config() {
    import os
    knob = d.getVar("MATURIN_FIX_PYO3_CONFIG") or "auto"
    if not bb.utils.to_boolean(d.getVar("MATURIN_FIX_ENABLED")) or knob == "0":
        return
    config = d.getVar("PYO3_CONFIG_FILE")
    if not config or not os.path.isfile(config):
        bb.note("maturin-fix: no PYO3_CONFIG_FILE to add ext_suffix= to")
        return
    if knob == "auto":
        versions = maturin_fix_pyo3_build_config_versions(d)
        if not versions:
            bb.note("maturin-fix: no pyo3-build-config in a Cargo.lock under %s; "
                    "leaving %s alone" % (d.getVar("S"), config))
            return
        old = [v for v in versions if maturin_fix_version_tuple(v) < (0, 18, 1)]
        if old:
            bb.note("maturin-fix: pyo3-build-config %s rejects unknown keys in %s "
                    "(accepted from 0.18.1); leaving it alone" % (", ".join(old), config))
            return
    with open(config) as f:
        text = f.read()
    if any(line.startswith("ext_suffix=") for line in text.splitlines()):
        bb.note("maturin-fix: %s already has ext_suffix=" % config)
        return
    code, out, err = maturin_fix_run(d, ["suffix"] + maturin_fix_source_args(d, warn=False))
    suffix = out.strip()
    if code != 0 or not suffix:
        bb.warn("maturin-fix: could not determine the target's EXT_SUFFIX (exit %d), "
                "leaving %s alone; do_install will still fix the names:\n%s"
                % (code, config, err.strip()))
        return
    with open(config, "a") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        f.write("ext_suffix=%s\n" % suffix)
    bb.note("maturin-fix: added ext_suffix=%s to %s" % (suffix, config))
}
maturin_fix_pyo3_config[doc] = "do_configure postfunc: add the target's ext_suffix= to ${PYO3_CONFIG_FILE}"
maturin_fix_pyo3_config[vardepsexclude] += "PATH"

def maturin_fix_qa_check_ext_suffix(package, d, messages=None):
    """
    QA check python-ext-suffix: every extension module in the package must
    carry a suffix the target python imports. Works with both QA APIs:
    scarthgap passes a messages dict, later releases use oe.qa.handle_error.
    """
    import os, oe.qa
    def report(msg):
        if messages is None:
            oe.qa.handle_error("python-ext-suffix", msg, d)
        else:
            oe.qa.add_message(messages, "python-ext-suffix", msg)

    # Debug info split off a module keeps its name but is never imported.
    if package.endswith("-dbg"):
        return
    pkgdir = os.path.join(d.getVar("PKGDEST"), package)
    if not os.path.isdir(pkgdir):
        return
    args = ["check", "--format", "json", "--root", pkgdir] + maturin_fix_source_args(d, warn=False)
    code, out, err = maturin_fix_run(d, args)
    result = maturin_fix_report(out)
    if code not in (0, 1) or result is None:
        report("%s: maturin-fix could not check the package (exit %d): %s"
               % (package, code, maturin_fix_problems(result, err)))
        return
    suffix = (result.get("target") or {}).get("ext_suffix")
    reported = set()
    for entry in result.get("files") or []:
        # true: imports; null: not a Python module at all (a vendored
        # libfoo.so); false: a module the target cannot import, whatever the
        # reason (mis-named, built for another Python or ABI, not loadable).
        if entry.get("importable") is not False:
            continue
        reported.add(entry["path"])
        relpath = os.path.relpath(entry["path"], pkgdir)
        why = entry.get("message") or entry.get("status")
        if entry.get("destination"):
            why += "; `maturin-fix fix` would name it " + os.path.basename(entry["destination"])
        report("%s: /%s cannot be imported by the target python (it imports %s): %s"
               % (package, relpath, suffix, why))
    # What the tool could not look at (an unreadable directory ...) was not checked.
    for problem in result.get("problems") or []:
        if problem.get("path") in reported:
            continue
        where = problem.get("path")
        where = "/" + os.path.relpath(where, pkgdir) if where else pkgdir
        report("%s: maturin-fix could not check %s: %s" % (package, where, problem.get("message")))

def maturin_fix_is_module_symlink(path):
    """A symlink made by symlink mode: <stem>.<tag>.so -> <stem>.<other tag>.so in one directory."""
    import os
    if not os.path.islink(path):
        return False
    name, target = os.path.basename(path), os.readlink(path)
    parts, target_parts = name.split("."), target.split(".")
    return "/" not in target and len(parts) >= 3 and len(target_parts) >= 3 and \
        parts[-1] == target_parts[-1] == "so" and parts[0] == target_parts[0] and \
        os.path.isfile(os.path.join(os.path.dirname(path), target))

def maturin_fix_qa_check_dev_so(path, name, d, elf, messages=None):
    """
    dev-so, minus the module symlinks of symlink mode (both QA APIs). Fails
    closed: without the original check the task stops, dev-so is never skipped.
    """
    original = d.getVar("MATURIN_FIX_DEV_SO_CHECK")
    check = globals().get(original) if original else None
    if not callable(check):
        why = ("the original check (MATURIN_FIX_DEV_SO_CHECK) is not set" if not original else
               "the original check QAPATHTEST[dev-so] = \"%s\" is not a function BitBake knows" % original)
        bb.fatal("maturin-fix: MATURIN_FIX_MODE = \"symlink\" lets the dev-so QA check skip the "
                 "module symlinks by wrapping it, but %s, so dev-so cannot run. Set "
                 "MATURIN_FIX_MODE = \"rename\", or skip dev-so knowingly with "
                 "INSANE_SKIP:%s += \"dev-so\"" % (why, name))
    if maturin_fix_is_module_symlink(path):
        return
    if messages is None:
        check(path, name, d, elf)
    else:
        check(path, name, d, elf, messages)

# nooelint: oelint.task.noanonpython - export and QA flags depend on the knobs' final values
python __anonymous() {
    # The tool's environment defaults, for `bitbake -c devshell`: one source only.
    exports = ["MATURIN_FIX_ROOT", "MATURIN_FIX_MODE"]
    if d.getVar("MATURIN_FIX_EXT_SUFFIX"):
        exports.append("MATURIN_FIX_EXT_SUFFIX")
    elif d.getVar("MATURIN_FIX_SYSCONFIGDATA"):
        exports.append("MATURIN_FIX_SYSCONFIGDATA")
    else:
        exports += ["MATURIN_FIX_SYSROOT", "MATURIN_FIX_LIBDIR", "MATURIN_FIX_PYTHON"]
    for var in exports:
        d.setVarFlag(var, "export", "1")

    # A symlink named *.so in a non-dev package trips dev-so; in symlink mode
    # the module symlinks are intended, so let dev-so skip exactly those.
    if d.getVar("MATURIN_FIX_MODE") == "symlink":
        check = d.getVarFlag("QAPATHTEST", "dev-so")
        if check and check != "maturin_fix_qa_check_dev_so":
            d.setVar("MATURIN_FIX_DEV_SO_CHECK", check)
            d.setVarFlag("QAPATHTEST", "dev-so", "maturin_fix_qa_check_dev_so")
            d.appendVarFlag("do_package_qa", "vardeps", " maturin_fix_qa_check_dev_so")
}
