#!/usr/bin/env bash
# Benchmark of the cohort analysis against the Spark "floor", side by side in one run.
#
#   bench/bench-analysis.sh [ROUNDS=3] [WORK_DIR=/tmp/deltarad-bench-analysis] [BIG_PATIENTS=2000]
#
# Each round runs, one after the other (interleaved, so that all meet the same host speed):
#   floor    a JVM whose embedded Spark session starts, writes and reads a 1,000-row Parquet
#            table and stops (org.deltarad.bench.SparkFloor, the launcher's JVM flags);
#   analyze  `deltarad analyze` on the features of data-samples/ (extracted once beforehand);
#   demo     `deltarad demo` into a fresh output directory (extraction of the 200 volumes, then
#            the analysis).
# Wall times include JVM start, as a user waits for them. Then, once, the analysis of a
# synthetic cohort of BIG_PATIENTS patients (generated and extracted once into WORK_DIR; per-fold
# and per-feature work then runs as Spark tasks), with the time of each stage from _run.json.
# Goals (issue 12): analyze <= 1.5x floor, demo <= 2x floor, measured in the same round.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-3}
WORK=${2:-/tmp/deltarad-bench-analysis}
BIG=${3:-2000}
D="$TOP/spark-submit/deltarad"
mkdir -p "$WORK"
"$D" --version >/dev/null   # builds when needed (test classes included)
mapfile -t FLAGS < <(grep -v '^#' "$TOP/spark-submit/jvm-options" | grep -v '^$')
CP="$TOP/jobs/target/deltarad-jobs-0.1.0-SNAPSHOT.jar:$TOP/jobs/target/test-classes:$(cat "$TOP/jobs/target/classpath.txt")"

secs() { local t0; t0=$(date +%s.%N); "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log" >&2; exit 1; }
  echo "$(date +%s.%N) - $t0" | bc; }
stage_seconds() { python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['stage_seconds']; print(', '.join('%s %.2f' % kv for kv in d.items()))" "$1"; }

if [ ! -d "$WORK/samples-extraction/features" ]; then
  "$D" extract-job --manifest "$TOP/data-samples/manifest.csv" --out "$WORK/samples-extraction" > /dev/null 2>&1
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %8s %8s %14s %11s\n' round floor analyze demo analyze/floor demo/floor
for r in $(seq 1 "$ROUNDS"); do
  f=$(secs java "${FLAGS[@]}" -cp "$CP" org.deltarad.bench.SparkFloor)
  rm -rf "$WORK/analysis"
  a=$(secs "$D" analyze --features "$WORK/samples-extraction" --clinical "$TOP/data-samples/clinical.csv" --out "$WORK/analysis")
  rm -rf "$WORK/demo"
  m=$(secs "$D" demo --out "$WORK/demo")
  printf '%-6s %7.1fs %7.1fs %7.1fs %13.2fx %10.2fx\n' "$r" "$f" "$a" "$m" \
    "$(echo "$a / $f" | bc -l)" "$(echo "$m / $f" | bc -l)"
done
if [ "$ROUNDS" -gt 0 ]; then
  echo "analyze stages (last round): $(stage_seconds "$WORK/analysis/_run.json")"
  echo "demo analysis stages (last round): $(stage_seconds "$WORK/demo/analysis/_run.json")"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [ "$BIG" -gt 0 ]; then
  COH="$WORK/cohort-$BIG"
  if [ ! -f "$COH/manifest.csv" ]; then
    "$D" synth --patients "$BIG" --seed 7 --size 48x48x12 --out "$COH" --force --quiet >/dev/null 2>&1
  fi
  if [ ! -d "$COH-extraction/features" ]; then
    "$D" extract-job --manifest "$COH/manifest.csv" --out "$COH-extraction" > /dev/null 2>&1
  fi
  f=$(secs java "${FLAGS[@]}" -cp "$CP" org.deltarad.bench.SparkFloor)
  rm -rf "$COH-analysis"
  a=$(secs "$D" analyze --features "$COH-extraction" --clinical "$COH/clinical.csv" --out "$COH-analysis")
  printf '%d patients: floor %.1fs, analyze %.1fs (%.2fx); work pool: %s\n' "$BIG" "$f" "$a" \
    "$(echo "$a / $f" | bc -l)" "$(python3 -c "import json; print(json.load(open('$COH-analysis/_run.json'))['work_pool'])")"
  echo "stages: $(stage_seconds "$COH-analysis/_run.json")"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
