package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deltarad.tables.Lease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compact --wait}: fails at once on a held output, or queues behind the holder. */
class CompactCommandTest {
  @TempDir Path dir;

  private Path extractionOutput() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("_deltarad.json"),
        "{\"format\": \"deltarad-output\", \"format_version\": 1, \"kind\": \"extraction\"}");
    return out;
  }

  private static Lease hold(Path out) throws Exception {
    return Lease.acquire(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()), "run-holder", Lease.Policy.DEFAULT, m -> { });
  }

  @Test
  void withoutWaitAHeldOutputFailsAtOnceNamingTheHolder() throws Exception {
    Path out = extractionOutput();
    try (Lease held = hold(out)) {
      long t0 = System.nanoTime();
      CliRun r = CliRun.run("compact", "--out", out.toString());
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().contains("is in use by run run-holder"), r.err());
      assertTrue((System.nanoTime() - t0) / 1e9 < 5, "fails at once");
    }
  }

  @Test
  void withWaitItRunsOnceTheHolderLetsGo() throws Exception {
    Path out = extractionOutput();
    Lease held = hold(out);
    long t0 = System.nanoTime();
    CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
      try {
        held.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
    CliRun r = CliRun.run("compact", "--out", out.toString(), "--wait", "60");
    double waited = (System.nanoTime() - t0) / 1e9;
    release.join();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("nothing to compact"), r.err());
    assertTrue(r.err().contains("waiting up to 60 s for run run-holder"), r.err());
    assertTrue(waited >= 1.5, "ran only after the holder let go: " + waited + " s");
  }

  @Test
  void aNegativeWaitIsABadOption() throws Exception {
    Path out = extractionOutput();
    CliRun r = CliRun.run("compact", "--out", out.toString(), "--wait", "-1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--wait must be >= 0, got -1.0"), r.err());
  }
}
