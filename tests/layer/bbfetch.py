#!/usr/bin/env python3
"""
Fetch and unpack the crate:// URLs of a *-crates.inc with BitBake's own
fetcher, as do_fetch/do_unpack of a cargo recipe do: downloads are checked
against the SRC_URI[<crate>-<version>.sha256sum] flags, crates unpack into
UNPACKDIR/cargo_home/bitbake/ with their .cargo-checksum.json.

    bbfetch.py CRATES_INC DL_DIR UNPACKDIR
"""
import logging
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bitbake_env", "lib"))

import bb.data  # noqa: E402
import bb.fetch2  # noqa: E402
import bb.parse  # noqa: E402


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    inc, dl_dir, unpackdir = (os.path.abspath(a) for a in sys.argv[1:4])
    d = bb.data.init()
    d.setVar("__bbclasstype", "recipe")
    d.setVar("TOPDIR", unpackdir)
    d.setVar("DL_DIR", dl_dir)
    # Not the name of any crate: every crate goes to cargo_home/bitbake.
    d.setVar("BP", "crates-inc-0")
    d = bb.parse.handle(inc, d, True)
    fetcher = bb.fetch2.Fetch(d.getVar("SRC_URI").split(), d)
    fetcher.download()
    fetcher.unpack(unpackdir)
    print(os.path.join(unpackdir, "cargo_home", "bitbake"))


if __name__ == "__main__":
    main()
