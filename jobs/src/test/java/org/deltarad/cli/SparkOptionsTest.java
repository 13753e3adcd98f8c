package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One spelling: --spark-conf KEY=VALUE is a Spark setting; --conf names a YAML file. */
class SparkOptionsTest {
  @Test
  void extractJobRefusesTheOldConfSpelling() {
    CliRun r = CliRun.run("extract-job", "--manifest", "m.csv", "--out", "o",
        "--conf", "spark.sql.shuffle.partitions=4");
    assertEquals(2, r.code(), r.err());
    assertEquals("extract-job: --conf spark.sql.shuffle.partitions=4: Spark settings are"
        + " --spark-conf KEY=VALUE (see --help)", r.err().strip());
  }

  @Test
  void analyzeRefusesASparkSettingAsItsYamlFile() {
    CliRun r = CliRun.run("analyze", "--features", "f", "--clinical", "c.csv", "--out", "o",
        "--conf", "spark.executor.memory=2g");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--conf names a YAML file; Spark settings are --spark-conf"),
        r.err());
  }

  @Test
  void demoRefusesASparkSettingAsItsYamlFile() {
    CliRun r = CliRun.run("demo", "--conf", "spark.ui.enabled=true");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("demo: --conf spark.ui.enabled=true: --conf names a YAML"),
        r.err());
  }

  @Test
  void theClusterWrapperRefusesConfKeyValueBeforeAnyWork() throws Exception {
    Process p = new ProcessBuilder("bash", "../spark-submit/analyze-cohort.sh", "--conf",
        "spark.executor.memory=2g", "--features", "f").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor(), out);
    assertEquals("analyze-cohort.sh: --conf spark.executor.memory=2g: Spark settings are"
        + " --spark-conf KEY=VALUE (--conf names a YAML file)", out.strip());
  }

  @Test
  void masterAndSparkConfBecomeTheSessionSettings() {
    SparkOptions o = new SparkOptions();
    o.conf.put("spark.executor.cores", "1");
    o.master = "spark://h:7077";
    assertEquals("{spark.executor.cores=1, spark.master=spark://h:7077}",
        o.settings().toString());
  }
}
