package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compact --wait}: fails at once on a held output, or queues behind the holder. */
class CompactCommandTest {
  @TempDir Path dir;

  @Test
  void withoutWaitAHeldOutputFailsAtOnceNamingTheHolder() throws Exception {
    try (HeldOutput held = HeldOutput.in(dir)) {
      long t0 = System.nanoTime();
      CliRun r = CliRun.run("compact", "--out", held.out.toString());
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().contains("is in use by run run-holder"), r.err());
      assertTrue((System.nanoTime() - t0) / 1e9 < 5, "fails at once");
    }
  }

  @Test
  void withWaitItRunsOnceTheHolderLetsGo() throws Exception {
    try (HeldOutput held = HeldOutput.in(dir)) {
      long t0 = System.nanoTime();
      CompletableFuture<Void> release = held.releaseAfter(1500);
      CliRun r = CliRun.run("compact", "--out", held.out.toString(), "--wait", "60");
      double waited = (System.nanoTime() - t0) / 1e9;
      release.join();
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("nothing to compact"), r.err());
      assertTrue(r.err().contains("waiting up to 60 s for run run-holder"), r.err());
      assertTrue(waited >= 1.5, "ran only after the holder let go: " + waited + " s");
    }
  }

  @Test
  void aNegativeWaitIsABadOption() throws Exception {
    try (HeldOutput held = HeldOutput.in(dir)) {
      CliRun r = CliRun.run("compact", "--out", held.out.toString(), "--wait", "-1");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--wait must be >= 0, got -1.0"), r.err());
    }
  }
}
