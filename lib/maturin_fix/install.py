# SPDX-License-Identifier: MIT
"""The do_install postfunc: `maturin-fix fix` on the installed tree in ${D}."""
import os
import shlex

import bb

import maturin_fix.source
import maturin_fix.tool


def fix(d):
    """Give the mis-named extension modules in ${D} the target's suffix, and log what changed."""
    if not bb.utils.to_boolean(d.getVar("MATURIN_FIX_ENABLED")):
        return
    roots = installed_roots(d)
    if not roots:
        return
    args = command(d, roots)
    bb.note("Running maturin-fix %s" % " ".join(shlex.quote(a) for a in args))
    code, out, err = maturin_fix.tool.run(d, args)
    report = maturin_fix.tool.parse_report(out)
    if code != 0:
        bb.fatal("maturin-fix could not fix the extension modules in %s (exit %d):\n%s"
                 % (" ".join(roots), code, maturin_fix.tool.problems(report, err)))
    for line in notes(report, out, err, d.getVar("D")):
        bb.note(line)


def installed_roots(d):
    """${D} + each of MATURIN_FIX_PATHS that the recipe installed (a note for each other)."""
    dest = d.getVar("D")
    roots = []
    for path in (d.getVar("MATURIN_FIX_PATHS") or "").split():
        root = dest + path
        if os.path.isdir(root):
            roots.append(root)
        else:
            bb.note("maturin-fix: %s is not installed, nothing to fix there" % path)
    return roots


def command(d, roots):
    """The arguments of `maturin-fix fix` on roots."""
    args = ["fix", "--format", "json", "--mode", d.getVar("MATURIN_FIX_MODE")]
    for root in roots:
        args += ["--root", root]
    args += maturin_fix.source.args(d)
    args += shlex.split(d.getVar("MATURIN_FIX_EXTRA_ARGS") or "")
    return args


def notes(report, stdout, stderr, dest):
    """
    The log lines of a fix that succeeded, paths relative to dest (${D}):
    what the tool said on stderr, then what its report says it changed and
    left alone, or its stdout as it is when that is no report.
    """
    for line in stderr.splitlines():
        yield "maturin-fix: %s" % line
    if report is None:
        for line in stdout.splitlines():
            yield "maturin-fix: %s" % line
        return
    for entry in report.get("files") or []:
        if entry.get("action") and entry.get("done", True):
            yield "maturin-fix: %s %s -> %s" % (
                entry["action"], os.path.relpath(entry["path"], dest),
                os.path.relpath(entry.get("destination") or entry["path"], dest))
        elif entry.get("importable") is False:
            # Not the tool's to change (e.g. built for another Python): kept
            # as it is; the QA check python-ext-suffix reports it.
            yield "maturin-fix: left %s alone: %s" % (
                os.path.relpath(entry["path"], dest), entry.get("message") or entry.get("status"))
    for record in report.get("records") or []:
        if record.get("done", True):
            yield "maturin-fix: updated %s (%s rows changed, %s added)" % (
                os.path.relpath(record["path"], dest),
                record.get("rows_changed"), record.get("rows_added"))
