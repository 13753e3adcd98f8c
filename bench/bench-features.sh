#!/usr/bin/env bash
# Single-threaded feature extraction benchmark (org.deltarad.bench.FeatureBenchmark): all 93
# non-shape features of a ~52,000-voxel synthetic T2w tumour in a 192x192x24 volume, 100/mean
# normalisation, bin width 10; median ms per case (wall and thread CPU) after warm-up, per stage,
# and ROI voxels/s. The case is held as an int16 image and a uint8 mask are read (16-bit voxels);
# "total (float64)" times it held as doubles. A fixed arithmetic loop timed before and after shows
# the host's speed (about 120 ms quiet, up to 240 busy): quote it, and `uptime`, with the figures.
#   bench/bench-features.sh [WARMUP=1000] [RUNS=300] [STAGE: only stages whose name contains it]
# The warm-up is long because the JIT needs a few hundred cases to settle: the first 100 take about
# 12 ms each, the next 100 about 9, later ones 7-8.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"
mvn -q -B -pl core -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec java -cp "core/target/classes:core/target/test-classes:$(cat core/target/bench-classpath.txt)" \
  org.deltarad.bench.FeatureBenchmark "${1:-1000}" "${2:-300}" "${3:-}"
