package org.deltarad.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Fails fast when a cluster grants no executor. Spark waits forever for executors it asked for
 * and cannot get (an executor bigger than every worker); the driver prints nothing but a WARN
 * every 15 s. This waits up to {@value #TIMEOUT_KEY} (default 60 s) for the first executor and
 * otherwise stops the context and throws one line naming what was requested and, for a
 * standalone master whose web UI answers, what the workers have free.
 *
 * <p>Skipped for local masters and under dynamic allocation without a minimum (executors are
 * requested only once tasks are pending there).
 */
public final class ExecutorWait {
  /** Seconds to wait for the first executor; 0 disables the check. */
  public static final String TIMEOUT_KEY = "spark.deltarad.executorWaitTimeout";
  private static final String DEFAULT_TIMEOUT = "60s";
  private static final long POLL_MS = 250;
  private static final int HTTP_TIMEOUT_MS = 3000;

  private ExecutorWait() {}

  /** Returns once an executor is registered; throws IllegalStateException after the timeout. */
  public static void await(SparkContext sc) {
    SparkConf conf = sc.getConf();
    long timeoutMs = 1000 * conf.getTimeAsSeconds(TIMEOUT_KEY, DEFAULT_TIMEOUT);
    if (sc.isLocal() || timeoutMs <= 0 || grantsOnDemand(conf)) {
      return;
    }
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (executors(sc) == 0) {
      if (System.currentTimeMillis() > deadline) {
        String msg = noExecutorMessage(conf, timeoutMs / 1000);
        sc.stop();
        throw new IllegalStateException(msg);
      }
      sleep();
    }
  }

  /** Registered executors (the status tracker lists the driver too). */
  static int executors(SparkContext sc) {
    return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
  }

  private static boolean grantsOnDemand(SparkConf conf) {
    return conf.getBoolean("spark.dynamicAllocation.enabled", false)
        && conf.getInt("spark.dynamicAllocation.minExecutors", 0) == 0
        && conf.getInt("spark.dynamicAllocation.initialExecutors", 0) == 0;
  }

  static String noExecutorMessage(SparkConf conf, long seconds) {
    String master = conf.get("spark.master", "?");
    return String.format(Locale.ROOT, "no executor registered within %d s on %s: %s; %s. Lower"
        + " spark.executor.cores / spark.executor.memory (conf/spark-cluster.properties) or"
        + " free or add workers (%s sets the wait)", seconds, master, requested(conf),
        available(conf, master), TIMEOUT_KEY);
  }

  /** What the application asked each executor to have. */
  static String requested(SparkConf conf) {
    String cores = conf.get("spark.executor.cores", master(conf).startsWith("spark://")
        ? "all of a worker's" : "1");
    String memory = conf.get("spark.executor.memory", "1g");
    String overhead = conf.contains("spark.executor.memoryOverhead")
        ? " + spark.executor.memoryOverhead " + conf.get("spark.executor.memoryOverhead")
            + " (YARN, Kubernetes)" : "";
    String max = conf.contains("spark.cores.max") ? ", spark.cores.max "
        + conf.get("spark.cores.max") : "";
    return "requested executors of " + cores + " core(s) and spark.executor.memory " + memory
        + overhead + max;
  }

  private static String master(SparkConf conf) {
    return conf.get("spark.master", "");
  }

  /** What a standalone master's workers have free, from its web UI's JSON (/json/). */
  static String available(SparkConf conf, String master) {
    if (!master.startsWith("spark://")) {
      return "available resources: see the cluster manager of " + master;
    }
    String host = master.substring("spark://".length()).split(",")[0].split(":")[0];
    String url = "http://" + host + ":" + conf.get("spark.master.ui.port", "8080") + "/json/";
    try {
      return describeWorkers(readJson(url)) + " (" + url + ")";
    } catch (IOException | RuntimeException ex) {
      return "available resources unknown: the master's web UI " + url + " did not answer ("
          + ex.getMessage() + "; spark.master.ui.port names its port)";
    }
  }

  /** One phrase from the master's JSON: alive workers, their free cores and memory. */
  static String describeWorkers(JsonNode json) {
    int alive = 0;
    int maxCores = 0;
    long maxMemoryMb = 0;
    for (JsonNode w : json.path("workers")) {
      if ("ALIVE".equals(w.path("state").asText())) {
        alive++;
        maxCores = Math.max(maxCores, w.path("coresfree").asInt());
        maxMemoryMb = Math.max(maxMemoryMb, w.path("memoryfree").asLong());
      }
    }
    if (alive == 0) {
      return "the master has no alive worker";
    }
    return String.format(Locale.ROOT, "the master has %d alive worker(s) with at most %d free"
        + " core(s) and %d MiB free memory each", alive, maxCores, maxMemoryMb);
  }

  private static JsonNode readJson(String url) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
    http.setConnectTimeout(HTTP_TIMEOUT_MS);
    http.setReadTimeout(HTTP_TIMEOUT_MS);
    try (InputStream in = http.getInputStream()) {
      return new ObjectMapper().readTree(in);
    } finally {
      http.disconnect();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for executors", ex);
    }
  }
}
