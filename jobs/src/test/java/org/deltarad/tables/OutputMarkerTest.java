package org.deltarad.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputMarkerTest {
  @TempDir Path dir;
  final Configuration conf = new Configuration();
  final List<String> log = new ArrayList<>();

  private void claim(Path p, OutputMarker.Kind kind) throws Exception {
    OutputMarker.claim(conf, p.toString(), kind, log::add);
  }

  private String refusal(Path p, OutputMarker.Kind kind) {
    return assertThrows(OutputMarker.OutputDirectoryException.class, () -> claim(p, kind))
        .getMessage();
  }

  @Test
  void aNewOrEmptyDirectoryIsMarkedOnceAndStaysAcceptable() throws Exception {
    Path out = dir.resolve("new/out");
    claim(out, OutputMarker.Kind.EXTRACTION);
    String marker = Files.readString(out.resolve(OutputMarker.FILE));
    assertTrue(marker.contains("\"format_version\" : 1"), marker);
    assertTrue(marker.contains("\"kind\" : \"extraction\""), marker);
    claim(out, OutputMarker.Kind.EXTRACTION);
    assertEquals(marker, Files.readString(out.resolve(OutputMarker.FILE)));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    claim(empty, OutputMarker.Kind.ANALYSIS);
    assertEquals(OutputMarker.Kind.ANALYSIS, OutputMarker.kindOf(conf, empty.toString()));
    assertEquals(List.of(), log);
  }

  @Test
  void aForeignDirectoryIsRefusedAndUntouched() throws Exception {
    Path out = Files.createDirectories(dir.resolve("mine/_staging"));
    Files.writeString(out.resolve("draft.txt"), "my draft");
    Path mine = dir.resolve("mine");
    Files.writeString(mine.resolve("_run.json"), "{\"not\": \"deltarad\"}");
    String m = refusal(mine, OutputMarker.Kind.EXTRACTION);
    assertTrue(m.startsWith("--out " + mine + " is not empty and is not a DeltaRad extraction"),
        m);
    assertEquals("my draft", Files.readString(out.resolve("draft.txt")));
    assertEquals("{\"not\": \"deltarad\"}", Files.readString(mine.resolve("_run.json")));
    try (var files = Files.list(mine)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void aFileTheOtherKindAndANewerFormatAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertTrue(refusal(file, OutputMarker.Kind.EXTRACTION).endsWith("is a file, not a directory"));
    Path ex = dir.resolve("ex");
    claim(ex, OutputMarker.Kind.EXTRACTION);
    assertTrue(refusal(ex, OutputMarker.Kind.ANALYSIS)
        .endsWith("is a DeltaRad extraction output, not an analysis output; use another"
            + " directory"));
    Path future = Files.createDirectories(dir.resolve("future"));
    Files.writeString(future.resolve(OutputMarker.FILE),
        "{\"format\": \"deltarad-output\", \"format_version\": 9, \"kind\": \"extraction\"}");
    assertTrue(refusal(future, OutputMarker.Kind.EXTRACTION).contains("output format 9"));
    Path notOurs = Files.createDirectories(dir.resolve("not-ours"));
    Files.writeString(notOurs.resolve(OutputMarker.FILE), "{\"format\": \"other\"}");
    assertTrue(refusal(notOurs, OutputMarker.Kind.EXTRACTION).contains("not a DeltaRad marker"));
  }

  @Test
  void anUnwritableDirectoryIsRefused() throws Exception {
    Path ro = Files.createDirectories(dir.resolve("ro"));
    assertTrue(ro.toFile().setWritable(false, false));
    try {
      if (Files.isWritable(ro)) {
        return; // running as root: permissions do not bind, nothing to test
      }
      assertTrue(refusal(ro, OutputMarker.Kind.EXTRACTION).endsWith("is not writable"));
    } finally {
      ro.toFile().setWritable(true, false);
    }
  }

  @Test
  void anOutputOfAnEarlierVersionIsAdoptedAndSaidSo() throws Exception {
    Path old = Files.createDirectories(dir.resolve("old/features/settings_hash=h"));
    Files.writeString(dir.resolve("old/_run.json"), "{\"deltarad_version\": \"0.9\"}");
    claim(dir.resolve("old"), OutputMarker.Kind.EXTRACTION);
    assertTrue(Files.exists(dir.resolve("old").resolve(OutputMarker.FILE)));
    assertEquals(1, log.size());
    assertTrue(log.get(0).contains("earlier version"), log.get(0));
    assertTrue(Files.isDirectory(old));
  }

  /**
   * A score output of an earlier version (its tables and {@code _score_run.json}) is adopted
   * as a score output; an analysis output of an earlier version, whose scores, auc, km and
   * warnings tables have the score tables' names, is not, nor is a marked extraction output.
   */
  @Test
  void scoreOutputsAreAdoptedAndOtherKindsRefused() throws Exception {
    Path old = dir.resolve("old-score");
    for (String t : List.of("scores", "auc", "km", "warnings", "report")) {
      Files.createDirectories(old.resolve(t));
    }
    Files.writeString(old.resolve("_score_run.json"), "{\"deltarad_version\": \"0.9\"}");
    claim(old, OutputMarker.Kind.SCORE);
    assertEquals(OutputMarker.Kind.SCORE, OutputMarker.kindOf(conf, old.toString()));
    Path analysis = dir.resolve("old-analysis");
    for (String t : List.of("scores", "auc", "km", "warnings", "report", "harmonized")) {
      Files.createDirectories(analysis.resolve(t));
    }
    Files.writeString(analysis.resolve("_run.json"), "{\"deltarad_version\": \"0.9\"}");
    assertTrue(refusal(analysis, OutputMarker.Kind.SCORE).contains("is not a DeltaRad score"
        + " output"));
    assertTrue(Files.notExists(analysis.resolve(OutputMarker.FILE)));
    Path ex = dir.resolve("ex");
    claim(ex, OutputMarker.Kind.EXTRACTION);
    assertTrue(refusal(ex, OutputMarker.Kind.SCORE).endsWith("is a DeltaRad extraction output,"
        + " not a score output; use another directory"));
  }
}
