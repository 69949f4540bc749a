# SPDX-License-Identifier: MIT
"""Running the maturin-fix binary and reading what it reports."""
import json
import os
import subprocess

import bb


def run(d, args):
    """Run maturin-fix from the recipe's PATH; return (exit code, stdout, stderr)."""
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


def parse_report(stdout):
    """The tool's --format json report, or None when stdout is not one."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def problems(report, stderr):
    """The tool's own words about what went wrong."""
    lines = []
    for problem in (report or {}).get("problems") or []:
        lines.append("%s: %s" % (problem.get("path"), problem.get("message")))
    if stderr.strip():
        lines.append(stderr.strip())
    return "\n".join(lines) or "(maturin-fix gave no message)"
