#!/usr/bin/env bash
# libc-wheels.sh CACHE_DIR
# Real rpds-py 0.18.1 wheels for CPython 3.11 x86_64 from PyPI, one for each C library: the
# musllinux wheel (its module needs musl's libc.so) and the manylinux one (glibc's libc.so.6).
# Pinned by sha256; downloaded once into CACHE_DIR/libc-wheels.
set -euo pipefail
dir=$1/libc-wheels
mkdir -p "$dir"
wheels=(
    "musllinux_1_2_x86_64 rpds_py-0.18.1-cp311-cp311-musllinux_1_2_x86_64.whl 9e6934d70dc50f9f8ea47081ceafdec09245fd9f6032669c3b45705dea096b88"
    "manylinux2014_x86_64 rpds_py-0.18.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl 3c20f05e8e3d4fc76875fc9cb8cf24b90a63f5a1b4c5b9273f0e8225e169b100"
)
for line in "${wheels[@]}"; do
    read -r platform file sha256 <<<"$line"
    if [ ! -f "$dir/$file" ] || ! echo "$sha256  $dir/$file" | sha256sum -c --quiet 2>/dev/null; then
        echo "[libc-wheels] downloading $file from PyPI"
        rm -f "$dir/$file"
        python3 -m pip download -q --disable-pip-version-check --only-binary=:all: --no-deps \
            --platform "$platform" --python-version 3.11 --implementation cp --abi cp311 \
            -d "$dir" rpds-py==0.18.1
        echo "$sha256  $dir/$file" | sha256sum -c --quiet || {
            echo "[libc-wheels] $file does not have the pinned sha256 $sha256" >&2
            exit 1
        }
    fi
done
