package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deltarad.extract.ExtractionJob;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.ParquetFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code extract-job}, {@code dice}, {@code analyze} and {@code score} on {@code data-samples/}
 * through the command line: the report's Dice comes from the dice table found beside the
 * features, and scoring the analysis' own features with its saved signature, standardisation
 * and cut-off gives its {@code scores} table bit for bit (and so do its coefficients given as a
 * published CSV).
 */
class ScoreEndToEndTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  static final String PARAMS = Path.of("../conf/paper-t2w.yaml").toAbsolutePath().toString();
  static final String CLINICAL = SAMPLES.resolve("clinical.csv").toString();
  @TempDir
  static Path dir;
  static String extracted;
  static String analysis;

  @BeforeAll
  static void study() throws Exception {
    extracted = dir.resolve("extract").toString();
    analysis = dir.resolve("analysis").toString();
    RadiomicsEngine engine = RadiomicsEngine.fromFile(PARAMS,
        spark.sparkContext().hadoopConfiguration());
    new ExtractionJob(spark, RadiomicsEngine.READER, engine).run(new ExtractionJob.Options(
        SAMPLES.resolve("manifest.csv").toString(), extracted, null, 0.0, false, 600_000,
        PARAMS));
    assertEquals(0, CliRun.run("dice", "--manifest", SAMPLES.resolve("manifest.csv").toString(),
        "--out", extracted).code());
    CliRun a = CliRun.run("analyze", "--features", extracted, "--clinical", CLINICAL, "--out",
        analysis);
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("reader Dice, median (IQR): pre 0.8"), a.out());
  }

  /** patient -> {score, group} of one signature in a scores table. */
  static Map<String, Object[]> scores(String table, String signature) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetFiles.Table t = ParquetFiles.read(conf, table);
    Map<String, Object[]> out = new LinkedHashMap<>();
    for (Object[] r : t.rows()) {
      if (signature.equals(r[t.column("signature")])) {
        out.put((String) r[t.column("patient_id")], new Object[] {r[t.column("score")],
            r[t.column("group")]});
      }
    }
    return out;
  }

  static void assertSameScores(Map<String, Object[]> expected, Map<String, Object[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((p, v) -> {
      assertEquals(Double.doubleToRawLongBits((Double) v[0]),
          Double.doubleToRawLongBits((Double) actual.get(p)[0]), p + ": " + v[0] + " vs "
              + actual.get(p)[0]);
      assertEquals(v[1], actual.get(p)[1], p);
    });
  }

  @Test
  void theReportAndRunRecordCarryTheReadersDice() throws Exception {
    JsonNode rec = new ObjectMapper().readTree(Path.of(analysis, "_run.json").toFile());
    JsonNode pre = rec.path("dice").path("pre");
    JsonNode mid = rec.path("dice").path("mid");
    assertEquals(20, pre.path("n").asInt());
    assertTrue(pre.path("median").asDouble() > 0.82 && pre.path("median").asDouble() < 0.88,
        pre.toString());
    assertTrue(mid.path("median").asDouble() > 0.52 && mid.path("median").asDouble() < 0.68,
        mid.toString());
    String html = Files.readString(Path.of(analysis, "report/index.html"));
    assertTrue(html.contains("Reader agreement (Dice)"), "report has the Dice section");
  }

  @Test
  void scoringTheTrainingFeaturesReproducesTheAnalysisScoresBitForBit() throws Exception {
    for (String name : List.of("Delta_rad", "Pre_rad")) {
      Map<String, Object[]> expected = scores(analysis + "/scores", name);
      boolean empty = expected.values().stream().allMatch(v -> (Double) v[0] == 0.0);
      String out = dir.resolve("score-" + name).toString();
      CliRun r = CliRun.run("score", "--signature", analysis + "/signatures", "--name", name,
          "--features", extracted, "--clinical", CLINICAL, "--out", out, "--cohort",
          "training+validation");
      if (empty) {
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("nothing to score"), r.err());
        continue;
      }
      assertEquals(0, r.code(), r.err());
      assertSameScores(expected, scores(out + "/scores", name));
      JsonNode rec = new ObjectMapper().readTree(Path.of(out, "_score_run.json").toFile());
      assertEquals(80, rec.path("patients_scored").asInt());
      assertTrue(rec.path("auc").path("auc").asDouble() > 0.5, rec.toString());
      assertTrue(rec.path("report").asText().endsWith("/report/index.html"), rec.toString());
      String html = Files.readString(Path.of(out, "report", "index.html"));
      for (String part : List.of("Settings and provenance", "Signature", "Risk groups",
          "Time-dependent ROC at 60", "Kaplan-Meier curves by risk group", "<svg")) {
        assertTrue(html.contains(part), name + " report lacks " + part);
      }
    }
  }

  @Test
  void publishedCoefficientsWithTheTrainingParametersGiveTheSameScores() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetFiles.Table sig = ParquetFiles.read(conf, analysis + "/signatures");
    StringBuilder csv = new StringBuilder("feature,coefficient\n");
    for (Object[] r : sig.rows()) {
      double b = (Double) r[sig.column("coefficient")];
      if ("Delta_rad".equals(r[sig.column("signature")]) && b != 0) {
        csv.append(r[sig.column("feature")]).append(',').append(Double.toString(b)).append('\n');
      }
    }
    ParquetFiles.Table cut = ParquetFiles.read(conf, analysis + "/cutoffs");
    double cutoff = Double.NaN;
    for (Object[] r : cut.rows()) {
      if ("Delta_rad".equals(r[cut.column("signature")])) {
        cutoff = (Double) r[cut.column("cutoff")];
      }
    }
    Path file = dir.resolve("published.csv");
    Files.writeString(file, csv.toString());
    String out = dir.resolve("published").toString();
    CliRun r = CliRun.run("score", "--coefficients", file.toString(), "--signature",
        analysis + "/signatures", "--name", "Delta_rad", "--cutoff", Double.toString(cutoff),
        "--features", extracted, "--out", out);
    assertEquals(0, r.code(), r.err());
    assertSameScores(scores(analysis + "/scores", "Delta_rad"), scores(out + "/scores",
        "Delta_rad"));

    // the same coefficients standardised within the scored cohort: it is the same cohort, and
    // the analysis fitted its parameters on it, so the scores agree to rounding
    CliRun own = CliRun.run("score", "--coefficients", file.toString(), "--name", "Delta_rad",
        "--features", extracted, "--out", dir.resolve("published-cohort").toString());
    assertEquals(0, own.code(), own.err());
    Map<String, Object[]> a = scores(analysis + "/scores", "Delta_rad");
    scores(dir.resolve("published-cohort") + "/scores", "Delta_rad").forEach((p, v) ->
        assertEquals((Double) a.get(p)[0], (Double) v[0], 1e-12, p));
  }

  /**
   * {@code score --out} an analysis' output is refused before anything is read (its
   * {@code scores}, {@code auc}, {@code km} and {@code warnings} tables share the score tables'
   * names), and that output is left as it was.
   */
  @Test
  void scoringIntoTheAnalysisOutputIsRefused() throws Exception {
    Map<String, String> before = files(Path.of(analysis));
    CliRun r = CliRun.run("score", "--signature", analysis + "/signatures", "--name",
        "Delta_rad", "--features", extracted, "--out", analysis);
    assertEquals(1, r.code(), r.err());
    assertEquals("score: --out " + analysis + " is a DeltaRad analysis output, not a score"
        + " output; use another directory", r.err().strip());
    assertEquals(before, files(Path.of(analysis)), "every file of the analysis as it was");
  }

  /** Every file under dir: its size and modification time. */
  static Map<String, String> files(Path dir) throws Exception {
    Map<String, String> out = new java.util.TreeMap<>();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.size(p) + "@"
            + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  @Test
  void mistakesAreOneLineErrors() throws Exception {
    CliRun unknown = CliRun.run("score", "--signature", analysis + "/signatures", "--name",
        "Post_rad", "--features", extracted, "--out", dir.resolve("x").toString());
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("unknown signature 'Post_rad'"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());

    Path file = dir.resolve("missing.csv");
    Files.writeString(file, "feature,coefficient\noriginal_glcm_NoSuchThing,0.5\n");
    CliRun missing = CliRun.run("score", "--coefficients", file.toString(), "--name",
        "Delta_rad", "--features", extracted, "--out", dir.resolve("y").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("the features table lacks 1 feature(s) of signature"
        + " Delta_rad: original_glcm_NoSuchThing"), missing.err());

    Path conf = dir.resolve("other.yaml");
    Files.writeString(conf, "roc:\n  horizon: 36\n");
    CliRun other = CliRun.run("score", "--signature", analysis, "--name", "Delta_rad",
        "--features", extracted, "--out", dir.resolve("z").toString(), "--conf",
        conf.toString());
    assertEquals(1, other.code());
    assertTrue(other.err().contains("the analysis ran with roc"), other.err());
  }

  /**
   * {@code --standardize}: training (the default with --signature) gives the analysis' scores;
   * cohort refits the standardisation on the scored patients, here the very patients the
   * analysis fitted it on, so it gives them again bit for bit; none scores raw values, so
   * other scores; the run record names the mode; an unknown mode is a bad option.
   */
  @Test
  void eachStandardizeModeDoesWhatItSays() throws Exception {
    String name = "Delta_rad";
    Map<String, Object[]> training = scores(analysis + "/scores", name);
    org.junit.jupiter.api.Assumptions.assumeFalse(
        training.values().stream().allMatch(v -> (Double) v[0] == 0.0),
        "an empty signature scores 0 whatever the standardisation");
    Map<String, Map<String, Object[]>> byMode = new LinkedHashMap<>();
    for (String mode : List.of("training", "COHORT", "none")) {
      String out = dir.resolve("standardize-" + mode).toString();
      CliRun r = CliRun.run("score", "--signature", analysis + "/signatures", "--name", name,
          "--features", extracted, "--clinical", CLINICAL, "--out", out, "--cohort",
          "training+validation", "--standardize", mode);
      assertEquals(0, r.code(), mode + ": " + r.err());
      JsonNode rec = new ObjectMapper().readTree(Path.of(out, "_score_run.json").toFile());
      assertEquals(mode.toLowerCase(java.util.Locale.ROOT), rec.path("standardize").asText());
      byMode.put(mode, scores(out + "/scores", name));
    }
    assertSameScores(training, byMode.get("training"));
    assertSameScores(training, byMode.get("COHORT"));
    Map<String, Object[]> raw = byMode.get("none");
    assertEquals(training.keySet(), raw.keySet());
    assertTrue(training.keySet().stream().anyMatch(p -> !training.get(p)[0].equals(
        raw.get(p)[0])), "raw values give other scores");
    CliRun bad = CliRun.run("score", "--signature", analysis + "/signatures", "--name", name,
        "--features", extracted, "--out", dir.resolve("standardize-bad").toString(),
        "--standardize", "sometimes");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--standardize"), bad.err());
  }

  /**
   * An analysis harmonised with ComBat saves its fitted adjustment: {@code score} with the
   * training parameters (read back from its tables) and with the cohort's own (ComBat refitted
   * on the very same scans) both give the analysis' scores bit for bit.
   */
  @Test
  void comBatAnalysesScoreWithTrainingAndCohortParameters() throws Exception {
    Path conf = dir.resolve("combat.yaml");
    Files.writeString(conf, "harmonization:\n  method: combat\n");
    String out = dir.resolve("analysis-combat").toString();
    CliRun a = CliRun.run("analyze", "--features", extracted, "--clinical", CLINICAL, "--out",
        out, "--conf", conf.toString());
    assertEquals(0, a.code(), a.err());
    assertTrue(ParquetFiles.read(spark.sparkContext().hadoopConfiguration(),
        out + "/harmonization_combat").rows().size() > 0, "the ComBat fit is saved");
    String name = "Delta_rad";
    Map<String, Object[]> training = scores(out + "/scores", name);
    assertTrue(training.values().stream().anyMatch(v -> (Double) v[0] != 0.0),
        "the ComBat analysis' delta signature has features on data-samples/");
    for (String mode : List.of("training", "cohort")) {
      String scored = dir.resolve("combat-" + mode).toString();
      CliRun r = CliRun.run("score", "--signature", out + "/signatures", "--name", name,
          "--features", extracted, "--clinical", CLINICAL, "--out", scored, "--cohort",
          "training+validation", "--standardize", mode, "--conf", conf.toString());
      assertEquals(0, r.code(), mode + ": " + r.err());
      assertSameScores(training, scores(scored + "/scores", name));
    }
    // a re-run into a score output replaces its tables, record and report
    String again = dir.resolve("combat-training").toString();
    CliRun r = CliRun.run("score", "--signature", out + "/signatures", "--name", name,
        "--features", extracted, "--out", again, "--cohort", "training+validation",
        "--standardize", "none", "--conf", conf.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode rec = new ObjectMapper().readTree(Path.of(again, "_score_run.json").toFile());
    assertEquals("none", rec.path("standardize").asText());
    Map<String, Object[]> raw = scores(again + "/scores", name);
    assertTrue(raw.keySet().stream().anyMatch(p -> !raw.get(p)[0].equals(training.get(p)[0])),
        "the re-run's scores replaced the first run's");
    assertTrue(Files.readString(Path.of(again, "report", "index.html")).contains(">none<"),
        "the report is the re-run's");
  }

  /**
   * {@code dice --readers 2,1} compares the same masks the other way round (same Dice, counts
   * swapped), a reader no row has leaves nothing to compare, and {@code analyze --dice DIR}
   * reports the Dice of that directory, not the features directory's table: here one made from
   * five patients only.
   */
  @Test
  void diceReadersAndAnalyzeDiceDirDoWhatTheySay() throws Exception {
    String manifest = SAMPLES.resolve("manifest.csv").toString();
    String swapped = dir.resolve("dice-swapped").toString();
    CliRun d = CliRun.run("dice", "--manifest", manifest, "--out", swapped, "--readers", "2,1");
    assertEquals(0, d.code(), d.err());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetFiles.Table base = ParquetFiles.read(conf, extracted + "/dice");
    ParquetFiles.Table other = ParquetFiles.read(conf, swapped + "/dice");
    assertEquals(base.rows().size(), other.rows().size());
    Map<String, Object[]> byCase = new LinkedHashMap<>();
    for (Object[] r : other.rows()) {
      byCase.put(r[other.column("patient_id")] + "/" + r[other.column("timepoint")], r);
    }
    for (Object[] r : base.rows()) {
      String key = r[base.column("patient_id")] + "/" + r[base.column("timepoint")];
      Object[] o = byCase.get(key);
      org.junit.jupiter.api.Assertions.assertNotNull(o, key);
      assertEquals(r[base.column("dice")], o[other.column("dice")], key);
      assertEquals("2", o[other.column("reader_a")], key);
      assertEquals(r[base.column("voxels_a")], o[other.column("voxels_b")], key);
      assertEquals(r[base.column("voxels_b")], o[other.column("voxels_a")], key);
    }
    CliRun none = CliRun.run("dice", "--manifest", manifest, "--out",
        dir.resolve("dice-none").toString(), "--readers", "1,3");
    assertEquals(1, none.code(), none.err());
    assertEquals("dice: manifest " + manifest + " has no patient and time point with masks of"
        + " both readers 1 and 3", none.err().strip());

    List<String> rows = Files.readAllLines(Path.of(manifest));
    java.util.Set<String> five = new java.util.TreeSet<>();
    rows.stream().skip(1).map(l -> l.split(",")).filter(f -> f[2].equals("2"))
        .map(f -> f[0]).sorted().distinct().limit(5).forEach(five::add);
    List<String> subset = new ArrayList<>(List.of(rows.get(0)));
    for (String l : rows.subList(1, rows.size())) {
      String[] f = l.split(",");
      if (five.contains(f[0])) {
        for (int i = 3; i < 6; i++) {
          f[i] = SAMPLES.resolve(f[i]).toString();
        }
        subset.add(String.join(",", f));
      }
    }
    Path subsetManifest = Files.write(dir.resolve("five.csv"), subset);
    String fiveDice = dir.resolve("dice-five").toString();
    assertEquals(0, CliRun.run("dice", "--manifest", subsetManifest.toString(), "--out",
        fiveDice).code());
    String again = dir.resolve("analysis-dice-dir").toString();
    CliRun a = CliRun.run("analyze", "--features", extracted, "--clinical", CLINICAL, "--out",
        again, "--dice", fiveDice);
    assertEquals(0, a.code(), a.err());
    JsonNode dice = new ObjectMapper().readTree(Path.of(again, "_run.json").toFile()).path("dice");
    assertEquals(5, dice.path("pre").path("n").asInt(), dice.toString());
    assertEquals(5, dice.path("mid").path("n").asInt(), dice.toString());
  }
}
