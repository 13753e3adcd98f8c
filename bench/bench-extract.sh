#!/usr/bin/env bash
# Benchmark of the extraction job on this machine: generates N synthetic patients with
# `deltarad synth` (default image size 96x96x16) and runs `deltarad extract-job` with 1 and 2
# cores, each into a fresh output directory (nothing skipped), then reports per run: volumes,
# end-to-end wall time and volumes/s (JVM start excluded, Spark start included), the extraction
# phase alone, its second half (the sustained rate once the JVM is warm: the first tens of seconds
# of a run carry much JIT compilation, which shares the cores with the task threads), mean
# per-volume ms (read + hash + checks + features, inside a task), and the speed-ups.
#
#   bench/bench-extract.sh [N_PATIENTS=200] [WORK_DIR=/tmp/deltarad-bench] [CORES="1 2 1u"]
#   CORES: "c" runs local[c] in a JVM confined to c CPUs (taskset -c 0-(c-1)): the whole job, its
#   task threads and the JVM's own JIT compiler, GC and driver threads, gets c cores, which is what
#   "1 core" and "2 cores" mean on a cluster executor. "1u" runs local[1] unconfined: one task
#   thread with the machine's other core free for the JVM's background work (thread scaling, not
#   core scaling; reported for comparison).
#   REPEAT=3 (environment): runs per master, interleaved (1 2 1 2 ...); the table shows each master's
#   fastest run (the one least disturbed by other load), speed-ups are computed from those.
#   COPIES=k (environment, default 1): list every volume k times in the manifest (as patients
#   P0001_1 ... P0001_k), to measure long runs without generating (and storing) more patients.
#
# Goals (issue 4): >= 10,000 volumes/hour end to end, >= 1.8x from 1 to 2 cores. The machine must
# be otherwise idle for the speed-up to mean anything: the script prints the load average before
# each run.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../spark-submit" && pwd)
N=${1:-200}
WORK=${2:-/tmp/deltarad-bench}
CORES=${3:-"1 2 1u"}
REPEAT=${REPEAT:-3}
COHORT="$WORK/cohort-$N"
mkdir -p "$WORK"

if [ ! -f "$COHORT/manifest.csv" ]; then
  echo "bench: generating $N patients into $COHORT" >&2
  "$HERE/deltarad" synth --patients "$N" --seed 42 --out "$COHORT" --force --quiet >&2
fi
MANIFEST="$COHORT/manifest.csv"
COPIES=${COPIES:-1}
if [ "$COPIES" -gt 1 ]; then
  MANIFEST="$COHORT/manifest-x$COPIES.csv"
  awk -F, -v OFS=, -v k="$COPIES" 'NR == 1 { print; next }
    { line[NR] = $0 } END { for (c = 1; c <= k; c++) for (i = 2; i <= NR; i++) {
      $0 = line[i]; $1 = $1 "_" c; print } }' "$COHORT/manifest.csv" > "$MANIFEST"
fi
echo "bench: cohort $COHORT, $(($(wc -l < "$MANIFEST") - 1)) volumes in $MANIFEST," \
  "$(du -sh "$COHORT" | cut -f1)" >&2

rm -f "$WORK"/run-local*.json
for r in $(seq 1 "$REPEAT"); do
  for c in $CORES; do
    out="$WORK/out-local$c"
    rm -rf "$out"
    n=${c%u}
    pin=(taskset -c "0-$((n - 1))")
    [ "$c" != "$n" ] && pin=()
    echo "bench: local[$n] ${pin[*]:-(unconfined)} run $r/$REPEAT," \
      "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "${pin[@]}" "$HERE/deltarad" extract-job --master "local[$n]" --manifest "$MANIFEST" \
      --out "$out" --params "$HERE/../conf/paper-t2w.yaml" --progress-interval 10 \
      > "$WORK/run-local$c-$r.json"
  done
done

python3 - "$WORK" "$REPEAT" $CORES <<'PY'
import json, sys
work, repeat, cores = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
label = lambda c: f"{c.rstrip('u')} core" + ("s" if c.rstrip('u') != "1" else "") + (
    " (local[1], other core free)" if c.endswith("u") else "")
runs = {}
for c in cores:
    all_runs = [json.load(open(f"{work}/run-local{c}-{r}.json")) for r in range(1, repeat + 1)]
    print(f"{label(c)}: wall s per run: " + ", ".join(f"{x['seconds']:.1f}" for x in all_runs)
          + "; extract s: " + ", ".join(f"{x['phase_seconds']['extract']:.1f}" for x in all_runs))
    runs[c] = min(all_runs, key=lambda x: x["seconds"])
print(f"{'run':<36}{'volumes':>8}{'wall s':>9}{'vol/s':>8}{'vol/hour':>10}"
      f"{'extract s':>11}{'extract vol/s':>15}{'2nd half vol/s':>16}{'ms/volume':>11}")
half = lambda r: r.get("second_half_volumes_per_second") or float("nan")
for c, r in runs.items():
    n = r["counts"]["processed"]
    wall = r["seconds"]
    ext = r["phase_seconds"]["extract"]
    print(f"{label(c):<36}{n:>8}{wall:>9.1f}{n / wall:>8.2f}{3600 * n / wall:>10.0f}"
          f"{ext:>11.1f}{n / ext:>15.2f}{half(r):>16.2f}{r['mean_volume_ms']:>11.1f}")
def speedup(a, b, what):
    a, b = runs[a], runs[b]
    print(f"{what}: end to end {a['seconds'] / b['seconds']:.2f}x, extraction phase "
          f"{a['phase_seconds']['extract'] / b['phase_seconds']['extract']:.2f}x, "
          f"second half of the extraction {half(b) / half(a):.2f}x")
if "1" in runs and "2" in runs:
    speedup("1", "2", "speed-up 1 core -> 2 cores")
if "1u" in runs and "2" in runs:
    speedup("1u", "2", "speed-up 1 task thread (other core free) -> 2 cores")
PY
