#!/usr/bin/env bash
# DeltaRad extraction job on a cluster: a real spark-submit of org.deltarad.jobs.ExtractionJob on the
# cluster jar (jobs/target/deltarad-jobs-*-cluster.jar; Spark and Hadoop are provided by the cluster).
#
#   spark-submit/extract-features.sh [spark-submit options] --manifest M --out DIR [job options]
#
# spark-submit options (passed through): --master, --deploy-mode, --properties-file, --conf K=V,
#   --name, --queue, --num-executors, --executor-cores, --executor-memory, --driver-memory, --files,
#   --jars, --packages, --verbose. Default --properties-file: conf/spark-cluster.properties.
# Job options: those of `spark-submit/deltarad extract-job --help` (--manifest, --out, --params,
#   --partitions, --max-error-fraction, --recompute, --progress-interval). Note: in cluster deploy
#   mode the driver runs on the cluster, so --manifest, --out and --params must be cluster URIs
#   (hdfs://, s3a://), or ship the parameter file with --files conf/paper-t2w.yaml and pass
#   --params paper-t2w.yaml.
#
# Environment: SPARK_SUBMIT (default: spark-submit on PATH, else $SPARK_HOME/bin/spark-submit; when
#   neither exists, Spark's own SparkSubmit class from the Maven classpath is used, which can run only
#   local[*] masters: handy for trying the cluster jar on one machine), DRY_RUN=1 (print the command).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/.." && pwd)

submit_opts=()
job_opts=()
props=""
while [ $# -gt 0 ]; do
  case "$1" in
    --properties-file) props="$2"; shift 2 ;;
    --master|--deploy-mode|--conf|--name|--queue|--num-executors|--executor-cores|--executor-memory|\
    --driver-memory|--driver-cores|--files|--jars|--packages|--principal|--keytab)
      [ $# -ge 2 ] || { echo "extract-features.sh: $1 needs a value" >&2; exit 2; }
      submit_opts+=("$1" "$2"); shift 2 ;;
    --verbose) submit_opts+=("$1"); shift ;;
    *) job_opts+=("$1"); shift ;;
  esac
done
props=${props:-$TOP/conf/spark-cluster.properties}
[ -f "$props" ] || { echo "extract-features.sh: properties file $props does not exist" >&2; exit 2; }

jar=$(ls "$TOP"/jobs/target/deltarad-jobs-*-cluster.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find "$TOP/core/src/main" "$TOP/jobs/src/main" -newer "$jar" -type f -print -quit)" ]; then
  echo "extract-features.sh: building the cluster jar..." >&2
  (cd "$TOP" && mvn -q -B -DskipTests package) >&2
  jar=$(ls "$TOP"/jobs/target/deltarad-jobs-*-cluster.jar | head -1)
fi

if [ -n "${SPARK_SUBMIT:-}" ]; then
  submit=("$SPARK_SUBMIT")
elif command -v spark-submit >/dev/null 2>&1; then
  submit=(spark-submit)
elif [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
else
  # No Spark installation: Spark's SparkSubmit from the Maven classpath (what bin/spark-submit runs).
  cp_file="$TOP/jobs/target/classpath.txt"
  if [ ! -f "$cp_file" ]; then
    (cd "$TOP/jobs" && mvn -q -B -Dmdep.includeScope=compile -Dmdep.outputFile=target/classpath.txt \
      dependency:build-classpath) >&2
  fi
  mapfile -t jvm < <(grep -v '^#' "$HERE/jvm-options" | grep -v '^$')
  submit=(java ${JAVA_OPTS:-} "${jvm[@]}" -cp "$(cat "$cp_file")" org.apache.spark.deploy.SparkSubmit)
fi

cmd=("${submit[@]}" --class org.deltarad.jobs.ExtractionJob --properties-file "$props"
     ${submit_opts[@]+"${submit_opts[@]}"} "$jar" ${job_opts[@]+"${job_opts[@]}"})
if [ "${DRY_RUN:-0}" = 1 ]; then
  printf '%q ' "${cmd[@]}"; echo
  exit 0
fi
exec "${cmd[@]}"
