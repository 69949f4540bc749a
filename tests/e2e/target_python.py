"""The target's own CPython, run under qemu user-mode emulation from its Debian sysroot."""

import json
import os
import subprocess
from typing import List, Optional

PROBE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "probe_imports.py")


class TargetPython:
    def __init__(self, qemu: str, sysroot: str, version: str = "3.11"):
        self.qemu = "qemu-%s-static" % qemu
        self.sysroot = sysroot
        self.executable = os.path.join(sysroot, "usr", "bin", "python" + version)

    def probe(self, modules: List[dict], pythonpath: Optional[str] = None) -> dict:
        """Runs probe_imports.py on the target; see there for the request and the answer."""
        env = {
            "PATH": "/usr/bin:/bin",
            "LC_ALL": "C.UTF-8",
            # No __pycache__ in the trees the tests compare before and after.
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONNOUSERSITE": "1",
        }
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        command = [self.qemu, "-L", self.sysroot, self.executable, PROBE, json.dumps(modules)]
        proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError("target python failed (exit %d): %s\n%s"
                               % (proc.returncode, " ".join(command), proc.stderr))
        return json.loads(proc.stdout)
