#!/bin/sh
# Rebuild the three armhf stand-in extension modules from src/*.c and rewrite
# every *.dist-info/RECORD (sha256 + size of each file, RECORD itself ",,").
# Needs Debian's gcc-arm-linux-gnueabihf (CC overrides it) and python3.
set -eu
cd "$(dirname "$0")"
CC=${CC:-arm-linux-gnueabihf-gcc}
SP=image/usr/lib/python3.13/site-packages

build() {  # build SOURCE OUTPUT: tiny stripped shared object, mode 0755 like installer leaves it
    "$CC" -shared -fPIC -Os -s -Wl,--build-id=none -o "$2" "$1"
    chmod 0755 "$2"
}
# the name maturin <= 1.7.1 derives from the Rust triple armv7-poky-linux-gnueabihf
build src/rpds.c "$SP/rpds/rpds.cpython-313-armv7l-linux-gnueabihf.so"
# already named as the target CPython expects
build src/markupsafe_speedups.c "$SP/markupsafe/_speedups.cpython-313-arm-linux-gnueabihf.so"
# stable ABI: importable under any 3.x name rules
build src/bcrypt.c "$SP/bcrypt/_bcrypt.abi3.so"

python3 - "$SP" <<'EOF'
import base64, hashlib, os, sys

site = sys.argv[1]
packages = {  # dist-info -> top-level package directory it owns
    "rpds_py-0.18.1.dist-info": "rpds",
    "MarkupSafe-2.1.5.dist-info": "markupsafe",
    "bcrypt-4.1.3.dist-info": "bcrypt",
}


def row(rel):
    with open(os.path.join(site, rel), "rb") as f:
        data = f.read()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (rel, digest, len(data))


for dist_info, package in packages.items():
    files = []
    for top in (package, dist_info):
        for root, dirs, names in os.walk(os.path.join(site, top)):
            dirs.sort()
            for name in sorted(names):
                rel = os.path.relpath(os.path.join(root, name), site)
                if rel != dist_info + "/RECORD":
                    files.append(rel)
    lines = [row(rel) for rel in files] + [dist_info + "/RECORD,,"]
    with open(os.path.join(site, dist_info, "RECORD"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.join(site, dist_info, "RECORD"))
EOF
