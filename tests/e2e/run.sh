#!/usr/bin/env bash
# End-to-end tests on real target interpreters (see README.md in this directory).
# Provisions everything into a cache outside the repository, builds maturin-fix, runs main.py.
# Environment:
#   MATURIN_FIX_E2E_CACHE  cache directory (default ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-e2e)
#   MATURIN_FIX_BIN        an already built maturin-fix to test (default: build it here)
# Arguments are passed to main.py (e.g. --part a).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${MATURIN_FIX_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-e2e}
mkdir -p "$cache"
start=$SECONDS
step() { echo "== $* ($((SECONDS - start)) s)"; }

step "host packages"
bash "$here/provision/host-packages.sh"

step "target sysroots"
part_a_arches=(armhf armel arm64 i386 mips64el ppc64el s390x)
printf '%s\n' "${part_a_arches[@]}" |
    xargs -P 4 -I{} bash "$here/provision/target-sysroot.sh" "$cache" {}

step "Debian's Rust toolchain"
bash "$here/provision/rust-toolchain.sh" "$cache" armhf mips64el
bash "$here/provision/vendor-crates.sh" "$cache" "$here/pyo3-ext"

step "PyPI wheels for each C library"
bash "$here/provision/libc-wheels.sh" "$cache"

step "python venvs"
for requirements in "$here"/requirements-maturin-*.txt; do
    bash "$here/provision/python-venv.sh" "$cache" "$requirements"
done

if [ -z "${MATURIN_FIX_BIN:-}" ]; then
    step "building maturin-fix"
    CARGO_TARGET_DIR="$cache/maturin-fix-target" cargo build -q --release --manifest-path "$repo/Cargo.toml"
    MATURIN_FIX_BIN=$cache/maturin-fix-target/release/maturin-fix
fi

step "tests"
exec python3 "$here/main.py" --cache "$cache" --tool "$MATURIN_FIX_BIN" "$@"
