# SPDX-License-Identifier: MIT
"""
The do_configure postfunc, the root cause: ext_suffix=<target EXT_SUFFIX>
in ${PYO3_CONFIG_FILE}, so that maturin names the module right in the wheel.
"""
import os
import re

import bb

import maturin_fix.source
import maturin_fix.tool


def add_ext_suffix(d):
    """Append the target's ext_suffix= to ${PYO3_CONFIG_FILE}, as MATURIN_FIX_PYO3_CONFIG says."""
    knob = d.getVar("MATURIN_FIX_PYO3_CONFIG") or "auto"
    if not bb.utils.to_boolean(d.getVar("MATURIN_FIX_ENABLED")) or knob == "0":
        return
    config = d.getVar("PYO3_CONFIG_FILE")
    if not config or not os.path.isfile(config):
        bb.note("maturin-fix: no PYO3_CONFIG_FILE to add ext_suffix= to")
        return
    if knob == "auto" and not build_config_reads_it(d, config):
        return
    with open(config) as f:
        text = f.read()
    if has_ext_suffix(text):
        bb.note("maturin-fix: %s already has ext_suffix=" % config)
        return
    code, out, err = maturin_fix.tool.run(d, ["suffix"] + maturin_fix.source.args(d, warn=False))
    suffix = out.strip()
    if code != 0 or not suffix:
        bb.warn("maturin-fix: could not determine the target's EXT_SUFFIX (exit %d), "
                "leaving %s alone; do_install will still fix the names:\n%s"
                % (code, config, err.strip()))
        return
    with open(config, "a") as f:
        f.write(ext_suffix_line(text, suffix))
    bb.note("maturin-fix: added ext_suffix=%s to %s" % (suffix, config))


def build_config_reads_it(d, config):
    """
    The auto gate: whether every pyo3-build-config in the Cargo.lock files
    under ${S} takes ext_suffix= in config (if not, a note says why not).
    """
    versions = locked_versions(d.getVar("S"))
    if not versions:
        bb.note("maturin-fix: no pyo3-build-config in a Cargo.lock under %s; "
                "leaving %s alone" % (d.getVar("S"), config))
        return False
    old = too_old(versions)
    if old:
        bb.note("maturin-fix: pyo3-build-config %s rejects unknown keys in %s "
                "(accepted from 0.18.1); leaving it alone" % (", ".join(old), config))
        return False
    return True


def locked_versions(tree):
    """Versions of pyo3-build-config in the Cargo.lock files under tree (not in .git, .pc, target)."""
    versions = []
    for top, dirs, files in os.walk(tree):
        dirs[:] = [x for x in dirs if x not in (".git", ".pc", "target")]
        if "Cargo.lock" in files:
            with open(os.path.join(top, "Cargo.lock")) as lock:
                versions += lock_versions(lock)
    return versions


def lock_versions(lines):
    """Versions of pyo3-build-config in one Cargo.lock, given as its lines."""
    versions = []
    package = re.compile(r'^\[\[package\]\]\s*$')
    field = re.compile(r'^(name|version)\s*=\s*"([^"]*)"\s*$')
    current = {}
    for line in list(lines) + ["[[package]]"]:
        if package.match(line):
            if current.get("name") == "pyo3-build-config":
                versions.append(current.get("version", ""))
            current = {}
        else:
            m = field.match(line.strip())
            if m:
                current[m.group(1)] = m.group(2)
    return versions


def too_old(versions):
    """The versions of pyo3-build-config that reject unknown keys: before 0.18.1."""
    return [v for v in versions if version_tuple(v) < (0, 18, 1)]


def version_tuple(version):
    """(major, minor, patch) of a version, pre-release tags dropped: "0.18.1-rc.1" -> (0, 18, 1)."""
    return tuple(int(x) for x in re.findall(r"\d+", version.split("-")[0])[:3])


def has_ext_suffix(text):
    """Whether a pyo3 config file's text has an ext_suffix= line already."""
    return any(line.startswith("ext_suffix=") for line in text.splitlines())


def ext_suffix_line(text, suffix):
    """What to append to a config file whose text is text: its last line ended, then ext_suffix=."""
    return ("\n" if text and not text.endswith("\n") else "") + "ext_suffix=%s\n" % suffix
