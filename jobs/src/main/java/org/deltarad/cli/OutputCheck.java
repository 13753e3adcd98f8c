package org.deltarad.cli;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.tables.OutputMarker;

/**
 * Checks and marks an {@code --out} before a command starts Spark or reads any input
 * ({@link OutputMarker}): a bad output directory fails in a second, not after the work. Hadoop
 * settings come from {@code spark.hadoop.*} as Spark would pass them (system properties set by
 * spark-submit, then the command's {@code --conf}), so {@code hdfs://} paths resolve the same.
 */
final class OutputCheck {
  private OutputCheck() {}

  static void claim(String out, OutputMarker.Kind kind, Map<String, String> sparkConf)
      throws IOException {
    OutputMarker.claim(hadoopConf(sparkConf), out, kind,
        msg -> System.err.println("deltarad: " + msg));
  }

  /** Hadoop settings as Spark would pass them to the job. */
  static Configuration hadoopConf(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark.hadoop."))
        .forEach(k -> conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k)));
    sparkConf.forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        conf.set(k.substring("spark.hadoop.".length()), v);
      }
    });
    return conf;
  }
}
