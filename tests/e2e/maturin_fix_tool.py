"""Runs the maturin-fix binary under test."""

import json
import os
import subprocess
from dataclasses import dataclass
from typing import List, Optional


@dataclass
class ToolRun:
    command: List[str]
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> Optional[dict]:
        """The --format json report, or None when stdout is not one."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    def describe(self) -> str:
        return "$ %s\nexit %d\nstdout: %s\nstderr: %s" % (
            " ".join(self.command), self.exit_code, self.stdout.strip(), self.stderr.strip())


class MaturinFix:
    def __init__(self, binary: str):
        self.binary = binary

    def run(self, *args: str) -> ToolRun:
        # Like the class (maturin_fix.tool.run): only the arguments decide, never MATURIN_FIX_* defaults.
        env = {k: v for k, v in os.environ.items() if not k.startswith("MATURIN_FIX_")}
        command = [self.binary] + list(args)
        proc = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
        return ToolRun(command, proc.returncode, proc.stdout, proc.stderr)

    def fix(self, root: str, sysroot: str) -> ToolRun:
        return self.run("fix", "--format", "json", "--root", root, "--sysroot", sysroot)

    # The calls classes-recipe/maturin-fix.bbclass makes when the recipe sysroot has the target python
    # (maturin_fix.source.args): --sysroot ${STAGING_DIR_HOST} --libdir ${libdir}
    # --python ${PYTHON_BASEVERSION}.

    def class_suffix(self, sysroot: str, libdir: str, python: str) -> ToolRun:
        """The root-cause step's call (maturin_fix_pyo3_config, after do_configure)."""
        return self.run("suffix", "--sysroot", sysroot, "--libdir", libdir, "--python", python)

    def class_fix(self, root: str, sysroot: str, libdir: str, python: str) -> ToolRun:
        """The safety net's call (maturin_fix_install, after do_install), in rename mode."""
        return self.run("fix", "--format", "json", "--mode", "rename", "--root", root,
                        "--sysroot", sysroot, "--libdir", libdir, "--python", python)
