#!/usr/bin/env bash
# The cohort analysis on a cluster (spark-submit of the cluster jar):
#   spark-submit/analyze-cohort.sh [spark-submit options] --features DIR --clinical FILE --out DIR [--conf YAML]
# Options, environment (SPARK_SUBMIT, DRY_RUN=1) and defaults (--properties-file
# conf/spark-cluster.properties): see cluster-run.sh and `spark-submit/deltarad analyze --help`.
DELTARAD_WRAPPER=analyze-cohort.sh exec "$(dirname "${BASH_SOURCE[0]}")/cluster-run.sh" analyze "$@"
