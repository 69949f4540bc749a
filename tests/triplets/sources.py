#!/usr/bin/env python3
"""Fetch CPython's real sources from Debian's source packages into the cache.

dget-style, without touching the host's apt sources: a private apt state
(deb-src lines for the Debian suites, signed-by the Debian archive keyring)
under CACHE/apt is updated with the ordinary apt-get, so every index is checked
against the suite's signed InRelease. For each pythonX.Y source package that
`apt-cache madison` lists, `apt-get source --print-uris` gives the pool URIs of
the .dsc and the upstream (orig) tarball with their SHA256 from that signed
index; both are downloaded, checked against it, the orig tarball is checked
again against the .dsc's own Checksums-Sha256, and the orig tarball (upstream
CPython, Debian's patches are not applied) is unpacked under CACHE/src.
Versions whose pool files are not reachable are recorded as such.

Usage: sources.py CACHE OUT.json      (OUT.json lists what is available)
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request

SUITES = ["bullseye", "bookworm", "trixie", "sid", "experimental"]
MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
PYTHONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
# the configure runs need the whole tree of these; the others need three files
FULL_TREE = {"3.11", "3.13"}
NEEDED = ("configure", "configure.ac", "Misc/platform_triplet.c")


def log(*a):
    print("[sources]", *a, file=sys.stderr, flush=True)


class Apt:
    def __init__(self, root):
        self.root = root
        for d in ("lists/partial", "cache/archives/partial", "etc/sources.list.d",
                  "etc/preferences.d", "etc/apt.conf.d"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        with open(os.path.join(root, "etc/sources.list"), "w") as f:
            for s in SUITES:
                f.write("deb-src [signed-by=%s] %s %s main\n" % (KEYRING, MIRROR, s))
        self.opts = []
        for k, v in [("Dir::Etc::SourceList", "etc/sources.list"),
                     ("Dir::Etc::SourceParts", "etc/sources.list.d"),
                     ("Dir::Etc::PreferencesParts", "etc/preferences.d"),
                     ("Dir::Etc::Parts", "etc/apt.conf.d"),
                     ("Dir::State::Lists", "lists"), ("Dir::Cache", "cache")]:
            self.opts += ["-o", "%s=%s" % (k, os.path.join(root, v))]
        self.opts += ["-o", "Debug::NoLocking=1", "-o", "Acquire::Languages=none",
                      "-o", "APT::Sandbox::User=root"]

    def run(self, tool, *args, check=True):
        p = subprocess.run([tool] + self.opts + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("%s %s failed: %s" % (tool, " ".join(args), p.stderr.strip()))
        return p

    def update(self):
        p = self.run("apt-get", "update", "-q", check=False)
        for line in p.stderr.splitlines():
            log("apt-get update:", line)
        if p.returncode != 0:
            log("apt-get update exited %d; going on with the indices it has" % p.returncode)

    def madison(self, pkg):
        p = self.run("apt-cache", "madison", pkg, check=False)
        out = []
        for line in p.stdout.splitlines():
            cols = [c.strip() for c in line.split("|")]
            if len(cols) == 3 and cols[2].endswith("Sources"):
                out.append((cols[1], cols[2].split()[-2].split("/")[0]))
        return out

    def uris(self, pkg, version):
        p = self.run("apt-get", "source", "--print-uris", "-qq", "%s=%s" % (pkg, version), check=False)
        files = {}
        for m in re.finditer(r"^'([^']+)' (\S+) (\d+) SHA256:([0-9a-f]{64})$", p.stdout, re.M):
            files[m.group(2)] = (m.group(1), int(m.group(3)), m.group(4))
        return files


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(url, dest, size, digest):
    """Download url to dest unless a verified copy is there; raise on mismatch."""
    if os.path.exists(dest) and os.path.getsize(dest) == size and sha256(dest) == digest:
        return
    tmp = dest + ".part"
    with urllib.request.urlopen(url, timeout=120) as r, open(tmp, "wb") as f:
        shutil.copyfileobj(r, f)
    got = sha256(tmp)
    if got != digest or os.path.getsize(tmp) != size:
        os.unlink(tmp)
        raise RuntimeError("%s: SHA256 %s, the signed index says %s" % (url, got, digest))
    os.replace(tmp, dest)


def dsc_checksums(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"^Checksums-Sha256:\n((?: .*\n)+)", text, re.M)
    out = {}
    for line in (m.group(1).splitlines() if m else []):
        digest, size, name = line.split()
        out[name] = (int(size), digest)
    return out


def unpack(tarball, dest, full):
    """Unpack the orig tarball (or only the files the preprocessor check reads)."""
    stamp = os.path.join(dest, ".unpacked-" + ("full" if full else "part"))
    if os.path.exists(stamp) or os.path.exists(os.path.join(dest, ".unpacked-full")):
        return
    shutil.rmtree(dest, ignore_errors=True)
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with tarfile.open(tarball) as tf:
        members = []
        for m in tf.getmembers():
            parts = m.name.split("/", 1)
            if len(parts) != 2 or m.name.startswith("/") or ".." in m.name.split("/"):
                continue
            if full or parts[1] in NEEDED:
                m.name = parts[1]
                members.append(m)
        if hasattr(tarfile, "data_filter"):
            tf.extractall(tmp, members=members, filter="data")
        else:
            tf.extractall(tmp, members=members)
    open(os.path.join(tmp, os.path.basename(stamp)), "w").close()
    os.replace(tmp, dest)


def main():
    cache, out_json = sys.argv[1], sys.argv[2]
    apt = Apt(os.path.join(cache, "apt"))
    apt.update()
    dl = os.path.join(cache, "dl")
    os.makedirs(dl, exist_ok=True)
    result = {"available": {}, "unavailable": {}}
    for py in PYTHONS:
        pkg = "python" + py
        found = apt.madison(pkg)
        if not found:
            result["unavailable"][py] = ["no %s source package in Debian %s" % (pkg, "/".join(SUITES))]
        for version, suite in found:
            what = "%s %s (%s)" % (pkg, version, suite)
            files = apt.uris(pkg, version)
            dsc = [n for n in files if n.endswith(".dsc")]
            orig = [n for n in files if re.search(r"\.orig\.tar\.(xz|gz|bz2)$", n)]
            if len(dsc) != 1 or len(orig) != 1:
                result["unavailable"].setdefault(py, []).append(what + ": the signed index does not list one .dsc and one orig tarball")
                continue
            try:
                for name in (dsc[0], orig[0]):
                    url, size, digest = files[name]
                    download(url, os.path.join(dl, name), size, digest)
            except (urllib.error.URLError, OSError, RuntimeError) as e:
                result["unavailable"].setdefault(py, []).append("%s: %s" % (what, e))
                log(what, "not reachable:", e)
                continue
            want = dsc_checksums(os.path.join(dl, dsc[0])).get(orig[0])
            orig_path = os.path.join(dl, orig[0])
            if want != (os.path.getsize(orig_path), sha256(orig_path)):
                raise SystemExit("%s: orig tarball does not match the .dsc's Checksums-Sha256" % what)
            upstream = version.split("-")[0].split(":")[-1]
            dest = os.path.join(cache, "src", "Python-" + upstream)
            unpack(orig_path, dest, py in FULL_TREE)
            result["available"].setdefault(py, []).append({
                "package": pkg, "version": version, "suite": suite, "upstream": upstream,
                "dir": dest, "full": py in FULL_TREE, "orig": orig[0],
                "orig_sha256": files[orig[0]][2]})
            log("%s: %s verified, unpacked in %s" % (what, orig[0], dest))
        if py not in result["available"] and py not in result["unavailable"]:
            result["unavailable"][py] = ["no reachable source"]
    with open(out_json, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
