#!/usr/bin/env bash
# Fuzzes maturin-fix with libFuzzer (cargo-fuzz), one target after another, one worker each.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     SECONDS per target (default 600); all targets if none
#
# Targets: sysconfigdata build_details record record_rows ext_filename triple
# (what each checks: docs/fuzzing.md and fuzz/src/checks/<target>.rs).
#
# Needs cargo-fuzz (installed here if missing) and a C++ compiler for libFuzzer. cargo-fuzz
# passes -Z flags (sanitizer, coverage instrumentation) that only nightly rustc accepts;
# RUSTC_BOOTSTRAP=1 lets a stable toolchain accept them (its sysroot ships the ASan runtime).
#
# The committed seeds in fuzz/corpus/<target>/ are only read; what libFuzzer finds goes to
# fuzz/grown/<target>/ (git-ignored) and is reused by the next run. Crashes land in
# fuzz/artifacts/<target>/. Inputs are capped at 8 KiB (-max_len) to keep executions fast:
# the full-size real sysconfigdata seeds are read truncated, the trimmed ones keep every
# layout whole. Minimize a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> <artifact>      (from fuzz/)
# and save it under tests/data/fuzz-regressions/<target>/ (tests/fuzz_regressions.rs replays it).
#
# MATURIN_FIX_FUZZ_KNOWN=id[,id…] skips checks of bugs already reported (ids in
# fuzz/src/checks/*.rs), so a long run can look past them. Exit status: 1 if any target crashed.
set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)
ALL_TARGETS=(sysconfigdata build_details record record_rows ext_filename triple)
CARGO_FUZZ_VERSION=0.13.2

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
case $seconds in
    '' | *[!0-9]*) echo "run.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac
for t in "${targets[@]}"; do
    [ -d "$FUZZ_DIR/corpus/$t" ] || { echo "run.sh: unknown target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi
export RUSTC_BOOTSTRAP=1
cd "$FUZZ_DIR"
cargo fuzz build >&2
status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "grown/$t" "artifacts/$t"
    # Whole real files from tests/data join the corpus here rather than being copied into git.
    while IFS=$'\t' read -r target path; do
        [ "$target" = "$t" ] && cp -n "../tests/data/$path" "grown/$t/real-$(basename "$path")"
    done < <(grep -v '^#' real-seeds.tsv)
    log="grown/$t.log"
    dict=()
    [ -f "dict/$t.dict" ] && dict=("-dict=dict/$t.dict")
    echo "run.sh: fuzzing $t for ${seconds}s (log: fuzz/$log)" >&2
    if cargo fuzz run "$t" "grown/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "${dict[@]}" >"$log" 2>&1; then
        result=ok
    else
        result="CRASHED (see fuzz/$log and fuzz/artifacts/$t/)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    corpus=$(find "grown/$t" -type f | wc -l)
    summary+=("$t: $result; ${execs:-?} execs (${rate:-?}/s), ${cov:-cov: ?}, working corpus $corpus files")
done
printf '%s\n' "${summary[@]}"
exit $status
