#!/usr/bin/env bash
# The triple table (tests/data/triplets.tsv) against CPython's real sources and compilers.
# Installs what it needs from nothing (Debian packages by apt-get; CPython's sources as
# Debian source packages fetched into the cache, never through the host's apt sources).
#
#   bash tests/triplets/run.sh
#
# 1. drift: make-triplets.py regenerates triplets.tsv byte for byte;
# 2. every row whose CPython version has a Debian source package: the real detection
#    code of that version (cut out of its configure / Misc/platform_triplet.c at run
#    time) through a real preprocessor for the row's target (clang 16, or Debian's
#    cross cpp where clang cannot represent the target);
# 3. the x86_64 musl rows: CPython's real ./configure with CC=musl-gcc, native and
#    cross from glibc, 3.11 and 3.13;
# 4. self-test: a corrupted copy of the table must fail 1-3.
# Exits 1 on any disagreement. See tests/data/triplets-README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
table=$repo/tests/data/triplets.tsv
cache=${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-triplets
work=$cache/work
mkdir -p "$cache"
rm -rf "$work"
mkdir -p "$work"
start=$SECONDS
step() { printf '\n--- %s (%d s)\n' "$*" $((SECONDS - start)); }

# ---- what this needs from Debian
pkgs=(clang-16 musl-tools musl-dev libc6-dev gcc make binutils xz-utils
    debian-archive-keyring apt
    cpp-12-alpha-linux-gnu cpp-12-hppa-linux-gnu cpp-12-sh4-linux-gnu
    cpp-12-s390x-linux-gnu cpp-12-powerpc-linux-gnu cpp-12-aarch64-linux-gnu)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "need root to apt-get install: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }

fail=0

# ---- 1. drift
step "drift: python3 tests/data/make-triplets.py == tests/data/triplets.tsv"
if python3 "$repo/tests/data/make-triplets.py" >"$work/regenerated.tsv" &&
    cmp "$work/regenerated.tsv" "$table"; then
    echo "drift: ok, regenerated table is byte-identical ($(($(wc -l <"$table") - 1)) rows)"
else
    echo "DRIFT: make-triplets.py does not regenerate triplets.tsv:"
    diff "$table" "$work/regenerated.tsv" | head -20 || true
    fail=1
fi

# ---- 2./3. CPython's sources, configure, preprocessors
step "CPython sources from Debian source packages (cache: $cache)"
python3 "$here/sources.py" "$cache" "$work/sources.json"

step "real ./configure with musl-gcc"
python3 "$here/check.py" configure "$table" "$work/sources.json" "$work" "$work/configure.json"

step "real detection code through real preprocessors; configure results"
python3 "$here/check.py" cpp "$table" "$work/sources.json" "$work" \
    --configure "$work/configure.json" | tee "$work/report.txt" || fail=1

# ---- 4. self-test: the check can fail
step "self-test: a corrupted copy of the table must fail"
bad=$work/corrupt.tsv
# one glibc row checked by the preprocessors, one musl row checked by configure
awk -F'\t' -v OFS='\t' -v lines="$work/corrupt.lines" '
    NR > 1 && !a && $1 == "x86_64-unknown-linux-gnu" && $2 == "3.13" && $3 == "" {
        $6 = ".cpython-313-x86_64-linux-gnux32.so"; a = NR }
    NR > 1 && !b && $1 == "x86_64-unknown-linux-musl" && $2 == "3.11" && $5 == "cross" {
        $6 = ".cpython-311-x86_64-linux-musl.so"; b = NR }
    { print }
    END { print a, b > lines }' "$table" >"$bad"
read -r la lb <"$work/corrupt.lines"
selftest=ok
if cmp -s "$work/regenerated.tsv" "$bad"; then
    selftest="the drift check cannot see the corruption"
elif python3 "$here/check.py" cpp "$bad" "$work/sources.json" "$work" \
    --configure "$work/configure.json" >"$work/corrupt.txt" 2>&1; then
    selftest="the check passed a corrupted table"
else
    grep '^DISAGREE' "$work/corrupt.txt" | sed 's/^/  (expected) /'
    grep -q "^DISAGREE line $la: .*'s code via" "$work/corrupt.txt" ||
        selftest="the preprocessor check missed corrupted line $la"
    grep -q "^DISAGREE line $lb: .*real configure" "$work/corrupt.txt" ||
        selftest="the configure check missed corrupted line $lb"
    [ "$(grep -c '^DISAGREE' "$work/corrupt.txt")" -gt 0 ] &&
        ! grep '^DISAGREE' "$work/corrupt.txt" | grep -vq -e "^DISAGREE line $la:" -e "^DISAGREE line $lb:" ||
        selftest="disagreements on rows that were not corrupted"
fi
echo "self-test: $selftest"
[ "$selftest" = ok ] || fail=1

step "done"
if [ $fail -ne 0 ]; then
    echo "triplets: FAILED"
    exit 1
fi
echo "triplets: ok"
