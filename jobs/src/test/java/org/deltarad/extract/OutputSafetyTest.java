package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.image.Image3D;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.IncrementalTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that share an output directory, and a run killed in the middle of its commit, on the
 * first volumes of {@code data-samples/} with the real reader and engine: nothing committed is
 * lost, the second run waits or fails at once, a dead run's lease is taken over and its commit
 * completed.
 */
class OutputSafetyTest {
  static final Path PARAMS = Path.of("../conf/paper-t2w.yaml").toAbsolutePath().normalize();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  static final SparkSession spark = SharedSpark.get();
  @TempDir static Path dir;

  /** Manifest of data-samples rows [from, to) with absolute paths. */
  static Path manifest(String name, int from, int to) throws Exception {
    List<String> all = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    List<String> lines = new ArrayList<>(List.of(all.get(0)));
    for (String l : all.subList(from + 1, to + 1)) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      lines.add(String.join(",", f));
    }
    return Files.write(dir.resolve(name + ".csv"), lines);
  }

  /** Holds every read until opened; counts the reads that reached it. */
  static final class Gate {
    static CountDownLatch entered = new CountDownLatch(1);
    static CountDownLatch open = new CountDownLatch(1);
  }

  /** The production reader behind {@link Gate}. */
  static final VolumeReader GATED = new VolumeReader() {
    @Override
    public Image3D read(String uri, Configuration conf) throws Exception {
      return RadiomicsEngine.READER.read(uri, conf);
    }

    @Override
    public Loaded load(String uri, Configuration conf) throws Exception {
      Gate.entered.countDown();
      assertTrue(Gate.open.await(120, TimeUnit.SECONDS), "gate never opened");
      return RadiomicsEngine.READER.load(uri, conf);
    }
  };

  static ExtractionJob job(VolumeReader reader, List<String> log) throws Exception {
    return new ExtractionJob(spark, reader,
        RadiomicsEngine.fromFile(PARAMS.toString(), spark.sparkContext().hadoopConfiguration()),
        log::add);
  }

  static ExtractionJob.Options options(Path manifest, Path out, Lease.Policy lease) {
    return new ExtractionJob.Options(manifest.toString(), out.toString(), null, 1.0, false,
        1000, PARAMS.toString(), lease);
  }

  static List<String> rows(Dataset<Row> d) {
    return d.drop("extract_ms").collectAsList().stream().map(Row::toString).sorted().toList();
  }

  static Path reference;

  @BeforeAll
  static void referenceRun() throws Exception {
    reference = dir.resolve("reference");
    job(RadiomicsEngine.READER, new ArrayList<>())
        .run(options(manifest("rows0-12", 0, 12), reference, Lease.Policy.DEFAULT));
  }

  @Test
  void aSecondRunWaitsOrFailsAtOnceAndNoCommittedRowIsLost() throws Exception {
    Path out = dir.resolve("shared");
    Path a = manifest("a", 0, 8);
    Path b = manifest("b", 8, 12);
    Gate.entered = new CountDownLatch(1);
    Gate.open = new CountDownLatch(1);
    List<String> logA = Collections.synchronizedList(new ArrayList<>());
    List<String> logB = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<RunSummary> runA = CompletableFuture.supplyAsync(() -> call(
        () -> job(GATED, logA).run(options(a, out, Lease.Policy.DEFAULT))));
    try {
      assertTrue(Gate.entered.await(120, TimeUnit.SECONDS), "run A never started reading");
      // fail at once, naming the run that holds the directory
      Lease.HeldException held = assertThrows(Lease.HeldException.class,
          () -> job(RadiomicsEngine.READER, new ArrayList<>())
              .run(options(b, out, Lease.Policy.DEFAULT)));
      assertTrue(held.getMessage().startsWith("--out " + out.toUri().toString()
          .replaceAll("/$", "").replace("file:///", "file:/") + " is in use by run "),
          held.getMessage());
      // or wait for it
      CompletableFuture<RunSummary> runB = CompletableFuture.supplyAsync(() -> call(
          () -> job(RadiomicsEngine.READER, logB).run(options(b, out,
              new Lease.Policy(Duration.ofMinutes(5), Duration.ofMinutes(2))))));
      long t0 = System.nanoTime();
      while (logB.stream().noneMatch(l -> l.startsWith("waiting up to 300 s for run "))) {
        assertTrue(System.nanoTime() - t0 < 120e9, String.join("\n", logB));
        assertFalse(runB.isDone(), "run B did not wait: " + String.join("\n", logB));
        Thread.sleep(50);
      }
      Gate.open.countDown();
      RunSummary sa = runA.get(300, TimeUnit.SECONDS);
      RunSummary sb = runB.get(300, TimeUnit.SECONDS);
      assertEquals(8, sa.succeeded());
      assertEquals(4, sb.succeeded());
      assertEquals(12, sb.featuresRows());
    } finally {
      Gate.open.countDown();
    }
    Dataset<Row> f = FeaturesTable.read(spark, out.toString(), null);
    assertEquals(rows(FeaturesTable.read(spark, reference.toString(), null)), rows(f));
    try (var runs = Files.list(out.resolve("_runs"))) {
      assertEquals(2, runs.filter(r -> !r.getFileName().toString().startsWith(".")).count());
    }
    assertFalse(Files.exists(out.resolve(Lease.FILE)));
  }

  @Test
  void anUnchangedRerunCommitsNothing() throws Exception {
    Path out = dir.resolve("unchanged");
    Path m = manifest("rows0-12", 0, 12);
    job(RadiomicsEngine.READER, new ArrayList<>()).run(options(m, out, Lease.Policy.DEFAULT));
    List<String> before = listing(out.resolve("features"));
    List<String> log = new ArrayList<>();
    RunSummary again = job(RadiomicsEngine.READER, log).run(options(m, out,
        Lease.Policy.DEFAULT));
    assertEquals(12, again.skipped());
    assertTrue(log.contains("nothing changed: no commit"), String.join("\n", log));
    assertEquals(before, listing(out.resolve("features")));
    assertEquals(12, again.featuresRows());
  }

  @Test
  void aRunKilledBetweenItsTwoDeltasIsCompletedByTheNextRun() throws Exception {
    Path out = dir.resolve("killed-delta");
    job(RadiomicsEngine.READER, new ArrayList<>())
        .run(options(manifest("first8", 0, 8), out, Lease.Policy.DEFAULT));
    Path all = manifest("all12", 0, 12);
    Process child = killedInCommit(dir.resolve("paused-delta"), "extract-job", "--manifest",
        all.toString(), "--out", out.toString(), "--params", PARAMS.toString());
    // the features delta is in, the errors delta still staged: the features table is whole
    Path live = out.resolve("features/settings_hash=" + hash());
    assertEquals(1, IncrementalTable.deltas(fs(), new org.apache.hadoop.fs.Path(live.toUri()))
        .size());
    assertEquals(referenceRows(), rows(FeaturesTable.read(spark, out.toString(), null)));
    Path staged = onlyStaging(out);
    assertTrue(Files.exists(staged.resolve("_COMMIT")) && Files.isDirectory(
        staged.resolve("errors")) && !Files.exists(staged.resolve("features")));

    List<String> log = new ArrayList<>();
    RunSummary next = job(RadiomicsEngine.READER, log)
        .run(options(all, out, Lease.Policy.DEFAULT));
    assertTakenOverAndCompleted(log, child);
    assertEquals(12, next.skipped()); // the killed run's rows were committed
    assertTrue(log.contains("nothing changed: no commit"), String.join("\n", log));
    assertEquals(referenceRows(), rows(FeaturesTable.read(spark, out.toString(), null)));
    assertEquals(1, IncrementalTable.deltas(fs(), new org.apache.hadoop.fs.Path(
        out.resolve("errors/settings_hash=" + hash()).toUri())).size());
    assertNoStaging(out);
  }

  @Test
  void aCompactionKilledInTheSwapIsCompletedByTheNextRun() throws Exception {
    Path out = dir.resolve("killed-swap");
    job(RadiomicsEngine.READER, new ArrayList<>())
        .run(options(manifest("first8", 0, 8), out, Lease.Policy.DEFAULT));
    job(RadiomicsEngine.READER, new ArrayList<>())
        .run(options(manifest("all12", 0, 12), out, Lease.Policy.DEFAULT));
    Path live = out.resolve("features/settings_hash=" + hash());
    assertTrue(Files.isDirectory(live.resolve(IncrementalTable.DELTAS)));
    Process child = killedInCommit(dir.resolve("paused-swap"), "compact", "--out",
        out.toString());
    // killed after moving the live features table aside, before moving the new one in: the
    // committed staging area holds the complete new table and the old one
    assertFalse(Files.exists(live));
    Path staged = onlyStaging(out);
    assertTrue(Files.exists(staged.resolve("_COMMIT")));
    assertTrue(Files.isDirectory(staged.resolve("old-features")));
    assertTrue(Files.isDirectory(staged.resolve("features")));

    List<String> log = new ArrayList<>();
    List<Compaction.Result> r = Compaction.run(new Configuration(), out.toString(),
        Lease.Policy.DEFAULT, log::add);
    assertTakenOverAndCompleted(log, child);
    assertEquals(List.of(), r); // the interrupted compaction was the whole work
    assertFalse(Files.exists(live.resolve(IncrementalTable.DELTAS)));
    assertEquals(referenceRows(), rows(FeaturesTable.read(spark, out.toString(), null)));
    // compacted: the same files as one run over the 12 rows
    assertEquals(ExtractionJobTest.partitionDirs(reference, hash()),
        ExtractionJobTest.partitionDirs(out, hash()));
    assertEquals(rows(spark.read().parquet(reference.resolve("features/settings_hash=" + hash())
        .toString())), rows(spark.read().parquet(live.toString())));
    assertNoStaging(out);
  }

  static List<String> referenceRows() throws Exception {
    return rows(FeaturesTable.read(spark, reference.toString(), null));
  }

  static String hash() throws Exception {
    return Files.readString(reference.resolve("_run.json"))
        .replaceAll("(?s).*\"settings_hash\" : \"([0-9a-f]+)\".*", "$1");
  }

  static org.apache.hadoop.fs.FileSystem fs() throws Exception {
    return org.apache.hadoop.fs.FileSystem.getLocal(new Configuration());
  }

  static Path onlyStaging(Path out) throws Exception {
    try (var st = Files.list(out.resolve("_staging"))) {
      List<Path> l = st.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
      assertEquals(1, l.size(), l.toString());
      return l.get(0);
    }
  }

  static void assertNoStaging(Path out) throws Exception {
    try (var st = Files.list(out.resolve("_staging"))) {
      assertEquals(0, st.count());
    }
  }

  static void assertTakenOverAndCompleted(List<String> log, Process child) {
    assertTrue(log.get(0).startsWith("taking over the lease of ") && log.get(0)
        .endsWith("its process " + child.pid() + " on this host is gone"), log.get(0));
    assertTrue(log.get(1).startsWith("completing the interrupted commit of run "), log.get(1));
  }

  static List<String> listing(Path p) throws Exception {
    try (var files = Files.walk(p)) {
      List<String> out = new ArrayList<>();
      for (Path f : (Iterable<Path>) files::iterator) {
        out.add(p.relativize(f) + " " + Files.getLastModifiedTime(f).toMillis());
      }
      Collections.sort(out);
      return out;
    }
  }

  /** Runs {@code deltarad ARGS} in a child JVM, SIGKILLs it when it pauses in its commit. */
  static Process killedInCommit(Path pause, String... args) throws Exception {
    Process child = childJvm(pause, args);
    try {
      long t0 = System.nanoTime();
      while (!Files.exists(pause)) {
        assertTrue(child.isAlive(), "the child run ended before its commit: "
            + Files.readString(dir.resolve("child.err")));
        assertTrue(System.nanoTime() - t0 < 300e9, "no commit within 300 s");
        Thread.sleep(100);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      child.waitFor(60, TimeUnit.SECONDS);
    }
    assertTrue(Files.readString(Path.of(outOf(args)).resolve(Lease.FILE))
        .contains("\"pid\":" + child.pid()));
    return child;
  }

  static String outOf(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--out")) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("no --out");
  }

  /** {@code deltarad ARGS} in a JVM of its own that pauses in the commit swap. */
  static Process childJvm(Path pause, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access")
          || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx1g", "-Ddeltarad.test.pauseInSwap=" + pause,
        "-cp", System.getProperty("java.class.path"), "org.deltarad.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile()).start();
  }

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T call(Call<T> c) {
    try {
      return c.call();
    } catch (Exception ex) {
      throw new RuntimeException(ex);
    }
  }
}
