# SPDX-License-Identifier: MIT
"""
The QA checks: python-ext-suffix, and dev-so minus symlink mode's module
symlinks. Both QA APIs: scarthgap passes a messages dict (oe.qa.add_message),
later releases pass none (oe.qa.handle_error).
"""
import os

import bb

import maturin_fix.source
import maturin_fix.tool


def warn_qa(d):
    """python-ext-suffix for WARN_QA, unless it was promoted to ERROR_QA."""
    if "python-ext-suffix" in (d.getVar("ERROR_QA") or "").split():
        return ""
    return "python-ext-suffix"


def check_ext_suffix(package, d, messages=None):
    """
    QA check python-ext-suffix: every extension module in the package must
    carry a suffix the target python imports.
    """
    import oe.qa
    # Debug info split off a module keeps its name but is never imported.
    if package.endswith("-dbg"):
        return
    pkgdir = os.path.join(d.getVar("PKGDEST"), package)
    if not os.path.isdir(pkgdir):
        return
    args = ["check", "--format", "json", "--root", pkgdir] + maturin_fix.source.args(d, warn=False)
    code, out, err = maturin_fix.tool.run(d, args)
    for msg in ext_suffix_issues(package, pkgdir, code, maturin_fix.tool.parse_report(out), err):
        if messages is None:
            oe.qa.handle_error("python-ext-suffix", msg, d)
        else:
            oe.qa.add_message(messages, "python-ext-suffix", msg)


def ext_suffix_issues(package, pkgdir, code, report, stderr):
    """The QA messages of a `maturin-fix check` of pkgdir that exited with code."""
    if code not in (0, 1) or report is None:
        yield ("%s: maturin-fix could not check the package (exit %d): %s"
               % (package, code, maturin_fix.tool.problems(report, stderr)))
        return
    suffix = (report.get("target") or {}).get("ext_suffix")
    reported = set()
    for entry in report.get("files") or []:
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
        yield ("%s: /%s cannot be imported by the target python (it imports %s): %s"
               % (package, relpath, suffix, why))
    # What the tool could not look at (an unreadable directory ...) was not checked.
    for problem in report.get("problems") or []:
        if problem.get("path") in reported:
            continue
        where = problem.get("path")
        where = "/" + os.path.relpath(where, pkgdir) if where else pkgdir
        yield "%s: maturin-fix could not check %s: %s" % (package, where, problem.get("message"))


def is_module_symlink(path):
    """A symlink made by symlink mode: <stem>.<tag>.so -> <stem>.<other tag>.so in one directory."""
    if not os.path.islink(path):
        return False
    name, target = os.path.basename(path), os.readlink(path)
    parts, target_parts = name.split("."), target.split(".")
    return "/" not in target and len(parts) >= 3 and len(target_parts) >= 3 and \
        parts[-1] == target_parts[-1] == "so" and parts[0] == target_parts[0] and \
        os.path.isfile(os.path.join(os.path.dirname(path), target))


def check_dev_so(path, name, d, elf, messages, functions):
    """
    dev-so, minus the module symlinks of symlink mode. functions: what the
    class's globals() holds, where BitBake keeps the original check named by
    MATURIN_FIX_DEV_SO_CHECK. Fails closed: without the original check the
    task stops, dev-so is never skipped.
    """
    original = d.getVar("MATURIN_FIX_DEV_SO_CHECK")
    check = functions.get(original) if original else None
    if not callable(check):
        why = ("the original check (MATURIN_FIX_DEV_SO_CHECK) is not set" if not original else
               "the original check QAPATHTEST[dev-so] = \"%s\" is not a function BitBake knows" % original)
        bb.fatal("maturin-fix: MATURIN_FIX_MODE = \"symlink\" lets the dev-so QA check skip the "
                 "module symlinks by wrapping it, but %s, so dev-so cannot run. Set "
                 "MATURIN_FIX_MODE = \"rename\", or skip dev-so knowingly with "
                 "INSANE_SKIP:%s += \"dev-so\"" % (why, name))
    if is_module_symlink(path):
        return
    if messages is None:
        check(path, name, d, elf)
    else:
        check(path, name, d, elf, messages)
