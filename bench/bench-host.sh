#!/usr/bin/env bash
# How much this host's two cores slow each other, by kind of work (org.deltarad.bench.HostScaling):
# register arithmetic, an L2-resident array, a 64 MiB stream (memory bandwidth) and random loads
# (memory latency), each one thread against two at once. The extraction job's per-volume cost on
# 2 cores cannot beat the one-thread cost by less than the slowdown of the kinds of work it does;
# bench-extract-vs-pyradiomics.sh sets the job against one thread.
#   bench/bench-host.sh [ROUNDS=3]
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
(cd "$TOP" && mvn -o -q -B -pl jobs -am test-compile -DskipTests >&2)
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
java -cp "$TOP/jobs/target/test-classes" org.deltarad.bench.HostScaling "${1:-3}"
