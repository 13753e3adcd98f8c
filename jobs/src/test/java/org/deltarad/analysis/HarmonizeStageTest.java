package org.deltarad.analysis;

import static org.deltarad.analysis.StageFixtures.hasWarning;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.Harmonized.Series;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.OlsHarmonizer;
import org.junit.jupiter.api.Test;

class HarmonizeStageTest {
  private static final String[] NAMES = {"(Intercept)", "tr", "te", "flip_angle",
      "slice_thickness", "nex", "anisotropy", "voxel_volume_mm3", "fov_x_mm", "field_strength",
      "manufacturerPhilips", "manufacturerSiemens"};

  /** The OLS design row of a scan, built by hand: intercept, numeric, manufacturer dummies. */
  private static double[] designRow(Scan s) {
    double[] row = new double[NAMES.length];
    row[0] = 1;
    for (int c = 0; c < StageFixtures.NUMERIC.length; c++) {
      row[1 + c] = (Double) s.columns().get(StageFixtures.NUMERIC[c]);
    }
    row[10] = "Philips".equals(s.columns().get("manufacturer")) ? 1 : 0;
    row[11] = "Siemens".equals(s.columns().get("manufacturer")) ? 1 : 0;
    return row;
  }

  private static double[][] design(CohortData d, List<ScanKey> keys) {
    return keys.stream().map(k -> designRow(StageFixtures.scan(d, k.patient(), k.timepoint(),
        k.reader()))).toArray(double[][]::new);
  }

  private static double[] raw(CohortData d, List<ScanKey> keys, String feature) {
    int f = d.features().indexOf(feature);
    return keys.stream().mapToDouble(k -> StageFixtures.scan(d, k.patient(), k.timepoint(),
        k.reader()).values()[f]).toArray();
  }

  private static Harmonized run(AnalysisSettings s, CohortData d, List<Warning> w) {
    return new HarmonizeStage(s, WorkPool.local()).run(d, w);
  }

  @Test
  void primaryScansAreEveryReader1ScanSortedByPatientThenTimepoint() {
    CohortData d = StageFixtures.cohort();
    Harmonized h = run(AnalysisSettings.defaults(), d, new ArrayList<>());
    List<ScanKey> want = d.scans().stream().filter(s -> s.reader().equals("1"))
        .map(s -> new ScanKey(s.patient(), s.timepoint(), s.reader()))
        .sorted(java.util.Comparator.comparing(ScanKey::patient)
            .thenComparing(ScanKey::timepoint)).toList();
    assertEquals(2 * StageFixtures.N - 1, want.size(), "fixture: 30 patients, one without mid");
    assertEquals(want, h.primary(), "primary scans");
    assertEquals(want.size(), h.designRows(), "design rows");
    assertEquals(20, h.second().size(), "second-reader scans (10 patients x 2)");
  }

  @Test
  void olsResidualsEqualOlsHarmonizerOnTheSameDesign() {
    CohortData d = StageFixtures.cohort();
    Harmonized h = run(AnalysisSettings.defaults(), d, new ArrayList<>());
    OlsHarmonizer.Model model = OlsHarmonizer.fit(design(d, h.primary()), NAMES);
    assertEquals(List.of(), model.aliased(), "fixture design has no aliased column");
    for (String f : List.of(StageFixtures.SIGNAL, StageFixtures.STABLE, StageFixtures.NOISY,
        StageFixtures.SHAPE)) {
      double[] y = raw(d, h.primary(), f);
      Series s = h.features().get(f);
      assertArrayEquals(y, s.raw1(), 0, f + ": raw1 are the scan values");
      assertArrayEquals(model.fit(y).residuals(), s.residual1(), 1e-10, f + ": residuals");
    }
  }

  @Test
  void olsRemovesThePlantedScannerEffect() {
    CohortData d = StageFixtures.cohort();
    Harmonized h = run(AnalysisSettings.defaults(), d, new ArrayList<>());
    double[][] x = design(d, h.primary());
    double[] r = h.features().get(StageFixtures.SHAPE).residual1();
    // residuals are orthogonal to every design column (normal equations)
    for (int c = 0; c < NAMES.length; c++) {
      double dot = 0;
      for (int i = 0; i < r.length; i++) {
        dot += x[i][c] * r[i];
      }
      assertEquals(0, dot, 1e-6 * Math.max(1, Math.abs(x[0][c])) * r.length,
          "residuals orthogonal to " + NAMES[c]);
    }
  }

  @Test
  void secondReaderResidualsUseThePrimaryReadersCoefficients() {
    CohortData d = StageFixtures.cohort();
    Harmonized h = run(AnalysisSettings.defaults(), d, new ArrayList<>());
    OlsHarmonizer.Model model = OlsHarmonizer.fit(design(d, h.primary()), NAMES);
    double[][] design2 = design(d, h.second());
    Map<String, Integer> primaryPos = new HashMap<>();
    for (int i = 0; i < h.primary().size(); i++) {
      primaryPos.put(h.primary().get(i).patient() + h.primary().get(i).timepoint(), i);
    }
    for (String f : List.of(StageFixtures.SIGNAL, StageFixtures.NOISY)) {
      double[] y2 = raw(d, h.second(), f);
      Series s = h.features().get(f);
      OlsHarmonizer.Fit fit = model.fit(raw(d, h.primary(), f));
      assertArrayEquals(fit.residuals(design2, y2), s.residual2(), 1e-10, f + ": residual2");
      assertArrayEquals(y2, s.raw2(), 0, f + ": raw2");
      // same scan, same covariates: the readers' residuals differ by their raw difference
      for (int k = 0; k < h.second().size(); k++) {
        ScanKey key = h.second().get(k);
        int i = primaryPos.get(key.patient() + key.timepoint());
        assertEquals(s.raw2()[k] - s.raw1()[i], s.residual2()[k] - s.residual1()[i], 1e-9,
            f + ": reader difference kept for " + key);
      }
    }
  }

  @Test
  void zScoringGivesMeanZeroSdOneAndScalesReader2WithReader1() {
    Harmonized h = run(AnalysisSettings.defaults(), StageFixtures.cohort(), new ArrayList<>());
    for (Map.Entry<String, Series> e : h.features().entrySet()) {
      Series s = e.getValue();
      assertEquals(0, StageFixtures.mean(s.value1()), 1e-12, e.getKey() + ": mean");
      assertEquals(1, StageFixtures.sd(s.value1()), 1e-12, e.getKey() + ": sd");
      double m = StageFixtures.mean(s.residual1());
      double sd = StageFixtures.sd(s.residual1());
      for (int k = 0; k < s.value2().length; k++) {
        assertEquals((s.residual2()[k] - m) / sd, s.value2()[k], 1e-12,
            e.getKey() + ": reader-2 value " + k + " z-scored with reader 1's mean and sd");
      }
    }
  }

  @Test
  void scanLackingACovariateIsLeftOutWithAWarning() {
    CohortData d = StageFixtures.without(StageFixtures.cohort(), "P07", "mid", "1", "te");
    List<Warning> w = new ArrayList<>();
    Harmonized h = run(AnalysisSettings.defaults(), d, w);
    assertTrue(hasWarning(w, "harmonization", "P07", "covariate te", "left out"),
        "warning naming P07 and te: " + w);
    assertFalse(h.primary().contains(new ScanKey("P07", "mid", "1")), "P07 mid left out");
    assertTrue(h.primary().contains(new ScanKey("P07", "pre", "1")), "P07 pre kept");
    assertEquals(2 * StageFixtures.N - 2, h.designRows(), "design rows");
  }

  /**
   * HarmonizeStage.gap is documented as "the first covariate the method needs that the scan
   * lacks", but it keeps looping and returns the last one.
   */
  @Test
  void scanLackingTwoCovariatesIsReportedWithTheFirstOne() {
    CohortData d = StageFixtures.without(StageFixtures.cohort(), "P07", "mid", "1", "tr",
        "manufacturer");
    List<Warning> w = new ArrayList<>();
    run(AnalysisSettings.defaults(), d, w);
    assertTrue(hasWarning(w, "harmonization", "P07", "has no value for covariate tr;"),
        "warning should name the first missing covariate (tr): " + w);
  }

  @Test
  void constantFeatureIsLeftOutWithZeroVarianceWarning() {
    List<Warning> w = new ArrayList<>();
    Harmonized h = run(AnalysisSettings.defaults(), StageFixtures.cohort(), w);
    assertFalse(h.features().containsKey(StageFixtures.CONSTANT), "constant feature left out");
    assertTrue(hasWarning(w, "harmonization", StageFixtures.CONSTANT, "zero variance"),
        "zero-variance warning: " + w);
    assertEquals(List.of(StageFixtures.NOISY, StageFixtures.SHAPE, StageFixtures.SIGNAL,
        StageFixtures.STABLE), h.featureNames(), "usable features, sorted");
  }

  @Test
  void aliasedCovariateIsReported() {
    CohortData base = StageFixtures.cohort();
    List<Scan> scans = new ArrayList<>();
    for (Scan s : base.scans()) {
      Map<String, Object> cols = new HashMap<>(s.columns());
      cols.put("nex", 2.0);
      scans.add(new Scan(s.patient(), s.timepoint(), s.reader(), cols, s.values()));
    }
    List<Warning> w = new ArrayList<>();
    Harmonized h = run(AnalysisSettings.defaults(), new CohortData(base.features(), scans,
        base.clinical()), w);
    assertEquals(List.of("nex"), h.aliased(), "constant nex aliased with the intercept");
    assertTrue(hasWarning(w, "harmonization", "nex", "aliased"), "aliased warning: " + w);
  }

  @Test
  void methodNoneKeepsRawValues() {
    CohortData d = StageFixtures.cohort();
    AnalysisSettings s = StageFixtures.harmonization(AnalysisSettings.defaults(),
        HarmonizationMethod.NONE, false);
    Harmonized h = run(s, StageFixtures.without(d, "P07", "mid", "1", "te"), new ArrayList<>());
    assertTrue(h.primary().contains(new ScanKey("P07", "mid", "1")),
        "no covariates needed: the scan lacking te stays");
    for (String f : h.featureNames()) {
      Series v = h.features().get(f);
      assertArrayEquals(raw(d, h.primary(), f), v.value1(), 0, f + ": value1 raw");
      assertArrayEquals(v.raw1(), v.residual1(), 0, f + ": residual1 raw");
      assertArrayEquals(raw(d, h.second(), f), v.value2(), 0, f + ": value2 raw");
    }
  }

  @Test
  void tooFewPrimaryScansIsAnError() {
    CohortData d = StageFixtures.cohort();
    CohortData two = new CohortData(d.features(), d.scans().stream()
        .filter(s -> s.patient().equals("P01")).toList(), d.clinical());
    IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> run(AnalysisSettings.defaults(), two,
            new ArrayList<>()));
    assertTrue(ex.getMessage().contains("at least 3 scans"), ex.getMessage());
  }
}
