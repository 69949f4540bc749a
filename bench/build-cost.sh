#!/bin/sh
# Build cost of maturin-fix against a naive reference build of the same program.
#
# Reports, measured in one run:
#   - the crates in the build graph: the unique lines of
#       cargo tree -e normal,build --prefix none
#     (host target, dev-dependencies excluded, the maturin-fix crate itself included);
#   - the cold release build time (empty CARGO_TARGET_DIR, crates already downloaded, so
#     compilation is timed, not download) of the tool and of the naive reference
#     (bench/naive_reference.py: clap default features + derive, regex default features);
#   - the size of the stripped release binaries.
# Both crates are built from copies in a temporary directory: the project's target/ and
# Cargo.lock are never touched. Builds alternate (tool, naive, naive, tool, ...) so that
# background load hits both alike.
#
# Usage: bench/build-cost.sh [ROUNDS]     (default 2 cold builds of each)
# Exit status: 0 measured (targets met or not: read the verdict lines); 1 a build failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
rounds=${1:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/maturin-fix-build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
# A compiler wrapper (sccache …) would turn a cold build into a cache hit.
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER CARGO_TARGET_DIR || true
# The crate's own .cargo/config.toml is copied along; nothing else may change the build.
export CARGO_INCREMENTAL=0

[ -x /usr/bin/time ] || { echo "build-cost: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

copy_crate() {
    mkdir -p "$1"
    cp -R "$project/Cargo.toml" "$project/Cargo.lock" "$project/src" "$1/"
    [ -d "$project/.cargo" ] && cp -R "$project/.cargo" "$1/"
    [ -f "$project/build.rs" ] && cp "$project/build.rs" "$1/"
    [ -f "$project/README.md" ] && cp "$project/README.md" "$1/"
    return 0
}

copy_crate "$work/tool"
copy_crate "$work/naive"
python3 "$here/naive_reference.py" "$work/naive"

# Download (and lock) everything first: the timed builds run --offline.
for crate in tool naive; do
    (cd "$work/$crate" && cargo fetch --quiet) || { echo "build-cost: cargo fetch failed for $crate" >&2; exit 1; }
done

count_crates() {
    (cd "$1" && cargo tree --offline -e normal,build --prefix none) |
        sed -e 's/ (\*)$//' -e 's/ (proc-macro)$//' -e 's/ (\/.*)$//' | sort -u
}
count_crates "$work/tool" >"$work/tool.crates"
count_crates "$work/naive" >"$work/naive.crates"

# One cold build: prints "wall user sys" seconds.
cold_build() {
    rm -rf "$work/target-$1"
    (cd "$work/$1" &&
        CARGO_TARGET_DIR="$work/target-$1" /usr/bin/time -f '%e %U %S' -o "$work/time-$1" \
            cargo build --release --offline --locked --quiet) >"$work/build-$1.log" 2>&1 || {
        cat "$work/build-$1.log" >&2
        echo "build-cost: cold build of $1 failed" >&2
        exit 1
    }
    cat "$work/time-$1"
}

echo "load before: $(uptime)"
echo "rustc: $(rustc -V); cargo: $(cargo -V); $(nproc) CPU(s)"
: >"$work/times"
i=1
while [ "$i" -le "$rounds" ]; do
    if [ $((i % 2)) -eq 1 ]; then order="tool naive"; else order="naive tool"; fi
    for crate in $order; do
        t=$(cold_build "$crate")
        echo "$crate $t" >>"$work/times"
        echo "  round $i: $crate cold build: wall ${t%% *} s (user+sys $(echo "$t" | awk '{print $2 + $3}') s)"
    done
    i=$((i + 1))
done
echo "load after: $(uptime)"

size_tool=$(stat -c %s "$work/target-tool/release/maturin-fix")
size_naive=$(stat -c %s "$work/target-naive/release/maturin-fix")
file "$work/target-tool/release/maturin-fix" | grep -q ', stripped' || echo "build-cost: warning: the tool binary is not stripped" >&2

median() { # median of the numbers on stdin
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
wall_tool=$(awk '$1 == "tool" { print $2 }' "$work/times" | median)
wall_naive=$(awk '$1 == "naive" { print $2 }' "$work/times" | median)
cpu_tool=$(awk '$1 == "tool" { print $3 + $4 }' "$work/times" | median)
cpu_naive=$(awk '$1 == "naive" { print $3 + $4 }' "$work/times" | median)
crates_tool=$(wc -l <"$work/tool.crates")
crates_naive=$(wc -l <"$work/naive.crates")

echo
echo "crates (unique lines of \`cargo tree -e normal,build --prefix none\`, the crate itself included):"
echo "  tool  $crates_tool: $(tr '\n' ' ' <"$work/tool.crates")"
echo "  naive $crates_naive: $(tr '\n' ' ' <"$work/naive.crates")"
echo
printf '%-34s %12s %12s %10s\n' "" "maturin-fix" "naive ref." "ratio"
printf '%-34s %12s %12s %10s\n' "crates in the build graph" "$crates_tool" "$crates_naive" \
    "$(awk -v a="$crates_tool" -v b="$crates_naive" 'BEGIN { printf "%.2f", a / b }')"
printf '%-34s %12s %12s %10s\n' "cold release build, wall s (median)" "$wall_tool" "$wall_naive" \
    "$(awk -v a="$wall_tool" -v b="$wall_naive" 'BEGIN { printf "%.2f", a / b }')"
printf '%-34s %12s %12s %10s\n' "cold release build, CPU s (median)" "$cpu_tool" "$cpu_naive" \
    "$(awk -v a="$cpu_tool" -v b="$cpu_naive" 'BEGIN { printf "%.2f", a / b }')"
printf '%-34s %12s %12s %10s\n' "stripped release binary, bytes" "$size_tool" "$size_naive" \
    "$(awk -v a="$size_tool" -v b="$size_naive" 'BEGIN { printf "%.2f", a / b }')"
echo
verdict() { if [ "$1" = 1 ]; then echo "met    $2"; else echo "MISSED $2"; fi; }
verdict "$(awk -v a="$crates_tool" 'BEGIN { print (a <= 20) }')" "crates <= 20: $crates_tool"
verdict "$(awk -v a="$wall_tool" -v b="$wall_naive" 'BEGIN { print (a <= 0.5 * b) }')" \
    "cold build <= 0.5x naive reference: $(awk -v a="$wall_tool" -v b="$wall_naive" 'BEGIN { printf "%.2f", a / b }')x"
verdict "$(awk -v a="$size_tool" 'BEGIN { print (a <= 1.5 * 1024 * 1024) }')" \
    "stripped binary <= 1.5 MiB: $size_tool bytes"
