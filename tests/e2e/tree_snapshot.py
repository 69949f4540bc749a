"""What a directory tree holds, to compare it before and after maturin-fix ran."""

import hashlib
import os
from typing import Dict, Tuple


def snapshot(root: str) -> Dict[str, Tuple[str, str]]:
    """{relative path: ("file", sha256) | ("link", target)} for everything under root."""
    entries = {}
    for top, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = os.path.join(top, name)
            relpath = os.path.relpath(path, root)
            if os.path.islink(path):
                entries[relpath] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    entries[relpath] = ("file", hashlib.sha256(f.read()).hexdigest())
    return entries


def differences(before: dict, after: dict) -> Dict[str, list]:
    """{"removed": [...], "added": [...], "changed": [...]} relative paths."""
    return {
        "removed": sorted(set(before) - set(after)),
        "added": sorted(set(after) - set(before)),
        "changed": sorted(p for p in set(before) & set(after) if before[p] != after[p]),
    }
