#!/usr/bin/env bash
# Shows the main job on the bundled qemuarm sample (examples/qemuarm): a module that
# maturin named from the Rust triple, fixed with the target's own sysconfigdata.
# Works on a copy in a temporary directory; the sample in the repository stays broken.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v cargo >/dev/null || { echo "demo: cargo (Rust) is needed" >&2; exit 2; }
echo "== building maturin-fix (cargo build --release)"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
tool="${CARGO_TARGET_DIR:-$repo/target}/release/maturin-fix"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$repo/examples/qemuarm/sysroot" "$repo/examples/qemuarm/image" "$work/"
cd "$work"
site=image/usr/lib/python3.13/site-packages
show() { printf '\n$ %s\n' "$*"; "$@" || echo "(exit status $?)"; }

show "$tool" suffix --sysroot sysroot -v
show "$tool" check --root "$site" --sysroot sysroot
show "$tool" fix --root "$site" --sysroot sysroot
show cat "$site/rpds_py-0.18.1.dist-info/RECORD"
show "$tool" check --root "$site" --sysroot sysroot -v
