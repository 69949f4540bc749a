#!/usr/bin/env python3
"""Checks that Cargo.lock can build with Yocto scarthgap's Rust (cargo 1.75).

cargo 1.75 reads lockfile version 3 (not 4), and in an offline Yocto build it parses the
manifest of every vendored crate, so every package in Cargo.lock - for every platform,
dev-dependencies included - must be edition 2021 or older and declare no rust-version
newer than 1.75. Uses `cargo metadata --locked`, which reads what Cargo.lock pins.
"""
import json
import pathlib
import subprocess
import sys

MSRV = (1, 75)
EDITIONS = {"2015", "2018", "2021"}
ROOT = pathlib.Path(__file__).resolve().parent.parent


def version_tuple(text):
    return tuple(int(part) for part in text.split(".")[:2])


def main():
    problems = []
    lock = (ROOT / "Cargo.lock").read_text()
    if "\nversion = 3\n" not in lock:
        problems.append("Cargo.lock is not lockfile version 3 (cargo 1.75 reads up to 3)")
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
    )
    packages = meta["packages"]
    for pkg in packages:
        name = f"{pkg['name']} {pkg['version']}"
        if pkg["edition"] not in EDITIONS:
            problems.append(f"{name}: edition {pkg['edition']} (cargo 1.75 cannot parse it)")
        if pkg.get("rust_version") and version_tuple(pkg["rust_version"]) > MSRV:
            problems.append(f"{name}: needs Rust {pkg['rust_version']}")
    ours = next(p for p in packages if p["name"] == "maturin-fix")
    if ours.get("rust_version") != "1.75":
        problems.append(f"maturin-fix declares rust-version {ours.get('rust_version')}, not 1.75")
    for problem in problems:
        print(f"check-lockfile: {problem}", file=sys.stderr)
    print(f"{len(packages)} packages in Cargo.lock checked: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
