package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.ParquetTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring without Spark on the stage fixtures: the analysis' saved standardisation applied to
 * its own cohort gives its values and scores bit for bit, for deltas and pre-treatment values;
 * the parameters survive their tables; scans the training model cannot take are warnings.
 */
class CohortScoringTest {
  static final AnalysisSettings SETTINGS = AnalysisSettings.defaults();
  static CohortData data;
  static AnalysisResult result;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void analyse() {
    data = StageFixtures.cohort();
    result = new CohortAnalysis(SETTINGS, WorkPool.local(), msg -> { }).run(data);
  }

  static SavedSignature saved(Signature.Kind kind, String[] features, double[] b, double cut) {
    return new SavedSignature(kind.label(), kind, features, b, cut, "test");
  }

  /** Expected score: the analysis' values times b, added in feature order. */
  static Map<String, Double> expected(double[][] values, double[] b) {
    PatientMatrix pm = result.matrix();
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < pm.size(); i++) {
      double s = 0;
      for (int j = 0; j < b.length; j++) {
        s += values[i][j] * b[j];
      }
      out.put(pm.patients()[i], s);
    }
    return out;
  }

  static void assertScores(Map<String, Double> expected, CohortScoring.Result r) {
    Map<String, Double> got = new HashMap<>();
    for (int i = 0; i < r.patients().length; i++) {
      got.put(r.patients()[i], r.scores()[i]);
    }
    expected.forEach((p, s) -> assertEquals(Double.doubleToRawLongBits(s),
        Double.doubleToRawLongBits(got.get(p)), p + ": " + s + " vs " + got.get(p)));
  }

  @Test
  void theAnalysisOwnSignaturesScoreTheirCohortBitForBit() {
    Signature delta = result.signatures().stream().filter(s -> s.name().equals(Signature.DELTA))
        .findFirst().orElseThrow();
    assertTrue(!delta.coefficients().isEmpty(), "the fixture's delta signature has features");
    CohortScoring.Result r = new CohortScoring(SETTINGS).run(saved(Signature.Kind.DELTA_RAD,
        delta.features(), delta.model().coefficients(), delta.cutoff()),
        result.harmonized().standardization(), data, data.clinical(), "all");
    PatientMatrix pm = result.matrix();
    Map<String, Double> analysis = new HashMap<>();
    for (int i = 0; i < pm.size(); i++) {
      analysis.put(pm.patients()[i], delta.scores()[i]);
      int at = Arrays.asList(r.patients()).indexOf(pm.patients()[i]);
      assertEquals(delta.group(i), r.groups()[at], pm.patients()[i]);
    }
    assertScores(analysis, r);
    // the patient without a mid-treatment scan is named, not silently dropped
    assertTrue(r.warnings().stream().anyMatch(w -> w.subject().equals(StageFixtures.NO_MID)),
        r.warnings().toString());
    assertTrue(r.auc().results().get("all").get(Signature.DELTA).auc() > 0.5);
  }

  @Test
  void preTreatmentValuesAreScoredWithTheSameArithmetic() {
    PatientMatrix pm = result.matrix();
    double[] b = new double[pm.features().length];
    for (int j = 0; j < b.length; j++) {
      b[j] = j % 2 == 0 ? 0.7 / (j + 1) : -0.3 * (j + 1);
    }
    CohortScoring.Result r = new CohortScoring(SETTINGS).run(saved(Signature.Kind.PRE_RAD,
        pm.features(), b, Double.NaN), result.harmonized().standardization(), data, Map.of(),
        "all");
    assertScores(expected(pm.pre(), b), r);
    // P05 has a pre scan: Pre_rad scores it too
    assertTrue(Arrays.asList(r.patients()).contains(StageFixtures.NO_MID));
    assertNull(r.groups()[0], "no cut-off: no groups");
    assertNull(r.auc(), "no clinical table: no AUC");
  }

  @Test
  void theParametersSurviveTheirTables() throws Exception {
    Configuration conf = new Configuration();
    String dir = tmp.resolve("saved").toString();
    Map<AnalysisTables.Table, List<Row>> rows = StandardizationTables.rows(
        result.harmonized().standardization());
    new ParquetTables(conf, dir).write(rows);
    Standardization back = StandardizationTables.read(conf, dir,
        SETTINGS.harmonization().method());
    Standardization orig = result.harmonized().standardization();
    assertArrayEquals(orig.design().columnNames(), back.design().columnNames());
    assertEquals(orig.coefficients().keySet(), back.coefficients().keySet());
    orig.coefficients().forEach((f, b) -> assertArrayEquals(b, back.coefficients().get(f), f));
    assertEquals(orig.zscores(), back.zscores());
    // intercept, 8 numeric covariates, manufacturer's reference and 2 levels (field strength is
    // numeric)
    assertEquals(1 + 9 + 3, rows.get(AnalysisTables.HARMONIZATION_DESIGN).size());
  }

  /** A coefficient of a term the saved design does not have is a one-line error. */
  @Test
  void aCoefficientOfAnUnknownTermIsAOneLineError() throws Exception {
    Configuration conf = new Configuration();
    String dir = tmp.resolve("bogus").toString();
    Map<AnalysisTables.Table, List<Row>> rows = new LinkedHashMap<>(
        StandardizationTables.rows(result.harmonized().standardization()));
    rows.put(AnalysisTables.HARMONIZATION_COEFFICIENTS, List.of(
        RowFactory.create("original_glcm_Idmn", "bogus", 1.0)));
    new ParquetTables(conf, dir).write(rows);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> StandardizationTables.read(conf, dir, SETTINGS.harmonization().method()));
    assertEquals(dir + "/harmonization_coefficients: term 'bogus' of original_glcm_Idmn is not a"
        + " column of harmonization_design", ex.getMessage());
  }

  @Test
  void aScanTheTrainingModelCannotTakeIsAWarning() {
    List<Scan> scans = new ArrayList<>();
    for (Scan s : data.scans()) {
      if (s.patient().equals("P02") && s.timepoint().equals("pre")) {
        Map<String, Object> c = new HashMap<>(s.columns());
        c.put("manufacturer", "Toshiba");
        s = new Scan(s.patient(), s.timepoint(), s.reader(), c, s.values());
      }
      scans.add(s);
    }
    CohortData other = new CohortData(data.features(), scans, data.clinical());
    PatientMatrix pm = result.matrix();
    double[] b = new double[pm.features().length];
    b[0] = 1;
    CohortScoring.Result r = new CohortScoring(SETTINGS).run(saved(Signature.Kind.DELTA_RAD,
        pm.features(), b, 0), result.harmonized().standardization(), other, Map.of(), "x");
    assertTrue(!Arrays.asList(r.patients()).contains("P02"));
    assertTrue(r.warnings().stream().anyMatch(w -> w.subject().equals("P02")
        && w.message().contains("manufacturer level 'Toshiba'")), r.warnings().toString());
  }

  @Test
  void aSignatureFeatureTheCohortLacksIsAOneLineError() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new CohortScoring(SETTINGS).run(saved(Signature.Kind.DELTA_RAD,
            new String[] {"original_glcm_Other"}, new double[] {1}, 0),
            result.harmonized().standardization(), data, Map.of(), "x"));
    assertEquals("the features table lacks 1 feature(s) of signature Delta_rad:"
        + " original_glcm_Other", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SavedSignature.kind("Post_rad"));
  }

  /** The fixture with the time point as a column of each scan (what ComBat protects). */
  static final CohortData TIMED = withTimepoint(StageFixtures.cohort());

  static CohortData withTimepoint(CohortData d) {
    List<Scan> scans = new ArrayList<>();
    for (Scan s : d.scans()) {
      Map<String, Object> c = new HashMap<>(s.columns());
      c.put("timepoint", s.timepoint());
      scans.add(new Scan(s.patient(), s.timepoint(), s.reader(), c, s.values()));
    }
    return new CohortData(d.features(), scans, d.clinical());
  }

  /** The fixture analysed with ComBat by manufacturer x field strength, time point protected. */
  static AnalysisResult combatResult() {
    AnalysisSettings c = ComBatHarmonizationTest.combat(List.of("timepoint"), true);
    return new CohortAnalysis(c, WorkPool.local(), msg -> { }).run(TIMED);
  }

  /**
   * ComBat's saved adjustment applied to its own cohort gives the analysis' delta values bit
   * for bit, from the result and from its tables read back; the tables hold one row per feature
   * and batch, and the protected time point's coefficient.
   */
  @Test
  void comBatParametersScoreTheirCohortBitForBitFromTheirTables() throws Exception {
    AnalysisResult cr = combatResult();
    AnalysisSettings c = cr.settings();
    Standardization std = cr.harmonized().standardization();
    assertEquals(AnalysisSettings.HarmonizationMethod.COMBAT, std.method());
    PatientMatrix pm = cr.matrix();
    double[] b = new double[pm.features().length];
    for (int j = 0; j < b.length; j++) {
      b[j] = j % 2 == 0 ? 0.5 / (j + 1) : -0.2 * (j + 1);
    }
    Map<String, Double> want = new HashMap<>();
    for (int i = 0; i < pm.size(); i++) {
      double sc = 0;
      for (int j = 0; j < b.length; j++) {
        sc += pm.delta()[i][j] * b[j];
      }
      want.put(pm.patients()[i], sc);
    }
    SavedSignature sig = saved(Signature.Kind.DELTA_RAD, pm.features(), b, Double.NaN);
    assertScores(want, new CohortScoring(c).run(sig, std, TIMED, Map.of(), "all"));
    Configuration conf = new Configuration();
    String dir = tmp.resolve("combat").toString();
    Map<AnalysisTables.Table, List<Row>> rows = StandardizationTables.rows(std);
    new ParquetTables(conf, dir).write(rows);
    Standardization back = StandardizationTables.read(conf, dir, std.method());
    assertEquals(std.combatBatches(), back.combatBatches());
    std.combat().forEach((f, fit) -> assertArrayEquals(fit.covariateColumns(),
        back.combat().get(f).covariateColumns(), f));
    assertScores(want, new CohortScoring(c).run(sig, back, TIMED, Map.of(), "all"));
    int batches = std.combatBatches().size();
    assertTrue(batches >= 2, "fixture batches: " + std.combatBatches());
    assertEquals(std.combat().size() * batches,
        rows.get(AnalysisTables.HARMONIZATION_COMBAT).size());
    assertEquals(std.combat().size(),
        rows.get(AnalysisTables.HARMONIZATION_COEFFICIENTS).size(), "one protected column");
  }

  /** A scan of a batch the adjustment was not fitted on is a warning and left out. */
  @Test
  void aScanOfAnUnfittedBatchIsAWarning() {
    AnalysisResult cr = combatResult();
    List<Scan> scans = new ArrayList<>();
    for (Scan s : TIMED.scans()) {
      if (s.patient().equals("P02") && s.timepoint().equals("mid")) {
        Map<String, Object> c = new HashMap<>(s.columns());
        c.put("manufacturer", "Toshiba");
        s = new Scan(s.patient(), s.timepoint(), s.reader(), c, s.values());
      }
      scans.add(s);
    }
    PatientMatrix pm = cr.matrix();
    double[] b = new double[pm.features().length];
    b[0] = 1;
    CohortScoring.Result r = new CohortScoring(cr.settings()).run(saved(
        Signature.Kind.DELTA_RAD, pm.features(), b, 0), cr.harmonized().standardization(),
        new CohortData(TIMED.features(), scans, TIMED.clinical()), Map.of(), "x");
    assertTrue(!Arrays.asList(r.patients()).contains("P02"));
    assertTrue(r.warnings().stream().anyMatch(w -> w.subject().equals("P02")
        && w.message().startsWith("scan mid: batch 'Toshiba x ")
        && w.message().contains("was not in the cohort the ComBat adjustment was fitted on")),
        r.warnings().toString());
  }
}
