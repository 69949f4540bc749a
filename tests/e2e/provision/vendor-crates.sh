#!/usr/bin/env bash
# vendor-crates.sh CACHE_DIR CRATE_DIR
# Vendors the crates of CRATE_DIR/Cargo.lock into CACHE_DIR/crates (like oe-core's
# cargo_common.bbclass points cargo at crates fetched by bitbake). Debian's cargo 1.63 then needs
# no registry index at all; the host's cargo does the download once.
set -euo pipefail
cache=$1 crate=$2
out=$cache/crates
stamp_key=$(sha256sum <"$crate/Cargo.lock" | cut -d' ' -f1)
if [ -f "$out.stamp" ] && [ "$(cat "$out.stamp")" = "$stamp_key" ]; then
    exit 0
fi
echo "[crates] vendoring the test extension's dependencies"
rm -rf "$out" "$out.stamp"
cargo vendor -q --locked --versioned-dirs --manifest-path "$crate/Cargo.toml" "$out" >/dev/null
echo "$stamp_key" >"$out.stamp"
