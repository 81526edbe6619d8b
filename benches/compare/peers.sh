#!/usr/bin/env bash
# Issue 14, part 3: the CLI's end-to-end job (Thredfi NDJSON -> validated unified Refund NDJSON)
# against the same job written by hand as a user would: Node (peer.js: JSON.parse, ajv 2020-12 +
# ajv-formats) and Python (peer.py: json with Decimal, fastjsonschema). All on one generated file.
#
#   bash benches/compare/peers.sh [RECORDS]        # default 100000
#
# Not part of CI. First checks that each peer's outputs equal the CLI's on the first CHECK records
# (default 200; numbers compared as exact text, warnings not compared), then times each contender
# (best of ROUNDS, default 3) and prints records/s and ratios. Installs ajv into
# benches/compare/node_modules (git-ignored) and fastjsonschema into a venv under /tmp
# (COMPARE_VENV to change it). Files go to $OUT (default /tmp/unified-accounting-peers).
set -euo pipefail
cd "$(dirname "$0")/../.."

RECORDS="${1:-100000}"
CHECK="${CHECK:-200}"
ROUNDS="${ROUNDS:-3}"
OUT="${OUT:-/tmp/unified-accounting-peers}"
VENV="${COMPARE_VENV:-/tmp/unified-accounting-compare-venv}"
BUSINESS_ID=3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c
mkdir -p "$OUT"

echo "== building (release)" >&2
cargo build --release --quiet --bin unified-accounting --example generate_ndjson
BIN=target/release/unified-accounting

echo "== installing ajv (npm) and fastjsonschema (PyPI)" >&2
(cd benches/compare && npm install --no-audit --no-fund --silent >/dev/null)
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check fastjsonschema==2.22.3
PYTHON="$VENV/bin/python"

echo "== $RECORDS Thredfi records" >&2
target/release/examples/generate_ndjson "$RECORDS" > "$OUT/thredfi.ndjson" 2>/dev/null
"$BIN" schema apideck-refund > "$OUT/apideck-refund.schema.json"
SCHEMA="$OUT/apideck-refund.schema.json"
INPUT="$OUT/thredfi.ndjson"

echo "== check: each peer's outputs equal the CLI's on the first $CHECK records" >&2
head -n "$CHECK" "$INPUT" > "$OUT/check.ndjson"
"$BIN" to-unified "$OUT/check.ndjson" --business-id "$BUSINESS_ID" --quiet > "$OUT/check.cli.ndjson"
node benches/compare/peer.js "$SCHEMA" "$OUT/check.ndjson" --business-id "$BUSINESS_ID" \
    --check "$CHECK" "$OUT/check.cli.ndjson"
"$PYTHON" benches/compare/peer.py "$SCHEMA" "$OUT/check.ndjson" --business-id "$BUSINESS_ID" \
    --check "$CHECK" "$OUT/check.cli.ndjson"

# best NAME COMMAND...: the best wall-clock seconds of $ROUNDS runs, output to /dev/null.
best() {
    local name=$1 best="" start end elapsed
    shift
    for _ in $(seq "$ROUNDS"); do
        start=$(date +%s.%N)
        "$@" > /dev/null
        end=$(date +%s.%N)
        elapsed=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc -l)" = 1 ]; then best=$elapsed; fi
    done
    echo "$name	$best" >> "$OUT/times.tsv"
    echo "   $name: ${best}s" >&2
}

echo "== timing (best of $ROUNDS each, the same $RECORDS records)" >&2
: > "$OUT/times.tsv"
best "CLI to-unified -j 1" "$BIN" to-unified "$INPUT" --business-id "$BUSINESS_ID" -j 1 --quiet
best "CLI to-unified -j 2" "$BIN" to-unified "$INPUT" --business-id "$BUSINESS_ID" -j 2 --quiet
best "Node peer.js ($(node --version), ajv $(node -p 'require("./benches/compare/node_modules/ajv/package.json").version'))" \
    node benches/compare/peer.js "$SCHEMA" "$INPUT" --business-id "$BUSINESS_ID"
best "Python peer.py ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])'), fastjsonschema 2.22.3)" \
    "$PYTHON" benches/compare/peer.py "$SCHEMA" "$INPUT" --business-id "$BUSINESS_ID"

"$PYTHON" - "$OUT/times.tsv" "$RECORDS" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
records = int(sys.argv[2])
rate = {name: records / float(seconds) for name, seconds in rows}
names = [name for name, _ in rows]
j1, j2 = names[0], names[1]
print(f"\n{records} records, the same file for every contender, wall clock, best of runs\n")
print(f"{'contender':<58} {'seconds':>8} {'records/s':>10} {'CLI -j 1 /':>11} {'CLI -j 2 /':>11}")
for name, seconds in rows:
    print(f"{name:<58} {float(seconds):>8.2f} {rate[name]:>10,.0f} "
          f"{rate[j1] / rate[name]:>10.2f}x {rate[j2] / rate[name]:>10.2f}x")
PY
