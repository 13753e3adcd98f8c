package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;
import org.junit.jupiter.api.Test;

/** Suppl. Table 2: acquisition parameters per time point, training against validation. */
class AcquisitionStageTest {
  // 8 patients, P01..P05 training, P06..P08 validation
  private static final double[] TR_PRE = {4000, 4200, 3900, 5000, 4100, 4500, 4700, 3800};
  private static final double[] TR_MID = {4010, 4210, 3910, 5010, 4110, 4510, 4710, 3810};
  private static final String[] VENDOR = {"GE", "GE", "Siemens", "GE", "Philips", "Siemens",
      "Siemens", "GE"};
  private static final double[] FIELD = {1.5, 3, 1.5, 1.5, 3, 3, 1.5, 3};

  /** OLS on tr and field_strength (numeric) and manufacturer; ComBat batch field_strength. */
  private static AnalysisSettings settings() {
    AnalysisSettings d = AnalysisSettings.defaults();
    AnalysisSettings.Harmonization h = new AnalysisSettings.Harmonization(
        HarmonizationMethod.OLS, List.of("tr", "field_strength", "te", "slice_thickness", "nex"),
        List.of("manufacturer"),
        List.of("field_strength"), List.of(), true);
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), h, d.icc(),
        d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
  }

  private static List<AcquisitionStage.Row> run(List<Warning> warnings) {
    int n = TR_PRE.length;
    String[] ids = new String[n];
    boolean[] train = new boolean[n];
    List<Scan> scans = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids[i] = StageFixtures.id(i + 1);
      train[i] = i < 5;
      for (String tp : List.of("pre", "mid")) {
        if (i == 7 && tp.equals("mid")) {
          continue; // P08 has no mid scan of reader 1: left out of the mid rows
        }
        Map<String, Object> cols = new HashMap<>();
        cols.put("tr", tp.equals("pre") ? TR_PRE[i] : TR_MID[i]);
        cols.put("manufacturer", VENDOR[i]);
        cols.put("field_strength", FIELD[i]);
        cols.put("slice_thickness", 4.0); // the same everywhere: no test possible
        cols.put("nex", i < 5 ? 1.0 : 2.0); // constant within each cohort
        scans.add(new Scan(ids[i], tp, "1", cols, new double[0]));
        // a second reader's scan with another TR must not count
        Map<String, Object> other = new HashMap<>(cols);
        other.put("tr", 1.0);
        scans.add(new Scan(ids[i], tp, "2", other, new double[0]));
      }
    }
    scans.add(new Scan("P99", "pre", "1", Map.of("tr", 1.0), new double[0])); // not analysed
    double[][] z = new double[n][0];
    double[] time = new double[n];
    int[] event = new int[n];
    return new AcquisitionStage(settings()).run(new PatientMatrix(ids, new String[0], z, z, z),
        new CohortSplit(train, Map.of(), Map.of(), time, event), scans, warnings);
  }

  @Test
  void rowsPerTimePointContinuousThenCategorical() {
    List<Warning> w = new ArrayList<>();
    List<String> got = run(w).stream().map(r -> r.timepoint() + "|"
        + r.stats().characteristic() + "|" + r.stats().level()).toList();
    List<String> want = new ArrayList<>();
    for (String tp : List.of("pre", "mid")) {
      want.addAll(List.of(tp + "|tr|null", tp + "|slice_thickness|null", tp + "|nex|null",
          tp + "|manufacturer|GE",
          tp + "|manufacturer|Philips", tp + "|manufacturer|Siemens",
          tp + "|field_strength|1.5", tp + "|field_strength|3.0"));
    }
    assertEquals(want, got, "field_strength is a batch column: by level, not a median");
    assertEquals(4, w.size(), w.toString());
    for (String tp : List.of("pre", "mid")) {
      assertTrue(StageFixtures.hasWarning(w, "acquisition", "slice_thickness", tp + " scans:"
          + " Mann-Whitney: all observations are tied; p left empty"), w.toString());
    }
    assertTrue(StageFixtures.hasWarning(w, "acquisition", "te", "no pre scan has a value"));
    assertTrue(StageFixtures.hasWarning(w, "acquisition", "te", "no mid scan has a value"));
  }

  @Test
  void statisticsAreThoseOfTheCohortsScans() {
    List<AcquisitionStage.Row> rows = run(new ArrayList<>());
    CharacteristicsStage.Row pre = find(rows, "pre", "tr", null);
    double[] trainPre = {3900, 4000, 4100, 4200, 5000};
    double[] validPre = {3800, 4500, 4700};
    assertEquals(8, pre.totalN());
    assertEquals(5, pre.trainingN());
    assertEquals(3, pre.validationN());
    assertEquals(Quantiles.type7(trainPre, 0.5), pre.trainingMedian(), 0.0);
    assertEquals(Quantiles.type7(validPre, 0.25), pre.validationQ1(), 0.0);
    assertEquals(MannWhitneyTest.test(trainPre, validPre).pValue(), pre.pValue(), 0.0);
    CharacteristicsStage.Row mid = find(rows, "mid", "tr", null);
    assertEquals(7, mid.totalN(), "P08 has no mid scan");
    assertEquals(Quantiles.type7(new double[] {4510, 4710}, 0.5), mid.validationMedian(), 0.0);
    CharacteristicsStage.Row ge = find(rows, "mid", "manufacturer", "GE");
    assertEquals(3, ge.trainingN());
    assertEquals(0, ge.validationN());
    // GE / Philips / Siemens by training / validation at mid (P08 left out)
    double p = FisherExactTest.test(new long[][] {{3, 0}, {1, 0}, {1, 2}});
    assertEquals(p, ge.pValue(), 0.0);
    assertEquals(CharacteristicsStage.FISHER, ge.test());
  }

  /** A parameter whose test cannot be computed keeps its row, with p NaN. */
  @Test
  void aConstantParameterHasItsRowWithoutAP() {
    CharacteristicsStage.Row slice = find(run(new ArrayList<>()), "pre", "slice_thickness",
        null);
    assertEquals(8, slice.totalN());
    assertEquals(4.0, slice.totalMedian(), 0.0);
    assertTrue(Double.isNaN(slice.pValue()));
    // constant within each cohort: no shift interval, but a p-value, as R's wilcox.test
    CharacteristicsStage.Row nex = find(run(new ArrayList<>()), "mid", "nex", null);
    assertEquals(1.0, nex.trainingMedian(), 0.0);
    assertEquals(2.0, nex.validationMedian(), 0.0);
    assertEquals(MannWhitneyTest.pValue(new double[] {1, 1, 1, 1, 1}, new double[] {2, 2}),
        nex.pValue(), 0.0);
    assertTrue(nex.pValue() < 0.05, "P06, P07 against five training scans: " + nex.pValue());
  }

  private static CharacteristicsStage.Row find(List<AcquisitionStage.Row> rows, String tp,
      String name, String level) {
    return rows.stream().filter(r -> r.timepoint().equals(tp)
        && r.stats().characteristic().equals(name)
        && java.util.Objects.equals(level, r.stats().level())).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + tp + " " + name + " " + level))
        .stats();
  }
}
