#!/usr/bin/env bash
# Issue 12's benchmark (not CI, not a timed test): the Python package and Dask against the CLI on
# the same generated records, side by side in one run.
#
#   bash benches/python/run.sh [RECORDS] [FILES]      # default 1000000 records in 8 files
#
# Builds the CLI and the record generator (release), builds the wheel and installs it with its
# `dask` extra into a venv (BENCH_VENV, default /tmp/unified-accounting-bench-venv), generates
# the records into $OUT (default /tmp/unified-accounting-bench; about 2.1 GB for a million), then
# runs benches/python/bench.py, which prints the table BENCHMARKS.md quotes. Run it on a quiet
# machine: nothing else should load the CPU.
set -euo pipefail
cd "$(dirname "$0")/../.."

RECORDS="${1:-1000000}"
FILES="${2:-8}"
OUT="${OUT:-/tmp/unified-accounting-bench}"
VENV="${BENCH_VENV:-/tmp/unified-accounting-bench-venv}"

echo "== building the CLI and the generator (release)" >&2
cargo build --release --quiet --bin unified-accounting --example generate_ndjson

echo "== building the wheel and installing it with [dask] into $VENV" >&2
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9.4,<2"
rm -rf target/bench-wheels
(cd python && "$VENV/bin/maturin" build --release --quiet --out ../target/bench-wheels)
"$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/bench-wheels/*.whl
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$(ls target/bench-wheels/*.whl)[dask]"

echo "== $RECORDS records in $FILES files under $OUT" >&2
mkdir -p "$OUT/in"
rm -f "$OUT"/in/*.ndjson
target/release/examples/generate_ndjson "$RECORDS" 2>/dev/null |
    split --numeric-suffixes=1 --suffix-length=2 --additional-suffix=.ndjson \
        --lines=$(((RECORDS + FILES - 1) / FILES)) - "$OUT/in/part-"

"$VENV/bin/python" benches/python/bench.py target/release/unified-accounting "$OUT"
