package org.deltarad.runtime;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place DeltaRad jobs get a {@link SparkSession}.
 *
 * <p>Under {@code spark-submit} the master and everything else come from spark-submit
 * ({@code spark.master} is set); run from the command line launcher or a test, where no master
 * is set, the session is an embedded {@code local[*]} one. Local masters get the web UI off, a
 * small shuffle partition count (the 200 default only costs task overhead on one machine) and
 * WARN logging, unless set otherwise. On a cluster the session is returned once an executor has
 * registered ({@link ExecutorWait}: a cluster that cannot grant one fails in a minute with one
 * line instead of hanging).
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** True when nothing (spark-submit, {@code -Dspark.master}, {@code conf}) names a master. */
  public static boolean noMasterConfigured(Map<String, String> conf) {
    return !conf.containsKey("spark.master") && !new SparkConf().contains("spark.master");
  }

  /**
   * Returns the active session or builds one.
   *
   * @param conf extra settings ({@code --spark-conf k=v} on the command line); they win over the
   *     local defaults, spark-submit's own settings win over neither (they are already in the
   *     SparkConf this builds on)
   */
  public static SparkSession getOrCreate(String appName, Map<String, String> conf) {
    SparkConf sc = new SparkConf(); // picks up spark.* system properties set by spark-submit
    if (noMasterConfigured(conf)) {
      sc.setMaster("local[*]");
    }
    String master = conf.containsKey("spark.master") ? conf.get("spark.master")
        : sc.get("spark.master");
    if (master.startsWith("local")) {
      sc.setIfMissing("spark.ui.enabled", "false");
      sc.setIfMissing("spark.sql.shuffle.partitions", "8");
      sc.setIfMissing("spark.driver.host", "localhost");
      // Spark's INFO start-up logging would bury the progress lines on a console.
      sc.setIfMissing("spark.log.level", "WARN");
    }
    conf.forEach(sc::set);
    sc.setIfMissing("spark.app.name", appName);
    SparkSession spark = SparkSession.builder().config(sc).getOrCreate();
    ExecutorWait.await(spark.sparkContext());
    return spark;
  }

  /**
   * Where a job's progress lines go: the console (stderr, prefixed "deltarad: ") when the driver
   * runs where it was started (a local session, or client deploy mode on a cluster), else the
   * driver log of {@code logger} at INFO (cluster deploy mode: the cluster's logging applies).
   * Never both, so a console never shows a line twice whatever the log level.
   */
  public static java.util.function.Consumer<String> progressSink(SparkSession spark,
      org.apache.logging.log4j.Logger logger) {
    boolean console = isLocal(spark)
        || !"cluster".equals(spark.sparkContext().getConf().get("spark.submit.deployMode",
            "client"));
    return msg -> {
      if (console) {
        System.err.println("deltarad: " + msg);
      } else {
        logger.info(msg);
      }
    };
  }

  /** True when the session runs on the driver's machine (progress goes to the console too). */
  public static boolean isLocal(SparkSession spark) {
    return spark.sparkContext().isLocal();
  }
}
