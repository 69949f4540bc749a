#!/bin/sh
# The benchmark: maturin-fix against `find` and a pure-Python fixer on the same trees.
#
# Usage: bench/run.sh [SIZE...]          sizes: 1k 10k 100k 300k (the default) or any count
# Environment:
#   SEED=1                      tree generator seed
#   RUNS=N                      timed runs per command (default: 21/15/9/5 by size)
#   PYTHON=python3              interpreter for the Python fixer (its real executable is used,
#                               not a pyenv/venv shim)
#   MATURIN_FIX_BENCH_CACHE     where trees are kept (default ${XDG_CACHE_HOME:-~/.cache}/maturin-fix-bench)
#   CARGO_TARGET_DIR            as for cargo
#   BENCH_ALSO=/path/to/maturin-fix   also time `check` of another build (A/B) in the same rounds
#
# Builds the release binary, generates each tree once (cached by size and seed), checks that
# maturin-fix, the Python fixer, find and the generator agree on every count, then prints
# medians, ratios, peak RSS (/usr/bin/time -v) and time per file across sizes.
# Exit status: 0 measured; 1 the build or a measured command failed, or the counts disagree.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
[ $# -gt 0 ] || set -- 1k 10k 100k 300k
cache=${MATURIN_FIX_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-bench}

if [ ! -x /usr/bin/time ]; then
    # GNU time reports peak RSS; Debian ships it in package "time".
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing GNU time (Debian package 'time')" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null ||
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
    fi
    [ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is required: apt-get install time" >&2; exit 1; }
fi

python=$("${PYTHON:-python3}" -c 'import sys; print(sys.executable)') ||
    { echo "bench: no Python interpreter (${PYTHON:-python3})" >&2; exit 1; }

echo "bench: building the release binary" >&2
(cd "$project" && cargo build --release --locked --quiet) || { echo "bench: cargo build failed" >&2; exit 1; }
target_dir=$(cd "$project" && cargo metadata --format-version 1 --no-deps |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
binary=$target_dir/release/maturin-fix
[ -x "$binary" ] || { echo "bench: $binary was not built" >&2; exit 1; }

echo "maturin-fix benchmark: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "binary: $binary ($(stat -c %s "$binary") bytes), $("$binary" --version)"
echo "python: $python ($("$python" -c 'import sys; print(sys.version.split()[0])')); find: $(find --version | head -n 1)"
echo "machine: $(nproc) CPU(s), $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "load before: $(uptime)"

mkdir -p "$cache"
status=0
"$python" "$here/measure.py" --bin "$binary" --python "$python" --cache "$cache" \
    --seed "${SEED:-1}" ${RUNS:+--runs "$RUNS"} ${BENCH_ALSO:+--also "$BENCH_ALSO"} \
    --json "$cache/last-results.json" "$@" || status=$?
echo
echo "load after: $(uptime)"
echo "all numbers: $cache/last-results.json"
exit "$status"
