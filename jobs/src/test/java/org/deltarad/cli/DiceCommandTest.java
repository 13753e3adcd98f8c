package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dice --out} is checked before Spark starts or the manifest is read (it does not exist
 * here): a directory of other files or of another kind of output is refused with one line and
 * left as it was.
 */
class DiceCommandTest {
  @TempDir Path dir;

  @Test
  void aForeignDirectoryIsRefusedWithOneLineAndLeftAsItWas() throws Exception {
    Path u = dir.resolve("u");
    Files.createDirectories(u.resolve("dice"));
    Files.writeString(u.resolve("dice/notes.txt"), "precious");
    CliRun r = CliRun.run("dice", "--manifest", dir.resolve("none.csv").toString(), "--out",
        u.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("dice: --out " + u + " is not empty and is not a DeltaRad extraction output (no"
        + " _deltarad.json); DeltaRad writes only into a new or empty directory or its own"
        + " output", r.err().strip());
    assertEquals("precious", Files.readString(u.resolve("dice/notes.txt")));
    try (var entries = Files.list(u)) {
      assertEquals(List.of("dice"), entries.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void anAnalysisOutputIsRefused() throws Exception {
    Path analysis = Files.createDirectories(dir.resolve("analysis"));
    Files.writeString(analysis.resolve("_deltarad.json"),
        "{\"format\": \"deltarad-output\", \"format_version\": 1, \"kind\": \"analysis\"}");
    CliRun r = CliRun.run("dice", "--manifest", dir.resolve("none.csv").toString(), "--out",
        analysis.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("dice: --out " + analysis + " is a DeltaRad analysis output, not an extraction"
        + " output; use another directory", r.err().strip());
    assertFalse(Files.exists(analysis.resolve("dice")));
  }
}
