package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.SparkSession;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract-job --wait}: a held output fails the run at once, or the run queues. */
class ExtractJobWaitTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  @TempDir Path dir;

  /** The first two volumes of data-samples/, with absolute paths. */
  private String manifest() throws Exception {
    List<String> lines = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (String l : lines.subList(1, 3)) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      out.add(String.join(",", f));
    }
    return Files.write(dir.resolve("manifest.csv"), out).toString();
  }

  @Test
  void withoutWaitAHeldOutputFailsAtOnceAndGetsNoRows() throws Exception {
    String manifest = manifest();
    try (HeldOutput held = HeldOutput.in(dir)) {
      CliRun r = CliRun.run("extract-job", "--manifest", manifest, "--out", held.out.toString());
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().contains("is in use by run run-holder"), r.err());
      assertFalse(Files.exists(held.out.resolve("features")), "nothing written");
    }
  }

  @Test
  void withWaitTheRunQueuesBehindTheHolderAndThenCommits() throws Exception {
    String manifest = manifest();
    try (HeldOutput held = HeldOutput.in(dir)) {
      long t0 = System.nanoTime();
      CompletableFuture<Void> release = held.releaseAfter(1500);
      CliRun r = CliRun.run("extract-job", "--manifest", manifest, "--out", held.out.toString(),
          "--wait", "120");
      double took = (System.nanoTime() - t0) / 1e9;
      release.join();
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("\"succeeded\" : 2") || r.out().contains("\"succeeded\":2"),
          r.out());
      assertTrue(r.err().contains("waiting up to 120 s for run run-holder"), r.err());
      assertTrue(took >= 1.5, "ran after the holder let go: " + took + " s");
    }
  }
}
