#!/usr/bin/env bash
# A/B of the feature engine of two git revisions in one JVM (org.deltarad.bench.PairedBenchmark):
# cases alternate between the two builds, so both meet the same host speed, which on this VM drifts
# by up to 2x within minutes. Prints both medians and the median per-pair ratio B/A.
#   bench/ab-features.sh REV_A [REV_B] [STAGE=extract|preprocessing] [WARMUP=1000] [PAIRS=2000]
#       [STORAGE=same|as-read|double]
# REV_B defaults to the working tree ("." too). The harness and the synthetic case come from the
# working tree's test classes. The case is an int16 image and uint8 mask: by default both builds
# hold them alike (doubles if either predates 16-bit storage); as-read gives each build what its
# readers make of such files, the comparison a user sees; double gives both doubles.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"
[ $# -ge 1 ] || { sed -n 2,11p "$0" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'git worktree remove --force "$WORK/a" >/dev/null 2>&1 || true; git worktree remove --force "$WORK/b" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
build() {  # build REV into $WORK/NAME, print its classes directory
  git worktree add -q --detach "$WORK/$2" "$1" >&2
  (cd "$WORK/$2" && mvn -q -B -o -pl core -DskipTests compile >&2 2>&1 || mvn -q -B -pl core -DskipTests compile >&2)
  echo "$WORK/$2/core/target/classes"
}
mvn -q -B -pl core -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
A=$(build "$1" a)
if [ -n "${2:-}" ] && [ "$2" != "." ]; then B=$(build "$2" b); else B="$TOP/core/target/classes"; fi
echo "A = $1 ($(git rev-parse --short "$1")), B = ${2:-working tree}; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp core/target/test-classes org.deltarad.bench.PairedBenchmark "$A" "$B" \
  "$TOP/core/target/test-classes" "$(cat core/target/bench-classpath.txt)" "${3:-extract}" "${4:-1000}" "${5:-2000}" "${6:-same}"
