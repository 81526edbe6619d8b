#!/usr/bin/env bash
# Issue 14, part 3: the CLI's end-to-end job (Thredfi NDJSON -> validated unified Refund NDJSON)
# against the same job written by hand as a user would: Node (peer.js: JSON.parse, ajv 2020-12 +
# ajv-formats) and Python (peer.py: json with Decimal, fastjsonschema). All on one generated file.
#
#   bash benches/compare/peers.sh [RECORDS]        # default 100000
#   BINS="old=/tmp/old-cli new=target/release/unified-accounting" bash benches/compare/peers.sh
#
# BINS adds earlier builds of the CLI to the same rounds (each `LABEL=BINARY` at -j 1 and -j 2; the
# first is the reference of the ratios); by default this tree's release build alone.
# Not part of CI. First checks that each peer's outputs equal the CLI's on the first CHECK records
# (default 200; numbers compared as exact text, warnings not compared), then times ROUNDS rounds
# (default 3), each running every contender once, and prints each one's best records/s, the
# ratios of the bests and the median of the rounds' own ratios. Installs ajv into
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
BINS="${BINS:-this=$BIN}"

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

# Every round runs each contender once, one after another, so all of them meet the same host: on
# this shared machine a contender timed minutes after another can read 10-20% off. Each run goes
# to times.tsv as NAME<TAB>ROUND<TAB>WALL<TAB>CPU (user + system seconds): CPU time leaves out
# the time a process waited for a core, which on a loaded host is most of the spread.
NODE_NAME="Node peer.js ($(node --version), ajv $(node -p 'require("./benches/compare/node_modules/ajv/package.json").version'))"
PYTHON_NAME="Python peer.py ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])'), fastjsonschema 2.22.3)"
run() {
    local name=$1 round=$2
    shift 2
    /usr/bin/time -f "%e	%U	%S" -o "$OUT/time.txt" "$@" > /dev/null
    awk -v name="$name" -v round="$round" -F'\t' \
        '{ printf "%s\t%s\t%s\t%.2f\n", name, round, $1, $2 + $3 }' "$OUT/time.txt" >> "$OUT/times.tsv"
}

echo "== timing ($ROUNDS rounds, each contender once per round, the same $RECORDS records)" >&2
: > "$OUT/times.tsv"
for round in $(seq "$ROUNDS"); do
    for entry in $BINS; do
        for threads in 1 2; do
            run "CLI ${entry%%=*} to-unified -j $threads" "$round" "${entry#*=}" to-unified "$INPUT" \
                --business-id "$BUSINESS_ID" -j "$threads" --quiet
        done
    done
    run "$NODE_NAME" "$round" node benches/compare/peer.js "$SCHEMA" "$INPUT" --business-id "$BUSINESS_ID"
    run "$PYTHON_NAME" "$round" "$PYTHON" benches/compare/peer.py "$SCHEMA" "$INPUT" --business-id "$BUSINESS_ID"
    echo "   round $round of $ROUNDS done" >&2
done

"$PYTHON" - "$OUT/times.tsv" "$RECORDS" <<'PY'
import statistics, sys
wall, cpu = {}, {}
for line in open(sys.argv[1]):
    if line.strip():
        name, round_, seconds, cpu_seconds = line.rstrip("\n").split("\t")
        wall.setdefault(name, {})[round_] = float(seconds)
        cpu.setdefault(name, {})[round_] = float(cpu_seconds)
records = int(sys.argv[2])
names = list(wall)
j1, j2 = names[0], names[1]


def table(title, runs):
    best = {name: min(times.values()) for name, times in runs.items()}
    print(f"\n{title}: best of {len(runs[j1])} rounds, and the median of the rounds' own ratios\n")
    print(f"{'contender':<58} {'best s':>7} {'records/s':>10} {'CLI -j 1 / it':>14} "
          f"{'median round':>13} {'CLI -j 2 / it':>14}")
    for name in names:
        rounds = [runs[name][r] / runs[j1][r] for r in runs[name] if r in runs[j1]]
        print(f"{name:<58} {best[name]:>7.2f} {records / best[name]:>10,.0f} "
              f"{best[name] / best[j1]:>13.2f}x {statistics.median(rounds):>12.2f}x "
              f"{best[name] / best[j2]:>13.2f}x")


print(f"\n{records} records, the same file for every contender; each round runs every contender once")
table("wall clock", wall)
table("CPU time (user + system; for -j 2 both cores' sum, so its ratios are not speed-ups)", cpu)
PY
