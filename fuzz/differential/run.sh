#!/usr/bin/env bash
# Compares maturin-fix's parsers with the Python modules they imitate (see differential.py).
#   fuzz/differential/run.sh [PYTHON]     PYTHON: the oracle interpreter (default python3)
# Reads the fuzz corpora, so run it after fuzz/run.sh for the most inputs.
set -euo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
PYTHON=${1:-python3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$DIR/../target/differential}
cargo build --quiet --release --manifest-path "$DIR/../Cargo.toml" --features differential --bin differential
exec "$PYTHON" "$DIR/differential.py" "$CARGO_TARGET_DIR/release/differential"
