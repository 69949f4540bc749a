# SPDX-License-Identifier: MIT
"""What the target python imports: where maturin-fix reads it from."""
import glob
import os

import bb


def python_dirs(d):
    """The directories where the target python's build data can be."""
    sysroot = d.getVar("MATURIN_FIX_SYSROOT") or ""
    libdir = sysroot + (d.getVar("MATURIN_FIX_LIBDIR") or "")
    return [os.path.join(libdir, "python" + (d.getVar("MATURIN_FIX_PYTHON") or "")),
            os.path.join(libdir, "python-sysconfigdata")]


def sysroot_has_python(d):
    """Whether the sysroot holds a sysconfigdata or build-details.json of the target python."""
    for pydir in python_dirs(d):
        if glob.glob(os.path.join(pydir, "_sysconfigdata*.py")) or \
           os.path.exists(os.path.join(pydir, "build-details.json")):
            return True
    return False


def sysroot_problem(sysroot):
    """
    Why a MATURIN_FIX_SYSROOT cannot hold the target python, or None. The
    build host's own python is never the target's: a sysroot that would make
    the tool read it (or something relative to the cwd) is one.
    """
    if not sysroot:
        return "it is empty"
    if not os.path.isabs(sysroot):
        return "it is not an absolute path"
    if os.path.realpath(sysroot) == "/":
        return "it is the build host's own /"
    return None


def args(d, warn=True):
    """
    Arguments telling maturin-fix what the target python imports: the first
    override set, else the sysroot's python (a sysroot that cannot hold it
    stops the task), else, with a warning (a note if not warn), the suffix
    derived from RUST_HOST_SYS.
    """
    suffix = d.getVar("MATURIN_FIX_EXT_SUFFIX")
    if suffix:
        return ["--ext-suffix", suffix]
    sysconfigdata = d.getVar("MATURIN_FIX_SYSCONFIGDATA")
    if sysconfigdata:
        return ["--sysconfigdata", sysconfigdata]
    python = d.getVar("MATURIN_FIX_PYTHON")
    sysroot = d.getVar("MATURIN_FIX_SYSROOT") or ""
    why = sysroot_problem(sysroot)
    if why:
        bb.fatal("maturin-fix: MATURIN_FIX_SYSROOT = \"%s\" cannot hold the target python: %s. "
                 "Set MATURIN_FIX_SYSROOT to the sysroot that holds it (STAGING_DIR_HOST, or "
                 "STAGING_DIR_NATIVE for native recipes), or set MATURIN_FIX_SYSCONFIGDATA or "
                 "MATURIN_FIX_EXT_SUFFIX" % (sysroot, why))
    if sysroot_has_python(d):
        return ["--sysroot", d.getVar("MATURIN_FIX_SYSROOT"),
                "--libdir", d.getVar("MATURIN_FIX_LIBDIR"),
                "--python", python]
    msg = ("maturin-fix: no sysconfigdata of python %s in %s; deriving the "
           "suffix from RUST_HOST_SYS=%s instead (set MATURIN_FIX_SYSCONFIGDATA "
           "or MATURIN_FIX_EXT_SUFFIX to be exact)"
           % (python, " or ".join(python_dirs(d)), d.getVar("RUST_HOST_SYS")))
    if warn:
        bb.warn(msg)
    else:
        bb.note(msg)
    return ["--target", d.getVar("RUST_HOST_SYS"), "--python", python]


def exports(d):
    """
    The variables to export as the tool's own defaults, for `bitbake -c
    devshell`: the roots, the mode and one source, the one args() takes.
    """
    names = ["MATURIN_FIX_ROOT", "MATURIN_FIX_MODE"]
    if d.getVar("MATURIN_FIX_EXT_SUFFIX"):
        names.append("MATURIN_FIX_EXT_SUFFIX")
    elif d.getVar("MATURIN_FIX_SYSCONFIGDATA"):
        names.append("MATURIN_FIX_SYSCONFIGDATA")
    else:
        names += ["MATURIN_FIX_SYSROOT", "MATURIN_FIX_LIBDIR", "MATURIN_FIX_PYTHON"]
    return names
