#!/usr/bin/env bash
# The README's test command: every suite, Rust then Python.
#
#   bash tests/all.sh
#
# 1. `cargo test` (INSTA_UPDATE=no unless set: a missing or changed snapshot fails the run). It
#    also builds the CLI that the Python suite takes as the Rust reference.
# 2. The Python package: a new virtual environment (target/python-venv, rebuilt every run),
#    maturin from PyPI, the abi3 wheel built in release mode into target/wheels, the wheel
#    installed with its `test` extra (pytest, hypothesis, dask[distributed]), then pytest over
#    python/tests (a real two-process Dask LocalCluster included).
#
# Needs Rust (1.85+) and CPython 3.10+ with venv and pip; everything else it installs itself.
set -euo pipefail
cd "$(dirname "$0")/.."

export INSTA_UPDATE="${INSTA_UPDATE:-no}"
PYTHON="${PYTHON:-python3}"
VENV=target/python-venv
WHEELS=target/wheels
PIP=(--quiet --disable-pip-version-check)

echo "== Rust: cargo test (INSTA_UPDATE=$INSTA_UPDATE)"
cargo test

echo "== Python: a new virtual environment with maturin"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), "the Python package needs CPython 3.10 or newer"'
rm -rf "$VENV" "$WHEELS"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install "${PIP[@]}" "maturin>=1.9.4,<2"

echo "== Python: build the wheel (maturin, release, abi3)"
(cd python && "../$VENV/bin/maturin" build --release --out "../$WHEELS")
WHEEL=$(ls "$WHEELS"/unified_accounting-*.whl)

echo "== Python: install $(basename "$WHEEL") with its test extra, then pytest"
"$VENV/bin/pip" install "${PIP[@]}" "$WHEEL[test]"
UA_CLI="$PWD/target/debug/unified-accounting" "$VENV/bin/python" -m pytest python/tests -q -p no:cacheprovider
