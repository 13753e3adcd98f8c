#!/usr/bin/env bash
# Benchmark of re-runs on an existing extraction output (issue 13's incremental output), side by
# side in one run, on copies of the data-samples volumes (the manifest lists each volume several
# times under new patient ids, so 5,000 rows need no new images):
#   floor        a JVM whose embedded Spark session starts, writes and reads a 1,000-row table
#                and stops (org.deltarad.bench.SparkFloor)
#   rerun-500    extract-job over an output that already holds the manifest's 500 rows
#                (everything skipped: every file is read and hashed, nothing is committed)
#   add10-5000   extract-job with 10 new rows on a copy of an output of 5,000 rows (the new rows
#                are one delta; the 5,000 files are hashed to find them unchanged)
#   fresh-10     extract-job of the same 10 rows into an empty directory (what 10 volumes cost)
#   compact-5010 deltarad compact on the add10-5000 output: a rewrite of the whole table, what
#                every commit of such a run cost before incremental output
# Each round runs them in this order; the table prints every round and the phase seconds of
# the extract-job runs (from _run.json). BASE=DIR (environment): another DeltaRad tree (e.g. an
# earlier revision, `git archive REV | tar -x -C DIR`) whose rerun-500 and add10-5000 run in the
# same rounds, on outputs of its own, for a before/after ratio.
#
#   bench/bench-incremental.sh [ROUNDS=3] [WORK_DIR=/tmp/deltarad-bench-incremental]
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
WORK=${2:-/tmp/deltarad-bench-incremental}
D="$TOP/spark-submit/deltarad"
mkdir -p "$WORK"
"$D" --version >/dev/null   # builds when needed (test classes included)
mapfile -t FLAGS < <(grep -v '^#' "$TOP/spark-submit/jvm-options" | grep -v '^$')
CP="$TOP/jobs/target/deltarad-jobs-0.1.0-SNAPSHOT.jar:$TOP/jobs/target/test-classes:$(cat "$TOP/jobs/target/classpath.txt")"

secs() { local t0; t0=$(date +%s.%N); "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }
  echo "$(date +%s.%N) - $t0" | bc; }
phases() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(', '.join('%s %.2f' % kv for kv in d['phase_seconds'].items()), '| skipped', d['counts']['skipped'], 'extracted', d['counts']['succeeded'])" "$1"; }

# manifest of copies 1..k of the data-samples rows (absolute paths, patient ids P0001_c)
copies() {
  awk -F, -v OFS=, -v from="$1" -v to="$2" -v dir="$TOP/data-samples" 'NR == 1 { print; next }
    { line[NR] = $0 } END { for (c = from; c <= to; c++) for (i = 2; i <= NR; i++) {
      $0 = line[i]; $1 = $1 "_" c; for (f = 4; f <= 6; f++) $f = dir "/" $f; print } }' \
    "$TOP/data-samples/manifest.csv"
}
copies 1 25 > "$WORK/m5000.csv"
copies 26 26 | sed -n 1,11p > "$WORK/m10.csv"
{ cat "$WORK/m5000.csv"; tail -n +2 "$WORK/m10.csv"; } > "$WORK/m5010.csv"
sed -n 1,501p "$WORK/m5000.csv" > "$WORK/m500.csv"
P="$TOP/conf/paper-t2w.yaml"
if [ ! -f "$WORK/out500/_run.json" ]; then
  rm -rf "$WORK/out500"; "$D" extract-job --manifest "$WORK/m500.csv" --out "$WORK/out500" --params "$P" > /dev/null 2>&1
fi
if [ ! -f "$WORK/out5000/_run.json" ]; then
  rm -rf "$WORK/out5000"; "$D" extract-job --manifest "$WORK/m5000.csv" --out "$WORK/out5000" --params "$P" > /dev/null 2>&1
fi
B=${BASE:+$BASE/spark-submit/deltarad}
if [ -n "$B" ]; then
  "$B" --version > /dev/null
  for n in 500 5000; do
    if [ ! -f "$WORK/base-out$n/_run.json" ]; then
      rm -rf "$WORK/base-out$n"
      "$B" extract-job --manifest "$WORK/m$n.csv" --out "$WORK/base-out$n" --params "$P" > /dev/null 2>&1
    fi
  done
fi

printf '%-6s %7s %10s %11s %9s %13s %16s %s\n' round floor rerun-500 add10-5000 fresh-10 compact-5010 rerun-500/floor load
for r in $(seq 1 "$ROUNDS"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  f=$(secs java "${FLAGS[@]}" -cp "$CP" org.deltarad.bench.SparkFloor)
  a=$(secs "$D" extract-job --manifest "$WORK/m500.csv" --out "$WORK/out500" --params "$P")
  cp "$WORK/last.log" "$WORK/rerun-500.json"
  rm -rf "$WORK/add"; cp -r "$WORK/out5000" "$WORK/add"
  b=$(secs "$D" extract-job --manifest "$WORK/m5010.csv" --out "$WORK/add" --params "$P")
  sed -n '/^{/,/^}/p' "$WORK/last.log" > "$WORK/add10-5000.json"
  rm -rf "$WORK/fresh"
  c=$(secs "$D" extract-job --manifest "$WORK/m10.csv" --out "$WORK/fresh" --params "$P")
  sed -n '/^{/,/^}/p' "$WORK/last.log" > "$WORK/fresh-10.json"
  k=$(secs "$D" compact --out "$WORK/add")
  printf '%-6d %7.1f %10.1f %11.1f %9.1f %13.1f %16.2f %s\n' "$r" "$f" "$a" "$b" "$c" "$k" \
    "$(echo "$a / $f" | bc -l)" "$load"
  if [ -n "$B" ]; then
    ba=$(secs "$B" extract-job --manifest "$WORK/m500.csv" --out "$WORK/base-out500" --params "$P")
    rm -rf "$WORK/base-add"; cp -r "$WORK/base-out5000" "$WORK/base-add"
    bb=$(secs "$B" extract-job --manifest "$WORK/m5010.csv" --out "$WORK/base-add" --params "$P")
    sed -n '/^{/,/^}/p' "$WORK/last.log" > "$WORK/base-add10-5000.json"
    printf '  BASE: rerun-500 %.1f s (this tree %.2fx of it), add10-5000 %.1f s (this tree %.2fx of it); load %s\n' \
      "$ba" "$(echo "$a / $ba" | bc -l)" "$bb" "$(echo "$b / $bb" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "  BASE add10-5000: $(phases "$WORK/base-add10-5000.json")"
  fi
  sed -n '/^{/,/^}/p' "$WORK/rerun-500.json" > "$WORK/rerun-500.only.json"
  echo "  rerun-500:  $(phases "$WORK/rerun-500.only.json")"
  echo "  add10-5000: $(phases "$WORK/add10-5000.json")"
  echo "  fresh-10:   $(phases "$WORK/fresh-10.json")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
