#!/usr/bin/env bash
# Any DeltaRad command on a cluster: a real spark-submit of org.deltarad.cli.Main on the cluster jar
# (jobs/target/deltarad-jobs-*-cluster.jar; Spark and Hadoop are provided by the cluster). The
# wrappers extract-features.sh (extract-job) and analyze-cohort.sh (analyze) call this.
#
#   spark-submit/cluster-run.sh COMMAND [spark-submit options] [command options]
#
# spark-submit options (passed through): --master, --deploy-mode, --properties-file,
#   --spark-conf K=V (spark-submit's --conf K=V; --conf names YAML files everywhere in DeltaRad, so
#   --conf K=V is refused), --queue, --num-executors, --executor-cores, --executor-memory,
#   --driver-memory, --files, --jars, --packages, --verbose. Default --properties-file:
#   conf/spark-cluster.properties. Not --name: `score --name` is the command's own option; the
#   application's name is --spark-conf spark.app.name=NAME.
# Command options: those of `spark-submit/deltarad COMMAND --help`. Note: in cluster deploy mode the
#   driver runs on the cluster, so input and output paths must be cluster URIs (hdfs://, s3a://), or
#   ship local files with --files conf/paper-t2w.yaml and pass their base names.
#
# Environment: SPARK_SUBMIT (default: spark-submit on PATH, else $SPARK_HOME/bin/spark-submit; when
#   neither exists, Spark's own SparkSubmit class from the Maven classpath is used, which can drive local
#   and standalone (spark://) masters, not YARN or Kubernetes), DRY_RUN=1 (print the command),
#   DELTARAD_LOG4J (the driver's log4j2 file, default conf/log4j2.properties: Spark at WARN so the
#   progress lines show; empty: Spark's own logging). The driver JVM of the client deploy mode gets
#   it and -Ddeltarad.home (where default files such as conf/paper-t2w.yaml are) via SPARK_SUBMIT_OPTS.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
me=${DELTARAD_WRAPPER:-cluster-run.sh}
[ $# -ge 1 ] || { echo "$me: usage: cluster-run.sh COMMAND [options]" >&2; exit 2; }
command=$1
shift

submit_opts=()
job_opts=()
props=""
while [ $# -gt 0 ]; do
  case "$1" in
    --properties-file)
      [ $# -ge 2 ] || { echo "$me: $1 needs a value" >&2; exit 2; }
      props="$2"; shift 2 ;;
    --spark-conf)
      [ $# -ge 2 ] || { echo "$me: $1 needs a value" >&2; exit 2; }
      case "$2" in
        *=*) submit_opts+=(--conf "$2") ;;
        *) echo "$me: --spark-conf $2: expected KEY=VALUE" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --conf)
      # a YAML file of the command (analyze --conf FILE); a Spark setting is --spark-conf K=V
      [ $# -ge 2 ] || { echo "$me: $1 needs a value" >&2; exit 2; }
      case "$2" in
        *=*) [ -e "$2" ] || { echo "$me: --conf $2: Spark settings are --spark-conf KEY=VALUE" \
               "(--conf names a YAML file)" >&2; exit 2; } ;;
      esac
      job_opts+=("$1" "$2"); shift 2 ;;
    --master|--deploy-mode|--queue|--num-executors|--executor-cores|--executor-memory|\
    --driver-memory|--driver-cores|--files|--jars|--packages|--principal|--keytab)
      [ $# -ge 2 ] || { echo "$me: $1 needs a value" >&2; exit 2; }
      submit_opts+=("$1" "$2"); shift 2 ;;
    --verbose) submit_opts+=("$1"); shift ;;
    *) job_opts+=("$1"); shift ;;
  esac
done
props=${props:-$TOP/conf/spark-cluster.properties}
[ -f "$props" ] || { echo "$me: properties file $props does not exist" >&2; exit 2; }

jar=$(ls "$TOP"/jobs/target/deltarad-jobs-*-cluster.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find "$TOP/core/src/main" "$TOP/jobs/src/main" "$TOP/pom.xml" \
    "$TOP/core/pom.xml" "$TOP/jobs/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
  echo "$me: building the cluster jar..." >&2
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
  # Resolved again when missing or older than a pom (the dependencies may have changed), as the
  # local launcher does; the file is shared with spark-submit/deltarad.
  cp_file="$TOP/jobs/target/classpath.txt"
  if [ ! -f "$cp_file" ] || [ -n "$(find "$TOP" \( -path "$TOP/*/target" -o -path "$TOP/.git" \) \
      -prune -o -name pom.xml -newer "$cp_file" -print -quit)" ]; then
    (cd "$TOP" && mvn -q -B -DskipTests \
        -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
        -DexcludeArtifactIds=hadoop-client-minicluster \
      -Dmdep.outputFile=target/classpath.txt package dependency:build-classpath) >&2
    touch "$cp_file" # build-classpath leaves an unchanged file's time alone
  fi
  mapfile -t jvm < <(grep -v '^#' "$HERE/jvm-options" | grep -v '^$')
  submit=(java ${JAVA_OPTS:-} "${jvm[@]}" -cp "$(cat "$cp_file")" org.apache.spark.deploy.SparkSubmit)
fi

# The client-mode driver (the spark-submit JVM) reads SPARK_SUBMIT_OPTS; later -D flags win, so the
# caller's own SPARK_SUBMIT_OPTS still override these.
# Values are double-quoted inside SPARK_SUBMIT_OPTS (Spark's launcher parses quotes there), so an
# installation path with spaces stays one argument.
log4j=${DELTARAD_LOG4J-$TOP/conf/log4j2.properties}
own=("-Ddeltarad.home=$TOP")
[ -z "$log4j" ] || own=("-Dlog4j2.configurationFile=file:$log4j" "${own[@]}")
caller=${SPARK_SUBMIT_OPTS:-}
opts=""
for o in "${own[@]}"; do opts="$opts${opts:+ }\"$o\""; done
export SPARK_SUBMIT_OPTS="$opts${caller:+ $caller}"
if [ "${submit[0]}" = java ]; then
  # the caller's own options are split on blanks, as Spark's launcher splits unquoted ones
  # shellcheck disable=SC2206
  submit=(java "${own[@]}" ${caller} "${submit[@]:1}")
fi

cmd=("${submit[@]}" --class org.deltarad.cli.Main --properties-file "$props"
     ${submit_opts[@]+"${submit_opts[@]}"} "$jar" "$command" ${job_opts[@]+"${job_opts[@]}"})
if [ "${DRY_RUN:-0}" = 1 ]; then
  printf 'SPARK_SUBMIT_OPTS=%q ' "$SPARK_SUBMIT_OPTS"; printf '%q ' "${cmd[@]}"; echo
  exit 0
fi
exec "${cmd[@]}"
