package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract-job} refuses bad numeric options with one line, before it touches --out. */
class ExtractJobOptionsTest {
  @TempDir Path dir;

  private CliRun run(String option, String value) {
    return CliRun.run("extract-job", "--manifest", "m.csv", "--out",
        dir.resolve("o").toString(), option, value);
  }

  private void refused(CliRun r, String message) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith(message) || r.err().contains(": " + message), r.err());
    assertEquals(1, r.err().strip().lines().filter(l -> l.contains(message)).count(), r.err());
    assertFalse(Files.exists(dir.resolve("o")), "--out untouched");
  }

  @Test
  void aNegativeOrNaNProgressIntervalIsRefused() {
    refused(run("--progress-interval", "-1"), "--progress-interval must be >= 0 seconds, got -1.0");
    refused(run("--progress-interval", "NaN"), "--progress-interval must be >= 0 seconds, got NaN");
  }

  @Test
  void aStaleLeaseUnderTenSecondsOrNaNIsRefused() {
    refused(run("--stale-lease", "0.5"), "--stale-lease must be at least 10 seconds, got 0.5");
    refused(run("--stale-lease", "NaN"), "--stale-lease must be at least 10 seconds, got NaN");
    refused(run("--wait", "-2"), "--wait must be >= 0 seconds, got -2.0");
  }

  /** A missing parameter file is reported before --out is created and marked. */
  @Test
  void aMissingParamsFileLeavesOutUntouched() {
    CliRun r = CliRun.run("extract-job", "--manifest", "m.csv", "--out",
        dir.resolve("o").toString(), "--params", dir.resolve("nope.yaml").toString());
    assertTrue(r.code() != 0, r.err());
    assertTrue(r.err().contains("nope.yaml does not exist"), r.err());
    assertFalse(Files.exists(dir.resolve("o")), "--out untouched");
  }

  @Test
  void theHelpGivesTheDefaultVolumesPerTaskOfTheCode() {
    CliRun r = CliRun.run("extract-job", "--help");
    assertEquals(0, r.code(), r.err());
    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("at most ~100 volumes per task"), help);
    assertTrue(help.contains("at least 10"), help);
  }
}
