package org.deltarad.runtime;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the jobs test suite (surefire runs all test classes in one JVM; a cold
 * start costs ~6 s). Never stopped by tests; the JVM's exit ends it.
 */
public final class SharedSpark {
  private static SparkSession spark;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSessions.getOrCreate("deltarad-tests", Map.of(
          "spark.master", "local[2]",
          "spark.sql.shuffle.partitions", "4",
          "spark.ui.enabled", "false",
          "spark.log.level", "WARN"));
    }
    return spark;
  }
}
