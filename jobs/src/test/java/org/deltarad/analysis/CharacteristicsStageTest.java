package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private static final double[] DIAMETER = {3.0, 4.5, 2.2, 5.1, 6.0, 3.8, 2.9, 4.4, 5.5, 3.3};
  private static final String[] FIELD = {"1.5", "3.0", "1.5", "1.5", "3.0", "3.0", "1.5", "3.0",
      "3.0", null};

  private static List<CharacteristicsStage.Row> run() {
    int n = AGE.length;
    String[] ids = new String[n];
    boolean[] train = new boolean[n];
    Map<String, Clinical> clinical = new TreeMap<>();
    Map<String, String> fs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ids[i] = StageFixtures.id(i + 1);
      train[i] = i < 6;
      // P03's age is not a number: left out of the age row
      String age = i == 2 ? "n/a" : Double.toString(AGE[i]);
      clinical.put(ids[i], new Clinical(ids[i], TIME[i], EVENT[i], FIGO[i], DIAMETER[i],
          Double.NaN, Map.of("age", age)));
      if (FIELD[i] != null) {
        fs.put(ids[i], FIELD[i]);
      }
    }
    double[][] z = new double[n][0];
    return new CharacteristicsStage().run(new PatientMatrix(ids, new String[0], z, z, z),
        new CohortSplit(train, Map.of(), fs, TIME, EVENT), clinical);
  }

  private static CharacteristicsStage.Row row(String name, String level) {
    return run().stream().filter(r -> r.characteristic().equals(name)
        && java.util.Objects.equals(level, r.level())).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " / " + level));
  }

  private static void assertContinuous(String name, double[] train, double[] valid) {
    CharacteristicsStage.Row r = row(name, null);
    double[] a = train.clone();
    double[] b = valid.clone();
    java.util.Arrays.sort(a);
    java.util.Arrays.sort(b);
    assertEquals(a.length, r.trainingN(), name + ": training n");
    assertEquals(b.length, r.validationN(), name + ": validation n");
    assertEquals(Quantiles.type7(a, 0.5), r.trainingMedian(), 1e-12, name + ": training median");
    assertEquals(Quantiles.type7(a, 0.25), r.trainingQ1(), 1e-12, name + ": training q1");
    assertEquals(Quantiles.type7(a, 0.75), r.trainingQ3(), 1e-12, name + ": training q3");
    assertEquals(Quantiles.type7(b, 0.5), r.validationMedian(), 1e-12, name + ": valid median");
    assertEquals(Quantiles.type7(b, 0.25), r.validationQ1(), 1e-12, name + ": valid q1");
    assertEquals(Quantiles.type7(b, 0.75), r.validationQ3(), 1e-12, name + ": valid q3");
    assertEquals(MannWhitneyTest.test(a, b).pValue(), r.pValue(), 1e-15, name + ": p");
    assertEquals("Mann-Whitney U", r.test(), name + ": test");
  }

  @Test
  void rowOrderAndPatientCounts() {
    List<String> got = run().stream().map(r -> r.characteristic() + "|" + r.level()).toList();
    assertEquals(List.of("Patients|all", "Age, years|null", "FIGO stage|I", "FIGO stage|II",
        "FIGO stage|III", "FIGO stage|IV", "Baseline max tumour diameter, cm|null",
        "Follow-up (PFS time)|null", "Progression|no", "Progression|yes",
        "Field strength, T|1.5", "Field strength, T|3.0"), got, "rows");
    CharacteristicsStage.Row p = row("Patients", "all");
    assertEquals(6, p.trainingN(), "training patients");
    assertEquals(4, p.validationN(), "validation patients");
  }

  @Test
  void continuousRowsHaveType7QuartilesAndMannWhitneyP() {
    // age: P03 ("n/a") left out of training
    assertContinuous("Age, years", new double[] {45, 61, 52, 70, 49},
        new double[] {55, 43, 66, 58});
    assertEquals(52.0, row("Age, years", null).validationQ1(), 1e-12,
        "hand-computed type-7 q1 of 43, 55, 58, 66: 43 + 0.75 * (55 - 43)");
    assertContinuous("Baseline max tumour diameter, cm", new double[] {3.0, 4.5, 2.2, 5.1, 6.0,
        3.8}, new double[] {2.9, 4.4, 5.5, 3.3});
    assertContinuous("Follow-up (PFS time)", new double[] {12, 40, 33, 8, 15, 51},
        new double[] {47, 20, 38, 29});
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
      assertEquals(p, r.pValue(), 1e-15, "FIGO " + levels[l] + " p");
      assertEquals("Fisher's exact", r.test(), "test");
      assertTrue(!r.continuous(), "categorical");
    }
    long[][] prog = {{3, 3}, {3, 1}}; // no, yes
    assertEquals(3, row("Progression", "no").trainingN(), "progression no, training");
    assertEquals(3, row("Progression", "no").validationN(), "progression no, validation");
    assertEquals(3, row("Progression", "yes").trainingN(), "progression yes, training");
    assertEquals(1, row("Progression", "yes").validationN(), "progression yes, validation");
    assertEquals(FisherExactTest.test(prog), row("Progression", "yes").pValue(), 1e-15,
        "progression p");
    // field strength: P10 unknown, not counted
    assertEquals(3, row("Field strength, T", "1.5").trainingN(), "1.5 T training");
    assertEquals(1, row("Field strength, T", "1.5").validationN(), "1.5 T validation");
    assertEquals(3, row("Field strength, T", "3.0").trainingN(), "3.0 T training");
    assertEquals(2, row("Field strength, T", "3.0").validationN(), "3.0 T validation");
    assertEquals(FisherExactTest.test(new long[][] {{3, 1}, {3, 2}}),
        row("Field strength, T", "3.0").pValue(), 1e-15, "field strength p");
  }
}
