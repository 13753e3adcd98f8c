#!/usr/bin/env bash
# Leave-one-out LASSO-Cox benchmark: Java CoxNetCv vs R cv.glmnet(family="cox", foldid=1:n) on the
# same synthetic data (written by the Java side). R is timed only when Rscript with glmnet exists.
#   bench/bench-coxnet.sh            # n=73 p=26 (paper training cohort) and n=2000 p=100
#   bench/bench-coxnet.sh quick      # n=73 p=26 only
#   bench/bench-coxnet.sh large      # n=2000 p=100 only
# Prints one line per run: wall ms, process CPU ms (includes JIT threads: the first Java runs are
# warm-up), lambda.min / lambda.1se (must agree).
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$TOP/core/target/bench-coxnet}
mkdir -p "$OUT"
(cd "$TOP" && mvn -o -q -B -pl core test-compile)
# Private copy of the classes so a concurrent build cannot pull them away mid-run.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r "$TOP/core/target/classes" "$TOP/core/target/test-classes" "$OUT/"
CP="$OUT/classes:$OUT/test-classes"
HAVE_R=0
if command -v Rscript >/dev/null && Rscript -e 'library(glmnet)' >/dev/null 2>&1; then HAVE_R=1; fi
CASES=("73 26 10 true 3")
case "${1:-}" in
  quick) ;;
  large) CASES=("2000 100 1 false 1") ;;
  *) CASES+=("2000 100 1 false 1") ;;
esac
for c in "${CASES[@]}"; do
  read -r n p jreps seq rreps <<<"$c"
  csv="$OUT/coxnet_n${n}_p${p}.csv"
  echo "== leave-one-out, n=$n p=$p ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  java ${JAVA_OPTS:-} -cp "$CP" org.deltarad.stats.CoxNetBenchmark "$csv" "$n" "$p" 1 "$jreps" "$seq"
  if [ "$HAVE_R" = 1 ]; then
    Rscript "$TOP/bench/cvglmnet_time.R" "$csv" "$rreps"
  else
    echo "R    (Rscript with glmnet not found: cv.glmnet not timed)"
  fi
done
