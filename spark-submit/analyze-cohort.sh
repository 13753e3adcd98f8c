#!/usr/bin/env bash
# Cohort analysis on a cluster: a real spark-submit of the cluster jar.
#   spark-submit/analyze-cohort.sh --features DIR --clinical FILE --out DIR [--conf conf/analysis.yaml]
# Environment:
#   SPARK_SUBMIT      spark-submit to use (default: spark-submit on PATH)
#   SPARK_PROPERTIES  Spark properties file (default: conf/spark-cluster.properties when present)
#   SPARK_ARGS        extra spark-submit arguments, e.g. "--master yarn --conf spark.executor.memory=8g"
# Paths are Hadoop URIs (hdfs://, s3a://, file://). The jar is built with
# `mvn -DskipTests package` (jobs/target/deltarad-jobs-*-cluster.jar); Spark and Hadoop are
# provided by the cluster.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$(ls "$TOP"/jobs/target/deltarad-jobs-*-cluster.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then
  echo "analyze-cohort.sh: no cluster jar; build it with: (cd $TOP && mvn -DskipTests package)" >&2
  exit 1
fi
PROPS=${SPARK_PROPERTIES:-$TOP/conf/spark-cluster.properties}
PROPS_ARGS=()
[ -f "$PROPS" ] && PROPS_ARGS=(--properties-file "$PROPS")
# shellcheck disable=SC2086
exec "${SPARK_SUBMIT:-spark-submit}" --class org.deltarad.cli.Main "${PROPS_ARGS[@]}" \
  ${SPARK_ARGS:-} "$JAR" analyze "$@"
