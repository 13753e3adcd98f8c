package org.deltarad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The Spark options of every command that starts Spark (a picocli mixin): {@code --master} and
 * {@code --spark-conf KEY=VALUE}. One spelling everywhere: {@code --spark-conf} is a Spark
 * setting, {@code --conf} and {@code --params} name YAML files.
 */
final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: spark-submit's, else local[*])")
  String master;

  @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
      description = "Spark setting, repeatable (e.g. --spark-conf spark.sql.shuffle.partitions=8)")
  Map<String, String> conf = new LinkedHashMap<>();

  /** The settings to build the session with: --spark-conf, and --master as spark.master. */
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>(conf);
    if (master != null) {
      settings.put("spark.master", master);
    }
    return settings;
  }

  /**
   * Refuses a YAML-file option given a Spark setting (KEY=VALUE that is no file), the old
   * spelling of {@code extract-job --conf}.
   */
  static void requireFile(CommandSpec spec, String option, String value) {
    if (value != null && value.contains("=") && !Files.exists(Path.of(value))) {
      throw new ParameterException(spec.commandLine(), option + " " + value + ": " + option
          + " names a YAML file; Spark settings are --spark-conf KEY=VALUE");
    }
  }
}
