#!/usr/bin/env bash
# Runs every test of the project, installing what they need from nothing:
# Rust checks and tests, the lockfile/MSRV check, the layer tests (real BitBake,
# oelint-adv, maturin), the end-to-end tests on real target interpreters, and
# the layer against the real openembedded-core and BitBake (master, scarthgap).
#
#   scripts/test.sh            every part but ycl
#   scripts/test.sh rust       only the Rust part (fast)
#   scripts/test.sh ycl        oe-core's yocto-check-layer on this layer (slow)
#
# Exits non-zero if any part fails; every part runs even after a failure.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export CARGO_TERM_COLOR=never
parts=("${@:-rust lock msrv triplets layer e2e oe}")
read -r -a parts <<<"${parts[*]}"

failed=()
part() {
    local name=$1
    shift
    printf '\n==== %s ====\n' "$name"
    local start=$SECONDS
    if "$@"; then
        printf '==== %s: ok (%d s)\n' "$name" $((SECONDS - start))
    else
        printf '==== %s: FAILED (%d s)\n' "$name" $((SECONDS - start))
        failed+=("$name")
    fi
}

rust() {
    command -v cargo >/dev/null || { echo "cargo (Rust) is needed" >&2; return 1; }
    cargo fmt --all -- --check &&
        cargo clippy --all-targets -- -D warnings &&
        cargo clippy --all-targets --features fault-injection -- -D warnings &&
        # fault-injection only adds a test seam; the release build never has it.
        cargo test --features fault-injection
}

for p in "${parts[@]}"; do
    case $p in
    rust) part "rust: fmt, clippy, tests" rust ;;
    lock) part "lock: every locked crate is edition <= 2021, rust-version <= 1.75" python3 scripts/check-lockfile.py ;;
    msrv) part "msrv: compiled by a real old Rust, std items checked against 1.75" bash scripts/check-msrv.sh ;;
    triplets) part "triplets: the triple table against CPython's real sources and compilers" bash tests/triplets/run.sh ;;
    layer) part "layer: BitBake, QA, recipes, oelint" bash tests/layer/run.sh ;;
    e2e) part "end to end: real target interpreters" bash tests/e2e/run.sh ;;
    # After e2e: its Rust toolchain cache builds the wheel the oe part installs.
    oe) part "oe: the layer in the real openembedded-core and BitBake, master and scarthgap" bash tests/oe/run.sh ;;
    ycl) part "ycl: oe-core's yocto-check-layer, master and scarthgap" bash tests/oe/ycl.sh ;;
    *) echo "unknown part $p (rust, lock, msrv, triplets, layer, e2e, oe, ycl)" >&2; exit 2 ;;
    esac
done

echo
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}"
    exit 1
fi
echo "all parts passed: ${parts[*]}"
