#!/usr/bin/env bash
# Layer tests (no Yocto build needed): installs what they need from nothing
# (apt packages if missing, a pinned venv under .venv/layer), builds
# maturin-fix, then runs pytest on tests/layer. Exits non-zero on any failure.
#
#   tests/layer/run.sh [pytest arguments]
#
# CARGO_TARGET_DIR: where cargo builds (default: <repo>/target).
set -euo pipefail

LAYER=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$LAYER"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LAYER/target}"
VENVS="$LAYER/.venv/layer"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'tests/layer/run.sh: %s\n' "$*" >&2; exit 1; }

# --- system packages -------------------------------------------------------
# arm-linux-gnueabihf-gcc: real armhf ELF modules; cc: host ELF modules;
# wget: BitBake's crate fetcher; git: lists the tracked files; dash, bash
# and zsh: the shells that source the SDK's environment-setup.d scripts.
missing=()
command -v arm-linux-gnueabihf-gcc >/dev/null || missing+=(gcc-arm-linux-gnueabihf)
command -v cc >/dev/null || missing+=(gcc libc6-dev)
command -v wget >/dev/null || missing+=(wget)
command -v git >/dev/null || missing+=(git)
command -v dash >/dev/null || missing+=(dash)
command -v zsh >/dev/null || missing+=(zsh)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q </dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "python3 >= 3.11 is needed (tomllib, the bb library of bitbake-setup)"
command -v cargo >/dev/null || die "cargo (Rust) is needed to build maturin-fix"

# --- Python packages, pinned --------------------------------------------------
venv() {  # venv DIR REQUIREMENTS: (re)create DIR when REQUIREMENTS changed
    local dir=$1 req=$2 stamp
    stamp=$(sha256sum "$req" | cut -d' ' -f1)
    if [ "$(cat "$dir/.requirements" 2>/dev/null)" != "$stamp" ]; then
        say "venv $dir from $req"
        rm -rf "$dir"
        python3 -m venv "$dir"
        "$dir/bin/python" -m pip install --disable-pip-version-check -q --no-input -r "$req" </dev/null
        echo "$stamp" > "$dir/.requirements"
    fi
}
venv "$VENVS/main" tests/layer/requirements.txt
venv "$VENVS/maturin-1.4.0" tests/layer/requirements-maturin-1.4.txt
export MATURIN_FIX_MATURIN_1_4="$VENVS/maturin-1.4.0/bin/maturin"

# --- the tool ----------------------------------------------------------------
say "cargo build --release --locked (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
cargo build --release --locked </dev/null
export MATURIN_FIX_BIN="$CARGO_TARGET_DIR/release/maturin-fix"

# --- the tests ---------------------------------------------------------------
say "pytest tests/layer"
cd "$LAYER/tests/layer"
exec "$VENVS/main/bin/python" -m pytest "$@" </dev/null
