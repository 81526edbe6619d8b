#!/usr/bin/env bash
# Issue 14: the CLI's `to-unified -j 2` against `-j 1`, side by side. Each round runs `-j 1` and
# `-j 2` back to back (which goes first alternates), so both see the same moments of a shared
# host; prints every run (wall, user and system seconds, peak RSS), then per contender the best of
# each side, best / best, and the quartiles of the rounds' own ratios.
#
#   bash benches/compare/scaling.sh [RECORDS] [ROUNDS]     # defaults 1000000 and 5
#   BINS="old=/tmp/ua-old new=target/release/unified-accounting" bash benches/compare/scaling.sh
#
# Not part of CI. BINS compares builds in the same rounds (default: this tree's release build).
# The input is generated once into $OUT (default /tmp/unified-accounting-scaling).
set -euo pipefail
cd "$(dirname "$0")/../.."

RECORDS="${1:-1000000}"
ROUNDS="${2:-5}"
OUT="${OUT:-/tmp/unified-accounting-scaling}"
BUSINESS_ID=3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c
mkdir -p "$OUT"

cargo build --release --quiet --bin unified-accounting --example generate_ndjson
BINS="${BINS:-this=target/release/unified-accounting}"
INPUT="$OUT/thredfi-$RECORDS.ndjson"
if [ ! -s "$INPUT" ]; then
    target/release/examples/generate_ndjson "$RECORDS" > "$INPUT" 2>/dev/null
fi

: > "$OUT/runs.tsv"
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then order="1 2"; else order="2 1"; fi
    for entry in $BINS; do
        name=${entry%%=*}
        bin=${entry#*=}
        for j in $order; do
            /usr/bin/time -f "%e	%U	%S	%M" -o "$OUT/time.txt" \
                "$bin" to-unified "$INPUT" --business-id "$BUSINESS_ID" -j "$j" --quiet > /dev/null
            printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$j" "$(cat "$OUT/time.txt")" \
                | tee -a "$OUT/runs.tsv" >&2
        done
    done
done

python3 - "$OUT/runs.tsv" "$RECORDS" <<'PY'
import statistics, sys
runs = [line.split("\t") for line in open(sys.argv[1]).read().splitlines() if line]
records = int(sys.argv[2])
names = list(dict.fromkeys(run[1] for run in runs))
print(f"\n{records} records, -j 1 and -j 2 back to back in each of "
      f"{len({run[0] for run in runs})} rounds (wall seconds)\n")
print(f"{'build':<8} {'best -j 1':>10} {'best -j 2':>10} {'best/best':>10} "
      f"{'rounds 25/50/75%':>22} {'user -j1/-j2':>14} {'RSS -j 2 (MB)':>14}")
for name in names:
    mine = [run for run in runs if run[1] == name]
    side = {j: {run[0]: run for run in mine if run[2] == j} for j in ("1", "2")}
    wall = {j: [float(run[3]) for run in side[j].values()] for j in side}
    ratios = sorted(float(side["1"][r][3]) / float(side["2"][r][3]) for r in side["1"])
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    user = {j: statistics.median(float(run[4]) for run in side[j].values()) for j in side}
    rss = max(int(run[6]) for run in side["2"].values()) / 1024
    print(f"{name:<8} {min(wall['1']):>10.2f} {min(wall['2']):>10.2f} "
          f"{min(wall['1']) / min(wall['2']):>9.2f}x "
          f"{q[0]:>8.2f}x {q[1]:.2f}x {q[2]:.2f}x {user['1']:>6.2f}/{user['2']:<6.2f} {rss:>14.1f}")
PY
