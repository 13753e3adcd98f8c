package org.deltarad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.cli.Main;
import org.deltarad.tables.FeaturesTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeltaRad on a real cluster: a Spark standalone master with two 1-core workers (child JVMs of
 * a Spark home made from the Maven classpath) and an HDFS mini-cluster; the extraction and the
 * analysis are submitted through the cluster wrappers (spark-submit/extract-features.sh and
 * analyze-cohort.sh: Spark's launcher and SparkSubmit with the cluster jar, client deploy mode)
 * with inputs and outputs on hdfs://, from a working directory that is not the installation, and
 * their tables must equal a local run's cell for cell. Run by failsafe in {@code mvn verify}
 * (after {@code package} built the cluster jar).
 */
class ClusterIT {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  /** Executors that fit the 768 MiB workers; Spark needs at least 450 MiB. */
  static final List<String> SMALL_EXECUTORS = List.of("--spark-conf", "spark.executor.cores=1",
      "--spark-conf", "spark.executor.memory=512m", "--driver-memory", "768m");

  /** What the JVM says on stderr when Spark's launcher adds jdk.incubator.vector. */
  static final String JVM_NOTE = "WARNING: Using incubator modules";

  @TempDir
  static Path work;
  static MiniDFSCluster hdfs;
  static StandaloneCluster cluster;
  static SparkHome home;
  static String fs;

  @BeforeAll
  static void startClusters() throws Exception {
    assertTrue(clusterJar().isPresent(), "no jobs/target/*-cluster.jar: run `mvn verify`");
    long t0 = System.nanoTime();
    home = SparkHome.create(work.resolve("spark-home"));
    // the daemons' JVMs start while HDFS starts in this one
    cluster = StandaloneCluster.start(home, ROOT.resolve("spark-submit/jvm-options"),
        Files.createDirectories(work.resolve("spark")), 2, 1, "768m");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    FileSystem dfs = hdfs.getFileSystem();
    fs = dfs.getUri().toString();
    copyToHdfs(dfs, ROOT.resolve("data-samples"), "/cohort");
    long t1 = System.nanoTime();
    cluster.awaitWorkers(2, Duration.ofMinutes(3));
    System.err.printf(java.util.Locale.ROOT, "ClusterIT: HDFS up in %.1f s, Spark master and"
        + " workers %.1f s later (load average %s)%n", (t1 - t0) / 1e9,
        (System.nanoTime() - t1) / 1e9, Files.readString(Path.of("/proc/loadavg")).strip());
  }

  @AfterAll
  static void stopClusters() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    if (cluster != null) {
      cluster.close();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void extractionAndAnalysisOnTheClusterEqualALocalRun() throws Exception {
    Path local = work.resolve("local");
    long t0 = System.nanoTime();
    assertEquals(0, Main.run("extract-job", "--manifest",
        ROOT.resolve("data-samples/manifest.csv").toString(), "--out",
        local.resolve("extract").toString(), "--params",
        ROOT.resolve("conf/paper-t2w.yaml").toString(), "--master", "local[2]"));
    assertEquals(0, Main.run("analyze", "--features", local.resolve("extract").toString(),
        "--clinical", ROOT.resolve("data-samples/clinical.csv").toString(), "--out",
        local.resolve("analysis").toString(), "--master", "local[2]"));

    System.err.printf(java.util.Locale.ROOT, "ClusterIT: local extract-job and analyze in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    // no --params: the default parameter file comes from the installation, not the directory
    Run extract = submit("extract-features.sh", SMALL_EXECUTORS, "--manifest",
        fs + "/cohort/manifest.csv", "--out", fs + "/extract");
    assertEquals(0, extract.code(), extract.err());
    assertProgressNotBuried(extract);
    Run analyze = submit("analyze-cohort.sh", SMALL_EXECUTORS, "--features", fs + "/extract",
        "--clinical", fs + "/cohort/clinical.csv", "--out", fs + "/analysis");
    assertEquals(0, analyze.code(), analyze.err());
    assertTrue(analyze.out().contains("report: " + fs + "/analysis/report/index.html"),
        analyze.out());

    SparkSession spark = SparkSession.active();
    // resolved paths, timing and the version (the jar's vs "dev" of the classes) differ by design
    String[] provenance = {"image", "mask", "extract_ms", "deltarad_version"};
    assertSameRows("features",
        FeaturesTable.read(spark, local.resolve("extract").toString(), null).drop(provenance),
        FeaturesTable.read(spark, fs + "/extract", null).drop(provenance));
    List<String> tables = analysisTables(local.resolve("analysis"));
    assertTrue(tables.size() >= 10, "analysis tables: " + tables);
    for (String t : tables) {
      assertSameRows(t, spark.read().parquet(local.resolve("analysis").resolve(t).toString()),
          spark.read().parquet(fs + "/analysis/" + t));
    }
    FileStatus report = hdfs.getFileSystem().getFileStatus(
        new org.apache.hadoop.fs.Path("/analysis/report/index.html"));
    assertTrue(report.getLen() > 10_000, "report of " + report.getLen() + " bytes");
  }

  @Test
  void anExecutorLargerThanEveryWorkerFailsWithOneLineNamingTheResources() throws Exception {
    Run r = submit("extract-features.sh", List.of("--spark-conf", "spark.executor.cores=1",
            "--spark-conf", "spark.executor.memory=2g", "--spark-conf",
            "spark.deltarad.executorWaitTimeout=5s", "--spark-conf",
            "spark.master.ui.port=" + cluster.uiPort),
        "--manifest", fs + "/cohort/manifest.csv", "--out", fs + "/never");
    assertEquals(1, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.startsWith(JVM_NOTE)).toList();
    assertEquals(1, lines.size(), r.err());
    String line = lines.get(0);
    assertTrue(line.startsWith("extract-job: no executor registered within 5 s on "
        + cluster.url() + ": requested executors of 1 core(s) and spark.executor.memory 2g"),
        line);
    assertTrue(line.contains("the master has 2 alive worker(s) with at most 1 free core(s) and"
        + " 768 MiB free memory each"), line);
  }

  /** The wrapper's console: Spark at WARN (conf/log4j2.properties), progress lines shown. */
  private static void assertProgressNotBuried(Run r) {
    List<String> lines = r.err().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("deltarad: extract: 200/200 volumes")),
        r.err());
    assertEquals(List.of(), lines.stream().filter(l -> l.contains(" INFO ")).toList());
  }

  record Run(int code, String out, String err) {}

  /** A cluster wrapper, run from a directory outside the installation (as cron would). */
  private static Run submit(String wrapper, List<String> sparkOptions, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash",
        ROOT.resolve("spark-submit").resolve(wrapper).toString(), "--master", cluster.url()));
    cmd.addAll(sparkOptions);
    cmd.addAll(List.of("--spark-conf", "spark.driver.host=127.0.0.1"));
    cmd.addAll(List.of(args));
    Path dir = Files.createTempDirectory(work, "cwd-");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.putAll(home.env());
    env.remove("SPARK_CONF_DIR");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(wrapper + " did not finish in " + RUN_TIMEOUT.toMinutes()
          + " min; stderr: " + Files.readString(err));
    }
    System.err.printf(java.util.Locale.ROOT, "ClusterIT: %s exit %d in %.1f s%n", wrapper,
        p.exitValue(), (System.nanoTime() - t0) / 1e9);
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Equal rows, compared as text (Double.toString round-trips, so equal text is equal bits) in
   * sorted order; a difference names the table and the first differing row.
   */
  private static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(List.of(expected.columns()), List.of(actual.columns()), table + " columns");
    List<String> e = rows(expected);
    List<String> a = rows(actual);
    assertEquals(e.size(), a.size(), table + " rows");
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i), a.get(i), table + " row " + i);
    }
  }

  private static List<String> rows(Dataset<Row> t) {
    return t.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The Parquet tables of an analysis output (directories other than the report). */
  private static List<String> analysisTables(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("report") && !n.startsWith("_")).sorted().toList();
    }
  }

  /**
   * Copies a directory's entries in parallel: one file at a time, the 525 files of data-samples
   * took 112 s (each close waits on the datanode), 16 at a time 10 s (load average 10).
   */
  private static void copyToHdfs(FileSystem dfs, Path dir, String target) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (Stream<Path> entries = Files.list(dir)) {
      List<Future<?>> copies = new ArrayList<>();
      for (Path e : entries.toList()) {
        copies.add(pool.submit(() -> {
          dfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(e.toUri()),
              new org.apache.hadoop.fs.Path(target, e.getFileName().toString()));
          return null;
        }));
      }
      for (Future<?> c : copies) {
        c.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static java.util.Optional<Path> clusterJar() throws IOException {
    try (Stream<Path> s = Files.list(ROOT.resolve("jobs/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-cluster.jar")).findFirst();
    }
  }
}
