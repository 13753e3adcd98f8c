#!/usr/bin/env bash
# DeltaRad against PyRadiomics 3.1 on the benchmark case (org.deltarad.bench.BenchCase: 52,300-voxel
# tumour, 192x192x24 at 0.7 x 0.7 x 4 mm, smooth field plus noise; paper settings, bin width 10),
# side by side: ROUNDS rounds, each a DeltaRad run then a PyRadiomics run, so that both meet the
# same host speed (it drifts by 2x within minutes here); each round gives its ratios, and the
# medians over rounds are printed. CPU milliseconds per case: all 107 features, the 14 shape
# features, the 93 others; DeltaRad's both as the extracting thread's CPU (median) and as the
# process's CPU per extraction (mean; adds garbage collection and JIT threads, as Python's
# process_time includes everything PyRadiomics does), PyRadiomics' as process CPU (median).
# DeltaRad's time is a whole extraction from image and mask (preprocessing included);
# PyRadiomics' is its feature classes on the cropped case DeltaRad preprocessed (its own
# cropping and normalisation not counted), which favours PyRadiomics.
# "93, same input" times DeltaRad from that same crop too (discretisation and features).
#
#   PYRADIOMICS_SRC=/path/to/pyradiomics [PYTHON=python3] bench/bench-vs-pyradiomics.sh \
#       [ROUNDS=5] [PY_REPEATS=10]
#
# PYTHON: the interpreter PyRadiomics runs on, whose numpy its C extensions were built against
# (the result line names both). Debian's /usr/bin/python3 with python3-numpy 1.24 ran the 93
# features in 102 ms here, a Python 3.11 with numpy 2.4 in 97 ms (same hour): quote which.
#
# PYRADIOMICS_SRC: a PyRadiomics 3.1 source tree (the directory holding radiomics/) with its C
# extensions built in place (python3 setup.py build_ext --inplace, or gcc on radiomics/src/*.c).
# Without SimpleITK, bench/pyradiomics-standin provides a numpy stand-in for the few calls the
# feature classes make (and empty pywt and pykwalify modules). Without PYRADIOMICS_SRC only
# DeltaRad is timed. The goal (issue 16): every ratio >= 30.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${1:-5}
PY_REPEATS=${2:-10}
OUT=${BENCH_OUT:-$TOP/core/target/bench-vs-pyradiomics}
mkdir -p "$OUT"
(cd "$TOP" && mvn -q -B -o -pl core test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >&2)
# private copy of the classes so a concurrent build cannot pull them away mid-run
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r "$TOP/core/target/classes" "$TOP/core/target/test-classes" "$OUT/"
CP="$OUT/classes:$OUT/test-classes:$(cat "$TOP/core/target/bench-classpath.txt")"
java -cp "$CP" org.deltarad.bench.PyRadiomicsComparison write "$OUT/case" 2>/dev/null
PY=()
if [ -n "${PYRADIOMICS_SRC:-}" ]; then
  PY=(env -u OPENBLAS_CORETYPE PYTHONPATH="$PYRADIOMICS_SRC:$TOP/bench/pyradiomics-standin"
    "${PYTHON:-python3}" "$TOP/bench/pyradiomics_time.py" "$OUT/case" "$PY_REPEATS")
else
  echo "PYRADIOMICS_SRC not set: timing DeltaRad only" >&2
fi
: > "$OUT/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  j=$(java -cp "$CP" org.deltarad.bench.PyRadiomicsComparison time 600 200 2>/dev/null)
  echo "  $j" >&2
  if [ ${#PY[@]} -gt 0 ]; then
    p=$("${PY[@]}" 2>"$OUT/pyradiomics-check.txt")
    echo "  $p" >&2
    echo "$j $p" >> "$OUT/rounds.txt"
  fi
done
if [ ${#PY[@]} -gt 0 ]; then
  cat "$OUT/pyradiomics-check.txt" >&2
  # fields: deltarad all A shape S nonshape T crop93 U process all A shape S nonshape T crop93 U
  #         pyradiomics all A shape S nonshape T
  python3 - "$OUT/rounds.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
for clock, off in (("thread CPU, median", 0), ("process CPU, mean", 9)):
    print(f"DeltaRad {clock} (PyRadiomics: process CPU, median):")
    for what, k, kp in (("all 107", 2, 20), ("shape 14", 4, 22), ("non-shape 93", 6, 24),
                        ("93, same input", 8, 24)):
        java = [float(r[k + off]) for r in rows]
        py = [float(r[kp]) for r in rows]
        ratios = [p / j for p, j in zip(py, java)]
        print(f"{what:>15}: DeltaRad {statistics.median(java):8.2f} ms CPU, PyRadiomics"
              f" {statistics.median(py):8.1f} ms; ratio per round "
              + " ".join(f"{x:.1f}" for x in ratios) + f", median {statistics.median(ratios):.1f}x")
PY
fi
