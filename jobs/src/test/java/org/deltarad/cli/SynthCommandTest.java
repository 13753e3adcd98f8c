package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
  @TempDir
  Path tmp;

  @Test
  void writesACohortAndRefusesToOverwriteIt() throws Exception {
    Path out = tmp.resolve("cohort");
    assertEquals(0, Main.run("synth", "--patients", "2", "--size", "32x32x8", "--seed", "3",
        "--quiet", "--out", out.toString()));
    assertEquals(3, Files.readAllLines(out.resolve("clinical.csv")).size());
    assertTrue(Files.isRegularFile(out.resolve("P0002/mid/T2w.nii.gz")));
    // Existing output: a failure on input (exit 1), not a crash.
    assertEquals(1, Main.run("synth", "--patients", "2", "--size", "32x32x8", "--quiet",
        "--out", out.toString()));
  }

  @Test
  void badOptionsExitWithTwo() {
    Path out = tmp.resolve("x");
    assertEquals(2, Main.run("synth", "--patients", "2", "--size", "32x32", "--out",
        out.toString()));
    assertEquals(2, Main.run("synth", "--patients", "0", "--out", out.toString()));
    assertEquals(2, Main.run("synth", "--patients", "3", "--reader2-fraction", "2", "--out",
        out.toString()));
    assertEquals(2, Main.run("synth", "--out", out.toString()));
  }
}
