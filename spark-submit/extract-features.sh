#!/usr/bin/env bash
# The extraction job on a cluster (spark-submit of the cluster jar):
#   spark-submit/extract-features.sh [spark-submit options] --manifest M --out DIR [--params YAML] ...
# Options, environment (SPARK_SUBMIT, DRY_RUN=1) and defaults (--properties-file
# conf/spark-cluster.properties): see cluster-run.sh and `spark-submit/deltarad extract-job --help`.
DELTARAD_WRAPPER=extract-features.sh exec "$(dirname "${BASH_SOURCE[0]}")/cluster-run.sh" extract-job "$@"
