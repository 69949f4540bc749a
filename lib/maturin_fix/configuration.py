# SPDX-License-Identifier: MIT
"""
This package's code in BitBake's configuration hash, for BitBake 2.8.

BitBake 2.8 (scarthgap) leaves module code out of its configuration hash
(newer BitBake puts it in), so a change to lib/maturin_fix/ would outlive
itself in every recipe's parse cache and task signatures. conf/layer.conf puts
digest() into the configuration instead; no task uses it, so it is in no
task signature.
"""
import hashlib
import os

import bb.parse


def digest(d):
    """
    A digest of the names and content of this package's Python files; each
    becomes a dependency of the configuration too, which a BitBake server
    that stays running (BB_SERVER_TIMEOUT) watches.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    sha = hashlib.sha256()
    for name in sorted(n for n in os.listdir(here) if n.endswith(".py")):
        path = os.path.join(here, name)
        with open(path, "rb") as f:
            sha.update(b"%s\0%s\0" % (name.encode(), f.read()))
        bb.parse.mark_dependency(d, path)
    return sha.hexdigest()
