package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.IccFilter;
import org.deltarad.analysis.settings.AnalysisSettings.IccForm;
import org.deltarad.stats.Icc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IccStageTest {
  private static Harmonized h;

  @BeforeAll
  static void harmonize() {
    h = new HarmonizeStage(AnalysisSettings.defaults(), WorkPool.local())
        .run(StageFixtures.cohort(), new ArrayList<>());
  }

  private static IccStage.Result run(IccFilter filter, List<Warning> w) {
    return new IccStage(StageFixtures.icc(AnalysisSettings.defaults(), filter), WorkPool.local())
        .run(h, w);
  }

  /** Icc.fromLong on the paired scans of a feature at a time point, built from the series. */
  private static Icc.Result direct(String feature, String timepoint) {
    return direct(feature, timepoint, false);
  }

  private static Icc.Result direct(String feature, String timepoint, boolean raw) {
    TreeMap<String, double[]> pairs = new TreeMap<>();
    for (int i = 0; i < h.primary().size(); i++) {
      ScanKey k = h.primary().get(i);
      if (k.timepoint().equals(timepoint)) {
        pairs.computeIfAbsent(k.patient(), x -> new double[] {Double.NaN, Double.NaN})[0] =
            raw ? h.features().get(feature).raw1()[i] : h.features().get(feature).value1()[i];
      }
    }
    for (int i = 0; i < h.second().size(); i++) {
      ScanKey k = h.second().get(i);
      if (k.timepoint().equals(timepoint)) {
        pairs.get(k.patient())[1] = raw ? h.features().get(feature).raw2()[i]
            : h.features().get(feature).value2()[i];
      }
    }
    List<String> subj = new ArrayList<>();
    List<String> rater = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    pairs.forEach((p, v) -> {
      if (!Double.isNaN(v[1])) {
        subj.add(p);
        rater.add("1");
        val.add(v[0]);
        subj.add(p);
        rater.add("2");
        val.add(v[1]);
      }
    });
    return Icc.fromLong(subj.toArray(new String[0]), rater.toArray(new String[0]),
        val.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static IccFilter filter(boolean enabled, IccForm form, double min, double lower) {
    return new IccFilter(enabled, form, min, lower, AnalysisSettings.IccInput.HARMONIZED);
  }

  @Test
  void rowsEqualIccFromLongOnTheSameValues() {
    IccStage.Result r = run(AnalysisSettings.defaults().icc(), new ArrayList<>());
    assertEquals(h.featureNames().size() * 2, r.rows().size(), "one row per feature and time");
    assertEquals(10, r.pairedPatients(), "every third of 30 patients has two readers");
    String last = "";
    for (IccStage.Row row : r.rows()) {
      String key = row.feature() + "/" + row.timepoint();
      assertTrue(key.compareTo(last) > 0, "rows sorted by feature, time point: " + key);
      last = key;
      assertNull(row.problem(), key + ": no problem");
      assertEquals(10, row.subjects(), key + ": subjects");
      Icc.Result want = direct(row.feature(), row.timepoint());
      assertEquals(want.icc1().value(), row.result().icc1().value(), 1e-12, key + " icc1");
      assertEquals(want.icc1().lower(), row.result().icc1().lower(), 1e-12, key + " icc1 lo");
      assertEquals(want.icc2_1().value(), row.result().icc2_1().value(), 1e-12, key + " icc2");
      assertEquals(want.icc3_1().upper(), row.result().icc3_1().upper(), 1e-12, key + " icc3");
    }
  }

  @Test
  void rawInputComputesTheIccOnTheExtractedValues() {
    IccFilter raw = new IccFilter(true, IccForm.ICC1, 0.75, 0.6, AnalysisSettings.IccInput.RAW);
    IccStage.Result r = run(raw, new ArrayList<>());
    IccStage.Result harmonized = run(AnalysisSettings.defaults().icc(), new ArrayList<>());
    boolean differs = false;
    for (int k = 0; k < r.rows().size(); k++) {
      IccStage.Row row = r.rows().get(k);
      Icc.Result want = direct(row.feature(), row.timepoint(), true);
      assertEquals(want.icc1().value(), row.result().icc1().value(), 1e-12, row.feature());
      assertEquals(want.icc1().lower(), row.result().icc1().lower(), 1e-12, row.feature());
      differs |= row.result().icc1().value()
          != harmonized.rows().get(k).result().icc1().value();
    }
    assertTrue(differs, "raw and harmonized values give different ICCs");
  }

  @Test
  void featureWithLargeReaderNoiseFailsAndTheOthersPass() {
    IccStage.Result r = run(AnalysisSettings.defaults().icc(), new ArrayList<>());
    assertEquals(List.of(StageFixtures.SHAPE, StageFixtures.SIGNAL, StageFixtures.STABLE),
        r.selected(), "selected features");
    double noisy = r.rows().stream().filter(x -> x.feature().equals(StageFixtures.NOISY))
        .mapToDouble(x -> x.result().icc1().value()).max().orElseThrow();
    assertTrue(noisy < 0.75, "noisy feature's ICC(1) below 0.75, was " + noisy);
  }

  @Test
  void disabledFilterSelectsEveryUsableFeature() {
    IccStage.Result r = run(filter(false, IccForm.ICC1, 0.75, 0.6), new ArrayList<>());
    assertEquals(h.featureNames(), r.selected(), "all usable features");
    assertTrue(r.selected().contains(StageFixtures.NOISY), "noisy feature included");
    assertEquals(List.of(), r.rows(), "no ICC rows");
  }

  @Test
  void disabledFilterStillCountsThePatientsBothReadersOutlined() {
    IccStage.Result on = run(AnalysisSettings.defaults().icc(), new ArrayList<>());
    IccStage.Result off = run(filter(false, IccForm.ICC1, 0.75, 0.6), new ArrayList<>());
    long want = java.util.stream.IntStream.rangeClosed(1, StageFixtures.N)
        .filter(StageFixtures::hasSecondReader).count();
    assertEquals(want, off.pairedPatients(), "patients with a second reader, filter off");
    assertEquals(on.pairedPatients(), off.pairedPatients(), "the same count as with the filter");
  }

  @Test
  void intervalPicksTheConfiguredForm() {
    Icc.Result res = direct(StageFixtures.SIGNAL, "pre");
    assertSame(res.icc1(), IccStage.interval(res, IccForm.ICC1), "icc1");
    assertSame(res.icc2_1(), IccStage.interval(res, IccForm.ICC2_1), "icc2_1");
    assertSame(res.icc3_1(), IccStage.interval(res, IccForm.ICC3_1), "icc3_1");
  }

  /**
   * A lower-bound threshold between the noisy feature's ICC(1) and ICC(3,1) lower bounds makes
   * the selection depend on the form; each form's selection must follow its own interval.
   */
  @Test
  void formSettingDecidesWithTheMatchingInterval() {
    double lo1 = Math.min(direct(StageFixtures.NOISY, "pre").icc1().lower(),
        direct(StageFixtures.NOISY, "mid").icc1().lower());
    double lo3 = Math.min(direct(StageFixtures.NOISY, "pre").icc3_1().lower(),
        direct(StageFixtures.NOISY, "mid").icc3_1().lower());
    assertNotEquals(lo1, lo3, 1e-6, "fixture: the forms' lower bounds differ");
    double threshold = (lo1 + lo3) / 2;
    for (IccForm form : IccForm.values()) {
      IccStage.Result r = run(filter(true, form, -1, threshold), new ArrayList<>());
      List<String> want = new ArrayList<>();
      for (String f : h.featureNames()) {
        boolean pass = true;
        for (String tp : List.of("mid", "pre")) {
          Icc.Interval v = switch (form) {
            case ICC1 -> direct(f, tp).icc1();
            case ICC2_1 -> direct(f, tp).icc2_1();
            case ICC3_1 -> direct(f, tp).icc3_1();
          };
          pass &= v.value() > -1 && v.lower() >= threshold;
        }
        if (pass) {
          want.add(f);
        }
      }
      assertEquals(want, r.selected(), form + ": selected");
    }
    List<String> with1 = run(filter(true, IccForm.ICC1, -1, threshold),
        new ArrayList<>()).selected();
    List<String> with3 = run(filter(true, IccForm.ICC3_1, -1, threshold),
        new ArrayList<>()).selected();
    assertNotEquals(with1, with3, "the form changes the selection of " + StageFixtures.NOISY);
  }

  @Test
  void noSecondReaderWarnsThatNothingCanPass() {
    CohortData d = StageFixtures.cohort();
    CohortData one = new CohortData(d.features(), d.scans().stream()
        .filter(s -> s.reader().equals("1")).toList(), d.clinical());
    Harmonized h1 = new HarmonizeStage(AnalysisSettings.defaults(), WorkPool.local())
        .run(one, new ArrayList<>());
    List<Warning> w = new ArrayList<>();
    IccStage.Result r = new IccStage(AnalysisSettings.defaults(), WorkPool.local()).run(h1, w);
    assertEquals(List.of(), r.selected(), "nothing selected");
    assertTrue(StageFixtures.hasWarning(w, "icc", "reader 2", "no scan was outlined by both"),
        "warning: " + w);
  }
}
