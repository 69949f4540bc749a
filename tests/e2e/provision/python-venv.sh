#!/usr/bin/env bash
# python-venv.sh CACHE_DIR REQUIREMENTS_FILE
# One virtual environment per requirements file (one per maturin version), in
# CACHE_DIR/venv/<requirements file name without .txt>. The wheels are downloaded from PyPI into
# CACHE_DIR/wheelhouse once; the venv is installed from there without the index, so a warm run
# (or a rebuilt venv) needs no network.
set -euo pipefail
cache=$1 requirements=$2
name=$(basename "$requirements" .txt)
venv=$cache/venv/$name
wheelhouse=$cache/wheelhouse/$name
stamp_key=$(sha256sum <"$requirements" | cut -d' ' -f1)

if [ -f "$venv/stamp" ] && [ "$(cat "$venv/stamp")" = "$stamp_key" ]; then
    exit 0
fi
if [ ! -f "$wheelhouse/stamp" ] || [ "$(cat "$wheelhouse/stamp")" != "$stamp_key" ]; then
    echo "[$name] downloading wheels from PyPI"
    rm -rf "$wheelhouse"
    mkdir -p "$wheelhouse"
    python3 -m pip download -q --disable-pip-version-check --only-binary=:all: \
        --no-deps -d "$wheelhouse" -r "$requirements"
    echo "$stamp_key" >"$wheelhouse/stamp"
fi
echo "[$name] creating $venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index \
    --find-links "$wheelhouse" --no-deps -r "$requirements"
"$venv/bin/python" -m pip check -q
echo "$stamp_key" >"$venv/stamp"
