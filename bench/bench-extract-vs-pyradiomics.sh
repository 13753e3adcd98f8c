#!/usr/bin/env bash
# The extraction job against PyRadiomics 3.1's own batch mode, end to end, on real-sized MRI, side
# by side in one script (this host's speed drifts 2x within minutes, so only interleaved runs
# compare): each round runs PyRadiomics on 50 volumes, DeltaRad on 50, PyRadiomics on 500, DeltaRad
# on 500 (SIZES), and prints wall times, both ratios, DeltaRad's steady-state rate and its fixed
# costs, with the load average beside each run.
#
#   PYRADIOMICS_SRC=/path/to/pyradiomics bench/bench-extract-vs-pyradiomics.sh \
#       [ROUNDS=1] [WORK_DIR=/tmp/deltarad-vs-pyradiomics] [SIZES="50 500"]
#   PYTHON (default python3): the interpreter PyRadiomics runs on (its numpy the one the C
#   extensions were built against).
#
# Volumes: `deltarad synth --size 384x384x28 --tumour-scale 2 --reader2-fraction 0` (int16
# .nii.gz of 3.6 MB, 8.3 MB decoded; ROIs of 5,000-380,000 voxels, median about 50,000), PATIENTS
# patients (default 25: 50 reader-1 volumes), or an existing synth directory as COHORT=DIR. A run
# of N volumes lists the cohort's reader-1 rows over and over until N (repeats get patient ids
# P0001_2, ...), so every run reads N files as stored; settings conf/paper-t2w.yaml.
#   PyRadiomics: bench/pyradiomics_batch.py, RadiomicsFeatureExtractor over the manifest in 2
#     worker processes (as `pyradiomics --jobs 2`), each reading the .nii.gz itself; wall time of
#     the whole python process. Without SimpleITK, bench/pyradiomics-standin supplies a numpy
#     SimpleITK (NIfTI reading, label statistics, cropping). Before the rounds, its values are
#     compared with `deltarad extract` on three volumes (max relative difference printed).
#   DeltaRad: `spark-submit/deltarad extract-job --master local[2]` into a fresh directory; wall
#     time of the launcher (JVM start included); phases and rates from the job's _run.json. Fixed
#     costs: JVM start (`deltarad --version`), Spark session start and settings (wall - job
#     seconds - JVM start), the manifest phase, writing and committing the tables.
#   One thread, outside Spark (org.deltarad.bench.VolumeCost), right before and right after the
#     largest job of each round: read + hash + decode + checks + features of each cohort volume,
#     median and mean ms, averaged over the two runs; the mean against the job's per-volume cost,
#     itself a mean (2 cores x extraction phase / volumes), and against the job's steady state
#     (2 cores / second-half rate: the extraction phase includes the JIT's warm-up, which the
#     one-thread figure, after an untimed pass, does not).
# Goals (issue 13): 500 volumes >= 3x, 50 volumes >= 1x, >= 40 volumes/s steady state on 2 cores,
# per-volume cost in the job <= 1.25x the one-thread cost.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DR="$TOP/spark-submit/deltarad"
ROUNDS=${1:-1}
WORK=${2:-/tmp/deltarad-vs-pyradiomics}
SIZES=${3:-"50 500"}
PARAMS="$TOP/conf/paper-t2w.yaml"
COHORT=${COHORT:-$WORK/cohort}
mkdir -p "$WORK"
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }

"$DR" --version > /dev/null  # builds on first use
if [ ! -f "$COHORT/manifest.csv" ]; then
  echo "bench: generating ${PATIENTS:-25} patients into $COHORT" >&2
  "$DR" synth --patients "${PATIENTS:-25}" --size 384x384x28 --tumour-scale 2 \
    --reader2-fraction 0 --seed 13 --out "$COHORT" --force --quiet >&2
fi
for n in $SIZES; do
  awk -F, -v OFS=, -v n="$n" -v dir="$COHORT" 'NR == 1 { print; next } $3 == "1" { row[k++] = $0 }
    END { for (i = 0; i < n; i++) { $0 = row[i % k]; c = int(i / k) + 1
      if (c > 1) $1 = $1 "_" c; $4 = dir "/" $4; $5 = dir "/" $5; $6 = dir "/" $6; print } }' \
    "$COHORT/manifest.csv" > "$WORK/manifest-$n.csv"
done
echo "bench: cohort $COHORT ($(awk -F, 'NR > 1 && $3 == "1"' "$COHORT/manifest.csv" | wc -l)" \
  "reader-1 volumes), runs of $SIZES volumes" >&2

PY=()
if [ -n "${PYRADIOMICS_SRC:-}" ]; then
  PY=(env PYTHONPATH="$PYRADIOMICS_SRC:$TOP/bench/pyradiomics-standin" OPENBLAS_NUM_THREADS=1
    "${PYTHON:-python3}" "$TOP/bench/pyradiomics_batch.py")
else
  echo "bench: PYRADIOMICS_SRC not set: timing DeltaRad only" >&2
fi

# Same values? PyRadiomics on the first three volumes against `deltarad extract`.
if [ ${#PY[@]} -gt 0 ]; then
  head -4 "$WORK/manifest-${SIZES%% *}.csv" > "$WORK/check.csv"
  "${PY[@]}" "$WORK/check.csv" "$PARAMS" 2 "$WORK/check-py.csv" > /dev/null
  tail -n +2 "$WORK/check.csv" | while IFS=, read -r pid tp reader image mask _; do
    "$DR" extract --image "$image" --mask "$mask" --params "$PARAMS" > "$WORK/check-$pid-$tp.tsv"
  done
  python3 - "$WORK" <<'PY'
import csv, glob, os, sys
work = sys.argv[1]
py = {(r["patient_id"], r["timepoint"]): r for r in csv.DictReader(open(f"{work}/check-py.csv"))}
worst, name, n = 0.0, None, 0
for f in glob.glob(f"{work}/check-*-*.tsv"):
    pid, tp = os.path.basename(f)[6:-4].rsplit("-", 1)
    for line in open(f):
        k, v = line.split("\t")
        ours, theirs = float(v), float(py[(pid, tp)][k])
        n += 1
        rel = 0.0 if ours == theirs else abs(ours - theirs) / max(abs(theirs), 1e-300)
        if rel > worst:
            worst, name = rel, k
print(f"check: {n} feature values of 3 volumes, PyRadiomics against DeltaRad: max relative"
      f" difference {worst:.3g} ({name})", file=sys.stderr)
PY
fi

CP="$TOP/jobs/target/deltarad-jobs-0.1.0-SNAPSHOT.jar:$TOP/jobs/target/test-classes:$(cat "$TOP/jobs/target/classpath.txt")"
(cd "$TOP" && mvn -q -B -o -pl jobs -am test-compile -DskipTests >&2)
mapfile -t FLAGS < <(grep -v '^#' "$TOP/spark-submit/jvm-options" | grep -v '^$')

# One untimed job first: after a build, the launcher's first Spark command records its
# class-data sharing archive at exit (a one-time cost, reported here), which later runs use.
[ -f "$WORK/check.csv" ] || head -4 "$WORK/manifest-${SIZES%% *}.csv" > "$WORK/check.csv"
rm -rf "$WORK/out-warm-up"
t0=$(now)
"$DR" extract-job --master "local[2]" --manifest "$WORK/check.csv" --out "$WORK/out-warm-up" \
  --params "$PARAMS" > /dev/null 2>&1
echo "bench: warm-up job (3 volumes; records the CDS archive if missing): $(echo "$(now) - $t0" |
  bc) s, load average $(load)" >&2

: > "$WORK/runs.txt"
LARGEST=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
# One thread outside Spark, right before and right after the largest job of each round: the
# host's speed drifts by 1.3x within ten minutes, so the job is set against the mean of both.
one_thread() {
  local l v
  l=$(load); echo "bench: round $1, one thread outside Spark ($2 the job), load average $l" >&2
  v=$(java "${FLAGS[@]}" -cp "$CP" org.deltarad.bench.VolumeCost \
    "$WORK/manifest-${SIZES%% *}.csv" "$PARAMS" 1 2>/dev/null | grep volume_cost)
  echo "one $1 $v $l" >> "$WORK/runs.txt"
}
for r in $(seq 1 "$ROUNDS"); do
  t0=$(now); "$DR" --version > /dev/null; t1=$(now)
  echo "jvm $r $(echo "$t1 - $t0" | bc) $(load)" >> "$WORK/runs.txt"
  for n in $SIZES; do
    if [ ${#PY[@]} -gt 0 ]; then
      l=$(load); echo "bench: round $r, PyRadiomics $n volumes, load average $l" >&2
      t0=$(now); j=$("${PY[@]}" "$WORK/manifest-$n.csv" "$PARAMS" 2 "$WORK/py-$n.csv"); t1=$(now)
      echo "py $r $n $(echo "$t1 - $t0" | bc) $l $j" >> "$WORK/runs.txt"
    fi
    [ "$n" = "$LARGEST" ] && one_thread "$r" before
    l=$(load); echo "bench: round $r, DeltaRad $n volumes, load average $l" >&2
    rm -rf "$WORK/out-$n"
    t0=$(now)
    "$DR" extract-job --master "local[2]" --manifest "$WORK/manifest-$n.csv" --out "$WORK/out-$n" \
      --params "$PARAMS" --progress-interval 60 > "$WORK/run-$r-$n.json"
    t1=$(now)
    echo "dr $r $n $(echo "$t1 - $t0" | bc) $l $WORK/run-$r-$n.json" >> "$WORK/runs.txt"
    [ "$n" = "$LARGEST" ] && one_thread "$r" after
  done
done

python3 - "$WORK/runs.txt" <<'PY'
import json, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
jvm = {r[1]: float(r[2]) for r in rows if r[0] == "jvm"}
one_runs = {}
for r in rows:
    if r[0] == "one":  # fields after volume_cost: name value pairs; before and after the job
        one_runs.setdefault(r[1], []).append({k: float(v) for k, v in zip(r[3:13:2], r[4:14:2])})
one = {rnd: {k: statistics.mean(x[k] for x in v) for k in v[0]} for rnd, v in one_runs.items()}
py = {(r[1], r[2]): (float(r[3]), " ".join(r[4:7])) for r in rows if r[0] == "py"}
dr = {(r[1], r[2]): (float(r[3]), " ".join(r[4:7]), json.load(open(r[7]))) for r in rows
      if r[0] == "dr"}
ratios = {}
for (rnd, n), (wall, l, s) in sorted(dr.items(), key=lambda kv: (int(kv[0][0]), int(kv[0][1]))):
    ph = s["phase_seconds"]
    spark = wall - s["seconds"] - jvm[rnd]
    ext = ph["extract"]
    vols = s["counts"]["processed"]
    line = (f"round {rnd}, {n} volumes: DeltaRad {wall:.1f} s (load {l}; JVM start {jvm[rnd]:.1f},"
            f" Spark start and settings {spark:.1f}, manifest {ph['manifest']:.2f}, extraction"
            f" {ext:.1f} = {vols / ext:.1f} volumes/s, second half"
            f" {s.get('second_half_volumes_per_second') or float('nan'):.1f} volumes/s, write"
            f" {ph['write tables']:.2f}, commit {ph['commit']:.2f}; {s['mean_volume_ms']:.0f} ms per"
            f" volume in a task, {2 * 1000 * ext / vols:.0f} ms per volume per core)")
    if (rnd, n) in py:
        pwall, pl = py[(rnd, n)]
        ratios.setdefault(n, []).append(pwall / wall)
        line += f"; PyRadiomics {pwall:.1f} s (load {pl}): {pwall / wall:.2f}x"
    print(line)
    if rnd in one and int(n) == max(int(k[1]) for k in dr if k[0] == rnd):
        o = one[rnd]
        means = " / ".join(f"{x['mean_ms']:.1f}" for x in one_runs[rnd])
        print(f"round {rnd}, one thread outside Spark (mean of the runs before / after the job:"
              f" {means} ms): read+hash {float(o['read_ms']):.1f} ms,"
              f" decode {float(o['decode_ms']):.1f}, checks+features {float(o['extract_ms']):.1f},"
              f" total {float(o['total_ms']):.1f} ms per volume (median), mean"
              f" {float(o['mean_ms']):.1f}; job per core / one thread (mean against mean):"
              f" {2 * 1000 * ext / vols / float(o['mean_ms']):.2f}x; at the job's steady state"
              f" (second half, JIT warm-up behind it, as VolumeCost's untimed first pass puts it):"
              f" {2 * 1000 / (s.get('second_half_volumes_per_second') or float('nan')) / float(o['mean_ms']):.2f}x")
for n, v in sorted(ratios.items(), key=lambda kv: int(kv[0])):
    print(f"{n} volumes: PyRadiomics / DeltaRad wall time per round "
          + ", ".join(f"{x:.2f}x" for x in v) + f"; median {statistics.median(v):.2f}x")
PY
