package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;
import org.junit.jupiter.api.Test;

class CharacteristicsStageTest {
  // 10 patients, P01..P06 training, P07..P10 validation
  private static final double[] AGE = {45, 61, 38, 52, 70, 49, 55, 43, 66, 58};
  private static final double[] FIGO = {1, 2, 2, 3, 4, 2, 1, 3, 3, Double.NaN};
  private static final int[] EVENT = {1, 0, 0, 1, 1, 0, 0, 1, 0, 0};
  private static final double[] TIME = {12, 40, 33, 8, 15, 51, 47, 20, 38, 29};
  private static final double[] DIAMETER = {3.0, 4.5, 2.2, 5.1, 6.0, 3.8, 2.9, 4.4, 5.5, 1.3};
  private static final double[] MID = {2.0, 4.1, 1.2, 3.1, Double.NaN, 2.0, 1.9, 2.4, 4.5, 1.0};
  private static final String[] HISTOLOGY = {"squamous", "adeno", "squamous", "squamous", "NA",
      "adeno", "squamous", "other", "squamous", "squamous"};

  /** Defaults with Table 2 variables age and bmi (absent) continuous, histology categorical. */
  private static AnalysisSettings settings() {
    AnalysisSettings d = AnalysisSettings.defaults();
    AnalysisSettings.Clinical c = d.clinical();
    return new AnalysisSettings(new AnalysisSettings.Clinical(c.id(), c.time(), c.event(),
        c.figo(), c.maxDiameter(), c.midDiameter(), List.of("age", "bmi"), List.of("histology"),
        c.shrinkage()), d.timepoints(), d.features(), d.harmonization(), d.icc(), d.split(),
        d.lasso(), d.roc(), d.survival(), d.execution());
  }

  private static List<CharacteristicsStage.Row> run(List<Warning> warnings) {
    int n = AGE.length;
    String[] ids = new String[n];
    boolean[] train = new boolean[n];
    Map<String, Clinical> clinical = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      ids[i] = StageFixtures.id(i + 1);
      train[i] = i < 6;
      // P03's age is not a number: left out of the age row
      String age = i == 2 ? "n/a" : Double.toString(AGE[i]);
      clinical.put(ids[i], new Clinical(ids[i], TIME[i], EVENT[i], FIGO[i], DIAMETER[i],
          MID[i], Map.of("age", age, "histology", HISTOLOGY[i])));
    }
    double[][] z = new double[n][0];
    return new CharacteristicsStage(settings()).run(new PatientMatrix(ids, new String[0], z, z,
        z), new CohortSplit(train, Map.of(), Map.of(), TIME, EVENT), clinical, warnings);
  }

  private static List<CharacteristicsStage.Row> run() {
    return run(new ArrayList<>());
  }

  private static CharacteristicsStage.Row row(String name, String level) {
    return run().stream().filter(r -> r.characteristic().equals(name)
        && java.util.Objects.equals(level, r.level())).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " / " + level));
  }

  @Test
  void rowOrderPatientCountsAndWarnings() {
    List<Warning> w = new ArrayList<>();
    List<String> got = run(w).stream().map(r -> r.characteristic() + "|" + r.level()).toList();
    assertEquals(List.of("Patients|all", "age|null", "histology|adeno", "histology|other",
        "histology|squamous", "FIGO stage|I", "FIGO stage|II", "FIGO stage|III", "FIGO stage|IV",
        "Max tumour diameter at pre|<= 2 cm", "Max tumour diameter at pre|> 2 and <= 4 cm",
        "Max tumour diameter at pre|> 4 cm", "Max tumour diameter at mid|<= 2 cm",
        "Max tumour diameter at mid|> 2 and <= 4 cm", "Max tumour diameter at mid|> 4 cm",
        "Progression|yes", "Progression|no"), got, "rows");
    CharacteristicsStage.Row p = row("Patients", "all");
    assertEquals(10, p.totalN(), "all patients");
    assertEquals(6, p.trainingN(), "training patients");
    assertEquals(4, p.validationN(), "validation patients");
    assertEquals(List.of("age: 1 value(s) are not numbers; left out of Table 2",
        "bmi: not a column of the clinical table; no Table 2 row (clinical.continuous /"
        + " clinical.categorical)"), w.stream().map(x -> x.subject() + ": " + x.message())
        .toList(), "warnings");
  }

  @Test
  void continuousRowsHaveType7QuartilesOfEachCohortAndTheTotalAndMannWhitneyP() {
    double[] a = {45, 49, 52, 61, 70}; // training without P03 ("n/a")
    double[] b = {43, 55, 58, 66};
    double[] all = {43, 45, 49, 52, 55, 58, 61, 66, 70};
    CharacteristicsStage.Row r = row("age", null);
    assertEquals(5, r.trainingN(), "training n");
    assertEquals(4, r.validationN(), "validation n");
    assertEquals(9, r.totalN(), "total n");
    assertEquals(Quantiles.type7(a, 0.5), r.trainingMedian(), 1e-12, "training median");
    assertEquals(Quantiles.type7(a, 0.25), r.trainingQ1(), 1e-12, "training q1");
    assertEquals(Quantiles.type7(b, 0.75), r.validationQ3(), 1e-12, "valid q3");
    assertEquals(52.0, r.validationQ1(), 1e-12,
        "hand-computed type-7 q1 of 43, 55, 58, 66: 43 + 0.75 * (55 - 43)");
    assertEquals(55.0, r.totalMedian(), 1e-12, "total median");
    assertEquals(49.0, r.totalQ1(), 1e-12, "total q1: 3rd of 9");
    assertEquals(61.0, r.totalQ3(), 1e-12, "total q3: 7th of 9");
    assertEquals(MannWhitneyTest.test(a, b).pValue(), r.pValue(), 1e-15, "p");
    assertEquals("Mann-Whitney U", r.test(), "test");
  }

  @Test
  void categoricalRowsCountLevelsAndShareFishersP() {
    // FIGO: training I, II, II, III, IV, II; validation I, III, III, missing
    long[][] figo = {{1, 1}, {3, 0}, {1, 2}, {1, 0}};
    String[] levels = {"I", "II", "III", "IV"};
    double p = FisherExactTest.test(figo);
    for (int l = 0; l < 4; l++) {
      CharacteristicsStage.Row r = row("FIGO stage", levels[l]);
      assertEquals(figo[l][0], r.trainingN(), "FIGO " + levels[l] + " training");
      assertEquals(figo[l][1], r.validationN(), "FIGO " + levels[l] + " validation");
      assertEquals(figo[l][0] + figo[l][1], r.totalN(), "FIGO " + levels[l] + " total");
      assertEquals(p, r.pValue(), 1e-15, "FIGO " + levels[l] + " p");
      assertEquals("Fisher's exact", r.test(), "test");
      assertTrue(!r.continuous(), "categorical");
    }
    long[][] prog = {{3, 1}, {3, 3}}; // yes, no
    assertEquals(3, row("Progression", "yes").trainingN(), "progression yes, training");
    assertEquals(1, row("Progression", "yes").validationN(), "progression yes, validation");
    assertEquals(FisherExactTest.test(prog), row("Progression", "no").pValue(), 1e-15,
        "progression p");
    // histology: P05 "NA" not counted
    assertEquals(FisherExactTest.test(new long[][] {{2, 0}, {0, 1}, {3, 3}}),
        row("histology", "squamous").pValue(), 1e-15, "histology p");
  }

  @Test
  void diameterClassesAtBothTimePointsAndALevelNobodyHasIsShownButNotTested() {
    // pre: training 3.0, 4.5, 2.2, 5.1, 6.0, 3.8; validation 2.9, 4.4, 5.5, 1.3
    String pre = "Max tumour diameter at pre";
    assertEquals(0, row(pre, "<= 2 cm").trainingN(), "pre <= 2 training");
    assertEquals(1, row(pre, "<= 2 cm").validationN(), "pre <= 2 validation");
    assertEquals(3, row(pre, "> 2 and <= 4 cm").trainingN(), "pre 2-4 training");
    assertEquals(FisherExactTest.test(new long[][] {{0, 1}, {3, 1}, {3, 2}}),
        row(pre, "> 4 cm").pValue(), 1e-15, "pre p");
    // mid: training 2.0, 4.1, 1.2, 3.1, missing, 2.0; validation 1.9, 2.4, 4.5, 1.0
    String mid = "Max tumour diameter at mid";
    assertEquals(3, row(mid, "<= 2 cm").trainingN(), "mid <= 2 training (2.0 is <= 2)");
    assertEquals(2, row(mid, "<= 2 cm").validationN(), "mid <= 2 validation");
    assertEquals(2, row(mid, "> 2 and <= 4 cm").totalN(), "mid 2-4 total");
    assertEquals(FisherExactTest.test(new long[][] {{3, 2}, {1, 1}, {1, 1}}),
        row(mid, "> 4 cm").pValue(), 1e-15, "mid p");
    assertEquals(List.of("<= 2 cm", "> 2 and <= 4 cm", "> 4 cm"),
        CharacteristicsStage.classLabels(List.of(2.0, 4.0)), "labels");
    assertEquals(List.of("<= 2.5 cm", "> 2.5 cm"), CharacteristicsStage.classLabels(
        List.of(2.5)), "one break");
  }
}
