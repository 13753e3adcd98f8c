package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out} is checked before any input is read: the manifests and clinical tables here do
 * not exist, so every refusal below comes before the work, and touches nothing.
 */
class OutputDirectoryCommandTest {
  @TempDir Path dir;

  private static void refused(CliRun r, String command, String line) {
    assertEquals(1, r.code(), r.err());
    assertEquals(command + ": " + line, r.err().strip());
  }

  @Test
  void aForeignDirectoryIsRefusedAndLeftAsItWas() throws Exception {
    Path out = dir.resolve("mine");
    Files.createDirectories(out.resolve("_staging"));
    Files.writeString(out.resolve("_staging/draft.txt"), "draft");
    Files.writeString(out.resolve("_run.json"), "{\"someone\": \"else\"}");
    String line = "--out " + out + " is not empty and is not a DeltaRad %s output (no"
        + " _deltarad.json); DeltaRad writes only into a new or empty directory or its own output";
    refused(CliRun.run("extract-job", "--manifest", dir.resolve("none.csv").toString(),
        "--out", out.toString()), "extract-job", String.format(line, "extraction"));
    refused(CliRun.run("analyze", "--features", dir.resolve("none").toString(), "--clinical",
        dir.resolve("none.csv").toString(), "--out", out.toString()), "analyze",
        String.format(line, "analysis"));
    refused(CliRun.run("score", "--coefficients", dir.resolve("none.csv").toString(), "--name",
        "Delta_rad", "--features", dir.resolve("none").toString(), "--out", out.toString()),
        "score", String.format(line, "score"));
    assertEquals("draft", Files.readString(out.resolve("_staging/draft.txt")));
    assertEquals("{\"someone\": \"else\"}", Files.readString(out.resolve("_run.json")));
    try (var entries = Files.list(out)) {
      assertEquals(List.of("_run.json", "_staging"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aFileAndTheOtherKindOfOutputAreRefusedBeforeTheWork() throws Exception {
    Path file = Files.writeString(dir.resolve("out.txt"), "x");
    refused(CliRun.run("extract-job", "--manifest", dir.resolve("none.csv").toString(),
        "--out", file.toString()), "extract-job", "--out " + file + " is a file, not a directory");
    CliRun demo = CliRun.run("demo", "--out", file.toString(), "--data",
        dir.resolve("no-cohort").toString());
    assertEquals(1, demo.code());
    assertTrue(demo.err().startsWith("demo: --out " + file.resolve("extraction")
        + " cannot be written ("), demo.err());
    assertFalse(Files.exists(dir.resolve("no-cohort")), "no cohort generated");
    Path analysis = dir.resolve("analysis");
    Files.createDirectories(analysis);
    Files.writeString(analysis.resolve("_deltarad.json"),
        "{\"format\": \"deltarad-output\", \"format_version\": 1, \"kind\": \"analysis\"}");
    refused(CliRun.run("extract-job", "--manifest", dir.resolve("none.csv").toString(),
        "--out", analysis.toString()), "extract-job", "--out " + analysis
        + " is a DeltaRad analysis output, not an extraction output; use another directory");
    assertFalse(Files.exists(analysis.resolve("features")));
  }

  @Test
  void aBadLeaseOptionIsABadOption() {
    CliRun r = CliRun.run("extract-job", "--manifest", "m.csv", "--out",
        dir.resolve("o").toString(), "--stale-lease", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--stale-lease must be at least 10 seconds, got 0.0"), r.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  /** Score options that cannot work are exit 2 before Spark starts or --out is created. */
  @Test
  void scoreWithoutASignatureOrWithACutoffForASavedOneIsABadOption() {
    for (List<String> extra : List.of(List.<String>of(),
        List.of("--signature", dir.resolve("a/signatures").toString(), "--cutoff", "0.5"))) {
      List<String> args = new java.util.ArrayList<>(List.of("score", "--name", "Delta_rad",
          "--features", dir.resolve("f").toString(), "--out", dir.resolve("s").toString()));
      args.addAll(extra);
      CliRun r = CliRun.run(args.toArray(new String[0]));
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains(extra.isEmpty() ? "give --signature ANALYSIS/signatures or"
          + " --coefficients FILE.csv" : "--cutoff is for --coefficients"), r.err());
      assertFalse(Files.exists(dir.resolve("s")), "--out not created");
    }
  }
}
