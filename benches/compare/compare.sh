#!/usr/bin/env bash
# Issue 5, section 3: this crate's validation and end-to-end throughput side by side with what
# users would otherwise use: ajv (Node) and Python's jsonschema / fastjsonschema, all on the same
# unified documents (made by this crate from the bundled fixtures), measured in one run.
#
#   bash benches/compare/compare.sh [RECORDS]        # default 20000
#
# Not part of CI. Installs ajv into benches/compare/node_modules (git-ignored) and the Python
# packages into a venv under /tmp (COMPARE_VENV to change it). Prints a table and writes the raw
# results to $OUT (default /tmp/unified-accounting-compare).
set -euo pipefail
cd "$(dirname "$0")/../.."

RECORDS="${1:-20000}"
OUT="${OUT:-/tmp/unified-accounting-compare}"
VENV="${COMPARE_VENV:-/tmp/unified-accounting-compare-venv}"
BUSINESS_ID=3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c
mkdir -p "$OUT"

echo "== building (release)" >&2
cargo build --release --quiet --bin unified-accounting --example generate_ndjson --example compare_validators
BIN=target/release/unified-accounting
EXAMPLES=target/release/examples

echo "== installing ajv (npm) and jsonschema / fastjsonschema (PyPI)" >&2
(cd benches/compare && npm install --no-audit --no-fund --silent >/dev/null)
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
    jsonschema==4.26.0 fastjsonschema==2.22.3 rfc3339-validator==0.1.4

echo "== $RECORDS Thredfi records -> unified documents" >&2
"$EXAMPLES/generate_ndjson" "$RECORDS" > "$OUT/thredfi.ndjson" 2>/dev/null
"$EXAMPLES/compare_validators" dump < "$OUT/thredfi.ndjson" > "$OUT/unified.ndjson"
"$BIN" schema apideck-refund > "$OUT/apideck-refund.schema.json"
DOCS=$(wc -l < "$OUT/unified.ndjson")

echo "== timing (best of several rounds each)" >&2
"$EXAMPLES/compare_validators" time "$OUT/unified.ndjson" 5 > "$OUT/results.ndjson"
node benches/compare/validate.js "$OUT/apideck-refund.schema.json" "$OUT/unified.ndjson" 5 >> "$OUT/results.ndjson"
"$VENV/bin/python" benches/compare/validate.py "$OUT/apideck-refund.schema.json" "$OUT/unified.ndjson" 3 >> "$OUT/results.ndjson"

# Our end to end: Thredfi bytes -> parse -> map -> validate -> NDJSON result envelopes, one thread.
best=""
for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$BIN" to-unified "$OUT/thredfi.ndjson" --business-id "$BUSINESS_ID" --quiet > /dev/null
    end=$(date +%s.%N)
    elapsed=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc -l)" = 1 ]; then best=$elapsed; fi
done
echo "{\"validator\":\"unified-accounting to-unified (CLI, -j 1)\",\"documents\":$RECORDS,\"end_to_end_per_s\":$(echo "$RECORDS / $best" | bc -l)}" >> "$OUT/results.ndjson"

"$VENV/bin/python" - "$OUT/results.ndjson" "$DOCS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ours = rows[0]
cli = rows[-1]
print(f"\n{sys.argv[2].strip()} unified documents (the same bytes for every validator), one core\n")
print(f"{'validator':<52} {'valid':>7} {'validate/s':>12} {'parse+validate+write/s':>23}")
for row in rows[:-1]:
    if "error" in row:
        print(f"{row['validator']:<52} error: {row['error']}")
        continue
    print(f"{row['validator']:<52} {row['valid']:>7} {row['validate_per_s']:>12,.0f} "
          f"{row['parse_validate_write_per_s']:>23,.0f}")
print(f"\n{cli['validator']}: {cli['end_to_end_per_s']:,.0f} records/s "
      "(Thredfi bytes -> map -> validate -> envelope bytes)\n")
print("Ratios (ours / theirs; above 1 = we are faster):")
print(f"{'against':<52} {'validation':>11} {'our end-to-end vs their':>24}")
print(f"{'':<52} {'':>11} {'parse+validate+write':>24}")
for row in rows[1:-1]:
    if "error" in row:
        continue
    print(f"{row['validator']:<52} {ours['validate_per_s'] / row['validate_per_s']:>10.1f}x "
          f"{cli['end_to_end_per_s'] / row['parse_validate_write_per_s']:>23.1f}x")
PY
