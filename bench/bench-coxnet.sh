#!/usr/bin/env bash
# Leave-one-out LASSO-Cox benchmark: Java CoxNetCv vs R cv.glmnet(family="cox", foldid=1:n) on the
# same synthetic data (written by the Java side). R is timed only when Rscript with glmnet exists.
#   bench/bench-coxnet.sh            # n=73 p=26 (paper training cohort) and n=2000 p=100
#   bench/bench-coxnet.sh quick      # n=73 p=26 only
#   bench/bench-coxnet.sh large      # n=2000 p=100 only
#   bench/bench-coxnet.sh ab REV [ROUNDS=3] [quick|large|both]
#       old against new in one JVM (org.deltarad.bench.CoxNetPairedBenchmark): REV's build as A,
#       the working tree as B, alternately, ROUNDS rounds per case; prints the B/A wall ratio per
#       round (process CPU and wall), whether lambda.min, lambda.1se, cvm, cvsd and the
#       coefficients agree bit for bit, and B against an anchor: cv.glmnet's wall time measured
#       on a quiet host before R was installed here (1.07 s for n=73 p=26, 395 s for n=2000
#       p=100); for a side-by-side ratio run the plain mode, which times R in the same script.
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
if [ "${1:-}" = ab ]; then
  REV=${2:?REV}
  WORK=$(mktemp -d)
  trap 'git -C "$TOP" worktree remove --force "$WORK/a" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  git -C "$TOP" worktree add -q --detach "$WORK/a" "$REV" >&2
  (cd "$WORK/a" && mvn -q -B -o -pl core -DskipTests compile >&2)
  (cd "$TOP" && mvn -q -B -o -pl core dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt >&2)
  DEPS=$(cat "$TOP/core/target/bench-classpath.txt")
  CASES_AB=("73 26 1.07" "2000 100 395")
  case "${4:-both}" in quick) CASES_AB=("73 26 1.07") ;; large) CASES_AB=("2000 100 395") ;; esac
  for c in "${CASES_AB[@]}"; do
    read -r n p anchor <<<"$c"
    echo "== A = $REV ($(git -C "$TOP" rev-parse --short "$REV")), B = working tree; n=$n p=$p," \
      "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    java ${JAVA_OPTS:-} -cp "$CP" org.deltarad.bench.CoxNetPairedBenchmark "$WORK/a/core/target/classes" \
      "$OUT/classes" "$DEPS" "$n" "$p" 1 "${3:-3}" "$anchor"
  done
  exit 0
fi
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
