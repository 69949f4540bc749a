#!/usr/bin/env python3
"""Unpacks an old Rust toolchain from Debian's archive into a cache directory.

    msrv_debian.py DEST SUITE VERSION_PREFIX PACKAGE...

Downloads SUITE's signed InRelease, checks its signature with gpgv against the host's
Debian archive keyring, checks Packages.xz against the SHA256 in InRelease and every
.deb against the SHA256 in Packages, and unpacks the packages with `dpkg-deb -x` into
DEST/root. The host's dpkg database is only read (dpkg-query), never written: nothing
is installed. Every PACKAGE must have a version starting with VERSION_PREFIX (so a
point release that moves the toolchain to another Rust fails loudly instead of quietly
proving a different MSRV).

Depends are followed recursively within SUITE, except for packages the host already has
installed (the host is newer Debian, whose libraries are ABI-compatible supersets) and
the C toolchain/base packages listed in HOST_PROVIDED, which must be on the host. The
caller checks the result by running the binaries (and ldd). MSRV_DEBIAN_IGNORE_HOST=1
pretends the host has none of them installed (what a bare machine would need).

DEST/stamp lists what was unpacked; when it is present and matches, nothing is fetched.
Standard library only.
"""
import hashlib
import lzma
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
ARCH = "amd64"
# Satisfied by the host (checked by the caller: cc, ld and libc headers must exist).
HOST_PROVIDED = {
    "libc6", "libgcc-s1", "libstdc++6", "gcc", "clang", "c-compiler", "binutils",
    "libc-dev", "libc6-dev", "debconf", "debconf-2.0", "zlib1g",
}


def die(message):
    print(f"msrv_debian: {message}", file=sys.stderr)
    sys.exit(1)


def fetch(url, dest):
    tmp = dest.with_name(dest.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=120) as resp, open(tmp, "wb") as out:
            shutil.copyfileobj(resp, out, 1 << 20)
    except OSError as err:
        die(f"cannot download {url}: {err}")
    tmp.replace(dest)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_stanzas(text):
    packages = {}
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            # Several versions of one package can be listed; keep the last.
            packages[fields["Package"]] = fields
    return packages


def verified_index(cache, suite):
    """The Packages index of SUITE/main, every byte checked up to the archive key."""
    inrelease = cache / f"{suite}-InRelease"
    fetch(f"{MIRROR}/dists/{suite}/InRelease", inrelease)
    if not shutil.which("gpgv"):
        die("gpgv is needed to check the signature of Debian's InRelease (apt-get install gpgv)")
    if not os.path.exists(KEYRING):
        die(f"{KEYRING} is missing (apt-get install debian-archive-keyring)")
    signed = subprocess.run(
        ["gpgv", "--keyring", KEYRING, "--output", "-", str(inrelease)],
        capture_output=True,
    )
    if signed.returncode != 0:
        die(f"bad signature on {suite} InRelease:\n{signed.stderr.decode(errors='replace')}")
    release = signed.stdout.decode()
    name = f"main/binary-{ARCH}/Packages.xz"
    match = re.search(rf"^ ([0-9a-f]{{64}})\s+\d+\s+{re.escape(name)}$", release.split("SHA256:", 1)[-1], re.M)
    if not match:
        die(f"{suite} InRelease has no SHA256 for {name}")
    index = cache / f"{suite}-Packages.xz"
    if not index.exists() or sha256(index) != match.group(1):
        fetch(f"{MIRROR}/dists/{suite}/{name}", index)
    if sha256(index) != match.group(1):
        die(f"{index}: SHA256 differs from the signed InRelease")
    return parse_stanzas(lzma.decompress(index.read_bytes()).decode())


def host_has(name):
    if os.environ.get("MSRV_DEBIAN_IGNORE_HOST"):  # to test the path a bare host takes
        return False
    query = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Status}", name], capture_output=True, text=True
    )
    return query.returncode == 0 and query.stdout.strip() == "installed"


def closure(index, seeds):
    wanted, todo = [], list(seeds)
    while todo:
        name = todo.pop(0)
        if name in wanted:
            continue
        if name not in index:
            die(f"{name} is not in the index")
        wanted.append(name)
        fields = index[name]
        deps = ", ".join(x for x in (fields.get("Pre-Depends"), fields.get("Depends")) if x)
        for clause in filter(None, (c.strip() for c in deps.split(","))):
            alternatives = [re.split(r"[\s(:]", a.strip(), maxsplit=1)[0] for a in clause.split("|")]
            if any(a in HOST_PROVIDED or a in wanted or a in todo for a in alternatives):
                continue
            if any(host_has(a) for a in alternatives):
                continue
            real = [a for a in alternatives if a in index]
            if not real:
                die(f"{name} needs '{clause}': on neither the host nor in the index")
            todo.append(real[0])
    return wanted


def main():
    if len(sys.argv) < 5:
        die(__doc__)
    dest, suite, prefix, seeds = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    stamp = dest / "stamp"
    header = f"{suite} {' '.join(seeds)}" + (" bare-host" if os.environ.get("MSRV_DEBIAN_IGNORE_HOST") else "")
    root = dest / "root"
    if stamp.exists() and root.is_dir():
        lines = stamp.read_text().splitlines()
        if lines and lines[0] == header:
            print(f"msrv_debian: cached in {root}")
            return
    debs = dest / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    index = verified_index(dest, suite)
    for seed in seeds:
        if seed not in index:
            die(f"{seed} is not in Debian {suite}")
        if not index[seed]["Version"].startswith(prefix):
            die(f"Debian {suite} has {seed} {index[seed]['Version']}, not {prefix}*")
    names = closure(index, seeds)
    tmp_root = pathlib.Path(tempfile.mkdtemp(prefix="root.", dir=dest))
    lines = [header]
    for name in names:
        fields = index[name]
        deb = debs / pathlib.PurePosixPath(fields["Filename"]).name
        if not deb.exists() or sha256(deb) != fields["SHA256"]:
            print(f"msrv_debian: downloading {name} {fields['Version']} ({int(fields['Size']) >> 20} MiB)")
            fetch(f"{MIRROR}/{fields['Filename']}", deb)
        if sha256(deb) != fields["SHA256"]:
            die(f"{deb.name}: SHA256 differs from Debian {suite}'s Packages index")
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_root)], check=True)
        lines.append(f"{name} {fields['Version']} {fields['SHA256']}")
    if root.exists():
        shutil.rmtree(root)
    tmp_root.rename(root)
    stamp.write_text("\n".join(lines) + "\n")
    print(f"msrv_debian: unpacked {len(names)} packages into {root}: {', '.join(names)}")


if __name__ == "__main__":
    main()
