package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.ParquetFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dice job writes only where DeltaRad may: a new or empty directory, an extraction output
 * (where its tables are documented to go) or its own earlier output; anything else is refused
 * before any input is read, and left as it was. The manifest: P0004's two time points, outlined
 * by both readers in {@code data-samples/}.
 */
class DiceOutputTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  static final Path PARAMS = Path.of("../conf/paper-t2w.yaml");
  @TempDir static Path dir;
  static Path manifest;
  final List<String> log = new ArrayList<>();

  @BeforeAll
  static void manifest() throws Exception {
    List<String> lines = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      if (!f[0].equals("P0004")) {
        continue;
      }
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      out.add(String.join(",", f));
    }
    assertEquals(5, out.size(), "P0004: two time points, two readers");
    manifest = Files.write(dir.resolve("manifest.csv"), out);
  }

  DiceJob.Summary dice(Path out) throws Exception {
    return new DiceJob(spark, RadiomicsEngine.READER, log::add).run(new DiceJob.Options(
        manifest.toString(), out.toString(), "1", "2", null));
  }

  static Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  static List<String> entries(Path p) throws Exception {
    try (var s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  /** The repro: {@code --out /tmp/u} holding {@code u/dice/notes.txt}. */
  @Test
  void aDirectoryOfOtherFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path u = dir.resolve("u");
    Files.createDirectories(u.resolve("dice"));
    Files.writeString(u.resolve("dice/notes.txt"), "precious");
    OutputMarker.OutputDirectoryException ex = assertThrows(
        OutputMarker.OutputDirectoryException.class, () -> dice(u));
    assertEquals("--out " + u + " is not empty and is not a DeltaRad extraction output (no"
        + " _deltarad.json); DeltaRad writes only into a new or empty directory or its own"
        + " output", ex.getMessage());
    assertEquals("precious", Files.readString(u.resolve("dice/notes.txt")));
    assertEquals(List.of("dice"), entries(u));
    assertEquals(List.of("notes.txt"), entries(u.resolve("dice")));
  }

  @Test
  void analysisAndScoreOutputsAreRefusedUntouched() throws Exception {
    for (OutputMarker.Kind kind : List.of(OutputMarker.Kind.ANALYSIS, OutputMarker.Kind.SCORE)) {
      Path out = dir.resolve(kind.label());
      OutputMarker.claim(conf(), out.toString(), kind, log::add);
      Files.createDirectories(out.resolve("dice"));
      Files.writeString(out.resolve("dice/keep.txt"), "kept");
      List<String> before = entries(out);
      OutputMarker.OutputDirectoryException ex = assertThrows(
          OutputMarker.OutputDirectoryException.class, () -> dice(out));
      assertEquals("--out " + out + " is a DeltaRad " + kind.label() + " output, not an"
          + " extraction output; use another directory", ex.getMessage());
      assertEquals(before, entries(out));
      assertEquals("kept", Files.readString(out.resolve("dice/keep.txt")));
    }
  }

  /**
   * Dice into a new directory, again into it, then the extraction job into the same directory
   * (README's order reversed), then dice once more: every run is accepted, and each leaves the
   * other's tables alone.
   */
  @Test
  void rerunsAndTheExtractionJobShareTheDirectory() throws Exception {
    Path out = dir.resolve("shared");
    assertEquals(2, dice(out).compared());
    assertEquals(OutputMarker.Kind.EXTRACTION, OutputMarker.kindOf(conf(), out.toString()));
    ParquetFiles.Table first = ParquetFiles.read(conf(), out.resolve("dice").toString());
    assertEquals(2, dice(out).compared());
    ExtractionJob extract = new ExtractionJob(spark, RadiomicsEngine.READER,
        RadiomicsEngine.fromFile(PARAMS.toString(), conf()), log::add);
    RunSummary s = extract.run(new ExtractionJob.Options(manifest.toString(), out.toString(),
        null, 1.0, false, 1000, PARAMS.toString()));
    assertEquals(4, s.succeeded(), s.toString());
    assertEquals(4, FeaturesTable.read(spark, out.toString(), null).count());
    ParquetFiles.Table after = ParquetFiles.read(conf(), out.resolve("dice").toString());
    assertEquals(first.rows().size(), after.rows().size());
    for (int i = 0; i < after.rows().size(); i++) {
      assertEquals(List.of(first.rows().get(i)), List.of(after.rows().get(i)));
    }
    assertEquals(2, dice(out).compared());
    assertEquals(4, FeaturesTable.read(spark, out.toString(), null).count());
    List<String> e = entries(out);
    assertTrue(e.containsAll(List.of("dice", "dice_errors", OutputMarker.DICE_RECORD,
        "features", "_run.json", OutputMarker.FILE)), e.toString());
    assertFalse(e.contains(Lease.FILE), e.toString());
  }

  /** README's order on a version before the marker left features and dice tables unmarked. */
  @Test
  void anEarlierVersionsExtractionOutputWithDiceTablesIsAdopted() throws Exception {
    Path old = dir.resolve("old");
    Files.createDirectories(old.resolve("features/settings_hash=h"));
    Files.writeString(old.resolve("features/settings_hash=h/part.txt"), "features");
    Files.createDirectories(old.resolve("dice"));
    Files.createDirectories(old.resolve("dice_errors"));
    Files.writeString(old.resolve("_run.json"), "{\"deltarad_version\": \"0.9\"}");
    Files.writeString(old.resolve(OutputMarker.DICE_RECORD), "{\"deltarad_version\": \"0.9\"}");
    assertEquals(2, dice(old).compared());
    assertEquals(OutputMarker.Kind.EXTRACTION, OutputMarker.kindOf(conf(), old.toString()));
    assertTrue(log.stream().anyMatch(l -> l.contains("earlier version")), log.toString());
    assertEquals("features", Files.readString(old.resolve("features/settings_hash=h/part.txt")));
    assertEquals(2, ParquetFiles.read(conf(), old.resolve("dice").toString()).rows().size());
  }

  /** An earlier version's dice-only output (dice tables and their run record) is adopted too. */
  @Test
  void anEarlierVersionsDiceOnlyOutputIsAdopted() throws Exception {
    Path old = dir.resolve("old-dice");
    Files.createDirectories(old.resolve("dice"));
    Files.createDirectories(old.resolve("dice_errors"));
    Files.writeString(old.resolve(OutputMarker.DICE_RECORD), "{\"deltarad_version\": \"0.9\"}");
    assertEquals(2, dice(old).compared());
    assertEquals(OutputMarker.Kind.EXTRACTION, OutputMarker.kindOf(conf(), old.toString()));
  }
}
